//! Scenario: the softphone leg under virtual time: sipLink opens it with the shell's offer and
//! the gateway's answer, stats flow once a second, trouble and every kind of end close it
//! (issue 5; docs/protocol.md §10).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::media::MediaAction;
use agentdesk_core::quality::StatsSnapshot;
use common::Harness;
use serde_json::json;

fn softphone(setup: serde_json::Value) -> Harness {
    let mut h = Harness::with_setup(setup, 1);
    h.login_idle();
    h.push_call_status("ringing", "ringing", 3);
    h
}

fn with_stats() -> Harness {
    softphone(json!({"baseURL":"ws://gw.test","webrtcStats":true}))
}

/// Opens the leg: sipLink → Open → offer → sipLink{sdp} → answer.
fn open_leg(h: &mut Harness) -> agentdesk_core::session::Ticket {
    let t = h.command("sipLink", json!(null));
    assert_eq!(
        h.rec.media,
        [MediaAction::Open],
        "the shell is asked for an offer first"
    );
    assert!(
        h.rec.sent.iter().all(|f| f["action"] != "sipLink"),
        "nothing on the wire before the offer"
    );
    h.engine.handle_media_offer(h.now, "v=0 offer");
    h.drain();
    let link = h.last_sent().clone();
    assert_eq!(
        (link["action"].as_str(), link["params"]["sdp"].as_str()),
        (Some("sipLink"), Some("v=0 offer"))
    );
    h.reply_ok(json!({"sdp":"v=0 answer"}));
    assert_eq!(
        h.rec.media.last(),
        Some(&MediaAction::ApplyAnswer("v=0 answer".into()))
    );
    h.push_call_status("talking", "answer", 4);
    t
}

fn snapshot(t: f64, sent: u64, received: u64, lost: i64) -> StatsSnapshot {
    StatsSnapshot {
        timestamp: t,
        packets_sent: Some(sent),
        bytes_sent: Some(sent * 100),
        packets_received: Some(received),
        bytes_received: Some(received * 100),
        packets_lost: Some(lost),
        jitter: Some(0.004),
        round_trip_time: Some(0.02),
        fraction_lost: Some(0.0),
        remote_jitter: Some(0.004),
        ice_state: "connected".into(),
        dtls_state: "connected".into(),
        codec_mime_type: Some("audio/opus".into()),
        ..StatsSnapshot::default()
    }
}

fn polls(h: &Harness) -> usize {
    h.rec
        .media
        .iter()
        .filter(|a| **a == MediaAction::PollStats)
        .count()
}

#[test]
fn sip_link_opens_the_leg_with_the_offer_and_applies_the_answer() {
    let mut h = with_stats();
    let t = open_leg(&mut h);
    assert_eq!(h.response(t).code, 0);
}

#[test]
fn stats_are_polled_once_a_second_while_the_leg_is_up_and_become_webrtc_stats() {
    let mut h = with_stats();
    open_leg(&mut h);
    for n in 0..6u64 {
        h.advance(if n == 0 { 0 } else { 1_000 });
        assert_eq!(polls(&h) as u64, n + 1, "poll {n}");
        h.engine
            .handle_stats(h.now, &snapshot(1_000.0 * n as f64, 50 * n, 50 * n, 0));
        h.drain();
    }
    let samples = h.events_of("webrtcStats");
    assert_eq!(samples.len(), 6);
    let last = samples.last().unwrap();
    assert_eq!(
        (
            last["packetsReceived"].as_i64(),
            last["packetsState"].as_str()
        ),
        (Some(50), Some("normal"))
    );
    assert!(last["mos"].as_f64().unwrap() > 4.0 && last["rtt"].as_f64() == Some(20.0));
}

#[test]
fn a_poll_waits_for_the_previous_snapshot() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.advance(5_000);
    assert_eq!(polls(&h), 1, "no pile-up while getStats() is slow");
    h.engine.handle_stats(h.now, &snapshot(0.0, 0, 0, 0));
    h.drain();
    h.advance(1_000);
    assert_eq!(polls(&h), 2);
}

#[test]
fn inbound_audio_that_stops_is_reported_and_a_warning_cycle_is_emitted() {
    let mut h = with_stats();
    open_leg(&mut h);
    let mut received = 0;
    for n in 0..5u64 {
        h.advance(if n == 0 { 0 } else { 1_000 });
        if n < 3 {
            received += 50;
        }
        h.engine
            .handle_stats(h.now, &snapshot(1_000.0 * n as f64, 50 * n, received, 0));
        h.drain();
    }
    let last = h.events_of("webrtcStats").last().cloned().unwrap();
    assert_eq!(last["packetsState"], "noInbound");
}

#[test]
fn sip_unlink_closes_the_leg_and_no_poll_survives_it() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.advance(0);
    h.engine.handle_stats(h.now, &snapshot(0.0, 0, 0, 0));
    h.drain();
    h.call("sipUnlink", json!(null));
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
    let before = polls(&h);
    h.advance(10_000);
    assert_eq!(polls(&h), before);
    assert_eq!(
        h.engine.poll_timeout().map(|t| t > h.now),
        Some(true),
        "only the heartbeat is left"
    );
}

#[test]
fn the_call_ending_or_a_logout_closes_the_leg() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.push(json!({"eventType":"sipSessionTerminate","tenantId":"t1","agentNo":"0001","reason":"hangup"}));
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
    let mut h = with_stats();
    open_leg(&mut h);
    h.closed(4500, "logged out");
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
}

#[test]
fn ice_staying_disconnected_past_the_grace_period_is_sip_disconnected() {
    // Short times: the harness answers no pings, so the link itself would die after 10 s.
    let mut h =
        softphone(json!({"baseURL":"ws://gw.test","webrtcStats":true,"sipDisconnectGraceMs":1000}));
    open_leg(&mut h);
    h.engine.handle_media_state(h.now, "disconnected");
    h.advance(500);
    h.engine.handle_media_state(h.now, "connected");
    h.advance(1_500);
    assert!(
        h.events_of("sipDisconnected").is_empty(),
        "a brief disconnection recovers"
    );
    h.engine.handle_media_state(h.now, "disconnected");
    h.advance(1_000);
    let e = h.events_of("sipDisconnected");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["reason"], "iceDisconnected");
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
    let commands: Vec<_> = h
        .rec
        .sent
        .iter()
        .filter(|f| f["type"] == "cmd")
        .map(|f| f["action"].clone())
        .collect();
    assert_eq!(
        commands.last().and_then(|a| a.as_str()),
        Some("sipUnlink"),
        "the gateway is told"
    );
}

#[test]
fn webrtc_off_never_creates_a_peer_connection() {
    let mut h = softphone(json!({"baseURL":"ws://gw.test","webrtc":false}));
    let (t, sent) = h.call("sipLink", json!(null));
    assert!(sent && h.response(t).code == 0);
    assert!(h.rec.media.is_empty());
    let link = h
        .rec
        .sent
        .iter()
        .rev()
        .find(|f| f["action"] == "sipLink")
        .unwrap();
    assert_eq!(link["params"], json!({}));
}

#[test]
fn a_microphone_that_cannot_open_fails_sip_link_with_a_code() {
    let mut h = with_stats();
    let t = h.command("sipLink", json!(null));
    h.engine
        .handle_media_failed(h.now, "NotAllowedError: permission denied");
    h.drain();
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("MEDIA_FAILED"));
    assert!(r.message.contains("permission denied"), "{}", r.message);
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
}
