//! Phoenix Channels' V2 JSON serializer (`vsn=2.0.0`): every text frame is the array
//! `[join_ref, ref, topic, event, payload]` (research/gateway-protocols.md §1.2). `join_ref` and
//! `ref` are decimal strings from the client's counter, or null; the payload is an object.

use serde_json::{Map, Value};

/// The serializer version the URL must ask for (`vsn=2.0.0`, §1.1).
pub const VSN: &str = "2.0.0";
/// The socket's path (seed 004: `/socket/websocket?token=…`).
pub const SOCKET_PATH: &str = "/socket/websocket";
/// The reserved topic of heartbeats (§1.2).
pub const PHOENIX_TOPIC: &str = "phoenix";

/// Event names Phoenix reserves (§1.2, §1.6).
pub mod event {
    /// Join a topic.
    pub const JOIN: &str = "phx_join";
    /// Leave a topic.
    pub const LEAVE: &str = "phx_leave";
    /// The reply to a join, leave, push or heartbeat.
    pub const REPLY: &str = "phx_reply";
    /// The channel crashed.
    pub const ERROR: &str = "phx_error";
    /// The channel ended normally.
    pub const CLOSE: &str = "phx_close";
    /// A client heartbeat on the `phoenix` topic.
    pub const HEARTBEAT: &str = "heartbeat";
    /// Phoenix Presence's full state after a join.
    pub const PRESENCE_STATE: &str = "presence_state";
    /// Phoenix Presence's joins and leaves.
    pub const PRESENCE_DIFF: &str = "presence_diff";
}

/// Why a text frame is not a V2 message. The socket answers nothing for it (phoenix's own
/// serializer raises and the server drops the frame); the face logs and goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// Not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an array of five.
    #[error("a V2 frame is an array of 5 elements [join_ref, ref, topic, event, payload]")]
    NotAFrame,
    /// `join_ref` or `ref` neither a string nor null.
    #[error("`{0}` must be a string or null")]
    BadRef(&'static str),
    /// `topic` or `event` not a non-empty string.
    #[error("`{0}` must be a non-empty string")]
    BadName(&'static str),
    /// `payload` not an object.
    #[error("the payload must be a JSON object")]
    PayloadNotObject,
}

/// One message, either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The join this message belongs to (the join's own ref), if any.
    pub join_ref: Option<String>,
    /// This message's ref, for a reply to match; none on server pushes and broadcasts.
    pub msg_ref: Option<String>,
    /// The topic.
    pub topic: String,
    /// The event name.
    pub event: String,
    /// The payload object.
    pub payload: Map<String, Value>,
}

fn opt_string(v: &Value, name: &'static str) -> Result<Option<String>, FrameError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(FrameError::BadRef(name)),
    }
}

fn name(v: &Value, what: &'static str) -> Result<String, FrameError> {
    match v {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        _ => Err(FrameError::BadName(what)),
    }
}

