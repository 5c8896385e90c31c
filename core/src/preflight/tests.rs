//! The preflight under virtual time: every step, its deadline, the report's numbers and its
//! failures, driven by hand as the shell would.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

use super::report::candidate_types;
use super::*;
use crate::quality::mos;

const OFFER: &str = "v=0\r\na=candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation 0\r\na=candidate:2 1 udp 1686052607 203.0.113.7 50000 typ srflx raddr 192.168.1.5 rport 50000\r\n";
const ANSWER: &str = "v=0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\r\n";

/// The options as the JS layer hands them over, its defaults filled in.
fn options() -> PreflightOptions {
    PreflightOptions {
        base_url: "http://127.0.0.1:8080/".into(),
        tenant_id: "t1".into(),
        agent_no: "0001".into(),
        session_key: "v1.key".into(),
        pings: 5,
        echo_ms: DEFAULT_ECHO_MS,
        input: None,
    }
}

/// js/face.js's default echoMs.
const DEFAULT_ECHO_MS: u64 = 5_000;

struct Rig {
    p: Preflight,
    now: Time,
    out: Vec<PreflightOutput>,
}

impl Rig {
    fn new(o: PreflightOptions) -> Self {
        let mut p = Preflight::new(o, "1.2.3").unwrap();
        p.start(Time(1_000));
        let mut rig = Rig {
            p,
            now: Time(1_000),
            out: Vec::new(),
        };
        rig.drain();
        rig
    }

    fn drain(&mut self) -> Vec<PreflightOutput> {
        let new: Vec<_> = std::iter::from_fn(|| self.p.poll_output()).collect();
        self.out.extend(new.iter().cloned());
        new
    }

    /// Moves time to `at` ms after the start, firing every deadline on the way.
    fn advance(&mut self, by: u64) {
        let target = self.now + by;
        while let Some(due) = self.p.poll_timeout().filter(|d| *d <= target) {
            self.now = due.max(self.now);
            self.p.handle_timeout(self.now);
            self.drain();
        }
        self.now = target;
    }

    fn progress(&self) -> Vec<Value> {
        self.out
            .iter()
            .filter_map(|o| match o {
                PreflightOutput::Progress(n, words) => Some(progress_json(n, words)),
                _ => None,
            })
            .collect()
    }

    fn steps(&self) -> Vec<String> {
        self.progress()
            .iter()
            .map(|p| p["step"].as_str().unwrap().to_owned())
            .collect()
    }

    fn report(&self) -> Value {
        let (n, words) = self
            .out
            .iter()
            .find_map(|o| match o {
                PreflightOutput::Finished(n, w) => Some((n, w)),
                _ => None,
            })
            .expect("a report");
        report_json(n, words)
    }

    fn sent(&self) -> Vec<Value> {
        self.out
            .iter()
            .filter_map(|o| match o {
                PreflightOutput::Send(f) => Some(serde_json::from_str(f).unwrap()),
                _ => None,
            })
            .collect()
    }

    /// Connected and authenticated at +10 ms.
    fn connect(&mut self) {
        self.advance(5);
        self.p.handle_open(self.now);
        self.advance(5);
        self.p.handle_reply(self.now, 1, 0, None, "ok", None);
        self.drain();
    }

    /// Every ping answered after `latency` ms.
    fn pings(&mut self, n: u32, latency: u64) {
        for _ in 0..n {
            let ts = self.sent().last().unwrap()["ts"].as_u64().unwrap();
            self.advance(latency);
            self.p.handle_pong(self.now, ts);
            self.drain();
        }
    }

    /// Offer, answer, ICE connected.
    fn media_up(&mut self) {
        assert!(self
            .out
            .contains(&PreflightOutput::Media(MediaAction::Open { input: None })));
        self.advance(50);
        self.p.handle_media_offer(self.now, OFFER);
        self.drain();
        self.advance(5);
        self.p
            .handle_reply(self.now, 2, 0, None, "ok", Some(ANSWER));
        self.drain();
        self.advance(30);
        self.p.handle_media_state(self.now, "connected");
        self.drain();
    }

