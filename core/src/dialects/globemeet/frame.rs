//! GlobeMeet's wire (seed 002: "JSON; one event per text frame", subprotocol
//! `globemeet-events.v1`, JWT with a 15-minute expiry, Last-Event-ID resume, an `overflow` event
//! for a client that lags more than 5 s). The seed fixes those facts and the client's view
//! (`ws.subscribe(topic, (event) => event.data…)`); the frame shapes below are this project's,
//! written down in docs/dialects.md.
//!
//! Credentials and the resume point come in the handshake (`Authorization: Bearer`,
//! `Last-Event-ID`) for clients that can set headers, or as query parameters (`token`,
//! `last_event_id`) or in a first `auth` frame for browsers, which cannot.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The subprotocol (seed 002).
pub const SUBPROTOCOL: &str = "globemeet-events.v1";
/// The socket's path (seed 002: `wss://api.globemeet.in/v1/events`).
pub const PATH: &str = "/v1/events";
/// Token lifetime, seconds (seed 002: "15-minute expiry").
pub const TOKEN_TTL_S: u64 = 15 * 60;
/// A client this far behind gets `overflow` and is dropped (seed 002: "lags >5s").
pub const MAX_LAG_MS: u64 = 5_000;
/// Seconds before expiry the server says `token_expiring`.
pub const EXPIRY_NOTICE_S: u64 = 60;

/// Close codes: 4000–4399 reconnect (and resume), 4400–4999 stop (the convention of
/// research/gateway-protocols.md §4.4).
pub mod close {
    /// The token expired: reconnect with a fresh one.
    pub const TOKEN_EXPIRED: u16 = 4001;
    /// The client lagged; an `overflow` event came first. Reconnect and resume.
    pub const OVERFLOW: u16 = 4008;
    /// The server is going away; reconnect elsewhere or later.
    pub const GOING_AWAY: u16 = 4009;
    /// The client sent frames faster than the server takes them; reconnect later, slower.
    pub const RATE_LIMITED: u16 = 4029;
    /// No or a bad token: do not retry with it.
    pub const UNAUTHORIZED: u16 = 4401;
    /// A frame the protocol does not have, or no `auth` in time.
    pub const BAD_REQUEST: u16 = 4400;

    /// True when a client should reconnect after this code.
    pub fn reconnect(code: u16) -> bool {
        (4000..4400).contains(&code) || code < 4000
    }
}

/// An event id: the history's epoch (it changes when the history is lost) and the position in
/// it, written `epoch-seq`. Opaque to clients, who only send it back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId {
    /// The history's epoch: letters and digits.
    pub epoch: String,
    /// Strictly increasing within the epoch, from 1.
    pub seq: u64,
}

impl EventId {
    /// Reads `epoch-seq`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        let (epoch, seq) = s.rsplit_once('-')?;
        if epoch.is_empty() || !epoch.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some(Self {
            epoch: epoch.to_owned(),
            seq: seq.parse().ok()?,
        })
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.epoch, self.seq)
    }
}

/// A frame from the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    /// First frame of a browser client: the token, and where to resume from.
    Auth {
        /// The JWT.
        token: String,
        /// The last event id the client has, if resuming.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_event_id: Option<String>,
    },
    /// Add topic patterns.
    Subscribe {
        /// Echoed in the answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Patterns (`queue.support.*`, `session.*`, …).
        topics: Vec<String>,
    },
    /// Remove topic patterns.
    Unsubscribe {
        /// Echoed in the answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Patterns as subscribed.
        topics: Vec<String>,
    },
    /// A fresh token before the current one expires.
    Refresh {
        /// The new JWT.
        token: String,
    },
    /// Keep-alive; answered by `pong`.
    Ping {
        /// Echoed in the answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
}

