//! Fault injection (docs/gateway.md): HTTP endpoints under `/control/` that break links on
//! purpose, so the SDK's resilience can be tested against a real gateway. Served only with
//! `--faults`; without it every `/control/` path is 404. The gateway binds loopback by default,
//! and these endpoints are for tests, never for production.
//!
//! Bodies are JSON, parsed here rather than by axum's extractor so that a bad body gets a JSON
//! error like the login endpoint's. Every answer carries `code` (0 on success).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::links::Fault;
use crate::port::{ControlAnswer, ControlRequest};
use crate::AppState;

/// The longest `delay` accepted: longer would only look like a hang.
const MAX_DELAY_MS: u64 = 60_000;

/// The most events one `stream` call sends.
const MAX_STREAM_EVENTS: u64 = 1_000_000;

/// The longest pause between streamed events.
const MAX_STREAM_INTERVAL_MS: u64 = 60_000;

/// The largest send queue `send-queue` sets: large, but still a bound (§9).
const MAX_SEND_QUEUE_FRAMES: usize = 1 << 20;

/// The `/control/` routes: the endpoints with `--faults`, a 404 for every path without.
pub(crate) fn routes(faults: bool) -> Router<Arc<AppState>> {
    if !faults {
        return Router::new()
            .route("/control", any(disabled))
            .route("/control/{*rest}", any(disabled));
    }
    Router::new()
        .route("/control/drop", post(drop_all))
        .route("/control/silence", post(silence))
        .route("/control/delay", post(delay))
        .route("/control/malformed", post(malformed))
        .route("/control/restart", post(restart))
        .route("/control/stream", post(stream))
        .route("/control/send-queue", post(send_queue))
        .route("/control/revoke", post(revoke))
        .route("/control/stats", post(stats))
        .merge(crate::sim_control::routes())
}

async fn disabled() -> Response {
    failure(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        "fault injection is off; start the gateway with --faults".into(),
    )
}

pub(crate) fn ok(mut body: Value) -> Response {
    if let Value::Object(map) = &mut body {
        map.insert("code".into(), json!(0));
    }
    (StatusCode::OK, Json(body)).into_response()
}

pub(crate) fn failure(status: StatusCode, error_code: &str, message: String) -> Response {
    let body = json!({"code": -1, "errorCode": error_code, "message": message});
    (status, Json(body)).into_response()
}

/// The core's answer as the endpoint's response.
pub(crate) fn answer(answer: ControlAnswer) -> Response {
    match answer {
        Ok(body) => ok(body),
        Err(e) => {
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::CONFLICT);
            failure(status, &e.error_code, e.message)
        }
    }
}

/// A body that is not the JSON an endpoint expects.
#[derive(Debug, thiserror::Error)]
#[error("expected JSON {shape}: {reason}")]
pub(crate) struct BadBody {
    shape: &'static str,
    reason: String,
}

impl IntoResponse for BadBody {
    fn into_response(self) -> Response {
        failure(StatusCode::BAD_REQUEST, "BAD_REQUEST", self.to_string())
    }
}

/// Parses a JSON body; an empty body is `{}`.
pub(crate) fn parse<T: DeserializeOwned>(body: &Bytes, shape: &'static str) -> Result<T, BadBody> {
    let text = if body.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        &body[..]
    };
    serde_json::from_slice(text).map_err(|e| BadBody {
        shape,
        reason: e.to_string(),
    })
}

/// `POST /control/drop`: every WebSocket ends without a close frame; sessions stay.
async fn drop_all(State(state): State<Arc<AppState>>) -> Response {
    let dropped = state.links.signal(Fault::Drop, |_| true);
    tracing::info!(dropped, "fault: drop");
    ok(json!({ "dropped": dropped }))
}

/// `POST /control/silence`: every socket open now goes half-open.
async fn silence(State(state): State<Arc<AppState>>) -> Response {
    let silenced = state.links.signal(Fault::Silence, |_| true);
    tracing::info!(silenced, "fault: silence");
    ok(json!({ "silenced": silenced }))
}

#[derive(Deserialize)]
struct DelayRequest {
    ms: u64,
}

