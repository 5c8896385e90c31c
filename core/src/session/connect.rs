//! The connection lifecycle: opening the socket, authenticating, logging in, and after a drop the
//! reconnect loop with resume (docs/protocol.md §2, §5, §7; PRODUCT.md §2).

use super::state::{Attempt, Life, LoginFlow, Reconnect, Session, Socket};
use super::{close_code, Engine, PendingKind, Ticket};
use crate::agent::{self, AgentState, InitialStatus};
use crate::command::{Command, LoginParams};
use crate::events::payloads::ReconnectAttemptEvent;
use crate::json::params_text;
use crate::link::Heartbeat;
use crate::local_events::{ResyncEvent, RESYNC};
use crate::protocol::{ClientInfo, Dialect, Outgoing, ReplyFacts, ResumeRequest};
use crate::response::{ErrorCode, SdkResponse};
use crate::session::pending::Pending;
use crate::session::{Event, Made, Output};
use crate::text;
use crate::time::Time;

/// The SDK's name and version, sent in `auth` for the gateway's logs.
const CLIENT_NAME: &str = "agentdesk";
const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `updateSessionKey` answer when the login it was given during fails: no session is left
/// to take the key.
const LOGIN_FAILED_KEY: &str = "the login failed before the gateway could check the key";

/// Authentication refusals after which retrying with the same key cannot help
/// (docs/protocol.md §2).
const TERMINAL_AUTH_ERRORS: [&str; 5] = [
    "KEY_INVALID",
    "KEY_EXPIRED",
    "KEY_REVOKED",
    "TENANT_MISMATCH",
    "AGENT_UNKNOWN",
];

impl Engine {
    /// `login()`: opens the socket; authentication and the `login` command follow.
    pub(super) fn start_login(&mut self, now: Time, ticket: Ticket, params: LoginParams) {
        if let Life::LoggingIn { .. } = self.life {
            let message = "a login is already in progress; wait for its result";
            return self.resolve(
                ticket,
                SdkResponse::fail("login", ErrorCode::InProgress, message),
            );
        }
        if let Some(refused) = super::keys::oversized("login", &params.session_key) {
            return self.resolve(ticket, refused);
        }
        if let Some(change) = Command::Login(params.clone()).status_change() {
            if let Err(refused) = agent::apply(&self.status, &change) {
                return self.resolve(
                    ticket,
                    SdkResponse::fail("login", ErrorCode::InvalidState, refused.message()),
                );
            }
        }
        if self.life.has_socket() {
            self.close_link(close_code::NORMAL, "new login");
        }
        self.drop_candidate(
            "a new login replaced the session before the gateway could check the key",
        );
        self.release_all_held();
        self.last_event_id = 0;
        let flow = LoginFlow {
            ticket,
            // The whole login, socket to reply, within one command timeout (docs/protocol.md §3).
            deadline: now + self.config.command_timeout_ms,
        };
        // Whatever step the life was in, a new login replaces it (PRODUCT.md §2).
        self.life = Life::LoggingIn {
            session: Session::new(params),
            flow,
            socket: self.open_socket(now),
            shown: false,
        };
    }

    /// Asks the shell for a socket; the caller puts it in its step.
    pub(super) fn open_socket(&mut self, now: Time) -> Socket {
        let url = self.dialect.socket_url(&self.config.base_url);
        self.out.push_back(Output::OpenSocket {
            url,
            protocol: self.dialect.subprotocol(),
        });
        Socket::Connecting {
            deadline: now + self.config.connect_timeout_ms,
        }
    }

    /// The socket the engine asked for is open: authenticate, resuming if this is a reconnect.
    pub fn handle_socket_opened(&mut self, now: Time) {
        // Only a socket the engine is opening: refused in every other step.
        if self.life.connecting().is_none() {
            return;
        }
        let Some(session_key) = self.key_for_auth() else {
            return;
        };
        let Some(session) = self.life.session() else {
            return;
        };
        let resume = match (&self.life, &session.session_id) {
            (Life::Reconnecting { .. }, Some(id)) => Some(ResumeRequest {
                session_id: id.clone(),
                last_event_id: self.last_event_id,
            }),
            _ => None,
        };
        let (tenant_id, agent_no) = (
            session.params.tenant_id.clone(),
            session.params.agent_no.clone(),
        );
        let deadline = self.handshake_deadline(now);
        let id = self.requests.insert(Pending {
            action: "login",
            ticket: None,
            deadline,
            kind: PendingKind::Auth,
            remember: None,
        });
        self.life.set_socket(Socket::Authenticating);
        let client = ClientInfo {
            name: CLIENT_NAME.to_owned(),
            version: CLIENT_VERSION.to_owned(),
        };
        self.send(Outgoing::Authenticate {
            id,
            tenant_id,
            agent_no,
            session_key,
            client,
            resume,
        });
    }

