//! What a Voki client's pushes ask for (seed 004 "Events Sent by Client"), back in the core's
//! terms: `mute` is the core's `mute` / `unmute` command; `signal` and `ice_candidate` are the
//! softphone leg's SDP and ICE, for the gateway's media side. Topics are parsed here too, so the
//! face and the SDK agree on what `queue:…` means.

use serde_json::{json, Map, Value};

use crate::command::Command;
use crate::flows::{CallAction, CallCommand};

use super::frame::PHOENIX_TOPIC;

/// A Voki topic (seed 004 "Available Channels").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Topic {
    /// `queue:{department_id}`: a queue's callers.
    Queue(String),
    /// `presence:{department_id}`: a queue's agents.
    Presence(String),
    /// `call:{call_id}`: one call's signaling and participants.
    Call(String),
    /// `notification:{user_id}`: one agent's notifications.
    Notification(String),
    /// `phoenix`: heartbeats.
    Phoenix,
}

impl Topic {
    /// Reads a topic; `None` for one Voki does not have (answered `unmatched topic`).
    pub fn parse(topic: &str) -> Option<Self> {
        if topic == PHOENIX_TOPIC {
            return Some(Self::Phoenix);
        }
        let (kind, id) = topic.split_once(':')?;
        if id.is_empty() {
            return None;
        }
        let id = id.to_owned();
        Some(match kind {
            "queue" => Self::Queue(id),
            "presence" => Self::Presence(id),
            "call" => Self::Call(id),
            "notification" => Self::Notification(id),
            _ => return None,
        })
    }

    /// The topic's text.
    pub fn as_string(&self) -> String {
        match self {
            Self::Queue(id) => format!("queue:{id}"),
            Self::Presence(id) => format!("presence:{id}"),
            Self::Call(id) => format!("call:{id}"),
            Self::Notification(id) => format!("notification:{id}"),
            Self::Phoenix => PHOENIX_TOPIC.to_owned(),
        }
    }
}

/// SDP or ICE of the softphone leg (seed 004 `signal`, `ice_candidate`), as the browser's
/// `RTCSessionDescription` / `RTCIceCandidate` shape them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSignal {
    /// `{type: "offer" | "answer", sdp}`.
    Description {
        /// True for an offer, false for an answer.
        offer: bool,
        /// The SDP text.
        sdp: String,
    },
    /// `{candidate, sdpMid, sdpMLineIndex}`; an empty candidate ends gathering.
    Candidate {
        /// The candidate line.
        candidate: String,
        /// The media stream id.
        sdp_mid: Option<String>,
        /// The m-line index.
        sdp_m_line_index: Option<u16>,
    },
}

impl MediaSignal {
    /// The payload form, for the server's `signal` / `ice_candidate` pushes.
    pub fn to_payload(&self) -> (&'static str, Value) {
        match self {
            Self::Description { offer, sdp } => (
                "signal",
                json!({ "type": if *offer { "offer" } else { "answer" }, "sdp": sdp }),
            ),
            Self::Candidate {
                candidate,
                sdp_mid,
                sdp_m_line_index,
            } => (
                "ice_candidate",
                json!({ "candidate": candidate, "sdpMid": sdp_mid, "sdpMLineIndex": sdp_m_line_index }),
            ),
        }
    }
}

