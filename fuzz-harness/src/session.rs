//! `session_phoenix`, `session_actioncable`, `session_kazoo`, `session_globemeet`: the SDK's
//! dialect sessions (core/src/session/dialect, issue 14) under structured sequences of what the
//! browser shell can feed them — the dialect's frames as the JS layer reads their routing facts
//! (replies to the requests on the wire, broadcasts of joined and stale joins, a GlobeMeet
//! stream's ids in order, repeated, from the past or a new epoch; welcome / ready / disconnect /
//! refresh notices), garbage facts and another dialect's frames, Phoenix presence and call
//! signaling, socket opens and closes with any code, tokens given or refused, time from
//! milliseconds to hours, the page's connect / close / join / leave / push / softphone, the
//! softphone's reports.
//!
//! Checked after every input, beyond "no panic":
//! - a Promise settles once, and by its command's timeout from the call (join, leave, push: the
//!   request timeout; connect: the token's and the socket's timeouts; softphone: making the offer
//!   and its reply);
//! - a frame is delivered at most once, and only while it is handled (never from a timer);
//!   a GlobeMeet event id never twice and in order within its epoch; a Phoenix message of a
//!   stale join never;
//! - after a timer fires the next deadline is later (no timer that spins), no input makes more
//!   than a bounded number of outputs, and no reconnect loop goes without backoff: at most 3
//!   sockets opened in any virtual second beyond the first one of a `connect()`;
//! - `close()` settles every Promise and leaves no timer.

use std::collections::{BTreeMap, BTreeSet};

use agentdesk_core::json::Json;
use agentdesk_core::media::PREPARE_TIMEOUT_MS;
use agentdesk_core::quality::StatsSnapshot;
use agentdesk_core::session::dialect::{Entries, Frame, Kind, Meta, Output, Session, Settings};
use agentdesk_core::session::Ticket;
use agentdesk_core::time::Time;
use arbitrary::{Arbitrary, Unstructured};
use serde_json::Value;

/// Steps one input may hold.
const MAX_STEPS: usize = 200;

/// Unix ms at the session's `Time(0)`.
const WALL_ORIGIN: u64 = 1_700_000_000_000;

/// Frames of the session the checker keeps, newest last (requests to answer).
const KEEP_SENT: usize = 64;

/// Outputs one input may make: a rejoin of every subscription plus its events. Far above what
/// any input needs (the joins the page made bound it), far below a loop.
const MAX_OUTPUTS_PER_INPUT: usize = 2_000;

/// A text: one of the dialect's words for the place, a recent one the session sent, or any.
#[derive(Debug, Arbitrary)]
enum Word {
    Known(u8),
    Sent(u8),
    Any(String),
}

