//! The `agentStatus` values of the call flows (docs/flows.md §2): during a call the status
//! carries `callType`, `uniqueId` and `mainUniqueId`; in wrap-up `wrapupTime`; after the call the
//! agent returns to its prior status (idle, or busy with its pause reason).

use agentdesk_core::agent::{AgentState, AgentStatus, DeviceStatus, InitialStatus};

/// The stateAction values the simulator adds (docs/flows.md §2, and docs/gateway.md §9 for the
/// few the flows page leaves open).
pub(crate) mod action {
    pub(crate) const RINGING: &str = "ringing";
    pub(crate) const ANSWER: &str = "answer";
    pub(crate) const REJECT: &str = "reject";
    pub(crate) const NO_ANSWER: &str = "noAnswer";
    /// The caller went away while it rang (a customer hang-up, a cancelled consult): back to
    /// the prior status. Not in docs/flows.md §2; docs/gateway.md §9.
    pub(crate) const ABANDONED: &str = "abandoned";
    pub(crate) const HOLD: &str = "hold";
    pub(crate) const UNHOLD: &str = "unhold";
    pub(crate) const MUTE: &str = "mute";
    pub(crate) const UNMUTE: &str = "unmute";
    pub(crate) const PREVIEW_OB_CALL: &str = "previewObCall";
    pub(crate) const BRIDGE: &str = "bridge";
    pub(crate) const PREVIEW_FAILED: &str = "previewObCallFailed";
    pub(crate) const CONSULT_DIALING: &str = "consultDialing";
    pub(crate) const CONSULT_LINKED: &str = "consultLinked";
    pub(crate) const CONSULT_THREEWAY: &str = "consultThreeway";
    pub(crate) const CONSULT_ENDED: &str = "consultEnded";
    /// `atxferError`'s stateAction, repeated in the agentStatus that follows it.
    pub(crate) const CONSULT_FAILED: &str = "consultFailed";
    pub(crate) const HANGUP: &str = "hangup";
    pub(crate) const CUSTOMER_HANGUP: &str = "customerHangup";
    pub(crate) const TRANSFERRED: &str = "transferred";
    pub(crate) const FORCED_HANGUP: &str = "forcedHangup";
    pub(crate) const TRANSFER_IN: &str = "transferIn";
    pub(crate) const WRAPUP_END: &str = "wrapupEnd";
    pub(crate) const SUPERVISOR_PAUSE: &str = "supervisorPause";
    pub(crate) const SUPERVISOR_UNPAUSE: &str = "supervisorUnpause";
    pub(crate) const MONITORING: &str = "monitoring";
    /// A supervisor's monitor ended: back to the prior status. docs/gateway.md §9.
    pub(crate) const MONITOR_END: &str = "monitorEnd";
    pub(crate) const CUSTOMER_RINGING: &str = "customerRinging";
}

/// The pause reason of a missed call (docs/flows.md §2, `noAnswer`).
pub(crate) const MISSED_CALL: &str = "Missed call";
/// The pause reason `setPause` gives when the supervisor gives none.
pub(crate) const SUPERVISOR_PAUSE_REASON: &str = "Paused by supervisor";

/// The call's ids on a status.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OnCall<'a> {
    pub(crate) call_type: i64,
    pub(crate) unique_id: &'a str,
    pub(crate) main_unique_id: &'a str,
}

/// A status during a call, keeping the prior's login / pause status.
pub(crate) fn on_call(
    prior: &AgentStatus,
    state: AgentState,
    action: &str,
    device: DeviceStatus,
    call: OnCall<'_>,
) -> AgentStatus {
    AgentStatus {
        state,
        state_action: action.to_owned(),
        initial_status: prior.initial_status,
        device_status: device,
        call_type: Some(call.call_type),
        unique_id: Some(call.unique_id.to_owned()),
        main_unique_id: Some(call.main_unique_id.to_owned()),
        pause_description: prior.pause_description.clone(),
        pause_type: prior.pause_type,
        wrapup_time: None,
    }
}

/// The same status with another stateAction (hold, mute, consult steps…).
pub(crate) fn with_action(current: &AgentStatus, action: &str) -> AgentStatus {
    AgentStatus {
        state_action: action.to_owned(),
        ..current.clone()
    }
}

/// After-call work of `secs` seconds.
pub(crate) fn wrapup(prior: &AgentStatus, action: &str, secs: u64) -> AgentStatus {
    AgentStatus {
        state: AgentState::Wrapup,
        state_action: action.to_owned(),
        initial_status: prior.initial_status,
        device_status: DeviceStatus::Idle,
        call_type: None,
        unique_id: None,
        main_unique_id: None,
        pause_description: prior.pause_description.clone(),
        pause_type: prior.pause_type,
        wrapup_time: Some(i64::try_from(secs).unwrap_or(i64::MAX)),
    }
}

/// Back to the prior status, for `action`.
pub(crate) fn back(prior: &AgentStatus, action: &str) -> AgentStatus {
    let state = match prior.state {
        AgentState::Busy => AgentState::Busy,
        _ => AgentState::Idle,
    };
    AgentStatus {
        state,
        state_action: action.to_owned(),
        initial_status: if state == AgentState::Busy {
            InitialStatus::Busy
        } else {
            InitialStatus::Idle
        },
        device_status: DeviceStatus::Idle,
        call_type: None,
        unique_id: None,
        main_unique_id: None,
        pause_description: if state == AgentState::Busy {
            prior.pause_description.clone()
        } else {
            None
        },
        pause_type: if state == AgentState::Busy {
            prior.pause_type
        } else {
            None
        },
        wrapup_time: None,
    }
}

/// Busy for `reason` (a missed call, a supervisor's pause).
pub(crate) fn busy(action: &str, reason: &str) -> AgentStatus {
    AgentStatus {
        state: AgentState::Busy,
        state_action: action.to_owned(),
        initial_status: InitialStatus::Busy,
        device_status: DeviceStatus::Idle,
        call_type: None,
        unique_id: None,
        main_unique_id: None,
        pause_description: Some(reason.to_owned()),
        pause_type: None,
        wrapup_time: None,
    }
}

/// Idle for `action`.
pub(crate) fn idle(action: &str) -> AgentStatus {
    AgentStatus {
        state: AgentState::Idle,
        state_action: action.to_owned(),
        initial_status: InitialStatus::Idle,
        device_status: DeviceStatus::Idle,
        call_type: None,
        unique_id: None,
        main_unique_id: None,
        pause_description: None,
        pause_type: None,
        wrapup_time: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_statuses_carry_the_call_and_wrapup_its_time() {
        let prior = idle("login");
        let ids = OnCall {
            call_type: 1,
            unique_id: "u-1",
            main_unique_id: "m-1",
        };
        let ringing = on_call(
            &prior,
            AgentState::Ringing,
            action::RINGING,
            DeviceStatus::Ringing,
            ids,
        );
        assert_eq!(ringing.call_type, Some(1));
        assert_eq!(ringing.main_unique_id.as_deref(), Some("m-1"));
        let w = wrapup(&prior, action::HANGUP, 10);
        assert_eq!(
            (w.state, w.wrapup_time, w.call_type),
            (AgentState::Wrapup, Some(10), None)
        );
        let paused = busy(action::NO_ANSWER, MISSED_CALL);
        let back_busy = back(&paused, action::WRAPUP_END);
        assert_eq!(back_busy.state, AgentState::Busy);
        assert_eq!(back_busy.pause_description.as_deref(), Some(MISSED_CALL));
        assert_eq!(back(&prior, action::REJECT).state, AgentState::Idle);
    }
}
