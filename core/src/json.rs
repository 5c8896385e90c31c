//! JSON the engine carries without parsing it, and the few objects it writes itself.
//!
//! The engine reads no JSON in the wasm SDK (its JS layer parses every frame once and hands over
//! numbers and the fields the engine tracks; docs/architecture.md). What it must still carry is
//! opaque: a command's checked argument object on its way to the wire, a reply's `data` on its
//! way to the page. [`Json`] is that text. What it must still write are its own frames (`auth`,
//! `cmd`, `ping`) and small argument objects of strings and integers: [`ObjectWriter`] writes them
//! byte for byte as serde_json would, without serde_json and without `core::fmt`.

use crate::text::push_decimal;

/// A command's argument object the engine keeps to send again (a queue subscription, resent
/// after a lost session): serde_json's map natively, where the gateway shares the type; its JSON
/// text in the wasm SDK.
#[cfg(feature = "json")]
pub type Params = serde_json::Map<String, serde_json::Value>;
/// A command's argument object the engine keeps to send again (see the native definition).
#[cfg(not(feature = "json"))]
pub type Params = Json;

/// The wire text of kept [`Params`].
#[cfg(feature = "json")]
pub fn params_text(params: &Params) -> Json {
    Json::from_map(params)
}

/// The wire text of kept [`Params`].
#[cfg(not(feature = "json"))]
pub fn params_text(params: &Params) -> Json {
    params.clone()
}

/// One JSON value as text, vouched for by whoever made it (serde_json, `JSON.stringify`, or
/// [`ObjectWriter`]) and never parsed by the engine.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Json(Box<str>);

impl Json {
    /// Wraps text that is one JSON value. The engine never checks it: its makers are a JSON
    /// serializer or the engine's own writer.
    pub fn trusted(text: impl Into<Box<str>>) -> Self {
        Self(text.into())
    }

    /// `{}`.
    pub fn empty_object() -> Self {
        Self("{}".into())
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "json")]
impl Json {
    /// The text of a serde_json value.
    pub fn from_value(value: &serde_json::Value) -> Self {
        Self(
            serde_json::to_string(value)
                .unwrap_or_else(|_| "null".to_owned())
                .into(),
        )
    }

    /// The text of a serde_json object.
    pub fn from_map(map: &serde_json::Map<String, serde_json::Value>) -> Self {
        Self(
            serde_json::to_string(map)
                .unwrap_or_else(|_| "{}".to_owned())
                .into(),
        )
    }

    /// The value again (null if the maker broke its promise).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or_default()
    }
}

#[cfg(feature = "json")]
impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::value::RawValue::from_string(self.0.to_string()) {
            Ok(raw) => raw.serialize(serializer),
            Err(_) => serializer.serialize_unit(),
        }
    }
}

/// Writes one JSON object member by member, as serde_json writes a struct: no spaces, members
/// in the order given, strings escaped the same way (`"`, `\`, and control characters; nothing
/// else).
#[derive(Debug)]
pub struct ObjectWriter {
    out: String,
    empty: bool,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectWriter {
    /// `{`.
    pub fn new() -> Self {
        Self {
            out: String::from("{"),
            empty: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        push_string(&mut self.out, key);
        self.out.push(':');
    }

    /// A string member.
    #[must_use]
    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        push_string(&mut self.out, value);
        self
    }

    /// A string member when there is a value.
    #[must_use]
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// An integer member.
    #[must_use]
    pub fn int(mut self, key: &str, value: i64) -> Self {
        self.key(key);
        push_decimal(&mut self.out, value.unsigned_abs(), value < 0);
        self
    }

    /// An unsigned integer member.
    #[must_use]
    pub fn uint(mut self, key: &str, value: u64) -> Self {
        self.key(key);
        push_decimal(&mut self.out, value, false);
        self
    }

    /// An integer member when there is a value.
    #[must_use]
    pub fn opt_int(self, key: &str, value: Option<i64>) -> Self {
        match value {
            Some(v) => self.int(key, v),
            None => self,
        }
    }

    /// A member whose value is already JSON text.
    #[must_use]
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// `}`: the object's text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }

    /// The object as [`Json`].
    pub fn finish_json(self) -> Json {
        Json::trusted(self.finish())
    }
}

/// Appends `s` as a JSON string literal, escaped exactly as serde_json escapes.
pub fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `get`, not indexing: the cut is always at an ASCII byte, and indexing a str would link
        // its char-boundary panic, whose message pulls `char`'s Debug formatting into the wasm.
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "",
            "plain",
            "q\"uote",
            "back\\slash",
            "line\nfeed\r\t",
            "\u{0}\u{1f}\u{7f}",
            "ünïcödé ☎",
            "\u{8}\u{c}",
        ] {
            let mut out = String::new();
            push_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn objects_are_written_as_serde_json_writes_a_struct() {
        let text = ObjectWriter::new()
            .str("type", "auth")
            .uint("id", 7)
            .int("n", -3)
            .opt_str("absent", None)
            .raw("params", r#"{"a":[1,2]}"#)
            .finish();
        assert_eq!(
            text,
            r#"{"type":"auth","id":7,"n":-3,"params":{"a":[1,2]}}"#
        );
        assert_eq!(ObjectWriter::new().finish(), "{}");
    }

    #[test]
    fn json_serializes_as_the_text_it_holds() {
        let json = Json::trusted(r#"{"b":1,"a":"x"}"#);
        assert_eq!(serde_json::to_string(&json).unwrap(), r#"{"b":1,"a":"x"}"#);
        assert_eq!(json.to_value(), serde_json::json!({"a": "x", "b": 1}));
    }
}
