//! Whole-call scenarios of issue 5 item 5: a synthetic link polled once a second (PRODUCT.md §2)
//! through [`StatsTracker`] and [`WarningMonitor`] together, as the engine will run them.

use super::*;
use crate::events::WebrtcStatsEvent;

/// Packets per second each way: Opus at 20 ms ptime (see `StatsConfig::one_way_after_intervals`).
const PPS: u64 = 50;

/// A simulated softphone leg: cumulative counters that advance a second at a time.
struct Link {
    now_ms: f64,
    sent: u64,
    received: u64,
    lost: i64,
    /// Inbound jitter, ms.
    jitter_ms: f64,
    /// RTCP round trip, ms; `None` when no receiver report came this second.
    rtt_ms: Option<f64>,
    /// Share of inbound packets lost.
    inbound_loss: f64,
    /// Whether the far end still sends.
    far_end_sends: bool,
    tracker: StatsTracker,
    monitor: WarningMonitor,
}

impl Link {
    fn new() -> Self {
        let config = QualityConfig::default();
        Self {
            now_ms: 1_700_000_000_000.0,
            sent: 0,
            received: 0,
            lost: 0,
            jitter_ms: 3.0,
            rtt_ms: Some(30.0),
            inbound_loss: 0.0,
            far_end_sends: true,
            tracker: StatsTracker::new(config.stats),
            monitor: WarningMonitor::new(config.warnings),
        }
    }

    /// Advances one second and polls: the `webrtcStats` event and the warning changes.
    fn tick(&mut self) -> (WebrtcStatsEvent, Vec<WarningChange>) {
        self.now_ms += 1000.0;
        self.sent += PPS;
        if self.far_end_sends {
            // 100 expected a second here so that loss shares come out exact (5 % = 5 packets).
            let lost = (self.inbound_loss * 100.0).round() as u64;
            self.received += 100 - lost;
            self.lost += lost as i64;
        }
        let snapshot = self.snapshot();
        let event = self.tracker.handle_snapshot(&snapshot);
        let changes = self.monitor.handle_sample(&event);
        (event, changes)
    }

    fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            timestamp: self.now_ms,
            packets_sent: Some(self.sent),
            bytes_sent: Some(self.sent * 160),
            packets_received: Some(self.received),
            bytes_received: Some(self.received * 160),
            packets_lost: Some(self.lost),
            jitter: Some(self.jitter_ms / 1000.0),
            round_trip_time: self.rtt_ms.map(|ms| ms / 1000.0),
            fraction_lost: Some(0.0),
            remote_jitter: Some(0.003),
            current_round_trip_time: None,
            ice_state: "connected".into(),
            dtls_state: "connected".into(),
            codec_mime_type: Some("audio/opus".into()),
            ..StatsSnapshot::default()
        }
    }
}

#[test]
fn clean_link_scores_about_4_4_with_quality_4_and_no_warnings() {
    let mut link = Link::new();
    let (first, _) = link.tick();
    assert_eq!(first.mos, None);
    for _ in 0..20 {
        let (e, changes) = link.tick();
        // rtt 30, jitter 3: EL = 46, R = 93.618, MOS = 4.4172.
        let mos = e.mos.unwrap();
        assert!((mos - 4.4172).abs() < 1e-3, "{mos}");
        assert_eq!((e.sent_network_quality, e.received_network_quality), (4, 4));
        assert_eq!(e.packets_state, "normal");
        assert_eq!(e.packet_loss_rate, 0.0);
        assert!(changes.is_empty(), "{changes:?}");
    }
}

#[test]
fn rising_jitter_raises_one_warning_at_the_third_crossing_and_clears_after_ten_clean() {
    let mut link = Link::new();
    for _ in 0..5 {
        assert!(link.tick().1.is_empty());
    }
    let mut raised_at = Vec::new();
    for (i, jitter) in [10.0, 20.0, 31.0, 35.0, 40.0, 45.0, 50.0]
        .into_iter()
        .enumerate()
    {
        link.jitter_ms = jitter;
        for change in link.tick().1 {
            if change.warning().name == WarningName::HighJitter {
                assert_eq!(change.event_name(), "webrtcWarning");
                assert_eq!(change.warning().threshold, 30.0);
                raised_at.push(i);
            }
        }
    }
    // Crossings at 31, 35, 40: raised once, on the third (index 4), never again.
    assert_eq!(raised_at, vec![4]);

    link.jitter_ms = 3.0;
    for _ in 0..9 {
        let changes = link.tick().1;
        assert!(changes
            .iter()
            .all(|c| c.warning().name != WarningName::HighJitter));
    }
    let changes = link.tick().1;
    let cleared: Vec<_> = changes
        .iter()
        .filter(|c| c.warning().name == WarningName::HighJitter)
        .collect();
    assert_eq!(cleared.len(), 1);
    assert_eq!(cleared[0].event_name(), "webrtcWarningCleared");
    assert_eq!(cleared[0].warning().values, vec![Some(3.0); 10]);
}

