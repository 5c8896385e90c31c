// GENERATED from agentdesk-core's declarations by tests/generated.rs: do not edit.
// Regenerate with `bash scripts/generate.sh`; `cargo test` fails while this file is stale.
//
// Shapes: "s" string, "i" integer, "u" integer from 0, "n" number, "b" boolean, "*" any
// JSON, "O" any object; ["?", k] k or null; ["e", list] one of these strings; ["ie", list] one of
// these integers; ["r", k] an object of k; ["a", k] an array of k; a declared object is
// ["o", name, strict, fields], each field [key, kind, optional, rules, default]. Rules, each with
// its message template ({path}, {value}): ["ne", t] not empty; ["ii", list, t] / ["si", list, t]
// one of; ["rg", min, max, t] in range; ["ch", chars, min, max, t] characters; ["mx", n, t] at most
// n items.

/** The largest frame either side accepts, in bytes (docs/protocol.md §1). */
export const MAX_FRAME_BYTES = 65536;

/** `AgentState`, numbered as the engine numbers it. */
export const AGENT_STATE = ["offline", "invalid", "idle", "busy", "calling", "ringing", "talking", "wrapup"];
const AGENT_STATE_INDEX = { __proto__: null, offline: 0, invalid: 1, idle: 2, busy: 3, calling: 4, ringing: 5, talking: 6, wrapup: 7 };

