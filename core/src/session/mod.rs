//! The session engine: connect → authenticate → login → agent status → logout, with request ids,
//! reply correlation and a timeout per command; and, once logged in, a session that rides
//! through dropped connections: heartbeat, reconnect with backoff, resume without loss.
//!
//! Methods come in the four kinds of quinn-proto: getters; `handle_*` for inputs (a command from
//! the page, a socket event, a frame, a timeout, the browser going online), each stamped with
//! `now`; and `poll_output` / `poll_timeout` for what the shell must do next. The engine performs
//! no I/O, reads no clock and draws randomness only from the seed it was given.
//!
//! The code is split by concern: `state.rs` (the connection's life as one value), `timers.rs`
//! (the table of deadlines), `connect.rs` (socket, authentication, login, reconnect, resume),
//! `commands.rs` (commands, the queue across a drop), this file (the engine, inputs, events and
//! outputs).

mod can;
pub mod close_code;
mod commands;
mod connect;
mod devices;
pub mod dialect;
mod held;
mod keys;
mod output;
mod pending;
mod provider;
mod softphone;
mod state;
mod tabs;
mod timers;
mod wake;

use std::collections::VecDeque;

pub use can::Allowed;
pub use devices::SinkFailure;
pub use keys::MAX_SESSION_KEY_BYTES;
pub use output::{Event, Made, Output, Ticket};
use pending::{PendingKind, Requests};
pub use softphone::{ICE_FAILED_AFTER_WAKE, WAKE_ICE_WINDOW_MS};
use state::Life;
pub use state::Phase;
pub use tabs::Handover;
pub use timers::{Fired, Timer};

use crate::agent::{state_action, AgentStatus};
use crate::command::Command;
use crate::config::Config;
use crate::events::payloads::{AgentStatusEvent, PingEvent, SessionTerminateEvent};
use crate::events::{EventFacts, EventType};
use crate::flows::FlowState;
use crate::local_events::{SessionKeyExpiringEvent, SESSION_KEY_EXPIRING};
use crate::media::Leg;
use crate::protocol::v1::V1;
#[cfg(feature = "json")]
use crate::protocol::Incoming;
use crate::protocol::{Dialect, Outgoing, ReplyFacts};
use crate::quality::ping;
use crate::quality::{StatsTracker, WarningMonitor};
use crate::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use crate::rng::Rng;
use crate::text;
use crate::time::Time;

/// A command given while the link was down, waiting for it (docs/protocol.md §5).
#[derive(Debug, Clone)]
struct Queued {
    ticket: Ticket,
    command: Command,
    deadline: Time,
}

/// One client's engine. `Clone` copies its whole state: a test or fuzz target forks one prepared
/// engine instead of replaying its set-up.
#[derive(Debug, Clone)]
pub struct Engine {
    config: Config,
    dialect: V1,
    rng: Rng,
    /// Unix ms at `Time(0)`, so wall-clock fields (`firstAttemptTs`, ping `ts`) can be derived
    /// from the monotonic time the shell feeds in.
    wall_origin_ms: u64,
    /// Where the connection's life stands, with the data of that step (`state.rs`).
    life: Life,
    status: AgentStatus,
    /// Where the call and supervisor flows stand (docs/flows.md).
    flows: FlowState,
    requests: Requests,
    /// Replies whose settlement waits for the events they caused (`held.rs`).
    held: Vec<held::Held>,
    queued: VecDeque<Queued>,
    /// The softphone leg, while open or opening.
    leg: Option<Leg>,
    /// Audio devices: the list, the page's choices, a switch under way (`devices.rs`).
    devices: crate::media::devices::Devices,
    /// Turns the leg's `getStats()` snapshots into `webrtcStats`.
    stats: StatsTracker,
    /// Raises and clears quality warnings from the samples.
    warnings: WarningMonitor,
    last_event_id: u64,
    /// The browser said it is offline: reconnect attempts wait for `online` (`wake.rs`).
    offline: bool,
    /// The page supplies fresh keys (`setup({ sessionKeyProvider })`, `provider.rs`).
    key_provider: bool,
    out: VecDeque<Output>,
}

