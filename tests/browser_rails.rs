//! The SDK's `actioncable` dialect in headless Chrome and Firefox against a real Rails server:
//! Debian's ruby-actioncable under puma (tests/dialects/rails/, started by scripts/test.sh, its
//! origin in `AGENTDESK_RAILS` at build time). Built only with the `dialects` feature.
#![cfg(all(target_arch = "wasm32", feature = "dialects"))]

mod browser_common;

use browser_common::{client_class, rails, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/rails.js")]
extern "C" {
    #[wasm_bindgen(js_name = railsSubscribesReceivesAndUpdatesPresence)]
    fn subscribes(u: &JsValue, client: &JsValue, rails: &str) -> Promise;
    #[wasm_bindgen(js_name = railsRefusesAForgedTokenAndTheSdkDoesNotRetry)]
    fn refuses(u: &JsValue, client: &JsValue, rails: &str) -> Promise;
    #[wasm_bindgen(js_name = railsRestartReconnectsAndResubscribes)]
    fn restart(u: &JsValue, client: &JsValue, rails: &str) -> Promise;
    #[wasm_bindgen(js_name = railsDisconnectWithoutReconnectEndsTheSession)]
    fn kicked(u: &JsValue, client: &JsValue, rails: &str) -> Promise;
}

#[wasm_bindgen_test]
async fn rails_confirms_the_subscription_streams_events_and_hears_update_presence_at_the_interval()
{
    run(subscribes(&util(), &client_class(), rails())).await;
}

#[wasm_bindgen_test]
async fn rails_refuses_a_forged_connection_token_and_the_sdk_does_not_retry() {
    run(refuses(&util(), &client_class(), rails())).await;
}

#[wasm_bindgen_test]
async fn a_rails_restart_is_followed_by_a_reconnect_and_the_subscription_made_again() {
    run(restart(&util(), &client_class(), rails())).await;
}

#[wasm_bindgen_test]
async fn a_rails_disconnect_with_reconnect_false_ends_the_session_without_a_retry() {
    run(kicked(&util(), &client_class(), rails())).await;
}
