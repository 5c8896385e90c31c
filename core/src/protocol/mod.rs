//! The wire protocol, behind one seam: the engine speaks [`Outgoing`] and [`Incoming`], and a
//! [`Dialect`] turns them into frames and back. Version 1 ([`v1`]) is documented in
//! docs/protocol.md; Phoenix Channels, ActionCable, Kazoo bindings or a JWT topic gateway would
//! each be one more module implementing [`Dialect`].

pub mod v1;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::events::CatalogEvent;
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
        /// Argument object.
        params: Map<String, Value>,
    },
    /// A heartbeat.
    Ping {
        /// Client timestamp.
        ts: u64,
        /// Highest event id delivered.
        ack: Option<u64>,
    },
}

/// The reply to one request (docs/protocol.md §3).
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPayload(Box<str>);

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
    /// One text frame to one message, or why not.
    fn decode(&self, text: &str) -> Result<Incoming, ProtocolError>;
    /// The event id of an event frame that [`Self::decode`] refused for its payload or its
    /// size, when the envelope is still whole and readable: such an event still counts as
    /// received, so that it is acknowledged and passed over instead of being taken for a gap
    /// (issue 10). `None` for anything else, a frame that is not JSON above all: a truncated
    /// frame must look lost, so that the resume brings it again whole.
    fn event_id_of(&self, text: &str) -> Option<u64>;
}

impl ProtocolError {
    /// True for the errors of an event whose envelope parsed: an unknown `eventType`, a payload
    /// that fails its check, a frame over the size limit. Their id may be read with
    /// [`Dialect::event_id_of`].
    pub fn is_about_an_event(&self) -> bool {
        matches!(self, Self::UnknownEvent(_) | Self::BadEvent { .. } | Self::TooLarge { .. })
    }
}
