// GENERATED from agentdesk-core's declarations by tests/generated.rs: do not edit.
// Regenerate with `bash scripts/generate.sh`; `cargo test` fails while this file is stale.

// ---- the objects payloads and arguments are made of -----------------------------------------

export type AgentState = "offline" | "invalid" | "idle" | "busy" | "calling" | "ringing" | "talking" | "wrapup";

export interface AgentStatus {
  /** Coarse state. */
  state: AgentState;
  /** The cause of the last transition; the list is in docs/agent-status.md. */
  stateAction: string;
  /** Login / pause status. */
  initialStatus: 0 | 1 | 2 | 3;
  /** Device state. */
  deviceStatus: -1 | 0 | 1 | 2 | 3 | 4;
  /** Present while deviceStatus is 2, 3 or 4. */
  callType?: number;
  /** Per-leg call id, present while deviceStatus is 2, 3 or 4. */
  uniqueId?: string;
  /** Main call id, present while deviceStatus is 2, 3 or 4. */
  mainUniqueId?: string;
  /** The pause reason, present while initialStatus is 2 (busy). */
  pauseDescription?: string;
  /** The pause type given to `pause` (0 productive, 2 non-productive), while busy. */
  pauseType?: number;
  /** Seconds of after-call work, present while in wrap-up. */
  wrapupTime?: number;
}

export interface QueueSnapshot {
  /** The queue's parameters. */
  queueParams: Record<string, unknown>;
  /** The status of each agent of the queue. */
  agentStatuses: unknown[];
  /** The callers waiting in the queue. */
  queueEntries: unknown[];
}

export interface WebrtcStatsTotals {
  /** RTP packets sent since the leg started. */
  packetsSent: number;
  /** RTP packets received since the leg started. */
  packetsReceived: number;
  /** RTP packets lost since the leg started. */
  packetsLost: number;
  /** Share of packets lost since the leg started, 0–1. */
  packetLossRate: number;
  /** Bytes sent since the leg started. */
  bytesSent: number;
  /** Bytes received since the leg started. */
  bytesReceived: number;
}

export interface BindEndpoint {
  /** 1 PSTN phone, 2 extension, 3 softphone (WebRTC). */
  endpointType: 1 | 2 | 3;
  /** The number, extension or softphone id. */
  endpoint: string;
}

export interface LoginParams {
  /** Tenant (enterprise) id. */
  tenantId: string;
  /** Agent number. */
  agentNo: string;
  /** The key the page obtained from its back end; never logged. */
  sessionKey: string;
  /** The endpoint to bind. */
  bindEndpoint: BindEndpoint;
  /** 1 idle (default), 2 busy, 3 wrap-up (PRODUCT.md §2). */
  initialStatus?: 1 | 2 | 3;
  /** The pause reason when logging in busy. */
  pauseDescription?: string;
}

export interface LogoutParams {
  /** 1 normal, 2 forced (research/agentsdk-reference.md §6). */
  logoutMode?: number;
  /** 1 to unbind the endpoint as well. */
  unbindEndpoint?: number;
}

export interface PauseParams {
  /** 0 productive (default), 2 non-productive (research/agentsdk-reference.md §6). */
  pauseType?: number;
  /** The reason shown to supervisors. */
  pauseDescription?: string;
}

export interface ChannelVariable {
  /** Variable name. */
  name: string;
  /** Variable value. */
  value: string;
  /** 1 normal (default), 2 PJSIP header, 3 auto-wrapped `${}`, 4 SIP header. */
  type?: 1 | 2 | 3 | 4;
}

export interface PreviewObCallParams {
  /** The number to dial. */
  customerNumber: string;
  /** Seconds the agent's own leg may ring (5–60, default 30; research §2 legacy limits). */
  agentAnswerTimeout?: number;
  /** Seconds the customer may ring (5–60, default 45). */
  customerAnswerTimeout?: number;
  /** Channel variables for the call. */
  chanVariables?: ChannelVariable[];
}

export interface MuteParams {
  /** `in`, `out` or `both` (default); the reference also accepts `sendrecv` for both. */
  direction?: "in" | "out" | "both" | "sendrecv";
}

export interface DtmfParams {
  /** 1–32 of `0-9 * # A-D`. */
  digits: string;
}

export interface AtxferParams {
  /** 0 outside number, 1 agent, 2 extension. */
  targetType: 0 | 1 | 2;
  /** The number, agent or extension. */
  target: string;
}

export interface BlxferParams {
  /** 0 outside number, 1 agent, 2 extension, 3 IVR node. */
  targetType: 0 | 1 | 2 | 3;
  /** The target; for an IVR node JSON `{"ivrId","ivrNode"}`. */
  target: string;
  /** At most 5 variables. */
  blxferVariables?: ChannelVariable[];
}

export interface TransferIvrParams {
  /** The IVR to run. */
  ivrId: string;
  /** The node to start at. */
  ivrNode?: string;
  /** Variables handed to the IVR and returned in `interactReturn`. */
  variables?: Record<string, unknown>;
}

