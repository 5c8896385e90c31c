//! Scenario: the reconnect loop's schedule under virtual time (PRODUCT.md §2): 20 attempts,
//! delay min(1 s × 2^(n−1), 30 s) ± 20 %, reconnectAttempt before each and on success, give-up.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::agent::AgentState;
use common::{Harness, WALL_ORIGIN};
use serde_json::json;

fn nominal(n: u64) -> f64 {
    (1_000u64 << (n - 1)).min(30_000) as f64
}

#[test]
fn the_full_twenty_attempt_schedule_stays_within_its_jitter_bounds_then_gives_up() {
    for seed in [1, 7, 42, 1234] {
        let mut h = Harness::with_setup(json!({"baseURL": "ws://gw.test"}), seed);
        h.login_idle();
        let dropped_at = h.now;
        h.closed(1006, "");
        let mut since_first = 0;
        for n in 1..=20u64 {
            let announced = h.events_of("reconnectAttempt").last().cloned().unwrap();
            assert_eq!(announced["attempt"], n, "seed {seed}");
            assert_eq!(announced["code"], -1);
            assert_eq!(announced["maxAttempts"], 20);
            assert_eq!(
                announced["firstAttemptTs"],
                WALL_ORIGIN + dropped_at.as_millis()
            );
            assert_eq!(announced["sinceFirstAttemptMs"], since_first, "attempt {n}");
            let delay = h.until_next_attempt();
            assert_eq!(
                announced["delayMs"], delay,
                "the announced delay is the real one"
            );
            let d = delay as f64;
            assert!(
                d >= nominal(n) * 0.8 && d <= nominal(n) * 1.2,
                "seed {seed} attempt {n}: {d}"
            );
            since_first = h.now - dropped_at;
            h.closed(1006, "refused");
        }
        let types = h.event_types();
        let tail: Vec<_> = types.iter().rev().take(2).rev().cloned().collect();
        assert_eq!(tail, ["sessionTerminate", "agentStatus"], "seed {seed}");
        assert_eq!(
            h.events_of("sessionTerminate")[0]["reason"],
            "reconnectFailed"
        );
        assert_eq!(h.engine.status().state, AgentState::Offline);
        assert_eq!(
            h.engine.poll_timeout(),
            None,
            "no timer survives the give-up"
        );
        assert_eq!(h.rec.opened.len(), 21, "the login plus 20 attempts");
        assert!(!h.engine.is_connected());
    }
}

#[test]
fn the_schedule_is_reproducible_from_the_seed() {
    let delays = |seed| {
        let mut h = Harness::with_setup(json!({"baseURL": "ws://gw.test"}), seed);
        h.login_idle();
        h.closed(1006, "");
        (0..5)
            .map(|_| {
                let d = h.until_next_attempt();
                h.closed(1006, "");
                d
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(delays(9), delays(9));
    assert_ne!(delays(9), delays(10));
}

#[test]
fn a_successful_attempt_reports_code_zero_and_resets_the_counter() {
    let mut h = Harness::new();
    h.login_idle();
    h.closed(1006, "");
    h.until_next_attempt();
    h.closed(1006, "");
    h.until_next_attempt();
    h.opened();
    h.auth_reply("s-1", true, None, 2);
    let success = h.events_of("reconnectAttempt").last().cloned().unwrap();
    assert_eq!(
        (success["attempt"].as_i64(), success["code"].as_i64()),
        (Some(2), Some(0))
    );
    assert!(success.get("delayMs").is_none());
    assert!(!h.engine.is_reconnecting());
    // A later drop starts again from attempt 1 with a 1 s nominal delay.
    h.closed(1006, "");
    let again = h.events_of("reconnectAttempt").last().cloned().unwrap();
    assert_eq!(again["attempt"], 1);
    let d = h.until_next_attempt();
    assert!((800..=1_200).contains(&d), "{d}");
}

#[test]
fn terminal_closes_never_reconnect() {
    for (code, reason) in [
        (4500, "logout"),
        (4501, "kicked"),
        (4502, "keyInvalid"),
        (4503, "keyExpired"),
        (4504, "tenantMismatch"),
    ] {
        let mut h = Harness::new();
        h.login_idle();
        h.closed(code, "");
        assert!(h.events_of("reconnectAttempt").is_empty(), "{code}");
        assert_eq!(h.events_of("sessionTerminate")[0]["reason"], reason);
        assert_eq!(h.engine.poll_timeout(), None);
        assert_eq!(h.rec.opened.len(), 1);
    }
}

#[test]
fn the_browser_going_online_starts_the_waiting_attempt_at_once() {
    let mut h = Harness::new();
    h.login_idle();
    h.closed(1006, "");
    h.until_next_attempt();
    h.closed(1006, "");
    h.until_next_attempt();
    h.closed(1006, "");
    // Attempt 3 waits about 4 s; the network comes back after 100 ms.
    h.advance(100);
    assert_eq!(h.rec.opened.len(), 3);
    h.engine.handle_network_online(h.now);
    h.drain();
    assert_eq!(h.rec.opened.len(), 4, "the attempt started immediately");
}

#[test]
fn settable_attempt_count_is_honoured() {
    let mut h = Harness::with_setup(
        json!({"baseURL": "ws://gw.test", "maxReconnectAttempts": 2}),
        3,
    );
    h.login_idle();
    h.closed(1006, "");
    h.until_next_attempt();
    h.closed(1006, "");
    h.until_next_attempt();
    h.closed(1006, "");
    assert_eq!(h.events_of("reconnectAttempt")[0]["maxAttempts"], 2);
    assert_eq!(
        h.events_of("sessionTerminate")[0]["reason"],
        "reconnectFailed"
    );
}
