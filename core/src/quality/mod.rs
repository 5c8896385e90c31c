//! Network and call-quality math: the gateway link's ping buckets and the softphone leg's WebRTC
//! statistics (PRODUCT.md §2 "Heartbeat and ping" and "WebRTC stats"; issue 5 items 3–5).
//!
//! Pure functions and small state machines over plain data: no clock, no browser type. The
//! browser shell reads `RTCPeerConnection.getStats()` once a second, fills a [`StatsSnapshot`]
//! and feeds it in; the engine emits what comes out.
//!
//! # The pieces
//!
//! - [`ping`]: ping latency → `networkState` 4/3/2/1 at < 100 / < 200 / < 400 / ≥ 400 ms, 0 when
//!   no answer came (PRODUCT.md §2).
//! - [`snapshot`]: [`StatsSnapshot`], one `getStats()` reading; times in seconds as the browser
//!   gives them, every field optional.
//! - [`mos`]: the simplified ITU-T G.107 E-model of the Twilio Voice JS SDK
//!   (research/gateway-protocols.md §5.1):
//!   `EL = rtt + 2·jitter + 10`; `R = 94.768 − EL/40` below EL 160 ms, `94.768 − (EL − 120)/10`
//!   below 1000 ms, else 0; loss costs 2.5 R per percent down to a floor of 6.52, and zeroes R
//!   when it exceeds R/2.5 %; `MOS = 1 + 0.035R + 7·10⁻⁶·R(R − 60)(100 − R)`. A perfect link
//!   scores R = 94.518, MOS ≈ 4.43. MOS → `networkQuality` 4/3/2/1 at ≥ 4.0 / ≥ 3.6 / ≥ 3.1 /
//!   below, 0 without data (PRODUCT.md §2).
//! - [`stats`]: [`StatsTracker`], snapshots → `webrtcStats` events: interval deltas and totals
//!   (`counters`: the first sample counts from zero, a counter that goes back starts a new
//!   baseline), loss rate lost / (received + lost), jitter and rtt in ms, MOS of what the agent
//!   hears, a MOS-based quality for each direction, and [`PacketsState`] (`one_way`: a direction
//!   without a packet for one 1 s interval is reported at once, to catch one-way audio within
//!   the 3 s of issue 5).
//! - [`warnings`]: [`WarningMonitor`], `webrtcWarning` / `webrtcWarningCleared` for rtt > 400 ms,
//!   jitter > 30 ms, loss > 1 %, MOS < 3.5, raised when 3 of the last 10 samples cross and
//!   cleared when none do (PRODUCT.md §2; the 3-of-10 rule is Twilio's, research §5.1).
//!
//! Every limit is a field of [`QualityConfig`] with PRODUCT.md's default, so `setup()` can
//! change it (STYLE.md habit 13).

mod counters;
pub mod mos;
mod one_way;
pub mod ping;
pub mod snapshot;
pub mod stats;
pub mod warnings;

#[cfg(test)]
mod scenarios;

use crate::payload;

pub use mos::{network_quality, MosBuckets};
pub use one_way::PacketsState;
pub use ping::{network_state, PingThresholds};
pub use snapshot::StatsSnapshot;
pub use stats::{StatsConfig, StatsTracker};
pub use warnings::{QualityWarning, WarningChange, WarningMonitor, WarningName, WarningThresholds};

payload! {
    /// Every quality limit in one place, each defaulting to PRODUCT.md §2. Deserializes from a
    /// camelCase object in which any key may be left out.
    #[serde(default)]
    #[derive(Copy, Default)]
    pub struct QualityConfig {
        /// Ping latency buckets: 100 / 200 / 400 ms.
        pub ping: PingThresholds = "ping" { defaulted },
        /// MOS buckets (4.0 / 3.6 / 3.1) and the one-way-audio rule (1 empty interval).
        pub stats: StatsConfig = "stats" { defaulted },
        /// Warning limits (400 ms, 30 ms, 1 %, MOS 3.5) and the 3-of-10 window.
        pub warnings: WarningThresholds = "warnings" { defaulted },
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_the_numbers_of_product_md() {
        let c = QualityConfig::default();
        assert_eq!(
            (
                c.ping.excellent_below_ms,
                c.ping.good_below_ms,
                c.ping.fair_below_ms
            ),
            (100, 200, 400)
        );
        let b = c.stats.mos_buckets;
        assert_eq!((b.excellent_min, b.good_min, b.fair_min), (4.0, 3.6, 3.1));
        assert_eq!(c.stats.one_way_after_intervals, 1);
        let w = c.warnings;
        assert_eq!(
            (
                w.high_rtt_ms,
                w.high_jitter_ms,
                w.high_packet_loss,
                w.low_mos
            ),
            (400.0, 30.0, 0.01, 3.5)
        );
        assert_eq!((w.window, w.raise_after), (10, 3));
    }

    #[test]
    fn config_deserializes_partially_from_camel_case() {
        let v = json!({
            "ping": { "fairBelowMs": 500 },
            "stats": { "oneWayAfterIntervals": 2, "mosBuckets": { "goodMin": 3.7 } },
            "warnings": { "lowMos": 3.0 }
        });
        let c: QualityConfig = serde_json::from_value(v).unwrap();
        assert_eq!(c.ping.fair_below_ms, 500);
        assert_eq!(c.ping.good_below_ms, 200);
        assert_eq!(c.stats.one_way_after_intervals, 2);
        assert_eq!(c.stats.mos_buckets.good_min, 3.7);
        assert_eq!(c.stats.mos_buckets.excellent_min, 4.0);
        assert_eq!(c.warnings.low_mos, 3.0);
        assert_eq!(c.warnings.window, 10);
        let empty: QualityConfig = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty, QualityConfig::default());
    }
}
