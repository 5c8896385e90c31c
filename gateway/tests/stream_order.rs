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

#[tokio::test]
async fn a_pong_follows_every_event_queued_before_its_ping_and_names_the_newest() {
    // docs/protocol.md §6: the pong's `lastEventId` is the session's newest event when the
    // gateway answered, and every event up to it went out before the pong. The ping comes while
    // the client has read none of the burst: the pong is written behind it, not beside it.
    let gw = start_with(config_with_faults()).await;
    let (mut client, _, _) = Client::in_session(&gw, "t1", "0001", "demo").await;
    let body = json!({"tenantId": "t1", "agentNo": "0001", "count": 500});
    let (status, answer) = post_at(gw.local_addr(), "/control/stream", body).await;
    assert_eq!(status, 200, "{answer}");
    let last = answer["lastEventId"].as_u64().unwrap();
    client
        .send_json(json!({"type": "ping", "ts": 7, "ack": 2}))
        .await;
    let events = client.events_through(last).await;
    assert_consecutive(&ids(&events), 3);
    let pong = client.frame().await;
    assert_eq!(
        (&pong["type"], &pong["ts"], &pong["lastEventId"]),
        (&json!("pong"), &json!(7), &json!(last))
    );
    // With nothing new, the next pong names the same event.
    client
        .send_json(json!({"type": "ping", "ts": 8, "ack": last}))
        .await;
    let pong = client.frame().await;
    assert_eq!(
        (&pong["ts"], &pong["lastEventId"]),
        (&json!(8), &json!(last))
    );
    gw.shutdown().await;
}
