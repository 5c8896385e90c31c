//! Scenario: a preview outbound call from request to result (docs/flows.md §4).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::flows::Preview;
use common::Harness;
use serde_json::json;

fn base(kind: &str) -> serde_json::Value {
    json!({"eventType":kind,"tenantId":"t1","agentNo":"0001","customerNumber":"13800000002",
           "customerNumberType":1,"obClidAreaCode":"010","mainUniqueId":"m-9"})
}

#[test]
fn a_preview_call_walks_start_ringing_bridge_and_result() {
    let mut h = Harness::new();
    h.login_idle();
    let (t, sent) = h.call(
        "previewObCall",
        json!({"customerNumber":"13800000002","customerAnswerTimeout":30}),
    );
    assert!(sent && h.response(t).code == 0);
    let wire = h
        .rec
        .sent
        .iter()
        .rev()
        .find(|f| f["action"] == "previewObCall")
        .unwrap()
        .clone();
    assert_eq!(
        wire["params"],
        json!({"customerNumber":"13800000002","customerAnswerTimeout":30})
    );
    let mut start = base("previewObCallStart");
    start["requestUniqueId"] = json!("r-1");
    start["obClid"] = json!("4000000000");
    h.push(start);
    assert!(matches!(
        h.engine.flows().preview,
        Some(Preview::Dialing { .. })
    ));
    h.push_call_status("calling", "previewObCall", 2);
    let t = h.command("previewObCall", json!({"customerNumber":"1"}));
    assert_eq!(
        h.response(t).error_code.as_deref(),
        Some("INVALID_STATE"),
        "one preview call at a time"
    );
    let mut ringing = base("previewObCallRinging");
    ringing["state"] = json!("calling");
    ringing["stateAction"] = json!("customerRinging");
    h.push(ringing);
    assert!(matches!(
        h.engine.flows().preview,
        Some(Preview::CustomerRinging { .. })
    ));
    let mut bridge = base("previewObCallBridge");
    bridge["channel"] = json!("SIP/a");
    bridge["destChannel"] = json!("PSTN/b");
    h.push(bridge);
    h.push_call_status("talking", "bridge", 4);
    h.push(json!({"eventType":"previewObCallResult","tenantId":"t1","agentNo":"0001","customerNumber":"13800000002",
        "result":"success","uniqueId":"u-9","obClid":"4000000000"}));
    assert_eq!(h.engine.flows().preview, None);
    let types = h.event_types();
    let at = types.iter().position(|t| t == "previewObCallResp").unwrap();
    assert_eq!(
        types[at..].to_vec(),
        [
            "previewObCallResp",
            "previewObCallStart",
            "agentStatus",
            "previewObCallResp",
            "previewObCallRinging",
            "previewObCallBridge",
            "agentStatus",
            "previewObCallResult"
        ]
    );
}

#[test]
fn a_preview_call_that_fails_ends_the_flow_and_the_agent_can_dial_again() {
    let mut h = Harness::new();
    h.login_idle();
    h.call("previewObCall", json!({"customerNumber":"13800000002"}));
    let mut start = base("previewObCallStart");
    start["requestUniqueId"] = json!("r-1");
    start["obClid"] = json!("4000000000");
    h.push(start);
    h.push_call_status("calling", "previewObCall", 2);
    let (t, sent) = h.call("hangup", json!(null));
    assert!(
        sent && h.response(t).code == 0,
        "hanging up while dialing cancels"
    );
    h.push(json!({"eventType":"previewObCallResult","tenantId":"t1","agentNo":"0001","customerNumber":"13800000002",
        "result":"error","reason":"cancelled","uniqueId":"u-9","obClid":"4000000000"}));
    h.push_call_status("idle", "previewObCallFailed", 0);
    assert_eq!(h.engine.flows().preview, None);
    let (_, sent) = h.call("previewObCall", json!({"customerNumber":"13800000003"}));
    assert!(sent);
}

#[test]
fn a_preview_call_is_refused_during_a_call() {
    let mut h = Harness::new();
    h.login_idle();
    h.push_call_status("talking", "answer", 4);
    let t = h.command("previewObCall", json!({"customerNumber":"1"}));
    assert_eq!(h.response(t).message, "`previewObCall` is not allowed while the agent is talking; it needs an agent who is idle or busy without a call");
}
