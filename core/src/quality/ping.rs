//! The gateway link's ping: latency in, `ping` event out, with `networkState` bucketed like signal
//! bars (PRODUCT.md §2 "Heartbeat and ping"; seed 003 §3.22 names the fields).
//!
//! Sending the ping every 5 s and declaring the link dead after 10 s without an answer belong to
//! the link's timers; this file only scores one answer, or its absence.

use crate::payload;

use crate::events::PingEvent;
use crate::time::Time;

/// `networkState` when no answer came: PRODUCT.md §2 "0 no answer".
pub const NO_ANSWER: i64 = 0;

payload! {
    /// Latency limits of the `networkState` buckets, each an exclusive upper bound in ms
    /// (PRODUCT.md §2: 4 excellent < 100 ms, 3 good < 200 ms, 2 fair < 400 ms, 1 poor ≥ 400 ms).
    #[serde(default)]
    #[derive(Copy, Eq)]
    pub struct PingThresholds {
        /// Below this, `networkState` is 4 (excellent). Default 100 ms.
        pub excellent_below_ms: u64 = "excellentBelowMs" { defaulted },
        /// Below this, 3 (good). Default 200 ms.
        pub good_below_ms: u64 = "goodBelowMs" { defaulted },
        /// Below this, 2 (fair); at or above it, 1 (poor). Default 400 ms.
        pub fair_below_ms: u64 = "fairBelowMs" { defaulted },
    }
}

impl Default for PingThresholds {
    fn default() -> Self {
        // PRODUCT.md §2 "Heartbeat and ping".
        Self {
            excellent_below_ms: 100,
            good_below_ms: 200,
            fair_below_ms: 400,
        }
    }
}

/// The `networkState` bucket of one ping: 4, 3, 2 or 1 by latency, [`NO_ANSWER`] (0) for `None`.
///
/// The comparisons are strict (`<`) because PRODUCT.md gives the buckets as "< 100 ms", so exactly
/// 100 ms is already "good", not "excellent".
#[must_use]
pub fn network_state(latency_ms: Option<u64>, thresholds: &PingThresholds) -> i64 {
    match latency_ms {
        None => NO_ANSWER,
        Some(ms) if ms < thresholds.excellent_below_ms => 4,
        Some(ms) if ms < thresholds.good_below_ms => 3,
        Some(ms) if ms < thresholds.fair_below_ms => 2,
        Some(_) => 1,
    }
}

/// Latency of an answered ping: the time between sending it (the timestamp the pong echoes back)
/// and receiving the answer. Zero, never a wrap-around, if the echo claims a later time than now.
#[must_use]
pub fn latency_ms(sent_at: Time, answered_at: Time) -> u64 {
    answered_at - sent_at
}

/// The `ping` event of an answered ping.
#[must_use]
pub fn answered(sent_at: Time, answered_at: Time, thresholds: &PingThresholds) -> PingEvent {
    let latency = latency_ms(sent_at, answered_at);
    PingEvent {
        latency_time: saturating_i64(latency),
        network_state: network_state(Some(latency), thresholds),
    }
}

/// The `ping` event of a ping that got no answer within `waited_ms` (10 s by PRODUCT.md §2).
///
/// `latencyTime` carries the time waited rather than 0, so that a latency chart shows the outage
/// as a spike instead of a perfect link; `networkState` 0 says that no answer came.
#[must_use]
pub fn unanswered(waited_ms: u64) -> PingEvent {
    PingEvent {
        latency_time: saturating_i64(waited_ms),
        network_state: NO_ANSWER,
    }
}

fn saturating_i64(ms: u64) -> i64 {
    i64::try_from(ms).unwrap_or(i64::MAX)
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    fn state(ms: u64) -> i64 {
        network_state(Some(ms), &PingThresholds::default())
    }

    #[test]
    fn latency_just_under_100_ms_is_excellent() {
        assert_eq!(state(0), 4);
        assert_eq!(state(99), 4);
    }

    #[test]
    fn latency_of_exactly_100_ms_is_good() {
        assert_eq!(state(100), 3);
        assert_eq!(state(199), 3);
    }

    #[test]
    fn latency_of_exactly_200_ms_is_fair() {
        assert_eq!(state(200), 2);
        assert_eq!(state(399), 2);
    }

    #[test]
    fn latency_of_400_ms_or_more_is_poor() {
        assert_eq!(state(400), 1);
        assert_eq!(state(9_999), 1);
        assert_eq!(state(u64::MAX), 1);
    }

    #[test]
    fn no_answer_is_network_state_zero() {
        assert_eq!(network_state(None, &PingThresholds::default()), 0);
    }

    #[test]
    fn custom_thresholds_move_the_bucket_edges() {
        let t = PingThresholds {
            excellent_below_ms: 50,
            good_below_ms: 60,
            fair_below_ms: 70,
        };
        assert_eq!(network_state(Some(49), &t), 4);
        assert_eq!(network_state(Some(50), &t), 3);
        assert_eq!(network_state(Some(60), &t), 2);
        assert_eq!(network_state(Some(70), &t), 1);
    }

    #[test]
    fn answered_ping_reports_latency_and_bucket() {
        let e = answered(Time(10_000), Time(10_150), &PingThresholds::default());
        assert_eq!(
            e,
            PingEvent {
                latency_time: 150,
                network_state: 3
            }
        );
    }

    #[test]
    fn echo_from_the_future_counts_as_zero_latency() {
        let e = answered(Time(10_150), Time(10_000), &PingThresholds::default());
        assert_eq!(
            e,
            PingEvent {
                latency_time: 0,
                network_state: 4
            }
        );
    }

    #[test]
    fn unanswered_ping_carries_the_wait_and_state_zero() {
        assert_eq!(
            unanswered(10_000),
            PingEvent {
                latency_time: 10_000,
                network_state: 0
            }
        );
    }

    #[test]
    fn thresholds_deserialize_from_camel_case_with_defaults() {
        let t: PingThresholds = serde_json::from_str(r#"{"goodBelowMs":250}"#).unwrap();
        assert_eq!(
            t,
            PingThresholds {
                good_below_ms: 250,
                ..PingThresholds::default()
            }
        );
    }
}
