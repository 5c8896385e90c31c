//! Mean opinion score by the simplified ITU-T G.107 E-model the Twilio Voice JS SDK uses
//! (research/gateway-protocols.md §5.1), and its 0–4 `networkQuality` scale (PRODUCT.md §2).
//!
//! ```text
//! EL  = rtt + 2·jitter + 10                       (ms)
//! R   = 94.768 − EL/40            if EL < 160
//!       94.768 − (EL − 120)/10    if EL < 1000
//!       0                         otherwise
//! R   = max(R − 2.5·loss, 6.52)   if loss ≤ R/2.5  (loss in %)
//!       0                         otherwise
//! MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)
//! ```
//!
//! A perfect link (0 ms, 0 ms, 0 %) has EL = 10, R = 94.518 and MOS ≈ 4.433.

use crate::payload;

/// R0 of the simplified E-model: the R of a link with no delay and no loss before the 10 ms
/// codec allowance (research §5.1).
const R0: f64 = 94.768;
/// Fixed delay allowance added to every effective latency, ms (research §5.1).
const EL_ALLOWANCE_MS: f64 = 10.0;
/// Below this effective latency R falls by EL/40; above, by (EL − 120)/10 (research §5.1).
const EL_KNEE_MS: f64 = 160.0;
/// At or above this effective latency the call is unusable: R = 0 (research §5.1).
const EL_UNUSABLE_MS: f64 = 1000.0;
/// R lost per percent of packet loss (research §5.1).
const R_PER_LOSS_PERCENT: f64 = 2.5;
/// Floor of R while loss still leaves speech intelligible (research §5.1).
const R_FLOOR: f64 = 6.52;

/// The E-model's transmission rating R (0–94.768) for a round trip and jitter in ms and a loss
/// in percent (0–100).
///
/// Negative or NaN inputs count as 0 and loss is capped at 100 %, so a browser quirk cannot make
/// the score leave its range.
#[must_use]
pub fn r_factor(rtt_ms: f64, jitter_ms: f64, loss_percent: f64) -> f64 {
    // `f64::max` returns the other operand for NaN, so NaN → 0 here; `clamp` would keep NaN.
    let rtt = rtt_ms.max(0.0);
    let jitter = jitter_ms.max(0.0);
    let loss = if loss_percent.is_nan() {
        0.0
    } else {
        loss_percent.clamp(0.0, 100.0)
    };

    let effective_latency = rtt + 2.0 * jitter + EL_ALLOWANCE_MS;
    let r = if effective_latency < EL_KNEE_MS {
        R0 - effective_latency / 40.0
    } else if effective_latency < EL_UNUSABLE_MS {
        R0 - (effective_latency - 120.0) / 10.0
    } else {
        0.0
    };

    if loss <= r / R_PER_LOSS_PERCENT {
        (r - R_PER_LOSS_PERCENT * loss).max(R_FLOOR)
    } else {
        0.0
    }
}

/// The MOS (1–4.5) of a transmission rating R (research §5.1).
#[must_use]
pub fn mos_from_r(r: f64) -> f64 {
    1.0 + 0.035 * r + 7.0e-6 * r * (r - 60.0) * (100.0 - r)
}

/// The MOS (1–4.5) of a round trip and jitter in ms and a loss in percent (0–100).
#[must_use]
pub fn mos(rtt_ms: f64, jitter_ms: f64, loss_percent: f64) -> f64 {
    mos_from_r(r_factor(rtt_ms, jitter_ms, loss_percent))
}

payload! {
    /// MOS limits of the 0–4 `networkQuality` scale, each an inclusive lower bound (PRODUCT.md §2:
    /// ≥ 4.0 → 4, ≥ 3.6 → 3, ≥ 3.1 → 2, else 1; 0 no data).
    #[serde(default)]
    #[derive(Copy)]
    pub struct MosBuckets {
        /// From this MOS up, quality 4. Default 4.0.
        pub excellent_min: f64 = "excellentMin" { defaulted },
        /// From this MOS up, quality 3. Default 3.6.
        pub good_min: f64 = "goodMin" { defaulted },
        /// From this MOS up, quality 2; below it, 1. Default 3.1.
        pub fair_min: f64 = "fairMin" { defaulted },
    }
}

impl Default for MosBuckets {
    fn default() -> Self {
        // PRODUCT.md §2 "WebRTC stats".
        Self {
            excellent_min: 4.0,
            good_min: 3.6,
            fair_min: 3.1,
        }
    }
}

