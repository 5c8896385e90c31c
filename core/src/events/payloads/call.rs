//! Payloads of the call events outside the preview and consult flows: inbound ringing, IVR
//! return, real-time transcript and scheduled callback (seed 003 §3.6, §3.17, §3.19, §3.21).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `ringing`: a call is ringing at the agent (seed 003 §3.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RingingEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// 1 inbound; 2 WebCall; 4 preview outbound; 5 predictive outbound; 6 outbound; 9 internal
    /// call; 11 SIP access.
    pub call_type: i64,
    /// Channel name.
    pub channel: String,
    /// Main call unique id.
    pub main_unique_id: String,
    /// Per-leg unique id.
    pub unique_id: String,
    /// Customer number.
    pub customer_number: String,
    /// Area code.
    pub customer_area_code: String,
    /// Province.
    pub customer_province: String,
    /// City.
    pub customer_city: String,
    /// Sub-type (101/102/103/...) that tells transfer, consult, monitoring, etc. apart.
    pub sub_call_type: i64,
    /// Hotline.
    pub hotline: String,
    /// Trunk.
    pub number_trunk: String,
    /// Queue number.
    pub queue_no: String,
    /// Custom variables. The seed does not type the inside, so it stays a JSON object.
    pub chan_variables: Map<String, Value>,
}

/// `interactReturn`: an IVR the call was transferred to returned its variables (seed 003 §3.19).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractReturnEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Return variables (provided via `transferIvr`); free-form, as the IVR sets them.
    pub return_variables: Map<String, Value>,
}

/// `transcript`: one sentence of real-time transcription, partial or final (seed 003 §3.21).
///
/// Legacy names `transcriptEvent` and `rasr` are not accepted: the seed fixes `transcript`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptEvent {
    /// Transcribed sentence text.
    pub text: String,
    /// 1 agent side; 2 customer side.
    pub role: i64,
    /// Absolute timestamp (ms) when the text was generated.
    pub transcript_time: i64,
    /// Begin time relative to the start of the recording (ms).
    pub begin_time: i64,
    /// End time relative to the start of the recording (ms).
    pub end_time: i64,
    /// 1 finished; 0 in progress.
    pub finished: i64,
    /// Sentence index, starting from 0.
    pub sentence_index: i64,
    /// `intermediateResult` or `sentenceEnd`.
    pub sentence_type: String,
    /// Main call unique id.
    pub main_unique_id: String,
    /// Timestamp (ms) when the engine started on the sentence; returned with `sentenceEnd` only,
    /// hence optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_begin_timestamp: Option<i64>,
    /// Timestamp (ms) when the final text was returned; returned with `sentenceEnd` only, hence
    /// optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_end_timestamp: Option<i64>,
}

/// `orderCallBack`: a scheduled callback is due (seed 003 §3.17).
///
/// The seed gives no field-level contract and recommends treating the event as pass-through, so
/// every field except `eventType` is kept as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderCallBackEvent {
    /// Every field of the payload other than `eventType`, unchanged.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

#[cfg(test)]
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
