//! Payloads of the agent status, session, softphone-session, reconnect and extension events
//! (seed 003 §3.1, §3.9, §3.18, §3.20; the session events are listed in §2 without fields).

use crate::agent::AgentStatus;
use crate::payload;

payload! {
    /// `agentStatus`: the agent's status changed (seed 003 §3.1).
    pub struct AgentStatusEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId" { track(tenant) },
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Agent status object (state, stateAction, initialStatus, deviceStatus and the extras that
        /// depend on them).
        pub status: AgentStatus = "status" { track(status) },
    }
}

payload! {
    /// `sessionInit`: the agent session was established.
    ///
    /// Seed 003 §2 names the event but gives no fields; these are this project's choice: who the
    /// session belongs to and the gateway's id for it.
    pub struct SessionInitEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// The gateway's id of the new session.
        pub session_id: String = "sessionId",
    }
}

payload! {
    /// `sessionTerminate`: the agent session ended (seed 003 §2, no fields given; PRODUCT.md §2
    /// asks for a reason after the last reconnect attempt fails).
    pub struct SessionTerminateEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId" { track(tenant) },
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Why the session ended (logged out, kicked, key revoked, reconnect gave up, ...).
        pub reason: String = "reason",
    }
}

payload! {
    /// `sipSessionInit`: the softphone (SIP) session was established (seed 003 §2, no fields
    /// given).
    pub struct SipSessionInitEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// The softphone endpoint (extension) the session registered.
        pub endpoint: String = "endpoint",
    }
}

payload! {
    /// `sipSessionTerminate`: the softphone (SIP) session ended (seed 003 §2, no fields given).
    pub struct SipSessionTerminateEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId" { track(tenant) },
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// Why the softphone session ended.
        pub reason: String = "reason",
    }
}

payload! {
    /// `sipDisconnected`: the softphone connection was interrupted (seed 003 §3.20). The seed
    /// gives no fields; in most cases the agent should log in again or recreate the softphone
    /// session.
    pub struct SipDisconnectedEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId" { track(tenant) },
        /// Agent ID.
        pub agent_no: String = "agentNo" { track(agent) },
        /// What interrupted the softphone connection.
        pub reason: String = "reason",
    }
}

payload! {
    /// `reconnectAttempt`: the SDK is about to retry the gateway connection, or has just restored
    /// it (seed 003 §3.9; the loop itself is PRODUCT.md §2). The seed's payload carries no tenant
    /// or agent.
    pub struct ReconnectAttemptEvent {
        /// Attempt number, starting at 1.
        pub attempt: i64 = "attempt",
        /// 0 reconnected; -1 disconnected (an attempt is about to be made).
        pub code: i64 = "code",
        /// Timestamp (ms) when the reconnect loop started.
        pub first_attempt_ts: i64 = "firstAttemptTs",
        /// Maximum number of attempts (20 by default, seed 003 §3.9).
        pub max_attempts: i64 = "maxAttempts",
        /// Elapsed time since the first attempt (ms).
        pub since_first_attempt_ms: i64 = "sinceFirstAttemptMs",
        /// Beyond the seed: with code −1, the wait in ms before this attempt starts, so a page can
        /// show a countdown. Absent with code 0.
        pub delay_ms: Option<i64> = "delayMs" { optional },
    }
}

payload! {
    /// `extenState`: the bound extension's registration changed (seed 003 §3.18). The seed's
    /// payload carries no agent, and spells the registration URI in capitals (`URI`).
    pub struct ExtenStateEvent {
        /// `Reachable` or `Unreachable`.
        pub state: String = "state",
        /// `Registered` or `Unregistered`.
        pub register_state: String = "registerState",
        /// Registration time (e.g. `2024-01-01 10:54:19`).
        pub register_time: String = "registerTime",
        /// Expiration time.
        pub expiration_time: String = "expirationTime",
        /// Phone IP.
        pub exten_ip: String = "extenIp",
        /// Registration URI.
        pub uri: String = "URI",
        /// Extension number.
        pub exten_no: String = "extenNo",
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn exten_state_keeps_the_seeds_upper_case_uri_key() {
        let e = ExtenStateEvent {
            state: "Reachable".into(),
            register_state: "Registered".into(),
            register_time: "2024-01-01 10:54:19".into(),
            expiration_time: "2024-01-01 11:54:19".into(),
            exten_ip: "10.0.0.7".into(),
            uri: "sip:3016@10.0.0.7:5060".into(),
            exten_no: "3016".into(),
            tenant_id: "t1".into(),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["URI"], json!("sip:3016@10.0.0.7:5060"));
        assert!(v.get("uri").is_none());
        assert_eq!(v["extenIp"], json!("10.0.0.7"));
    }

    #[test]
    fn reconnect_attempt_reads_negative_code_for_disconnected() {
        let v = json!({
            "attempt": 3, "code": -1, "firstAttemptTs": 1_700_000_000_000_i64,
            "maxAttempts": 20, "sinceFirstAttemptMs": 7000
        });
        let e: ReconnectAttemptEvent = serde_json::from_value(v).unwrap();
        assert_eq!((e.attempt, e.code, e.max_attempts), (3, -1, 20));
    }

    #[test]
    fn agent_status_event_requires_the_status_object() {
        let v = json!({ "tenantId": "t1", "agentNo": "0001" });
        let err = serde_json::from_value::<AgentStatusEvent>(v).unwrap_err();
        assert!(err.to_string().contains("missing field `status`"), "{err}");
    }
}
