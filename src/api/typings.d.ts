// Hand-written payload types of the 40 catalog events (seed 003 §2, §3).
//
// Appended to the wasm-bindgen .d.ts through `typescript_custom_section`, so this file holds only
// `export interface` / `export type` declarations: no imports, no `declare module`.
// It mirrors src/core/events (the Rust structs are the source of truth for what is serialized);
// tests/typings_match_catalog.rs fails when a name, constant or fixture key is missing here.

// ---------------------------------------------------------------------------------------------
// Agent status (seed 003 §3.1; codes from PRODUCT.md §2)
// ---------------------------------------------------------------------------------------------

/** The agent's coarse state. */
export type AgentState =
  | "offline"
  | "invalid"
  | "idle"
  | "busy"
  | "calling"
  | "ringing"
  | "talking"
  | "wrapup";

/** The `status` object of an `agentStatus` event. */
export interface AgentStatus {
  /** Coarse state. */
  state: AgentState;
  /** The cause of the last transition (docs/agent-status.md lists them). */
  stateAction: string;
  /** 0 logged out, 1 idle, 2 busy, 3 wrap-up. */
  initialStatus: 0 | 1 | 2 | 3;
  /** -1 invalid, 0 idle, 1 locked, 2 dialing, 3 ringing, 4 talking. */
  deviceStatus: -1 | 0 | 1 | 2 | 3 | 4;
  /** Present while deviceStatus is 2, 3 or 4. */
  callType?: number;
  /** Per-leg call id, present while deviceStatus is 2, 3 or 4. */
  uniqueId?: string;
  /** Main call id, present while deviceStatus is 2, 3 or 4. */
  mainUniqueId?: string;
  /** The pause reason, present while initialStatus is 2 (busy). */
  pauseDescription?: string;
  /** The pause type (0 productive, 2 non-productive), while busy. */
  pauseType?: number;
  /** Seconds of after-call work, present while in wrap-up. */
  wrapupTime?: number;
}

/** Fires whenever the agent's status changes (seed 003 §3.1). */
export interface AgentStatusEvent {
  eventType: "agentStatus";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Agent status object. */
  status: AgentStatus;
}

// ---------------------------------------------------------------------------------------------
// Preview outbound (seed 003 §3.2–§3.5)
// ---------------------------------------------------------------------------------------------

/** The platform started dialing the customer (seed 003 §3.2). */
export interface PreviewObCallStartEvent {
  eventType: "previewObCallStart";
  tenantId: string;
  agentNo: string;
  /** Customer number. */
  customerNumber: string;
  /** 0 landline; 1 mobile. */
  customerNumberType: number;
  /** Customer area code. */
  obClidAreaCode: string;
  /** Main call unique id. */
  mainUniqueId: string;
  /** Request unique id. */
  requestUniqueId: string;
  /** Outbound caller ID. */
  obClid: string;
}

/** The customer's phone is ringing (seed 003 §3.3). */
export interface PreviewObCallRingingEvent {
  eventType: "previewObCallRinging";
  tenantId: string;
  agentNo: string;
  customerNumber: string;
  /** 0 landline; 1 mobile. */
  customerNumberType: number;
  obClidAreaCode: string;
  /** Agent state (one of the AgentState values). */
  state: string;
  /** State action. */
  stateAction: string;
  mainUniqueId: string;
}

/** Agent and customer are bridged (seed 003 §3.4). */
export interface PreviewObCallBridgeEvent {
  eventType: "previewObCallBridge";
  tenantId: string;
  agentNo: string;
  customerNumber: string;
  /** 0 landline; 1 mobile. */
  customerNumberType: number;
  obClidAreaCode: string;
  /** Channel name. */
  channel: string;
  /** Destination channel name. */
  destChannel: string;
  mainUniqueId: string;
}

/** The outcome of a preview outbound attempt (seed 003 §3.5). */
export interface PreviewObCallResultEvent {
  eventType: "previewObCallResult";
  tenantId: string;
  agentNo: string;
  customerNumber: string;
  /** "success" connected; "error" failed (e.g. cancelled). */
  result: string;
  /** Call unique id. */
  uniqueId: string;
  /** Outbound caller ID. */
  obClid: string;
  /** Beyond the seed: why an `error` result failed. */
  reason?: "noAnswer" | "busy" | "cancelled";
}

// ---------------------------------------------------------------------------------------------
// Consult (seed 003 §3.7, §3.8). targetType: 0 PSTN, 1 agent, 2 extension.
// ---------------------------------------------------------------------------------------------

