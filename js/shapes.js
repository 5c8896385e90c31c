// GENERATED from agentdesk-core's declarations by tests/generated.rs: do not edit.
// Regenerate with `bash scripts/generate.sh`; `cargo test` fails while this file is stale.
//
// The payload shapes of the catalog (js/catalog.js explains the notation), for readers outside the
// package: the package itself checks payloads with catalog.js's generated CHECK functions.

import { AGENT_STATE } from "./catalog.js";

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

/** Each catalog event's payload shape, by event index: [eventType, shape]. */
export const PAYLOADS = [
  ["agentStatus", O_AgentStatusEvent],
  ["previewObCallStart", O_PreviewObCallStartEvent],
  ["previewObCallRinging", O_PreviewObCallRingingEvent],
  ["previewObCallBridge", O_PreviewObCallBridgeEvent],
  ["previewObCallResult", O_PreviewObCallResultEvent],
  ["atxferStart", O_AtxferStartEvent],
  ["atxferLink", O_AtxferLinkEvent],
  ["atxferEnded", O_AtxferEndedEvent],
  ["atxferError", O_AtxferErrorEvent],
  ["threewayAtxferResult", O_ThreewayAtxferResultEvent],
  ["atxferThreewayUnlink", O_AtxferThreewayUnlinkEvent],
  ["completeAtxferResult", O_CompleteAtxferResultEvent],
  ["ringing", O_RingingEvent],
  ["sessionInit", O_SessionInitEvent],
  ["sessionTerminate", O_SessionTerminateEvent],
  ["sipSessionInit", O_SipSessionInitEvent],
  ["sipSessionTerminate", O_SipSessionTerminateEvent],
  ["reconnectAttempt", O_ReconnectAttemptEvent],
  ["queueStatus", O_QueueStatusEvent],
  ["spyResult", O_SpyResultEvent],
  ["spyLink", O_SpyLinkEvent],
  ["spyUnlink", O_SpyUnlinkEvent],
  ["threewayResult", O_ThreewayResultEvent],
  ["threewayLink", O_ThreewayLinkEvent],
  ["threewayUnlink", O_ThreewayUnlinkEvent],
  ["whisperResult", O_WhisperResultEvent],
  ["whisperLink", O_WhisperLinkEvent],
  ["whisperUnlink", O_WhisperUnlinkEvent],
  ["bargeResult", O_BargeResultEvent],
  ["bargeLink", O_BargeLinkEvent],
  ["bargeUnlink", O_BargeUnlinkEvent],
  ["disconnectResult", O_DisconnectResultEvent],
  ["setOfflineResult", O_SetOfflineResultEvent],
  ["extenState", O_ExtenStateEvent],
  ["interactReturn", O_InteractReturnEvent],
  ["sipDisconnected", O_SipDisconnectedEvent],
  ["transcript", O_TranscriptEvent],
  ["orderCallBack", "O"],
  ["ping", O_PingEvent],
  ["webrtcStats", O_WebrtcStatsEvent],
];
