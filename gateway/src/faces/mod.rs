//! The dialect faces of the edge (issue 13, docs/dialects.md, docs/gateway.md §12): the same
//! contact center, watched and driven through the four other seed systems' protocols, each on
//! its own endpoint of this one port:
//!
//! | dialect | endpoint | module |
//! |---|---|---|
//! | Voki (Phoenix Channels, seed 004) | `/socket/websocket?token=…&vsn=2.0.0` | [`voki`] |
//! | Voxsig (ActionCable, seed 001) | `/cable`, subprotocol `actioncable-v1-json` | [`voxsig`] |
//! | Vinix / Qubicle (Kazoo bindings, seed 000) | `/qubicle`, no subprotocol | [`qubicle`] |
//! | GlobeMeet (seed 002) | `/v1/events`, subprotocol `globemeet-events.v1` | [`globemeet`] |
//!
//! A face is a codec over the core's port and nothing else: what the contact center does reaches
//! it as the tap of the tenants it serves ([`feeds`], one [`feed::TenantFeed`] a tenant), and what
//! a client asks of the contact center goes back as control requests on the agent's behalf
//! (`ControlRequest::Act`). The frames, the per-connection protocol rules and the mapping tables
//! are `agentdesk_core::dialects`'; here is only their I/O.

pub(crate) mod feed;
pub(crate) mod feeds;
mod globemeet;
mod qubicle;
mod socket;
pub(crate) mod tokens;
mod voki;
mod voki_calls;
mod voxsig;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::watch;

use agentdesk_core::dialects::{actioncable, globemeet as gm, phoenix};

use crate::edge::Edge;
use crate::port::CoreInput;
use crate::{unix_ms, AppState};

use feed::TenantFeed;
use feeds::Feeds;
use tokens::{Identity, TokenError, Tokens};

/// Qubicle's path on this port (Kazoo serves any path on its own port 5555; docs/dialects.md §4).
pub(crate) const QUBICLE_PATH: &str = "/qubicle";
/// The faces' token endpoint: a token for an agent's credentials (docs/gateway.md §12).
pub(crate) const TOKEN_PATH: &str = "/api/dialect-token";
/// How often lost tenants are watched again.
const REWATCH: Duration = Duration::from_secs(1);

/// What the faces share: their tokens and their tenants.
#[derive(Debug)]
pub(crate) struct Faces {
    pub(crate) tokens: Tokens,
    pub(crate) feeds: Arc<Feeds>,
}

/// Unix seconds now.
pub(crate) fn now_s() -> u64 {
    unix_ms() / 1000
}

impl Faces {
    /// The faces of `feeds`, verifying tokens with `tokens`.
    pub(crate) fn new(tokens: Tokens, feeds: Arc<Feeds>) -> Self {
        Self { tokens, feeds }
    }

    /// Verifies `token` and hands out its tenant's feed, asking the core to watch the tenant
    /// if this edge did not yet. The refusal's reason is logged without the token.
    pub(crate) async fn admit(
        &self,
        edge: &Edge,
        dialect: &str,
        token: &str,
    ) -> Result<(Identity, Arc<TenantFeed>), TokenError> {
        let identity = match self.tokens.verify(token, now_s()) {
            Ok(identity) => identity,
            Err(e) => {
                tracing::info!(dialect, error_code = e.code(), "dialect token refused: {e}");
                return Err(e);
            }
        };
        let Some((feed, new)) = self.feeds.tenant(&identity.tenant) else {
            return Err(TokenError::Unknown);
        };
        if new {
            watch_tenant(edge, &identity.tenant).await;
        }
        Ok((identity, feed))
    }
}

/// True when the page that opens a socket may not (the `Origin` allow-list of docs/gateway.md
/// §11, as protocol v1's socket has it): each face refuses it its own way.
pub(crate) fn foreign_origin(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
    };
    let origin = text(axum::http::header::ORIGIN);
    let refused = !crate::limits::origin_allowed(
        origin,
        text(axum::http::header::HOST),
        &state.config.limits.allowed_origins,
    );
    if refused {
        tracing::info!(origin, "dialect socket refused: origin not allowed");
    }
    refused
}

/// Asks the core to watch `tenant` for this edge.
async fn watch_tenant(edge: &Edge, tenant: &str) {
    let input = CoreInput::Watch {
        tenant: tenant.to_owned(),
        edge: edge.id.clone(),
    };
    if let Err(e) = edge.tell(input).await {
        tracing::warn!(tenant, "cannot ask the core to watch the tenant: {e}");
    }
}

/// Watches again, every second, the tenants whose taps were lost, and every tenant after the
/// core lost its watchers (a new cluster epoch, [`rewatch_all`]).
pub(crate) fn spawn_rewatch(
    edge: Arc<Edge>,
    feeds: Arc<Feeds>,
    mut shutdown: watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                () = tokio::time::sleep(REWATCH) => {}
            }
            for tenant in feeds.take_lost() {
                watch_tenant(&edge, &tenant).await;
            }
        }
    });
}

/// Every tenant served here, watched again (the core restarted or Redis lost the cluster).
pub(crate) async fn rewatch_all(edge: &Edge, feeds: &Feeds) {
    for tenant in feeds.watched() {
        watch_tenant(edge, &tenant).await;
    }
}

/// The faces' routes.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(phoenix::frame::SOCKET_PATH, any(voki::upgrade))
        .route(actioncable::frame::PATH, any(voxsig::upgrade))
        .route(QUBICLE_PATH, any(qubicle::upgrade))
        .route(gm::frame::PATH, any(globemeet::upgrade))
        .route(TOKEN_PATH, post(token))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenRequest {
    tenant_id: String,
    agent_no: String,
    password: String,
    /// A shorter lifetime than GlobeMeet's 15 minutes, seconds (a backend handing out short
    /// tokens; the tests of token refresh). Never longer.
    #[serde(default)]
    ttl_seconds: Option<u64>,
}

/// `POST /api/dialect-token {tenantId, agentNo, password, ttlSeconds?}` → `{code: 0, token,
/// expiresAt}`: a token of the faces for the agent, GlobeMeet's 15 minutes (seed 002) or less, so a console without the
/// secret can use every face and refresh its token before it expires.
async fn token(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let refused = |status: StatusCode, code: &str, message: String| {
        (
            status,
            Json(json!({"code": -1, "errorCode": code, "message": message})),
        )
            .into_response()
    };
    let request: TokenRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return refused(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("expected JSON {{tenantId, agentNo, password}}: {e}"),
            )
        }
    };
    let known = state
        .faces
        .tokens
        .directory()
        .agent(&request.tenant_id, &request.agent_no)
        .is_some_and(|a| a.check_password(&request.password));
    if !known {
        tracing::info!(
            tenant_id = request.tenant_id,
            agent_no = request.agent_no,
            "dialect token refused"
        );
        return refused(
            StatusCode::UNAUTHORIZED,
            "BAD_CREDENTIALS",
            "unknown tenant or agent, or wrong password".to_owned(),
        );
    }
    let now = now_s();
    let ttl = request.ttl_seconds.map_or(gm::frame::TOKEN_TTL_S, |t| {
        t.clamp(1, gm::frame::TOKEN_TTL_S)
    });
    let token = state
        .faces
        .tokens
        .mint(&request.tenant_id, &request.agent_no, now, ttl);
    Json(json!({"code": 0, "message": "ok", "token": token, "expiresAt": now + ttl}))
        .into_response()
}
