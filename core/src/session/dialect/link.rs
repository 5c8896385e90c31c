//! A dialect session's connection: token, open, the link's liveness, close, and the reconnect
//! loop (PRODUCT.md §2's schedule and `reconnectAttempt` events, the same as the agentdesk
//! protocol's).

use super::{wire, Asked, Conn, Kind, Output, Request, Retry, Session, SubState};
use crate::events::payloads::ReconnectAttemptEvent;
use crate::local_events::{ResyncEvent, RESYNC};
use crate::quality::ping;
use crate::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use crate::session::{Event, Made, Ticket};
use crate::text;
use crate::time::Time;

/// Close code of the SDK's own closes (RFC 6455 normal closure).
const NORMAL: u16 = 1000;

impl Session {
    /// The page's `connect()`: a token first (for the dialects that take one), then the socket.
    /// Settles once the link is up (`welcome` / `ready` for the dialects that say so).
    pub fn handle_connect(&mut self, now: Time, ticket: Ticket) {
        if self.conn != Conn::Idle {
            let message = "already connected or connecting; close() first";
            return self.resolve(
                ticket,
                SdkResponse::fail("connect", ErrorCode::InProgress, message),
                false,
            );
        }
        self.connecting = Some(ticket);
        self.retry = None;
        self.begin_attempt(now);
    }

    /// The page's `close()`: closes, forgets the subscriptions, no reconnect.
    pub fn handle_close(&mut self, now: Time, ticket: Option<Ticket>) {
        self.end(now, "disconnect", ErrorCode::Disconnected);
        // A first connection that failed leaves the session idle without an end: joins made
        // while it was trying still wait, and close() forgets them.
        self.fail_joins(ErrorCode::Disconnected, "disconnect");
        self.subs.clear();
        self.order.clear();
        self.presences.clear();
        self.last_event = None;
        if let Some(ticket) = ticket {
            self.resolve(ticket, SdkResponse::ok("close", None), false);
        }
    }

    /// The token supplier answered: `None` when it failed or gave nothing.
    pub fn handle_token(&mut self, now: Time, token: Option<String>) {
        if std::mem::take(&mut self.refreshing) {
            return self.refreshed(now, token);
        }
        let Conn::Token { .. } = self.conn else {
            return;
        };
        match token.filter(|t| !t.is_empty()) {
            Some(token) => {
                self.token = Some(token);
                self.open_socket(now);
            }
            None => self.attempt_failed(now, "the token supplier gave no token"),
        }
    }

    fn refreshed(&mut self, now: Time, token: Option<String>) {
        match token.filter(|t| !t.is_empty()) {
            Some(token) if self.conn == Conn::Open => {
                self.send(wire::globemeet_refresh(&token));
                self.token = Some(token);
                // Until `refreshed` says the new expiry, ask again in a while rather than never.
                self.refresh_at = Some(now + self.settings.request_timeout_ms);
            }
            Some(token) => self.token = Some(token),
            None => {
                self.refresh_at = Some(now + self.settings.request_timeout_ms);
                self.emit(Event::Error(SdkErrorEvent::new(
                    "TOKEN_REFRESH_FAILED",
                    "the token supplier gave no token; retrying before the token expires",
                )));
            }
        }
    }

    /// The socket opened.
    pub fn handle_socket_opened(&mut self, now: Time) {
        let Conn::Opening { deadline, .. } = self.conn else {
            return;
        };
        self.last_frame_at = now;
        self.next_ref = 0;
        match self.kind {
            // ActionCable waits for `welcome`, GlobeMeet for `ready` after its `auth`.
            Kind::ActionCable => {
                self.conn = Conn::Opening {
                    deadline,
                    opened: true,
                };
            }
            Kind::GlobeMeet => {
                self.conn = Conn::Opening {
                    deadline,
                    opened: true,
                };
                let token = self.token.clone().unwrap_or_default();
                let last = self.last_event_id();
                self.send(wire::globemeet_auth(&token, last.as_deref()));
            }
            _ => self.link_up(now),
        }
    }

    /// The socket closed (or failed to open) without the session asking.
    pub fn handle_socket_closed(&mut self, now: Time, code: u16, reason: &str) {
        let (Conn::Opening { .. } | Conn::Open) = self.conn else {
            return;
        };
        let why = if reason.is_empty() {
            text!("the connection closed (code ", code, ")")
        } else {
            text!("the connection closed (code ", code, ": ", reason, ")")
        };
        self.link_down();
        if self.kind == Kind::GlobeMeet && (4400..5000).contains(&code) {
            // GlobeMeet's 4400–4999: do not retry (docs/dialects.md §5, "Close codes").
            return self.end(now, &why, ErrorCode::Disconnected);
        }
        if self.first_connection_failed(why) {
            return;
        }
        // GlobeMeet's overflow (4008) and going-away (4009) are resumes, not failures: the first
        // attempt goes at once (seed 002: "reconnect … resumes from its last id").
        if self.kind == Kind::GlobeMeet && matches!(code, 4008 | 4009) {
            let delay = self.resume_delay(now);
            return self.lost(now, Some(delay));
        }
        self.lost(now, None);
    }

