//! The Rust side of js/catalog.js: what crosses between the shell and the JS layer's tables.
//!
//! GENERATED from agentdesk-core's declarations by tests/generated.rs: do not edit.
//! Regenerate with `bash scripts/generate.sh`; `cargo test` fails while this file is stale.

#![allow(clippy::too_many_arguments, clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]

use wasm_bindgen::prelude::*;

use super::{cut, number, put, put_opt, Shell};
use agentdesk_core::agent::{AgentState, AgentStatus, DeviceStatus, InitialStatus};
use agentdesk_core::config::SetupParams;
use agentdesk_core::events::payloads::{
    AgentStatusEvent, PingEvent, ReconnectAttemptEvent, SessionTerminateEvent, SipDisconnectedEvent, WebrtcStatsEvent,
    WebrtcStatsTotals,
};
use agentdesk_core::events::{EventFacts, EventType};
use agentdesk_core::quality::{MosBuckets, PingThresholds, QualityConfig, StatsConfig, WarningThresholds};
use agentdesk_core::session::Made;

#[wasm_bindgen(module = "/js/catalog.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildAgentStatus)]
    fn build_agent_status(a0: u32, a1: &str, a2: f64, a3: f64, a4: Option<f64>, a5: Option<&str>, a6: Option<&str>, a7: Option<&str>, a8: Option<f64>, a9: Option<f64>) -> JsValue;
    #[wasm_bindgen(js_name = madeAgentStatus)]
    fn made_agent_status(client: &JsValue, a0: &str, a1: &str, a2: u32, a3: &str, a4: f64, a5: f64, a6: Option<f64>, a7: Option<&str>, a8: Option<&str>, a9: Option<&str>, a10: Option<f64>, a11: Option<f64>);
    #[wasm_bindgen(js_name = madeSessionTerminate)]
    fn made_session_terminate(client: &JsValue, a0: &str, a1: &str, a2: &str);
    #[wasm_bindgen(js_name = madeReconnectAttempt)]
    fn made_reconnect_attempt(client: &JsValue, a0: f64, a1: f64, a2: f64, a3: f64, a4: f64, a5: Option<f64>);
    #[wasm_bindgen(js_name = madeSipDisconnected)]
    fn made_sip_disconnected(client: &JsValue, a0: &str, a1: &str, a2: &str);
    #[wasm_bindgen(js_name = madePing)]
    fn made_ping(client: &JsValue, a0: f64, a1: f64);
    #[wasm_bindgen(js_name = madeWebrtcStats)]
    fn made_webrtc_stats(client: &JsValue, a0: f64, a1: f64, a2: f64, a3: f64, a4: Option<f64>, a5: Option<f64>, a6: Option<f64>, a7: &str, a8: &str, a9: &str, a10: &str, a11: f64, a12: f64, a13: f64, a14: f64, a15: f64, a16: f64, a17: f64, a18: f64, a19: f64);
}

/// The `AgentStatus` object JavaScript sees.
pub(crate) fn status_object(status: &AgentStatus) -> JsValue {
    let AgentStatus { state, state_action, initial_status, device_status, call_type, unique_id, main_unique_id, pause_description, pause_type, wrapup_time } = status;
    build_agent_status(*state as u32, state_action, i64::from(*initial_status) as f64, i64::from(*device_status) as f64, call_type.map(|n| n as f64), unique_id.as_deref(), main_unique_id.as_deref(), pause_description.as_deref(), pause_type.map(|n| n as f64), wrapup_time.map(|n| n as f64))
}

