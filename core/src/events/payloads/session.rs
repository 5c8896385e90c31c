//! Payloads of the agent status, session, softphone-session, reconnect and extension events
//! (seed 003 §3.1, §3.9, §3.18, §3.20; the session events are listed in §2 without fields).

use serde::{Deserialize, Serialize};

use crate::agent::AgentStatus;

/// `agentStatus`: the agent's status changed (seed 003 §3.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Agent status object (state, stateAction, initialStatus, deviceStatus and the extras that
    /// depend on them).
    pub status: AgentStatus,
}

/// `sessionInit`: the agent session was established.
///
/// Seed 003 §2 names the event but gives no fields; these are this project's choice: who the
/// session belongs to and the gateway's id for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInitEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// The gateway's id of the new session.
    pub session_id: String,
}

/// `sessionTerminate`: the agent session ended (seed 003 §2, no fields given; PRODUCT.md §2 asks
/// for a reason after the last reconnect attempt fails).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionTerminateEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Why the session ended (logged out, kicked, key revoked, reconnect gave up, ...).
    pub reason: String,
}

/// `sipSessionInit`: the softphone (SIP) session was established (seed 003 §2, no fields given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SipSessionInitEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// The softphone endpoint (extension) the session registered.
    pub endpoint: String,
}

/// `sipSessionTerminate`: the softphone (SIP) session ended (seed 003 §2, no fields given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SipSessionTerminateEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Why the softphone session ended.
    pub reason: String,
}

/// `sipDisconnected`: the softphone connection was interrupted (seed 003 §3.20). The seed gives
/// no fields; in most cases the agent should log in again or recreate the softphone session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SipDisconnectedEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// What interrupted the softphone connection.
    pub reason: String,
}

/// `reconnectAttempt`: the SDK is about to retry the gateway connection, or has just restored it
/// (seed 003 §3.9; the loop itself is PRODUCT.md §2). The seed's payload carries no tenant or
/// agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconnectAttemptEvent {
    /// Attempt number, starting at 1.
    pub attempt: i64,
    /// 0 reconnected; -1 disconnected (an attempt is about to be made).
    pub code: i64,
    /// Timestamp (ms) when the reconnect loop started.
    pub first_attempt_ts: i64,
    /// Maximum number of attempts (20 by default, seed 003 §3.9).
    pub max_attempts: i64,
    /// Elapsed time since the first attempt (ms).
    pub since_first_attempt_ms: i64,
    /// Beyond the seed: with code −1, the wait in ms before this attempt starts, so a page can
    /// show a countdown. Absent with code 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<i64>,
}

/// `extenState`: the bound extension's registration changed (seed 003 §3.18). The seed's payload
/// carries no agent, and spells the registration URI in capitals (`URI`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtenStateEvent {
    /// `Reachable` or `Unreachable`.
    pub state: String,
    /// `Registered` or `Unregistered`.
    pub register_state: String,
    /// Registration time (e.g. `2024-01-01 10:54:19`).
    pub register_time: String,
    /// Expiration time.
    pub expiration_time: String,
    /// Phone IP.
    pub exten_ip: String,
    /// Registration URI.
    #[serde(rename = "URI")]
    pub uri: String,
    /// Extension number.
    pub exten_no: String,
    /// Tenant ID.
    pub tenant_id: String,
}

#[cfg(test)]
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
