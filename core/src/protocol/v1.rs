//! Protocol version 1: the frames of docs/protocol.md, shared by the engine and the gateway.
//!
//! Both sides use these types, so a field renamed on one side is a compile error on the other.
//! Parsing never panics: a frame that is not valid JSON or not of a known shape is a
//! [`ProtocolError`] that the engine reports as an `sdkError` event.

use serde::{Deserialize, Serialize};
#[cfg(feature = "json")]
use serde_json::{Map, Value};

use super::{Dialect, Outgoing};
#[cfg(feature = "json")]
use super::{Incoming, Notice, ProtocolError, Reply};
#[cfg(feature = "json")]
use crate::events::CatalogEvent;
use crate::json::ObjectWriter;
use crate::text;

#[cfg(feature = "json")]
mod decode;

/// The WebSocket subprotocol of this version (docs/protocol.md §1).
pub const SUBPROTOCOL: &str = "agentdesk.v1";

/// The path of the socket below `baseURL` (docs/protocol.md §1).
pub const SOCKET_PATH: &str = "/ws";

/// Largest frame either side accepts, in bytes (docs/protocol.md §1).
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// Who the SDK is, sent in `auth` for the gateway's logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInfo {
    /// SDK name.
    pub name: String,
    /// SDK version.
    pub version: String,
}

/// A request to continue an earlier session (docs/protocol.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeRequest {
    /// The session to continue, from the first auth reply.
    pub session_id: String,
    /// The highest event id the client delivered.
    pub last_event_id: u64,
}

/// A frame from the SDK to the gateway, as the gateway reads it (the engine writes its frames
/// with [`V1::encode`], byte for byte what this type serializes to).
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ClientFrame {
    /// The first frame: who this socket speaks for, and its key (§2).
    #[serde(rename_all = "camelCase")]
    Auth {
        /// Request id.
        id: u64,
        /// Tenant.
        tenant_id: String,
        /// Agent.
        agent_no: String,
        /// The key from the login endpoint.
        session_key: String,
        /// SDK name and version.
        client: ClientInfo,
        /// Continue an earlier session.
        #[serde(default)]
        resume: Option<ResumeRequest>,
    },
    /// A command (§3).
    Cmd {
        /// Request id.
        id: u64,
        /// The AgentSDK method name.
        action: String,
        /// The method's argument object.
        #[serde(default)]
        params: Map<String, Value>,
    },
    /// A heartbeat carrying the client's clock and its acknowledgement (§6).
    Ping {
        /// Client timestamp, echoed in the pong.
        ts: u64,
        /// Highest event id delivered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ack: Option<u64>,
    },
}

/// A frame from the gateway to the SDK.
#[cfg(feature = "json")]
// See `Incoming`: events are the hot path, so they stay unboxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ServerFrame {
    /// The answer to one request, by id (§3).
    Reply(Reply),
    /// A catalog event with its session-wide id (§4).
    #[serde(rename_all = "camelCase")]
    Event {
        /// Strictly increasing per session, from 1.
        event_id: u64,
        /// The event as listeners get it.
        payload: CatalogEvent,
    },
    /// The answer to a ping (§6).
    #[serde(rename_all = "camelCase")]
    Pong {
        /// The client's timestamp, untouched.
        ts: u64,
        /// The server's clock, for diagnostics.
        server_ts: u64,
        /// The session's newest event id: an event lost on the way shows within one heartbeat,
        /// even when no event follows it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_event_id: Option<u64>,
    },
    /// Out-of-band information (§9).
    Notice(Notice),
}

#[cfg(feature = "json")]
impl ServerFrame {
    /// Serializes the frame; the types here cannot fail to serialize.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            // Unreachable in practice (no maps with non-string keys, no failing Serialize
            // impls); degrade to a frame the client reports rather than panicking.
            format!(r#"{{"type":"notice","kind":"internal","message":"serialize: {e}"}}"#)
        })
    }
}

#[cfg(feature = "json")]
impl ClientFrame {
    /// Serializes the frame; see [`ServerFrame::to_json`].
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a frame received by the gateway.
    pub fn parse(text: &str) -> Result<Self, ProtocolError> {
        check_size(text)?;
        serde_json::from_str(text).map_err(|e| ProtocolError::Malformed(e.to_string()))
    }
}

#[cfg(feature = "json")]
fn check_size(text: &str) -> Result<(), ProtocolError> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(ProtocolError::TooLarge {
            bytes: text.len(),
            max: MAX_FRAME_BYTES,
        });
    }
    Ok(())
}

/// The version-1 dialect (docs/protocol.md).
#[derive(Debug, Clone, Copy, Default)]
pub struct V1;