impl Engine {
    /// A disconnected, logged-out engine with a fixed seed and clock origin (for tests).
    pub fn new(config: Config) -> Self {
        Self::with_seed(config, 0, 0)
    }

    /// A disconnected, logged-out engine. `seed` drives backoff jitter; `wall_origin_ms` is the
    /// Unix time in ms at `Time(0)` of the shell's monotonic clock.
    pub fn with_seed(config: Config, seed: u64, wall_origin_ms: u64) -> Self {
        let (stats, warnings) = (
            StatsTracker::new(config.quality.stats),
            WarningMonitor::new(config.quality.warnings),
        );
        Self {
            config,
            dialect: V1,
            rng: Rng::new(seed),
            wall_origin_ms,
            life: Life::Idle,
            status: AgentStatus::offline(state_action::LOGOUT),
            flows: FlowState::default(),
            requests: Requests::default(),
            held: Vec::new(),
            queued: VecDeque::new(),
            leg: None,
            devices: Default::default(),
            stats,
            warnings,
            last_event_id: 0,
            offline: false,
            key_provider: false,
            out: VecDeque::new(),
        }
    }

    // ---- getters -------------------------------------------------------------------------

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The agent's status as last reported by the gateway.
    pub fn status(&self) -> &AgentStatus {
        &self.status
    }

    /// True while a socket is open or opening, or a reconnect is scheduled: a session exists.
    pub fn is_connected(&self) -> bool {
        self.life.session().is_some()
    }

    /// True while the reconnect loop runs.
    pub fn is_reconnecting(&self) -> bool {
        self.phase() == Phase::Reconnecting
    }

    /// Where the connection's life stands (`state.rs`).
    pub fn phase(&self) -> Phase {
        self.life.phase()
    }