    /// The socket closed (or could not be opened) without the engine asking.
    pub fn handle_socket_closed(&mut self, now: Time, code: u16, reason: &str) {
        if !self.life.has_socket() {
            return;
        }
        let never_opened = self.life.connecting().is_some();
        let why = if reason.is_empty() {
            text!("the connection closed (code ", code, ")")
        } else {
            text!("the connection closed (code ", code, ": ", reason, ")")
        };
        if let Life::LoggingIn { flow, .. } = self.life {
            // The first connection of a login: the page is waiting, so say what happened now
            // rather than retrying behind its back.
            let response = if never_opened {
                let url = self.dialect.socket_url(&self.config.base_url);
                SdkResponse::fail(
                    "login",
                    ErrorCode::ConnectFailed,
                    text!("could not connect to ", url, ": ", why),
                )
            } else {
                SdkResponse::fail(
                    "login",
                    ErrorCode::Disconnected,
                    text!(why, " before login completed"),
                )
            };
            self.fail_requests(
                ErrorCode::Disconnected,
                &text!(why, " before the reply came"),
            );
            return self.login_failed(flow.ticket, response);
        }
        self.fail_requests(
            ErrorCode::Disconnected,
            &text!(why, " before the reply came; outcome unknown"),
        );
        let retry_with_fresh_key = code == close_code::KEY_EXPIRED && self.has_candidate();
        if close_code::is_terminal(code) && !retry_with_fresh_key {
            return self.end_session(close_code::terminate_reason(code));
        }
        self.link_lost(now, false);
    }

    /// The socket (or the attempt to make one) is gone but the session is not: start the
    /// reconnect loop, or count a failed attempt of the running one.
    pub(super) fn link_lost(&mut self, now: Time, immediately: bool) {
        if let Some(session) = self.life.session_mut() {
            session.gap_streak = None;
        }
        self.start_or_continue(now, immediately.then_some(0));
    }

    /// The link was closed for a gap in the event ids: the first resume goes at once, since a
    /// lost frame is usually a one-off; a gap again soon after the resume of the last one (the
    /// gateway cannot fill it, or sends something the SDK cannot place) backs off like a failed
    /// attempt, so a gap never causes more than one immediate reconnect in a row. The streak
    /// ends once the link has stayed up for the longest backoff delay (`reconnectMaxMs`).
    pub(super) fn gap_lost(&mut self, now: Time) {
        let stable_ms = self.config.backoff.cap_ms;
        let Some(session) = self.life.session_mut() else {
            return;
        };
        let recent = session.last_up.is_some_and(|t| now - t < stable_ms);
        let streak = match session.gap_streak {
            Some(n) if recent => n.saturating_add(1),
            _ => 0,
        };
        session.gap_streak = Some(streak);
        let delay = if streak == 0 {
            0
        } else {
            self.config.backoff.delay_ms(streak, &mut self.rng)
        };
        self.start_or_continue(now, Some(delay));
    }

    /// The link of a logged-in session is gone (its socket closed, or never opened): from
    /// `Live` the reconnect loop starts; while `Reconnecting` the attempt failed and the next
    /// is scheduled. The page's own login is not retried behind its back: it fails now.
    fn start_or_continue(&mut self, now: Time, first_delay: Option<u64>) {
        match self.life {
            Life::Live { .. } => {
                if let Some((session, _)) = self.life.take_session() {
                    self.life = Life::Reconnecting {
                        session,
                        schedule: Reconnect {
                            attempt: 0,
                            started_at: now,
                            lost_from: self.last_event_id.saturating_add(1),
                            lost_session_from: None,
                        },
                        attempt: Attempt::Scheduled { at: now },
                    };
                }
            }
            Life::LoggingIn { flow, .. } => {
                let message = "the connection was lost before login completed";
                return self.login_failed(
                    flow.ticket,
                    SdkResponse::fail("login", ErrorCode::Disconnected, message),
                );
            }
            _ => {}
        }
        self.schedule_attempt(now, first_delay);
    }

