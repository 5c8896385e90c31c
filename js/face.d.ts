// The typings of the package (pkg/agentdesk.d.ts): this hand-written part types the classes, the
// responses and the SDK's own events; js/catalog.d.ts, generated from agentdesk-core's
// declarations, follows it with every payload, every command argument, setup()'s object, the
// EventType constants and the command methods (`Commands`). scripts/package-entry.sh joins them.

/** Anything `init()` can load the wasm from (as wasm-bindgen's own `init` takes it). */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Instantiates the wasm; the classes work once it resolves (before, they refuse with
 * `{ code: "NOT_INITIALIZED" }`).
 */
export default function init(
  options?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;

/** Instantiates the wasm synchronously from its bytes or a compiled module. */
export function initSync(options: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown;

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

/** `canChange`: the engine's answers to `can()` changed (a state change, a call, a consult, the
 * session's start or end); `allowed` names every command it would accept now. The SDK's own
 * event, not one of the catalog's. */
export interface CanChangeEvent {
  eventType: "canChange";
  allowed: CommandName[];
}

/** The name of a command: what `can()` takes. */
export type CommandName = keyof Commands;

/** How much the SDK logs: nothing (the default) … every frame's type and id. */
export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

/**
 * One log record. `fields` holds only what is safe to keep (frame type and id, command action,
 * close code and reason, reconnect attempt and delay): never a session key, token or password.
 */
export interface LogRecord {
  level: Exclude<LogLevel, "silent">;
  message: string;
  fields: Record<string, string | number | boolean>;
}

/** `setup()`'s object: the engine's settings (`SetupConfig`) and the JS layer's logging. */
export interface SetupOptions extends SetupConfig {
  /** `"silent"` unless given (`debug: true` alone means `"debug"`). */
  logLevel?: LogLevel;
  /** Receives each record at or above `logLevel`; the console when left out. */
  logger?: (record: LogRecord) => void;
}

/** Every event a listener can receive, by eventType. */
export interface EventMap extends CatalogEventMap, ResponseEventMap {
  sdkError: SdkErrorEvent;
  resync: ResyncEvent;
  sessionKeyExpiring: SessionKeyExpiringEvent;
  webrtcWarning: WebrtcWarningEvent<"webrtcWarning">;
  webrtcWarningCleared: WebrtcWarningEvent<"webrtcWarningCleared">;
  canChange: CanChangeEvent;
}

export type EventName = keyof EventMap;
export type Listener<K extends EventName> = (event: EventMap[K]) => void;

/** What a client and the page's default client both offer besides the commands. */
export interface ClientFace {
  readonly EventType: EventTypeConstants;
  /** The agent's status as last reported, or null before setup. */
  readonly status: AgentStatus | null;
  setup(config: SetupOptions): Promise<SdkResponse<"setup">>;
  /**
   * Whether the engine would accept `action` now, by the same rules that refuse a command at
   * once (false before setup). Enable a button exactly when this is true; `canChange` says when
   * to ask again. Throws an `SdkError` for a name that is no command.
   */
  can(action: CommandName): boolean;
  on<K extends EventName>(type: K, listener: Listener<K>): void;
  once<K extends EventName>(type: K, listener: Listener<K>): void;
  off<K extends EventName>(type: K, listener?: Listener<K>): void;
}

/** An independent client; several may live in one page. Its commands are those of `Commands`. */
export interface AgentClient extends Commands, ClientFace {}
export class AgentClient {
  /** With a config the client is set up at once; a bad config throws an `SdkError`. */
  constructor(config?: SetupOptions);
  static readonly EventType: EventTypeConstants;
  /** The package's version. */
  static readonly version: string;
  /** Closes the connection, settles every Promise and drops every listener. */
  destroy(): void;
  /** `destroy()`, and later calls are refused with `DESTROYED`. */
  free(): void;
}

/** The page's default client, used through static methods as in the reference AgentSDK. */
export interface AgentSDKClass extends Commands, ClientFace {
  /** The package's version. */
  readonly version: string;
}
export const AgentSDK: AgentSDKClass;