export interface TargetParams {
  /** The agent acted on. */
  agentNo: string;
  /** For `setPause`: the reason shown. */
  pauseDescription?: string;
}

export interface QueueSubscriptionParams {
  /** Queue numbers. */
  queues?: string[];
}

export interface PingThresholds {
  /** Below this, `networkState` is 4 (excellent). Default 100 ms. */
  excellentBelowMs?: number;
  /** Below this, 3 (good). Default 200 ms. */
  goodBelowMs?: number;
  /** Below this, 2 (fair); at or above it, 1 (poor). Default 400 ms. */
  fairBelowMs?: number;
}

export interface MosBuckets {
  /** From this MOS up, quality 4. Default 4.0. */
  excellentMin?: number;
  /** From this MOS up, quality 3. Default 3.6. */
  goodMin?: number;
  /** From this MOS up, quality 2; below it, 1. Default 3.1. */
  fairMin?: number;
}

export interface StatsConfig {
  /** MOS → 0–4 network quality limits (PRODUCT.md §2: 4.0 / 3.6 / 3.1). */
  mosBuckets?: MosBuckets;
  /**
   * How many empty intervals in a row (1 s each with PRODUCT.md's polling) report a direction
   * as carrying nothing in `packetsState`. Default 1; 0 is read as 1.
   * One is enough: audio never legitimately goes a second without a packet (Opus sends 50 a
   * second, silence frames when muted, DTX one frame at least every 400 ms, RFC 6716
   * §2.1.9). And one is needed: the first fully empty interval ends 1–2 s after the far end
   * stops, a second one 2–3 s after, too close to the 3 s issue 5 allows (`one_way.rs`).
   */
  oneWayAfterIntervals?: number;
}

export interface WarningThresholds {
  /** rtt above this, ms, crosses. Default 400. */
  highRttMs?: number;
  /** Jitter above this, ms, crosses. Default 30. */
  highJitterMs?: number;
  /** Interval loss above this share (0–1) crosses. Default 0.01 (1 %). */
  highPacketLoss?: number;
  /** MOS below this crosses. Default 3.5. */
  lowMos?: number;
  /** How many recent samples are judged. Default 10; 0 is read as 1. */
  window?: number;
  /** How many crossing samples in the window raise a warning. Default 3; 0 is read as 1. */
  raiseAfter?: number;
}

export interface QualityConfig {
  /** Ping latency buckets: 100 / 200 / 400 ms. */
  ping?: PingThresholds;
  /** MOS buckets (4.0 / 3.6 / 3.1) and the one-way-audio rule (1 empty interval). */
  stats?: StatsConfig;
  /** Warning limits (400 ms, 30 ms, 1 %, MOS 3.5) and the 3-of-10 window. */
  warnings?: WarningThresholds;
}

export interface SetupConfig {
  /** Required: `ws://`, `wss://`, `http://` or `https://` URL of the gateway. */
  baseURL: string;
  /** See [`Config::webrtc`]. */
  webrtc?: boolean;
  /** See [`Config::webrtc_stats`]. */
  webrtcStats?: boolean;
  /** See [`Config::debug`]. */
  debug?: boolean;
  /** Accepted for compatibility with the reference AgentSDK; has no effect. */
  audio_debug?: boolean;
  /** Accepted for compatibility with the reference AgentSDK; has no effect. */
  observability?: boolean;
  /** See [`Config::command_timeout_ms`]. */
  commandTimeoutMs?: number;
  /** See [`Config::connect_timeout_ms`]. */
  connectTimeoutMs?: number;
  /** Reconnect attempts before giving up (default 20). */
  maxReconnectAttempts?: number;
  /** Delay before the first reconnect attempt (default 1000 ms). */
  reconnectBaseMs?: number;
  /** Longest delay between reconnect attempts (default 30 000 ms). */
  reconnectMaxMs?: number;
  /** Jitter of each delay as a fraction, 0–1 (default 0.2). */
  reconnectJitter?: number;
  /** Interval between pings (default 5000 ms). */
  heartbeatIntervalMs?: number;
  /** Unanswered time after which the link counts as dead (default 10 000 ms). */
  heartbeatTimeoutMs?: number;
  /** Quality thresholds, each optional (see `QualityConfig`). */
  quality?: QualityConfig;
  /** See [`Config::sip_disconnect_grace_ms`]. */
  sipDisconnectGraceMs?: number;
  /** See [`Config::webrtc_stats_interval_ms`]. */
  webrtcStatsIntervalMs?: number;
}

// ---- the 40 catalog events (seed 003 §2, §3) --------------------------------------------------

/**
 * `agentStatus`: the agent's status changed (seed 003 §3.1).
 * Fires whenever the agent's state, stateAction, initialStatus or deviceStatus changes:
 * login, logout, pause, a call's progress, and offline after the reconnect loop gives up
 * (§3.1).
 */
