//! Successive [`StatsSnapshot`]s in, one `webrtcStats` event per sample out (PRODUCT.md §2
//! "WebRTC stats"; the sample shape follows Twilio's `sample` event, research §5.1).
//!
//! Decisions, each with its reason at the code that makes it:
//! - **Deltas and totals** come from `counters.rs`: the first sample counts from zero;
//!   counters that go backwards make a new baseline, never a negative delta.
//! - **The first sample** has no interval to score (research §5.1: its `mos` is null), so its
//!   `mos` is `null` and both network qualities are 0.
//! - **rtt**: RTCP `roundTripTime`, else the candidate pair's `currentRoundTripTime`, else the
//!   previous value (Twilio reuses it, research §5.1), else `null`.
//! - **mos** is what the agent hears: inbound jitter and interval loss plus rtt, as Twilio's
//!   `mos` is. It is `null` when nothing was expected inbound during the interval (no audio to
//!   score) or jitter or rtt is unknown.
//! - **receivedNetworkQuality** is that MOS bucketed. **sentNetworkQuality** buckets the MOS of
//!   what the far end reports hearing from us in its RTCP receiver reports
//!   (`remote-inbound-rtp` `fractionLost` and `jitter`) plus rtt; 0 when we sent nothing during
//!   the interval or the far end has not reported. A direction that carries nothing is 0 — "no
//!   data" on PRODUCT.md's scale, as a ping without an answer is `networkState` 0 — rather than
//!   1: there is no audio to give an opinion score to, and `packetsState` already says which
//!   direction went silent.
//! - **packetsState** comes from `one_way.rs`: a direction is flagged on its first empty
//!   1 s interval by default.

use crate::payload;

use super::counters::CounterTracker;
use super::mos::{self, MosBuckets};
use super::one_way::OneWayDetector;
use super::snapshot::StatsSnapshot;
use crate::events::{WebrtcStatsEvent, WebrtcStatsTotals};

payload! {
    /// Settings of the stats math (PRODUCT.md §2 "WebRTC stats").
    #[serde(default)]
    #[derive(Copy)]
    pub struct StatsConfig {
        /// MOS → 0–4 network quality limits (PRODUCT.md §2: 4.0 / 3.6 / 3.1).
        pub mos_buckets: MosBuckets = "mosBuckets" { defaulted },
        /// How many empty intervals in a row (1 s each with PRODUCT.md's polling) report a direction
        /// as carrying nothing in `packetsState`. Default 1; 0 is read as 1.
        ///
        /// One is enough: audio never legitimately goes a second without a packet (Opus sends 50 a
        /// second, silence frames when muted, DTX one frame at least every 400 ms, RFC 6716
        /// §2.1.9). And one is needed: the first fully empty interval ends 1–2 s after the far end
        /// stops, a second one 2–3 s after, too close to the 3 s issue 5 allows (`one_way.rs`).
        pub one_way_after_intervals: u32 = "oneWayAfterIntervals" { defaulted },
    }
}

impl Default for StatsConfig {
    fn default() -> Self {
        Self {
            mos_buckets: MosBuckets::default(),
            one_way_after_intervals: 1,
        }
    }
}

/// Turns successive snapshots of one leg into `webrtcStats` events. Create one per leg.
#[derive(Debug, Clone)]
pub struct StatsTracker {
    mos_buckets: MosBuckets,
    counters: CounterTracker,
    one_way: OneWayDetector,
    last_rtt_ms: Option<f64>,
}

impl StatsTracker {
    /// A tracker for a leg that has not been sampled yet.
    #[must_use]
    pub fn new(config: StatsConfig) -> Self {
        Self {
            mos_buckets: config.mos_buckets,
            counters: CounterTracker::default(),
            one_way: OneWayDetector::new(config.one_way_after_intervals),
            last_rtt_ms: None,
        }
    }