const O_BindEndpoint = ["o", "BindEndpoint", 1, [
  ["endpointType", "i", 0, [["ii", [1, 2, 3], "`{path}` must be 1 (PSTN), 2 (extension) or 3 (softphone), got {value}"]]],
  ["endpoint", "s"],
]];
const O_LoginParams = ["o", "LoginParams", 1, [
  ["tenantId", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["agentNo", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["sessionKey", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["bindEndpoint", O_BindEndpoint],
  ["initialStatus", ["?", ["ie", [0, 1, 2, 3]]], 1, [["ii", [1, 2, 3], "`{path}` must be 1 (idle), 2 (busy) or 3 (wrap-up), got {value}"]]],
  ["pauseDescription", ["?", "s"], 1],
]];
const O_LogoutParams = ["o", "LogoutParams", 1, [
  ["logoutMode", ["?", "i"], 1],
  ["unbindEndpoint", ["?", "i"], 1],
]];
const O_PauseParams = ["o", "PauseParams", 1, [
  ["pauseType", ["?", "i"], 1],
  ["pauseDescription", ["?", "s"], 1],
]];
const O_ChannelVariable = ["o", "ChannelVariable", 1, [
  ["name", "s"],
  ["value", "s"],
  ["type", "i", 1, 0, 1],
]];
const O_PreviewObCallParams = ["o", "PreviewObCallParams", 1, [
  ["customerNumber", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["agentAnswerTimeout", ["?", "u"], 1, [["rg", 5, 60, "`{path}` must be 5–60 seconds, got {value}"]]],
  ["customerAnswerTimeout", ["?", "u"], 1, [["rg", 5, 60, "`{path}` must be 5–60 seconds, got {value}"]]],
  ["chanVariables", ["?", ["a", O_ChannelVariable]], 1],
]];
const O_MuteParams = ["o", "MuteParams", 1, [
  ["direction", ["?", "s"], 1, [["si", ["in", "out", "both", "sendrecv"], "`{path}` must be \"in\", \"out\" or \"both\", got {value}"]]],
]];
const O_DtmfParams = ["o", "DtmfParams", 1, [
  ["digits", "s", 0, [["ch", "0123456789*#ABCD", 1, 32, "`{path}` must be 1–32 of 0-9 * # A-D, got {value}"]]],
]];
const O_AtxferParams = ["o", "AtxferParams", 1, [
  ["targetType", "i", 0, [["ii", [0, 1, 2], "`{path}` must be 0 (number), 1 (agent) or 2 (extension), got {value}"]]],
  ["target", "s", 0, [["ne", "`{path}` must not be empty"]]],
]];
const O_BlxferParams = ["o", "BlxferParams", 1, [
  ["targetType", "i", 0, [["rg", 0, 3, "`{path}` must be 0–3, got {value}"]]],
  ["target", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["blxferVariables", ["?", ["a", O_ChannelVariable]], 1, [["mx", 5, "`{path}` holds at most 5 variables, got {value}"]]],
]];
const O_TransferIvrParams = ["o", "TransferIvrParams", 1, [
  ["ivrId", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["ivrNode", ["?", "s"], 1],
  ["variables", ["?", "O"], 1],
]];
const O_TargetParams = ["o", "TargetParams", 1, [
  ["agentNo", "s", 0, [["ne", "`{path}` must not be empty"]]],
  ["pauseDescription", ["?", "s"], 1],
]];
const O_QueueSubscriptionParams = ["o", "QueueSubscriptionParams", 1, [
  ["queues", ["?", ["a", "s"]], 1],
]];
const O_PingThresholds = ["o", "PingThresholds", 0, [
  ["excellentBelowMs", "u", 1],
  ["goodBelowMs", "u", 1],
  ["fairBelowMs", "u", 1],
]];
const O_MosBuckets = ["o", "MosBuckets", 0, [
  ["excellentMin", "n", 1],
  ["goodMin", "n", 1],
  ["fairMin", "n", 1],
]];
const O_StatsConfig = ["o", "StatsConfig", 0, [
  ["mosBuckets", O_MosBuckets, 1],
  ["oneWayAfterIntervals", "u", 1],
]];
const O_WarningThresholds = ["o", "WarningThresholds", 0, [
  ["highRttMs", "n", 1],
  ["highJitterMs", "n", 1],
  ["highPacketLoss", "n", 1],
  ["lowMos", "n", 1],
  ["window", "u", 1],
  ["raiseAfter", "u", 1],
]];
const O_QualityConfig = ["o", "QualityConfig", 0, [
  ["ping", O_PingThresholds, 1],
  ["stats", O_StatsConfig, 1],
  ["warnings", O_WarningThresholds, 1],
]];
const O_SetupParams = ["o", "SetupConfig", 1, [
  ["baseURL", "s"],
  ["webrtc", ["?", "b"], 1],
  ["webrtcStats", ["?", "b"], 1],
  ["debug", ["?", "b"], 1],
  ["audio_debug", ["?", "b"], 1],
  ["observability", ["?", "b"], 1],
  ["commandTimeoutMs", ["?", "u"], 1],
  ["connectTimeoutMs", ["?", "u"], 1],
  ["maxReconnectAttempts", ["?", "u"], 1],
  ["reconnectBaseMs", ["?", "u"], 1],
  ["reconnectMaxMs", ["?", "u"], 1],
  ["reconnectJitter", ["?", "n"], 1],
  ["heartbeatIntervalMs", ["?", "u"], 1],
  ["heartbeatTimeoutMs", ["?", "u"], 1],
  ["quality", ["?", O_QualityConfig], 1],
  ["sipDisconnectGraceMs", ["?", "u"], 1],
  ["webrtcStatsIntervalMs", ["?", "u"], 1],
]];

/** The catalog events by the index the engine knows them by: [eventType, constant]. */
export const EVENTS = [
  ["agentStatus", "AGENT_STATUS"],
  ["previewObCallStart", "PREVIEW_OBCALL_START"],
  ["previewObCallRinging", "PREVIEW_OBCALL_RINGING"],
  ["previewObCallBridge", "PREVIEW_OBCALL_BRIDGE"],
  ["previewObCallResult", "PREVIEW_OBCALL_RESULT"],
  ["atxferStart", "ATXFER_START"],
  ["atxferLink", "ATXFER_LINK"],
  ["atxferEnded", "ATXFER_ENDED"],
  ["atxferError", "ATXFER_ERROR"],
  ["threewayAtxferResult", "THREEWAY_ATXFER_RESULT"],
  ["atxferThreewayUnlink", "ATXFER_THREEWAY_UNLINK"],
  ["completeAtxferResult", "COMPLETE_ATXFER_RESULT"],
  ["ringing", "RINGING"],
  ["sessionInit", "SESSION_INIT"],
  ["sessionTerminate", "SESSION_TERMINATE"],
  ["sipSessionInit", "SIP_SESSION_INIT"],
  ["sipSessionTerminate", "SIP_SESSION_TERMINATE"],
  ["reconnectAttempt", "RECONNECT_ATTEMPT"],
  ["queueStatus", "QUEUE_STATUS"],
  ["spyResult", "SPY_RESULT"],
  ["spyLink", "SPY_LINK"],
  ["spyUnlink", "SPY_UNLINK"],
  ["threewayResult", "THREEWAY_RESULT"],
  ["threewayLink", "THREEWAY_LINK"],
  ["threewayUnlink", "THREEWAY_UNLINK"],
  ["whisperResult", "WHISPER_RESULT"],
  ["whisperLink", "WHISPER_LINK"],
  ["whisperUnlink", "WHISPER_UNLINK"],
  ["bargeResult", "BARGE_RESULT"],
  ["bargeLink", "BARGE_LINK"],
  ["bargeUnlink", "BARGE_UNLINK"],
  ["disconnectResult", "DISCONNECT_RESULT"],
  ["setOfflineResult", "SET_OFFLINE"],
  ["extenState", "EXTENSTATE"],
  ["interactReturn", "INTERACT_RETURN"],
  ["sipDisconnected", "SIP_DISCONNECTED"],
  ["transcript", "TRANSCRIPT"],
  ["orderCallBack", "ORDER_CALLBACK"],
  ["ping", "PING"],
  ["webrtcStats", "WEBRTC_STATS"],
];

// The payload checks (tests/generate/checks.rs): each returns null when the payload fits its
// declaration, else the first problem, {path, expected, got} or {path, missing}.

export const I64 = 9223372036854775807;
export const U64 = 18446744073709551615;
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isI = (v) => Number.isInteger(v) && v >= -I64 && v <= I64;
const isU = (v) => Number.isInteger(v) && v >= 0 && v <= U64;
const miss = (key) => ({ path: [key], missing: true });
const bad = (key, expected, got) => ({ path: [key], expected, got });
const wrong = (expected, got) => ({ path: [], expected, got });
const inside = (key, p) => (p.path.unshift(key), p);
const anyObject = (v) => (isObj(v) ? null : wrong("an object", v));

function cAgentStatus(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.state) === undefined) return miss("state");
  if (!AGENT_STATE.includes(x)) return bad("state", "one of \"offline\", \"invalid\", \"idle\", \"busy\", \"calling\", \"ringing\", \"talking\", \"wrapup\"", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  if ((x = v.initialStatus) === undefined) return miss("initialStatus");
  if (x !== 0 && x !== 1 && x !== 2 && x !== 3) return bad("initialStatus", "one of 0, 1, 2, 3", x);
  if ((x = v.deviceStatus) === undefined) return miss("deviceStatus");
  if (x !== -1 && x !== 0 && x !== 1 && x !== 2 && x !== 3 && x !== 4) return bad("deviceStatus", "one of -1, 0, 1, 2, 3, 4", x);
  if ((x = v.callType) != null && (!isI(x))) return bad("callType", "an integer", x);
  if ((x = v.uniqueId) != null && (typeof x !== "string")) return bad("uniqueId", "a string", x);
  if ((x = v.mainUniqueId) != null && (typeof x !== "string")) return bad("mainUniqueId", "a string", x);
  if ((x = v.pauseDescription) != null && (typeof x !== "string")) return bad("pauseDescription", "a string", x);
  if ((x = v.pauseType) != null && (!isI(x))) return bad("pauseType", "an integer", x);
  if ((x = v.wrapupTime) != null && (!isI(x))) return bad("wrapupTime", "an integer", x);
  return null;
}
function cAgentStatusEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x, p;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.status) === undefined) return miss("status");
  if ((p = cAgentStatus(x)) !== null) return inside("status", p);
  return null;
}
function cPreviewObCallStartEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.customerNumber) === undefined) return miss("customerNumber");
  if (typeof x !== "string") return bad("customerNumber", "a string", x);
  if ((x = v.customerNumberType) === undefined) return miss("customerNumberType");
  if (!isI(x)) return bad("customerNumberType", "an integer", x);
  if ((x = v.obClidAreaCode) === undefined) return miss("obClidAreaCode");
  if (typeof x !== "string") return bad("obClidAreaCode", "a string", x);
  if ((x = v.mainUniqueId) === undefined) return miss("mainUniqueId");
  if (typeof x !== "string") return bad("mainUniqueId", "a string", x);
  if ((x = v.requestUniqueId) === undefined) return miss("requestUniqueId");
  if (typeof x !== "string") return bad("requestUniqueId", "a string", x);
  if ((x = v.obClid) === undefined) return miss("obClid");
  if (typeof x !== "string") return bad("obClid", "a string", x);
  return null;
}
function cPreviewObCallRingingEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.customerNumber) === undefined) return miss("customerNumber");
  if (typeof x !== "string") return bad("customerNumber", "a string", x);
  if ((x = v.customerNumberType) === undefined) return miss("customerNumberType");
  if (!isI(x)) return bad("customerNumberType", "an integer", x);
  if ((x = v.obClidAreaCode) === undefined) return miss("obClidAreaCode");
  if (typeof x !== "string") return bad("obClidAreaCode", "a string", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  if ((x = v.mainUniqueId) === undefined) return miss("mainUniqueId");
  if (typeof x !== "string") return bad("mainUniqueId", "a string", x);
  return null;
}
function cPreviewObCallBridgeEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.customerNumber) === undefined) return miss("customerNumber");
  if (typeof x !== "string") return bad("customerNumber", "a string", x);
  if ((x = v.customerNumberType) === undefined) return miss("customerNumberType");
  if (!isI(x)) return bad("customerNumberType", "an integer", x);
  if ((x = v.obClidAreaCode) === undefined) return miss("obClidAreaCode");
  if (typeof x !== "string") return bad("obClidAreaCode", "a string", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  if ((x = v.destChannel) === undefined) return miss("destChannel");
  if (typeof x !== "string") return bad("destChannel", "a string", x);
  if ((x = v.mainUniqueId) === undefined) return miss("mainUniqueId");
  if (typeof x !== "string") return bad("mainUniqueId", "a string", x);
  return null;
}
function cPreviewObCallResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.customerNumber) === undefined) return miss("customerNumber");
  if (typeof x !== "string") return bad("customerNumber", "a string", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.obClid) === undefined) return miss("obClid");
  if (typeof x !== "string") return bad("obClid", "a string", x);
  if ((x = v.reason) != null && (typeof x !== "string")) return bad("reason", "a string", x);
  return null;
}
function cAtxferStartEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  if ((x = v.destChannel) === undefined) return miss("destChannel");
  if (typeof x !== "string") return bad("destChannel", "a string", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  if ((x = v.mainUniqueId) === undefined) return miss("mainUniqueId");
  if (typeof x !== "string") return bad("mainUniqueId", "a string", x);
  return null;
}
function cAtxferLinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  if ((x = v.target) === undefined) return miss("target");
  if (typeof x !== "string") return bad("target", "a string", x);
  if ((x = v.targetType) === undefined) return miss("targetType");
  if (!isI(x)) return bad("targetType", "an integer", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  return null;
}
function cAtxferEndedEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.target) === undefined) return miss("target");
  if (typeof x !== "string") return bad("target", "a string", x);
  if ((x = v.targetType) === undefined) return miss("targetType");
  if (!isI(x)) return bad("targetType", "an integer", x);
  if ((x = v.hangupSide) === undefined) return miss("hangupSide");
  if (!isI(x)) return bad("hangupSide", "an integer", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  return null;
}
function cAtxferErrorEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  return null;
}
function cThreewayAtxferResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.target) === undefined) return miss("target");
  if (typeof x !== "string") return bad("target", "a string", x);
  if ((x = v.targetType) === undefined) return miss("targetType");
  if (!isI(x)) return bad("targetType", "an integer", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  return null;
}
function cAtxferThreewayUnlinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.target) === undefined) return miss("target");
  if (typeof x !== "string") return bad("target", "a string", x);
  if ((x = v.targetType) === undefined) return miss("targetType");
  if (!isI(x)) return bad("targetType", "an integer", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  return null;
}
function cCompleteAtxferResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.target) === undefined) return miss("target");
  if (typeof x !== "string") return bad("target", "a string", x);
  if ((x = v.targetType) === undefined) return miss("targetType");
  if (!isI(x)) return bad("targetType", "an integer", x);
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.stateAction) === undefined) return miss("stateAction");
  if (typeof x !== "string") return bad("stateAction", "a string", x);
  return null;
}
function cRingingEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.callType) === undefined) return miss("callType");
  if (!isI(x)) return bad("callType", "an integer", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  if ((x = v.mainUniqueId) === undefined) return miss("mainUniqueId");
  if (typeof x !== "string") return bad("mainUniqueId", "a string", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.customerNumber) === undefined) return miss("customerNumber");
  if (typeof x !== "string") return bad("customerNumber", "a string", x);
  if ((x = v.customerAreaCode) === undefined) return miss("customerAreaCode");
  if (typeof x !== "string") return bad("customerAreaCode", "a string", x);
  if ((x = v.customerProvince) === undefined) return miss("customerProvince");
  if (typeof x !== "string") return bad("customerProvince", "a string", x);
  if ((x = v.customerCity) === undefined) return miss("customerCity");
  if (typeof x !== "string") return bad("customerCity", "a string", x);
  if ((x = v.subCallType) === undefined) return miss("subCallType");
  if (!isI(x)) return bad("subCallType", "an integer", x);
  if ((x = v.hotline) === undefined) return miss("hotline");
  if (typeof x !== "string") return bad("hotline", "a string", x);
  if ((x = v.numberTrunk) === undefined) return miss("numberTrunk");
  if (typeof x !== "string") return bad("numberTrunk", "a string", x);
  if ((x = v.queueNo) === undefined) return miss("queueNo");
  if (typeof x !== "string") return bad("queueNo", "a string", x);
  if ((x = v.chanVariables) === undefined) return miss("chanVariables");
  if (!isObj(x)) return bad("chanVariables", "an object", x);
  return null;
}
function cSessionInitEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.sessionId) === undefined) return miss("sessionId");
  if (typeof x !== "string") return bad("sessionId", "a string", x);
  return null;
}
function cSessionTerminateEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.reason) === undefined) return miss("reason");
  if (typeof x !== "string") return bad("reason", "a string", x);
  return null;
}
function cSipSessionInitEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.endpoint) === undefined) return miss("endpoint");
  if (typeof x !== "string") return bad("endpoint", "a string", x);
  return null;
}
function cSipSessionTerminateEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.reason) === undefined) return miss("reason");
  if (typeof x !== "string") return bad("reason", "a string", x);
  return null;
}
function cReconnectAttemptEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.attempt) === undefined) return miss("attempt");
  if (!isI(x)) return bad("attempt", "an integer", x);
  if ((x = v.code) === undefined) return miss("code");
  if (!isI(x)) return bad("code", "an integer", x);
  if ((x = v.firstAttemptTs) === undefined) return miss("firstAttemptTs");
  if (!isI(x)) return bad("firstAttemptTs", "an integer", x);
  if ((x = v.maxAttempts) === undefined) return miss("maxAttempts");
  if (!isI(x)) return bad("maxAttempts", "an integer", x);
  if ((x = v.sinceFirstAttemptMs) === undefined) return miss("sinceFirstAttemptMs");
  if (!isI(x)) return bad("sinceFirstAttemptMs", "an integer", x);
  if ((x = v.delayMs) != null && (!isI(x))) return bad("delayMs", "an integer", x);
  return null;
}
function k22(v) {
  if (!Array.isArray(v)) return wrong("an array", v);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
  }
  return null;
}
function cQueueSnapshot(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x, p;
  if ((x = v.queueParams) === undefined) return miss("queueParams");
  if (!isObj(x)) return bad("queueParams", "an object", x);
  if ((x = v.agentStatuses) === undefined) return miss("agentStatuses");
  if ((p = k22(x)) !== null) return inside("agentStatuses", p);
  if ((x = v.queueEntries) === undefined) return miss("queueEntries");
  if ((p = k22(x)) !== null) return inside("queueEntries", p);
  return null;
}
function k20(v) {
  if (!isObj(v)) return wrong("an object", v);
  for (const key in v) {
    const x = v[key];
    const p = cQueueSnapshot(x);
    if (p !== null) return inside(key, p);
  }
  return null;
}
function cQueueStatusEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x, p;
  if ((x = v.queueStatus) === undefined) return miss("queueStatus");
  if ((p = k20(x)) !== null) return inside("queueStatus", p);
  return null;
}
function cSpyResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.spiedCno) === undefined) return miss("spiedCno");
  if (typeof x !== "string") return bad("spiedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  return null;
}
function cSpyLinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.spiedCno) === undefined) return miss("spiedCno");
  if (typeof x !== "string") return bad("spiedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  return null;
}
function cSpyUnlinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.spiedCno) === undefined) return miss("spiedCno");
  if (typeof x !== "string") return bad("spiedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  return null;
}
function cThreewayResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.threewayedCno) === undefined) return miss("threewayedCno");
  if (typeof x !== "string") return bad("threewayedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  return null;
}
function cThreewayLinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.threewayedCno) === undefined) return miss("threewayedCno");
  if (typeof x !== "string") return bad("threewayedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  return null;
}
function cThreewayUnlinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.threewayedAgentNo) === undefined) return miss("threewayedAgentNo");
  if (typeof x !== "string") return bad("threewayedAgentNo", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  return null;
}
function cWhisperResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.whisperedCno) === undefined) return miss("whisperedCno");
  if (typeof x !== "string") return bad("whisperedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  return null;
}
function cWhisperLinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.whisperedCno) === undefined) return miss("whisperedCno");
  if (typeof x !== "string") return bad("whisperedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  return null;
}
function cWhisperUnlinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.whisperedAgentNo) === undefined) return miss("whisperedAgentNo");
  if (typeof x !== "string") return bad("whisperedAgentNo", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  return null;
}
function cBargeResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.bargedAgentNo) === undefined) return miss("bargedAgentNo");
  if (typeof x !== "string") return bad("bargedAgentNo", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  return null;
}
function cBargeLinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.bargedAgentNo) === undefined) return miss("bargedAgentNo");
  if (typeof x !== "string") return bad("bargedAgentNo", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.channel) === undefined) return miss("channel");
  if (typeof x !== "string") return bad("channel", "a string", x);
  return null;
}
function cBargeUnlinkEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.bargedCno) === undefined) return miss("bargedCno");
  if (typeof x !== "string") return bad("bargedCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  return null;
}
function cDisconnectResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.disconnectorCno) === undefined) return miss("disconnectorCno");
  if (typeof x !== "string") return bad("disconnectorCno", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.initiatorType) === undefined) return miss("initiatorType");
  if (!isI(x)) return bad("initiatorType", "an integer", x);
  if ((x = v.uniqueId) === undefined) return miss("uniqueId");
  if (typeof x !== "string") return bad("uniqueId", "a string", x);
  if ((x = v.result) === undefined) return miss("result");
  if (typeof x !== "string") return bad("result", "a string", x);
  return null;
}
function cSetOfflineResultEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.initiator) === undefined) return miss("initiator");
  if (typeof x !== "string") return bad("initiator", "a string", x);
  if ((x = v.code) === undefined) return miss("code");
  if (typeof x !== "string") return bad("code", "a string", x);
  if ((x = v.message) === undefined) return miss("message");
  if (typeof x !== "string") return bad("message", "a string", x);
  return null;
}
function cExtenStateEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.state) === undefined) return miss("state");
  if (typeof x !== "string") return bad("state", "a string", x);
  if ((x = v.registerState) === undefined) return miss("registerState");
  if (typeof x !== "string") return bad("registerState", "a string", x);
  if ((x = v.registerTime) === undefined) return miss("registerTime");
  if (typeof x !== "string") return bad("registerTime", "a string", x);
  if ((x = v.expirationTime) === undefined) return miss("expirationTime");
  if (typeof x !== "string") return bad("expirationTime", "a string", x);
  if ((x = v.extenIp) === undefined) return miss("extenIp");
  if (typeof x !== "string") return bad("extenIp", "a string", x);
  if ((x = v.URI) === undefined) return miss("URI");
  if (typeof x !== "string") return bad("URI", "a string", x);
  if ((x = v.extenNo) === undefined) return miss("extenNo");
  if (typeof x !== "string") return bad("extenNo", "a string", x);
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  return null;
}
function cInteractReturnEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.returnVariables) === undefined) return miss("returnVariables");
  if (!isObj(x)) return bad("returnVariables", "an object", x);
  return null;
}
function cSipDisconnectedEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.tenantId) === undefined) return miss("tenantId");
  if (typeof x !== "string") return bad("tenantId", "a string", x);
  if ((x = v.agentNo) === undefined) return miss("agentNo");
  if (typeof x !== "string") return bad("agentNo", "a string", x);
  if ((x = v.reason) === undefined) return miss("reason");
  if (typeof x !== "string") return bad("reason", "a string", x);
  return null;
}
function cTranscriptEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.text) === undefined) return miss("text");
  if (typeof x !== "string") return bad("text", "a string", x);
  if ((x = v.role) === undefined) return miss("role");
  if (!isI(x)) return bad("role", "an integer", x);
  if ((x = v.transcriptTime) === undefined) return miss("transcriptTime");
  if (!isI(x)) return bad("transcriptTime", "an integer", x);
  if ((x = v.beginTime) === undefined) return miss("beginTime");
  if (!isI(x)) return bad("beginTime", "an integer", x);
  if ((x = v.endTime) === undefined) return miss("endTime");
  if (!isI(x)) return bad("endTime", "an integer", x);
  if ((x = v.finished) === undefined) return miss("finished");
  if (!isI(x)) return bad("finished", "an integer", x);
  if ((x = v.sentenceIndex) === undefined) return miss("sentenceIndex");
  if (!isI(x)) return bad("sentenceIndex", "an integer", x);
  if ((x = v.sentenceType) === undefined) return miss("sentenceType");
  if (typeof x !== "string") return bad("sentenceType", "a string", x);
  if ((x = v.mainUniqueId) === undefined) return miss("mainUniqueId");
  if (typeof x !== "string") return bad("mainUniqueId", "a string", x);
  if ((x = v.sentenceBeginTimestamp) != null && (!isI(x))) return bad("sentenceBeginTimestamp", "an integer", x);
  if ((x = v.sentenceEndTimestamp) != null && (!isI(x))) return bad("sentenceEndTimestamp", "an integer", x);
  return null;
}
function cPingEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.latencyTime) === undefined) return miss("latencyTime");
  if (!isI(x)) return bad("latencyTime", "an integer", x);
  if ((x = v.networkState) === undefined) return miss("networkState");
  if (!isI(x)) return bad("networkState", "an integer", x);
  return null;
}
function cWebrtcStatsTotals(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x;
  if ((x = v.packetsSent) === undefined) return miss("packetsSent");
  if (!isI(x)) return bad("packetsSent", "an integer", x);
  if ((x = v.packetsReceived) === undefined) return miss("packetsReceived");
  if (!isI(x)) return bad("packetsReceived", "an integer", x);
  if ((x = v.packetsLost) === undefined) return miss("packetsLost");
  if (!isI(x)) return bad("packetsLost", "an integer", x);
  if ((x = v.packetLossRate) === undefined) return miss("packetLossRate");
  if (typeof x !== "number") return bad("packetLossRate", "a number", x);
  if ((x = v.bytesSent) === undefined) return miss("bytesSent");
  if (!isI(x)) return bad("bytesSent", "an integer", x);
  if ((x = v.bytesReceived) === undefined) return miss("bytesReceived");
  if (!isI(x)) return bad("bytesReceived", "an integer", x);
  return null;
}
function cWebrtcStatsEvent(v) {
  if (!isObj(v)) return wrong("an object", v);
  let x, p;
  if ((x = v.packetsSent) === undefined) return miss("packetsSent");
  if (!isI(x)) return bad("packetsSent", "an integer", x);
  if ((x = v.packetsReceived) === undefined) return miss("packetsReceived");
  if (!isI(x)) return bad("packetsReceived", "an integer", x);
  if ((x = v.packetsLost) === undefined) return miss("packetsLost");
  if (!isI(x)) return bad("packetsLost", "an integer", x);
  if ((x = v.packetLossRate) === undefined) return miss("packetLossRate");
  if (typeof x !== "number") return bad("packetLossRate", "a number", x);
  if ((x = v.jitter) != null && (typeof x !== "number")) return bad("jitter", "a number", x);
  if ((x = v.rtt) != null && (typeof x !== "number")) return bad("rtt", "a number", x);
  if ((x = v.mos) != null && (typeof x !== "number")) return bad("mos", "a number", x);
  if ((x = v.iceState) === undefined) return miss("iceState");
  if (typeof x !== "string") return bad("iceState", "a string", x);
  if ((x = v.dtlsState) === undefined) return miss("dtlsState");
  if (typeof x !== "string") return bad("dtlsState", "a string", x);
  if ((x = v.codec) === undefined) return miss("codec");
  if (typeof x !== "string") return bad("codec", "a string", x);
  if ((x = v.packetsState) === undefined) return miss("packetsState");
  if (typeof x !== "string") return bad("packetsState", "a string", x);
  if ((x = v.sentNetworkQuality) === undefined) return miss("sentNetworkQuality");
  if (!isI(x)) return bad("sentNetworkQuality", "an integer", x);
  if ((x = v.receivedNetworkQuality) === undefined) return miss("receivedNetworkQuality");
  if (!isI(x)) return bad("receivedNetworkQuality", "an integer", x);
  if ((x = v.timestamp) === undefined) return miss("timestamp");
  if (!isI(x)) return bad("timestamp", "an integer", x);
  if ((x = v.totals) === undefined) return miss("totals");
  if ((p = cWebrtcStatsTotals(x)) !== null) return inside("totals", p);
  return null;
}

