//! The frozen `EventType` object, built once from the engine's name table.

use wasm_bindgen::JsValue;

use agentdesk_core::event_names;

thread_local! {
    static CONSTANTS: JsValue = build();
}

fn build() -> JsValue {
    let object = js_sys::Object::new();
    for (constant, value) in event_names::all() {
        let _ = js_sys::Reflect::set(&object, &constant.into(), &value.as_str().into());
    }
    js_sys::Object::freeze(&object).into()
}

/// The same frozen object on every call, so `AgentSDK.EventType === client.EventType`.
pub(super) fn constants() -> JsValue {
    CONSTANTS.with(Clone::clone)
}
