//! The event catalog: every event the SDK hands to JavaScript, its names and its typed payload.
//!
//! - [`catalog`]: the one table of the 40 events of seed 003 §2: [`EventType`] and, in native
//!   builds, `CatalogEvent`, the tagged union of all payloads.
//! - [`payloads`]: one struct per event with the seed's field names and JSON types (§3),
//!   declared with [`payload!`](crate::payload), which also says which fields the engine reads.
//! - [`schema`]: what the declarations say beyond the structs: JSON kinds for the generators and
//!   the engine's facts ([`EventFacts`]).
//!
//! `CatalogEvent::from_raw` is the native decoder of untrusted frames: it parses the payload
//! text straight into the struct its `eventType` names and, unlike plain
//! `serde_json::from_str`, its error names the offending field (`CatalogEvent::from_json` and
//! `CatalogEvent::from_value` when the type is not known yet). The wasm SDK has none of this:
//! its JS layer checks payloads against tables generated from the same declarations.

pub mod catalog;
#[cfg(feature = "json")]
mod decode;
pub mod payloads;
pub mod rules;
pub mod schema;

#[cfg(feature = "json")]
pub use catalog::CatalogEvent;
pub use catalog::EventType;
#[cfg(feature = "json")]
#[doc(hidden)]
pub use decode::{de as decode_struct, FromPayload};
pub use payloads::{
    AgentStatusEvent, AtxferEndedEvent, AtxferErrorEvent, AtxferLinkEvent, AtxferStartEvent,
    AtxferThreewayUnlinkEvent, BargeLinkEvent, BargeResultEvent, BargeUnlinkEvent,
    CompleteAtxferResultEvent, DisconnectResultEvent, ExtenStateEvent, PingEvent,
    PreviewObCallBridgeEvent, PreviewObCallResultEvent, PreviewObCallRingingEvent,
    PreviewObCallStartEvent, ReconnectAttemptEvent, SessionInitEvent, SessionTerminateEvent,
    SetOfflineResultEvent, SipDisconnectedEvent, SipSessionInitEvent, SipSessionTerminateEvent,
    SpyLinkEvent, SpyResultEvent, SpyUnlinkEvent, ThreewayAtxferResultEvent, ThreewayLinkEvent,
    ThreewayResultEvent, ThreewayUnlinkEvent, TranscriptEvent, WebrtcStatsEvent, WebrtcStatsTotals,
    WhisperLinkEvent, WhisperResultEvent, WhisperUnlinkEvent,
};
#[cfg(feature = "json")]
pub use payloads::{
    InteractReturnEvent, OrderCallBackEvent, QueueSnapshot, QueueStatusEvent, RingingEvent,
};
pub use schema::EventFacts;

#[cfg(feature = "json")]
use serde_json::Value;

#[cfg(feature = "json")]
use decode::message_of;

/// The JSON key that carries the event name in every payload (seed 003 §3).
pub const EVENT_TYPE_KEY: &str = "eventType";

#[cfg(feature = "json")]
impl CatalogEvent {
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
#[cfg(feature = "json")]
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
#[cfg(feature = "json")]
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

#[cfg(feature = "json")]
fn lookup<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, key| v.get(key.as_str()))
}

#[cfg(feature = "json")]
fn lookup_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |v, key| v.get_mut(key.as_str()))
}

#[cfg(all(test, feature = "json"))]
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
            assert_eq!(
                CatalogEvent::from_raw(t, &json.to_string()).unwrap(),
                derived,
                "{t}"
            );
        }
    }

    #[test]
    fn from_raw_names_the_field_of_a_bad_payload() {
        let text = r#"{"eventType":"ping","latencyTime":"42","networkState":4}"#;
        let err = CatalogEvent::from_raw(EventType::Ping, text).unwrap_err();
        assert_eq!(err, CatalogEvent::from_json(text).unwrap_err());
        assert!(
            matches!(&err, EventDecodeError::Field { field, message, .. }
            if field == "latencyTime" && !message.contains(" at line ")),
            "{err}"
        );
    }

    #[test]
    fn from_raw_refuses_a_duplicate_key_that_a_value_would_hide() {
        let text = r#"{"eventType":"ping","latencyTime":1,"latencyTime":2,"networkState":4}"#;
        let err = CatalogEvent::from_raw(EventType::Ping, text).unwrap_err();
        assert!(
            err.to_string().contains("duplicate field `latencyTime`"),
            "{err}"
        );
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
