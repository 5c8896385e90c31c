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

const O_AgentStatus = ["o", "AgentStatus", 0, [
  ["state", ["e", AGENT_STATE]],
  ["stateAction", "s"],
  ["initialStatus", ["ie", [0, 1, 2, 3]]],
  ["deviceStatus", ["ie", [-1, 0, 1, 2, 3, 4]]],
  ["callType", ["?", "i"], 1],
  ["uniqueId", ["?", "s"], 1],
  ["mainUniqueId", ["?", "s"], 1],
  ["pauseDescription", ["?", "s"], 1],
  ["pauseType", ["?", "i"], 1],
  ["wrapupTime", ["?", "i"], 1],
]];
const O_AgentStatusEvent = ["o", "AgentStatusEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["status", O_AgentStatus],
]];
const O_PreviewObCallStartEvent = ["o", "PreviewObCallStartEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["customerNumber", "s"],
  ["customerNumberType", "i"],
  ["obClidAreaCode", "s"],
  ["mainUniqueId", "s"],
  ["requestUniqueId", "s"],
  ["obClid", "s"],
]];
const O_PreviewObCallRingingEvent = ["o", "PreviewObCallRingingEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["customerNumber", "s"],
  ["customerNumberType", "i"],
  ["obClidAreaCode", "s"],
  ["state", "s"],
  ["stateAction", "s"],
  ["mainUniqueId", "s"],
]];
const O_PreviewObCallBridgeEvent = ["o", "PreviewObCallBridgeEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["customerNumber", "s"],
  ["customerNumberType", "i"],
  ["obClidAreaCode", "s"],
  ["channel", "s"],
  ["destChannel", "s"],
  ["mainUniqueId", "s"],
]];
const O_PreviewObCallResultEvent = ["o", "PreviewObCallResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["customerNumber", "s"],
  ["result", "s"],
  ["uniqueId", "s"],
  ["obClid", "s"],
  ["reason", ["?", "s"], 1],
]];
const O_AtxferStartEvent = ["o", "AtxferStartEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["channel", "s"],
  ["destChannel", "s"],
  ["state", "s"],
  ["stateAction", "s"],
  ["mainUniqueId", "s"],
]];
const O_AtxferLinkEvent = ["o", "AtxferLinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["channel", "s"],
  ["target", "s"],
  ["targetType", "i"],
  ["state", "s"],
  ["stateAction", "s"],
]];
const O_AtxferEndedEvent = ["o", "AtxferEndedEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["target", "s"],
  ["targetType", "i"],
  ["hangupSide", "i"],
  ["state", "s"],
  ["stateAction", "s"],
]];
const O_AtxferErrorEvent = ["o", "AtxferErrorEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["state", "s"],
  ["stateAction", "s"],
]];
const O_ThreewayAtxferResultEvent = ["o", "ThreewayAtxferResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["target", "s"],
  ["targetType", "i"],
  ["state", "s"],
  ["stateAction", "s"],
]];
const O_AtxferThreewayUnlinkEvent = ["o", "AtxferThreewayUnlinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["target", "s"],
  ["targetType", "i"],
  ["state", "s"],
  ["stateAction", "s"],
]];
const O_CompleteAtxferResultEvent = ["o", "CompleteAtxferResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["target", "s"],
  ["targetType", "i"],
  ["state", "s"],
  ["stateAction", "s"],
]];
const O_RingingEvent = ["o", "RingingEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["callType", "i"],
  ["channel", "s"],
  ["mainUniqueId", "s"],
  ["uniqueId", "s"],
  ["customerNumber", "s"],
  ["customerAreaCode", "s"],
  ["customerProvince", "s"],
  ["customerCity", "s"],
  ["subCallType", "i"],
  ["hotline", "s"],
  ["numberTrunk", "s"],
  ["queueNo", "s"],
  ["chanVariables", "O"],
]];
const O_SessionInitEvent = ["o", "SessionInitEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["sessionId", "s"],
]];
const O_SessionTerminateEvent = ["o", "SessionTerminateEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["reason", "s"],
]];
const O_SipSessionInitEvent = ["o", "SipSessionInitEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["endpoint", "s"],
]];
const O_SipSessionTerminateEvent = ["o", "SipSessionTerminateEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["reason", "s"],
]];
const O_ReconnectAttemptEvent = ["o", "ReconnectAttemptEvent", 0, [
  ["attempt", "i"],
  ["code", "i"],
  ["firstAttemptTs", "i"],
  ["maxAttempts", "i"],
  ["sinceFirstAttemptMs", "i"],
  ["delayMs", ["?", "i"], 1],
]];
const O_QueueSnapshot = ["o", "QueueSnapshot", 0, [
  ["queueParams", "O"],
  ["agentStatuses", ["a", "*"]],
  ["queueEntries", ["a", "*"]],
]];
const O_QueueStatusEvent = ["o", "QueueStatusEvent", 0, [
  ["queueStatus", ["r", O_QueueSnapshot]],
]];
const O_SpyResultEvent = ["o", "SpyResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["spiedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["uniqueId", "s"],
  ["result", "s"],
]];
const O_SpyLinkEvent = ["o", "SpyLinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["spiedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["result", "s"],
  ["channel", "s"],
]];
const O_SpyUnlinkEvent = ["o", "SpyUnlinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["spiedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
]];
const O_ThreewayResultEvent = ["o", "ThreewayResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["threewayedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["uniqueId", "s"],
  ["result", "s"],
]];
const O_ThreewayLinkEvent = ["o", "ThreewayLinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["threewayedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["channel", "s"],
]];
const O_ThreewayUnlinkEvent = ["o", "ThreewayUnlinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["threewayedAgentNo", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
]];
const O_WhisperResultEvent = ["o", "WhisperResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["whisperedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["uniqueId", "s"],
  ["result", "s"],
]];
const O_WhisperLinkEvent = ["o", "WhisperLinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["whisperedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["channel", "s"],
]];
const O_WhisperUnlinkEvent = ["o", "WhisperUnlinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["whisperedAgentNo", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
]];
const O_BargeResultEvent = ["o", "BargeResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["bargedAgentNo", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["uniqueId", "s"],
  ["result", "s"],
]];
const O_BargeLinkEvent = ["o", "BargeLinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["bargedAgentNo", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["channel", "s"],
]];
const O_BargeUnlinkEvent = ["o", "BargeUnlinkEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["bargedCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
]];
const O_DisconnectResultEvent = ["o", "DisconnectResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["disconnectorCno", "s"],
  ["initiator", "s"],
  ["initiatorType", "i"],
  ["uniqueId", "s"],
  ["result", "s"],
]];
const O_SetOfflineResultEvent = ["o", "SetOfflineResultEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["initiator", "s"],
  ["code", "s"],
  ["message", "s"],
]];
const O_ExtenStateEvent = ["o", "ExtenStateEvent", 0, [
  ["state", "s"],
  ["registerState", "s"],
  ["registerTime", "s"],
  ["expirationTime", "s"],
  ["extenIp", "s"],
  ["URI", "s"],
  ["extenNo", "s"],
  ["tenantId", "s"],
]];
const O_InteractReturnEvent = ["o", "InteractReturnEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["returnVariables", "O"],
]];
const O_SipDisconnectedEvent = ["o", "SipDisconnectedEvent", 0, [
  ["tenantId", "s"],
  ["agentNo", "s"],
  ["reason", "s"],
]];
const O_TranscriptEvent = ["o", "TranscriptEvent", 0, [
  ["text", "s"],
  ["role", "i"],
  ["transcriptTime", "i"],
  ["beginTime", "i"],
  ["endTime", "i"],
  ["finished", "i"],
  ["sentenceIndex", "i"],
  ["sentenceType", "s"],
  ["mainUniqueId", "s"],
  ["sentenceBeginTimestamp", ["?", "i"], 1],
  ["sentenceEndTimestamp", ["?", "i"], 1],
]];
const O_PingEvent = ["o", "PingEvent", 0, [
  ["latencyTime", "i"],
  ["networkState", "i"],
]];
const O_WebrtcStatsTotals = ["o", "WebrtcStatsTotals", 0, [
  ["packetsSent", "i"],
  ["packetsReceived", "i"],
  ["packetsLost", "i"],
  ["packetLossRate", "n"],
  ["bytesSent", "i"],
  ["bytesReceived", "i"],
]];
const O_WebrtcStatsEvent = ["o", "WebrtcStatsEvent", 0, [
  ["packetsSent", "i"],
  ["packetsReceived", "i"],
  ["packetsLost", "i"],
  ["packetLossRate", "n"],
  ["jitter", ["?", "n"]],
  ["rtt", ["?", "n"]],
  ["mos", ["?", "n"]],
  ["iceState", "s"],
  ["dtlsState", "s"],
  ["codec", "s"],
  ["packetsState", "s"],
  ["sentNetworkQuality", "i"],
  ["receivedNetworkQuality", "i"],
  ["timestamp", "i"],
  ["totals", O_WebrtcStatsTotals],
]];
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