/// A frame from the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// Authenticated: the connection is live.
    Ready {
        /// Unix seconds the token expires at.
        expires_at: u64,
        /// The newest event id, to resume from next time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_event_id: Option<String>,
    },
    /// The outcome of a resume request: replay follows when `recovered`; otherwise the gap is too
    /// old (or the history restarted) and the client reloads its state.
    Resumed {
        /// The id resumed after.
        from: String,
        /// True when every missed event is replayed next.
        recovered: bool,
        /// How many events are replayed.
        replayed: u64,
    },
    /// One event.
    Event {
        /// Its id (`epoch-seq`).
        id: String,
        /// Its topic.
        topic: String,
        /// Its name, `family.event` (`queue.depth-changed`).
        event: String,
        /// When it happened, Unix ms.
        ts: i64,
        /// The payload.
        data: Value,
    },
    /// The answer to `subscribe`.
    Subscribed {
        /// The request's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Every pattern now subscribed.
        topics: Vec<String>,
    },
    /// The answer to `unsubscribe`.
    Unsubscribed {
        /// The request's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Every pattern still subscribed.
        topics: Vec<String>,
    },
    /// The answer to `refresh`.
    Refreshed {
        /// The new expiry, Unix seconds.
        expires_at: u64,
    },
    /// The token expires soon: send `refresh`.
    TokenExpiring {
        /// Unix seconds.
        expires_at: u64,
    },
    /// The client lagged more than [`MAX_LAG_MS`]: the server drops it (close
    /// [`close::OVERFLOW`]); reconnect with `last_event_id` to resume.
    Overflow {
        /// The last event id sent before the drop.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_event_id: Option<String>,
        /// Human-readable.
        message: String,
    },
    /// The answer to `ping`.
    Pong {
        /// The request's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    /// A refused request; the connection stays unless a close follows.
    Error {
        /// The request's id, when it had one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Stable code (`BAD_TOPIC`, `TOKEN_EXPIRED`, …).
        code: String,
        /// Human-readable.
        message: String,
    },
}

/// Why a frame could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad frame: {0}")]
pub struct FrameError(pub String);

impl ClientFrame {
    /// Reads a client frame.
    pub fn decode(text: &str) -> Result<Self, FrameError> {
        serde_json::from_str(text).map_err(|e| FrameError(e.to_string()))
    }

    /// The text frame.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl ServerFrame {
    /// Reads a server frame.
    pub fn decode(text: &str) -> Result<Self, FrameError> {
        serde_json::from_str(text).map_err(|e| FrameError(e.to_string()))
    }

    /// The text frame.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn event_ids_print_and_parse_back_and_junk_is_none() {
        let id = EventId {
            epoch: "k3x9".into(),
            seq: 42,
        };
        assert_eq!(id.to_string(), "k3x9-42");
        assert_eq!(EventId::parse("k3x9-42"), Some(id));
        for bad in ["", "42", "-42", "k3x9-", "k3x9-x", "k-3x9-42", "k 3-1"] {
            assert_eq!(EventId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn client_frames_read_and_refuse_unknown_shapes() {
        let f = ClientFrame::decode(r#"{"type":"subscribe","id":"r1","topics":["queue.support.depth-changed","session.*"]}"#).unwrap();
        assert_eq!(ClientFrame::decode(&f.encode()).unwrap(), f);
        let auth =
            ClientFrame::decode(r#"{"type":"auth","token":"jwt","last_event_id":"e1-5"}"#).unwrap();
        assert_eq!(
            auth,
            ClientFrame::Auth {
                token: "jwt".into(),
                last_event_id: Some("e1-5".into())
            }
        );
        for bad in [
            r#"{"type":"dance"}"#,
            r#"{"type":"subscribe"}"#,
            r#"{"type":"ping","extra":1}"#,
            "[]",
            "nope",
        ] {
            assert!(ClientFrame::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_seeds_event_reads_as_event_data() {
        let e = ServerFrame::Event {
            id: "k3x9-7".into(),
            topic: "queue.support.depth-changed".into(),
            event: "queue.depth-changed".into(),
            ts: 1,
            data: json!({"depth": 4, "longest_wait_seconds": 41}),
        };
        let v: Value = serde_json::from_str(&e.encode()).unwrap();
        assert_eq!(
            (v["type"].as_str(), v["data"]["depth"].as_u64()),
            (Some("event"), Some(4))
        );
        assert_eq!(ServerFrame::decode(&e.encode()).unwrap(), e);
        let o = ServerFrame::Overflow {
            last_event_id: Some("k3x9-7".into()),
            message: "lagged".into(),
        };
        assert_eq!(
            serde_json::from_str::<Value>(&o.encode()).unwrap()["type"],
            "overflow"
        );
    }

    #[test]
    fn close_codes_say_retry_or_stop() {
        assert!(
            close::reconnect(close::OVERFLOW)
                && close::reconnect(close::TOKEN_EXPIRED)
                && close::reconnect(1006)
        );
        assert!(!close::reconnect(close::UNAUTHORIZED) && !close::reconnect(close::BAD_REQUEST));
    }
}
