//! What a preflight measured, and the report it resolves with: connectivity, ping buckets, ICE
//! candidate types, rtt, jitter, loss, MOS, one-way audio and warnings (issue 15 item 6; the
//! shape follows the Twilio Voice SDK's `PreflightTest.Report`: stats as min/average/max, the
//! selected candidate pair, a list of warnings — research/gateway-protocols.md §5.1).
//!
//! The numbers, each from where it is cited:
//! - ping latency → `networkState` 4/3/2/1 at < 100 / < 200 / < 400 / ≥ 400 ms, 0 unanswered
//!   (PRODUCT.md §2, `quality::ping`);
//! - MOS by the ITU-T G.107 E-model as simplified in research §5.1 (`quality::mos`):
//!   `EL = rtt + 2·jitter + 10`, `R = 94.768 − EL/40` (EL < 160) or `94.768 − (EL − 120)/10`
//!   (EL < 1000), minus 2.5 per percent of loss, `MOS = 1 + 0.035R + 7·10⁻⁶·R(R − 60)(100 − R)`
//!   — over the test's average rtt and jitter and its total loss;
//! - warnings at rtt > 400 ms, jitter > 30 ms, loss > 1 %, MOS < 3.5 (PRODUCT.md §2,
//!   `quality::WarningThresholds`), an average ping in the poor bucket (≥ 400 ms), any ping
//!   unanswered, no host candidate, a relayed path, one-way audio.

use crate::json::ObjectWriter;
use crate::quality::mos::{self, network_quality, MosBuckets};
use crate::quality::ping::{network_state, PingThresholds};
use crate::quality::{StatsSnapshot, StatsTracker, WarningThresholds};

/// ICE candidate types (RFC 8445 §5.1.1), in the order the report lists them.
const CANDIDATE_TYPES: [&str; 4] = ["host", "srflx", "prflx", "relay"];

/// Why a preflight did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The step that failed: `connect`, `ping`, `media` or `echo`.
    pub step: &'static str,
    /// `GATEWAY_UNREACHABLE`, `KEY_REFUSED`, `CONNECTION_LOST`, `MEDIA_FAILED`, `ICE_FAILED`,
    /// `MEDIA_LOST`.
    pub code: &'static str,
    /// Words for the page.
    pub message: String,
}

/// min / average / max of a measure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Spread {
    n: u32,
    min: f64,
    max: f64,
    sum: f64,
}

impl Spread {
    fn add(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        if self.n == 0 || v < self.min {
            self.min = v;
        }
        if self.n == 0 || v > self.max {
            self.max = v;
        }
        self.n += 1;
        self.sum += v;
    }

    fn average(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }

    fn json(&self) -> String {
        match self.average() {
            None => "null".to_owned(),
            Some(avg) => ObjectWriter::new()
                .num("min", self.min)
                .num("average", avg)
                .num("max", self.max)
                .finish(),
        }
    }
}

/// Everything measured so far.
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    pub(super) connect_ms: Option<u64>,
    pub(super) gateway: bool,
    pings_sent: u32,
    latency: Spread,
    /// Pings per `networkState`, index 0 (unanswered) to 4 (excellent).
    buckets: [u32; 5],
    /// An offer was made: its candidates can be judged.
    offered: bool,
    local_types: Vec<&'static str>,
    remote_types: Vec<&'static str>,
    selected: Option<(String, String)>,
    pub(super) media: bool,
    tracker: StatsTracker,
    samples: u32,
    rtt: Spread,
    jitter: Spread,
    mos: Spread,
    received: u64,
    lost: u64,
    sent_total: u64,
    received_total: u64,
    lost_total: u64,
    /// The last direction found silent in a scored interval, and how many such intervals.
    one_way: Option<(String, u32)>,
    pub(super) echo_ms: u64,
}

/// One ping's outcome: its `networkState`.
pub(super) fn ping_state(latency_ms: Option<u64>) -> i64 {
    network_state(latency_ms, &PingThresholds::default())
}

impl Tally {
    pub(super) fn ping(&mut self, latency_ms: Option<u64>) -> i64 {
        self.pings_sent += 1;
        let state = ping_state(latency_ms);
        if let Some(ms) = latency_ms {
            self.latency.add(ms as f64);
        }
        if let Some(n) = usize::try_from(state)
            .ok()
            .and_then(|i| self.buckets.get_mut(i))
        {
            *n += 1;
        }
        state
    }

    /// Pings counted so far.
    pub(super) fn pings(&self) -> u32 {
        self.pings_sent
    }

    pub(super) fn offer(&mut self, sdp: &str) {
        self.offered = true;
        self.local_types = candidate_types(sdp);
    }

