//! Scenario: the heartbeat and the ping buckets (PRODUCT.md §2, docs/protocol.md §6).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Harness, WALL_ORIGIN};

/// The newest ping, answered `after_ms` later.
fn pong_for_last_ping(h: &mut Harness, after_ms: u64) {
    let ping = h.last_ping();
    h.advance(after_ms);
    h.pong(&ping);
}

#[test]
fn pings_carry_the_clock_and_the_ack_every_five_seconds() {
    let mut h = Harness::new();
    h.login_idle();
    let first = h
        .rec
        .sent
        .iter()
        .find(|f| f["type"] == "ping")
        .cloned()
        .expect("a ping at once");
    assert_eq!(first["ts"], WALL_ORIGIN + 1_000);
    pong_for_last_ping(&mut h, 10);
    let sent = h.rec.sent.len();
    h.advance(4_980);
    assert_eq!(h.rec.sent.len(), sent, "nothing before 5 s");
    h.advance(20);
    let ping = h.last_sent().clone();
    assert_eq!(
        (ping["type"].as_str(), ping["ack"].as_u64()),
        (Some("ping"), Some(2))
    );
}

#[test]
fn latency_lands_in_the_signal_bar_buckets_at_their_edges() {
    for (latency, state) in [
        (0, 4),
        (99, 4),
        (100, 3),
        (199, 3),
        (200, 2),
        (399, 2),
        (400, 1),
        (5_000, 1),
    ] {
        let mut h = Harness::new();
        h.login_idle();
        pong_for_last_ping(&mut h, latency);
        let ping = h.events_of("ping").last().cloned().unwrap();
        assert_eq!(
            (ping["latencyTime"].as_u64(), ping["networkState"].as_i64()),
            (Some(latency), Some(state)),
            "{latency} ms"
        );
    }
}

#[test]
fn a_half_open_link_is_noticed_after_ten_silent_seconds_and_reconnects() {
    let mut h = Harness::new();
    h.login_idle();
    let opened_at = h.now;
    h.advance(9_999);
    assert!(h.rec.closed.is_empty());
    h.advance(1);
    assert_eq!(h.now - opened_at, 10_000);
    let last_ping = h.events_of("ping").last().cloned().unwrap();
    assert_eq!(
        (
            last_ping["latencyTime"].as_u64(),
            last_ping["networkState"].as_i64()
        ),
        (Some(10_000), Some(0))
    );
    assert_eq!(h.rec.closed, [(4001, "heartbeat timeout".to_owned())]);
    assert_eq!(h.events_of("reconnectAttempt")[0]["code"], -1);
    h.until_next_attempt();
    h.opened();
    h.auth_reply("s-1", true, None, 2);
    assert_eq!(h.events_of("reconnectAttempt").last().unwrap()["code"], 0);
}

#[test]
fn no_ping_is_sent_while_the_link_is_down() {
    let mut h = Harness::new();
    h.login_idle();
    h.closed(1006, "");
    let sent = h.rec.sent.len();
    h.advance(600);
    assert!(h.sent_types_since(sent).iter().all(|t| t != "ping"));
}
