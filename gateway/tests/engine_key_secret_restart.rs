//! A gateway restarted with another key secret cannot verify the keys it issued before: the SDK
//! reconnecting to it ends the session as `keyInvalid` (issue 10, defect 6), not `keyRevoked`.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentdesk_core::agent::AgentState;
use common::engine::EngineClient;
use common::sim::sim_config;
use serde_json::json;

#[tokio::test]
async fn a_gateway_restarted_with_another_key_secret_ends_the_session_as_key_invalid() {
    let mut config = sim_config();
    config.key_secret = Some(b"first secret".to_vec());
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let addr = gw.local_addr();
    let (mut sdk, login) = EngineClient::login(
        &gw,
        "1001",
        json!({"endpointType": 1, "endpoint": "13900000001"}),
    )
    .await;
    assert_eq!(login.code, 0);
    gw.shutdown().await;

    let mut config = sim_config();
    config.listen = addr;
    config.key_secret = Some(b"second secret".to_vec());
    let _gw = agentdesk_gateway::start(config).await.unwrap();
    sdk.run_until(Duration::from_secs(20), |c| {
        c.engine.status().state == AgentState::Offline
    })
    .await;
    let terminate = sdk.payloads_of("sessionTerminate");
    assert_eq!(terminate.len(), 1, "{:?}", sdk.events);
    assert_eq!(terminate[0]["reason"], "keyInvalid");
    assert_eq!(
        sdk.payloads_of("agentStatus").last().unwrap()["status"]["stateAction"],
        "keyInvalid"
    );
    assert!(!sdk.engine.is_connected(), "a refused key is not retried");
}