/// Emits an event the SDK made through the client's dispatcher.
pub(crate) fn emit_made(client: &JsValue, made: &Made) {
    match made {
        Made::AgentStatus(event) => {
            let AgentStatusEvent { tenant_id, agent_no, status } = event;
            let AgentStatus { state: status_state, state_action: status_state_action, initial_status: status_initial_status, device_status: status_device_status, call_type: status_call_type, unique_id: status_unique_id, main_unique_id: status_main_unique_id, pause_description: status_pause_description, pause_type: status_pause_type, wrapup_time: status_wrapup_time } = status;
            made_agent_status(client, tenant_id, agent_no, *status_state as u32, status_state_action, i64::from(*status_initial_status) as f64, i64::from(*status_device_status) as f64, status_call_type.map(|n| n as f64), status_unique_id.as_deref(), status_main_unique_id.as_deref(), status_pause_description.as_deref(), status_pause_type.map(|n| n as f64), status_wrapup_time.map(|n| n as f64));
        }
        Made::SessionTerminate(event) => {
            let SessionTerminateEvent { tenant_id, agent_no, reason } = event;
            made_session_terminate(client, tenant_id, agent_no, reason);
        }
        Made::ReconnectAttempt(event) => {
            let ReconnectAttemptEvent { attempt, code, first_attempt_ts, max_attempts, since_first_attempt_ms, delay_ms } = event;
            made_reconnect_attempt(client, *attempt as f64, *code as f64, *first_attempt_ts as f64, *max_attempts as f64, *since_first_attempt_ms as f64, delay_ms.map(|n| n as f64));
        }
        Made::SipDisconnected(event) => {
            let SipDisconnectedEvent { tenant_id, agent_no, reason } = event;
            made_sip_disconnected(client, tenant_id, agent_no, reason);
        }
        Made::Ping(event) => {
            let PingEvent { latency_time, network_state } = event;
            made_ping(client, *latency_time as f64, *network_state as f64);
        }
        Made::WebrtcStats(event) => {
            let WebrtcStatsEvent { packets_sent, packets_received, packets_lost, packet_loss_rate, jitter, rtt, mos, ice_state, dtls_state, codec, packets_state, sent_network_quality, received_network_quality, timestamp, totals } = event;
            let WebrtcStatsTotals { packets_sent: totals_packets_sent, packets_received: totals_packets_received, packets_lost: totals_packets_lost, packet_loss_rate: totals_packet_loss_rate, bytes_sent: totals_bytes_sent, bytes_received: totals_bytes_received } = totals;
            made_webrtc_stats(client, *packets_sent as f64, *packets_received as f64, *packets_lost as f64, *packet_loss_rate, *jitter, *rtt, *mos, ice_state, dtls_state, codec, packets_state, *sent_network_quality as f64, *received_network_quality as f64, *timestamp as f64, *totals_packets_sent as f64, *totals_packets_received as f64, *totals_packets_lost as f64, *totals_packet_loss_rate, *totals_bytes_sent as f64, *totals_bytes_received as f64);
        }
    }
}

/// The `SetupParams` of a checked `setup()` object, from js/catalog.js `setupValues`.
pub(crate) fn setup_params(base_url: String, v: &[f64]) -> SetupParams {
    let at = |i: usize| v.get(i).copied().filter(|x| !x.is_nan());
    SetupParams { base_url, webrtc: at(0).map(|x| x != 0.0), webrtc_stats: at(1).map(|x| x != 0.0), debug: at(2).map(|x| x != 0.0), audio_debug: at(3).map(|x| x != 0.0), observability: at(4).map(|x| x != 0.0), command_timeout_ms: at(5).map(|x| x as _), connect_timeout_ms: at(6).map(|x| x as _), max_reconnect_attempts: at(7).map(|x| x as _), reconnect_base_ms: at(8).map(|x| x as _), reconnect_max_ms: at(9).map(|x| x as _), reconnect_jitter: at(10), heartbeat_interval_ms: at(11).map(|x| x as _), heartbeat_timeout_ms: at(12).map(|x| x as _), quality: at(13).map(|_| QualityConfig { ping: if at(14).is_some() { PingThresholds { excellent_below_ms: at(15).map_or(QualityConfig::default().ping.excellent_below_ms, |x| x as _), good_below_ms: at(16).map_or(QualityConfig::default().ping.good_below_ms, |x| x as _), fair_below_ms: at(17).map_or(QualityConfig::default().ping.fair_below_ms, |x| x as _) } } else { QualityConfig::default().ping }, stats: if at(18).is_some() { StatsConfig { mos_buckets: if at(19).is_some() { MosBuckets { excellent_min: at(20).unwrap_or(QualityConfig::default().stats.mos_buckets.excellent_min), good_min: at(21).unwrap_or(QualityConfig::default().stats.mos_buckets.good_min), fair_min: at(22).unwrap_or(QualityConfig::default().stats.mos_buckets.fair_min) } } else { QualityConfig::default().stats.mos_buckets }, one_way_after_intervals: at(23).map_or(QualityConfig::default().stats.one_way_after_intervals, |x| x as _) } } else { QualityConfig::default().stats }, warnings: if at(24).is_some() { WarningThresholds { high_rtt_ms: at(25).unwrap_or(QualityConfig::default().warnings.high_rtt_ms), high_jitter_ms: at(26).unwrap_or(QualityConfig::default().warnings.high_jitter_ms), high_packet_loss: at(27).unwrap_or(QualityConfig::default().warnings.high_packet_loss), low_mos: at(28).unwrap_or(QualityConfig::default().warnings.low_mos), window: at(29).map_or(QualityConfig::default().warnings.window, |x| x as _), raise_after: at(30).map_or(QualityConfig::default().warnings.raise_after, |x| x as _) } } else { QualityConfig::default().warnings } }), sip_disconnect_grace_ms: at(31).map(|x| x as _), webrtc_stats_interval_ms: at(32).map(|x| x as _) }
}

