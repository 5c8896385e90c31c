//! The four seed systems' protocols, as pure codecs and mapping tables shared by the gateway's
//! faces (issue 13) and the SDK's dialects (issue 14): each fact about a dialect is declared here
//! once. No I/O and no clock, like the rest of the engine: time comes in as an argument.
//!
//! - [`happening`]: what happened in the contact center, in dialect-neutral words;
//!   [`observer`] derives it from the core's events (the catalog of seed 003 and queue
//!   snapshots).
//! - One module per dialect: its frames ([`phoenix`] Voki / Phoenix Channels, seed 004;
//!   [`actioncable`] Voxsig / Rails ActionCable, seed 001; [`kazoo`] Vinix / Qubicle / Kazoo
//!   bindings, seed 000; [`globemeet`] GlobeMeet, seed 002) and its mapping table from
//!   happenings to frames, which the SDK reads in reverse.
//! - Shared pieces: [`amqp`] topic matching (judged by RabbitMQ), [`jwt`] HS256 tokens (feature
//!   `jwt`), and [`table`], the shape of a mapping table and its rendering in docs/dialects.md.

pub mod actioncable;
pub mod amqp;
pub mod globemeet;
pub mod happening;
#[cfg(feature = "jwt")]
pub mod jwt;
pub mod kazoo;
pub mod observer;
pub mod phoenix;
pub mod table;

#[cfg(test)]
mod docs;
#[cfg(test)]
mod samples;

pub use happening::{Happening, Kind, Stamped};
pub use observer::Observer;
