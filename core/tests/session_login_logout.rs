//! Scenario: connect → authenticate → login → agent status → logout, under virtual time.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::agent::AgentState;
use common::{login_params, Harness};
use serde_json::json;

#[test]
fn login_opens_the_socket_authenticates_in_the_first_frame_then_sends_login() {
    let mut h = Harness::new();
    let ticket = h.command("login", login_params());
    assert_eq!(h.rec.opened, ["ws://gw.test/ws"]);
    assert!(
        h.rec.sent.is_empty(),
        "nothing is sent before the socket opens"
    );
    h.opened();
    let auth = h.last_sent().clone();
    assert_eq!(auth["type"], "auth");
    assert_eq!(
        (auth["tenantId"].as_str(), auth["agentNo"].as_str()),
        (Some("t1"), Some("0001"))
    );
    assert_eq!(auth["sessionKey"], "secret-key");
    h.reply_ok(json!({"sessionId":"s-1"}));
    let login = h.last_sent().clone();
    assert_eq!(
        (login["type"].as_str(), login["action"].as_str()),
        (Some("cmd"), Some("login"))
    );
    assert!(
        login["id"].as_u64() > auth["id"].as_u64(),
        "request ids increase"
    );
    assert_eq!(
        login["params"],
        json!({"bindEndpoint":{"endpointType":3,"endpoint":"3016"},"initialStatus":1})
    );
    assert!(
        login["params"].get("sessionKey").is_none(),
        "the key travels only in auth"
    );
    assert!(!h.is_resolved(ticket));
    h.reply_ok(json!({}));
    let response = h.response(ticket);
    assert_eq!(
        (
            response.action.as_str(),
            response.code,
            response.event_type.as_str()
        ),
        ("login", 0, "loginResp")
    );
    assert_eq!(h.engine.session_id(), Some("s-1"));
}

#[test]
fn login_response_is_emitted_as_login_resp_before_the_promise_settles() {
    let mut h = Harness::new();
    h.login_idle();
    assert_eq!(h.event_types(), ["loginResp", "sessionInit", "agentStatus"]);
    assert_eq!(h.engine.status().state, AgentState::Idle);
}

#[test]
fn pause_and_unpause_round_trip_through_the_gateway() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!({"pauseType":2,"pauseDescription":"lunch"}));
    let frame = h.last_sent().clone();
    assert_eq!(frame["action"], "pause");
    assert_eq!(
        frame["params"],
        json!({"pauseType":2,"pauseDescription":"lunch"})
    );
    h.reply_ok(json!({}));
    h.push_status(3, "busy", "pause", 2, 0);
    assert_eq!(h.response(pause).code, 0);
    assert_eq!(h.engine.status().state, AgentState::Busy);
    let unpause = h.command("unpause", json!(null));
    h.reply_ok(json!({}));
    h.push_status(4, "idle", "unpause", 1, 0);
    assert_eq!(h.response(unpause).code, 0);
    assert_eq!(h.engine.status().state, AgentState::Idle);
}

#[test]
fn logout_ends_with_the_gateways_terminate_and_no_duplicate_from_the_sdk() {
    let mut h = Harness::new();
    h.login_idle();
    let logout = h.command("logout", json!(null));
    h.reply_ok(json!({}));
    h.push_status(3, "offline", "logout", 0, -1);
    h.push_event(
        4,
        json!({"eventType":"sessionTerminate","tenantId":"t1","agentNo":"0001","reason":"logout"}),
    );
    h.closed(4500, "logged out");
    assert_eq!(h.response(logout).code, 0);
    let types = h.event_types();
    assert_eq!(
        types.iter().filter(|t| *t == "sessionTerminate").count(),
        1,
        "{types:?}"
    );
    assert_eq!(
        types.iter().filter(|t| *t == "agentStatus").count(),
        2,
        "{types:?}"
    );
    assert!(!h.engine.is_connected());
    assert!(
        h.rec.opened.len() == 1,
        "a terminal close does not reconnect"
    );
}

#[test]
fn commands_after_logout_are_refused_locally_and_a_new_login_works() {
    let mut h = Harness::new();
    h.login_idle();
    h.command("logout", json!(null));
    h.reply_ok(json!({}));
    h.push_status(3, "offline", "logout", 0, -1);
    h.closed(4500, "");
    let sent_before = h.rec.sent.len();
    let pause = h.command("pause", json!(null));
    assert_eq!(
        h.response(pause).error_code.as_deref(),
        Some("NOT_LOGGED_IN")
    );
    assert_eq!(h.rec.sent.len(), sent_before);
    h.login_idle();
    assert_eq!(h.rec.opened.len(), 2);
    assert_eq!(h.engine.status().state, AgentState::Idle);
}

#[test]
fn a_command_right_after_await_login_is_judged_on_the_status_the_login_caused() {
    let mut h = Harness::new();
    let login = h.command("login", login_params());
    h.then(login, "pause", json!(null));
    h.opened();
    h.reply_ok(json!({"sessionId":"s-1"}));
    // The reply is stamped with the newest event id (docs/protocol.md §3): the login settles
    // once sessionInit and agentStatus are delivered, not on the reply alone (issue 10).
    h.reply_ok_at(json!({}), 2);
    assert!(!h.is_resolved(login));
    h.push_event(
        1,
        json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}),
    );
    h.push_status(2, "idle", "login", 1, 0);
    assert_eq!(h.response(login).code, 0);
    assert_eq!(h.engine.status().state, AgentState::Idle);
    let pause = h.chained_after(login).unwrap();
    assert!(!h.is_resolved(pause), "sent, not refused");
    assert_eq!(h.last_sent()["action"], "pause");
}
