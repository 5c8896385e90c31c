//! Payloads of the quality events: the gateway link's ping and the softphone's WebRTC statistics
//! (seed 003 §3.22, §3.23; the numbers and scales are this product's, PRODUCT.md §2).

use crate::payload;

payload! {
    /// `ping`: latency and network quality of the gateway link (seed 003 §3.22), emitted on every
    /// heartbeat answer (every 5 s, PRODUCT.md §2) and with `networkState` 0 when none comes.
    pub struct PingEvent {
        /// Ping latency in ms.
        pub latency_time: i64 = "latencyTime",
        /// Network-quality bucket derived from the latency: 4 excellent < 100 ms, 3 good < 200 ms,
        /// 2 fair < 400 ms, 1 poor ≥ 400 ms, 0 no answer (PRODUCT.md §2).
        pub network_state: i64 = "networkState",
    }
}

payload! {
    /// `webrtcStats`: one second of the softphone leg's statistics (seed 003 §3.23, PRODUCT.md §2).
    ///
    /// The top-level counters are deltas over the last interval; [`WebrtcStatsTotals`] holds the
    /// running totals since the leg started. `jitter`, `rtt` and `mos` are `null` (never absent)
    /// while the browser has not measured them yet, so listeners can rely on the keys.
    pub struct WebrtcStatsEvent {
        /// RTP packets sent during the interval.
        pub packets_sent: i64 = "packetsSent",
        /// RTP packets received during the interval.
        pub packets_received: i64 = "packetsReceived",
        /// RTP packets lost during the interval.
        pub packets_lost: i64 = "packetsLost",
        /// Share of packets lost during the interval, 0–1.
        pub packet_loss_rate: f64 = "packetLossRate",
        /// Inbound jitter (ms); `null` until measured.
        pub jitter: Option<f64> = "jitter",
        /// Round-trip time (ms); `null` until measured.
        pub rtt: Option<f64> = "rtt",
        /// Mean opinion score from the E-model (1–4.5); `null` without enough data.
        pub mos: Option<f64> = "mos",
        /// The ICE connection state (`RTCIceConnectionState`).
        pub ice_state: String = "iceState",
        /// The DTLS transport state (`RTCDtlsTransportState`).
        pub dtls_state: String = "dtlsState",
        /// The audio codec in use (e.g. `opus`).
        pub codec: String = "codec",
        /// `normal`, or which direction carries nothing: `noInbound`, `noOutbound`, `noTraffic`
        /// (one-way or no audio).
        pub packets_state: String = "packetsState" { ts("\"normal\" | \"noInbound\" | \"noOutbound\" | \"noTraffic\"") },
        /// Quality of what is sent, 0–4 (from MOS: ≥ 4.0 → 4, ≥ 3.6 → 3, ≥ 3.1 → 2, else 1; 0 no
        /// data).
        pub sent_network_quality: i64 = "sentNetworkQuality",
        /// Quality of what is received, on the same 0–4 scale.
        pub received_network_quality: i64 = "receivedNetworkQuality",
        /// When the sample was taken (ms since the epoch, from the shell's clock input).
        pub timestamp: i64 = "timestamp",
        /// Running totals since the leg started.
        pub totals: WebrtcStatsTotals = "totals",
    }
}

payload! {
    /// Running totals of a softphone leg, carried in [`WebrtcStatsEvent::totals`] (PRODUCT.md §2).
    pub struct WebrtcStatsTotals {
        /// RTP packets sent since the leg started.
        pub packets_sent: i64 = "packetsSent",
        /// RTP packets received since the leg started.
        pub packets_received: i64 = "packetsReceived",
        /// RTP packets lost since the leg started.
        pub packets_lost: i64 = "packetsLost",
        /// Share of packets lost since the leg started, 0–1.
        pub packet_loss_rate: f64 = "packetLossRate",
        /// Bytes sent since the leg started.
        pub bytes_sent: i64 = "bytesSent",
        /// Bytes received since the leg started.
        pub bytes_received: i64 = "bytesReceived",
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn first_sample() -> WebrtcStatsEvent {
        WebrtcStatsEvent {
            packets_sent: 50,
            packets_received: 0,
            packets_lost: 0,
            packet_loss_rate: 0.0,
            jitter: None,
            rtt: None,
            mos: None,
            ice_state: "checking".into(),
            dtls_state: "connecting".into(),
            codec: "opus".into(),
            packets_state: "noInbound".into(),
            sent_network_quality: 0,
            received_network_quality: 0,
            timestamp: 1_700_000_000_000,
            totals: WebrtcStatsTotals {
                packets_sent: 50,
                packets_received: 0,
                packets_lost: 0,
                packet_loss_rate: 0.0,
                bytes_sent: 8000,
                bytes_received: 0,
            },
        }
    }

    #[test]
    fn unmeasured_stats_serialize_as_null_keys() {
        let v = serde_json::to_value(first_sample()).unwrap();
        for key in ["jitter", "rtt", "mos"] {
            assert_eq!(v.get(key), Some(&json!(null)), "{key}");
        }
    }

    #[test]
    fn stats_round_trip_with_nested_totals() {
        let mut e = first_sample();
        e.jitter = Some(12.5);
        e.mos = Some(4.31);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["totals"]["bytesSent"], json!(8000));
        assert_eq!(serde_json::from_value::<WebrtcStatsEvent>(v).unwrap(), e);
    }

    #[test]
    fn ping_with_string_latency_is_rejected() {
        let v = json!({ "latencyTime": "42", "networkState": 4 });
        assert!(serde_json::from_value::<PingEvent>(v).is_err());
    }
}
