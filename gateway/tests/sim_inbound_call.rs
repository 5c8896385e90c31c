//! An inbound call from ringing to wrap-up (docs/flows.md §3), over real WebSockets in virtual
//! time.

#![allow(clippy::unwrap_used)]

mod common;

use common::sim::{agent, call_to, expect, expect_status, ok, refused, sim, start_sim};
use serde_json::json;

#[tokio::test(start_paused = true)]
async fn an_inbound_call_rings_is_answered_held_and_hung_up_into_wrapup_then_back_to_idle() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1001", 2).await;
    let main = call_to(&gw, "1001").await;

    let ringing = expect_status(&mut a, "ringing", "ringing").await;
    assert_eq!(ringing["deviceStatus"], 3);
    assert_eq!(ringing["callType"], 1);
    assert_eq!(ringing["mainUniqueId"], main.as_str());
    let r = expect(&mut a, &["ringing"]).await.remove(0);
    assert_eq!(r["tenantId"], "t1");
    assert_eq!(r["agentNo"], "1001");
    assert_eq!(r["callType"], 1);
    assert_eq!(r["subCallType"], 0);
    assert_eq!(r["mainUniqueId"], main.as_str());
    assert_eq!(r["uniqueId"], ringing["uniqueId"]);
    assert_eq!(r["customerNumber"], "13800000002");
    assert_eq!(r["queueNo"], "q-sales");
    for field in [
        "channel",
        "customerAreaCode",
        "customerProvince",
        "customerCity",
        "hotline",
        "numberTrunk",
    ] {
        assert!(
            r[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}: {r}"
        );
    }
    assert!(r["chanVariables"].is_object());

    // The extension picks up after the answer delay.
    let talking = expect_status(&mut a, "talking", "answer").await;
    assert_eq!(
        (
            talking["deviceStatus"].clone(),
            talking["mainUniqueId"].clone()
        ),
        (json!(4), json!(main))
    );

    ok(&mut a, "hold", json!({})).await;
    expect_status(&mut a, "talking", "hold").await;
    let message = refused(&mut a, "hold", json!({}), "INVALID_STATE").await;
    assert_eq!(message, "`hold` is not allowed while the agent is talking with the customer on hold; the customer is already on hold");
    ok(&mut a, "unhold", json!({})).await;
    expect_status(&mut a, "talking", "unhold").await;
    ok(&mut a, "mute", json!({"direction": "out"})).await;
    expect_status(&mut a, "talking", "mute").await;
    ok(&mut a, "unmute", json!({})).await;
    expect_status(&mut a, "talking", "unmute").await;
    ok(&mut a, "sendDtmf", json!({"digits": "12#"})).await;
    refused(&mut a, "pause", json!({}), "INVALID_STATE").await;

    ok(&mut a, "hangup", json!({})).await;
    let wrapup = expect_status(&mut a, "wrapup", "hangup").await;
    assert_eq!(
        (wrapup["wrapupTime"].clone(), wrapup["deviceStatus"].clone()),
        (json!(1), json!(0))
    );
    assert!(wrapup.get("mainUniqueId").is_none());
    let idle = expect_status(&mut a, "idle", "wrapupEnd").await;
    assert_eq!(idle["deviceStatus"], 0);
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn the_customer_hangs_up_and_the_agent_wraps_up_with_customer_hangup() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1002", 2).await;
    call_to(&gw, "1002").await;
    expect_status(&mut a, "ringing", "ringing").await;
    expect(&mut a, &["ringing"]).await;
    expect_status(&mut a, "talking", "answer").await;
    sim(
        &gw,
        "customer-hangup",
        json!({"tenantId": "t1", "agentNo": "1002"}),
    )
    .await;
    expect_status(&mut a, "wrapup", "customerHangup").await;
    expect_status(&mut a, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_customer_hangs_up_after_the_talk_time_given_with_the_call() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1003", 2).await;
    sim(
        &gw,
        "call",
        json!({"tenantId": "t1", "agentNo": "1003", "talkSeconds": 3}),
    )
    .await;
    expect_status(&mut a, "ringing", "ringing").await;
    expect(&mut a, &["ringing"]).await;
    expect_status(&mut a, "talking", "answer").await;
    let started = tokio::time::Instant::now();
    expect_status(&mut a, "wrapup", "customerHangup").await;
    assert_eq!(started.elapsed().as_secs(), 3);
    expect_status(&mut a, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_queued_caller_goes_to_the_longest_idle_agent_of_the_queue() {
    let gw = start_sim().await;
    // 1005 has been idle longer than 1004.
    let mut first = agent(&gw, "1005", 2).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let mut second = agent(&gw, "1004", 2).await;
    sim(&gw, "call", json!({"tenantId": "t1", "queueNo": "q-sales"})).await;
    expect_status(&mut first, "ringing", "ringing").await;
    let r = expect(&mut first, &["ringing"]).await.remove(0);
    assert_eq!(r["queueNo"], "q-sales");
    expect_status(&mut first, "talking", "answer").await;
    // The next caller goes to the other one, the only idle agent left.
    sim(&gw, "call", json!({"tenantId": "t1", "queueNo": "q-sales"})).await;
    expect_status(&mut second, "ringing", "ringing").await;
    gw.shutdown().await;
}