/** The check of each catalog event's payload, by event index. */
export const CHECK = [
  cAgentStatusEvent,
  cPreviewObCallStartEvent,
  cPreviewObCallRingingEvent,
  cPreviewObCallBridgeEvent,
  cPreviewObCallResultEvent,
  cAtxferStartEvent,
  cAtxferLinkEvent,
  cAtxferEndedEvent,
  cAtxferErrorEvent,
  cThreewayAtxferResultEvent,
  cAtxferThreewayUnlinkEvent,
  cCompleteAtxferResultEvent,
  cRingingEvent,
  cSessionInitEvent,
  cSessionTerminateEvent,
  cSipSessionInitEvent,
  cSipSessionTerminateEvent,
  cReconnectAttemptEvent,
  cQueueStatusEvent,
  cSpyResultEvent,
  cSpyLinkEvent,
  cSpyUnlinkEvent,
  cThreewayResultEvent,
  cThreewayLinkEvent,
  cThreewayUnlinkEvent,
  cWhisperResultEvent,
  cWhisperLinkEvent,
  cWhisperUnlinkEvent,
  cBargeResultEvent,
  cBargeLinkEvent,
  cBargeUnlinkEvent,
  cDisconnectResultEvent,
  cSetOfflineResultEvent,
  cExtenStateEvent,
  cInteractReturnEvent,
  cSipDisconnectedEvent,
  cTranscriptEvent,
  anyObject,
  cPingEvent,
  cWebrtcStatsEvent,
];

