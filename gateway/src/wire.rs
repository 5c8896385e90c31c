//! Writing to a socket, always within a time bound: a client that stops reading fills the TCP
//! buffers, and a write that waited for it forever would pin the connection's task with it.

use std::time::Duration;

use crate::socket::{CloseFrame, Message, Socket, SocketError};
use agentdesk_core::protocol::v1::ServerFrame;
use tokio::time::{timeout, timeout_at, Instant};

/// How long one write may wait for the client to make room. A client that reads nothing for
/// this long is treated as gone (the socket is dropped; it resumes if it is still there).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long to wait for the client's answer to our close frame before dropping the TCP
/// connection: long enough for a browser, short enough that a silent peer costs nothing.
const CLOSE_HANDSHAKE: Duration = Duration::from_secs(2);

/// A write that did not happen.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WireError {
    /// The socket failed or is closed.
    #[error(transparent)]
    Socket(#[from] SocketError),
    /// The client made no room in time.
    #[error("the client read nothing for {0:?}")]
    Timeout(Duration),
}

/// Writes one text frame (framed straight from `text`: no message object per pong).
pub(crate) async fn send_text(socket: &mut Socket, text: String) -> Result<(), WireError> {
    let written = socket.write_text(&text)?;
    finish(socket, written, WRITE_TIMEOUT).await
}

/// Writes `message`, waiting at most `limit` for the client to make room.
async fn write(socket: &mut Socket, message: Message, limit: Duration) -> Result<(), WireError> {
    let written = socket.write(message)?;
    finish(socket, written, limit).await
}

/// Waits at most `limit` for what a write left buffered. Most writes go out at once, and those
/// need no timer at all (a pong per ping, ~4,000 a second at 20,000 agents).
async fn finish(socket: &mut Socket, written: bool, limit: Duration) -> Result<(), WireError> {
    if written {
        return Ok(());
    }
    timeout(limit, socket.flush())
        .await
        .map_err(|_| WireError::Timeout(limit))?
        .map_err(WireError::from)
}

/// Writes one frame.
pub(crate) async fn send(socket: &mut Socket, frame: &ServerFrame) -> Result<(), WireError> {
    send_text(socket, frame.to_json()).await
}

/// Sends a close frame and gives the client a moment to answer it, so the close code reaches it
/// through an orderly close handshake rather than a dropped TCP connection.
pub(crate) async fn close(socket: &mut Socket, code: u16, reason: &'static str) {
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

/// Sends the close frame alone. Shutting down, or leaving a connection that is probably
/// half-open, the frame is what matters: nobody waits for the answer.
pub(crate) async fn send_close(
    socket: &mut Socket,
    code: u16,
    reason: &'static str,
) -> Result<(), WireError> {
    let frame = CloseFrame {
        code: code.into(),
        reason: reason.into(),
    };
    write(socket, Message::Close(Some(frame)), CLOSE_HANDSHAKE).await
}
