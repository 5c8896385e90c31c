//! The first frame and what refuses it (docs/protocol.md §1, §2, §7).

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentdesk_gateway::{Claims, Role};
use common::{config, config_with_test_directory, session_key, start, Client};
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Error as WsError;

fn now_ms() -> u64 {
    u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

#[tokio::test]
async fn upgrade_without_the_subprotocol_is_refused_with_http_400() {
    let gw = start().await;
    let request = gw.ws_url().into_client_request().unwrap();
    match tokio_tungstenite::connect_async(request).await {
        Err(WsError::Http(response)) => assert_eq!(response.status().as_u16(), 400),
        other => panic!("expected HTTP 400, got {other:?}"),
    }
    let mut request = gw.ws_url().into_client_request().unwrap();
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", "agentdesk.v2".parse().unwrap());
    match tokio_tungstenite::connect_async(request).await {
        Err(WsError::Http(response)) => assert_eq!(response.status().as_u16(), 400),
        other => panic!("expected HTTP 400, got {other:?}"),
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn forged_key_is_refused_with_key_invalid_then_closed_4502() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    // Same claims, someone else's MAC.
    let (body, _) = key.rsplit_once('.').unwrap();
    let forged = format!("{body}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    let mut client = Client::connect(&gw).await;
    let reply = client.auth("t1", "0001", &forged).await;
    assert_eq!(reply["code"], -1);
    assert_eq!(reply["errorCode"], "KEY_INVALID");
    assert_eq!(client.close_code().await, 4502);
    gw.shutdown().await;
}

#[tokio::test]
async fn garbage_key_is_refused_with_key_invalid_then_closed_4502() {
    let gw = start().await;
    let mut client = Client::connect(&gw).await;
    let reply = client.auth("t1", "0001", "not-a-key").await;
    assert_eq!(reply["errorCode"], "KEY_INVALID");
    assert_eq!(client.close_code().await, 4502);
    gw.shutdown().await;
}

#[tokio::test]
async fn expired_key_is_refused_with_key_expired_then_closed_4503() {
    let gw = start().await;
    let issued_long_ago = now_ms() - 9 * 3600 * 1000;
    let key = gw
        .keys()
        .issue("t1", "0001", Role::Agent, issued_long_ago)
        .key;
    let mut client = Client::connect(&gw).await;
    let reply = client.auth("t1", "0001", &key).await;
    assert_eq!(reply["code"], -1);
    assert_eq!(reply["errorCode"], "KEY_EXPIRED");
    assert_eq!(client.close_code().await, 4503);
    gw.shutdown().await;
}

#[tokio::test]
async fn key_with_a_tiny_ttl_expires_before_it_is_used() {
    let mut cfg = config();
    cfg.key_ttl = Duration::from_millis(1);
    let gw = agentdesk_gateway::start(cfg).await.unwrap();
    let key = session_key(&gw, "t1", "0001", "demo").await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut client = Client::connect(&gw).await;
    assert_eq!(
        client.auth("t1", "0001", &key).await["errorCode"],
        "KEY_EXPIRED"
    );
    assert_eq!(client.close_code().await, 4503);
    gw.shutdown().await;
}

#[tokio::test]
async fn revoked_key_is_refused_with_key_revoked_then_closed_4502() {
    let gw = start().await;
    let issued = gw.keys().issue("t1", "0001", Role::Agent, now_ms());
    gw.keys().revoke(&issued.claims.jti);
    let mut client = Client::connect(&gw).await;
    assert_eq!(
        client.auth("t1", "0001", &issued.key).await["errorCode"],
        "KEY_REVOKED"
    );
    assert_eq!(client.close_code().await, 4502);
    gw.shutdown().await;
}

#[tokio::test]
async fn another_tenants_key_is_refused_with_tenant_mismatch_then_closed_4504() {
    let gw = agentdesk_gateway::start(config_with_test_directory())
        .await
        .unwrap();
    let t2_key = session_key(&gw, "t2", "2001", "test").await;
    let mut client = Client::connect(&gw).await;
    let reply = client.auth("t1", "2001", &t2_key).await;
    assert_eq!(reply["code"], -1);
    assert_eq!(reply["errorCode"], "TENANT_MISMATCH");
    assert_eq!(client.close_code().await, 4504);
    gw.shutdown().await;
}

#[tokio::test]
async fn key_for_an_agent_missing_from_the_directory_is_refused_with_agent_unknown() {
    let gw = start().await;
    let now = now_ms();
    let claims = Claims {
        tid: "t1".into(),
        sub: "7777".into(),
        role: Role::Agent,
        iat: now,
        exp: now + 60_000,
        jti: "x".into(),
    };
    let key = gw.keys().sign(&claims);
    let mut client = Client::connect(&gw).await;
    assert_eq!(
        client.auth("t1", "7777", &key).await["errorCode"],
        "AGENT_UNKNOWN"
    );
    assert_eq!(client.close_code().await, 4504);
    gw.shutdown().await;
}

#[tokio::test]
async fn a_command_as_first_frame_closes_4401() {
    let gw = start().await;
    let mut client = Client::connect(&gw).await;
    client
        .send_json(json!({"type": "cmd", "id": 1, "action": "login", "params": {}}))
        .await;
    assert_eq!(client.close_code().await, 4401);
    gw.shutdown().await;
}

#[tokio::test]
async fn garbage_as_first_frame_closes_4401() {
    let gw = start().await;
    let mut client = Client::connect(&gw).await;
    client.send_text("hello?".into()).await;
    assert_eq!(client.close_code().await, 4401);
    gw.shutdown().await;
}

#[tokio::test]
async fn no_auth_within_the_auth_timeout_closes_4401() {
    let mut cfg = config();
    cfg.auth_timeout = Duration::from_millis(200);
    let gw = agentdesk_gateway::start(cfg).await.unwrap();
    let mut client = Client::connect(&gw).await;
    assert_eq!(client.close_code().await, 4401);
    gw.shutdown().await;
}
