//! Crossing values between Rust and JavaScript: payloads as plain JSON-compatible objects, and
//! errors as `{ code, message }` objects.

use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serializes to a plain object (maps as objects, `None` as null, integers as numbers) through
/// JSON text and one `JSON.parse`: one crossing and one UTF-8 decode per value, where building
/// the object from wasm costs a call per field and a decode per string.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(text) => parse_json(&text),
        Err(e) => error("INTERNAL", &format!("could not convert a value for JavaScript: {e}")),
    }
}

/// `JSON.parse(text)` for JSON text made or checked in wasm, which it cannot refuse.
pub(crate) fn parse_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|_| error("INTERNAL", "JSON.parse refused a payload"))
}

/// Reads any JavaScript value as JSON (`undefined` becomes null). Functions, symbols and
/// BigInts are not JSON and are refused with a message.
pub(crate) fn from_js(value: JsValue) -> Result<serde_json::Value, String> {
    if value.is_undefined() {
        return Ok(serde_json::Value::Null);
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `{ code, message }`, the shape of every error at the JS face.
pub(crate) fn error(code: &str, message: &str) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&object, &"message".into(), &message.into());
    object.into()
}
