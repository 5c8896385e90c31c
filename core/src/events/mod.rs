//! The event catalog: every event the SDK hands to JavaScript, its names and its typed payload.
//!
//! - [`catalog::EventType`]: the 40 event names of seed 003 §2 with their wire strings and
//!   `EventType` constants.
//! - [`payloads`]: one struct per event with the seed's field names and JSON types (§3).
//! - [`CatalogEvent`]: the tagged union of all of them. Its serde form is the payload exactly as
//!   JavaScript receives it, `eventType` included, so a frame from the gateway and an event
//!   handed to a listener are the same JSON.
//!
//! [`CatalogEvent::from_raw`] is the decoder the engine uses on untrusted frames: it parses the
//! payload text straight into the struct its `eventType` names and, unlike plain
//! `serde_json::from_str`, its error names the offending field ([`CatalogEvent::from_json`] and
//! [`CatalogEvent::from_value`] when the type is not known yet).

pub mod catalog;
mod decode;
pub mod payloads;

pub use catalog::EventType;
pub use payloads::{
    AgentStatusEvent, AtxferEndedEvent, AtxferErrorEvent, AtxferLinkEvent, AtxferStartEvent,
    AtxferThreewayUnlinkEvent, BargeLinkEvent, BargeResultEvent, BargeUnlinkEvent,
    CompleteAtxferResultEvent, DisconnectResultEvent, ExtenStateEvent, InteractReturnEvent,
    OrderCallBackEvent, PingEvent, PreviewObCallBridgeEvent, PreviewObCallResultEvent,
    PreviewObCallRingingEvent, PreviewObCallStartEvent, QueueSnapshot, QueueStatusEvent,
    ReconnectAttemptEvent, RingingEvent, SessionInitEvent, SessionTerminateEvent,
    SetOfflineResultEvent, SipDisconnectedEvent, SipSessionInitEvent, SipSessionTerminateEvent,
    SpyLinkEvent, SpyResultEvent, SpyUnlinkEvent, ThreewayAtxferResultEvent, ThreewayLinkEvent,
    ThreewayResultEvent, ThreewayUnlinkEvent, TranscriptEvent, WebrtcStatsEvent, WebrtcStatsTotals,
    WhisperLinkEvent, WhisperResultEvent, WhisperUnlinkEvent,
};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use decode::message_of;

/// The JSON key that carries the event name in every payload (seed 003 §3).
pub const EVENT_TYPE_KEY: &str = "eventType";

/// Any catalog event, tagged on the wire by its `eventType` (seed 003 §2, §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "eventType")]
pub enum CatalogEvent {
    // --- Agent status -------------------------------------------------------------------------
    /// Fires whenever the agent's state, stateAction, initialStatus or deviceStatus changes:
    /// login, logout, pause, a call's progress, and offline after the reconnect loop gives up.
    #[serde(rename = "agentStatus")]
    AgentStatus(AgentStatusEvent),

    // --- Preview outbound ---------------------------------------------------------------------
    /// Fires when the platform starts dialing the customer for `previewObCall`.
    #[serde(rename = "previewObCallStart")]
    PreviewObCallStart(PreviewObCallStartEvent),
    /// Fires when the customer's phone starts ringing in a preview outbound call.
    #[serde(rename = "previewObCallRinging")]
    PreviewObCallRinging(PreviewObCallRingingEvent),
    /// Fires when the customer answers and is bridged with the agent.
    #[serde(rename = "previewObCallBridge")]
    PreviewObCallBridge(PreviewObCallBridgeEvent),
    /// Fires once per preview outbound attempt with its outcome (connected or failed).
    #[serde(rename = "previewObCallResult")]
    PreviewObCallResult(PreviewObCallResultEvent),

    // --- Consult ------------------------------------------------------------------------------
    /// Fires when `startAtxfer` has put the customer on hold and started calling the target.
    #[serde(rename = "atxferStart")]
    AtxferStart(AtxferStartEvent),
    /// Fires when the consult target answers.
    #[serde(rename = "atxferLink")]
    AtxferLink(AtxferLinkEvent),
    /// Fires when the consult ends by `resumeAtxfer`, a hangup or `cancelAtxfer`.
    #[serde(rename = "atxferEnded")]
    AtxferEnded(AtxferEndedEvent),
    /// Fires when the consult cannot be set up (target unreachable, refused, ...).
    #[serde(rename = "atxferError")]
    AtxferError(AtxferErrorEvent),
    /// Fires with the result of `threewayAtxfer` (agent, customer and target joined).
    #[serde(rename = "threewayAtxferResult")]
    ThreewayAtxferResult(ThreewayAtxferResultEvent),
    /// Fires when the three-way call made from a consult ends.
    #[serde(rename = "atxferThreewayUnlink")]
    AtxferThreewayUnlink(AtxferThreewayUnlinkEvent),
    /// Fires with the result of `completeAtxfer` (the customer handed to the target).
    #[serde(rename = "completeAtxferResult")]
    CompleteAtxferResult(CompleteAtxferResultEvent),

