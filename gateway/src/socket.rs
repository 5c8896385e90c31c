//! The protocol v1 WebSocket (docs/protocol.md §1) after its upgrade (crate::upgrade): RFC
//! 6455's protocol driven straight from the one task that owns the connection.
//!
//! Why not axum's `WebSocket`, nor tungstenite under it: an idle edge does little but read a
//! ping and write a pong, ~4,000 times a second at 20,000 agents, each on a connection untouched
//! for 5 s, so what a ping costs is mostly the objects it touches and the layers it passes. Here
//! a ping is read into the connection's one buffer, unmasked in place and handed on as text;
//! the pong is framed into one output buffer and written at once, with the task's own waker
//! (one task owns the socket: no waker proxies as in tokio-tungstenite, no shared `BytesMut`
//! whose reference count a ping's payload would cross). Framing is crate::websocket_frames;
//! what it and this file do is checked against tungstenite's client in the tests below. The
//! dialect faces, a reading and a writing task each, keep axum's.

use std::future::{poll_fn, Future};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tungstenite::Bytes;

use crate::websocket_frames::{
    parse_close, parse_header, unmask, write_close, write_frame, CloseError, FrameError, OpCode,
    MAX_HEADER, PROTOCOL_ERROR,
};

pub(crate) use tungstenite::protocol::CloseFrame;
pub(crate) use tungstenite::Message;

/// The connection's bytes after the upgrade: the TCP stream itself when crate::serve served it
/// plain (hyper gives it back, with what it read past the request), or hyper's upgraded stream
/// (TLS).
pub(crate) enum SocketIo {
    Tcp(TcpStream),
    Upgraded(TokioIo<Upgraded>),
}

impl AsyncRead for SocketIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Tcp(io) => Pin::new(io).poll_read(cx, buf),
            Self::Upgraded(io) => Pin::new(io).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for SocketIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Tcp(io) => Pin::new(io).poll_write(cx, buf),
            Self::Upgraded(io) => Pin::new(io).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Tcp(io) => Pin::new(io).poll_flush(cx),
            Self::Upgraded(io) => Pin::new(io).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Tcp(io) => Pin::new(io).poll_shutdown(cx),
            Self::Upgraded(io) => Pin::new(io).poll_shutdown(cx),
        }
    }
}

impl Socket {
    /// Runs on the TCP stream itself (tests).
    #[cfg(test)]
    pub(crate) fn is_bare_tcp(&self) -> bool {
        matches!(self.io, SocketIo::Tcp(_))
    }

    /// The socket over what an upgrade gave: the bare `TcpStream` when there is one.
    pub(crate) fn upgraded(upgraded: Upgraded, limits: SocketLimits) -> Self {
        match upgraded.downcast::<TokioIo<TcpStream>>() {
            Ok(parts) => Self::with_read(
                SocketIo::Tcp(parts.io.into_inner()),
                limits,
                &parts.read_buf,
            ),
            Err(upgraded) => Self::new(SocketIo::Upgraded(TokioIo::new(upgraded)), limits),
        }
    }
}

/// What the socket holds on to: its read buffer's size, kept while idle, and the largest message
/// it accepts (past which the connection fails rather than buffer more).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SocketLimits {
    pub(crate) read_buffer: usize,
    pub(crate) max_message: usize,
}

impl SocketLimits {
    /// The read buffer's size while idle: `read_buffer`, and at least a whole frame header.
    pub(crate) fn idle_input(&self) -> usize {
        self.read_buffer.max(MAX_HEADER)
    }
}

