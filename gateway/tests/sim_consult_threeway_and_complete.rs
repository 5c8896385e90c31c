//! A consult taken to three-way, left by the consult party, and a consult completed: the
//! customer is the consult party's now (docs/flows.md §5 steps 6–7), seen from both agents.

#![allow(clippy::unwrap_used)]

mod common;

use common::sim::{agent, answered_call, expect, expect_status, ok, refused, sim, start_sim};
use common::Client;
use serde_json::{json, Value};

async fn consult(a: &mut Client, b: &mut Client, target: &str) {
    ok(a, "startAtxfer", json!({"targetType": 1, "target": target})).await;
    expect(a, &["atxferStart"]).await;
    expect_status(a, "talking", "consultDialing").await;
    expect_status(b, "ringing", "ringing").await;
    expect(b, &["ringing"]).await;
    expect(a, &["atxferLink"]).await;
    expect_status(a, "talking", "consultLinked").await;
    expect_status(b, "talking", "answer").await;
}

#[tokio::test(start_paused = true)]
async fn a_three_way_ends_with_atxfer_threeway_unlink_when_the_consult_party_leaves() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1024", 2).await;
    let mut b = agent(&gw, "1025", 2).await;
    answered_call(&gw, &mut a, "1024").await;
    consult(&mut a, &mut b, "1025").await;
    ok(&mut a, "threewayAtxfer", json!({})).await;
    let three = expect(&mut a, &["threewayAtxferResult"]).await.remove(0);
    assert_eq!(
        (three["target"].clone(), three["targetType"].clone()),
        (json!("1025"), json!(1))
    );
    assert_eq!(
        (three["state"].clone(), three["stateAction"].clone()),
        (json!("talking"), json!("consultThreeway"))
    );
    expect_status(&mut a, "talking", "consultThreeway").await;
    refused(&mut a, "threewayAtxfer", json!({}), "INVALID_STATE").await;
    ok(&mut b, "hangup", json!({})).await;
    expect_status(&mut b, "wrapup", "hangup").await;
    let unlink = expect(&mut a, &["atxferThreewayUnlink"]).await.remove(0);
    assert_eq!(
        (unlink["target"].clone(), unlink["stateAction"].clone()),
        (json!("1025"), json!("consultEnded"))
    );
    expect_status(&mut a, "talking", "consultEnded").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn resuming_a_three_way_unlinks_it_and_keeps_the_customer() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1024", 2).await;
    let mut b = agent(&gw, "1026", 2).await;
    answered_call(&gw, &mut a, "1024").await;
    consult(&mut a, &mut b, "1026").await;
    ok(&mut a, "threewayAtxfer", json!({})).await;
    expect(&mut a, &["threewayAtxferResult"]).await;
    expect_status(&mut a, "talking", "consultThreeway").await;
    ok(&mut a, "resumeAtxfer", json!({})).await;
    expect_status(&mut b, "wrapup", "customerHangup").await;
    expect(&mut a, &["atxferThreewayUnlink"]).await;
    let back = expect_status(&mut a, "talking", "consultEnded").await;
    assert_eq!(back["callType"], 1);
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_completed_consult_hands_the_customer_to_the_consult_party() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1024", 2).await;
    let mut b = agent(&gw, "1027", 2).await;
    let call = answered_call(&gw, &mut a, "1024").await;
    let main: Value = call["mainUniqueId"].clone();
    consult(&mut a, &mut b, "1027").await;
    ok(&mut a, "threewayAtxfer", json!({})).await;
    expect(&mut a, &["threewayAtxferResult"]).await;
    expect_status(&mut a, "talking", "consultThreeway").await;

    ok(&mut a, "completeAtxfer", json!({})).await;
    // A's status first, so a page seeing the result sees A in wrap-up already.
    let wrapup = expect_status(&mut a, "wrapup", "transferred").await;
    assert_eq!(wrapup["wrapupTime"], 1);
    let done = expect(&mut a, &["completeAtxferResult"]).await.remove(0);
    assert_eq!(
        (done["target"].clone(), done["targetType"].clone()),
        (json!("1027"), json!(1))
    );
    assert_eq!(
        (done["state"].clone(), done["stateAction"].clone()),
        (json!("wrapup"), json!("transferred"))
    );
    // B's ringing named the consulting agent (an internal call); now B holds the customer, and
    // a `ringing` of subCallType 103 says who that is before the status (issue 10, defect 6).
    let handed = expect(&mut b, &["ringing"]).await.remove(0);
    assert_eq!(handed["customerNumber"], call["customerNumber"], "{handed}");
    assert_ne!(handed["customerNumber"], "1024");
    assert_eq!(
        (
            handed["subCallType"].clone(),
            handed["callType"].clone(),
            handed["mainUniqueId"].clone()
        ),
        (json!(103), json!(1), main.clone())
    );
    assert_eq!(
        (handed["customerCity"].clone(), handed["queueNo"].clone()),
        (call["customerCity"].clone(), call["queueNo"].clone())
    );
    let took = expect_status(&mut b, "talking", "transferIn").await;
    assert_eq!(took["uniqueId"], handed["uniqueId"]);
    assert_eq!(
        (took["mainUniqueId"].clone(), took["callType"].clone()),
        (main, json!(1))
    );
    expect_status(&mut a, "idle", "wrapupEnd").await;

    // B holds the customer now: the customer's hang-up is B's.
    sim(
        &gw,
        "customer-hangup",
        json!({"tenantId": "t1", "agentNo": "1027"}),
    )
    .await;
    expect_status(&mut b, "wrapup", "customerHangup").await;
    gw.shutdown().await;
}
