//! Payloads of the supervisor events: queue status, silent monitoring, three-way, whisper,
//! barge-in, forced disconnect and forced offline (seed 003 §3.10–§3.16).
//!
//! The seed names the monitored agent differently from event to event (`spiedCno`,
//! `threewayedCno` but `threewayedAgentNo` on unlink, `bargedAgentNo` but `bargedCno` on unlink,
//! ...). Those names are what the platform sends, so they are kept exactly; do not "fix" them.
//! `initiatorType` is 0 PSTN, 1 agent, 2 extension throughout.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `queueStatus`: a snapshot of the supervisor's queues (seed 003 §3.10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStatusEvent {
    /// One snapshot per queue, keyed by queue number. A `BTreeMap` so the order is stable.
    pub queue_status: BTreeMap<String, QueueSnapshot>,
}

/// One queue's entry in [`QueueStatusEvent::queue_status`] (seed 003 §3.10).
///
/// The seed names the three parts but the reference types them nowhere
/// (research/agentsdk-reference.md §5), so their insides stay JSON until they are specified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueSnapshot {
    /// The queue's parameters.
    pub queue_params: Map<String, Value>,
    /// The status of each agent of the queue.
    pub agent_statuses: Vec<Value>,
    /// The callers waiting in the queue.
    pub queue_entries: Vec<Value>,
}

// --- Silent monitoring (seed 003 §3.11) --------------------------------------------------------

/// `spyResult`: result of a silent-monitoring request (seed 003 §3.11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpyResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub spied_cno: String,
    /// Monitoring initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Call unique id.
    pub unique_id: String,
    /// `success` or `error`.
    pub result: String,
}

/// `spyLink`: silent monitoring connected (seed 003 §3.11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpyLinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub spied_cno: String,
    /// Monitoring initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// `success` or `error`.
    pub result: String,
    /// Channel name.
    pub channel: String,
}

/// `spyUnlink`: silent monitoring ended (seed 003 §3.11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpyUnlinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub spied_cno: String,
    /// Monitoring initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
}

// --- Supervisor three-way (seed 003 §3.12) -----------------------------------------------------

/// `threewayResult`: result of a supervisor three-way request (seed 003 §3.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreewayResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub threewayed_cno: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Call unique id.
    pub unique_id: String,
    /// `success` or `error`.
    pub result: String,
}

/// `threewayLink`: supervisor three-way connected (seed 003 §3.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreewayLinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub threewayed_cno: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Channel name.
    pub channel: String,
}

/// `threewayUnlink`: supervisor three-way ended (seed 003 §3.12). Note `threewayedAgentNo`, not
/// the `threewayedCno` of the result and link events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreewayUnlinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub threewayed_agent_no: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
}

// --- Whisper coaching (seed 003 §3.13) ---------------------------------------------------------

/// `whisperResult`: result of a whisper-coaching request (seed 003 §3.13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhisperResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub whispered_cno: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Call unique id.
    pub unique_id: String,
    /// `success` or `error`.
    pub result: String,
}

/// `whisperLink`: whisper coaching connected (seed 003 §3.13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhisperLinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub whispered_cno: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Channel name.
    pub channel: String,
}

/// `whisperUnlink`: whisper coaching ended (seed 003 §3.13). Note `whisperedAgentNo`, not the
/// `whisperedCno` of the result and link events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhisperUnlinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub whispered_agent_no: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
}

// --- Barge-in (seed 003 §3.14) -----------------------------------------------------------------

/// `bargeResult`: result of a barge-in request (seed 003 §3.14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BargeResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub barged_agent_no: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Call unique id.
    pub unique_id: String,
    /// `success` or `error`.
    pub result: String,
}

/// `bargeLink`: barge-in connected (seed 003 §3.14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BargeLinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub barged_agent_no: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Channel name.
    pub channel: String,
}

/// `bargeUnlink`: barge-in ended (seed 003 §3.14). Note `bargedCno`, not the `bargedAgentNo` of
/// the result and link events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BargeUnlinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub barged_cno: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
}

// --- Forced operations (seed 003 §3.15, §3.16) -------------------------------------------------

/// `disconnectResult`: result of a forced disconnect (seed 003 §3.15).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisconnectResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Target agent ID.
    pub disconnector_cno: String,
    /// Initiator.
    pub initiator: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub initiator_type: i64,
    /// Call unique id.
    pub unique_id: String,
    /// `success` or `error`.
    pub result: String,
}

/// `setOfflineResult`: result of forcing an agent offline (seed 003 §3.16).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetOfflineResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Who forced the agent offline (supervisor agentNo or admin name).
    pub initiator: String,
    /// `"0"` success; `"-1"` failure. A string, unlike every other code: the seed types it so.
    pub code: String,
    /// Message (commonly `ok`).
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_offline_code_is_a_string_and_a_number_is_rejected() {
        let ok = json!({
            "tenantId": "t1", "agentNo": "0002", "initiator": "0001", "code": "0", "message": "ok"
        });
        let e: SetOfflineResultEvent = serde_json::from_value(ok.clone()).unwrap();
        assert_eq!(e.code, "0");
        let mut numeric = ok;
        numeric["code"] = json!(0);
        assert!(serde_json::from_value::<SetOfflineResultEvent>(numeric).is_err());
    }

    #[test]
    fn unlink_events_keep_their_irregular_target_names() {
        let three = ThreewayUnlinkEvent {
            tenant_id: "t1".into(),
            agent_no: "0002".into(),
            threewayed_agent_no: "0002".into(),
            initiator: "0001".into(),
            initiator_type: 1,
        };
        assert!(serde_json::to_value(&three)
            .unwrap()
            .get("threewayedAgentNo")
            .is_some());
        let barge = BargeUnlinkEvent {
            tenant_id: "t1".into(),
            agent_no: "0002".into(),
            barged_cno: "0002".into(),
            initiator: "0001".into(),
            initiator_type: 1,
        };
        assert!(serde_json::to_value(&barge)
            .unwrap()
            .get("bargedCno")
            .is_some());
    }

    #[test]
    fn queue_status_is_keyed_by_queue_number() {
        let v = json!({ "queueStatus": {
            "q2": { "queueParams": {}, "agentStatuses": [], "queueEntries": [] },
            "q1": { "queueParams": { "name": "Sales" }, "agentStatuses": [{}], "queueEntries": [] }
        }});
        let e: QueueStatusEvent = serde_json::from_value(v).unwrap();
        let keys: Vec<_> = e.queue_status.keys().cloned().collect();
        assert_eq!(keys, ["q1", "q2"]);
        assert_eq!(e.queue_status["q1"].agent_statuses.len(), 1);
    }
}
