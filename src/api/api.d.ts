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
}

/** Every event a listener can receive, by eventType. */
export interface EventMap extends CatalogEventMap, ResponseEventMap {
  sdkError: SdkErrorEvent;
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
  readonly SDK_ERROR: "sdkError";
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
  static on<K extends EventName>(type: K, listener: Listener<K>): void;
  static once<K extends EventName>(type: K, listener: Listener<K>): void;
  static off<K extends EventName>(type: K, listener?: Listener<K>): void;
}
