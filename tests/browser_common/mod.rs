//! What every browser suite needs: the gateway's address, the exported classes as JS values,
//! the shared JS helpers, and a way to turn a rejected test Promise into a test failure.
#![allow(dead_code, unreachable_pub)]

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/tests/browser/util.js")]
extern "C" {
    #[wasm_bindgen(js_name = util)]
    fn util_object() -> JsValue;
}

/// The shared helpers of tests/browser/util.js.
pub fn util() -> JsValue {
    util_object()
}

/// The http:// origin of the gateway scripts/test.sh started (`AGENTDESK_GATEWAY` at build time).
pub fn gateway() -> &'static str {
    option_env!("AGENTDESK_GATEWAY").unwrap_or("http://127.0.0.1:1")
}

/// The http:// origin of the Rails judge scripts/test.sh started (`AGENTDESK_RAILS` at build
/// time; tests/dialects/rails/).
pub fn rails() -> &'static str {
    option_env!("AGENTDESK_RAILS").unwrap_or("http://127.0.0.1:1")
}

/// One of the JS face's classes, as a page imports them from the package.
fn face_class(name: &str) -> JsValue {
    Reflect::get(&agentdesk::api::face(), &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `AgentSDK`, as a page sees it.
pub fn sdk_class() -> JsValue {
    face_class("AgentSDK")
}

/// `AgentClient`, as a page sees it.
pub fn client_class() -> JsValue {
    face_class("AgentClient")
}

/// Awaits a test body; a rejection fails the test with the JS stack.
pub async fn run(promise: Promise) {
    if let Err(e) = JsFuture::from(promise).await {
        // Firefox's `stack` holds the frames only: the message goes first.
        let text = |key: &str| {
            Reflect::get(&e, &key.into())
                .ok()
                .and_then(|s| s.as_string())
        };
        let message = match (text("message"), text("stack")) {
            (Some(m), Some(s)) => Some(format!("{m}\n{s}")),
            (m, s) => s.or(m).or_else(|| e.as_string()),
        };
        panic!("{}", message.unwrap_or_else(|| format!("{e:?}")));
    }
}
