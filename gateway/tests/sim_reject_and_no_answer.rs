//! A ringing call that is rejected or rings out goes back to its queue and rings the next agent
//! (docs/flows.md §3 steps 2–3). Softphone agents (endpointType 3) do not answer by themselves.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, expect, expect_status, ok, sim, sim_config};
use serde_json::json;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn a_rejected_call_goes_back_to_the_queue_and_rings_the_next_agent() {
    let gw = agentdesk_gateway::start(sim_config()).await.unwrap();
    let mut first = agent(&gw, "1006", 3).await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let mut second = agent(&gw, "1007", 3).await;
    let main = sim(&gw, "call", json!({"tenantId": "t1", "queueNo": "q-sales"})).await
        ["mainUniqueId"]
        .clone();

    expect_status(&mut first, "ringing", "ringing").await;
    let r1 = expect(&mut first, &["ringing"]).await.remove(0);
    ok(&mut first, "hangup", json!({})).await;
    let back = expect_status(&mut first, "idle", "reject").await;
    assert_eq!(back["deviceStatus"], 0);
    assert!(back.get("mainUniqueId").is_none());

    expect_status(&mut second, "ringing", "ringing").await;
    let r2 = expect(&mut second, &["ringing"]).await.remove(0);
    assert_eq!(
        (r2["mainUniqueId"].clone(), r1["mainUniqueId"].clone()),
        (main.clone(), main)
    );
    assert_ne!(
        r2["uniqueId"], r1["uniqueId"],
        "a new leg for the new agent"
    );
    // The softphone answers with sipLink.
    let data = ok(&mut second, "sipLink", json!({})).await;
    assert_eq!(data, json!({"sdp": null}));
    expect(&mut second, &["sipSessionInit"]).await;
    expect_status(&mut second, "talking", "answer").await;
    // The agent who rejected is not offered the caller again.
    assert!(first
        .frame_within(Duration::from_millis(500))
        .await
        .is_none());
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_call_is_missed_after_the_ring_timeout_and_rings_the_next_agent() {
    let mut config = sim_config();
    config.sim.ring_timeout = Duration::from_secs(3);
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let mut first = agent(&gw, "1021", 3).await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let mut second = agent(&gw, "1022", 3).await;
    sim(
        &gw,
        "call",
        json!({"tenantId": "t1", "queueNo": "q-support"}),
    )
    .await;

    expect_status(&mut first, "ringing", "ringing").await;
    expect(&mut first, &["ringing"]).await;
    let rang = Instant::now();
    let missed = expect_status(&mut first, "busy", "noAnswer").await;
    assert_eq!(rang.elapsed(), Duration::from_secs(3));
    assert_eq!(missed["pauseDescription"], "Missed call");
    assert_eq!(missed["initialStatus"], 2);

    expect_status(&mut second, "ringing", "ringing").await;
    expect(&mut second, &["ringing"]).await;
    // The missed agent is paused: it must unpause before it gets calls again.
    ok(&mut first, "unpause", json!({})).await;
    expect_status(&mut first, "idle", "unpause").await;
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_caller_with_nobody_to_answer_waits_in_the_queue_until_an_agent_is_free() {
    let gw = agentdesk_gateway::start(sim_config()).await.unwrap();
    sim(&gw, "call", json!({"tenantId": "t1", "queueNo": "q-sales"})).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut late = agent(&gw, "1008", 2).await;
    expect_status(&mut late, "ringing", "ringing").await;
    let r = expect(&mut late, &["ringing"]).await.remove(0);
    assert_eq!(r["queueNo"], "q-sales");
    expect_status(&mut late, "talking", "answer").await;
    gw.shutdown().await;
}
