//! One WebSocket connection speaking protocol v1 (docs/protocol.md §2–§4, §6–§7).
//!
//! Two phases. First the `auth` frame, answered directly on the socket (nothing else can be
//! queued for it yet). Then one loop that owns the socket and waits on four things: the hub
//! stopping it (kick, overflow), the server shutting down, the next queued frame to write, and the
//! next frame from the client, with the heartbeat deadline beside them. Everything written after
//! `auth` goes through the connection's bounded queue, so a reply always precedes the events its
//! command caused.

use std::sync::Arc;
use std::time::Duration;

use agentdesk::core::protocol::v1::{ClientFrame, ServerFrame};
use agentdesk::core::protocol::{Notice, ProtocolError, Reply};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use serde_json::{json, Map, Value};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, timeout_at, Instant};
use tracing::{debug, info};

use crate::auth::{self, AuthError};
use crate::commands::{error_reply, ok_reply, Command, RequestError};
use crate::hub::{close_code, replaced_reply, AgentKey, Attachment, Outbound, Stop};
use crate::{unix_ms, AppState};

/// How long to wait for the client's answer to our close frame before dropping the TCP
/// connection: long enough for a browser, short enough that a silent peer costs nothing.
const CLOSE_HANDSHAKE: Duration = Duration::from_secs(2);

/// The close reason when the first frame is not an `auth`.
const NOT_AUTH_FIRST: &str = "the first frame must be auth";