    /// Answers every stats poll for `seconds` s with `snap(second)`.
    fn echo(&mut self, seconds: u64, snap: impl Fn(u64) -> StatsSnapshot) {
        for second in 0..=seconds {
            self.advance(0);
            let polled = self
                .drain()
                .contains(&PreflightOutput::Media(MediaAction::PollStats))
                || self.out.last() == Some(&PreflightOutput::Media(MediaAction::PollStats));
            assert!(polled || second > 0, "a poll at the start of the echo");
            self.advance(10);
            self.p.handle_stats(self.now, &snap(second));
            self.drain();
            if self.p.is_done() {
                return;
            }
            self.advance(POLL_MS - 10);
        }
    }
}

/// A second of clean audio both ways: 50 packets each way, 20 ms rtt, 5 ms jitter.
fn clean(second: u64) -> StatsSnapshot {
    StatsSnapshot {
        timestamp: 1.7e12 + second as f64 * 1000.0,
        packets_sent: Some(50 * (second + 1)),
        packets_received: Some(50 * (second + 1)),
        packets_lost: Some(0),
        jitter: Some(0.005),
        round_trip_time: Some(0.02),
        ice_state: "connected".into(),
        local_candidate_type: Some("host".into()),
        remote_candidate_type: Some("host".into()),
        ..StatsSnapshot::default()
    }
}