/** Consult started (seed 003 §3.7). */
export interface AtxferStartEvent {
  eventType: "atxferStart";
  tenantId: string;
  agentNo: string;
  channel: string;
  destChannel: string;
  state: string;
  stateAction: string;
  mainUniqueId: string;
}

/** Consult connected (seed 003 §3.7). */
export interface AtxferLinkEvent {
  eventType: "atxferLink";
  tenantId: string;
  agentNo: string;
  channel: string;
  /** Consult target. */
  target: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  targetType: number;
  state: string;
  stateAction: string;
}

/** Consult ended: resume, hangup or cancel (seed 003 §3.7). */
export interface AtxferEndedEvent {
  eventType: "atxferEnded";
  tenantId: string;
  agentNo: string;
  target: string;
  targetType: number;
  /** Who hung up (consulted party vs agent/customer). */
  hangupSide: number;
  state: string;
  stateAction: string;
}

/** Consult failed (seed 003 §3.7). */
export interface AtxferErrorEvent {
  eventType: "atxferError";
  tenantId: string;
  agentNo: string;
  state: string;
  stateAction: string;
}

/** Consult three-way result (seed 003 §3.8). */
export interface ThreewayAtxferResultEvent {
  eventType: "threewayAtxferResult";
  tenantId: string;
  agentNo: string;
  target: string;
  targetType: number;
  state: string;
  stateAction: string;
}

/** Consult three-way ended (seed 003 §3.8). */
export interface AtxferThreewayUnlinkEvent {
  eventType: "atxferThreewayUnlink";
  tenantId: string;
  agentNo: string;
  target: string;
  targetType: number;
  state: string;
  stateAction: string;
}

/** Consult transfer completed (seed 003 §3.8). */
export interface CompleteAtxferResultEvent {
  eventType: "completeAtxferResult";
  tenantId: string;
  agentNo: string;
  target: string;
  targetType: number;
  state: string;
  stateAction: string;
}

// ---------------------------------------------------------------------------------------------
// Calls and sessions (seed 003 §2, §3.6, §3.9)
// ---------------------------------------------------------------------------------------------

/** A call is ringing at the agent (seed 003 §3.6). */
export interface RingingEvent {
  eventType: "ringing";
  tenantId: string;
  agentNo: string;
  /** 1 inbound; 2 WebCall; 4 preview outbound; 5 predictive; 6 outbound; 9 internal; 11 SIP access. */
  callType: number;
  channel: string;
  mainUniqueId: string;
  /** Per-leg unique id. */
  uniqueId: string;
  customerNumber: string;
  customerAreaCode: string;
  customerProvince: string;
  customerCity: string;
  /** Sub-type (101/102/103/...) telling transfer, consult, monitoring, etc. apart. */
  subCallType: number;
  hotline: string;
  numberTrunk: string;
  queueNo: string;
  /** Custom variables. */
  chanVariables: Record<string, unknown>;
}

/** The agent session was established. */
export interface SessionInitEvent {
  eventType: "sessionInit";
  tenantId: string;
  agentNo: string;
  /** The gateway's id of the session. */
  sessionId: string;
}

/** The agent session ended. */
export interface SessionTerminateEvent {
  eventType: "sessionTerminate";
  tenantId: string;
  agentNo: string;
  /** Why it ended (logged out, kicked, key revoked, reconnect gave up, ...). */
  reason: string;
}

/** The softphone (SIP) session was established. */
export interface SipSessionInitEvent {
  eventType: "sipSessionInit";
  tenantId: string;
  agentNo: string;
  /** The softphone endpoint (extension). */
  endpoint: string;
}

/** The softphone (SIP) session ended. */
export interface SipSessionTerminateEvent {
  eventType: "sipSessionTerminate";
  tenantId: string;
  agentNo: string;
  reason: string;
}