/** Every `EventType` constant: the catalog's, one per command response, the SDK's own. */
export const EVENT_TYPE = Object.freeze({
  AGENT_STATUS: "agentStatus",
  PREVIEW_OBCALL_START: "previewObCallStart",
  PREVIEW_OBCALL_RINGING: "previewObCallRinging",
  PREVIEW_OBCALL_BRIDGE: "previewObCallBridge",
  PREVIEW_OBCALL_RESULT: "previewObCallResult",
  ATXFER_START: "atxferStart",
  ATXFER_LINK: "atxferLink",
  ATXFER_ENDED: "atxferEnded",
  ATXFER_ERROR: "atxferError",
  THREEWAY_ATXFER_RESULT: "threewayAtxferResult",
  ATXFER_THREEWAY_UNLINK: "atxferThreewayUnlink",
  COMPLETE_ATXFER_RESULT: "completeAtxferResult",
  RINGING: "ringing",
  SESSION_INIT: "sessionInit",
  SESSION_TERMINATE: "sessionTerminate",
  SIP_SESSION_INIT: "sipSessionInit",
  SIP_SESSION_TERMINATE: "sipSessionTerminate",
  RECONNECT_ATTEMPT: "reconnectAttempt",
  QUEUE_STATUS: "queueStatus",
  SPY_RESULT: "spyResult",
  SPY_LINK: "spyLink",
  SPY_UNLINK: "spyUnlink",
  THREEWAY_RESULT: "threewayResult",
  THREEWAY_LINK: "threewayLink",
  THREEWAY_UNLINK: "threewayUnlink",
  WHISPER_RESULT: "whisperResult",
  WHISPER_LINK: "whisperLink",
  WHISPER_UNLINK: "whisperUnlink",
  BARGE_RESULT: "bargeResult",
  BARGE_LINK: "bargeLink",
  BARGE_UNLINK: "bargeUnlink",
  DISCONNECT_RESULT: "disconnectResult",
  SET_OFFLINE: "setOfflineResult",
  EXTENSTATE: "extenState",
  INTERACT_RETURN: "interactReturn",
  SIP_DISCONNECTED: "sipDisconnected",
  TRANSCRIPT: "transcript",
  ORDER_CALLBACK: "orderCallBack",
  PING: "ping",
  WEBRTC_STATS: "webrtcStats",
  SETUP_RESP: "setupResp",
  LOGIN_RESP: "loginResp",
  LOGOUT_RESP: "logoutResp",
  PAUSE_RESP: "pauseResp",
  UNPAUSE_RESP: "unpauseResp",
  UPDATE_SESSION_KEY_RESP: "updateSessionKeyResp",
  PREVIEW_OBCALL_RESP: "previewObCallResp",
  HANGUP_RESP: "hangupResp",
  HOLD_RESP: "holdResp",
  UNHOLD_RESP: "unholdResp",
  MUTE_RESP: "muteResp",
  UNMUTE_RESP: "unmuteResp",
  SEND_DTMF_RESP: "sendDtmfResp",
  SIP_LINK_RESP: "sipLinkResp",
  SIP_UNLINK_RESP: "sipUnlinkResp",
  START_ATXFER_RESP: "startAtxferResp",
  CANCEL_ATXFER_RESP: "cancelAtxferResp",
  RESUME_ATXFER_RESP: "resumeAtxferResp",
  COMPLETE_ATXFER_RESP: "completeAtxferResp",
  THREEWAY_ATXFER_RESP: "threewayAtxferResp",
  BLXFER_RESP: "blxferResp",
  TRANSFER_IVR_RESP: "transferIvrResp",
  SPY_RESP: "spyResp",
  UNSPY_RESP: "unspyResp",
  WHISPER_RESP: "whisperResp",
  UNWHISPER_RESP: "unwhisperResp",
  THREEWAY_RESP: "threewayResp",
  UNTHREEWAY_RESP: "unthreewayResp",
  BARGE_RESP: "bargeResp",
  UNBARGE_RESP: "unbargeResp",
  DISCONNECT_RESP: "disconnectResp",
  SET_PAUSE_RESP: "setPauseResp",
  SET_UNPAUSE_RESP: "setUnpauseResp",
  SET_OFFLINE_RESP: "setOfflineResp",
  SUBSCRIBE_QUEUE_STATUS_RESP: "subscribeQueueStatusResp",
  UNSUBSCRIBE_QUEUE_STATUS_RESP: "unsubscribeQueueStatusResp",
  SDK_ERROR: "sdkError",
  CAN_CHANGE: "canChange",
  RESYNC: "resync",
  SESSION_KEY_EXPIRING: "sessionKeyExpiring",
  WEBRTC_WARNING: "webrtcWarning",
  WEBRTC_WARNING_CLEARED: "webrtcWarningCleared",
  AUDIO_DEVICES: "audioDevices",
  AUDIO_INPUT_CHANGED: "audioInputChanged",
  AUDIO_OUTPUT_CHANGED: "audioOutputChanged",
  PREFLIGHT_PROGRESS: "preflightProgress",
  SIP_RECONNECTING: "sipReconnecting",
  SIP_RECONNECTED: "sipReconnected",
});

