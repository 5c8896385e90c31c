//! One connection's outgoing queue and its stop signal: the hub holds the sending side
//! ([`Conn`]), the connection's task the receiving side ([`ConnEnd`]).
//!
//! The queue is bounded (docs/protocol.md §9: 1024 frames by default) and frames are only ever
//! offered without waiting: a full queue is the client lagging, which stops the connection with
//! an `overflow` notice and close 4002, never a buffer that grows without limit. The stop signal
//! sits beside the queue, so it reaches the connection even when the queue is full: that is the
//! priority path the `overflow` notice and the closes take.
//!
//! Both live in one mailbox behind one lock, with one waker: an idle connection's task, woken
//! every 5 s for a ping, checks one object for its stop and its frames, not a channel and a
//! oneshot of their own, each cold in the cache by then and each re-registering the waker on
//! every turn (bench/gateway-findings.md, the fourth pass's profile).
//!
//! The client's acknowledgement travels the other way through a shared cell: the connection
//! stores the newest `ack` of its pings without a lock, and the hub applies it to the session's
//! history when it next holds the session anyway (a delivery, a resume, a detach). An ack only
//! lets history forget, so applying it late keeps more, never less; and every place where the
//! history is read for a resume applies it first, so a resume sees exactly what it did when each
//! ack was applied at once.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use agentdesk_core::protocol::v1::ServerFrame;
use tokio::time::Instant;

use crate::waiting_task;

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

/// Slots an empty queue keeps: a few events in a row (a call's) need no allocation.
const KEPT_SLOTS: usize = 8;

/// The hub dropped the connection without stopping it: only a restart forgets sessions like
/// that (docs/gateway.md, /control/restart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Forgotten;

/// What the two sides share.
#[derive(Debug)]
struct Mailbox {
    inner: Mutex<Inner>,
    /// The client's newest acknowledgement: written by the connection, read by the hub.
    acked: AtomicU64,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Inner {
    frames: VecDeque<Outbound>,
    stop: Option<Stop>,
    /// The hub let go of its handle without a stop.
    forgotten: bool,
    /// The connection's task is gone: what is offered now is dropped.
    closed: bool,
    /// The connection's task, to wake when a frame or the stop arrives.
    waker: Option<Waker>,
}

impl Mailbox {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    /// Remembers the task to wake.
    fn wait(&mut self, cx: &Context<'_>) {
        waiting_task::remember(&mut self.waker, cx);
    }

    /// The next frame. A queue that a burst grew gives its memory back once it is empty: an
    /// idle connection keeps a few slots, not the 1,024 of its busiest moment (issue 12's
    /// memory per idle connection, docs/BENCHMARKS.md).
    fn next(&mut self) -> Option<Outbound> {
        let out = self.frames.pop_front();
        if self.frames.is_empty() && self.frames.capacity() > KEPT_SLOTS {
            self.frames.shrink_to(KEPT_SLOTS);
        }
        out
    }

    fn offer(&mut self, out: Outbound, capacity: usize) -> Result<Option<Waker>, Full> {
        if self.closed {
            // The connection's task is already gone; its detach is on the way.
            return Ok(None);
        }
        if self.frames.len() >= capacity {
            return Err(Full);
        }
        self.frames.push_back(out);
        Ok(self.waker.take())
    }
}

/// The hub's handle on one live connection.
#[derive(Debug)]
pub(crate) struct Conn {
    id: u64,
    mailbox: Arc<Mailbox>,
    /// [`Conn::stop`] was called: the drop that follows is no forgetting.
    stopped: bool,
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
        let waker = self.mailbox.lock().offer(out, self.mailbox.capacity)?;
        waiting_task::wake(waker);
        Ok(())
    }

    /// The newest event id the client acknowledged on this connection (0: none yet).
    pub(crate) fn acked(&self) -> u64 {
        self.mailbox.acked.load(Ordering::Relaxed)
    }

