//! Scenario: a command's Promise settles once the state it caused is known to the engine
//! (issue 10, defect 5). Every reply carries `lastEventId`, the session's newest event id when
//! the gateway sent it (docs/protocol.md §3); the engine holds the reply, and its `<action>Resp`,
//! until it delivered the events through that id. Before, `await pause(); await unpause()` had
//! the unpause refused locally ("agent is idle") every time, because the pause resolved before
//! the `agentStatus` it caused arrived.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::agent::AgentState;
use common::{login_params, Harness};
use serde_json::json;

#[test]
fn await_pause_then_unpause_is_judged_on_the_paused_status() {
    let mut h = Harness::new();
    h.login_idle(); // events 1, 2
    let pause = h.command("pause", json!({"pauseType": 2}));
    h.then(pause, "unpause", json!(null));
    // The gateway replies, then sends the agentStatus the pause caused (event 3).
    h.reply_ok_at(json!({}), 3);
    assert!(!h.is_resolved(pause), "held until event 3 is delivered");
    h.push_status(3, "busy", "pause", 2, 0);
    assert_eq!(h.response(pause).code, 0);
    let unpause = h
        .chained_after(pause)
        .expect("unpause given right after the pause settled");
    assert!(
        !h.is_resolved(unpause),
        "sent to the gateway, not refused locally: {:?}",
        h.rec.resolved
    );
    assert_eq!(h.last_sent()["action"], "unpause");
    h.reply_ok_at(json!({}), 4);
    h.push_status(4, "idle", "unpause", 1, 0);
    assert_eq!(h.response(unpause).code, 0);
    assert_eq!(h.engine.status().state, AgentState::Idle);
}

#[test]
fn the_response_event_follows_the_events_the_command_caused() {
    let mut h = Harness::new();
    h.login_idle();
    let from = h.rec.events.len();
    h.command("pause", json!(null));
    h.reply_ok_at(json!({}), 3);
    h.push_status(3, "busy", "pause", 2, 0);
    let types: Vec<&str> = h.rec.events[from..]
        .iter()
        .map(|e| e.event_type())
        .collect();
    assert_eq!(types, ["agentStatus", "pauseResp"]);
}

#[test]
fn await_preview_call_then_hangup_is_judged_on_the_dialing_call() {
    let mut h = Harness::new();
    h.login_idle();
    let preview = h.command("previewObCall", json!({"customerNumber": "13800000002"}));
    h.then(preview, "hangup", json!(null));
    h.reply_ok_at(json!({}), 4);
    h.push(json!({"eventType":"previewObCallStart","tenantId":"t1","agentNo":"0001","customerNumber":"13800000002",
        "customerNumberType":1,"obClidAreaCode":"010","mainUniqueId":"m-9","requestUniqueId":"r-1","obClid":"400"}));
    assert!(!h.is_resolved(preview));
    h.push_call_status("calling", "previewObCall", 2);
    assert_eq!(h.response(preview).code, 0);
    let hangup = h.chained_after(preview).unwrap();
    assert!(
        !h.is_resolved(hangup),
        "sent, not refused with `no call`: {:?}",
        h.rec.resolved.last()
    );
    assert_eq!(h.last_sent()["action"], "hangup");
}

#[test]
fn login_settles_after_the_status_it_caused_so_the_seed_example_sees_it() {
    let mut h = Harness::new();
    let login = h.command("login", login_params());
    h.opened();
    h.reply_ok(
        json!({"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false}),
    );
    // The gateway stamps the login reply after sessionInit (1) and agentStatus (2).
    h.reply_ok_at(json!({"role":"agent"}), 2);
    assert!(!h.is_resolved(login));
    h.push_event(
        1,
        json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}),
    );
    h.push_status(2, "idle", "login", 1, 0);
    assert_eq!(h.response(login).code, 0);
    // PRODUCT.md §1: `await login()` then `off(AGENT_STATUS)`: the listener saw the agentStatus.
    assert_eq!(h.event_types(), ["sessionInit", "agentStatus", "loginResp"]);
}

#[test]
fn a_listener_of_the_logins_own_status_may_command_before_the_login_reply() {
    let mut h = Harness::new();
    let login = h.command("login", login_params());
    h.opened();
    h.reply_ok(
        json!({"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false}),
    );
    let login_request = h.last_sent()["id"].clone();
    // The gateway's step writes sessionInit (1) and agentStatus (2), then the login's reply.
    h.push_event(
        1,
        json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}),
    );
    h.push_status(2, "idle", "login", 1, 0);
    // What a listener of that idle status does (tests/browser/session.js).
    let pause = h.command("pause", json!(null));
    assert!(
        !h.is_resolved(pause),
        "sent, not refused as not logged in: {:?}",
        h.rec.resolved
    );
    assert_eq!(h.last_sent()["action"], "pause");
    h.frame(json!({"type":"reply","id":login_request,"code":0,"message":"ok","data":{"role":"agent"},"lastEventId":2}));
    assert_eq!(h.response(login).code, 0);
    h.reply_ok_at(json!({}), 3);
    h.push_status(3, "busy", "pause", 2, 0);
    assert_eq!(h.response(pause).code, 0);
}

#[test]
fn a_reply_whose_events_were_already_delivered_settles_at_once() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    // The gateway wrote the events before the reply (the simulator replies at the end of its step).
    h.push_status(3, "busy", "pause", 2, 0);
    h.reply_ok_at(json!({}), 3);
    assert_eq!(h.response(pause).code, 0);
}

#[test]
fn a_reply_without_a_stamp_settles_at_once() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    h.reply_ok(json!({}));
    assert_eq!(h.response(pause).code, 0);
}

#[test]
fn a_held_reply_settles_with_its_outcome_at_the_command_timeout() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    h.reply_ok_at(json!({}), 3);
    h.advance(9_999);
    assert!(!h.is_resolved(pause));
    h.advance(1);
    assert_eq!(
        h.response(pause).code,
        0,
        "the gateway did pause: its reply is the outcome"
    );
}

#[test]
fn a_held_reply_waits_through_a_gap_and_its_resume() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    h.reply_ok_at(json!({}), 4);
    h.push(json!({"eventType":"ping","latencyTime":12,"networkState":4})); // 3
    h.push_status(5, "busy", "pause", 2, 0); // 4 was lost: a gap
    assert!(!h.is_resolved(pause), "the state is not known yet");
    h.until_next_attempt();
    h.opened();
    h.auth_reply("s-1", true, None, 5);
    h.push_status(4, "busy", "pause", 2, 0);
    assert_eq!(h.response(pause).code, 0);
    assert_eq!(h.engine.status().state, AgentState::Busy);
}

#[test]
fn a_held_reply_settles_when_the_session_ends() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    h.reply_ok_at(json!({}), 3);
    h.closed(4501, "kicked");
    assert_eq!(h.response(pause).code, 0);
    assert_eq!(
        h.engine.poll_timeout(),
        None,
        "no timer outlives the session"
    );
}

#[test]
fn a_held_reply_settles_on_destroy() {
    let mut h = Harness::new();
    h.login_idle();
    let pause = h.command("pause", json!(null));
    h.reply_ok_at(json!({}), 3);
    h.engine.handle_shutdown(h.now);
    h.drain();
    assert!(h.is_resolved(pause));
    assert_eq!(h.engine.poll_timeout(), None);
}