/**
 * The commands of the face: [name, CallAction index or -1 for a session command, argument shape
 * (null: none; "s": a string)].
 */
export const COMMANDS = [
  ["login", -1, O_LoginParams],
  ["logout", -1, O_LogoutParams],
  ["pause", -1, O_PauseParams],
  ["unpause", -1, null],
  ["updateSessionKey", -1, "s"],
  ["previewObCall", 0, O_PreviewObCallParams],
  ["hangup", 1, null],
  ["hold", 2, null],
  ["unhold", 3, null],
  ["mute", 4, O_MuteParams],
  ["unmute", 5, O_MuteParams],
  ["sendDtmf", 6, O_DtmfParams],
  ["sipLink", 7, null],
  ["sipUnlink", 8, null],
  ["startAtxfer", 9, O_AtxferParams],
  ["cancelAtxfer", 10, null],
  ["resumeAtxfer", 11, null],
  ["completeAtxfer", 12, null],
  ["threewayAtxfer", 13, null],
  ["blxfer", 14, O_BlxferParams],
  ["transferIvr", 15, O_TransferIvrParams],
  ["spy", 16, O_TargetParams],
  ["unspy", 17, null],
  ["whisper", 18, O_TargetParams],
  ["unwhisper", 19, null],
  ["threeway", 20, O_TargetParams],
  ["unthreeway", 21, null],
  ["barge", 22, O_TargetParams],
  ["unbarge", 23, null],
  ["disconnect", 24, O_TargetParams],
  ["setPause", 25, O_TargetParams],
  ["setUnpause", 26, O_TargetParams],
  ["setOffline", 27, O_TargetParams],
  ["subscribeQueueStatus", 28, O_QueueSubscriptionParams],
  ["unsubscribeQueueStatus", 29, null],
];

