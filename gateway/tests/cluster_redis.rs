//! The cluster mode in one test process: a real redis-server, one core and two edges meeting
//! on it (docs/deploy.md). A session moves between edges without loss, a supervisor on one
//! edge sees agents of the other, revocations reach every edge, and a Redis that lost its data
//! makes clients resynchronise with a reason instead of leaving a silent gap.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentdesk_gateway::{start_core, Config, GatewayRole, RunningCore, RunningGateway};
use common::redis::RedisServer;
use common::sim::{expect, sim_settings};
use common::{assert_consecutive, control, ids, login_params, session_key, Client};
use serde_json::json;

fn config(redis: &RedisServer, role: GatewayRole) -> Config {
    let mut config = common::config_with_test_directory();
    config.faults = true;
    config.sim = sim_settings();
    config.role = role;
    config.redis = Some(redis.url.clone());
    // Every edge verifies what any edge issued.
    config.key_secret = Some(b"cluster-test-secret".to_vec());
    config
}

async fn cluster(redis: &RedisServer) -> (RunningCore, RunningGateway, RunningGateway) {
    let core = start_core(config(redis, GatewayRole::Core)).await.unwrap();
    let a = agentdesk_gateway::start(config(redis, GatewayRole::Edge))
        .await
        .unwrap();
    let b = agentdesk_gateway::start(config(redis, GatewayRole::Edge))
        .await
        .unwrap();
    (core, a, b)
}

/// Logs in on `gw`; returns the client, its key and session id.
async fn logged_in(gw: &RunningGateway, agent: &str) -> (Client, String, String) {
    let key = session_key(gw, "t1", agent, "test").await;
    let (mut client, auth) = Client::authenticated(gw, "t1", agent, &key).await;
    let session = auth["data"]["sessionId"].as_str().unwrap().to_owned();
    let reply = client.command("login", login_params()).await;
    assert_eq!(reply["code"], 0, "{reply}");
    assert_eq!(
        reply["lastEventId"], 2,
        "the reply knows the login's events"
    );
    expect(&mut client, &["sessionInit", "agentStatus"]).await;
    (client, key, session)
}

#[tokio::test]
async fn a_session_moves_to_another_edge_mid_stream_without_loss_or_duplicate() {
    let redis = RedisServer::start();
    let (core, a, b) = cluster(&redis).await;
    let (mut first, key, session) = logged_in(&a, "1001").await;
    let body = json!({"tenantId": "t1", "agentNo": "1001", "count": 60, "intervalMs": 5});
    let addr = b.local_addr();
    let streaming = tokio::spawn(common::post_at(addr, "/control/stream", body));
    let mut seen = first.events_through(2 + 20).await;
    drop(first);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let last = seen.last().unwrap()["eventId"].as_u64().unwrap();
    let (mut second, reply) = Client::resumed(&b, "t1", "1001", &key, &session, last).await;
    assert_eq!(reply["data"]["resumed"], true, "{reply}");
    seen.extend(second.events_through(2 + 60).await);
    assert_consecutive(&ids(&seen), 3);
    let (status, answer) = streaming.await.unwrap();
    assert_eq!(
        (status, answer["sent"].clone()),
        (200, json!(60)),
        "{answer}"
    );
    // Commands keep working on the new edge.
    let reply = second.command("pause", json!({})).await;
    assert_eq!(
        (reply["code"].clone(), reply["lastEventId"].clone()),
        (json!(0), json!(63))
    );
    b.shutdown().await;
    a.shutdown().await;
    core.shutdown().await;
}

#[tokio::test]
async fn a_supervisor_on_one_edge_sees_an_agent_of_the_other_in_queue_status() {
    let redis = RedisServer::start();
    let (core, a, b) = cluster(&redis).await;
    let (mut sup, _, _) = logged_in(&a, "9001").await;
    assert_eq!(
        sup.command("subscribeQueueStatus", json!({"queues": ["q-sales"]}))
            .await["code"],
        0
    );
    expect(&mut sup, &["queueStatus"]).await;
    let (mut agent, _, _) = logged_in(&b, "1002").await;
    assert_eq!(
        agent
            .command("pause", json!({"pauseDescription": "lunch"}))
            .await["code"],
        0
    );
    let mut state = String::new();
    for _ in 0..5 {
        let q = expect(&mut sup, &["queueStatus"]).await.remove(0);
        let statuses = q["queueStatus"]["q-sales"]["agentStatuses"]
            .as_array()
            .unwrap()
            .clone();
        let me = statuses.iter().find(|s| s["agentNo"] == "1002").unwrap();
        state = me["state"].as_str().unwrap().to_owned();
        if state == "busy" {
            break;
        }
    }
    assert_eq!(state, "busy");
    b.shutdown().await;
    a.shutdown().await;
    core.shutdown().await;
}

#[tokio::test]
async fn a_revocation_on_one_edge_refuses_the_key_on_every_edge() {
    let redis = RedisServer::start();
    let (core, a, b) = cluster(&redis).await;
    let (mut client, key, _) = logged_in(&a, "1003").await;
    let answer = control(
        &b,
        "/control/revoke",
        json!({"tenantId": "t1", "agentNo": "1003"}),
    )
    .await;
    assert_eq!(answer["sessionEnded"], true, "{answer}");
    expect(&mut client, &["sessionTerminate"]).await;
    assert_eq!(client.close_code().await, 4502);
    for gw in [&a, &b] {
        let mut again = Client::connect(gw).await;
        let mut refused = again.auth("t1", "1003", &key).await;
        for _ in 0..20 {
            if refused["errorCode"] == "KEY_REVOKED" {
                break;
            }
            // The announcement may still be on its way to the other edge.
            tokio::time::sleep(Duration::from_millis(50)).await;
            again = Client::connect(gw).await;
            refused = again.auth("t1", "1003", &key).await;
        }
        assert_eq!(refused["errorCode"], "KEY_REVOKED", "{refused}");
    }
    b.shutdown().await;
    a.shutdown().await;
    core.shutdown().await;
}

#[tokio::test]
async fn a_redis_that_lost_its_data_resynchronises_every_session_with_a_reason() {
    let mut redis = RedisServer::start();
    let (core, a, b) = cluster(&redis).await;
    let (mut client, key, session) = logged_in(&a, "1004").await;
    redis.restart();
    // The edge sees the epoch gone and lets the connection go: the client must come back.
    assert_eq!(
        client.close_code_within(Duration::from_secs(10)).await,
        4000
    );
    // Until the core has set a new epoch, an auth is put off (4000), never half-served.
    let mut resumed = None;
    for _ in 0..100 {
        let mut again = Client::connect(&b).await;
        let reply = again.auth_resume("t1", "1004", &key, &session, 2).await;
        if reply["code"] == 0 {
            resumed = Some(reply);
            break;
        }
        assert_eq!(reply["errorCode"], "UNAVAILABLE", "{reply}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let reply = resumed.expect("the cluster came back");
    assert_eq!(reply["data"]["resumed"], false);
    assert_eq!(reply["data"]["resumeError"], "SESSION_UNKNOWN", "{reply}");
    b.shutdown().await;
    a.shutdown().await;
    core.shutdown().await;
}
