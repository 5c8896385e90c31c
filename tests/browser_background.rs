//! Browser tests of the agent's workday (issue 15): a throttled background tab keeps its link,
//! `offline`/`online` hold and release the reconnect, a wake or network change probes the link,
//! a key provider is asked before every reconnect;
//! in headless Chrome and Firefox. Bodies in tests/browser/background.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/background.js")]
extern "C" {
    #[wasm_bindgen(js_name = aClampedTabKeepsItsLinkAndNoticesASilentGateway)]
    fn a_clamped_tab_keeps_its_link_and_notices_a_silent_gateway(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = offlineHoldsTheReconnectAndOnlineRetriesAtOnce)]
    fn offline_holds_the_reconnect_and_online_retries_at_once(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = aKeyProviderIsAskedBeforeEveryReconnect)]
    fn a_key_provider_is_asked_before_every_reconnect(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = aWakeOrANetworkChangeProbesTheLinkAtOnce)]
    fn a_wake_or_a_network_change_probes_the_link_at_once(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
}

#[wasm_bindgen_test]
async fn a_throttled_tab_keeps_its_link_and_notices_a_silent_gateway() {
    run(a_clamped_tab_keeps_its_link_and_notices_a_silent_gateway(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn going_offline_holds_the_reconnect_countdown_and_online_retries_at_once() {
    run(offline_holds_the_reconnect_and_online_retries_at_once(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn the_page_coming_back_or_a_network_change_probes_the_link_at_once() {
    run(a_wake_or_a_network_change_probes_the_link_at_once(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn the_key_provider_is_asked_before_every_reconnect_and_its_failure_reported() {
    run(a_key_provider_is_asked_before_every_reconnect(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}
