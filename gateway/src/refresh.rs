//! Refresh credentials (docs/protocol.md §8, issue 15.5). A successful `/api/login` also sets an
//! HttpOnly cookie holding a refresh credential (`r1.` token, [`REFRESH_TTL`]), and
//! `POST /api/refresh` answers it with a fresh session key in the login's own shape. A console
//! renews its key before every reconnect and on `sessionKeyExpiring` through the SDK's
//! `sessionKeyProvider` without keeping the password, and page script never sees the credential
//! (HttpOnly; SameSite=Strict; its Path is the refresh endpoint alone). `DELETE /api/refresh`
//! forgets it: the cookie is cleared and the credential revoked on this edge.
//!
//! The endpoint is for same-origin consoles: a cross-origin page would need credentialed CORS,
//! which the gateway does not offer.

use std::sync::Arc;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::directory::Role;
use crate::http::{over_address_limit, over_agent_limit, LoginResponse, REFRESH_PATH};
use crate::keys::REFRESH_TTL;
use crate::limits::Peer;
use crate::{unix_ms, AppState};

/// The cookie's name.
pub(crate) const COOKIE: &str = "agentdesk_refresh";

/// Adds the refresh cookie for this agent to a successful login's response.
pub(crate) fn attach(state: &AppState, response: &mut Response, tid: &str, sub: &str, role: Role) {
    let issued = state.keys.issue_refresh(tid, sub, role, unix_ms());
    if let Some(cookie) = cookie(state, &issued.key, REFRESH_TTL.as_secs()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
}

/// The `Set-Cookie` value; `Secure` when this gateway serves TLS itself (behind a terminating
/// proxy the proxy's deployment decides, docs/deploy.md).
fn cookie(state: &AppState, value: &str, max_age_secs: u64) -> Option<HeaderValue> {
    let secure = if state.config.tls.is_some() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path={REFRESH_PATH}; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{secure}"
    ))
    .ok()
}

/// The refresh credential among the request's cookies.
fn from_cookies(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter(|v| !v.is_empty())
}

/// A refusal that also clears a cookie that will never work again.
fn refused(state: &AppState, status: StatusCode, code: &'static str, message: String) -> Response {
    let mut response = LoginResponse::refused(status, code, message);
    if let Some(clear) = cookie(state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    response
}

/// `POST /api/refresh`: a fresh session key for the refresh cookie's agent.
pub(crate) async fn refresh(
    State(state): State<Arc<AppState>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = over_address_limit(&state, peer, &headers) {
        return refused;
    }
    let Some(token) = from_cookies(&headers) else {
        let message = "no refresh credential: log in with a password first".to_owned();
        return LoginResponse::refused(StatusCode::UNAUTHORIZED, "NO_REFRESH", message);
    };
    let claims = match state.keys.verify_refresh(token, unix_ms()) {
        Ok(claims) => claims,
        Err(e) => {
            tracing::info!(error_code = e.error_code(), "refresh refused");
            let message = format!("{e}; log in with a password again");
            return refused(&state, StatusCode::UNAUTHORIZED, e.error_code(), message);
        }
    };
    if let Some(refused) = over_agent_limit(&state, &claims.tid, &claims.sub) {
        return refused;
    }
    // The directory still decides: an agent removed since the login gets no new key, and the
    // role is today's.
    let Some(agent) = state.config.directory.agent(&claims.tid, &claims.sub) else {
        let message = "the agent is no longer in the directory".to_owned();
        return refused(&state, StatusCode::UNAUTHORIZED, "BAD_CREDENTIALS", message);
    };
    let issued = state
        .keys
        .issue(&claims.tid, &claims.sub, agent.role, unix_ms());
    Json(LoginResponse::issued(issued)).into_response()
}

/// `DELETE /api/refresh`: the console logged out; the cookie is cleared and its credential
/// revoked here.
pub(crate) async fn forget(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Some(claims) =
        from_cookies(&headers).and_then(|token| state.keys.verify_refresh(token, unix_ms()).ok())
    {
        state.keys.revoke(&claims.jti);
    }
    let body = serde_json::json!({ "code": 0, "message": "refresh credential forgotten" });
    let mut response = (StatusCode::OK, Json(body)).into_response();
    if let Some(clear) = cookie(&state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credential_is_found_among_other_cookies_and_an_empty_one_is_none() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; agentdesk_refresh=r1.x.y; b=2"),
        );
        assert_eq!(from_cookies(&h), Some("r1.x.y"));
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("agentdesk_refresh="),
        );
        assert_eq!(from_cookies(&h), None);
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("agentdesk_refreshX=1"),
        );
        assert_eq!(from_cookies(&h), None);
    }
}
