//! GlobeMeet's face (seed 002): `/v1/events`, subprotocol `globemeet-events.v1`, JWT, topic
//! subscriptions with wildcards, one event per frame with its id, resume from the last id,
//! `overflow` for a client that lags more than 5 s (docs/dialects.md §5).
//!
//! - Credentials: `Authorization: Bearer` and `Last-Event-ID` for clients that can set headers;
//!   `?token=` and `?last_event_id=` for browsers, which cannot; or a first frame `auth`. A token
//!   given in the handshake and refused is answered HTTP 401 before the upgrade; one in `auth` is
//!   answered `error` and close 4401. No `auth` in time closes 4400.
//! - What a token may see: a supervisor the tenant's whole stream; an agent their own `agent.*`
//!   and `qa.*` and the `queue.*`, `session.*`, `recording.*` topics of their queues.
//! - The stream is the tenant's [`History`](agentdesk_core::dialects::globemeet::History); each
//!   connection reads it from its own position. A resume starts at the client's last id when the
//!   history still holds everything after it (`resumed {recovered: true}`), and the missed events
//!   its subscriptions cover come first, in order; otherwise `recovered: false` and the client
//!   reloads. A resuming connection holds its position until its first `subscribe`.
//! - A frame that waited more than 5 s to be written is not: `overflow {last_event_id}` and
//!   close 4008 go out instead, and the client resumes from that id.

use std::collections::HashMap;
use std::sync::Arc;

use agentdesk_core::dialects::globemeet::frame::{close, MAX_LAG_MS, SUBPROTOCOL};
use agentdesk_core::dialects::globemeet::topic::word;
use agentdesk_core::dialects::globemeet::{ClientFrame, Grant, ServerFrame, Step, Subscriber};
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;
use tokio::time::{sleep, timeout_at, Instant};

use crate::directory::Role;
use crate::AppState;

use super::feed::TenantFeed;
use super::socket::{Event, In, Lag, Wire, MAX_MESSAGE};
use super::tokens::Identity;
use super::voki_calls::until;

/// How soon a connection whose writer queue was full reads the stream again.
const STALL_RETRY: std::time::Duration = std::time::Duration::from_millis(100);

/// What the handshake carried.
struct Handshake {
    token: Option<String>,
    last_event_id: Option<String>,
}

fn header_text(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// `GET /v1/events`.
pub(super) async fn upgrade(
    State(state): State<Arc<AppState>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if super::foreign_origin(&state, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let ws = ws.protocols([SUBPROTOCOL]);
    if ws.selected_protocol().is_none() {
        return (
            StatusCode::BAD_REQUEST,
            format!("the upgrade must offer the subprotocol {SUBPROTOCOL}"),
        )
            .into_response();
    }
    let bearer = header_text(&headers, header::AUTHORIZATION)
        .and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned));
    let handshake = Handshake {
        token: bearer.or_else(|| params.get("token").cloned()),
        last_event_id: header_text(&headers, "last-event-id")
            .or_else(|| params.get("last_event_id").cloned()),
    };
    let admitted = match &handshake.token {
        Some(token) => match state.faces.admit(&state.edge, "globemeet", token).await {
            Ok(admitted) => Some(admitted),
            Err(e) => {
                return (StatusCode::UNAUTHORIZED, format!("{}: {e}", e.code())).into_response()
            }
        },
        None => None,
    };
    ws.max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| serve(socket, state, handshake, admitted))
}

/// The notice a lagging client gets instead of the frame that waited too long.
fn overflow(last: Option<&str>) -> String {
    let message = format!(
        "you lagged more than {} s; reconnect with last_event_id to resume",
        MAX_LAG_MS / 1000
    );
    ServerFrame::Overflow {
        last_event_id: last.map(str::to_owned),
        message,
    }
    .encode()
}

/// One GlobeMeet connection, authenticated.
struct Globemeet {
    wire: Wire,
    state: Arc<AppState>,
    identity: Identity,
    feed: Arc<TenantFeed>,
    subscriber: Subscriber,
    head: watch::Receiver<u64>,
    /// The history position this connection has read up to.
    cursor: u64,
    /// A resume waiting for the first `subscribe`: the position holds until then.
    resuming: bool,
    /// The writer's queue was full: read again shortly from where it stopped.
    stalled: bool,
}

fn grant(identity: &Identity) -> Grant {
    Grant {
        tenant: identity.tenant.clone(),
        subject: identity.agent_no.clone(),
        expires_at: identity.expires_at,
    }
}