    /// Takes the next snapshot and returns its `webrtcStats` event. Never panics: missing
    /// fields make the matching values `null` or 0.
    #[must_use]
    pub fn handle_snapshot(&mut self, snapshot: &StatsSnapshot) -> WebrtcStatsEvent {
        let first = self.counters.is_first();
        let interval = self.counters.handle_snapshot(snapshot);
        let totals = self.counters.totals();

        let loss_rate = interval.loss_rate();
        let jitter = snapshot.jitter_ms();
        // Twilio keeps the previous rtt when a sample lacks one (research §5.1): RTCP receiver
        // reports come every few seconds, so many 1 s samples would otherwise have none.
        let rtt = snapshot.rtt_ms().or(self.last_rtt_ms);
        self.last_rtt_ms = rtt;

        let received_mos = match (first, interval.expected() > 0, rtt, jitter) {
            (false, true, Some(rtt), Some(jitter)) => {
                Some(mos::mos(rtt, jitter, loss_rate * 100.0))
            }
            _ => None,
        };
        let far_end = (snapshot.remote_jitter_ms(), snapshot.fraction_lost());
        let sent_mos = match (first, interval.packets_sent > 0, rtt, far_end) {
            (false, true, Some(rtt), (Some(jitter), Some(lost))) => {
                Some(mos::mos(rtt, jitter, lost * 100.0))
            }
            _ => None,
        };

        let packets_state = self
            .one_way
            .handle_interval(interval.packets_sent, interval.packets_received);
        WebrtcStatsEvent {
            packets_sent: to_i64(interval.packets_sent),
            packets_received: to_i64(interval.packets_received),
            packets_lost: to_i64(interval.packets_lost),
            packet_loss_rate: loss_rate,
            jitter,
            rtt,
            mos: received_mos,
            ice_state: snapshot.ice_state.clone(),
            dtls_state: snapshot.dtls_state.clone(),
            codec: snapshot.codec().to_owned(),
            packets_state: packets_state.as_str().to_owned(),
            sent_network_quality: mos::network_quality(sent_mos, &self.mos_buckets),
            received_network_quality: mos::network_quality(received_mos, &self.mos_buckets),
            timestamp: snapshot.timestamp_ms(),
            totals: WebrtcStatsTotals {
                packets_sent: to_i64(totals.packets_sent),
                packets_received: to_i64(totals.packets_received),
                packets_lost: to_i64(totals.packets_lost),
                packet_loss_rate: totals.loss_rate(),
                bytes_sent: to_i64(totals.bytes_sent),
                bytes_received: to_i64(totals.bytes_received),
            },
        }
    }
}

impl Default for StatsTracker {
    fn default() -> Self {
        Self::new(StatsConfig::default())
    }
}

