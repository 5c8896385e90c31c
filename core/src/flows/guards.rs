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

fn refuse(command: &CallCommand, view: &View<'_>, needs: &str) -> Refusal {
    let now = describe(view);
    Refusal {
        code: ErrorCode::InvalidState,
        message: text!(
            "`",
            command.action.name(),
            "` is not allowed while the agent is ",
            now,
            "; ",
            needs
        ),
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
    use CallAction as A;
    let state = view.status.state;
    let device = i64::from(view.status.device_status);
    let talking = state == AgentState::Talking;
    let consult = view.flows.consult.as_ref();
    let ok = |cond: bool, needs: &str| {
        if cond {
            Ok(())
        } else {
            Err(refuse(command, view, needs))
        }
    };
    match command.action {
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
        A::SipLink | A::SipUnlink => {
            if view.endpoint_type != 3 {
                return Err(Refusal {
                    code: ErrorCode::NotSoftphone,
                    message: text!(
                        "`",
                        command.action.name(),
                        "` needs the softphone (bindEndpoint.endpointType 3); this agent is bound to type ",
                        view.endpoint_type
                    ),
                });
            }
            if command.action == A::SipLink {
                ok(
                    matches!(state, AgentState::Ringing | AgentState::Talking),
                    "there is no call to answer",
                )
            } else {
                ok(
                    (2..=4).contains(&device),
                    "there is no softphone call to end",
                )
            }
        }
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
        | A::Unbarge => supervisor(command, view),
    }
}

fn supervisor(command: &CallCommand, view: &View<'_>) -> Result<(), Refusal> {
    use CallAction as A;
    if !view.supervisor {
        return Err(Refusal {
            code: ErrorCode::NotSupervisor,
            message: text!(
                "`",
                command.action.name(),
                "` needs supervisor rights; this agent is not a supervisor"
            ),
        });
    }
    let monitor = view.flows.monitor.as_ref();
    let busy_self = matches!(
        view.status.state,
        AgentState::Talking | AgentState::Ringing | AgentState::Calling
    ) && monitor.is_none();
    let refusal = |needs: String| Refusal {
        code: ErrorCode::InvalidState,
        message: text!("`", command.action.name(), "` is not allowed now; ", needs),
    };
    let stop = |mode: MonitorMode| match monitor {
        Some(m) if m.mode() == mode => Ok(()),
        Some(m) => Err(refusal(text!(
            "the running monitor is `",
            m.mode().start_action(),
            "` of agent ",
            m.target()
        ))),
        None => Err(refusal(text!("no `", mode.start_action(), "` is running"))),
    };
    match command.action {
        A::Spy | A::Whisper | A::Threeway | A::Barge => {
            if busy_self {
                return Err(refusal(
                    "the supervisor is on a call of their own".to_owned(),
                ));
            }
            let target = command.target_agent().unwrap_or_default();
            match monitor {
                None => Ok(()),
                // Switching the running monitor of the same agent to another mode (spy → whisper,
                // whisper → barge, …): the gateway ends the old one first (docs/flows.md §7).
                Some(m @ Monitor::Linked { target: t, .. })
                    if t == target && m.mode().start_action() != command.action.name() =>
                {
                    Ok(())
                }
                Some(m) => Err(refusal(text!(
                    "`",
                    m.mode().start_action(),
                    "` of agent ",
                    m.target(),
                    " is running; end it first"
                ))),
            }
        }
        A::Unspy => stop(MonitorMode::Spy),
        A::Unwhisper => stop(MonitorMode::Whisper),
        A::Unthreeway => stop(MonitorMode::Threeway),
        A::Unbarge => stop(MonitorMode::Barge),
        A::UnsubscribeQueueStatus => match view.flows.queue_subscription {
            Some(_) => Ok(()),
            None => Err(refusal("there is no queue status subscription".to_owned())),
        },
        // The target's state is the gateway's to judge: the supervisor may not see it.
        _ => Ok(()),
    }
}
