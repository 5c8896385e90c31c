//! Scenario: an inbound call from ringing to wrap-up, and what each moment allows
//! (docs/flows.md §3).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::agent::AgentState;
use common::Harness;
use serde_json::json;

fn ringing(h: &mut Harness) {
    h.push_call_status("ringing", "ringing", 3);
    h.push(json!({"eventType":"ringing","tenantId":"t1","agentNo":"0001","callType":1,"channel":"SIP/t1-0001-1",
        "mainUniqueId":"m-1","uniqueId":"u-1","customerNumber":"13800000001","customerAreaCode":"010",
        "customerProvince":"Beijing","customerCity":"Beijing","subCallType":0,"hotline":"4000000000",
        "numberTrunk":"trunk-1","queueNo":"q-sales","chanVariables":{}}));
}

#[test]
fn an_inbound_call_rings_is_answered_held_and_hung_up_into_wrapup_then_back_to_idle() {
    let mut h = Harness::new();
    h.login_idle();
    ringing(&mut h);
    assert_eq!(h.engine.status().state, AgentState::Ringing);
    h.push_call_status("talking", "answer", 4);
    let (hold, sent) = h.call("hold", json!(null));
    assert!(sent);
    h.push_call_status("talking", "hold", 4);
    assert!(h.engine.flows().held);
    assert_eq!(h.response(hold).code, 0);
    let t = h.command("hold", json!(null));
    assert_eq!(h.response(t).message, "`hold` is not allowed while the agent is talking with the customer on hold; the customer is already on hold");
    h.call("unhold", json!(null));
    h.push_call_status("talking", "unhold", 4);
    assert!(!h.engine.flows().held);
    h.call("sendDtmf", json!({"digits":"12#"}));
    assert_eq!(
        h.rec
            .sent
            .iter()
            .rev()
            .find(|f| f["action"] == "sendDtmf")
            .unwrap()["params"],
        json!({"digits":"12#"})
    );
    h.call("hangup", json!(null));
    h.push(json!({"eventType":"agentStatus","tenantId":"t1","agentNo":"0001","status":{"state":"wrapup",
        "stateAction":"hangup","initialStatus":1,"deviceStatus":0,"wrapupTime":10}}));
    assert_eq!(h.engine.status().state, AgentState::Wrapup);
    h.push_call_status("idle", "wrapupEnd", 0);
    assert_eq!(h.engine.status().state, AgentState::Idle);
    let types = h.event_types();
    assert!(
        types.ends_with(&[
            "hangupResp".into(),
            "agentStatus".into(),
            "agentStatus".into()
        ]),
        "{types:?}"
    );
}

#[test]
fn call_commands_without_a_call_are_refused_locally_naming_state_and_command() {
    let mut h = Harness::new();
    h.login_idle();
    let sent = h.rec.sent.len();
    for (action, params, message) in [
        (
            "hangup",
            json!(null),
            "`hangup` is not allowed while the agent is idle; there is no call to hang up",
        ),
        (
            "hold",
            json!(null),
            "`hold` is not allowed while the agent is idle; it needs a call in progress",
        ),
        (
            "mute",
            json!(null),
            "`mute` is not allowed while the agent is idle; it needs a call in progress",
        ),
        (
            "sendDtmf",
            json!({"digits":"1"}),
            "`sendDtmf` is not allowed while the agent is idle; it needs a call in progress",
        ),
        (
            "startAtxfer",
            json!({"targetType":1,"target":"0002"}),
            "`startAtxfer` is not allowed while the agent is idle; it needs a call in progress",
        ),
        (
            "blxfer",
            json!({"targetType":1,"target":"0002"}),
            "`blxfer` is not allowed while the agent is idle; it needs a call in progress",
        ),
    ] {
        let t = h.command(action, params);
        let r = h.response(t);
        assert_eq!(
            (r.code, r.error_code.as_deref()),
            (-1, Some("INVALID_STATE")),
            "{action}"
        );
        assert_eq!(r.message, message);
    }
    assert_eq!(h.rec.sent.len(), sent, "no round trip");
    assert_eq!(h.engine.status().state, AgentState::Idle, "no state change");
}

#[test]
fn sip_commands_need_the_softphone() {
    let mut h = Harness::with_setup(json!({"baseURL":"ws://gw.test","webrtc":false}), 0);
    h.login_idle(); // bound with endpointType 3
    ringing(&mut h);
    let (t, sent) = h.call("sipLink", json!(null));
    assert!(sent && h.response(t).code == 0);
    let mut h = Harness::new();
    let mut params = common::login_params();
    params["bindEndpoint"]["endpointType"] = json!(2);
    h.login_with(params, json!({}));
    ringing(&mut h);
    let t = h.command("sipLink", json!(null));
    assert_eq!(h.response(t).error_code.as_deref(), Some("NOT_SOFTPHONE"));
}

#[test]
fn pause_and_logout_stay_refused_during_a_call_and_pause_ends_wrapup() {
    let mut h = Harness::new();
    h.login_idle();
    ringing(&mut h);
    h.push_call_status("talking", "answer", 4);
    for action in ["pause", "logout"] {
        let t = h.command(action, json!(null));
        assert!(
            h.response(t).message.ends_with("finish the call first"),
            "{action}"
        );
    }
    h.push(json!({"eventType":"agentStatus","tenantId":"t1","agentNo":"0001","status":{"state":"wrapup",
        "stateAction":"customerHangup","initialStatus":1,"deviceStatus":0,"wrapupTime":10}}));
    let (t, sent) = h.call("pause", json!({"pauseDescription":"notes"}));
    assert!(sent && h.response(t).code == 0);
}
