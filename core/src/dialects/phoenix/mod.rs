//! Voki (seed 004) over Phoenix Channels: the V2 frames ([`frame`]), one socket's channels as the
//! server keeps them ([`channels`]), Phoenix Presence ([`presence`]), the client's pushes and
//! topics ([`commands`]) and the mapping table from the core's happenings ([`mapping`]).

pub mod channels;
pub mod commands;
pub mod frame;
pub mod mapping;
pub mod presence;

pub use channels::{Channels, Inbound};
pub use commands::{client_push, MediaSignal, PushAction, PushError, Topic};
pub use frame::{FrameError, Message};
pub use presence::{Diff, Presences, Tracker};