    /// The wait before resuming after an overflow or a going-away: none the first time, since
    /// it is usually a one-off; the same close again soon after the resume of the last one (a
    /// console too slow for its stream, a server that keeps sending it away) backs off like a
    /// failed attempt, so it never causes more than one immediate reconnect in a row (as the
    /// agentdesk protocol's gap resume, issue 10). The streak ends once a link has stayed up
    /// for the longest backoff delay.
    fn resume_delay(&mut self, now: Time) -> u64 {
        let backoff = self.settings.backoff;
        let recent = self.link_up_at.is_some_and(|t| now - t < backoff.cap_ms);
        let streak = match self.resume_streak {
            Some(n) if recent => n.saturating_add(1),
            _ => 0,
        };
        self.resume_streak = Some(streak);
        if streak == 0 {
            0
        } else {
            backoff.delay_ms(streak, &mut self.rng)
        }
    }

    /// The link is up: rejoin what was joined, start the heartbeat, settle `connect()`.
    pub(super) fn link_up(&mut self, now: Time) {
        self.conn = Conn::Open;
        self.last_frame_at = now;
        self.link_up_at = Some(now);
        if matches!(self.kind, Kind::Phoenix | Kind::Kazoo | Kind::GlobeMeet) {
            self.heartbeat.start(now);
        }
        if self.kind == Kind::ActionCable {
            self.presence_due = Some(now);
        }
        if let Some(ticket) = self.connecting.take() {
            self.resolve(ticket, SdkResponse::ok("connect", None), false);
        }
        if let Some(r) = self.retry.take() {
            let event = self.attempt_event(now, &r, 0, None);
            self.emit(Event::Catalog(Made::ReconnectAttempt(event)));
        }
        self.rejoin_all(now);
        self.link_due(now);
    }

    fn link_down(&mut self) {
        self.heartbeat.stop();
        self.presence_due = None;
        self.refresh_at = None;
        self.refreshing = false;
        self.conn = Conn::Down;
        for sub in self.subs.values_mut() {
            sub.state = SubState::Waiting;
            sub.resend_at = None;
        }
        let pending = std::mem::take(&mut self.requests);
        for (_, req) in pending {
            self.request_lost(req, "the connection closed before the answer came");
        }
    }

    /// A request that will never be answered: its Promise fails; a join stays, to be made again
    /// on the next link.
    fn request_lost(&mut self, req: Request, message: &str) {
        if let Asked::Join(key) = &req.asked {
            if let Some(sub) = self.subs.get_mut(key) {
                if let Some(ticket) = sub.ticket.take() {
                    self.resolve(
                        ticket,
                        SdkResponse::fail("join", ErrorCode::Disconnected, message),
                        false,
                    );
                }
            }
            return;
        }
        if req.asked == Asked::Offer {
            // The leg's offer is lost with the link; the media was never set up.
            return self.offer_lost(message);
        }
        if let Some(ticket) = req.ticket {
            let action = match req.asked {
                Asked::Leave(_) => "leave",
                _ => "push",
            };
            self.resolve(
                ticket,
                SdkResponse::fail(action, ErrorCode::Disconnected, message),
                false,
            );
        }
    }

    /// Closes on the session's own initiative and starts (or continues) the reconnect loop.
    pub(super) fn drop_link(&mut self, now: Time, reason: &str) {
        self.out.push_back(Output::CloseSocket {
            code: NORMAL,
            reason: reason.to_owned(),
        });
        self.link_down();
        // An ActionCable `disconnect` (reconnect: true) before `welcome` ends a first
        // connection: without this its `connect()` waited through the reconnect loop, past its
        // timeout (found by the `session_actioncable` fuzz target).
        if self.first_connection_failed(text!("the server closed the connection (", reason, ")")) {
            return;
        }
        self.lost(now, None);
    }

