//! Payloads of the supervisor events: queue status, silent monitoring, three-way, whisper,
//! barge-in, forced disconnect and forced offline (seed 003 §3.10–§3.16).
//!
//! The seed names the monitored agent differently from event to event (`spiedCno`,
//! `threewayedCno` but `threewayedAgentNo` on unlink, `bargedAgentNo` but `bargedCno` on unlink,
//! ...). Those names are what the platform sends, so they are kept exactly; do not "fix" them.
//! `initiatorType` is 0 PSTN, 1 agent, 2 extension throughout.

#[cfg(feature = "json")]
use std::collections::BTreeMap;

use crate::payload;
#[cfg(feature = "json")]
use serde_json::{Map, Value};

payload! {
    /// `queueStatus`: a snapshot of the supervisor's queues (seed 003 §3.10).
    #[cfg(feature = "json")]
    pub struct QueueStatusEvent {
        /// One snapshot per queue, keyed by queue number. A `BTreeMap` so the order is stable.
        pub queue_status: BTreeMap<String, QueueSnapshot> = "queueStatus",
    }
}

payload! {
    /// One queue's entry in [`QueueStatusEvent::queue_status`] (seed 003 §3.10).
    ///
    /// The seed names the three parts but the reference types them nowhere
    /// (research/agentsdk-reference.md §5), so their insides stay JSON until they are specified.
    #[cfg(feature = "json")]
    pub struct QueueSnapshot {
        /// The queue's parameters.
        pub queue_params: Map<String, Value> = "queueParams",
        /// The status of each agent of the queue.
        pub agent_statuses: Vec<Value> = "agentStatuses",
        /// The callers waiting in the queue.
        pub queue_entries: Vec<Value> = "queueEntries",
    }
}

// --- Silent monitoring (seed 003 §3.11) --------------------------------------------------------

payload! {
    /// `spyResult`: result of a silent-monitoring request (seed 003 §3.11).
    pub struct SpyResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub spied_cno: String = "spiedCno" { track(target) },
        /// Monitoring initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Call unique id.
        pub unique_id: String = "uniqueId",
        /// `success` or `error`.
        pub result: String = "result" { track(result) },
    }
}

payload! {
    /// `spyLink`: silent monitoring connected (seed 003 §3.11).
    pub struct SpyLinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub spied_cno: String = "spiedCno",
        /// Monitoring initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// `success` or `error`.
        pub result: String = "result",
        /// Channel name.
        pub channel: String = "channel",
    }
}

payload! {
    /// `spyUnlink`: silent monitoring ended (seed 003 §3.11).
    pub struct SpyUnlinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub spied_cno: String = "spiedCno",
        /// Monitoring initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
    }
}

// --- Supervisor three-way (seed 003 §3.12) -----------------------------------------------------

payload! {
    /// `threewayResult`: result of a supervisor three-way request (seed 003 §3.12).
    pub struct ThreewayResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub threewayed_cno: String = "threewayedCno" { track(target) },
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Call unique id.
        pub unique_id: String = "uniqueId",
        /// `success` or `error`.
        pub result: String = "result" { track(result) },
    }
}

payload! {
    /// `threewayLink`: supervisor three-way connected (seed 003 §3.12).
    pub struct ThreewayLinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub threewayed_cno: String = "threewayedCno",
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Channel name.
        pub channel: String = "channel",
    }
}

payload! {
    /// `threewayUnlink`: supervisor three-way ended (seed 003 §3.12). Note `threewayedAgentNo`, not
    /// the `threewayedCno` of the result and link events.
    pub struct ThreewayUnlinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub threewayed_agent_no: String = "threewayedAgentNo",
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
    }
}

// --- Whisper coaching (seed 003 §3.13) ---------------------------------------------------------

payload! {
    /// `whisperResult`: result of a whisper-coaching request (seed 003 §3.13).
    pub struct WhisperResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub whispered_cno: String = "whisperedCno" { track(target) },
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Call unique id.
        pub unique_id: String = "uniqueId",
        /// `success` or `error`.
        pub result: String = "result" { track(result) },
    }
}

payload! {
    /// `whisperLink`: whisper coaching connected (seed 003 §3.13).
    pub struct WhisperLinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub whispered_cno: String = "whisperedCno",
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Channel name.
        pub channel: String = "channel",
    }
}

payload! {
    /// `whisperUnlink`: whisper coaching ended (seed 003 §3.13). Note `whisperedAgentNo`, not the
    /// `whisperedCno` of the result and link events.
    pub struct WhisperUnlinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub whispered_agent_no: String = "whisperedAgentNo",
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
    }
}

// --- Barge-in (seed 003 §3.14) -----------------------------------------------------------------

payload! {
    /// `bargeResult`: result of a barge-in request (seed 003 §3.14).
    pub struct BargeResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub barged_agent_no: String = "bargedAgentNo" { track(target) },
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Call unique id.
        pub unique_id: String = "uniqueId",
        /// `success` or `error`.
        pub result: String = "result" { track(result) },
    }
}

payload! {
    /// `bargeLink`: barge-in connected (seed 003 §3.14).
    pub struct BargeLinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub barged_agent_no: String = "bargedAgentNo",
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Channel name.
        pub channel: String = "channel",
    }
}

payload! {
    /// `bargeUnlink`: barge-in ended (seed 003 §3.14). Note `bargedCno`, not the `bargedAgentNo` of
    /// the result and link events.
    pub struct BargeUnlinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub barged_cno: String = "bargedCno",
        /// Initiator.
        pub initiator: String = "initiator" { track(initiator) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
    }
}

// --- Forced operations (seed 003 §3.15, §3.16) -------------------------------------------------

payload! {
    /// `disconnectResult`: result of a forced disconnect (seed 003 §3.15).
    pub struct DisconnectResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Target agent ID.
        pub disconnector_cno: String = "disconnectorCno",
        /// Initiator.
        pub initiator: String = "initiator",
        /// 0 PSTN; 1 agent; 2 extension.
        pub initiator_type: i64 = "initiatorType",
        /// Call unique id.
        pub unique_id: String = "uniqueId",
        /// `success` or `error`.
        pub result: String = "result",
    }
}

payload! {
    /// `setOfflineResult`: result of forcing an agent offline (seed 003 §3.16).
    pub struct SetOfflineResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Who forced the agent offline (supervisor agentNo or admin name).
        pub initiator: String = "initiator",
        /// `"0"` success; `"-1"` failure. A string, unlike every other code: the seed types it so.
        pub code: String = "code",
        /// Message (commonly `ok`).
        pub message: String = "message",
    }
}

#[cfg(all(test, feature = "json"))]
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
