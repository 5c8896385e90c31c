//! Scenario: a supervisor's monitors and commands (docs/flows.md §7).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::flows::{Monitor, MonitorMode};
use common::Harness;
use serde_json::json;

fn monitor_event(kind: &str, target_key: &str) -> serde_json::Value {
    let mut e = json!({"eventType":kind,"tenantId":"t1","agentNo":"0001","initiator":"0001","initiatorType":1});
    e[target_key] = json!("0005");
    if kind.ends_with("Result") {
        e["uniqueId"] = json!("u-5");
        e["result"] = json!("success");
    }
    if kind.ends_with("Link") {
        e["channel"] = json!("SIP/s");
        if kind == "spyLink" {
            e["result"] = json!("success");
        }
    }
    e
}

#[test]
fn supervisor_commands_need_supervisor_rights() {
    let mut h = Harness::new();
    h.login_idle();
    for action in [
        "spy",
        "whisper",
        "threeway",
        "barge",
        "disconnect",
        "setOffline",
        "setPause",
    ] {
        let t = h.command(action, json!({"agentNo":"0005"}));
        let r = h.response(t);
        assert_eq!(r.error_code.as_deref(), Some("NOT_SUPERVISOR"), "{action}");
        assert_eq!(
            r.message,
            format!("`{action}` needs supervisor rights; this agent is not a supervisor")
        );
    }
    let t = h.command("subscribeQueueStatus", json!(null));
    assert_eq!(h.response(t).error_code.as_deref(), Some("NOT_SUPERVISOR"));
}

#[test]
fn a_spy_upgrades_to_whisper_and_each_monitor_ends_with_its_unlink() {
    let mut h = Harness::new();
    h.login_supervisor();
    let t = h.command("unwhisper", json!(null));
    assert_eq!(
        h.response(t).message,
        "`unwhisper` is not allowed now; no `whisper` is running"
    );
    h.call("spy", json!({"agentNo":"0005"}));
    h.push(monitor_event("spyResult", "spiedCno"));
    h.push(monitor_event("spyLink", "spiedCno"));
    assert_eq!(
        h.engine.flows().monitor,
        Some(Monitor::Linked {
            mode: MonitorMode::Spy,
            target: "0005".into()
        })
    );
    let t = h.command("barge", json!({"agentNo":"0006"}));
    assert!(
        h.response(t)
            .message
            .contains("`spy` of agent 0005 is running"),
        "only the same agent can be upgraded"
    );
    let (_, sent) = h.call("whisper", json!({"agentNo":"0005"}));
    assert!(sent);
    h.push(monitor_event("spyUnlink", "spiedCno"));
    h.push(monitor_event("whisperResult", "whisperedCno"));
    h.push(monitor_event("whisperLink", "whisperedCno"));
    assert_eq!(
        h.engine.flows().monitor.as_ref().map(Monitor::mode),
        Some(MonitorMode::Whisper)
    );
    let t = h.command("unbarge", json!(null));
    assert!(h
        .response(t)
        .message
        .contains("the running monitor is `whisper` of agent 0005"));
    let t = h.command("whisper", json!({"agentNo":"0005"}));
    assert!(
        h.response(t)
            .message
            .contains("`whisper` of agent 0005 is running"),
        "no switch to the same mode"
    );
    h.call("unwhisper", json!(null));
    h.push(monitor_event("whisperUnlink", "whisperedAgentNo"));
    assert_eq!(h.engine.flows().monitor, None);
}

#[test]
fn a_queue_subscription_is_renewed_after_the_gateway_lost_the_session() {
    let mut h = Harness::new();
    h.login_supervisor();
    let t = h.command("unsubscribeQueueStatus", json!(null));
    assert!(h
        .response(t)
        .message
        .contains("no queue status subscription"));
    h.call("subscribeQueueStatus", json!({"queues":["q-sales"]}));
    assert!(h.engine.flows().queue_subscription.is_some());
    h.closed(1006, "");
    h.until_next_attempt();
    h.opened();
    h.auth_reply("s-2", false, Some("SESSION_UNKNOWN"), 0);
    h.reply_ok(json!({"role":"supervisor"}));
    let again = h.rec.sent.last().unwrap().clone();
    assert_eq!(
        (again["action"].as_str(), again["params"].clone()),
        (Some("subscribeQueueStatus"), json!({"queues":["q-sales"]}))
    );
    h.reply_ok(json!({}));
    assert!(h.engine.flows().queue_subscription.is_some());
    h.push_event(
        1,
        json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-2"}),
    );
    h.push_status(2, "idle", "login", 1, 0);
    let (_, sent) = h.call("unsubscribeQueueStatus", json!(null));
    assert!(sent);
    assert!(h.engine.flows().queue_subscription.is_none());
}