/// `POST /control/delay {ms}`: every outgoing frame waits `ms` (0 stops it).
async fn delay(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: DelayRequest = match parse(&body, "{ms}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    if request.ms > MAX_DELAY_MS {
        let message = format!("ms must be at most {MAX_DELAY_MS}");
        return failure(StatusCode::BAD_REQUEST, "BAD_REQUEST", message);
    }
    state.links.set_delay(Duration::from_millis(request.ms));
    tracing::info!(ms = request.ms, "fault: delay");
    ok(json!({ "delayMs": request.ms }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AgentFilter {
    #[serde(default)]
    tenant_id: Option<String>,
    #[serde(default)]
    agent_no: Option<String>,
}

/// `POST /control/malformed {tenantId?, agentNo?}`: one malformed text frame to each matching
/// authenticated connection (all when no filter is given).
async fn malformed(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let filter: AgentFilter = match parse(&body, "{tenantId?, agentNo?}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    let sent = state.links.signal(Fault::Malformed, |key| {
        key.is_some_and(|k| {
            filter.tenant_id.as_ref().is_none_or(|t| *t == k.tenant_id)
                && filter.agent_no.as_ref().is_none_or(|a| *a == k.agent_no)
        })
    });
    tracing::info!(sent, "fault: malformed frame");
    ok(json!({ "sent": sent }))
}

/// `POST /control/restart`: forget every session and its history, close every socket with 4000.
/// Keys stay valid: the key secret survives, as it would with `--key-secret`.
async fn restart(State(state): State<Arc<AppState>>) -> Response {
    // Forget first, so that no reconnect can resume a session about to be forgotten.
    let sessions = state.edge.hub.forget_all();
    let dropped = state.links.signal(Fault::Restart, |_| true);
    // The core lets every client's agent go; its answer counts what it knew.
    if let Err(e) = state.edge.control(ControlRequest::ForgetAll).await {
        return answer(Err(e));
    }
    tracing::info!(sessions, dropped, "fault: restart");
    ok(json!({ "dropped": dropped, "sessions": sessions }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StreamRequest {
    tenant_id: String,
    agent_no: String,
    count: u64,
    #[serde(default)]
    interval_ms: u64,
}

/// `POST /control/stream {tenantId, agentNo, count, intervalMs?}`: `count` `transcript` events
/// into the agent's session, through its history like any event; answers once all are queued.
/// The core sends them on its own clock, so a stream outlives the edge that asked for it.
async fn stream(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: StreamRequest = match parse(&body, "{tenantId, agentNo, count, intervalMs?}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    if request.count > MAX_STREAM_EVENTS || request.interval_ms > MAX_STREAM_INTERVAL_MS {
        let message = format!(
            "count must be at most {MAX_STREAM_EVENTS} and intervalMs at most {MAX_STREAM_INTERVAL_MS}"
        );
        return failure(StatusCode::BAD_REQUEST, "BAD_REQUEST", message);
    }
    let request = ControlRequest::Stream {
        tenant_id: request.tenant_id,
        agent_no: request.agent_no,
        count: request.count,
        interval_ms: request.interval_ms,
    };
    answer(state.edge.control_unbounded(request).await)
}

#[derive(Deserialize)]
struct SendQueueRequest {
    frames: usize,
}

/// `POST /control/send-queue {frames}`: the send-queue capacity of connections opened from now
/// on.
async fn send_queue(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: SendQueueRequest = match parse(&body, "{frames}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    if !(1..=MAX_SEND_QUEUE_FRAMES).contains(&request.frames) {
        let message = format!("frames must be 1 to {MAX_SEND_QUEUE_FRAMES}");
        return failure(StatusCode::BAD_REQUEST, "BAD_REQUEST", message);
    }
    state.edge.hub.set_queue_frames(request.frames);
    tracing::info!(frames = request.frames, "fault: send queue");
    ok(json!({ "frames": request.frames }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeRequest {
    tenant_id: String,
    agent_no: String,
}

/// `POST /control/revoke {tenantId, agentNo}`: revokes every key the agent holds and ends its
/// session: `sessionTerminate {reason:"keyRevoked"}` if logged in, then close 4502.
async fn revoke(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: RevokeRequest = match parse(&body, "{tenantId, agentNo}") {
        Ok(r) => r,
        Err(bad) => return bad.into_response(),
    };
    // Only agents of the directory: the revocation table stays as bounded as the directory.
    if state
        .config
        .directory
        .agent(&request.tenant_id, &request.agent_no)
        .is_none()
    {
        let message = format!(
            "agent {} does not exist in tenant {}",
            request.agent_no, request.tenant_id
        );
        return failure(StatusCode::BAD_REQUEST, "AGENT_UNKNOWN", message);
    }
    crate::revocations::revoke(&state, &request.tenant_id, &request.agent_no).await;
    let ended = state
        .edge
        .control(ControlRequest::Revoke {
            tenant_id: request.tenant_id.clone(),
            agent_no: request.agent_no.clone(),
        })
        .await;
    let ended = match ended {
        Ok(body) => body.get("sessionEnded").cloned().unwrap_or(json!(false)),
        Err(e) => return answer(Err(e)),
    };
    tracing::info!(
        tenant_id = request.tenant_id,
        agent_no = request.agent_no,
        %ended,
        "keys revoked"
    );
    ok(json!({ "revoked": true, "sessionEnded": ended }))
}

/// `POST /control/stats`: what this process's core and edge hold and have done, for the load
/// benchmark (`scripts/bench-gateway.sh`).
async fn stats(State(state): State<Arc<AppState>>) -> Response {
    let mut body = json!({
        "edgeSessions": state.edge.hub.len(),
        "sockets": state.links.len(),
        "lagMaxUs": state.lag.take_max_us(),
        "lagStalls": state.lag.stalls.load(std::sync::atomic::Ordering::Relaxed),
    });
    if let (Some(meter), serde_json::Value::Object(map)) = (&state.meter, &mut body) {
        use std::sync::atomic::Ordering::Relaxed;
        map.insert("coreSteps".into(), json!(meter.steps.load(Relaxed)));
        map.insert("coreBusyNs".into(), json!(meter.busy_ns.load(Relaxed)));
        map.insert("coreSessions".into(), json!(meter.sessions.load(Relaxed)));
        map.insert("coreMaxTurnUs".into(), json!(meter.take_max_turn_us()));
    }
    ok(body)
}
