//! The SDK's dialects in headless Chrome and Firefox against the gateway's faces (issue 14):
//! Voki's Phoenix Channels, GlobeMeet's event stream, Qubicle's Kazoo bindings and Voxsig's
//! ActionCable, through the same `AgentClient` set up
//! with `dialect`; and the phoenix dialect beside phoenix.js, the official client, on a scripted
//! server (tests/dialects/phoenix_script.mjs) and on the gateway's Presence. Built only with the `dialects` feature (scripts/test.sh runs it so).
#![cfg(all(target_arch = "wasm32", feature = "dialects"))]

mod browser_common;

use browser_common::{client_class, gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/dialects.js")]
extern "C" {
    #[wasm_bindgen(js_name = phoenixJoinsPushesPresenceAndRejoinsAfterADrop)]
    fn phoenix_flow(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = globemeetResumesThroughTwentyDropsWithNoLossAndNoDuplicate)]
    fn globemeet_flow(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = kazooBindingsRouteEventsAndAreRemadeAfterADrop)]
    fn kazoo_flow(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = actioncableSubscribesReceivesAndResubscribesAfterADrop)]
    fn actioncable_flow(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = globemeetOverflowIsAResumeWithNoLossAndNoDuplicate)]
    fn globemeet_overflow(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = globemeetRefreshesAShortTokenThroughTheSupplier)]
    fn globemeet_refresh(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = seedExamplesAndTheSdkReceiveTheSameEventsOnOneCall)]
    fn seed_examples(u: &JsValue, client: &JsValue, gateway: &str, phoenix: &str) -> Promise;
    #[wasm_bindgen(js_name = phoenixSendsAndDeliversWhatPhoenixJsDoes)]
    fn phoenix_differential(u: &JsValue, client: &JsValue, script: &str) -> Promise;
    #[wasm_bindgen(js_name = phoenixPresenceListEqualsPhoenixJs)]
    fn phoenix_presence_differential(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
        script: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = phoenixSoftphoneLegOverVokiSignalingReportsWebrtcStats)]
    fn phoenix_softphone(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = dialectSetupRefusalsAreCodes)]
    fn setup_refusals(u: &JsValue, client: &JsValue) -> Promise;
}

#[wasm_bindgen_test]
async fn phoenix_joins_pushes_keeps_presence_and_rejoins_with_a_fresh_token_after_a_drop() {
    run(phoenix_flow(&util(), &client_class(), gateway())).await;
}

/// The scripted Phoenix server of tests/dialects/phoenix_script.mjs (`AGENTDESK_PHOENIX_SCRIPT`
/// at build time, set by scripts/test.sh); empty when not set, which the tests report.
fn phoenix_script() -> &'static str {
    option_env!("AGENTDESK_PHOENIX_SCRIPT").unwrap_or("")
}

#[wasm_bindgen_test]
async fn phoenix_sends_and_delivers_what_phoenix_js_does_on_the_same_scripted_server() {
    run(phoenix_differential(
        &util(),
        &client_class(),
        phoenix_script(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn phoenix_presence_list_equals_phoenix_js_presence_list_on_the_gateway() {
    run(phoenix_presence_differential(
        &util(),
        &client_class(),
        gateway(),
        phoenix_script(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn phoenix_softphone_leg_over_voki_signaling_reports_webrtc_stats() {
    run(phoenix_softphone(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn globemeet_resumes_through_twenty_drops_with_no_loss_and_no_duplicate() {
    run(globemeet_flow(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn globemeet_overflow_is_a_resume_with_no_loss_and_no_duplicate() {
    run(globemeet_overflow(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn globemeet_refreshes_a_short_token_through_the_supplier_without_reconnecting() {
    run(globemeet_refresh(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn kazoo_bindings_route_events_by_binding_and_are_remade_after_a_drop() {
    run(kazoo_flow(&util(), &client_class(), gateway())).await;
}

#[wasm_bindgen_test]
async fn actioncable_subscribes_receives_and_resubscribes_after_a_drop() {
    run(actioncable_flow(&util(), &client_class(), gateway())).await;
}

/// phoenix.js as npm publishes it (tools/package.json pins it): seed 004's example imports it.
const PHOENIX_JS: &str = include_str!("../tools/node_modules/phoenix/priv/static/phoenix.mjs");

#[wasm_bindgen_test]
async fn the_seeds_own_examples_and_the_sdk_receive_the_same_events_on_one_call() {
    run(seed_examples(
        &util(),
        &client_class(),
        gateway(),
        PHOENIX_JS,
    ))
    .await;
}

#[wasm_bindgen_test]
async fn dialect_setup_refusals_are_codes_not_throws() {
    run(setup_refusals(&util(), &client_class())).await;
}
