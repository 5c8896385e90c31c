//! The SDK's side of the four seed systems' protocols (issue 14): a sans-IO session per dialect
//! — Voki / Phoenix Channels (seed 004), Voxsig / ActionCable (seed 001), Vinix / Qubicle /
//! Kazoo bindings (seed 000), GlobeMeet (seed 002) — behind one face, the same shape as
//! [`super::Engine`]: `handle_*` inputs stamped with `now`, [`Session::poll_output`] and
//! [`Session::poll_timeout`].
//!
//! What stays one with the agentdesk protocol: the reconnect schedule ([`Backoff`], 20 attempts,
//! `reconnectAttempt` events with code −1 then 0), the heartbeat and its `ping` buckets
//! ([`Heartbeat`], scored by [`crate::quality::ping`]) for the dialects that have a
//! request/answer ping, the command timeout, the ticket/Promise settlement and the error events.
//! What a dialect adds is here: what it sends on open (rejoins, resubscriptions, resume), what
//! its frames mean, its own liveness rule (ActionCable's server pings), token refresh.
//!
//! The JS layer parses each frame once (`JSON.parse`) and hands the engine only the frame's
//! routing facts ([`Frame`]): refs, topic, event, type, status, ids. The engine answers with
//! [`Output::Deliver`] (hand the parsed payload to the listeners of the frame's own event name)
//! or drops it (a stale join_ref, a duplicate event id), and with the frames to send.

mod call;
mod frames;
mod link;
pub mod meaning;
pub mod presence;
mod subs;
mod wire;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, VecDeque};

pub use frames::Frame;
pub use presence::{Change, Entries, Meta, Presences};

use super::{Event, Ticket};
use crate::json::Json;
use crate::link::{Backoff, Heartbeat, HeartbeatConfig};
use crate::quality::ping::PingThresholds;
use crate::response::SdkResponse;
use crate::rng::Rng;
use crate::time::Time;

/// The wire protocol a client speaks: `setup({ dialect })`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// docs/protocol.md, the SDK's own gateway protocol (the default).
    #[default]
    Agentdesk,
    /// Voki, Phoenix Channels V2 (seed 004).
    Phoenix,
    /// Voxsig, Rails ActionCable (seed 001).
    ActionCable,
    /// Vinix / Qubicle, Kazoo websocket bindings (seed 000).
    Kazoo,
    /// GlobeMeet, JWT topic pub/sub with resume (seed 002).
    GlobeMeet,
}

impl Kind {
    /// Every dialect, in the order of their indexes at the JS face.
    pub const ALL: [Kind; 5] = [
        Kind::Agentdesk,
        Kind::Phoenix,
        Kind::ActionCable,
        Kind::Kazoo,
        Kind::GlobeMeet,
    ];

    /// Reads `setup({ dialect })`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Its name at the JS face.
    pub fn name(self) -> &'static str {
        match self {
            Self::Agentdesk => "agentdesk",
            Self::Phoenix => "phoenix",
            Self::ActionCable => "actioncable",
            Self::Kazoo => "kazoo",
            Self::GlobeMeet => "globemeet",
        }
    }

    /// The socket path under `baseURL` (docs/gateway.md §12: the gateway's faces).
    pub fn path(self) -> &'static str {
        match self {
            Self::Agentdesk => "/ws",
            Self::Phoenix => "/socket/websocket",
            Self::ActionCable => "/cable",
            Self::Kazoo => "/qubicle",
            Self::GlobeMeet => "/v1/events",
        }
    }

    /// The subprotocol to offer; empty for none (Kazoo refuses any with HTTP 400, seed 000 /
    /// research/gateway-protocols.md §3.1; Phoenix offers none unless the token rides in it).
    pub fn subprotocol(self) -> &'static str {
        match self {
            Self::Agentdesk => "agentdesk.v1",
            Self::Phoenix | Self::Kazoo => "",
            Self::ActionCable => "actioncable-v1-json",
            Self::GlobeMeet => "globemeet-events.v1",
        }
    }

    /// True when the dialect always authenticates with a token from the page's supplier: all
    /// but ActionCable, whose credential (`pubsub_token`) is inside each subscription's
    /// identifier; an ActionCable app that authenticates its connections takes one too when the
    /// page gives it ([`Settings::cable_token`]).
    pub fn takes_token(self) -> bool {
        !matches!(self, Self::ActionCable | Self::Agentdesk)
    }
}

