//! Consults (docs/flows.md §5): linked then resumed, cancelled while dialing, failing (busy
//! number, target not idle, unknown extension), ended by the consult party or the customer.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, answered_call, expect, expect_status, ok, refused, sim, start_sim};
use common::Client;
use serde_json::{json, Value};

/// A starts a consult: reply, atxferStart, agentStatus consultDialing.
async fn start(a: &mut Client, target_type: i64, target: &str) -> Value {
    ok(
        a,
        "startAtxfer",
        json!({"targetType": target_type, "target": target}),
    )
    .await;
    let started = expect(a, &["atxferStart"]).await.remove(0);
    assert_eq!(
        (started["state"].clone(), started["stateAction"].clone()),
        (json!("talking"), json!("consultDialing"))
    );
    assert!(started["channel"]
        .as_str()
        .is_some_and(|c| c.starts_with("SIP/t1-")));
    assert!(started["destChannel"]
        .as_str()
        .is_some_and(|c| !c.is_empty()));
    expect_status(a, "talking", "consultDialing").await;
    started
}

/// B's consult leg rings (callType 9, subCallType 101, the caller A: 1013) and B's extension
/// answers; A is linked.
async fn linked(a: &mut Client, b: &mut Client, main: &Value, target: &str) {
    expect_status(b, "ringing", "ringing").await;
    let r = expect(b, &["ringing"]).await.remove(0);
    assert_eq!(
        (
            r["callType"].clone(),
            r["subCallType"].clone(),
            r["mainUniqueId"].clone()
        ),
        (json!(9), json!(101), main.clone())
    );
    assert_eq!(r["customerNumber"], "1013");
    let link = expect(a, &["atxferLink"]).await.remove(0);
    assert_eq!(
        (link["target"].clone(), link["targetType"].clone()),
        (json!(target), json!(1))
    );
    assert_eq!(
        (link["state"].clone(), link["stateAction"].clone()),
        (json!("talking"), json!("consultLinked"))
    );
    expect_status(a, "talking", "consultLinked").await;
    let b_talking = expect_status(b, "talking", "answer").await;
    assert_eq!(b_talking["callType"], 9);
}

#[tokio::test(start_paused = true)]
async fn a_linked_consult_is_resumed_and_the_consult_party_wraps_up() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1013", 2).await;
    let mut b = agent(&gw, "1014", 2).await;
    let main = answered_call(&gw, &mut a, "1013").await["mainUniqueId"].clone();
    refused(&mut a, "resumeAtxfer", json!({}), "INVALID_STATE").await;
    start(&mut a, 1, "1014").await;
    let msg = refused(&mut a, "completeAtxfer", json!({}), "INVALID_STATE").await;
    assert!(msg.contains("wait for atxferLink"), "{msg}");
    linked(&mut a, &mut b, &main, "1014").await;
    refused(&mut a, "cancelAtxfer", json!({}), "INVALID_STATE").await;

    ok(&mut a, "resumeAtxfer", json!({})).await;
    let ended = expect(&mut a, &["atxferEnded"]).await.remove(0);
    assert_eq!(
        (
            ended["hangupSide"].clone(),
            ended["target"].clone(),
            ended["targetType"].clone()
        ),
        (json!(1), json!("1014"), json!(1))
    );
    assert_eq!(ended["stateAction"], "consultEnded");
    let back = expect_status(&mut a, "talking", "consultEnded").await;
    assert_eq!(
        (back["callType"].clone(), back["mainUniqueId"].clone()),
        (json!(1), main)
    );
    expect_status(&mut b, "wrapup", "customerHangup").await;
    expect_status(&mut b, "idle", "wrapupEnd").await;
    // Back with the customer: a new consult is allowed.
    start(&mut a, 0, "13900000007").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_consult_cancelled_while_dialing_stops_the_targets_ringing() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1013", 2).await;
    let mut b = agent(&gw, "1015", 3).await;
    answered_call(&gw, &mut a, "1013").await;
    start(&mut a, 1, "1015").await;
    expect_status(&mut b, "ringing", "ringing").await;
    expect(&mut b, &["ringing"]).await;
    ok(&mut a, "cancelAtxfer", json!({})).await;
    let ended = expect(&mut a, &["atxferEnded"]).await.remove(0);
    assert_eq!(ended["hangupSide"], 1);
    expect_status(&mut a, "talking", "consultEnded").await;
    expect_status(&mut b, "idle", "abandoned").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_consult_fails_on_a_busy_number_a_target_not_idle_and_an_unregistered_extension() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1013", 2).await;
    let mut busy = agent(&gw, "1016", 2).await;
    ok(&mut busy, "pause", json!({})).await;
    expect_status(&mut busy, "busy", "pause").await;
    answered_call(&gw, &mut a, "1013").await;
    for (target_type, target) in [(0, "13900000001"), (1, "1016"), (1, "7777"), (2, "3001")] {
        start(&mut a, target_type, target).await;
        let error = expect(&mut a, &["atxferError"]).await.remove(0);
        assert_eq!(
            (error["state"].clone(), error["stateAction"].clone()),
            (json!("talking"), json!("consultFailed")),
            "{target}"
        );
        expect_status(&mut a, "talking", "consultFailed").await;
    }
    // An extension starting with 8 answers.
    start(&mut a, 2, "8001").await;
    let link = expect(&mut a, &["atxferLink"]).await.remove(0);
    assert_eq!(
        (link["target"].clone(), link["targetType"].clone()),
        (json!("8001"), json!(2))
    );
    expect_status(&mut a, "talking", "consultLinked").await;
    assert!(
        busy.frame_within(Duration::from_millis(300))
            .await
            .is_none(),
        "a busy agent is not rung"
    );
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn the_consult_party_hanging_up_ends_the_consult_with_hangup_side_2() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1013", 2).await;
    let mut b = agent(&gw, "1017", 2).await;
    let main = answered_call(&gw, &mut a, "1013").await["mainUniqueId"].clone();
    start(&mut a, 1, "1017").await;
    linked(&mut a, &mut b, &main, "1017").await;
    ok(&mut b, "hangup", json!({})).await;
    expect_status(&mut b, "wrapup", "hangup").await;
    let ended = expect(&mut a, &["atxferEnded"]).await.remove(0);
    assert_eq!(ended["hangupSide"], 2);
    expect_status(&mut a, "talking", "consultEnded").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn the_customer_hanging_up_during_a_consult_leaves_the_agents_on_an_internal_call() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1013", 2).await;
    let mut b = agent(&gw, "1018", 2).await;
    let main = answered_call(&gw, &mut a, "1013").await["mainUniqueId"].clone();
    start(&mut a, 1, "1018").await;
    linked(&mut a, &mut b, &main, "1018").await;
    sim(
        &gw,
        "customer-hangup",
        json!({"tenantId": "t1", "agentNo": "1013"}),
    )
    .await;
    let ended = expect(&mut a, &["atxferEnded"]).await.remove(0);
    assert_eq!(ended["hangupSide"], 3);
    let internal = expect_status(&mut a, "talking", "consultEnded").await;
    assert_eq!(internal["callType"], 9);
    // Nothing to transfer any more; the two agents talk until one hangs up.
    refused(
        &mut a,
        "startAtxfer",
        json!({"targetType": 1, "target": "1019"}),
        "INVALID_STATE",
    )
    .await;
    ok(&mut b, "hangup", json!({})).await;
    expect_status(&mut b, "wrapup", "hangup").await;
    expect_status(&mut a, "wrapup", "customerHangup").await;
    expect_status(&mut a, "idle", "wrapupEnd").await;
    gw.shutdown().await;
}
