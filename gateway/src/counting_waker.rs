//! A waker that counts its wake-ups, for the unit tests of what wakes a connection's task
//! (crate::queue's mailbox, crate::links' fault inbox).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Wake, Waker};

/// Counts its wake-ups.
pub(crate) struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl Counter {
    /// A waker that counts, and its count.
    pub(crate) fn waker() -> (Waker, Arc<Counter>) {
        let counter = Arc::new(Counter(AtomicUsize::new(0)));
        (Waker::from(Arc::clone(&counter)), counter)
    }

    /// How many times it was woken.
    pub(crate) fn woken(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}
