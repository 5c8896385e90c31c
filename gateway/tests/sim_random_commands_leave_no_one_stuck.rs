//! Robustness: hundreds of random commands and control calls, in any order and any state, get
//! one reply each, never break the gateway, and once the dust settles every agent is back to idle
//! or busy: no call, monitor or wrap-up is left hanging. The run is seeded (`CHAOS_SEED`, default
//! 3, to try others by hand), so a failure replays exactly.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::sim::{agent, sim_config};
use common::{post, Client};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

const AGENTS: [&str; 4] = ["1011", "1012", "1013", "1014"];
const SUPERVISOR: &str = "9001";

/// Sends a command and reads until its reply, noting every agentStatus on the way.
async fn command(client: &mut Client, last: &mut Value, action: &str, params: Value) -> Value {
    let id = client.send_command(action, params).await;
    loop {
        let frame = client.frame().await;
        note(last, &frame);
        if frame["type"] == "reply" && frame["id"] == id {
            return frame;
        }
    }
}

fn note(last: &mut Value, frame: &Value) {
    if frame["type"] == "event" && frame["payload"]["eventType"] == "agentStatus" {
        *last = frame["payload"]["status"].clone();
    }
}

async fn drain(client: &mut Client, last: &mut Value) {
    while let Some(frame) = client.frame_within(Duration::from_millis(1)).await {
        note(last, &frame);
    }
}

fn random_action(rng: &mut ChaCha8Rng) -> (&'static str, Value) {
    let target = AGENTS[rng.random_range(0..AGENTS.len())];
    let number = ["13900000000", "13900000001", "13900000005"][rng.random_range(0..3)];
    match rng.random_range(0..17) {
        0 => ("hangup", json!({})),
        1 => ("hold", json!({})),
        2 => ("unhold", json!({})),
        3 => ("mute", json!({})),
        4 => ("sendDtmf", json!({"digits": "1#"})),
        5 => ("previewObCall", json!({"customerNumber": number})),
        6 => ("startAtxfer", json!({"targetType": 1, "target": target})),
        7 => ("startAtxfer", json!({"targetType": 0, "target": number})),
        8 => ("cancelAtxfer", json!({})),
        9 => ("resumeAtxfer", json!({})),
        10 => ("completeAtxfer", json!({})),
        11 => ("threewayAtxfer", json!({})),
        12 => ("blxfer", json!({"targetType": 1, "target": target})),
        13 => ("transferIvr", json!({"ivrId": "ivr-1"})),
        14 => ("pause", json!({})),
        15 => ("unpause", json!({})),
        _ => ("unmute", json!({})),
    }
}

fn random_supervision(rng: &mut ChaCha8Rng) -> (&'static str, Value) {
    let target = json!({"agentNo": AGENTS[rng.random_range(0..AGENTS.len())]});
    match rng.random_range(0..12) {
        0 => ("spy", target),
        1 => ("whisper", target),
        2 => ("threeway", target),
        3 => ("barge", target),
        4 => ("unspy", json!({})),
        5 => ("unwhisper", json!({})),
        6 => ("unthreeway", json!({})),
        7 => ("unbarge", json!({})),
        8 => ("disconnect", target),
        9 => ("setPause", target),
        10 => ("setUnpause", target),
        _ => ("subscribeQueueStatus", json!({})),
    }
}

#[tokio::test(start_paused = true)]
async fn random_commands_get_one_reply_each_and_leave_every_agent_idle_or_busy() {
    let mut config = sim_config();
    config.sim.talk_secs = (3, 8);
    config.sim.ring_timeout = Duration::from_secs(3);
    config.sim.transcript_interval = Duration::from_millis(700);
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let mut clients: BTreeMap<&str, (Client, Value)> = BTreeMap::new();
    for no in AGENTS.iter().chain([&SUPERVISOR]) {
        clients.insert(no, (agent(&gw, no, 2).await, json!({"state": "idle"})));
    }
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for _ in 0..400 {
        match rng.random_range(0..10) {
            0 | 1 => {
                let who = AGENTS[rng.random_range(0..AGENTS.len())];
                let (path, body) = match rng.random_range(0..4) {
                    0 => (
                        "/control/sim/call",
                        json!({"tenantId": "t1", "queueNo": "q-sales", "talkSeconds": rng.random_range(2..9)}),
                    ),
                    1 => (
                        "/control/sim/call",
                        json!({"tenantId": "t1", "agentNo": who}),
                    ),
                    2 => (
                        "/control/sim/customer-hangup",
                        json!({"tenantId": "t1", "agentNo": who}),
                    ),
                    _ => (
                        "/control/sim/sip-disconnect",
                        json!({"tenantId": "t1", "agentNo": who}),
                    ),
                };
                let (status, answer) = post(&gw, path, body).await;
                assert!(matches!(status, 200 | 409), "{path}: {status} {answer}");
            }
            2 => {
                let (action, params) = random_supervision(&mut rng);
                let (client, last) = clients.get_mut(SUPERVISOR).unwrap();
                let reply = command(client, last, action, params).await;
                assert!(
                    reply["code"] == 0 || reply["errorCode"].is_string(),
                    "{reply}"
                );
            }
            _ => {
                let no = AGENTS[rng.random_range(0..AGENTS.len())];
                let (action, params) = random_action(&mut rng);
                let (client, last) = clients.get_mut(no).unwrap();
                let reply = command(client, last, action, params).await;
                assert!(
                    reply["code"] == 0 || reply["errorCode"].is_string(),
                    "{reply}"
                );
            }
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..600))).await;
        for (client, last) in clients.values_mut() {
            drain(client, last).await;
        }
    }
    // Let the dust settle: hang up what is still up, let customers and wrap-ups finish.
    for _ in 0..30 {
        for (client, last) in clients.values_mut() {
            drain(client, last).await;
            let state = last["state"].as_str().unwrap_or_default().to_owned();
            if matches!(state.as_str(), "talking" | "ringing" | "calling") {
                command(client, last, "hangup", json!({})).await;
            } else {
                client.send_json(json!({"type": "ping", "ts": 0})).await;
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    for (no, (client, last)) in &mut clients {
        drain(client, last).await;
        let state = last["state"].as_str().unwrap_or_default();
        assert!(
            matches!(state, "idle" | "busy"),
            "agent {no} left {state}: {last}"
        );
    }
    gw.shutdown().await;
}