async fn serve(
    socket: WebSocket,
    state: Arc<AppState>,
    handshake: Handshake,
    admitted: Option<(Identity, Arc<TenantFeed>)>,
) {
    let links = Arc::clone(&state);
    let (registration, faults) = links.links.register();
    let lag = Lag {
        max: std::time::Duration::from_millis(MAX_LAG_MS),
        notice: overflow,
        code: close::OVERFLOW,
        reason: "overflow",
    };
    let mut wire = Wire::new(socket, &state, faults, Some(lag));
    let authenticated = match admitted {
        Some((identity, feed)) => Some((identity, feed, handshake.last_event_id)),
        None => first_frame(&mut wire, &state).await,
    };
    if let Some((identity, feed, last_event_id)) = authenticated {
        let head = feed.head();
        let subscriber = Subscriber::new(grant(&identity));
        let mut g = Globemeet {
            wire,
            state,
            identity,
            feed,
            subscriber,
            head,
            cursor: 0,
            resuming: false,
            stalled: false,
        };
        if g.start(last_event_id.as_deref()) {
            g.run().await;
        }
    }
    drop(registration);
}

/// A browser's first frame: `auth {token, last_event_id?}`.
async fn first_frame(
    wire: &mut Wire,
    state: &Arc<AppState>,
) -> Option<(Identity, Arc<TenantFeed>, Option<String>)> {
    let deadline = Instant::now() + state.config.auth_timeout;
    let text = match timeout_at(deadline, wire.next()).await {
        Err(_) => {
            wire.close(close::BAD_REQUEST, "no auth in time").await;
            return None;
        }
        Ok(Event::Frame(In::Text(text))) => text,
        Ok(Event::Frame(In::Binary)) => {
            wire.close(close::BAD_REQUEST, "text frames only").await;
            return None;
        }
        Ok(Event::Shutdown | Event::Restart) => {
            wire.close(close::GOING_AWAY, "going away").await;
            return None;
        }
        Ok(Event::Flood) => {
            wire.close(close::RATE_LIMITED, "rate limited").await;
            return None;
        }
        Ok(Event::Gone | Event::WriterGone) => return None,
    };
    let Ok(ClientFrame::Auth {
        token,
        last_event_id,
    }) = ClientFrame::decode(&text)
    else {
        let _ = wire.send(
            ServerFrame::Error {
                id: None,
                code: "AUTH_FIRST".into(),
                message: "the first frame must be auth".into(),
            }
            .encode(),
        );
        wire.close(close::BAD_REQUEST, "the first frame must be auth")
            .await;
        return None;
    };
    match state.faces.admit(&state.edge, "globemeet", &token).await {
        Ok((identity, feed)) => Some((identity, feed, last_event_id)),
        Err(e) => {
            let _ = wire.send(
                ServerFrame::Error {
                    id: None,
                    code: e.code().into(),
                    message: e.to_string(),
                }
                .encode(),
            );
            wire.close(close::UNAUTHORIZED, "unauthorized").await;
            None
        }
    }
}

impl Globemeet {
    /// `ready`, and `resumed` when the client asked to resume; false when the client is gone.
    fn start(&mut self, last_event_id: Option<&str>) -> bool {
        let feed = Arc::clone(&self.feed);
        let mut st = feed.lock();
        let head = st.history.last_seq();
        let last = st.history.last_id().map(|id| id.to_string());
        let mut frames = vec![ServerFrame::Ready {
            expires_at: self.identity.expires_at,
            last_event_id: last,
        }];
        self.cursor = head;
        if let Some(from) = last_event_id {
            let (recovered, missed) = match st.history.position(from, feed.now_ms()) {
                Ok(seq) => {
                    self.cursor = seq;
                    self.resuming = true;
                    (true, head - seq)
                }
                Err(_) => (false, 0),
            };
            frames.push(ServerFrame::Resumed {
                from: from.to_owned(),
                recovered,
                replayed: missed,
            });
        }
        drop(st);
        frames
            .into_iter()
            .all(|f| self.wire.send(f.encode()).is_ok())
    }

