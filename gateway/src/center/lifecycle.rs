//! Sessions coming and going, as the core decides them (docs/protocol.md §5, §7): a new session
//! of an agent kicks its older one, an end the edge asks for (key expired, grace over) or the
//! core makes (logout, `setOffline`, a revocation) tells a logged-in session `sessionTerminate`
//! and lets the agent go, and a resume that found history too short gets a fresh `agentStatus`.

use agentdesk_core::agent::{state_action, AgentStatus};
use agentdesk_core::events::{AgentStatusEvent, CatalogEvent, SessionTerminateEvent};

use crate::port::{AgentKey, EndReason};
use crate::sim::state::{Presence, SimState};

impl SimState {
    /// A new session of `agent`; its older session, if any, ends as a kick.
    pub(crate) fn session_started(&mut self, session: &str, agent: &AgentKey) {
        if let Some(old) = self.sessions.start(session, agent) {
            self.end_session(&old, EndReason::Kicked);
        }
    }

    /// Ends `session` for `reason`: a logged-in session hears `sessionTerminate` (when the
    /// reason has one) and its agent leaves whatever it was doing, a forced hang-up for the
    /// others. Unknown sessions still get their end, so the edge closes what it holds.
    pub(crate) fn end_session(&mut self, session: &str, reason: EndReason) {
        let Some(key) = self.sessions.agent_of(session).cloned() else {
            self.sessions.end(session, reason);
            return;
        };
        let logged_in = self.plays_in(&key, session);
        // The session ends first, so what the agent's leaving sends it is not sent: after
        // `sessionTerminate` nothing more (docs/protocol.md §7).
        self.terminate(session, &key, reason);
        if logged_in {
            self.vanish(&key);
        }
    }

    /// `sessionTerminate` for `reason` if the agent is logged in there, then the end.
    pub(crate) fn terminate(&mut self, session: &str, key: &AgentKey, reason: EndReason) {
        if let (true, Some(why)) = (self.plays_in(key, session), reason.terminate_reason()) {
            let event = SessionTerminateEvent {
                tenant_id: key.tenant_id.clone(),
                agent_no: key.agent_no.clone(),
                reason: why.to_owned(),
            };
            self.sessions
                .emit(session, CatalogEvent::SessionTerminate(event));
        }
        self.sessions.end(session, reason);
    }

    /// A supervisor's `setOffline` took the agent off (already signed off): its session hears
    /// `agentStatus` offline `forcedOffline`, then `sessionTerminate`, then close 4506.
    pub(crate) fn forced_offline(&mut self, session: &str, key: &AgentKey) {
        let status = AgentStatusEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            status: AgentStatus::offline(state_action::FORCED_OFFLINE),
        };
        self.sessions
            .emit(session, CatalogEvent::AgentStatus(status));
        let event = SessionTerminateEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            reason: EndReason::ForcedOffline
                .terminate_reason()
                .unwrap_or_default()
                .to_owned(),
        };
        self.sessions
            .emit(session, CatalogEvent::SessionTerminate(event));
        self.sessions.end(session, EndReason::ForcedOffline);
    }

    /// A resume found the history too short (`GAP_TOO_OLD`): the session gets the agent's
    /// status now, the next id (docs/protocol.md §5).
    pub(crate) fn resync(&mut self, session: &str) {
        let Some(key) = self.sessions.agent_of(session).cloned() else {
            return;
        };
        let status = AgentStatusEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            status: self.status_in(&key, session),
        };
        self.sessions
            .emit(session, CatalogEvent::AgentStatus(status));
    }

    /// The agent's keys were revoked: its session ends with `keyRevoked`. Returns whether one
    /// ended.
    pub(crate) fn revoke(&mut self, key: &AgentKey) -> bool {
        match self.sessions.of_agent(key).cloned() {
            Some(session) => {
                self.end_session(&session, EndReason::KeyRevoked);
                true
            }
            None => false,
        }
    }

    /// Every session is forgotten (a restart): clients' agents leave, nobody is told (their
    /// connections are closed by the edge). Returns how many sessions there were.
    pub(crate) fn forget_all(&mut self) -> usize {
        let ids = self.sessions.ids();
        for session in &ids {
            self.end_session(session, EndReason::Restart);
        }
        // An agent still marked as played by a client whose session the core never knew.
        let orphans: Vec<AgentKey> = self
            .agents
            .values()
            .filter(|a| matches!(a.presence, Presence::Real { .. }))
            .map(|a| a.key.clone())
            .collect();
        for key in orphans {
            self.vanish(&key);
        }
        ids.len()
    }
}
