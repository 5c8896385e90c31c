//! One live connection per agent, and tenants kept apart (docs/protocol.md §7; PRODUCT.md §3).

#![allow(clippy::unwrap_used)]

mod common;

use agentdesk_gateway::Directory;
use common::{config, config_with_test_directory, session_key, start, Client};
use serde_json::json;

#[tokio::test]
async fn newer_login_kicks_the_older_connection_with_session_terminate_and_4501() {
    let gw = start().await;
    let mut old = Client::logged_in(&gw, "t1", "0001", "demo").await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut new, auth) = Client::authenticated(&gw, "t1", "0001", &key).await;
    assert_eq!(auth["data"]["lastEventId"], 0);

    let terminate = old.event().await;
    assert_eq!(terminate["payload"]["eventType"], "sessionTerminate");
    assert_eq!(terminate["payload"]["reason"], "kicked");
    assert_eq!(terminate["eventId"], 3);
    assert_eq!(old.close_code().await, 4501);

    // The newer connection is a fresh session whose events start at 1.
    assert_eq!(
        new.command("login", common::login_params()).await["code"],
        0
    );
    assert_eq!(new.event().await["eventId"], 1);
    gw.shutdown().await;
}

#[tokio::test]
async fn newer_auth_kicks_an_older_connection_that_never_logged_in_without_session_terminate() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0002", "demo").await;
    let (mut old, _) = Client::authenticated(&gw, "t1", "0002", &key).await;
    let (_new, _) = Client::authenticated(&gw, "t1", "0002", &key).await;
    assert_eq!(old.close_code().await, 4501);
    gw.shutdown().await;
}

#[tokio::test]
async fn each_agent_sees_only_its_own_tenants_events() {
    let gw = agentdesk_gateway::start(config_with_test_directory())
        .await
        .unwrap();
    let mut a = Client::logged_in(&gw, "t1", "1001", "test").await;
    let mut b = Client::logged_in(&gw, "t2", "2001", "test").await;
    assert_eq!(a.command("pause", json!({})).await["code"], 0);
    let busy = a.event().await;
    assert_eq!(busy["payload"]["agentNo"], "1001");
    assert_eq!(busy["payload"]["tenantId"], "t1");
    // b got nothing from a's pause: its next frame is the answer to its own ping.
    b.send_json(json!({"type": "ping", "ts": 1})).await;
    assert_eq!(b.frame().await["type"], "pong");
    assert_eq!(b.command("logout", json!({})).await["code"], 0);
    assert_eq!(b.event().await["payload"]["tenantId"], "t2");
    assert_eq!(b.event().await["payload"]["eventType"], "sessionTerminate");
    assert_eq!(b.close_code().await, 4500);
    // a is untouched by b's logout.
    a.send_json(json!({"type": "ping", "ts": 2})).await;
    assert_eq!(a.frame().await["type"], "pong");
    gw.shutdown().await;
}

#[tokio::test]
async fn same_agent_number_in_two_tenants_is_two_agents_and_kicks_neither() {
    let mut cfg = config();
    cfg.directory = Directory::parse(
        r#"
        [[tenants]]
        id = "east"
        name = "East"
        agents = [{ agent_no = "0001", name = "E", password = "pw", role = "agent" }]
        [[tenants]]
        id = "west"
        name = "West"
        agents = [{ agent_no = "0001", name = "W", password = "pw", role = "agent" }]
        "#,
    )
    .unwrap();
    let gw = agentdesk_gateway::start(cfg).await.unwrap();
    let mut east = Client::logged_in(&gw, "east", "0001", "pw").await;
    let mut west = Client::logged_in(&gw, "west", "0001", "pw").await;
    assert_eq!(east.command("pause", json!({})).await["code"], 0);
    assert_eq!(east.event().await["payload"]["tenantId"], "east");
    // west was neither kicked nor told about east's pause.
    assert_eq!(west.command("pause", json!({})).await["code"], 0);
    let busy = west.event().await;
    assert_eq!(busy["payload"]["tenantId"], "west");
    assert_eq!(busy["eventId"], 3);
    gw.shutdown().await;
}