impl Message {
    /// Reads one text frame.
    pub fn decode(text: &str) -> Result<Self, FrameError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| FrameError::NotJson(e.to_string()))?;
        let Value::Array(items) = value else {
            return Err(FrameError::NotAFrame);
        };
        let [join_ref, msg_ref, topic, event, payload] =
            <[Value; 5]>::try_from(items).map_err(|_| FrameError::NotAFrame)?;
        let Value::Object(payload) = payload else {
            return Err(FrameError::PayloadNotObject);
        };
        Ok(Self {
            join_ref: opt_string(&join_ref, "join_ref")?,
            msg_ref: opt_string(&msg_ref, "ref")?,
            topic: name(&topic, "topic")?,
            event: name(&event, "event")?,
            payload,
        })
    }

    /// The text frame.
    pub fn encode(&self) -> String {
        let text =
            |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| Value::String(s.clone()));
        Value::Array(vec![
            text(&self.join_ref),
            text(&self.msg_ref),
            Value::String(self.topic.clone()),
            Value::String(self.event.clone()),
            Value::Object(self.payload.clone()),
        ])
        .to_string()
    }

    /// A reply to `to`: same join_ref, ref and topic; `{status, response}` (§1.2).
    pub fn reply(to: &Message, ok: bool, response: Value) -> Self {
        let mut payload = Map::new();
        payload.insert(
            "status".into(),
            Value::String(if ok { "ok" } else { "error" }.into()),
        );
        payload.insert("response".into(), response);
        Self {
            join_ref: to.join_ref.clone(),
            msg_ref: to.msg_ref.clone(),
            topic: to.topic.clone(),
            event: event::REPLY.into(),
            payload,
        }
    }

    /// An error reply carrying `{reason}` (§1.2: `unmatched topic`, `unauthorized`, …).
    pub fn refuse(to: &Message, reason: &str) -> Self {
        Self::reply(to, false, serde_json::json!({ "reason": reason }))
    }

    /// A push on a joined channel: the join's ref, no ref of its own (§1.2 `push/3`).
    pub fn push(
        join_ref: Option<String>,
        topic: &str,
        event: &str,
        payload: Map<String, Value>,
    ) -> Self {
        Self {
            join_ref,
            msg_ref: None,
            topic: topic.into(),
            event: event.into(),
            payload,
        }
    }

    /// The end of a channel: `phx_close` (normal) or `phx_error` with a reason, under the join's
    /// refs (§1.2).
    pub fn closed(join_ref: Option<String>, topic: &str, error: Option<&str>) -> Self {
        let (event, payload) = match error {
            None => (event::CLOSE, Map::new()),
            Some(reason) => {
                let mut m = Map::new();
                m.insert("reason".into(), Value::String(reason.into()));
                (event::ERROR, m)
            }
        };
        Self {
            join_ref: join_ref.clone(),
            msg_ref: join_ref,
            topic: topic.into(),
            event: event.into(),
            payload,
        }
    }

    /// True for a client heartbeat.
    pub fn is_heartbeat(&self) -> bool {
        self.topic == PHOENIX_TOPIC && self.event == event::HEARTBEAT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_frames_of_the_research_notes_round_trip() {
        for text in [
            r#"["3","3","queue:d1","phx_join",{}]"#,
            r#"[null,"5","phoenix","heartbeat",{}]"#,
            r#"["3",null,"room:42","new_msg",{"body":"hi"}]"#,
            r#"[null,null,"room:42","new_msg",{}]"#,
        ] {
            let m = Message::decode(text).unwrap();
            assert_eq!(Message::decode(&m.encode()).unwrap(), m);
            assert_eq!(
                serde_json::from_str::<Value>(&m.encode()).unwrap(),
                serde_json::from_str::<Value>(text).unwrap()
            );
        }
        assert!(Message::decode(r#"[null,"5","phoenix","heartbeat",{}]"#)
            .unwrap()
            .is_heartbeat());
    }

    #[test]
    fn replies_echo_refs_and_carry_status_and_response() {
        let join = Message::decode(r#"["3","3","queue:d1","phx_join",{}]"#).unwrap();
        let ok = Message::reply(&join, true, json!({}));
        assert_eq!(
            ok.encode(),
            r#"["3","3","queue:d1","phx_reply",{"response":{},"status":"ok"}]"#
        );
        let no = Message::refuse(&join, "unauthorized");
        assert_eq!(no.payload["response"]["reason"], "unauthorized");
        assert_eq!(
            Message::closed(Some("3".into()), "queue:d1", None).encode(),
            r#"["3","3","queue:d1","phx_close",{}]"#
        );
        assert_eq!(
            Message::closed(Some("3".into()), "t", Some("channel_crash")).payload["reason"],
            "channel_crash"
        );
    }

    #[test]
    fn malformed_frames_are_typed_errors() {
        assert!(matches!(
            Message::decode("nope"),
            Err(FrameError::NotJson(_))
        ));
        assert_eq!(
            Message::decode(r#"{"topic":"x"}"#),
            Err(FrameError::NotAFrame)
        );
        assert_eq!(
            Message::decode(r#"[null,null,"t","e"]"#),
            Err(FrameError::NotAFrame)
        );
        assert_eq!(
            Message::decode(r#"[1,null,"t","e",{}]"#),
            Err(FrameError::BadRef("join_ref"))
        );
        assert_eq!(
            Message::decode(r#"[null,2,"t","e",{}]"#),
            Err(FrameError::BadRef("ref"))
        );
        assert_eq!(
            Message::decode(r#"[null,null,"","e",{}]"#),
            Err(FrameError::BadName("topic"))
        );
        assert_eq!(
            Message::decode(r#"[null,null,"t",5,{}]"#),
            Err(FrameError::BadName("event"))
        );
        assert_eq!(
            Message::decode(r#"[null,null,"t","e",[]]"#),
            Err(FrameError::PayloadNotObject)
        );
    }
}
