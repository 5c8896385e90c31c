//! The WebSocket upgrade of `/ws` (RFC 6455 §4.2): the request checked, the 101 answered, the
//! connection handed to a [`Socket`] once hyper lets go of it.

use std::future::Future;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use hyper::upgrade::OnUpgrade;
use tungstenite::handshake::derive_accept_key;

use crate::socket::{Socket, SocketLimits};

/// Why an upgrade request was refused (400, or 405 for a method other than GET).
#[derive(Debug, thiserror::Error)]
pub(crate) enum UpgradeError {
    #[error("a WebSocket upgrade is a GET")]
    NotGet,
    #[error("not a WebSocket upgrade: Connection must name upgrade and Upgrade must be websocket")]
    NotUpgrade,
    #[error("the WebSocket upgrade needs Sec-WebSocket-Version 13")]
    Version,
    #[error("the WebSocket upgrade needs a Sec-WebSocket-Key")]
    NoKey,
    #[error("this connection cannot be upgraded")]
    NotUpgradable,
}

impl IntoResponse for UpgradeError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::NotGet => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotUpgradable => StatusCode::UPGRADE_REQUIRED,
            _ => StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}

/// A checked WebSocket upgrade request (RFC 6455 §4.2.1), not yet answered.
pub(crate) struct Upgrade {
    key: HeaderValue,
    on_upgrade: OnUpgrade,
}

impl Upgrade {
    /// Checks `request` is an HTTP/1.1 WebSocket upgrade and takes its connection.
    pub(crate) fn of(mut request: Request) -> Result<Self, UpgradeError> {
        if request.version() > Version::HTTP_11 || request.method() != Method::GET {
            return Err(UpgradeError::NotGet);
        }
        let headers = request.headers();
        if !header_has_token(headers, header::CONNECTION, "upgrade")
            || !header_has_token(headers, header::UPGRADE, "websocket")
        {
            return Err(UpgradeError::NotUpgrade);
        }
        if !header_has_token(headers, header::SEC_WEBSOCKET_VERSION, "13") {
            return Err(UpgradeError::Version);
        }
        let key = headers
            .get(header::SEC_WEBSOCKET_KEY)
            .cloned()
            .ok_or(UpgradeError::NoKey)?;
        let on_upgrade = request
            .extensions_mut()
            .remove::<OnUpgrade>()
            .ok_or(UpgradeError::NotUpgradable)?;
        Ok(Self { key, on_upgrade })
    }

    /// Answers 101 with `protocol`, and serves the connection with `serve` once the client has it.
    pub(crate) fn accept<F, Fut>(
        self,
        protocol: &'static str,
        limits: SocketLimits,
        serve: F,
    ) -> Response
    where
        F: FnOnce(Socket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let accept = derive_accept_key(self.key.as_bytes());
        let on_upgrade = self.on_upgrade;
        tokio::spawn(async move {
            match on_upgrade.await {
                Ok(upgraded) => serve(Socket::upgraded(upgraded, limits)).await,
                Err(e) => tracing::debug!("WebSocket upgrade failed: {e}"),
            }
        });
        let mut response = StatusCode::SWITCHING_PROTOCOLS.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        if let Ok(accept) = HeaderValue::from_str(&accept) {
            headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        }
        headers.insert(
            header::SEC_WEBSOCKET_PROTOCOL,
            HeaderValue::from_static(protocol),
        );
        response
    }
}

/// The comma-separated items of a header, over all its lines, trimmed.
fn header_items(headers: &HeaderMap, name: header::HeaderName) -> impl Iterator<Item = &[u8]> {
    headers
        .get_all(name)
        .into_iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(<[u8]>::trim_ascii)
}

/// Whether a header lists `token`, case-insensitively (RFC 9110 §7.6.1, §7.8).
fn header_has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    header_items(headers, name).any(|item| item.eq_ignore_ascii_case(token.as_bytes()))
}

/// Whether the client offered `protocol` in `Sec-WebSocket-Protocol` (exact, as RFC 6455 §4.1
/// makes subprotocol names case-sensitive).
pub(crate) fn offers_protocol(headers: &HeaderMap, protocol: &str) -> bool {
    header_items(headers, header::SEC_WEBSOCKET_PROTOCOL).any(|item| item == protocol.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn header_tokens_are_comma_separated_and_case_insensitive() {
        let h = headers(&[("connection", "keep-alive, Upgrade")]);
        assert!(header_has_token(&h, header::CONNECTION, "upgrade"));
        let h = headers(&[("connection", "keep-alive"), ("connection", "upgrade")]);
        assert!(header_has_token(&h, header::CONNECTION, "upgrade"));
        let h = headers(&[("connection", "upgrades")]);
        assert!(!header_has_token(&h, header::CONNECTION, "upgrade"));
    }

    #[test]
    fn a_subprotocol_is_matched_exactly_in_any_line() {
        let h = headers(&[("sec-websocket-protocol", "chat, agentdesk.v1")]);
        assert!(offers_protocol(&h, "agentdesk.v1"));
        let h = headers(&[
            ("sec-websocket-protocol", "chat"),
            ("sec-websocket-protocol", "agentdesk.v1"),
        ]);
        assert!(offers_protocol(&h, "agentdesk.v1"));
        let h = headers(&[("sec-websocket-protocol", "AgentDesk.v1")]);
        assert!(!offers_protocol(&h, "agentdesk.v1"));
    }
}