/// The ICE candidates an SDP carries (`a=candidate:` lines, RFC 8839 §5.1), each with its media
/// section's `a=mid` and index: what the server pushes as `ice_candidate` after its answer, for
/// a client that waits for trickled candidates (the answer's SDP carries them too).
pub fn sdp_candidates(sdp: &str) -> Vec<MediaSignal> {
    let mut out = Vec::new();
    let mut section: Option<(u16, Option<String>, Vec<String>)> = None;
    let flush = |section: Option<(u16, Option<String>, Vec<String>)>,
                 out: &mut Vec<MediaSignal>| {
        if let Some((index, mid, lines)) = section {
            for candidate in lines {
                out.push(MediaSignal::Candidate {
                    candidate,
                    sdp_mid: mid.clone(),
                    sdp_m_line_index: Some(index),
                });
            }
        }
    };
    let mut next_index = 0u16;
    for line in sdp.lines().map(str::trim_end) {
        if line.starts_with("m=") {
            flush(section.take(), &mut out);
            section = Some((next_index, None, Vec::new()));
            next_index = next_index.saturating_add(1);
        } else if let Some((_, mid, lines)) = section.as_mut() {
            if let Some(m) = line.strip_prefix("a=mid:") {
                *mid = Some(m.to_owned());
            } else if let Some(c) = line.strip_prefix("a=") {
                if c.starts_with("candidate:") {
                    lines.push(c.to_owned());
                }
            }
        }
    }
    flush(section, &mut out);
    out
}

/// What a push asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum PushAction {
    /// A core command for the agent who pushed (`mute`).
    Core(Command),
    /// Signaling of the call's softphone leg.
    Media {
        /// The call (`call:{call_id}`).
        call_id: String,
        /// The SDP or ICE.
        signal: MediaSignal,
    },
}

/// Why a push was refused; its text is the `phx_reply` error's `reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// No such client event on this topic.
    #[error("unknown event `{event}` on {topic}")]
    Unknown {
        /// The topic.
        topic: String,
        /// The event.
        event: String,
    },
    /// The payload lacks a field or has the wrong type.
    #[error("bad `{event}` payload: {reason}")]
    BadPayload {
        /// The event.
        event: &'static str,
        /// What was wrong.
        reason: String,
    },
}

fn bad(event: &'static str, reason: &str) -> PushError {
    PushError::BadPayload {
        event,
        reason: reason.to_owned(),
    }
}

fn text(
    payload: &Map<String, Value>,
    event: &'static str,
    field: &str,
) -> Result<String, PushError> {
    payload
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| bad(event, &format!("`{field}` must be a string")))
}