    /// The session is over for good.
    pub(super) fn end(&mut self, _now: Time, reason: &str, code: ErrorCode) {
        if self.conn == Conn::Idle {
            return;
        }
        if matches!(self.conn, Conn::Opening { .. } | Conn::Open) {
            self.out.push_back(Output::CloseSocket {
                code: NORMAL,
                reason: "session ended".to_owned(),
            });
        }
        self.link_down();
        self.close_leg();
        if let Some(ticket) = self.connecting.take() {
            self.resolve(ticket, SdkResponse::fail("connect", code, reason), false);
        }
        self.fail_joins(code, reason);
        self.retry = None;
        self.conn = Conn::Idle;
        self.out.push_back(Output::Ended {
            reason: reason.to_owned(),
        });
    }

    /// Every page's `join()` still waiting fails with `code`; the subscriptions stay.
    fn fail_joins(&mut self, code: ErrorCode, reason: &str) {
        for key in self.order.clone() {
            if let Some(ticket) = self.subs.get_mut(&key).and_then(|s| s.ticket.take()) {
                self.resolve(ticket, SdkResponse::fail("join", code, reason), false);
            }
        }
    }

    // ---- attempts ------------------------------------------------------------------------

    /// This session asks the supplier before every connection.
    fn takes_token(&self) -> bool {
        self.kind.takes_token() || (self.kind == Kind::ActionCable && self.settings.cable_token)
    }

    fn begin_attempt(&mut self, now: Time) {
        if self.takes_token() {
            self.conn = Conn::Token {
                deadline: now + self.settings.connect_timeout_ms,
            };
            self.out.push_back(Output::FetchToken);
        } else {
            self.open_socket(now);
        }
    }

    fn open_socket(&mut self, now: Time) {
        self.conn = Conn::Opening {
            deadline: now + self.settings.connect_timeout_ms,
            opened: false,
        };
        let token = match self.kind {
            Kind::Phoenix => self.token.as_deref(),
            Kind::ActionCable if self.settings.cable_token => self.token.as_deref(),
            _ => None,
        };
        let url = wire::socket_url(self.kind, &self.base_url, token);
        self.out.push_back(Output::OpenSocket {
            url,
            protocol: self.kind.subprotocol(),
        });
    }

    /// An attempt failed before its socket opened (no token, timeout).
    fn attempt_failed(&mut self, now: Time, why: &str) {
        if matches!(self.conn, Conn::Opening { .. }) {
            self.out.push_back(Output::CloseSocket {
                code: NORMAL,
                reason: "connect timeout".to_owned(),
            });
        }
        self.link_down();
        if self.first_connection_failed(why) {
            return;
        }
        self.lost(now, None);
    }

    /// A link that failed during the page's `connect()` (its socket closed, its attempt timed
    /// out, or the server sent it away before it was up): the page is waiting, so it is told
    /// now and the session goes back to idle rather than retrying behind its back; true when
    /// that was the case. Only a link that was up once is worth the reconnect loop.
    fn first_connection_failed(&mut self, why: impl Into<String>) -> bool {
        let Some(ticket) = self.connecting.take() else {
            return false;
        };
        let response = SdkResponse::fail("connect", ErrorCode::ConnectFailed, why.into());
        self.resolve(ticket, response, false);
        self.conn = Conn::Idle;
        true
    }

    /// The link is gone but the session is not: schedule the next attempt, after `delay` when
    /// given (a resume), else after the backoff's.
    fn lost(&mut self, now: Time, delay: Option<u64>) {
        if delay.is_none() {
            self.resume_streak = None;
        }
        self.conn = Conn::Down;
        let backoff = self.settings.backoff;
        let mut r = self.retry.unwrap_or(Retry {
            attempt: 0,
            started_at: now,
            next_at: None,
        });
        if r.attempt >= backoff.max_attempts {
            return self.end(now, "reconnectFailed", ErrorCode::Disconnected);
        }
        r.attempt += 1;
        let delay = match delay {
            Some(ms) => ms,
            None => backoff.delay_ms(r.attempt, &mut self.rng),
        };
        r.next_at = Some(now + delay);
        self.retry = Some(r);
        let event = self.attempt_event(now, &r, -1, Some(delay));
        self.emit(Event::Catalog(Made::ReconnectAttempt(event)));
    }

    fn attempt_event(
        &self,
        now: Time,
        r: &Retry,
        code: i64,
        delay: Option<u64>,
    ) -> ReconnectAttemptEvent {
        ReconnectAttemptEvent {
            attempt: i64::from(r.attempt),
            code,
            first_attempt_ts: i64::try_from(self.wall(r.started_at)).unwrap_or(i64::MAX),
            max_attempts: i64::from(self.settings.backoff.max_attempts),
            since_first_attempt_ms: i64::try_from(now - r.started_at).unwrap_or(i64::MAX),
            delay_ms: delay.map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
        }
    }

