//! A whole agent session over the socket: auth, login, pause, unpause, logout
//! (docs/protocol.md §2–§4, §7).

#![allow(clippy::unwrap_used)]

mod common;

use common::{login_params, session_key, start, Client};
use serde_json::{json, Value};

/// Checks an `agentStatus` event and returns its `status` object.
fn status_of(event: &Value) -> &Value {
    assert_eq!(event["payload"]["eventType"], "agentStatus", "{event}");
    assert_eq!(event["payload"]["tenantId"], "t1");
    assert_eq!(event["payload"]["agentNo"], "0001");
    &event["payload"]["status"]
}

#[tokio::test]
async fn full_session_walks_login_pause_unpause_logout_with_event_ids_from_one() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, auth) = Client::authenticated(&gw, "t1", "0001", &key).await;
    let data = &auth["data"];
    assert_eq!(data["heartbeatMs"], 5000);
    assert_eq!(data["lastEventId"], 0);
    assert_eq!(data["resumed"], false);
    assert!(data["expiresAt"].as_u64().unwrap() > 0);
    let session_id = data["sessionId"].as_str().unwrap().to_owned();

    let mut ids = Vec::new();
    let reply = client.command("login", login_params()).await;
    assert_eq!(
        (reply["code"].clone(), reply["message"].clone()),
        (json!(0), json!("ok"))
    );
    let init = client.event().await;
    assert_eq!(init["payload"]["eventType"], "sessionInit");
    assert_eq!(init["payload"]["sessionId"], session_id.as_str());
    ids.push(init["eventId"].as_u64().unwrap());
    let idle = client.event().await;
    let status = status_of(&idle);
    assert_eq!(status["state"], "idle");
    assert_eq!(status["stateAction"], "login");
    assert_eq!(status["initialStatus"], 1);
    assert_eq!(status["deviceStatus"], 0);
    ids.push(idle["eventId"].as_u64().unwrap());

    let reply = client
        .command(
            "pause",
            json!({"pauseType": 2, "pauseDescription": "lunch"}),
        )
        .await;
    assert_eq!(reply["code"], 0);
    let busy = client.event().await;
    let status = status_of(&busy);
    assert_eq!(
        (status["state"].clone(), status["stateAction"].clone()),
        (json!("busy"), json!("pause"))
    );
    assert_eq!(status["pauseDescription"], "lunch");
    assert_eq!(status["pauseType"], 2);
    ids.push(busy["eventId"].as_u64().unwrap());

    assert_eq!(client.command("unpause", json!({})).await["code"], 0);
    let idle = client.event().await;
    assert_eq!(status_of(&idle)["state"], "idle");
    assert_eq!(status_of(&idle)["stateAction"], "unpause");
    ids.push(idle["eventId"].as_u64().unwrap());

    assert_eq!(
        client.command("logout", json!({"logoutMode": 1})).await["code"],
        0
    );
    let offline = client.event().await;
    assert_eq!(status_of(&offline)["state"], "offline");
    assert_eq!(status_of(&offline)["stateAction"], "logout");
    ids.push(offline["eventId"].as_u64().unwrap());
    let terminate = client.event().await;
    assert_eq!(terminate["payload"]["eventType"], "sessionTerminate");
    assert_eq!(terminate["payload"]["reason"], "logout");
    ids.push(terminate["eventId"].as_u64().unwrap());
    assert_eq!(client.close_code().await, 4500);

    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    gw.shutdown().await;
}

#[tokio::test]
async fn login_paused_enters_busy_with_login_pause() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0002", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0002", &key).await;
    let params = json!({"bindEndpoint": {"endpointType": 2, "endpoint": "8002"}, "initialStatus": 2,
                        "pauseDescription": "meeting"});
    assert_eq!(client.command("login", params).await["code"], 0);
    client.event().await;
    let status = client.event().await["payload"]["status"].clone();
    assert_eq!(status["state"], "busy");
    assert_eq!(status["stateAction"], "loginPause");
    assert_eq!(status["pauseDescription"], "meeting");
    gw.shutdown().await;
}

#[tokio::test]
async fn ping_is_answered_with_a_pong_echoing_the_clients_timestamp() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    client
        .send_json(json!({"type": "ping", "ts": 1716200000123_u64, "ack": 0}))
        .await;
    let pong = client.frame().await;
    assert_eq!(pong["type"], "pong");
    assert_eq!(pong["ts"], 1716200000123_u64);
    assert!(pong["serverTs"].as_u64().unwrap() > 1_700_000_000_000);
    gw.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_live_sockets_with_4000() {
    let gw = start().await;
    let key = session_key(&gw, "t1", "0003", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0003", &key).await;
    let mut unauthenticated = Client::connect(&gw).await;
    let stopping = tokio::spawn(gw.shutdown());
    // The authenticated socket hears it through its fault channel's closing (crate::links),
    // the one still in its auth phase through the shutdown signal.
    assert_eq!(client.close_code().await, 4000);
    assert_eq!(unauthenticated.close_code().await, 4000);
    stopping.await.unwrap();
}
