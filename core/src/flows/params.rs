//! The argument objects of the call and supervisor commands (docs/flows.md), declared once: the
//! types serde reads natively, the rules both the native parser and the JS layer's generated
//! checks apply (`rule(…)`, see [`Rule`]), and the TypeScript the page is typed with. A wrong
//! shape is refused with a message naming the field, before anything reaches the wire.

use serde_json::{Map, Value};

use crate::events::rules::Rule;
use crate::payload;

/// `type` of a channel variable when none is given: 1, normal (research/agentsdk-reference.md §6).
fn normal_variable() -> i64 {
    1
}

payload! {
    /// A channel variable passed to the platform (research/agentsdk-reference.md §6).
    pub strict struct ChannelVariable {
        /// Variable name.
        pub name: String = "name",
        /// Variable value.
        pub value: String = "value",
        /// 1 normal (default), 2 PJSIP header, 3 auto-wrapped `${}`, 4 SIP header.
        pub r#type: i64 = "type" { default_int("normal_variable", 1), ts("1 | 2 | 3 | 4") },
    }
}

payload! {
    /// The argument of `previewObCall`.
    pub strict struct PreviewObCallParams {
        /// The number to dial.
        pub customer_number: String = "customerNumber" { rule(Rule::NonEmpty) },
        /// Seconds the agent's own leg may ring (5–60, default 30; research §2 legacy limits).
        pub agent_answer_timeout: Option<u64> = "agentAnswerTimeout" { optional, rule(Rule::Range(5, 60, " seconds")) },
        /// Seconds the customer may ring (5–60, default 45).
        pub customer_answer_timeout: Option<u64> = "customerAnswerTimeout" { optional, rule(Rule::Range(5, 60, " seconds")) },
        /// Channel variables for the call.
        pub chan_variables: Option<Vec<ChannelVariable>> = "chanVariables" { optional },
    }
}

payload! {
    /// The argument of `mute` / `unmute`.
    #[derive(Default)]
    pub strict struct MuteParams {
        /// `in`, `out` or `both` (default); the reference also accepts `sendrecv` for both.
        pub direction: Option<String> = "direction" {
            optional,
            rule(Rule::StrIn(&["in", "out", "both", "sendrecv"], "\"in\", \"out\" or \"both\"")),
            ts("\"in\" | \"out\" | \"both\" | \"sendrecv\""),
        },
    }
}

payload! {
    /// The argument of `sendDtmf`.
    pub strict struct DtmfParams {
        /// 1–32 of `0-9 * # A-D`.
        pub digits: String = "digits" { rule(Rule::Chars("0123456789*#ABCD", 1, 32, "0-9 * # A-D")) },
    }
}

payload! {
    /// The argument of `startAtxfer`.
    pub strict struct AtxferParams {
        /// 0 outside number, 1 agent, 2 extension.
        pub target_type: i64 = "targetType" {
            rule(Rule::IntIn(&[0, 1, 2], "0 (number), 1 (agent) or 2 (extension)")),
            ts("0 | 1 | 2"),
        },
        /// The number, agent or extension.
        pub target: String = "target" { rule(Rule::NonEmpty) },
    }
}

payload! {
    /// The argument of `blxfer`.
    pub strict struct BlxferParams {
        /// 0 outside number, 1 agent, 2 extension, 3 IVR node.
        pub target_type: i64 = "targetType" { rule(Rule::Range(0, 3, "")), ts("0 | 1 | 2 | 3") },
        /// The target; for an IVR node JSON `{"ivrId","ivrNode"}`.
        pub target: String = "target" { rule(Rule::NonEmpty) },
        /// At most 5 variables.
        pub blxfer_variables: Option<Vec<ChannelVariable>> = "blxferVariables" { optional, rule(Rule::MaxItems(5, "variables")) },
    }
}

payload! {
    /// The argument of `transferIvr`.
    pub strict struct TransferIvrParams {
        /// The IVR to run.
        pub ivr_id: String = "ivrId" { rule(Rule::NonEmpty) },
        /// The node to start at.
        pub ivr_node: Option<String> = "ivrNode" { optional },
        /// Variables handed to the IVR and returned in `interactReturn`.
        pub variables: Option<Map<String, Value>> = "variables" { optional },
    }
}

payload! {
    /// The agent a supervisor command acts on.
    pub strict struct TargetParams {
        /// The agent acted on.
        pub agent_no: String = "agentNo" { rule(Rule::NonEmpty) },
        /// For `setPause`: the reason shown.
        pub pause_description: Option<String> = "pauseDescription" { optional },
    }
}

payload! {
    /// The argument of `subscribeQueueStatus`: all of the tenant's queues when `queues` is absent.
    #[derive(Default)]
    pub strict struct QueueSubscriptionParams {
        /// Queue numbers.
        pub queues: Option<Vec<String>> = "queues" { optional },
    }
}
