//! What each dialect puts on the wire: socket URLs and the client's frames, written without
//! serde (the wasm SDK builds the engine without `json`). The frames are the seeds' and
//! research/gateway-protocols.md's; the gateway's faces read them with `dialects::*::frame`, and
//! the tests below decode what is written here with those decoders.

use super::Kind;
use crate::json::{push_string, ObjectWriter};

/// Phoenix's reserved topic for heartbeats (research/gateway-protocols.md §1.2).
pub(crate) const PHOENIX_TOPIC: &str = "phoenix";

/// The socket URL for `base` (setup's `baseURL`, `ws://host:port`) and a token, if the dialect
/// takes it in the URL.
pub(crate) fn socket_url(kind: Kind, base: &str, token: Option<&str>) -> String {
    let base = base.trim_end_matches('/');
    let mut url = String::from(base);
    url.push_str(kind.path());
    if kind == Kind::Phoenix {
        // Seed 004: `/socket/websocket?token=…&vsn=2.0.0`; vsn 2.0.0 selects the array
        // serializer (gateway-protocols.md §1.1).
        url.push_str("?token=");
        push_query(&mut url, token.unwrap_or(""));
        url.push_str("&vsn=2.0.0");
    } else if let (Kind::ActionCable, Some(token)) = (kind, token) {
        // A Rails app that authenticates the connection reads `params[:token]` (Settings::cable_token).
        url.push_str("?token=");
        push_query(&mut url, token);
    }
    url
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
fn push_query(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// A Phoenix V2 frame `[join_ref, ref, topic, event, payload]` (gateway-protocols.md §1.2).
pub(crate) fn phoenix(
    join_ref: Option<u64>,
    reference: u64,
    topic: &str,
    event: &str,
    payload: &str,
) -> String {
    let mut out = String::from("[");
    match join_ref {
        Some(r) => push_string(&mut out, &r.to_string()),
        None => out.push_str("null"),
    }
    out.push(',');
    push_string(&mut out, &reference.to_string());
    out.push(',');
    push_string(&mut out, topic);
    out.push(',');
    push_string(&mut out, event);
    out.push(',');
    out.push_str(if payload.is_empty() { "{}" } else { payload });
    out.push(']');
    out
}

/// An ActionCable command: `subscribe` / `unsubscribe`, or `message` with `data` (a JSON
/// string, as seed 001 and the Rails client write it).
pub(crate) fn cable(command: &str, identifier: &str, data: Option<&str>) -> String {
    ObjectWriter::new()
        .str("command", command)
        .str("identifier", identifier)
        .opt_str("data", data)
        .finish()
}

/// A Kazoo request (seed 000): `subscribe` / `unsubscribe` with `data {account_id, binding}`,
/// or `ping`. The token rides on every request: Kazoo checks it until one succeeds on the socket
/// (gateway-protocols.md §3.2), so the first frame after a reconnect always carries it.
pub(crate) fn kazoo(
    action: &str,
    token: &str,
    request_id: u64,
    account_and_binding: Option<(&str, &str)>,
) -> String {
    let mut w = ObjectWriter::new()
        .str("action", action)
        .str("auth_token", token)
        .str("request_id", &request_id.to_string());
    if let Some((account, binding)) = account_and_binding {
        let data = ObjectWriter::new()
            .str("account_id", account)
            .str("binding", binding)
            .finish();
        w = w.raw("data", &data);
    }
    w.finish()
}

/// GlobeMeet's first frame: the token and where to resume from (docs/dialects.md §5: browsers
/// cannot set `Authorization` or `Last-Event-ID` on a WebSocket, so they go in a first frame,
/// which also keeps the token out of URLs and logs).
pub(crate) fn globemeet_auth(token: &str, last_event_id: Option<&str>) -> String {
    ObjectWriter::new()
        .str("type", "auth")
        .str("token", token)
        .opt_str("last_event_id", last_event_id)
        .finish()
}

/// GlobeMeet `subscribe` / `unsubscribe` of one pattern, with the request id the answer echoes.
pub(crate) fn globemeet_topics(kind: &str, id: u64, topic: &str) -> String {
    let mut topics = String::from("[");
    push_string(&mut topics, topic);
    topics.push(']');
    ObjectWriter::new()
        .str("type", kind)
        .str("id", &id.to_string())
        .raw("topics", &topics)
        .finish()
}

/// GlobeMeet `ping {id}`.
pub(crate) fn globemeet_ping(id: u64) -> String {
    ObjectWriter::new()
        .str("type", "ping")
        .str("id", &id.to_string())
        .finish()
}

/// GlobeMeet `refresh {token}`.
pub(crate) fn globemeet_refresh(token: &str) -> String {
    ObjectWriter::new()
        .str("type", "refresh")
        .str("token", token)
        .finish()
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::dialects::globemeet::frame::ClientFrame;
    use crate::dialects::kazoo::frame::{Action, Request};
    use crate::dialects::phoenix::frame::Message;

    #[test]
    fn phoenix_frames_read_back_with_the_gateways_decoder() {
        let join = phoenix(Some(3), 3, "queue:d1", "phx_join", r#"{"x":1}"#);
        assert_eq!(join, r#"["3","3","queue:d1","phx_join",{"x":1}]"#);
        let frame = Message::decode(&join).unwrap();
        assert_eq!(frame.topic, "queue:d1");
        let beat = phoenix(None, 5, PHOENIX_TOPIC, "heartbeat", "");
        assert_eq!(beat, r#"[null,"5","phoenix","heartbeat",{}]"#);
        assert!(Message::decode(&beat).is_ok());
    }

    #[test]
    fn kazoo_and_globemeet_frames_read_back_with_the_gateways_decoders() {
        let sub = kazoo("subscribe", "tok", 7, Some(("acc", "qubicle.queue.acc.*")));
        let req = Request::decode(&sub).unwrap();
        assert_eq!(req.action, Action::Subscribe);
        assert_eq!(req.request_id.as_deref(), Some("7"));
        let ping = kazoo("ping", "tok", 8, None);
        assert_eq!(Request::decode(&ping).unwrap().action, Action::Ping);
        for text in [
            globemeet_auth("t", Some("e1-4")),
            globemeet_topics("subscribe", 2, "session.*"),
            globemeet_topics("unsubscribe", 3, "session.*"),
            globemeet_ping(4),
            globemeet_refresh("t2"),
        ] {
            assert!(ClientFrame::decode(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn phoenix_url_carries_the_token_escaped_and_the_serializer_version() {
        let url = socket_url(Kind::Phoenix, "ws://h:1/", Some("a b&c"));
        assert_eq!(url, "ws://h:1/socket/websocket?token=a%20b%26c&vsn=2.0.0");
        assert_eq!(
            socket_url(Kind::ActionCable, "ws://h:1", None),
            "ws://h:1/cable"
        );
        assert_eq!(
            socket_url(Kind::Kazoo, "ws://h:1", None),
            "ws://h:1/qubicle"
        );
        assert_eq!(
            socket_url(Kind::GlobeMeet, "ws://h:1", None),
            "ws://h:1/v1/events"
        );
    }
}
