//! Browser tests of the softphone leg with real WebRTC media and of call-quality stats, against
//! the gateway's media side. Bodies in tests/browser/softphone.js.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{client_class, gateway, run, util};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/softphone.js")]
extern "C" {
    #[wasm_bindgen(js_name = softphoneCallCarriesAudioAndStats)]
    fn softphone_call_carries_audio_and_stats(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = oneWayAudioIsCaughtWithinThreeSeconds)]
    fn one_way_audio_is_caught_within_three_seconds(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = sipUnlinkStopsTheStats)]
    fn sip_unlink_stops_the_stats(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = audioDevicesFollowTheCall)]
    fn audio_devices_follow_the_call(u: &JsValue, client: &JsValue, gateway: &str) -> Promise;
    #[wasm_bindgen(js_name = iceFailedAcrossASleepEndsTheLegClearly)]
    fn ice_failed_across_a_sleep_ends_the_leg_clearly(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = iceRestartCarriesTheCallAcrossADeadPath)]
    fn ice_restart_carries_the_call_across_a_dead_path(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
    #[wasm_bindgen(js_name = webrtcOffCreatesNoPeerConnection)]
    fn webrtc_off_creates_no_peer_connection(
        u: &JsValue,
        client: &JsValue,
        gateway: &str,
    ) -> Promise;
}

#[wasm_bindgen_test]
async fn a_softphone_call_carries_audio_and_reports_stats_every_second() {
    run(softphone_call_carries_audio_and_stats(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn one_way_audio_is_reported_within_three_seconds() {
    run(one_way_audio_is_caught_within_three_seconds(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn sip_unlink_ends_the_leg_and_no_further_stats_arrive() {
    run(sip_unlink_stops_the_stats(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn with_webrtc_off_no_peer_connection_is_ever_created() {
    run(webrtc_off_creates_no_peer_connection(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn audio_devices_follow_the_call_without_dropping_it() {
    run(audio_devices_follow_the_call(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn an_ice_restart_carries_the_call_across_a_path_that_died_and_came_back() {
    run(ice_restart_carries_the_call_across_a_dead_path(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn a_leg_whose_ice_failed_across_a_sleep_ends_with_a_clear_event() {
    run(ice_failed_across_a_sleep_ends_the_leg_clearly(
        &util(),
        &client_class(),
        gateway(),
    ))
    .await;
}
