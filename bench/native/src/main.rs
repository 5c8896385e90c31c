//! Native CPU benchmark of the agentdesk engine (issues 7, 11): nanoseconds per frame through
//! `Engine::handle_frame` (the native text-frame path) and through `Engine::handle_event` with the
//! tracked fields only (what the wasm SDK's engine does per frame once its JS layer has parsed
//! and checked it), plus draining the outputs, for the same recorded frame mix the browser
//! benchmark feeds (target/bench/frames.jsonl, written by bench/gen-frames.mjs), and nanoseconds
//! per stats snapshot through `core::quality::StatsTracker` (feature `quality`).
//!
//! Plain `std::time::Instant` over many iterations; every figure is the median of several runs
//! after an untimed warm-up pass. Usage:
//!
//! ```text
//! agentdesk-bench-native FRAMES.jsonl [--runs N] [--snapshots N] [--out FILE.json]
//! ```

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::events::{CatalogEvent, EventFacts};
use agentdesk_core::protocol::v1::V1;
use agentdesk_core::protocol::Dialect;
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;
use serde_json::{json, Value};

const NOW: Time = Time(1_000);

struct Args {
    frames: String,
    runs: usize,
    snapshots: usize,
    out: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut args = Args {
        frames: String::new(),
        runs: 7,
        snapshots: 200_000,
        out: None,
    };
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--runs" => args.runs = value("--runs")?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--snapshots" => args.snapshots = value("--snapshots")?.parse().map_err(|e| format!("--snapshots: {e}"))?,
            "--out" => args.out = Some(value("--out")?),
            _ if args.frames.is_empty() && !a.starts_with("--") => args.frames = a,
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    if args.frames.is_empty() {
        return Err("usage: agentdesk-bench-native FRAMES.jsonl [--runs N] [--snapshots N] [--out FILE]".into());
    }
    args.runs = args.runs.max(1);
    Ok(args)
}

/// An engine logged in as t1/0001 against a scripted gateway that answers `auth` and `login`
/// exactly like the browser benchmark's FakeWebSocket.
fn logged_in_engine() -> Engine {
    let config = Config::from_json(json!({ "baseURL": "ws://127.0.0.1:9/bench", "webrtc": false }))
        .unwrap_or_else(|e| panic!("config: {e}"));
    let mut engine = Engine::new(config);
    let login = Command::parse(
        "login",
        json!({ "tenantId": "t1", "agentNo": "0001", "sessionKey": "v1.bench.key",
                "bindEndpoint": { "endpointType": 2, "endpoint": "80001" }, "initialStatus": 1 }),
    )
    .unwrap_or_else(|e| panic!("login params: {e}"));
    engine.handle_command(NOW, Ticket(1), login);
    let mut logged_in = false;
    for _ in 0..32 {
        let mut opened = false;
        let mut replies = Vec::new();
        while let Some(output) = engine.poll_output() {
            match output {
                Output::OpenSocket { .. } => opened = true,
                Output::Send(text) => {
                    let frame: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    let id = frame.get("id").cloned().unwrap_or(Value::Null);
                    match frame.get("type").and_then(Value::as_str) {
                        Some("auth") => replies.push(json!({ "type": "reply", "id": id, "code": 0, "message": "ok",
                            "data": { "sessionId": "s-bench", "expiresAt": 4_102_444_800_000_u64, "heartbeatMs": 5000,
                                      "lastEventId": 0, "resumed": false } })),
                        Some("cmd") => {
                            replies.push(json!({ "type": "reply", "id": id, "code": 0, "message": "ok", "data": {} }))
                        }
                        Some("ping") => replies.push(json!({ "type": "pong", "ts": frame["ts"], "serverTs": 0 })),
                        _ => {}
                    }
                }
                Output::Resolve { response, .. } => {
                    assert_eq!(response.code, 0, "login failed: {}", response.message);
                    logged_in = true;
                }
                _ => {}
            }
        }
        if opened {
            engine.handle_socket_opened(NOW);
        }
        if !opened && replies.is_empty() {
            break;
        }
        for r in replies {
            engine.handle_frame(NOW, &r.to_string());
        }
    }
    assert!(logged_in, "the scripted login did not complete");
    engine
}

/// What one pass did, to check that every frame became exactly one catalog event.
#[derive(Default, Clone, Copy)]
struct Tally {
    catalog: usize,
    errors: usize,
    other: usize,
}

