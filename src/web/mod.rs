//! The browser shell: the only code that touches web-sys. It turns browser callbacks into engine
//! inputs stamped with `now`, performs the engine's outputs, keeps one re-armed timer, and calls
//! JavaScript listeners only after the engine's borrow is released.

pub(crate) mod client;
mod clock;
pub(crate) mod convert;
mod dispatch;
mod socket;
mod softphone;
mod window_listener;
