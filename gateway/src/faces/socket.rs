//! One dialect connection's socket, shared by the four faces: a reader task, a writer task with a
//! bounded queue between the face and the wire, the fault-injection controls (`/control/drop`,
//! `silence`, `delay`, `malformed`, `restart`; docs/gateway.md §7) and the gateway's shutdown.
//!
//! The face itself is one task that owns its protocol state (`agentdesk_core::dialects`) and
//! never waits on the wire: it queues frames ([`Wire::send`]) and reads what [`Wire::next`]
//! hands it. A face that needs to know how long a frame waited (GlobeMeet's 5 s lag, seed 002)
//! gives the writer a [`Lag`]: a frame that waited longer is not written; the lag notice and a
//! close go out instead.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt as _, StreamExt as _};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout, Instant};

use crate::limits::FrameBudget;
use crate::links::{Fault, FaultInbox, Links};

/// Frames a connection may have queued for its writer; past it the client is lagging.
pub(crate) const OUT_QUEUE: usize = 1024;
/// Client frames read ahead of the face: a client that floods waits for the face.
const IN_QUEUE: usize = 64;
/// The longest client frame: every dialect's frames are small; an SDP offer is a few kB.
pub(crate) const MAX_MESSAGE: usize = 64 * 1024;
/// How long one write may wait for the client to make room (as protocol v1's, `wire.rs`).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a closing connection waits for the client's close frame.
const CLOSE_HANDSHAKE: Duration = Duration::from_secs(2);
/// Frames over the rate in a row after which a connection is closed (as protocol v1's).
const MAX_STRIKES: u32 = 100;
/// What the `malformed` fault sends: JSON cut off, as a broken proxy would.
const MALFORMED: &str = r#"{"type":"event","id":"#;

/// A frame waiting for the writer.
#[derive(Debug)]
enum Out {
    Text {
        text: String,
        queued: Instant,
        id: Option<String>,
    },
    Close {
        code: u16,
        reason: String,
    },
}

/// A frame from the client.
#[derive(Debug)]
pub(crate) enum In {
    Text(String),
    /// The dialects are text-only.
    Binary,
}

/// What woke the face.
#[derive(Debug)]
pub(crate) enum Event {
    /// A client frame.
    Frame(In),
    /// The client closed, or the socket broke.
    Gone,
    /// The writer stopped (the client lagged past [`Lag`], or a write failed).
    WriterGone,
    /// The gateway is shutting down.
    Shutdown,
    /// `/control/restart`: the gateway "restarts".
    Restart,
    /// The client kept sending over the gateway's frame rate (docs/gateway.md §11).
    Flood,
}

/// The writer's lag rule: a frame that waited longer than `max` is replaced by `notice` (given
/// the id of the last frame written) and a close with `code`.
pub(crate) struct Lag {
    pub(crate) max: Duration,
    pub(crate) notice: fn(Option<&str>) -> String,
    pub(crate) code: u16,
    pub(crate) reason: &'static str,
}

/// The face's side of its socket.
pub(crate) struct Wire {
    incoming: mpsc::Receiver<In>,
    /// The frame rate of docs/gateway.md §11 (None: the face keeps a rate of its own, or none).
    budget: Option<FrameBudget>,
    strikes: u32,
    out: mpsc::Sender<Out>,
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
    /// Faults for this socket; closed when the gateway shuts down (crate::links).
    faults: FaultInbox,
}

/// The writer's queue is full: the client does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the client is not reading")]
pub(crate) struct Full;

impl Wire {
    /// Takes over `socket`: its reader and writer start now.
    pub(crate) fn new(
        socket: WebSocket,
        links: &std::sync::Arc<crate::AppState>,
        faults: FaultInbox,
        lag: Option<Lag>,
    ) -> Self {
        let (sink, stream) = socket.split();
        let (in_tx, incoming) = mpsc::channel(IN_QUEUE);
        let (out, out_rx) = mpsc::channel(OUT_QUEUE);
        let reader = tokio::spawn(read(stream, in_tx));
        let writer = tokio::spawn(write(sink, out_rx, std::sync::Arc::clone(links), lag));
        let budget = FrameBudget::new(links.config.limits.frames_per_second, Instant::now());
        Self {
            incoming,
            budget,
            strikes: 0,
            out,
            reader,
            writer,
            faults,
        }
    }

    /// Without the gateway's frame rate: for a dialect that limits its clients itself (Kazoo's
    /// token bucket answers every request, research §3.2).
    pub(crate) fn unmetered(mut self) -> Self {
        self.budget = None;
        self
    }

