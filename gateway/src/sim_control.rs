//! The simulator's test endpoints (docs/gateway.md §7), served with `--faults` beside the
//! fault-injection ones, in the same style: `POST`, JSON bodies, `code` 0 on success, CORS open.
//!
//! | endpoint | body | answer |
//! |---|---|---|
//! | `/control/sim/call` | `{tenantId, agentNo?, queueNo?, customerNumber?, talkSeconds?}` | `{mainUniqueId}` |
//! | `/control/sim/customer-hangup` | `{tenantId, agentNo}` | `{mainUniqueId}` |
//! | `/control/sim/callback` | `{tenantId, agentNo, customerNumber?}` | `{callbackId}` |
//! | `/control/sim/sip-disconnect` | `{tenantId, agentNo, reason?}` | `{sipSessionEnded}` |

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

use crate::control::{answer, failure, ok, parse};
use crate::port::ControlRequest;
use crate::sim::control::CallRequest;
use crate::AppState;

/// The simulator's routes under `/control/sim/`.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/control/sim/call", post(call))
        .route("/control/sim/customer-hangup", post(customer_hangup))
        .route("/control/sim/callback", post(callback))
        .route("/control/sim/sip-disconnect", post(sip_disconnect))
        .route("/control/media", post(media))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MediaRequest {
    tenant_id: Option<String>,
    agent_no: Option<String>,
    sending: Option<bool>,
    drop_percent: Option<u8>,
    blackhole: Option<bool>,
}

/// `POST /control/media`: stop the customer's audio (`sending: false`), drop a share of it
/// (`dropPercent`), or drop everything the leg sends (`blackhole: true`), for one agent's leg,
/// a tenant's, or all (docs/gateway.md).
async fn media(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let r: MediaRequest = match parse(
        &body,
        "{tenantId?, agentNo?, sending?, dropPercent?, blackhole?}",
    ) {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    if r.drop_percent.is_some_and(|p| p > 100) {
        return failure(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "dropPercent must be 0–100".to_owned(),
        );
    }
    match state.config.media.set_faults(
        r.tenant_id.as_deref(),
        r.agent_no.as_deref(),
        r.sending,
        r.drop_percent,
        r.blackhole,
    ) {
        Ok(body) => ok(body),
        Err(message) => failure(StatusCode::CONFLICT, "NO_MEDIA", message),
    }
}

/// `POST /control/sim/call`: an inbound call now, to the agent directly or through the queue.
async fn call(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: CallRequest = match parse(
        &body,
        "{tenantId, agentNo?, queueNo?, customerNumber?, talkSeconds?}",
    ) {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    answer(state.edge.control(ControlRequest::PlaceCall(request)).await)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AgentRequest {
    tenant_id: String,
    agent_no: String,
    #[serde(default)]
    customer_number: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /control/sim/customer-hangup`: the customer on the agent's call hangs up.
async fn customer_hangup(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let r: AgentRequest = match parse(&body, "{tenantId, agentNo}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    let request = ControlRequest::CustomerHangup {
        tenant_id: r.tenant_id,
        agent_no: r.agent_no,
    };
    answer(state.edge.control(request).await)
}

/// `POST /control/sim/callback`: an `orderCallBack` to the agent now.
async fn callback(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let r: AgentRequest = match parse(&body, "{tenantId, agentNo, customerNumber?}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    let request = ControlRequest::Callback {
        tenant_id: r.tenant_id,
        agent_no: r.agent_no,
        customer_number: r.customer_number,
    };
    answer(state.edge.control(request).await)
}

/// `POST /control/sim/sip-disconnect`: `sipDisconnected`, then the SIP session's end.
async fn sip_disconnect(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let r: AgentRequest = match parse(&body, "{tenantId, agentNo, reason?}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    let request = ControlRequest::SipDisconnect {
        tenant_id: r.tenant_id,
        agent_no: r.agent_no,
        reason: r.reason,
    };
    answer(state.edge.control(request).await)
}
