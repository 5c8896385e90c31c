//! Rails ActionCable's JSON protocol (`actioncable-v1-json`, research/gateway-protocols.md §2):
//! the client sends `{command, identifier, data?}` where `identifier` and `data` are JSON
//! *strings*; the server sends `welcome`, `ping`, `confirm_subscription`,
//! `reject_subscription`, `disconnect`, and `{identifier, message}` for a broadcast.

use serde_json::{json, Map, Value};

/// The subprotocol the server must choose (§2.1).
pub const SUBPROTOCOL: &str = "actioncable-v1-json";
/// The subprotocols the official client offers.
pub const CLIENT_SUBPROTOCOLS: [&str; 2] = [SUBPROTOCOL, "actioncable-unsupported"];
/// The default mount (§2.1; seed 001: `wss://…/cable`).
pub const PATH: &str = "/cable";
/// Seconds between server pings (`BEAT_INTERVAL`, §2.2).
pub const PING_INTERVAL_S: u64 = 3;
/// Voxsig's channel class (seed 001).
pub const ROOM_CHANNEL: &str = "RoomChannel";
/// The action `message` runs when `data` names none (§2.2).
pub const DEFAULT_ACTION: &str = "receive";

/// Why a client frame is not ActionCable. Rails logs and drops such frames, so the face does too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// Not a JSON object.
    #[error("not a JSON object: {0}")]
    NotJson(String),
    /// A field is missing or not a string.
    #[error("`{0}` must be a string")]
    Field(&'static str),
    /// `identifier` or `data` is not a JSON object encoded as a string.
    #[error("`{0}` must be a JSON object encoded as a string")]
    NotEncodedObject(&'static str),
    /// A `command` or `type` this protocol does not have.
    #[error("unknown {what} `{name}`")]
    Unknown {
        /// `command` or `type`.
        what: &'static str,
        /// The name received.
        name: String,
    },
}

/// A subscription identifier: the exact string the client sent (the server echoes it verbatim)
/// and its parsed fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Identifier {
    /// The JSON string as received.
    pub raw: String,
    /// Its fields.
    pub fields: Map<String, Value>,
}

impl Identifier {
    /// Parses an identifier string.
    pub fn parse(raw: &str) -> Result<Self, FrameError> {
        match serde_json::from_str(raw) {
            Ok(Value::Object(fields)) => Ok(Self {
                raw: raw.to_owned(),
                fields,
            }),
            _ => Err(FrameError::NotEncodedObject("identifier")),
        }
    }

    /// Builds one from fields (the client side), encoded as the official client does
    /// (`JSON.stringify` of the params, key order kept).
    pub fn new(fields: Map<String, Value>) -> Self {
        Self {
            raw: Value::Object(fields.clone()).to_string(),
            fields,
        }
    }

    /// The `channel` class name.
    pub fn channel(&self) -> Option<&str> {
        self.fields.get("channel").and_then(Value::as_str)
    }

    /// A string field.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    /// An integer field, given as a JSON number or a decimal string (seed 001 shows integers;
    /// forms often send strings).
    pub fn integer(&self, key: &str) -> Option<i64> {
        match self.fields.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// A frame from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientFrame {
    /// `{"command":"subscribe","identifier":…}`.
    Subscribe(Identifier),
    /// `{"command":"unsubscribe","identifier":…}`.
    Unsubscribe(Identifier),
    /// `{"command":"message","identifier":…,"data":"{\"action\":…}"}`.
    Message {
        /// The subscription.
        identifier: Identifier,
        /// The action (`data.action`, `receive` when absent).
        action: String,
        /// `data` without `action`.
        data: Map<String, Value>,
    },
}

fn field<'a>(map: &'a Map<String, Value>, key: &'static str) -> Result<&'a str, FrameError> {
    map.get(key)
        .and_then(Value::as_str)
        .ok_or(FrameError::Field(key))
}

impl ClientFrame {
    /// Reads one client frame.
    pub fn decode(text: &str) -> Result<Self, FrameError> {
        let map = match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(FrameError::NotJson("not an object".into())),
            Err(e) => return Err(FrameError::NotJson(e.to_string())),
        };
        let command = field(&map, "command")?;
        let identifier = Identifier::parse(field(&map, "identifier")?)?;
        match command {
            "subscribe" => Ok(Self::Subscribe(identifier)),
            "unsubscribe" => Ok(Self::Unsubscribe(identifier)),
            "message" => {
                let mut data = match serde_json::from_str(field(&map, "data")?) {
                    Ok(Value::Object(data)) => data,
                    _ => return Err(FrameError::NotEncodedObject("data")),
                };
                let action = match data.remove("action") {
                    Some(Value::String(a)) => a,
                    None => DEFAULT_ACTION.to_owned(),
                    Some(_) => return Err(FrameError::Field("data.action")),
                };
                Ok(Self::Message {
                    identifier,
                    action,
                    data,
                })
            }
            other => Err(FrameError::Unknown {
                what: "command",
                name: other.to_owned(),
            }),
        }
    }

