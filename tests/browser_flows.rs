//! Browser tests of the call and supervisor flows against the gateway's simulator, in headless
//! Chrome and Firefox, and the catalog-coverage check. Bodies in tests/browser/flows.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/flows.js")]
extern "C" {
    #[wasm_bindgen(js_name = inboundCallAnsweredAndHungUp)]
    fn inbound_call_answered_and_hung_up(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = consultThreewayAndCompleteSeenFromBothAgents)]
    fn consult_threeway_and_complete_seen_from_both_agents(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = supervisorWhisperThenBargeThenUnlink)]
    fn supervisor_whisper_then_barge_then_unlink(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = everyCatalogEventIsDelivered)]
    fn every_catalog_event_is_delivered(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
}

#[wasm_bindgen_test]
async fn an_inbound_call_is_answered_and_hung_up() {
    run(inbound_call_answered_and_hung_up(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_consult_goes_three_way_and_completes_seen_from_both_agents() {
    run(consult_threeway_and_complete_seen_from_both_agents(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_supervisor_whispers_then_barges_then_unlinks() {
    run(supervisor_whisper_then_barge_then_unlink(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn every_catalog_event_is_delivered_by_the_sdk() {
    run(every_catalog_event_is_delivered(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}
