//! `/control/stream` under load: a long burst of events reaches the client whole and in order
//! (docs/protocol.md §4; docs/gateway.md).

#![allow(clippy::unwrap_used)]

mod common;

use common::{assert_consecutive, config_with_faults, ids, post_at, start_with, Client};
use serde_json::json;

#[tokio::test]
async fn stream_of_2000_events_arrives_complete_in_order_with_consecutive_ids() {
    let gw = start_with(config_with_faults()).await;
    let (mut client, _, _) = Client::in_session(&gw, "t1", "0001", "demo").await;
    // Read while the gateway streams: 2000 events do not fit the 1024-frame queue at once.
    let body = json!({"tenantId": "t1", "agentNo": "0001", "count": 2000});
    let streaming = tokio::spawn(post_at(gw.local_addr(), "/control/stream", body));
    let events = client.events_through(2 + 2000).await;
    assert_eq!(events.len(), 2000);
    assert_consecutive(&ids(&events), 3);
    for (i, event) in events.iter().enumerate() {
        let payload = &event["payload"];
        assert_eq!(payload["eventType"], "transcript");
        assert_eq!(payload["sentenceIndex"], i);
        assert_eq!(payload["text"], format!("event {i}"));
        assert_eq!(payload["role"], if i % 2 == 0 { 1 } else { 2 });
        assert_eq!(payload["sentenceType"], "intermediateResult");
        assert_eq!(payload["finished"], 0);
        assert!(payload["mainUniqueId"]
            .as_str()
            .unwrap()
            .starts_with("stream-"));
    }
    let (status, answer) = streaming.await.unwrap();
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (
            &answer["sent"],
            &answer["firstEventId"],
            &answer["lastEventId"]
        ),
        (&json!(2000), &json!(3), &json!(2002))
    );
    // Nothing else was queued: the next frame answers the next request.
    client.send_json(json!({"type": "ping", "ts": 1})).await;
    assert_eq!(client.frame().await["type"], "pong");
    gw.shutdown().await;
}