#[test]
fn five_percent_loss_shows_in_the_rate_the_warning_and_the_mos() {
    let mut link = Link::new();
    let _ = link.tick();
    let clean_mos = link.tick().0.mos.unwrap();
    link.inbound_loss = 0.05;
    let mut raised = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let (e, changes) = link.tick();
        assert!((e.packet_loss_rate - 0.05).abs() < 1e-12);
        raised.extend(changes.into_iter().map(|c| c.warning().name));
        last = Some(e);
    }
    assert_eq!(raised, vec![WarningName::HighPacketLoss]);
    let e = last.unwrap();
    // R = 93.618 − 2.5·5 = 81.118 → MOS = 4.0656: a drop of 0.35 from the clean 4.42.
    let mos = e.mos.unwrap();
    assert!((mos - 4.0656).abs() < 1e-3, "{mos}");
    assert!(clean_mos - mos > 0.3);
    assert_eq!(e.packets_lost, 5);
}

#[test]
fn counters_that_reset_never_give_negative_deltas() {
    let mut link = Link::new();
    for _ in 0..5 {
        let _ = link.tick();
    }
    let before = link.tick().0.totals;
    // A new leg on the same tracker: every counter restarts from zero.
    link.sent = 0;
    link.received = 0;
    link.lost = 0;
    let (e, _) = link.tick();
    assert_eq!(
        (e.packets_sent, e.packets_received, e.packets_lost),
        (50, 100, 0)
    );
    assert!(e.totals.packets_sent > before.packets_sent);
    assert!(e.totals.bytes_received > before.bytes_received);
    let (e, _) = link.tick();
    assert_eq!((e.packets_sent, e.packets_received), (50, 100));
    assert_eq!(e.packets_state, "normal");
}

#[test]
fn missing_rtt_reuses_the_previous_value_and_is_null_when_never_seen() {
    let mut link = Link::new();
    let _ = link.tick();
    link.rtt_ms = None;
    let (e, _) = link.tick();
    assert_eq!(e.rtt, Some(30.0));
    assert!(e.mos.is_some());

    let mut never = Link::new();
    never.rtt_ms = None;
    for _ in 0..3 {
        let (e, _) = never.tick();
        assert_eq!((e.rtt, e.mos), (None, None));
        assert_eq!((e.sent_network_quality, e.received_network_quality), (0, 0));
    }
}

#[test]
fn inbound_that_stops_is_reported_on_the_first_empty_interval() {
    let mut link = Link::new();
    for _ in 0..3 {
        assert_eq!(link.tick().0.packets_state, "normal");
    }
    link.far_end_sends = false;
    let (e, _) = link.tick();
    assert_eq!(e.packets_state, "noInbound");
    assert_eq!(e.packets_received, 0);
    // Nothing arrived to be scored: no MOS and received quality 0 ("no data", as a ping without
    // an answer is networkState 0); what we send is still scored from the far end's reports.
    assert_eq!(e.mos, None);
    assert_eq!(e.received_network_quality, 0);
    assert_eq!(e.sent_network_quality, 4);

    link.far_end_sends = true;
    assert_eq!(link.tick().0.packets_state, "normal");
}

#[test]
fn far_end_stopping_mid_interval_is_reported_within_two_seconds() {
    let mut link = Link::new();
    for _ in 0..3 {
        let _ = link.tick();
    }
    // The far end stops 500 ms into the next second: that interval still carries half a
    // second of packets, so it is normal; the next poll, 1.5 s after the stop, reports it.
    link.far_end_sends = false;
    link.received += 50;
    assert_eq!(link.tick().0.packets_state, "normal");
    assert_eq!(link.tick().0.packets_state, "noInbound");
}
