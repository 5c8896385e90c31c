//! The transitions of the agent status that login, logout, pause and unpause make.
//!
//! One pure function, [`apply`], shared by the engine (local guards: a command the state does not
//! allow is refused without a round trip) and by the reference gateway (the authority). The table
//! is written out in docs/agent-status.md; the tests below walk every cell of it.

use super::status::{AgentState, AgentStatus, DeviceStatus, InitialStatus};

/// `stateAction` values: the cause of each transition (docs/agent-status.md lists them all).
pub mod state_action {
    /// Logged in ready (initialStatus 1).
    pub const LOGIN: &str = "login";
    /// Logged in paused (initialStatus 2).
    pub const LOGIN_PAUSE: &str = "loginPause";
    /// Logged in into after-call work (initialStatus 3).
    pub const LOGIN_WRAPUP: &str = "loginWrapup";
    /// Paused by the agent.
    pub const PAUSE: &str = "pause";
    /// Back to ready by the agent.
    pub const UNPAUSE: &str = "unpause";
    /// Logged out by the agent.
    pub const LOGOUT: &str = "logout";
    /// Logged out because the same agent logged in elsewhere.
    pub const KICKED: &str = "kicked";
    /// Logged out because an operator revoked the session key (close 4502, `KEY_REVOKED`).
    pub const KEY_REVOKED: &str = "keyRevoked";
    /// Logged out because the gateway cannot verify the session key: forged, malformed, or
    /// signed with another secret (a gateway restarted with a new one; close 4502, `KEY_INVALID`).
    pub const KEY_INVALID: &str = "keyInvalid";
    /// Logged out because the session key expired (close 4503).
    pub const KEY_EXPIRED: &str = "keyExpired";
    /// Logged out because the key is another tenant's or agent's (close 4504).
    pub const TENANT_MISMATCH: &str = "tenantMismatch";
    /// Offline because the SDK lost the gateway for good (seen only locally).
    pub const CONNECTION_LOST: &str = "connectionLost";
    /// Offline because a supervisor used `setOffline` (docs/flows.md §7).
    pub const FORCED_OFFLINE: &str = "forcedOffline";
}

/// An agent-initiated change of status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusChange {
    /// Log in with the given initial status and, for busy, the pause reason.
    Login {
        /// Idle, busy or wrap-up (logged-out is refused).
        initial: InitialStatus,
        /// The reason shown while busy.
        pause_description: Option<String>,
    },
    /// Pause with a type (0 productive, 2 non-productive) and a reason.
    Pause {
        /// Pause type as given by the caller.
        pause_type: i64,
        /// Reason text.
        pause_description: Option<String>,
    },
    /// Back to ready.
    Unpause,
    /// Log out.
    Logout,
}

impl StatusChange {
    /// The command's name, as in `SdkResponse.action`.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Login { .. } => "login",
            Self::Pause { .. } => "pause",
            Self::Unpause => "unpause",
            Self::Logout => "logout",
        }
    }
}

/// A change the current state does not allow; names both, as STYLE.md habit 3 asks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct TransitionError {
    /// The command that was refused.
    pub action: &'static str,
    /// The state it was refused in.
    pub state: AgentState,
    /// A short hint of what would be allowed, starting with "; ".
    pub hint: &'static str,
}

impl TransitionError {
    /// The refusal in words (the `Display` text), built without `core::fmt`.
    pub fn message(&self) -> String {
        crate::text!(
            "`",
            self.action,
            "` is not allowed while the agent is ",
            self.state,
            self.hint
        )
    }
}

fn refuse(change: &StatusChange, state: AgentState, hint: &'static str) -> TransitionError {
    TransitionError {
        action: change.action(),
        state,
        hint,
    }
}

