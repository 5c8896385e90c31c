//! Scenario: the softphone leg under virtual time: sipLink opens it with the shell's offer and
//! the gateway's answer, stats flow once a second, ICE trouble restarts ICE (sipRelink) and
//! ends the leg only if that fails, every kind of end closes it (issues 5, 15; docs/protocol.md
//! §10).
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
        [MediaAction::Open { input: None }],
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

/// Advances `ms` with a live gateway: every ping is answered, so only the leg's own timers act.
fn advance_live(h: &mut Harness, ms: u64) {
    let mut left = ms;
    while left > 0 {
        let step = left.min(500);
        h.advance(step);
        left -= step;
        if h.rec.sent.iter().any(|f| f["type"] == "ping") {
            h.pong_last_ping();
        }
    }
}

fn restarts(h: &Harness) -> usize {
    h.rec
        .media
        .iter()
        .filter(|a| **a == MediaAction::RestartIce)
        .count()
}

/// The shell's re-offer for the restart just asked: `sipRelink {sdp}` goes out.
fn reoffer(h: &mut Harness, sdp: &str) {
    h.engine.handle_media_offer(h.now, sdp);
    h.drain();
    let relink = h.last_sent().clone();
    assert_eq!(
        (relink["action"].as_str(), relink["params"]["sdp"].as_str()),
        (Some("sipRelink"), Some(sdp))
    );
}

