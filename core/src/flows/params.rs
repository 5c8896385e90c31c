//! The argument objects of the call and supervisor commands (docs/flows.md), typed so that a
//! wrong shape is refused with a message naming the field, before anything reaches the wire.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A channel variable passed to the platform (research/agentsdk-reference.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelVariable {
    /// Variable name.
    pub name: String,
    /// Variable value.
    pub value: String,
    /// 1 normal, 2 PJSIP header, 3 auto-wrapped `${}`, 4 SIP header.
    #[serde(default = "normal_variable")]
    pub r#type: i64,
}

fn normal_variable() -> i64 {
    1
}

/// `previewObCall`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewObCallParams {
    /// The number to dial.
    pub customer_number: String,
    /// Seconds the agent's own leg may ring (5–60, default 30; research §2 legacy limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_answer_timeout: Option<u64>,
    /// Seconds the customer may ring (5–60, default 45).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_answer_timeout: Option<u64>,
    /// Channel variables for the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chan_variables: Option<Vec<ChannelVariable>>,
}

/// `mute` / `unmute`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteParams {
    /// `in`, `out` or `both` (default); the reference also accepts `sendrecv` for both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// `sendDtmf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DtmfParams {
    /// 1–32 of `0-9 * # A-D`.
    pub digits: String,
}

/// `startAtxfer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AtxferParams {
    /// 0 outside number, 1 agent, 2 extension.
    pub target_type: i64,
    /// The number, agent or extension.
    pub target: String,
}

/// `blxfer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlxferParams {
    /// 0 outside number, 1 agent, 2 extension, 3 IVR node.
    pub target_type: i64,
    /// The target; for an IVR node JSON `{"ivrId","ivrNode"}`.
    pub target: String,
    /// At most 5 variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blxfer_variables: Option<Vec<ChannelVariable>>,
}

/// `transferIvr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransferIvrParams {
    /// The IVR to run.
    pub ivr_id: String,
    /// The node to start at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ivr_node: Option<String>,
    /// Variables handed to the IVR and returned in `interactReturn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Map<String, Value>>,
}

/// The supervisor commands' target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetParams {
    /// The agent acted on.
    pub agent_no: String,
    /// For `setPause`: the reason shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_description: Option<String>,
}

/// `subscribeQueueStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueueSubscriptionParams {
    /// Queue numbers; all of the tenant's queues when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queues: Option<Vec<String>>,
}

/// Checks what serde cannot express; returns the reason a value is refused.
pub(super) fn validate(value: &Value) -> Result<(), String> {
    let get = |k: &str| value.get(k);
    if let Some(Value::String(digits)) = get("digits") {
        let ok = !digits.is_empty() && digits.len() <= 32 && digits.chars().all(|c| "0123456789*#ABCD".contains(c));
        if !ok {
            return Err(format!("`digits` must be 1–32 of 0-9 * # A-D, got {digits:?}"));
        }
    }
    if let Some(Value::String(direction)) = get("direction") {
        if !matches!(direction.as_str(), "in" | "out" | "both" | "sendrecv") {
            return Err(format!("`direction` must be \"in\", \"out\" or \"both\", got {direction:?}"));
        }
    }
    for (key, min, max) in [("agentAnswerTimeout", 5, 60), ("customerAnswerTimeout", 5, 60)] {
        if let Some(n) = get(key).and_then(Value::as_u64) {
            if !(min..=max).contains(&n) {
                return Err(format!("`{key}` must be {min}–{max} seconds, got {n}"));
            }
        }
    }
    for key in ["customerNumber", "target", "agentNo", "ivrId"] {
        if let Some(Value::String(s)) = get(key) {
            if s.trim().is_empty() {
                return Err(format!("`{key}` must not be empty"));
            }
        }
    }
    if let Some(Value::Array(vars)) = get("blxferVariables") {
        if vars.len() > 5 {
            return Err(format!("`blxferVariables` holds at most 5 variables, got {}", vars.len()));
        }
    }
    Ok(())
}
