//! The demo's life (docs/gateway.md §9): random callers arrive, bots in the free seats take
//! them, go on breaks; a client taking a bot's seat gets it; calls placed by the control
//! endpoints never go to bots.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, expect, expect_status, ok, ok_skipping, sim, sim_config};
use serde_json::{json, Value};

fn agent_in<'a>(q: &'a Value, queue: &str, agent_no: &str) -> &'a Value {
    q["queueStatus"][queue]["agentStatuses"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["agentNo"] == agent_no))
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn bots_take_random_callers_and_give_their_seat_to_a_client() {
    let mut config = sim_config();
    config.sim.bots = true;
    config.sim.callers_per_minute = 30.0;
    config.sim.talk_secs = (5, 20);
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let mut s = agent(&gw, "9001", 2).await;
    // Every bot has taken its seat within 5 s.
    tokio::time::sleep(Duration::from_secs(6)).await;
    ok(
        &mut s,
        "subscribeQueueStatus",
        json!({"queues": ["q-sales"]}),
    )
    .await;
    let q = expect(&mut s, &["queueStatus"]).await.remove(0);
    assert_eq!(
        q["queueStatus"]["q-sales"]["queueParams"]["agentsLoggedIn"],
        20
    );

    // Within a minute bots have talked to callers.
    let mut talked = false;
    for _ in 0..200 {
        let Some(frame) = s.frame_within(Duration::from_secs(1)).await else {
            continue;
        };
        let statuses = frame["payload"]["queueStatus"]["q-sales"]["agentStatuses"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if statuses.iter().any(|a| a["state"] == "talking") {
            talked = true;
            break;
        }
    }
    assert!(talked, "a bot took a random caller");

    // A client takes 1001's seat: the bot leaves it (whatever it was doing), the client logs in.
    ok_skipping(&mut s, "unsubscribeQueueStatus", json!({})).await;
    let _a = agent(&gw, "1001", 2).await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn calls_placed_through_a_queue_by_the_control_endpoint_skip_the_bots() {
    let mut config = sim_config();
    config.sim.bots = true;
    let gw = agentdesk_gateway::start(config).await.unwrap();
    tokio::time::sleep(Duration::from_secs(6)).await;
    let mut s = agent(&gw, "9001", 2).await;
    sim(
        &gw,
        "call",
        json!({"tenantId": "t1", "queueNo": "q-support"}),
    )
    .await;
    ok(
        &mut s,
        "subscribeQueueStatus",
        json!({"queues": ["q-support"]}),
    )
    .await;
    let q = expect(&mut s, &["queueStatus"]).await.remove(0);
    // 20 bots logged in, idle or on a break, and the caller still waits for a client.
    let params = &q["queueStatus"]["q-support"]["queueParams"];
    assert_eq!(
        (params["agentsLoggedIn"].clone(), params["waiting"].clone()),
        (json!(20), json!(1))
    );
    assert_ne!(agent_in(&q, "q-support", "1021")["state"], "ringing");
    let mut a = agent(&gw, "1021", 2).await;
    expect_status(&mut a, "ringing", "ringing").await;
    gw.shutdown().await;
}
