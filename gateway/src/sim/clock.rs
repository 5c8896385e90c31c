//! The simulator's time and chance: tokio time for every timer (so tests can run it paused),
//! one clock for the timestamps events carry, one seeded RNG, and the timer queue.
//!
//! Determinism: timers fire in deadline order, ties in the order they were set; handlers see the
//! timer's own deadline as "now", not the moment the task woke; every random draw comes from
//! the one [`ChaCha8Rng`]; ids are counters. So the same seed and the same inputs at the same
//! times give the same events (docs/gateway.md §9).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use tokio::time::Instant;

use crate::port::AgentKey;

use super::timers::Timer;

/// Timers one simulator may have pending at most; past it new ones are dropped (and logged),
/// so nothing grows without bound.
pub(crate) const MAX_TIMERS: usize = 100_000;

/// Wall-clock readings derived from tokio time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    start: Instant,
    epoch_ms: u64,
}

impl Clock {
    pub(crate) fn new(start: Instant, epoch_ms: u64) -> Self {
        Self { start, epoch_ms }
    }

    /// Unix ms at `at`.
    pub(crate) fn ms(&self, at: Instant) -> i64 {
        let elapsed =
            u64::try_from(at.saturating_duration_since(self.start).as_millis()).unwrap_or(u64::MAX);
        i64::try_from(self.epoch_ms.saturating_add(elapsed)).unwrap_or(i64::MAX)
    }

    /// When the simulator started.
    pub(crate) fn start(&self) -> Instant {
        self.start
    }
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a Unix-ms time, as `extenState.registerTime` shows it.
pub(crate) fn datetime(unix_ms: i64) -> String {
    agentdesk_core::calendar::Civil::of(unix_ms).plain()
}

/// The one source of chance.
#[derive(Debug)]
pub(crate) struct Dice(ChaCha8Rng);

impl Dice {
    pub(crate) fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `lo..=hi` (lo when the range is empty).
    pub(crate) fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            self.0.random_range(lo..=hi)
        }
    }

    /// Uniform index below `n` (0 when n is 0).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.0.random_range(0..n)
        }
    }

    /// The wait before the next event of a Poisson process of `per_minute` events a minute;
    /// None when the rate is 0.
    pub(crate) fn poisson_gap(&mut self, per_minute: f64) -> Option<Duration> {
        if per_minute <= 0.0 || !per_minute.is_finite() {
            return None;
        }
        let u: f64 = self.0.random_range(f64::EPSILON..1.0);
        let secs = (-u.ln() * 60.0 / per_minute).min(24.0 * 3600.0);
        Some(Duration::from_secs_f64(secs))
    }

    /// `n` random decimal digits.
    pub(crate) fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.0.random_range(0..10u8)))
            .collect()
    }
}

/// What a timer belongs to, so that cancelling an agent's or a call's timers looks at theirs
/// alone, not at the whole queue.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Owner {
    Agent(AgentKey),
    Call(u64),
}

fn owner(timer: &Timer) -> Option<Owner> {
    timer
        .call()
        .map(Owner::Call)
        .or_else(|| timer.agent().cloned().map(Owner::Agent))
}

/// The pending timers, in firing order, indexed by owner.
#[derive(Debug, Default)]
pub(crate) struct Timers {
    queue: BTreeMap<(Instant, u64), Timer>,
    owned: HashMap<Owner, BTreeSet<(Instant, u64)>>,
    next_seq: u64,
}

impl Timers {
    /// Sets `timer` to fire at `at`.
    pub(crate) fn set(&mut self, at: Instant, timer: Timer) {
        if self.queue.len() >= MAX_TIMERS {
            tracing::warn!(?timer, "simulator timer queue full; timer dropped");
            return;
        }
        self.next_seq += 1;
        let slot = (at, self.next_seq);
        if let Some(owner) = owner(&timer) {
            self.owned.entry(owner).or_default().insert(slot);
        }
        self.queue.insert(slot, timer);
    }