/// How the main loop ended.
enum End {
    /// Close with this code and reason.
    Close(u16, &'static str),
    /// The queue overflowed: `overflow` notice, then close 4002 (docs/protocol.md §9).
    Overflow,
    /// The client went away (closed, or the socket broke); nothing more to write.
    Gone,
}

/// Serves one upgraded socket until it closes.
pub(crate) async fn serve(mut socket: WebSocket, state: Arc<AppState>) {
    let Some((key, attachment)) = authenticate(&mut socket, &state).await else {
        return;
    };
    let conn_id = attachment.conn_id;
    let mut link = Link {
        socket,
        state: Arc::clone(&state),
        key,
        attachment,
    };
    let end = link.run().await;
    state.hub.detach(&link.key, conn_id);
    link.finish(end).await;
}

/// Waits for the first frame, checks it is a valid `auth`, and attaches to the hub. Answers and
/// closes the socket itself when it is not (docs/protocol.md §2).
async fn authenticate(socket: &mut WebSocket, state: &AppState) -> Option<(AgentKey, Attachment)> {
    let deadline = Instant::now() + state.config.auth_timeout;
    let mut shutdown = state.shutdown.clone();
    let text = loop {
        let received = tokio::select! {
            received = timeout_at(deadline, socket.recv()) => received,
            _ = shutdown.changed() => {
                let _ = send_close(socket, close_code::RESTARTING, "server restarting").await;
                return None;
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
            Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
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
        resume: _,
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
    let key = AgentKey {
        tenant_id,
        agent_no,
    };
    let attachment = state.hub.attach(&key);
    info!(
        tenant_id = key.tenant_id,
        agent_no = key.agent_no,
        session_id = attachment.session_id,
        client = format!("{} {}", client.name, client.version),
        "authenticated"
    );
    // Resume (docs/protocol.md §5) comes with the resilience work: every auth starts a new
    // session for now, so `resumed` is always false.
    let data = json!({
        "sessionId": attachment.session_id,
        "expiresAt": claims.exp,
        "heartbeatMs": state.config.heartbeat_ms,
        "lastEventId": attachment.last_event_id,
        "resumed": false,
    });
    if send(socket, &ServerFrame::Reply(ok_reply(id, data)))
        .await
        .is_err()
    {
        state.hub.detach(&key, attachment.conn_id);
        return None;
    }
    Some((key, attachment))
}

/// The request id of a frame that says it is `auth`, if it has one.
fn auth_id(text: &str) -> Option<u64> {
    let value: Value = serde_json::from_str(text).ok()?;
    (value.get("type")?.as_str()? == "auth")
        .then(|| value.get("id").and_then(Value::as_u64).unwrap_or(0))
}

/// The refused `auth`'s reply, then its close: the reply comes first (docs/protocol.md §2).
async fn refuse(socket: &mut WebSocket, id: u64, error: &AuthError) {
    let reply = error_reply(id, error.error_code(), error.to_string());
    if send(socket, &ServerFrame::Reply(reply)).await.is_ok() {
        close(socket, error.close_code(), error.error_code()).await;
    }
}

/// An authenticated connection.
struct Link {
    socket: WebSocket,
    state: Arc<AppState>,
    key: AgentKey,
    attachment: Attachment,
}

impl Link {
    async fn run(&mut self) -> End {
        let mut last_heard = Instant::now();
        let mut shutdown = self.state.shutdown.clone();
        // The hub drops the stop sender when the session ends (logout); after that the branch
        // must not fire again.
        let mut stop_armed = true;
        loop {
            let idle_deadline = last_heard + self.state.config.idle_timeout;
            tokio::select! {
                // Stops first: an overflowing queue must not be written out before the close.
                biased;
                stop = &mut self.attachment.stop, if stop_armed => match stop {
                    Ok(Stop::Kicked) => {
                        self.flush_queue().await;
                        return End::Close(close_code::KICKED, "kicked by a newer login");
                    }
                    Ok(Stop::Overflow) => return End::Overflow,
                    Err(_) => stop_armed = false,
                },
                _ = shutdown.changed() => return End::Close(close_code::RESTARTING, "server restarting"),
                out = self.attachment.outbound.recv() => match out {
                    Some(Outbound::Frame(frame)) => {
                        if send(&mut self.socket, &frame).await.is_err() {
                            return End::Gone;
                        }
                    }
                    Some(Outbound::Close(code, reason)) => return End::Close(code, reason),
                    None => return End::Gone,
                },
                message = self.socket.recv() => {
                    // Any frame at all, control frames included, shows the peer is alive (§6).
                    last_heard = Instant::now();
                    match message {
                        None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return End::Gone,
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                        Some(Ok(Message::Binary(_))) => {
                            let error = RequestError::BadRequest("binary frames are not part of protocol v1".into());
                            if self.reply(error.reply(0)).is_err() {
                                return End::Overflow;
                            }
                        }
                        Some(Ok(Message::Text(text))) => {
                            if self.handle_text(text.as_str()).is_err() {
                                return End::Overflow;
                            }
                        }
                    }
                },
                _ = sleep_until(idle_deadline) => {
                    return End::Close(close_code::HEARTBEAT_TIMEOUT, "nothing received for too long");
                }
            }
        }
    }

    /// Handles one text frame after `auth`. A frame that cannot be understood gets an error
    /// reply and the connection goes on (docs/protocol.md §1, §3). Err: the queue is full.
    fn handle_text(&mut self, text: &str) -> Result<(), Overflowed> {
        let frame = match ClientFrame::parse(text) {
            Ok(frame) => frame,
            Err(ProtocolError::TooLarge { bytes, max }) => {
                // Not parsed at all: its id is unknown, so 0 (§3).
                return self.reply(RequestError::FrameTooLarge { bytes, max }.reply(0));
            }
            Err(e) => {
                return self.reply(RequestError::BadRequest(e.to_string()).reply(request_id(text)))
            }
        };
        match frame {
            ClientFrame::Auth { id, .. } => self.reply(
                RequestError::BadRequest("this connection is already authenticated".into())
                    .reply(id),
            ),
            ClientFrame::Ping { ts, ack: _ } => {
                // `ack` matters once events are kept for resume (§5).
                self.push(ServerFrame::Pong {
                    ts,
                    server_ts: unix_ms(),
                })
            }
            ClientFrame::Cmd { id, action, params } => self.handle_command(id, &action, &params),
        }
    }

    fn handle_command(
        &mut self,
        id: u64,
        action: &str,
        params: &Map<String, Value>,
    ) -> Result<(), Overflowed> {
        let command = match Command::parse(action, params) {
            Ok(command) => command,
            Err(e) => return self.reply(e.reply(id)),
        };
        if let Command::Login { endpoint, .. } = &command {
            debug!(
                tenant_id = self.key.tenant_id,
                agent_no = self.key.agent_no,
                endpoint_type = endpoint.endpoint_type,
                endpoint = endpoint.endpoint,
                "login"
            );
        }
        let conn_id = self.attachment.conn_id;
        if self
            .state
            .hub
            .change_status(&self.key, conn_id, id, command.change())
        {
            Ok(())
        } else {
            self.push(replaced_reply(id))
        }
    }

    fn reply(&mut self, reply: Reply) -> Result<(), Overflowed> {
        self.push(ServerFrame::Reply(reply))
    }

    /// Queues a frame behind whatever the hub already queued.
    fn push(&mut self, frame: ServerFrame) -> Result<(), Overflowed> {
        match self.attachment.sender.try_send(Outbound::frame(frame)) {
            Ok(()) => Ok(()),
            Err(mpsc::error::TrySendError::Full(_)) => Err(Overflowed),
            // Unreachable while this link holds the receiver; nothing to write to anyway.
            Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
        }
    }

    /// Writes out what is already queued (a kick's `sessionTerminate`), up to a queued close.
    async fn flush_queue(&mut self) {
        while let Ok(out) = self.attachment.outbound.try_recv() {
            let Outbound::Frame(frame) = out else { break };
            if send(&mut self.socket, &frame).await.is_err() {
                break;
            }
        }
    }

    async fn finish(mut self, end: End) {
        match end {
            End::Close(close_code::RESTARTING, reason) => {
                let _ = send_close(&mut self.socket, close_code::RESTARTING, reason).await;
            }
            End::Close(code, reason) => close(&mut self.socket, code, reason).await,
            End::Overflow => {
                let notice = Notice {
                    kind: "overflow".to_owned(),
                    message: format!(
                        "send queue over {} frames",
                        self.state.config.send_queue_frames
                    ),
                    fields: Map::new(),
                };
                if send(&mut self.socket, &ServerFrame::Notice(notice))
                    .await
                    .is_ok()
                {
                    close(
                        &mut self.socket,
                        close_code::OVERFLOW,
                        "send queue overflowed",
                    )
                    .await;
                }
            }
            End::Gone => {}
        }
    }
}

/// The queue is full.
struct Overflowed;

/// The `id` of a frame that could not be parsed as a whole, or 0 when it has none (§3). The
/// frame is within the size limit here: `ClientFrame::parse` checked that first.
fn request_id(text: &str) -> u64 {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("id")?.as_u64())
        .unwrap_or(0)
}

async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> Result<(), axum::Error> {
    socket.send(Message::text(frame.to_json())).await
}

/// Sends a close frame and gives the client a moment to answer it, so the close code reaches it
/// through an orderly close handshake rather than a dropped TCP connection.
async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    if send_close(socket, code, reason).await.is_err() {
        return;
    }
    let deadline = Instant::now() + CLOSE_HANDSHAKE;
    while let Ok(Some(Ok(message))) = timeout_at(deadline, socket.recv()).await {
        if matches!(message, Message::Close(_)) {
            break;
        }
    }
}

/// Sends the close frame alone. Shutting down, the frame is what matters: the process does not
/// wait for every client's answer.
async fn send_close(
    socket: &mut WebSocket,
    code: u16,
    reason: &'static str,
) -> Result<(), axum::Error> {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    socket.send(Message::Close(Some(frame))).await
}
