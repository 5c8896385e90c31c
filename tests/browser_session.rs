//! Browser tests of the JS face against the real gateway, in headless Chrome and Firefox.
//!
//! The test bodies are JavaScript (tests/browser/session.js) so they use the SDK exactly as a
//! page does; this file hands them the exported classes and the gateway's address, which
//! scripts/test.sh passes at compile time in `AGENTDESK_GATEWAY`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, sdk_class, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/session.js")]
extern "C" {
    #[wasm_bindgen(js_name = seedUsageVerbatim)]
    fn seed_usage_verbatim(u: &JsValue, sdk: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = responsesAreAlsoEvents)]
    fn responses_are_also_events(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = offStopsDelivery)]
    fn off_stops_delivery(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = onceFiresOnce)]
    fn once_fires_once(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = throwingListenerDoesNotStopTheNext)]
    fn throwing_listener_does_not_stop_the_next(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = listenerMayCallTheSdkDuringDispatch)]
    fn listener_may_call_the_sdk_during_dispatch(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = wrongSessionKeyResolvesWithACode)]
    fn wrong_session_key_resolves_with_a_code(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = pauseBeforeLoginNeverTouchesTheNetwork)]
    fn pause_before_login_never_touches_the_network(u: &JsValue, client: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = badArgumentsGetCodeAndMessage)]
    fn bad_arguments_get_code_and_message(u: &JsValue, client: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = clientsAreIndependent)]
    fn clients_are_independent(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = canFollowsTheSession)]
    fn can_follows_the_session(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = loggingIsCheckedAndNeverStopsTheSdk)]
    fn logging_is_checked_and_never_stops_the_sdk(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = eventTypeHasTheCatalog, catch)]
    fn event_type_has_the_catalog(
        u: &JsValue,
        sdk: &JsValue,
        client: &JsValue,
    ) -> Result<(), JsValue>;
}

#[wasm_bindgen_test]
async fn seed_usage_works_verbatim_through_pause_unpause_and_logout() {
    run(seed_usage_verbatim(&util(), &sdk_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn every_command_response_is_also_its_resp_event() {
    run(responses_are_also_events(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn off_stops_delivery_and_a_double_on_is_one_listener() {
    run(off_stops_delivery(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn once_listener_fires_once() {
    run(once_fires_once(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn a_throwing_listener_does_not_stop_the_next_and_is_reported() {
    run(throwing_listener_does_not_stop_the_next(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_listener_may_call_the_sdk_from_inside_dispatch() {
    run(listener_may_call_the_sdk_during_dispatch(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_wrong_session_key_resolves_with_a_code_and_message() {
    run(wrong_session_key_resolves_with_a_code(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn pause_before_login_gets_a_code_without_touching_the_network() {
    run(pause_before_login_never_touches_the_network(
        &util(),
        &client_class(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn bad_arguments_get_code_and_message_and_never_panic() {
    run(bad_arguments_get_code_and_message(&util(), &client_class())).await;
}

#[wasm_bindgen_test]
async fn two_clients_in_one_page_are_independent() {
    run(clients_are_independent(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
fn event_type_holds_the_whole_catalog_and_is_frozen() {
    if let Err(e) = event_type_has_the_catalog(&util(), &sdk_class(), &client_class()) {
        panic!("{:?}", e);
    }
}

#[wasm_bindgen_test]
async fn can_follows_the_session_and_can_change_fires_on_each_change() {
    run(can_follows_the_session(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn log_options_are_checked_silent_by_default_and_a_throwing_logger_stops_nothing() {
    run(logging_is_checked_and_never_stops_the_sdk(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}
