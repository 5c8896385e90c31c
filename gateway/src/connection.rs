//! One WebSocket connection speaking protocol v1 (docs/protocol.md §2–§7), first phase: the
//! `auth` frame, answered directly on the socket (nothing else can be queued for it yet). A
//! valid `auth` attaches the connection to its session in the hub, new or resumed (§5), and
//! hands the socket to [`crate::link`] for the rest of its life.

use std::sync::Arc;

use agentdesk_core::protocol::v1::{ClientFrame, ServerFrame};
use serde_json::{json, Value};
use tokio::time::{sleep, timeout_at, Instant};
use tracing::info;

use crate::auth::{self, AuthError};
use crate::close_code;
use crate::commands::{error_reply, ok_reply, RequestError};
use crate::hub::{AgentKey, Attachment};
use crate::keys::Claims;
use crate::link::{stay_silent, Link};
use crate::links::{Fault, FaultInbox};
use crate::socket::{Message, Socket};
use crate::wire::{close, send, send_close};
use crate::{later, unix_ms, AppState};

/// The close reason when the first frame is not an `auth`.
const NOT_AUTH_FIRST: &str = "the first frame must be auth";

/// Serves one upgraded socket until it closes.
pub(crate) async fn serve(mut socket: Socket, state: Arc<AppState>) {
    let (registration, mut faults) = state.links.register();
    let Some((key, attachment, claims)) = authenticate(&mut socket, &state, &mut faults).await
    else {
        return;
    };
    registration.identify(&key);
    let link = Link::new(
        socket,
        Arc::clone(&state),
        key,
        attachment,
        faults,
        claims.exp,
    );
    link.run().await;
    drop(registration);
}

