//! `POST /api/login` (docs/protocol.md §8).

#![allow(clippy::unwrap_used)]

mod common;

use common::{header, http, login_http, start};

#[tokio::test]
async fn login_endpoint_issues_a_key_the_gateway_verifies() {
    let gw = start().await;
    let (status, body) = login_http(&gw, "t1", "0001", "demo").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], 0);
    assert_eq!(body["message"], "ok");
    let key = body["sessionKey"].as_str().unwrap();
    assert!(
        key.starts_with("v1.") && key.split('.').count() == 3,
        "{key}"
    );
    let claims = gw
        .keys()
        .verify(key, body["expiresAt"].as_u64().unwrap() - 1)
        .unwrap();
    assert_eq!((claims.tid.as_str(), claims.sub.as_str()), ("t1", "0001"));
    assert_eq!(claims.role, agentdesk_gateway::Role::Agent);
    // expiresAt is Unix ms, one shift (8 h) after issue.
    assert_eq!(claims.exp - claims.iat, 8 * 3600 * 1000);
    assert_eq!(body["expiresAt"].as_u64().unwrap(), claims.exp);
    gw.shutdown().await;
}

#[tokio::test]
async fn login_endpoint_gives_a_supervisor_the_supervisor_role() {
    let gw = start().await;
    let (_, body) = login_http(&gw, "t1", "9001", "demo").await;
    let claims = gw
        .keys()
        .verify(body["sessionKey"].as_str().unwrap(), 0)
        .unwrap();
    assert_eq!(claims.role, agentdesk_gateway::Role::Supervisor);
    gw.shutdown().await;
}

#[tokio::test]
async fn login_endpoint_refuses_a_bad_password_with_401_bad_credentials() {
    let gw = start().await;
    for (tenant, agent, password) in [
        ("t1", "0001", "wrong"),
        ("t1", "0099", "demo"),
        ("t9", "0001", "demo"),
    ] {
        let (status, body) = login_http(&gw, tenant, agent, password).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["code"], -1);
        assert_eq!(body["errorCode"], "BAD_CREDENTIALS");
        assert!(body.get("sessionKey").is_none());
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn login_endpoint_refuses_a_malformed_body_with_400_bad_request() {
    let gw = start().await;
    for body in [
        "{nope",
        r#"{"tenantId":"t1"}"#,
        r#"{"tenantId":1,"agentNo":"0001","password":"demo"}"#,
        "",
    ] {
        let (status, _, text) = http(
            &gw,
            "POST",
            "/api/login",
            &[("Content-Type", "application/json")],
            body,
        )
        .await;
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(status, 400, "{body}: {text}");
        assert_eq!(json["errorCode"], "BAD_REQUEST");
        assert_eq!(json["code"], -1);
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn login_endpoint_allows_cross_origin_browser_calls_in_test_mode() {
    // Test mode (`--faults`): the browser suites call it from another origin. Outside it, only
    // the allowed origins (tests/hardening.rs).
    let gw = common::start_with(common::config_with_faults()).await;
    let preflight = [
        ("Origin", "http://127.0.0.1:9999"),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "content-type"),
    ];
    let (status, headers, _) = http(&gw, "OPTIONS", "/api/login", &preflight, "").await;
    assert!(status == 200 || status == 204, "preflight status {status}");
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    assert!(header(&headers, "access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    let body = r#"{"tenantId":"t1","agentNo":"0001","password":"demo"}"#;
    let request = [
        ("Origin", "http://127.0.0.1:9999"),
        ("Content-Type", "application/json"),
    ];
    let (status, headers, _) = http(&gw, "POST", "/api/login", &request, body).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    gw.shutdown().await;
}