#[test]
fn a_clean_run_reports_every_step_in_order_and_a_sane_report() {
    let mut rig = Rig::new(options());
    assert_eq!(
        rig.out[0],
        PreflightOutput::Open {
            url: "ws://127.0.0.1:8080/ws".into(),
            protocol: "agentdesk.v1"
        }
    );
    rig.connect();
    let auth = &rig.sent()[0];
    assert_eq!(
        (auth["type"].as_str(), auth["sessionKey"].as_str()),
        (Some("auth"), Some("v1.key"))
    );
    rig.pings(5, 20);
    rig.media_up();
    let echo = rig
        .sent()
        .into_iter()
        .find(|f| f["action"] == "echoTest")
        .unwrap();
    assert_eq!(echo["params"]["durationMs"], DEFAULT_ECHO_MS_PLUS_ICE);
    rig.echo(5, clean);
    assert!(rig.p.is_done());

    let mut expected = vec!["connect", "connected"];
    expected.extend(["ping"; 5]);
    expected.push("media");
    expected.extend(["echo"; 6]);
    expected.push("done");
    assert_eq!(rig.steps(), expected);
    let progress = rig.progress();
    assert_eq!(progress[2]["eventType"], "preflightProgress");
    assert_eq!(
        (progress[2]["ping"].as_u64(), progress[2]["of"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(
        (
            progress[2]["latencyMs"].as_u64(),
            progress[2]["networkState"].as_i64()
        ),
        (Some(20), Some(4))
    );
    let elapsed: Vec<u64> = progress
        .iter()
        .map(|p| p["elapsedMs"].as_u64().unwrap())
        .collect();
    assert!(elapsed.windows(2).all(|w| w[0] <= w[1]), "{elapsed:?}");

    let r = rig.report();
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["failure"], Value::Null);
    assert_eq!(
        r["connectivity"],
        serde_json::json!({"gateway": true, "media": true})
    );
    assert_eq!(r["connectMs"], 10);
    assert_eq!(r["ping"]["sent"], 5);
    assert_eq!(r["ping"]["answered"], 5);
    assert_eq!(r["ping"]["latency"]["average"], 20.0);
    assert_eq!(r["ping"]["buckets"]["excellent"], 5);
    assert_eq!(r["ping"]["networkState"], 4);
    assert_eq!(r["ice"]["local"], serde_json::json!(["host", "srflx"]));
    assert_eq!(r["ice"]["remote"], serde_json::json!(["host"]));
    assert_eq!(
        r["ice"]["selected"],
        serde_json::json!({"local": "host", "remote": "host"})
    );
    assert_eq!(r["rtt"], 20.0);
    assert_eq!(r["jitter"], 5.0);
    assert_eq!(r["packetLoss"], 0.0);
    // E-model: EL = 20 + 2·5 + 10 = 40; R = 94.768 − 1 = 93.768; MOS ≈ 4.42 (research §5.1).
    let want = mos::mos(20.0, 5.0, 0.0);
    assert!((r["mos"].as_f64().unwrap() - want).abs() < 0.001, "{r}");
    assert!((want - 4.421).abs() < 0.01, "{want}");
    assert_eq!(r["networkQuality"], 4);
    assert_eq!(r["oneWayAudio"], false);
    assert_eq!(r["packetsState"], "normal");
    assert_eq!(r["warnings"], serde_json::json!([]));
    assert_eq!(r["media"]["packetsSent"], 300);
    assert!(r["media"]["mos"]["min"].as_f64().is_some());
    // Everything is released: the leg, then the socket.
    let n = rig.out.len();
    assert_eq!(
        &rig.out[n - 4..n - 2],
        &[
            PreflightOutput::Media(MediaAction::Close),
            PreflightOutput::CloseSocket
        ]
    );
    assert_eq!(rig.p.poll_timeout(), None);
}

const DEFAULT_ECHO_MS_PLUS_ICE: u64 = DEFAULT_ECHO_MS + ICE_TIMEOUT_MS;

#[test]
fn an_unreachable_gateway_is_a_report_not_a_hang() {
    let mut rig = Rig::new(options());
    rig.advance(3);
    rig.p.handle_closed(rig.now, 1006, "");
    rig.drain();
    let r = rig.report();
    assert_eq!(r["ok"], false);
    assert_eq!(r["failure"]["step"], "connect");
    assert_eq!(r["failure"]["code"], "GATEWAY_UNREACHABLE");
    assert_eq!(r["connectivity"]["gateway"], false);
    assert_eq!(rig.steps(), ["connect", "done"]);

    // A socket that never opens nor closes: the 10 s deadline ends it.
    let mut rig = Rig::new(options());
    assert_eq!(rig.p.poll_timeout(), Some(Time(1_000 + CONNECT_TIMEOUT_MS)));
    rig.advance(CONNECT_TIMEOUT_MS);
    assert_eq!(rig.report()["failure"]["code"], "GATEWAY_UNREACHABLE");
    assert!(rig.out.contains(&PreflightOutput::CloseSocket));
}

#[test]
fn a_refused_key_is_reported_as_such() {
    let mut rig = Rig::new(options());
    rig.p.handle_open(rig.now);
    rig.p.handle_reply(
        rig.now,
        1,
        -1,
        Some("KEY_EXPIRED"),
        "the key has expired",
        None,
    );
    rig.drain();
    let r = rig.report();
    assert_eq!(r["failure"]["code"], "KEY_REFUSED");
    assert!(r["failure"]["message"]
        .as_str()
        .unwrap()
        .contains("KEY_EXPIRED"));
    // The close that follows changes nothing.
    rig.p.handle_closed(rig.now, 4503, "key expired");
    assert_eq!(rig.drain(), vec![]);

    // A close with a key code before the reply says the same.
    let mut rig = Rig::new(options());
    rig.p.handle_open(rig.now);
    rig.p.handle_closed(rig.now, 4502, "");
    rig.drain();
    assert_eq!(rig.report()["failure"]["code"], "KEY_REFUSED");
}

#[test]
fn unanswered_pings_are_bucketed_zero_and_warned() {
    let mut rig = Rig::new(PreflightOptions {
        pings: 3,
        ..options()
    });
    rig.connect();
    rig.pings(1, 150);
    // The second ping never comes back: lost after 3 s; its late pong is not the third's.
    let late = rig.sent().last().unwrap()["ts"].as_u64().unwrap();
    rig.advance(PING_TIMEOUT_MS);
    rig.p.handle_pong(rig.now, late);
    rig.drain();
    rig.pings(1, 450);
    let r = rig.report_after_cancel_free();
    assert_eq!(
        r["ping"]["buckets"],
        serde_json::json!({"excellent":0,"good":1,"fair":0,"poor":1,"unanswered":1})
    );
    assert_eq!(r["ping"]["answered"], 2);
    assert_eq!(r["ping"]["latency"]["average"], 300.0);
    let names: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"lostPings"), "{names:?}");
    let ping = rig
        .progress()
        .into_iter()
        .filter(|p| p["step"] == "ping")
        .nth(1)
        .unwrap();
    assert_eq!(
        (ping["latencyMs"].clone(), ping["networkState"].as_i64()),
        (Value::Null, Some(0))
    );
}

impl Rig {
    /// After the pings, a media failure ends the run: the report of what was measured.
    fn report_after_cancel_free(&mut self) -> Value {
        self.advance(1);
        self.p
            .handle_media_failed(self.now, "NotAllowedError: Permission denied");
        self.drain();
        let r = self.report();
        assert_eq!(r["failure"]["code"], "MEDIA_FAILED");
        assert_eq!(r["failure"]["step"], "media");
        assert_eq!(r["connectivity"]["media"], false);
        r
    }
}

