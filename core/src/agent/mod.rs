//! The agent's status: the object `agentStatus` carries and the transitions between its values.

pub mod status;
pub mod transition;

pub use status::{AgentState, AgentStatus, CodeOutOfRange, DeviceStatus, InitialStatus};
pub use transition::{apply, permits, state_action, StatusChange, TransitionError};
