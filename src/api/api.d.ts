/** What every command resolves with (and emits as `<action>Resp`). `code` 0 is success. */
export interface SdkResponse<A extends string = string> {
  eventType: `${A}Resp`;
  action: A;
  code: number;
  message: string;
  errorCode?: string;
  data?: unknown;
}

/** What a Promise rejects with, and what `on`/`off`/`once` and `new AgentClient` throw. */
export interface SdkError {
  code: string;
  message: string;
}

/** `sdkError`: a malformed frame, a listener that threw, …; the SDK goes on. */
export interface SdkErrorEvent {
  eventType: "sdkError";
  code: string;
  message: string;
}

/** `resync`: after a reconnect, events `lostFrom..lostTo` may be missing; refresh what you show. */
export interface ResyncEvent {
  eventType: "resync";
  reason: "gapTooOld" | "sessionUnknown";
  lostFrom: number;
  lostTo: number | null;
}

/** `sessionKeyExpiring`: call `updateSessionKey(newKey)` before `expiresAt` (Unix ms). */
export interface SessionKeyExpiringEvent {
  eventType: "sessionKeyExpiring";
  expiresAt: number;
}

/** `webrtcWarning` / `webrtcWarningCleared`: a call-quality measure crossed its threshold in 3 of
 * the last 10 samples, or none of them any more (PRODUCT.md §2). Loss is a 0–1 share. */
export interface WebrtcWarningEvent<E extends "webrtcWarning" | "webrtcWarningCleared" = "webrtcWarning"> {
  eventType: E;
  name: "highRtt" | "highJitter" | "highPacketLoss" | "lowMos";
  threshold: number;
  values: (number | null)[];
}

/** The argument of `setup()`. Unknown keys are refused. */
export interface SetupConfig {
  /** `ws://`, `wss://`, `http://` or `https://` URL of the gateway. */
  baseURL: string;
  /** Open a WebRTC softphone leg for endpointType 3 (default true). */
  webrtc?: boolean;
  /** Emit `webrtcStats` during softphone calls (default false). */
  webrtcStats?: boolean;
  /** Log SDK activity to the console (default false). */
  debug?: boolean;
  /** Accepted for compatibility; no effect. */
  audio_debug?: boolean;
  /** Accepted for compatibility; no effect. */
  observability?: boolean;
  /** How long a command waits for its reply (default 10000 ms). */
  commandTimeoutMs?: number;
  /** How long opening the connection may take (default 10000 ms). */
  connectTimeoutMs?: number;
  /** Reconnect attempts before giving up (default 20). */
  maxReconnectAttempts?: number;
  /** Delay before the first reconnect attempt (default 1000 ms); it doubles each attempt. */
  reconnectBaseMs?: number;
  /** Longest delay between attempts (default 30000 ms). */
  reconnectMaxMs?: number;
  /** Jitter of each delay as a fraction, 0–1 (default 0.2). */
  reconnectJitter?: number;
  /** Interval between pings (default 5000 ms). */
  heartbeatIntervalMs?: number;
  /** Unanswered time after which the link counts as dead (default 10000 ms). */
  heartbeatTimeoutMs?: number;
  /** How long ICE may stay disconnected before `sipDisconnected` (default 10000 ms). */
  sipDisconnectGraceMs?: number;
  /** Interval between `getStats()` polls during a softphone call (default 1000 ms). */
  webrtcStatsIntervalMs?: number;
  /** Quality thresholds; every key optional, defaults from the product brief. */
  quality?: {
    /** Ping latency buckets for networkState 4 / 3 / 2 (default 100 / 200 / 400 ms). */
    ping?: { excellentBelowMs?: number; goodBelowMs?: number; fairBelowMs?: number };
    stats?: {
      /** MOS buckets for network quality 4 / 3 / 2 (default 4.0 / 3.6 / 3.1). */
      mosBuckets?: { excellentMin?: number; goodMin?: number; fairMin?: number };
      /** Empty 1 s intervals before packetsState reports one-way audio (default 1). */
      oneWayAfterIntervals?: number;
    };
    warnings?: {
      highRttMs?: number;
      highJitterMs?: number;
      /** As a fraction 0–1 (default 0.01). */
      highPacketLoss?: number;
      lowMos?: number;
      /** Samples considered (default 10) and crossings that raise a warning (default 3). */
      window?: number;
      raiseAfter?: number;
    };
  };
}