    // --- Calls and sessions -------------------------------------------------------------------
    /// Fires when a call (inbound, outbound leg, internal, transfer, ...) rings at the agent.
    #[serde(rename = "ringing")]
    Ringing(RingingEvent),
    /// Fires when login has established the agent session on the gateway.
    #[serde(rename = "sessionInit")]
    SessionInit(SessionInitEvent),
    /// Fires when the agent session ends: logout, kicked, key revoked, or reconnect gave up.
    #[serde(rename = "sessionTerminate")]
    SessionTerminate(SessionTerminateEvent),
    /// Fires when the softphone has registered and its session is up.
    #[serde(rename = "sipSessionInit")]
    SipSessionInit(SipSessionInitEvent),
    /// Fires when the softphone session is closed on purpose (logout, `sipUnlink`).
    #[serde(rename = "sipSessionTerminate")]
    SipSessionTerminate(SipSessionTerminateEvent),
    /// Fires before each reconnect attempt (code -1) and once when one succeeds (code 0).
    #[serde(rename = "reconnectAttempt")]
    ReconnectAttempt(ReconnectAttemptEvent),

    // --- Supervisor ---------------------------------------------------------------------------
    /// Fires for a supervisor subscribed with `subscribeQueueStatus`, on every queue change.
    #[serde(rename = "queueStatus")]
    QueueStatus(QueueStatusEvent),
    /// Fires with the result of `spy`.
    #[serde(rename = "spyResult")]
    SpyResult(SpyResultEvent),
    /// Fires when the supervisor's monitoring leg joins the call.
    #[serde(rename = "spyLink")]
    SpyLink(SpyLinkEvent),
    /// Fires when silent monitoring ends (`unspy` or the call ends).
    #[serde(rename = "spyUnlink")]
    SpyUnlink(SpyUnlinkEvent),
    /// Fires with the result of the supervisor's `threeway`.
    #[serde(rename = "threewayResult")]
    ThreewayResult(ThreewayResultEvent),
    /// Fires when the supervisor joins the call as a third party.
    #[serde(rename = "threewayLink")]
    ThreewayLink(ThreewayLinkEvent),
    /// Fires when the supervisor three-way ends (`unthreeway` or the call ends).
    #[serde(rename = "threewayUnlink")]
    ThreewayUnlink(ThreewayUnlinkEvent),
    /// Fires with the result of `whisper`.
    #[serde(rename = "whisperResult")]
    WhisperResult(WhisperResultEvent),
    /// Fires when the supervisor's coaching leg (heard by the agent only) joins.
    #[serde(rename = "whisperLink")]
    WhisperLink(WhisperLinkEvent),
    /// Fires when whisper coaching ends (`unwhisper` or the call ends).
    #[serde(rename = "whisperUnlink")]
    WhisperUnlink(WhisperUnlinkEvent),
    /// Fires with the result of `barge`.
    #[serde(rename = "bargeResult")]
    BargeResult(BargeResultEvent),
    /// Fires when the supervisor has barged into the call.
    #[serde(rename = "bargeLink")]
    BargeLink(BargeLinkEvent),
    /// Fires when the barge-in ends (`unbarge` or the call ends).
    #[serde(rename = "bargeUnlink")]
    BargeUnlink(BargeUnlinkEvent),
    /// Fires with the result of the supervisor's `disconnect` of an agent's call.
    #[serde(rename = "disconnectResult")]
    DisconnectResult(DisconnectResultEvent),
    /// Fires with the result of `setOffline` (an agent forced offline).
    #[serde(rename = "setOfflineResult")]
    SetOfflineResult(SetOfflineResultEvent),

