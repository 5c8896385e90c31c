//! Decoding a payload's JSON text straight into its catalog struct: the native text-frame path
//! (`Engine::handle_frame`, the gateway's tests, the fuzz targets).
//!
//! The derived `Deserialize` of the internally tagged [`CatalogEvent`] first buffers the whole
//! payload in serde's `Content` tree to find the tag; with the tag already known (the decoder
//! peeks it), each struct reads the text directly.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::de::StrRead;
use serde_json::{Map, Value};

use super::{CatalogEvent, EventDecodeError, EventType, OrderCallBackEvent, EVENT_TYPE_KEY};

impl CatalogEvent {
    /// Decodes the payload `raw` whose `eventType` the caller has already read as `event_type`
    /// (the engine's decoder peeks it). The fast path parses the text once, straight into the
    /// one payload struct; only a payload that fails is decoded again, to name the field.
    pub fn from_raw(event_type: EventType, raw: &str) -> Result<Self, EventDecodeError> {
        let message = match Self::decode_payload(event_type, raw) {
            Ok(event) => return Ok(event),
            Err(err) => message_of(&err),
        };
        // A `Value` keeps the last of duplicate keys, so it cannot say what was wrong with those.
        let duplicate = message.starts_with("duplicate field");
        match Self::from_json(raw) {
            Err(named) if !duplicate => Err(named),
            _ => Err(EventDecodeError::Payload {
                event_type,
                message,
            }),
        }
    }
}

/// A payload struct read from its JSON text (implemented by [`payload!`](crate::payload)).
pub trait FromPayload: Sized {
    /// Parses `raw`, which must be one JSON object.
    fn from_payload(raw: &str) -> serde_json::Result<Self>;
}

impl FromPayload for OrderCallBackEvent {
    fn from_payload(raw: &str) -> serde_json::Result<Self> {
        // Its derived `#[serde(flatten)]` would buffer through `Content`; the pass-through map is
        // every key but the tag.
        let mut fields: Map<String, Value> = de(raw)?;
        fields.remove(EVENT_TYPE_KEY);
        Ok(OrderCallBackEvent { fields })
    }
}

/// Parses `raw` as one payload struct, which must be a JSON object (see [`ObjectOnly`]).
#[doc(hidden)]
pub fn de<'de, T: Deserialize<'de>>(raw: &'de str) -> serde_json::Result<T> {
    let mut parser = serde_json::Deserializer::from_str(raw);
    let value = T::deserialize(ObjectOnly(&mut parser))?;
    parser.end()?;
    Ok(value)
}

/// serde_json's parser, but a struct is read from a JSON object only. serde_json also accepts an
/// array (fields by position) for a struct, so every derived decoder it instantiates carries a
/// second, sequence half: in the wasm build that was about half of the 40 payload decoders' code,
/// for a shape no sender writes. Nested structs go back to serde_json itself; the payload
/// structs are the many.
///
/// The payload's keys also pass [`OneTag`]: the structs skip `eventType` as an unknown key, so a
/// second one would otherwise go unnoticed, while `JSON.parse` would hand listeners its value.
struct ObjectOnly<'a, 'de>(&'a mut serde_json::Deserializer<StrRead<'de>>);

impl<'de> Deserializer<'de> for ObjectOnly<'_, 'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        self.0.deserialize_map(OneTag(visitor))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        self.0.deserialize_map(OneTag(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

/// Refuses a map with two `eventType` keys, as the derived tagged decoder did: the visitor it
/// wraps sees the map through [`Tags`], which counts the key as it passes.
struct OneTag<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OneTag<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Tags { map, seen: false })
    }
}

struct Tags<A> {
    map: A,
    seen: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Tags<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(Key {
            inner: seed,
            seen: &mut self.seen,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// One key on its way to the wrapped visitor's field decoder: as seed, deserializer and visitor
/// in turn, since serde hands the text to whichever of them comes last.
struct Key<'s, T> {
    inner: T,
    seen: &'s mut bool,
}

impl<T> Key<'_, T> {
    fn count<E: de::Error>(&mut self, key: &str) -> Result<(), E> {
        if key == EVENT_TYPE_KEY && std::mem::replace(self.seen, true) {
            return Err(E::duplicate_field(EVENT_TYPE_KEY));
        }
        Ok(())
    }
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        let Key { inner, seen } = self;
        inner.deserialize(Key {
            inner: deserializer,
            seen,
        })
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Key<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Key { inner, seen } = self;
        inner.deserialize_any(Key {
            inner: visitor,
            seen,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Key { inner, seen } = self;
        inner.deserialize_identifier(Key {
            inner: visitor,
            seen,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Key<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_str<E: de::Error>(mut self, key: &str) -> Result<V::Value, E> {
        self.count(key)?;
        self.inner.visit_str(key)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, key: &'de str) -> Result<V::Value, E> {
        self.count(key)?;
        self.inner.visit_borrowed_str(key)
    }

    fn visit_string<E: de::Error>(mut self, key: String) -> Result<V::Value, E> {
        self.count(&key)?;
        self.inner.visit_string(key)
    }
}

/// serde's message without the " at line L column C" that text parsing appends: positions
/// shift when [`locate_field`] removes a field, and the old `&Value` decoder had none.
pub(super) fn message_of(err: &serde_json::Error) -> String {
    let text = err.to_string();
    if err.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&suffix) {
        Some(bare) => bare.to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_top_level_event_type_is_refused_a_nested_one_is_data() {
        let twice = r#"{"eventType":"orderCallBack","x":1,"eventType":"ping"}"#;
        let err = CatalogEvent::from_raw(EventType::OrderCallBack, twice).unwrap_err();
        assert_eq!(
            err.to_string(),
            "orderCallBack payload: duplicate field `eventType`"
        );
        let nested = r#"{"eventType":"interactReturn","tenantId":"t","agentNo":"1",
                         "returnVariables":{"eventType":"x"}}"#;
        assert!(CatalogEvent::from_raw(EventType::InteractReturn, nested).is_ok());
    }

    #[test]
    fn a_payload_that_is_an_array_is_not_read_by_position() {
        let err = CatalogEvent::decode_payload(EventType::Ping, r#"["ping",1,4]"#).unwrap_err();
        assert!(
            err.to_string().contains("expected struct PingEvent"),
            "{err}"
        );
    }
}
