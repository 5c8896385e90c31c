//! Browser tests of shared tabs (issue 15.3): two and three documents of one browser context
//! share one connection; the leader's closes mid-stream. Bodies in tests/browser/tabs.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/tabs.js")]
extern "C" {
    #[wasm_bindgen(js_name = leaderClosesMidStream)]
    fn leader_closes_mid_stream(u: &JsValue, gateway: &str, tabs: u32, agent_no: &str) -> Promise;
    #[wasm_bindgen(js_name = tabsOptionRefusals)]
    fn tabs_option_refusals(u: &JsValue, gateway: &str) -> Promise;
}

/// The SDK's classes for a tab (an iframe) that loaded this test module's wasm on its own.
#[wasm_bindgen]
pub fn tabs_face() -> JsValue {
    agentdesk::api::face()
}

#[wasm_bindgen_test]
async fn two_tabs_the_leader_closes_mid_stream_and_the_other_resumes() {
    run(leader_closes_mid_stream(&util(), gateway(), 2, "1045")).await;
}

#[wasm_bindgen_test]
async fn three_tabs_the_leader_closes_mid_stream_and_a_follower_resumes() {
    run(leader_closes_mid_stream(&util(), gateway(), 3, "1046")).await;
}

#[wasm_bindgen_test]
async fn the_tabs_option_is_refused_where_it_cannot_work() {
    run(tabs_option_refusals(&util(), gateway())).await;
}
