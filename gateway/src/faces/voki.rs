//! Voki's face (seed 004): Phoenix Channels, serializer V2, at `/socket/websocket`
//! (research/gateway-protocols.md §1).
//!
//! - The token comes as `?token=` (seed 004) or, as phoenix.js's `authToken` option sends it, in
//!   the subprotocol `base64url.bearer.phx.<token>` (answered with `phoenix`). A refused one,
//!   or a missing one, gets HTTP 403 before the upgrade, as Phoenix's `connect/3` error does; a
//!   `vsn` other than 2.0.0 gets 400.
//! - Joins are authorized here: `queue:{id}` and `presence:{id}` for a queue of the token's
//!   tenant, `notification:{id}` for the token's own agent, `call:{id}` for a call the agent is
//!   on (a supervisor: any call of the tenant); anything else is `unauthorized`. The protocol's
//!   own rules (heartbeats, stale join_refs, duplicate joins, leave, the channel limit) are
//!   `phoenix::Channels`'.
//! - The tenant's pushes reach every joined topic; a presence join gets `presence_state` first
//!   and only the diffs after it.
//! - The token's expiry closes the socket (4001): seed 004 says to renew it and reconnect.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use agentdesk_core::dialects::phoenix::frame::{event, VSN};
use agentdesk_core::dialects::phoenix::{Channels, Inbound, Message, Topic};
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use crate::directory::Role;
use crate::AppState;

use super::feed::{TenantFeed, VokiOut};
use super::socket::{Event, In, Wire, MAX_MESSAGE};
use super::tokens::Identity;
use super::voki_calls::Done;

/// The subprotocol phoenix.js offers with a bearer token, and the one it must be answered with.
const BEARER_PREFIX: &str = "base64url.bearer.phx.";
const PHOENIX_PROTOCOL: &str = "phoenix";
/// Close codes: the server goes away (phoenix.js reconnects on any close), the token expired,
/// the client fell too far behind, it sent faster than the frame rate (protocol v1's 4429).
const GOING_AWAY: u16 = 1001;
const TOKEN_EXPIRED: u16 = 4001;
const LAGGING: u16 = 4008;
const RATE_LIMITED: u16 = 4429;

/// The token phoenix.js puts in the subprotocol (`authToken`), if any.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let offered = headers.get(header::SEC_WEBSOCKET_PROTOCOL)?.to_str().ok()?;
    let encoded = offered
        .split(',')
        .map(str::trim)
        .find_map(|p| p.strip_prefix(BEARER_PREFIX))?;
    String::from_utf8(URL_SAFE_NO_PAD.decode(encoded).ok()?).ok()
}

/// `GET /socket/websocket?token=…&vsn=2.0.0`.
pub(super) async fn upgrade(
    State(state): State<Arc<AppState>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if super::foreign_origin(&state, &headers) {
        // Phoenix's `check_origin` answers 403 before the upgrade.
        return StatusCode::FORBIDDEN.into_response();
    }
    if params.get("vsn").map(String::as_str) != Some(VSN) {
        return (
            StatusCode::BAD_REQUEST,
            format!("this endpoint serves Phoenix's V2 serializer only: vsn={VSN}"),
        )
            .into_response();
    }
    let in_protocol = bearer(&headers);
    let Some(token) = params.get("token").cloned().or_else(|| in_protocol.clone()) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let Ok((identity, feed)) = state.faces.admit(&state.edge, "voki", &token).await else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let ws = if in_protocol.is_some() {
        ws.protocols([PHOENIX_PROTOCOL])
    } else {
        ws
    };
    ws.max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| serve(socket, state, identity, feed))
}

/// One Voki socket.
pub(super) struct Voki {
    pub(super) wire: Wire,
    pub(super) state: Arc<AppState>,
    pub(super) identity: Identity,
    pub(super) feed: Arc<TenantFeed>,
    pub(super) channels: Channels,
    /// Per joined topic, the tenant's Voki frame counter at the join: older pushes are in the
    /// join's state already (presence) or happened before it.
    fresh_after: BTreeMap<String, u64>,
    pub(super) done: mpsc::Sender<Done>,
    /// An offer is with the core: trickled candidates wait for its leg (`voki_calls.rs`).
    pub(super) offering: bool,
    pub(super) held: Vec<(Message, crate::port::ControlRequest)>,
}