    // --- Devices, IVR, transcripts ------------------------------------------------------------
    /// Fires when the bound extension registers, unregisters or becomes (un)reachable.
    #[serde(rename = "extenState")]
    ExtenState(ExtenStateEvent),
    /// Fires when an IVR entered with `transferIvr` returns the call with its variables.
    #[serde(rename = "interactReturn")]
    InteractReturn(InteractReturnEvent),
    /// Fires when the softphone connection drops unexpectedly.
    #[serde(rename = "sipDisconnected")]
    SipDisconnected(SipDisconnectedEvent),
    /// Fires for each partial and final transcription sentence during a call.
    #[serde(rename = "transcript")]
    Transcript(TranscriptEvent),
    /// Fires when a scheduled callback is due.
    #[serde(rename = "orderCallBack")]
    OrderCallBack(OrderCallBackEvent),

    // --- Quality ------------------------------------------------------------------------------
    /// Fires after every heartbeat (5 s): the answer's latency, or networkState 0 without one.
    #[serde(rename = "ping")]
    Ping(PingEvent),
    /// Fires once per second while the softphone leg is up and `webrtcStats` is enabled.
    #[serde(rename = "webrtcStats")]
    WebrtcStats(WebrtcStatsEvent),
}

impl CatalogEvent {
    /// The catalog entry of this event.
    pub fn event_type(&self) -> EventType {
        match self {
            Self::AgentStatus(_) => EventType::AgentStatus,
            Self::PreviewObCallStart(_) => EventType::PreviewObCallStart,
            Self::PreviewObCallRinging(_) => EventType::PreviewObCallRinging,
            Self::PreviewObCallBridge(_) => EventType::PreviewObCallBridge,
            Self::PreviewObCallResult(_) => EventType::PreviewObCallResult,
            Self::AtxferStart(_) => EventType::AtxferStart,
            Self::AtxferLink(_) => EventType::AtxferLink,
            Self::AtxferEnded(_) => EventType::AtxferEnded,
            Self::AtxferError(_) => EventType::AtxferError,
            Self::ThreewayAtxferResult(_) => EventType::ThreewayAtxferResult,
            Self::AtxferThreewayUnlink(_) => EventType::AtxferThreewayUnlink,
            Self::CompleteAtxferResult(_) => EventType::CompleteAtxferResult,
            Self::Ringing(_) => EventType::Ringing,
            Self::SessionInit(_) => EventType::SessionInit,
            Self::SessionTerminate(_) => EventType::SessionTerminate,
            Self::SipSessionInit(_) => EventType::SipSessionInit,
            Self::SipSessionTerminate(_) => EventType::SipSessionTerminate,
            Self::ReconnectAttempt(_) => EventType::ReconnectAttempt,
            Self::QueueStatus(_) => EventType::QueueStatus,
            Self::SpyResult(_) => EventType::SpyResult,
            Self::SpyLink(_) => EventType::SpyLink,
            Self::SpyUnlink(_) => EventType::SpyUnlink,
            Self::ThreewayResult(_) => EventType::ThreewayResult,
            Self::ThreewayLink(_) => EventType::ThreewayLink,
            Self::ThreewayUnlink(_) => EventType::ThreewayUnlink,
            Self::WhisperResult(_) => EventType::WhisperResult,
            Self::WhisperLink(_) => EventType::WhisperLink,
            Self::WhisperUnlink(_) => EventType::WhisperUnlink,
            Self::BargeResult(_) => EventType::BargeResult,
            Self::BargeLink(_) => EventType::BargeLink,
            Self::BargeUnlink(_) => EventType::BargeUnlink,
            Self::DisconnectResult(_) => EventType::DisconnectResult,
            Self::SetOfflineResult(_) => EventType::SetOfflineResult,
            Self::ExtenState(_) => EventType::ExtenState,
            Self::InteractReturn(_) => EventType::InteractReturn,
            Self::SipDisconnected(_) => EventType::SipDisconnected,
            Self::Transcript(_) => EventType::Transcript,
            Self::OrderCallBack(_) => EventType::OrderCallBack,
            Self::Ping(_) => EventType::Ping,
            Self::WebrtcStats(_) => EventType::WebrtcStats,
        }
    }