/** Where the agent takes calls: endpointType 1 PSTN, 2 extension, 3 softphone. */
export interface BindEndpoint {
  endpointType: 1 | 2 | 3;
  endpoint: string;
}

export interface LoginParams {
  tenantId: string;
  agentNo: string;
  sessionKey: string;
  bindEndpoint: BindEndpoint;
  /** 1 idle (default), 2 busy, 3 wrap-up. */
  initialStatus?: 1 | 2 | 3;
  /** The pause reason when logging in busy. */
  pauseDescription?: string;
}

export interface LogoutParams {
  /** 1 normal, 2 forced. */
  logoutMode?: number;
  /** 1 to unbind the endpoint too. */
  unbindEndpoint?: number;
}

export interface PauseParams {
  /** 0 productive (default), 2 non-productive. */
  pauseType?: number;
  pauseDescription?: string;
}

/** A channel variable: type 1 normal (default), 2 PJSIP header, 3 auto-wrapped `${}`, 4 SIP header. */
export interface ChannelVariable { name: string; value: string; type?: 1 | 2 | 3 | 4 }
export interface PreviewObCallParams {
  customerNumber: string;
  /** Seconds, 5–60 (default 30). */
  agentAnswerTimeout?: number;
  /** Seconds, 5–60 (default 45). */
  customerAnswerTimeout?: number;
  chanVariables?: ChannelVariable[];
}
export interface MuteParams { direction?: "in" | "out" | "both" | "sendrecv" }
/** 1–32 of 0-9 * # A-D. */
export interface DtmfParams { digits: string }
/** targetType 0 outside number, 1 agent, 2 extension. */
export interface AtxferParams { targetType: 0 | 1 | 2; target: string }
/** targetType 3 is an IVR node, with target = JSON `{"ivrId","ivrNode"}`. */
export interface BlxferParams { targetType: 0 | 1 | 2 | 3; target: string; blxferVariables?: ChannelVariable[] }
export interface TransferIvrParams { ivrId: string; ivrNode?: string; variables?: Record<string, unknown> }
/** The agent a supervisor command acts on. */
export interface TargetParams { agentNo: string; pauseDescription?: string }
/** All of the tenant's queues when `queues` is absent. */
export interface QueueSubscriptionParams { queues?: string[] }

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

/** Every event a listener can receive, by eventType. */
export interface EventMap extends CatalogEventMap, ResponseEventMap {
  sdkError: SdkErrorEvent;
  resync: ResyncEvent;
  sessionKeyExpiring: SessionKeyExpiringEvent;
  webrtcWarning: WebrtcWarningEvent<"webrtcWarning">;
  webrtcWarningCleared: WebrtcWarningEvent<"webrtcWarningCleared">;
}

export type EventName = keyof EventMap;
export type Listener<K extends EventName> = (event: EventMap[K]) => void;

/** `EventType`: the catalog's constants plus one per response and `SDK_ERROR`. */
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
  readonly RESYNC: "resync";
  readonly SESSION_KEY_EXPIRING: "sessionKeyExpiring";
  readonly WEBRTC_WARNING: "webrtcWarning";
  readonly WEBRTC_WARNING_CLEARED: "webrtcWarningCleared";
}

/** An independent client; several may live in one page. */
export class AgentClient {
  /** With a config the client is set up at once; a bad config throws an `SdkError`. */
  constructor(config?: SetupConfig);
  free(): void;
  static readonly EventType: EventTypeConstants;
  readonly EventType: EventTypeConstants;
  /** The agent's status as last reported, or null before setup. */
  readonly status: AgentStatus | null;
  setup(config: SetupConfig): Promise<SdkResponse<"setup">>;
  login(params: LoginParams): Promise<SdkResponse<"login">>;
  logout(params?: LogoutParams): Promise<SdkResponse<"logout">>;
  pause(params?: PauseParams): Promise<SdkResponse<"pause">>;
  unpause(params?: {}): Promise<SdkResponse<"unpause">>;
  /** A fresh session key, before the current one expires (see `sessionKeyExpiring`). */
  updateSessionKey(sessionKey: string): Promise<SdkResponse<"updateSessionKey">>;
  // Call and supervisor commands (docs/flows.md).
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
  on<K extends EventName>(type: K, listener: Listener<K>): void;
  once<K extends EventName>(type: K, listener: Listener<K>): void;
  off<K extends EventName>(type: K, listener?: Listener<K>): void;
  /** Closes the connection, settles every Promise and drops every listener. */
  destroy(): void;
}

