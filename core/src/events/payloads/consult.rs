//! Payloads of the consult (attended transfer) events: start, link, end, error, three-way and
//! completion (seed 003 §3.7, §3.8).
//!
//! `targetType` is 0 PSTN, 1 agent, 2 extension throughout; `state`/`stateAction` are the
//! agent's status after the step, as strings because the seed types them so.

use serde::{Deserialize, Serialize};

/// `atxferStart`: the consult started (seed 003 §3.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtxferStartEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Channel name.
    pub channel: String,
    /// Destination channel name.
    pub dest_channel: String,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
    /// Main call unique id.
    pub main_unique_id: String,
}

/// `atxferLink`: the consult connected to its target (seed 003 §3.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtxferLinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Channel name.
    pub channel: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub target_type: i64,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
}

/// `atxferEnded`: the consult ended by resume, hangup or cancel (seed 003 §3.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtxferEndedEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub target_type: i64,
    /// Who hung up (the consulted party vs the agent/customer). The seed gives no code list.
    pub hangup_side: i64,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
}

/// `atxferError`: the consult failed (seed 003 §3.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtxferErrorEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
}

/// `threewayAtxferResult`: result of turning the consult into a three-way call (seed 003 §3.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreewayAtxferResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub target_type: i64,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
}

/// `atxferThreewayUnlink`: the consult three-way call ended (seed 003 §3.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtxferThreewayUnlinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub target_type: i64,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
}

/// `completeAtxferResult`: the consult transfer completed (seed 003 §3.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteAtxferResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN; 1 agent; 2 extension.
    pub target_type: i64,
    /// Agent state.
    pub state: String,
    /// State action.
    pub state_action: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn atxfer_ended_reads_numeric_hangup_side_and_target_type() {
        let v = json!({
            "tenantId": "t1", "agentNo": "0001", "target": "0002", "targetType": 1,
            "hangupSide": 2, "state": "talking", "stateAction": "atxferEnded"
        });
        let e: AtxferEndedEvent = serde_json::from_value(v.clone()).unwrap();
        assert_eq!((e.target_type, e.hangup_side), (1, 2));
        assert_eq!(serde_json::to_value(&e).unwrap(), v);
    }

    #[test]
    fn atxfer_link_with_string_target_type_is_rejected() {
        let v = json!({
            "tenantId": "t1", "agentNo": "0001", "channel": "c", "target": "0002",
            "targetType": "1", "state": "talking", "stateAction": "atxferLink"
        });
        assert!(serde_json::from_value::<AtxferLinkEvent>(v).is_err());
    }
}