/// Whether `change` is allowed from `state`, without building the new status: the rule table
/// `apply` follows, asked for every command after every input by `Engine::allowed`
/// (`AgentSDK.can`), so it allocates nothing; never inlined, so the wasm holds one copy.
#[inline(never)]
pub fn permits(state: AgentState, change: &StatusChange) -> Result<(), TransitionError> {
    use AgentState as S;
    match (state, change) {
        (S::Offline, StatusChange::Login { initial, .. }) => match initial {
            InitialStatus::LoggedOut => Err(refuse(
                change,
                S::Offline,
                "; initialStatus must be 1, 2 or 3",
            )),
            _ => Ok(()),
        },
        (S::Offline, _) => Err(refuse(change, S::Offline, "; log in first")),
        (_, StatusChange::Login { .. }) => Err(refuse(change, state, "; already logged in")),
        (S::Idle | S::Busy | S::Wrapup, StatusChange::Pause { .. }) => Ok(()),
        (S::Busy | S::Wrapup, StatusChange::Unpause) => Ok(()),
        (S::Idle, StatusChange::Unpause) => Err(refuse(change, state, "; the agent is not paused")),
        (S::Idle | S::Busy | S::Wrapup | S::Invalid, StatusChange::Logout) => Ok(()),
        (S::Invalid, _) => Err(refuse(
            change,
            state,
            "; the endpoint is unreachable, only logout is allowed",
        )),
        (S::Calling | S::Ringing | S::Talking, _) => {
            Err(refuse(change, state, "; finish the call first"))
        }
    }
}

