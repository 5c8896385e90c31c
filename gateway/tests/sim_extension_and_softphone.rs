//! Devices (docs/flows.md §8): an extension registers on login, re-registers, unregisters on
//! logout; a softphone's SIP session comes up with sipLink and ends with the call, with
//! sipUnlink, or with a lost connection; callbacks fall due on command.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, expect, expect_status, ok, sim, sim_config, start_sim};
use serde_json::json;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn an_extension_registers_on_login_every_interval_and_unregisters_on_logout() {
    let mut config = sim_config();
    config.sim.register_interval = Duration::from_secs(3);
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let key = common::session_key(&gw, "t1", "1039", "test").await;
    let (mut a, _) = common::Client::authenticated(&gw, "t1", "1039", &key).await;
    ok(
        &mut a,
        "login",
        json!({"bindEndpoint": {"endpointType": 2, "endpoint": "8039"}, "initialStatus": 1}),
    )
    .await;
    expect(&mut a, &["sessionInit"]).await;
    expect_status(&mut a, "idle", "login").await;
    let first = expect(&mut a, &["extenState"]).await.remove(0);
    assert_eq!(
        (first["state"].clone(), first["registerState"].clone()),
        (json!("Reachable"), json!("Registered"))
    );
    assert_eq!(
        (first["extenNo"].clone(), first["tenantId"].clone()),
        (json!("8039"), json!("t1"))
    );
    assert_eq!(
        first["registerTime"], "2024-05-20 10:13:20",
        "the simulator's clock, epoch fixed"
    );
    assert!(first["URI"]
        .as_str()
        .is_some_and(|u| u.starts_with("sip:8039@")));
    assert!(first["extenIp"].is_string() && first["expirationTime"].is_string());
    let since = Instant::now();
    let again = expect(&mut a, &["extenState"]).await.remove(0);
    assert_eq!(since.elapsed(), Duration::from_secs(3));
    assert_eq!(again["registerTime"], "2024-05-20 10:13:23");
    a.send_json(json!({"type": "ping", "ts": 1})).await;
    assert_eq!(a.frame().await["type"], "pong");
    ok(&mut a, "logout", json!({})).await;
    let gone = expect(&mut a, &["extenState"]).await.remove(0);
    assert_eq!(
        (gone["state"].clone(), gone["registerState"].clone()),
        (json!("Unreachable"), json!("Unregistered"))
    );
    expect_status(&mut a, "offline", "logout").await;
    expect(&mut a, &["sessionTerminate"]).await;
    assert_eq!(a.close_code().await, 4500);
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_softphone_sip_session_comes_up_with_sip_link_and_ends_with_the_call() {
    let gw = start_sim().await;
    let mut p = agent(&gw, "1040", 3).await;
    sim(&gw, "call", json!({"tenantId": "t1", "agentNo": "1040"})).await;
    expect_status(&mut p, "ringing", "ringing").await;
    expect(&mut p, &["ringing"]).await;
    assert!(
        p.frame_within(Duration::from_secs(3)).await.is_none(),
        "a softphone does not pick up by itself"
    );
    // With an SDP offer, the reply carries the media's answer: none yet (NoMedia).
    let data = ok(&mut p, "sipLink", json!({"sdp": "v=0\r\n"})).await;
    assert_eq!(data, json!({"sdp": null}));
    let init = expect(&mut p, &["sipSessionInit"]).await.remove(0);
    assert_eq!(
        (init["agentNo"].clone(), init["endpoint"].clone()),
        (json!("1040"), json!("81040"))
    );
    expect_status(&mut p, "talking", "answer").await;
    ok(&mut p, "sipUnlink", json!({})).await;
    let end = expect(&mut p, &["sipSessionTerminate"]).await.remove(0);
    assert_eq!(end["reason"], "unlink");
    ok(&mut p, "sipLink", json!({})).await;
    expect(&mut p, &["sipSessionInit"]).await;
    ok(&mut p, "hangup", json!({})).await;
    let end = expect(&mut p, &["sipSessionTerminate"]).await.remove(0);
    assert_eq!(end["reason"], "hangup");
    expect_status(&mut p, "wrapup", "hangup").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_lost_softphone_gets_sip_disconnected_then_its_session_ends_and_the_call_goes_on() {
    let gw = start_sim().await;
    let mut p = agent(&gw, "1040", 3).await;
    sim(&gw, "call", json!({"tenantId": "t1", "agentNo": "1040"})).await;
    expect_status(&mut p, "ringing", "ringing").await;
    expect(&mut p, &["ringing"]).await;
    ok(&mut p, "sipLink", json!({})).await;
    expect(&mut p, &["sipSessionInit"]).await;
    expect_status(&mut p, "talking", "answer").await;
    let answer = sim(
        &gw,
        "sip-disconnect",
        json!({"tenantId": "t1", "agentNo": "1040", "reason": "test"}),
    )
    .await;
    assert_eq!(answer["sipSessionEnded"], true);
    let lost = expect(&mut p, &["sipDisconnected"]).await.remove(0);
    assert_eq!(lost["reason"], "test");
    let end = expect(&mut p, &["sipSessionTerminate"]).await.remove(0);
    assert_eq!(end["reason"], "disconnected");
    // The call is still there: the customer can hang up on it.
    sim(
        &gw,
        "customer-hangup",
        json!({"tenantId": "t1", "agentNo": "1040"}),
    )
    .await;
    expect_status(&mut p, "wrapup", "customerHangup").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn sip_commands_need_the_softphone_and_a_callback_falls_due_on_command() {
    let gw = start_sim().await;
    let mut a = agent(&gw, "1001", 2).await;
    let msg = common::sim::refused(&mut a, "sipLink", json!({}), "NOT_SOFTPHONE").await;
    assert!(msg.contains("endpointType 3"), "{msg}");
    let answer = sim(
        &gw,
        "callback",
        json!({"tenantId": "t1", "agentNo": "1001", "customerNumber": "13700000003"}),
    )
    .await;
    let cb = expect(&mut a, &["orderCallBack"]).await.remove(0);
    assert_eq!(cb["callbackId"], answer["callbackId"]);
    assert_eq!(
        (
            cb["tenantId"].clone(),
            cb["agentNo"].clone(),
            cb["customerNumber"].clone()
        ),
        (json!("t1"), json!("1001"), json!("13700000003"))
    );
    assert!(cb["scheduledTime"].is_i64() && cb["note"].is_string());
    gw.shutdown().await;
}