/// The numbers of a dialect session; defaults from the seeds, each settable from `setup()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Reconnect schedule, shared with the agentdesk protocol (PRODUCT.md §2).
    pub backoff: Backoff,
    /// Heartbeat of Phoenix (`heartbeat` on topic `phoenix`), Kazoo (`ping`) and GlobeMeet
    /// (`ping`): the SDK's own 5 s / 10 s, so the `ping` event and its buckets mean the same in
    /// every dialect (phoenix.js's 30 s is a client default, not a server rule).
    pub heartbeat: HeartbeatConfig,
    /// `ping` event buckets.
    pub ping: PingThresholds,
    /// A join, push or subscribe unanswered this long fails locally (phoenix.js 10 s,
    /// research/gateway-protocols.md §1.4; the SDK's command timeout).
    pub request_timeout_ms: u64,
    /// The socket must open (and, for ActionCable and GlobeMeet, say `welcome` / `ready`)
    /// within this.
    pub connect_timeout_ms: u64,
    /// ActionCable: `update_presence` interval while connected (seed 001: "every 30 seconds").
    pub presence_interval_ms: u64,
    /// ActionCable: no frame for this long means a dead link (the Rails client's
    /// `staleThreshold`, two missed 3 s pings: research/gateway-protocols.md §2.3).
    pub stale_ms: u64,
    /// ActionCable: an unconfirmed `subscribe` is sent again after this (the Rails client's
    /// SubscriptionGuarantor, 500 ms; research/gateway-protocols.md §2.3).
    pub resubscribe_ms: u64,
    /// GlobeMeet: ask the supplier for a fresh token this long before the current one expires
    /// (the server warns 60 s before, docs/gateway.md §12; two minutes leaves room for a slow
    /// supplier).
    pub refresh_before_ms: u64,
    /// ActionCable: the page gave a token supplier, so every connection asks it first and
    /// carries the token as `/cable?token=…`. Rails apps that authenticate the connection
    /// (`identified_by`, `reject_unauthorized_connection`) read it from the request there: a
    /// browser cannot set headers on a WebSocket, and the Rails client's `createConsumer` takes a
    /// URL function for the same reason (a fresh token on every reconnect).
    pub cable_token: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            backoff: Backoff::default(),
            heartbeat: HeartbeatConfig::default(),
            ping: PingThresholds::default(),
            request_timeout_ms: 10_000,
            connect_timeout_ms: 10_000,
            presence_interval_ms: 30_000,
            stale_ms: 6_000,
            resubscribe_ms: 500,
            refresh_before_ms: 120_000,
            cable_token: false,
        }
    }
}

/// One thing for the shell to do, in order.
// `Emit` is large for the rare `webrtcStats`-sized events; outputs are drained at once, so
// boxing would only add an allocation (as `session::Output`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Output {
    /// Call the page's token supplier and answer with [`Session::handle_token`]: before every
    /// connection (a fresh token on every reconnect, phoenix PR#6751) and before a GlobeMeet
    /// token expires.
    FetchToken,
    /// Open a WebSocket to `url` offering `protocol` (none when empty).
    OpenSocket {
        /// Full socket URL.
        url: String,
        /// Subprotocol to offer, or "".
        protocol: &'static str,
    },
    /// Send one text frame.
    Send(String),
    /// Close the socket; no close event is to be reported for it.
    CloseSocket {
        /// WebSocket close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// The frame being handled goes to the listeners of its own event name (and of the catalog
    /// event it maps to, docs/dialects.md).
    Deliver,
    /// A presence topic changed: the listeners of `presence` get the keys that joined and left
    /// and the current list ([`Session::presence`]).
    Presence {
        /// The topic.
        topic: String,
        /// Who joined and who left.
        change: Change,
    },
    /// An event the SDK makes (`reconnectAttempt`, `ping`, `sdkError`, `resync`).
    Emit(Event),
    /// Settle a command's Promise. With `reply`, the frame being handled is its answer and its
    /// payload (Phoenix's `response`, Kazoo's `data`) becomes the response's `data`.
    Resolve {
        /// Which call.
        ticket: Ticket,
        /// Its outcome.
        response: SdkResponse,
        /// The frame being handled carries the answer's data.
        reply: bool,
    },
    /// Phoenix: act on the softphone's peer connection (a Voki call channel's leg, `call.rs`);
    /// the results come back through `handle_media_*` and `handle_stats`.
    Media(crate::media::MediaAction),
    /// Phoenix: add the server's trickled ICE candidate (its JSON text) to the leg.
    RemoteCandidate(String),
    /// The session ended for good (the page's `close()`, a server's "do not reconnect",
    /// the last reconnect attempt failed, a refused token): `reason` says which.
    Ended {
        /// Why.
        reason: String,
    },
}

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SubState {
    /// Asked for on this connection; the answer has not come.
    Joining,
    /// Confirmed.
    Joined,
    /// Waiting for the link (or, Phoenix, for the rejoin after a `phx_error`).
    Waiting,
}

