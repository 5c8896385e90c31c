//! What a connection does with the text a client sends, without a socket: the entry points of
//! the fuzz target `gateway_client_frame` (fuzz/, docs/RELIABILITY.md). Each runs the same
//! decoders and checks as the connection does — the frame, the `auth` key and claims, a
//! command's params — and the failure reply it would write, so a panic anywhere on that path
//! shows up here. Nothing else calls them.
//!
//! [`websocket_bytes`] is the entry of `gateway_websocket`: the bytes a client sends on `/ws`,
//! read by the edge's own RFC 6455 reader (crate::socket) as they arrive in chunks.

use std::io;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use agentdesk_core::flows::{CallAction, CallCommand};
use agentdesk_core::protocol::v1::{ClientFrame, ServerFrame};
use agentdesk_core::protocol::ProtocolError;
use serde_json::{Map, Value};

use crate::auth;
use crate::commands::{Command, RequestError};
use crate::directory::Directory;
use crate::keys::SessionKeys;
use crate::socket::{Message, Socket, SocketLimits};
use crate::websocket_frames::MAX_HEADER;

/// A fixed clock: keys are judged at this Unix ms.
const NOW_MS: u64 = 1_716_200_000_000;

fn keys() -> &'static SessionKeys {
    static KEYS: OnceLock<SessionKeys> = OnceLock::new();
    KEYS.get_or_init(|| SessionKeys::new(b"fuzz".to_vec(), Duration::from_secs(3_600)))
}

fn directory() -> Option<&'static Directory> {
    static DIRECTORY: OnceLock<Option<Directory>> = OnceLock::new();
    DIRECTORY.get_or_init(|| Directory::builtin().ok()).as_ref()
}

/// One text frame from a client, as the first frame (`auth`) or a later one.
pub fn client_frame(text: &str) {
    match ClientFrame::parse(text) {
        Ok(ClientFrame::Auth {
            id,
            tenant_id,
            agent_no,
            session_key,
            ..
        }) => {
            check_auth(id, &tenant_id, &agent_no, &session_key);
        }
        Ok(ClientFrame::Cmd { id, action, params }) => command(id, &action, &params),
        Ok(ClientFrame::Ping { .. }) => {}
        Err(ProtocolError::TooLarge { bytes, max }) => {
            reply(&RequestError::FrameTooLarge { bytes, max }, 0)
        }
        Err(e) => {
            let _ = crate::connection::auth_id(text);
            reply(
                &RequestError::BadRequest(e.to_string()),
                crate::link::request_id(text),
            );
        }
    }
}

/// `claims` signed with the gateway's secret and offered in `auth`: the claims parser and the
/// checks after it, which a forged key never reaches.
pub fn signed_claims(claims: &[u8], tenant_id: &str, agent_no: &str) {
    check_auth(1, tenant_id, agent_no, &keys().sign_bytes(claims));
}

fn check_auth(id: u64, tenant_id: &str, agent_no: &str, session_key: &str) {
    let Some(directory) = directory() else { return };
    if let Err(e) = auth::check(keys(), directory, tenant_id, agent_no, session_key, NOW_MS) {
        let _ = (e.error_code(), e.close_code());
        let frame = ServerFrame::Reply(crate::commands::error_reply(
            id,
            e.error_code(),
            e.to_string(),
        ));
        let _ = frame.to_json();
    }
}

/// A command's params, checked as the connection (`refreshKey`) and the simulator (the rest) do.
fn command(id: u64, action: &str, params: &Map<String, Value>) {
    if let Some(call) = CallAction::from_name(action) {
        let _ = CallCommand::parse(call, Value::Object(params.clone()));
        return;
    }
    if let Err(e) = Command::parse(action, params) {
        reply(&e, id);
    }
}

fn reply(error: &RequestError, id: u64) {
    let _ = ServerFrame::Reply(error.reply(id)).to_json();
}

/// A client's byte stream: handed over `chunk` bytes at a time, then the end of the stream or
/// nothing more for now; what the socket writes is taken `chunk` bytes at a time.
struct ClientBytes {
    data: Vec<u8>,
    at: usize,
    chunk: usize,
    ends: bool,
}

impl tokio::io::AsyncRead for ClientBytes {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let left = self.data.len() - self.at;
        if left == 0 {
            return if self.ends {
                Poll::Ready(Ok(()))
            } else {
                Poll::Pending
            };
        }
        let n = left.min(self.chunk).min(buf.remaining());
        let at = self.at;
        buf.put_slice(&self.data[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

impl tokio::io::AsyncWrite for ClientBytes {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(buf.len().min(self.chunk)))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// The bytes a client sends on `/ws`. The first byte chooses how they arrive: its low bit
/// whether the stream then ends (or just stops), the rest the size of each read (1–127). Every
/// text message is echoed, as a pong answers a ping. Checked: the read buffer never holds more
/// than the message limit and a header past what arrived, no message is over the limit, and a
/// socket that failed reads nothing more.
pub fn websocket_bytes(data: &[u8]) {
    let Some((&how, stream)) = data.split_first() else {
        return;
    };
    let limits = SocketLimits {
        read_buffer: 64,
        max_message: 4096,
    };
    let io = ClientBytes {
        data: stream.to_vec(),
        at: 0,
        chunk: usize::from(how >> 1).max(1),
        ends: how & 1 == 1,
    };
    let mut socket = Socket::new(io, limits);
    let cx = Context::from_waker(Waker::noop());
    let mut failed = false;
    // Each turn consumes at least a byte or ends, so this bounds nothing a valid input needs.
    for _ in 0..=stream.len() + 1 {
        let polled = socket.poll_recv(&cx);
        assert!(
            socket.buffered() <= limits.max_message + 2 * MAX_HEADER,
            "the read buffer grew to {} bytes",
            socket.buffered()
        );
        match polled {
            Poll::Ready(Some(Ok(message))) => {
                assert!(!failed, "a message after the socket failed");
                if let Message::Text(text) = &message {
                    assert!(text.len() <= limits.max_message);
                    let _ = socket.write_text(text);
                }
                if let Message::Binary(data) = &message {
                    assert!(data.len() <= limits.max_message);
                }
            }
            Poll::Ready(Some(Err(_))) => {
                assert!(!failed, "a second error after the socket failed");
                failed = true;
            }
            Poll::Ready(None) | Poll::Pending => break,
        }
    }
}