    /// Stops the connection. Consumes the handle: a connection is stopped at most once, and
    /// the hub forgets it in the same step.
    pub(crate) fn stop(mut self, why: Stop) {
        self.stopped = true;
        let waker = {
            let mut inner = self.mailbox.lock();
            // The connection may have gone already; nothing left to stop then.
            if inner.closed {
                return;
            }
            inner.stop = Some(why);
            inner.waker.take()
        };
        waiting_task::wake(waker);
    }
}

impl Drop for Conn {
    /// A handle dropped without [`Conn::stop`] tells the connection it was forgotten.
    fn drop(&mut self) {
        if self.stopped {
            return;
        }
        let waker = {
            let mut inner = self.mailbox.lock();
            if inner.closed {
                return;
            }
            inner.forgotten = true;
            inner.waker.take()
        };
        waiting_task::wake(waker);
    }
}

/// The connection task's side.
#[derive(Debug)]
pub(crate) struct ConnEnd {
    mailbox: Arc<Mailbox>,
}

impl ConnEnd {
    /// The queue's capacity, for the `overflow` notice's text.
    pub(crate) fn capacity(&self) -> usize {
        self.mailbox.capacity
    }

    /// The client delivered every event up to `ack`: the hub may let the session's history
    /// forget them the next time it holds the session (docs/protocol.md §5, §6). No lock, no
    /// wake-up: this runs for every ping.
    pub(crate) fn acknowledge(&self, ack: u64) {
        self.mailbox.acked.fetch_max(ack, Ordering::Relaxed);
    }

    /// Queues a frame of the connection's own behind what the hub queued. No wake-up: the
    /// connection's own task looks at its queue on its next turn.
    pub(crate) fn push(&self, frame: ServerFrame) -> Result<(), Full> {
        let out = Outbound {
            frame: Arc::new(frame),
            queued_at: Instant::now(),
        };
        self.mailbox
            .lock()
            .offer(out, self.mailbox.capacity)
            .map(drop)
    }

    /// Ready once the hub stopped the connection, or forgot it.
    pub(crate) fn poll_stop(&self, cx: &Context<'_>) -> Poll<Result<Stop, Forgotten>> {
        let mut inner = self.mailbox.lock();
        if let Some(stop) = inner.stop.take() {
            return Poll::Ready(Ok(stop));
        }
        if inner.forgotten {
            return Poll::Ready(Err(Forgotten));
        }
        inner.wait(cx);
        Poll::Pending
    }

    /// The next queued frame, once there is one.
    pub(crate) fn poll_frame(&self, cx: &Context<'_>) -> Poll<Outbound> {
        let mut inner = self.mailbox.lock();
        match inner.next() {
            Some(out) => Poll::Ready(out),
            None => {
                inner.wait(cx);
                Poll::Pending
            }
        }
    }

    /// The next queued frame, if there is one now.
    pub(crate) fn try_frame(&self) -> Option<Outbound> {
        self.mailbox.lock().next()
    }

    /// The stop, if the hub gave one (tests).
    #[cfg(test)]
    pub(crate) fn try_stop(&self) -> Option<Stop> {
        self.mailbox.lock().stop.take()
    }
}

impl Drop for ConnEnd {
    /// What the hub offers from now on is dropped, and the frames waiting go with the task.
    fn drop(&mut self) {
        let mut inner = self.mailbox.lock();
        inner.closed = true;
        inner.frames.clear();
        inner.waker = None;
    }
}

/// A new connection's queue of `capacity` frames (at least one).
pub(crate) fn pair(id: u64, capacity: usize) -> (Conn, ConnEnd) {
    let capacity = capacity.max(1);
    let mailbox = Arc::new(Mailbox {
        inner: Mutex::new(Inner::default()),
        acked: AtomicU64::new(0),
        capacity,
    });
    let conn = Conn {
        id,
        mailbox: Arc::clone(&mailbox),
        stopped: false,
    };
    (conn, ConnEnd { mailbox })
}

#[cfg(test)]
mod tests {
    use agentdesk_core::protocol::Notice;
    use serde_json::Map;