/// A GlobeMeet event id relative to the last one the checker saw delivered.
#[derive(Debug, Arbitrary)]
enum EventId {
    Next,
    Same,
    Behind(u8),
    Ahead(u8),
    NewEpoch,
    /// Any text: often not an id, but it may read as one of any epoch (issue 10's find).
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Step {
    /// A reply to a request the session sent (the `back`-th newest), accepted or refused.
    Reply {
        back: u8,
        ok: bool,
        stale: bool,
    },
    /// A message on a place (topic, identifier, binding): of its join in force or a stale one.
    Message {
        place: Word,
        event: Word,
        join: u8,
    },
    /// A GlobeMeet event, or any dialect's notice (welcome, ready, disconnect, …).
    Stream {
        id: EventId,
    },
    Notice {
        kind: u8,
        flag: Option<bool>,
        expires_in_s: i32,
    },
    /// Routing facts with no sense in them.
    Garbage {
        a: Option<String>,
        b: Option<String>,
        c: String,
        d: String,
        kind: u8,
    },
    /// Phoenix `presence_state` / `presence_diff`.
    Presence {
        place: Word,
        join: u8,
        diff: bool,
        joins: Vec<(u8, u8)>,
        leaves: Vec<(u8, u8)>,
    },
    /// Phoenix `signal` / `ice_candidate` on a call channel.
    Signal {
        join: u8,
        kind: Option<Word>,
        sdp: bool,
        candidate: bool,
    },
    Opened,
    Closed {
        code: u16,
    },
    Token {
        give: bool,
        empty: bool,
    },
    Advance {
        ms: u16,
    },
    Sleep {
        minutes: u8,
    },
    Connect,
    Close,
    Join {
        place: Word,
        account: u8,
    },
    Leave {
        place: Word,
    },
    Push {
        place: Word,
        event: Word,
    },
    Softphone {
        place: Word,
    },
    Media {
        kind: u8,
    },
}

/// `session_phoenix`.
pub fn phoenix(data: &[u8]) {
    run(Kind::Phoenix, data);
}

/// `session_actioncable`.
pub fn actioncable(data: &[u8]) {
    run(Kind::ActionCable, data);
}

/// `session_kazoo`.
pub fn kazoo(data: &[u8]) {
    run(Kind::Kazoo, data);
}

/// `session_globemeet`.
pub fn globemeet(data: &[u8]) {
    run(Kind::GlobeMeet, data);
}

fn run(kind: Kind, data: &[u8]) {
    let mut u = Unstructured::new(data);
    let seed = u.arbitrary().unwrap_or(0);
    let mut h = Harness::new(kind, seed);
    // Most inputs start connected: the fuzzer's bytes go to what happens on a live link.
    if u.arbitrary().unwrap_or(true) {
        h.connect();
        h.input(|s, now| s.handle_token(now, Some("tok-1".to_owned())));
        h.input(|s, now| s.handle_socket_opened(now));
        match kind {
            Kind::ActionCable => h.notice("welcome", None, 0),
            Kind::GlobeMeet => h.notice("ready", None, 3_600),
            _ => {}
        }
    }
    for _ in 0..MAX_STEPS {
        if u.is_empty() {
            break;
        }
        let Ok(step) = Step::arbitrary(&mut u) else {
            break;
        };
        h.step(step);
    }
    h.finish();
}

/// A GlobeMeet event id read as docs/dialects.md §5 writes it, `epoch-seq`: the epoch is
/// everything before the last `-`, the sequence a number after it.
fn read_event_id(id: &str) -> Option<(String, u64)> {
    let (epoch, seq) = id.rsplit_once('-')?;
    Some((epoch.to_owned(), seq.parse().ok()?))
}

/// Each dialect's places: topics, identifiers, bindings, patterns (seeds 000–004).
fn places(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Phoenix => &["queue:support", "call:c1", "agent:1001", "call:c2"],
        Kind::ActionCable => &[
            r#"{"channel":"NotificationsChannel","pubsub_token":"p1"}"#,
            r#"{"channel":"PresenceChannel","pubsub_token":"p1"}"#,
            r#"{"channel":"CallsChannel","pubsub_token":"p2"}"#,
        ],
        Kind::Kazoo => &[
            "qubicle.queue.acc.*",
            "qubicle.recipient.acc.1001",
            "call.CHANNEL_CREATE.*",
        ],
        _ => &["session.*", "meeting.m1.#", "recording.*"],
    }
}

/// Event names a frame may carry, the dialect's and the session's own.
const EVENTS: &[&str] = &[
    "phx_reply",
    "phx_error",
    "phx_close",
    "call_ended",
    "new_msg",
    "signal",
    "event",
    "reply",
    "confirm_subscription",
    "reject_subscription",
];

