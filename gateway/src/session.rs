//! One agent session: its status (moved only by agentdesk's own [`apply`]), its id, its event
//! counter and its history (docs/protocol.md §5). Pure state, no I/O: the hub routes what it
//! returns to the live connection, if there is one.

use std::sync::Arc;

use agentdesk_core::agent::{apply, AgentStatus, StatusChange};
use agentdesk_core::events::{
    AgentStatusEvent, CatalogEvent, SessionInitEvent, SessionTerminateEvent,
};
use agentdesk_core::protocol::v1::ServerFrame;
use tokio::time::Instant;

use crate::commands::RequestError;
use crate::history::{Gap, History, HistoryLimits};

/// `sessionTerminate` reasons this gateway sends.
pub(crate) mod reason {
    /// The agent logged out (docs/protocol.md §3).
    pub(crate) const LOGOUT: &str = "logout";
    /// A newer connection authenticated as the same agent (docs/protocol.md §7, 4501).
    pub(crate) const KICKED: &str = "kicked";
    /// The connection's key expired (docs/protocol.md §7, 4503).
    pub(crate) const KEY_EXPIRED: &str = "keyExpired";
    /// An operator revoked the agent's keys (docs/protocol.md §7, 4502).
    pub(crate) const KEY_REVOKED: &str = "keyRevoked";
    /// A supervisor's `setOffline` (docs/flows.md §7, 4506).
    pub(crate) const FORCED_OFFLINE: &str = "forcedOffline";
}

/// The state the gateway keeps for one tenant + agent between commands and across connections.
#[derive(Debug)]
pub(crate) struct Session {
    id: String,
    tenant_id: String,
    agent_no: String,
    status: AgentStatus,
    /// The id the next event gets: events of a session are numbered 1, 2, 3, …
    /// (docs/protocol.md §4).
    next_event_id: u64,
    /// Every event sent, within its bounds, for resume.
    history: History,
}