    pub(super) fn answer(&mut self, sdp: &str) {
        self.remote_types = candidate_types(sdp);
    }

    /// A `getStats()` snapshot of the echo leg; returns the sample's rtt, jitter, MOS and
    /// `packetsState` for the progress event. The first snapshot is the baseline: it has no
    /// interval to score (research §5.1), so it is not judged.
    pub(super) fn stats(
        &mut self,
        snapshot: &StatsSnapshot,
    ) -> (Option<f64>, Option<f64>, Option<f64>, String) {
        if let (Some(local), Some(remote)) = (
            &snapshot.local_candidate_type,
            &snapshot.remote_candidate_type,
        ) {
            self.selected = Some((local.clone(), remote.clone()));
        }
        let sample = self.tracker.handle_snapshot(snapshot);
        self.sent_total = u64::try_from(sample.totals.packets_sent).unwrap_or(0);
        self.received_total = u64::try_from(sample.totals.packets_received).unwrap_or(0);
        self.lost_total = u64::try_from(sample.totals.packets_lost).unwrap_or(0);
        self.samples += 1;
        if self.samples > 1 {
            if let Some(v) = sample.rtt {
                self.rtt.add(v);
            }
            if let Some(v) = sample.jitter {
                self.jitter.add(v);
            }
            if let Some(v) = sample.mos {
                self.mos.add(v);
            }
            self.received += u64::try_from(sample.packets_received).unwrap_or(0);
            self.lost += u64::try_from(sample.packets_lost).unwrap_or(0);
            if sample.packets_state != "normal" {
                let runs = self.one_way.as_ref().map_or(0, |(_, n)| *n);
                self.one_way = Some((sample.packets_state.clone(), runs + 1));
            }
        }
        (sample.rtt, sample.jitter, sample.mos, sample.packets_state)
    }

    /// Loss over the scored intervals, 0–1.
    fn loss(&self) -> Option<f64> {
        let expected = self.received + self.lost;
        (expected > 0).then(|| self.lost as f64 / expected as f64)
    }

