//! Voxsig (seed 001) over Rails ActionCable: the frames ([`frame`]), one connection's
//! subscriptions as the server keeps them ([`connection`]), the `RoomChannel` subscription and
//! its actions ([`room`]), Voxsig's objects with their integer ids
//! ([`objects`]) and the mapping table from the core's happenings ([`mapping`]).

pub mod connection;
pub mod frame;
pub mod mapping;
pub mod objects;
pub mod room;

pub use connection::{Connection, Outcome};
pub use frame::{ClientFrame, DisconnectReason, FrameError, Identifier, ServerFrame};
pub use room::{Room, RoomAction, RoomError};
