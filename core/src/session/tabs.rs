//! Shared tabs (issue 15.3): the seam through which one browser tab's engine hands its session
//! to another tab's. With `setup({ tabs: "share" })` one tab (the leader, elected with the Web
//! Locks API by the JS layer, js/tabs.js) holds the connection; when it goes, another tab's
//! engine starts from what the leader last published instead of from a login: "resuming session
//! S after event N with key K" — the same resume a reconnect makes (docs/protocol.md §5), so the
//! gateway replays what came after N and no event is lost or delivered twice.
//!
//! Two calls, both outside the connection's lifecycle code: [`Engine::handover`] (what the
//! leader publishes) and [`Engine::handle_takeover`] (the new leader's first input). The
//! takeover puts the engine in the step a dropped connection leaves it in (`Life::Reconnecting`,
//! state.rs) and lets the reconnect loop go on from there, so the reconnect and resume rules
//! stay in one place (connect.rs).

use super::keys::Candidate;
use super::state::{Attempt, Life, Reconnect, Session};
use super::Engine;
use crate::agent::AgentStatus;
use crate::command::LoginParams;
use crate::time::Time;

/// What a tab needs to resume another tab's session.
#[derive(Debug, Clone, PartialEq)]
pub struct Handover {
    /// The login's parameters: tenant, agent and endpoint for `auth` and for a login again
    /// should the gateway have lost the session (`SESSION_UNKNOWN`). Its `session_key` is the
    /// key that last worked.
    pub params: LoginParams,
    /// A newer key the gateway has not judged yet (`updateSessionKey`, a `sessionKeyProvider`):
    /// the next `auth` offers it, and falls back to `params.session_key` if it is refused.
    pub candidate: Option<String>,
    /// The gateway's session id.
    pub session_id: String,
    /// The newest event id the leader delivered (or counted): the resume starts after it.
    pub last_event_id: u64,
    /// The login reply said this agent is a supervisor.
    pub supervisor: bool,
    /// The customer is on hold / the microphone is muted (docs/flows.md): known only from the
    /// events that said so, which the new leader's engine never saw.
    pub held: bool,
    /// See `held`.
    pub muted: bool,
}

impl Engine {
    /// What another tab needs to resume this session: `None` unless the agent is logged in on
    /// a session the gateway has named.
    pub fn handover(&self) -> Option<Handover> {
        let s = self.life.logged_in()?;
        let mut params = s.params.clone();
        params.session_key.clone_from(&s.session_key);
        Some(Handover {
            params,
            candidate: s.candidate.as_ref().map(|c| c.key.clone()),
            session_id: s.session_id.clone()?,
            last_event_id: self.last_event_id,
            supervisor: s.supervisor,
            held: self.flows.held,
            muted: self.flows.muted,
        })
    }

    /// Takes over the session another tab held, whose agent was last in `status`: connects at
    /// once and resumes it after `handover.last_event_id` (no login). Ignored while this engine
    /// has a session or a connection of its own (a tab takes over only as it becomes leader).
    pub fn handle_takeover(&mut self, now: Time, handover: Handover, status: AgentStatus) {
        if self.is_connected() {
            return;
        }
        let Handover {
            params,
            candidate,
            session_id,
            last_event_id,
            supervisor,
            held,
            muted,
        } = handover;
        let mut session = Session::new(params);
        session.session_id = Some(session_id);
        session.supervisor = supervisor;
        // No Promise waits for the candidate here: the leader's page has its own.
        session.candidate = candidate.map(|key| Candidate {
            key,
            ticket: None,
            deadline: None,
        });
        self.last_event_id = last_event_id;
        self.status = status;
        self.flows.on_status(&self.status);
        self.flows.held = held;
        self.flows.muted = muted;
        // Where a dropped connection leaves a session: reconnecting, resuming after the last
        // event; the first attempt at once (the key provider, if any, is asked first).
        self.life = Life::Reconnecting {
            session,
            schedule: Reconnect {
                attempt: 0,
                started_at: now,
                lost_from: last_event_id.saturating_add(1),
                lost_session_from: None,
            },
            attempt: Attempt::Scheduled { at: now },
        };
        self.link_lost(now, true);
        self.reconnect_due(now);
    }
}