fn sent_commands(h: &Harness) -> Vec<String> {
    h.rec
        .sent
        .iter()
        .filter(|f| f["type"] == "cmd")
        .map(|f| f["action"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn ice_staying_disconnected_past_the_grace_period_is_restarted_and_the_call_goes_on() {
    let mut h =
        softphone(json!({"baseURL":"ws://gw.test","webrtcStats":true,"sipDisconnectGraceMs":1000}));
    open_leg(&mut h);
    h.engine.handle_media_state(h.now, "disconnected");
    advance_live(&mut h, 500);
    h.engine.handle_media_state(h.now, "connected");
    advance_live(&mut h, 1_500);
    assert_eq!(restarts(&h), 0, "a brief disconnection recovers by itself");
    h.engine.handle_media_state(h.now, "disconnected");
    h.drain();
    advance_live(&mut h, 1_000);
    assert_eq!(restarts(&h), 1, "past the grace, ICE is restarted");
    let e = h.events_of("sipReconnecting");
    assert_eq!(
        e,
        [json!({"eventType":"sipReconnecting","attempt":1,"reason":"iceDisconnected"})]
    );
    reoffer(&mut h, "v=0 restart");
    h.reply_ok(json!({"sdp":"v=0 re-answer"}));
    assert_eq!(
        h.rec.media.last(),
        Some(&MediaAction::ApplyAnswer("v=0 re-answer".into()))
    );
    h.engine.handle_media_state(h.now, "checking");
    h.engine.handle_media_state(h.now, "connected");
    h.drain();
    assert_eq!(
        h.events_of("sipReconnected"),
        [json!({"eventType":"sipReconnected","attempt":1,"reason":"iceDisconnected"})]
    );
    advance_live(&mut h, 60_000);
    assert!(
        h.events_of("sipDisconnected").is_empty(),
        "the call went on"
    );
    assert!(!h.rec.media.contains(&MediaAction::Close));
    assert!(!sent_commands(&h).contains(&"sipUnlink".to_owned()));
    assert_eq!(restarts(&h), 1);
}

#[test]
fn a_restart_whose_path_never_comes_back_ends_the_leg_within_the_consent_timeout() {
    let mut h = softphone(
        json!({"baseURL":"ws://gw.test","webrtcStats":false,"sipDisconnectGraceMs":1000}),
    );
    open_leg(&mut h);
    let broke = h.now;
    h.engine.handle_media_state(h.now, "disconnected");
    h.drain();
    advance_live(&mut h, 1_000);
    // Every try is answered, and ICE still never connects: a new try every 10 s, three in all.
    for attempt in 1..=3 {
        assert_eq!(restarts(&h), attempt, "try {attempt}");
        reoffer(&mut h, &format!("v=0 restart {attempt}"));
        h.reply_ok(json!({"sdp":"v=0 re-answer"}));
        h.engine.handle_media_state(h.now, "checking");
        h.drain();
        assert!(h.events_of("sipDisconnected").is_empty());
        let next = agentdesk_core::media::ICE_RESTART_TRY_MS;
        let left = broke.0 + agentdesk_core::media::ICE_CONSENT_TIMEOUT_MS - h.now.0;
        advance_live(&mut h, next.min(left));
    }
    assert!(h.now.0 - broke.0 <= agentdesk_core::media::ICE_CONSENT_TIMEOUT_MS);
    let e = h.events_of("sipDisconnected");
    assert_eq!(e.len(), 1, "ended, as before the restart existed");
    assert_eq!(e[0]["reason"], "iceDisconnected");
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
    assert_eq!(
        sent_commands(&h).last().map(String::as_str),
        Some("sipUnlink")
    );
    assert_eq!(h.events_of("sipReconnecting").len(), 3);
    assert!(h.events_of("sipReconnected").is_empty());
}

#[test]
fn a_failed_try_retries_at_once_and_a_refused_relink_ends_the_leg() {
    let mut h = softphone(json!({"baseURL":"ws://gw.test","webrtcStats":false}));
    open_leg(&mut h);
    h.engine.handle_media_state(h.now, "failed");
    h.drain();
    assert_eq!(restarts(&h), 1, "failed: restarted at once");
    // ICE states while the re-offer is negotiated change nothing.
    h.engine.handle_media_state(h.now, "connected");
    h.engine.handle_media_state(h.now, "failed");
    h.drain();
    assert_eq!(restarts(&h), 1);
    assert!(h.events_of("sipReconnected").is_empty());
    reoffer(&mut h, "v=0 restart 1");
    h.reply_ok(json!({"sdp":"v=0 re-answer"}));
    h.engine.handle_media_state(h.now, "failed");
    h.drain();
    assert_eq!(
        restarts(&h),
        2,
        "the new path failed: the next try goes now"
    );
    reoffer(&mut h, "v=0 restart 2");
    // The gateway no longer has the leg: the end it would have reported, now.
    h.reply_err("INVALID_STATE", "agent 1001 has no media leg");
    let e = h.events_of("sipDisconnected");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["reason"], "iceFailed");
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
    // A late answer to a try that is over is ignored.
    h.engine.handle_media_state(h.now, "connected");
    h.drain();
    assert!(h.events_of("sipReconnected").is_empty());
}

#[test]
fn a_try_without_an_answer_is_followed_by_the_next_one() {
    let mut h = softphone(json!({"baseURL":"ws://gw.test","webrtcStats":false}));
    open_leg(&mut h);
    h.engine.handle_media_state(h.now, "failed");
    h.drain();
    reoffer(&mut h, "v=0 restart 1");
    let first = h.last_sent()["id"].clone();
    advance_live(&mut h, agentdesk_core::media::ICE_RESTART_TRY_MS);
    assert_eq!(restarts(&h), 2, "no answer within the try: the next one");
    reoffer(&mut h, "v=0 restart 2");
    // The first try's answer, late: not applied.
    let applied = h.rec.media.len();
    h.frame(json!({"type":"reply","id":first,"code":0,"message":"ok","data":{"sdp":"late"}}));
    assert_eq!(h.rec.media.len(), applied);
    h.reply_ok(json!({"sdp":"v=0 re-answer 2"}));
    assert_eq!(
        h.rec.media.last(),
        Some(&MediaAction::ApplyAnswer("v=0 re-answer 2".into()))
    );
    // The browser reports ICE as it stands after the answer: already connected.
    h.engine.handle_media_state(h.now, "connected");
    h.drain();
    assert_eq!(h.events_of("sipReconnected")[0]["attempt"], 2);
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

// ---- across a sleep (issue 15 item 2) ----------------------------------------------------------

#[test]
fn a_wake_probes_the_leg_at_once_and_a_failed_ice_is_restarted_as_failed_after_wake() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.engine.handle_stats(h.now, &snapshot(0.0, 0, 0, 0));
    h.drain();
    let before = polls(&h);
    h.advance(400);
    h.engine.handle_wake(h.now);
    h.drain();
    assert_eq!(
        polls(&h),
        before + 1,
        "a wake reads the leg now, not at its next poll"
    );
    let mut failed = snapshot(400.0, 10, 10, 0);
    failed.ice_state = "failed".into();
    h.engine.handle_stats(h.now, &failed);
    h.drain();
    assert_eq!(restarts(&h), 1, "the leg is not left up and silent");
    assert_eq!(
        h.events_of("sipReconnecting")[0]["reason"],
        agentdesk_core::session::ICE_FAILED_AFTER_WAKE
    );
    // The restart fails for good: the leg ends as across a sleep.
    reoffer(&mut h, "v=0 restart");
    h.reply_err("INVALID_STATE", "the media leg has ended");
    let e = h.events_of("sipDisconnected");
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0]["reason"],
        agentdesk_core::session::ICE_FAILED_AFTER_WAKE
    );
    assert_eq!(h.rec.media.last(), Some(&MediaAction::Close));
    assert_eq!(
        h.last_sent()["action"],
        "sipUnlink",
        "the gateway hears of it"
    );
}