/// `networkQuality` 0–4 of a MOS; 0 when there is no MOS (no data), 1 for anything measured
/// below the fair limit, NaN included.
#[must_use]
pub fn network_quality(mos: Option<f64>, buckets: &MosBuckets) -> i64 {
    match mos {
        None => 0,
        Some(m) if m >= buckets.excellent_min => 4,
        Some(m) if m >= buckets.good_min => 3,
        Some(m) if m >= buckets.fair_min => 2,
        Some(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-3
    }

    #[test]
    fn perfect_link_scores_r_94_518_and_mos_4_43() {
        // EL = 10; R = 94.768 − 0.25 = 94.518;
        // MOS = 1 + 3.30813 + 7e-6·94.518·34.518·5.482 = 4.43333.
        assert!(close(r_factor(0.0, 0.0, 0.0), 94.518));
        assert!(close(mos(0.0, 0.0, 0.0), 4.43333), "{}", mos(0.0, 0.0, 0.0));
    }

    #[test]
    fn typical_link_below_the_knee_uses_el_over_40() {
        // rtt 50, jitter 10: EL = 80; R = 94.768 − 2 = 92.768;
        // MOS = 1 + 3.24688 + 7e-6·92.768·32.768·7.232 = 4.40076.
        assert!(close(r_factor(50.0, 10.0, 0.0), 92.768));
        assert!(
            close(mos(50.0, 10.0, 0.0), 4.40076),
            "{}",
            mos(50.0, 10.0, 0.0)
        );
    }

    #[test]
    fn latency_past_the_knee_uses_the_steeper_slope() {
        // rtt 300, jitter 20: EL = 350; R = 94.768 − 23 = 71.768;
        // MOS = 1 + 2.51188 + 7e-6·71.768·11.768·28.232 = 3.67879.
        assert!(close(r_factor(300.0, 20.0, 0.0), 71.768));
        assert!(
            close(mos(300.0, 20.0, 0.0), 3.67879),
            "{}",
            mos(300.0, 20.0, 0.0)
        );
    }

    #[test]
    fn effective_latency_of_exactly_160_ms_is_past_the_knee() {
        // EL = 160 → 94.768 − (160 − 120)/10 = 90.768. The two branches meet at the knee
        // (160/40 = 4 as well), so EL = 161 tells them apart.
        assert!(close(r_factor(150.0, 0.0, 0.0), 90.768));
        // EL = 161: 94.768 − 4.1 = 90.668 (the EL/40 branch would give 90.743).
        assert!(close(r_factor(151.0, 0.0, 0.0), 90.668));
    }

    #[test]
    fn effective_latency_of_a_second_or_more_is_unusable() {
        // EL = 990 + 10 = 1000 → R = 0 → loss adjustment: 0 ≤ 0 → max(0, 6.52) = 6.52.
        assert!(close(r_factor(990.0, 0.0, 0.0), 6.52));
        // Any loss on top of R = 0 exceeds R/2.5 = 0 → R = 0 → MOS 1.
        assert!(close(mos(990.0, 0.0, 1.0), 1.0));
    }

    #[test]
    fn five_percent_loss_on_a_clean_link_drops_r_by_12_5() {
        // rtt 40, jitter 5: EL = 60; R = 94.768 − 1.5 = 93.268; − 12.5 = 80.768;
        // MOS = 1 + 2.82688 + 7e-6·80.768·20.768·19.232 = 4.05269.
        assert!(close(r_factor(40.0, 5.0, 5.0), 80.768));
        assert!(
            close(mos(40.0, 5.0, 5.0), 4.05269),
            "{}",
            mos(40.0, 5.0, 5.0)
        );
    }

    #[test]
    fn heavy_loss_is_floored_at_6_52_then_zero() {
        // R = 94.518 before loss. 37 % ≤ 37.8 → 94.518 − 92.5 = 2.018 → floor 6.52.
        assert!(close(r_factor(0.0, 0.0, 37.0), 6.52));
        // 40 % > 94.518/2.5 = 37.8 → R = 0 → MOS exactly 1.
        assert_eq!(r_factor(0.0, 0.0, 40.0), 0.0);
        assert_eq!(mos(0.0, 0.0, 40.0), 1.0);
    }

    #[test]
    fn nonsense_inputs_stay_in_range() {
        assert!(close(mos(-5.0, f64::NAN, -1.0), mos(0.0, 0.0, 0.0)));
        assert_eq!(mos(f64::INFINITY, 0.0, 0.0), mos_from_r(6.52));
        assert_eq!(mos(0.0, 0.0, f64::INFINITY), 1.0);
    }

    #[test]
    fn mos_maps_to_network_quality_at_each_edge() {
        let b = MosBuckets::default();
        assert_eq!(network_quality(Some(4.43), &b), 4);
        assert_eq!(network_quality(Some(4.0), &b), 4);
        assert_eq!(network_quality(Some(3.999), &b), 3);
        assert_eq!(network_quality(Some(3.6), &b), 3);
        assert_eq!(network_quality(Some(3.599), &b), 2);
        assert_eq!(network_quality(Some(3.1), &b), 2);
        assert_eq!(network_quality(Some(3.099), &b), 1);
        assert_eq!(network_quality(Some(1.0), &b), 1);
    }

    #[test]
    fn no_mos_is_network_quality_zero_and_nan_is_poor() {
        let b = MosBuckets::default();
        assert_eq!(network_quality(None, &b), 0);
        assert_eq!(network_quality(Some(f64::NAN), &b), 1);
    }
}
