//! Voxsig's face (seed 001): Rails ActionCable at `/cable` with the subprotocol
//! `actioncable-v1-json` (research/gateway-protocols.md §2).
//!
//! - The upgrade must offer `actioncable-v1-json` (400 otherwise: the official client would
//!   close and never reconnect). `{"type":"welcome"}` on open, `{"type":"ping"}` every 3 s.
//! - Authorization is per subscription, as seed 001 shows: `RoomChannel` with `pubsub_token` (a
//!   token of the faces), `account_id` (the tenant's Voxsig account) and `user_id` (the token's
//!   agent). A token that is expired, forged, of another tenant, or that does not match the
//!   account and user of the identifier gets `reject_subscription`. A connection serves one
//!   account: a subscription for another is rejected too.
//! - `update_presence` keeps the user online for 30 s (`presence.update`).
//! - A subscription's token expiring ends the connection with `disconnect {reason:
//!   "unauthorized", reconnect: false}`; a client too far behind gets `disconnect {reason:
//!   "remote", reconnect: true}`; shutdown `server_restart` with reconnect.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use agentdesk_core::dialects::actioncable::frame::{PING_INTERVAL_S, SUBPROTOCOL};
use agentdesk_core::dialects::actioncable::{
    ClientFrame, Connection, DisconnectReason, Identifier, Outcome, Room, ServerFrame,
};
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::{unix_ms, AppState};

use super::feed::{listen, TenantFeed, VoxsigOut};
use super::socket::{Event, In, Wire, MAX_MESSAGE};
use super::voki_calls::until;

/// `GET /cable`.
pub(super) async fn upgrade(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if super::foreign_origin(&state, &headers) {
        // Rails refuses a bad origin with 404 (research §2.1).
        return StatusCode::NOT_FOUND.into_response();
    }
    let ws = ws.protocols([SUBPROTOCOL]);
    if ws.selected_protocol().is_none() {
        return (
            StatusCode::BAD_REQUEST,
            format!("the upgrade must offer the subprotocol {SUBPROTOCOL}"),
        )
            .into_response();
    }
    ws.max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| serve(socket, state))
}

/// A confirmed subscription.
struct Sub {
    user_id: u64,
    expires_at: u64,
}

/// One Voxsig connection.
struct Voxsig {
    wire: Wire,
    state: Arc<AppState>,
    connection: Connection,
    /// The account it serves, once a subscription was confirmed.
    feed: Option<(Arc<TenantFeed>, broadcast::Receiver<Arc<VoxsigOut>>)>,
    subs: BTreeMap<String, Sub>,
}

fn now_ms() -> i64 {
    i64::try_from(unix_ms()).unwrap_or(i64::MAX)
}

