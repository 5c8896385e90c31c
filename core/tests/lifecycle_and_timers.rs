//! Scenario: the connection's life as one state and its table of deadlines (issue 15.7,
//! docs/architecture.md "The connection's life"), under virtual time: which deadline fires, in
//! which step the engine is, and the moves a step refuses.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::session::{Fired, Phase, Timer};
use agentdesk_core::time::Time;
use common::{login_params, Harness};
use serde_json::json;

/// Fires the table's next deadline, whatever it is; returns its kind, its time and what fired.
fn fire_next(h: &mut Harness) -> (Timer, Time, Fired) {
    let (timer, at) = h.engine.next_timer().expect("a deadline is armed");
    assert_eq!(
        h.engine.poll_timeout(),
        Some(at),
        "poll_timeout is the table's earliest"
    );
    h.now = at;
    let fired = h.engine.handle_timeout(at);
    h.drain();
    (timer, at, fired)
}

/// Logged in at t = 1 s, the first ping answered: only the next ping is armed.
fn live() -> Harness {
    let mut h = Harness::new();
    h.login_idle();
    h.pong_last_ping();
    assert_eq!(h.engine.phase(), Phase::Live);
    h
}

#[test]
fn the_ping_then_the_liveness_deadline_fire_each_by_name() {
    let mut h = live();
    let start = h.now;
    assert_eq!(
        h.engine.deadline(Timer::Liveness),
        None,
        "no ping in flight"
    );
    // PRODUCT.md §2: a ping every 5 s.
    let (timer, at, fired) = fire_next(&mut h);
    assert_eq!((timer, at - start), (Timer::Ping, 5_000));
    assert_eq!(fired.timers().collect::<Vec<_>>(), [Timer::Ping]);
    assert_eq!(h.last_sent()["type"], "ping");
    // Unanswered: dead 10 s after the last frame; the next ping would be due at the same moment,
    // and the liveness verdict comes first.
    assert_eq!(h.engine.deadline(Timer::Ping), Some(start + 10_000));
    let (timer, at, fired) = fire_next(&mut h);
    assert_eq!((timer, at - start), (Timer::Liveness, 10_000));
    assert_eq!(fired.timers().collect::<Vec<_>>(), [Timer::Liveness]);
    assert_eq!(h.rec.closed.last().unwrap().0, 4001);
    assert_eq!(h.engine.phase(), Phase::Reconnecting);
    assert_eq!(
        (
            h.engine.deadline(Timer::Ping),
            h.engine.deadline(Timer::Liveness)
        ),
        (None, None),
        "the heartbeat went with the socket"
    );
}

#[test]
fn a_reconnect_attempt_then_its_connect_timeout_fire_in_turn() {
    let mut h = live();
    h.closed(1006, "");
    assert_eq!(h.engine.phase(), Phase::Reconnecting);
    let (timer, _, fired) = fire_next(&mut h);
    assert_eq!(timer, Timer::Reconnect);
    assert_eq!(fired.timers().collect::<Vec<_>>(), [Timer::Reconnect]);
    assert_eq!(h.rec.opened.len(), 2, "the attempt opened a socket");
    let opened_at = h.now;
    let (timer, at, fired) = fire_next(&mut h);
    assert_eq!((timer, at - opened_at), (Timer::Connect, 10_000));
    assert_eq!(fired.timers().collect::<Vec<_>>(), [Timer::Connect]);
    assert_eq!(h.engine.phase(), Phase::Reconnecting);
    assert_eq!(
        h.engine.next_timer().unwrap().0,
        Timer::Reconnect,
        "the next attempt"
    );
}

#[test]
fn offline_disarms_the_reconnect_and_a_held_command_times_out_on_its_own_deadline() {
    let mut h = live();
    h.closed(1006, "");
    h.engine.handle_network_offline(h.now);
    assert_eq!(
        h.engine.deadline(Timer::Reconnect),
        None,
        "offline pauses the countdown"
    );
    let given_at = h.now;
    let t = h.command("pause", json!({"pauseType": 1}));
    assert!(!h.is_resolved(t), "held for the link");
    let (timer, at, fired) = fire_next(&mut h);
    assert_eq!((timer, at - given_at), (Timer::Queued, 10_000));
    assert_eq!(fired.timers().collect::<Vec<_>>(), [Timer::Queued]);
    assert_eq!(h.response(t).error_code.as_deref(), Some("TIMEOUT"));
    assert_eq!(
        h.engine.next_timer(),
        None,
        "nothing else is armed while offline"
    );
    h.engine.handle_network_online(h.now);
    h.drain();
    assert_eq!(h.rec.opened.len(), 2, "online retries at once");
}