    use super::*;
    use crate::counting_waker::Counter;

    fn frame(n: usize) -> Arc<ServerFrame> {
        Arc::new(ServerFrame::Notice(Notice {
            kind: format!("n{n}"),
            message: String::new(),
            fields: Map::new(),
        }))
    }

    fn kind(out: &Outbound) -> String {
        match &*out.frame {
            ServerFrame::Notice(n) => n.kind.clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn frames_come_out_in_order_and_a_full_queue_refuses_the_next() {
        let (conn, end) = pair(1, 2);
        let now = Instant::now();
        assert_eq!(conn.offer(frame(1), now), Ok(()));
        end.push(ServerFrame::Notice(Notice {
            kind: "own".into(),
            message: String::new(),
            fields: Map::new(),
        }))
        .expect("room for the connection's own frame");
        assert_eq!(conn.offer(frame(3), now), Err(Full));
        assert_eq!(end.try_frame().map(|o| kind(&o)).as_deref(), Some("n1"));
        assert_eq!(end.try_frame().map(|o| kind(&o)).as_deref(), Some("own"));
        assert!(end.try_frame().is_none());
    }

    #[test]
    fn an_offer_or_a_stop_wakes_the_waiting_task_once() {
        let (waker, counter) = Counter::waker();
        let cx = Context::from_waker(&waker);
        let (conn, end) = pair(1, 8);
        assert!(end.poll_frame(&cx).is_pending());
        assert!(end.poll_stop(&cx).is_pending());
        conn.offer(frame(1), Instant::now()).expect("room");
        // The task was woken once; the next offer finds no waker until it waits again.
        conn.offer(frame(2), Instant::now()).expect("room");
        assert_eq!(counter.woken(), 1);
        assert!(matches!(end.poll_frame(&cx), Poll::Ready(o) if kind(&o) == "n1"));
        assert!(matches!(end.poll_frame(&cx), Poll::Ready(o) if kind(&o) == "n2"));
        assert!(end.poll_frame(&cx).is_pending());
        conn.stop(Stop::Replaced);
        assert_eq!(counter.woken(), 2);
        assert!(matches!(
            end.poll_stop(&cx),
            Poll::Ready(Ok(Stop::Replaced))
        ));
    }

    #[test]
    fn a_queue_a_burst_grew_shrinks_once_it_is_empty() {
        let (conn, end) = pair(1, 1024);
        for n in 0..1000 {
            conn.offer(frame(n), Instant::now()).expect("room");
        }
        assert!(end.mailbox.lock().frames.capacity() >= 1000);
        while end.try_frame().is_some() {}
        assert!(end.mailbox.lock().frames.capacity() <= KEPT_SLOTS);
    }

    #[test]
    fn the_stop_passes_a_full_queue() {
        let (conn, end) = pair(1, 1);
        conn.offer(frame(1), Instant::now()).expect("room");
        assert_eq!(conn.offer(frame(2), Instant::now()), Err(Full));
        conn.stop(Stop::Overflow);
        assert!(matches!(end.try_stop(), Some(Stop::Overflow)));
    }

    #[test]
    fn a_handle_dropped_without_a_stop_is_read_as_forgotten() {
        let (waker, counter) = Counter::waker();
        let cx = Context::from_waker(&waker);
        let (conn, end) = pair(1, 8);
        assert!(end.poll_stop(&cx).is_pending());
        drop(conn);
        assert_eq!(counter.woken(), 1);
        assert!(matches!(end.poll_stop(&cx), Poll::Ready(Err(Forgotten))));
    }

    #[test]
    fn once_the_connection_is_gone_offers_are_dropped_quietly() {
        let (conn, end) = pair(1, 1);
        drop(end);
        for n in 0..3 {
            assert_eq!(conn.offer(frame(n), Instant::now()), Ok(()));
        }
        assert_eq!(conn.acked(), 0);
        conn.stop(Stop::Replaced);
    }
}
