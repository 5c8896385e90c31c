//! GlobeMeet (seed 002): a JWT topic gateway with resume and backpressure. Its frames and close
//! codes ([`frame`]), topics and wildcard patterns ([`topic`]), the resumable event history
//! ([`history`]), one connection as the server keeps it ([`session`]) and the mapping table from
//! the core's happenings ([`mapping`]).

pub mod frame;
pub mod history;
pub mod mapping;
pub mod session;
pub mod topic;

pub use frame::{ClientFrame, EventId, FrameError, ServerFrame};
pub use history::{Gap, History};
pub use session::{Grant, Step, Subscriber};
pub use topic::{Pattern, TopicError};