#[test]
fn an_unanswered_command_fires_the_request_deadline_and_leaves_the_link_alone() {
    let mut h = Harness::with_setup(
        json!({"baseURL": "ws://gw.test", "heartbeatIntervalMs": 60000, "heartbeatTimeoutMs": 120000}),
        0,
    );
    h.login_idle();
    h.pong_last_ping();
    let given_at = h.now;
    let t = h.command("pause", json!({"pauseType": 1}));
    let (timer, at, fired) = fire_next(&mut h);
    assert_eq!((timer, at - given_at), (Timer::Request, 10_000));
    assert_eq!(fired.timers().collect::<Vec<_>>(), [Timer::Request]);
    assert_eq!(h.response(t).error_code.as_deref(), Some("TIMEOUT"));
    assert_eq!(h.engine.phase(), Phase::Live);
}

#[test]
fn a_timer_that_fires_early_finds_nothing_due() {
    let mut h = live();
    let fired = h.engine.handle_timeout(h.now + 4_999);
    assert!(fired.is_empty());
    h.drain();
    assert_eq!(h.engine.next_timer().unwrap().0, Timer::Ping);
}

#[test]
fn a_command_while_ended_is_refused_and_the_step_stays() {
    let mut h = live();
    h.closed(4501, "kicked");
    assert_eq!(
        (h.engine.phase(), h.engine.end_reason()),
        (Phase::Ended, Some("kicked"))
    );
    assert_eq!(h.engine.next_timer(), None, "an ended session arms nothing");
    let sent = h.rec.sent.len();
    let t = h.command("pause", json!({"pauseType": 1}));
    assert_eq!(h.response(t).error_code.as_deref(), Some("NOT_LOGGED_IN"));
    assert_eq!(h.rec.sent.len(), sent);
    assert_eq!(h.engine.phase(), Phase::Ended);
    // A socket event for no socket changes nothing either.
    h.opened();
    h.closed(1006, "");
    assert_eq!((h.engine.phase(), h.rec.sent.len()), (Phase::Ended, sent));
    // A new login leaves the step.
    h.command("login", login_params());
    assert_eq!(h.engine.phase(), Phase::LoggingIn);
}

#[test]
fn a_pong_while_reconnecting_is_no_sign_of_life() {
    let mut h = live();
    let ping = {
        h.advance(5_000);
        h.last_ping()
    };
    h.closed(1006, "");
    let before = (h.engine.next_timer(), h.rec.events.len(), h.rec.sent.len());
    h.pong(&ping);
    assert_eq!(
        (h.engine.next_timer(), h.rec.events.len(), h.rec.sent.len()),
        before,
        "no ping event, no timer moved, nothing sent"
    );
    assert_eq!(h.engine.phase(), Phase::Reconnecting);
}

#[test]
fn a_socket_opened_when_none_was_asked_for_sends_nothing() {
    let mut h = live();
    let sent = h.rec.sent.len();
    h.opened();
    assert_eq!((h.rec.sent.len(), h.engine.phase()), (sent, Phase::Live));
}

#[test]
fn a_provided_key_no_attempt_waits_for_is_dropped() {
    let mut h = live();
    h.engine
        .handle_provided_key(h.now, Some("k2".to_owned()), "");
    h.drain();
    assert_eq!(h.engine.phase(), Phase::Live);
    assert_eq!(h.rec.opened.len(), 1);
}

#[test]
fn a_link_lost_while_logging_in_fails_the_login_instead_of_retrying_behind_it() {
    let mut h = Harness::new();
    let t = h.command("login", login_params());
    h.opened();
    h.reply_ok(
        json!({"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false}),
    );
    // The login's events come with a hole before its reply: the link is resumed for a logged-in
    // session, but the page's login is not retried behind its back.
    h.push_event(
        2,
        json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}),
    );
    assert_eq!(h.response(t).error_code.as_deref(), Some("DISCONNECTED"));
    assert_eq!(h.engine.phase(), Phase::Idle);
    assert_eq!(h.engine.next_timer(), None);
}
