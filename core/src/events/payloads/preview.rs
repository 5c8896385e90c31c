//! Payloads of the preview-outbound events (seed 003 §3.2–§3.5): the platform dials the
//! customer, the customer's phone rings, the two legs are bridged, and the attempt's result.

use crate::payload;

payload! {
    /// `previewObCallStart`: the platform started dialing the customer (seed 003 §3.2).
    pub struct PreviewObCallStartEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Customer number.
        pub customer_number: String = "customerNumber",
        /// 0 landline; 1 mobile.
        pub customer_number_type: i64 = "customerNumberType",
        /// Customer area code.
        pub ob_clid_area_code: String = "obClidAreaCode",
        /// Main call unique id.
        pub main_unique_id: String = "mainUniqueId" { track(main_unique_id) },
        /// Request unique id.
        pub request_unique_id: String = "requestUniqueId",
        /// Outbound caller ID.
        pub ob_clid: String = "obClid",
    }
}

payload! {
    /// `previewObCallRinging`: the customer's phone is ringing (seed 003 §3.3).
    pub struct PreviewObCallRingingEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Customer number.
        pub customer_number: String = "customerNumber",
        /// 0 landline; 1 mobile.
        pub customer_number_type: i64 = "customerNumberType",
        /// Customer area code.
        pub ob_clid_area_code: String = "obClidAreaCode",
        /// Agent state (offline/invalid/idle/busy/calling/ringing/talking/wrapup).
        pub state: String = "state",
        /// State action (the cause of the transition; docs/agent-status.md).
        pub state_action: String = "stateAction",
        /// Main call unique id.
        pub main_unique_id: String = "mainUniqueId" { track(main_unique_id) },
    }
}

payload! {
    /// `previewObCallBridge`: agent and customer legs are bridged (seed 003 §3.4).
    pub struct PreviewObCallBridgeEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Customer number.
        pub customer_number: String = "customerNumber",
        /// 0 landline; 1 mobile.
        pub customer_number_type: i64 = "customerNumberType",
        /// Customer area code.
        pub ob_clid_area_code: String = "obClidAreaCode",
        /// Channel name.
        pub channel: String = "channel",
        /// Destination channel name.
        pub dest_channel: String = "destChannel",
        /// Main call unique id.
        pub main_unique_id: String = "mainUniqueId" { track(main_unique_id) },
    }
}

payload! {
    /// `previewObCallResult`: the final result of a preview outbound attempt (seed 003 §3.5).
    pub struct PreviewObCallResultEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Customer number.
        pub customer_number: String = "customerNumber",
        /// `success` connected; `error` failed (e.g. cancelled).
        pub result: String = "result",
        /// Call unique id.
        pub unique_id: String = "uniqueId",
        /// Outbound caller ID.
        pub ob_clid: String = "obClid",
        /// Beyond the seed: why a call with result `error` failed: `noAnswer`, `busy` or
        /// `cancelled` (docs/flows.md §4). Absent on success.
        pub reason: Option<String> = "reason" { optional, ts("\"noAnswer\" | \"busy\" | \"cancelled\"") },
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn preview_start_uses_seed_camel_case_names() {
        let e = PreviewObCallStartEvent {
            tenant_id: "t1".into(),
            agent_no: "0001".into(),
            customer_number: "13800000000".into(),
            customer_number_type: 1,
            ob_clid_area_code: "010".into(),
            main_unique_id: "m-1".into(),
            request_unique_id: "r-1".into(),
            ob_clid: "01088886666".into(),
        };
        let v = serde_json::to_value(&e).unwrap();
        for key in [
            "obClidAreaCode",
            "requestUniqueId",
            "obClid",
            "customerNumberType",
        ] {
            assert!(v.get(key).is_some(), "{key} missing from {v}");
        }
    }

    #[test]
    fn preview_result_without_unique_id_is_rejected() {
        let v = json!({
            "tenantId": "t1", "agentNo": "0001", "customerNumber": "1",
            "result": "error", "obClid": "2"
        });
        let err = serde_json::from_value::<PreviewObCallResultEvent>(v).unwrap_err();
        assert!(err.to_string().contains("uniqueId"), "{err}");
    }
}
