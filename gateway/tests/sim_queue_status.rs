//! `subscribeQueueStatus` (docs/flows.md §7): every subscribed queue whole at first, then the
//! queues that changed, with their figures and callers whole and the members whose status
//! changed, bursts coalesced.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, expect, expect_status, ok, refused, sim, start_sim};
use serde_json::json;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn a_subscription_gets_every_queue_whole_now_and_then_what_changed() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9001", 2).await;
    refused(&mut s, "unsubscribeQueueStatus", json!({}), "INVALID_STATE").await;
    ok(&mut s, "subscribeQueueStatus", json!({})).await;
    let q = expect(&mut s, &["queueStatus"]).await.remove(0);
    let status = q["queueStatus"].as_object().unwrap();
    assert_eq!(status.keys().collect::<Vec<_>>(), ["q-sales", "q-support"]);
    let sales = &status["q-sales"];
    let params = &sales["queueParams"];
    assert_eq!(
        (
            params["queueNo"].clone(),
            params["name"].clone(),
            params["strategy"].clone()
        ),
        (json!("q-sales"), json!("Sales"), json!("longestIdle"))
    );
    assert_eq!(
        (
            params["waiting"].clone(),
            params["agentsLoggedIn"].clone(),
            params["agentsIdle"].clone()
        ),
        (json!(0), json!(0), json!(0))
    );
    assert_eq!(params["maxWaitSeconds"], 300);
    assert_eq!(
        (params["update"].clone(), params["members"].clone()),
        (json!("full"), json!(20))
    );
    let agents = sales["agentStatuses"].as_array().unwrap();
    assert_eq!(agents.len(), 20);
    assert_eq!(agents[0]["agentNo"], "1001");
    assert_eq!(
        (
            agents[0]["state"].clone(),
            agents[0]["deviceStatus"].clone()
        ),
        (json!("offline"), json!(-1))
    );
    assert!(agents[0]["since"].as_i64().is_some() && agents[0]["name"].is_string());
    assert_eq!(sales["queueEntries"], json!([]));

    // A caller waits: the queue changed.
    sim(
        &gw,
        "call",
        json!({"tenantId": "t1", "queueNo": "q-sales", "customerNumber": "13800000042"}),
    )
    .await;
    let q = expect(&mut s, &["queueStatus"]).await.remove(0);
    let sales = &q["queueStatus"]["q-sales"];
    assert_eq!(sales["queueParams"]["waiting"], 1);
    let entry = &sales["queueEntries"][0];
    assert_eq!(
        (entry["customerNumber"].clone(), entry["position"].clone()),
        (json!("13800000042"), json!(1))
    );
    assert!(
        entry["uniqueId"].is_string()
            && entry["joinTime"].is_i64()
            && entry["waitSeconds"].is_i64()
    );
    assert!(
        q["queueStatus"]["q-support"].is_null(),
        "only the queues that changed: {q}"
    );

    // An agent logs in and takes the caller (login, ringing, talking within 200 ms): one
    // event, 250 ms after the last, with the state after the burst.
    let since = Instant::now();
    let mut a = agent(&gw, "1001", 2).await;
    expect_status(&mut a, "ringing", "ringing").await;
    let q = expect(&mut s, &["queueStatus"]).await.remove(0);
    assert_eq!(since.elapsed(), Duration::from_millis(250));
    let sales = &q["queueStatus"]["q-sales"];
    assert_eq!(sales["queueParams"]["waiting"], 0);
    assert_eq!(sales["queueParams"]["agentsLoggedIn"], 1);
    assert_eq!(sales["queueParams"]["agentsIdle"], 0);
    // Only the member whose status changed, and the queue's figures whole.
    assert_eq!(sales["queueParams"]["update"], "changes");
    assert_eq!(
        sales["agentStatuses"].as_array().unwrap().len(),
        1,
        "{sales}"
    );
    assert_eq!(sales["agentStatuses"][0]["agentNo"], "1001");
    assert_eq!(
        (
            sales["agentStatuses"][0]["state"].clone(),
            sales["agentStatuses"][0]["stateAction"].clone()
        ),
        (json!("talking"), json!("answer"))
    );
    assert_eq!(sales["agentStatuses"][0]["deviceStatus"], 4);
    assert!(
        s.frame_within(Duration::from_secs(1)).await.is_none(),
        "nothing changed since"
    );

    expect(&mut a, &["ringing"]).await;
    expect_status(&mut a, "talking", "answer").await;
    ok(&mut s, "unsubscribeQueueStatus", json!({})).await;
    ok(&mut a, "hangup", json!({})).await;
    assert!(
        s.frame_within(Duration::from_secs(3)).await.is_none(),
        "no more after unsubscribing"
    );
    gw.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_subscription_to_named_queues_gets_only_those_and_unknown_ones_are_refused() {
    let gw = start_sim().await;
    let mut s = agent(&gw, "9001", 2).await;
    refused(
        &mut s,
        "subscribeQueueStatus",
        json!({"queues": ["q-nope"]}),
        "BAD_REQUEST",
    )
    .await;
    ok(
        &mut s,
        "subscribeQueueStatus",
        json!({"queues": ["q-support"]}),
    )
    .await;
    let q = expect(&mut s, &["queueStatus"]).await.remove(0);
    assert_eq!(
        q["queueStatus"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["q-support"]
    );
    // A change in another queue says nothing.
    sim(&gw, "call", json!({"tenantId": "t1", "queueNo": "q-sales"})).await;
    assert!(s.frame_within(Duration::from_secs(1)).await.is_none());
    gw.shutdown().await;
}