/// One subscription: a Phoenix channel (topic), an ActionCable subscription (identifier), a
/// Kazoo binding, a GlobeMeet topic pattern. Rejoined after every reconnect.
#[derive(Debug, Clone)]
struct Sub {
    /// Phoenix: the join params; others: empty.
    params: Json,
    /// Kazoo: the account the binding is in.
    account: Option<String>,
    state: SubState,
    /// Phoenix: the ref of the join in force (its messages carry it).
    join_ref: Option<u64>,
    /// The page's `join()` waiting for the first answer.
    ticket: Option<Ticket>,
    /// When that `join()` fails if still unanswered: the request timeout from the call, even
    /// while the link is down and the join waits for it (a Promise never outlives its timeout).
    ticket_deadline: Time,
    /// ActionCable: when to send `subscribe` again if unconfirmed.
    resend_at: Option<Time>,
    /// Phoenix: when to rejoin after the channel's `phx_error`, and how many rejoins in a row
    /// have been needed (the step of [`PHOENIX_REJOIN_STEPS_MS`]; back to 0 on a join's `ok`).
    rejoin_at: Option<Time>,
    rejoin_tries: u32,
}

/// Phoenix: the waits before rejoining a channel that crashed (`phx_error`), then the last one
/// for every further try — phoenix.js's `rejoinAfterMs` ([1000, 2000, 5000] then 10 000 ms,
/// phoenix 1.8 socket.js). Rejoining at once would let a channel that crashes on every join spin
/// at network speed; the same steps as phoenix.js keep a Voki server's load what it expects.
pub const PHOENIX_REJOIN_STEPS_MS: [u64; 4] = [1_000, 2_000, 5_000, 10_000];

/// What a request in flight is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    /// A join / subscribe of this key.
    Join(String),
    /// A leave / unsubscribe of this key.
    Leave(String),
    /// A Phoenix push.
    Push,
    /// A heartbeat sent at this time.
    Beat(Time),
    /// Phoenix: the softphone's offer, pushed as `signal`.
    Offer,
}

/// A request in flight, by its ref / request id.
#[derive(Debug, Clone)]
struct Request {
    asked: Asked,
    ticket: Option<Ticket>,
    deadline: Time,
}

/// The connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conn {
    /// No session (before `connect()`, after `close()` or the end).
    Idle,
    /// Waiting for the supplier's token before opening.
    Token { deadline: Time },
    /// The socket is opening, or open and waiting for `welcome` / `ready`.
    Opening { deadline: Time, opened: bool },
    /// Open: subscriptions may go out.
    Open,
    /// Between attempts.
    Down,
}

/// A reconnect loop in progress.
#[derive(Debug, Clone, Copy)]
struct Retry {
    attempt: u32,
    started_at: Time,
    next_at: Option<Time>,
}

/// One client's dialect session.
#[derive(Debug, Clone)]
pub struct Session {
    kind: Kind,
    base_url: String,
    settings: Settings,
    rng: Rng,
    wall_origin_ms: u64,
    conn: Conn,
    /// The page's `connect()` waiting for the first link.
    connecting: Option<Ticket>,
    retry: Option<Retry>,
    token: Option<String>,
    heartbeat: Heartbeat,
    /// Subscriptions by key, in the order they were made (rejoined in that order).
    subs: BTreeMap<String, Sub>,
    order: Vec<String>,
    requests: BTreeMap<u64, Request>,
    /// Phoenix refs, Kazoo and GlobeMeet request ids: one counter per socket, as phoenix.js.
    next_ref: u64,
    presences: BTreeMap<String, Presences>,
    /// GlobeMeet: the last delivered event id, `epoch-seq`.
    last_event: Option<(String, u64)>,
    /// GlobeMeet: when to fetch a fresh token.
    refresh_at: Option<Time>,
    /// GlobeMeet: immediate resumes (overflow, going away) in a row, while the current link came
    /// from one; and when the current link came up.
    resume_streak: Option<u32>,
    link_up_at: Option<Time>,
    /// A supplier call is for a refresh, not for a connection.
    refreshing: bool,
    /// ActionCable: when the last frame arrived, and when `update_presence` is next due.
    last_frame_at: Time,
    presence_due: Option<Time>,
    /// Phoenix: the softphone leg of a call channel.
    leg: Option<call::CallLeg>,
    out: VecDeque<Output>,
}

