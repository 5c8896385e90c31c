//! Scenario: refused keys, timeouts, lost connections and broken frames during a session.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::agent::AgentState;
use agentdesk_core::session::Event;
use common::{login_params, Harness};
use serde_json::json;

#[test]
fn a_refused_key_resolves_login_with_the_gateways_code_and_closes() {
    let mut h = Harness::new();
    let t = h.command("login", login_params());
    h.opened();
    h.reply_err("KEY_INVALID", "the session key does not verify");
    let r = h.response(t);
    assert_eq!((r.code, r.error_code.as_deref()), (-1, Some("KEY_INVALID")));
    assert_eq!(r.message, "the session key does not verify");
    assert_eq!(h.rec.closed.len(), 1);
    assert!(!h.engine.is_connected());
    // The gateway's own close that follows is for a socket the shell already dropped.
    h.closed(4502, "");
    assert_eq!(h.rec.resolved.len(), 1);
}

#[test]
fn a_socket_that_never_opens_times_out_after_the_connect_timeout() {
    let mut h = Harness::new();
    let t = h.command("login", login_params());
    h.advance(9_999);
    assert!(!h.is_resolved(t));
    h.advance(1);
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("TIMEOUT"));
    assert!(
        r.message
            .contains("could not connect to ws://gw.test/ws within 10000 ms"),
        "{}",
        r.message
    );
    assert_eq!(h.rec.closed.len(), 1);
    assert_eq!(
        h.engine.poll_timeout(),
        None,
        "no timer outlives the attempt"
    );
}

#[test]
fn a_connection_refused_resolves_login_with_connect_failed() {
    let mut h = Harness::new();
    let t = h.command("login", login_params());
    h.closed(1006, "");
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("CONNECT_FAILED"));
    assert!(
        r.message
            .starts_with("could not connect to ws://gw.test/ws"),
        "{}",
        r.message
    );
}

#[test]
fn a_command_without_reply_times_out_and_a_late_reply_is_dropped() {
    let mut h = Harness::new();
    h.login_idle();
    let t = h.command("pause", json!(null));
    let id = h.last_sent()["id"].clone();
    h.advance(10_000);
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("TIMEOUT"));
    assert_eq!(r.message, "no reply to `pause` within 10000 ms");
    let resolved = h.rec.resolved.len();
    h.frame(json!({"type":"reply","id":id,"code":0,"message":"ok"}));
    assert_eq!(h.rec.resolved.len(), resolved, "settled once");
    assert!(
        h.engine.is_connected(),
        "a command timeout does not drop the session"
    );
}

#[test]
fn replies_correlate_by_id_whatever_their_order() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    let pause_id = h.last_sent()["id"].clone();
    h.frame(json!({"type":"reply","id":pause_id,"code":-1,"message":"nope","errorCode":"INVALID_STATE"}));
    let again = h.command("pause", json!({"pauseDescription":"x"}));
    let again_id = h.last_sent()["id"].clone();
    h.frame(json!({"type":"reply","id":again_id,"code":0,"message":"ok"}));
    assert_eq!(
        h.response(pause).error_code.as_deref(),
        Some("INVALID_STATE")
    );
    assert_eq!(h.response(again).code, 0);
}

#[test]
fn losing_the_connection_fails_the_command_in_flight_and_starts_reconnecting() {
    let mut h = Harness::new();
    h.login_idle();
    let t = h.command("pause", json!(null));
    h.closed(1006, "");
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("DISCONNECTED"));
    assert!(r.message.contains("outcome unknown"), "{}", r.message);
    assert_eq!(
        h.event_types().last().map(String::as_str),
        Some("reconnectAttempt")
    );
    assert_eq!(
        h.engine.status().state,
        AgentState::Idle,
        "still logged in while reconnecting"
    );
    assert!(h.engine.is_reconnecting());
}

#[test]
fn a_malformed_frame_yields_an_sdk_error_and_the_session_goes_on() {
    let mut h = Harness::new();
    h.login_idle();
    h.raw_frame("{not json");
    h.raw_frame(r#"{"type":"event","eventId":3,"payload":{"eventType":"ping","latencyTime":"slow","networkState":1}}"#);
    let errors: Vec<_> = h
        .rec
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Error(err) => Some(err.code.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(errors, ["MALFORMED_FRAME", "BAD_EVENT"]);
    // The bad event 3 still counts as received (issue 10): 4 is the next one, not a gap.
    assert_eq!(h.engine.last_event_id(), 3);
    h.push_status(4, "busy", "pause", 2, 0);
    assert_eq!(h.engine.status().state, AgentState::Busy);
}

#[test]
fn a_replayed_event_id_is_delivered_once() {
    let mut h = Harness::new();
    h.login_idle();
    let before = h.rec.events.len();
    h.push_status(2, "idle", "login", 1, 0);
    assert_eq!(h.rec.events.len(), before);
}

#[test]
fn shutdown_settles_everything_and_closes() {
    let mut h = Harness::new();
    let t = h.command("login", login_params());
    h.opened();
    h.engine.handle_shutdown(h.now);
    h.drain();
    assert_eq!(h.response(t).error_code.as_deref(), Some("DISCONNECTED"));
    assert_eq!(h.rec.closed.len(), 1);
    assert_eq!(h.engine.poll_timeout(), None);
}

#[test]
fn a_kick_without_an_offline_status_from_the_gateway_goes_offline_as_kicked_once() {
    let mut h = Harness::new();
    h.login_idle();
    h.push_event(
        3,
        json!({"eventType":"sessionTerminate","tenantId":"t1","agentNo":"0001","reason":"kicked"}),
    );
    h.closed(4501, "kicked");
    let types = h.event_types();
    assert_eq!(
        types.iter().filter(|t| *t == "sessionTerminate").count(),
        1,
        "{types:?}"
    );
    assert_eq!(types.last().map(String::as_str), Some("agentStatus"));
    assert_eq!(h.engine.status().state_action, "kicked");
    assert!(!h.engine.is_connected());
}

/// Found by the fuzz target `engine_sequence` (issue 10): the login's Promise belonged both to the
/// login flow and to its `login` request, so an end while that request was on the wire settled
/// it twice and emitted `loginResp` twice.
#[test]
fn a_login_cut_off_while_its_command_is_on_the_wire_settles_once() {
    for end in ["destroy", "close"] {
        let mut h = Harness::new();
        let login = h.command("login", login_params());
        h.opened();
        h.reply_ok(json!({"sessionId":"s-1"}));
        assert_eq!(h.last_sent()["action"], "login");
        match end {
            "destroy" => {
                h.engine.handle_shutdown(h.now);
                h.drain();
            }
            _ => h.closed(1006, ""),
        }
        let settled = h.rec.resolved.iter().filter(|(t, _)| *t == login).count();
        assert_eq!(settled, 1, "{end}: {:?}", h.rec.resolved);
        assert_eq!(h.events_of("loginResp").len(), 1, "{end}");
    }
}
