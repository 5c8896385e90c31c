//! A connection's deadlines (crate::link): the heartbeat's, the key's expiry and its warning, a
//! held frame's. One timer waits for the earliest, because every wake-up of a connection polls
//! each branch of its `select!`: a ping's wake-up then touches one timer instead of four
//! (docs/BENCHMARKS.md, idle CPU).

use tokio::time::Instant;

/// A connection's deadlines, of which one timer waits for the earliest.
pub(crate) struct Deadlines {
    /// The key's expiry, until handled.
    pub(crate) expiry: Option<Instant>,
    /// The `keyExpiring` notice, until sent.
    pub(crate) warning: Option<Instant>,
    /// A held frame's release.
    pub(crate) hold: Option<Instant>,
    /// The heartbeat's: nothing received for the idle timeout (docs/protocol.md §6).
    pub(crate) idle: Instant,
}

/// Which deadline passed, most urgent first.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Due {
    Expiry,
    Warning,
    Hold,
    Idle,
}

impl Deadlines {
    pub(crate) fn earliest(&self) -> Instant {
        [self.expiry, self.warning, self.hold]
            .into_iter()
            .flatten()
            .fold(self.idle, Instant::min)
    }

    /// The most urgent deadline at or before `now`.
    pub(crate) fn due(&self, now: Instant) -> Option<Due> {
        let passed = |at: Option<Instant>| at.is_some_and(|at| at <= now);
        if passed(self.expiry) {
            Some(Due::Expiry)
        } else if passed(self.warning) {
            Some(Due::Warning)
        } else if passed(self.hold) {
            Some(Due::Hold)
        } else if self.idle <= now {
            Some(Due::Idle)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn deadlines(
        base: Instant,
        expiry: Option<u64>,
        warning: Option<u64>,
        hold: Option<u64>,
        idle: u64,
    ) -> Deadlines {
        let at = |ms: u64| base + Duration::from_millis(ms);
        Deadlines {
            expiry: expiry.map(at),
            warning: warning.map(at),
            hold: hold.map(at),
            idle: at(idle),
        }
    }

    #[test]
    fn the_timer_waits_for_the_earliest_deadline_present() {
        let base = Instant::now();
        let ms = |ms: u64| base + Duration::from_millis(ms);
        assert_eq!(
            deadlines(base, None, None, None, 30_000).earliest(),
            ms(30_000)
        );
        assert_eq!(
            deadlines(base, Some(90_000), Some(60_000), None, 30_000).earliest(),
            ms(30_000)
        );
        assert_eq!(
            deadlines(base, Some(90_000), Some(20_000), Some(500), 30_000).earliest(),
            ms(500)
        );
        assert_eq!(
            deadlines(base, Some(10_000), Some(5_000), None, 30_000).earliest(),
            ms(5_000)
        );
    }

    #[test]
    fn the_most_urgent_passed_deadline_is_handled_first() {
        let base = Instant::now();
        let now = base + Duration::from_millis(100_000);
        // All passed: the expiry first, then the warning, the held frame, the heartbeat.
        assert_eq!(
            deadlines(base, Some(1), Some(1), Some(1), 1).due(now),
            Some(Due::Expiry)
        );
        assert_eq!(
            deadlines(base, None, Some(1), Some(1), 1).due(now),
            Some(Due::Warning)
        );
        assert_eq!(
            deadlines(base, None, None, Some(1), 1).due(now),
            Some(Due::Hold)
        );
        assert_eq!(
            deadlines(base, None, None, None, 1).due(now),
            Some(Due::Idle)
        );
        // A deadline still ahead is not due, whatever its kind.
        assert_eq!(
            deadlines(base, Some(200_000), None, Some(150_000), 120_000).due(now),
            None
        );
        assert_eq!(
            deadlines(base, Some(200_000), Some(100_000), None, 120_000).due(now),
            Some(Due::Warning)
        );
    }
}
