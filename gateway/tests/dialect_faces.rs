//! The dialect faces at their doors (docs/gateway.md §12): each refuses a bad token, a wrong
//! subprotocol or a foreign page with that dialect's own refusal, before any frame; the token
//! endpoint mints what every face takes; and no token reaches the log, whatever was refused or
//! served. What the faces carry is judged by the dialects' own clients (tests/dialects/live).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use agentdesk_core::dialects::jwt;
use agentdesk_gateway::RunningGateway;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

const SECRET: &[u8] = b"faces-test-secret";

/// Everything logged by this test binary, to look for tokens in.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() -> Captured {
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_env_filter("debug")
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber).unwrap();
            captured
        })
        .clone()
}

async fn gateway(test_mode: bool) -> RunningGateway {
    let mut config = if test_mode {
        common::config_with_faults()
    } else {
        common::config()
    };
    let test_directory = common::config_with_test_directory().directory;
    config.directory = test_directory;
    config.dialect_secret = Some(SECRET.to_vec());
    common::start_with(config).await
}

fn now_s() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn token(claims: Value, secret: &[u8]) -> String {
    jwt::mint(claims.as_object().unwrap(), secret)
}

fn good(sub: &str) -> String {
    token(
        json!({"sub": sub, "tid": "t1", "exp": now_s() + 600}),
        SECRET,
    )
}

/// The refused tokens every face must turn away: expired, forged, of a tenant elsewhere.
fn refused_tokens() -> Vec<(&'static str, String)> {
    vec![
        (
            "expired",
            token(
                json!({"sub": "1001", "tid": "t1", "exp": now_s() - 60}),
                SECRET,
            ),
        ),
        (
            "forged",
            token(
                json!({"sub": "1001", "tid": "t1", "exp": now_s() + 600}),
                b"not-the-secret",
            ),
        ),
        (
            "other tenant",
            token(
                json!({"sub": "2001", "tid": "t9", "exp": now_s() + 600}),
                SECRET,
            ),
        ),
    ]
}

