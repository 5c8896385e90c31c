//! Browser tests of `preflight()` (issue 15 item 6): a real WebRTC echo leg against the test
//! gateway, the report, its progress, a blackholed echo, cancel and bad options. Bodies in
//! tests/browser/preflight.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/preflight.js")]
extern "C" {
    #[wasm_bindgen(js_name = preflightReportsASanePath)]
    fn preflight_reports_a_sane_path(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = aBlackholedEchoIsReportedAsOneWayAudio)]
    fn a_blackholed_echo_is_reported_as_one_way_audio(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = preflightCanBeCancelled)]
    fn preflight_can_be_cancelled(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = badOptionsRejectAndFailuresAreReports)]
    fn bad_options_reject_and_failures_are_reports(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
}

#[wasm_bindgen_test]
async fn a_preflight_against_the_gateway_reports_a_sane_path_with_progress_in_order() {
    run(preflight_reports_a_sane_path(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn an_echo_blackholed_mid_run_is_reported_as_one_way_audio() {
    run(a_blackholed_echo_is_reported_as_one_way_audio(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_preflight_can_be_cancelled() {
    run(preflight_can_be_cancelled(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn bad_options_reject_and_failures_are_reports_not_hangs() {
    run(bad_options_reject_and_failures_are_reports(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}