    /// Schedules the next attempt after `delay` ms, or after the backoff of its number
    /// (PRODUCT.md §2: 1 s doubling to 30 s, ±20 %, 20 attempts).
    fn schedule_attempt(&mut self, now: Time, delay: Option<u64>) {
        let backoff = self.config.backoff;
        let Life::Reconnecting {
            schedule, attempt, ..
        } = &mut self.life
        else {
            return;
        };
        if schedule.attempt >= backoff.max_attempts {
            return self.end_session("reconnectFailed");
        }
        schedule.attempt += 1;
        let delay = delay.unwrap_or_else(|| backoff.delay_ms(schedule.attempt, &mut self.rng));
        *attempt = Attempt::Scheduled { at: now + delay };
        let event = self.attempt_event(now, -1, Some(delay));
        self.emit(Event::Catalog(Made::ReconnectAttempt(event)));
    }

    fn attempt_event(&self, now: Time, code: i64, delay: Option<u64>) -> ReconnectAttemptEvent {
        let (attempt, started_at) = self
            .life
            .schedule()
            .map_or((0, now), |r| (r.attempt, r.started_at));
        ReconnectAttemptEvent {
            attempt: i64::from(attempt),
            code,
            first_attempt_ts: i64::try_from(self.wall(started_at)).unwrap_or(i64::MAX),
            max_attempts: i64::from(self.config.backoff.max_attempts),
            since_first_attempt_ms: i64::try_from(now - started_at).unwrap_or(i64::MAX),
            delay_ms: delay.map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
        }
    }

    /// [`super::Timer::Reconnect`]: a scheduled attempt whose time has come asks the page's key
    /// provider, or opens a socket.
    pub(super) fn reconnect_due(&mut self, now: Time) {
        let Life::Reconnecting {
            attempt: Attempt::Scheduled { at },
            ..
        } = self.life
        else {
            return;
        };
        if at > now || self.offline {
            return;
        }
        if self.key_provider {
            return self.want_key(now);
        }
        let socket = self.open_socket(now);
        self.life.set_socket(socket);
    }

    /// [`super::Timer::Connect`]: the socket did not open within `connectTimeoutMs`.
    pub(super) fn connect_timed_out(&mut self, now: Time) {
        if self.life.connecting().is_none_or(|deadline| now < deadline) {
            return;
        }
        self.close_link(close_code::NORMAL, "connect timeout");
        if let Life::LoggingIn { flow, .. } = self.life {
            let url = self.dialect.socket_url(&self.config.base_url);
            let message = text!(
                "could not connect to ",
                url,
                " within ",
                self.config.connect_timeout_ms,
                " ms"
            );
            self.login_failed(
                flow.ticket,
                SdkResponse::fail("login", ErrorCode::Timeout, message),
            );
        } else {
            self.link_lost(now, false);
        }
    }

    /// An `auth` or login-time request went unanswered: the attempt is worth nothing.
    pub(super) fn handshake_timed_out(&mut self, now: Time, pending: &Pending, message: String) {
        self.close_link(close_code::NORMAL, "login timeout");
        if let Life::LoggingIn { flow, .. } = self.life {
            self.login_failed(
                flow.ticket,
                SdkResponse::fail(pending.action, ErrorCode::Timeout, message),
            );
        } else {
            self.link_lost(now, false);
        }
    }

    /// The page's login ended without a session (refused, timed out, its connection lost): its
    /// Promise gets `response` and the half-made session goes. What the page gave that session
    /// meanwhile goes with it and is settled too: a key from `updateSessionKey` waits on the
    /// session, and once the session is dropped nothing would ever answer it (the fuzzer's
    /// `engine_sequence` found that Promise left pending for ever).
    fn login_failed(&mut self, ticket: Ticket, response: SdkResponse) {
        self.resolve(ticket, response);
        self.drop_candidate(LOGIN_FAILED_KEY);
        self.life = Life::Idle;
    }

