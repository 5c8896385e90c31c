//! One agent session: its status (moved only by agentdesk's own [`apply`]), its id and its event
//! counter. Pure state, no I/O: the hub routes what it returns to the live connection.

use agentdesk::core::agent::{apply, AgentStatus, StatusChange};
use agentdesk::core::events::{
    AgentStatusEvent, CatalogEvent, SessionInitEvent, SessionTerminateEvent,
};
use agentdesk::core::protocol::v1::ServerFrame;

use crate::commands::RequestError;

/// `sessionTerminate` reasons this gateway sends.
pub(crate) mod reason {
    /// The agent logged out (docs/protocol.md §3).
    pub(crate) const LOGOUT: &str = "logout";
    /// A newer connection authenticated as the same agent (docs/protocol.md §7, 4501).
    pub(crate) const KICKED: &str = "kicked";
}

/// The state the gateway keeps for one tenant + agent between commands.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    id: String,
    tenant_id: String,
    agent_no: String,
    status: AgentStatus,
    /// The id the next event gets: events of a session are numbered 1, 2, 3, …
    /// (docs/protocol.md §4).
    next_event_id: u64,
}

impl Session {
    /// A new session of an agent that is not logged in yet.
    pub(crate) fn new(id: String, tenant_id: &str, agent_no: &str) -> Self {
        Self {
            id,
            tenant_id: tenant_id.to_owned(),
            agent_no: agent_no.to_owned(),
            status: AgentStatus::offline(agentdesk::core::agent::state_action::LOGOUT),
            next_event_id: 1,
        }
    }

    /// The session id, as in the auth reply and `sessionInit`.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// The id of the newest event of this session, 0 before the first.
    pub(crate) fn last_event_id(&self) -> u64 {
        self.next_event_id - 1
    }

    /// The agent's current status.
    #[cfg(test)]
    pub(crate) fn status(&self) -> &AgentStatus {
        &self.status
    }

    /// True once `login` succeeded and until `logout`.
    pub(crate) fn is_logged_in(&self) -> bool {
        self.status.is_logged_in()
    }

    /// Applies a status change and returns the events it causes, in order:
    /// login → `sessionInit`, `agentStatus`; pause / unpause → `agentStatus`;
    /// logout → `agentStatus` offline, `sessionTerminate {reason: "logout"}` (docs/protocol.md §3).
    pub(crate) fn handle_change(
        &mut self,
        change: &StatusChange,
    ) -> Result<Vec<ServerFrame>, RequestError> {
        let is_login = matches!(change, StatusChange::Login { .. });
        let next = apply(&self.status, change);
        let next = match next {
            Ok(next) => next,
            Err(e) if !is_login && !self.is_logged_in() => {
                return Err(RequestError::NotLoggedIn(e))
            }
            Err(e) => return Err(RequestError::InvalidState(e)),
        };
        self.status = next;
        let mut frames = Vec::with_capacity(2);
        if is_login {
            let init = SessionInitEvent {
                tenant_id: self.tenant_id.clone(),
                agent_no: self.agent_no.clone(),
                session_id: self.id.clone(),
            };
            frames.push(self.event(CatalogEvent::SessionInit(init)));
        }
        let status = AgentStatusEvent {
            tenant_id: self.tenant_id.clone(),
            agent_no: self.agent_no.clone(),
            status: self.status.clone(),
        };
        frames.push(self.event(CatalogEvent::AgentStatus(status)));
        if matches!(change, StatusChange::Logout) {
            frames.push(self.terminate(reason::LOGOUT));
        }
        Ok(frames)
    }

    /// The `sessionTerminate` event that ends this session for `reason`.
    pub(crate) fn terminate(&mut self, reason: &str) -> ServerFrame {
        let payload = SessionTerminateEvent {
            tenant_id: self.tenant_id.clone(),
            agent_no: self.agent_no.clone(),
            reason: reason.to_owned(),
        };
        self.event(CatalogEvent::SessionTerminate(payload))
    }

    fn event(&mut self, payload: CatalogEvent) -> ServerFrame {
        let event_id = self.next_event_id;
        self.next_event_id += 1;
        ServerFrame::Event { event_id, payload }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk::core::agent::{AgentState, InitialStatus};

    fn login() -> StatusChange {
        StatusChange::Login {
            initial: InitialStatus::Idle,
            pause_description: None,
        }
    }

    fn ids_and_types(frames: &[ServerFrame]) -> Vec<(u64, String)> {
        frames
            .iter()
            .map(|f| match f {
                ServerFrame::Event { event_id, payload } => {
                    (*event_id, payload.event_type().as_str().to_owned())
                }
                other => panic!("not an event: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn login_emits_session_init_then_agent_status_numbered_from_one() {
        let mut s = Session::new("s1".into(), "t1", "0001");
        assert_eq!(s.last_event_id(), 0);
        let frames = s.handle_change(&login()).unwrap();
        assert_eq!(
            ids_and_types(&frames),
            [(1, "sessionInit".into()), (2, "agentStatus".into())]
        );
        assert_eq!(s.status().state, AgentState::Idle);
        assert_eq!(s.last_event_id(), 2);
    }

    #[test]
    fn logout_emits_offline_status_then_session_terminate() {
        let mut s = Session::new("s1".into(), "t1", "0001");
        s.handle_change(&login()).unwrap();
        let frames = s.handle_change(&StatusChange::Logout).unwrap();
        assert_eq!(
            ids_and_types(&frames),
            [(3, "agentStatus".into()), (4, "sessionTerminate".into())]
        );
        assert!(!s.is_logged_in());
    }

    #[test]
    fn pause_before_login_is_not_logged_in_and_keeps_the_counter() {
        let mut s = Session::new("s1".into(), "t1", "0001");
        let change = StatusChange::Pause {
            pause_type: 0,
            pause_description: None,
        };
        let err = s.handle_change(&change).unwrap_err();
        assert_eq!(err.error_code(), "NOT_LOGGED_IN");
        assert!(err.to_string().contains("log in first"), "{err}");
        assert_eq!(s.last_event_id(), 0);
    }

    #[test]
    fn refused_transition_after_login_is_invalid_state() {
        let mut s = Session::new("s1".into(), "t1", "0001");
        s.handle_change(&login()).unwrap();
        let err = s.handle_change(&StatusChange::Unpause).unwrap_err();
        assert_eq!(err.error_code(), "INVALID_STATE");
        assert_eq!(
            err.to_string(),
            "`unpause` is not allowed while the agent is idle; the agent is not paused"
        );
        assert_eq!(
            s.handle_change(&login()).unwrap_err().error_code(),
            "INVALID_STATE"
        );
    }
}