#[test]
fn audio_that_stops_coming_back_is_one_way_audio() {
    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(5, 1);
    rig.media_up();
    // From the third second on, nothing comes back (the echo blackholed).
    rig.echo(5, |s| StatsSnapshot {
        packets_received: Some(50 * (s.min(2) + 1)),
        ..clean(s)
    });
    let r = rig.report();
    assert_eq!(r["ok"], true);
    assert_eq!(r["oneWayAudio"], true);
    assert_eq!(r["packetsState"], "noInbound");
    let warning = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == "oneWayAudio")
        .cloned();
    assert_eq!(warning.unwrap()["value"], 3.0, "{r}");
    let last_echo = rig
        .progress()
        .into_iter()
        .rfind(|p| p["step"] == "echo")
        .unwrap();
    assert_eq!(last_echo["packetsState"], "noInbound");
}

#[test]
fn a_bad_path_raises_every_quality_warning_with_its_threshold() {
    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(5, 420);
    rig.media_up();
    // rtt 500 ms, jitter 40 ms, 5 of every 50 packets lost (10 %).
    rig.echo(5, |s| StatsSnapshot {
        packets_received: Some(45 * (s + 1)),
        packets_lost: Some(5 * (s as i64 + 1)),
        jitter: Some(0.04),
        round_trip_time: Some(0.5),
        ..clean(s)
    });
    let r = rig.report();
    let w: Vec<(String, f64, f64)> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["name"].as_str().unwrap().to_owned(),
                w["value"].as_f64().unwrap(),
                w["threshold"].as_f64().unwrap(),
            )
        })
        .collect();
    let find = |n: &str| {
        w.iter()
            .find(|x| x.0 == n)
            .cloned()
            .unwrap_or_else(|| panic!("{n}: {w:?}"))
    };
    assert_eq!(find("highRtt"), ("highRtt".into(), 500.0, 400.0));
    assert_eq!(find("highJitter"), ("highJitter".into(), 40.0, 30.0));
    assert_eq!(find("highPacketLoss"), ("highPacketLoss".into(), 0.1, 0.01));
    // EL = 500 + 80 + 10 = 590 → R = 94.768 − 47 = 47.768 − 25 (10 %) = 22.768 → MOS ≈ 1.65.
    let low = find("lowMos");
    assert!(
        (low.1 - mos::mos(500.0, 40.0, 10.0)).abs() < 0.001 && low.2 == 3.5,
        "{low:?}"
    );
    assert!(find("highPingLatency").1 >= 420.0);
    assert_eq!(r["networkQuality"], 1);
    assert_eq!(r["ping"]["networkState"], 1);
}

#[test]
fn ice_that_never_connects_fails_the_media_step_and_releases_the_leg() {
    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(5, 1);
    rig.advance(10);
    rig.p.handle_media_offer(
        rig.now,
        "v=0\r\na=candidate:1 1 udp 1 198.51.100.1 9 typ relay\r\n",
    );
    rig.p.handle_reply(rig.now, 2, 0, None, "ok", Some(ANSWER));
    rig.drain();
    assert!(rig
        .out
        .contains(&PreflightOutput::Media(MediaAction::ApplyAnswer(
            ANSWER.into()
        ))));
    rig.advance(ICE_TIMEOUT_MS);
    let r = rig.report();
    assert_eq!(
        (r["failure"]["step"].as_str(), r["failure"]["code"].as_str()),
        (Some("media"), Some("ICE_FAILED"))
    );
    assert_eq!(
        r["connectivity"],
        serde_json::json!({"gateway": true, "media": false})
    );
    assert_eq!(r["ice"]["local"], serde_json::json!(["relay"]));
    let names: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"noHostCandidates"), "{names:?}");
    assert!(rig
        .out
        .contains(&PreflightOutput::Media(MediaAction::Close)));
}

