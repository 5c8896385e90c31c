//! The SDK's engine against the real gateway: `await pause(); await unpause()` and
//! `await previewObCall(); await hangup()` are judged on the state the first command caused,
//! every time, and `await login()` is followed by the agentStatus it caused (issue 10, defect 5;
//! docs/protocol.md §3: replies carry `lastEventId`).

#![allow(clippy::unwrap_used)]

mod common;

use agentdesk_core::agent::AgentState;
use common::engine::EngineClient;
use common::sim::start_sim;
use serde_json::json;

#[tokio::test(start_paused = true)]
async fn await_pause_then_await_unpause_succeeds_every_time() {
    let gw = start_sim().await;
    let (mut sdk, login) = EngineClient::login(
        &gw,
        "1001",
        json!({"endpointType": 1, "endpoint": "13900000001"}),
    )
    .await;
    assert_eq!(login.code, 0, "{login:?}");
    for round in 0..5 {
        let pause = sdk
            .command(
                "pause",
                json!({"pauseType": 2, "pauseDescription": "break"}),
            )
            .await;
        assert_eq!(pause.code, 0, "round {round}: {pause:?}");
        assert_eq!(sdk.engine.status().state, AgentState::Busy, "round {round}");
        let unpause = sdk.command("unpause", json!(null)).await;
        assert_eq!(unpause.code, 0, "round {round}: {unpause:?}");
        assert_eq!(sdk.engine.status().state, AgentState::Idle, "round {round}");
    }
}

#[tokio::test(start_paused = true)]
async fn await_preview_call_then_await_hangup_hangs_up_the_dialing_call() {
    let gw = start_sim().await;
    let (mut sdk, _) = EngineClient::login(
        &gw,
        "1001",
        json!({"endpointType": 1, "endpoint": "13900000001"}),
    )
    .await;
    for round in 0..3 {
        let dial = sdk
            .command(
                "previewObCall",
                json!({"customerNumber": "13800000005", "customerAnswerTimeout": 30}),
            )
            .await;
        assert_eq!(dial.code, 0, "round {round}: {dial:?}");
        assert_eq!(
            sdk.engine.status().state,
            AgentState::Calling,
            "round {round}"
        );
        let hangup = sdk.command("hangup", json!(null)).await;
        assert_eq!(hangup.code, 0, "round {round}: {hangup:?}");
        assert_ne!(
            sdk.engine.status().state,
            AgentState::Calling,
            "round {round}"
        );
        // Back to idle once the wrap-up (1 s in these settings) is over.
        sdk.run_until(std::time::Duration::from_secs(10), |c| {
            c.engine.status().state == AgentState::Idle
        })
        .await;
    }
}

#[tokio::test(start_paused = true)]
async fn the_seed_example_sees_the_agent_status_its_login_caused() {
    let gw = start_sim().await;
    let (sdk, login) = EngineClient::login(
        &gw,
        "1001",
        json!({"endpointType": 1, "endpoint": "13900000001"}),
    )
    .await;
    assert_eq!(login.code, 0);
    // PRODUCT.md §1 calls `off(AGENT_STATUS)` right after `await login()`: by then the listener
    // must have had the agentStatus, and the loginResp comes after it.
    let status = sdk
        .events
        .iter()
        .position(|t| t == "agentStatus")
        .expect("an agentStatus before login settled");
    let resp = sdk.events.iter().position(|t| t == "loginResp").unwrap();
    assert!(status < resp, "{:?}", sdk.events);
    assert_eq!(sdk.engine.status().state, AgentState::Idle);
}
