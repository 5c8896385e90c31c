//! Payloads of the consult (attended transfer) events: start, link, end, error, three-way and
//! completion (seed 003 §3.7, §3.8).
//!
//! `targetType` is 0 PSTN, 1 agent, 2 extension throughout; `state`/`stateAction` are the
//! agent's status after the step, as strings because the seed types them so.

use crate::payload;

payload! {
    /// `atxferStart`: the consult started (seed 003 §3.7).
    pub struct AtxferStartEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Channel name.
        pub channel: String = "channel",
        /// Destination channel name.
        pub dest_channel: String = "destChannel",
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
        /// Main call unique id.
        pub main_unique_id: String = "mainUniqueId" { track(main_unique_id) },
    }
}

payload! {
    /// `atxferLink`: the consult connected to its target (seed 003 §3.7).
    pub struct AtxferLinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Channel name.
        pub channel: String = "channel",
        /// Consult target.
        pub target: String = "target" { track(target) },
        /// 0 PSTN; 1 agent; 2 extension.
        pub target_type: i64 = "targetType" { track(target_type) },
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
    }
}

payload! {
    /// `atxferEnded`: the consult ended by resume, hangup or cancel (seed 003 §3.7).
    pub struct AtxferEndedEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Consult target.
        pub target: String = "target",
        /// 0 PSTN; 1 agent; 2 extension.
        pub target_type: i64 = "targetType",
        /// Who hung up (the consulted party vs the agent/customer). The seed gives no code list.
        pub hangup_side: i64 = "hangupSide",
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
    }
}

payload! {
    /// `atxferError`: the consult failed (seed 003 §3.7).
    pub struct AtxferErrorEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
    }
}

payload! {
    /// `threewayAtxferResult`: result of turning the consult into a three-way call (seed 003 §3.8).
    pub struct ThreewayAtxferResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Consult target.
        pub target: String = "target",
        /// 0 PSTN; 1 agent; 2 extension.
        pub target_type: i64 = "targetType",
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
    }
}

payload! {
    /// `atxferThreewayUnlink`: the consult three-way call ended (seed 003 §3.8).
    pub struct AtxferThreewayUnlinkEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Consult target.
        pub target: String = "target",
        /// 0 PSTN; 1 agent; 2 extension.
        pub target_type: i64 = "targetType",
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
    }
}

payload! {
    /// `completeAtxferResult`: the consult transfer completed (seed 003 §3.8).
    pub struct CompleteAtxferResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Consult target.
        pub target: String = "target",
        /// 0 PSTN; 1 agent; 2 extension.
        pub target_type: i64 = "targetType",
        /// Agent state.
        pub state: String = "state",
        /// State action.
        pub state_action: String = "stateAction",
    }
}

#[cfg(all(test, feature = "json"))]
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
