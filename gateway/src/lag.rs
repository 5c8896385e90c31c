//! A scheduling-lag probe for the load benchmark: one task asks the runtime to wake it every
//! [`PERIOD`] and records how late it woke. A worker blocked by a long synchronous step (or
//! starved of CPU) shows here as lag, whatever the step was; `/control/stats` reports it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

/// How often the probe asks to be woken. Small enough to see stalls of a few ms; one wake-up
/// every 5 ms costs nothing measurable.
const PERIOD: Duration = Duration::from_millis(5);

/// A wake-up later than this counts (and is logged at debug) as a stall (the command → event target is 50 ms).
const STALL: Duration = Duration::from_millis(25);

/// What the probe saw.
#[derive(Debug, Default)]
pub(crate) struct Lag {
    /// The largest lag since the last [`Lag::take_max_us`], µs.
    max_us: AtomicU64,
    /// Wake-ups later than [`STALL`], since start.
    pub(crate) stalls: AtomicU64,
    /// Wake-ups, since start.
    pub(crate) wakes: AtomicU64,
}

impl Lag {
    /// The largest lag since the previous call, µs (the benchmark reads it once per phase).
    pub(crate) fn take_max_us(&self) -> u64 {
        self.max_us.swap(0, Ordering::Relaxed)
    }
}

/// Starts the probe on the current runtime.
pub(crate) fn spawn(lag: Arc<Lag>, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut due = Instant::now() + PERIOD;
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                () = tokio::time::sleep_until(due) => {}
            }
            let now = Instant::now();
            let late = now.saturating_duration_since(due);
            let us = u64::try_from(late.as_micros()).unwrap_or(u64::MAX);
            lag.max_us.fetch_max(us, Ordering::Relaxed);
            lag.wakes.fetch_add(1, Ordering::Relaxed);
            if late > STALL {
                lag.stalls.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(late_ms = late.as_millis(), "runtime stalled");
            }
            due = now + PERIOD;
        }
    });
}
