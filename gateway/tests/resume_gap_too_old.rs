//! When history no longer reaches back to what a client missed (docs/protocol.md §5,
//! `GAP_TOO_OLD`): the session goes on, ids continue, and a fresh `agentStatus` follows at once.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{config_with_faults, control, start_with, Client};
use serde_json::{json, Value};

async fn stream(gw: &agentdesk_gateway::RunningGateway, agent: &str, count: u64) -> Value {
    control(
        gw,
        "/control/stream",
        json!({"tenantId": "t1", "agentNo": agent, "count": count}),
    )
    .await
}

#[tokio::test]
async fn resume_past_the_history_count_is_gap_too_old_then_a_fresh_agent_status_follows() {
    let mut config = config_with_faults();
    config.history_max_events = 5;
    let gw = start_with(config).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    assert_eq!(first.command("pause", json!({})).await["code"], 0);
    assert_eq!(first.event().await["eventId"], 3);
    // Twenty events the client never reads; history keeps the newest five.
    assert_eq!(stream(&gw, "0001", 20).await["lastEventId"], 23);
    drop(first);

    let (mut second, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 3).await;
    let data = &auth["data"];
    assert_eq!(data["resumed"], false, "{auth}");
    assert_eq!(data["resumeError"], "GAP_TOO_OLD");
    assert_eq!(data["sessionId"], session_id.as_str());
    assert_eq!(data["lastEventId"], 23);
    // At once, before anything else: the agent's status as it is now (still paused).
    let status = second.event().await;
    assert_eq!(status["eventId"], 24);
    assert_eq!(status["payload"]["eventType"], "agentStatus");
    assert_eq!(status["payload"]["status"]["state"], "busy");
    // The session goes on.
    assert_eq!(second.command("unpause", json!({})).await["code"], 0);
    assert_eq!(second.event().await["eventId"], 25);
    gw.shutdown().await;
}

#[tokio::test]
async fn acknowledged_events_leave_history_so_a_resume_from_before_the_ack_is_gap_too_old() {
    let gw = start_with(config_with_faults()).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0002", "demo").await;
    stream(&gw, "0002", 10).await;
    first.events_through(12).await;
    first
        .send_json(json!({"type": "ping", "ts": 1, "ack": 12}))
        .await;
    assert_eq!(first.frame().await["type"], "pong");
    drop(first);

    // From the ack itself nothing is missing: resumed, nothing replayed.
    let (mut second, auth) = Client::resumed(&gw, "t1", "0002", &key, &session_id, 12).await;
    assert_eq!(auth["data"]["resumed"], true, "{auth}");
    second.send_json(json!({"type": "ping", "ts": 2})).await;
    assert_eq!(second.frame().await["type"], "pong");
    drop(second);

    // From before it, the acknowledged events are gone.
    let (mut third, auth) = Client::resumed(&gw, "t1", "0002", &key, &session_id, 5).await;
    assert_eq!(auth["data"]["resumeError"], "GAP_TOO_OLD", "{auth}");
    let status = third.event().await;
    assert_eq!(
        (&status["eventId"], &status["payload"]["status"]["state"]),
        (&json!(13), &json!("idle"))
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn resume_past_the_history_age_is_gap_too_old() {
    let mut config = config_with_faults();
    config.history_max_age = Duration::from_millis(300);
    let gw = start_with(config).await;
    let (first, key, session_id) = Client::in_session(&gw, "t1", "0003", "demo").await;
    stream(&gw, "0003", 5).await;
    drop(first);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (mut second, auth) = Client::resumed(&gw, "t1", "0003", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumeError"], "GAP_TOO_OLD", "{auth}");
    assert_eq!(second.event().await["eventId"], 8);
    gw.shutdown().await;
}
