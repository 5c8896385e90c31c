//! Call and supervisor flows (docs/flows.md): the commands, one type per flow step, the tracker
//! that follows the steps from the gateway's events, and the guards that refuse a command the
//! moment does not allow.

pub mod actions;
pub mod guards;
#[cfg(feature = "json")]
pub mod params;
pub mod steps;
pub mod tracker;

pub use actions::{CallAction, CallCommand};
pub use guards::{allows, check, Refusal, View};
pub use steps::{Consult, Monitor, MonitorMode, Preview};
pub use tracker::FlowState;
