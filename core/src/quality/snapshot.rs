//! One reading of the softphone leg's `RTCPeerConnection.getStats()`, as plain data.
//!
//! The browser shell fills a [`StatsSnapshot`] once per second (PRODUCT.md §2 "WebRTC stats") from
//! the audio `outbound-rtp`, `inbound-rtp`, `remote-inbound-rtp`, the selected `candidate-pair`
//! and the `codec` reports, and hands it to the engine; no browser type crosses. Field names follow
//! the W3C webrtc-stats dictionaries so that the shell can also hand it over as JSON.
//!
//! Every measurement is an `Option`: browsers omit fields (Firefox has no `currentRoundTripTime`
//! on some versions; `remote-inbound-rtp` appears only after the first RTCP receiver report), and
//! a missing report must degrade the event, never break it.

use serde::Deserialize;

/// Counters and measurements of one `getStats()` call. Cumulative counters count since the
/// stream started; times are in **seconds**, as `getStats()` reports them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatsSnapshot {
    /// When the sample was taken, ms since the epoch (the shell's clock or the report's
    /// `timestamp`, which may be fractional).
    pub timestamp: f64,

    /// `outbound-rtp` (audio) `packetsSent`, cumulative.
    pub packets_sent: Option<u64>,
    /// `outbound-rtp` (audio) `bytesSent`, cumulative.
    pub bytes_sent: Option<u64>,

    /// `inbound-rtp` (audio) `packetsReceived`, cumulative.
    pub packets_received: Option<u64>,
    /// `inbound-rtp` (audio) `bytesReceived`, cumulative.
    pub bytes_received: Option<u64>,
    /// `inbound-rtp` (audio) `packetsLost`, cumulative. Signed: RFC 3550 §6.4.1 counts it as
    /// expected − received, which duplicates can drive below zero.
    pub packets_lost: Option<i64>,
    /// `inbound-rtp` (audio) `jitter`, seconds: what we hear.
    pub jitter: Option<f64>,

    /// `remote-inbound-rtp` `roundTripTime`, seconds, from the last RTCP receiver report.
    pub round_trip_time: Option<f64>,
    /// `remote-inbound-rtp` `fractionLost`, 0–1: the share of what we send that the far end
    /// lost, as reported in its last RTCP receiver report.
    pub fraction_lost: Option<f64>,
    /// `remote-inbound-rtp` `jitter`, seconds: what the far end hears from us.
    pub remote_jitter: Option<f64>,

    /// The selected `candidate-pair`'s `currentRoundTripTime`, seconds (STUN consent checks);
    /// the fallback when no RTCP round trip is known yet.
    pub current_round_trip_time: Option<f64>,

    /// The selected `candidate-pair`'s local candidate's `candidateType` (`host`, `srflx`,
    /// `prflx`, `relay`; RFC 8445 §5.1.1): the preflight's report names the path it took.
    pub local_candidate_type: Option<String>,
    /// The selected pair's remote candidate's `candidateType`.
    pub remote_candidate_type: Option<String>,

    /// `RTCPeerConnection.iceConnectionState`, e.g. `connected`.
    pub ice_state: String,
    /// The DTLS transport's `state`, e.g. `connected`.
    pub dtls_state: String,
    /// The audio `codec` report's `mimeType`, e.g. `audio/opus`.
    pub codec_mime_type: Option<String>,
}

impl StatsSnapshot {
    /// The codec's name, the part of the MIME type after the slash (`audio/opus` → `opus`), as
    /// the browser spells it; empty when no codec report was found.
    #[must_use]
    pub fn codec(&self) -> &str {
        match self.codec_mime_type.as_deref() {
            Some(mime) => mime.rsplit('/').next().unwrap_or(mime).trim(),
            None => "",
        }
    }

    /// The round-trip time in ms: RTCP's `roundTripTime` when known (it measures the media path
    /// itself), else the candidate pair's `currentRoundTripTime` (STUN over the same path).
    #[must_use]
    pub fn rtt_ms(&self) -> Option<f64> {
        seconds_to_ms(self.round_trip_time).or_else(|| seconds_to_ms(self.current_round_trip_time))
    }

    /// Inbound jitter in ms (what we hear).
    #[must_use]
    pub fn jitter_ms(&self) -> Option<f64> {
        seconds_to_ms(self.jitter)
    }

    /// Jitter the far end measures on what we send, in ms.
    #[must_use]
    pub fn remote_jitter_ms(&self) -> Option<f64> {
        seconds_to_ms(self.remote_jitter)
    }

    /// The far end's reported loss of what we send, 0–1, or `None` when absent or not a share.
    #[must_use]
    pub fn fraction_lost(&self) -> Option<f64> {
        self.fraction_lost
            .filter(|f| f.is_finite())
            .map(|f| f.clamp(0.0, 1.0))
    }

