//! Every open WebSocket, so that the fault-injection endpoints (docs/gateway.md) can reach them,
//! and the link conditions they share (the frame delay).
//!
//! Each socket registers when it is upgraded and leaves when its task ends (the registration
//! removes itself on drop). A fault reaches a socket through a small bounded channel; when a
//! socket has several faults waiting already, a further one is dropped rather than buffered.
//!
//! The channel also carries the server's shutdown: [`Links::close_all`] lets go of every sender,
//! and a socket whose fault channel closes leaves with 4000 (server restarting). A connection
//! thus waits on one channel of its own instead of also on the shutdown signal that every
//! connection shares, whose every poll takes that signal's lock (tokio's `Notified` in its
//! waiting state): once per ping, ~4,000 times a second at 20,000 agents.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::hub::AgentKey;

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

struct Registered {
    key: Option<AgentKey>,
    /// None once the server shuts down: the socket's receiver then reads the end.
    faults: Option<mpsc::Sender<Fault>>,
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

    /// Registers a new socket; the receiver gets the faults sent to it.
    pub(crate) fn register(&self) -> (Registration<'_>, mpsc::Receiver<Fault>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, faults) = mpsc::channel(FAULTS_PER_LINK);
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
            .filter(|s| {
                s.faults
                    .as_ref()
                    .is_some_and(|tx| tx.try_send(fault).is_ok())
            })
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
        let (one, mut one_faults) = links.register();
        let (two, mut two_faults) = links.register();
        one.identify(&key("0001"));
        let only_0001 = |k: Option<&AgentKey>| k.is_some_and(|k| k.agent_no == "0001");
        assert_eq!(links.signal(Fault::Malformed, only_0001), 1);
        assert_eq!(one_faults.try_recv().ok(), Some(Fault::Malformed));
        assert!(two_faults.try_recv().is_err());
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
        let (_one, mut one_faults) = links.register();
        assert!(matches!(
            one_faults.try_recv(),
            Err(mpsc::error::TryRecvError::Empty)
        ));
        links.close_all();
        assert!(matches!(
            one_faults.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
        let (_late, mut late_faults) = links.register();
        assert!(matches!(
            late_faults.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
        // Nobody takes a fault any more.
        assert_eq!(links.signal(Fault::Drop, |_| true), 0);
    }
}
