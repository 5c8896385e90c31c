//! The wire protocol, behind one seam: the engine speaks [`Outgoing`] and [`Incoming`], and a
//! [`Dialect`] turns them into frames and back. Version 1 ([`v1`]) is documented in
//! docs/protocol.md; Phoenix Channels, ActionCable, Kazoo bindings or a JWT topic gateway would
//! each be one more module implementing [`Dialect`].

pub mod v1;

#[cfg(feature = "json")]
use serde::{Deserialize, Serialize};
#[cfg(feature = "json")]
use serde_json::{Map, Value};

#[cfg(feature = "json")]
use crate::events::CatalogEvent;
use crate::json::Json;
pub use v1::{ClientInfo, ResumeRequest};

/// A message the engine wants sent, independent of the dialect.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    /// The first message of a connection.
    Authenticate {
        /// Request id.
        id: u64,
        /// Tenant.
        tenant_id: String,
        /// Agent.
        agent_no: String,
        /// Session key.
        session_key: String,
        /// SDK identity.
        client: ClientInfo,
        /// Resume an earlier session.
        resume: Option<ResumeRequest>,
    },
    /// A command with its request id.
    Command {
        /// Request id.
        id: u64,
        /// Method name.
        action: String,
        /// Argument object, as JSON text.
        params: Json,
    },
    /// A heartbeat.
    Ping {
        /// Client timestamp.
        ts: u64,
        /// Highest event id delivered.
        ack: Option<u64>,
    },
}

/// The reply to one request (docs/protocol.md §3), as the gateway writes it and the native
/// text-frame path reads it.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    /// The request id it answers.
    pub id: u64,
    /// 0 success, non-zero failure.
    pub code: i64,
    /// Human-readable outcome ("ok" on success).
    pub message: String,
    /// Stable machine-readable failure code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The command's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// The session's newest event id when the gateway sent the reply, after the events the
    /// command caused: the client settles the command once it delivered the events through it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_id: Option<u64>,
}

/// Out-of-band information from the gateway (docs/protocol.md §9).
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    /// What it is about: `overflow`, `keyExpiring`, … Unknown kinds are ignored.
    pub kind: String,
    /// Human-readable text.
    #[serde(default)]
    pub message: String,
    /// Kind-specific fields.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// A decoded message from the gateway, independent of the dialect.
#[cfg(feature = "json")]
// Events are by far the most frequent message: boxing them to shrink the rare small variants
// would add an allocation to the hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// The answer to a request.
    Reply(Reply),
    /// A catalog event and its id.
    Event {
        /// Session-wide event id.
        event_id: u64,
        /// The typed event.
        event: CatalogEvent,
        /// The payload's text, for the listeners.
        raw: RawPayload,
    },
    /// A heartbeat answer echoing the client's timestamp.
    Pong {
        /// The echoed timestamp.
        ts: u64,
        /// The session's newest event id when the gateway answered, if it says.
        last_event_id: Option<u64>,
    },
    /// Out-of-band information.
    Notice(Notice),
}

/// A catalog event's payload as the JSON text the gateway sent, `eventType` included. Listeners
/// get exactly this through one `JSON.parse` in the shell, instead of the typed value crossing
/// into JavaScript field by field; the engine decodes the same text into the typed value first,
/// so a payload that does not match the catalog never reaches a listener.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPayload(Box<str>);

#[cfg(feature = "json")]
impl RawPayload {
    /// Wraps text the decoder has parsed as one JSON value.
    pub(crate) fn parsed(text: &str) -> Self {
        Self(text.into())
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        &self.0
    }
}

/// A frame from the gateway that could not be understood. The peer misbehaved (or is newer);
/// the engine reports it and goes on.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// Not JSON, or not the shape of any frame.
    #[error("malformed frame: {0}")]
    Malformed(String),
    /// A frame `type` this dialect does not know.
    #[error("unknown frame type `{0}`")]
    UnknownFrame(String),
    /// An `eventType` that is not in the catalog.
    #[error("unknown event type `{0}`")]
    UnknownEvent(String),
    /// A catalog event whose fields do not match the catalog.
    #[error("event `{event_type}` does not match the catalog: {reason}")]
    BadEvent {
        /// The event's type.
        event_type: String,
        /// What was wrong, from the parser.
        reason: String,
    },
    /// Larger than the protocol allows.
    #[error("frame of {bytes} bytes exceeds the {max}-byte limit")]
    TooLarge {
        /// Size received.
        bytes: usize,
        /// The limit.
        max: usize,
    },
}

