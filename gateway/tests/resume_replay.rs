//! Resume without loss (docs/protocol.md §5): a reconnecting client gets every event it missed,
//! in order, with the ids they had, before anything new, and nothing twice.

#![allow(clippy::unwrap_used)]

mod common;

use common::{assert_consecutive, config_with_faults, control, ids, post_at, start_with, Client};
use serde_json::json;

#[tokio::test]
async fn resume_replays_exactly_the_missed_events_in_order_with_their_original_ids() {
    let gw = start_with(config_with_faults()).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    let sent = control(
        &gw,
        "/control/stream",
        json!({"tenantId": "t1", "agentNo": "0001", "count": 30}),
    )
    .await;
    assert_eq!(
        (&sent["firstEventId"], &sent["lastEventId"]),
        (&json!(3), &json!(32))
    );
    // The client delivers ten of them, then its connection dies.
    let delivered = first.events_through(12).await;
    assert_consecutive(&ids(&delivered), 3);
    drop(first);

    let (mut second, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 12).await;
    let data = &auth["data"];
    assert_eq!(data["resumed"], true, "{auth}");
    assert_eq!(data["sessionId"], session_id.as_str());
    assert_eq!(data["lastEventId"], 32);
    assert!(data.get("resumeError").is_none(), "{auth}");
    let replayed = second.events_through(32).await;
    assert_consecutive(&ids(&replayed), 13);
    let indexes: Vec<_> = replayed
        .iter()
        .map(|e| e["payload"]["sentenceIndex"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, (10..30).collect::<Vec<_>>());
    // The session goes on: the agent is still logged in and ids continue after the replay.
    assert_eq!(second.command("pause", json!({})).await["code"], 0);
    let busy = second.event().await;
    assert_eq!(busy["eventId"], 33);
    assert_eq!(busy["payload"]["status"]["state"], "busy");
    gw.shutdown().await;
}

#[tokio::test]
async fn resume_while_the_old_connection_is_still_open_closes_it_with_4000_and_no_session_terminate(
) {
    let gw = start_with(config_with_faults()).await;
    let (mut old, key, session_id) = Client::in_session(&gw, "t1", "0002", "demo").await;
    let (mut new, auth) = Client::resumed(&gw, "t1", "0002", &key, &session_id, 2).await;
    assert_eq!(auth["data"]["resumed"], true);
    // close_code fails on any text frame first: no sessionTerminate reached the old connection.
    assert_eq!(old.close_code().await, 4000);
    assert_eq!(new.command("pause", json!({})).await["code"], 0);
    assert_eq!(new.event().await["eventId"], 3);
    gw.shutdown().await;
}

#[tokio::test]
async fn events_produced_during_repeated_resumes_arrive_exactly_once_and_in_order() {
    const COUNT: u64 = 1000;
    let gw = start_with(config_with_faults()).await;
    let (mut client, key, session_id) = Client::in_session(&gw, "t1", "0003", "demo").await;
    // One event a millisecond: the stream lasts over a second, so every hand-over below happens
    // while events are being produced.
    let body = json!({"tenantId": "t1", "agentNo": "0003", "count": COUNT, "intervalMs": 1});
    let streaming = tokio::spawn(post_at(gw.local_addr(), "/control/stream", body));
    let last_id = 2 + COUNT;
    let mut delivered = vec![];
    let mut last = 2;
    let mut resumes = 0;
    while last < last_id {
        let event = client.event().await;
        let id = event["eventId"].as_u64().unwrap();
        // Exactly once, in order: each event is the one after the last delivered.
        assert_eq!(id, last + 1, "after {last} came {id}");
        last = id;
        delivered.push(id);
        if last % 50 == 0 && last + 100 <= last_id {
            // Hand over while the stream goes on: the events produced meanwhile must land
            // either in the replay or in the live traffic, never both, never neither.
            assert!(
                !streaming.is_finished(),
                "the stream ended before event {last}"
            );
            drop(client);
            let (next, auth) = Client::resumed(&gw, "t1", "0003", &key, &session_id, last).await;
            assert_eq!(auth["data"]["resumed"], true, "{auth}");
            client = next;
            resumes += 1;
        }
    }
    assert_eq!(resumes, 18);
    assert_consecutive(&delivered, 3);
    let (status, answer) = streaming.await.unwrap();
    assert_eq!((status, &answer["sent"]), (200, &json!(COUNT)));
    gw.shutdown().await;
}