/** The argument of `setup()`. */
export const SETUP = O_SetupParams;

/**
 * `setup()`'s checked object as the numbers `Shell.setup` takes after `baseURL`, in declaration
 * order: NaN where left out, 1 / 0 for booleans, 1 where a nested object is present.
 */
export function setupValues(c) {
  const v = new Float64Array(33).fill(NaN);
  if (c.webrtc != null) v[0] = +c.webrtc;
  if (c.webrtcStats != null) v[1] = +c.webrtcStats;
  if (c.debug != null) v[2] = +c.debug;
  if (c.audio_debug != null) v[3] = +c.audio_debug;
  if (c.observability != null) v[4] = +c.observability;
  if (c.commandTimeoutMs != null) v[5] = c.commandTimeoutMs;
  if (c.connectTimeoutMs != null) v[6] = c.connectTimeoutMs;
  if (c.maxReconnectAttempts != null) v[7] = c.maxReconnectAttempts;
  if (c.reconnectBaseMs != null) v[8] = c.reconnectBaseMs;
  if (c.reconnectMaxMs != null) v[9] = c.reconnectMaxMs;
  if (c.reconnectJitter != null) v[10] = c.reconnectJitter;
  if (c.heartbeatIntervalMs != null) v[11] = c.heartbeatIntervalMs;
  if (c.heartbeatTimeoutMs != null) v[12] = c.heartbeatTimeoutMs;
  const c_quality = c.quality;
  if (c_quality != null) {
    v[13] = 1;
    const c_quality_ping = c_quality.ping;
    if (c_quality_ping != null) {
      v[14] = 1;
      if (c_quality_ping.excellentBelowMs != null) v[15] = c_quality_ping.excellentBelowMs;
      if (c_quality_ping.goodBelowMs != null) v[16] = c_quality_ping.goodBelowMs;
      if (c_quality_ping.fairBelowMs != null) v[17] = c_quality_ping.fairBelowMs;
    }
    const c_quality_stats = c_quality.stats;
    if (c_quality_stats != null) {
      v[18] = 1;
      const c_quality_stats_mosBuckets = c_quality_stats.mosBuckets;
      if (c_quality_stats_mosBuckets != null) {
        v[19] = 1;
        if (c_quality_stats_mosBuckets.excellentMin != null) v[20] = c_quality_stats_mosBuckets.excellentMin;
        if (c_quality_stats_mosBuckets.goodMin != null) v[21] = c_quality_stats_mosBuckets.goodMin;
        if (c_quality_stats_mosBuckets.fairMin != null) v[22] = c_quality_stats_mosBuckets.fairMin;
      }
      if (c_quality_stats.oneWayAfterIntervals != null) v[23] = c_quality_stats.oneWayAfterIntervals;
    }
    const c_quality_warnings = c_quality.warnings;
    if (c_quality_warnings != null) {
      v[24] = 1;
      if (c_quality_warnings.highRttMs != null) v[25] = c_quality_warnings.highRttMs;
      if (c_quality_warnings.highJitterMs != null) v[26] = c_quality_warnings.highJitterMs;
      if (c_quality_warnings.highPacketLoss != null) v[27] = c_quality_warnings.highPacketLoss;
      if (c_quality_warnings.lowMos != null) v[28] = c_quality_warnings.lowMos;
      if (c_quality_warnings.window != null) v[29] = c_quality_warnings.window;
      if (c_quality_warnings.raiseAfter != null) v[30] = c_quality_warnings.raiseAfter;
    }
  }
  if (c.sipDisconnectGraceMs != null) v[31] = c.sipDisconnectGraceMs;
  if (c.webrtcStatsIntervalMs != null) v[32] = c.webrtcStatsIntervalMs;
  return v;
}

