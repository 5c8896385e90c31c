//! Call-quality warnings beyond the reference AgentSDK (PRODUCT.md §2 "WebRTC stats"): high rtt,
//! high jitter, high packet loss and low MOS, each raised when 3 of the last 10 samples cross its
//! threshold and cleared when none of them do. The rule is Twilio's (research §5.1); the MOS limit
//! is this product's 3.5 rather than Twilio's 3.0.
//!
//! Decisions:
//! - A warning may be raised before the window holds 10 samples: 3 crossing samples out of the
//!   first 3 are as damning as 3 out of 10, and waiting would delay the first warning of a bad
//!   call by up to 7 s. Twilio's extra 5 s warm-up is not taken: the first sample has no MOS,
//!   and 3 crossings already take 3 s.
//! - An unmeasured value (`null` jitter, rtt or MOS; loss in an interval where nothing was
//!   expected) never counts as crossing, and blocks clearing: "none of the last 10 cross" must be
//!   seen, so a warning is cleared only by 10 measured samples in a row under the threshold.
//!   Twilio instead skips every window that holds a null (research §5.1), which would also stop
//!   a warning from being raised for 10 s after a single gap.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::payload;

use crate::events::WebrtcStatsEvent;

/// Which quality measure a warning is about; serialized as the warning's `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WarningName {
    /// Round-trip time above [`WarningThresholds::high_rtt_ms`].
    HighRtt,
    /// Inbound jitter above [`WarningThresholds::high_jitter_ms`].
    HighJitter,
    /// Interval packet loss above [`WarningThresholds::high_packet_loss`].
    HighPacketLoss,
    /// MOS below [`WarningThresholds::low_mos`].
    LowMos,
}

impl WarningName {
    /// Every warning, in the order a sample's changes are reported.
    pub const ALL: [WarningName; 4] = [
        Self::HighRtt,
        Self::HighJitter,
        Self::HighPacketLoss,
        Self::LowMos,
    ];

    /// The name as it appears in the event.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HighRtt => "highRtt",
            Self::HighJitter => "highJitter",
            Self::HighPacketLoss => "highPacketLoss",
            Self::LowMos => "lowMos",
        }
    }

    fn index(self) -> usize {
        match self {
            Self::HighRtt => 0,
            Self::HighJitter => 1,
            Self::HighPacketLoss => 2,
            Self::LowMos => 3,
        }
    }
}

payload! {
    /// Limits and window of the warnings (PRODUCT.md §2: rtt > 400 ms, jitter > 30 ms, loss > 1 %,
    /// MOS < 3.5; raised when 3 of the last 10 samples cross, cleared when none do).
    #[serde(default)]
    #[derive(Copy)]
    pub struct WarningThresholds {
        /// rtt above this, ms, crosses. Default 400.
        pub high_rtt_ms: f64 = "highRttMs" { defaulted },
        /// Jitter above this, ms, crosses. Default 30.
        pub high_jitter_ms: f64 = "highJitterMs" { defaulted },
        /// Interval loss above this share (0–1) crosses. Default 0.01 (1 %).
        pub high_packet_loss: f64 = "highPacketLoss" { defaulted },
        /// MOS below this crosses. Default 3.5.
        pub low_mos: f64 = "lowMos" { defaulted },
        /// How many recent samples are judged. Default 10; 0 is read as 1.
        pub window: usize = "window" { defaulted },
        /// How many crossing samples in the window raise a warning. Default 3; 0 is read as 1.
        pub raise_after: usize = "raiseAfter" { defaulted },
    }
}

impl Default for WarningThresholds {
    fn default() -> Self {
        // PRODUCT.md §2 "WebRTC stats"; window and count as in research §5.1.
        Self {
            high_rtt_ms: 400.0,
            high_jitter_ms: 30.0,
            high_packet_loss: 0.01,
            low_mos: 3.5,
            window: 10,
            raise_after: 3,
        }
    }
}

impl WarningThresholds {
    /// The limit of one warning, in the unit of its values.
    #[must_use]
    pub fn threshold(&self, name: WarningName) -> f64 {
        match name {
            WarningName::HighRtt => self.high_rtt_ms,
            WarningName::HighJitter => self.high_jitter_ms,
            WarningName::HighPacketLoss => self.high_packet_loss,
            WarningName::LowMos => self.low_mos,
        }
    }

    /// Whether a measured value is on the bad side of the limit. The comparisons are strict,
    /// as PRODUCT.md words them ("> 400 ms", "< 3.5").
    fn crosses(&self, name: WarningName, value: f64) -> bool {
        let limit = self.threshold(name);
        match name {
            WarningName::LowMos => value < limit,
            _ => value > limit,
        }
    }
}

/// A warning as it is emitted in `webrtcWarning` / `webrtcWarningCleared`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityWarning {
    /// Which measure.
    pub name: WarningName,
    /// The limit crossed: ms for rtt and jitter, a 0–1 share for loss, a MOS for MOS.
    pub threshold: f64,
    /// The measure over the judged window, oldest first, `null` where unmeasured.
    pub values: Vec<Option<f64>>,
}

