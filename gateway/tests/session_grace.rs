//! A session outlives its connection for the grace period, and no longer (docs/protocol.md §5).

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{config_with_faults, control, start_with, Client, Ended};
use serde_json::json;

const GRACE: Duration = Duration::from_millis(800);

fn short_grace() -> agentdesk_gateway::Config {
    let mut config = config_with_faults();
    config.session_grace = GRACE;
    config
}

#[tokio::test]
async fn session_survives_a_dropped_connection_within_the_grace_period_still_logged_in() {
    let gw = start_with(short_grace()).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    assert_eq!(control(&gw, "/control/drop", json!({})).await["dropped"], 1);
    assert_eq!(first.ended().await, Ended::Abnormal);
    tokio::time::sleep(GRACE / 4).await;

    let (mut second, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumed"], true, "{auth}");
    // Logged in all along: pause is allowed and ids continue.
    assert_eq!(second.command("pause", json!({})).await["code"], 0);
    assert_eq!(second.event().await["eventId"], 3);
    gw.shutdown().await;
}

#[tokio::test]
async fn session_ends_when_no_connection_carries_it_for_the_grace_period() {
    let gw = start_with(short_grace()).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0002", "demo").await;
    control(&gw, "/control/drop", json!({})).await;
    assert_eq!(first.ended().await, Ended::Abnormal);
    tokio::time::sleep(GRACE * 2).await;

    let (mut second, auth) = Client::resumed(&gw, "t1", "0002", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumeError"], "SESSION_UNKNOWN", "{auth}");
    // The agent was logged out with the session.
    assert_eq!(
        second.command("pause", json!({})).await["errorCode"],
        "NOT_LOGGED_IN"
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn each_reconnect_within_grace_starts_the_grace_period_again() {
    let gw = start_with(short_grace()).await;
    let (first, key, session_id) = Client::in_session(&gw, "t1", "0003", "demo").await;
    drop(first);
    // Three gaps of 3/4 of the grace period each: over two grace periods in all, but never one
    // without a connection for as long as the grace period.
    for _ in 0..2 {
        tokio::time::sleep(GRACE * 3 / 4).await;
        let (client, auth) = Client::resumed(&gw, "t1", "0003", &key, &session_id, 2).await;
        assert_eq!(auth["data"]["resumed"], true, "{auth}");
        drop(client);
    }
    tokio::time::sleep(GRACE * 3 / 4).await;
    let (_client, auth) = Client::resumed(&gw, "t1", "0003", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumed"], true, "{auth}");
    gw.shutdown().await;
}