#[test]
fn ice_disconnected_after_a_wake_restarts_after_the_grace_and_a_late_failure_is_plain() {
    let setup = json!({"baseURL":"ws://gw.test","webrtcStats":false,"sipDisconnectGraceMs":2000});
    let mut h = softphone(setup.clone());
    open_leg(&mut h);
    h.engine.handle_wake(h.now);
    h.drain();
    h.engine.handle_media_state(h.now, "disconnected");
    h.drain();
    advance_live(&mut h, 1_500);
    h.advance(499);
    assert_eq!(restarts(&h), 0);
    h.advance(1);
    assert_eq!(restarts(&h), 1);
    assert_eq!(
        h.events_of("sipReconnecting")[0]["reason"],
        "iceFailedAfterWake"
    );

    // Past the window, a failure is an ordinary one.
    let mut h = softphone(setup);
    open_leg(&mut h);
    h.engine.handle_wake(h.now);
    h.drain();
    advance_live(&mut h, agentdesk_core::session::WAKE_ICE_WINDOW_MS);
    h.engine.handle_media_state(h.now, "failed");
    h.drain();
    assert_eq!(h.events_of("sipReconnecting")[0]["reason"], "iceFailed");
}

#[test]
fn a_wake_with_working_ice_leaves_the_call_alone() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.engine.handle_wake(h.now);
    h.drain();
    h.engine.handle_stats(h.now, &snapshot(0.0, 5, 5, 0));
    h.drain();
    h.advance(agentdesk_core::session::WAKE_ICE_WINDOW_MS + 1_000);
    assert!(h.events_of("sipDisconnected").is_empty());
    assert!(!h.rec.media.contains(&MediaAction::Close));
}

// ---- audio devices (issue 15 item 4) -----------------------------------------------------------

use agentdesk_core::media::devices::{AudioDevice, DeviceList};
use agentdesk_core::session::{SinkFailure, Ticket};

fn device(id: &str) -> AudioDevice {
    AudioDevice {
        device_id: id.into(),
        label: format!("mic {id}"),
    }
}

fn list(inputs: &[&str], outputs: &[&str]) -> DeviceList {
    DeviceList {
        inputs: inputs.iter().map(|i| device(i)).collect(),
        outputs: outputs.iter().map(|i| device(i)).collect(),
    }
}

fn settled(h: &Harness, ticket: u64) -> (i64, Option<String>) {
    let r = h.response(Ticket(ticket));
    (r.code, r.error_code.clone())
}

#[test]
fn a_changed_device_list_is_an_event_and_an_unchanged_one_is_not() {
    let mut h = with_stats();
    h.engine.handle_devices(h.now, list(&["a", "b"], &["s"]));
    h.engine.handle_devices(h.now, list(&["a", "b"], &["s"]));
    h.drain();
    let e = h.events_of("audioDevices");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["inputs"][1]["deviceId"], "b");
    assert_eq!(e[0]["outputs"][0]["label"], "mic s");
    h.engine.handle_devices(h.now, list(&["a"], &["s"]));
    h.drain();
    assert_eq!(h.events_of("audioDevices").len(), 2);
}

#[test]
fn the_microphone_in_use_vanishing_switches_to_the_default_without_ending_the_call() {
    let mut h = with_stats();
    h.engine
        .handle_devices(h.now, list(&["default", "usb"], &[]));
    open_leg(&mut h);
    h.engine.handle_microphone_opened(h.now, "usb");
    h.engine.handle_devices(h.now, list(&["default"], &[]));
    h.drain();
    assert_eq!(h.rec.media.last(), Some(&MediaAction::SwitchInput(None)));
    // Another change while the switch runs does not start a second one.
    h.engine
        .handle_devices(h.now, list(&["default", "bt"], &[]));
    h.drain();
    assert_eq!(
        h.rec
            .media
            .iter()
            .filter(|a| matches!(a, MediaAction::SwitchInput(_)))
            .count(),
        1
    );
    h.engine.handle_input_switched(h.now, Ok(device("default")));
    h.drain();
    let e = h.events_of("audioInputChanged");
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0]["deviceId"].as_str(), e[0]["reason"].as_str()),
        (Some("default"), Some("deviceLost"))
    );
    assert!(
        h.events_of("sipDisconnected").is_empty(),
        "the call goes on"
    );
    assert!(!h.rec.media.contains(&MediaAction::Close));
}

