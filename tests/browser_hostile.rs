//! Hostile use of the JS face (issue 10: defects 1, 3 and 6, and the hostile-argument sweep), in
//! headless Chrome and Firefox. Bodies in tests/browser/hostile.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, sdk_class, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/hostile.js")]
extern "C" {
    #[wasm_bindgen(js_name = cyclicAndDeepArgumentsAreRefusedAndTheInstanceSurvives)]
    fn js_cyclic_and_deep_arguments_are_refused(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = whateverAListenerThrowsNeverEscapes)]
    fn js_whatever_a_listener_throws_never_escapes(u: &JsValue, client: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = throwingGettersAndProxiesGiveCodeAndMessage)]
    fn js_throwing_getters_and_proxies_give_code_and_message(
        u: &JsValue,
        client: &JsValue,
    ) -> Promise;
    #[wasm_bindgen(js_name = aGetterThatDestroysTheClientStillSettlesTheCommand)]
    fn js_a_getter_that_destroys_the_client_still_settles_the_command(
        u: &JsValue,
        client: &JsValue,
    ) -> Promise;
    #[wasm_bindgen(js_name = methodsAfterFreeGiveCodeAndMessage)]
    fn js_methods_after_free_give_code_and_message(u: &JsValue, client: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = nonObjectFramesAreReportedClearly)]
    fn js_non_object_frames_are_reported_clearly(u: &JsValue, client: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = hostileSweepLeavesThePageWorking)]
    fn js_hostile_sweep_leaves_the_page_working(
        u: &JsValue,
        sdk: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
}

#[wasm_bindgen_test]
async fn a_cyclic_or_deeply_nested_argument_is_refused_and_the_instance_survives() {
    run(js_cyclic_and_deep_arguments_are_refused(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn whatever_a_listener_throws_the_others_and_later_events_are_still_delivered() {
    run(js_whatever_a_listener_throws_never_escapes(
        &util(),
        &client_class(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn throwing_getters_proxies_and_symbols_in_arguments_give_code_and_message() {
    run(js_throwing_getters_and_proxies_give_code_and_message(
        &util(),
        &client_class(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_getter_that_destroys_the_client_still_settles_the_command() {
    run(js_a_getter_that_destroys_the_client_still_settles_the_command(&util(), &client_class()))
        .await;
}

#[wasm_bindgen_test]
async fn methods_after_free_give_code_and_message() {
    run(js_methods_after_free_give_code_and_message(
        &util(),
        &client_class(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn non_object_json_frames_are_reported_as_what_they_are() {
    run(js_non_object_frames_are_reported_clearly(
        &util(),
        &client_class(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn every_method_survives_the_hostile_sweep_and_the_page_still_logs_in() {
    run(js_hostile_sweep_leaves_the_page_working(
        &util(),
        &sdk_class(),
        &client_class(),
        gateway(),
    ))
    .await;
}
