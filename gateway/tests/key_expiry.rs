//! Session keys that expire on a live connection (docs/protocol.md §3 `refreshKey`, §7 4503,
//! §9 `keyExpiring`).

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentdesk_gateway::{Claims, RunningGateway};
use common::{config, login_params, session_key, start_with, Client};
use serde_json::json;

fn now_ms() -> u64 {
    u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// A gateway that warns one second before a key expires.
async fn gateway() -> RunningGateway {
    let mut config = config();
    config.key_warn = Duration::from_secs(1);
    start_with(config).await
}

/// A key of `agent` expiring `ttl_ms` from now.
fn short_key(gw: &RunningGateway, agent: &str, ttl_ms: u64) -> (String, u64) {
    let now = now_ms();
    let claims = Claims {
        tid: "t1".into(),
        sub: agent.into(),
        role: agentdesk_gateway::Role::Agent,
        iat: now,
        exp: now + ttl_ms,
        jti: format!("short-{agent}-{now}"),
    };
    (gw.keys().sign(&claims), claims.exp)
}

#[tokio::test]
async fn key_expiring_notice_comes_before_expiry_then_session_terminate_and_close_4503() {
    let gw = gateway().await;
    let (key, exp) = short_key(&gw, "0001", 1_800);
    let (mut client, auth) = Client::authenticated(&gw, "t1", "0001", &key).await;
    assert_eq!(auth["data"]["expiresAt"], exp);
    assert_eq!(client.command("login", login_params()).await["code"], 0);
    client.events_through(2).await;

    let notice = client.frame().await;
    assert_eq!(notice["type"], "notice", "{notice}");
    assert_eq!(notice["kind"], "keyExpiring");
    assert_eq!(notice["expiresAt"], exp);
    assert!(now_ms() < exp, "the warning came after the expiry");

    let terminate = client.event().await;
    assert_eq!(terminate["eventId"], 3);
    assert_eq!(terminate["payload"]["eventType"], "sessionTerminate");
    assert_eq!(terminate["payload"]["reason"], "keyExpired");
    assert!(now_ms() >= exp);
    assert_eq!(client.close_code().await, 4503);

    // The key cannot come back for a resume.
    let mut again = Client::connect(&gw).await;
    assert_eq!(
        again.auth("t1", "0001", &key).await["errorCode"],
        "KEY_EXPIRED"
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn key_expiry_of_a_connection_that_never_logged_in_closes_4503_without_session_terminate() {
    let gw = gateway().await;
    let (key, _) = short_key(&gw, "0002", 1_200);
    let (mut client, _) = Client::authenticated(&gw, "t1", "0002", &key).await;
    assert_eq!(client.frame().await["kind"], "keyExpiring");
    assert_eq!(client.close_code().await, 4503);
    gw.shutdown().await;
}

#[tokio::test]
async fn refresh_key_with_a_fresh_key_keeps_the_connection_past_the_old_expiry() {
    let gw = gateway().await;
    let (old_key, old_exp) = short_key(&gw, "0003", 1_500);
    let (mut client, _) = Client::authenticated(&gw, "t1", "0003", &old_key).await;
    assert_eq!(client.frame().await["kind"], "keyExpiring");

    let fresh = session_key(&gw, "t1", "0003", "demo").await;
    let reply = client
        .command("refreshKey", json!({"sessionKey": fresh}))
        .await;
    assert_eq!(reply["code"], 0, "{reply}");
    let new_exp = reply["data"]["expiresAt"].as_u64().unwrap();
    assert!(new_exp > old_exp + 60_000, "{reply}");

    // Well past the old expiry: still open, nothing but the pong.
    tokio::time::sleep(Duration::from_millis(
        (old_exp + 500).saturating_sub(now_ms()),
    ))
    .await;
    client.send_json(json!({"type": "ping", "ts": 9})).await;
    assert_eq!(client.frame().await["type"], "pong");
    gw.shutdown().await;
}

#[tokio::test]
async fn refresh_key_refusals_name_the_reason_and_the_connection_keeps_its_key() {
    let gw = gateway().await;
    let key = session_key(&gw, "t1", "0004", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0004", &key).await;
    let other_agent = session_key(&gw, "t1", "0005", "demo").await;
    let expired = gw
        .keys()
        .issue("t1", "0004", agentdesk_gateway::Role::Agent, 1_000)
        .key;
    let cases = [
        (json!({"sessionKey": other_agent}), "TENANT_MISMATCH"),
        (json!({"sessionKey": "v1.garbage.mac"}), "KEY_INVALID"),
        (json!({"sessionKey": expired}), "KEY_EXPIRED"),
        (json!({}), "BAD_REQUEST"),
    ];
    for (params, error_code) in cases {
        let reply = client.command("refreshKey", params).await;
        assert_eq!(reply["code"], -1, "{reply}");
        assert_eq!(reply["errorCode"], error_code, "{reply}");
    }
    // Still the same connection, still usable.
    assert_eq!(client.command("login", login_params()).await["code"], 0);
    assert_eq!(client.event().await["eventId"], 1);
    gw.shutdown().await;
}