#[cfg(feature = "json")]
impl ProtocolError {
    /// A stable code for the `sdkError` event.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "MALFORMED_FRAME",
            Self::UnknownFrame(_) => "UNKNOWN_FRAME",
            Self::UnknownEvent(_) => "UNKNOWN_EVENT",
            Self::BadEvent { .. } => "BAD_EVENT",
            Self::TooLarge { .. } => "FRAME_TOO_LARGE",
        }
    }
}

/// One wire dialect: how messages become frames and frames become messages.
pub trait Dialect {
    /// The WebSocket subprotocol to offer.
    fn subprotocol(&self) -> &'static str;
    /// The socket URL for a `baseURL` given to `setup()`.
    fn socket_url(&self, base_url: &str) -> String;
    /// One message to one text frame.
    fn encode(&self, message: Outgoing) -> String;
    /// One text frame to one message, or why not (the native text-frame path).
    #[cfg(feature = "json")]
    fn decode(&self, text: &str) -> Result<Incoming, ProtocolError>;
    /// The event id of an event frame that [`Self::decode`] refused for its payload or its
    /// size, when the envelope is still whole and readable: such an event still counts as
    /// received, so that it is acknowledged and passed over instead of being taken for a gap
    /// (issue 10). `None` for anything else, a frame that is not JSON above all: a truncated
    /// frame must look lost, so that the resume brings it again whole.
    #[cfg(feature = "json")]
    fn event_id_of(&self, text: &str) -> Option<u64>;
}

#[cfg(feature = "json")]
impl ProtocolError {
    /// True for the errors of an event whose envelope parsed: an unknown `eventType`, a payload
    /// that fails its check, a frame over the size limit. Their id may be read with
    /// [`Dialect::event_id_of`].
    pub fn is_about_an_event(&self) -> bool {
        matches!(
            self,
            Self::UnknownEvent(_) | Self::BadEvent { .. } | Self::TooLarge { .. }
        )
    }
}

/// A reply as the engine reads it: its outcome and words, `data` to hand on untouched, and the
/// few things of `data` the engine decides on. The native path fills it from a [`Reply`]; in the
/// wasm SDK the JS layer, which parsed the frame, hands the fields over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyFacts {
    /// The request id it answers.
    pub id: u64,
    /// 0 success, non-zero failure.
    pub code: i64,
    /// Human-readable outcome.
    pub message: String,
    /// Stable machine-readable failure code.
    pub error_code: Option<String>,
    /// The command's result, for the page.
    pub data: Option<Json>,
    /// `auth`: the session's id (`data.sessionId`).
    pub session_id: Option<String>,
    /// `auth`: the resume was exact (`data.resumed`).
    pub resumed: bool,
    /// `auth`: the session's newest event id (`data.lastEventId`).
    pub last_event_id: Option<u64>,
    /// `auth`: when the session key expires (`data.expiresAt`, Unix ms).
    pub expires_at: Option<u64>,
    /// `login`: `agent` or `supervisor` (`data.role`).
    pub role: Option<String>,
    /// `sipLink`: the gateway's answer (`data.sdp`).
    pub sdp: Option<String>,
    /// The session's newest event id when the gateway replied (the frame's own `lastEventId`):
    /// the command settles once the events through it are delivered.
    pub through: Option<u64>,
}

#[cfg(feature = "json")]
impl From<Reply> for ReplyFacts {
    fn from(reply: Reply) -> Self {
        let data = reply.data.as_ref();
        let text = |key: &str| {
            data.and_then(|d| d.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Self {
            id: reply.id,
            code: reply.code,
            session_id: text("sessionId"),
            resumed: data
                .and_then(|d| d.get("resumed"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            last_event_id: data
                .and_then(|d| d.get("lastEventId"))
                .and_then(Value::as_u64),
            expires_at: data
                .and_then(|d| d.get("expiresAt"))
                .and_then(Value::as_u64),
            role: text("role"),
            sdp: text("sdp"),
            data: reply.data.as_ref().map(Json::from_value),
            message: reply.message,
            error_code: reply.error_code,
            through: reply.last_event_id,
        }
    }
}
