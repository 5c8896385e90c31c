//! The connection's life as one value (issue 15.7): where the session stands, with the data of
//! that step and no other. Before, the same facts were spread over a link state, an optional
//! session, an optional login flow, an optional reconnect loop, a provider wait and three flags,
//! so a reconnect with no session, a login flow on a live session or a heartbeat on a closed link
//! could all be written. Here each step owns its data: a login flow exists only while logging
//! in, a reconnect schedule only while reconnecting, a heartbeat only on an open socket.
//!
//! Idle → LoggingIn → Live ⇄ Reconnecting → Ended; docs/architecture.md "The connection's
//! life" draws the diagram with each step's sub-steps, and lists the table of deadlines
//! (`timers.rs`).
//!
//! A move between steps takes the old step apart ([`Life::take_session`]) and builds the new one,
//! so the data of a step that is left is dropped with it.

use super::keys::Candidate;
use super::Ticket;
use crate::command::LoginParams;
use crate::link::Heartbeat;
use crate::time::Time;

/// The agent's session as the SDK holds it, from `login()` until it ends for good. It outlives
/// any one socket.
#[derive(Debug, Clone)]
pub(super) struct Session {
    pub(super) params: LoginParams,
    /// The key that last worked (or the login's): what `auth` sends without a candidate.
    pub(super) session_key: String,
    /// A key from `updateSessionKey` the gateway has not accepted yet (see `keys.rs`).
    pub(super) candidate: Option<Candidate>,
    /// The running connection's `auth` offered the candidate.
    pub(super) auth_offers_candidate: bool,
    /// The gateway's session id, once authenticated.
    pub(super) session_id: Option<String>,
    /// The login reply said this agent is a supervisor.
    pub(super) supervisor: bool,
    /// The gateway already told the page the session ended (its own `sessionTerminate`), so the
    /// SDK does not say it twice.
    pub(super) ended_by_gateway: bool,
    /// When a socket of this session last became open (authenticated).
    pub(super) last_up: Option<Time>,
    /// Gap-resumes in a row, while the current link came from one (see `gap_lost`).
    pub(super) gap_streak: Option<u32>,
}

impl Session {
    pub(super) fn new(params: LoginParams) -> Box<Self> {
        Box::new(Self {
            session_key: params.session_key.clone(),
            params,
            candidate: None,
            auth_offers_candidate: false,
            session_id: None,
            supervisor: false,
            ended_by_gateway: false,
            last_up: None,
            gap_streak: None,
        })
    }
}

/// The page's `login()` call between its start and the `login` reply.
#[derive(Debug, Clone, Copy)]
pub(super) struct LoginFlow {
    pub(super) ticket: Ticket,
    pub(super) deadline: Time,
}

/// A socket the engine asked for, from opening to open.
#[derive(Debug, Clone)]
pub(super) enum Socket {
    /// The shell is opening it; give up at `deadline`.
    Connecting { deadline: Time },
    /// `auth` sent, waiting for its reply.
    Authenticating,
    /// Authenticated: frames flow and the heartbeat runs. Boxed, as the session is, so that a
    /// move between steps copies pointers (a smaller wasm than copying the structs).
    Open(Box<Heartbeat>),
}

/// The reconnect loop's count, from the first lost link until the session is whole again.
#[derive(Debug, Clone)]
pub(super) struct Reconnect {
    /// Attempts made or scheduled so far (1-based once the first is scheduled).
    pub(super) attempt: u32,
    /// When the loop started, for `firstAttemptTs` / `sinceFirstAttemptMs`.
    pub(super) started_at: Time,
    /// The first event id that may be lost, if resume turns out impossible.
    pub(super) lost_from: u64,
    /// The same for the session the gateway no longer knew (`SESSION_UNKNOWN`), once ids started
    /// again for a new one: what the `sessionUnknown` resync reports.
    pub(super) lost_session_from: Option<u64>,
}

/// Where the current reconnect attempt stands.
#[derive(Debug, Clone)]
pub(super) enum Attempt {
    /// Waiting for its time (the backoff); held while the browser is offline.
    Scheduled { at: Time },
    /// Waiting for the page's `sessionKeyProvider`, until `until` (`provider.rs`).
    AwaitingKey { until: Time },
    /// Its socket; `Open` while the SDK's own `login` after `SESSION_UNKNOWN` is on the wire.
    Socket(Socket),
}

/// The connection's life: one of these at any moment.
#[derive(Debug, Clone, Default)]
pub(super) enum Life {
    /// No session: before the first login, after a login failed, after shutdown.
    #[default]
    Idle,
    /// The page's `login()` on its first connection. `shown`: the agent's own logged-in status
    /// arrived before the reply (`login_shown_by_status`), so commands are taken already.
    LoggingIn {
        session: Box<Session>,
        flow: LoginFlow,
        socket: Socket,
        shown: bool,
    },
    /// Logged in on an open, whole link.
    Live {
        session: Box<Session>,
        heartbeat: Box<Heartbeat>,
    },
    /// Logged in, the link lost: the reconnect loop with resume.
    Reconnecting {
        session: Box<Session>,
        schedule: Reconnect,
        attempt: Attempt,
    },
    /// The session ended for good, for `reason` (the `sessionTerminate` reason).
    Ended { reason: &'static str },
}

/// The step of [`Life`] without its data: what tests and the shell may look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No session.
    Idle,
    /// The page's `login()` is under way.
    LoggingIn,
    /// Logged in on an open link.
    Live,
    /// Logged in, reconnecting.
    Reconnecting,
    /// The session ended for good.
    Ended,
}