impl Session {
    /// A new session of an agent that is not logged in yet.
    pub(crate) fn new(id: String, tenant_id: &str, agent_no: &str, limits: HistoryLimits) -> Self {
        Self {
            id,
            tenant_id: tenant_id.to_owned(),
            agent_no: agent_no.to_owned(),
            status: AgentStatus::offline(agentdesk_core::agent::state_action::LOGOUT),
            next_event_id: 1,
            history: History::new(limits),
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

    /// The agent's current status.
    pub(crate) fn current_status(&self) -> &AgentStatus {
        &self.status
    }

    /// Records a status the simulator moved the agent to (its `agentStatus` goes out through
    /// [`Session::emit`]).
    pub(crate) fn set_status(&mut self, status: AgentStatus) {
        self.status = status;
    }

    /// Offline for `action` (a supervisor's `setOffline`), with its `agentStatus`.
    pub(crate) fn go_offline(&mut self, action: &str, now: Instant) -> Arc<ServerFrame> {
        self.status = AgentStatus::offline(action);
        self.status_event(now)
    }

    /// True once `login` succeeded and until `logout`.
    pub(crate) fn is_logged_in(&self) -> bool {
        self.status.is_logged_in()
    }

    /// Applies a status change and returns the events it causes, in order:
    /// login → `sessionInit`, `agentStatus`; pause / unpause → `agentStatus`;
    /// logout → `agentStatus` offline, `sessionTerminate {reason: "logout"}` (docs/protocol.md §3).
    /// `before` (a logout's `extenState`) goes ahead of the `agentStatus`.
    pub(crate) fn handle_change(
        &mut self,
        change: &StatusChange,
        now: Instant,
        before: Vec<CatalogEvent>,
    ) -> Result<Vec<Arc<ServerFrame>>, RequestError> {
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
            frames.push(self.emit(CatalogEvent::SessionInit(init), now));
        }
        for event in before {
            frames.push(self.emit(event, now));
        }
        frames.push(self.status_event(now));
        if matches!(change, StatusChange::Logout) {
            frames.push(self.terminate(reason::LOGOUT, now));
        }
        Ok(frames)
    }

    /// An `agentStatus` event with the agent's current status: what a client that lost events
    /// gets to resynchronise (docs/protocol.md §5, `GAP_TOO_OLD`).
    pub(crate) fn status_event(&mut self, now: Instant) -> Arc<ServerFrame> {
        let status = AgentStatusEvent {
            tenant_id: self.tenant_id.clone(),
            agent_no: self.agent_no.clone(),
            status: self.status.clone(),
        };
        self.emit(CatalogEvent::AgentStatus(status), now)
    }

    /// The `sessionTerminate` event that ends this session for `reason`.
    pub(crate) fn terminate(&mut self, reason: &str, now: Instant) -> Arc<ServerFrame> {
        let payload = SessionTerminateEvent {
            tenant_id: self.tenant_id.clone(),
            agent_no: self.agent_no.clone(),
            reason: reason.to_owned(),
        };
        self.emit(CatalogEvent::SessionTerminate(payload), now)
    }

    /// Numbers an event with the session's next id and keeps it in history (§4, §5).
    pub(crate) fn emit(&mut self, payload: CatalogEvent, now: Instant) -> Arc<ServerFrame> {
        let event_id = self.next_event_id;
        self.next_event_id += 1;
        let frame = Arc::new(ServerFrame::Event { event_id, payload });
        self.history.push(event_id, now, Arc::clone(&frame));
        frame
    }

    /// The client delivered every event up to `ack` (§6): history may forget them.
    pub(crate) fn acknowledge(&mut self, ack: u64) {
        self.history.acknowledge(ack);
    }

    /// The events a resume from `last_event_id` must replay, or why it cannot (§5).
    pub(crate) fn replay_after(
        &mut self,
        last_event_id: u64,
        now: Instant,
    ) -> Result<Vec<Arc<ServerFrame>>, Gap> {
        let newest = self.last_event_id();
        self.history.after(last_event_id, newest, now)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk_core::agent::{AgentState, InitialStatus};

    fn login() -> StatusChange {
        StatusChange::Login {
            initial: InitialStatus::Idle,
            pause_description: None,
        }
    }

    fn session() -> Session {
        let limits = HistoryLimits {
            max_events: 100,
            max_age: std::time::Duration::from_secs(60),
        };
        Session::new("s1".into(), "t1", "0001", limits)
    }

    fn ids_and_types(frames: &[Arc<ServerFrame>]) -> Vec<(u64, String)> {
        frames
            .iter()
            .map(|f| match &**f {
                ServerFrame::Event { event_id, payload } => {
                    (*event_id, payload.event_type().as_str().to_owned())
                }
                other => panic!("not an event: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn login_emits_session_init_then_agent_status_numbered_from_one() {
        let mut s = session();
        assert_eq!(s.last_event_id(), 0);
        let frames = s
            .handle_change(&login(), Instant::now(), Vec::new())
            .unwrap();
        assert_eq!(
            ids_and_types(&frames),
            [(1, "sessionInit".into()), (2, "agentStatus".into())]
        );
        assert_eq!(s.status().state, AgentState::Idle);
        assert_eq!(s.last_event_id(), 2);
    }

    #[test]
    fn logout_emits_offline_status_then_session_terminate() {
        let mut s = session();
        s.handle_change(&login(), Instant::now(), Vec::new())
            .unwrap();
        let frames = s
            .handle_change(&StatusChange::Logout, Instant::now(), Vec::new())
            .unwrap();
        assert_eq!(
            ids_and_types(&frames),
            [(3, "agentStatus".into()), (4, "sessionTerminate".into())]
        );
        assert!(!s.is_logged_in());
    }

    #[test]
    fn pause_before_login_is_not_logged_in_and_keeps_the_counter() {
        let mut s = session();
        let change = StatusChange::Pause {
            pause_type: 0,
            pause_description: None,
        };
        let err = s
            .handle_change(&change, Instant::now(), Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), "NOT_LOGGED_IN");
        assert!(err.to_string().contains("log in first"), "{err}");
        assert_eq!(s.last_event_id(), 0);
    }

    #[test]
    fn refused_transition_after_login_is_invalid_state() {
        let mut s = session();
        s.handle_change(&login(), Instant::now(), Vec::new())
            .unwrap();
        let err = s
            .handle_change(&StatusChange::Unpause, Instant::now(), Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), "INVALID_STATE");
        assert_eq!(
            err.to_string(),
            "`unpause` is not allowed while the agent is idle; the agent is not paused"
        );
        assert_eq!(
            s.handle_change(&login(), Instant::now(), Vec::new())
                .unwrap_err()
                .error_code(),
            "INVALID_STATE"
        );
    }

    #[test]
    fn every_event_is_kept_for_resume_with_its_id() {
        let mut s = session();
        let now = Instant::now();
        s.handle_change(&login(), now, Vec::new()).unwrap();
        s.status_event(now);
        let replay = s.replay_after(1, now).unwrap();
        assert_eq!(
            ids_and_types(&replay),
            [(2, "agentStatus".into()), (3, "agentStatus".into())]
        );
        s.acknowledge(2);
        assert!(s.replay_after(1, now).is_err());
        assert_eq!(s.replay_after(2, now).unwrap().len(), 1);
    }
}