    /// Why the session ended, once [`Phase::Ended`]: the `sessionTerminate` reason.
    pub fn end_reason(&self) -> Option<&'static str> {
        match self.life {
            Life::Ended { reason } => Some(reason),
            _ => None,
        }
    }

    /// The gateway's session id, once authenticated.
    pub fn session_id(&self) -> Option<&str> {
        self.life.session().and_then(|s| s.session_id.as_deref())
    }

    /// The highest event id delivered.
    pub fn last_event_id(&self) -> u64 {
        self.last_event_id
    }

    /// Where the call and supervisor flows stand.
    pub fn flows(&self) -> &FlowState {
        &self.flows
    }

    // ---- inputs --------------------------------------------------------------------------

    /// One text frame from the socket (the native text-frame path: the gateway's tests, native
    /// load generators, fuzzing). Decoded with serde, then handled as the wasm SDK's JS layer
    /// hands it over: [`Self::handle_event`], [`Self::handle_reply`], ….
    #[cfg(feature = "json")]
    pub fn handle_frame(&mut self, now: Time, text: &str) {
        if !self.frame_arrived(now) {
            return;
        }
        match self.dialect.decode(text) {
            Ok(Incoming::Reply(reply)) => self.on_reply(now, ReplyFacts::from(reply)),
            Ok(Incoming::Event {
                event_id,
                event,
                raw,
            }) => {
                if self.on_event(now, event_id, event.event_type(), event.facts()) {
                    self.deliver(Event::Relayed { event, raw });
                }
            }
            Ok(Incoming::Pong { ts, last_event_id }) => self.on_pong(now, ts, last_event_id),
            Ok(Incoming::Notice(notice)) => {
                let expires_at = notice
                    .fields
                    .get("expiresAt")
                    .and_then(serde_json::Value::as_u64);
                self.on_notice(&notice.kind, expires_at);
            }
            Err(err) => match err
                .is_about_an_event()
                .then(|| self.dialect.event_id_of(text))
                .flatten()
            {
                Some(event_id) => self.on_undecodable(
                    now,
                    event_id,
                    SdkErrorEvent::new(err.code(), err.to_string()),
                ),
                None => self.emit(Event::Error(SdkErrorEvent::new(
                    err.code(),
                    err.to_string(),
                ))),
            },
        }
    }

    /// A catalog event from the gateway, as the JS layer read it: its id, its type and the
    /// fields the engine tracks. When the engine delivers it, it says so in order among its
    /// outputs with [`Event::Gateway`]; the JS layer then hands the payload it holds to the
    /// listeners.
    pub fn handle_event(
        &mut self,
        now: Time,
        event_id: u64,
        event_type: EventType,
        facts: EventFacts<'_>,
    ) {
        if self.take_event(now, event_id, event_type, facts) {
            self.deliver(Event::Gateway(event_type));
        }
    }

    /// [`Self::handle_event`], except that when delivering the event is all there is to do (no
    /// output before it, nothing due after it) it returns true and outputs nothing: the caller
    /// delivers it itself, as it would on [`Event::Gateway`]. Otherwise the outputs say it all,
    /// the delivery among them. The wasm SDK's path for the events whose fields it tracks.
    pub fn take_event(
        &mut self,
        now: Time,
        event_id: u64,
        event_type: EventType,
        facts: EventFacts<'_>,
    ) -> bool {
        if self.frame_arrived(now) && self.on_event(now, event_id, event_type, facts) {
            if self.quiet() {
                return true;
            }
            self.deliver(Event::Gateway(event_type));
        }
        false
    }

    /// Nothing is waiting to go out, and nothing waits on the next delivery (see [`Self::deliver`]).
    fn quiet(&self) -> bool {
        self.out.is_empty() && self.held.is_empty()
    }

    /// The next event, when nothing else is going on, taken in one step: for an event the
    /// caller would hand to [`Self::handle_event`] with no facts (a type whose fields the engine
    /// does not read), on a link that is up, when `event_id` is exactly the next id. Returns
    /// true when it was taken: counted, the link alive at `now`, nothing output; the caller
    /// delivers it itself, as it would on [`Event::Gateway`]. False when it was not looked at:
    /// hand it to [`Self::handle_event`], which handles duplicates, gaps and the rest.
    ///
    /// The same as `handle_event(now, event_id, event_type, EventFacts::default())` followed by
    /// the one `Event::Gateway` output (core/tests/quick_events.rs holds it to that), without the
    /// output queue: the wasm SDK's hot path for three quarters of a console's traffic. It may
    /// leave [`Self::poll_timeout`] later than a timer the shell armed before: that timer then
    /// fires early and finds nothing due, which is harmless.
    pub fn take_next_event(&mut self, now: Time, event_id: u64) -> bool {
        let next = self.last_event_id.checked_add(1) == Some(event_id);
        if !next || !self.quiet() || !self.frame_arrived(now) {
            return false;
        }
        self.last_event_id = event_id;
        true
    }

    /// The reply to a request.
    pub fn handle_reply(&mut self, now: Time, reply: ReplyFacts) {
        if self.frame_arrived(now) {
            self.on_reply(now, reply);
        }
    }

    /// A heartbeat answer echoing the client's timestamp `ts`, with the session's newest event
    /// id when the gateway sends it (docs/protocol.md §6).
    pub fn handle_pong(&mut self, now: Time, ts: u64, last_event_id: Option<u64>) {
        if self.frame_arrived(now) {
            self.on_pong(now, ts, last_event_id);
        }
    }

    /// Out-of-band information: its `kind` and, for `keyExpiring`, `expiresAt`.
    pub fn handle_notice(&mut self, now: Time, kind: &str, expires_at: Option<u64>) {
        if self.frame_arrived(now) {
            self.on_notice(kind, expires_at);
        }
    }

    /// An event whose envelope (and so its id) could be read but whose payload could not be
    /// decoded: an `eventType` from a newer gateway, a payload that fails its check, a frame over
    /// the size limit. It still counts as received: reported once as `sdkError` (`error`, with
    /// the id added to its message), acknowledged with the next ping, and passed over, so the
    /// event after it is no gap. Counting it is what stops a resume from fetching the same frame
    /// again and again (issue 10: ~200 connections in 3 s). A duplicate is dropped silently, as
    /// any duplicate is; an id past the next one is a gap like any other.
    pub fn handle_undecodable_event(&mut self, now: Time, event_id: u64, error: SdkErrorEvent) {
        if self.frame_arrived(now) {
            self.on_undecodable(now, event_id, error);
        }
    }

    fn on_undecodable(&mut self, now: Time, event_id: u64, error: SdkErrorEvent) {
        if !self.accept_event_id(now, event_id) {
            return;
        }
        let message = text!("event ", event_id, " was skipped: ", error.message);
        self.emit(Event::Error(SdkErrorEvent { message, ..error }));
        self.release_held();
    }

    /// A frame the JS layer could not read (it reports that itself): still a sign of life.
    pub fn handle_unreadable_frame(&mut self, now: Time) {
        self.frame_arrived(now);
    }

    /// Any frame counts as activity on an open link; none counts on a closed one.
    fn frame_arrived(&mut self, now: Time) -> bool {
        if let Some(heartbeat) = self.life.heartbeat_mut() {
            heartbeat.handle_activity(now);
        }
        self.life.has_socket()
    }

    /// The client is being destroyed: settle everything and close.
    pub fn handle_shutdown(&mut self, _now: Time) {
        if let Life::LoggingIn { flow, .. } = self.life {
            self.resolve(
                flow.ticket,
                SdkResponse::fail("login", ErrorCode::Disconnected, "the client was destroyed"),
            );
        }
        let message = "the client was destroyed before the reply came";
        self.fail_requests(ErrorCode::Disconnected, message);
        self.release_all_held();
        self.fail_queue(
            ErrorCode::Disconnected,
            "the client was destroyed before the command was sent",
        );
        self.drop_candidate("the client was destroyed before the gateway could check the key");
        self.close_leg();
        if self.life.has_socket() {
            self.close_link(close_code::NORMAL, "client destroyed");
        }
        self.life = Life::Idle;
        self.status = AgentStatus::offline(state_action::LOGOUT);
        self.flows = FlowState::default();
    }

    // ---- outputs -------------------------------------------------------------------------

    /// The next thing for the shell to do; drain until `None` after every input.
    #[must_use]
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    // ---- events --------------------------------------------------------------------------

    /// Takes `event_id` as the next delivered event if it is one: false for a duplicate (a replay
    /// overlapping what was delivered: exactly once means drop it) and for a gap, which closes
    /// the link to resume (docs/protocol.md §5).
    fn accept_event_id(&mut self, now: Time, event_id: u64) -> bool {
        if event_id <= self.last_event_id {
            return false;
        }
        if event_id > self.last_event_id.saturating_add(1) {
            // A hole in the stream: deliver nothing out of order; resume fills it or says why
            // it cannot. A session's ids start at 1, so this holds for its first event too
            // (the property tests found a new session's event 2 taken before its 1).
            let message = text!(
                "expected event ",
                self.last_event_id.saturating_add(1),
                " but got ",
                event_id,
                "; resuming"
            );
            self.gap_found(now, message);
            return false;
        }
        self.last_event_id = event_id;
        true
    }

    /// Takes in a catalog event; true when it is to be delivered now (see [`Self::deliver`]).
    fn on_event(
        &mut self,
        now: Time,
        event_id: u64,
        event_type: EventType,
        facts: EventFacts<'_>,
    ) -> bool {
        if !self.accept_event_id(now, event_id) {
            return false;
        }
        let mine = self
            .life
            .session()
            .is_some_and(|s| facts.is_for(&s.params.tenant_id, &s.params.agent_no));
        if let Some(session) = self.life.session() {
            self.flows
                .on_facts(&session.params.agent_no, event_type, &facts);
        }
        if mine {
            self.media_on_event(event_type);
            match (event_type, facts.status) {
                (EventType::AgentStatus, Some(status)) => {
                    self.status.assign(status);
                    self.flows.on_status(&self.status);
                    self.login_shown_by_status();
                }
                (EventType::SessionTerminate, _) => {
                    if let Some(session) = self.life.session_mut() {
                        session.ended_by_gateway = true;
                    }
                }
                _ => {}
            }
        }
        true
    }

    /// The agent's own logged-in status arrived while its login is on the wire: the gateway
    /// has logged it in. Its step's events come before its reply (docs/protocol.md §3: a reply
    /// follows the events its command caused), so without this a command given by a listener
    /// of those events would be refused as not logged in. The login's Promise still settles
    /// with the reply; the role (`supervisor`) is known from the reply on.
    fn login_shown_by_status(&mut self) {
        if let Life::LoggingIn { shown, .. } = &mut self.life {
            *shown |= self.status.is_logged_in();
        }
    }

    /// Hands the gateway event just taken in to the listeners, in order among the outputs: as
    /// [`Event::Gateway`] (the caller holds the payload) or [`Event::Relayed`] (text frames);
    /// then settles the commands that waited for it. [`Self::take_event`] and
    /// [`Self::take_next_event`] skip this when [`Self::quiet`]: whatever is added here must make
    /// `quiet` false when it has something to do.
    fn deliver(&mut self, event: Event) {
        self.emit(event);
        self.release_held();
    }

    /// A hole in the event ids: report it, close, and resume (docs/protocol.md §5).
    fn gap_found(&mut self, now: Time, message: String) {
        self.emit(Event::Error(SdkErrorEvent::new("EVENT_GAP", message)));
        self.close_link(close_code::GAP, "event gap");
        self.gap_lost(now);
    }

    fn on_pong(&mut self, now: Time, ts: u64, newest: Option<u64>) {
        let sent = Time(ts.saturating_sub(self.wall_origin_ms));
        let answered = self
            .life
            .heartbeat_mut()
            .and_then(|hb| hb.handle_pong(now, sent));
        if answered.is_some() {
            let event = ping::answered(sent, now, &self.config.quality.ping);
            self.emit_ping(event);
        }
        // Events the gateway sent before this pong arrived before it: a newer id means one was
        // lost on the way, with nothing after it to show the hole.
        if let Some(newest) = newest.filter(|n| *n > self.last_event_id) {
            let message = text!(
                "the gateway is at event ",
                newest,
                " but event ",
                self.last_event_id.saturating_add(1),
                " never came; resuming"
            );
            self.gap_found(now, message);
        }
    }

    fn on_notice(&mut self, kind: &str, expires_at: Option<u64>) {
        if kind == "keyExpiring" {
            let expires_at = expires_at.unwrap_or(0);
            self.emit(Event::KeyExpiring(SessionKeyExpiringEvent {
                event_type: SESSION_KEY_EXPIRING,
                expires_at,
            }));
        }
        // `overflow` precedes a 4002 close, which the reconnect handles; other kinds are for
        // newer clients (docs/protocol.md §9).
    }

    /// [`Timer::Liveness`] or [`Timer::Ping`]: judge the link, then ping if one is due.
    pub(super) fn heartbeat_due(&mut self, now: Time) {
        let Some(heartbeat) = self.life.heartbeat_mut() else {
            return;
        };
        if heartbeat.is_late(now) {
            // The page could not run when the heartbeat needed it: probe, judge later (wake.rs).
            heartbeat.handle_late_wake(now);
        }
        if heartbeat.is_dead(now) {
            let waited = heartbeat.timeout_ms();
            self.emit_ping(ping::unanswered(waited));
            self.close_link(close_code::HEARTBEAT_TIMEOUT, "heartbeat timeout");
            return self.link_lost(now, false);
        }
        if let Some(sent) = heartbeat.poll_ping(now) {
            let ts = self.wall(sent);
            self.send(Outgoing::Ping {
                ts,
                ack: Some(self.last_event_id),
            });
        }
    }

    fn emit_ping(&mut self, event: PingEvent) {
        self.emit(Event::Catalog(Made::Ping(event)));
    }

    /// The session is over for good: tell the page what the gateway did not already tell it.
    fn end_session(&mut self, reason: &'static str) {
        self.close_leg();
        self.fail_queue(
            ErrorCode::Disconnected,
            &text!(
                "the session ended (",
                reason,
                ") before the command was sent"
            ),
        );
        self.drop_candidate(&text!(
            "the session ended (",
            reason,
            ") before the gateway could check the key"
        ));
        self.release_all_held();
        let Some((session, _)) = self.life.take_session() else {
            return;
        };
        self.life = Life::Ended { reason };
        if self.status.is_logged_in() {
            let action = match reason {
                "kicked" => state_action::KICKED,
                "keyRevoked" => state_action::KEY_REVOKED,
                "keyInvalid" => state_action::KEY_INVALID,
                "keyExpired" => state_action::KEY_EXPIRED,
                "tenantMismatch" => state_action::TENANT_MISMATCH,
                "logout" => state_action::LOGOUT,
                "forcedOffline" => state_action::FORCED_OFFLINE,
                _ => state_action::CONNECTION_LOST,
            };
            self.status = AgentStatus::offline(action);
            self.flows = FlowState::default();
            if !session.ended_by_gateway {
                self.emit(Event::Catalog(Made::SessionTerminate(
                    SessionTerminateEvent {
                        tenant_id: session.params.tenant_id.clone(),
                        agent_no: session.params.agent_no.clone(),
                        reason: reason.to_owned(),
                    },
                )));
            }
            self.emit(Event::Catalog(Made::AgentStatus(AgentStatusEvent {
                tenant_id: session.params.tenant_id,
                agent_no: session.params.agent_no,
                status: self.status.clone(),
            })));
        }
    }

    // ---- plumbing ------------------------------------------------------------------------

    /// Unix ms of a monotonic instant.
    fn wall(&self, t: Time) -> u64 {
        self.wall_origin_ms.saturating_add(t.as_millis())
    }

    /// Closes the socket on the engine's own initiative; no close event will be reported. The
    /// caller then moves the life to a step without this socket (`link_lost`, `end_session`, a
    /// failed login's `Idle`): the socket's data goes with the step it belonged to.
    fn close_link(&mut self, code: u16, reason: &str) {
        self.out.push_back(Output::CloseSocket {
            code,
            reason: reason.to_owned(),
        });
        self.fail_requests(
            ErrorCode::Disconnected,
            &text!(
                "the SDK closed the connection (",
                reason,
                "); outcome unknown"
            ),
        );
    }

    fn fail_requests(&mut self, code: ErrorCode, message: &str) {
        for (_, pending) in self.requests.drain() {
            if pending.action == "updateSessionKey" {
                self.refresh_cut_off(pending.remembered_key());
            }
            if let Some(ticket) = pending.ticket {
                self.resolve(ticket, SdkResponse::fail(pending.action, code, message));
            }
        }
    }

    fn send(&mut self, message: Outgoing) {
        let frame = self.dialect.encode(message);
        self.out.push_back(Output::Send(frame));
    }

    fn emit(&mut self, event: Event) {
        self.out.push_back(Output::Emit(event));
    }

    /// Settles a command: its `<action>Resp` event first, then its Promise.
    fn resolve(&mut self, ticket: Ticket, response: SdkResponse) {
        self.emit(Event::Response(response.clone()));
        self.out.push_back(Output::Resolve { ticket, response });
    }
}
