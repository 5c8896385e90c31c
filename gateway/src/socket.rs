//! The protocol v1 WebSocket (docs/protocol.md §1): the upgrade, and tungstenite's protocol
//! driven straight from the one task that owns the connection.
//!
//! Why not axum's `WebSocket`: it is tokio-tungstenite's stream, built for a socket that a
//! reading and a writing task share. Every read and write goes through two waker proxies (an
//! `Arc`'d waker per direction, re-registered on each poll, which wakes both directions on any
//! readiness). A v1 connection is one task, so one waker serves both directions: here it is
//! stored once, and a read or write that would block registers it with the socket directly.
//! At 20,000 idle agents the edge does little but read a ping and write a pong ~4,000 times a
//! second, and those layers were measurable in its profile (docs/BENCHMARKS.md, idle CPU).
//! The dialect faces, a reading and a writing task each, keep axum's.

use std::future::{poll_fn, Future};
use std::io::{self, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use hyper::upgrade::{OnUpgrade, Upgraded};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tungstenite::handshake::derive_accept_key;
use tungstenite::protocol::{Role, WebSocket};

pub(crate) use tungstenite::protocol::{CloseFrame, WebSocketConfig};
pub(crate) use tungstenite::{Error as SocketError, Message};

/// One upgraded connection, read and written by the task that owns it.
pub(crate) struct Socket {
    ws: WebSocket<TaskIo>,
    /// The connection closed or failed: every later read is `None`.
    ended: bool,
}

/// The upgraded byte stream, polled with the owning task's waker: a read or write that would
/// block registers that waker with the socket and reports `WouldBlock` to tungstenite, which
/// keeps its partial frame and buffered output for the next call.
struct TaskIo {
    io: TokioIo<Upgraded>,
    waker: Waker,
}

impl TaskIo {
    fn poll<T>(
        &mut self,
        op: impl FnOnce(Pin<&mut TokioIo<Upgraded>>, &mut Context<'_>) -> Poll<io::Result<T>>,
    ) -> io::Result<T> {
        let mut cx = Context::from_waker(&self.waker);
        match op(Pin::new(&mut self.io), &mut cx) {
            Poll::Ready(result) => result,
            Poll::Pending => Err(io::ErrorKind::WouldBlock.into()),
        }
    }
}

impl Read for TaskIo {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut buf = ReadBuf::new(buf);
        self.poll(|io, cx| io.poll_read(cx, &mut buf))?;
        Ok(buf.filled().len())
    }
}

impl Write for TaskIo {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.poll(|io, cx| io.poll_write(cx, buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.poll(|io, cx| io.poll_flush(cx))
    }
}

/// `WouldBlock`: the socket has registered the task's waker and the call is to be made again
/// once it wakes.
fn would_block(error: &SocketError) -> bool {
    matches!(error, SocketError::Io(e) if e.kind() == io::ErrorKind::WouldBlock)
}

impl Socket {
    fn new(io: TokioIo<Upgraded>, config: WebSocketConfig) -> Self {
        let io = TaskIo {
            io,
            waker: Waker::noop().clone(),
        };
        Self {
            ws: WebSocket::from_raw_socket(io, Role::Server, Some(config)),
            ended: false,
        }
    }

    /// Makes `cx`'s waker the one a blocked read or write registers. The same task polls every
    /// time, so this is a comparison, not a clone, after the first call.
    fn bind(&mut self, cx: &Context<'_>) {
        let waker = &mut self.ws.get_mut().waker;
        if !waker.will_wake(cx.waker()) {
            waker.clone_from(cx.waker());
        }
    }

    /// The next message: `None` once the connection is closed (after its `Close` message) or
    /// failed (after the error). Cancel-safe: a frame read in part stays in tungstenite's buffer.
    pub(crate) fn recv(
        &mut self,
    ) -> impl Future<Output = Option<Result<Message, SocketError>>> + '_ {
        poll_fn(move |cx| self.poll_recv(cx))
    }

    fn poll_recv(&mut self, cx: &Context<'_>) -> Poll<Option<Result<Message, SocketError>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        self.bind(cx);
        match self.ws.read() {
            Ok(message) => Poll::Ready(Some(Ok(message))),
            Err(e) if would_block(&e) => Poll::Pending,
            Err(SocketError::ConnectionClosed | SocketError::AlreadyClosed) => {
                self.ended = true;
                Poll::Ready(None)
            }
            Err(e) => {
                self.ended = true;
                Poll::Ready(Some(Err(e)))
            }
        }
    }

    /// Writes `message` now if the client's TCP window has room: `Ok(true)`. `Ok(false)`: it
    /// is buffered and [`Socket::flush`] must finish it. Writing needs no timer in the common
    /// case this way; the caller bounds only a flush that has to wait.
    pub(crate) fn write(&mut self, message: Message) -> Result<bool, SocketError> {
        match self.ws.write(message) {
            Ok(()) => {}
            Err(e) if would_block(&e) => return Ok(false),
            Err(e) => return Err(e),
        }
        match self.ws.flush() {
            Ok(()) | Err(SocketError::ConnectionClosed) => Ok(true),
            Err(e) if would_block(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Writes out everything buffered, waiting for the client to make room.
    pub(crate) fn flush(&mut self) -> impl Future<Output = Result<(), SocketError>> + '_ {
        poll_fn(move |cx| {
            self.bind(cx);
            match self.ws.flush() {
                // Our close frame went out and the peer's was read: the close is complete.
                Ok(()) | Err(SocketError::ConnectionClosed) => Poll::Ready(Ok(())),
                Err(e) if would_block(&e) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            }
        })
    }
}

/// Why an upgrade request was refused (400, or 405 for a method other than GET).
#[derive(Debug, thiserror::Error)]
pub(crate) enum UpgradeError {
    #[error("a WebSocket upgrade is a GET")]
    NotGet,
    #[error("not a WebSocket upgrade: Connection must name upgrade and Upgrade must be websocket")]
    NotUpgrade,
    #[error("the WebSocket upgrade needs Sec-WebSocket-Version 13")]
    Version,
    #[error("the WebSocket upgrade needs a Sec-WebSocket-Key")]
    NoKey,
    #[error("this connection cannot be upgraded")]
    NotUpgradable,
}

impl IntoResponse for UpgradeError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::NotGet => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotUpgradable => StatusCode::UPGRADE_REQUIRED,
            _ => StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}

/// A checked WebSocket upgrade request (RFC 6455 §4.2.1), not yet answered.
pub(crate) struct Upgrade {
    key: HeaderValue,
    on_upgrade: OnUpgrade,
}

impl Upgrade {
    /// Checks `request` is an HTTP/1.1 WebSocket upgrade and takes its connection.
    pub(crate) fn of(mut request: Request) -> Result<Self, UpgradeError> {
        if request.version() > Version::HTTP_11 || request.method() != Method::GET {
            return Err(UpgradeError::NotGet);
        }
        let headers = request.headers();
        if !header_has_token(headers, header::CONNECTION, "upgrade")
            || !header_has_token(headers, header::UPGRADE, "websocket")
        {
            return Err(UpgradeError::NotUpgrade);
        }
        if !header_has_token(headers, header::SEC_WEBSOCKET_VERSION, "13") {
            return Err(UpgradeError::Version);
        }
        let key = headers
            .get(header::SEC_WEBSOCKET_KEY)
            .cloned()
            .ok_or(UpgradeError::NoKey)?;
        let on_upgrade = request
            .extensions_mut()
            .remove::<OnUpgrade>()
            .ok_or(UpgradeError::NotUpgradable)?;
        Ok(Self { key, on_upgrade })
    }

    /// Answers 101 with `protocol`, and serves the connection with `serve` once the client has it.
    pub(crate) fn accept<F, Fut>(
        self,
        protocol: &'static str,
        config: WebSocketConfig,
        serve: F,
    ) -> Response
    where
        F: FnOnce(Socket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let accept = derive_accept_key(self.key.as_bytes());
        let on_upgrade = self.on_upgrade;
        tokio::spawn(async move {
            match on_upgrade.await {
                Ok(upgraded) => serve(Socket::new(TokioIo::new(upgraded), config)).await,
                Err(e) => tracing::debug!("WebSocket upgrade failed: {e}"),
            }
        });
        let mut response = StatusCode::SWITCHING_PROTOCOLS.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        if let Ok(accept) = HeaderValue::from_str(&accept) {
            headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        }
        headers.insert(
            header::SEC_WEBSOCKET_PROTOCOL,
            HeaderValue::from_static(protocol),
        );
        response
    }
}

/// The comma-separated items of a header, over all its lines, trimmed.
fn header_items(headers: &HeaderMap, name: header::HeaderName) -> impl Iterator<Item = &[u8]> {
    headers
        .get_all(name)
        .into_iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(<[u8]>::trim_ascii)
}

/// Whether a header lists `token`, case-insensitively (RFC 9110 §7.6.1, §7.8).
fn header_has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    header_items(headers, name).any(|item| item.eq_ignore_ascii_case(token.as_bytes()))
}

/// Whether the client offered `protocol` in `Sec-WebSocket-Protocol` (exact, as RFC 6455 §4.1
/// makes subprotocol names case-sensitive).
pub(crate) fn offers_protocol(headers: &HeaderMap, protocol: &str) -> bool {
    header_items(headers, header::SEC_WEBSOCKET_PROTOCOL).any(|item| item == protocol.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn header_tokens_are_comma_separated_and_case_insensitive() {
        let h = headers(&[("connection", "keep-alive, Upgrade")]);
        assert!(header_has_token(&h, header::CONNECTION, "upgrade"));
        let h = headers(&[("connection", "keep-alive"), ("connection", "upgrade")]);
        assert!(header_has_token(&h, header::CONNECTION, "upgrade"));
        let h = headers(&[("connection", "upgrades")]);
        assert!(!header_has_token(&h, header::CONNECTION, "upgrade"));
    }

    #[test]
    fn a_subprotocol_is_matched_exactly_in_any_line() {
        let h = headers(&[("sec-websocket-protocol", "chat, agentdesk.v1")]);
        assert!(offers_protocol(&h, "agentdesk.v1"));
        let h = headers(&[
            ("sec-websocket-protocol", "chat"),
            ("sec-websocket-protocol", "agentdesk.v1"),
        ]);
        assert!(offers_protocol(&h, "agentdesk.v1"));
        let h = headers(&[("sec-websocket-protocol", "AgentDesk.v1")]);
        assert!(!offers_protocol(&h, "agentdesk.v1"));
    }
}