export interface AgentStatusEvent {
  eventType: "agentStatus";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /**
   * Agent status object (state, stateAction, initialStatus, deviceStatus and the extras that
   * depend on them).
   */
  status: AgentStatus;
}

/**
 * `previewObCallStart`: the platform started dialing the customer (seed 003 §3.2).
 * Fires when the platform starts dialing the customer for `previewObCall` (§3.2).
 */
export interface PreviewObCallStartEvent {
  eventType: "previewObCallStart";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
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

/**
 * `previewObCallRinging`: the customer's phone is ringing (seed 003 §3.3).
 * Fires when the customer's phone starts ringing in a preview outbound call (§3.3).
 */
export interface PreviewObCallRingingEvent {
  eventType: "previewObCallRinging";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Customer number. */
  customerNumber: string;
  /** 0 landline; 1 mobile. */
  customerNumberType: number;
  /** Customer area code. */
  obClidAreaCode: string;
  /** Agent state (offline/invalid/idle/busy/calling/ringing/talking/wrapup). */
  state: string;
  /** State action (the cause of the transition; docs/agent-status.md). */
  stateAction: string;
  /** Main call unique id. */
  mainUniqueId: string;
}

/**
 * `previewObCallBridge`: agent and customer legs are bridged (seed 003 §3.4).
 * Fires when the customer answers and is bridged with the agent (§3.4).
 */
export interface PreviewObCallBridgeEvent {
  eventType: "previewObCallBridge";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Customer number. */
  customerNumber: string;
  /** 0 landline; 1 mobile. */
  customerNumberType: number;
  /** Customer area code. */
  obClidAreaCode: string;
  /** Channel name. */
  channel: string;
  /** Destination channel name. */
  destChannel: string;
  /** Main call unique id. */
  mainUniqueId: string;
}

/**
 * `previewObCallResult`: the final result of a preview outbound attempt (seed 003 §3.5).
 * Fires once per preview outbound attempt with its outcome, connected or failed (§3.5).
 */
export interface PreviewObCallResultEvent {
  eventType: "previewObCallResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Customer number. */
  customerNumber: string;
  /** `success` connected; `error` failed (e.g. cancelled). */
  result: string;
  /** Call unique id. */
  uniqueId: string;
  /** Outbound caller ID. */
  obClid: string;
  /**
   * Beyond the seed: why a call with result `error` failed: `noAnswer`, `busy` or
   * `cancelled` (docs/flows.md §4). Absent on success.
   */
  reason?: "noAnswer" | "busy" | "cancelled";
}

/**
 * `atxferStart`: the consult started (seed 003 §3.7).
 * Fires when `startAtxfer` has put the customer on hold and started calling the target
 * (§3.7).
 */
export interface AtxferStartEvent {
  eventType: "atxferStart";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Channel name. */
  channel: string;
  /** Destination channel name. */
  destChannel: string;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
  /** Main call unique id. */
  mainUniqueId: string;
}

/**
 * `atxferLink`: the consult connected to its target (seed 003 §3.7).
 * Fires when the consult target answers (§3.7).
 */
export interface AtxferLinkEvent {
  eventType: "atxferLink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Channel name. */
  channel: string;
  /** Consult target. */
  target: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  targetType: number;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
}

/**
 * `atxferEnded`: the consult ended by resume, hangup or cancel (seed 003 §3.7).
 * Fires when the consult ends by `resumeAtxfer`, a hangup or `cancelAtxfer` (§3.7).
 */
export interface AtxferEndedEvent {
  eventType: "atxferEnded";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Consult target. */
  target: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  targetType: number;
  /** Who hung up (the consulted party vs the agent/customer). The seed gives no code list. */
  hangupSide: number;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
}

/**
 * `atxferError`: the consult failed (seed 003 §3.7).
 * Fires when the consult cannot be set up: target unreachable, refused, ... (§3.7).
 */
export interface AtxferErrorEvent {
  eventType: "atxferError";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
}

/**
 * `threewayAtxferResult`: result of turning the consult into a three-way call (seed 003 §3.8).
 * Fires with the result of `threewayAtxfer`: agent, customer and target joined (§3.8).
 */
export interface ThreewayAtxferResultEvent {
  eventType: "threewayAtxferResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Consult target. */
  target: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  targetType: number;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
}

/**
 * `atxferThreewayUnlink`: the consult three-way call ended (seed 003 §3.8).
 * Fires when the three-way call made from a consult ends (§3.8).
 */
export interface AtxferThreewayUnlinkEvent {
  eventType: "atxferThreewayUnlink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Consult target. */
  target: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  targetType: number;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
}

/**
 * `completeAtxferResult`: the consult transfer completed (seed 003 §3.8).
 * Fires with the result of `completeAtxfer`: the customer handed to the target (§3.8).
 */
export interface CompleteAtxferResultEvent {
  eventType: "completeAtxferResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Consult target. */
  target: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  targetType: number;
  /** Agent state. */
  state: string;
  /** State action. */
  stateAction: string;
}

/**
 * `ringing`: a call is ringing at the agent (seed 003 §3.6).
 * Fires when a call (inbound, outbound leg, internal, transfer, ...) rings at the agent
 * (§3.6).
 */
export interface RingingEvent {
  eventType: "ringing";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /**
   * 1 inbound; 2 WebCall; 4 preview outbound; 5 predictive outbound; 6 outbound; 9 internal
   * call; 11 SIP access.
   */
  callType: number;
  /** Channel name. */
  channel: string;
  /** Main call unique id. */
  mainUniqueId: string;
  /** Per-leg unique id. */
  uniqueId: string;
  /** Customer number. */
  customerNumber: string;
  /** Area code. */
  customerAreaCode: string;
  /** Province. */
  customerProvince: string;
  /** City. */
  customerCity: string;
  /** Sub-type (101/102/103/...) that tells transfer, consult, monitoring, etc. apart. */
  subCallType: number;
  /** Hotline. */
  hotline: string;
  /** Trunk. */
  numberTrunk: string;
  /** Queue number. */
  queueNo: string;
  /** Custom variables. The seed does not type the inside, so it stays a JSON object. */
  chanVariables: Record<string, unknown>;
}

/**
 * `sessionInit`: the agent session was established.
 * Seed 003 §2 names the event but gives no fields; these are this project's choice: who the
 * session belongs to and the gateway's id for it.
 * Fires when login has established the agent session on the gateway.
 */
export interface SessionInitEvent {
  eventType: "sessionInit";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** The gateway's id of the new session. */
  sessionId: string;
}

/**
 * `sessionTerminate`: the agent session ended (seed 003 §2, no fields given; PRODUCT.md §2
 * asks for a reason after the last reconnect attempt fails).
 * Fires when the agent session ends: logout, kicked, key revoked, or reconnect gave up.
 */
export interface SessionTerminateEvent {
  eventType: "sessionTerminate";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Why the session ended (logged out, kicked, key revoked, reconnect gave up, ...). */
  reason: string;
}

/**
 * `sipSessionInit`: the softphone (SIP) session was established (seed 003 §2, no fields
 * given).
 * Fires when the softphone has registered and its session is up.
 */
export interface SipSessionInitEvent {
  eventType: "sipSessionInit";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** The softphone endpoint (extension) the session registered. */
  endpoint: string;
}

/**
 * `sipSessionTerminate`: the softphone (SIP) session ended (seed 003 §2, no fields given).
 * Fires when the softphone session is closed on purpose (logout, `sipUnlink`).
 */
export interface SipSessionTerminateEvent {
  eventType: "sipSessionTerminate";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Why the softphone session ended. */
  reason: string;
}

/**
 * `reconnectAttempt`: the SDK is about to retry the gateway connection, or has just restored
 * it (seed 003 §3.9; the loop itself is PRODUCT.md §2). The seed's payload carries no tenant
 * or agent.
 * Fires before each reconnect attempt (code -1) and once when one succeeds (code 0) (§3.9).
 */
export interface ReconnectAttemptEvent {
  eventType: "reconnectAttempt";
  /** Attempt number, starting at 1. */
  attempt: number;
  /** 0 reconnected; -1 disconnected (an attempt is about to be made). */
  code: number;
  /** Timestamp (ms) when the reconnect loop started. */
  firstAttemptTs: number;
  /** Maximum number of attempts (20 by default, seed 003 §3.9). */
  maxAttempts: number;
  /** Elapsed time since the first attempt (ms). */
  sinceFirstAttemptMs: number;
  /**
   * Beyond the seed: with code −1, the wait in ms before this attempt starts, so a page can
   * show a countdown. Absent with code 0.
   */
  delayMs?: number;
}

/**
 * `queueStatus`: a snapshot of the supervisor's queues (seed 003 §3.10).
 * Fires for a supervisor subscribed with `subscribeQueueStatus`, on every queue change
 * (§3.10).
 */
export interface QueueStatusEvent {
  eventType: "queueStatus";
  /** One snapshot per queue, keyed by queue number. A `BTreeMap` so the order is stable. */
  queueStatus: Record<string, QueueSnapshot>;
}

/**
 * `spyResult`: result of a silent-monitoring request (seed 003 §3.11).
 * Fires with the result of `spy` (§3.11).
 */
export interface SpyResultEvent {
  eventType: "spyResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  spiedCno: string;
  /** Monitoring initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Call unique id. */
  uniqueId: string;
  /** `success` or `error`. */
  result: string;
}

/**
 * `spyLink`: silent monitoring connected (seed 003 §3.11).
 * Fires when the supervisor's monitoring leg joins the call (§3.11).
 */
export interface SpyLinkEvent {
  eventType: "spyLink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  spiedCno: string;
  /** Monitoring initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** `success` or `error`. */
  result: string;
  /** Channel name. */
  channel: string;
}

/**
 * `spyUnlink`: silent monitoring ended (seed 003 §3.11).
 * Fires when silent monitoring ends: `unspy` or the call ends (§3.11).
 */
export interface SpyUnlinkEvent {
  eventType: "spyUnlink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  spiedCno: string;
  /** Monitoring initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
}

/**
 * `threewayResult`: result of a supervisor three-way request (seed 003 §3.12).
 * Fires with the result of the supervisor's `threeway` (§3.12).
 */
export interface ThreewayResultEvent {
  eventType: "threewayResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  threewayedCno: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Call unique id. */
  uniqueId: string;
  /** `success` or `error`. */
  result: string;
}

/**
 * `threewayLink`: supervisor three-way connected (seed 003 §3.12).
 * Fires when the supervisor joins the call as a third party (§3.12).
 */
export interface ThreewayLinkEvent {
  eventType: "threewayLink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  threewayedCno: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Channel name. */
  channel: string;
}

/**
 * `threewayUnlink`: supervisor three-way ended (seed 003 §3.12). Note `threewayedAgentNo`, not
 * the `threewayedCno` of the result and link events.
 * Fires when the supervisor three-way ends: `unthreeway` or the call ends (§3.12).
 */
export interface ThreewayUnlinkEvent {
  eventType: "threewayUnlink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  threewayedAgentNo: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
}

/**
 * `whisperResult`: result of a whisper-coaching request (seed 003 §3.13).
 * Fires with the result of `whisper` (§3.13).
 */
export interface WhisperResultEvent {
  eventType: "whisperResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  whisperedCno: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Call unique id. */
  uniqueId: string;
  /** `success` or `error`. */
  result: string;
}

/**
 * `whisperLink`: whisper coaching connected (seed 003 §3.13).
 * Fires when the supervisor's coaching leg (heard by the agent only) joins (§3.13).
 */
export interface WhisperLinkEvent {
  eventType: "whisperLink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  whisperedCno: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Channel name. */
  channel: string;
}

/**
 * `whisperUnlink`: whisper coaching ended (seed 003 §3.13). Note `whisperedAgentNo`, not the
 * `whisperedCno` of the result and link events.
 * Fires when whisper coaching ends: `unwhisper` or the call ends (§3.13).
 */
export interface WhisperUnlinkEvent {
  eventType: "whisperUnlink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  whisperedAgentNo: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
}

/**
 * `bargeResult`: result of a barge-in request (seed 003 §3.14).
 * Fires with the result of `barge` (§3.14).
 */
export interface BargeResultEvent {
  eventType: "bargeResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  bargedAgentNo: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Call unique id. */
  uniqueId: string;
  /** `success` or `error`. */
  result: string;
}

/**
 * `bargeLink`: barge-in connected (seed 003 §3.14).
 * Fires when the supervisor has barged into the call (§3.14).
 */
export interface BargeLinkEvent {
  eventType: "bargeLink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  bargedAgentNo: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Channel name. */
  channel: string;
}

/**
 * `bargeUnlink`: barge-in ended (seed 003 §3.14). Note `bargedCno`, not the `bargedAgentNo` of
 * the result and link events.
 * Fires when the barge-in ends: `unbarge` or the call ends (§3.14).
 */
export interface BargeUnlinkEvent {
  eventType: "bargeUnlink";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  bargedCno: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
}

/**
 * `disconnectResult`: result of a forced disconnect (seed 003 §3.15).
 * Fires with the result of the supervisor's `disconnect` of an agent's call (§3.15).
 */
export interface DisconnectResultEvent {
  eventType: "disconnectResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Target agent ID. */
  disconnectorCno: string;
  /** Initiator. */
  initiator: string;
  /** 0 PSTN; 1 agent; 2 extension. */
  initiatorType: number;
  /** Call unique id. */
  uniqueId: string;
  /** `success` or `error`. */
  result: string;
}

/**
 * `setOfflineResult`: result of forcing an agent offline (seed 003 §3.16).
 * Fires with the result of `setOffline`, an agent forced offline (§3.16). The seed's
 * constant drops `_RESULT`.
 */
export interface SetOfflineResultEvent {
  eventType: "setOfflineResult";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Who forced the agent offline (supervisor agentNo or admin name). */
  initiator: string;
  /** `"0"` success; `"-1"` failure. A string, unlike every other code: the seed types it so. */
  code: string;
  /** Message (commonly `ok`). */
  message: string;
}

/**
 * `extenState`: the bound extension's registration changed (seed 003 §3.18). The seed's
 * payload carries no agent, and spells the registration URI in capitals (`URI`).
 * Fires when the bound extension registers, unregisters or becomes (un)reachable (§3.18).
 * The seed's constant has no `_`.
 */
export interface ExtenStateEvent {
  eventType: "extenState";
  /** `Reachable` or `Unreachable`. */
  state: string;
  /** `Registered` or `Unregistered`. */
  registerState: string;
  /** Registration time (e.g. `2024-01-01 10:54:19`). */
  registerTime: string;
  /** Expiration time. */
  expirationTime: string;
  /** Phone IP. */
  extenIp: string;
  /** Registration URI. */
  URI: string;
  /** Extension number. */
  extenNo: string;
  /** Tenant ID. */
  tenantId: string;
}

/**
 * `interactReturn`: an IVR the call was transferred to returned its variables (seed 003 §3.19).
 * Fires when an IVR entered with `transferIvr` returns the call with its variables (§3.19).
 */
export interface InteractReturnEvent {
  eventType: "interactReturn";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** Return variables (provided via `transferIvr`); free-form, as the IVR sets them. */
  returnVariables: Record<string, unknown>;
}

/**
 * `sipDisconnected`: the softphone connection was interrupted (seed 003 §3.20). The seed
 * gives no fields; in most cases the agent should log in again or recreate the softphone
 * session.
 * Fires when the softphone connection drops unexpectedly (§3.20).
 */
export interface SipDisconnectedEvent {
  eventType: "sipDisconnected";
  /** Tenant ID. */
  tenantId: string;
  /** Agent ID. */
  agentNo: string;
  /** What interrupted the softphone connection. */
  reason: string;
}

/**
 * `transcript`: one sentence of real-time transcription, partial or final (seed 003 §3.21).
 * Legacy names `transcriptEvent` and `rasr` are not accepted: the seed fixes `transcript`.
 * Fires for each partial and final transcription sentence during a call (§3.21).
 */
export interface TranscriptEvent {
  eventType: "transcript";
  /** Transcribed sentence text. */
  text: string;
  /** 1 agent side; 2 customer side. */
  role: number;
  /** Absolute timestamp (ms) when the text was generated. */
  transcriptTime: number;
  /** Begin time relative to the start of the recording (ms). */
  beginTime: number;
  /** End time relative to the start of the recording (ms). */
  endTime: number;
  /** 1 finished; 0 in progress. */
  finished: number;
  /** Sentence index, starting from 0. */
  sentenceIndex: number;
  /** `intermediateResult` or `sentenceEnd`. */
  sentenceType: string;
  /** Main call unique id. */
  mainUniqueId: string;
  /**
   * Timestamp (ms) when the engine started on the sentence; returned with `sentenceEnd` only,
   * hence optional.
   */
  sentenceBeginTimestamp?: number;
  /**
   * Timestamp (ms) when the final text was returned; returned with `sentenceEnd` only, hence
   * optional.
   */
  sentenceEndTimestamp?: number;
}

/**
 * `orderCallBack`: a scheduled callback is due (seed 003 §3.17): pass-through, no field contract.
 * Fires when a scheduled callback is due (§3.17).
 */
export interface OrderCallBackEvent {
  eventType: "orderCallBack";
  [key: string]: unknown;
}

/**
 * `ping`: latency and network quality of the gateway link (seed 003 §3.22), emitted on every
 * heartbeat answer (every 5 s, PRODUCT.md §2) and with `networkState` 0 when none comes.
 * Fires after every heartbeat (5 s): the answer's latency, or networkState 0 without one
 * (§3.22).
 */
export interface PingEvent {
  eventType: "ping";
  /** Ping latency in ms. */
  latencyTime: number;
  /**
   * Network-quality bucket derived from the latency: 4 excellent < 100 ms, 3 good < 200 ms,
   * 2 fair < 400 ms, 1 poor ≥ 400 ms, 0 no answer (PRODUCT.md §2).
   */
  networkState: number;
}

/**
 * `webrtcStats`: one second of the softphone leg's statistics (seed 003 §3.23, PRODUCT.md §2).
 * The top-level counters are deltas over the last interval; [`WebrtcStatsTotals`] holds the
 * running totals since the leg started. `jitter`, `rtt` and `mos` are `null` (never absent)
 * while the browser has not measured them yet, so listeners can rely on the keys.
 * Fires once per second while the softphone leg is up and `webrtcStats` is enabled (§3.23).
 */
export interface WebrtcStatsEvent {
  eventType: "webrtcStats";
  /** RTP packets sent during the interval. */
  packetsSent: number;
  /** RTP packets received during the interval. */
  packetsReceived: number;
  /** RTP packets lost during the interval. */
  packetsLost: number;
  /** Share of packets lost during the interval, 0–1. */
  packetLossRate: number;
  /** Inbound jitter (ms); `null` until measured. */
  jitter: number | null;
  /** Round-trip time (ms); `null` until measured. */
  rtt: number | null;
  /** Mean opinion score from the E-model (1–4.5); `null` without enough data. */
  mos: number | null;
  /** The ICE connection state (`RTCIceConnectionState`). */
  iceState: string;
  /** The DTLS transport state (`RTCDtlsTransportState`). */
  dtlsState: string;
  /** The audio codec in use (e.g. `opus`). */
  codec: string;
  /**
   * `normal`, or which direction carries nothing: `noInbound`, `noOutbound`, `noTraffic`
   * (one-way or no audio).
   */
  packetsState: "normal" | "noInbound" | "noOutbound" | "noTraffic";
  /**
   * Quality of what is sent, 0–4 (from MOS: ≥ 4.0 → 4, ≥ 3.6 → 3, ≥ 3.1 → 2, else 1; 0 no
   * data).
   */
  sentNetworkQuality: number;
  /** Quality of what is received, on the same 0–4 scale. */
  receivedNetworkQuality: number;
  /** When the sample was taken (ms since the epoch, from the shell's clock input). */
  timestamp: number;
  /** Running totals since the leg started. */
  totals: WebrtcStatsTotals;
}

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

// ---- commands ----------------------------------------------------------------------------------

/** The `<action>Resp` events, one per command. */
export interface ResponseEventMap {
  setupResp: SdkResponse<"setup">;
  loginResp: SdkResponse<"login">;
  logoutResp: SdkResponse<"logout">;
  pauseResp: SdkResponse<"pause">;
  unpauseResp: SdkResponse<"unpause">;
  updateSessionKeyResp: SdkResponse<"updateSessionKey">;
  previewObCallResp: SdkResponse<"previewObCall">;
  hangupResp: SdkResponse<"hangup">;
  holdResp: SdkResponse<"hold">;
  unholdResp: SdkResponse<"unhold">;
  muteResp: SdkResponse<"mute">;
  unmuteResp: SdkResponse<"unmute">;
  sendDtmfResp: SdkResponse<"sendDtmf">;
  sipLinkResp: SdkResponse<"sipLink">;
  sipUnlinkResp: SdkResponse<"sipUnlink">;
  startAtxferResp: SdkResponse<"startAtxfer">;
  cancelAtxferResp: SdkResponse<"cancelAtxfer">;
  resumeAtxferResp: SdkResponse<"resumeAtxfer">;
  completeAtxferResp: SdkResponse<"completeAtxfer">;
  threewayAtxferResp: SdkResponse<"threewayAtxfer">;
  blxferResp: SdkResponse<"blxfer">;
  transferIvrResp: SdkResponse<"transferIvr">;
  spyResp: SdkResponse<"spy">;
  unspyResp: SdkResponse<"unspy">;
  whisperResp: SdkResponse<"whisper">;
  unwhisperResp: SdkResponse<"unwhisper">;
  threewayResp: SdkResponse<"threeway">;
  unthreewayResp: SdkResponse<"unthreeway">;
  bargeResp: SdkResponse<"barge">;
  unbargeResp: SdkResponse<"unbarge">;
  disconnectResp: SdkResponse<"disconnect">;
  setPauseResp: SdkResponse<"setPause">;
  setUnpauseResp: SdkResponse<"setUnpause">;
  setOfflineResp: SdkResponse<"setOffline">;
  subscribeQueueStatusResp: SdkResponse<"subscribeQueueStatus">;
  unsubscribeQueueStatusResp: SdkResponse<"unsubscribeQueueStatus">;
}

/** `EventType`: the catalog's constants, one per command response, and the SDK's own events. */
export interface EventTypeConstants extends EventTypeCatalog {
  readonly SETUP_RESP: "setupResp";
  readonly LOGIN_RESP: "loginResp";
  readonly LOGOUT_RESP: "logoutResp";
  readonly PAUSE_RESP: "pauseResp";
  readonly UNPAUSE_RESP: "unpauseResp";
  readonly UPDATE_SESSION_KEY_RESP: "updateSessionKeyResp";
  readonly PREVIEW_OBCALL_RESP: "previewObCallResp";
  readonly HANGUP_RESP: "hangupResp";
  readonly HOLD_RESP: "holdResp";
  readonly UNHOLD_RESP: "unholdResp";
  readonly MUTE_RESP: "muteResp";
  readonly UNMUTE_RESP: "unmuteResp";
  readonly SEND_DTMF_RESP: "sendDtmfResp";
  readonly SIP_LINK_RESP: "sipLinkResp";
  readonly SIP_UNLINK_RESP: "sipUnlinkResp";
  readonly START_ATXFER_RESP: "startAtxferResp";
  readonly CANCEL_ATXFER_RESP: "cancelAtxferResp";
  readonly RESUME_ATXFER_RESP: "resumeAtxferResp";
  readonly COMPLETE_ATXFER_RESP: "completeAtxferResp";
  readonly THREEWAY_ATXFER_RESP: "threewayAtxferResp";
  readonly BLXFER_RESP: "blxferResp";
  readonly TRANSFER_IVR_RESP: "transferIvrResp";
  readonly SPY_RESP: "spyResp";
  readonly UNSPY_RESP: "unspyResp";
  readonly WHISPER_RESP: "whisperResp";
  readonly UNWHISPER_RESP: "unwhisperResp";
  readonly THREEWAY_RESP: "threewayResp";
  readonly UNTHREEWAY_RESP: "unthreewayResp";
  readonly BARGE_RESP: "bargeResp";
  readonly UNBARGE_RESP: "unbargeResp";
  readonly DISCONNECT_RESP: "disconnectResp";
  readonly SET_PAUSE_RESP: "setPauseResp";
  readonly SET_UNPAUSE_RESP: "setUnpauseResp";
  readonly SET_OFFLINE_RESP: "setOfflineResp";
  readonly SUBSCRIBE_QUEUE_STATUS_RESP: "subscribeQueueStatusResp";
  readonly UNSUBSCRIBE_QUEUE_STATUS_RESP: "unsubscribeQueueStatusResp";
  readonly SDK_ERROR: "sdkError";
  readonly CAN_CHANGE: "canChange";
  readonly RESYNC: "resync";
  readonly SESSION_KEY_EXPIRING: "sessionKeyExpiring";
  readonly WEBRTC_WARNING: "webrtcWarning";
  readonly WEBRTC_WARNING_CLEARED: "webrtcWarningCleared";
  readonly AUDIO_DEVICES: "audioDevices";
  readonly AUDIO_INPUT_CHANGED: "audioInputChanged";
  readonly AUDIO_OUTPUT_CHANGED: "audioOutputChanged";
  readonly PREFLIGHT_PROGRESS: "preflightProgress";
  readonly SIP_RECONNECTING: "sipReconnecting";
  readonly SIP_RECONNECTED: "sipReconnected";
}

/** The commands, on `AgentSDK` (static) and on every `AgentClient`; see docs/flows.md. */
export interface Commands {
  login(params: LoginParams): Promise<SdkResponse<"login">>;
  logout(params?: LogoutParams): Promise<SdkResponse<"logout">>;
  pause(params?: PauseParams): Promise<SdkResponse<"pause">>;
  unpause(params?: {}): Promise<SdkResponse<"unpause">>;
  updateSessionKey(sessionKey: string): Promise<SdkResponse<"updateSessionKey">>;
  previewObCall(params: PreviewObCallParams): Promise<SdkResponse<"previewObCall">>;
  hangup(params?: {}): Promise<SdkResponse<"hangup">>;
  hold(params?: {}): Promise<SdkResponse<"hold">>;
  unhold(params?: {}): Promise<SdkResponse<"unhold">>;
  mute(params?: MuteParams): Promise<SdkResponse<"mute">>;
  unmute(params?: MuteParams): Promise<SdkResponse<"unmute">>;
  sendDtmf(params: DtmfParams): Promise<SdkResponse<"sendDtmf">>;
  sipLink(params?: {}): Promise<SdkResponse<"sipLink">>;
  sipUnlink(params?: {}): Promise<SdkResponse<"sipUnlink">>;
  startAtxfer(params: AtxferParams): Promise<SdkResponse<"startAtxfer">>;
  cancelAtxfer(params?: {}): Promise<SdkResponse<"cancelAtxfer">>;
  resumeAtxfer(params?: {}): Promise<SdkResponse<"resumeAtxfer">>;
  completeAtxfer(params?: {}): Promise<SdkResponse<"completeAtxfer">>;
  threewayAtxfer(params?: {}): Promise<SdkResponse<"threewayAtxfer">>;
  blxfer(params: BlxferParams): Promise<SdkResponse<"blxfer">>;
  transferIvr(params: TransferIvrParams): Promise<SdkResponse<"transferIvr">>;
  spy(params: TargetParams): Promise<SdkResponse<"spy">>;
  unspy(params?: {}): Promise<SdkResponse<"unspy">>;
  whisper(params: TargetParams): Promise<SdkResponse<"whisper">>;
  unwhisper(params?: {}): Promise<SdkResponse<"unwhisper">>;
  threeway(params: TargetParams): Promise<SdkResponse<"threeway">>;
  unthreeway(params?: {}): Promise<SdkResponse<"unthreeway">>;
  barge(params: TargetParams): Promise<SdkResponse<"barge">>;
  unbarge(params?: {}): Promise<SdkResponse<"unbarge">>;
  disconnect(params: TargetParams): Promise<SdkResponse<"disconnect">>;
  setPause(params: TargetParams): Promise<SdkResponse<"setPause">>;
  setUnpause(params: TargetParams): Promise<SdkResponse<"setUnpause">>;
  setOffline(params: TargetParams): Promise<SdkResponse<"setOffline">>;
  subscribeQueueStatus(params?: QueueSubscriptionParams): Promise<SdkResponse<"subscribeQueueStatus">>;
  unsubscribeQueueStatus(params?: {}): Promise<SdkResponse<"unsubscribeQueueStatus">>;
}
