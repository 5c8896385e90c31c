//! The gateway judges call commands as the SDK does (the engine's own guards, docs/flows.md
//! §10), and the simulator lets go of an agent whose session ends (kick, restart) while the
//! rest of the call goes on for the others; events of a detached session are replayed on resume.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, answered_call, expect, expect_status, ok, refused, sim, start_sim};
use common::{session_key, Client};
use serde_json::json;

#[tokio::test(start_paused = true)]
async fn call_commands_are_refused_with_the_engines_messages_naming_state_and_command() {
    let gw = start_sim().await;
    let key = session_key(&gw, "t1", "1001", "test").await;
    let (mut fresh, _) = Client::authenticated(&gw, "t1", "1001", &key).await;
    let msg = refused(&mut fresh, "hold", json!({}), "NOT_LOGGED_IN").await;
    assert!(msg.contains("log in first"), "{msg}");
    drop(fresh);
    let mut a = agent(&gw, "1002", 2).await;
    let msg = refused(
        &mut a,
        "startAtxfer",
        json!({"targetType": 1, "target": "1003"}),
        "INVALID_STATE",
    )
    .await;
    assert_eq!(
        msg,
        "`startAtxfer` is not allowed while the agent is idle; it needs a call in progress"
    );
    let msg = refused(&mut a, "hangup", json!({}), "INVALID_STATE").await;
    assert_eq!(
        msg,
        "`hangup` is not allowed while the agent is idle; there is no call to hang up"
    );
    let msg = refused(&mut a, "sendDtmf", json!({"digits": "12x"}), "BAD_REQUEST").await;
    assert!(msg.contains("`digits` must be 1–32"), "{msg}");
    refused(&mut a, "teleport", json!({}), "UNKNOWN_ACTION").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn an_agent_kicked_during_a_consult_leaves_the_consult_party_to_wrap_up() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1003", 2).await;
    let mut b = agent(&gw, "1004", 2).await;
    answered_call(&gw, &mut a, "1003").await;
    ok(
        &mut a,
        "startAtxfer",
        json!({"targetType": 1, "target": "1004"}),
    )
    .await;
    expect_status(&mut b, "ringing", "ringing").await;
    expect(&mut b, &["ringing"]).await;
    expect_status(&mut b, "talking", "answer").await;
    // A logs in elsewhere without resuming: the old session ends (kick), its calls with it.
    let key = session_key(&gw, "t1", "1003", "test").await;
    let (_again, _) = Client::authenticated(&gw, "t1", "1003", &key).await;
    expect_status(&mut b, "wrapup", "customerHangup").await;
    expect_status(&mut b, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn events_of_a_call_while_the_connection_is_down_are_replayed_on_resume() {
    let gw = start_sim().await;
    let key = session_key(&gw, "t1", "1005", "test").await;
    let (mut a, auth) = Client::authenticated(&gw, "t1", "1005", &key).await;
    let session_id = auth["data"]["sessionId"].as_str().unwrap().to_owned();
    ok(
        &mut a,
        "login",
        json!({"bindEndpoint": {"endpointType": 2, "endpoint": "81005"}, "initialStatus": 1}),
    )
    .await;
    let login = expect(&mut a, &["sessionInit", "agentStatus", "extenState"]).await;
    assert_eq!(login.len(), 3);
    drop(a);
    tokio::time::sleep(Duration::from_millis(50)).await;
    // A call rings and is answered while nobody is connected: it goes into history.
    sim(&gw, "call", json!({"tenantId": "t1", "agentNo": "1005"})).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (mut a, auth) = Client::resumed(&gw, "t1", "1005", &key, &session_id, 3).await;
    assert_eq!(auth["data"]["resumed"], true);
    let replay = a.events_through(6).await;
    let kinds: Vec<_> = replay
        .iter()
        .map(|e| e["payload"]["eventType"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["agentStatus", "ringing", "agentStatus"]);
    assert_eq!(replay[2]["payload"]["status"]["stateAction"], "answer");
    ok(&mut a, "hangup", json!({})).await;
    expect_status(&mut a, "wrapup", "hangup").await;
    gw.shutdown().await;
}
