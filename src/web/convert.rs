//! Crossing values between Rust and JavaScript: payloads as plain JSON-compatible objects, and
//! errors as `{ code, message }` objects.

use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serializes to a plain object (maps as objects, `None` as null, integers as numbers).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .unwrap_or_else(|e| error("INTERNAL", &format!("could not convert a value for JavaScript: {e}")))
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
