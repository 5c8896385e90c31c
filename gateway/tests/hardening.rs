//! The gateway's limits (docs/gateway.md §11, issue 10 "Harden the gateway"): page origins, CORS,
//! login and connection rates, frame rates, and TLS on the port.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use agentdesk_gateway::{Config, Limits};
use common::{config, header, http, login_http, session_key, start_with, Client};
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

fn limited(f: impl FnOnce(&mut Limits)) -> Config {
    let mut config = config();
    f(&mut config.limits);
    config
}

/// Opens the socket with `origin`; the HTTP status of a refused upgrade, or 101.
async fn upgrade_with_origin(gw: &agentdesk_gateway::RunningGateway, origin: &str) -> u16 {
    let mut request = gw.ws_url().into_client_request().unwrap();
    let headers = request.headers_mut();
    headers.insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("agentdesk.v1"),
    );
    headers.insert("Origin", HeaderValue::from_str(origin).unwrap());
    match tokio_tungstenite::connect_async(request).await {
        Ok(_) => 101,
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn a_socket_opens_only_for_the_gateway_s_own_pages_and_allowed_origins() {
    let gw = start_with(config()).await;
    let own = format!("http://{}", gw.local_addr());
    assert_eq!(upgrade_with_origin(&gw, &own).await, 101);
    assert_eq!(upgrade_with_origin(&gw, "https://evil.example").await, 403);
    gw.shutdown().await;
    let gw = start_with(limited(|l| {
        l.allowed_origins = vec!["https://console.example".into()]
    }))
    .await;
    assert_eq!(
        upgrade_with_origin(&gw, "https://console.example").await,
        101
    );
    assert_eq!(upgrade_with_origin(&gw, "https://evil.example").await, 403);
    gw.shutdown().await;
}

#[tokio::test]
async fn cors_answers_allowed_origins_only_outside_test_mode() {
    let gw = start_with(limited(|l| {
        l.allowed_origins = vec!["https://console.example".into()]
    }))
    .await;
    for (origin, allowed) in [
        ("https://console.example", true),
        ("https://evil.example", false),
    ] {
        let request = [
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ];
        let (_, headers, _) = http(&gw, "OPTIONS", "/api/login", &request, "").await;
        let acao = header(&headers, "access-control-allow-origin");
        assert_eq!(acao, allowed.then_some(origin), "{origin}");
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn logins_are_limited_per_agent_and_per_address_with_a_clear_refusal() {
    let gw = start_with(limited(|l| {
        l.login_per_agent = 3;
        l.login_per_address = 5;
    }))
    .await;
    for _ in 0..3 {
        assert_eq!(login_http(&gw, "t1", "0001", "demo").await.0, 200);
    }
    let (status, body) = login_http(&gw, "t1", "0001", "demo").await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["errorCode"], "RATE_LIMITED");
    assert!(body["retryAfter"].as_u64().unwrap() >= 1, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("this agent"),
        "{body}"
    );
    // Another agent from the same address: the address has one attempt left.
    assert_eq!(login_http(&gw, "t1", "0002", "demo").await.0, 200);
    let (status, body) = login_http(&gw, "t1", "0003", "demo").await;
    assert_eq!(
        (status, body["errorCode"].clone()),
        (429, json!("RATE_LIMITED"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("address"),
        "{body}"
    );
    let (_, headers, _) = http(
        &gw,
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        r#"{"tenantId":"t1","agentNo":"0004","password":"demo"}"#,
    )
    .await;
    assert!(header(&headers, "retry-after").is_some());
    gw.shutdown().await;
}

#[tokio::test]
async fn connections_of_one_agent_are_limited_and_refused_with_a_retryable_close() {
    let gw = start_with(limited(|l| l.connects_per_agent = 2)).await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    for _ in 0..2 {
        let (_client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    }
    let mut third = Client::connect(&gw).await;
    let reply = third.auth("t1", "0001", &key).await;
    assert_eq!(reply["errorCode"], "RATE_LIMITED", "{reply}");
    assert_eq!(third.close_code().await, 4429);
    gw.shutdown().await;
}

#[tokio::test]
async fn frames_over_the_rate_are_refused_and_a_flood_closes_the_connection() {
    let gw = start_with(limited(|l| l.frames_per_second = 5)).await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    // A burst of twice the rate goes through, then the refusals.
    for _ in 0..12 {
        client.send_command("unknownThing", json!({})).await;
    }
    let mut codes = Vec::new();
    for _ in 0..12 {
        codes.push(
            client.frame().await["errorCode"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(
        codes.iter().filter(|c| *c == "UNKNOWN_ACTION").count(),
        10,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| *c == "RATE_LIMITED").count(),
        2,
        "{codes:?}"
    );
    // A flood that ignores the refusals is cut off (retryable: 4429).
    for _ in 0..150 {
        client.send_json(json!({"type": "ping", "ts": 1})).await;
    }
    assert_eq!(client.ended().await, common::Ended::Close(4429));
    gw.shutdown().await;
}

fn tls_config() -> Config {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let mut config = config();
    config.tls = Some((dir.join("cert.pem"), dir.join("key.pem")));
    config
}

fn tls_client() -> tokio_rustls::TlsConnector {
    use rustls::pki_types::pem::PemObject as _;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_file_iter(dir.join("ca.pem")).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let config =
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls_rustcrypto::provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

#[tokio::test]
async fn with_a_certificate_the_port_speaks_https_and_wss() {
    let gw = start_with(tls_config()).await;
    assert!(gw.ws_url().starts_with("wss://"));
    let connector = tls_client();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    // The login endpoint over HTTPS.
    let tcp = tokio::net::TcpStream::connect(gw.local_addr())
        .await
        .unwrap();
    let mut tls = connector.connect(name.clone(), tcp).await.unwrap();
    let body = r#"{"tenantId":"t1","agentNo":"0001","password":"demo"}"#;
    let request = format!(
        "POST /api/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    tls.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let _ = tls.read_to_end(&mut raw).await;
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    let key: Value = serde_json::from_str(raw.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let key = key["sessionKey"].as_str().unwrap().to_owned();
    // The socket over WSS: auth and a ping.
    let tcp = tokio::net::TcpStream::connect(gw.local_addr())
        .await
        .unwrap();
    let tls = connector.connect(name, tcp).await.unwrap();
    let mut request = format!("wss://localhost:{}/ws", gw.local_addr().port())
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("agentdesk.v1"),
    );
    let (mut ws, _) = tokio_tungstenite::client_async(request, tls).await.unwrap();
    let auth = json!({"type": "auth", "id": 1, "tenantId": "t1", "agentNo": "0001", "sessionKey": key,
        "client": {"name": "tls-test", "version": "0"}, "resume": null});
    ws.send(Message::text(auth.to_string())).await.unwrap();
    let reply = ws.next().await.unwrap().unwrap();
    let reply: Value = serde_json::from_str(reply.to_text().unwrap()).unwrap();
    assert_eq!(reply["code"], 0, "{reply}");
    // A plain-TCP client is not served.
    let plain = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_tungstenite::connect_async(format!("ws://{}/ws", gw.local_addr())),
    )
    .await;
    assert!(!matches!(plain, Ok(Ok(_))));
    gw.shutdown().await;
}