#[test]
fn set_input_device_switches_during_a_call_and_is_kept_without_one() {
    let mut h = with_stats();
    h.engine
        .handle_devices(h.now, list(&["default", "usb"], &[]));
    h.engine.handle_set_input_device(h.now, Ticket(900), "usb");
    h.drain();
    assert_eq!(settled(&h, 900), (0, None), "kept for the next call");
    let t = h.command("sipLink", json!(null));
    assert_eq!(
        h.rec.media.last(),
        Some(&MediaAction::Open {
            input: Some("usb".into())
        })
    );
    h.engine.handle_media_offer(h.now, "v=0 offer");
    h.drain();
    h.reply_ok(json!({"sdp":"v=0 answer"}));
    assert_eq!(h.response(t).code, 0);
    h.engine.handle_microphone_opened(h.now, "usb");
    h.engine
        .handle_set_input_device(h.now, Ticket(901), "default");
    h.drain();
    assert_eq!(
        h.rec.media.last(),
        Some(&MediaAction::SwitchInput(Some("default".into())))
    );
    assert!(
        !h.is_resolved(Ticket(901)),
        "settles when the shell has switched"
    );
    h.engine.handle_set_input_device(h.now, Ticket(902), "usb");
    h.drain();
    assert_eq!(settled(&h, 902), (-1, Some("IN_PROGRESS".into())));
    h.engine.handle_input_switched(h.now, Ok(device("default")));
    h.drain();
    assert_eq!(settled(&h, 901), (0, None));
    assert_eq!(h.events_of("audioInputChanged")[0]["reason"], "requested");
    assert!(
        h.events_of("setInputDeviceResp").is_empty(),
        "a device method is no command"
    );
}

#[test]
fn bad_or_unknown_device_ids_are_refused_with_a_code() {
    let mut h = with_stats();
    h.engine.handle_devices(h.now, list(&["a"], &["s"]));
    h.engine.handle_set_input_device(h.now, Ticket(900), "");
    h.engine
        .handle_set_input_device(h.now, Ticket(901), &"x".repeat(300));
    h.engine.handle_set_input_device(h.now, Ticket(902), "gone");
    h.engine
        .handle_set_output_device(h.now, Ticket(903), "gone");
    h.drain();
    assert_eq!(settled(&h, 900).1.as_deref(), Some("BAD_PARAMS"));
    assert_eq!(settled(&h, 901).1.as_deref(), Some("BAD_PARAMS"));
    assert_eq!(settled(&h, 902).1.as_deref(), Some("DEVICE_NOT_FOUND"));
    assert_eq!(settled(&h, 903).1.as_deref(), Some("DEVICE_NOT_FOUND"));
}

#[test]
fn set_output_device_during_a_call_settles_on_the_shells_answer() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.engine.handle_set_output_device(h.now, Ticket(900), "s");
    h.drain();
    assert_eq!(
        h.rec.media.last(),
        Some(&MediaAction::SetOutput("s".into()))
    );
    h.engine
        .handle_output_set(h.now, "s", Err(SinkFailure::Unsupported));
    h.drain();
    assert_eq!(settled(&h, 900).1.as_deref(), Some("NOT_SUPPORTED"));
    h.engine.handle_set_output_device(h.now, Ticket(901), "s");
    h.engine.handle_output_set(h.now, "s", Ok(()));
    h.drain();
    assert_eq!(settled(&h, 901), (0, None));
    assert_eq!(h.events_of("audioOutputChanged")[0]["deviceId"], "s");
}

#[test]
fn a_switch_under_way_settles_when_the_call_ends() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.engine.handle_microphone_opened(h.now, "a");
    h.engine.handle_set_input_device(h.now, Ticket(900), "b");
    h.drain();
    h.engine.handle_media_state(h.now, "closed");
    h.drain();
    assert_eq!(settled(&h, 900).1.as_deref(), Some("DISCONNECTED"));
    h.engine.handle_input_switched(h.now, Ok(device("b")));
    h.drain();
    assert!(
        h.events_of("audioInputChanged").is_empty(),
        "a late answer is dropped"
    );
}

#[test]
fn a_stale_failed_state_read_by_a_stats_poll_does_not_cut_a_try_short() {
    let mut h = with_stats();
    open_leg(&mut h);
    h.engine.handle_media_state(h.now, "failed");
    h.drain();
    reoffer(&mut h, "v=0 restart 1");
    h.reply_ok(json!({"sdp":"v=0 re-answer"}));
    // Firefox still says `failed` until its new checks run: a poll reads it.
    let mut stale = snapshot(1_000.0, 10, 10, 0);
    stale.ice_state = "failed".into();
    h.engine.handle_stats(h.now, &stale);
    h.drain();
    assert_eq!(restarts(&h), 1, "the try goes on");
    // A poll that reads `connected` ends the restart as the change event would.
    h.engine.handle_stats(h.now, &snapshot(2_000.0, 20, 20, 0));
    h.drain();
    assert_eq!(h.events_of("sipReconnected").len(), 1);
}
