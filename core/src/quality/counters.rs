//! Cumulative RTP counters → per-interval deltas and running totals (PRODUCT.md §2 "WebRTC
//! stats": "per-interval deltas and totals").
//!
//! - The first sample of a leg counts from zero: the leg's counters start with it, and Twilio's
//!   first sample does the same (research §5.1).
//! - A counter below its previous value is a new stream (renegotiation, a new SSRC, a new leg fed
//!   to the same tracker), not a negative amount of traffic: the sample becomes that direction's
//!   new baseline. See [`CounterTracker::handle_snapshot`] for what its delta is.
//! - A counter the browser omitted counts nothing this interval; its last value is kept, so when
//!   it returns its delta spans the gap instead of restarting from zero.

use super::snapshot::StatsSnapshot;

/// Packet and byte counts, of one interval or since the leg started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub(super) packets_sent: u64,
    pub(super) bytes_sent: u64,
    pub(super) packets_received: u64,
    pub(super) bytes_received: u64,
    pub(super) packets_lost: u64,
}

impl Counts {
    /// Inbound packets the sender put on the wire: what arrived plus what was lost.
    pub(super) fn expected(&self) -> u64 {
        self.packets_received.saturating_add(self.packets_lost)
    }

    /// Share lost of what was expected, 0 when nothing was expected (PRODUCT.md §2; research
    /// §5.1 defines Twilio's `packetsLostFraction` over the same denominator).
    pub(super) fn loss_rate(&self) -> f64 {
        match self.expected() {
            0 => 0.0,
            expected => self.packets_lost as f64 / expected as f64,
        }
    }

    fn add(&mut self, other: &Counts) {
        self.packets_sent = self.packets_sent.saturating_add(other.packets_sent);
        self.bytes_sent = self.bytes_sent.saturating_add(other.bytes_sent);
        self.packets_received = self.packets_received.saturating_add(other.packets_received);
        self.bytes_received = self.bytes_received.saturating_add(other.bytes_received);
        self.packets_lost = self.packets_lost.saturating_add(other.packets_lost);
    }
}

/// The last value seen of each cumulative counter.
#[derive(Debug, Clone, Copy, Default)]
struct Last {
    packets_sent: Option<u64>,
    bytes_sent: Option<u64>,
    packets_received: Option<u64>,
    bytes_received: Option<u64>,
    packets_lost: Option<i64>,
}

/// Remembers the previous sample's counters and the totals of one leg.
#[derive(Debug, Clone, Default)]
pub(super) struct CounterTracker {
    /// `None` until the first sample.
    last: Option<Last>,
    totals: Counts,
}

impl CounterTracker {
    /// Whether no sample has been taken yet.
    pub(super) fn is_first(&self) -> bool {
        self.last.is_none()
    }

    /// Running totals since the leg started: the sum of every interval's deltas, so that they
    /// keep growing across counter resets.
    pub(super) fn totals(&self) -> Counts {
        self.totals
    }

    /// Takes the next snapshot and returns its interval's counts; adds them to the totals.
    pub(super) fn handle_snapshot(&mut self, s: &StatsSnapshot) -> Counts {
        let last = self.last.unwrap_or_default();

        // When a direction's counter went back, its new counters started from zero after the
        // previous sample (which still saw the old ones), so everything they hold was carried
        // during this interval: their own values are the interval's deltas. Never negative, and
        // at most one interval's traffic of the new stream.
        let outbound_reset = went_back(s.packets_sent, last.packets_sent)
            || went_back(s.bytes_sent, last.bytes_sent);
        let inbound_reset = went_back(s.packets_received, last.packets_received)
            || went_back(s.bytes_received, last.bytes_received);

        let interval = Counts {
            packets_sent: delta(s.packets_sent, last.packets_sent, outbound_reset),
            bytes_sent: delta(s.bytes_sent, last.bytes_sent, outbound_reset),
            packets_received: delta(s.packets_received, last.packets_received, inbound_reset),
            bytes_received: delta(s.bytes_received, last.bytes_received, inbound_reset),
            packets_lost: lost_delta(s.packets_lost, last.packets_lost, inbound_reset),
        };

        self.last = Some(Last {
            packets_sent: s.packets_sent.or(last.packets_sent),
            bytes_sent: s.bytes_sent.or(last.bytes_sent),
            packets_received: s.packets_received.or(last.packets_received),
            bytes_received: s.bytes_received.or(last.bytes_received),
            packets_lost: s.packets_lost.or(last.packets_lost),
        });
        self.totals.add(&interval);
        interval
    }
}

fn went_back(current: Option<u64>, previous: Option<u64>) -> bool {
    matches!((current, previous), (Some(c), Some(p)) if c < p)
}