/// Counts what the engine emitted.
fn drain(engine: &mut Engine, tally: &mut Tally) {
    while let Some(output) = engine.poll_output() {
        match output {
            Output::Emit(Event::Relayed { event, .. }) => {
                tally.catalog += 1;
                black_box(event);
            }
            Output::Emit(Event::Gateway(t)) => {
                tally.catalog += 1;
                black_box(t);
            }
            Output::Emit(Event::Catalog(made)) => {
                tally.catalog += 1;
                black_box(made);
            }
            Output::Emit(Event::Error(_)) => tally.errors += 1,
            other => {
                tally.other += 1;
                let _ = black_box(other);
            }
        }
    }
}

/// handle_frame + drain: the native text-frame path.
fn engine_pass(frames: &[&str]) -> (f64, Tally) {
    let mut engine = logged_in_engine();
    let mut tally = Tally::default();
    let start = Instant::now();
    for text in frames {
        engine.handle_frame(NOW, text);
        drain(&mut engine, &mut tally);
    }
    let ns = start.elapsed().as_nanos() as f64;
    drop(black_box(engine));
    (ns / frames.len() as f64, tally)
}

/// One frame as the wasm SDK's JS layer hands it to the engine: its id and the decoded event,
/// whose tracked fields ([`EventFacts`], borrowed) are lent in the loop.
type Handed = (u64, CatalogEvent);

/// Every frame decoded ahead of time, untimed (in the SDK the JS layer does this part).
fn handed(frames: &[&str]) -> Vec<Handed> {
    frames
        .iter()
        .filter_map(|text| {
            let v: Value = serde_json::from_str(text).ok()?;
            let id = v.get("eventId")?.as_u64()?;
            let event = CatalogEvent::from_value(v.get("payload")?.clone()).ok()?;
            Some((id, event))
        })
        .collect()
}

/// handle_event + drain: the engine's share of a frame in the wasm SDK (which lends the facts
/// from the one string they cross in, as the payload lends them here).
fn facts_pass(events: &[Handed]) -> (f64, Tally) {
    let mut engine = logged_in_engine();
    let mut tally = Tally::default();
    let start = Instant::now();
    for (id, event) in events {
        let facts: EventFacts<'_> = event.facts();
        engine.handle_event(NOW, *id, event.event_type(), facts);
        drain(&mut engine, &mut tally);
    }
    let ns = start.elapsed().as_nanos() as f64;
    drop(black_box(engine));
    (ns / events.len() as f64, tally)
}

/// The dialect's decode alone: JSON text → typed `Incoming` (what handle_frame starts with).
fn decode_pass(frames: &[&str]) -> f64 {
    let start = Instant::now();
    for text in frames {
        black_box(V1.decode(black_box(text)).is_ok());
    }
    start.elapsed().as_nanos() as f64 / frames.len() as f64
}

/// serde_json into an untyped `Value`: the closest native analogue of the baseline's JSON.parse.
fn value_pass(frames: &[&str]) -> f64 {
    let start = Instant::now();
    for text in frames {
        black_box(serde_json::from_str::<Value>(black_box(text)).is_ok());
    }
    start.elapsed().as_nanos() as f64 / frames.len() as f64
}

