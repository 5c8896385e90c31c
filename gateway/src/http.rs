//! The HTTP side, all on one port: the demo's static files, the login endpoint that issues
//! session keys (docs/protocol.md §8), the WebSocket upgrade at `/ws` (§1), and with `--faults`
//! the fault-injection endpoints under `/control/` (docs/gateway.md).

use std::sync::Arc;

use agentdesk_core::protocol::v1::{MAX_FRAME_BYTES, SOCKET_PATH, SUBPROTOCOL};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::limits::{check, client_address, origin_allowed, Peer};
use crate::socket::SocketLimits;
use crate::upgrade::{offers_protocol, Upgrade};
use crate::{connection, control, unix_ms, AppState};

/// The login endpoint's path (docs/protocol.md §8).
pub(crate) const LOGIN_PATH: &str = "/api/login";

/// The refresh endpoint's path, also the refresh cookie's Path (docs/protocol.md §8, refresh.rs).
pub(crate) const REFRESH_PATH: &str = "/api/refresh";

/// What a load balancer checks (docs/deploy.md): 200 while this process serves.
pub(crate) const HEALTH_PATH: &str = "/healthz";

/// `GET /healthz`.
async fn health() -> &'static str {
    "ok"
}

/// Each socket's read buffer, kept for the connection's life. tungstenite's default, 128 KiB,
/// was 137 KiB a connection with everything else (issue 12). Client frames are small (a ping
/// ~60 bytes, a command a few hundred), so 1 KiB reads nearly all in one call; a larger frame
/// grows the buffer up to the message limit while it is read, and the buffer shrinks back once
/// it is parsed (crate::socket).
const READ_BUFFER: usize = 1024;

/// Hard cap on one WebSocket message. Frames over [`MAX_FRAME_BYTES`] but under this get the
/// protocol's `FRAME_TOO_LARGE` reply and the connection goes on (§1); past this the WebSocket
/// layer refuses to buffer and the connection drops, so one client cannot make the gateway
/// hold megabytes.
const HARD_MESSAGE_LIMIT: usize = 16 * MAX_FRAME_BYTES;

/// The router of the whole gateway.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    // Pages of the allowed origins may call the login (and, in test mode, control) endpoints:
    // browser tests load the SDK from another localhost origin (test mode allows any). The
    // socket is not subject to CORS: its Origin is checked at the upgrade.
    let origins = &state.config.limits.allowed_origins;
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::from(Any)
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    let cors = CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE]);
    Router::new()
        .route(SOCKET_PATH, any(upgrade))
        .route(HEALTH_PATH, get(health))
        .route(LOGIN_PATH, post(login).layer(cors.clone()))
        .route(
            REFRESH_PATH,
            post(crate::refresh::refresh).delete(crate::refresh::forget),
        )
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

/// `GET /ws`: upgrades only a client that offers `agentdesk.v1`, and answers with it (§1), from
/// a page of an allowed origin (docs/gateway.md §11): another site's page cannot drive an agent's
/// session with the agent's browser.
async fn upgrade(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let headers = request.headers();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if !origin_allowed(origin, host, &state.config.limits.allowed_origins) {
        tracing::info!(origin, "WebSocket upgrade refused: origin not allowed");
        let message = format!(
            "origin {} may not open this socket (--allowed-origin)",
            origin.unwrap_or_default()
        );
        return (StatusCode::FORBIDDEN, message).into_response();
    }
    if !offers_protocol(headers, SUBPROTOCOL) {
        let message = format!("the WebSocket upgrade must offer the subprotocol {SUBPROTOCOL}");
        return (StatusCode::BAD_REQUEST, message).into_response();
    }
    let upgrade = match Upgrade::of(request) {
        Ok(upgrade) => upgrade,
        Err(e) => return e.into_response(),
    };
    let limits = SocketLimits {
        read_buffer: READ_BUFFER,
        max_message: HARD_MESSAGE_LIMIT,
    };
    upgrade.accept(SUBPROTOCOL, limits, move |socket| {
        connection::serve(socket, state)
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoginRequest {
    tenant_id: String,
    agent_no: String,
    password: String,
}

/// The answer of `/api/login` and `/api/refresh` (docs/protocol.md §8).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoginResponse {
    code: i64,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
}

/// The key endpoints' limit per client address (`/api/login`, `/api/refresh`; docs/gateway.md):
/// the refusal, if over it.
pub(crate) fn over_address_limit(
    state: &AppState,
    peer: std::net::SocketAddr,
    headers: &HeaderMap,
) -> Option<Response> {
    let address = client_address(peer, headers, &state.config.limits.trusted_proxies);
    check(&state.guards.login_per_address, &address.to_string())
        .err()
        .map(|wait| rate_limited(wait, "too many logins from this address"))
}

/// The key endpoints' limit per agent: the refusal, if over it.
pub(crate) fn over_agent_limit(
    state: &AppState,
    tenant_id: &str,
    agent_no: &str,
) -> Option<Response> {
    check(
        &state.guards.login_per_agent,
        &format!("{tenant_id}\t{agent_no}"),
    )
    .err()
    .map(|wait| rate_limited(wait, "too many logins of this agent"))
}

/// The refusal of a login over a rate limit: 429, `RATE_LIMITED`, when to try again.
fn rate_limited(wait: std::time::Duration, what: &str) -> Response {
    let secs = wait.as_secs() + 1;
    tracing::info!(retry_after = secs, "login refused: {what}");
    let body = serde_json::json!({
        "code": -1,
        "errorCode": "RATE_LIMITED",
        "message": format!("{what}; try again in {secs} s"),
        "retryAfter": secs,
    });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

impl LoginResponse {
    /// A session key handed out.
    pub(crate) fn issued(issued: crate::keys::IssuedKey) -> Self {
        Self {
            code: 0,
            message: "ok".to_owned(),
            error_code: None,
            session_key: Some(issued.key),
            expires_at: Some(issued.claims.exp),
        }
    }

    pub(crate) fn refused(
        status: StatusCode,
        error_code: &'static str,
        message: String,
    ) -> Response {
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
async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = over_address_limit(&state, peer, &headers) {
        return refused;
    }
    let request: LoginRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            let message = format!("expected JSON {{tenantId, agentNo, password}}: {e}");
            return LoginResponse::refused(StatusCode::BAD_REQUEST, "BAD_REQUEST", message);
        }
    };
    if let Some(refused) = over_agent_limit(&state, &request.tenant_id, &request.agent_no) {
        return refused;
    }
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
    let mut response = Json(LoginResponse::issued(issued)).into_response();
    crate::refresh::attach(
        &state,
        &mut response,
        &request.tenant_id,
        &request.agent_no,
        agent.role,
    );
    response
}
