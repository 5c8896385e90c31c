//! Every open WebSocket, so that the fault-injection endpoints (docs/gateway.md) can reach them,
//! and the link conditions they share (the frame delay).
//!
//! Each socket registers when it is upgraded and leaves when its task ends (the registration
//! removes itself on drop). A fault reaches a socket through its small inbox; when a socket has
//! several faults waiting already, a further one is dropped rather than buffered.
//!
//! The inbox also carries the server's shutdown: [`Links::close_all`] lets go of every sending
//! end, and a socket whose inbox closes leaves with 4000 (server restarting). A connection thus
//! waits on one inbox of its own instead of also on the shutdown signal that every connection
//! shares, whose every poll takes that signal's lock (tokio's `Notified` in its waiting state):
//! once per ping, ~4,000 times a second at 20,000 agents.
//!
//! The inbox is one small object behind one lock, not a tokio channel: an idle connection polls
//! it on every wake-up (each ping), after 5 s asleep, and a channel's receiving end is spread
//! over several cache lines (its list's block, its waker cell, its budget) that each miss. The
//! inbox is a line.

use std::collections::HashMap;
use std::future::{poll_fn, Future};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::hub::AgentKey;
use crate::waiting_task;

/// Faults one socket can have waiting.
const FAULTS_PER_LINK: usize = 8;

/// What the fault-injection control asks of a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Drop the TCP connection without a close frame (the browser sees 1006).
    Drop,
    /// Stop sending anything and answering pings, keeping the socket open (half-open).
    Silence,
    /// Send one malformed text frame, then go on.
    Malformed,
    /// The gateway "restarted": close 4000.
    Restart,
}

/// What a socket's inbox holds: faults in the order sent, whether it is closed, and the
/// socket's task to wake.
#[derive(Default)]
struct Inbox {
    waiting: [Option<Fault>; FAULTS_PER_LINK],
    /// No sending end any more: the server shuts down (or the socket left the registry).
    closed: bool,
    waker: Option<Waker>,
}

fn lock_inbox(inbox: &Mutex<Inbox>) -> MutexGuard<'_, Inbox> {
    inbox.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The registry's end of a socket's inbox; dropping it closes the inbox.
struct FaultSender(Arc<Mutex<Inbox>>);

impl FaultSender {
    /// Puts `fault` in the inbox unless it is full: whether it went in.
    fn offer(&self, fault: Fault) -> bool {
        let waker = {
            let mut inbox = lock_inbox(&self.0);
            let Some(slot) = inbox.waiting.iter_mut().find(|slot| slot.is_none()) else {
                return false;
            };
            *slot = Some(fault);
            inbox.waker.take()
        };
        waiting_task::wake(waker);
        true
    }
}

impl Drop for FaultSender {
    fn drop(&mut self) {
        let waker = {
            let mut inbox = lock_inbox(&self.0);
            inbox.closed = true;
            inbox.waker.take()
        };
        waiting_task::wake(waker);
    }
}

/// The socket's end of its inbox.
pub(crate) struct FaultInbox(Arc<Mutex<Inbox>>);

impl FaultInbox {
    /// The next fault; `None` once the inbox is closed and empty (the server shuts down).
    pub(crate) fn recv(&mut self) -> impl Future<Output = Option<Fault>> + '_ {
        poll_fn(move |cx| self.poll_recv(cx))
    }

    fn poll_recv(&self, cx: &Context<'_>) -> Poll<Option<Fault>> {
        let mut inbox = lock_inbox(&self.0);
        if let Some(fault) = inbox.waiting[0].take() {
            inbox.waiting.rotate_left(1);
            return Poll::Ready(Some(fault));
        }
        if inbox.closed {
            return Poll::Ready(None);
        }
        waiting_task::remember(&mut inbox.waker, cx);
        Poll::Pending
    }

    /// The next fault if one is waiting: `Ok(None)` when none is, `Err(())` once closed (tests).
    #[cfg(test)]
    fn try_recv(&self) -> Result<Option<Fault>, ()> {
        match self.poll_recv(&Context::from_waker(Waker::noop())) {
            Poll::Ready(Some(fault)) => Ok(Some(fault)),
            Poll::Ready(None) => Err(()),
            Poll::Pending => Ok(None),
        }
    }
}

struct Registered {
    key: Option<AgentKey>,
    /// None once the server shuts down: the socket's inbox then reads the end.
    faults: Option<FaultSender>,
}

/// The registry of open sockets.
#[derive(Default)]
pub(crate) struct Links {
    sockets: Mutex<HashMap<u64, Registered>>,
    /// The server is shutting down: a socket registered from now on is closed at once. Read and
    /// written under the `sockets` lock, so no registration slips between.
    closed: AtomicBool,
    next_id: AtomicU64,
    delay_ms: AtomicU64,
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Links")
            .field("delay_ms", &self.delay_ms.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// A socket's place in the registry; leaving it when dropped.
#[derive(Debug)]
pub(crate) struct Registration<'a> {
    links: &'a Links,
    id: u64,
}

impl Registration<'_> {
    /// Records who the socket speaks for, once authenticated (the `malformed` fault filters on
    /// it).
    pub(crate) fn identify(&self, key: &AgentKey) {
        if let Some(socket) = self.links.lock().get_mut(&self.id) {
            socket.key = Some(key.clone());
        }
    }
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        self.links.lock().remove(&self.id);
    }
}

