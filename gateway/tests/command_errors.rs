//! Requests the gateway refuses without ending the session (docs/protocol.md §1, §3).

#![allow(clippy::unwrap_used)]

mod common;

use agentdesk_core::protocol::v1::MAX_FRAME_BYTES;
use common::{login_params, session_key, start, Client};
use serde_json::json;

async fn authenticated(gw: &agentdesk_gateway::RunningGateway, agent: &str) -> Client {
    let key = session_key(gw, "t1", agent, "demo").await;
    Client::authenticated(gw, "t1", agent, &key).await.0
}

#[tokio::test]
async fn pause_before_login_is_refused_with_not_logged_in() {
    let gw = start().await;
    let mut client = authenticated(&gw, "0001").await;
    let reply = client.command("pause", json!({"pauseType": 2})).await;
    assert_eq!(reply["code"], -1);
    assert_eq!(reply["errorCode"], "NOT_LOGGED_IN");
    assert_eq!(
        reply["message"],
        "`pause` is not allowed while the agent is offline; log in first"
    );
    for action in ["unpause", "logout"] {
        assert_eq!(
            client.command(action, json!({})).await["errorCode"],
            "NOT_LOGGED_IN",
            "{action}"
        );
    }
    // Still usable: login works afterwards.
    assert_eq!(client.command("login", login_params()).await["code"], 0);
    gw.shutdown().await;
}

#[tokio::test]
async fn refused_transition_is_invalid_state_with_the_transition_message() {
    let gw = start().await;
    let mut client = Client::logged_in(&gw, "t1", "0001", "demo").await;
    let reply = client.command("unpause", json!({})).await;
    assert_eq!(reply["errorCode"], "INVALID_STATE");
    assert_eq!(
        reply["message"],
        "`unpause` is not allowed while the agent is idle; the agent is not paused"
    );
    let reply = client.command("login", login_params()).await;
    assert_eq!(reply["errorCode"], "INVALID_STATE");
    // No event was caused: the next frame answers the next request.
    client.send_json(json!({"type": "ping", "ts": 5})).await;
    assert_eq!(client.frame().await["type"], "pong");
    gw.shutdown().await;
}

#[tokio::test]
async fn malformed_json_frame_gets_bad_request_and_the_session_goes_on() {
    let gw = start().await;
    let mut client = authenticated(&gw, "0001").await;
    client.send_text("{this is not json".into()).await;
    let reply = client.frame().await;
    assert_eq!(reply["type"], "reply");
    assert_eq!(reply["id"], 0);
    assert_eq!(reply["code"], -1);
    assert_eq!(reply["errorCode"], "BAD_REQUEST");
    // A frame of a known shape but missing fields keeps its id.
    client.send_json(json!({"type": "cmd", "id": 41})).await;
    let reply = client.frame().await;
    assert_eq!(
        (reply["id"].clone(), reply["errorCode"].clone()),
        (json!(41), json!("BAD_REQUEST"))
    );
    // An unknown frame type is an error reply too.
    client
        .send_json(json!({"type": "teleport", "id": 42}))
        .await;
    assert_eq!(client.frame().await["errorCode"], "BAD_REQUEST");
    assert_eq!(client.command("login", login_params()).await["code"], 0);
    assert_eq!(client.event().await["eventId"], 1);
    gw.shutdown().await;
}

#[tokio::test]
async fn oversize_frame_gets_frame_too_large_and_the_session_goes_on() {
    let gw = start().await;
    let mut client = authenticated(&gw, "0001").await;
    let padding = "x".repeat(MAX_FRAME_BYTES);
    client.send_json(json!({"type": "cmd", "id": 9, "action": "pause", "params": {"pauseDescription": padding}})).await;
    let reply = client.frame().await;
    assert_eq!(reply["id"], 0);
    assert_eq!(reply["errorCode"], "FRAME_TOO_LARGE");
    assert_eq!(client.command("login", login_params()).await["code"], 0);
    gw.shutdown().await;
}

#[tokio::test]
async fn unknown_action_is_refused_with_unknown_action() {
    let gw = start().await;
    let mut client = authenticated(&gw, "0001").await;
    let reply = client.command("teleport", json!({})).await;
    assert_eq!(reply["errorCode"], "UNKNOWN_ACTION");
    assert_eq!(reply["message"], "unknown action `teleport`");
    gw.shutdown().await;
}

#[tokio::test]
async fn login_with_params_of_the_wrong_shape_is_a_bad_request() {
    let gw = start().await;
    let mut client = authenticated(&gw, "0001").await;
    let bad = json!({"bindEndpoint": {"endpointType": "softphone", "endpoint": "3016"}, "initialStatus": 1});
    assert_eq!(
        client.command("login", bad).await["errorCode"],
        "BAD_REQUEST"
    );
    assert_eq!(
        client.command("login", json!({"initialStatus": 1})).await["errorCode"],
        "BAD_REQUEST"
    );
    let bad_status =
        json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 9});
    assert_eq!(
        client.command("login", bad_status).await["errorCode"],
        "BAD_REQUEST"
    );
    gw.shutdown().await;
}

#[tokio::test]
async fn a_second_auth_on_the_same_socket_is_a_bad_request() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    assert_eq!(
        client.auth("t1", "0001", &key).await["errorCode"],
        "BAD_REQUEST"
    );
    gw.shutdown().await;
}
