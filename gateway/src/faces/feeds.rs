//! Every tenant this edge's faces serve, and the one task that feeds them the core's taps.
//!
//! A tenant's feed is made on the first dialect connection that authenticates for it; its maker
//! then asks the core to watch the tenant (`CoreInput::Watch`) and the feed lives as long as the
//! edge, so a client that comes back finds its history. Taps arrive through a bounded queue, so
//! the core's shell never waits for the faces: if the faces fall that far behind, the tenants
//! whose taps were lost are watched again and resynchronise from a whole snapshot.
//!
//! The observer and the four mapping tables are CPU work with no I/O: they run on a thread of
//! their own, so rendering never holds up the runtime's workers, where the core's timers and the
//! sockets run.

use std::collections::{BTreeSet, HashMap};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::directory::Directory;
use crate::port::Tap;
use crate::unix_ms;

use super::feed::TenantFeed;

/// Taps waiting for the faces' task.
const TAP_QUEUE: usize = 16_384;
/// The faces' clock: Voxsig presence expiry runs at this resolution.
const TICK: Duration = Duration::from_secs(1);
/// Qubicle's periodic `sync` of every logged-in recipient (seed 000 "Periodic state
/// synchronization"), in ticks.
const SYNC_TICKS: u64 = 60;

/// The tenants of this edge's faces.
pub(crate) struct Feeds {
    edge: String,
    epoch: String,
    directory: Directory,
    tenants: Mutex<HashMap<String, Arc<TenantFeed>>>,
    taps: SyncSender<Tap>,
    /// Tenants whose taps were lost, to watch again.
    lost: Mutex<BTreeSet<String>>,
}

impl std::fmt::Debug for Feeds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feeds")
            .field("edge", &self.edge)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Feeds {
    /// The faces of edge `edge`; their task runs until `shutdown`.
    pub(crate) fn start(
        edge: &str,
        directory: Directory,
        shutdown: watch::Receiver<bool>,
    ) -> Arc<Self> {
        let (taps, rx) = mpsc::sync_channel(TAP_QUEUE);
        // The run's epoch: this edge's start, so ids of an earlier run are told apart.
        let epoch = format!(
            "{}{:x}",
            edge.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>(),
            unix_ms()
        );
        let feeds = Arc::new(Self {
            edge: edge.to_owned(),
            epoch,
            directory,
            tenants: Mutex::new(HashMap::new()),
            taps,
            lost: Mutex::new(BTreeSet::new()),
        });
        let runner = Arc::clone(&feeds);
        let spawned = std::thread::Builder::new()
            .name("dialect-faces".into())
            .spawn(move || runner.run(&rx, &shutdown));
        if let Err(e) = spawned {
            tracing::error!("cannot start the dialect faces' thread: {e}");
        }
        feeds
    }

    /// `tenant`'s feed, and whether it was just made (the caller asks the core to watch it).
    /// `None` for a tenant the directory does not have.
    pub(crate) fn tenant(&self, tenant: &str) -> Option<(Arc<TenantFeed>, bool)> {
        let mut tenants = lock(&self.tenants);
        if let Some(feed) = tenants.get(tenant) {
            return Some((Arc::clone(feed), false));
        }
        let accounts = self.directory.tenant(tenant)?.accounts.clone();
        let feed = Arc::new(TenantFeed::new(tenant, accounts, &self.epoch));
        tenants.insert(tenant.to_owned(), Arc::clone(&feed));
        Some((feed, true))
    }

    /// Every tenant served, to watch again after the core lost them (a new cluster epoch).
    pub(crate) fn watched(&self) -> Vec<String> {
        lock(&self.tenants).keys().cloned().collect()
    }

    /// True when some face here serves `tenant` (cluster mode skips others' taps unread).
    pub(crate) fn serves(&self, tenant: &str) -> bool {
        lock(&self.tenants).contains_key(tenant)
    }

    /// A tap from the core; never waits.
    pub(crate) fn take(&self, tap: Tap) {
        if !self.serves(&tap.tenant) {
            return;
        }
        let tenant = tap.tenant.clone();
        if self.taps.try_send(tap).is_err() {
            tracing::warn!(
                tenant,
                "dialect faces behind the core; the tenant resynchronises"
            );
            lock(&self.lost).insert(tenant);
        }
    }

    /// Tenants whose taps were lost since the last call: the caller watches them again.
    pub(crate) fn take_lost(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.lost)).into_iter().collect()
    }

    /// The faces' thread: taps in the core's order, and the faces' clock, until shutdown (looked
    /// at every tick) or until the edge is gone.
    fn run(&self, rx: &mpsc::Receiver<Tap>, shutdown: &watch::Receiver<bool>) {
        let mut next_tick = Instant::now() + TICK;
        let mut ticks = 0u64;
        loop {
            match rx.recv_timeout(next_tick.saturating_duration_since(Instant::now())) {
                Ok(tap) => {
                    let feed = lock(&self.tenants).get(&tap.tenant).cloned();
                    if let Some(feed) = feed {
                        feed.take(&tap, &self.edge);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if Instant::now() < next_tick {
                continue;
            }
            if *shutdown.borrow() {
                return;
            }
            next_tick = Instant::now() + TICK;
            ticks += 1;
            let feeds: Vec<Arc<TenantFeed>> = lock(&self.tenants).values().cloned().collect();
            for feed in feeds {
                feed.tick(ticks % SYNC_TICKS == 0);
            }
        }
    }
}
