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

/**
 * The options of `setup()` that are functions rather than data (merged with the generated
 * `SetupConfig`).
 */
export interface SetupConfig {
  /**
   * Supplies a fresh session key (or a Promise of one), e.g. from the page's login endpoint with a
   * refresh credential. Called before every reconnect attempt, which waits for it (up to
   * `commandTimeoutMs`, then goes on with the key that last worked), and on `sessionKeyExpiring`,
   * whose key goes to `updateSessionKey`. A failure is reported as `sdkError`
   * `KEY_PROVIDER_FAILED`; the session goes on.
   */
  sessionKeyProvider?: () => string | Promise<string>;
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

/** One audio device, as `enumerateDevices()` lists it (`label` is empty before microphone permission). */
export interface AudioDevice {
  deviceId: string;
  label: string;
}

/** `audioDevices`: the audio devices changed (at set-up with `webrtc: true`, and on every `devicechange`). */
export interface AudioDevicesEvent {
  eventType: "audioDevices";
  inputs: AudioDevice[];
  /** Empty where the browser does not list outputs (Firefox before an output was exposed). */
  outputs: AudioDevice[];
}

/**
 * `audioInputChanged`: the call's microphone changed without ending the call — `requested` by
 * `setInputDevice`, or `deviceLost`: the microphone in use disappeared and the SDK switched to the
 * default input.
 */
export interface AudioInputChangedEvent {
  eventType: "audioInputChanged";
  deviceId: string;
  label: string;
  reason: "requested" | "deviceLost";
}

/** `audioOutputChanged`: the call's audio now plays on this output device (`setOutputDevice`). */
export interface AudioOutputChangedEvent {
  eventType: "audioOutputChanged";
  deviceId: string;
}

/** What `setInputDevice` / `setOutputDevice` resolve with. */
export interface DeviceChoice {
  deviceId: string;
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
  audioDevices: AudioDevicesEvent;
  audioInputChanged: AudioInputChangedEvent;
  audioOutputChanged: AudioOutputChangedEvent;
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
  /**
   * The microphone of the softphone: during a call it is switched at once (`replaceTrack`, the call
   * goes on; `audioInputChanged` follows); without one it is kept for the next call. Rejects with
   * `SdkError` `BAD_PARAMS`, `DEVICE_NOT_FOUND` (not in the last `audioDevices`), `IN_PROGRESS`,
   * `INVALID_STATE` (the softphone is still connecting), `MEDIA_FAILED` (the browser refused the
   * device), `DISCONNECTED` (the call ended first).
   */
  setInputDevice(deviceId: string): Promise<DeviceChoice>;
  /**
   * The output device the call's audio plays on (`HTMLMediaElement.setSinkId`): now during a call
   * (`audioOutputChanged` follows), else kept for the next call. Rejects like `setInputDevice`, and
   * with `NOT_SUPPORTED` where the browser has no `setSinkId`.
   */
  setOutputDevice(deviceId: string): Promise<DeviceChoice>;
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


// ---- dialects (feature `dialects`, issue 14; docs/dialects.md §9) ------------------------------

/** `setup({ baseURL, dialect, token })` of a client that speaks a seed system's protocol. */
export interface DialectSetupConfig {
  baseURL: string;
  dialect: "phoenix" | "actioncable" | "kazoo" | "globemeet";
  /** Called before every connection (and before a GlobeMeet token expires): a fresh token each
   * time. A string is used as is. ActionCable needs none (its `pubsub_token` is in the identifier);
   * given one, every connection carries it as `/cable?token=…`, for Rails apps that authenticate
   * the connection (`reject_unauthorized_connection`). */
  token?: string | (() => string | Promise<string>);
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** ActionCable `update_presence` interval (seed 001: 30 000). */
  presenceIntervalMs?: number;
  maxReconnectAttempts?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

/** One meta of a Phoenix presence. */
export interface PresenceMeta {
  phx_ref: string;
  name?: string;
  status?: "online" | "busy" | "away";
  current_call_id?: string | null;
  [field: string]: unknown;
}

/** phoenix.js `Presence.list`'s shape. */
export interface PresenceEntry {
  key: string;
  metas: PresenceMeta[];
}

/** `presence`: a topic's presences changed (Phoenix). */
export interface PresenceEvent {
  eventType: "presence";
  topic: string;
  joins: string[];
  leaves: string[];
  list: PresenceEntry[];
}

/** `sessionEnded`: a dialect client's session is over for good (`close()`, a server's
 * `reconnect: false`, a refused token, the last reconnect attempt failed). */
export interface SessionEndedEvent {
  eventType: "sessionEnded";
  reason: string;
}

/** Voki's events (seed 004), as the payloads of its frames. */
export interface VokiEventMap {
  customer_joined: { call_id: string; customer_name: string; position: number; queue_size: number };
  customer_left: { call_id: string; reason: string };
  call_assigned: { call_id: string; user_id: string; user_name: string };
  queue_update: { queue_size: number; avg_wait_time: number; online_agents: number };
  new_notification: { type: string; title: string; body: string; data?: { call_id?: string; [k: string]: unknown } };
  appointment_reminder: { appointment_id: string; title: string; scheduled_at: string; customer_name: string; minutes_until: number };
  participant_joined: { user_id: string; name?: string; role: string };
  participant_left: { user_id: string; role: string };
  call_ended: { reason: string };
  monitor_start: { supervisor_id: string; supervisor_name: string };
  whisper_start: { supervisor_id: string; supervisor_name: string };
  barge_start: { supervisor_id: string; supervisor_name: string };
  mute: { type: "audio" | "video"; muted: boolean; user_id?: string };
  signal: { type: "offer" | "answer"; sdp: string };
  ice_candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null };
  presence_state: Record<string, { metas: PresenceMeta[] }>;
  presence_diff: { joins: Record<string, { metas: PresenceMeta[] }>; leaves: Record<string, { metas: PresenceMeta[] }> };
  phx_close: Record<string, never>;
}

/** Voxsig's broadcasts (seed 001): listeners get the message's `data`. */
export interface VoxsigEventMap {
  "conversation.created": Record<string, unknown>;
  "conversation.status_changed": Record<string, unknown>;
  "conversation.typing_on": Record<string, unknown>;
  "conversation.typing_off": Record<string, unknown>;
  "message.created": Record<string, unknown>;
  "assignee.changed": Record<string, unknown>;
  "contact.created": Record<string, unknown>;
  "notification.created": Record<string, unknown>;
  "presence.update": Record<string, unknown>;
  message: unknown;
}

/** A Qubicle event frame (seed 000), under its `name`. */
export interface QubicleEvent {
  action: "event";
  subscribed_key: string;
  subscription_key: string;
  name: string;
  routing_key: string;
  data: { account_id: string; event_name: string; [field: string]: unknown };
}

/** A GlobeMeet event frame (seed 002), under its `event` (`family.event`). */
export interface GlobeMeetEvent {
  type: "event";
  id: string;
  topic: string;
  event: string;
  ts: number;
  data: Record<string, unknown>;
}

/** Every dialect's events, merged into `EventMap` so `on("customer_joined", e => e.position)`
 * type-checks. */
export interface DialectEventMap extends VokiEventMap, VoxsigEventMap {
  presence: PresenceEvent;
  sessionEnded: SessionEndedEvent;
  overflow: { type: "overflow"; last_event_id: string; message: string };
  create: QubicleEvent; delete: QubicleEvent; join: QubicleEvent; leave: QubicleEvent; delivered: QubicleEvent;
  ready: QubicleEvent; away: QubicleEvent; offer: QubicleEvent; reject: QubicleEvent; rescind: QubicleEvent;
  pause: QubicleEvent; resume: QubicleEvent; hangup: QubicleEvent; sync: QubicleEvent;
  wrapup_start: QubicleEvent; wrapup_complete: QubicleEvent;
  wiretap_start: QubicleEvent; wiretap_stop: QubicleEvent; wiretap_failed: QubicleEvent;
  external_call_start: QubicleEvent; external_call_end: QubicleEvent;
  interaction_finalize_start: QubicleEvent; interaction_finalize_end: QubicleEvent;
  [globemeet: `${"queue" | "session" | "agent" | "recording" | "qa"}.${string}`]: GlobeMeetEvent | Record<string, unknown>;
}

export interface EventMap extends DialectEventMap {}

/** The methods of a client set up with a dialect. */
export interface ClientFace {
  setup(config: DialectSetupConfig): Promise<SdkResponse<"setup">>;
  /** Opens the connection (a token from the supplier first); resolves once the link is up. */
  connect(): Promise<SdkResponse<"connect">>;
  /** Closes for good: no reconnect, subscriptions forgotten. (`disconnect` is the catalog's
   * supervisor command.) */
  close(): Promise<SdkResponse<"close">>;
  /** A Phoenix topic with join params; an ActionCable identifier object; a Kazoo binding with
   * `{ account_id }`; a GlobeMeet topic pattern. Kept and made again after every reconnect. */
  join(key: string | Record<string, unknown>, params?: Record<string, unknown>): Promise<SdkResponse<"join">>;
  leave(key: string | Record<string, unknown>): Promise<SdkResponse<"leave">>;
  /** Phoenix: a push on a joined topic; resolves with its `phx_reply` (`data` is the response). */
  push(topic: string, event: string, payload?: Record<string, unknown>): Promise<SdkResponse<"push">>;
  /** ActionCable: `perform(action, data)` on a subscription. */
  perform(identifier: Record<string, unknown>, action: string, data?: Record<string, unknown>): Promise<SdkResponse<"push">>;
  /** Phoenix: a topic's presence list. */
  presence(topic: string): PresenceEntry[];
  /** Phoenix: the softphone leg on a joined Voki `call:{call_id}` channel — the offer pushed as
   * `signal`, the server's answer and `ice_candidate`s applied, `webrtcStats` every second while
   * it is up; it ends with `call_ended`, leaving the channel, or `close()`. Resolves with the
   * offer's `phx_reply` (`data.media` is true when the server's media side took the leg). */
  softphone(topic: string): Promise<SdkResponse<"softphone">>;
}
