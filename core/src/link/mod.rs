//! The connection's life beyond a single socket: the reconnect schedule and the heartbeat.

pub mod backoff;
pub mod heartbeat;

pub use backoff::Backoff;
pub use heartbeat::{Heartbeat, HeartbeatConfig};
