//! A supervisor's commands on an agent (docs/flows.md §7): disconnect, setPause / setUnpause,
//! setOffline (4506).

#![allow(clippy::unwrap_used)]

mod common;

use common::sim::{agent, answered_call, expect, expect_status, ok, refused, start_sim};
use serde_json::json;

#[tokio::test(start_paused = true)]
async fn disconnect_forces_the_agents_call_down_into_wrapup() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9002", 2).await;
    let mut a = agent(&gw, "1035", 2).await;
    refused(
        &mut s,
        "disconnect",
        json!({"agentNo": "1035"}),
        "INVALID_STATE",
    )
    .await;
    let ringing = answered_call(&gw, &mut a, "1035").await;
    ok(&mut s, "disconnect", json!({"agentNo": "1035"})).await;
    let result = expect(&mut s, &["disconnectResult"]).await.remove(0);
    assert_eq!(
        (result["agentNo"].clone(), result["disconnectorCno"].clone()),
        (json!("9002"), json!("1035"))
    );
    assert_eq!(
        (result["initiator"].clone(), result["initiatorType"].clone()),
        (json!("9002"), json!(1))
    );
    assert_eq!(
        (result["result"].clone(), result["uniqueId"].clone()),
        (json!("success"), ringing["uniqueId"].clone())
    );
    expect_status(&mut a, "wrapup", "forcedHangup").await;
    expect_status(&mut a, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn set_pause_and_set_unpause_move_the_agent_and_only_reply_to_the_supervisor() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9002", 2).await;
    let mut a = agent(&gw, "1036", 2).await;
    refused(
        &mut s,
        "setUnpause",
        json!({"agentNo": "1036"}),
        "INVALID_STATE",
    )
    .await;
    ok(
        &mut s,
        "setPause",
        json!({"agentNo": "1036", "pauseDescription": "coaching"}),
    )
    .await;
    let busy = expect_status(&mut a, "busy", "supervisorPause").await;
    assert_eq!(
        (
            busy["pauseDescription"].clone(),
            busy["initialStatus"].clone()
        ),
        (json!("coaching"), json!(2))
    );
    ok(&mut s, "setUnpause", json!({"agentNo": "1036"})).await;
    expect_status(&mut a, "idle", "supervisorUnpause").await;
    answered_call(&gw, &mut a, "1036").await;
    let msg = refused(
        &mut s,
        "setPause",
        json!({"agentNo": "1036"}),
        "INVALID_STATE",
    )
    .await;
    assert!(msg.contains("on a call"), "{msg}");
    refused(
        &mut s,
        "setPause",
        json!({"agentNo": "1037"}),
        "INVALID_STATE",
    )
    .await;
    assert!(
        s.frame_within(std::time::Duration::from_millis(200))
            .await
            .is_none(),
        "replies only"
    );
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn set_offline_logs_the_agent_out_with_forced_offline_and_close_4506() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9002", 2).await;
    let mut a = agent(&gw, "1037", 2).await;
    ok(&mut s, "setOffline", json!({"agentNo": "1037"})).await;
    let result = expect(&mut s, &["setOfflineResult"]).await.remove(0);
    assert_eq!(result["agentNo"], "1037");
    assert_eq!(
        (
            result["initiator"].clone(),
            result["code"].clone(),
            result["message"].clone()
        ),
        (json!("9002"), json!("0"), json!("ok"))
    );
    let exten = expect(&mut a, &["extenState"]).await.remove(0);
    assert_eq!(exten["registerState"], "Unregistered");
    let offline = expect_status(&mut a, "offline", "forcedOffline").await;
    assert_eq!(offline["deviceStatus"], -1);
    let end = expect(&mut a, &["sessionTerminate"]).await.remove(0);
    assert_eq!(end["reason"], "forcedOffline");
    assert_eq!(a.close_code().await, 4506);
    // The agent is gone: calls to it are refused.
    let (status, answer) = common::post(
        &gw,
        "/control/sim/call",
        json!({"tenantId": "t1", "agentNo": "1037"}),
    )
    .await;
    assert_eq!(
        (status, answer["errorCode"].clone()),
        (409, json!("AGENT_NOT_AVAILABLE"))
    );
    gw.shutdown().await;
}