/** The page's default client, used through static methods as in the reference AgentSDK. */
export class AgentSDK {
  private constructor();
  free(): void;
  static readonly EventType: EventTypeConstants;
  static readonly status: AgentStatus | null;
  static setup(config: SetupConfig): Promise<SdkResponse<"setup">>;
  static login(params: LoginParams): Promise<SdkResponse<"login">>;
  static logout(params?: LogoutParams): Promise<SdkResponse<"logout">>;
  static pause(params?: PauseParams): Promise<SdkResponse<"pause">>;
  static unpause(params?: {}): Promise<SdkResponse<"unpause">>;
  static updateSessionKey(sessionKey: string): Promise<SdkResponse<"updateSessionKey">>;
  // Call and supervisor commands (docs/flows.md).
  static previewObCall(params: PreviewObCallParams): Promise<SdkResponse<"previewObCall">>;
  static hangup(params?: {}): Promise<SdkResponse<"hangup">>;
  static hold(params?: {}): Promise<SdkResponse<"hold">>;
  static unhold(params?: {}): Promise<SdkResponse<"unhold">>;
  static mute(params?: MuteParams): Promise<SdkResponse<"mute">>;
  static unmute(params?: MuteParams): Promise<SdkResponse<"unmute">>;
  static sendDtmf(params: DtmfParams): Promise<SdkResponse<"sendDtmf">>;
  static sipLink(params?: {}): Promise<SdkResponse<"sipLink">>;
  static sipUnlink(params?: {}): Promise<SdkResponse<"sipUnlink">>;
  static startAtxfer(params: AtxferParams): Promise<SdkResponse<"startAtxfer">>;
  static cancelAtxfer(params?: {}): Promise<SdkResponse<"cancelAtxfer">>;
  static resumeAtxfer(params?: {}): Promise<SdkResponse<"resumeAtxfer">>;
  static completeAtxfer(params?: {}): Promise<SdkResponse<"completeAtxfer">>;
  static threewayAtxfer(params?: {}): Promise<SdkResponse<"threewayAtxfer">>;
  static blxfer(params: BlxferParams): Promise<SdkResponse<"blxfer">>;
  static transferIvr(params: TransferIvrParams): Promise<SdkResponse<"transferIvr">>;
  static spy(params: TargetParams): Promise<SdkResponse<"spy">>;
  static unspy(params?: {}): Promise<SdkResponse<"unspy">>;
  static whisper(params: TargetParams): Promise<SdkResponse<"whisper">>;
  static unwhisper(params?: {}): Promise<SdkResponse<"unwhisper">>;
  static threeway(params: TargetParams): Promise<SdkResponse<"threeway">>;
  static unthreeway(params?: {}): Promise<SdkResponse<"unthreeway">>;
  static barge(params: TargetParams): Promise<SdkResponse<"barge">>;
  static unbarge(params?: {}): Promise<SdkResponse<"unbarge">>;
  static disconnect(params: TargetParams): Promise<SdkResponse<"disconnect">>;
  static setPause(params: TargetParams): Promise<SdkResponse<"setPause">>;
  static setUnpause(params: TargetParams): Promise<SdkResponse<"setUnpause">>;
  static setOffline(params: TargetParams): Promise<SdkResponse<"setOffline">>;
  static subscribeQueueStatus(params?: QueueSubscriptionParams): Promise<SdkResponse<"subscribeQueueStatus">>;
  static unsubscribeQueueStatus(params?: {}): Promise<SdkResponse<"unsubscribeQueueStatus">>;
  static on<K extends EventName>(type: K, listener: Listener<K>): void;
  static once<K extends EventName>(type: K, listener: Listener<K>): void;
  static off<K extends EventName>(type: K, listener?: Listener<K>): void;
}