struct Harness {
    s: Session,
    kind: Kind,
    now: Time,
    settings: Settings,
    /// The session's recent frames, parsed.
    sent: Vec<Value>,
    next_ticket: u64,
    /// Unsettled Promises and the latest instant each may settle.
    pending: BTreeMap<Ticket, Time>,
    /// Phoenix: the join_ref in force per topic, as the session's last `phx_join` said.
    joins: BTreeMap<String, String>,
    /// GlobeMeet: the epoch and sequence of the stream, and of the last event delivered.
    epoch: u32,
    seq: u64,
    delivered: Option<(String, u64)>,
    seen: BTreeSet<(String, u64)>,
    /// The page called `connect()` and its first socket has not been opened yet.
    first_open: bool,
    /// When the session opened its other sockets, the last second's.
    opens: Vec<Time>,
}

/// Reconnects in any virtual second, at most (issue 10: no reconnect loop without backoff; the
/// engine's property test allows the same).
const MAX_OPENS_PER_SECOND: usize = 3;

/// Whether the frame being handled may reach listeners (at most once in any case).
#[derive(Clone, Copy, PartialEq)]
enum May {
    Deliver,
    /// A stale join's message, or an event id already delivered.
    Never,
}

impl Harness {
    fn new(kind: Kind, seed: u64) -> Self {
        let settings = Settings::default();
        Self {
            s: Session::new(kind, "ws://fuzz.test", settings, seed, WALL_ORIGIN),
            kind,
            now: Time(1_000),
            settings,
            sent: Vec::new(),
            next_ticket: 0,
            pending: BTreeMap::new(),
            joins: BTreeMap::new(),
            epoch: 1,
            seq: 0,
            delivered: None,
            seen: BTreeSet::new(),
            first_open: false,
            opens: Vec::new(),
        }
    }

    fn word(&self, word: &Word, known: &[&str]) -> String {
        match word {
            Word::Known(i) => known[usize::from(*i) % known.len()].to_owned(),
            Word::Sent(i) => self
                .sent_field(*i, &["topic", "identifier", "binding"])
                .unwrap_or_default(),
            Word::Any(s) => s.clone(),
        }
    }

    /// A field of the `back`-th newest frame sent (Phoenix: the array's slots by name).
    fn sent_field(&self, back: u8, names: &[&str]) -> Option<String> {
        if self.sent.is_empty() {
            return None;
        }
        let frame = &self.sent[self.sent.len() - 1 - usize::from(back) % self.sent.len()];
        for name in names {
            let v = match (frame, *name) {
                (Value::Array(a), "join_ref") => a.first(),
                (Value::Array(a), "ref") => a.get(1),
                (Value::Array(a), "topic") => a.get(2),
                (Value::Array(a), "event") => a.get(3),
                (Value::Object(o), "binding") => o.get("data").and_then(|d| d.get("binding")),
                (Value::Object(o), n) => o.get(n),
                _ => None,
            };
            if let Some(Value::String(s)) = v {
                return Some(s.clone());
            }
        }
        None
    }