/// A change of a warning's state, produced by [`WarningMonitor::handle_sample`].
#[derive(Debug, Clone, PartialEq)]
pub enum WarningChange {
    /// The warning became active: emit `webrtcWarning`.
    Raised(QualityWarning),
    /// The warning is over: emit `webrtcWarningCleared`.
    Cleared(QualityWarning),
}

impl WarningChange {
    /// The event to emit for this change.
    #[must_use]
    pub fn event_name(&self) -> &'static str {
        match self {
            Self::Raised(_) => "webrtcWarning",
            Self::Cleared(_) => "webrtcWarningCleared",
        }
    }

    /// The warning carried.
    #[must_use]
    pub fn warning(&self) -> &QualityWarning {
        match self {
            Self::Raised(w) | Self::Cleared(w) => w,
        }
    }
}

/// One sample's value of each measure, indexed by [`WarningName::index`].
type Values = [Option<f64>; 4];

/// Watches successive `webrtcStats` samples of one leg and reports warnings as they rise and
/// clear. Create one per leg.
#[derive(Debug, Clone)]
pub struct WarningMonitor {
    thresholds: WarningThresholds,
    recent: VecDeque<Values>,
    active: [bool; 4],
}

impl WarningMonitor {
    /// A monitor with no samples and no active warning.
    #[must_use]
    pub fn new(thresholds: WarningThresholds) -> Self {
        let window = thresholds.window.max(1);
        Self {
            thresholds,
            recent: VecDeque::with_capacity(window),
            active: [false; 4],
        }
    }

    /// Whether a warning is currently raised.
    #[must_use]
    pub fn is_active(&self, name: WarningName) -> bool {
        self.active[name.index()]
    }

    /// Takes the next sample and returns the warnings it raises or clears, in
    /// [`WarningName::ALL`] order; usually none.
    #[must_use]
    pub fn handle_sample(&mut self, sample: &WebrtcStatsEvent) -> Vec<WarningChange> {
        let window = self.thresholds.window.max(1);
        let raise_after = self.thresholds.raise_after.max(1);
        if self.recent.len() == window {
            self.recent.pop_front();
        }
        self.recent.push_back(values_of(sample));

        let mut changes = Vec::new();
        for name in WarningName::ALL {
            let values: Vec<Option<f64>> = self.recent.iter().map(|v| v[name.index()]).collect();
            let crossing = values
                .iter()
                .filter(|v| v.is_some_and(|x| self.thresholds.crosses(name, x)))
                .count();
            let all_measured = values.iter().all(Option::is_some);
            let active = &mut self.active[name.index()];
            let raise = !*active && crossing >= raise_after;
            let clear = *active && values.len() == window && all_measured && crossing == 0;
            if raise || clear {
                *active = raise;
                let threshold = self.thresholds.threshold(name);
                let warning = QualityWarning {
                    name,
                    threshold,
                    values,
                };
                changes.push(if raise {
                    WarningChange::Raised(warning)
                } else {
                    WarningChange::Cleared(warning)
                });
            }
        }
        changes
    }
}

impl Default for WarningMonitor {
    fn default() -> Self {
        Self::new(WarningThresholds::default())
    }
}

