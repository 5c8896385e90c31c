//! `POST /api/refresh` and its cookie (docs/protocol.md §8, issue 15.5): a console renews its
//! session key without keeping the password.

#![allow(clippy::unwrap_used)]

mod common;

use common::{http, start};
use serde_json::{json, Value};

/// Logs in over HTTP; returns the answer and the `Set-Cookie` header.
async fn login(gw: &agentdesk_gateway::RunningGateway, agent: &str) -> (Value, String) {
    let body = json!({"tenantId": "t1", "agentNo": agent, "password": "demo"}).to_string();
    let (status, headers, body) = http(
        gw,
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        &body,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let cookie = common::header(&headers, "set-cookie").unwrap().to_owned();
    (serde_json::from_str(&body).unwrap(), cookie)
}

/// `name=value` of a `Set-Cookie` header, as a browser sends it back.
fn pair(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap()
}

async fn refresh(
    gw: &agentdesk_gateway::RunningGateway,
    cookie: Option<&str>,
) -> (u16, Value, Vec<(String, String)>) {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
    let (status, headers, body) = http(gw, "POST", "/api/refresh", &headers, "").await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
        headers,
    )
}

#[tokio::test]
async fn login_sets_an_http_only_strict_cookie_scoped_to_the_refresh_endpoint() {
    let gw = start().await;
    let (body, cookie) = login(&gw, "0001").await;
    assert!(body["sessionKey"].as_str().unwrap().starts_with("v1."));
    assert!(cookie.starts_with("agentdesk_refresh=r1."), "{cookie}");
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/refresh",
        "Max-Age=43200",
    ] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    // Plain http here: no Secure (a browser would drop the cookie on http://).
    assert!(!cookie.contains("Secure"), "{cookie}");
    // The credential never appears in the body a page script reads.
    assert!(!body.to_string().contains("r1."));
    gw.shutdown().await;
}

#[tokio::test]
async fn the_cookie_buys_fresh_session_keys_the_gateway_verifies() {
    let gw = start().await;
    let (first, cookie) = login(&gw, "9001").await;
    let (status, body, _) = refresh(&gw, Some(pair(&cookie))).await;
    assert_eq!(status, 200, "{body}");
    let key = body["sessionKey"].as_str().unwrap();
    assert_ne!(key, first["sessionKey"].as_str().unwrap());
    let claims = gw
        .keys()
        .verify(key, body["expiresAt"].as_u64().unwrap() - 1)
        .unwrap();
    assert_eq!((claims.tid.as_str(), claims.sub.as_str()), ("t1", "9001"));
    assert_eq!(claims.role, agentdesk_gateway::Role::Supervisor);
    // The refresh credential itself is no session key.
    let token = pair(&cookie).strip_prefix("agentdesk_refresh=").unwrap();
    assert!(gw.keys().verify(token, 0).is_err());
    gw.shutdown().await;
}

#[tokio::test]
async fn no_cookie_a_forged_one_and_a_session_key_are_refused() {
    let gw = start().await;
    let (status, body, _) = refresh(&gw, None).await;
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (401, Some("NO_REFRESH")),
        "{body}"
    );
    let (_, cookie) = login(&gw, "0002").await;
    let forged = pair(&cookie).replace("r1.", "r1.x");
    let (status, body, headers) = refresh(&gw, Some(&forged)).await;
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (401, Some("KEY_INVALID")),
        "{body}"
    );
    // A credential that will never work is cleared.
    assert!(common::header(&headers, "set-cookie")
        .unwrap()
        .contains("Max-Age=0"));
    let (session, _) = login(&gw, "0002").await;
    let as_cookie = format!(
        "agentdesk_refresh={}",
        session["sessionKey"].as_str().unwrap()
    );
    let (status, body, _) = refresh(&gw, Some(&as_cookie)).await;
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (401, Some("KEY_INVALID")),
        "{body}"
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn delete_forgets_the_credential_and_clears_the_cookie() {
    let gw = start().await;
    let (_, cookie) = login(&gw, "0003").await;
    let (status, headers, _) = http(
        &gw,
        "DELETE",
        "/api/refresh",
        &[("Cookie", pair(&cookie))],
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert!(common::header(&headers, "set-cookie")
        .unwrap()
        .contains("Max-Age=0"));
    let (status, body, _) = refresh(&gw, Some(pair(&cookie))).await;
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (401, Some("KEY_REVOKED")),
        "{body}"
    );
    gw.shutdown().await;
}