async fn serve(socket: WebSocket, state: Arc<AppState>) {
    let links = Arc::clone(&state);
    let (registration, faults) = links.links.register();
    let wire = Wire::new(socket, &state, faults, None);
    let mut v = Voxsig {
        wire,
        state,
        connection: Connection::new(),
        feed: None,
        subs: BTreeMap::new(),
    };
    let mut ping = tokio::time::interval(Duration::from_secs(PING_INTERVAL_S));
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    if v.wire.send(ServerFrame::Welcome.encode()).is_err() {
        return;
    }
    loop {
        let expiry = v.subs.values().map(|s| s.expires_at).min();
        let expired = async {
            match expiry {
                Some(at) => tokio::time::sleep(until(at)).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            ev = v.wire.next() => match ev {
                Event::Frame(In::Text(text)) => v.frame(&text).await,
                Event::Frame(In::Binary) => tracing::debug!("voxsig: binary frame ignored"),
                Event::Gone | Event::WriterGone => break,
                Event::Shutdown | Event::Restart => {
                    v.disconnect(DisconnectReason::ServerRestart, true).await;
                    break;
                }
                Event::Flood => {
                    v.disconnect(DisconnectReason::Remote, true).await;
                    break;
                }
            },
            out = listen(&mut v.feed) => match out {
                Ok(out) => {
                    if !v.deliver(&out) {
                        v.disconnect(DisconnectReason::Remote, true).await;
                        break;
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    v.disconnect(DisconnectReason::Remote, true).await;
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            _ = ping.tick() => {
                if v.wire.send(Connection::ping(unix_ms() / 1000).encode()).is_err() {
                    break;
                }
            }
            () = expired => {
                v.disconnect(DisconnectReason::Unauthorized, false).await;
                break;
            }
        }
    }
    drop(registration);
}

impl Voxsig {
    async fn disconnect(&mut self, reason: DisconnectReason, reconnect: bool) {
        let _ = self
            .wire
            .send(ServerFrame::Disconnect { reason, reconnect }.encode());
        self.wire.close(1000, reason.as_str()).await;
    }

    /// A broadcast to every subscription it is for: all of them for the account, one user's for
    /// `user:{id}`.
    fn deliver(&self, out: &VoxsigOut) -> bool {
        let user = out
            .address
            .strip_prefix("user:")
            .and_then(|u| u.parse::<u64>().ok());
        for (identifier, sub) in &self.subs {
            if user.is_some_and(|u| u != sub.user_id) {
                continue;
            }
            let frame = ServerFrame::Message {
                identifier: identifier.clone(),
                message: out.message.clone(),
            };
            if self.wire.send(frame.encode()).is_err() {
                return false;
            }
        }
        true
    }

    async fn frame(&mut self, text: &str) {
        let frame = match ClientFrame::decode(text) {
            Ok(f) => f,
            Err(e) => {
                // Rails logs and drops a frame it cannot read.
                tracing::debug!("voxsig: frame dropped: {e}");
                return;
            }
        };
        match self.connection.handle(frame, now_ms()) {
            Outcome::Nothing => {}
            Outcome::Send(frame) => {
                let _ = self.wire.send(frame.encode());
            }
            Outcome::Authorize { identifier, room } => self.authorize(&identifier, room).await,
            Outcome::Unsubscribed(_) => {
                // The identifier left the connection's subscriptions; its string is the key.
                let live: Vec<String> = self
                    .connection
                    .subscriptions()
                    .map(|(id, _)| id.to_owned())
                    .collect();
                self.subs.retain(|id, _| live.contains(id));
            }
            Outcome::Presence(room) => {
                let user = room.user_id.and_then(|u| u64::try_from(u).ok());
                if let (Some((feed, _)), Some(user)) = (&self.feed, user) {
                    feed.voxsig_seen(user);
                }
            }
        }
    }

    /// Confirms `room` when its token, account and user agree and it is this connection's
    /// account; rejects it otherwise.
    async fn authorize(&mut self, identifier: &Identifier, room: Room) {
        let admitted = self
            .state
            .faces
            .admit(&self.state.edge, "voxsig", &room.pubsub_token)
            .await;
        let granted = admitted.ok().and_then(|(identity, feed)| {
            let account = room.account_id? == feed.accounts.voxsig;
            let user = u64::try_from(room.user_id?).ok()?;
            let own = feed.lock().voxsig.book.user_id(&identity.agent_no) == user;
            let same = self
                .feed
                .as_ref()
                .is_none_or(|(f, _)| Arc::ptr_eq(f, &feed));
            (account && own && same).then_some((identity, feed, user))
        });
        let Some((identity, feed, user_id)) = granted else {
            tracing::info!("voxsig: subscription rejected");
            let _ = self.wire.send(self.connection.reject(identifier).encode());
            return;
        };
        if self.feed.is_none() {
            let rx = feed.voxsig();
            self.feed = Some((feed, rx));
        }
        self.subs.insert(
            identifier.raw.clone(),
            Sub {
                user_id,
                expires_at: identity.expires_at,
            },
        );
        let _ = self
            .wire
            .send(self.connection.confirm(identifier, room).encode());
    }
}