/// The measures of one sample. Loss counts as unmeasured when nothing was expected in the
/// interval: its 0 there means "no packets", not "no loss".
fn values_of(e: &WebrtcStatsEvent) -> Values {
    let expected = e.packets_received.saturating_add(e.packets_lost) > 0;
    let loss = expected.then_some(e.packet_loss_rate);
    [e.rtt, e.jitter, loss, e.mos].map(|v| v.filter(|x| x.is_finite()))
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::events::WebrtcStatsTotals;
    use serde_json::json;

    fn sample(
        rtt: Option<f64>,
        jitter: Option<f64>,
        loss: f64,
        mos: Option<f64>,
    ) -> WebrtcStatsEvent {
        WebrtcStatsEvent {
            packets_sent: 50,
            packets_received: 50,
            packets_lost: if loss > 0.0 { 1 } else { 0 },
            packet_loss_rate: loss,
            jitter,
            rtt,
            mos,
            ice_state: "connected".into(),
            dtls_state: "connected".into(),
            codec: "opus".into(),
            packets_state: "normal".into(),
            sent_network_quality: 4,
            received_network_quality: 4,
            timestamp: 0,
            totals: WebrtcStatsTotals {
                packets_sent: 0,
                packets_received: 0,
                packets_lost: 0,
                packet_loss_rate: 0.0,
                bytes_sent: 0,
                bytes_received: 0,
            },
        }
    }

    fn clean() -> WebrtcStatsEvent {
        sample(Some(40.0), Some(5.0), 0.0, Some(4.4))
    }

    fn rtt(ms: f64) -> WebrtcStatsEvent {
        sample(Some(ms), Some(5.0), 0.0, Some(4.4))
    }

    #[test]
    fn clean_samples_raise_nothing() {
        let mut m = WarningMonitor::default();
        for _ in 0..30 {
            assert!(m.handle_sample(&clean()).is_empty());
        }
    }

    #[test]
    fn two_crossings_in_ten_do_not_raise_and_the_third_does() {
        let mut m = WarningMonitor::default();
        assert!(m.handle_sample(&rtt(500.0)).is_empty());
        for _ in 0..5 {
            assert!(m.handle_sample(&clean()).is_empty());
        }
        assert!(m.handle_sample(&rtt(450.0)).is_empty());
        let changes = m.handle_sample(&rtt(401.0));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].event_name(), "webrtcWarning");
        let w = changes[0].warning();
        assert_eq!((w.name, w.threshold), (WarningName::HighRtt, 400.0));
        assert_eq!(w.values.len(), 8);
        assert_eq!(w.values[0], Some(500.0));
        assert!(m.is_active(WarningName::HighRtt));
    }

    #[test]
    fn a_crossing_that_slid_out_of_the_window_does_not_count() {
        let mut m = WarningMonitor::default();
        let _ = m.handle_sample(&rtt(500.0));
        let _ = m.handle_sample(&rtt(500.0));
        for _ in 0..9 {
            assert!(m.handle_sample(&clean()).is_empty());
        }
        assert!(m.handle_sample(&rtt(500.0)).is_empty());
    }

    #[test]
    fn value_equal_to_the_threshold_does_not_cross() {
        let mut m = WarningMonitor::default();
        for _ in 0..10 {
            let s = sample(Some(400.0), Some(30.0), 0.01, Some(3.5));
            assert!(m.handle_sample(&s).is_empty());
        }
    }

    #[test]
    fn active_warning_is_not_raised_again_and_clears_after_ten_clean_samples() {
        let mut m = WarningMonitor::default();
        let mut raised = 0;
        for _ in 0..6 {
            raised += m.handle_sample(&rtt(600.0)).len();
        }
        assert_eq!(raised, 1);
        for _ in 0..9 {
            assert!(m.handle_sample(&clean()).is_empty());
        }
        let changes = m.handle_sample(&clean());
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].event_name(), "webrtcWarningCleared");
        assert_eq!(changes[0].warning().values, vec![Some(40.0); 10]);
        assert!(!m.is_active(WarningName::HighRtt));
    }

    #[test]
    fn unmeasured_values_never_raise_and_block_clearing() {
        let mut m = WarningMonitor::default();
        for _ in 0..10 {
            assert!(m.handle_sample(&sample(None, None, 0.0, None)).is_empty());
        }
        for _ in 0..3 {
            let _ = m.handle_sample(&sample(Some(40.0), Some(5.0), 0.0, Some(2.0)));
        }
        assert!(m.is_active(WarningName::LowMos));
        let mut gap = clean();
        gap.mos = None;
        for _ in 0..10 {
            let _ = m.handle_sample(&clean());
        }
        assert!(!m.is_active(WarningName::LowMos));
        for _ in 0..3 {
            let _ = m.handle_sample(&sample(Some(40.0), Some(5.0), 0.0, Some(2.0)));
        }
        for _ in 0..9 {
            assert!(m.handle_sample(&clean()).is_empty());
        }
        // The tenth clean sample would clear, but a gap in the window holds the warning.
        assert!(m.handle_sample(&gap).is_empty());
        assert!(m.is_active(WarningName::LowMos));
    }

    #[test]
    fn loss_in_an_interval_where_nothing_was_expected_is_unmeasured() {
        let mut e = clean();
        e.packets_received = 0;
        e.packets_lost = 0;
        assert_eq!(values_of(&e)[WarningName::HighPacketLoss.index()], None);
        assert_eq!(
            values_of(&clean())[WarningName::HighPacketLoss.index()],
            Some(0.0)
        );
    }

    #[test]
    fn changes_of_one_sample_come_in_a_fixed_order() {
        let mut m = WarningMonitor::default();
        let bad = sample(Some(500.0), Some(40.0), 0.05, Some(2.0));
        let _ = m.handle_sample(&bad);
        let _ = m.handle_sample(&bad);
        let names: Vec<_> = m
            .handle_sample(&bad)
            .iter()
            .map(|c| c.warning().name)
            .collect();
        assert_eq!(names, WarningName::ALL.to_vec());
    }

    #[test]
    fn smaller_window_and_count_are_honoured() {
        let t = WarningThresholds {
            window: 2,
            raise_after: 1,
            ..WarningThresholds::default()
        };
        let mut m = WarningMonitor::new(t);
        assert_eq!(m.handle_sample(&rtt(500.0)).len(), 1);
        assert!(m.handle_sample(&clean()).is_empty());
        assert_eq!(
            m.handle_sample(&clean())[0].event_name(),
            "webrtcWarningCleared"
        );
    }

    #[test]
    fn warning_serializes_in_camel_case_with_null_gaps() {
        let w = QualityWarning {
            name: WarningName::HighPacketLoss,
            threshold: 0.01,
            values: vec![Some(0.05), None],
        };
        let v = serde_json::to_value(&w).unwrap();
        assert_eq!(
            v,
            json!({ "name": "highPacketLoss", "threshold": 0.01, "values": [0.05, null] })
        );
        for name in WarningName::ALL {
            assert_eq!(serde_json::to_value(name).unwrap(), json!(name.as_str()));
        }
    }
}
