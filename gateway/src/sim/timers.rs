//! What a simulator timer can be, and where each one is handled. A timer names what it acts on
//! (an agent, a call, a ringing instance) and checks, when it fires, that this still exists: a
//! stale timer does nothing. Timers of a call are cancelled when the call ends, an agent's when
//! it logs out, so the queue stays as small as what is going on.

use crate::port::AgentKey;

use super::state::SimState;

/// One pending timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Timer {
    /// A phone, extension or bot agent picks up ringing instance `ring` (docs/flows.md §3 step 2).
    AutoAnswer { agent: AgentKey, ring: u64 },
    /// Ringing instance `ring` was not answered in time: `noAnswer` (docs/flows.md §3 step 2).
    RingTimeout { agent: AgentKey, ring: u64 },
    /// The customer of the call hangs up (talk time over, docs/flows.md §3 step 5).
    CustomerHangup { call: u64 },
    /// A queued caller gives up waiting.
    Abandon { call: u64 },
    /// Wrap-up `epoch` of the agent is over: back to the prior status.
    WrapupEnd { agent: AgentKey, epoch: u64 },
    /// The next `transcript` update of the call (docs/flows.md §9).
    Transcript { call: u64 },
    /// The IVR of `transferIvr` returns (docs/flows.md §6).
    IvrReturn { call: u64 },
    /// The preview customer's phone starts ringing (docs/flows.md §4 step 3).
    PreviewRinging { call: u64 },
    /// The preview customer answers, is busy or does not answer (docs/flows.md §4 steps 4–5).
    PreviewOutcome { call: u64 },
    /// The outside number or extension of a consult answers or fails (docs/flows.md §5 step 2).
    ConsultOutcome { call: u64, seq: u64 },
    /// The supervisor's monitor `seq` is linked, or fails (docs/flows.md §7).
    MonitorLink { supervisor: AgentKey, seq: u64 },
    /// An extension agent re-registers (docs/flows.md §8).
    Register { agent: AgentKey, epoch: u64 },
    /// A coalesced `queueStatus` for a subscriber is due (docs/flows.md §7).
    QueuePublish { supervisor: AgentKey },
    /// The next random caller arrives in a queue.
    Arrival { tenant: String, queue: String },
    /// A random scheduled callback falls due.
    Callback,
    /// A bot takes its seat.
    BotLogin { agent: AgentKey },
    /// A bot idle for a while takes a break, or comes back from one.
    BotToggle { agent: AgentKey },
    /// Step `index` of the script.
    Script { index: usize },
    /// The next event of `/control/stream` number `stream`.
    Stream { stream: u64 },
}

impl Timer {
    /// The call this timer belongs to, if any.
    pub(crate) fn call(&self) -> Option<u64> {
        match self {
            Self::CustomerHangup { call }
            | Self::Abandon { call }
            | Self::Transcript { call }
            | Self::IvrReturn { call }
            | Self::PreviewRinging { call }
            | Self::PreviewOutcome { call }
            | Self::ConsultOutcome { call, .. } => Some(*call),
            _ => None,
        }
    }

    /// The agent this timer belongs to, if any.
    pub(crate) fn agent(&self) -> Option<&AgentKey> {
        match self {
            Self::AutoAnswer { agent, .. }
            | Self::RingTimeout { agent, .. }
            | Self::WrapupEnd { agent, .. }
            | Self::Register { agent, .. }
            | Self::BotLogin { agent }
            | Self::BotToggle { agent } => Some(agent),
            Self::MonitorLink { supervisor, .. } | Self::QueuePublish { supervisor } => {
                Some(supervisor)
            }
            _ => None,
        }
    }
}

impl SimState {
    /// Runs one due timer.
    pub(crate) fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::AutoAnswer { agent, ring } => self.auto_answer(&agent, ring),
            Timer::RingTimeout { agent, ring } => self.ring_timeout(&agent, ring),
            Timer::CustomerHangup { call } => self.customer_hangup(call),
            Timer::Abandon { call } => self.abandon(call),
            Timer::WrapupEnd { agent, epoch } => self.wrapup_end(&agent, epoch),
            Timer::Transcript { call } => self.transcript_tick(call),
            Timer::IvrReturn { call } => self.ivr_return(call),
            Timer::PreviewRinging { call } => self.preview_ringing(call),
            Timer::PreviewOutcome { call } => self.preview_outcome(call),
            Timer::ConsultOutcome { call, seq } => self.consult_outcome(call, seq),
            Timer::MonitorLink { supervisor, seq } => self.monitor_link(&supervisor, seq),
            Timer::Register { agent, epoch } => self.register_tick(&agent, epoch),
            Timer::QueuePublish { supervisor } => self.queue_publish_due(&supervisor),
            Timer::Arrival { tenant, queue } => self.arrival(&tenant, &queue),
            Timer::Callback => self.random_callback(),
            Timer::BotLogin { agent } => self.bot_login(&agent),
            Timer::BotToggle { agent } => self.bot_toggle(&agent),
            Timer::Script { index } => self.script_step(index),
            Timer::Stream { stream } => self.stream_tick(stream),
        }
    }
}