/// The same frame with another `eventId` (frames are `{"type":"event","eventId":N,"payload":…}`).
fn renumber(frame: &str, id: u64) -> String {
    match frame.find(",\"payload\":") {
        Some(at) => format!("{{\"type\":\"event\",\"eventId\":{id}{}", &frame[at..]),
        None => frame.to_owned(),
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

fn measure(runs: usize, mut f: impl FnMut() -> f64) -> Value {
    black_box(f()); // warm-up
    let all: Vec<f64> = (0..runs).map(|_| f()).collect();
    let min = all.iter().copied().fold(f64::INFINITY, f64::min);
    let max = all.iter().copied().fold(0.0, f64::max);
    json!({ "median": median(all.clone()), "min": min, "max": max, "runs": all })
}

#[cfg(feature = "quality")]
mod quality {
    //! `StatsTracker::handle_snapshot`: one `getStats()` reading in, one `webrtcStats` event out.
    use super::*;
    use agentdesk_core::quality::{StatsSnapshot, StatsTracker};

    /// Deterministic snapshots of one leg: cumulative counters at 50 packets/s with some loss.
    pub(super) fn snapshots(n: usize) -> Vec<StatsSnapshot> {
        let mut seed: u32 = 0x5eed_0001;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            f64::from(seed) / f64::from(u32::MAX)
        };
        let (mut sent, mut received, mut lost) = (0_u64, 0_u64, 0_i64);
        (0..n)
            .map(|i| {
                sent += 50;
                received += 48 + (rand() * 3.0) as u64;
                lost += if rand() < 0.2 { 1 } else { 0 };
                StatsSnapshot {
                    timestamp: 1_700_000_000_000.0 + i as f64 * 1000.0,
                    packets_sent: Some(sent),
                    bytes_sent: Some(sent * 160),
                    packets_received: Some(received),
                    bytes_received: Some(received * 160),
                    packets_lost: Some(lost),
                    jitter: Some(0.002 + rand() * 0.03),
                    round_trip_time: if i % 5 == 0 { Some(0.02 + rand() * 0.2) } else { None },
                    fraction_lost: Some(rand() * 0.02),
                    remote_jitter: Some(0.002 + rand() * 0.02),
                    current_round_trip_time: Some(0.03),
                    ice_state: "connected".into(),
                    dtls_state: "connected".into(),
                    codec_mime_type: Some("audio/opus".into()),
                    ..StatsSnapshot::default()
                }
            })
            .collect()
    }

    pub(super) fn snapshot_pass(snaps: &[StatsSnapshot]) -> f64 {
        let mut tracker = StatsTracker::default();
        let start = Instant::now();
        for s in snaps {
            black_box(tracker.handle_snapshot(black_box(s)));
        }
        start.elapsed().as_nanos() as f64 / snaps.len() as f64
    }

    /// The same from and to JSON text: the snapshot object parsed, the event serialized.
    pub(super) fn snapshot_json_pass(texts: &[String]) -> f64 {
        let mut tracker = StatsTracker::default();
        let start = Instant::now();
        for t in texts {
            let s: StatsSnapshot = serde_json::from_str(t).unwrap_or_default();
            let event = tracker.handle_snapshot(&s);
            black_box(serde_json::to_string(&event).unwrap_or_default());
        }
        start.elapsed().as_nanos() as f64 / texts.len() as f64
    }

    pub(super) fn as_json_texts(snaps: &[StatsSnapshot]) -> Vec<String> {
        snaps
            .iter()
            .map(|s| {
                json!({ "timestamp": s.timestamp, "packetsSent": s.packets_sent, "bytesSent": s.bytes_sent,
                        "packetsReceived": s.packets_received, "bytesReceived": s.bytes_received,
                        "packetsLost": s.packets_lost, "jitter": s.jitter, "roundTripTime": s.round_trip_time,
                        "fractionLost": s.fraction_lost, "remoteJitter": s.remote_jitter,
                        "currentRoundTripTime": s.current_round_trip_time, "iceState": s.ice_state,
                        "dtlsState": s.dtls_state, "codecMimeType": s.codec_mime_type })
                .to_string()
            })
            .collect()
    }
}

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let text = std::fs::read_to_string(&args.frames).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e} (bench/gen-frames.mjs writes it)", args.frames);
        std::process::exit(2);
    });
    let frames: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let mut by_type: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for f in &frames {
        let v: Value = serde_json::from_str(f).unwrap_or(Value::Null);
        let t = v
            .pointer("/payload/eventType")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        by_type.entry(t).or_default().push(f);
    }
    let bytes: usize = frames.iter().map(|f| f.len()).sum();
    println!(
        "[bench:native] {} frames, {:.1} MB, {} runs each",
        frames.len(),
        bytes as f64 / 1e6,
        args.runs
    );

    // Correctness first: every frame must become one catalog event and nothing else.
    let (_, tally) = engine_pass(&frames);
    if tally.catalog != frames.len() || tally.errors != 0 {
        eprintln!(
            "[bench:native] the engine emitted {} catalog events and {} errors for {} frames",
            tally.catalog,
            tally.errors,
            frames.len()
        );
        std::process::exit(1);
    }
    let events = handed(&frames);
    let (_, facts_tally) = facts_pass(&events);
    if events.len() != frames.len() || facts_tally.catalog != frames.len() || facts_tally.errors != 0 {
        eprintln!("[bench:native] handle_event delivered {} of {} frames", facts_tally.catalog, frames.len());
        std::process::exit(1);
    }

    // The four variants round-robin within each run, so drift (frequency, neighbours) hits all alike.
    let variants: [(&str, &dyn Fn() -> f64); 4] = [
        ("valueParse", &|| value_pass(&frames)),
        ("decode", &|| decode_pass(&frames)),
        ("engine", &|| engine_pass(&frames).0),
        ("facts", &|| facts_pass(&events).0),
    ];
    for (_, f) in &variants {
        black_box(f()); // warm-up
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for _ in 0..args.runs {
        for (i, (_, f)) in variants.iter().enumerate() {
            samples[i].push(f());
        }
    }
    let stat = |xs: &Vec<f64>| {
        let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let max = xs.iter().copied().fold(0.0, f64::max);
        json!({ "median": median(xs.clone()), "min": min, "max": max, "runs": xs })
    };
    let (value, decode, engine, facts) = (
        stat(&samples[0]),
        stat(&samples[1]),
        stat(&samples[2]),
        stat(&samples[3]),
    );
    println!(
        "[bench:native] serde_json → Value (JSON.parse analogue): {:>7.0} ns/frame",
        value["median"].as_f64().unwrap_or(0.0)
    );
    println!(
        "[bench:native] V1.decode (typed):                       {:>7.0} ns/frame",
        decode["median"].as_f64().unwrap_or(0.0)
    );
    println!(
        "[bench:native] handle_frame + drain:                    {:>7.0} ns/frame",
        engine["median"].as_f64().unwrap_or(0.0)
    );
    println!(
        "[bench:native] handle_event (tracked fields) + drain:   {:>7.0} ns/frame",
        facts["median"].as_f64().unwrap_or(0.0)
    );

    let mut per_type = Vec::new();
    for (t, fs) in &by_type {
        // Renumbered 1, 2, 3, … so the engine sees no gap (a gap would make it resume, not deliver).
        let renumbered: Vec<String> = fs.iter().enumerate().map(|(i, f)| renumber(f, i as u64 + 1)).collect();
        let fs: Vec<&str> = renumbered.iter().map(String::as_str).collect();
        let (_, tally) = engine_pass(&fs);
        if tally.catalog != fs.len() || tally.errors != 0 {
            eprintln!(
                "[bench:native] {t}: {} catalog events, {} errors for {} frames",
                tally.catalog,
                tally.errors,
                fs.len()
            );
            std::process::exit(1);
        }
        let m = measure(args.runs, || engine_pass(&fs).0);
        let avg = fs.iter().map(|f| f.len()).sum::<usize>() as f64 / fs.len() as f64;
        per_type.push(json!({ "eventType": t, "frames": fs.len(), "avgBytes": avg, "nsPerFrame": m["median"] }));
    }
    per_type.sort_by(|a, b| b["frames"].as_u64().cmp(&a["frames"].as_u64()));
    for row in per_type.iter().take(7) {
        println!(
            "[bench:native]   {:<22} {:>7} frames {:>6.0} B  {:>7.0} ns/frame",
            row["eventType"].as_str().unwrap_or("?"),
            row["frames"],
            row["avgBytes"].as_f64().unwrap_or(0.0),
            row["nsPerFrame"].as_f64().unwrap_or(0.0)
        );
    }

    #[cfg(feature = "quality")]
    let snapshots = {
        let snaps = quality::snapshots(args.snapshots);
        let texts = quality::as_json_texts(&snaps);
        let core = measure(args.runs, || quality::snapshot_pass(&snaps));
        let full = measure(args.runs, || quality::snapshot_json_pass(&texts));
        println!(
            "[bench:native] StatsTracker::handle_snapshot:          {:>7.0} ns/snapshot",
            core["median"].as_f64().unwrap_or(0.0)
        );
        println!(
            "[bench:native]   with snapshot JSON in, event JSON out: {:>7.0} ns/snapshot",
            full["median"].as_f64().unwrap_or(0.0)
        );
        json!({ "available": true, "snapshots": args.snapshots, "handleSnapshot": core, "jsonInOut": full })
    };
    #[cfg(not(feature = "quality"))]
    let snapshots = {
        println!("[bench:native] stats snapshot: n/a yet (built without the `quality` feature)");
        json!({ "available": false, "reason": "built without feature `quality` (core::quality::StatsTracker not found)" })
    };

    let report = json!({
        "frames": frames.len(),
        "bytes": bytes,
        "runs": args.runs,
        "profile": "release, opt-level 3, lto, codegen-units 1",
        "nsPerFrame": {
            "valueParse": value,
            "decode": decode,
            "engine": engine,
            "facts": facts,
        },
        "perType": per_type,
        "snapshot": snapshots,
    });
    let out = serde_json::to_string_pretty(&report).unwrap_or_default();
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, out) {
                eprintln!("cannot write {path}: {e}");
                std::process::exit(1);
            }
            println!("[bench:native] wrote {path}");
        }
        None => println!("{out}"),
    }
}