/// Reads a client push on `topic`.
pub fn client_push(
    topic: &Topic,
    event: &str,
    payload: &Map<String, Value>,
) -> Result<PushAction, PushError> {
    let Topic::Call(call_id) = topic else {
        return Err(PushError::Unknown {
            topic: topic.as_string(),
            event: event.to_owned(),
        });
    };
    match event {
        "mute" => {
            match payload.get("type").and_then(Value::as_str) {
                Some("audio") => {}
                Some("video") => return Err(bad("mute", "a voice call has no video")),
                _ => return Err(bad("mute", "`type` must be \"audio\" or \"video\"")),
            }
            let muted = payload
                .get("muted")
                .and_then(Value::as_bool)
                .ok_or_else(|| bad("mute", "`muted` must be a boolean"))?;
            let action = if muted {
                CallAction::Mute
            } else {
                CallAction::Unmute
            };
            let command =
                CallCommand::parse(action, json!({})).map_err(|reason| PushError::BadPayload {
                    event: "mute",
                    reason,
                })?;
            Ok(PushAction::Core(Command::Call(command)))
        }
        "signal" => {
            let offer = match payload.get("type").and_then(Value::as_str) {
                Some("offer") => true,
                Some("answer") => false,
                _ => return Err(bad("signal", "`type` must be \"offer\" or \"answer\"")),
            };
            let sdp = text(payload, "signal", "sdp")?;
            Ok(PushAction::Media {
                call_id: call_id.clone(),
                signal: MediaSignal::Description { offer, sdp },
            })
        }
        "ice_candidate" => {
            let candidate = text(payload, "ice_candidate", "candidate")?;
            let sdp_mid = payload
                .get("sdpMid")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let index = payload.get("sdpMLineIndex").and_then(Value::as_u64);
            let sdp_m_line_index = index
                .map(u16::try_from)
                .transpose()
                .map_err(|_| bad("ice_candidate", "`sdpMLineIndex` is out of range"))?;
            Ok(PushAction::Media {
                call_id: call_id.clone(),
                signal: MediaSignal::Candidate {
                    candidate,
                    sdp_mid,
                    sdp_m_line_index,
                },
            })
        }
        other => Err(PushError::Unknown {
            topic: topic.as_string(),
            event: other.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn topics_of_the_seed_parse_and_print_back() {
        for t in [
            "queue:support",
            "presence:support",
            "call:gw-1.2",
            "notification:1001",
            "phoenix",
        ] {
            assert_eq!(Topic::parse(t).unwrap().as_string(), t);
        }
        for t in ["room:1", "queue:", "queue", ""] {
            assert_eq!(Topic::parse(t), None, "{t}");
        }
    }

    #[test]
    fn the_seeds_client_pushes_become_core_commands_or_media_signals() {
        let call = Topic::Call("c1".into());
        let mute =
            client_push(&call, "mute", &obj(json!({"type": "audio", "muted": true}))).unwrap();
        assert!(matches!(mute, PushAction::Core(Command::Call(c)) if c.action == CallAction::Mute));
        let unmute = client_push(
            &call,
            "mute",
            &obj(json!({"type": "audio", "muted": false})),
        )
        .unwrap();
        assert!(
            matches!(unmute, PushAction::Core(Command::Call(c)) if c.action == CallAction::Unmute)
        );
        let offer = client_push(
            &call,
            "signal",
            &obj(json!({"type": "offer", "sdp": "v=0\r\n"})),
        )
        .unwrap();
        assert_eq!(
            offer,
            PushAction::Media {
                call_id: "c1".into(),
                signal: MediaSignal::Description {
                    offer: true,
                    sdp: "v=0\r\n".into()
                }
            }
        );
        let ice = client_push(&call, "ice_candidate", &obj(json!({"candidate": "candidate:1 1 udp 1 1.2.3.4 5 typ host", "sdpMid": "0", "sdpMLineIndex": 0}))).unwrap();
        let PushAction::Media { signal, .. } = ice else {
            panic!()
        };
        assert_eq!(signal.to_payload().1["sdpMLineIndex"], 0);
    }

    #[test]
    fn an_answers_candidates_come_with_their_section_mid_and_index() {
        let sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\r\na=mid:0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\na=candidate:2 1 udp 1 127.0.0.1 40001 typ host\r\n";
        let got = sdp_candidates(sdp);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            MediaSignal::Candidate {
                candidate: "candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host".into(),
                sdp_mid: Some("0".into()),
                sdp_m_line_index: Some(0)
            }
        );
        let (event, payload) = got[1].to_payload();
        assert_eq!(
            (
                event,
                payload["sdpMid"].as_str(),
                payload["sdpMLineIndex"].as_u64()
            ),
            ("ice_candidate", Some("1"), Some(1))
        );
        assert!(
            sdp_candidates("v=0\r\na=candidate:x\r\n").is_empty(),
            "no media section"
        );
    }

    #[test]
    fn bad_pushes_are_refused_with_a_reason() {
        let call = Topic::Call("c1".into());
        for (event, payload, needle) in [
            ("mute", json!({"type": "video", "muted": true}), "no video"),
            ("mute", json!({"type": "audio"}), "`muted`"),
            ("signal", json!({"type": "pranswer", "sdp": "x"}), "`type`"),
            ("signal", json!({"type": "offer"}), "`sdp`"),
            (
                "ice_candidate",
                json!({"candidate": "c", "sdpMLineIndex": 70000}),
                "out of range",
            ),
            ("dance", json!({}), "unknown event"),
        ] {
            let err = client_push(&call, event, &obj(payload))
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{event}: {err}");
        }
        assert!(client_push(&Topic::Queue("q".into()), "mute", &Map::new()).is_err());
    }
}
