//! Which call and supervisor commands the current moment allows (docs/flows.md §10): a refusal
//! happens at once, without a round trip and without a state change, and its message names the
//! state and the command.

use super::actions::{CallAction, CallCommand};
use super::steps::{Consult, Monitor, MonitorMode};

use super::tracker::FlowState;
use crate::agent::{AgentState, AgentStatus};
use crate::response::ErrorCode;
use crate::text;

/// What the guards look at.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The agent's status.
    pub status: &'a AgentStatus,
    /// The running flows.
    pub flows: &'a FlowState,
    /// True for a supervisor (from the login reply).
    pub supervisor: bool,
    /// The bound endpoint's type: 3 is the softphone.
    pub endpoint_type: i64,
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `INVALID_STATE`, `NOT_SUPERVISOR` or `NOT_SOFTPHONE`.
    pub code: ErrorCode,
    /// Names the state and the command.
    pub message: String,
}

/// Why the moment refuses a command: decided without allocating (`Engine::allowed` asks for
/// every command after every input), worded only when a command is actually refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// The agent's state or the flow's step; the text says what the command needs.
    State(&'static str),
    /// `sipLink` / `sipUnlink` without the softphone.
    NotSoftphone,
    /// A supervisor command from an agent.
    NotSupervisor,
    /// A monitor start while the supervisor is on a call of their own.
    BusySelf,
    /// A monitor start while another monitor runs.
    MonitorRunning,
    /// A monitor stop whose monitor is not the running one.
    OtherMonitor,
    /// A monitor stop with no monitor running.
    NoMonitor(MonitorMode),
    /// `unsubscribeQueueStatus` with no subscription.
    NoSubscription,
}

impl Why {
    fn refusal(self, action: CallAction, view: &View<'_>) -> Refusal {
        let name = action.name();
        let state = |message: String| Refusal {
            code: ErrorCode::InvalidState,
            message,
        };
        let supervisor = |needs: String| state(text!("`", name, "` is not allowed now; ", needs));
        let monitor = view.flows.monitor.as_ref();
        let (mode, target) = monitor.map_or(("", ""), |m| (m.mode().start_action(), m.target()));
        match self {
            Self::State(needs) => state(text!(
                "`",
                name,
                "` is not allowed while the agent is ",
                describe(view),
                "; ",
                needs
            )),
            Self::NotSoftphone => Refusal {
                code: ErrorCode::NotSoftphone,
                message: text!(
                    "`",
                    name,
                    "` needs the softphone (bindEndpoint.endpointType 3); this agent is bound to type ",
                    view.endpoint_type
                ),
            },
            Self::NotSupervisor => Refusal {
                code: ErrorCode::NotSupervisor,
                message: text!(
                    "`",
                    name,
                    "` needs supervisor rights; this agent is not a supervisor"
                ),
            },
            Self::BusySelf => supervisor("the supervisor is on a call of their own".to_owned()),
            Self::MonitorRunning => supervisor(text!(
                "`",
                mode,
                "` of agent ",
                target,
                " is running; end it first"
            )),
            Self::OtherMonitor => supervisor(text!(
                "the running monitor is `",
                mode,
                "` of agent ",
                target
            )),
            Self::NoMonitor(wanted) => {
                supervisor(text!("no `", wanted.start_action(), "` is running"))
            }
            Self::NoSubscription => {
                supervisor("there is no queue status subscription".to_owned())
            }
        }
    }
}

/// The agent's moment in words, for refusals.
fn describe(view: &View<'_>) -> String {
    let state = view.status.state;
    if let Some(consult) = &view.flows.consult {
        return text!(state, " and ", consult.step());
    }
    if state == AgentState::Talking && view.flows.held {
        return "talking with the customer on hold".to_owned();
    }
    state.as_str().to_owned()
}

/// Checks `command` against the moment; `Ok` means send it.
pub fn check(command: &CallCommand, view: &View<'_>) -> Result<(), Refusal> {
    decide(command.action, command.target_agent(), view)
        .map_err(|why| why.refusal(command.action, view))
}

/// Whether the moment allows `action` at all: what `AgentSDK.can(action)` answers. A monitor
/// start is asked for the agent already monitored, if any (switching the mode is allowed, docs/flows.md §7),
/// since a console asks before the supervisor picks a target.
pub fn allows(action: CallAction, view: &View<'_>) -> bool {
    let target = view.flows.monitor.as_ref().map(Monitor::target);
    decide(action, target, view).is_ok()
}

