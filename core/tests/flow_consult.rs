//! Scenario: consult, three-way and attended transfer, one step type at a time
//! (docs/flows.md §5).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::flows::Consult;
use common::Harness;
use serde_json::json;

fn talking(h: &mut Harness) {
    h.login_idle();
    h.push_call_status("ringing", "ringing", 3);
    h.push_call_status("talking", "answer", 4);
}

fn event(kind: &str, action: &str) -> serde_json::Value {
    let mut e = json!({"eventType":kind,"tenantId":"t1","agentNo":"0001","state":"talking","stateAction":action});
    match kind {
        "atxferStart" => {
            e["channel"] = json!("SIP/a");
            e["destChannel"] = json!("SIP/b");
            e["mainUniqueId"] = json!("m-1");
        }
        "atxferLink" => {
            e["channel"] = json!("SIP/b");
            e["target"] = json!("0002");
            e["targetType"] = json!(1);
        }
        "atxferEnded" => {
            e["target"] = json!("0002");
            e["targetType"] = json!(1);
            e["hangupSide"] = json!(1);
        }
        "atxferError" => {}
        _ => {
            e["target"] = json!("0002");
            e["targetType"] = json!(1);
        }
    }
    e
}

#[test]
fn a_consult_goes_dialing_linked_three_way_and_completes() {
    let mut h = Harness::new();
    talking(&mut h);
    let t = h.command("completeAtxfer", json!(null));
    assert_eq!(h.response(t).error_code.as_deref(), Some("INVALID_STATE"));
    h.call("startAtxfer", json!({"targetType":1,"target":"0002"}));
    h.push(event("atxferStart", "consultDialing"));
    assert!(matches!(
        h.engine.flows().consult,
        Some(Consult::Dialing(_))
    ));
    let t = h.command("completeAtxfer", json!(null));
    let r = h.response(t);
    assert_eq!(r.error_code.as_deref(), Some("INVALID_STATE"));
    assert_eq!(r.message, "`completeAtxfer` is not allowed while the agent is talking and dialing the consult target; the consult target has not answered yet (wait for atxferLink)");
    let t = h.command("startAtxfer", json!({"targetType":1,"target":"0003"}));
    assert!(h
        .response(t)
        .message
        .contains("a consult is already running"));
    h.push(event("atxferLink", "consultLinked"));
    assert!(matches!(h.engine.flows().consult, Some(Consult::Linked(_))));
    h.call("threewayAtxfer", json!(null));
    h.push(event("threewayAtxferResult", "consultThreeway"));
    assert!(matches!(
        h.engine.flows().consult,
        Some(Consult::ThreeWay(_))
    ));
    let t = h.command("threewayAtxfer", json!(null));
    assert!(h.response(t).message.contains("in a consult three-way"));
    let (t, sent) = h.call("completeAtxfer", json!(null));
    assert!(sent && h.response(t).code == 0);
    h.push(
        json!({"eventType":"completeAtxferResult","tenantId":"t1","agentNo":"0001","target":"0002",
        "targetType":1,"state":"wrapup","stateAction":"transferred"}),
    );
    h.push(json!({"eventType":"agentStatus","tenantId":"t1","agentNo":"0001","status":{"state":"wrapup",
        "stateAction":"transferred","initialStatus":1,"deviceStatus":0,"wrapupTime":10}}));
    assert_eq!(h.engine.flows().consult, None);
}

#[test]
fn a_failed_consult_ends_the_flow_and_allows_a_new_one() {
    let mut h = Harness::new();
    talking(&mut h);
    h.call(
        "startAtxfer",
        json!({"targetType":0,"target":"13900000000"}),
    );
    h.push(event("atxferStart", "consultDialing"));
    let (t, sent) = h.call("cancelAtxfer", json!(null));
    assert!(sent && h.response(t).code == 0);
    h.push(event("atxferError", "consultFailed"));
    assert_eq!(h.engine.flows().consult, None);
    let t = h.command("resumeAtxfer", json!(null));
    assert_eq!(
        h.response(t).message,
        "`resumeAtxfer` is not allowed while the agent is talking; it needs a linked consult"
    );
    let (_, sent) = h.call("startAtxfer", json!({"targetType":2,"target":"8001"}));
    assert!(sent);
}

#[test]
fn resume_from_a_linked_consult_returns_to_the_customer() {
    let mut h = Harness::new();
    talking(&mut h);
    h.call("startAtxfer", json!({"targetType":1,"target":"0002"}));
    h.push(event("atxferStart", "consultDialing"));
    h.push(event("atxferLink", "consultLinked"));
    let t = h.command("cancelAtxfer", json!(null));
    assert!(h.response(t).message.contains("still dialing"));
    h.call("resumeAtxfer", json!(null));
    h.push(event("atxferEnded", "consultEnded"));
    assert_eq!(h.engine.flows().consult, None);
    let (_, sent) = h.call("blxfer", json!({"targetType":1,"target":"0003"}));
    assert!(sent, "a blind transfer is allowed again");
}