    /// The deadline of the handshake's requests: the page's login's own, or a command timeout
    /// from now for a reconnect's.
    fn handshake_deadline(&self, now: Time) -> Time {
        match self.life {
            Life::LoggingIn { flow, .. } => flow.deadline,
            _ => now + self.config.command_timeout_ms,
        }
    }

    pub(super) fn on_auth_reply(&mut self, now: Time, reply: ReplyFacts) {
        if reply.code != 0 {
            let code = reply
                .error_code
                .clone()
                .unwrap_or_else(|| "AUTH_FAILED".to_owned());
            self.close_link(close_code::NORMAL, "authentication refused");
            if self.auth_refused_candidate(&code, &reply.message) {
                // The page's new key was refused: the next attempt uses the key that worked.
                return self.link_lost(now, true);
            }
            if let Life::LoggingIn { flow, .. } = self.life {
                self.login_failed(
                    flow.ticket,
                    SdkResponse::failed("login", &code, reply.message),
                );
            } else if TERMINAL_AUTH_ERRORS.contains(&code.as_str()) {
                let reason = match code.as_str() {
                    "KEY_EXPIRED" => "keyExpired",
                    "KEY_REVOKED" => "keyRevoked",
                    "KEY_INVALID" => "keyInvalid",
                    _ => "tenantMismatch",
                };
                self.end_session(reason);
            } else {
                self.link_lost(now, false);
            }
            return;
        }
        let new_id = reply.session_id.clone();
        let Some(session) = self.life.session_mut() else {
            return;
        };
        let old_id = std::mem::replace(&mut session.session_id, new_id.clone());
        session.last_up = Some(now);
        self.auth_accepted_key(reply.expires_at);
        // The heartbeat lives with the open socket (PRODUCT.md §2: a ping every 5 s, dead after
        // 10 s unanswered); the first ping goes at once, so the page has a latency reading
        // straight away.
        let mut heartbeat = Box::new(Heartbeat::new(self.config.heartbeat));
        heartbeat.start(now);
        self.life.set_socket(Socket::Open(heartbeat));
        self.heartbeat_due(now);
        if let Life::LoggingIn { .. } = self.life {
            return self.send_login(now, PendingKind::LoginCommand);
        }
        let resumed = reply.resumed;
        let same_session = old_id.is_some() && old_id == new_id;
        if resumed && same_session {
            return self.finish_reconnect(now);
        }
        let lost_from = self
            .life
            .schedule()
            .map_or(self.last_event_id.saturating_add(1), |r| r.lost_from);
        if same_session {
            // GAP_TOO_OLD: the session lives on, but what we missed is gone from history; ids
            // continue from the gateway's newest, and a fresh agentStatus follows.
            let newest = reply.last_event_id.unwrap_or(self.last_event_id);
            self.last_event_id = newest.max(self.last_event_id);
            self.release_held();
            self.emit(Event::Resync(ResyncEvent {
                event_type: RESYNC,
                reason: "gapTooOld",
                lost_from,
                lost_to: Some(newest),
            }));
            return self.finish_reconnect(now);
        }
        // SESSION_UNKNOWN: a new session with ids from 1; log in again as the agent was. What
        // waited for the old session's events will not see them.
        self.release_all_held();
        self.last_event_id = 0;
        if let Life::Reconnecting { schedule: r, .. } = &mut self.life {
            // What may be lost from here on is counted in the new session's ids (found by the
            // property tests: a later GAP_TOO_OLD reported the old session's numbers).
            r.lost_session_from.get_or_insert(r.lost_from);
            r.lost_from = 1;
        }
        self.send_login(now, PendingKind::Relogin);
    }