/** The catalog events by the index the engine knows them by: [eventType, constant, payload shape]. */
export const EVENTS = [
  ["agentStatus", "AGENT_STATUS", O_AgentStatusEvent],
  ["previewObCallStart", "PREVIEW_OBCALL_START", O_PreviewObCallStartEvent],
  ["previewObCallRinging", "PREVIEW_OBCALL_RINGING", O_PreviewObCallRingingEvent],
  ["previewObCallBridge", "PREVIEW_OBCALL_BRIDGE", O_PreviewObCallBridgeEvent],
  ["previewObCallResult", "PREVIEW_OBCALL_RESULT", O_PreviewObCallResultEvent],
  ["atxferStart", "ATXFER_START", O_AtxferStartEvent],
  ["atxferLink", "ATXFER_LINK", O_AtxferLinkEvent],
  ["atxferEnded", "ATXFER_ENDED", O_AtxferEndedEvent],
  ["atxferError", "ATXFER_ERROR", O_AtxferErrorEvent],
  ["threewayAtxferResult", "THREEWAY_ATXFER_RESULT", O_ThreewayAtxferResultEvent],
  ["atxferThreewayUnlink", "ATXFER_THREEWAY_UNLINK", O_AtxferThreewayUnlinkEvent],
  ["completeAtxferResult", "COMPLETE_ATXFER_RESULT", O_CompleteAtxferResultEvent],
  ["ringing", "RINGING", O_RingingEvent],
  ["sessionInit", "SESSION_INIT", O_SessionInitEvent],
  ["sessionTerminate", "SESSION_TERMINATE", O_SessionTerminateEvent],
  ["sipSessionInit", "SIP_SESSION_INIT", O_SipSessionInitEvent],
  ["sipSessionTerminate", "SIP_SESSION_TERMINATE", O_SipSessionTerminateEvent],
  ["reconnectAttempt", "RECONNECT_ATTEMPT", O_ReconnectAttemptEvent],
  ["queueStatus", "QUEUE_STATUS", O_QueueStatusEvent],
  ["spyResult", "SPY_RESULT", O_SpyResultEvent],
  ["spyLink", "SPY_LINK", O_SpyLinkEvent],
  ["spyUnlink", "SPY_UNLINK", O_SpyUnlinkEvent],
  ["threewayResult", "THREEWAY_RESULT", O_ThreewayResultEvent],
  ["threewayLink", "THREEWAY_LINK", O_ThreewayLinkEvent],
  ["threewayUnlink", "THREEWAY_UNLINK", O_ThreewayUnlinkEvent],
  ["whisperResult", "WHISPER_RESULT", O_WhisperResultEvent],
  ["whisperLink", "WHISPER_LINK", O_WhisperLinkEvent],
  ["whisperUnlink", "WHISPER_UNLINK", O_WhisperUnlinkEvent],
  ["bargeResult", "BARGE_RESULT", O_BargeResultEvent],
  ["bargeLink", "BARGE_LINK", O_BargeLinkEvent],
  ["bargeUnlink", "BARGE_UNLINK", O_BargeUnlinkEvent],
  ["disconnectResult", "DISCONNECT_RESULT", O_DisconnectResultEvent],
  ["setOfflineResult", "SET_OFFLINE", O_SetOfflineResultEvent],
  ["extenState", "EXTENSTATE", O_ExtenStateEvent],
  ["interactReturn", "INTERACT_RETURN", O_InteractReturnEvent],
  ["sipDisconnected", "SIP_DISCONNECTED", O_SipDisconnectedEvent],
  ["transcript", "TRANSCRIPT", O_TranscriptEvent],
  ["orderCallBack", "ORDER_CALLBACK", "O"],
  ["ping", "PING", O_PingEvent],
  ["webrtcStats", "WEBRTC_STATS", O_WebrtcStatsEvent],
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
  RESYNC: "resync",
  SESSION_KEY_EXPIRING: "sessionKeyExpiring",
  WEBRTC_WARNING: "webrtcWarning",
  WEBRTC_WARNING_CLEARED: "webrtcWarningCleared",
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
 * How each event reaches the engine, by event index: its id, its type and the fields the engine
 * tracks, by role (`Shell.event(id, type, tenant, agent, initiator, target, targetType,
 * mainUniqueId, result)`; `agentStatus` through `Shell.agentStatus`). Each returns the engine's
 * verdict: 1 deliver the payload now, 0 nothing (the engine already acted through its hooks).
 */
const UNTRACKED = (s, id, t) => s.event(id, t);
export const TRACK = [
  (s, id, t, p) => {
    const v = p.status;
    return s.agentStatus(id, p.tenantId, p.agentNo, AGENT_STATE_INDEX[v.state], v.stateAction, v.initialStatus, v.deviceStatus, v.callType, v.uniqueId, v.mainUniqueId, v.pauseDescription, v.pauseType, v.wrapupTime);
  },
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo, undefined, undefined, undefined, p.mainUniqueId),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo, undefined, undefined, undefined, p.mainUniqueId),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo, undefined, undefined, undefined, p.mainUniqueId),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo, undefined, undefined, undefined, p.mainUniqueId),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo, undefined, p.target, p.targetType),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo),
  (s, id, t, p) => s.event(id, t, undefined, p.agentNo),
  UNTRACKED,
  UNTRACKED,
  (s, id, t, p) => s.event(id, t, p.tenantId, p.agentNo),
  UNTRACKED,
  (s, id, t, p) => s.event(id, t, p.tenantId, p.agentNo),
  UNTRACKED,
  UNTRACKED,
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator, p.spiedCno, undefined, undefined, p.result),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator, p.threewayedCno, undefined, undefined, p.result),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator, p.whisperedCno, undefined, undefined, p.result),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator, p.bargedAgentNo, undefined, undefined, p.result),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  (s, id, t, p) => s.event(id, t, undefined, undefined, p.initiator),
  UNTRACKED,
  UNTRACKED,
  UNTRACKED,
  UNTRACKED,
  (s, id, t, p) => s.event(id, t, p.tenantId, p.agentNo),
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
