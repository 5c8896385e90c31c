//! The engine's reading of a version-1 server frame: one pass over the text, no buffering.
//!
//! `ServerFrame` and `CatalogEvent` are internally tagged (`type`, `eventType`), so their derived
//! `Deserialize` first buffers the whole frame in serde's `Content` tree to learn the variant,
//! and needs a second copy of every payload struct's decoder to read from that tree: in the wasm
//! build, a third of the decode time and 135 KiB of code (the issue-7 benchmark). Here the
//! envelope is one plain struct whose `payload` stays text; the payload's `eventType` is read
//! off its start and the text parsed straight into that catalog struct. The derives stay for
//! the gateway, which is native and not size-bound; nothing here instantiates them.
//!
//! Errors are classified as the derived decoder's were: `UnknownFrame` for a `type` this
//! dialect does not know, `UnknownEvent` for an `eventType` outside the catalog (empty when
//! there is none), `BadEvent` naming the field for a payload that does not match the catalog,
//! `Malformed` for the rest.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::events::{CatalogEvent, EventType, EVENT_TYPE_KEY};
use crate::protocol::{Incoming, Notice, ProtocolError, RawPayload, Reply};

/// The fields every frame is routed by. The rarer frame kinds are parsed again as their own
/// struct; `eventId` stays text too, so those kinds ignore it as they ignore any unknown key.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(rename = "eventId", borrow)]
    event_id: Option<&'a RawValue>,
    #[serde(borrow)]
    payload: Option<&'a RawValue>,
}

/// `pong` (docs/protocol.md §6). `serverTs` is required as in the shared `ServerFrame::Pong`,
/// though only the gateway's logs use it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pong {
    ts: u64,
    #[allow(dead_code)]
    server_ts: u64,
    #[serde(default)]
    last_event_id: Option<u64>,
}

/// One text frame to one message, or why not.
pub(super) fn decode(text: &str) -> Result<Incoming, ProtocolError> {
    if let Some(event) = gateway_event(text) {
        return Ok(event);
    }
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|e| classify(text, e))?;
    match envelope.kind.as_deref() {
        Some("event") => event(envelope.event_id, envelope.payload),
        Some("reply") => serde_json::from_str::<Reply>(text)
            .map(Incoming::Reply)
            .map_err(malformed),
        Some("pong") => serde_json::from_str::<Pong>(text)
            .map(|p| Incoming::Pong {
                ts: p.ts,
                last_event_id: p.last_event_id,
            })
            .map_err(malformed),
        Some("notice") => notice(text),
        other => Err(ProtocolError::UnknownFrame(
            other.unwrap_or_default().to_owned(),
        )),
    }
}

