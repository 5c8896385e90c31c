//! The server side of the heartbeat (docs/protocol.md §6).

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{config, session_key, Client};
use serde_json::json;

#[tokio::test]
async fn silent_connection_is_closed_with_4001_and_pings_keep_it_open() {
    let mut cfg = config();
    cfg.idle_timeout = Duration::from_millis(400);
    let gw = agentdesk_gateway::start(cfg).await.unwrap();
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    // Pinging every 150 ms for 900 ms: well past the timeout, yet still open.
    for ts in 0..6 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        client.send_json(json!({"type": "ping", "ts": ts})).await;
        assert_eq!(client.frame().await["ts"], ts);
    }
    assert_eq!(client.close_code().await, 4001);
    gw.shutdown().await;
}
