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

/** What a client and the page's default client both offer besides the commands. */
export interface ClientFace {
  readonly EventType: EventTypeConstants;
  /** The agent's status as last reported, or null before setup. */
  readonly status: AgentStatus | null;
  setup(config: SetupConfig): Promise<SdkResponse<"setup">>;
  on<K extends EventName>(type: K, listener: Listener<K>): void;
  once<K extends EventName>(type: K, listener: Listener<K>): void;
  off<K extends EventName>(type: K, listener?: Listener<K>): void;
}

/** An independent client; several may live in one page. Its commands are those of `Commands`. */
export interface AgentClient extends Commands, ClientFace {}
export class AgentClient {
  /** With a config the client is set up at once; a bad config throws an `SdkError`. */
  constructor(config?: SetupConfig);
  static readonly EventType: EventTypeConstants;
  /** Closes the connection, settles every Promise and drops every listener. */
  destroy(): void;
  /** `destroy()`, and later calls are refused with `DESTROYED`. */
  free(): void;
}

/** The page's default client, used through static methods as in the reference AgentSDK. */
export interface AgentSDKClass extends Commands, ClientFace {}
export const AgentSDK: AgentSDKClass;