    pub(super) fn retry_due(&mut self, now: Time) {
        let due = self
            .retry
            .as_ref()
            .and_then(|r| r.next_at)
            .is_some_and(|t| t <= now);
        if due && self.conn == Conn::Down {
            if let Some(r) = &mut self.retry {
                r.next_at = None;
            }
            self.begin_attempt(now);
        }
    }

    pub(super) fn connect_due(&mut self, now: Time) {
        match self.conn {
            Conn::Token { deadline } if now >= deadline => {
                self.attempt_failed(now, "the token supplier did not answer in time")
            }
            Conn::Opening { deadline, opened } if now >= deadline => {
                let why = if opened {
                    "the server did not greet the connection in time"
                } else {
                    "the socket did not open in time"
                };
                self.attempt_failed(now, why)
            }
            _ => {}
        }
    }

    // ---- liveness ------------------------------------------------------------------------

    /// The open link's next deadline: heartbeat, ActionCable staleness and presence, GlobeMeet
    /// token refresh.
    pub(super) fn link_deadline(&self) -> Option<Time> {
        let mut at = self.heartbeat.next_deadline();
        if self.kind == Kind::ActionCable {
            at = super::earliest(at, Some(self.last_frame_at + self.settings.stale_ms));
            at = super::earliest(at, self.presence_due);
        }
        at
    }

    pub(super) fn link_due(&mut self, now: Time) {
        if self.conn != Conn::Open {
            return;
        }
        if self.heartbeat.is_dead(now) {
            let waited = self.heartbeat.timeout_ms();
            self.emit(Event::Catalog(Made::Ping(ping::unanswered(waited))));
            return self.drop_link(now, "heartbeat timeout");
        }
        if self.kind == Kind::ActionCable && now >= self.last_frame_at + self.settings.stale_ms {
            // Two server pings missed: the link is half-open (research/gateway-protocols.md §2.3).
            return self.drop_link(now, "stale: no ping from the server");
        }
        if let Some(sent) = self.heartbeat.poll_ping(now) {
            let id = self.next_ref();
            let frame = match self.kind {
                Kind::Phoenix => wire::phoenix(None, id, wire::PHOENIX_TOPIC, "heartbeat", ""),
                Kind::Kazoo => wire::kazoo("ping", self.token.as_deref().unwrap_or(""), id, None),
                _ => wire::globemeet_ping(id),
            };
            // The heartbeat's own timeout decides death; the request entry only matches the
            // answer, so it never expires first.
            let deadline = now + self.settings.heartbeat.timeout_ms.saturating_mul(2);
            self.requests.insert(
                id,
                Request {
                    asked: Asked::Beat(sent),
                    ticket: None,
                    deadline,
                },
            );
            self.send(frame);
        }
        if self.presence_due.is_some_and(|t| now >= t) {
            self.presence_due = Some(now + self.settings.presence_interval_ms);
            self.send_presence();
        }
        if self.refresh_at.is_some_and(|t| now >= t) && !self.refreshing {
            self.refresh_at = None;
            self.refreshing = true;
            self.out.push_back(Output::FetchToken);
        }
    }

    /// A heartbeat's answer.
    pub(super) fn beat_answered(&mut self, now: Time, sent: Time) {
        if self.heartbeat.handle_pong(now, sent).is_some() {
            let event = ping::answered(sent, now, &self.settings.ping);
            self.emit(Event::Catalog(Made::Ping(event)));
        }
    }

    /// GlobeMeet's expiry (Unix seconds) from `ready` / `refreshed`: refresh
    /// `refresh_before_ms` before it, or halfway through a token shorter than that (a console's
    /// backend may hand out short tokens: refreshing at once would ask the supplier in a loop).
    pub(super) fn token_expires(&mut self, now: Time, expires_at_s: u64) {
        let expiry = self.instant(expires_at_s.saturating_mul(1000));
        let before = Time(
            expiry
                .as_millis()
                .saturating_sub(self.settings.refresh_before_ms),
        );
        let halfway = now + now.until(expiry) / 2;
        self.refresh_at = Some(before.max(halfway));
    }

    /// GlobeMeet `token_expiring`: refresh now.
    pub(super) fn token_expiring(&mut self, now: Time) {
        self.refresh_at = Some(now);
        self.link_due(now);
    }

    /// GlobeMeet `resumed {recovered: false}`: what was missed is gone; the page reloads.
    pub(super) fn not_recovered(&mut self) {
        self.emit(Event::Resync(ResyncEvent {
            event_type: RESYNC,
            reason: "gapTooOld",
            lost_from: 0,
            lost_to: None,
        }));
    }
}