    /// Decodes one event from JSON text, with an error that names the offending field.
    pub fn from_json(text: &str) -> Result<Self, EventDecodeError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| EventDecodeError::Json(e.to_string()))?;
        Self::from_value(value)
    }

    /// Decodes one event from a JSON value, with an error that names the offending field.
    pub fn from_value(value: Value) -> Result<Self, EventDecodeError> {
        let name = match &value {
            Value::Object(map) => match map.get(EVENT_TYPE_KEY) {
                Some(Value::String(name)) => name.clone(),
                _ => return Err(EventDecodeError::MissingEventType),
            },
            _ => return Err(EventDecodeError::NotAnObject),
        };
        let event_type =
            EventType::from_wire(&name).ok_or(EventDecodeError::UnknownEventType(name))?;
        // Through the text rather than `&Value`: one instantiation of the 40 payload decoders
        // (the text one, which the hot path needs anyway) keeps the wasm build smaller; this
        // path only runs for payloads that already failed, and for tests.
        match Self::decode_payload(event_type, &value.to_string()) {
            Ok(event) => Ok(event),
            Err(err) => {
                let message = message_of(&err);
                match locate_field(event_type, &value, &message) {
                    Some(field) => Err(EventDecodeError::Field {
                        event_type,
                        field,
                        message,
                    }),
                    None => Err(EventDecodeError::Payload {
                        event_type,
                        message,
                    }),
                }
            }
        }
    }
}

/// Why a JSON event could not be decoded into a [`CatalogEvent`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventDecodeError {
    /// The text is not JSON at all.
    #[error("event is not valid JSON: {0}")]
    Json(String),
    /// The JSON is not an object.
    #[error("event is not a JSON object")]
    NotAnObject,
    /// The object has no string `eventType`.
    #[error("event has no string `eventType`")]
    MissingEventType,
    /// The `eventType` is not one of the 40 catalog names.
    #[error("unknown eventType `{0}`")]
    UnknownEventType(String),
    /// One field is missing or has the wrong JSON type or value.
    #[error("{event_type} field `{field}`: {message}")]
    Field {
        /// The event being decoded.
        event_type: EventType,
        /// Dotted path of the field, e.g. `latencyTime` or `status.deviceStatus`.
        field: String,
        /// serde's description of the problem.
        message: String,
    },
    /// The payload is wrong in a way not tied to one field.
    #[error("{event_type} payload: {message}")]
    Payload {
        /// The event being decoded.
        event_type: EventType,
        /// serde's description of the problem.
        message: String,
    },
}

/// Finds the dotted path of the field behind a decode error `message` for the event `root`.
///
/// serde's messages for a wrong type or value do not say which field (and serde_path_to_error is
/// not among the engine's three dependencies), so this probes: a field is the culprit when
/// removing it changes the error. Removing any other field leaves the message as it was, because
/// derived structs report a bad value while reading the map and missing fields only afterwards.
/// It runs only on the error path, so the re-decodes cost nothing on good frames.
fn locate_field(event_type: EventType, root: &Value, message: &str) -> Option<String> {
    // serde already names a missing field; probing by removal would mistake the first removed
    // earlier-declared field for it, so read the name instead (nested path not recovered).
    if let Some(rest) = message.strip_prefix("missing field `") {
        return rest.split('`').next().map(str::to_owned);
    }
    let mut path: Vec<String> = Vec::new();
    while let Some(Value::Object(object)) = lookup(root, &path) {
        let culprit = object.keys().find(|key| {
            if path.is_empty() && key.as_str() == EVENT_TYPE_KEY {
                return false;
            }
            let mut probe = root.clone();
            if let Some(Value::Object(parent)) = lookup_mut(&mut probe, &path) {
                parent.remove(key.as_str());
            }
            let probed = CatalogEvent::decode_payload(event_type, &probe.to_string());
            !matches!(probed, Err(e) if message_of(&e) == message)
        });
        match culprit {
            Some(key) => path.push(key.clone()),
            None => break,
        }
    }
    (!path.is_empty()).then(|| path.join("."))
}

fn lookup<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, key| v.get(key.as_str()))
}