/// Waits for the first frame, checks it is a valid `auth`, attaches to the hub and replies.
/// Answers and closes the socket itself when it is not (docs/protocol.md §2).
async fn authenticate(
    socket: &mut Socket,
    state: &AppState,
    faults: &mut FaultInbox,
) -> Option<(AgentKey, Attachment, Claims)> {
    let deadline = later(Instant::now(), state.config.auth_timeout);
    let text = loop {
        let received = tokio::select! {
            received = timeout_at(deadline, socket.recv()) => received,
            // The fault channel also brings the shutdown: it closes (crate::links).
            fault = faults.recv() => {
                match fault {
                    Some(Fault::Drop) => return None,
                    Some(Fault::Silence) => {
                        stay_silent(socket, state, faults).await;
                        return None;
                    }
                    Some(Fault::Restart) | None => {
                        let _ = send_close(socket, close_code::RESTARTING, "server restarting").await;
                        return None;
                    }
                    Some(Fault::Malformed) => {}
                }
                continue;
            }
        };
        match received {
            Err(_) => {
                close(
                    socket,
                    close_code::NOT_AUTHENTICATED,
                    "no auth frame in time",
                )
                .await;
                return None;
            }
            Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return None,
            // A raw `Frame` is never read, only written: ignored like control frames.
            Ok(Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)))) => continue,
            Ok(Some(Ok(Message::Binary(_)))) => {
                close(socket, close_code::NOT_AUTHENTICATED, NOT_AUTH_FIRST).await;
                return None;
            }
            Ok(Some(Ok(Message::Text(text)))) => break text,
        }
    };
    let parsed = ClientFrame::parse(text.as_str());
    let Ok(ClientFrame::Auth {
        id,
        tenant_id,
        agent_no,
        session_key,
        client,
        resume,
    }) = parsed
    else {
        // An `auth` of the wrong shape is still owed its reply; anything else first is not.
        if let (Err(e), Some(id)) = (&parsed, auth_id(text.as_str())) {
            let reply = RequestError::BadRequest(e.to_string()).reply(id);
            let _ = send(socket, &ServerFrame::Reply(reply)).await;
        }
        close(socket, close_code::NOT_AUTHENTICATED, NOT_AUTH_FIRST).await;
        return None;
    };
    let checked = auth::check(
        &state.keys,
        &state.config.directory,
        &tenant_id,
        &agent_no,
        &session_key,
        unix_ms(),
    );
    let claims = match checked {
        Ok(claims) => claims,
        Err(e) => {
            info!(
                tenant_id,
                agent_no,
                error_code = e.error_code(),
                "auth refused"
            );
            refuse(socket, id, &e).await;
            return None;
        }
    };
    let who = format!("{tenant_id}\t{agent_no}");
    if let Err(wait) = crate::limits::check(&state.guards.connects_per_agent, &who) {
        info!(tenant_id, agent_no, "auth refused: too many connections");
        let message = format!(
            "too many connections of this agent; try again in {} s",
            wait.as_secs() + 1
        );
        let reply = error_reply(id, "RATE_LIMITED", message);
        if send(socket, &ServerFrame::Reply(reply)).await.is_ok() {
            close(socket, close_code::RATE_LIMITED, "too many connections").await;
        }
        return None;
    }
    let key = AgentKey {
        tenant_id,
        agent_no,
    };
    let attachment = match state.edge.attach(&key, resume.as_ref()).await {
        Ok(attachment) => attachment,
        Err(e) => {
            // The core (or its carrier) is away: a retryable close, the client comes back.
            info!(
                tenant_id = key.tenant_id,
                agent_no = key.agent_no,
                "auth deferred: {e}"
            );
            let reply = error_reply(id, "UNAVAILABLE", e.to_string());
            if send(socket, &ServerFrame::Reply(reply)).await.is_ok() {
                close(socket, close_code::RESTARTING, "contact center unavailable").await;
            }
            return None;
        }
    };
    info!(
        tenant_id = key.tenant_id,
        agent_no = key.agent_no,
        session_id = attachment.session_id,
        resume = ?attachment.resume,
        client = format!("{} {}", client.name, client.version),
        "authenticated"
    );
    let reply = ServerFrame::Reply(ok_reply(id, auth_data(state, &claims, &attachment)));
    // The `delay` fault delays every frame, this one too. Not on the fault channel: a fault
    // arriving meanwhile is the connection loop's to read.
    let mut shutdown = state.shutdown.clone();
    let delayed = tokio::select! {
        () = sleep(state.links.delay()) => true,
        _ = shutdown.changed() => false,
    };
    if !delayed || send(socket, &reply).await.is_err() {
        state
            .edge
            .detach(&attachment.session_id, attachment.conn_id);
        return None;
    }
    Some((key, attachment, claims))
}

/// The auth reply's `data` (docs/protocol.md §2, §5). `lastEventId` is the session's newest
/// event before any replay or resynchronising `agentStatus`, so what follows continues from it.
fn auth_data(state: &AppState, claims: &Claims, attachment: &Attachment) -> Value {
    let mut data = json!({
        "sessionId": attachment.session_id,
        "expiresAt": claims.exp,
        "heartbeatMs": state.config.heartbeat_ms,
        "lastEventId": attachment.last_event_id,
        "resumed": attachment.resume.resumed(),
    });
    if let (Some(error), Value::Object(map)) = (attachment.resume.error(), &mut data) {
        map.insert("resumeError".into(), json!(error));
    }
    data
}

/// The request id of a frame that says it is `auth`, if it has one.
pub(crate) fn auth_id(text: &str) -> Option<u64> {
    let value: Value = serde_json::from_str(text).ok()?;
    (value.get("type")?.as_str()? == "auth")
        .then(|| value.get("id").and_then(Value::as_u64).unwrap_or(0))
}

/// The refused `auth`'s reply, then its close: the reply comes first (docs/protocol.md §2).
async fn refuse(socket: &mut Socket, id: u64, error: &AuthError) {
    let reply = error_reply(id, error.error_code(), error.to_string());
    if send(socket, &ServerFrame::Reply(reply)).await.is_ok() {
        close(socket, error.close_code(), error.error_code()).await;
    }
}