#[test]
fn a_refused_echo_test_and_a_lost_socket_are_failures_of_their_step() {
    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(5, 1);
    rig.p.handle_media_offer(rig.now, OFFER);
    rig.p.handle_reply(
        rig.now,
        2,
        -1,
        Some("MEDIA_FAILED"),
        "an echo test is already running",
        None,
    );
    rig.drain();
    assert_eq!(rig.report()["failure"]["code"], "MEDIA_FAILED");

    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(2, 1);
    rig.p.handle_closed(rig.now, 1006, "");
    rig.drain();
    let r = rig.report();
    assert_eq!(
        (r["failure"]["step"].as_str(), r["failure"]["code"].as_str()),
        (Some("ping"), Some("CONNECTION_LOST"))
    );
    assert!(
        !rig.out.contains(&PreflightOutput::CloseSocket),
        "a closed socket is not closed again"
    );
}

#[test]
fn ice_failing_during_the_echo_keeps_what_was_measured() {
    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(5, 1);
    rig.media_up();
    rig.echo(2, clean);
    rig.p.handle_media_state(rig.now, "failed");
    rig.drain();
    let r = rig.report();
    assert_eq!(r["failure"]["code"], "MEDIA_LOST");
    assert_eq!(r["connectivity"]["media"], true);
    assert_eq!(r["rtt"], 20.0);
}

#[test]
fn a_stats_call_that_never_answers_is_skipped_and_the_echo_still_ends() {
    let mut rig = Rig::new(PreflightOptions {
        echo_ms: 2_000,
        ..options()
    });
    rig.connect();
    rig.pings(5, 1);
    rig.media_up();
    // Nobody answers getStats(): every poll times out; the echo ends on time all the same.
    rig.advance(10_000);
    let r = rig.report();
    assert_eq!(r["ok"], true);
    assert_eq!(r["mos"], Value::Null);
    assert_eq!(r["packetsState"], Value::Null);
    assert!(r["durationMs"].as_u64().unwrap() < 5_000, "{r}");
}

#[test]
fn cancel_releases_everything_and_gives_no_report() {
    let mut rig = Rig::new(options());
    rig.connect();
    rig.pings(5, 1);
    rig.media_up();
    rig.p.cancel(rig.now);
    let out = rig.drain();
    assert_eq!(
        out,
        vec![
            PreflightOutput::Media(MediaAction::Close),
            PreflightOutput::CloseSocket,
            PreflightOutput::Cancelled
        ]
    );
    assert!(rig.p.is_done());
    assert_eq!(rig.p.poll_timeout(), None);
    rig.p.handle_media_state(rig.now, "connected");
    rig.p.cancel(rig.now);
    assert_eq!(rig.drain(), vec![]);
}

#[test]
fn there_is_always_a_deadline_until_the_end() {
    let mut rig = Rig::new(options());
    assert!(rig.p.poll_timeout().is_some());
    rig.connect();
    assert!(rig.p.poll_timeout().is_some());
    rig.pings(5, 1);
    assert!(rig.p.poll_timeout().is_some(), "waiting for the offer");
    // Nothing more ever happens: the offer's 30 s end it.
    rig.advance(PREPARE_TIMEOUT_MS);
    assert_eq!(rig.report()["failure"]["code"], "MEDIA_FAILED");
}

#[test]
fn the_base_url_is_read_as_setup_reads_it() {
    let p = Preflight::new(options(), "1.2.3").unwrap();
    assert_eq!(p.options.base_url, "ws://127.0.0.1:8080");
    for bad in ["ftp://x", "", "ws://"] {
        let o = PreflightOptions {
            base_url: bad.into(),
            ..options()
        };
        assert!(Preflight::new(o, "1.2.3").is_none(), "{bad}");
    }
}

#[test]
fn candidate_types_come_from_the_sdp_candidate_lines() {
    assert_eq!(candidate_types(OFFER), 0b0011, "host and srflx");
    let sdp = "a=candidate:3 1 udp 1 10.0.0.1 3478 typ relay raddr 0.0.0.0 rport 0\na=candidate:x typ\r\na=candidate:9 1 tcp 1 abc.local 9 typ host tcptype active\r\nm=audio\r\n";
    assert_eq!(candidate_types(sdp), 0b1001, "host and relay");
    assert_eq!(candidate_types("v=0\r\n"), 0);
}

// ---- the page's objects, read from the engine's numbers and words as js/face.js reads them
// (`preflightProgress`, `preflightReport`): the layout's reading is checked here, natively, and
// the JS's in the browser tests (tests/browser/preflight.js).

