//! Blind transfer and the IVR (docs/flows.md §6).

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, answered_call, expect, expect_status, ok, refused, start_sim};
use serde_json::json;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn a_blind_transfer_rings_the_target_who_takes_the_call_with_transfer_in() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1028", 2).await;
    let mut b = agent(&gw, "1029", 2).await;
    let main = answered_call(&gw, &mut a, "1028").await["mainUniqueId"].clone();
    let vars = json!([{"name": "orderId", "value": "4711"}]);
    ok(
        &mut a,
        "blxfer",
        json!({"targetType": 1, "target": "1029", "blxferVariables": vars}),
    )
    .await;
    expect_status(&mut a, "wrapup", "transferred").await;
    let ringing = expect_status(&mut b, "ringing", "ringing").await;
    assert_eq!(ringing["mainUniqueId"], main);
    let r = expect(&mut b, &["ringing"]).await.remove(0);
    assert_eq!(
        (r["callType"].clone(), r["subCallType"].clone()),
        (json!(1), json!(103))
    );
    assert_eq!(r["chanVariables"]["orderId"], "4711");
    assert_eq!(r["customerNumber"], "13800000002");
    let took = expect_status(&mut b, "talking", "transferIn").await;
    assert_eq!(took["mainUniqueId"], main);
    expect_status(&mut a, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_blind_transfer_to_an_agent_who_is_not_idle_sends_the_caller_back_to_the_queue() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1028", 2).await;
    let mut b = agent(&gw, "1030", 2).await;
    ok(&mut b, "pause", json!({})).await;
    expect_status(&mut b, "busy", "pause").await;
    answered_call(&gw, &mut a, "1028").await;
    ok(&mut a, "blxfer", json!({"targetType": 1, "target": "1030"})).await;
    expect_status(&mut a, "wrapup", "transferred").await;
    expect_status(&mut a, "idle", "wrapupEnd").await;
    // A is idle again and the caller, back at the head of q-support… rings A (the only idle
    // member; A transferred it, it did not refuse it).
    expect_status(&mut a, "ringing", "ringing").await;
    let r = expect(&mut a, &["ringing"]).await.remove(0);
    assert_eq!(
        (r["subCallType"].clone(), r["queueNo"].clone()),
        (json!(0), json!("q-support"))
    );
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn blind_transfers_to_numbers_extensions_and_ivr_nodes_end_the_call_for_the_agent() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1031", 2).await;
    for (target_type, target) in [
        (0, "13900000008"),
        (2, "8002"),
        (3, r#"{"ivrId":"ivr-1","ivrNode":"menu"}"#),
    ] {
        answered_call(&gw, &mut a, "1031").await;
        ok(
            &mut a,
            "blxfer",
            json!({"targetType": target_type, "target": target}),
        )
        .await;
        expect_status(&mut a, "wrapup", "transferred").await;
        expect_status(&mut a, "idle", "wrapupEnd").await;
    }
    answered_call(&gw, &mut a, "1031").await;
    let msg = refused(
        &mut a,
        "blxfer",
        json!({"targetType": 3, "target": "menu"}),
        "BAD_REQUEST",
    )
    .await;
    assert!(msg.contains("ivrId"), "{msg}");
    refused(
        &mut a,
        "blxfer",
        json!({"targetType": 1, "target": "7777"}),
        "AGENT_UNKNOWN",
    )
    .await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn transfer_ivr_returns_the_callers_input_with_the_variables_given() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1032", 2).await;
    answered_call(&gw, &mut a, "1032").await;
    ok(
        &mut a,
        "transferIvr",
        json!({"ivrId": "ivr-survey", "ivrNode": "start", "variables": {"lang": "en"}}),
    )
    .await;
    let sent = Instant::now();
    // The customer is in the IVR: no second detour, no consult meanwhile.
    let msg = refused(
        &mut a,
        "startAtxfer",
        json!({"targetType": 0, "target": "139"}),
        "INVALID_STATE",
    )
    .await;
    assert!(msg.contains("IVR"), "{msg}");
    let back = expect(&mut a, &["interactReturn"]).await.remove(0);
    assert_eq!(sent.elapsed(), Duration::from_secs(1));
    let vars = &back["returnVariables"];
    assert_eq!(
        (
            vars["lang"].clone(),
            vars["ivrId"].clone(),
            vars["result"].clone()
        ),
        (json!("en"), json!("ivr-survey"), json!("ok"))
    );
    assert!(vars["digits"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(
        (back["tenantId"].clone(), back["agentNo"].clone()),
        (json!("t1"), json!("1032"))
    );
    // The customer is back on the line.
    ok(
        &mut a,
        "startAtxfer",
        json!({"targetType": 0, "target": "13900000003"}),
    )
    .await;
    expect(&mut a, &["atxferStart"]).await;
    gw.shutdown().await;
}
