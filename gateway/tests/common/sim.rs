//! Helpers for the simulator's scenario tests: a gateway with the test directory, fault
//! endpoints and fast, quiet simulator settings; agents logged in over real WebSockets; and
//! assertions on exact event sequences.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agentdesk_gateway::sim::SimConfig;
use agentdesk_gateway::{Config, RunningGateway};
use serde_json::{json, Value};

use super::{config_with_test_directory, session_key, Client};

/// The simulator as the scenario tests want it: quiet (nothing unasked), fast, seeded, and
/// without transcripts unless a test turns them on (they would interleave with every sequence).
pub fn sim_settings() -> SimConfig {
    SimConfig {
        seed: Some(7),
        answer_delay: Duration::from_millis(200),
        ring_timeout: Duration::from_secs(20),
        wrapup_secs: 1,
        ivr_time: Duration::from_secs(1),
        preview_timeout_secs: Some(2),
        transcript_interval: Duration::from_secs(3600),
        talk_secs: (600, 600),
        epoch_ms: Some(1_716_200_000_000),
        ..SimConfig::quiet()
    }
}

/// The test directory, `--faults`, and [`sim_settings`].
pub fn sim_config() -> Config {
    let mut config = config_with_test_directory();
    config.faults = true;
    config.limits = agentdesk_gateway::Limits::test_mode();
    config.sim = sim_settings();
    config
}

pub async fn start_sim() -> RunningGateway {
    agentdesk_gateway::start(sim_config()).await.unwrap()
}

/// An agent of tenant t1 (password "test") logged in idle, bound to `endpoint_type`
/// (2: extension `8<no>`, auto-answered; 3: softphone). Its login events are consumed and
/// checked: sessionInit, agentStatus idle, and for an extension extenState.
pub async fn agent(gw: &RunningGateway, agent_no: &str, endpoint_type: i64) -> Client {
    let key = session_key(gw, "t1", agent_no, "test").await;
    let (mut client, _) = Client::authenticated(gw, "t1", agent_no, &key).await;
    let endpoint = format!("8{agent_no}");
    let params = json!({"bindEndpoint": {"endpointType": endpoint_type, "endpoint": endpoint}, "initialStatus": 1});
    let reply = client.command("login", params).await;
    assert_eq!(reply["code"], 0, "{reply}");
    let role = if agent_no.starts_with('9') {
        "supervisor"
    } else {
        "agent"
    };
    assert_eq!(reply["data"]["role"], role, "{reply}");
    expect(&mut client, &["sessionInit", "agentStatus"]).await;
    if endpoint_type == 2 {
        let exten = expect(&mut client, &["extenState"]).await;
        assert_eq!(exten[0]["registerState"], "Registered");
    }
    client
}

/// The next event's payload.
pub async fn next(client: &mut Client) -> Value {
    client.event().await["payload"].clone()
}

/// The next events, which must have these types in this order; their payloads.
pub async fn expect(client: &mut Client, types: &[&str]) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let p = next(client).await;
        assert_eq!(p["eventType"], *t, "event {i} of {types:?}: {p}");
        out.push(p);
    }
    out
}

/// The next event, an agentStatus with this state and stateAction; its `status`.
pub async fn expect_status(client: &mut Client, state: &str, action: &str) -> Value {
    let p = next(client).await;
    assert_eq!(
        p["eventType"], "agentStatus",
        "expected agentStatus {state}/{action}, got {p}"
    );
    assert_eq!(
        (
            p["status"]["state"].as_str(),
            p["status"]["stateAction"].as_str()
        ),
        (Some(state), Some(action)),
        "{p}"
    );
    p["status"].clone()
}

/// Sends a command; its reply must be the next frame and succeed. Returns the reply's data.
pub async fn ok(client: &mut Client, action: &str, params: Value) -> Value {
    let reply = client.command(action, params).await;
    assert_eq!(reply["code"], 0, "{action}: {reply}");
    reply["data"].clone()
}

/// Sends a command that must be refused with `error_code`; returns the message.
pub async fn refused(client: &mut Client, action: &str, params: Value, error_code: &str) -> String {
    let reply = client.command(action, params).await;
    assert_eq!(reply["errorCode"], error_code, "{action}: {reply}");
    reply["message"].as_str().unwrap_or_default().to_owned()
}

/// `POST /control/sim/<what>`, which must succeed.
pub async fn sim(gw: &RunningGateway, what: &str, body: Value) -> Value {
    super::control(gw, &format!("/control/sim/{what}"), body).await
}

/// An inbound call straight to `agent_no`; returns its mainUniqueId.
pub async fn call_to(gw: &RunningGateway, agent_no: &str) -> String {
    let answer = sim(
        gw,
        "call",
        json!({"tenantId": "t1", "agentNo": agent_no, "customerNumber": "13800000002"}),
    )
    .await;
    answer["mainUniqueId"].as_str().unwrap().to_owned()
}

/// An extension agent gets a call and (auto-)answers it; returns the ringing event.
pub async fn answered_call(gw: &RunningGateway, client: &mut Client, agent_no: &str) -> Value {
    call_to(gw, agent_no).await;
    expect_status(client, "ringing", "ringing").await;
    let ringing = expect(client, &["ringing"]).await.remove(0);
    expect_status(client, "talking", "answer").await;
    ringing
}

/// Nothing arrives within `wait`.
pub async fn quiet(client: &mut Client, wait: Duration) {
    if let Some(frame) = client.frame_within(wait).await {
        panic!("expected nothing, got {frame}");
    }
}

/// Like [`ok`], skipping the events that come before the reply (a subscriber's queueStatus).
pub async fn ok_skipping(client: &mut Client, action: &str, params: Value) -> Value {
    let id = client.send_command(action, params).await;
    loop {
        let frame = client.frame().await;
        if frame["type"] == "reply" && frame["id"] == id {
            assert_eq!(frame["code"], 0, "{action}: {frame}");
            return frame["data"].clone();
        }
    }
}
