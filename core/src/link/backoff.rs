//! The reconnect schedule: delay before attempt n = min(base × 2^(n−1), cap) ± jitter
//! (PRODUCT.md §2: base 1 s, cap 30 s, ±20 %, at most 20 attempts). Jitter spreads the
//! reconnects of a whole contact center after a gateway restart, so they do not arrive at once.

use crate::rng::Rng;

/// The schedule's parameters, all settable in `setup()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// Delay before the first attempt, in ms (default 1000).
    pub base_ms: u64,
    /// Longest delay, in ms (default 30 000).
    pub cap_ms: u64,
    /// Jitter as a fraction of the delay, 0–1 (default 0.2).
    pub jitter: f64,
    /// Attempts before giving up (default 20).
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base_ms: 1_000,
            cap_ms: 30_000,
            jitter: 0.2,
            max_attempts: 20,
        }
    }
}

impl Backoff {
    /// The delay before the nominal (jitter-free) attempt `attempt` (1-based).
    pub fn nominal_ms(&self, attempt: u32) -> u64 {
        // 2^(n−1) overflows nothing below the cap: stop doubling once past it.
        let exponent = attempt.saturating_sub(1).min(32);
        self.base_ms
            .saturating_mul(1u64 << exponent)
            .min(self.cap_ms)
    }

    /// The jittered delay before attempt `attempt`, drawing from `rng`.
    pub fn delay_ms(&self, attempt: u32, rng: &mut Rng) -> u64 {
        let nominal = self.nominal_ms(attempt) as f64;
        let jittered = nominal * (1.0 + self.jitter * rng.next_signed_unit());
        jittered.round().max(0.0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nominal_delays_double_from_one_second_and_stop_at_thirty() {
        let b = Backoff::default();
        let got: Vec<u64> = (1..=8).map(|n| b.nominal_ms(n)).collect();
        assert_eq!(
            got,
            [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(b.nominal_ms(20), 30_000);
        assert_eq!(
            b.nominal_ms(200),
            30_000,
            "huge attempt numbers do not overflow"
        );
    }

    #[test]
    fn every_jittered_delay_of_the_twenty_stays_within_twenty_percent() {
        let b = Backoff::default();
        for seed in 0..200 {
            let mut rng = Rng::new(seed);
            for n in 1..=20 {
                let d = b.delay_ms(n, &mut rng) as f64;
                let nominal = b.nominal_ms(n) as f64;
                assert!(
                    d >= nominal * 0.8 && d <= nominal * 1.2,
                    "seed {seed} attempt {n}: {d}"
                );
            }
        }
    }

    #[test]
    fn jitter_actually_spreads_clients() {
        let b = Backoff::default();
        let firsts: std::collections::HashSet<u64> = (0..50)
            .map(|seed| b.delay_ms(1, &mut Rng::new(seed)))
            .collect();
        assert!(firsts.len() > 30, "{} distinct delays", firsts.len());
    }
}
