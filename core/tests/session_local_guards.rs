//! Scenario: commands the session cannot run are answered at once, without touching the network.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::session::{Phase, Timer};
use common::{login_params, Harness};
use serde_json::json;

#[test]
fn pause_before_login_resolves_not_logged_in_without_opening_a_socket() {
    let mut h = Harness::new();
    let t = h.command("pause", json!({"pauseType":0}));
    let r = h.response(t);
    assert_eq!(
        (r.code, r.error_code.as_deref()),
        (-1, Some("NOT_LOGGED_IN"))
    );
    assert!(r.message.contains("call login() first"), "{}", r.message);
    assert!(h.rec.opened.is_empty() && h.rec.sent.is_empty());
    assert_eq!(h.event_types(), ["pauseResp"]);
}

#[test]
fn unpause_while_idle_is_refused_naming_the_state_and_the_action() {
    let mut h = Harness::new();
    h.login_idle();
    let sent = h.rec.sent.len();
    let t = h.command("unpause", json!(null));
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("INVALID_STATE"));
    assert_eq!(
        r.message,
        "`unpause` is not allowed while the agent is idle; the agent is not paused"
    );
    assert_eq!(h.rec.sent.len(), sent, "no round trip");
}

#[test]
fn a_second_login_while_one_is_running_is_refused() {
    let mut h = Harness::new();
    let first = h.command("login", login_params());
    let second = h.command("login", login_params());
    assert_eq!(
        h.response(second).error_code.as_deref(),
        Some("IN_PROGRESS")
    );
    assert!(!h.is_resolved(first));
    assert_eq!(h.rec.opened.len(), 1);
    // The first goes on in its step, on its own socket's deadline (core/src/session/state.rs).
    assert_eq!(h.engine.phase(), Phase::LoggingIn);
    assert_eq!(h.engine.next_timer().unwrap().0, Timer::Connect);
}

#[test]
fn login_while_logged_in_is_an_invalid_state() {
    let mut h = Harness::new();
    h.login_idle();
    let t = h.command("login", login_params());
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("INVALID_STATE"));
    assert!(r.message.contains("already logged in"), "{}", r.message);
}