#[wasm_bindgen]
impl Shell {
    /// A catalog event the JS layer parsed and checked: when it arrived, its id, its index in the
    /// catalog and the fields the engine tracks, by role (strings: a length code each, their text
    /// together in `text`). 1: deliver the payload now; 0: the engine acted through its hooks (or
    /// dropped a duplicate).
    pub fn event(&self, now: f64, id: f64, event_type: u32, target_type: f64, tenant: u32, agent: u32, initiator: u32, target: u32, main_unique_id: u32, result: u32, text: String) -> u32 {
        let mut rest = text.as_str();
        let target_type = number(target_type).map(|n| n as i64);
        let tenant = cut(&mut rest, tenant);
        let agent = cut(&mut rest, agent);
        let initiator = cut(&mut rest, initiator);
        let target = cut(&mut rest, target);
        let main_unique_id = cut(&mut rest, main_unique_id);
        let result = cut(&mut rest, result);
        let facts = EventFacts { target_type, tenant, agent, initiator, target, main_unique_id, result, status: None };
        self.handle_event(now, id, EventType::from_index(event_type), facts)
    }

    /// `agentStatus`: the fields of its `AgentStatus` object as well, in the same way.
    #[wasm_bindgen(js_name = agentStatus)]
    pub fn agent_status(&self, now: f64, id: f64, tenant: u32, agent: u32, a0: u32, a1: u32, a2: f64, a3: f64, a4: f64, a5: u32, a6: u32, a7: u32, a8: f64, a9: f64, text: String) -> u32 {
        let mut rest = text.as_str();
        let tenant = cut(&mut rest, tenant);
        let agent = cut(&mut rest, agent);
        // The status is built where the last one was, reusing its buffers; should that be in use
        // (a listener fed a frame to onmessage from inside a dispatch), in a new one.
        let mut kept = self.status.try_borrow_mut().ok();
        let mut fresh = None;
        let status = match kept.as_deref_mut() {
            Some(status) => status,
            None => fresh.insert(AgentStatus::offline("")),
        };
        status.state = AgentState::from_index(a0).unwrap_or(AgentState::Offline);
        put(&mut status.state_action, cut(&mut rest, a1).unwrap_or_default());
        status.initial_status = InitialStatus::try_from(a2 as i64).unwrap_or(InitialStatus::LoggedOut);
        status.device_status = DeviceStatus::try_from(a3 as i64).unwrap_or(DeviceStatus::Invalid);
        status.call_type = number(a4).map(|n| n as i64);
        put_opt(&mut status.unique_id, cut(&mut rest, a5));
        put_opt(&mut status.main_unique_id, cut(&mut rest, a6));
        put_opt(&mut status.pause_description, cut(&mut rest, a7));
        status.pause_type = number(a8).map(|n| n as i64);
        status.wrapup_time = number(a9).map(|n| n as i64);
        let facts = EventFacts { tenant, agent, status: Some(status), ..EventFacts::default() };
        self.handle_event(now, id, EventType::from_index(0), facts)
    }
}