/// The event's counters are JSON numbers (`i64`); a counter past `i64::MAX` saturates.
fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot of a link with the given cumulative counters, 20 ms rtt and 5 ms jitter.
    fn snap(sent: u64, received: u64, lost: i64) -> StatsSnapshot {
        StatsSnapshot {
            timestamp: 1_700_000_000_000.0,
            packets_sent: Some(sent),
            bytes_sent: Some(sent * 160),
            packets_received: Some(received),
            bytes_received: Some(received * 160),
            packets_lost: Some(lost),
            jitter: Some(0.005),
            round_trip_time: Some(0.02),
            fraction_lost: Some(0.0),
            remote_jitter: Some(0.005),
            current_round_trip_time: Some(0.03),
            ice_state: "connected".into(),
            dtls_state: "connected".into(),
            codec_mime_type: Some("audio/opus".into()),
            ..StatsSnapshot::default()
        }
    }

    #[test]
    fn first_sample_counts_from_zero_and_has_no_mos() {
        let mut t = StatsTracker::default();
        let e = t.handle_snapshot(&snap(50, 48, 2));
        assert_eq!(
            (e.packets_sent, e.packets_received, e.packets_lost),
            (50, 48, 2)
        );
        assert_eq!(e.totals.bytes_sent, 8000);
        assert!((e.packet_loss_rate - 0.04).abs() < 1e-12);
        assert_eq!(e.mos, None);
        assert_eq!((e.sent_network_quality, e.received_network_quality), (0, 0));
        assert_eq!(e.packets_state, "normal");
        assert_eq!(e.codec, "opus");
        assert_eq!(e.ice_state, "connected");
        assert_eq!(e.timestamp, 1_700_000_000_000);
    }

    #[test]
    fn second_sample_reports_interval_deltas_and_running_totals() {
        let mut t = StatsTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let e = t.handle_snapshot(&snap(100, 99, 1));
        assert_eq!(
            (e.packets_sent, e.packets_received, e.packets_lost),
            (50, 49, 1)
        );
        assert!((e.packet_loss_rate - 0.02).abs() < 1e-12);
        assert_eq!(e.totals.packets_sent, 100);
        assert_eq!(e.totals.packets_received, 99);
        assert_eq!(e.totals.bytes_received, 99 * 160);
        assert!((e.totals.packet_loss_rate - 0.01).abs() < 1e-12);
    }

    #[test]
    fn jitter_and_rtt_are_reported_in_ms() {
        let mut t = StatsTracker::default();
        let e = t.handle_snapshot(&snap(50, 50, 0));
        assert!((e.jitter.unwrap() - 5.0).abs() < 1e-9);
        assert!((e.rtt.unwrap() - 20.0).abs() < 1e-9);
    }

    #[test]
    fn interval_with_nothing_expected_has_zero_loss_and_no_mos() {
        let mut t = StatsTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let e = t.handle_snapshot(&snap(100, 50, 0));
        assert_eq!(e.packet_loss_rate, 0.0);
        assert_eq!(e.mos, None);
        assert_eq!(e.received_network_quality, 0);
    }

    #[test]
    fn both_directions_score_on_a_clean_interval() {
        let mut t = StatsTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let e = t.handle_snapshot(&snap(100, 100, 0));
        // rtt 20, jitter 5: EL = 40, R = 93.768, MOS ≈ 4.42.
        assert!((e.mos.unwrap() - mos::mos(20.0, 5.0, 0.0)).abs() < 1e-12);
        assert_eq!((e.sent_network_quality, e.received_network_quality), (4, 4));
    }

    #[test]
    fn sent_quality_comes_from_the_far_ends_receiver_report() {
        let mut t = StatsTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let mut s = snap(100, 100, 0);
        // The far end lost 10 % of what we sent: R = 93.768 − 25 = 68.768, MOS ≈ 3.54 → 2.
        s.fraction_lost = Some(0.10);
        let e = t.handle_snapshot(&s);
        assert_eq!(e.sent_network_quality, 2);
        assert_eq!(e.received_network_quality, 4);
    }

    #[test]
    fn sent_quality_is_zero_before_the_far_end_reports() {
        let mut t = StatsTracker::default();
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        let mut s = snap(100, 100, 0);
        s.fraction_lost = None;
        assert_eq!(t.handle_snapshot(&s).sent_network_quality, 0);
        let mut s = snap(150, 150, 0);
        s.remote_jitter = None;
        assert_eq!(t.handle_snapshot(&s).sent_network_quality, 0);
    }

    #[test]
    fn rtt_falls_back_to_the_candidate_pair() {
        let mut t = StatsTracker::default();
        let mut s = snap(50, 50, 0);
        s.round_trip_time = None;
        assert!((t.handle_snapshot(&s).rtt.unwrap() - 30.0).abs() < 1e-9);
    }

    #[test]
    fn packets_state_names_each_silent_direction() {
        let mut t = StatsTracker::default();
        assert_eq!(t.handle_snapshot(&snap(50, 50, 0)).packets_state, "normal");
        assert_eq!(
            t.handle_snapshot(&snap(100, 50, 0)).packets_state,
            "noInbound"
        );
        assert_eq!(
            t.handle_snapshot(&snap(100, 100, 0)).packets_state,
            "noOutbound"
        );
        assert_eq!(
            t.handle_snapshot(&snap(100, 100, 0)).packets_state,
            "noTraffic"
        );
        assert_eq!(
            t.handle_snapshot(&snap(150, 150, 0)).packets_state,
            "normal"
        );
    }

    #[test]
    fn one_way_setting_reaches_packets_state() {
        let config = StatsConfig {
            one_way_after_intervals: 2,
            ..StatsConfig::default()
        };
        let mut t = StatsTracker::new(config);
        let _ = t.handle_snapshot(&snap(50, 50, 0));
        assert_eq!(t.handle_snapshot(&snap(100, 50, 0)).packets_state, "normal");
        assert_eq!(
            t.handle_snapshot(&snap(150, 50, 0)).packets_state,
            "noInbound"
        );
        assert_eq!(t.handle_snapshot(&snap(200, 60, 0)).packets_state, "normal");
    }

    #[test]
    fn an_empty_snapshot_never_panics_and_reports_no_data() {
        let mut t = StatsTracker::default();
        for _ in 0..3 {
            let e = t.handle_snapshot(&StatsSnapshot::default());
            assert_eq!(
                (e.packets_sent, e.packets_received, e.packets_lost),
                (0, 0, 0)
            );
            assert_eq!((e.jitter, e.rtt, e.mos), (None, None, None));
            assert_eq!(e.packets_state, "noTraffic");
            assert_eq!((e.sent_network_quality, e.received_network_quality), (0, 0));
            assert_eq!(e.codec, "");
            assert_eq!(e.timestamp, 0);
        }
    }

    #[test]
    fn counters_beyond_i64_saturate_instead_of_wrapping() {
        let mut t = StatsTracker::default();
        let mut s = snap(0, 0, 0);
        s.packets_sent = Some(u64::MAX);
        s.bytes_sent = Some(u64::MAX);
        let e = t.handle_snapshot(&s);
        assert_eq!(e.packets_sent, i64::MAX);
        let e = t.handle_snapshot(&s);
        assert_eq!(e.totals.bytes_sent, i64::MAX);
    }
}