/// The hot path: an event frame laid out as `ServerFrame` serializes it, which is how the
/// gateway writes every one: `{"type":"event","eventId":N,"payload":{"eventType":"…",…}}`. The
/// payload is then parsed once, by its catalog struct; the general path's envelope would scan it
/// once more first, only to find where it ends. The whole frame is valid JSON exactly when the
/// payload parses. Anything else, or any failure, takes the general path, which classifies.
fn gateway_event(text: &str) -> Option<Incoming> {
    let rest = text.strip_prefix(r#"{"type":"event","eventId":"#)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    // JSON numbers have no leading zeros; `parse` would accept them.
    if digits == 0 || (digits > 1 && rest.starts_with('0')) {
        return None;
    }
    let event_id = rest[..digits].parse().ok()?;
    let payload = rest[digits..]
        .strip_prefix(r#","payload":"#)?
        .strip_suffix('}')?;
    let event_type = EventType::from_wire(leading_tag(payload)?)?;
    let event = CatalogEvent::decode_payload(event_type, payload).ok()?;
    Some(Incoming::Event {
        event_id,
        event,
        raw: RawPayload::parsed(payload),
    })
}

/// The `eventId` of a frame that is whole JSON with `type` "event" and an integer `eventId`,
/// whatever its payload or size. Only the envelope's two fields are kept: the payload is
/// skipped by serde without being built, so a frame over the size limit costs one linear scan.
pub(super) fn event_id_of(text: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Ids<'a> {
        #[serde(rename = "type", borrow)]
        kind: Option<Cow<'a, str>>,
        #[serde(rename = "eventId")]
        event_id: Option<u64>,
    }
    let ids: Ids<'_> = serde_json::from_str(text).ok()?;
    (ids.kind.as_deref() == Some("event"))
        .then_some(ids.event_id)
        .flatten()
}

/// An event frame in any other layout, or one the hot path refused: the same checks, with errors.
fn event(
    event_id: Option<&RawValue>,
    payload: Option<&RawValue>,
) -> Result<Incoming, ProtocolError> {
    let Some(payload) = payload else {
        return Err(ProtocolError::UnknownEvent(String::new()));
    };
    let event_type = event_type_of(payload.get())?;
    let bad = |reason: String| ProtocolError::BadEvent {
        event_type: event_type.as_str().to_owned(),
        reason,
    };
    let event =
        CatalogEvent::from_raw(event_type, payload.get()).map_err(|e| bad(e.to_string()))?;
    let event_id = match event_id.map(|id| serde_json::from_str::<u64>(id.get())) {
        Some(Ok(id)) => id,
        Some(Err(_)) => return Err(bad("`eventId` is not an unsigned integer".to_owned())),
        None => return Err(bad("missing field `eventId`".to_owned())),
    };
    Ok(Incoming::Event {
        event_id,
        event,
        raw: RawPayload::parsed(payload.get()),
    })
}

/// The payload's `eventType`. Every sender writes it first (`CatalogEvent` serializes its tag
/// first), so it is read off the start of the text; otherwise the payload is parsed for it.
/// A payload without a string `eventType` is an unknown event with an empty name.
fn event_type_of(raw: &str) -> Result<EventType, ProtocolError> {
    if let Some(name) = leading_tag(raw) {
        return EventType::from_wire(name)
            .ok_or_else(|| ProtocolError::UnknownEvent(name.to_owned()));
    }
    let value: Value = serde_json::from_str(raw).unwrap_or_default();
    let name = value
        .get(EVENT_TYPE_KEY)
        .and_then(Value::as_str)
        .unwrap_or_default();
    EventType::from_wire(name).ok_or_else(|| ProtocolError::UnknownEvent(name.to_owned()))
}

/// `name` from a payload starting `{"eventType":"name"` with no escape in the name. A second
/// `eventType` further on is refused by the payload's decoder (`CatalogEvent::from_raw`).
fn leading_tag(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix(r#"{"eventType":""#)?;
    let name = &rest[..rest.find('"')?];
    (!name.contains('\\')).then_some(name)
}

/// `notice` (docs/protocol.md §9), read as a map: the derived `Notice` collects its free fields
/// with `#[serde(flatten)]`, which buffers through `Content` as well.
fn notice(text: &str) -> Result<Incoming, ProtocolError> {
    let mut fields: Map<String, Value> = serde_json::from_str(text).map_err(malformed)?;
    fields.remove("type");
    let kind = match fields.remove("kind") {
        Some(kind) => String::deserialize(kind).map_err(malformed)?,
        None => return Err(ProtocolError::Malformed("missing field `kind`".to_owned())),
    };
    let message = fields
        .remove("message")
        .map(String::deserialize)
        .transpose()
        .map_err(malformed)?;
    Ok(Incoming::Notice(Notice {
        kind,
        message: message.unwrap_or_default(),
        fields,
    }))
}

fn malformed(err: serde_json::Error) -> ProtocolError {
    ProtocolError::Malformed(err.to_string())
}

/// Tells an unknown frame or event type (the peer is newer than us) from a broken frame, for
/// a frame whose envelope did not parse.
fn classify(text: &str, err: serde_json::Error) -> ProtocolError {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return ProtocolError::Malformed(err.to_string());
    };
    let kind = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !matches!(kind, "reply" | "event" | "pong" | "notice") {
        return ProtocolError::UnknownFrame(kind.to_owned());
    }
    if kind == "event" {
        let event_type = value
            .pointer("/payload/eventType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if EventType::from_wire(event_type).is_none() {
            return ProtocolError::UnknownEvent(event_type.to_owned());
        }
        // Decode the payload alone once more, only on this failure path, for a message that
        // names the offending field.
        let reason = match value.get("payload").cloned().map(CatalogEvent::from_value) {
            Some(Err(e)) => e.to_string(),
            _ => err.to_string(),
        };
        return ProtocolError::BadEvent {
            event_type: event_type.to_owned(),
            reason,
        };
    }
    ProtocolError::Malformed(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_error(payload: &str) -> ProtocolError {
        decode(&format!(
            r#"{{"type":"event","eventId":1,"payload":{payload}}}"#
        ))
        .unwrap_err()
    }

    #[test]
    fn a_payload_whose_event_type_is_not_first_still_decodes() {
        let text = r#"{"payload":{ "latencyTime":12, "eventType":"ping","networkState":4 },"eventId":9,"type":"event"}"#;
        let Ok(Incoming::Event {
            event_id,
            event,
            raw,
        }) = decode(text)
        else {
            panic!("not an event")
        };
        assert_eq!((event_id, event.event_type()), (9, EventType::Ping));
        assert_eq!(
            raw.get(),
            r#"{ "latencyTime":12, "eventType":"ping","networkState":4 }"#
        );
    }

    #[test]
    fn a_second_event_type_is_refused_not_guessed() {
        let err = event_error(
            r#"{"eventType":"ping","latencyTime":1,"networkState":4,"eventType":"transcript"}"#,
        );
        let ProtocolError::BadEvent { reason, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(reason.contains("duplicate field `eventType`"), "{reason}");
    }

    #[test]
    fn payloads_without_a_string_event_type_are_unknown_events() {
        for payload in ["null", "5", r#"{"latencyTime":1}"#, r#"{"eventType":7}"#] {
            assert_eq!(
                event_error(payload),
                ProtocolError::UnknownEvent(String::new()),
                "{payload}"
            );
        }
        let missing = decode(r#"{"type":"event","eventId":1}"#).unwrap_err();
        assert_eq!(missing, ProtocolError::UnknownEvent(String::new()));
    }

    #[test]
    fn a_bad_event_id_is_a_bad_event() {
        let payload = r#"{"eventType":"ping","latencyTime":1,"networkState":4}"#;
        for frame in [
            format!(r#"{{"type":"event","payload":{payload}}}"#),
            format!(r#"{{"type":"event","eventId":"7","payload":{payload}}}"#),
        ] {
            let err = decode(&frame).unwrap_err();
            assert!(
                matches!(&err, ProtocolError::BadEvent { event_type, .. } if event_type == "ping"),
                "{frame}"
            );
        }
    }

    #[test]
    fn the_gateway_layout_and_any_other_decode_alike() {
        let payload = r#"{"eventType":"ping","latencyTime":12,"networkState":4}"#;
        let fast = format!(r#"{{"type":"event","eventId":70,"payload":{payload}}}"#);
        assert!(gateway_event(&fast).is_some());
        let slow = format!(r#"{{"eventId":70,"type":"event","payload":{payload}}}"#);
        assert!(gateway_event(&slow).is_none());
        assert_eq!(decode(&fast), decode(&slow));
    }

    #[test]
    fn near_misses_of_the_gateway_layout_are_classified_as_before() {
        let frame = |id: &str, payload: &str| {
            format!(r#"{{"type":"event","eventId":{id},"payload":{payload}}}"#)
        };
        let ping = r#"{"eventType":"ping","latencyTime":12,"networkState":4}"#;
        // Truncated: not JSON at all, although the payload's prefix looks right.
        let cut = &frame("1", ping)[..60];
        assert!(matches!(
            decode(&format!("{cut}}}")),
            Err(ProtocolError::Malformed(_))
        ));
        assert!(matches!(
            decode(&frame("01", ping)),
            Err(ProtocolError::Malformed(_))
        ));
        assert!(matches!(
            decode(&frame("99999999999999999999", ping)),
            Err(ProtocolError::BadEvent { .. })
        ));
        let bad = r#"{"eventType":"ping","latencyTime":"slow","networkState":4}"#;
        let err = decode(&frame("1", bad)).unwrap_err();
        assert!(
            matches!(&err, ProtocolError::BadEvent { reason, .. } if reason.contains("latencyTime")),
            "{err:?}"
        );
        assert_eq!(
            decode(&frame("1", r#"{"eventType":"warp"}"#)),
            Err(ProtocolError::UnknownEvent("warp".into()))
        );
    }

    #[test]
    fn the_id_of_a_refused_event_is_read_only_from_a_whole_envelope() {
        let frame =
            |payload: &str| format!(r#"{{"type":"event","eventId":12,"payload":{payload}}}"#);
        assert_eq!(
            event_id_of(&frame(r#"{"eventType":"fromTheFuture","x":[1,{"y":2}]}"#)),
            Some(12)
        );
        assert_eq!(
            event_id_of(&frame(r#"{"eventType":"ping","latencyTime":"slow"}"#)),
            Some(12)
        );
        let big = frame(&format!(
            r#"{{"eventType":"queueStatus","pad":"{}"}}"#,
            "x".repeat(100_000)
        ));
        assert_eq!(event_id_of(&big), Some(12));
        // Cut off, another frame type, or an id that is not an unsigned integer: no id.
        assert_eq!(event_id_of(&big[..big.len() - 1]), None);
        assert_eq!(event_id_of(r#"{"type":"reply","eventId":12}"#), None);
        assert_eq!(event_id_of(r#"{"type":"event","eventId":"12"}"#), None);
        assert_eq!(event_id_of(r#"{"type":"event","eventId":-1}"#), None);
        assert_eq!(event_id_of("[12]"), None);
    }

    #[test]
    fn notice_keeps_its_free_fields_and_nothing_else() {
        let text = r#"{"type":"notice","kind":"keyExpiring","message":"soon","expiresAt":17}"#;
        let Ok(Incoming::Notice(notice)) = decode(text) else {
            panic!("not a notice")
        };
        assert_eq!(
            (notice.kind.as_str(), notice.message.as_str()),
            ("keyExpiring", "soon")
        );
        assert_eq!(
            Value::Object(notice.fields),
            serde_json::json!({"expiresAt": 17})
        );
        assert!(matches!(
            decode(r#"{"type":"notice","message":"x"}"#),
            Err(ProtocolError::Malformed(_))
        ));
        assert!(matches!(
            decode(r#"{"type":"notice","kind":1}"#),
            Err(ProtocolError::Malformed(_))
        ));
    }

    #[test]
    fn other_frames_ignore_event_fields_and_pong_needs_server_ts() {
        let reply = r#"{"type":"reply","id":4,"code":0,"message":"ok","eventId":"x","payload":[]}"#;
        assert!(matches!(decode(reply), Ok(Incoming::Reply(r)) if r.id == 4));
        assert_eq!(
            decode(r#"{"type":"pong","ts":5,"serverTs":6}"#),
            Ok(Incoming::Pong {
                ts: 5,
                last_event_id: None
            })
        );
        let stamped = decode(r#"{"type":"pong","ts":5,"serverTs":6,"lastEventId":9}"#);
        assert_eq!(
            stamped,
            Ok(Incoming::Pong {
                ts: 5,
                last_event_id: Some(9)
            })
        );
        assert!(matches!(
            decode(r#"{"type":"pong","ts":5}"#),
            Err(ProtocolError::Malformed(_))
        ));
    }

    #[test]
    fn the_engine_decoder_agrees_with_the_shared_frame_types() {
        for t in EventType::ALL {
            let path = format!(
                "{}/../tests/fixtures/events/{}.json",
                env!("CARGO_MANIFEST_DIR"),
                t.as_str()
            );
            let payload: CatalogEvent =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let frame = super::super::ServerFrame::Event {
                event_id: 3,
                payload: payload.clone(),
            }
            .to_json();
            let Ok(Incoming::Event { event, raw, .. }) = decode(&frame) else {
                panic!("{t}")
            };
            assert_eq!(event, payload, "{t}");
            assert_eq!(raw.get(), serde_json::to_string(&payload).unwrap(), "{t}");
        }
    }
}
