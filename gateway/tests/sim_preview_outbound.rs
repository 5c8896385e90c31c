//! Preview outbound calls (docs/flows.md §4): the customer's number's last digit decides —
//! 0 never answers (customerAnswerTimeout, capped), 1 is busy, anything else answers.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, expect, expect_status, ok, refused, start_sim};
use serde_json::{json, Value};
use tokio::time::Instant;

/// previewObCall from idle: the reply's ids, then previewObCallStart and agentStatus calling.
async fn dial(client: &mut common::Client, number: &str) -> (Value, Value) {
    let data = ok(
        client,
        "previewObCall",
        json!({"customerNumber": number, "customerAnswerTimeout": 30}),
    )
    .await;
    let start = expect(client, &["previewObCallStart"]).await.remove(0);
    assert_eq!(start["customerNumber"], number);
    assert_eq!(start["mainUniqueId"], data["mainUniqueId"]);
    assert_eq!(start["requestUniqueId"], data["requestUniqueId"]);
    assert_eq!(start["customerNumberType"], 1);
    assert!(start["obClid"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(start["obClidAreaCode"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let calling = expect_status(client, "calling", "previewObCall").await;
    assert_eq!(
        (calling["deviceStatus"].clone(), calling["callType"].clone()),
        (json!(2), json!(4))
    );
    assert_eq!(calling["mainUniqueId"], data["mainUniqueId"]);
    (data, calling)
}

#[tokio::test(start_paused = true)]
async fn a_preview_call_rings_the_customer_bridges_and_succeeds() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1009", 2).await;
    let (data, calling) = dial(&mut a, "13800000005").await;
    let ringing = expect(&mut a, &["previewObCallRinging"]).await.remove(0);
    assert_eq!(
        (ringing["state"].clone(), ringing["stateAction"].clone()),
        (json!("calling"), json!("customerRinging"))
    );
    let bridge = expect(&mut a, &["previewObCallBridge"]).await.remove(0);
    assert_eq!(
        bridge["channel"]
            .as_str()
            .map(|c| c.starts_with("SIP/t1-1009-")),
        Some(true)
    );
    assert!(bridge["destChannel"]
        .as_str()
        .is_some_and(|c| c.starts_with("PSTN/13800000005")));
    let talking = expect_status(&mut a, "talking", "bridge").await;
    assert_eq!(
        (talking["callType"].clone(), talking["mainUniqueId"].clone()),
        (json!(4), data["mainUniqueId"].clone())
    );
    let result = expect(&mut a, &["previewObCallResult"]).await.remove(0);
    assert_eq!(result["result"], "success");
    assert_eq!(result["uniqueId"], calling["uniqueId"]);
    assert!(result.get("reason").is_none());
    // One preview call at a time, and none during a call.
    refused(
        &mut a,
        "previewObCall",
        json!({"customerNumber": "13800000006"}),
        "INVALID_STATE",
    )
    .await;
    ok(&mut a, "hangup", json!({})).await;
    expect_status(&mut a, "wrapup", "hangup").await;
    expect_status(&mut a, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_number_ending_in_0_does_not_answer_within_the_capped_timeout() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1010", 2).await;
    dial(&mut a, "13800000000").await;
    expect(&mut a, &["previewObCallRinging"]).await;
    let rang = Instant::now();
    let result = expect(&mut a, &["previewObCallResult"]).await.remove(0);
    // customerAnswerTimeout 30 s, capped to the simulator's 2 s.
    assert_eq!(rang.elapsed(), Duration::from_secs(2));
    assert_eq!(
        (result["result"].clone(), result["reason"].clone()),
        (json!("error"), json!("noAnswer"))
    );
    let back = expect_status(&mut a, "idle", "previewObCallFailed").await;
    assert_eq!(back["deviceStatus"], 0);
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_number_ending_in_1_is_busy_after_a_second() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1011", 2).await;
    let started = Instant::now();
    dial(&mut a, "13800000001").await;
    let result = expect(&mut a, &["previewObCallResult"]).await.remove(0);
    assert_eq!(started.elapsed(), Duration::from_secs(1));
    assert_eq!(
        (result["result"].clone(), result["reason"].clone()),
        (json!("error"), json!("busy"))
    );
    expect_status(&mut a, "idle", "previewObCallFailed").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn hanging_up_while_dialing_cancels_and_a_busy_agent_returns_to_busy() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1012", 2).await;
    ok(
        &mut a,
        "pause",
        json!({"pauseType": 2, "pauseDescription": "outbound"}),
    )
    .await;
    expect_status(&mut a, "busy", "pause").await;
    dial(&mut a, "13800000009").await;
    ok(&mut a, "hangup", json!({})).await;
    let result = expect(&mut a, &["previewObCallResult"]).await.remove(0);
    assert_eq!(
        (result["result"].clone(), result["reason"].clone()),
        (json!("error"), json!("cancelled"))
    );
    let back = expect_status(&mut a, "busy", "previewObCallFailed").await;
    assert_eq!(back["pauseDescription"], "outbound");
    // Nothing more of that call.
    assert!(a.frame_within(Duration::from_secs(5)).await.is_none());
    gw.shutdown().await;
}