impl Session {
    /// An idle session of dialect `kind` for `base_url` (setup's `baseURL`). `seed` drives the
    /// backoff jitter; `wall_origin_ms` is the Unix time in ms at `Time(0)`.
    pub fn new(
        kind: Kind,
        base_url: &str,
        settings: Settings,
        seed: u64,
        wall_origin_ms: u64,
    ) -> Self {
        Self {
            kind,
            base_url: base_url.to_owned(),
            settings,
            rng: Rng::new(seed),
            wall_origin_ms,
            conn: Conn::Idle,
            connecting: None,
            retry: None,
            token: None,
            heartbeat: Heartbeat::new(settings.heartbeat),
            subs: BTreeMap::new(),
            order: Vec::new(),
            requests: BTreeMap::new(),
            next_ref: 0,
            presences: BTreeMap::new(),
            last_event: None,
            refresh_at: None,
            resume_streak: None,
            link_up_at: None,
            refreshing: false,
            last_frame_at: Time(0),
            presence_due: None,
            leg: None,
            out: VecDeque::new(),
        }
    }

    // ---- getters -------------------------------------------------------------------------

    /// The dialect.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// True while the link is open.
    pub fn is_open(&self) -> bool {
        self.conn == Conn::Open
    }

    /// True while the reconnect loop runs.
    pub fn is_reconnecting(&self) -> bool {
        self.retry.is_some()
    }

    /// True from `connect()` until the session ends.
    pub fn is_active(&self) -> bool {
        self.conn != Conn::Idle
    }

    /// The keys subscribed (joined or waiting to be), in the order they were made.
    pub fn subscriptions(&self) -> &[String] {
        &self.order
    }

    /// True when `key`'s subscription is confirmed on the current link.
    pub fn is_joined(&self, key: &str) -> bool {
        self.subs
            .get(key)
            .is_some_and(|s| s.state == SubState::Joined)
    }

    /// A Phoenix topic's presences.
    pub fn presence(&self, topic: &str) -> Option<&Presences> {
        self.presences.get(topic)
    }

    /// GlobeMeet: the last delivered event id, to resume from.
    pub fn last_event_id(&self) -> Option<String> {
        self.last_event
            .as_ref()
            .map(|(epoch, seq)| crate::text!(epoch.as_str(), "-", *seq))
    }

    // ---- outputs -------------------------------------------------------------------------

    /// The next thing for the shell to do; drain until `None` after every input.
    #[must_use]
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// When the session next needs [`Self::handle_timeout`], if ever.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Time> {
        let mut at = match self.conn {
            Conn::Token { deadline } | Conn::Opening { deadline, .. } => Some(deadline),
            Conn::Open => self.link_deadline(),
            _ => None,
        };
        if let Some(r) = &self.retry {
            at = earliest(at, r.next_at);
        }
        for r in self.requests.values() {
            at = earliest(at, Some(r.deadline));
        }
        for s in self.subs.values().filter(|s| s.ticket.is_some()) {
            at = earliest(at, Some(s.ticket_deadline));
        }
        if self.conn == Conn::Open {
            // Only what `requests_due` acts on: a deadline it would leave in place would fire
            // in a loop (found by `session_phoenix`).
            for s in self.subs.values() {
                if s.state == SubState::Joining {
                    at = earliest(at, s.resend_at);
                }
                if s.state == SubState::Waiting {
                    at = earliest(at, s.rejoin_at);
                }
            }
            // While the supplier is asked, its answer schedules the next refresh: a refresh due
            // meanwhile (the server's `token_expiring`, a past expiry) would fire in a loop.
            if !self.refreshing {
                at = earliest(at, self.refresh_at);
            }
        }
        // The media path does not go through the signaling socket: its timers run regardless.
        earliest(at, self.leg_deadline())
    }

    /// The deadline has come (or passed).
    pub fn handle_timeout(&mut self, now: Time) {
        self.connect_due(now);
        self.requests_due(now);
        self.link_due(now);
        self.retry_due(now);
        self.leg_due(now);
    }

    // ---- plumbing ------------------------------------------------------------------------

    fn send(&mut self, frame: String) {
        self.out.push_back(Output::Send(frame));
    }

    fn emit(&mut self, event: Event) {
        self.out.push_back(Output::Emit(event));
    }

    fn resolve(&mut self, ticket: Ticket, response: SdkResponse, reply: bool) {
        self.out.push_back(Output::Resolve {
            ticket,
            response,
            reply,
        });
    }

    fn next_ref(&mut self) -> u64 {
        self.next_ref += 1;
        self.next_ref
    }

    /// Unix ms of a monotonic instant.
    fn wall(&self, t: Time) -> u64 {
        self.wall_origin_ms.saturating_add(t.as_millis())
    }

    /// The monotonic instant of a Unix ms time (the past clamps to `Time(0)`).
    fn instant(&self, unix_ms: u64) -> Time {
        Time(unix_ms.saturating_sub(self.wall_origin_ms))
    }
}

/// The earlier of two optional deadlines.
fn earliest(a: Option<Time>, b: Option<Time>) -> Option<Time> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b < a { b } else { a }),
        (a, None) => a,
        (None, b) => b,
    }
}
