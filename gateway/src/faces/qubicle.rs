//! Vinix / Qubicle's face (seed 000): Kazoo blackhole's websocket bindings
//! (research/gateway-protocols.md §3) on its own path of this port, `/qubicle` (Kazoo serves any
//! path on a port of its own, 5555).
//!
//! - A request that offers any `Sec-WebSocket-Protocol` is refused with HTTP 400, as Kazoo does.
//!   No welcome frame, no server ping.
//! - Every request is answered by `kazoo::Subscriber` (rate → authenticate → validate →
//!   authorize → command); the token is a faces' token whose tenant's Qubicle account is the
//!   socket's. Errors are replies and never close the socket.
//! - Events reach the bindings of the socket's account that match their routing key; another
//!   account's never do. As in Kazoo, the token is checked until one succeeds and not again: an
//!   open socket outlives its token (docs/dialects.md §4).
//! - A socket silent for an hour is closed (Kazoo's idle timeout).

use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

use agentdesk_core::dialects::kazoo::Subscriber;
use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::RngCore as _;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{sleep_until, Instant};

use crate::{unix_ms, AppState};

use super::feed::{listen, QubicleOut, TenantFeed};
use super::socket::{Event, In, Wire, MAX_MESSAGE};
use super::tokens::Identity;

/// Kazoo's idle timeout (research §3.1: 1 h; the server never pings).
const IDLE: Duration = Duration::from_secs(3600);

/// `GET /qubicle`.
pub(super) async fn upgrade(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if super::foreign_origin(&state, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    if headers.contains_key(header::SEC_WEBSOCKET_PROTOCOL) {
        return (
            StatusCode::BAD_REQUEST,
            "this endpoint takes no WebSocket subprotocol",
        )
            .into_response();
    }
    ws.max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| serve(socket, state))
}

/// Kazoo's request id for a request without one: 16 random hex characters.
fn request_id() -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now_ms() -> i64 {
    i64::try_from(unix_ms()).unwrap_or(i64::MAX)
}

async fn serve(socket: WebSocket, state: Arc<AppState>) {
    let links = Arc::clone(&state);
    let (registration, faults) = links.links.register();
    // Kazoo's own token bucket answers every request (rate → authenticate → …).
    let mut wire = Wire::new(socket, &state, faults, None).unmetered();
    let mut subscriber = Subscriber::new(now_ms());
    let mut feed: Option<(Arc<TenantFeed>, broadcast::Receiver<Arc<QubicleOut>>)> = None;
    let idle = sleep_until(Instant::now() + IDLE);
    tokio::pin!(idle);
    loop {
        tokio::select! {
            ev = wire.next() => match ev {
                Event::Frame(In::Text(text)) => {
                    idle.as_mut().reset(Instant::now() + IDLE);
                    let verified = RefCell::new(None);
                    let reply = subscriber.handle(&text, now_ms(), &request_id(), |token| verify(&state, token, &verified));
                    if wire.send(reply.encode()).is_err() {
                        break;
                    }
                    if let (None, Some(identity)) = (&feed, verified.into_inner()) {
                        if let Ok((_, tenant)) = state.faces.admit(&state.edge, "qubicle", &identity).await {
                            let rx = tenant.qubicle();
                            feed = Some((tenant, rx));
                        }
                    }
                }
                Event::Frame(In::Binary) => tracing::debug!("qubicle: binary frame ignored"),
                Event::Gone | Event::WriterGone => break,
                Event::Shutdown | Event::Restart | Event::Flood => {
                    wire.close(1001, "going away").await;
                    break;
                }
            },
            out = listen(&mut feed) => match out {
                Ok(out) => {
                    let account = feed.as_ref().map(|(f, _)| f.accounts.qubicle.clone()).unwrap_or_default();
                    let frames = subscriber.deliver(&account, &out.routing_key, &out.name, &out.data);
                    if frames.into_iter().any(|f| wire.send(f.encode()).is_err()) {
                        wire.close(1013, "lagging").await;
                        break;
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    wire.close(1013, "lagging").await;
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            () = &mut idle => {
                wire.close(1000, "idle").await;
                break;
            }
        }
    }
    drop(registration);
}

/// The subscriber's check of a token: its tenant's Qubicle account, or Kazoo's reason. The
/// token itself is kept (in `verified`) to take the tenant's feed once the request succeeded.
fn verify(
    state: &AppState,
    token: &str,
    verified: &RefCell<Option<String>>,
) -> Result<String, String> {
    let identity: Identity = state
        .faces
        .tokens
        .verify(token, super::now_s())
        .map_err(|e| {
            tracing::info!(error_code = e.code(), "qubicle: token refused: {e}");
            format!("({e})")
        })?;
    let account = state
        .config
        .directory
        .tenant(&identity.tenant)
        .map(|t| t.accounts.qubicle.clone())
        .ok_or_else(|| "(unknown tenant)".to_owned())?;
    *verified.borrow_mut() = Some(token.to_owned());
    Ok(account)
}