/**
 * How each event reaches the engine, by event index: when it arrived, its id, its type and the
 * fields the engine tracks (`Shell.event(now, id, type, targetType, then a length code for each of
 * tenant, agent, initiator, target, mainUniqueId and result, then their text)`: a code is 0 for
 * an absent string, else its length + 1, and the strings travel together in the last argument,
 * one crossing for all; `agentStatus` through `Shell.agentStatus` the same way; the types whose
 * fields the engine does not read through `Shell.plain(now, id, type)`). Each returns the
 * engine's verdict: 1 deliver the payload now, 0 nothing (the engine already acted through its
 * hooks).
 */
const len = (v) => (v == null ? 0 : v.length + 1);
const str = (v) => (v == null ? "" : v);
const UNTRACKED = (s, now, id, t) => s.plain(now, id, t);
export const TRACK = [
  (s, now, id, t, p) => {
    const v = p.status;
    return s.agentStatus(now, id, len(p.tenantId), len(p.agentNo), AGENT_STATE_INDEX[v.state], len(v.stateAction), v.initialStatus, v.deviceStatus, v.callType ?? NaN, len(v.uniqueId), len(v.mainUniqueId), len(v.pauseDescription), v.pauseType ?? NaN, v.wrapupTime ?? NaN, p.tenantId + p.agentNo + v.stateAction + str(v.uniqueId) + str(v.mainUniqueId) + str(v.pauseDescription));
  },
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, len(p.mainUniqueId), 0, p.agentNo + p.mainUniqueId),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, len(p.mainUniqueId), 0, p.agentNo + p.mainUniqueId),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, len(p.mainUniqueId), 0, p.agentNo + p.mainUniqueId),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, 0, 0, p.agentNo),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, len(p.mainUniqueId), 0, p.agentNo + p.mainUniqueId),
  (s, now, id, t, p) => s.event(now, id, t, p.targetType ?? NaN, 0, len(p.agentNo), 0, len(p.target), 0, 0, p.agentNo + p.target),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, 0, 0, p.agentNo),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, 0, 0, p.agentNo),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, 0, 0, p.agentNo),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, 0, 0, p.agentNo),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, len(p.agentNo), 0, 0, 0, 0, p.agentNo),
  UNTRACKED,
  UNTRACKED,
  (s, now, id, t, p) => s.event(now, id, t, NaN, len(p.tenantId), len(p.agentNo), 0, 0, 0, 0, p.tenantId + p.agentNo),
  UNTRACKED,
  (s, now, id, t, p) => s.event(now, id, t, NaN, len(p.tenantId), len(p.agentNo), 0, 0, 0, 0, p.tenantId + p.agentNo),
  UNTRACKED,
  UNTRACKED,
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), len(p.spiedCno), 0, len(p.result), p.initiator + p.spiedCno + p.result),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), len(p.threewayedCno), 0, len(p.result), p.initiator + p.threewayedCno + p.result),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), len(p.whisperedCno), 0, len(p.result), p.initiator + p.whisperedCno + p.result),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), len(p.bargedAgentNo), 0, len(p.result), p.initiator + p.bargedAgentNo + p.result),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  (s, now, id, t, p) => s.event(now, id, t, NaN, 0, 0, len(p.initiator), 0, 0, 0, p.initiator),
  UNTRACKED,
  UNTRACKED,
  UNTRACKED,
  UNTRACKED,
  (s, now, id, t, p) => s.event(now, id, t, NaN, len(p.tenantId), len(p.agentNo), 0, 0, 0, 0, p.tenantId + p.agentNo),
  UNTRACKED,
  UNTRACKED,
  UNTRACKED,
  UNTRACKED,
];

