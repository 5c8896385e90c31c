//! The HTTP side, all on one port: the demo's static files, the login endpoint that issues
//! session keys (docs/protocol.md §8), the WebSocket upgrade at `/ws` (§1), and with `--faults`
//! the fault-injection endpoints under `/control/` (docs/gateway.md).

use std::sync::Arc;

use agentdesk_core::protocol::v1::{MAX_FRAME_BYTES, SOCKET_PATH, SUBPROTOCOL};
use axum::body::Bytes;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::{connection, control, unix_ms, AppState};

/// The login endpoint's path (docs/protocol.md §8).
pub(crate) const LOGIN_PATH: &str = "/api/login";

/// What a load balancer checks (docs/deploy.md): 200 while this process serves.
pub(crate) const HEALTH_PATH: &str = "/healthz";

/// `GET /healthz`.
async fn health() -> &'static str {
    "ok"
}

/// Hard cap on one WebSocket message. Frames over [`MAX_FRAME_BYTES`] but under this get the
/// protocol's `FRAME_TOO_LARGE` reply and the connection goes on (§1); past this the WebSocket
/// layer refuses to buffer and the connection drops, so one client cannot make the gateway
/// hold megabytes.
const HARD_MESSAGE_LIMIT: usize = 16 * MAX_FRAME_BYTES;

/// The router of the whole gateway.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    // Browser tests load the SDK from another localhost origin and call the login and control
    // endpoints from there; the socket needs no CORS (WebSockets are not subject to it).
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE]);
    Router::new()
        .route(SOCKET_PATH, any(upgrade))
        .route(HEALTH_PATH, get(health))
        .route(LOGIN_PATH, post(login).layer(cors.clone()))
        .merge(control::routes(state.config.faults).layer(cors.clone()))
        .merge(crate::faces::routes().layer(cors))
        .nest_service("/pkg", ServeDir::new(&state.config.pkg))
        .fallback_service(ServeDir::new(&state.config.www))
        // The path only: the dialect faces take tokens in the query (Voki's `?token=`, GlobeMeet's
        // for browsers), and no token may reach a log.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// `GET /ws`: upgrades only a client that offers `agentdesk.v1`, and answers with it (§1).
async fn upgrade(State(state): State<Arc<AppState>>, ws: WebSocketUpgrade) -> Response {
    let ws = ws.protocols([SUBPROTOCOL]);
    if ws.selected_protocol().is_none() {
        let message = format!("the WebSocket upgrade must offer the subprotocol {SUBPROTOCOL}");
        return (StatusCode::BAD_REQUEST, message).into_response();
    }
    ws.max_message_size(HARD_MESSAGE_LIMIT)
        .max_frame_size(HARD_MESSAGE_LIMIT)
        .on_upgrade(move |socket| connection::serve(socket, state))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoginRequest {
    tenant_id: String,
    agent_no: String,
    password: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoginResponse {
    code: i64,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
}

impl LoginResponse {
    fn refused(status: StatusCode, error_code: &'static str, message: String) -> Response {
        let body = Self {
            code: -1,
            message,
            error_code: Some(error_code),
            session_key: None,
            expires_at: None,
        };
        (status, Json(body)).into_response()
    }
}

/// `POST /api/login` `{tenantId, agentNo, password}` → a session key (§8).
///
/// The body is parsed here rather than by axum's `Json` extractor so that a bad body gets this
/// endpoint's JSON error shape, not a plain-text rejection.
async fn login(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: LoginRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            let message = format!("expected JSON {{tenantId, agentNo, password}}: {e}");
            return LoginResponse::refused(StatusCode::BAD_REQUEST, "BAD_REQUEST", message);
        }
    };
    let agent = state
        .config
        .directory
        .agent(&request.tenant_id, &request.agent_no);
    let Some(agent) = agent.filter(|a| a.check_password(&request.password)) else {
        // One answer for unknown tenant, unknown agent and wrong password: which one it was
        // is not the caller's business.
        tracing::info!(
            tenant_id = request.tenant_id,
            agent_no = request.agent_no,
            "login refused"
        );
        let message = "unknown tenant or agent, or wrong password".to_owned();
        return LoginResponse::refused(StatusCode::UNAUTHORIZED, "BAD_CREDENTIALS", message);
    };
    let issued = state
        .keys
        .issue(&request.tenant_id, &request.agent_no, agent.role, unix_ms());
    let body = LoginResponse {
        code: 0,
        message: "ok".to_owned(),
        error_code: None,
        session_key: Some(issued.key),
        expires_at: Some(issued.claims.exp),
    };
    Json(body).into_response()
}
