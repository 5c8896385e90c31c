//! The dialect faces in the cluster mode (docs/deploy.md, docs/dialects.md §1): the core's tap
//! reaches an edge over Redis like every other output, so a GlobeMeet client on one edge and a
//! Qubicle client on the other watch the calls of an agent logged in through a third process'
//! edge, with no state shared but Redis; and a restarted core (a new cluster epoch) is watched
//! again without the clients doing anything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use agentdesk_core::dialects::jwt;
use agentdesk_gateway::{start_core, Config, GatewayRole, RunningGateway};
use common::redis::RedisServer;
use common::sim::sim_settings;
use common::{control, session_key, Client};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

const SECRET: &[u8] = b"cluster-faces-secret";
const ACCOUNT: &str = "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4";

fn config(redis: &RedisServer, role: GatewayRole) -> Config {
    let mut config = common::config_with_test_directory();
    config.faults = true;
    config.limits = agentdesk_gateway::Limits::test_mode();
    config.sim = sim_settings();
    config.role = role;
    config.redis = Some(redis.url.clone());
    config.key_secret = Some(b"cluster-test-secret".to_vec());
    config.dialect_secret = Some(SECRET.to_vec());
    config
}

fn token(sub: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    jwt::mint(
        json!({"sub": sub, "tid": "t1", "exp": now + 600})
            .as_object()
            .unwrap(),
        SECRET,
    )
}

async fn ws(gw: &RunningGateway, path: &str, protocol: Option<&str>) -> Ws {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = format!("ws://{}{path}", gw.local_addr())
        .into_client_request()
        .unwrap();
    if let Some(p) = protocol {
        request
            .headers_mut()
            .insert("sec-websocket-protocol", p.parse().unwrap());
    }
    connect_async(request).await.unwrap().0
}

/// Frames until `done` says so, at most 10 s.
async fn until(ws: &mut Ws, mut done: impl FnMut(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut got = Vec::new();
    while !done(&got) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => got.push(serde_json::from_str(t.as_str()).unwrap()),
            Ok(Some(Ok(_))) => {}
            other => panic!("no more frames ({other:?}); got {got:?}"),
        }
    }
    got
}

fn has(frames: &[Value], key: &str, value: &str) -> bool {
    frames.iter().any(|f| f[key] == value)
}

async fn logged_in(gw: &RunningGateway, agent: &str) -> Client {
    let key = session_key(gw, "t1", agent, "test").await;
    let (mut client, _) = Client::authenticated(gw, "t1", agent, &key).await;
    // On an extension, so the simulator answers its calls.
    let login = json!({"bindEndpoint": {"endpointType": 2, "endpoint": format!("8{agent}")}, "initialStatus": 1});
    assert_eq!(client.command("login", login).await["code"], 0);
    client
}

async fn globemeet(gw: &RunningGateway) -> Ws {
    let mut gm = ws(
        gw,
        &format!("/v1/events?token={}", token("9001")),
        Some("globemeet-events.v1"),
    )
    .await;
    assert_eq!(until(&mut gm, |f| !f.is_empty()).await[0]["type"], "ready");
    gm.send(Message::text(
        json!({"type": "subscribe", "topics": ["*"]}).to_string(),
    ))
    .await
    .unwrap();
    until(&mut gm, |f| has(f, "type", "subscribed")).await;
    gm
}

#[tokio::test]
async fn faces_on_two_edges_watch_a_call_of_an_agent_on_a_third_through_redis() {
    let redis = RedisServer::start();
    let core = start_core(config(&redis, GatewayRole::Core)).await.unwrap();
    let agents = agentdesk_gateway::start(config(&redis, GatewayRole::Edge))
        .await
        .unwrap();
    let b = agentdesk_gateway::start(config(&redis, GatewayRole::Edge))
        .await
        .unwrap();
    let c = agentdesk_gateway::start(config(&redis, GatewayRole::Edge))
        .await
        .unwrap();
    let _agent = logged_in(&agents, "1001").await;

    let mut gm = globemeet(&b).await;
    let mut kazoo = ws(&c, "/qubicle", None).await;
    let subscribe = json!({"action": "subscribe", "request_id": "r1", "auth_token": token("9001"),
        "data": {"account_id": ACCOUNT, "binding": format!("qubicle.session.{ACCOUNT}.*")}});
    kazoo
        .send(Message::text(subscribe.to_string()))
        .await
        .unwrap();
    assert_eq!(
        until(&mut kazoo, |f| !f.is_empty()).await[0]["status"],
        "success"
    );
    // The faces' snapshot comes through Redis before the call does.
    tokio::time::sleep(Duration::from_millis(300)).await;

    control(
        &agents,
        "/control/sim/call",
        json!({"tenantId": "t1", "agentNo": "1001", "talkSeconds": 1}),
    )
    .await;
    let events = until(&mut gm, |f| has(f, "event", "qa.scorecard-saved")).await;
    let names: Vec<&str> = events.iter().filter_map(|e| e["event"].as_str()).collect();
    for name in [
        "session.created",
        "session.connected",
        "agent.status-changed",
        "recording.started",
        "session.ended",
        "recording.finished",
    ] {
        assert!(names.contains(&name), "{name} missing: {names:?}");
    }
    let connected = events
        .iter()
        .find(|e| e["event"] == "session.connected")
        .unwrap();
    assert_eq!(connected["data"]["agent_id"], "1001");
    let sessions = until(&mut kazoo, |f| has(f, "name", "delete")).await;
    assert!(sessions.iter().any(|e| e["name"] == "create"
        && e["routing_key"]
            .as_str()
            .unwrap()
            .starts_with(&format!("qubicle.session.{ACCOUNT}."))));

    // A new core is a new epoch: the edges watch again by themselves and the stream goes on.
    core.shutdown().await;
    let core = start_core(config(&redis, GatewayRole::Core)).await.unwrap();
    let _again = logged_in(&agents, "1002").await;
    let more = until(&mut gm, |f| {
        f.iter().any(|e| e["topic"] == "agent.1002.online")
    })
    .await;
    assert!(!more.is_empty());

    c.shutdown().await;
    b.shutdown().await;
    agents.shutdown().await;
    core.shutdown().await;
}
