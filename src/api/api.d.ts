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

/** The `<action>Resp` events, one per command. */
export interface ResponseEventMap {
  setupResp: SdkResponse<"setup">;
  loginResp: SdkResponse<"login">;
  logoutResp: SdkResponse<"logout">;
  pauseResp: SdkResponse<"pause">;
  unpauseResp: SdkResponse<"unpause">;
  updateSessionKeyResp: SdkResponse<"updateSessionKey">;
}

/** Every event a listener can receive, by eventType. */
export interface EventMap extends CatalogEventMap, ResponseEventMap {
  sdkError: SdkErrorEvent;
  resync: ResyncEvent;
  sessionKeyExpiring: SessionKeyExpiringEvent;
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
  readonly SDK_ERROR: "sdkError";
  readonly RESYNC: "resync";
  readonly SESSION_KEY_EXPIRING: "sessionKeyExpiring";
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
  static on<K extends EventName>(type: K, listener: Listener<K>): void;
  static once<K extends EventName>(type: K, listener: Listener<K>): void;
  static off<K extends EventName>(type: K, listener?: Listener<K>): void;
}