impl Links {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Registered>> {
        self.sockets.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a new socket; its inbox gets the faults sent to it.
    pub(crate) fn register(&self) -> (Registration<'_>, FaultInbox) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let (tx, faults) = (FaultSender(Arc::clone(&inbox)), FaultInbox(inbox));
        let mut sockets = self.lock();
        let open = !self.closed.load(Ordering::Relaxed);
        sockets.insert(
            id,
            Registered {
                key: None,
                faults: open.then_some(tx),
            },
        );
        (Registration { links: self, id }, faults)
    }

    /// Sends `fault` to every socket whose agent `matches` (None: not authenticated yet);
    /// returns how many took it.
    pub(crate) fn signal(
        &self,
        fault: Fault,
        matches: impl Fn(Option<&AgentKey>) -> bool,
    ) -> usize {
        self.lock()
            .values()
            .filter(|s| matches(s.key.as_ref()))
            .filter(|s| s.faults.as_ref().is_some_and(|tx| tx.offer(fault)))
            .count()
    }

    /// The server shuts down: every socket's fault channel closes, now and at registration.
    pub(crate) fn close_all(&self) {
        let mut sockets = self.lock();
        self.closed.store(true, Ordering::Relaxed);
        for socket in sockets.values_mut() {
            socket.faults = None;
        }
    }

    /// How many sockets are open.
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    /// The delay every outgoing frame gets.
    pub(crate) fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms.load(Ordering::Relaxed))
    }

    /// Sets the delay (0: none).
    pub(crate) fn set_delay(&self, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.delay_ms.store(ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(agent_no: &str) -> AgentKey {
        AgentKey {
            tenant_id: "t1".into(),
            agent_no: agent_no.into(),
        }
    }

    #[test]
    fn faults_reach_the_matching_sockets_and_a_closed_socket_leaves_the_registry() {
        let links = Links::default();
        let (one, one_faults) = links.register();
        let (two, two_faults) = links.register();
        one.identify(&key("0001"));
        let only_0001 = |k: Option<&AgentKey>| k.is_some_and(|k| k.agent_no == "0001");
        assert_eq!(links.signal(Fault::Malformed, only_0001), 1);
        assert_eq!(one_faults.try_recv(), Ok(Some(Fault::Malformed)));
        assert_eq!(two_faults.try_recv(), Ok(None));
        drop(two);
        assert_eq!(links.signal(Fault::Drop, |_| true), 1);
        drop(one);
        assert_eq!(links.signal(Fault::Drop, |_| true), 0);
    }

    #[test]
    fn a_socket_with_its_fault_queue_full_misses_further_faults_instead_of_buffering_them() {
        let links = Links::default();
        let (_socket, _faults) = links.register();
        let taken: usize = (0..FAULTS_PER_LINK + 3)
            .map(|_| links.signal(Fault::Malformed, |_| true))
            .sum();
        assert_eq!(taken, FAULTS_PER_LINK);
    }

    #[test]
    fn the_shutdown_closes_every_sockets_fault_channel_and_those_registered_after_it() {
        let links = Links::default();
        let (_one, one_faults) = links.register();
        assert_eq!(one_faults.try_recv(), Ok(None));
        links.close_all();
        assert_eq!(one_faults.try_recv(), Err(()));
        let (_late, late_faults) = links.register();
        assert_eq!(late_faults.try_recv(), Err(()));
        // Nobody takes a fault any more.
        assert_eq!(links.signal(Fault::Drop, |_| true), 0);
    }
}

#[cfg(test)]
mod inbox_tests {
    use super::*;
    use crate::counting_waker::Counter;

    #[test]
    fn faults_come_out_in_order_and_a_fault_or_the_close_wakes_the_waiting_socket() {
        let links = Links::default();
        let (_socket, inbox) = links.register();
        let (waker, counter) = Counter::waker();
        let cx = Context::from_waker(&waker);
        assert!(inbox.poll_recv(&cx).is_pending());
        assert_eq!(links.signal(Fault::Malformed, |_| true), 1);
        assert_eq!(counter.woken(), 1);
        assert_eq!(links.signal(Fault::Drop, |_| true), 1);
        assert_eq!(inbox.poll_recv(&cx), Poll::Ready(Some(Fault::Malformed)));
        assert_eq!(inbox.poll_recv(&cx), Poll::Ready(Some(Fault::Drop)));
        assert!(inbox.poll_recv(&cx).is_pending());
        links.close_all();
        assert_eq!(counter.woken(), 2);
        assert_eq!(inbox.poll_recv(&cx), Poll::Ready(None));
    }
}