    /// The report, as JSON text (the page gets it as parsed).
    pub(super) fn report(&self, failure: Option<&Failure>, duration_ms: u64) -> String {
        let limits = WarningThresholds::default();
        // The media path's own rtt (RTCP, else STUN); the gateway's ping when none was measured.
        let rtt = self.rtt.average().or(self.latency.average());
        let jitter = self.jitter.average();
        let loss = self.loss();
        let score = match (rtt, jitter, loss) {
            (Some(r), Some(j), Some(l)) if self.samples > 1 => Some(mos::mos(r, j, l * 100.0)),
            _ => None,
        };
        let mut warnings: Vec<(&str, f64, f64)> = Vec::new();
        let mut warn = |name, value: Option<f64>, threshold: f64, over: bool| {
            if let Some(v) = value {
                if (over && v > threshold) || (!over && v < threshold) {
                    warnings.push((name, v, threshold));
                }
            }
        };
        warn("highRtt", rtt, limits.high_rtt_ms, true);
        warn("highJitter", jitter, limits.high_jitter_ms, true);
        warn("highPacketLoss", loss, limits.high_packet_loss, true);
        warn("lowMos", score, limits.low_mos, false);
        let poor = PingThresholds::default().fair_below_ms as f64;
        // "≥ 400 ms is poor" (PRODUCT.md §2): just under the limit is still fair.
        warn(
            "highPingLatency",
            self.latency.average(),
            poor - 0.001,
            true,
        );
        warn("lostPings", Some(f64::from(self.buckets[0])), 0.0, true);
        if self.offered {
            let hosts = self.local_types.iter().filter(|t| **t == "host").count();
            warn("noHostCandidates", Some(hosts as f64), 1.0, false);
        }
        if let Some((local, remote)) = &self.selected {
            let relayed = u8::from(local == "relay" || remote == "relay");
            warn("relayed", Some(f64::from(relayed)), 0.0, true);
        }
        if let Some((_, runs)) = &self.one_way {
            warn("oneWayAudio", Some(f64::from(*runs)), 0.0, true);
        }

        let ping = ObjectWriter::new()
            .uint("sent", u64::from(self.pings_sent))
            .uint("answered", u64::from(self.pings_sent - self.buckets[0]))
            .raw("latency", &self.latency.json())
            .int(
                "networkState",
                match self.latency.average() {
                    Some(avg) => ping_state(Some(avg as u64)),
                    None => 0,
                },
            )
            .raw(
                "buckets",
                &ObjectWriter::new()
                    .uint("excellent", self.buckets[4].into())
                    .uint("good", self.buckets[3].into())
                    .uint("fair", self.buckets[2].into())
                    .uint("poor", self.buckets[1].into())
                    .uint("unanswered", self.buckets[0].into())
                    .finish(),
            )
            .finish();
        let selected = match &self.selected {
            Some((local, remote)) => ObjectWriter::new()
                .str("local", local)
                .str("remote", remote)
                .finish(),
            None => "null".to_owned(),
        };
        let ice = ObjectWriter::new()
            .raw("local", &list(&self.local_types))
            .raw("remote", &list(&self.remote_types))
            .raw("selected", &selected)
            .finish();
        let media = ObjectWriter::new()
            .uint("durationMs", self.echo_ms)
            .uint("packetsSent", self.sent_total)
            .uint("packetsReceived", self.received_total)
            .uint("packetsLost", self.lost_total)
            .raw("rtt", &self.rtt.json())
            .raw("jitter", &self.jitter.json())
            .num("packetLoss", loss.unwrap_or(f64::NAN))
            .raw("mos", &self.mos.json())
            .finish();
        let failure = match failure {
            Some(f) => ObjectWriter::new()
                .str("step", f.step)
                .str("code", f.code)
                .str("message", &f.message)
                .finish(),
            None => "null".to_owned(),
        };
        let mut list_of_warnings = String::from("[");
        for (i, (name, value, threshold)) in warnings.iter().enumerate() {
            if i > 0 {
                list_of_warnings.push(',');
            }
            list_of_warnings.push_str(
                &ObjectWriter::new()
                    .str("name", name)
                    .num("value", *value)
                    .num("threshold", *threshold)
                    .finish(),
            );
        }
        list_of_warnings.push(']');
        let packets_state = match (&self.one_way, self.samples > 1) {
            (Some((state, _)), _) => state.as_str(),
            (None, true) => "normal",
            (None, false) => "",
        };
        let writer = ObjectWriter::new()
            .raw("ok", if failure == "null" { "true" } else { "false" })
            .raw("failure", &failure)
            .raw(
                "connectivity",
                &ObjectWriter::new()
                    .raw("gateway", bool_text(self.gateway))
                    .raw("media", bool_text(self.media))
                    .finish(),
            )
            .raw("connectMs", &opt_uint(self.connect_ms))
            .raw("ping", &ping)
            .raw("ice", &ice)
            .raw("media", &media)
            .num("rtt", rtt.unwrap_or(f64::NAN))
            .num("jitter", jitter.unwrap_or(f64::NAN))
            .num("packetLoss", loss.unwrap_or(f64::NAN))
            .num("mos", score.unwrap_or(f64::NAN))
            .int(
                "networkQuality",
                network_quality(score, &MosBuckets::default()),
            )
            .raw("oneWayAudio", bool_text(self.one_way.is_some()));
        let writer = if packets_state.is_empty() {
            writer.raw("packetsState", "null")
        } else {
            writer.str("packetsState", packets_state)
        };
        writer
            .raw("warnings", &list_of_warnings)
            .uint("durationMs", duration_ms)
            .finish()
    }
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn opt_uint(v: Option<u64>) -> String {
    v.map_or_else(|| "null".to_owned(), |n| crate::text!(n))
}

fn list(types: &[&str]) -> String {
    let mut out = String::from("[");
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::json::push_string(&mut out, t);
    }
    out.push(']');
    out
}

/// The distinct candidate types of an SDP's `a=candidate:` lines (`… typ host …`, RFC 8839
/// §5.1), in the order host, srflx, prflx, relay.
pub(super) fn candidate_types(sdp: &str) -> Vec<&'static str> {
    let mut seen = [false; 4];
    let bytes = sdp.as_bytes();
    let mut in_candidate = false;
    let mut line_start = 0;
    // One pass over the bytes: no string searcher is pulled into the wasm for this.
    for (i, b) in bytes.iter().enumerate() {
        if i == line_start {
            in_candidate = bytes[i..].starts_with(b"a=candidate:");
        }
        if *b == b'\n' || *b == b'\r' {
            line_start = i + 1;
        } else if in_candidate && bytes[i..].starts_with(b" typ ") {
            let kind = &bytes[i + 5..];
            if let Some(k) = CANDIDATE_TYPES.iter().position(|c| {
                kind.starts_with(c.as_bytes())
                    && matches!(kind.get(c.len()), None | Some(b' ' | b'\r' | b'\n'))
            }) {
                seen[k] = true;
            }
            in_candidate = false;
        }
    }
    CANDIDATE_TYPES
        .iter()
        .zip(seen)
        .filter_map(|(t, s)| s.then_some(*t))
        .collect()
}
