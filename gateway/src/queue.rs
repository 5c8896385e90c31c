//! One connection's outgoing queue and its stop signal: the hub holds the sending side
//! ([`Conn`]), the connection's task the receiving side ([`ConnEnd`]).
//!
//! The queue is a bounded channel (docs/protocol.md §9: 1024 frames by default) and frames are
//! only ever offered with `try_send`: a full queue is the client lagging, which stops the
//! connection with an `overflow` notice and close 4002, never a buffer that grows without limit.
//! The stop signal is a oneshot beside the queue, so it reaches the connection even when the
//! queue is full: that is the priority path the `overflow` notice and the closes take.
//!
//! The client's acknowledgement travels the other way through a shared cell: the connection
//! stores the newest `ack` of its pings without a lock, and the hub applies it to the session's
//! history when it next holds the session anyway (a delivery, a resume, a detach). An ack only
//! lets history forget, so applying it late keeps more, never less; and every place where the
//! history is read for a resume applies it first, so a resume sees exactly what it did when each
//! ack was applied at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use agentdesk_core::protocol::v1::ServerFrame;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// One frame waiting to be written.
#[derive(Debug)]
pub(crate) struct Outbound {
    /// The frame; events are shared with the session's history.
    pub(crate) frame: Arc<ServerFrame>,
    /// When it was queued: the `delay` fault counts from here, so a delayed link adds latency
    /// without throttling throughput.
    pub(crate) queued_at: Instant,
}

/// Why the hub stops a connection out of turn.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The queue overflowed: the `overflow` notice, then close 4002 (docs/protocol.md §9). The
    /// session lives on, so the client resumes from history.
    Overflow,
    /// A resume on another connection took the session over: close 4000 and nothing else, no
    /// `sessionTerminate` (docs/protocol.md §5; this connection is probably half-open).
    Replaced,
    /// The session ended (logout, kick, expired or revoked key): write what is already queued,
    /// then `frames`, then close with `code` (docs/protocol.md §7).
    End {
        /// The last frames: the `logout` reply and its events, or a `sessionTerminate`.
        frames: Vec<Arc<ServerFrame>>,
        /// The terminal close code.
        code: u16,
        /// The close frame's reason text.
        reason: &'static str,
    },
}

/// The queue is full: the client lags (docs/protocol.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the send queue is full")]
pub(crate) struct Full;

/// The hub's handle on one live connection.
#[derive(Debug)]
pub(crate) struct Conn {
    id: u64,
    sender: mpsc::Sender<Outbound>,
    stop: oneshot::Sender<Stop>,
    acked: Arc<AtomicU64>,
}

impl Conn {
    /// This connection's id.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// Offers a frame to the queue without waiting.
    pub(crate) fn offer(&self, frame: Arc<ServerFrame>, now: Instant) -> Result<(), Full> {
        let out = Outbound {
            frame,
            queued_at: now,
        };
        match self.sender.try_send(out) {
            Ok(()) => Ok(()),
            Err(mpsc::error::TrySendError::Full(_)) => Err(Full),
            // The connection's task is already gone; its detach is on the way.
            Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
        }
    }

    /// The newest event id the client acknowledged on this connection (0: none yet).
    pub(crate) fn acked(&self) -> u64 {
        self.acked.load(Ordering::Relaxed)
    }

    /// Stops the connection. Consumes the handle: a connection is stopped at most once, and
    /// the hub forgets it in the same step.
    pub(crate) fn stop(self, why: Stop) {
        // The receiver may have gone with its connection; nothing left to stop then.
        let _ = self.stop.send(why);
    }
}

/// The connection task's side.
#[derive(Debug)]
pub(crate) struct ConnEnd {
    /// Frames to write, in order.
    pub(crate) outbound: mpsc::Receiver<Outbound>,
    /// The connection's own way into its queue, for replies that change no session state.
    pub(crate) sender: mpsc::Sender<Outbound>,
    /// Fires when the hub stops the connection.
    pub(crate) stop: oneshot::Receiver<Stop>,
    /// The queue's capacity, for the `overflow` notice's text.
    pub(crate) capacity: usize,
    /// The client's newest acknowledgement, read by the hub ([`Conn::acked`]).
    acked: Arc<AtomicU64>,
}

impl ConnEnd {
    /// The client delivered every event up to `ack`: the hub may let the session's history
    /// forget them the next time it holds the session (docs/protocol.md §5, §6). No lock, no
    /// wake-up: this runs for every ping.
    pub(crate) fn acknowledge(&self, ack: u64) {
        self.acked.fetch_max(ack, Ordering::Relaxed);
    }

    /// Queues a frame of the connection's own behind what the hub queued.
    pub(crate) fn push(&self, frame: ServerFrame) -> Result<(), Full> {
        let out = Outbound {
            frame: Arc::new(frame),
            queued_at: Instant::now(),
        };
        match self.sender.try_send(out) {
            Ok(()) => Ok(()),
            Err(mpsc::error::TrySendError::Full(_)) => Err(Full),
            // Unreachable while this end holds the receiver; nothing to write to anyway.
            Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
        }
    }
}

/// A new connection's queue of `capacity` frames (at least one: a channel cannot be smaller).
pub(crate) fn pair(id: u64, capacity: usize) -> (Conn, ConnEnd) {
    let capacity = capacity.max(1);
    let (sender, outbound) = mpsc::channel(capacity);
    let (stop_tx, stop) = oneshot::channel();
    let acked = Arc::new(AtomicU64::new(0));
    let conn = Conn {
        id,
        sender: sender.clone(),
        stop: stop_tx,
        acked: Arc::clone(&acked),
    };
    let end = ConnEnd {
        outbound,
        sender,
        stop,
        capacity,
        acked,
    };
    (conn, end)
}
