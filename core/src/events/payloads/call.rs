//! Payloads of the call events outside the preview and consult flows: inbound ringing, IVR
//! return, real-time transcript and scheduled callback (seed 003 §3.6, §3.17, §3.19, §3.21).

use crate::payload;
#[cfg(feature = "json")]
use serde_json::{Map, Value};

payload! {
    /// `ringing`: a call is ringing at the agent (seed 003 §3.6).
    #[cfg(feature = "json")]
    pub struct RingingEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// 1 inbound; 2 WebCall; 4 preview outbound; 5 predictive outbound; 6 outbound; 9 internal
        /// call; 11 SIP access.
        pub call_type: i64 = "callType",
        /// Channel name.
        pub channel: String = "channel",
        /// Main call unique id.
        pub main_unique_id: String = "mainUniqueId",
        /// Per-leg unique id.
        pub unique_id: String = "uniqueId",
        /// Customer number.
        pub customer_number: String = "customerNumber",
        /// Area code.
        pub customer_area_code: String = "customerAreaCode",
        /// Province.
        pub customer_province: String = "customerProvince",
        /// City.
        pub customer_city: String = "customerCity",
        /// Sub-type (101/102/103/...) that tells transfer, consult, monitoring, etc. apart.
        pub sub_call_type: i64 = "subCallType",
        /// Hotline.
        pub hotline: String = "hotline",
        /// Trunk.
        pub number_trunk: String = "numberTrunk",
        /// Queue number.
        pub queue_no: String = "queueNo",
        /// Custom variables. The seed does not type the inside, so it stays a JSON object.
        pub chan_variables: Map<String, Value> = "chanVariables",
    }
}

payload! {
    /// `interactReturn`: an IVR the call was transferred to returned its variables (seed 003 §3.19).
    #[cfg(feature = "json")]
    pub struct InteractReturnEvent {
        /// Tenant ID.
        pub tenant_id: String = "tenantId",
        /// Agent ID.
        pub agent_no: String = "agentNo",
        /// Return variables (provided via `transferIvr`); free-form, as the IVR sets them.
        pub return_variables: Map<String, Value> = "returnVariables",
    }
}

payload! {
    /// `transcript`: one sentence of real-time transcription, partial or final (seed 003 §3.21).
    ///
    /// Legacy names `transcriptEvent` and `rasr` are not accepted: the seed fixes `transcript`.
    pub struct TranscriptEvent {
        /// Transcribed sentence text.
        pub text: String = "text",
        /// 1 agent side; 2 customer side.
        pub role: i64 = "role",
        /// Absolute timestamp (ms) when the text was generated.
        pub transcript_time: i64 = "transcriptTime",
        /// Begin time relative to the start of the recording (ms).
        pub begin_time: i64 = "beginTime",
        /// End time relative to the start of the recording (ms).
        pub end_time: i64 = "endTime",
        /// 1 finished; 0 in progress.
        pub finished: i64 = "finished",
        /// Sentence index, starting from 0.
        pub sentence_index: i64 = "sentenceIndex",
        /// `intermediateResult` or `sentenceEnd`.
        pub sentence_type: String = "sentenceType",
        /// Main call unique id.
        pub main_unique_id: String = "mainUniqueId",
        /// Timestamp (ms) when the engine started on the sentence; returned with `sentenceEnd` only,
        /// hence optional.
        pub sentence_begin_timestamp: Option<i64> = "sentenceBeginTimestamp" { optional },
        /// Timestamp (ms) when the final text was returned; returned with `sentenceEnd` only, hence
        /// optional.
        pub sentence_end_timestamp: Option<i64> = "sentenceEndTimestamp" { optional },
    }
}

/// `orderCallBack`: a scheduled callback is due (seed 003 §3.17).
///
/// The seed gives no field-level contract and recommends treating the event as pass-through, so
/// every field except `eventType` is kept as received.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OrderCallBackEvent {
    /// Every field of the payload other than `eventType`, unchanged.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

#[cfg(feature = "json")]
impl OrderCallBackEvent {
    /// The struct's doc comment, line by line (for the TypeScript generator).
    pub const DOC: &'static [&'static str] = &[" `orderCallBack`: a scheduled callback is due (seed 003 §3.17): pass-through, no field contract."];

    /// The engine reads nothing of it.
    pub fn facts(&self, _facts: &mut crate::events::schema::EventFacts<'_>) {}
}

#[cfg(feature = "json")]
impl crate::events::schema::Field for OrderCallBackEvent {
    fn kind() -> crate::events::schema::Kind {
        crate::events::schema::Kind::AnyObject
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn partial_sentence() -> Value {
        json!({
            "text": "hello", "role": 1, "transcriptTime": 1_700_000_000_500_i64,
            "beginTime": 1200, "endTime": 1900, "finished": 0, "sentenceIndex": 0,
            "sentenceType": "intermediateResult", "mainUniqueId": "m-1"
        })
    }

    #[test]
    fn partial_transcript_has_no_sentence_timestamps_and_writes_none() {
        let e: TranscriptEvent = serde_json::from_value(partial_sentence()).unwrap();
        assert_eq!(e.sentence_begin_timestamp, None);
        assert_eq!(serde_json::to_value(&e).unwrap(), partial_sentence());
    }

    #[test]
    fn final_transcript_carries_sentence_timestamps() {
        let mut v = partial_sentence();
        v["sentenceType"] = json!("sentenceEnd");
        v["sentenceBeginTimestamp"] = json!(1_700_000_000_100_i64);
        v["sentenceEndTimestamp"] = json!(1_700_000_000_900_i64);
        let e: TranscriptEvent = serde_json::from_value(v).unwrap();
        assert_eq!(e.sentence_end_timestamp, Some(1_700_000_000_900));
    }

    #[test]
    fn order_callback_passes_unknown_fields_through() {
        let v = json!({ "tenantId": "t1", "callbackTime": 1_700_000_000_000_i64, "x": [1] });
        let e: OrderCallBackEvent = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(e.fields.len(), 3);
        assert_eq!(serde_json::to_value(&e).unwrap(), v);
    }
}
