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

use crate::quality::mos::{self, network_quality, MosBuckets};
use crate::quality::ping::{network_state, PingThresholds};
use crate::quality::{StatsSnapshot, StatsTracker, WarningThresholds};

/// ICE candidate types (RFC 8445 §5.1.1), in the order the report lists them.
pub const CANDIDATE_TYPES: [&str; 4] = ["host", "srflx", "prflx", "relay"];

/// Why a preflight did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The step that failed: `connect`, `ping`, `media` or `echo`.
    pub step: &'static str,
    /// `GATEWAY_UNREACHABLE`, `KEY_REFUSED`, `CONNECTION_LOST`, `MEDIA_FAILED`, `ICE_FAILED`,
    /// `MEDIA_LOST`.
    pub code: &'static str,
    /// What happened: js/face.js `preflightMessage` words it with `n`, `a` and `b` (no string
    /// building in the wasm).
    pub said: Said,
    /// A close code, or the limit in ms that passed.
    pub n: u64,
    /// The close's reason, the refusal's error code, the browser's reason or the ICE state.
    pub a: String,
    /// The refusal's message.
    pub b: String,
}

/// The failures' words, by the index js/face.js `PREFLIGHT_SAID` lists them in; the comment
/// shows the message, with `n`, `a` and `b` of [`Failure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// the gateway could not be reached (close n: a)
    Unreachable,
    /// the gateway closed the connection (close n: a)
    Closed,
    /// the connection to the gateway was lost (close n: a)
    Lost,
    /// the gateway refused the session (a): b
    Refused,
    /// the gateway refused the echo test (a): b
    EchoRefused,
    /// the test call could not start: a
    NoStart,
    /// the test call failed: a
    CallFailed,
    /// ICE failed: no path to the gateway's media
    NoPath,
    /// the test call's path failed (ICE a)
    PathFailed,
    /// the gateway did not answer within n ms
    NoOpen,
    /// the gateway did not answer `auth` within n ms
    NoAuth,
    /// no microphone and offer within n ms
    NoOffer,
    /// the gateway did not answer `echoTest` within n ms
    NoAnswer,
    /// ICE and DTLS were not up within n ms
    NoIce,
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

    /// min, average, max; NaN each when nothing was measured.
    fn push(&self, out: &mut Vec<f64>) {
        match self.average() {
            None => out.extend([f64::NAN; 3]),
            Some(avg) => out.extend([self.min, avg, self.max]),
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
    /// Candidate types seen, bits in [`CANDIDATE_TYPES`] order.
    local_types: u8,
    remote_types: u8,
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

    /// The report as numbers and words (js/face.js `preflightReport` builds the page's object
    /// from them: no JSON writer and no float formatting in the wasm), in this order:
    /// gateway, media (1/0), connectMs, pings sent, answered, latency min/average/max, the
    /// pings' networkState, the buckets excellent, good, fair, poor, unanswered, the local and
    /// the remote candidate types (bits in [`CANDIDATE_TYPES`] order), the echo's length, packets
    /// sent, received, lost, rtt, jitter (min/average/max each), the media's loss, MOS
    /// min/average/max, then rtt, jitter, loss, MOS, networkQuality, oneWayAudio (1/0), the
    /// duration, the failure's [`Said`] and `n`, and a (warning, value, threshold) triple per warning, the warning by its
    /// index in [`WARNINGS`]. An unknown number is NaN (`null` on the page). The words, joined
    /// by NUL: packetsState, the selected pair's local and remote types, and the failure's
    /// step, code, `a` and `b` (all empty when absent).
    pub(super) fn report(&self, failure: Option<&Failure>, duration_ms: u64) -> (Vec<f64>, String) {
        let limits = WarningThresholds::default();
        // The media path's own rtt (RTCP, else STUN); the gateway's ping when none was measured.
        let rtt = self.rtt.average().or(self.latency.average());
        let jitter = self.jitter.average();
        let loss = self.loss();
        let score = match (rtt, jitter, loss) {
            (Some(r), Some(j), Some(l)) if self.samples > 1 => Some(mos::mos(r, j, l * 100.0)),
            _ => None,
        };
        let nan = f64::NAN;
        let mut n: Vec<f64> = vec![
            flag(self.gateway),
            flag(self.media),
            self.connect_ms.map_or(nan, |v| v as f64),
            self.pings_sent.into(),
            (self.pings_sent - self.buckets[0]).into(),
        ];
        self.latency.push(&mut n);
        n.push(match self.latency.average() {
            Some(avg) => ping_state(Some(avg as u64)) as f64,
            None => 0.0,
        });
        n.extend(self.buckets.iter().rev().map(|b| f64::from(*b)));
        n.extend([
            self.local_types.into(),
            self.remote_types.into(),
            self.echo_ms as f64,
            self.sent_total as f64,
            self.received_total as f64,
            self.lost_total as f64,
        ]);
        self.rtt.push(&mut n);
        self.jitter.push(&mut n);
        n.push(loss.unwrap_or(nan));
        self.mos.push(&mut n);
        n.extend([
            rtt.unwrap_or(nan),
            jitter.unwrap_or(nan),
            loss.unwrap_or(nan),
            score.unwrap_or(nan),
            network_quality(score, &MosBuckets::default()) as f64,
            flag(self.one_way.is_some()),
            duration_ms as f64,
            failure.map_or(nan, |f| f.said as u8 as f64),
            failure.map_or(nan, |f| f.n as f64),
        ]);

        let mut warn = |which: usize, value: Option<f64>, threshold: f64, over: bool| {
            if let Some(v) = value {
                if (over && v > threshold) || (!over && v < threshold) {
                    n.extend([which as f64, v, threshold]);
                }
            }
        };
        warn(0, rtt, limits.high_rtt_ms, true);
        warn(1, jitter, limits.high_jitter_ms, true);
        warn(2, loss, limits.high_packet_loss, true);
        warn(3, score, limits.low_mos, false);
        let poor = PingThresholds::default().fair_below_ms as f64;
        // "≥ 400 ms is poor" (PRODUCT.md §2): just under the limit is still fair.
        warn(4, self.latency.average(), poor - 0.001, true);
        warn(5, Some(f64::from(self.buckets[0])), 0.0, true);
        if self.offered {
            // Bit 0 is host.
            warn(6, Some(f64::from(self.local_types & 1)), 1.0, false);
        }
        if let Some((local, remote)) = &self.selected {
            let relayed = u8::from(local == "relay" || remote == "relay");
            warn(7, Some(f64::from(relayed)), 0.0, true);
        }
        if let Some((_, runs)) = &self.one_way {
            warn(8, Some(f64::from(*runs)), 0.0, true);
        }

        let packets_state = match (&self.one_way, self.samples > 1) {
            (Some((state, _)), _) => state.as_str(),
            (None, true) => "normal",
            (None, false) => "",
        };
        let (local, remote) = self
            .selected
            .as_ref()
            .map_or(("", ""), |(l, r)| (l.as_str(), r.as_str()));
        let (step, code, a, b) =
            failure.map_or(("", "", "", ""), |f| (f.step, f.code, &*f.a, &*f.b));
        let mut words = String::new();
        for (i, w) in [packets_state, local, remote, step, code, a, b]
            .iter()
            .enumerate()
        {
            if i > 0 {
                words.push('\0');
            }
            words.push_str(w);
        }
        (n, words)
    }
}

/// The report's warnings, by the index the numbers give (js/face.js names them in this order).
pub const WARNINGS: [&str; 9] = [
    "highRtt",
    "highJitter",
    "highPacketLoss",
    "lowMos",
    "highPingLatency",
    "lostPings",
    "noHostCandidates",
    "relayed",
    "oneWayAudio",
];

fn flag(b: bool) -> f64 {
    f64::from(u8::from(b))
}

/// The distinct candidate types of an SDP's `a=candidate:` lines (`… typ host …`, RFC 8839
/// §5.1), as bits in [`CANDIDATE_TYPES`] order (host is bit 0).
pub(super) fn candidate_types(sdp: &str) -> u8 {
    let mut seen = 0;
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
                seen |= 1 << k;
            }
            in_candidate = false;
        }
    }
    seen
}