/// Traffic of one interval. An omitted counter counts as none; one never seen before counts
/// from zero, as the leg's counters do.
fn delta(current: Option<u64>, previous: Option<u64>, reset: bool) -> u64 {
    match (current, previous) {
        (None, _) => 0,
        (Some(c), Some(p)) if !reset => c.saturating_sub(p),
        (Some(c), _) => c,
    }
}

/// Losses of one interval, never negative. `packetsLost` may fall without a reset: RFC 3550
/// §6.4.1 counts it as expected − received, so late or duplicated packets lower it, and it may
/// even be negative. Such an interval counts 0 losses rather than negative ones.
fn lost_delta(current: Option<i64>, previous: Option<i64>, reset: bool) -> u64 {
    let lost = match (current, previous) {
        (None, _) => 0,
        (Some(c), Some(p)) if !reset => c.saturating_sub(p),
        (Some(c), _) => c,
    };
    u64::try_from(lost).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(sent: u64, received: u64, lost: i64) -> StatsSnapshot {
        StatsSnapshot {
            packets_sent: Some(sent),
            bytes_sent: Some(sent * 160),
            packets_received: Some(received),
            bytes_received: Some(received * 160),
            packets_lost: Some(lost),
            ..StatsSnapshot::default()
        }
    }

    fn packets(c: Counts) -> (u64, u64, u64) {
        (c.packets_sent, c.packets_received, c.packets_lost)
    }

    #[test]
    fn first_sample_counts_from_zero() {
        let mut t = CounterTracker::default();
        assert!(t.is_first());
        let c = t.handle_snapshot(&snap(50, 48, 2));
        assert_eq!(packets(c), (50, 48, 2));
        assert_eq!(c.bytes_sent, 8000);
        assert!(!t.is_first());
    }

    #[test]
    fn later_samples_give_deltas_and_totals_sum_them() {
        let mut t = CounterTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let c = t.handle_snapshot(&snap(100, 99, 1));
        assert_eq!(packets(c), (50, 49, 1));
        assert_eq!(packets(t.totals()), (100, 99, 1));
        assert_eq!(t.totals().bytes_received, 99 * 160);
    }

    #[test]
    fn loss_rate_is_lost_over_expected_and_zero_when_nothing_expected() {
        let c = Counts {
            packets_received: 95,
            packets_lost: 5,
            ..Counts::default()
        };
        assert!((c.loss_rate() - 0.05).abs() < 1e-12);
        assert_eq!(Counts::default().loss_rate(), 0.0);
    }

    #[test]
    fn inbound_reset_makes_a_new_baseline_without_touching_outbound() {
        let mut t = CounterTracker::default();
        let _ = t.handle_snapshot(&snap(1000, 1000, 10));
        let c = t.handle_snapshot(&snap(1050, 30, 1));
        assert_eq!(packets(c), (50, 30, 1));
        assert_eq!(t.totals().packets_received, 1030);
        let c = t.handle_snapshot(&snap(1100, 80, 1));
        assert_eq!(packets(c), (50, 50, 0));
    }

    #[test]
    fn reset_of_bytes_alone_also_starts_a_new_baseline() {
        let mut t = CounterTracker::default();
        let _ = t.handle_snapshot(&snap(1000, 1000, 0));
        let mut s = snap(1050, 1050, 0);
        s.bytes_sent = Some(800);
        let c = t.handle_snapshot(&s);
        assert_eq!((c.packets_sent, c.bytes_sent), (1050, 800));
    }

    #[test]
    fn falling_packets_lost_without_a_reset_counts_zero_losses() {
        let mut t = CounterTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 3));
        assert_eq!(t.handle_snapshot(&snap(100, 101, 1)).packets_lost, 0);
        assert_eq!(t.handle_snapshot(&snap(150, 150, 2)).packets_lost, 1);
    }

    #[test]
    fn negative_cumulative_loss_from_duplicates_counts_as_none() {
        let mut t = CounterTracker::default();
        assert_eq!(t.handle_snapshot(&snap(50, 52, -2)).packets_lost, 0);
        assert_eq!(t.totals().packets_lost, 0);
    }

    #[test]
    fn omitted_counter_counts_nothing_then_spans_the_gap_when_back() {
        let mut t = CounterTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let mut s = snap(100, 100, 0);
        s.packets_received = None;
        s.bytes_received = None;
        assert_eq!(t.handle_snapshot(&s).packets_received, 0);
        assert_eq!(t.handle_snapshot(&snap(150, 150, 0)).packets_received, 100);
        assert_eq!(t.totals().packets_received, 150);
    }

    #[test]
    fn huge_counters_saturate_the_totals() {
        let mut t = CounterTracker::default();
        let mut s = snap(0, 0, 0);
        s.bytes_sent = Some(u64::MAX);
        let _ = t.handle_snapshot(&s);
        s.bytes_sent = Some(1);
        let _ = t.handle_snapshot(&s);
        assert_eq!(t.totals().bytes_sent, u64::MAX);
    }
}
