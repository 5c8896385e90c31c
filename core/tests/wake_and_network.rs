//! Scenario: the agent's workday around the link (issue 15): a background tab whose timer fires
//! a minute late, a laptop that slept, the network going and changing (docs/protocol.md §6,
//! "Hidden tabs and sleep"). Virtual time: a late timer is a `handle_timeout` far past the
//! deadline the engine asked for.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Harness;

/// A logged-in engine whose first ping was answered.
fn up() -> Harness {
    let mut h = Harness::new();
    h.login_idle();
    h.pong_last_ping();
    h
}

/// A live gateway for `ms`: every ping answered within a second.
fn answer_pings_for(h: &mut Harness, ms: u64) {
    for _ in 0..ms / 1_000 {
        let before = pings(h);
        h.advance(1_000);
        if pings(h) > before {
            h.pong_last_ping();
        }
    }
}

fn pings(h: &Harness) -> usize {
    h.rec.sent.iter().filter(|f| f["type"] == "ping").count()
}

/// The page's timer fires `ms` from now, however late that is for the engine's deadline.
fn late_timer(h: &mut Harness, ms: u64) {
    h.now = h.now + ms;
    h.engine.handle_timeout(h.now);
    h.drain();
}

#[test]
fn a_timer_a_minute_late_probes_a_live_link_instead_of_closing_it() {
    let mut h = up();
    // A ping goes out, then the tab is throttled: its answer is in, the next wake a minute off.
    h.advance(5_000);
    h.pong_last_ping();
    let before = pings(&h);
    late_timer(&mut h, 60_000);
    assert!(h.rec.closed.is_empty(), "a late wake is no verdict");
    assert_eq!(pings(&h), before + 1, "a probe at once");
    h.pong_last_ping();
    answer_pings_for(&mut h, 20_000);
    assert!(h.rec.closed.is_empty());
    assert!(h.events_of("reconnectAttempt").is_empty());
}

#[test]
fn an_unanswered_ping_and_a_late_wake_get_one_probe_then_a_verdict() {
    let mut h = up();
    h.advance(5_000); // a ping, never answered: the gateway stopped
    late_timer(&mut h, 60_000);
    assert!(h.rec.closed.is_empty(), "probe first");
    late_timer(&mut h, 60_000);
    assert_eq!(h.rec.closed, [(4001, "heartbeat timeout".to_owned())]);
    assert_eq!(h.events_of("reconnectAttempt").len(), 1);
}

#[test]
fn a_punctual_timer_finds_a_silent_gateway_within_the_timeout() {
    let mut h = up();
    let last_frame = h.now;
    h.advance(10_999);
    assert_eq!(h.rec.closed.len(), 1);
    let closed_at = h.events_of("ping").last().cloned().unwrap();
    assert_eq!(closed_at["networkState"], 0);
    assert!(h.now - last_frame <= 11_000);
}

#[test]
fn a_wake_probes_at_once_and_a_dead_link_is_closed_a_timeout_later() {
    let mut h = up();
    h.advance(2_000);
    let before = pings(&h);
    h.engine.handle_wake(h.now);
    h.drain();
    assert_eq!(pings(&h), before + 1, "no waiting for the 5 s interval");
    let woke = h.now;
    h.advance(9_999);
    assert!(h.rec.closed.is_empty());
    h.advance(1);
    assert_eq!(h.now - woke, 10_000);
    assert_eq!(h.rec.closed, [(4001, "heartbeat timeout".to_owned())]);
}

#[test]
fn a_wake_on_a_live_link_costs_one_ping_and_nothing_else() {
    let mut h = up();
    h.advance(1_000);
    h.engine.handle_wake(h.now);
    h.drain();
    h.pong_last_ping();
    answer_pings_for(&mut h, 60_000);
    assert!(h.rec.closed.is_empty());
    assert!(h.events_of("reconnectAttempt").is_empty());
}

#[test]
fn offline_holds_the_reconnect_countdown_and_online_retries_at_once() {
    let mut h = up();
    h.closed(1006, "");
    assert_eq!(h.events_of("reconnectAttempt").len(), 1);
    h.engine.handle_network_offline(h.now);
    assert!(h.engine.is_offline());
    assert_eq!(
        h.engine.poll_timeout(),
        None,
        "nothing to wake for while offline"
    );
    h.advance(120_000);
    assert!(
        h.rec.opened.len() == 1,
        "no attempt spent on a missing network"
    );
    assert_eq!(h.events_of("reconnectAttempt").len(), 1);
    h.engine.handle_network_online(h.now);
    h.drain();
    assert_eq!(h.rec.opened.len(), 2, "online: the attempt goes at once");
    h.opened();
    h.auth_reply("s-1", true, None, 2);
    assert!(h.events_of("sessionTerminate").is_empty());
}

#[test]
fn a_network_change_while_up_probes_the_link_at_once() {
    let mut h = up();
    h.advance(1_500);
    let before = pings(&h);
    // `navigator.connection` change (or `online`) with the socket still open.
    h.engine.handle_network_online(h.now);
    h.drain();
    assert_eq!(pings(&h), before + 1);
}

#[test]
fn going_offline_leaves_an_open_link_to_the_heartbeat() {
    let mut h = up();
    h.engine.handle_network_offline(h.now);
    h.advance(4_000);
    h.pong_last_ping();
    h.advance(1_000);
    h.pong_last_ping();
    h.advance(3_000);
    assert!(
        h.rec.closed.is_empty(),
        "a brief offline often leaves the socket alive"
    );
}
