//! Scripted mode (docs/gateway.md §9): the same seed and script give the same events, ids and
//! timestamps included, even with random callers, random talk times and transcripts.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentdesk_gateway::sim::Script;
use common::sim::{agent, ok, sim_config};
use common::Client;
use serde_json::{json, Value};

const SCRIPT: &str = r#"
epoch_ms = 1716192000000

[[steps]]
at_ms = 500
action = "call"
tenant = "t1"
agent = "1001"
customer = "13800000011"

[[steps]]
at_ms = 900
action = "call"
tenant = "t1"
queue = "q-support"

[[steps]]
at_ms = 4000
action = "customer-hangup"
tenant = "t1"
agent = "1001"

[[steps]]
at_ms = 6000
action = "callback"
tenant = "t1"
agent = "1002"

[[steps]]
at_ms = 7000
action = "call"
tenant = "t1"
queue = "q-sales"
talk_secs = 3
"#;

/// Every event each client got during a 20 s run of the script with `seed`.
async fn run(seed: u64) -> Vec<(String, Value)> {
    let mut config = sim_config();
    config.sim.seed = Some(seed);
    config.sim.epoch_ms = None; // the script's
    config.sim.script = Some(Script::parse(SCRIPT, false).unwrap());
    config.sim.callers_per_minute = 12.0;
    config.sim.talk_secs = (2, 6);
    config.sim.transcript_interval = Duration::from_millis(700);
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let mut clients: Vec<(String, Client)> = Vec::new();
    for no in ["1001", "1002", "1021"] {
        clients.push((no.to_owned(), agent(&gw, no, 2).await));
    }
    let mut s = agent(&gw, "9001", 2).await;
    ok(&mut s, "subscribeQueueStatus", json!({})).await;
    clients.push(("9001".to_owned(), s));
    tokio::time::sleep(Duration::from_secs(20)).await;
    let mut seen = Vec::new();
    for (no, client) in &mut clients {
        while let Some(frame) = client.frame_within(Duration::from_millis(1)).await {
            let mut payload = frame["payload"].clone();
            if let Some(p) = payload.as_object_mut() {
                p.remove("sessionId");
            }
            seen.push((
                no.clone(),
                json!({"eventId": frame["eventId"], "payload": payload}),
            ));
        }
    }
    gw.shutdown().await;
    seen
}

#[tokio::test(start_paused = true)]
async fn a_seeded_scripted_run_sends_the_same_events_twice() {
    let first = run(42).await;
    let second = run(42).await;
    let kinds: std::collections::BTreeSet<&str> = first
        .iter()
        .filter_map(|(_, e)| e["payload"]["eventType"].as_str())
        .collect();
    for kind in [
        "queueStatus",
        "ringing",
        "agentStatus",
        "transcript",
        "orderCallBack",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    assert!(first.len() > 40, "a busy run: {} events", first.len());
    assert_eq!(first.len(), second.len());
    for (i, (a, b)) in first.iter().zip(&second).enumerate() {
        assert_eq!(a, b, "event {i}");
    }
    let other = run(43).await;
    assert_ne!(first, other, "another seed, another run");
}
