//! Backpressure (docs/protocol.md §7 4002, §9 `overflow`): a client that lags past its send
//! queue gets the notice and a reconnectable close, and loses nothing by resuming.

#![allow(clippy::unwrap_used)]

mod common;

use common::{assert_consecutive, config_with_faults, control, ids, start_with, Client};
use serde_json::json;

#[tokio::test]
async fn a_lagging_client_gets_an_overflow_notice_and_4002_then_resume_delivers_every_event() {
    let mut config = config_with_faults();
    config.send_queue_frames = 4;
    let gw = start_with(config).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    // A slow link: every frame waits 200 ms, so fifty events pile up past four.
    control(&gw, "/control/delay", json!({"ms": 200})).await;
    let sent = control(
        &gw,
        "/control/stream",
        json!({"tenantId": "t1", "agentNo": "0001", "count": 50}),
    )
    .await;
    assert_eq!(
        sent["sent"], 50,
        "the session goes on when its connection overflows"
    );

    let mut delivered = vec![];
    let notice = loop {
        let frame = first.frame().await;
        if frame["type"] == "event" {
            delivered.push(frame);
        } else {
            break frame;
        }
    };
    assert_eq!(notice["type"], "notice", "{notice}");
    assert_eq!(notice["kind"], "overflow");
    assert_eq!(notice["message"], "send queue over 4 frames");
    assert_eq!(first.close_code().await, 4002);

    control(&gw, "/control/delay", json!({"ms": 0})).await;
    let last = ids(&delivered).last().copied().unwrap_or(2);
    let (mut second, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, last).await;
    assert_eq!(auth["data"]["resumed"], true, "{auth}");
    delivered.extend(second.events_through(52).await);
    assert_consecutive(&ids(&delivered), 3);
    gw.shutdown().await;
}