/// Applies an agent-initiated change to `current`, returning the new status or why not.
pub fn apply(current: &AgentStatus, change: &StatusChange) -> Result<AgentStatus, TransitionError> {
    use AgentState as S;
    permits(current.state, change)?;
    Ok(match change {
        StatusChange::Login {
            initial,
            pause_description,
        } => {
            let (state, action) = match initial {
                InitialStatus::Busy => (S::Busy, state_action::LOGIN_PAUSE),
                InitialStatus::Wrapup => (S::Wrapup, state_action::LOGIN_WRAPUP),
                // `permits` refused LoggedOut.
                InitialStatus::Idle | InitialStatus::LoggedOut => (S::Idle, state_action::LOGIN),
            };
            AgentStatus {
                state,
                state_action: action.to_owned(),
                initial_status: *initial,
                device_status: DeviceStatus::Idle,
                pause_description: if state == S::Busy {
                    pause_description.clone()
                } else {
                    None
                },
                ..AgentStatus::offline(action)
            }
        }
        StatusChange::Pause {
            pause_type,
            pause_description,
        } => AgentStatus {
            state: S::Busy,
            state_action: state_action::PAUSE.to_owned(),
            initial_status: InitialStatus::Busy,
            device_status: current.device_status,
            pause_description: pause_description.clone(),
            pause_type: Some(*pause_type),
            ..AgentStatus::offline(state_action::PAUSE)
        },
        StatusChange::Unpause => AgentStatus {
            state: S::Idle,
            state_action: state_action::UNPAUSE.to_owned(),
            initial_status: InitialStatus::Idle,
            device_status: current.device_status,
            ..AgentStatus::offline(state_action::UNPAUSE)
        },
        StatusChange::Logout => AgentStatus::offline(state_action::LOGOUT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: AgentState) -> AgentStatus {
        let initial = match state {
            AgentState::Offline => InitialStatus::LoggedOut,
            AgentState::Busy => InitialStatus::Busy,
            AgentState::Wrapup => InitialStatus::Wrapup,
            _ => InitialStatus::Idle,
        };
        AgentStatus {
            state,
            state_action: "test".into(),
            initial_status: initial,
            device_status: DeviceStatus::Idle,
            ..AgentStatus::offline("test")
        }
    }

    fn login(initial: InitialStatus) -> StatusChange {
        StatusChange::Login {
            initial,
            pause_description: Some("meeting".into()),
        }
    }

    fn pause() -> StatusChange {
        StatusChange::Pause {
            pause_type: 2,
            pause_description: Some("lunch".into()),
        }
    }

    const ALL: [AgentState; 8] = [
        AgentState::Offline,
        AgentState::Invalid,
        AgentState::Idle,
        AgentState::Busy,
        AgentState::Calling,
        AgentState::Ringing,
        AgentState::Talking,
        AgentState::Wrapup,
    ];

    #[test]
    fn login_from_offline_lands_in_the_requested_initial_status() {
        let off = status(AgentState::Offline);
        let idle = apply(&off, &login(InitialStatus::Idle)).unwrap();
        assert_eq!(
            (idle.state, idle.state_action.as_str()),
            (AgentState::Idle, "login")
        );
        assert_eq!(idle.device_status, DeviceStatus::Idle);
        assert_eq!(idle.pause_description, None);
        let busy = apply(&off, &login(InitialStatus::Busy)).unwrap();
        assert_eq!(
            (busy.state, busy.state_action.as_str()),
            (AgentState::Busy, "loginPause")
        );
        assert_eq!(busy.pause_description.as_deref(), Some("meeting"));
        let wrap = apply(&off, &login(InitialStatus::Wrapup)).unwrap();
        assert_eq!(
            (wrap.state, wrap.initial_status),
            (AgentState::Wrapup, InitialStatus::Wrapup)
        );
    }

    #[test]
    fn login_as_logged_out_is_refused_with_a_hint() {
        let err = apply(
            &status(AgentState::Offline),
            &login(InitialStatus::LoggedOut),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("initialStatus must be 1, 2 or 3"),
            "{err}"
        );
    }

    #[test]
    fn login_is_refused_in_every_logged_in_state() {
        for state in ALL.into_iter().filter(|s| *s != AgentState::Offline) {
            let err = apply(&status(state), &login(InitialStatus::Idle)).unwrap_err();
            assert_eq!((err.action, err.state), ("login", state));
        }
    }

    #[test]
    fn pause_unpause_and_logout_are_refused_while_offline() {
        for change in [pause(), StatusChange::Unpause, StatusChange::Logout] {
            let err = apply(&status(AgentState::Offline), &change).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "`{}` is not allowed while the agent is offline; log in first",
                    change.action()
                )
            );
        }
    }

    #[test]
    fn pause_from_idle_busy_or_wrapup_goes_busy_with_reason() {
        for state in [AgentState::Idle, AgentState::Busy, AgentState::Wrapup] {
            let next = apply(&status(state), &pause()).unwrap();
            assert_eq!(next.state, AgentState::Busy);
            assert_eq!(next.state_action, "pause");
            assert_eq!(next.initial_status, InitialStatus::Busy);
            assert_eq!(next.pause_description.as_deref(), Some("lunch"));
            assert_eq!(next.pause_type, Some(2));
        }
    }

    #[test]
    fn unpause_from_busy_or_wrapup_goes_idle_and_drops_the_reason() {
        for state in [AgentState::Busy, AgentState::Wrapup] {
            let next = apply(&status(state), &StatusChange::Unpause).unwrap();
            assert_eq!(
                (next.state, next.state_action.as_str()),
                (AgentState::Idle, "unpause")
            );
            assert_eq!(next.pause_description, None);
        }
        assert!(apply(&status(AgentState::Idle), &StatusChange::Unpause).is_err());
    }

    #[test]
    fn logout_from_any_state_without_a_call_goes_offline() {
        for state in [
            AgentState::Idle,
            AgentState::Busy,
            AgentState::Wrapup,
            AgentState::Invalid,
        ] {
            let next = apply(&status(state), &StatusChange::Logout).unwrap();
            assert_eq!(next, AgentStatus::offline("logout"));
        }
    }

    #[test]
    fn nothing_but_logout_is_allowed_while_invalid() {
        for change in [pause(), StatusChange::Unpause] {
            assert!(apply(&status(AgentState::Invalid), &change).is_err());
        }
    }

    #[test]
    fn no_status_change_is_allowed_during_a_call() {
        for state in [
            AgentState::Calling,
            AgentState::Ringing,
            AgentState::Talking,
        ] {
            for change in [pause(), StatusChange::Unpause, StatusChange::Logout] {
                let err = apply(&status(state), &change).unwrap_err();
                assert!(err.to_string().ends_with("finish the call first"), "{err}");
            }
        }
    }
}