    /// The next thing the face must handle. Cancel-safe: the face selects on it with its own
    /// feeds and timers. `drop`, `silence` and `malformed` are carried out here.
    pub(crate) async fn next(&mut self) -> Event {
        loop {
            tokio::select! {
                () = self.out.closed() => return Event::WriterGone,
                // A closed fault channel is the gateway's shutdown (crate::links).
                fault = self.faults.recv() => match fault {
                    None => return Event::Shutdown,
                    Some(Fault::Restart) => return Event::Restart,
                    Some(Fault::Malformed) => {
                        let _ = self.send(MALFORMED.to_owned());
                    }
                    // Both end the connection where it stands; the face's loop sees it gone.
                    Some(Fault::Drop) => {
                        self.reader.abort();
                        self.writer.abort();
                        return Event::Gone;
                    }
                    Some(Fault::Silence) => {
                        self.writer.abort();
                        self.silent().await;
                        self.reader.abort();
                        return Event::Gone;
                    }
                },
                frame = self.incoming.recv() => {
                    let Some(frame) = frame else { return Event::Gone };
                    if self.budget.as_mut().is_some_and(|b| !b.spend(Instant::now())) {
                        // Over the rate: the frame is dropped; a flood ends the connection.
                        self.strikes += 1;
                        if self.strikes > MAX_STRIKES {
                            return Event::Flood;
                        }
                        continue;
                    }
                    self.strikes = 0;
                    return Event::Frame(frame);
                }
            }
        }
    }

    /// The `silence` fault: nothing written, what the client sends is read and ignored, until
    /// it goes away, `drop` or `restart` comes, or the gateway stops.
    async fn silent(&mut self) {
        loop {
            tokio::select! {
                fault = self.faults.recv() => match fault {
                    Some(Fault::Drop | Fault::Restart) | None => return,
                    Some(_) => {}
                },
                frame = self.incoming.recv() => if frame.is_none() { return },
            }
        }
    }

    /// Queues a text frame.
    pub(crate) fn send(&self, text: String) -> Result<(), Full> {
        self.send_id(text, None)
    }

    /// Queues a text frame that carries event `id` (for the lag notice's resume point).
    pub(crate) fn send_id(&self, text: String, id: Option<String>) -> Result<(), Full> {
        self.out
            .try_send(Out::Text {
                text,
                queued: Instant::now(),
                id,
            })
            .map_err(|_| Full)
    }

    /// Ends the connection: what is queued, then a close frame with `code`, then a moment for
    /// the client's answer.
    pub(crate) async fn close(&mut self, code: u16, reason: &str) {
        let _ = self.out.try_send(Out::Close {
            code,
            reason: reason.to_owned(),
        });
        self.finish().await;
    }

    /// Ends the connection after what is queued (the writer already closed, or a frame such as
    /// ActionCable's `disconnect` said it all and the close follows it).
    pub(crate) async fn finish(&mut self) {
        let writer = &mut self.writer;
        if timeout(WRITE_TIMEOUT + CLOSE_HANDSHAKE, writer)
            .await
            .is_err()
        {
            self.writer.abort();
        }
        if timeout(CLOSE_HANDSHAKE, &mut self.reader).await.is_err() {
            self.reader.abort();
        }
    }
}

impl Drop for Wire {
    fn drop(&mut self) {
        // Neither task outlives the connection.
        self.reader.abort();
        self.writer.abort();
    }
}

async fn read(mut stream: futures_util::stream::SplitStream<WebSocket>, tx: mpsc::Sender<In>) {
    while let Some(Ok(message)) = stream.next().await {
        let frame = match message {
            Message::Text(text) => In::Text(text.to_string()),
            Message::Binary(_) => In::Binary,
            Message::Close(_) => return,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if tx.send(frame).await.is_err() {
            return;
        }
    }
}

type Sink = futures_util::stream::SplitSink<WebSocket, Message>;

async fn put(sink: &mut Sink, message: Message) -> bool {
    matches!(timeout(WRITE_TIMEOUT, sink.send(message)).await, Ok(Ok(())))
}

async fn close_with(sink: &mut Sink, code: u16, reason: String) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = timeout(CLOSE_HANDSHAKE, sink.send(Message::Close(Some(frame)))).await;
}

async fn write(
    mut sink: Sink,
    mut rx: mpsc::Receiver<Out>,
    state: std::sync::Arc<crate::AppState>,
    lag: Option<Lag>,
) {
    let links: &Links = &state.links;
    let mut last_id: Option<String> = None;
    while let Some(out) = rx.recv().await {
        match out {
            Out::Text { text, queued, id } => {
                // The lag is the time a frame waited here for the ones before it to go out.
                let lagging = lag.as_ref().filter(|l| queued.elapsed() > l.max);
                let delay = links.delay();
                if !delay.is_zero() {
                    sleep(delay).await;
                }
                if let Some(lag) = lagging {
                    let _ = put(&mut sink, Message::text((lag.notice)(last_id.as_deref()))).await;
                    close_with(&mut sink, lag.code, lag.reason.to_owned()).await;
                    return;
                }
                if !put(&mut sink, Message::text(text)).await {
                    return;
                }
                if id.is_some() {
                    last_id = id;
                }
            }
            Out::Close { code, reason } => {
                close_with(&mut sink, code, reason).await;
                return;
            }
        }
    }
}
