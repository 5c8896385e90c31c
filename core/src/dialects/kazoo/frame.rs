//! Kazoo blackhole's websocket frames (research/gateway-protocols.md §3.2–§3.3; seed 000):
//! the client sends `{action, auth_token, request_id, data: {account_id, binding}}` with action
//! `subscribe`, `unsubscribe` or `ping`; the server answers `reply` frames with a status and
//! pushes `event` frames. Errors are replies and never close the socket.

use serde_json::{json, Map, Value};

/// A client request's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add a binding.
    Subscribe,
    /// Remove a binding.
    Unsubscribe,
    /// Keep-alive; the server never pings (§3.1).
    Ping,
}

impl Action {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subscribe => "subscribe",
            Self::Unsubscribe => "unsubscribe",
            Self::Ping => "ping",
        }
    }
}

/// A client request, read but not yet validated (validation runs after authentication, §3.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// What it asks.
    pub action: Action,
    /// The token, required until one succeeded on this socket.
    pub auth_token: Option<String>,
    /// Echoed in the reply; the face makes one up when absent.
    pub request_id: Option<String>,
    /// `data.account_id`.
    pub account_id: Option<String>,
    /// `data.binding`.
    pub binding: Option<String>,
}

/// A request that cannot be read: answered by an error reply with these errors, under the
/// request id when one could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", errors.join("; "))]
pub struct RequestError {
    /// The request id, if the frame had a readable one.
    pub request_id: Option<String>,
    /// Kazoo-style error texts.
    pub errors: Vec<String>,
}

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

impl Request {
    /// Reads one client frame.
    pub fn decode(frame: &str) -> Result<Self, RequestError> {
        let map = match serde_json::from_str(frame) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(RequestError {
                    request_id: None,
                    errors: vec!["invalid JSON: a request is a JSON object".into()],
                })
            }
        };
        let request_id = text(&map, "request_id");
        let fail = |e: String| RequestError {
            request_id: request_id.clone(),
            errors: vec![e],
        };
        let action = match map.get("action").and_then(Value::as_str) {
            Some("subscribe") => Action::Subscribe,
            Some("unsubscribe") => Action::Unsubscribe,
            Some("ping") => Action::Ping,
            Some(other) => return Err(fail(format!("action {other} not permitted"))),
            None => return Err(fail("missing required keys : action".into())),
        };
        let data = match map.get("data") {
            Some(Value::Object(d)) => d.clone(),
            None | Some(Value::Null) => Map::new(),
            Some(_) => return Err(fail("data must be an object".into())),
        };
        Ok(Self {
            action,
            auth_token: text(&map, "auth_token"),
            request_id,
            account_id: text(&data, "account_id"),
            binding: text(&data, "binding"),
        })
    }

    /// The request's account and binding, both required for `subscribe` and `unsubscribe`
    /// (§3.2; the error names the missing keys as Kazoo does).
    pub fn target(&self) -> Result<(&str, &str), RequestError> {
        let missing: Vec<&str> = [("account_id", &self.account_id), ("binding", &self.binding)]
            .into_iter()
            .filter(|(_, v)| v.as_deref().is_none_or(str::is_empty))
            .map(|(k, _)| k)
            .collect();
        match (&self.account_id, &self.binding) {
            (Some(a), Some(b)) if missing.is_empty() => Ok((a, b)),
            _ => Err(RequestError {
                request_id: self.request_id.clone(),
                errors: vec![format!("missing required keys : {}", missing.join(", "))],
            }),
        }
    }

    /// The client's text frame (the SDK side).
    pub fn encode(&self) -> String {
        let mut data = Map::new();
        if let Some(a) = &self.account_id {
            data.insert("account_id".into(), Value::String(a.clone()));
        }
        if let Some(b) = &self.binding {
            data.insert("binding".into(), Value::String(b.clone()));
        }
        let mut m = Map::new();
        m.insert("action".into(), Value::String(self.action.as_str().into()));
        if let Some(t) = &self.auth_token {
            m.insert("auth_token".into(), Value::String(t.clone()));
        }
        if let Some(r) = &self.request_id {
            m.insert("request_id".into(), Value::String(r.clone()));
        }
        m.insert("data".into(), Value::Object(data));
        Value::Object(m).to_string()
    }
}

/// An event frame (§3.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The binding the client asked for.
    pub subscribed_key: String,
    /// That binding as expanded for the account.
    pub subscription_key: String,
    /// The event's name (`offer`, `join`, …).
    pub name: String,
    /// The full routing key (`qubicle.recipient.{ACCOUNT_ID}.{RECIPIENT_ID}.offer`, seed 000).
    pub routing_key: String,
    /// The payload.
    pub data: Value,
}

/// A frame from the server.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerFrame {
    /// The answer to a request.
    Reply {
        /// The request's id.
        request_id: String,
        /// `success` or `error`.
        ok: bool,
        /// The result, or `{errors: [...]}`.
        data: Value,
    },
    /// An event matching a subscription.
    Event(Event),
}