    fn step(&mut self, step: Step) {
        match step {
            Step::Reply { back, ok, stale } => self.reply(back, ok, stale),
            Step::Message { place, event, join } => {
                let place = self.word(&place, places(self.kind));
                let event = self.word(&event, EVENTS);
                self.message(&place, &event, join);
            }
            Step::Stream { id } => self.stream(id),
            Step::Notice {
                kind,
                flag,
                expires_in_s,
            } => {
                let names = [
                    "welcome",
                    "ping",
                    "disconnect",
                    "ready",
                    "resumed",
                    "refreshed",
                    "token_expiring",
                    "overflow",
                    "error",
                    "pong",
                ];
                let name = names[usize::from(kind) % names.len()];
                self.notice(name, flag, i64::from(expires_in_s));
            }
            Step::Garbage { a, b, c, d, kind } => {
                let (a, b) = (a.as_deref(), b.as_deref());
                let frame = match kind % 4 {
                    0 => Frame::Phoenix {
                        join_ref: a,
                        reference: b,
                        topic: &c,
                        event: &d,
                        status: a,
                        reason: b,
                    },
                    1 => Frame::Cable {
                        kind: a,
                        identifier: b,
                        reason: Some(&c),
                        reconnect: None,
                    },
                    2 => Frame::Kazoo {
                        action: &c,
                        request_id: a,
                        status: b,
                        subscribed_key: Some(&d),
                        error: None,
                    },
                    _ => Frame::GlobeMeet {
                        kind: &c,
                        id: a,
                        expires_at: b.map(|b| b.len() as u64),
                        recovered: None,
                        code: Some(&d),
                    },
                };
                if self.kind == Kind::GlobeMeet && kind % 4 == 3 && c == "event" {
                    // An event is an event however it was made: booked by its id.
                    self.event(frame, a);
                } else {
                    // Garbage is not a stale join's by the model; it may be delivered once.
                    self.frame(frame, May::Deliver);
                }
            }
            Step::Presence {
                place,
                join,
                diff,
                joins,
                leaves,
            } => {
                let topic = self.word(&place, places(self.kind));
                let join_ref = self.join_ref_of(&topic, join);
                let (joins, leaves) = (entries(&joins), entries(&leaves));
                let leaves = diff.then_some(leaves);
                let may = self.may_deliver(&topic, join_ref.as_deref());
                self.checked(may, |s, now| {
                    s.handle_presence(now, &topic, join_ref.as_deref(), joins, leaves)
                });
            }
            Step::Signal {
                join,
                kind,
                sdp,
                candidate,
            } => {
                let topic = "call:c1";
                let join_ref = self.join_ref_of(topic, join);
                let kind = kind.map(|k| self.word(&k, &["answer", "offer", "bye"]));
                let candidate = candidate.then(|| r#"{"candidate":"c","sdpMid":"0"}"#.to_owned());
                self.input(|s, now| {
                    s.handle_signal(
                        now,
                        topic,
                        join_ref.as_deref(),
                        kind.as_deref(),
                        sdp.then_some("v=0"),
                        candidate,
                    )
                });
            }
            Step::Opened => self.input(|s, now| s.handle_socket_opened(now)),
            Step::Closed { code } => self.input(|s, now| s.handle_socket_closed(now, code, "fuzz")),
            Step::Token { give, empty } => {
                let token = give.then(|| {
                    if empty {
                        String::new()
                    } else {
                        "tok-2".to_owned()
                    }
                });
                self.input(|s, now| s.handle_token(now, token));
            }
            Step::Advance { ms } => self.advance(u64::from(ms)),
            Step::Sleep { minutes } => self.advance(u64::from(minutes) * 60_000),
            Step::Connect => self.connect(),
            Step::Close => {
                let ticket = self.ticket(0);
                self.input(|s, now| s.handle_close(now, Some(ticket)));
                self.delivered = None;
                self.seen.clear();
            }
            Step::Join { place, account } => {
                let key = self.word(&place, places(self.kind));
                let account = ["acc", "", "other"]
                    .get(usize::from(account))
                    .map(|a| (*a).to_owned());
                let params = Json::trusted(r#"{"token":"t"}"#);
                let ticket = self.ticket(self.settings.request_timeout_ms);
                self.input(|s, now| s.handle_join(now, ticket, &key, params, account));
            }
            Step::Leave { place } => {
                let key = self.word(&place, places(self.kind));
                let ticket = self.ticket(self.settings.request_timeout_ms);
                self.input(|s, now| s.handle_leave(now, ticket, &key));
            }
            Step::Push { place, event } => {
                let key = self.word(&place, places(self.kind));
                let event = self.word(&event, &["mute", "hold", "ping"]);
                let ticket = self.ticket(self.settings.request_timeout_ms);
                let payload = Json::trusted(r#"{"action":"speak","x":1}"#);
                self.input(|s, now| s.handle_push(now, ticket, &key, &event, payload));
            }
            Step::Softphone { place } => {
                let topic = self.word(&place, places(self.kind));
                let ticket = self.ticket(PREPARE_TIMEOUT_MS + self.settings.request_timeout_ms);
                self.input(|s, now| s.handle_softphone(now, ticket, &topic));
            }
            Step::Media { kind } => {
                let snapshot = StatsSnapshot::default();
                self.input(|s, now| match kind % 5 {
                    0 => s.handle_media_offer(now, "v=0"),
                    1 => s.handle_media_failed(now, "no microphone"),
                    2 => s.handle_media_state(
                        now,
                        ["connected", "failed"][usize::from(kind / 5) % 2],
                    ),
                    3 => s.handle_stats(now, &snapshot),
                    _ => s.handle_stats_unavailable(now),
                });
            }
        }
    }

    fn connect(&mut self) {
        // The socket a connect() the session takes opens is the page's doing, not a reconnect
        // loop's. A connect() refused because one is already under way changes nothing: it used
        // to clear the mark of the one under way, so a page that connects again after each
        // failed first connection looked like a loop without backoff (a false finding of
        // session_phoenix and session_globemeet).
        if !self.s.is_active() {
            self.first_open = true;
        }
        let ticket = self.ticket(2 * self.settings.connect_timeout_ms);
        self.input(|s, now| s.handle_connect(now, ticket));
    }

    /// A new Promise that must settle within `timeout_ms`.
    fn ticket(&mut self, timeout_ms: u64) -> Ticket {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        self.pending.insert(ticket, self.now + timeout_ms);
        ticket
    }

    /// The answer to the `back`-th newest request, in the dialect's words; `stale` gives it a
    /// join_ref that is not the request's (Phoenix).
    fn reply(&mut self, back: u8, ok: bool, stale: bool) {
        let id = self.sent_field(back, &["ref", "request_id", "id"]);
        let join_ref = self.sent_field(back, &["join_ref"]);
        let place = self
            .sent_field(back, &["topic", "identifier"])
            .unwrap_or_default();
        let join_ref = if stale {
            Some("999999".to_owned())
        } else {
            join_ref
        };
        let frame = match self.kind {
            Kind::Phoenix => Frame::Phoenix {
                join_ref: join_ref.as_deref(),
                reference: id.as_deref(),
                topic: &place,
                event: "phx_reply",
                status: Some(if ok { "ok" } else { "error" }),
                reason: (!ok).then_some("unmatched topic"),
            },
            Kind::ActionCable => Frame::Cable {
                kind: Some(if ok {
                    "confirm_subscription"
                } else {
                    "reject_subscription"
                }),
                identifier: Some(&place),
                reason: None,
                reconnect: None,
            },
            Kind::Kazoo => Frame::Kazoo {
                action: "reply",
                request_id: id.as_deref(),
                status: Some(if ok { "success" } else { "error" }),
                subscribed_key: None,
                error: (!ok).then_some("invalid binding"),
            },
            _ => {
                let asked = self.sent_field(back, &["type"]).unwrap_or_default();
                let kind = match (ok, asked.as_str()) {
                    (false, _) => "error",
                    (true, "subscribe") => "subscribed",
                    (true, "unsubscribe") => "unsubscribed",
                    (true, _) => "pong",
                };
                Frame::GlobeMeet {
                    kind,
                    id: id.as_deref(),
                    expires_at: None,
                    recovered: None,
                    code: (!ok).then_some("forbidden"),
                }
            }
        };
        self.frame(frame, May::Deliver);
    }

    /// The join_ref a message on `topic` carries: the join in force (0), none (1, a broadcast)
    /// or an older one.
    fn join_ref_of(&self, topic: &str, join: u8) -> Option<String> {
        let current = self.joins.get(topic).cloned();
        match join % 4 {
            0 | 3 => current,
            1 => None,
            _ => Some(
                current
                    .and_then(|j| j.parse::<u64>().ok())
                    .map_or(0, |j| j.saturating_sub(1))
                    .to_string(),
            ),
        }
    }

    /// Whether a frame of `topic` with `join_ref` may reach listeners: never one of a join
    /// that is not the join in force.
    fn may_deliver(&self, topic: &str, join_ref: Option<&str>) -> May {
        match (join_ref, self.joins.get(topic)) {
            (Some(r), Some(current)) if r != current => May::Never,
            (Some(_), None) => May::Never,
            _ => May::Deliver,
        }
    }

    fn message(&mut self, place: &str, event: &str, join: u8) {
        match self.kind {
            Kind::Phoenix => {
                let join_ref = self.join_ref_of(place, join);
                let may = if event == "phx_reply" {
                    May::Deliver
                } else {
                    self.may_deliver(place, join_ref.as_deref())
                };
                let frame = Frame::Phoenix {
                    join_ref: join_ref.as_deref(),
                    reference: None,
                    topic: place,
                    event,
                    status: None,
                    reason: Some("crash"),
                };
                self.frame(frame, may);
            }
            Kind::ActionCable => {
                let frame = Frame::Cable {
                    kind: None,
                    identifier: Some(place),
                    reason: None,
                    reconnect: None,
                };
                self.frame(frame, May::Deliver);
            }
            Kind::Kazoo => {
                let frame = Frame::Kazoo {
                    action: "event",
                    request_id: None,
                    status: None,
                    subscribed_key: Some(place),
                    error: None,
                };
                self.frame(frame, May::Deliver);
            }
            _ => self.stream(EventId::Next),
        }
    }

    /// A GlobeMeet event (other dialects: a frame of another dialect).
    fn stream(&mut self, id: EventId) {
        // Saturating and wrapping: a read id may have set the stream at the numbers' ends.
        let (epoch, last) = (self.epoch, self.seq);
        let text = match id {
            EventId::Next => format!("e{epoch}-{}", last.saturating_add(1)),
            EventId::Same => format!("e{epoch}-{last}"),
            EventId::Behind(n) => format!("e{epoch}-{}", last.saturating_sub(u64::from(n))),
            EventId::Ahead(n) => format!("e{epoch}-{}", last.saturating_add(2 + u64::from(n))),
            EventId::NewEpoch => format!("e{}-1", epoch.wrapping_add(1)),
            EventId::Text(s) => s,
        };
        let frame = Frame::GlobeMeet {
            kind: "event",
            id: Some(&text),
            expires_at: None,
            recovered: None,
            code: None,
        };
        if self.kind == Kind::GlobeMeet {
            self.event(frame, Some(&text));
        } else {
            self.frame(frame, May::Deliver);
        }
    }

    /// A GlobeMeet `event` frame whose id is `id`, booked by what the id says, not by how the
    /// step made it: an arbitrary string may well read as `epoch-seq` (docs/dialects.md §5,
    /// "ids are `epoch-seq`"), and then it is an id of that epoch like any other.
    fn event(&mut self, frame: Frame<'_>, id: Option<&str>) {
        let Some(key) = id.and_then(read_event_id) else {
            // Not an id: delivered (the page's data is not withheld), nothing to book.
            self.frame(frame, May::Deliver);
            return;
        };
        // Only the epoch in force is remembered (as the session does): a new epoch is the
        // server's history started over, so its ids start over too.
        let duplicate = self.seen.contains(&key)
            || self
                .delivered
                .as_ref()
                .is_some_and(|(e, s)| *e == key.0 && *s >= key.1);
        let delivered = self.frame(frame, if duplicate { May::Never } else { May::Deliver });
        if !delivered {
            return;
        }
        // The steps' ids follow the stream's epoch when it is one of theirs, `e<n>`.
        let ours = key.0.strip_prefix('e').and_then(|n| n.parse::<u32>().ok());
        if let Some(n) = ours.filter(|n| format!("e{n}") == key.0) {
            if n != self.epoch {
                self.seq = 0;
            }
            self.epoch = n;
            self.seq = self.seq.max(key.1);
        }
        if self.delivered.as_ref().is_some_and(|(e, _)| *e != key.0) {
            self.seen.clear();
        }
        self.seen.insert(key.clone());
        self.delivered = Some(key);
    }

    /// A server notice of any dialect; `expires_in_s` from now for the token notices.
    fn notice(&mut self, name: &str, flag: Option<bool>, expires_in_s: i64) {
        let unix_s = (WALL_ORIGIN + self.now.as_millis()) / 1000;
        let expires_at = Some(unix_s.saturating_add_signed(expires_in_s));
        let frame = match self.kind {
            Kind::Phoenix => Frame::Phoenix {
                join_ref: None,
                reference: None,
                topic: "phoenix",
                event: name,
                status: None,
                reason: None,
            },
            Kind::ActionCable => Frame::Cable {
                kind: Some(name),
                identifier: None,
                reason: Some("server_restart"),
                reconnect: flag,
            },
            Kind::Kazoo => Frame::Kazoo {
                action: name,
                request_id: None,
                status: None,
                subscribed_key: None,
                error: None,
            },
            _ => Frame::GlobeMeet {
                kind: name,
                id: None,
                expires_at,
                recovered: flag,
                code: Some("oops"),
            },
        };
        self.frame(frame, May::Deliver);
        if self.kind == Kind::GlobeMeet && self.s.last_event_id().is_none() {
            // `resumed {recovered: false}`: what was missed is gone and the session forgets the
            // id it resumed from (docs/dialects.md §5), so the stream's ids start over.
            self.delivered = None;
            self.seen.clear();
        }
    }

    /// Hands one frame to the session; true when it was delivered.
    fn frame(&mut self, frame: Frame<'_>, may: May) -> bool {
        self.checked(may, |s, now| s.handle_frame(now, frame))
    }

    fn checked(&mut self, may: May, input: impl FnOnce(&mut Session, Time)) -> bool {
        input(&mut self.s, self.now);
        let delivered = self.drain();
        assert!(
            delivered <= 1,
            "one frame delivered {delivered} times ({:?})",
            self.kind
        );
        assert!(
            !(delivered == 1 && may == May::Never),
            "a frame that must not reach listeners was delivered (a stale join's, or an event id already delivered): {:?}",
            self.kind
        );
        delivered == 1
    }

    /// An input that is not a frame: it delivers nothing.
    fn input(&mut self, input: impl FnOnce(&mut Session, Time)) {
        input(&mut self.s, self.now);
        let delivered = self.drain();
        assert_eq!(delivered, 0, "a frame delivered outside its own handling");
    }

    /// Drains the outputs, checking each; returns how many times the frame was delivered.
    fn drain(&mut self) -> usize {
        let mut delivered = 0;
        let mut n = 0;
        while let Some(output) = self.s.poll_output() {
            n += 1;
            assert!(
                n <= MAX_OUTPUTS_PER_INPUT,
                "one input made over {MAX_OUTPUTS_PER_INPUT} outputs"
            );
            match output {
                Output::Send(text) => {
                    let value: Value = match serde_json::from_str(&text) {
                        Ok(v) => v,
                        Err(e) => panic!("the session sent a frame that is not JSON ({e}): {text}"),
                    };
                    if let Value::Array(a) = &value {
                        if a.get(3) == Some(&Value::from("phx_join")) {
                            if let (Some(Value::String(r)), Some(Value::String(t))) =
                                (a.first(), a.get(2))
                            {
                                self.joins.insert(t.clone(), r.clone());
                            }
                        }
                    }
                    if self.sent.len() == KEEP_SENT {
                        self.sent.remove(0);
                    }
                    self.sent.push(value);
                }
                Output::Resolve { ticket, .. } => {
                    let deadline = self.pending.remove(&ticket);
                    assert!(
                        deadline.is_some(),
                        "{ticket:?} settled twice or never given"
                    );
                }
                Output::Deliver => delivered += 1,
                Output::Presence { change, .. } => {
                    for side in [&change.joined, &change.left] {
                        let unique: BTreeSet<&String> = side.iter().collect();
                        assert_eq!(
                            unique.len(),
                            side.len(),
                            "a presence key named twice: {side:?}"
                        );
                    }
                }
                Output::OpenSocket { .. } => {
                    if !std::mem::take(&mut self.first_open) {
                        let now = self.now;
                        self.opens.retain(|t| t.until(now) < 1_000);
                        self.opens.push(now);
                        assert!(
                            self.opens.len() <= MAX_OPENS_PER_SECOND,
                            "{} sockets opened within a second: a reconnect loop without backoff ({:?})",
                            self.opens.len(),
                            self.kind
                        );
                    }
                }
                Output::FetchToken
                | Output::CloseSocket { .. }
                | Output::Emit(_)
                | Output::Media(_)
                | Output::RemoteCandidate(_)
                | Output::Ended { .. } => {}
            }
        }
        delivered
    }

    /// Moves virtual time on by `ms`, firing the session's timer whenever it is due.
    fn advance(&mut self, ms: u64) {
        let until = self.now + ms;
        loop {
            match self.s.poll_timeout() {
                Some(deadline) if deadline <= until => {
                    self.now = deadline.max(self.now);
                    self.s.handle_timeout(self.now);
                    let delivered = self.drain();
                    assert_eq!(delivered, 0, "a frame delivered from a timer");
                    if let Some(next) = self.s.poll_timeout() {
                        assert!(
                            next > self.now,
                            "the timer spins: due at {next:?} again after firing at {:?} ({:?})",
                            self.now,
                            self.kind
                        );
                    }
                    self.overdue();
                }
                _ => break,
            }
        }
        self.now = until;
        self.overdue();
    }

    /// No Promise is pending past its command's timeout.
    fn overdue(&self) {
        if let Some((ticket, deadline)) = self.pending.iter().find(|(_, d)| **d < self.now) {
            panic!(
                "{ticket:?} still pending at {:?}, past its timeout at {deadline:?} ({:?})",
                self.now, self.kind
            );
        }
    }

    /// The page's `close()`: every Promise settled, no timer left.
    fn finish(mut self) {
        let ticket = self.ticket(0);
        self.input(|s, now| s.handle_close(now, Some(ticket)));
        assert!(
            self.pending.is_empty(),
            "Promises left unsettled after close(): {:?}",
            self.pending
        );
        assert_eq!(self.s.poll_timeout(), None, "a timer survived close()");
    }
}

/// Presence entries as the JS layer reads them from an object: unique keys, metas by `phx_ref`.
fn entries(pairs: &[(u8, u8)]) -> Entries {
    let mut by_key: BTreeMap<String, Vec<Meta>> = BTreeMap::new();
    for (key, r) in pairs.iter().take(16) {
        let phx_ref = format!("r{}", r % 8);
        by_key
            .entry(format!("{}", 1000 + u16::from(key % 8)))
            .or_default()
            .push(Meta {
                json: Json::trusted(format!(r#"{{"phx_ref":"{phx_ref}"}}"#)),
                phx_ref,
            });
    }
    by_key.into_iter().collect()
}

/// The steps an input decodes to, for reading a finding.
pub fn describe(data: &[u8]) -> Vec<String> {
    let mut u = Unstructured::new(data);
    let _: u64 = u.arbitrary().unwrap_or(0);
    let connected: bool = u.arbitrary().unwrap_or(true);
    let mut out = vec![format!("connected first: {connected}")];
    while !u.is_empty() && out.len() < MAX_STEPS {
        let Ok(step) = Step::arbitrary(&mut u) else {
            break;
        };
        out.push(format!("{step:?}"));
    }
    out
}