    /// The text frame, as the official client writes it.
    pub fn encode(&self) -> String {
        match self {
            Self::Subscribe(id) => {
                json!({ "command": "subscribe", "identifier": id.raw }).to_string()
            }
            Self::Unsubscribe(id) => {
                json!({ "command": "unsubscribe", "identifier": id.raw }).to_string()
            }
            Self::Message {
                identifier,
                action,
                data,
            } => {
                let mut d = Map::new();
                d.insert("action".into(), Value::String(action.clone()));
                d.extend(data.clone());
                json!({ "command": "message", "identifier": identifier.raw, "data": Value::Object(d).to_string() }).to_string()
            }
        }
    }
}

/// Why the server closes (`disconnect.reason`, §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The connection's credentials were refused.
    Unauthorized,
    /// Bad origin or not a WebSocket request.
    InvalidRequest,
    /// The server is restarting.
    ServerRestart,
    /// Closed by the application (`remote_connections.disconnect`).
    Remote,
}

impl DisconnectReason {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::InvalidRequest => "invalid_request",
            Self::ServerRestart => "server_restart",
            Self::Remote => "remote",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "unauthorized" => Self::Unauthorized,
            "invalid_request" => Self::InvalidRequest,
            "server_restart" => Self::ServerRestart,
            "remote" => Self::Remote,
            _ => return None,
        })
    }
}

/// A frame from the server.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerFrame {
    /// `{"type":"welcome"}` after the connection is accepted.
    Welcome,
    /// `{"type":"ping","message":<unix seconds>}` every [`PING_INTERVAL_S`].
    Ping(u64),
    /// `{"identifier":…,"type":"confirm_subscription"}`.
    Confirm(String),
    /// `{"identifier":…,"type":"reject_subscription"}`.
    Reject(String),
    /// `{"type":"disconnect","reason":…,"reconnect":…}`.
    Disconnect {
        /// Why.
        reason: DisconnectReason,
        /// Whether the client may reconnect.
        reconnect: bool,
    },
    /// `{"identifier":…,"message":…}`: a broadcast or transmit to a subscription.
    Message {
        /// The subscription's identifier string, verbatim.
        identifier: String,
        /// The message.
        message: Value,
    },
}

impl ServerFrame {
    /// The text frame.
    pub fn encode(&self) -> String {
        match self {
            Self::Welcome => json!({ "type": "welcome" }),
            Self::Ping(unix_s) => json!({ "type": "ping", "message": unix_s }),
            Self::Confirm(id) => json!({ "identifier": id, "type": "confirm_subscription" }),
            Self::Reject(id) => json!({ "identifier": id, "type": "reject_subscription" }),
            Self::Disconnect { reason, reconnect } => {
                json!({ "type": "disconnect", "reason": reason.as_str(), "reconnect": reconnect })
            }
            Self::Message {
                identifier,
                message,
            } => json!({ "identifier": identifier, "message": message }),
        }
        .to_string()
    }