/** The SDK is about to retry the gateway connection (code -1), or restored it (code 0) (seed 003 §3.9). */
export interface ReconnectAttemptEvent {
  eventType: "reconnectAttempt";
  /** Attempt number, starting at 1. */
  attempt: number;
  /** 0 reconnected; -1 disconnected. */
  code: number;
  /** Timestamp (ms) when the reconnect loop started. */
  firstAttemptTs: number;
  /** Max attempts (20 by default). */
  maxAttempts: number;
  /** Elapsed time since the first attempt (ms). */
  sinceFirstAttemptMs: number;
  /** Beyond the seed: with code -1, ms until this attempt starts (for a countdown). */
  delayMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Supervisor (seed 003 §3.10–§3.16). initiatorType: 0 PSTN, 1 agent, 2 extension.
// The target-agent key differs between events exactly as in the seed.
// ---------------------------------------------------------------------------------------------

/** One queue's snapshot inside `queueStatus`; the insides are not specified yet. */
export interface QueueSnapshot {
  queueParams: Record<string, unknown>;
  agentStatuses: unknown[];
  queueEntries: unknown[];
}

/** Queue snapshot for a subscribed supervisor (seed 003 §3.10). */
export interface QueueStatusEvent {
  eventType: "queueStatus";
  /** Keyed by queue number. */
  queueStatus: Record<string, QueueSnapshot>;
}

/** Result of a silent-monitoring request (seed 003 §3.11). */
export interface SpyResultEvent {
  eventType: "spyResult";
  tenantId: string;
  agentNo: string;
  /** Target agent ID. */
  spiedCno: string;
  initiator: string;
  initiatorType: number;
  uniqueId: string;
  /** "success" or "error". */
  result: string;
}

/** Silent monitoring connected (seed 003 §3.11). */
export interface SpyLinkEvent {
  eventType: "spyLink";
  tenantId: string;
  agentNo: string;
  spiedCno: string;
  initiator: string;
  initiatorType: number;
  result: string;
  channel: string;
}

/** Silent monitoring ended (seed 003 §3.11). */
export interface SpyUnlinkEvent {
  eventType: "spyUnlink";
  tenantId: string;
  agentNo: string;
  spiedCno: string;
  initiator: string;
  initiatorType: number;
}

/** Result of a supervisor three-way request (seed 003 §3.12). */
export interface ThreewayResultEvent {
  eventType: "threewayResult";
  tenantId: string;
  agentNo: string;
  threewayedCno: string;
  initiator: string;
  initiatorType: number;
  uniqueId: string;
  result: string;
}

/** Supervisor three-way connected (seed 003 §3.12). */
export interface ThreewayLinkEvent {
  eventType: "threewayLink";
  tenantId: string;
  agentNo: string;
  threewayedCno: string;
  initiator: string;
  initiatorType: number;
  channel: string;
}

/** Supervisor three-way ended (seed 003 §3.12): note `threewayedAgentNo`. */
export interface ThreewayUnlinkEvent {
  eventType: "threewayUnlink";
  tenantId: string;
  agentNo: string;
  threewayedAgentNo: string;
  initiator: string;
  initiatorType: number;
}

/** Result of a whisper-coaching request (seed 003 §3.13). */
export interface WhisperResultEvent {
  eventType: "whisperResult";
  tenantId: string;
  agentNo: string;
  whisperedCno: string;
  initiator: string;
  initiatorType: number;
  uniqueId: string;
  result: string;
}

/** Whisper coaching connected (seed 003 §3.13). */
export interface WhisperLinkEvent {
  eventType: "whisperLink";
  tenantId: string;
  agentNo: string;
  whisperedCno: string;
  initiator: string;
  initiatorType: number;
  channel: string;
}

/** Whisper coaching ended (seed 003 §3.13): note `whisperedAgentNo`. */
export interface WhisperUnlinkEvent {
  eventType: "whisperUnlink";
  tenantId: string;
  agentNo: string;
  whisperedAgentNo: string;
  initiator: string;
  initiatorType: number;
}

/** Result of a barge-in request (seed 003 §3.14). */
export interface BargeResultEvent {
  eventType: "bargeResult";
  tenantId: string;
  agentNo: string;
  bargedAgentNo: string;
  initiator: string;
  initiatorType: number;
  uniqueId: string;
  result: string;
}

/** Barge-in connected (seed 003 §3.14). */
export interface BargeLinkEvent {
  eventType: "bargeLink";
  tenantId: string;
  agentNo: string;
  bargedAgentNo: string;
  initiator: string;
  initiatorType: number;
  channel: string;
}

/** Barge-in ended (seed 003 §3.14): note `bargedCno`. */
export interface BargeUnlinkEvent {
  eventType: "bargeUnlink";
  tenantId: string;
  agentNo: string;
  bargedCno: string;
  initiator: string;
  initiatorType: number;
}

/** Result of a forced disconnect (seed 003 §3.15). */
export interface DisconnectResultEvent {
  eventType: "disconnectResult";
  tenantId: string;
  agentNo: string;
  disconnectorCno: string;
  initiator: string;
  initiatorType: number;
  uniqueId: string;
  result: string;
}

/** Result of forcing an agent offline (seed 003 §3.16). */
export interface SetOfflineResultEvent {
  eventType: "setOfflineResult";
  tenantId: string;
  agentNo: string;
  /** Supervisor agentNo or admin name. */
  initiator: string;
  /** "0" success; "-1" failure: a string, as the seed types it. */
  code: string;
  /** Commonly "ok". */
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Devices, IVR, transcripts (seed 003 §3.17–§3.21)
// ---------------------------------------------------------------------------------------------

/** The bound extension's registration changed (seed 003 §3.18). */
export interface ExtenStateEvent {
  eventType: "extenState";
  /** "Reachable" or "Unreachable". */
  state: string;
  /** "Registered" or "Unregistered". */
  registerState: string;
  /** Registration time, e.g. "2024-01-01 10:54:19". */
  registerTime: string;
  expirationTime: string;
  /** Phone IP. */
  extenIp: string;
  /** Registration URI (upper-case key, as in the seed). */
  URI: string;
  extenNo: string;
  tenantId: string;
}

/** An IVR returned the call with its variables (seed 003 §3.19). */
export interface InteractReturnEvent {
  eventType: "interactReturn";
  tenantId: string;
  agentNo: string;
  returnVariables: Record<string, unknown>;
}

/** The softphone connection was interrupted (seed 003 §3.20). */
export interface SipDisconnectedEvent {
  eventType: "sipDisconnected";
  tenantId: string;
  agentNo: string;
  reason: string;
}

/** One real-time transcription sentence, partial or final (seed 003 §3.21). */
export interface TranscriptEvent {
  eventType: "transcript";
  text: string;
  /** 1 agent side; 2 customer side. */
  role: number;
  /** Absolute timestamp (ms) when the text was generated. */
  transcriptTime: number;
  /** Begin time relative to the recording start (ms). */
  beginTime: number;
  /** End time relative to the recording start (ms). */
  endTime: number;
  /** 1 finished; 0 in progress. */
  finished: number;
  /** Index, starting from 0. */
  sentenceIndex: number;
  /** "intermediateResult" or "sentenceEnd". */
  sentenceType: string;
  mainUniqueId: string;
  /** Returned with sentenceEnd only. */
  sentenceBeginTimestamp?: number;
  /** Returned with sentenceEnd only. */
  sentenceEndTimestamp?: number;
}

/** A scheduled callback is due (seed 003 §3.17): pass-through, no field contract. */
export interface OrderCallBackEvent {
  eventType: "orderCallBack";
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Quality (seed 003 §3.22, §3.23; scales from PRODUCT.md §2)
// ---------------------------------------------------------------------------------------------

/** Latency of the gateway link, after every heartbeat (seed 003 §3.22). */
export interface PingEvent {
  eventType: "ping";
  /** Ping latency in ms. */
  latencyTime: number;
  /** 4 excellent < 100 ms, 3 good < 200 ms, 2 fair < 400 ms, 1 poor, 0 no answer. */
  networkState: number;
}

/** Running totals of a softphone leg. */
export interface WebrtcStatsTotals {
  packetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  /** 0–1. */
  packetLossRate: number;
  bytesSent: number;
  bytesReceived: number;
}

/** One second of softphone statistics: interval deltas plus running totals (seed 003 §3.23). */
export interface WebrtcStatsEvent {
  eventType: "webrtcStats";
  packetsSent: number;
  packetsReceived: number;
  packetsLost: number;
  /** 0–1, over the interval. */
  packetLossRate: number;
  /** ms; null until measured. */
  jitter: number | null;
  /** ms; null until measured. */
  rtt: number | null;
  /** E-model MOS; null without enough data. */
  mos: number | null;
  iceState: string;
  dtlsState: string;
  codec: string;
  /** Which direction carries nothing, if any. */
  packetsState: "normal" | "noInbound" | "noOutbound" | "noTraffic";
  /** 0–4 (0 no data). */
  sentNetworkQuality: number;
  /** 0–4 (0 no data). */
  receivedNetworkQuality: number;
  /** ms since the epoch. */
  timestamp: number;
  totals: WebrtcStatsTotals;
}

// ---------------------------------------------------------------------------------------------
// Lookup tables: eventType → payload, and the EventType constants (seed 003 §2)
// ---------------------------------------------------------------------------------------------

/** The payload type of each eventType, for typing `on(type, listener)`. */
export interface CatalogEventMap {
  agentStatus: AgentStatusEvent;
  previewObCallStart: PreviewObCallStartEvent;
  previewObCallRinging: PreviewObCallRingingEvent;
  previewObCallBridge: PreviewObCallBridgeEvent;
  previewObCallResult: PreviewObCallResultEvent;
  atxferStart: AtxferStartEvent;
  atxferLink: AtxferLinkEvent;
  atxferEnded: AtxferEndedEvent;
  atxferError: AtxferErrorEvent;
  threewayAtxferResult: ThreewayAtxferResultEvent;
  atxferThreewayUnlink: AtxferThreewayUnlinkEvent;
  completeAtxferResult: CompleteAtxferResultEvent;
  ringing: RingingEvent;
  sessionInit: SessionInitEvent;
  sessionTerminate: SessionTerminateEvent;
  sipSessionInit: SipSessionInitEvent;
  sipSessionTerminate: SipSessionTerminateEvent;
  reconnectAttempt: ReconnectAttemptEvent;
  queueStatus: QueueStatusEvent;
  spyResult: SpyResultEvent;
  spyLink: SpyLinkEvent;
  spyUnlink: SpyUnlinkEvent;
  threewayResult: ThreewayResultEvent;
  threewayLink: ThreewayLinkEvent;
  threewayUnlink: ThreewayUnlinkEvent;
  whisperResult: WhisperResultEvent;
  whisperLink: WhisperLinkEvent;
  whisperUnlink: WhisperUnlinkEvent;
  bargeResult: BargeResultEvent;
  bargeLink: BargeLinkEvent;
  bargeUnlink: BargeUnlinkEvent;
  disconnectResult: DisconnectResultEvent;
  setOfflineResult: SetOfflineResultEvent;
  extenState: ExtenStateEvent;
  interactReturn: InteractReturnEvent;
  sipDisconnected: SipDisconnectedEvent;
  transcript: TranscriptEvent;
  orderCallBack: OrderCallBackEvent;
  ping: PingEvent;
  webrtcStats: WebrtcStatsEvent;
}

/** Any catalog event, discriminated by `eventType`. */
export type CatalogEvent = CatalogEventMap[keyof CatalogEventMap];

/** The catalog's EventType constants with their eventType strings (the seed's spelling). */
export interface EventTypeCatalog {
  readonly AGENT_STATUS: "agentStatus";
  readonly PREVIEW_OBCALL_START: "previewObCallStart";
  readonly PREVIEW_OBCALL_RINGING: "previewObCallRinging";
  readonly PREVIEW_OBCALL_BRIDGE: "previewObCallBridge";
  readonly PREVIEW_OBCALL_RESULT: "previewObCallResult";
  readonly ATXFER_START: "atxferStart";
  readonly ATXFER_LINK: "atxferLink";
  readonly ATXFER_ENDED: "atxferEnded";
  readonly ATXFER_ERROR: "atxferError";
  readonly THREEWAY_ATXFER_RESULT: "threewayAtxferResult";
  readonly ATXFER_THREEWAY_UNLINK: "atxferThreewayUnlink";
  readonly COMPLETE_ATXFER_RESULT: "completeAtxferResult";
  readonly RINGING: "ringing";
  readonly SESSION_INIT: "sessionInit";
  readonly SESSION_TERMINATE: "sessionTerminate";
  readonly SIP_SESSION_INIT: "sipSessionInit";
  readonly SIP_SESSION_TERMINATE: "sipSessionTerminate";
  readonly RECONNECT_ATTEMPT: "reconnectAttempt";
  readonly QUEUE_STATUS: "queueStatus";
  readonly SPY_RESULT: "spyResult";
  readonly SPY_LINK: "spyLink";
  readonly SPY_UNLINK: "spyUnlink";
  readonly THREEWAY_RESULT: "threewayResult";
  readonly THREEWAY_LINK: "threewayLink";
  readonly THREEWAY_UNLINK: "threewayUnlink";
  readonly WHISPER_RESULT: "whisperResult";
  readonly WHISPER_LINK: "whisperLink";
  readonly WHISPER_UNLINK: "whisperUnlink";
  readonly BARGE_RESULT: "bargeResult";
  readonly BARGE_LINK: "bargeLink";
  readonly BARGE_UNLINK: "bargeUnlink";
  readonly DISCONNECT_RESULT: "disconnectResult";
  readonly SET_OFFLINE: "setOfflineResult";
  readonly EXTENSTATE: "extenState";
  readonly INTERACT_RETURN: "interactReturn";
  readonly SIP_DISCONNECTED: "sipDisconnected";
  readonly TRANSCRIPT: "transcript";
  readonly ORDER_CALLBACK: "orderCallBack";
  readonly PING: "ping";
  readonly WEBRTC_STATS: "webrtcStats";
}
