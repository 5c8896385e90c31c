//! Arbitrary JSON values for structured targets, shaped like what a page passes: object keys
//! mostly from the SDK's own parameter names (so the parsers get past "unknown field"), depth
//! bounded as the JS face bounds arguments (issue 10, defect 1: the conversion of a JS value
//! refuses anything deeper before the engine sees it).

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Number, Value};

/// Deepest nesting generated: serde_json's own parse limit (128) is the most any frame has.
pub const MAX_DEPTH: u32 = 128;

/// The parameter and option names of the SDK's commands and `setup()`.
const KEYS: &[&str] = &[
    "tenantId",
    "agentNo",
    "sessionKey",
    "bindEndpoint",
    "endpointType",
    "endpoint",
    "initialStatus",
    "pauseDescription",
    "pauseType",
    "logoutMode",
    "unbindEndpoint",
    "customerNumber",
    "agentAnswerTimeout",
    "customerAnswerTimeout",
    "chanVariables",
    "name",
    "value",
    "type",
    "direction",
    "digits",
    "targetType",
    "target",
    "blxferVariables",
    "ivrId",
    "ivrNode",
    "variables",
    "queues",
    "sdp",
    "baseURL",
    "webrtc",
    "webrtcStats",
    "debug",
    "audio_debug",
    "observability",
    "commandTimeoutMs",
    "connectTimeoutMs",
    "maxReconnectAttempts",
    "reconnectBaseMs",
    "reconnectMaxMs",
    "reconnectJitter",
    "heartbeatIntervalMs",
    "heartbeatTimeoutMs",
    "quality",
    "ping",
    "mos",
    "warnings",
    "excellentBelowMs",
    "goodBelowMs",
    "fairBelowMs",
    "sipDisconnectGraceMs",
    "webrtcStatsIntervalMs",
    "__proto__",
    "constructor",
];

/// A JSON value built from the fuzzer's bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub Value);

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        value(u, 0).map(Json)
    }
}

/// A value at `depth`.
pub fn value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let leaf_only = depth >= MAX_DEPTH || u.is_empty();
    let kind = if leaf_only {
        u.int_in_range(0..=4)?
    } else {
        u.int_in_range(0..=6)?
    };
    Ok(match kind {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(Number::from(u.arbitrary::<i64>()?)),
        3 => Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        4 => Value::String(string(u)?),
        5 => {
            let mut items = Vec::new();
            for _ in 0..u.int_in_range(0..=8)? {
                items.push(value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => Value::Object(object(u, depth + 1)?),
    })
}

/// An object whose keys are mostly the SDK's parameter names.
pub fn object(u: &mut Unstructured<'_>, depth: u32) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    for _ in 0..u.int_in_range(0..=8)? {
        let key = if u.ratio(3, 4)? {
            (*u.choose(KEYS)?).to_owned()
        } else {
            string(u)?
        };
        map.insert(key, value(u, depth)?);
    }
    Ok(map)
}

/// A string: mostly short and plain, rarely long (a key or description past the 8 KiB and 64 KiB
/// limits): rare, since building and parsing one costs as much as a hundred ordinary inputs.
pub fn string(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 512)? {
        let unit: char = u.arbitrary()?;
        let len = u.int_in_range(0..=70_000usize)?;
        return Ok(std::iter::repeat_n(unit, len).collect());
    }
    u.arbitrary()
}