impl ServerFrame {
    /// A success reply.
    pub fn success(request_id: &str, data: Value) -> Self {
        Self::Reply {
            request_id: request_id.to_owned(),
            ok: true,
            data,
        }
    }

    /// An error reply (§3.3: `data: {errors: [...]}`).
    pub fn error(request_id: &str, errors: &[String]) -> Self {
        Self::Reply {
            request_id: request_id.to_owned(),
            ok: false,
            data: json!({ "errors": errors }),
        }
    }

    /// The text frame.
    pub fn encode(&self) -> String {
        match self {
            Self::Reply { request_id, ok, data } => {
                json!({ "action": "reply", "request_id": request_id, "status": if *ok { "success" } else { "error" }, "data": data })
            }
            Self::Event(e) => json!({
                "action": "event",
                "subscribed_key": e.subscribed_key,
                "subscription_key": e.subscription_key,
                "name": e.name,
                "routing_key": e.routing_key,
                "data": e.data,
            }),
        }
        .to_string()
    }

    /// Reads one server frame (the SDK side).
    pub fn decode(frame: &str) -> Result<Self, RequestError> {
        let bad = |e: &str| RequestError {
            request_id: None,
            errors: vec![e.to_owned()],
        };
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(frame) else {
            return Err(bad("not a JSON object"));
        };
        let field = |k: &str| text(&map, k).ok_or_else(|| bad(&format!("missing {k}")));
        let data = map.get("data").cloned().unwrap_or(Value::Null);
        match map.get("action").and_then(Value::as_str) {
            Some("reply") => Ok(Self::Reply {
                request_id: field("request_id")?,
                ok: map.get("status").and_then(Value::as_str) == Some("success"),
                data,
            }),
            Some("event") => Ok(Self::Event(Event {
                subscribed_key: field("subscribed_key")?,
                subscription_key: field("subscription_key")?,
                name: field("name")?,
                routing_key: field("routing_key")?,
                data,
            })),
            _ => Err(bad("unknown action")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_subscribe_frame_reads() {
        let frame = r#"{"action":"subscribe","auth_token":"T","data":{"account_id":"A1","binding":"qubicle.queue.A1.*"}}"#;
        let r = Request::decode(frame).unwrap();
        assert_eq!(
            (r.action, r.auth_token.as_deref(), r.request_id.as_deref()),
            (Action::Subscribe, Some("T"), None)
        );
        assert_eq!(r.target().unwrap(), ("A1", "qubicle.queue.A1.*"));
        assert_eq!(Request::decode(&r.encode()).unwrap(), r);
    }

    #[test]
    fn missing_keys_and_bad_frames_are_kazoo_errors_with_the_request_id() {
        let r = Request::decode(
            r#"{"action":"unsubscribe","request_id":"r1","data":{"account_id":"A1"}}"#,
        )
        .unwrap();
        assert_eq!(
            r.target().unwrap_err(),
            RequestError {
                request_id: Some("r1".into()),
                errors: vec!["missing required keys : binding".into()]
            }
        );
        let r = Request::decode(r#"{"action":"subscribe","request_id":"r2"}"#).unwrap();
        assert_eq!(
            r.target().unwrap_err().errors,
            ["missing required keys : account_id, binding"]
        );
        assert_eq!(
            Request::decode(r#"{"action":"dance","request_id":"r3"}"#)
                .unwrap_err()
                .request_id
                .as_deref(),
            Some("r3")
        );
        assert!(Request::decode("[]").is_err());
        assert!(Request::decode(r#"{"request_id":"r4","data":{}}"#)
            .unwrap_err()
            .to_string()
            .contains("action"));
        let ping = Request::decode(r#"{"action":"ping","request_id":"r5"}"#).unwrap();
        assert_eq!(ping.action, Action::Ping);
    }

    #[test]
    fn replies_and_events_are_the_research_notes_shapes() {
        let ok = ServerFrame::success("r1", json!({"subscribed": ["qubicle.queue.A1.*"]}));
        assert_eq!(
            serde_json::from_str::<Value>(&ok.encode()).unwrap(),
            json!({"action":"reply","request_id":"r1","status":"success","data":{"subscribed":["qubicle.queue.A1.*"]}})
        );
        let err = ServerFrame::error("r1", &["unauthorized account id".into()]);
        assert_eq!(
            serde_json::from_str::<Value>(&err.encode()).unwrap()["data"]["errors"][0],
            "unauthorized account id"
        );
        let ev = ServerFrame::Event(Event {
            subscribed_key: "qubicle.recipient".into(),
            subscription_key: "qubicle.recipient.A1.*".into(),
            name: "offer".into(),
            routing_key: "qubicle.recipient.A1.1001.offer".into(),
            data: json!({"recipient_id": "1001"}),
        });
        assert_eq!(ServerFrame::decode(&ev.encode()).unwrap(), ev);
        assert_eq!(ServerFrame::decode(&err.encode()).unwrap(), err);
    }
}