    /// The earliest deadline.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.queue.keys().next().map(|(at, _)| *at)
    }

    /// Takes the earliest timer if it is due at `now`.
    pub(crate) fn pop_due(&mut self, now: Instant) -> Option<(Instant, Timer)> {
        let (&slot, _) = self.queue.iter().next()?;
        if slot.0 > now {
            return None;
        }
        let timer = self.queue.remove(&slot)?;
        self.unindex(&timer, slot);
        Some((slot.0, timer))
    }

    fn unindex(&mut self, timer: &Timer, slot: (Instant, u64)) {
        if let Some(owner) = owner(timer) {
            if let Some(slots) = self.owned.get_mut(&owner) {
                slots.remove(&slot);
                if slots.is_empty() {
                    self.owned.remove(&owner);
                }
            }
        }
    }

    fn cancel_owned(&mut self, owner: &Owner, pred: impl Fn(&Timer) -> bool) {
        let Some(slots) = self.owned.get(owner) else {
            return;
        };
        let gone: Vec<(Instant, u64)> = slots
            .iter()
            .filter(|slot| self.queue.get(slot).is_some_and(&pred))
            .copied()
            .collect();
        for slot in gone {
            if let Some(timer) = self.queue.remove(&slot) {
                self.unindex(&timer, slot);
            }
        }
    }

    /// Cancels the timers of agent `key` that `pred` picks.
    pub(crate) fn cancel_agent(&mut self, key: &AgentKey, pred: impl Fn(&Timer) -> bool) {
        self.cancel_owned(&Owner::Agent(key.clone()), pred);
    }

    /// Cancels the timers of call `call` that `pred` picks.
    pub(crate) fn cancel_call(&mut self, call: u64, pred: impl Fn(&Timer) -> bool) {
        self.cancel_owned(&Owner::Call(call), pred);
    }

    /// True when a timer of call `call` that `pred` picks is pending.
    pub(crate) fn any_call(&self, call: u64, pred: impl Fn(&Timer) -> bool) -> bool {
        self.owned.get(&Owner::Call(call)).is_some_and(|slots| {
            slots
                .iter()
                .any(|slot| self.queue.get(slot).is_some_and(&pred))
        })
    }

    /// How many are pending.
    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_formats_utc_civil_time() {
        assert_eq!(datetime(0), "1970-01-01 00:00:00");
        assert_eq!(datetime(1_716_200_000_000), "2024-05-20 10:13:20");
        assert_eq!(datetime(951_782_400_000), "2000-02-29 00:00:00");
    }

    #[test]
    fn cancelling_an_owner_s_timers_leaves_the_others_and_the_order() {
        let t0 = Instant::now();
        let a = AgentKey {
            tenant_id: "t1".into(),
            agent_no: "0001".into(),
        };
        let mut timers = Timers::default();
        timers.set(t0 + Duration::from_secs(3), Timer::Abandon { call: 1 });
        timers.set(
            t0 + Duration::from_secs(1),
            Timer::WrapupEnd {
                agent: a.clone(),
                epoch: 1,
            },
        );
        timers.set(t0 + Duration::from_secs(2), Timer::Callback);
        timers.set(t0 + Duration::from_secs(2), Timer::Transcript { call: 1 });
        assert!(timers.any_call(1, |t| *t == Timer::Transcript { call: 1 }));
        timers.cancel_call(1, |t| *t == Timer::Transcript { call: 1 });
        assert!(!timers.any_call(1, |t| *t == Timer::Transcript { call: 1 }));
        timers.cancel_agent(&a, |_| true);
        let later = t0 + Duration::from_secs(10);
        let fired: Vec<Timer> =
            std::iter::from_fn(|| timers.pop_due(later).map(|(_, t)| t)).collect();
        assert_eq!(fired, [Timer::Callback, Timer::Abandon { call: 1 }]);
        assert_eq!(timers.len(), 0);
        assert!(timers.owned.is_empty());
    }

    #[test]
    fn the_same_seed_throws_the_same_dice() {
        let mut a = Dice::new(7);
        let mut b = Dice::new(7);
        let xs: Vec<u64> = (0..20).map(|_| a.between(1, 100)).collect();
        let ys: Vec<u64> = (0..20).map(|_| b.between(1, 100)).collect();
        assert_eq!(xs, ys);
        assert!(a.poisson_gap(0.0).is_none());
        assert!(a.poisson_gap(4.0).is_some());
        assert_eq!(a.digits(8).len(), 8);
    }
}
