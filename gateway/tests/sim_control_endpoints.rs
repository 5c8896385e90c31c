//! The simulator's control endpoints (docs/gateway.md §7): what they refuse, and that they exist
//! only with `--faults`.

#![allow(clippy::unwrap_used)]

mod common;

use common::sim::{agent, sim, start_sim};
use common::{header, http, post};
use serde_json::json;

#[tokio::test(start_paused = true)]
async fn control_calls_refuse_unknown_names_and_agents_that_cannot_take_them() {
    let gw = start_sim().await;
    for (body, status, code) in [
        (json!({"tenantId": "t9"}), 400, "TENANT_UNKNOWN"),
        (
            json!({"tenantId": "t1", "agentNo": "7777"}),
            400,
            "AGENT_UNKNOWN",
        ),
        (
            json!({"tenantId": "t1", "queueNo": "q-nope"}),
            400,
            "QUEUE_UNKNOWN",
        ),
        (
            json!({"tenantId": "t1", "agentNo": "1001"}),
            409,
            "AGENT_NOT_AVAILABLE",
        ),
        (json!({"agentNo": "1001"}), 400, "BAD_REQUEST"),
    ] {
        let (got, answer) = post(&gw, "/control/sim/call", body.clone()).await;
        assert_eq!(
            (got, answer["errorCode"].as_str()),
            (status, Some(code)),
            "{body}: {answer}"
        );
        assert_eq!(answer["code"], -1);
    }
    let (got, answer) = post(
        &gw,
        "/control/sim/customer-hangup",
        json!({"tenantId": "t1", "agentNo": "1001"}),
    )
    .await;
    assert_eq!((got, answer["errorCode"].clone()), (409, json!("NO_CALL")));
    let (got, answer) = post(
        &gw,
        "/control/sim/callback",
        json!({"tenantId": "t1", "agentNo": "1001"}),
    )
    .await;
    assert_eq!(
        (got, answer["errorCode"].clone()),
        (409, json!("SESSION_UNKNOWN"))
    );
    let (got, answer) = post(
        &gw,
        "/control/sim/sip-disconnect",
        json!({"tenantId": "t1", "agentNo": "1001"}),
    )
    .await;
    assert_eq!(
        (got, answer["errorCode"].clone()),
        (409, json!("SESSION_UNKNOWN"))
    );
    // A queued call with nobody to take it is fine: it waits.
    let answer = sim(&gw, "call", json!({"tenantId": "t1"})).await;
    assert!(answer["mainUniqueId"]
        .as_str()
        .is_some_and(|m| m.starts_with("m-")));
    // An agent logged in: a sip-disconnect without a SIP session still says so.
    let _a = agent(&gw, "1001", 3).await;
    let answer = sim(
        &gw,
        "sip-disconnect",
        json!({"tenantId": "t1", "agentNo": "1001"}),
    )
    .await;
    assert_eq!(answer["sipSessionEnded"], false);
    gw.shutdown().await;
}

#[tokio::test]
async fn control_endpoints_allow_cross_origin_calls_and_exist_only_with_faults() {
    let gw = start_sim().await;
    let (status, headers, _) = http(
        &gw,
        "OPTIONS",
        "/control/sim/call",
        &[
            ("Origin", "http://127.0.0.1:9"),
            ("Access-Control-Request-Method", "POST"),
        ],
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    gw.shutdown().await;

    let gw = common::start().await;
    let (status, answer) = post(&gw, "/control/sim/call", json!({"tenantId": "t1"})).await;
    assert_eq!(
        (status, answer["errorCode"].clone()),
        (404, json!("NOT_FOUND"))
    );
    gw.shutdown().await;
}
