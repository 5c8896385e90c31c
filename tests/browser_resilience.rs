//! Browser tests of reconnect, heartbeat, resume and backpressure against the real gateway with
//! fault injection, in headless Chrome and Firefox. Bodies in tests/browser/resilience.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/resilience.js")]
extern "C" {
    #[wasm_bindgen(js_name = everyEventOnceInOrderAcrossTwentyDrops)]
    fn every_event_once_in_order_across_twenty_drops(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = silentGatewayIsNoticedWithinTenSecondsAndRecovered)]
    fn silent_gateway_is_noticed_within_ten_seconds_and_recovered(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = malformedFrameYieldsAnErrorEventAndTheSessionGoesOn)]
    fn malformed_frame_yields_an_error_event_and_the_session_goes_on(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = laggingClientOverflowResumesWithoutLoss)]
    fn lagging_client_overflow_resumes_without_loss(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = restartedGatewayResynchronises)]
    fn restarted_gateway_resynchronises(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = revokedKeyEndsTheSessionWithoutReconnecting)]
    fn revoked_key_ends_the_session_without_reconnecting(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = onlineEventReconnectsAtOnce)]
    fn online_event_reconnects_at_once(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = commandDuringReconnectIsSentAfterResume)]
    fn command_during_reconnect_is_sent_after_resume(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
}

#[wasm_bindgen_test]
async fn every_event_arrives_once_and_in_order_across_twenty_drops() {
    run(every_event_once_in_order_across_twenty_drops(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_silent_gateway_is_noticed_within_ten_seconds_and_the_session_recovers() {
    run(silent_gateway_is_noticed_within_ten_seconds_and_recovered(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_malformed_frame_yields_an_error_event_and_the_session_goes_on() {
    run(
        malformed_frame_yields_an_error_event_and_the_session_goes_on(
            &util(),
            &client_class(),
            gateway(),
        ),
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_lagging_client_overflows_then_resumes_without_loss() {
    run(lagging_client_overflow_resumes_without_loss(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_restarted_gateway_is_resynchronised_with_the_last_status() {
    run(restarted_gateway_resynchronises(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_revoked_key_ends_the_session_without_reconnecting() {
    run(revoked_key_ends_the_session_without_reconnecting(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn the_online_event_starts_the_waiting_attempt_at_once() {
    run(online_event_reconnects_at_once(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_command_given_during_a_reconnect_is_sent_after_the_resume() {
    run(command_during_reconnect_is_sent_after_resume(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}