/// The rule table (docs/flows.md §10): one place, for refusals and for `allows`. Never inlined:
/// two callers would carry two copies of the table in the size-budgeted wasm.
#[inline(never)]
fn decide(action: CallAction, target: Option<&str>, view: &View<'_>) -> Result<(), Why> {
    use CallAction as A;
    let state = view.status.state;
    let device = i64::from(view.status.device_status);
    let talking = state == AgentState::Talking;
    let consult = view.flows.consult.as_ref();
    let ok = |cond: bool, needs: &'static str| if cond { Ok(()) } else { Err(Why::State(needs)) };
    match action {
        A::PreviewObCall => ok(
            matches!(state, AgentState::Idle | AgentState::Busy) && view.flows.preview.is_none(),
            "it needs an agent who is idle or busy without a call",
        ),
        A::Hangup => ok((2..=4).contains(&device), "there is no call to hang up"),
        A::Hold => ok(
            talking && !view.flows.held,
            if talking {
                "the customer is already on hold"
            } else {
                "it needs a call in progress"
            },
        ),
        A::Unhold => ok(talking && view.flows.held, "the customer is not on hold"),
        A::Mute => ok(
            talking && !view.flows.muted,
            if talking {
                "the microphone is already muted"
            } else {
                "it needs a call in progress"
            },
        ),
        A::Unmute => ok(talking && view.flows.muted, "the microphone is not muted"),
        A::SendDtmf => ok(talking, "it needs a call in progress"),
        A::SipLink | A::SipUnlink if view.endpoint_type != 3 => Err(Why::NotSoftphone),
        A::SipLink => ok(
            matches!(state, AgentState::Ringing | AgentState::Talking),
            "there is no call to answer",
        ),
        A::SipUnlink => ok(
            (2..=4).contains(&device),
            "there is no softphone call to end",
        ),
        A::StartAtxfer => ok(
            talking && consult.is_none(),
            if talking {
                "a consult is already running"
            } else {
                "it needs a call in progress"
            },
        ),
        A::CancelAtxfer => ok(
            matches!(consult, Some(Consult::Dialing(_))),
            "it needs a consult that is still dialing",
        ),
        A::ResumeAtxfer => ok(
            matches!(consult, Some(Consult::Linked(_) | Consult::ThreeWay(_))),
            "it needs a linked consult",
        ),
        A::ThreewayAtxfer => ok(
            matches!(consult, Some(Consult::Linked(_))),
            "it needs a linked consult (after atxferLink)",
        ),
        A::CompleteAtxfer => ok(
            matches!(consult, Some(Consult::Linked(_) | Consult::ThreeWay(_))),
            "the consult target has not answered yet (wait for atxferLink)",
        ),
        A::Blxfer => ok(
            talking && consult.is_none(),
            if talking {
                "finish the consult first"
            } else {
                "it needs a call in progress"
            },
        ),
        A::TransferIvr => ok(
            talking && consult.is_none(),
            "it needs a call in progress without a consult",
        ),
        A::Spy
        | A::Whisper
        | A::Threeway
        | A::Barge
        | A::Disconnect
        | A::SetPause
        | A::SetUnpause
        | A::SetOffline
        | A::SubscribeQueueStatus
        | A::UnsubscribeQueueStatus
        | A::Unspy
        | A::Unwhisper
        | A::Unthreeway
        | A::Unbarge => supervisor(action, target, view),
    }
}

fn supervisor(action: CallAction, target: Option<&str>, view: &View<'_>) -> Result<(), Why> {
    use CallAction as A;
    if !view.supervisor {
        return Err(Why::NotSupervisor);
    }
    let monitor = view.flows.monitor.as_ref();
    let busy_self = matches!(
        view.status.state,
        AgentState::Talking | AgentState::Ringing | AgentState::Calling
    ) && monitor.is_none();
    let stop = |mode: MonitorMode| match monitor {
        Some(m) if m.mode() == mode => Ok(()),
        Some(_) => Err(Why::OtherMonitor),
        None => Err(Why::NoMonitor(mode)),
    };
    match action {
        A::Spy | A::Whisper | A::Threeway | A::Barge => {
            if busy_self {
                return Err(Why::BusySelf);
            }
            let target = target.unwrap_or_default();
            match monitor {
                None => Ok(()),
                // Switching the running monitor of the same agent to another mode (spy → whisper,
                // whisper → barge, …): the gateway ends the old one first (docs/flows.md §7).
                Some(m @ Monitor::Linked { target: t, .. })
                    if t == target && m.mode().start_action() != action.name() =>
                {
                    Ok(())
                }
                Some(_) => Err(Why::MonitorRunning),
            }
        }
        A::Unspy => stop(MonitorMode::Spy),
        A::Unwhisper => stop(MonitorMode::Whisper),
        A::Unthreeway => stop(MonitorMode::Threeway),
        A::Unbarge => stop(MonitorMode::Barge),
        A::UnsubscribeQueueStatus => match view.flows.queue_subscription {
            Some(_) => Ok(()),
            None => Err(Why::NoSubscription),
        },
        // The target's state is the gateway's to judge: the supervisor may not see it.
        _ => Ok(()),
    }
}
