//! The fault-injection endpoints (docs/gateway.md): each does what it says, and none exists
//! without `--faults`.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{
    config, config_with_faults, control, header, http, post, session_key, start_with, Client, Ended,
};
use serde_json::{json, Value};

const PATHS: [&str; 8] = [
    "/control/drop",
    "/control/silence",
    "/control/delay",
    "/control/malformed",
    "/control/restart",
    "/control/stream",
    "/control/send-queue",
    "/control/revoke",
];

#[tokio::test]
async fn control_endpoints_are_404_without_the_faults_flag() {
    let gw = start_with(config()).await;
    for path in PATHS {
        let (status, answer) = post(&gw, path, json!({"ms": 1})).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(answer["errorCode"], "NOT_FOUND", "{path}");
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn control_endpoints_allow_cross_origin_browser_calls() {
    let gw = start_with(config_with_faults()).await;
    let preflight = [
        ("Origin", "http://127.0.0.1:9999"),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "content-type"),
    ];
    let (status, headers, _) = http(&gw, "OPTIONS", "/control/drop", &preflight, "").await;
    assert!(status == 200 || status == 204, "preflight status {status}");
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    let request = [("Origin", "http://127.0.0.1:9999")];
    let (status, headers, _) = http(&gw, "POST", "/control/drop", &request, "").await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    gw.shutdown().await;
}

#[tokio::test]
async fn drop_ends_every_socket_without_a_close_frame_and_sessions_survive() {
    let gw = start_with(config_with_faults()).await;
    let (mut agent, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    let mut unauthenticated = Client::connect(&gw).await;
    assert_eq!(control(&gw, "/control/drop", json!({})).await["dropped"], 2);
    assert_eq!(agent.ended().await, Ended::Abnormal);
    assert_eq!(unauthenticated.ended().await, Ended::Abnormal);
    let (_, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumed"], true, "{auth}");
    gw.shutdown().await;
}

#[tokio::test]
async fn silence_keeps_existing_sockets_open_but_answers_nothing_while_new_ones_work() {
    let gw = start_with(config_with_faults()).await;
    let (mut silent, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    assert_eq!(
        control(&gw, "/control/silence", json!({})).await["silenced"],
        1
    );
    silent.send_json(json!({"type": "ping", "ts": 1})).await;
    silent.send_command("pause", json!({})).await;
    control(
        &gw,
        "/control/stream",
        json!({"tenantId": "t1", "agentNo": "0001", "count": 3}),
    )
    .await;
    // No pong, no reply, no event, and no close either: text_within panics on a close.
    assert_eq!(silent.text_within(Duration::from_millis(600)).await, None);

    // A new connection is served normally and finds the session, events included.
    let (mut fresh, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumed"], true, "{auth}");
    assert_eq!(common::ids(&fresh.events_through(5).await), [3, 4, 5]);
    fresh.send_json(json!({"type": "ping", "ts": 2})).await;
    assert_eq!(fresh.frame().await["type"], "pong");
    // The silent socket stays silent, not even closed by the resume.
    assert_eq!(silent.text_within(Duration::from_millis(200)).await, None);
    gw.shutdown().await;
}

#[tokio::test]
async fn delay_holds_every_outgoing_frame_back_until_set_to_zero() {
    let gw = start_with(config_with_faults()).await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    let answer = control(&gw, "/control/delay", json!({"ms": 300})).await;
    assert_eq!(answer["delayMs"], 300);
    let sent = Instant::now();
    client.send_json(json!({"type": "ping", "ts": 1})).await;
    assert_eq!(client.frame().await["type"], "pong");
    assert!(
        sent.elapsed() >= Duration::from_millis(300),
        "{:?}",
        sent.elapsed()
    );

    control(&gw, "/control/delay", json!({"ms": 0})).await;
    let sent = Instant::now();
    client.send_json(json!({"type": "ping", "ts": 2})).await;
    assert_eq!(client.frame().await["type"], "pong");
    assert!(
        sent.elapsed() < Duration::from_millis(250),
        "{:?}",
        sent.elapsed()
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn malformed_sends_one_unparseable_frame_to_matching_connections_which_go_on() {
    let gw = start_with(config_with_faults()).await;
    let mut one = Client::logged_in(&gw, "t1", "0001", "demo").await;
    let mut two = Client::logged_in(&gw, "t1", "0002", "demo").await;
    let answer = control(
        &gw,
        "/control/malformed",
        json!({"tenantId": "t1", "agentNo": "0001"}),
    )
    .await;
    assert_eq!(answer["sent"], 1);
    let text = one.text_within(Duration::from_secs(5)).await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    // The other agent got nothing: its next frame answers its own ping.
    two.send_json(json!({"type": "ping", "ts": 1})).await;
    assert_eq!(two.frame().await["type"], "pong");
    // Both connections go on; without a filter both get one.
    one.send_json(json!({"type": "ping", "ts": 2})).await;
    assert_eq!(one.frame().await["type"], "pong");
    assert_eq!(
        control(&gw, "/control/malformed", json!({})).await["sent"],
        2
    );
    for client in [&mut one, &mut two] {
        let text = client.text_within(Duration::from_secs(5)).await.unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    }
    gw.shutdown().await;
}

#[tokio::test]
async fn restart_closes_every_socket_with_4000_and_forgets_every_session() {
    let gw = start_with(config_with_faults()).await;
    let (mut one, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    let mut two = Client::logged_in(&gw, "t1", "0002", "demo").await;
    let mut unauthenticated = Client::connect(&gw).await;
    let answer = control(&gw, "/control/restart", json!({})).await;
    assert_eq!(
        (&answer["dropped"], &answer["sessions"]),
        (&json!(3), &json!(2))
    );
    for client in [&mut one, &mut two, &mut unauthenticated] {
        assert_eq!(client.close_code().await, 4000);
    }
    let (_, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumeError"], "SESSION_UNKNOWN", "{auth}");
    gw.shutdown().await;
}

#[tokio::test]
async fn stream_needs_a_live_session_and_a_well_formed_body() {
    let gw = start_with(config_with_faults()).await;
    let body = json!({"tenantId": "t1", "agentNo": "0001", "count": 1});
    let (status, answer) = post(&gw, "/control/stream", body).await;
    assert_eq!(
        (status, &answer["errorCode"]),
        (409, &json!("SESSION_UNKNOWN"))
    );
    for bad in [
        json!({"tenantId": "t1", "agentNo": "0001"}),
        json!({"tenantId": "t1", "agentNo": "0001", "count": -1}),
        json!({"tenantId": "t1", "agentNo": "0001", "count": 2_000_000}),
    ] {
        let (status, answer) = post(&gw, "/control/stream", bad.clone()).await;
        assert_eq!(
            (status, &answer["errorCode"]),
            (400, &json!("BAD_REQUEST")),
            "{bad}"
        );
    }
    for (path, bad) in [
        ("/control/delay", json!({"ms": 600_000})),
        ("/control/delay", json!({})),
        ("/control/send-queue", json!({"frames": 0})),
        ("/control/revoke", json!({"tenantId": "t1"})),
    ] {
        let (status, answer) = post(&gw, path, bad.clone()).await;
        assert_eq!(
            (status, &answer["errorCode"]),
            (400, &json!("BAD_REQUEST")),
            "{path} {bad}"
        );
    }
    let body = json!({"tenantId": "t1", "agentNo": "7777"});
    let (status, answer) = post(&gw, "/control/revoke", body).await;
    assert_eq!(
        (status, &answer["errorCode"]),
        (400, &json!("AGENT_UNKNOWN"))
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn send_queue_sets_the_capacity_of_connections_opened_afterwards_only() {
    let gw = start_with(config_with_faults()).await;
    let mut before = Client::logged_in(&gw, "t1", "0001", "demo").await;
    assert_eq!(
        control(&gw, "/control/send-queue", json!({"frames": 3})).await["frames"],
        3
    );
    let mut after = Client::logged_in(&gw, "t1", "0002", "demo").await;
    control(&gw, "/control/delay", json!({"ms": 200})).await;
    for agent in ["0001", "0002"] {
        let body = json!({"tenantId": "t1", "agentNo": agent, "count": 20});
        control(&gw, "/control/stream", body).await;
    }
    let notice = after.frame().await;
    assert_eq!(notice["message"], "send queue over 3 frames", "{notice}");
    assert_eq!(after.close_code().await, 4002);
    // The older connection kept its 1024 frames: all twenty arrive.
    assert_eq!(before.events_through(22).await.len(), 20);
    gw.shutdown().await;
}

#[tokio::test]
async fn revoke_ends_the_session_with_key_revoked_then_4502_and_refuses_the_agents_keys() {
    let gw = start_with(config_with_faults()).await;
    let (mut client, key, _) = Client::in_session(&gw, "t1", "0001", "demo").await;
    let answer = control(
        &gw,
        "/control/revoke",
        json!({"tenantId": "t1", "agentNo": "0001"}),
    )
    .await;
    assert_eq!(answer["sessionEnded"], true);
    let terminate = client.event().await;
    assert_eq!(terminate["eventId"], 3);
    assert_eq!(terminate["payload"]["reason"], "keyRevoked");
    assert_eq!(client.close_code().await, 4502);

    let mut again = Client::connect(&gw).await;
    assert_eq!(
        again.auth("t1", "0001", &key).await["errorCode"],
        "KEY_REVOKED"
    );
    assert_eq!(again.close_code().await, 4502);
    // A key issued after the revocation is good.
    let fresh = session_key(&gw, "t1", "0001", "demo").await;
    Client::authenticated(&gw, "t1", "0001", &fresh).await;
    gw.shutdown().await;
}