impl Dialect for V1 {
    fn subprotocol(&self) -> &'static str {
        SUBPROTOCOL
    }

    fn socket_url(&self, base_url: &str) -> String {
        text!(base_url.trim_end_matches('/'), SOCKET_PATH)
    }

    /// The frame as `ClientFrame` serializes it (members in its order, `resume` written as null
    /// when absent), written without serde_json so the wasm SDK carries no serializer.
    fn encode(&self, message: Outgoing) -> String {
        match message {
            Outgoing::Authenticate {
                id,
                tenant_id,
                agent_no,
                session_key,
                client,
                resume,
            } => {
                let client = ObjectWriter::new()
                    .str("name", &client.name)
                    .str("version", &client.version)
                    .finish();
                let resume = match resume {
                    Some(r) => ObjectWriter::new()
                        .str("sessionId", &r.session_id)
                        .uint("lastEventId", r.last_event_id)
                        .finish(),
                    None => "null".to_owned(),
                };
                ObjectWriter::new()
                    .str("type", "auth")
                    .uint("id", id)
                    .str("tenantId", &tenant_id)
                    .str("agentNo", &agent_no)
                    .str("sessionKey", &session_key)
                    .raw("client", &client)
                    .raw("resume", &resume)
                    .finish()
            }
            Outgoing::Command { id, action, params } => ObjectWriter::new()
                .str("type", "cmd")
                .uint("id", id)
                .str("action", &action)
                .raw("params", params.as_str())
                .finish(),
            Outgoing::Ping { ts, ack } => {
                let frame = ObjectWriter::new().str("type", "ping").uint("ts", ts);
                match ack {
                    Some(ack) => frame.uint("ack", ack).finish(),
                    None => frame.finish(),
                }
            }
        }
    }

    #[cfg(feature = "json")]
    fn decode(&self, text: &str) -> Result<Incoming, ProtocolError> {
        check_size(text)?;
        // Not `ServerFrame`'s derived decoder: see `decode.rs`.
        decode::decode(text)
    }

    #[cfg(feature = "json")]
    fn event_id_of(&self, text: &str) -> Option<u64> {
        decode::event_id_of(text)
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn auth_frame_has_the_documented_shape() {
        let text = V1.encode(Outgoing::Authenticate {
            id: 1,
            tenant_id: "t1".into(),
            agent_no: "0001".into(),
            session_key: "k".into(),
            client: ClientInfo {
                name: "agentdesk".into(),
                version: "0.1.0".into(),
            },
            resume: None,
        });
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["type"], "auth");
        assert_eq!(value["tenantId"], "t1");
        assert_eq!(value["sessionKey"], "k");
        assert_eq!(ClientFrame::parse(&text).unwrap().to_json(), text);
    }

    #[test]
    fn every_frame_the_engine_writes_is_what_client_frame_serializes() {
        let frames = [
            Outgoing::Authenticate {
                id: 2,
                tenant_id: "t\"1".into(),
                agent_no: "00\n01".into(),
                session_key: "v1.k\u{1}".into(),
                client: ClientInfo {
                    name: "agentdesk".into(),
                    version: "0.1.0".into(),
                },
                resume: Some(ResumeRequest {
                    session_id: "s-1".into(),
                    last_event_id: 41,
                }),
            },
            Outgoing::Command {
                id: 3,
                action: "pause".into(),
                params: crate::json::Json::trusted(r#"{"pauseType":2}"#),
            },
            Outgoing::Ping {
                ts: 1_700_000_000_000,
                ack: Some(7),
            },
            Outgoing::Ping { ts: 5, ack: None },
        ];
        for frame in frames {
            let text = V1.encode(frame);
            assert_eq!(ClientFrame::parse(&text).unwrap().to_json(), text);
        }
    }

    #[test]
    fn reply_with_error_code_decodes() {
        let text =
            r#"{"type":"reply","id":7,"code":-1,"message":"no","errorCode":"INVALID_STATE"}"#;
        let Incoming::Reply(reply) = V1.decode(text).unwrap() else {
            panic!("not a reply")
        };
        assert_eq!(
            (reply.id, reply.code, reply.error_code.as_deref()),
            (7, -1, Some("INVALID_STATE"))
        );
    }

    #[test]
    fn event_frame_decodes_into_a_typed_catalog_event() {
        let text = r#"{"type":"event","eventId":3,"payload":{"eventType":"ping","latencyTime":12,"networkState":4}}"#;
        let Incoming::Event {
            event_id,
            event,
            raw,
        } = V1.decode(text).unwrap()
        else {
            panic!()
        };
        assert_eq!(event_id, 3);
        assert_eq!(event.event_type().as_str(), "ping");
        assert_eq!(
            raw.get(),
            r#"{"eventType":"ping","latencyTime":12,"networkState":4}"#
        );
    }

    #[test]
    fn broken_frames_are_classified_not_panicked_on() {
        assert!(matches!(
            V1.decode("{nope"),
            Err(ProtocolError::Malformed(_))
        ));
        assert!(
            matches!(V1.decode(r#"{"type":"teleport"}"#), Err(ProtocolError::UnknownFrame(k)) if k == "teleport")
        );
        assert!(matches!(
            V1.decode(r#"{"type":"event","eventId":1,"payload":{"eventType":"warp"}}"#),
            Err(ProtocolError::UnknownEvent(e)) if e == "warp"
        ));
        let bad = r#"{"type":"event","eventId":1,"payload":{"eventType":"ping","latencyTime":"fast","networkState":1}}"#;
        match V1.decode(bad) {
            Err(ProtocolError::BadEvent { event_type, reason }) => {
                assert_eq!(event_type, "ping");
                assert!(
                    reason.contains("latencyTime") && reason.contains("invalid type"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        let huge = format!(
            r#"{{"type":"notice","kind":"x","message":"{}"}}"#,
            "a".repeat(MAX_FRAME_BYTES)
        );
        assert!(matches!(
            V1.decode(&huge),
            Err(ProtocolError::TooLarge { .. })
        ));
    }

    #[test]
    fn socket_url_appends_the_path_once() {
        assert_eq!(
            V1.socket_url("ws://127.0.0.1:8080/"),
            "ws://127.0.0.1:8080/ws"
        );
        assert_eq!(V1.socket_url("ws://h:1"), "ws://h:1/ws");
    }
}
