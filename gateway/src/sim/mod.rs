//! The contact-center simulator (PRODUCT.md §3, docs/flows.md, docs/gateway.md §9): queues and
//! callers, agents' calls from ringing to wrap-up, preview outbound, consults and transfers, the
//! IVR, supervisors' monitors and queue status, transcripts, extensions, callbacks, bots and a
//! scripted mode.
//!
//! One [`SimState`](state::SimState), owned by the core (`crate::center`), moved by three things
//! only: commands from agents' sessions, control requests and script steps, and its own timers,
//! fired in deadline order. Every step ends the same way: waiting callers of the queues it
//! changed are routed, changed queues published. It performs no I/O and reads no clock: "now"
//! is each step's input, events leave through the session table's outbox, media through orders.

pub mod config;
pub mod media_legs;
pub mod script;

mod bots;
mod calls;
pub(crate) mod clock;
mod commands;
mod consult;
pub(crate) mod control;
mod devices;
mod monitor_events;
mod preview;
mod queue_status;
pub(crate) mod recording;
mod routing;
pub(crate) mod state;
mod status;
mod supervisor;
mod talk;
pub(crate) mod timers;
mod transcripts;
mod transfer;

pub use config::{SimConfig, SimOverrides};
pub use media_legs::{
    MediaLegError, MediaLegs, MediaOpen, MediaRelink, NoMedia, RelinkError, SoftphoneLeg,
};
pub use script::{Script, ScriptError};

pub(crate) use commands::{Ctx, SipMedia};
pub(crate) use state::SimState;

use crate::port::AgentKey;

impl SimState {
    /// True when a `sipLink` of the agent could be accepted now (the guard decides for good).
    pub(crate) fn may_sip_link(&self, key: &AgentKey) -> bool {
        self.agents.get(key).is_some_and(|a| {
            a.endpoint_type == 3
                && matches!(
                    a.status.state,
                    agentdesk_core::agent::AgentState::Ringing
                        | agentdesk_core::agent::AgentState::Talking
                )
        })
    }
}