fn number(v: f64) -> Value {
    if v.is_nan() {
        Value::Null
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        serde_json::json!(v as i64)
    } else {
        serde_json::json!(v)
    }
}

fn progress_json(n: &[f64], words: &str) -> Value {
    let step = STEPS[n[0] as usize];
    let names: &[&str] = match step {
        "connected" => &["connectMs"],
        "ping" => &["ping", "of", "latencyMs", "networkState"],
        "echo" => &["echoMs", "of", "rtt", "jitter", "mos"],
        "done" => &["ok"],
        _ => &[],
    };
    assert_eq!(n.len(), 2 + names.len(), "{step}: {n:?}");
    let mut p = serde_json::json!({"eventType": PREFLIGHT_PROGRESS, "step": step, "elapsedMs": n[1] as u64});
    for (name, v) in names.iter().zip(&n[2..]) {
        p[*name] = number(*v);
    }
    if step == "echo" {
        p["packetsState"] = words.into();
    }
    if step == "done" {
        p["ok"] = (n[2] == 1.0).into();
    }
    p
}

fn report_json(n: &[f64], words: &str) -> Value {
    let mut it = n.iter().copied();
    let mut next = || number(it.next().expect("a number for every field"));
    let spread = |next: &mut dyn FnMut() -> Value| {
        let (min, average, max) = (next(), next(), next());
        if average.is_null() {
            Value::Null
        } else {
            serde_json::json!({"min": min, "average": average, "max": max})
        }
    };
    let types = |bits: Value| {
        let bits = bits.as_u64().unwrap();
        report::CANDIDATE_TYPES
            .iter()
            .enumerate()
            .filter(|(k, _)| bits & (1 << k) != 0)
            .map(|(_, t)| *t)
            .collect::<Vec<_>>()
    };
    let w: Vec<&str> = words.split('\0').collect();
    assert_eq!(w.len(), 7, "{words:?}");
    let text = |s: &str| if s.is_empty() { Value::Null } else { s.into() };
    let connectivity = serde_json::json!({"gateway": next() == 1, "media": next() == 1});
    let connect_ms = next();
    let (sent, answered) = (next(), next());
    let latency = spread(&mut next);
    let ping = serde_json::json!({
        "sent": sent, "answered": answered, "latency": latency, "networkState": next(),
        "buckets": {"excellent": next(), "good": next(), "fair": next(), "poor": next(), "unanswered": next()},
    });
    let selected = if w[1].is_empty() {
        Value::Null
    } else {
        serde_json::json!({"local": w[1], "remote": w[2]})
    };
    let ice =
        serde_json::json!({"local": types(next()), "remote": types(next()), "selected": selected});
    let (duration, sent, received, lost) = (next(), next(), next(), next());
    let rtt = spread(&mut next);
    let jitter = spread(&mut next);
    let loss = next();
    let mos_spread = spread(&mut next);
    let media = serde_json::json!({
        "durationMs": duration, "packetsSent": sent, "packetsReceived": received, "packetsLost": lost,
        "rtt": rtt, "jitter": jitter, "packetLoss": loss, "mos": mos_spread,
    });
    let mut r = serde_json::json!({
        "connectivity": connectivity,
        "connectMs": connect_ms, "ping": ping, "ice": ice, "media": media,
    });
    for k in ["rtt", "jitter", "packetLoss", "mos", "networkQuality"] {
        r[k] = next();
    }
    r["oneWayAudio"] = (next() == 1).into();
    r["packetsState"] = text(w[0]);
    r["durationMs"] = next();
    let (said, n) = (next(), next());
    // The words js/face.js makes of these are checked in the browser (tests/browser/preflight.js).
    let failure = if w[3].is_empty() {
        Value::Null
    } else {
        let message = format!("{said} {n} ({}): {}", w[5], w[6]);
        serde_json::json!({"step": w[3], "code": w[4], "message": message})
    };
    r["ok"] = failure.is_null().into();
    r["failure"] = failure;
    let mut warnings = Vec::new();
    while let Some(which) = it.next() {
        let (value, threshold) = (it.next().unwrap(), it.next().unwrap());
        warnings.push(serde_json::json!({
            "name": report::WARNINGS[which as usize], "value": value, "threshold": threshold,
        }));
    }
    r["warnings"] = warnings.into();
    r
}
