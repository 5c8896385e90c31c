//! The native client (the engine on tokio, `agentdesk-native`) against the embedded gateway: it
//! logs in, its commands resolve after the events they caused, and a dropped connection costs
//! it one reconnect and nothing else.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentdesk_native::{login, Agent, AgentConfig, Seen};
use common::{config_with_faults, control, start_with};
use serde_json::json;
use tokio::sync::mpsc;

#[tokio::test]
async fn a_native_client_logs_in_pauses_and_resumes_through_a_drop_without_loss() {
    let gw = start_with(config_with_faults()).await;
    let key = login(&gw.http_url(), "t1", "0001", "demo").await.unwrap();
    let (tx, mut seen) = mpsc::unbounded_channel();
    let base = format!("ws://{}", gw.local_addr());
    let agent = Agent::start(AgentConfig::new(&base, "t1", "0001", key.clone()), 0, tx);
    let params = json!({"tenantId": "t1", "agentNo": "0001", "sessionKey": key,
        "bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 1});
    assert_eq!(agent.command("login", params).await.unwrap().code, 0);
    assert_eq!(agent.command("pause", json!({})).await.unwrap().code, 0);
    control(&gw, "/control/drop", json!({})).await;
    let streamed = control(
        &gw,
        "/control/stream",
        json!({"tenantId": "t1", "agentNo": "0001", "count": 20}),
    )
    .await;
    assert_eq!(streamed["sent"], 20);
    let mut ids = Vec::new();
    let mut indexes = Vec::new();
    let mut resync = 0;
    while indexes.len() < 20 {
        let (_, event) = tokio::time::timeout(Duration::from_secs(10), seen.recv())
            .await
            .unwrap()
            .unwrap();
        match event {
            Seen::Event {
                id,
                event_type,
                raw,
                ..
            } => {
                ids.push(id);
                if event_type == "transcript" {
                    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
                    indexes.push(v["sentenceIndex"].as_u64().unwrap());
                }
            }
            Seen::Local { event_type, .. } if event_type == "resync" => resync += 1,
            _ => {}
        }
    }
    assert_eq!(resync, 0);
    assert_eq!(indexes, (0..20).collect::<Vec<_>>());
    assert_eq!(
        ids,
        (1..=ids.len() as u64).collect::<Vec<_>>(),
        "ids in order, none twice"
    );
    assert_eq!(agent.command("unpause", json!({})).await.unwrap().code, 0);
    agent.stop().await;
    gw.shutdown().await;
}