    /// Reads one server frame (the SDK side).
    pub fn decode(text: &str) -> Result<Self, FrameError> {
        let map = match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(FrameError::NotJson("not an object".into())),
            Err(e) => return Err(FrameError::NotJson(e.to_string())),
        };
        let identifier = || field(&map, "identifier").map(str::to_owned);
        match map.get("type").and_then(Value::as_str) {
            Some("welcome") => Ok(Self::Welcome),
            Some("ping") => Ok(Self::Ping(
                map.get("message")
                    .and_then(Value::as_u64)
                    .ok_or(FrameError::Field("message"))?,
            )),
            Some("confirm_subscription") => Ok(Self::Confirm(identifier()?)),
            Some("reject_subscription") => Ok(Self::Reject(identifier()?)),
            Some("disconnect") => {
                let reason = field(&map, "reason")?;
                let reason =
                    DisconnectReason::parse(reason).ok_or_else(|| FrameError::Unknown {
                        what: "reason",
                        name: reason.to_owned(),
                    })?;
                // Rails before 6.0 sent no `reconnect`; the client then reconnects.
                let reconnect = map
                    .get("reconnect")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                Ok(Self::Disconnect { reason, reconnect })
            }
            Some(other) => Err(FrameError::Unknown {
                what: "type",
                name: other.to_owned(),
            }),
            None => Ok(Self::Message {
                identifier: identifier()?,
                message: map
                    .get("message")
                    .cloned()
                    .ok_or(FrameError::Field("message"))?,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_subscribe_frame_reads_with_its_identifier_kept_verbatim() {
        // Seed 001's frame, as the official client sends it (research/interop-judges.md).
        let text = r#"{"command":"subscribe","identifier":"{\"channel\":\"RoomChannel\",\"pubsub_token\":\"tok\",\"account_id\":1,\"user_id\":2}"}"#;
        let ClientFrame::Subscribe(id) = ClientFrame::decode(text).unwrap() else {
            panic!()
        };
        assert_eq!(
            id.raw,
            r#"{"channel":"RoomChannel","pubsub_token":"tok","account_id":1,"user_id":2}"#
        );
        assert_eq!(
            (
                id.channel(),
                id.text("pubsub_token"),
                id.integer("account_id"),
                id.integer("user_id")
            ),
            (Some(ROOM_CHANNEL), Some("tok"), Some(1), Some(2))
        );
        assert_eq!(
            ClientFrame::decode(&ClientFrame::Subscribe(id.clone()).encode()).unwrap(),
            ClientFrame::Subscribe(id)
        );
    }

    #[test]
    fn update_presence_message_reads_its_action() {
        let text = r#"{"command":"message","identifier":"{\"channel\":\"RoomChannel\",\"pubsub_token\":\"tok\"}","data":"{\"action\":\"update_presence\"}"}"#;
        let frame = ClientFrame::decode(text).unwrap();
        let ClientFrame::Message { action, data, .. } = &frame else {
            panic!()
        };
        assert_eq!((action.as_str(), data.len()), ("update_presence", 0));
        assert_eq!(ClientFrame::decode(&frame.encode()).unwrap(), frame);
        let ClientFrame::Message { action, .. } =
            ClientFrame::decode(r#"{"command":"message","identifier":"{}","data":"{}"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(action, DEFAULT_ACTION);
    }

    #[test]
    fn server_frames_encode_as_rails_writes_them_and_read_back() {
        let id = r#"{"channel":"RoomChannel"}"#.to_owned();
        for (frame, text) in [
            (ServerFrame::Welcome, r#"{"type":"welcome"}"#.to_owned()),
            (
                ServerFrame::Ping(1_718_000_000),
                r#"{"message":1718000000,"type":"ping"}"#.to_owned(),
            ),
            (
                ServerFrame::Confirm(id.clone()),
                format!(
                    r#"{{"identifier":{},"type":"confirm_subscription"}}"#,
                    json!(id)
                ),
            ),
            (
                ServerFrame::Disconnect {
                    reason: DisconnectReason::Unauthorized,
                    reconnect: false,
                },
                r#"{"reason":"unauthorized","reconnect":false,"type":"disconnect"}"#.to_owned(),
            ),
        ] {
            assert_eq!(
                serde_json::from_str::<Value>(&frame.encode()).unwrap(),
                serde_json::from_str::<Value>(&text).unwrap()
            );
            assert_eq!(ServerFrame::decode(&frame.encode()).unwrap(), frame);
        }
        let m = ServerFrame::Message {
            identifier: id.clone(),
            message: json!({"event": "presence.update", "data": {}}),
        };
        assert_eq!(ServerFrame::decode(&m.encode()).unwrap(), m);
        assert_eq!(
            ServerFrame::decode(&ServerFrame::Reject(id.clone()).encode()).unwrap(),
            ServerFrame::Reject(id)
        );
    }

    #[test]
    fn malformed_frames_are_typed_errors() {
        assert!(matches!(
            ClientFrame::decode("{"),
            Err(FrameError::NotJson(_))
        ));
        assert_eq!(
            ClientFrame::decode(r#"{"identifier":"{}"}"#),
            Err(FrameError::Field("command"))
        );
        assert_eq!(
            ClientFrame::decode(r#"{"command":"subscribe","identifier":{"channel":"x"}}"#),
            Err(FrameError::Field("identifier"))
        );
        assert_eq!(
            ClientFrame::decode(r#"{"command":"subscribe","identifier":"[1]"}"#),
            Err(FrameError::NotEncodedObject("identifier"))
        );
        assert_eq!(
            ClientFrame::decode(r#"{"command":"message","identifier":"{}","data":"nope"}"#),
            Err(FrameError::NotEncodedObject("data"))
        );
        assert_eq!(
            ClientFrame::decode(
                r#"{"command":"message","identifier":"{}","data":"{\"action\":3}"}"#
            ),
            Err(FrameError::Field("data.action"))
        );
        assert!(matches!(
            ClientFrame::decode(r#"{"command":"dance","identifier":"{}"}"#),
            Err(FrameError::Unknown { .. })
        ));
        assert!(matches!(
            ServerFrame::decode(r#"{"type":"disconnect","reason":"why"}"#),
            Err(FrameError::Unknown { .. })
        ));
    }
}
