//! A supervisor's monitors (docs/flows.md §7): spy, then a switch to whisper, then to barge,
//! then unbarge, seen from the supervisor and the agent; monitors end with the call; an agent
//! without supervisor rights is refused by the gateway as by the SDK.

#![allow(clippy::unwrap_used)]

mod common;

use common::sim::{agent, answered_call, expect, expect_status, ok, quiet, refused, start_sim};
use serde_json::{json, Value};
use std::time::Duration;

fn monitor_fields(e: &Value, receiver: &str, target_key: &str) {
    assert_eq!(e["tenantId"], "t1", "{e}");
    assert_eq!(e["agentNo"], receiver, "{e}");
    assert_eq!(e[target_key], "1033", "{e}");
    assert_eq!(e["initiator"], "9001", "{e}");
    assert_eq!(e["initiatorType"], 1, "{e}");
}

#[tokio::test(start_paused = true)]
async fn a_supervisor_spies_then_whispers_then_barges_then_unbarges() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9001", 2).await;
    let mut a = agent(&gw, "1033", 2).await;
    let ringing = answered_call(&gw, &mut a, "1033").await;
    let a_leg = ringing["uniqueId"].clone();

    // Spy: silent, the agent hears of nothing.
    ok(&mut s, "spy", json!({"agentNo": "1033"})).await;
    let result = expect(&mut s, &["spyResult"]).await.remove(0);
    monitor_fields(&result, "9001", "spiedCno");
    assert_eq!(
        (result["result"].clone(), result["uniqueId"].clone()),
        (json!("success"), a_leg.clone())
    );
    let monitoring = expect_status(&mut s, "talking", "monitoring").await;
    assert_eq!(
        (
            monitoring["deviceStatus"].clone(),
            monitoring["mainUniqueId"].clone()
        ),
        (json!(4), ringing["mainUniqueId"].clone())
    );
    let link = expect(&mut s, &["spyLink"]).await.remove(0);
    monitor_fields(&link, "9001", "spiedCno");
    assert_eq!(link["result"], "success");
    assert!(link["channel"]
        .as_str()
        .is_some_and(|c| c.starts_with("SIP/t1-9001-")));
    quiet(&mut a, Duration::from_millis(300)).await;

    // Switch to whisper: spyUnlink first, then whisperResult and the links.
    ok(&mut s, "whisper", json!({"agentNo": "1033"})).await;
    monitor_fields(&expect(&mut s, &["spyUnlink"]).await[0], "9001", "spiedCno");
    let result = expect(&mut s, &["whisperResult"]).await.remove(0);
    monitor_fields(&result, "9001", "whisperedCno");
    monitor_fields(
        &expect(&mut s, &["whisperLink"]).await[0],
        "9001",
        "whisperedCno",
    );
    monitor_fields(
        &expect(&mut a, &["whisperLink"]).await[0],
        "1033",
        "whisperedCno",
    );

    // Switch to barge.
    ok(&mut s, "barge", json!({"agentNo": "1033"})).await;
    monitor_fields(
        &expect(&mut s, &["whisperUnlink"]).await[0],
        "9001",
        "whisperedAgentNo",
    );
    monitor_fields(
        &expect(&mut a, &["whisperUnlink"]).await[0],
        "1033",
        "whisperedAgentNo",
    );
    monitor_fields(
        &expect(&mut s, &["bargeResult"]).await[0],
        "9001",
        "bargedAgentNo",
    );
    monitor_fields(
        &expect(&mut s, &["bargeLink"]).await[0],
        "9001",
        "bargedAgentNo",
    );
    monitor_fields(
        &expect(&mut a, &["bargeLink"]).await[0],
        "1033",
        "bargedAgentNo",
    );
    // The same mode again is no switch.
    refused(&mut s, "barge", json!({"agentNo": "1033"}), "INVALID_STATE").await;

    ok(&mut s, "unbarge", json!({})).await;
    monitor_fields(
        &expect(&mut s, &["bargeUnlink"]).await[0],
        "9001",
        "bargedCno",
    );
    expect_status(&mut s, "idle", "monitorEnd").await;
    monitor_fields(
        &expect(&mut a, &["bargeUnlink"]).await[0],
        "1033",
        "bargedCno",
    );
    refused(&mut s, "unbarge", json!({}), "INVALID_STATE").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_monitor_ends_with_its_unlink_when_the_agents_call_ends() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9001", 2).await;
    let mut a = agent(&gw, "1033", 2).await;
    answered_call(&gw, &mut a, "1033").await;
    ok(&mut s, "threeway", json!({"agentNo": "1033"})).await;
    expect(&mut s, &["threewayResult"]).await;
    expect_status(&mut s, "talking", "monitoring").await;
    expect(&mut s, &["threewayLink"]).await;
    expect(&mut a, &["threewayLink"]).await;
    ok(&mut a, "hangup", json!({})).await;
    monitor_fields(
        &expect(&mut s, &["threewayUnlink"]).await[0],
        "9001",
        "threewayedAgentNo",
    );
    expect_status(&mut s, "idle", "monitorEnd").await;
    monitor_fields(
        &expect(&mut a, &["threewayUnlink"]).await[0],
        "1033",
        "threewayedAgentNo",
    );
    expect_status(&mut a, "wrapup", "hangup").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn monitors_are_refused_without_rights_without_a_call_and_for_another_tenants_agent() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9001", 2).await;
    let mut a = agent(&gw, "1034", 2).await;
    let msg = refused(
        &mut a,
        "whisper",
        json!({"agentNo": "1035"}),
        "NOT_SUPERVISOR",
    )
    .await;
    assert_eq!(
        msg,
        "`whisper` needs supervisor rights; this agent is not a supervisor"
    );
    refused(&mut a, "subscribeQueueStatus", json!({}), "NOT_SUPERVISOR").await;
    let msg = refused(&mut s, "spy", json!({"agentNo": "1034"}), "INVALID_STATE").await;
    assert!(msg.contains("not on a call"), "{msg}");
    refused(&mut s, "spy", json!({"agentNo": "2001"}), "AGENT_UNKNOWN").await;
    refused(&mut s, "unspy", json!({}), "INVALID_STATE").await;
    refused(&mut s, "spy", json!({"agent": "1034"}), "BAD_REQUEST").await;
    gw.shutdown().await;
}
