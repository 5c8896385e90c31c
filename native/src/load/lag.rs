//! The generator's own scheduling lag: one task asks to be woken every [`PERIOD`] and records
//! how late it was. Thousands of engines share this process's runtime with the measurements; a
//! late wake-up here means a latency measured meanwhile may be the generator's, not the
//! gateway's. The report keeps both apart.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use super::stats::{ms, percentiles, Percentiles};

/// How often the probe asks to be woken.
const PERIOD: Duration = Duration::from_millis(5);

/// Lateness of every wake-up, ms, with when it happened.
#[derive(Debug, Default)]
pub struct LagProbe {
    samples: Mutex<Vec<(Instant, f64)>>,
}

impl LagProbe {
    /// Starts the probe on the current runtime; it runs until the handle is aborted.
    pub fn spawn() -> (Arc<Self>, JoinHandle<()>) {
        let probe = Arc::new(Self::default());
        let p = Arc::clone(&probe);
        let task = tokio::spawn(async move {
            let mut due = Instant::now() + PERIOD;
            loop {
                tokio::time::sleep_until(due.into()).await;
                let now = Instant::now();
                let late = ms(now.saturating_duration_since(due));
                p.samples
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((now, late));
                due = now + PERIOD;
            }
        });
        (probe, task)
    }

    /// Percentiles of the lateness between `from` and `to`.
    pub fn between(&self, from: Instant, to: Instant) -> Percentiles {
        let s = self.samples.lock().unwrap_or_else(PoisonError::into_inner);
        let v: Vec<f64> = s
            .iter()
            .filter(|(t, _)| *t >= from && *t <= to)
            .map(|(_, l)| *l)
            .collect();
        percentiles(&v)
    }

    /// The largest lateness in each second from `from` on (for the per-second timeline).
    pub fn max_per_second(&self, from: Instant, seconds: usize) -> Vec<f64> {
        let s = self.samples.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = vec![0.0f64; seconds];
        for (t, l) in s.iter() {
            if *t < from {
                continue;
            }
            let i = t.duration_since(from).as_secs() as usize;
            if let Some(slot) = out.get_mut(i) {
                *slot = slot.max(*l);
            }
        }
        out
    }
}