// The events the SDK makes itself, built from the engine's values in declaration order
// (src/api/generated.rs calls these), then emitted through the client's dispatcher.

/** A `AgentStatus` object from its fields' values. */
export function buildAgentStatus(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9) {
  const o = { state: AGENT_STATE[a0], stateAction: a1, initialStatus: a2, deviceStatus: a3 };
  if (a4 !== undefined) o.callType = a4;
  if (a5 !== undefined) o.uniqueId = a5;
  if (a6 !== undefined) o.mainUniqueId = a6;
  if (a7 !== undefined) o.pauseDescription = a7;
  if (a8 !== undefined) o.pauseType = a8;
  if (a9 !== undefined) o.wrapupTime = a9;
  return o;
}

/** A `WebrtcStatsTotals` object from its fields' values. */
export function buildWebrtcStatsTotals(a0, a1, a2, a3, a4, a5) {
  const o = { packetsSent: a0, packetsReceived: a1, packetsLost: a2, packetLossRate: a3, bytesSent: a4, bytesReceived: a5 };
  return o;
}

/** Emits `agentStatus`. */
export function madeAgentStatus(client, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) {
  const o = buildAgentStatusEvent(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
  client.emit("agentStatus", { eventType: "agentStatus", ...o });
}

export function buildAgentStatusEvent(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) {
  const o = { tenantId: a0, agentNo: a1, status: buildAgentStatus(a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) };
  return o;
}

/** Emits `sessionTerminate`. */
export function madeSessionTerminate(client, a0, a1, a2) {
  const o = buildSessionTerminateEvent(a0, a1, a2);
  client.emit("sessionTerminate", { eventType: "sessionTerminate", ...o });
}

export function buildSessionTerminateEvent(a0, a1, a2) {
  const o = { tenantId: a0, agentNo: a1, reason: a2 };
  return o;
}

/** Emits `reconnectAttempt`. */
export function madeReconnectAttempt(client, a0, a1, a2, a3, a4, a5) {
  const o = buildReconnectAttemptEvent(a0, a1, a2, a3, a4, a5);
  client.emit("reconnectAttempt", { eventType: "reconnectAttempt", ...o });
}

export function buildReconnectAttemptEvent(a0, a1, a2, a3, a4, a5) {
  const o = { attempt: a0, code: a1, firstAttemptTs: a2, maxAttempts: a3, sinceFirstAttemptMs: a4 };
  if (a5 !== undefined) o.delayMs = a5;
  return o;
}

/** Emits `sipDisconnected`. */
export function madeSipDisconnected(client, a0, a1, a2) {
  const o = buildSipDisconnectedEvent(a0, a1, a2);
  client.emit("sipDisconnected", { eventType: "sipDisconnected", ...o });
}

export function buildSipDisconnectedEvent(a0, a1, a2) {
  const o = { tenantId: a0, agentNo: a1, reason: a2 };
  return o;
}

/** Emits `ping`. */
export function madePing(client, a0, a1) {
  const o = buildPingEvent(a0, a1);
  client.emit("ping", { eventType: "ping", ...o });
}

export function buildPingEvent(a0, a1) {
  const o = { latencyTime: a0, networkState: a1 };
  return o;
}

/** Emits `webrtcStats`. */
export function madeWebrtcStats(client, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19) {
  const o = buildWebrtcStatsEvent(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19);
  client.emit("webrtcStats", { eventType: "webrtcStats", ...o });
}

export function buildWebrtcStatsEvent(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19) {
  const o = { packetsSent: a0, packetsReceived: a1, packetsLost: a2, packetLossRate: a3, jitter: a4 ?? null, rtt: a5 ?? null, mos: a6 ?? null, iceState: a7, dtlsState: a8, codec: a9, packetsState: a10, sentNetworkQuality: a11, receivedNetworkQuality: a12, timestamp: a13, totals: buildWebrtcStatsTotals(a14, a15, a16, a17, a18, a19) };
  return o;
}