fn lookup_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |v, key| v.get_mut(key.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reads `tests/fixtures/events/<eventType>.json`: one realistic payload per event.
    fn fixture(t: EventType) -> Value {
        let path = format!(
            "{}/../tests/fixtures/events/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            t.as_str()
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn every_fixture_decodes_to_its_event_type_and_serializes_back_unchanged() {
        for t in EventType::ALL {
            let json = fixture(t);
            assert_eq!(json[EVENT_TYPE_KEY], json!(t.as_str()), "{t}");
            let event: CatalogEvent =
                serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(event.event_type(), t);
            assert_eq!(serde_json::to_value(&event).unwrap(), json, "{t}");
            assert_eq!(CatalogEvent::from_value(json).unwrap(), event, "{t}");
        }
    }

    #[test]
    fn from_raw_decodes_every_fixture_as_the_derived_decoder_does() {
        for t in EventType::ALL {
            let json = fixture(t);
            let derived: CatalogEvent = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(CatalogEvent::from_raw(t, &json.to_string()).unwrap(), derived, "{t}");
        }
    }

    #[test]
    fn from_raw_names_the_field_of_a_bad_payload() {
        let text = r#"{"eventType":"ping","latencyTime":"42","networkState":4}"#;
        let err = CatalogEvent::from_raw(EventType::Ping, text).unwrap_err();
        assert_eq!(err, CatalogEvent::from_json(text).unwrap_err());
        assert!(matches!(&err, EventDecodeError::Field { field, message, .. }
            if field == "latencyTime" && !message.contains(" at line ")), "{err}");
    }

    #[test]
    fn from_raw_refuses_a_duplicate_key_that_a_value_would_hide() {
        let text = r#"{"eventType":"ping","latencyTime":1,"latencyTime":2,"networkState":4}"#;
        let err = CatalogEvent::from_raw(EventType::Ping, text).unwrap_err();
        assert!(err.to_string().contains("duplicate field `latencyTime`"), "{err}");
    }

    #[test]
    fn eventtype_is_written_first_so_frames_read_naturally() {
        let event = CatalogEvent::Ping(PingEvent {
            latency_time: 42,
            network_state: 4,
        });
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(
            text,
            r#"{"eventType":"ping","latencyTime":42,"networkState":4}"#
        );
    }

    #[test]
    fn wrong_json_type_names_the_field() {
        let text = r#"{"eventType":"ping","latencyTime":"42","networkState":4}"#;
        let err = CatalogEvent::from_json(text).unwrap_err();
        assert!(matches!(&err, EventDecodeError::Field { field, .. } if field == "latencyTime"));
        let shown = err.to_string();
        assert!(
            shown.contains("latencyTime") && shown.contains("ping"),
            "{shown}"
        );
    }

    #[test]
    fn wrong_value_inside_a_nested_object_names_the_dotted_path() {
        let mut json = fixture(EventType::AgentStatus);
        json["status"]["deviceStatus"] = json!(9);
        let err = CatalogEvent::from_value(json).unwrap_err();
        assert!(err.to_string().contains("status.deviceStatus"), "{err}");
    }

    #[test]
    fn missing_field_names_the_field() {
        let text = r#"{"eventType":"ping","latencyTime":42}"#;
        let err = CatalogEvent::from_json(text).unwrap_err();
        assert!(matches!(&err, EventDecodeError::Field { field, .. } if field == "networkState"));
    }

    #[test]
    fn set_offline_numeric_code_is_rejected_by_name() {
        let mut json = fixture(EventType::SetOfflineResult);
        json["code"] = json!(0);
        let err = CatalogEvent::from_value(json).unwrap_err();
        assert!(
            matches!(&err, EventDecodeError::Field { field, .. } if field == "code"),
            "{err}"
        );
    }

    #[test]
    fn unknown_event_type_is_rejected() {
        let text = r#"{"eventType":"transcriptEvent","text":"hi"}"#;
        assert_eq!(
            CatalogEvent::from_json(text).unwrap_err(),
            EventDecodeError::UnknownEventType("transcriptEvent".into())
        );
        assert!(serde_json::from_str::<CatalogEvent>(text).is_err());
    }

    #[test]
    fn frames_without_an_event_type_or_not_objects_are_rejected() {
        assert_eq!(
            CatalogEvent::from_json(r#"{"latencyTime":1}"#).unwrap_err(),
            EventDecodeError::MissingEventType
        );
        assert_eq!(
            CatalogEvent::from_json("[1]").unwrap_err(),
            EventDecodeError::NotAnObject
        );
        assert!(matches!(
            CatalogEvent::from_json("{"),
            Err(EventDecodeError::Json(_))
        ));
    }

    #[test]
    fn order_callback_does_not_keep_event_type_among_its_fields() {
        let event = CatalogEvent::from_value(fixture(EventType::OrderCallBack)).unwrap();
        let CatalogEvent::OrderCallBack(payload) = event else {
            panic!("wrong variant")
        };
        assert!(!payload.fields.contains_key(EVENT_TYPE_KEY));
        assert!(!payload.fields.is_empty());
    }
}