/// Opens `path` on `gw` with `headers`; the HTTP status when the upgrade is refused.
async fn open(gw: &RunningGateway, path: &str, headers: &[(&str, &str)]) -> Result<Ws, u16> {
    let mut request = format!("ws://{}{path}", gw.local_addr())
        .into_client_request()
        .unwrap();
    for (name, value) in headers {
        request.headers_mut().insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    match connect_async(request).await {
        Ok((ws, _)) => Ok(ws),
        Err(WsError::Http(response)) => Err(response.status().as_u16()),
        Err(e) => panic!("{path}: {e}"),
    }
}

async fn text(ws: &mut Ws) -> Value {
    loop {
        let message = tokio::time::timeout(common::FRAME_WAIT, ws.next())
            .await
            .expect("a frame in time")
            .unwrap()
            .unwrap();
        if let Message::Text(t) = message {
            return serde_json::from_str(t.as_str()).unwrap();
        }
    }
}

#[tokio::test]
async fn voki_refuses_a_missing_or_bad_token_and_other_serializers_before_the_upgrade() {
    let gw = gateway(true).await;
    assert_eq!(
        open(&gw, "/socket/websocket?vsn=2.0.0", &[]).await.err(),
        Some(403),
        "no token"
    );
    for (why, t) in refused_tokens() {
        assert_eq!(
            open(&gw, &format!("/socket/websocket?vsn=2.0.0&token={t}"), &[])
                .await
                .err(),
            Some(403),
            "{why}"
        );
    }
    assert_eq!(
        open(
            &gw,
            &format!("/socket/websocket?vsn=1.0.0&token={}", good("1001")),
            &[]
        )
        .await
        .err(),
        Some(400)
    );
    let mut ws = open(
        &gw,
        &format!("/socket/websocket?vsn=2.0.0&token={}", good("1001")),
        &[],
    )
    .await
    .unwrap();
    ws.send(Message::text(r#"[null,"1","phoenix","heartbeat",{}]"#))
        .await
        .unwrap();
    assert_eq!(
        text(&mut ws).await,
        json!([null, "1", "phoenix", "phx_reply", {"status": "ok", "response": {}}])
    );
    // phoenix.js's `authToken`: the token in the subprotocol, answered with `phoenix`.
    let encoded = base64_url(&good("1001"));
    let offered = format!("phoenix, base64url.bearer.phx.{encoded}");
    let ws = open(
        &gw,
        "/socket/websocket?vsn=2.0.0",
        &[("sec-websocket-protocol", &offered)],
    )
    .await;
    assert!(ws.is_ok(), "{:?}", ws.err());
    gw.shutdown().await;
}

fn base64_url(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn globemeet_answers_a_refused_handshake_token_with_401_and_wants_its_subprotocol() {
    let gw = gateway(true).await;
    let proto = ("sec-websocket-protocol", "globemeet-events.v1");
    for (why, t) in refused_tokens() {
        let bearer = format!("Bearer {t}");
        assert_eq!(
            open(&gw, "/v1/events", &[proto, ("authorization", &bearer)])
                .await
                .err(),
            Some(401),
            "{why} (header)"
        );
        assert_eq!(
            open(&gw, &format!("/v1/events?token={t}"), &[proto])
                .await
                .err(),
            Some(401),
            "{why} (query)"
        );
    }
    assert_eq!(
        open(&gw, &format!("/v1/events?token={}", good("9001")), &[])
            .await
            .err(),
        Some(400),
        "no subprotocol"
    );
    // A browser's first frame instead: a refused token is an `error`, then close 4401.
    let mut ws = open(&gw, "/v1/events", &[proto]).await.unwrap();
    let forged = &refused_tokens()[1].1;
    ws.send(Message::text(
        json!({"type": "auth", "token": forged}).to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(text(&mut ws).await["type"], "error");
    let close = loop {
        match ws.next().await {
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            _ => break None,
        }
    };
    assert_eq!(close, Some(4401));
    gw.shutdown().await;
}

#[tokio::test]
async fn qubicle_refuses_any_subprotocol_and_cable_wants_actioncable_v1_json() {
    let gw = gateway(true).await;
    assert_eq!(
        open(&gw, "/qubicle", &[("sec-websocket-protocol", "kazoo")])
            .await
            .err(),
        Some(400)
    );
    assert_eq!(open(&gw, "/cable", &[]).await.err(), Some(400));
    let mut cable = open(
        &gw,
        "/cable",
        &[(
            "sec-websocket-protocol",
            "actioncable-v1-json, actioncable-unsupported",
        )],
    )
    .await
    .unwrap();
    assert_eq!(text(&mut cable).await, json!({"type": "welcome"}));
    let mut kazoo = open(&gw, "/qubicle", &[]).await.unwrap();
    kazoo
        .send(Message::text(
            json!({"action": "ping", "request_id": "r1", "auth_token": refused_tokens()[0].1})
                .to_string(),
        ))
        .await
        .unwrap();
    let reply = text(&mut kazoo).await;
    assert_eq!(
        (reply["status"].as_str(), reply["request_id"].as_str()),
        (Some("error"), Some("r1")),
        "{reply}"
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn a_page_of_a_foreign_origin_is_refused_the_way_each_dialect_refuses_it() {
    let gw = gateway(false).await;
    let foreign = ("origin", "https://elsewhere.example");
    let t = good("1001");
    assert_eq!(
        open(
            &gw,
            &format!("/socket/websocket?vsn=2.0.0&token={t}"),
            &[foreign]
        )
        .await
        .err(),
        Some(403),
        "Phoenix's check_origin"
    );
    assert_eq!(
        open(
            &gw,
            "/cable",
            &[foreign, ("sec-websocket-protocol", "actioncable-v1-json")]
        )
        .await
        .err(),
        Some(404),
        "Rails' invalid_request"
    );
    assert_eq!(open(&gw, "/qubicle", &[foreign]).await.err(), Some(403));
    assert_eq!(
        open(
            &gw,
            &format!("/v1/events?token={t}"),
            &[foreign, ("sec-websocket-protocol", "globemeet-events.v1")]
        )
        .await
        .err(),
        Some(403)
    );
    let own = format!("http://{}", gw.local_addr());
    assert!(
        open(
            &gw,
            &format!("/socket/websocket?vsn=2.0.0&token={t}"),
            &[("origin", &own)]
        )
        .await
        .is_ok(),
        "the gateway's own pages"
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn the_token_endpoint_mints_for_credentials_a_token_every_face_takes() {
    let gw = gateway(true).await;
    let (status, answer) = common::post(
        &gw,
        "/api/dialect-token",
        json!({"tenantId": "t1", "agentNo": "1001", "password": "test"}),
    )
    .await;
    assert_eq!(
        (status, answer["code"].clone()),
        (200, json!(0)),
        "{answer}"
    );
    let minted = answer["token"].as_str().unwrap().to_owned();
    assert!(
        answer["expiresAt"].as_u64().unwrap() > now_s() + 800,
        "GlobeMeet's 15 minutes"
    );
    assert!(open(
        &gw,
        &format!("/socket/websocket?vsn=2.0.0&token={minted}"),
        &[]
    )
    .await
    .is_ok());
    let mut gm = open(
        &gw,
        &format!("/v1/events?token={minted}"),
        &[("sec-websocket-protocol", "globemeet-events.v1")],
    )
    .await
    .unwrap();
    assert_eq!(text(&mut gm).await["type"], "ready");
    let (status, answer) = common::post(
        &gw,
        "/api/dialect-token",
        json!({"tenantId": "t1", "agentNo": "1001", "password": "nope"}),
    )
    .await;
    assert_eq!(
        (status, answer["errorCode"].as_str()),
        (401, Some("BAD_CREDENTIALS"))
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn no_token_reaches_the_log_whether_refused_or_served() {
    let logs = capture_logs();
    let gw = gateway(true).await;
    let served = good("1001");
    let mut tokens = vec![served.clone()];
    let _ = open(
        &gw,
        &format!("/socket/websocket?vsn=2.0.0&token={served}"),
        &[],
    )
    .await
    .unwrap();
    let _ = open(
        &gw,
        &format!("/v1/events?token={served}"),
        &[("sec-websocket-protocol", "globemeet-events.v1")],
    )
    .await
    .unwrap();
    for (_, t) in refused_tokens() {
        let _ = open(&gw, &format!("/socket/websocket?vsn=2.0.0&token={t}"), &[]).await;
        let _ = open(
            &gw,
            &format!("/v1/events?token={t}"),
            &[("sec-websocket-protocol", "globemeet-events.v1")],
        )
        .await;
        tokens.push(t);
    }
    gw.shutdown().await;
    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        text.contains("dialect token refused"),
        "the refusals are logged (without their token)"
    );
    for t in tokens {
        let signature = t.rsplit('.').next().unwrap();
        assert!(!text.contains(signature), "a token in the log");
    }
}