    /// Sends `login`: the page's own, or the SDK's after the gateway lost the session (then with
    /// the last known status, so a paused agent does not come back ready).
    fn send_login(&mut self, now: Time, kind: PendingKind) {
        let Some(session) = self.life.session() else {
            return;
        };
        let mut params = session.params.clone();
        if kind == PendingKind::Relogin {
            let (initial, description) = match self.status.state {
                AgentState::Busy => (InitialStatus::Busy, self.status.pause_description.clone()),
                AgentState::Wrapup => (InitialStatus::Wrapup, None),
                _ => (InitialStatus::Idle, None),
            };
            params.initial_status = Some(initial);
            params.pause_description = description;
            if let Some(session) = self.life.session_mut() {
                // What the SDK logged in with is what it assumes once the reply comes.
                session.params = params.clone();
            }
            // The gateway's new session starts logged out (docs/protocol.md §5).
            self.status = agent::AgentStatus::offline(agent::state_action::CONNECTION_LOST);
        }
        // The page's Promise stays the login flow's alone (`Life::LoggingIn`), so that whatever
        // ends the login settles it once: the request carries no ticket.
        let deadline = self.handshake_deadline(now);
        let id = self.requests.insert(Pending {
            action: "login",
            ticket: None,
            deadline,
            kind,
            remember: None,
        });
        let params = Command::Login(params).wire_params();
        self.send(Outgoing::Command {
            id,
            action: "login".to_owned(),
            params,
        });
    }

    pub(super) fn on_login_reply(
        &mut self,
        now: Time,
        pending: Pending,
        response: SdkResponse,
        supervisor: bool,
        through: Option<u64>,
    ) {
        match pending.kind {
            PendingKind::LoginCommand => {
                let Life::LoggingIn { flow, .. } = self.life else {
                    return;
                };
                let ok = response.is_ok();
                // Like any command: settled once its sessionInit and agentStatus are delivered,
                // so `await login()` is followed by the logged-in status.
                self.settle_after(flow.ticket, response, through, pending.deadline);
                // LoggingIn → Live on success (the open socket and its heartbeat go along),
                // → Idle on refusal.
                if !ok {
                    self.drop_candidate(LOGIN_FAILED_KEY);
                }
                match self.life.take_session() {
                    Some((mut session, Some(heartbeat))) if ok => {
                        session.supervisor = supervisor;
                        self.life = Life::Live { session, heartbeat };
                    }
                    _ => self.close_link(close_code::NORMAL, "login refused"),
                }
            }
            PendingKind::Relogin if response.is_ok() => {
                if let Some(session) = self.life.session_mut() {
                    session.supervisor = supervisor;
                }
                self.assume_logged_in();
                // The gateway's new session knows nothing of the old subscription.
                if let Some(params) = self.flows.queue_subscription.clone() {
                    let deadline = now + self.config.command_timeout_ms;
                    let id = self.requests.insert(Pending {
                        action: "subscribeQueueStatus",
                        ticket: None,
                        deadline,
                        kind: PendingKind::Command,
                        remember: Some(super::pending::Remember::Subscription(params.clone())),
                    });
                    let params = params_text(&params);
                    self.send(Outgoing::Command {
                        id,
                        action: "subscribeQueueStatus".to_owned(),
                        params,
                    });
                }
                let lost_from = self
                    .life
                    .schedule()
                    .map_or(1, |r| r.lost_session_from.unwrap_or(r.lost_from));
                self.emit(Event::Resync(ResyncEvent {
                    event_type: RESYNC,
                    reason: "sessionUnknown",
                    lost_from,
                    lost_to: None,
                }));
                self.finish_reconnect(now);
            }
            _ => {
                self.close_link(close_code::NORMAL, "login refused after resume failed");
                self.end_session("sessionLost");
            }
        }
    }

    /// Applies the login of the session's parameters to the status, if still logged out: the
    /// SDK's own login after a lost session, which no page awaits, so the commands that waited
    /// for the link are judged as logged in; the gateway's agentStatus follows.
    fn assume_logged_in(&mut self) {
        let Some(session) = self.life.session() else {
            return;
        };
        let change = Command::Login(session.params.clone()).status_change();
        if let Some(Ok(next)) = change.map(|c| agent::apply(&self.status, &c)) {
            self.status = next;
        }
    }

    /// The link is back and the session whole: report success and send what waited.
    fn finish_reconnect(&mut self, now: Time) {
        let event = self.attempt_event(now, 0, None);
        // Reconnecting on an open socket → Live; the schedule is dropped with its step.
        if self.life.is_open() {
            if let Some((session, Some(heartbeat))) = self.life.take_session() {
                self.life = Life::Live { session, heartbeat };
            }
        }
        self.emit(Event::Catalog(Made::ReconnectAttempt(event)));
        self.flush_queue(now);
    }
}