    /// The event's timestamp: ms since the epoch, rounded; 0 if the shell sent no usable time.
    #[must_use]
    pub fn timestamp_ms(&self) -> i64 {
        if self.timestamp.is_finite() {
            // `as` saturates out-of-range floats, so an absurd time cannot panic.
            self.timestamp.round() as i64
        } else {
            0
        }
    }
}

/// Seconds → ms, treating a negative or non-finite value (a shell bug, or a browser quirk) as
/// missing rather than letting it poison the MOS.
fn seconds_to_ms(seconds: Option<f64>) -> Option<f64> {
    seconds
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| s * 1000.0)
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codec_name_is_the_mime_subtype() {
        let s = StatsSnapshot {
            codec_mime_type: Some("audio/opus".into()),
            ..Default::default()
        };
        assert_eq!(s.codec(), "opus");
        let s = StatsSnapshot {
            codec_mime_type: Some("audio/PCMU".into()),
            ..Default::default()
        };
        assert_eq!(s.codec(), "PCMU");
    }

    #[test]
    fn codec_without_slash_is_kept_and_missing_codec_is_empty() {
        let s = StatsSnapshot {
            codec_mime_type: Some("opus".into()),
            ..Default::default()
        };
        assert_eq!(s.codec(), "opus");
        assert_eq!(StatsSnapshot::default().codec(), "");
    }

    #[test]
    fn rtt_prefers_rtcp_round_trip_over_candidate_pair() {
        let s = StatsSnapshot {
            round_trip_time: Some(0.05),
            current_round_trip_time: Some(0.08),
            ..Default::default()
        };
        assert_eq!(s.rtt_ms(), Some(50.0));
    }

    #[test]
    fn rtt_falls_back_to_candidate_pair_when_rtcp_has_none() {
        let s = StatsSnapshot {
            current_round_trip_time: Some(0.08),
            ..Default::default()
        };
        assert_eq!(s.rtt_ms(), Some(80.0));
        assert_eq!(StatsSnapshot::default().rtt_ms(), None);
    }

    #[test]
    fn negative_or_nan_times_count_as_missing() {
        let s = StatsSnapshot {
            jitter: Some(f64::NAN),
            round_trip_time: Some(-1.0),
            remote_jitter: Some(f64::INFINITY),
            ..Default::default()
        };
        assert_eq!(s.jitter_ms(), None);
        assert_eq!(s.rtt_ms(), None);
        assert_eq!(s.remote_jitter_ms(), None);
    }

    #[test]
    fn fraction_lost_is_clamped_to_a_share() {
        let s = StatsSnapshot {
            fraction_lost: Some(1.5),
            ..Default::default()
        };
        assert_eq!(s.fraction_lost(), Some(1.0));
        let s = StatsSnapshot {
            fraction_lost: Some(f64::NAN),
            ..Default::default()
        };
        assert_eq!(s.fraction_lost(), None);
    }

    #[test]
    fn timestamp_is_rounded_and_a_bad_one_is_zero() {
        let s = StatsSnapshot {
            timestamp: 1_700_000_000_000.6,
            ..Default::default()
        };
        assert_eq!(s.timestamp_ms(), 1_700_000_000_001);
        let s = StatsSnapshot {
            timestamp: f64::NAN,
            ..Default::default()
        };
        assert_eq!(s.timestamp_ms(), 0);
    }

    #[test]
    fn snapshot_deserializes_from_camel_case_json_with_fields_missing() {
        let v = json!({
            "timestamp": 1_700_000_000_000.25,
            "packetsSent": 50, "bytesSent": 8000,
            "packetsReceived": 49, "packetsLost": -1, "jitter": 0.004,
            "currentRoundTripTime": 0.02,
            "iceState": "connected", "dtlsState": "connected",
            "codecMimeType": "audio/opus",
            "somethingTheShellAdded": true
        });
        let s: StatsSnapshot = serde_json::from_value(v).unwrap();
        assert_eq!(s.packets_sent, Some(50));
        assert_eq!(s.packets_lost, Some(-1));
        assert_eq!(s.bytes_received, None);
        assert_eq!(s.round_trip_time, None);
        assert_eq!(s.rtt_ms(), Some(20.0));
        assert_eq!(s.ice_state, "connected");
        assert_eq!(s.codec(), "opus");
    }

    #[test]
    fn empty_json_object_is_an_empty_snapshot() {
        let s: StatsSnapshot = serde_json::from_value(json!({})).unwrap();
        assert_eq!(s, StatsSnapshot::default());
    }
}