/// Why the socket failed; after any of these it reads nothing more.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SocketError {
    #[error("socket: {0}")]
    Io(#[from] io::Error),
    #[error("WebSocket protocol: {0}")]
    Frame(#[from] FrameError),
    #[error("WebSocket close frame: {0}")]
    Close(#[from] CloseError),
    #[error("WebSocket protocol: {0}")]
    Sequence(&'static str),
    #[error("a message over {0} bytes")]
    TooLong(usize),
    #[error("a text message that is not UTF-8")]
    NotUtf8,
    #[error("the WebSocket is closing")]
    Closed,
}

/// Where the closing handshake is (RFC 6455 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    Open,
    /// Our close frame is written; the client's answer is awaited.
    Sent,
    /// Both close frames are out: the connection is over.
    Done,
}

/// One upgraded connection, read and written by the task that owns it.
pub(crate) struct Socket<I = SocketIo> {
    io: I,
    /// The owning task's waker, handed to a read or write that would block.
    waker: Waker,
    /// Bytes read; `input[start..end]` is not parsed yet. Its length is its capacity, zeroed
    /// once, so a read needs no zero-filling.
    input: Vec<u8>,
    start: usize,
    end: usize,
    /// A fragmented message so far: text or not, and its payload.
    fragments: Option<(bool, Vec<u8>)>,
    /// Framed bytes to write; `output[written..]` is not written yet.
    output: Vec<u8>,
    written: usize,
    limits: SocketLimits,
    closing: Closing,
    /// The connection closed or failed: every later read is `None`.
    ended: bool,
}

impl<I: AsyncRead + AsyncWrite + Unpin> Socket<I> {
    pub(crate) fn new(io: I, limits: SocketLimits) -> Self {
        Self::with_read(io, limits, &[])
    }

    /// A socket whose first bytes, read already (with the upgrade request), are `read`.
    pub(crate) fn with_read(io: I, limits: SocketLimits, read: &[u8]) -> Self {
        let mut input = vec![0; limits.idle_input().max(read.len())];
        input[..read.len()].copy_from_slice(read);
        Self {
            io,
            waker: Waker::noop().clone(),
            input,
            start: 0,
            end: read.len(),
            fragments: None,
            output: Vec::new(),
            written: 0,
            limits,
            closing: Closing::Open,
            ended: false,
        }
    }

    /// How many bytes the read buffer holds on to (the fuzz target's bound).
    pub(crate) fn buffered(&self) -> usize {
        self.input.len()
    }

    /// Makes `cx`'s waker the one a blocked read or write registers. The same task polls every
    /// time, so this is a comparison, not a clone, after the first call.
    fn bind(&mut self, cx: &Context<'_>) {
        if !self.waker.will_wake(cx.waker()) {
            self.waker.clone_from(cx.waker());
        }
    }

    /// The next message: `None` once the connection is closed (after its `Close` message) or
    /// failed (after the error). Cancel-safe: a frame read in part stays in the buffer.
    pub(crate) fn recv(
        &mut self,
    ) -> impl Future<Output = Option<Result<Message, SocketError>>> + '_ {
        poll_fn(move |cx| self.poll_recv(cx))
    }

    pub(crate) fn poll_recv(
        &mut self,
        cx: &Context<'_>,
    ) -> Poll<Option<Result<Message, SocketError>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        self.bind(cx);
        // What answers the client's control frames (a pong, a close) goes out first.
        if self.written < self.output.len() {
            if let Err(e) = self.write_out() {
                return self.fail(e);
            }
        }
        loop {
            match self.next_message() {
                Ok(Some(message)) => {
                    // A pong or close answering it goes out now; a failure shows on the next read.
                    if self.written < self.output.len() {
                        let _ = self.write_out();
                    }
                    if self.start == self.end {
                        self.reclaim();
                    }
                    return Poll::Ready(Some(Ok(message)));
                }
                Ok(None) => {}
                Err(e) => return self.fail(e),
            }
            if self.closing == Closing::Done {
                self.ended = true;
                return Poll::Ready(None);
            }
            match self.fill() {
                // The client went away; with or without its close frame, the connection is over.
                Ok(0) => {
                    self.ended = true;
                    return Poll::Ready(None);
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Poll::Pending,
                Err(e) => return self.fail(e.into()),
            }
        }
    }

    fn fail(&mut self, e: SocketError) -> Poll<Option<Result<Message, SocketError>>> {
        self.ended = true;
        Poll::Ready(Some(Err(e)))
    }

    /// Reads what the socket has into the free end of the buffer: the count (0 at the end of
    /// the stream), or `WouldBlock` with the waker registered.
    fn fill(&mut self) -> io::Result<usize> {
        if self.start == self.end {
            self.reclaim();
        } else if self.end == self.input.len() {
            // Full: move the unparsed part to the front, or grow if that is all of it.
            if self.start > 0 {
                self.compact();
            } else {
                let grown = (self.input.len() * 2).min(self.limits.max_message + MAX_HEADER);
                self.input.resize(grown.max(self.input.len() + 1), 0);
            }
        }
        let mut cx = Context::from_waker(&self.waker);
        let mut buf = ReadBuf::new(&mut self.input[self.end..]);
        match Pin::new(&mut self.io).poll_read(&mut cx, &mut buf) {
            Poll::Ready(Ok(())) => {
                let n = buf.filled().len();
                self.end += n;
                Ok(n)
            }
            Poll::Ready(Err(e)) => Err(e),
            Poll::Pending => Err(io::ErrorKind::WouldBlock.into()),
        }
    }

    /// Everything read is parsed: the buffer starts over, at its idle size if a large message
    /// grew it.
    fn reclaim(&mut self) {
        self.start = 0;
        self.end = 0;
        let idle = self.limits.idle_input();
        if self.input.len() > idle {
            self.input = vec![0; idle];
        }
    }

    /// Moves the unparsed bytes to the front of the buffer.
    fn compact(&mut self) {
        self.input.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
    }

    /// The next whole message in the buffer, answering control frames on the way.
    fn next_message(&mut self) -> Result<Option<Message>, SocketError> {
        loop {
            if self.closing == Closing::Done {
                return Ok(None);
            }
            let Some(header) =
                parse_header(&self.input[self.start..self.end], self.limits.max_message)?
            else {
                return Ok(None);
            };
            let total = header.header_len + header.len;
            if self.end - self.start < total {
                // The rest of this frame is still to come. The buffer grows as its bytes arrive
                // (`fill`), not on the header's word: a header alone must not cost a megabyte.
                if self.input.len() - self.start < total && self.start > 0 {
                    self.compact();
                }
                return Ok(None);
            }
            let payload_at = self.start + header.header_len;
            self.start += total;
            let payload = &mut self.input[payload_at..payload_at + header.len];
            unmask(payload, header.mask);
            let payload = &self.input[payload_at..payload_at + header.len];
            match header.opcode {
                OpCode::Ping => {
                    if self.closing == Closing::Open {
                        write_frame(&mut self.output, OpCode::Pong, payload);
                    }
                    return Ok(Some(Message::Ping(Bytes::copy_from_slice(payload))));
                }
                OpCode::Pong => return Ok(Some(Message::Pong(Bytes::copy_from_slice(payload)))),
                OpCode::Close => {
                    let frame = parse_close(payload);
                    let message = match frame {
                        Ok(frame) => Message::Close(frame.map(|(code, reason)| CloseFrame {
                            code: code.into(),
                            reason: reason.to_owned().into(),
                        })),
                        Err(_) => Message::Close(None),
                    };
                    if self.closing == Closing::Open {
                        // Echo the code (RFC 6455 §5.5.1); a malformed close is a protocol error.
                        match frame {
                            Ok(Some((code, _))) => write_close(&mut self.output, code, ""),
                            Ok(None) => write_frame(&mut self.output, OpCode::Close, &[]),
                            Err(_) => write_close(&mut self.output, PROTOCOL_ERROR, ""),
                        }
                    }
                    self.closing = Closing::Done;
                    frame?;
                    return Ok(Some(message));
                }
                OpCode::Text | OpCode::Binary if self.fragments.is_some() => {
                    return Err(SocketError::Sequence(
                        "a new message inside a fragmented one",
                    ));
                }
                OpCode::Text | OpCode::Binary => {
                    let text = header.opcode == OpCode::Text;
                    if header.fin {
                        return message(text, payload.to_vec()).map(Some);
                    }
                    self.fragments = Some((text, payload.to_vec()));
                }
                OpCode::Continuation => {
                    let Some((_, so_far)) = &mut self.fragments else {
                        return Err(SocketError::Sequence(
                            "a continuation with no message begun",
                        ));
                    };
                    if so_far.len() + payload.len() > self.limits.max_message {
                        return Err(SocketError::TooLong(self.limits.max_message));
                    }
                    so_far.extend_from_slice(payload);
                    if header.fin {
                        let Some((text, whole)) = self.fragments.take() else {
                            return Ok(None);
                        };
                        return message(text, whole).map(Some);
                    }
                }
            }
        }
    }

    /// Writes `message` now if the client's TCP window has room: `Ok(true)`. `Ok(false)`: it
    /// is buffered and [`Socket::flush`] must finish it. Writing needs no timer in the common
    /// case this way; the caller bounds only a flush that has to wait.
    pub(crate) fn write(&mut self, message: Message) -> Result<bool, SocketError> {
        match (&message, self.closing) {
            // Closing twice is closing once.
            (Message::Close(_), Closing::Sent | Closing::Done) => return self.write_out(),
            (_, Closing::Sent | Closing::Done) => return Err(SocketError::Closed),
            _ => {}
        }
        match message {
            Message::Text(text) => write_frame(&mut self.output, OpCode::Text, text.as_bytes()),
            Message::Binary(data) => write_frame(&mut self.output, OpCode::Binary, &data),
            Message::Ping(data) => write_frame(&mut self.output, OpCode::Ping, &data),
            Message::Pong(data) => write_frame(&mut self.output, OpCode::Pong, &data),
            Message::Close(frame) => {
                match frame {
                    Some(frame) => write_close(&mut self.output, frame.code.into(), &frame.reason),
                    None => write_frame(&mut self.output, OpCode::Close, &[]),
                }
                self.closing = Closing::Sent;
            }
            Message::Frame(_) => return Err(SocketError::Sequence("raw frames are not written")),
        }
        self.write_out()
    }

    /// Writes one text message as [`Socket::write`] does, framed straight from `text`.
    pub(crate) fn write_text(&mut self, text: &str) -> Result<bool, SocketError> {
        if self.closing != Closing::Open {
            return Err(SocketError::Closed);
        }
        write_frame(&mut self.output, OpCode::Text, text.as_bytes());
        self.write_out()
    }

    /// Writes out everything buffered, waiting for the client to make room.
    pub(crate) fn flush(&mut self) -> impl Future<Output = Result<(), SocketError>> + '_ {
        poll_fn(move |cx| {
            self.bind(cx);
            match self.write_out() {
                Ok(true) => Poll::Ready(Ok(())),
                Ok(false) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            }
        })
    }

    /// Writes what the output buffer holds: `Ok(true)` once it is all out, `Ok(false)` when the
    /// socket has no room (the waker is registered).
    fn write_out(&mut self) -> Result<bool, SocketError> {
        let mut cx = Context::from_waker(&self.waker);
        while self.written < self.output.len() {
            match Pin::new(&mut self.io).poll_write(&mut cx, &self.output[self.written..]) {
                Poll::Ready(Ok(0)) => return Err(io::Error::from(io::ErrorKind::WriteZero).into()),
                Poll::Ready(Ok(n)) => self.written += n,
                Poll::Ready(Err(e)) => return Err(e.into()),
                Poll::Pending => return Ok(false),
            }
        }
        if self.output.capacity() > KEPT_OUTPUT {
            // A large frame grew it: give the memory back.
            self.output = Vec::new();
        } else {
            self.output.clear();
        }
        self.written = 0;
        match Pin::new(&mut self.io).poll_flush(&mut cx) {
            Poll::Ready(Ok(())) => Ok(true),
            Poll::Ready(Err(e)) => Err(e.into()),
            Poll::Pending => Ok(false),
        }
    }
}

/// A whole message's payload as the message.
fn message(text: bool, payload: Vec<u8>) -> Result<Message, SocketError> {
    if text {
        let text = String::from_utf8(payload).map_err(|_| SocketError::NotUtf8)?;
        Ok(Message::text(text))
    } else {
        Ok(Message::Binary(Bytes::from(payload)))
    }
}

/// Output capacity kept between writes; a larger frame's buffer is given back once written.
const KEPT_OUTPUT: usize = 4096;

#[cfg(test)]
#[path = "socket_tests.rs"]
mod io_tests;