    async fn run(&mut self) {
        loop {
            let deadline = self.subscriber.next_deadline();
            tokio::select! {
                ev = self.wire.next() => match ev {
                    Event::Frame(In::Text(text)) => {
                        if !self.frame(&text).await {
                            return;
                        }
                    }
                    Event::Frame(In::Binary) => return self.wire.close(close::BAD_REQUEST, "text frames only").await,
                    Event::Gone | Event::WriterGone => return,
                    Event::Shutdown | Event::Restart => return self.wire.close(close::GOING_AWAY, "going away").await,
                    Event::Flood => return self.wire.close(close::RATE_LIMITED, "rate limited").await,
                },
                changed = self.head.changed() => {
                    if changed.is_err() || !self.pump().await {
                        return;
                    }
                }
                () = sleep(STALL_RETRY), if self.stalled => {
                    if !self.pump().await {
                        return;
                    }
                }
                () = sleep(until(deadline)) => {
                    if let Some(step) = self.subscriber.poll(super::now_s()) {
                        if !self.step(step).await {
                            return;
                        }
                    }
                }
            }
        }
    }

    /// One client frame; false when the connection ends.
    async fn frame(&mut self, text: &str) -> bool {
        let frame = match ClientFrame::decode(text) {
            Ok(f) => f,
            Err(e) => {
                let _ = self.wire.send(
                    ServerFrame::Error {
                        id: None,
                        code: "BAD_REQUEST".into(),
                        message: e.to_string(),
                    }
                    .encode(),
                );
                self.wire.close(close::BAD_REQUEST, "bad frame").await;
                return false;
            }
        };
        let subscribing = matches!(frame, ClientFrame::Subscribe { .. });
        let tokens = &self.state.faces.tokens;
        let step = self.subscriber.handle(frame, |token| {
            tokens.verify(token, super::now_s()).map(|id| grant(&id))
        });
        self.step(step).await && (!subscribing || self.pump().await)
    }

    async fn step(&mut self, step: Step) -> bool {
        match step {
            Step::Send(frames) => frames
                .into_iter()
                .all(|f| self.wire.send(f.encode()).is_ok()),
            Step::Close(code, reason) => {
                self.wire.close(code, reason).await;
                false
            }
        }
    }

    /// True when this token may see `topic` (`family.scope.event`).
    fn visible(&self, topic: &str) -> bool {
        if self.identity.role == Role::Supervisor {
            return true;
        }
        let mut words = topic.split('.');
        let (Some(family), Some(scope)) = (words.next(), words.next()) else {
            return false;
        };
        match family {
            "agent" | "qa" => scope == word(&self.identity.agent_no),
            _ => self
                .state
                .config
                .directory
                .tenant(&self.identity.tenant)
                .is_some_and(|t| {
                    t.queues.iter().any(|q| {
                        q.members.contains(&self.identity.agent_no) && word(&q.id) == scope
                    })
                }),
        }
    }

    /// What the stream holds after this connection's position that its subscriptions cover,
    /// with the position it reaches; `None` when it fell out of the history.
    fn read(&mut self) -> Option<(Vec<(String, u64, String)>, u64)> {
        let feed = Arc::clone(&self.feed);
        let subscribed = !self.subscriber.patterns().is_empty();
        let mut st = feed.lock();
        if !subscribed {
            if !self.resuming {
                // Nothing asked for: nothing owed.
                self.cursor = st.history.last_seq();
            }
            return Some((Vec::new(), self.cursor));
        }
        self.resuming = false;
        self.stalled = false;
        let mut out = Vec::new();
        for e in st.history.after(self.cursor, feed.now_ms()).ok()? {
            if self.subscriber.wants(&e.topic) && self.visible(&e.topic) {
                out.push((e.frame.clone(), e.seq));
            }
        }
        let head = st.history.last_seq();
        Some((
            out.into_iter()
                .map(|(frame, seq)| (frame, seq, st.history.id_of(seq).to_string()))
                .collect(),
            head,
        ))
    }

    /// Writes what [`Globemeet::read`] found; false when the connection ends (it fell out of
    /// the history: `overflow`).
    async fn pump(&mut self) -> bool {
        let Some((frames, head)) = self.read() else {
            let _ = self.wire.send(overflow(None));
            self.wire.close(close::OVERFLOW, "overflow").await;
            return false;
        };
        for (frame, seq, id) in frames {
            if self.wire.send_id(frame, Some(id)).is_err() {
                // The writer's queue is full: read again from this frame shortly. If the client
                // does not catch up, the writer's lag rule sends `overflow` after 5 s.
                self.cursor = seq - 1;
                self.stalled = true;
                return true;
            }
        }
        self.cursor = head;
        true
    }
}