impl Life {
    pub(super) fn phase(&self) -> Phase {
        match self {
            Life::Idle => Phase::Idle,
            Life::LoggingIn { .. } => Phase::LoggingIn,
            Life::Live { .. } => Phase::Live,
            Life::Reconnecting { .. } => Phase::Reconnecting,
            Life::Ended { .. } => Phase::Ended,
        }
    }

    pub(super) fn session(&self) -> Option<&Session> {
        match self {
            Life::LoggingIn { session, .. }
            | Life::Live { session, .. }
            | Life::Reconnecting { session, .. } => Some(&**session),
            Life::Idle | Life::Ended { .. } => None,
        }
    }

    pub(super) fn session_mut(&mut self) -> Option<&mut Session> {
        match self {
            Life::LoggingIn { session, .. }
            | Life::Live { session, .. }
            | Life::Reconnecting { session, .. } => Some(&mut **session),
            Life::Idle | Life::Ended { .. } => None,
        }
    }

    /// The session once the agent is logged in (or shown logged in during its login).
    pub(super) fn logged_in(&self) -> Option<&Session> {
        match self {
            Life::LoggingIn {
                session,
                shown: true,
                ..
            }
            | Life::Live { session, .. }
            | Life::Reconnecting { session, .. } => Some(&**session),
            _ => None,
        }
    }

    /// True while a socket is opening or open.
    pub(super) fn has_socket(&self) -> bool {
        matches!(
            self,
            Life::LoggingIn { .. }
                | Life::Live { .. }
                | Life::Reconnecting {
                    attempt: Attempt::Socket(_),
                    ..
                }
        )
    }

    /// The give-up time of a socket still opening.
    pub(super) fn connecting(&self) -> Option<Time> {
        match self {
            Life::LoggingIn {
                socket: Socket::Connecting { deadline },
                ..
            }
            | Life::Reconnecting {
                attempt: Attempt::Socket(Socket::Connecting { deadline }),
                ..
            } => Some(*deadline),
            _ => None,
        }
    }

    /// The heartbeat of an open socket.
    pub(super) fn heartbeat_mut(&mut self) -> Option<&mut Heartbeat> {
        match self {
            Life::Live { heartbeat, .. }
            | Life::LoggingIn {
                socket: Socket::Open(heartbeat),
                ..
            }
            | Life::Reconnecting {
                attempt: Attempt::Socket(Socket::Open(heartbeat)),
                ..
            } => Some(&mut **heartbeat),
            _ => None,
        }
    }

    pub(super) fn heartbeat(&self) -> Option<&Heartbeat> {
        match self {
            Life::Live { heartbeat, .. }
            | Life::LoggingIn {
                socket: Socket::Open(heartbeat),
                ..
            }
            | Life::Reconnecting {
                attempt: Attempt::Socket(Socket::Open(heartbeat)),
                ..
            } => Some(&**heartbeat),
            _ => None,
        }
    }

    /// True while the socket is authenticated.
    pub(super) fn is_open(&self) -> bool {
        self.heartbeat().is_some()
    }

    /// True when a command goes on the wire now rather than waiting for the link: an open link
    /// that is not in the middle of a reconnect.
    pub(super) fn can_send(&self) -> bool {
        self.is_open() && !matches!(self, Life::Reconnecting { .. })
    }

    /// The reconnect schedule, while reconnecting.
    pub(super) fn schedule(&self) -> Option<&Reconnect> {
        match self {
            Life::Reconnecting { schedule, .. } => Some(schedule),
            _ => None,
        }
    }

    /// Leaves the current step, handing back its session and the heartbeat of its open socket
    /// (the rest of the step's data is dropped with it); `Idle` until the caller puts the next
    /// step in. The one move every transition between steps goes through, so that the wasm
    /// holds one copy of it.
    pub(super) fn take_session(&mut self) -> Option<(Box<Session>, Option<Box<Heartbeat>>)> {
        let (session, socket) = match std::mem::take(self) {
            Life::LoggingIn {
                session, socket, ..
            }
            | Life::Reconnecting {
                session,
                attempt: Attempt::Socket(socket),
                ..
            } => (session, Some(socket)),
            Life::Live { session, heartbeat } => (session, Some(Socket::Open(heartbeat))),
            Life::Reconnecting { session, .. } => (session, None),
            Life::Idle | Life::Ended { .. } => return None,
        };
        let heartbeat = match socket {
            Some(Socket::Open(heartbeat)) => Some(heartbeat),
            _ => None,
        };
        Some((session, heartbeat))
    }

    /// Replaces the socket of the current step (Connecting → Authenticating → Open); nothing
    /// outside a step that has one.
    pub(super) fn set_socket(&mut self, next: Socket) {
        match self {
            Life::LoggingIn { socket, .. } => *socket = next,
            Life::Reconnecting { attempt, .. } => *attempt = Attempt::Socket(next),
            _ => {}
        }
    }
}