async fn serve(socket: WebSocket, state: Arc<AppState>, identity: Identity, feed: Arc<TenantFeed>) {
    let links = Arc::clone(&state);
    let (registration, faults) = links.links.register();
    let mut rx = feed.voki();
    let (done, mut answers) = mpsc::channel(64);
    let wire = Wire::new(socket, &state, faults, None);
    let mut voki = Voki {
        wire,
        state,
        identity,
        feed,
        channels: Channels::new(),
        fresh_after: BTreeMap::new(),
        done,
        offering: false,
        held: Vec::new(),
    };
    let expiry = tokio::time::sleep(super::voki_calls::until(voki.identity.expires_at));
    tokio::pin!(expiry);
    loop {
        tokio::select! {
            ev = voki.wire.next() => match ev {
                Event::Frame(In::Text(text)) => voki.frame(&text),
                Event::Frame(In::Binary) => tracing::debug!("voki: binary frame ignored (V2 text frames only)"),
                Event::Gone | Event::WriterGone => break,
                Event::Shutdown | Event::Restart => {
                    voki.wire.close(GOING_AWAY, "going away").await;
                    break;
                }
                Event::Flood => {
                    voki.wire.close(RATE_LIMITED, "rate limited").await;
                    break;
                }
            },
            out = rx.recv() => match out {
                Ok(out) => {
                    if !voki.deliver(&out) {
                        voki.wire.close(LAGGING, "lagging").await;
                        break;
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::info!(tenant = voki.identity.tenant, missed = n, "voki: client lagging; closed");
                    voki.wire.close(LAGGING, "lagging").await;
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            Some(answer) = answers.recv() => voki.answered(answer),
            () = &mut expiry => {
                voki.wire.close(TOKEN_EXPIRED, "token expired").await;
                break;
            }
        }
    }
    drop(registration);
}

impl Voki {
    /// Queues `message`; false when the client no longer reads.
    pub(super) fn send(&self, message: &Message) -> bool {
        self.wire.send(message.encode()).is_ok()
    }

    /// A tenant push, to this socket if it joined the topic after the push was made.
    fn deliver(&self, out: &VokiOut) -> bool {
        if self
            .fresh_after
            .get(&out.topic)
            .is_none_or(|after| out.seq <= *after)
        {
            return true;
        }
        match self
            .channels
            .push(&out.topic, &out.event, out.payload.clone())
        {
            Some(message) => self.send(&message),
            None => true,
        }
    }

    fn frame(&mut self, text: &str) {
        let message = match Message::decode(text) {
            Ok(m) => m,
            Err(e) => {
                // Phoenix's serializer raises on such a frame and the server drops it.
                tracing::debug!("voki: frame dropped: {e}");
                return;
            }
        };
        match self.channels.handle(message) {
            Inbound::Answer(messages) => {
                for m in &messages {
                    if !self.send(m) {
                        return;
                    }
                    if m.event == event::CLOSE {
                        self.fresh_after.remove(&m.topic);
                    }
                }
            }
            Inbound::Stale => {}
            Inbound::Join {
                topic,
                message,
                closed,
            } => {
                if let Some(closed) = closed {
                    self.fresh_after.remove(&closed.topic);
                    let _ = self.send(&closed);
                }
                self.join(&topic, &message);
            }
            Inbound::Push { topic, message } => self.push(&topic, message),
        }
    }

    fn authorize(&self, topic: &Topic) -> bool {
        let tenant = self.state.config.directory.tenant(&self.identity.tenant);
        match topic {
            Topic::Queue(q) | Topic::Presence(q) => tenant.is_some_and(|t| t.queue(q).is_some()),
            Topic::Notification(user) => *user == self.identity.agent_no,
            Topic::Call(call) => {
                let who = (self.identity.role != Role::Supervisor)
                    .then_some(self.identity.agent_no.as_str());
                self.feed.on_call(who, call)
            }
            Topic::Phoenix => false,
        }
    }

    fn join(&mut self, topic: &Topic, message: &Message) {
        if !self.authorize(topic) {
            tracing::info!(
                tenant = self.identity.tenant,
                agent_no = self.identity.agent_no,
                topic = message.topic,
                "voki: join refused"
            );
            let _ = self.send(&self.channels.refuse(message, "unauthorized"));
            return;
        }
        let (seq, presence) = self.feed.voki_join(&message.topic);
        let reply = self.channels.accept(message, json!({}));
        self.fresh_after.insert(message.topic.clone(), seq);
        if !self.send(&reply) {
            return;
        }
        if let Some(state) = presence.and_then(|s| s.as_object().cloned()) {
            if let Some(push) = self
                .channels
                .push(&message.topic, event::PRESENCE_STATE, state)
            {
                let _ = self.send(&push);
            }
        }
    }

    /// A reply with an empty response, or an error with `reason`.
    pub(super) fn reply(
        &self,
        to: &Message,
        outcome: Result<Map<String, serde_json::Value>, String>,
    ) {
        let message = match outcome {
            Ok(response) => Message::reply(to, true, serde_json::Value::Object(response)),
            Err(reason) => Message::refuse(to, &reason),
        };
        let _ = self.send(&message);
    }
}
