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
  /**
   * `"own"` (the default): this client has its own connection. `"share"`: the tabs of this origin
   * whose clients share this `baseURL` share one connection. One tab (elected with the Web Locks
   * API) holds the connection and the softphone; the others deliver every event it delivers, in
   * the same order, and send their commands through it (same responses, same errors, same
   * timeout); `status` and `can()` answer with its state. When that tab closes or its client is
   * destroyed, another takes over within a moment and resumes the session after the last event
   * (no new login, nothing lost or twice). A `logout()` from any tab ends the session for all. A
   * browser without Web Locks or BroadcastChannel refuses it with `TABS_UNSUPPORTED`; a `login()`
   * of another agent while one is logged in in a shared tab is refused with `OTHER_AGENT`.
   * docs/tabs.md.
   */
  tabs?: "own" | "share";
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

/**
 * `sipReconnecting`: the softphone leg's ICE broke (a sleep, a network change) and the SDK restarts
 * it (`sipRelink`); the call stays up. One per try, at most 3 within 30 s; if none works the leg
 * ends with `sipDisconnected` carrying the same `reason`. `sipReconnected`: the restart worked and
 * audio flows again on the same call.
 */
export interface SipReconnectEvent<T extends "sipReconnecting" | "sipReconnected"> {
  eventType: T;
  /** The try, from 1. */
  attempt: number;
  /** What broke ICE. */
  reason: "iceDisconnected" | "iceFailed" | "iceFailedAfterWake";
}

/** What `setInputDevice` / `setOutputDevice` resolve with. */
export interface DeviceChoice {
  deviceId: string;
}

/** `preflight()`'s options (issue 15 item 6): the gateway and a session key, as for `login()`. */
export interface PreflightOptions {
  /** The gateway, as `setup()` takes it: `ws://`, `wss://`, `http://` or `https://`. */
  baseURL: string;
  tenantId: string;
  agentNo: string;
  /** A key from the login endpoint. The preflight authenticates with it but does not log in. */
  sessionKey: string;
  /** Pings to send, one after the other: 1–20, default 5. */
  pings?: number;
  /** How long the echo is measured once its media is up, ms: 2000–20000, default 5000. */
  echoMs?: number;
  /** The microphone to test (a `deviceId`); the browser's default when left out. */
  inputDeviceId?: string;
  /** Cancels the run: the Promise rejects with `CANCELLED` and everything is released. */
  signal?: AbortSignal;
}

/** min / average / max of a measure over the test. */
export interface PreflightSpread {
  min: number;
  average: number;
  max: number;
}

/** ICE candidate types (RFC 8445 §5.1.1). */
export type CandidateType = "host" | "srflx" | "prflx" | "relay";

/** A warning of the report: the measure, its value and the limit it crossed. */
export interface PreflightWarning {
  /**
   * `highRtt` (> 400 ms), `highJitter` (> 30 ms), `highPacketLoss` (> 0.01), `lowMos` (< 3.5),
   * `highPingLatency` (the average ping ≥ 400 ms), `lostPings` (> 0), `noHostCandidates` (< 1),
   * `relayed` (the path uses a TURN relay), `oneWayAudio` (intervals with audio one way only).
   */
  name: "highRtt" | "highJitter" | "highPacketLoss" | "lowMos" | "highPingLatency" | "lostPings" | "noHostCandidates" | "relayed" | "oneWayAudio";
  value: number;
  threshold: number;
}

/** What `preflight()` resolves with; a step that failed is in `failure`, the rest as measured. */
export interface PreflightReport {
  /** Every step passed (warnings may still be present). */
  ok: boolean;
  failure: {
    step: "connect" | "ping" | "media" | "echo";
    code: "GATEWAY_UNREACHABLE" | "KEY_REFUSED" | "CONNECTION_LOST" | "MEDIA_FAILED" | "ICE_FAILED" | "MEDIA_LOST";
    message: string;
  } | null;
  /** The gateway authenticated the key; the echo's media came up. */
  connectivity: { gateway: boolean; media: boolean };
  /** From the start to `auth`'s answer, ms. */
  connectMs: number | null;
  ping: {
    sent: number;
    answered: number;
    /** Round trips in ms; null when none was answered. */
    latency: PreflightSpread | null;
    /** The `ping` event's scale of the average: 4 < 100 ms, 3 < 200, 2 < 400, 1 beyond, 0 none. */
    networkState: number;
    buckets: { excellent: number; good: number; fair: number; poor: number; unanswered: number };
  };
  ice: { local: CandidateType[]; remote: CandidateType[]; selected: { local: string; remote: string } | null };
  media: {
    durationMs: number;
    packetsSent: number;
    packetsReceived: number;
    packetsLost: number;
    rtt: PreflightSpread | null;
    jitter: PreflightSpread | null;
    packetLoss: number | null;
    mos: PreflightSpread | null;
  };
  /** ms: the media's own round trip (RTCP, else STUN), the ping's when the media had none. */
  rtt: number | null;
  jitter: number | null;
  /** 0–1 over the scored intervals. */
  packetLoss: number | null;
  /** ITU-T G.107 E-model (1–4.5) of the average rtt and jitter and the loss. */
  mos: number | null;
  /** MOS on the 0–4 scale of `webrtcStats` (4 ≥ 4.0, 3 ≥ 3.6, 2 ≥ 3.1, 1 below, 0 unmeasured). */
  networkQuality: number;
  /** Audio went one way only in some interval (`packetsState` says which). */
  oneWayAudio: boolean;
  packetsState: "normal" | "noInbound" | "noOutbound" | "noTraffic" | null;
  warnings: PreflightWarning[];
  durationMs: number;
}

/** `preflightProgress`: a step of a running preflight; fields by step. */
export interface PreflightProgressEvent {
  eventType: "preflightProgress";
  step: "connect" | "connected" | "ping" | "media" | "echo" | "done";
  /** Since the preflight started, ms. */
  elapsedMs: number;
  /** `connected`: to `auth`'s answer, ms. */
  connectMs?: number;
  /** `ping`: which (1-based) of `of`. */
  ping?: number;
  /** `ping`: pings in all; `echo`: the echo's length, ms. */
  of?: number;
  /** `ping`: the round trip, null when unanswered. */
  latencyMs?: number | null;
  /** `ping`: its bucket, as the `ping` event's. */
  networkState?: number;
  /** `echo`: since the echo's media came up, ms. */
  echoMs?: number;
  /** `echo`: this second's measures (null where unmeasured). */
  rtt?: number | null;
  jitter?: number | null;
  mos?: number | null;
  packetsState?: "normal" | "noInbound" | "noOutbound" | "noTraffic";
  /** `done`: the report's `ok`. */
  ok?: boolean;
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
  preflightProgress: PreflightProgressEvent;
  sipReconnecting: SipReconnectEvent<"sipReconnecting">;
  sipReconnected: SipReconnectEvent<"sipReconnected">;
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
  /**
   * Before going live: connects with the key (no login), times `pings` pings, runs a real WebRTC
   * call to the gateway's echo for `echoMs`, and resolves with the report; `preflightProgress`
   * events follow each step. A step that fails is in the report (`failure`), never a hang.
   * Rejects with `SdkError` `BAD_PARAMS` (options), `IN_PROGRESS` (one at a time per client),
   * `CANCELLED` (the `signal` aborted), `DESTROYED`, `NOT_INITIALIZED`.
   */
  preflight(options: PreflightOptions): Promise<PreflightReport>;
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

// Voxsig (seed 001): Chatwoot's objects as the gateway's RoomChannel broadcasts them.

/** A Voxsig contact: the caller (the core has no names, so `name` and `phone_number` are the number). */
export interface VoxsigContact {
  id: number;
  name: string;
  phone_number: string;
  email: string | null;
  identifier: string | null;
  thumbnail: string;
  type?: "contact";
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
}

/** A Voxsig user (an agent: `id` is the agent number as an integer). */
export interface VoxsigUser {
  id: number;
  name: string;
  available_name?: string;
  availability_status?: string | null;
  type?: "user";
  [field: string]: unknown;
}

/** A call as a Voxsig conversation. */
export interface VoxsigConversation {
  id: number;
  account_id: number;
  inbox_id: number;
  /** `pending` (waiting or ringing), `open` (talking), `resolved` (ended). */
  status: "pending" | "open" | "resolved" | "snoozed";
  channel: string;
  additional_attributes: { call_id: string; direction: "inbound" | "outbound"; queue: string | null; end_reason?: "completed" | "terminated" | "failed" };
  meta: { sender: VoxsigContact; assignee: VoxsigUser | null };
  contact_inbox: { contact_id: number; inbox_id: number; source_id: string; hmac_verified: boolean };
  messages: VoxsigMessage[];
  created_at: number;
  timestamp: number;
  unread_count: number;
  agent_last_seen_at: number;
  contact_last_seen_at: number;
  can_reply: boolean;
}

/** A transcript sentence as a Voxsig message: `message_type` 0 from the customer, 1 from the agent. */
export interface VoxsigMessage {
  id: number;
  account_id: number;
  conversation_id: number | null;
  inbox_id: number | null;
  content: string;
  content_type: string;
  content_attributes: { transcript?: { call_id: string; sentence_index: number }; [field: string]: unknown };
  message_type: 0 | 1 | 2 | 3;
  private: boolean;
  status: string;
  sender: VoxsigContact | VoxsigUser;
  sender_id: number;
  sender_type: "Contact" | "User";
  source_id: string | null;
  created_at: number;
  updated_at?: string;
  external_source_ids: Record<string, unknown>;
}

/** `conversation.typing_on` / `typing_off`. */
export interface VoxsigTyping {
  account_id: number;
  conversation: VoxsigConversation | null;
  user: VoxsigContact | VoxsigUser;
  is_private: boolean;
}

/** `notification.created`, to one user. */
export interface VoxsigNotification {
  count: number;
  unread_count: number;
  notification: {
    id: number;
    account_id: number;
    notification_type: "conversation_assignment" | "callback_due" | string;
    push_message_title: string;
    primary_actor: VoxsigConversation | VoxsigContact;
    primary_actor_id: number;
    primary_actor_type: "Conversation" | "Contact";
    secondary_actor: Record<string, unknown> | null;
    created_at: number;
    read_at: number | null;
  };
}

/** Voxsig's broadcasts (seed 001): listeners get the message's `data`. */
export interface VoxsigEventMap {
  "conversation.created": VoxsigConversation;
  "conversation.status_changed": VoxsigConversation;
  "conversation.typing_on": VoxsigTyping;
  "conversation.typing_off": VoxsigTyping;
  "message.created": VoxsigMessage;
  "assignee.changed": VoxsigConversation;
  "contact.created": VoxsigContact;
  "notification.created": VoxsigNotification;
  /** Each user's (and contact's) availability by id. */
  "presence.update": { account_id: number; users: Record<string, "online" | "busy" | "offline">; contacts: Record<string, string> };
  /** A broadcast without an `event` (another app's RoomChannel): as it came. */
  message: unknown;
}

// Qubicle (seed 000): the event frames of the three binding families.

/** What every Qubicle event's `data` carries. */
export interface QubicleBase {
  account_id: string;
  app_name: string;
  app_version: string;
  event_category: "qubicle-queue" | "qubicle-recipient" | "qubicle-session";
  event_name: string;
  event_timestamp: number;
  msg_id: string;
}

/** A queue's figures (`stats` of the queue events). */
export type QubicleStats = Record<string, number | string | null>;

/** `qubicle.queue.*` data. */
export interface QubicleQueueData extends QubicleBase {
  queue_id: string;
  name?: string;
  stats: QubicleStats;
  session_id?: string;
  caller_id_number?: string;
  position?: number;
  queue_size?: number;
  estimated_wait?: number;
  recipient_id?: string;
  reason?: "routed" | "abandoned";
  wait_duration?: number;
}

/** `qubicle.recipient.*` data: the recipient (agent) and, for call events, the session. */
export interface QubicleRecipientData extends QubicleBase {
  recipient_id: string;
  username: string;
  state: string;
  stats: QubicleStats;
  session_id?: string | null;
  caller_id_number?: string;
  queue_id?: string | null;
  reason?: string;
  result?: "completed" | "failed";
  wrapup_timeout?: number;
  pause_reason?: string | null;
  /** `wiretap_*`: the monitored recipient and the mode. */
  target_recipient_id?: string;
  target_username?: string;
  mode?: "spy" | "whisper" | "threeway" | "barge";
}

/** `qubicle.session.*` data. */
export interface QubicleSessionData extends QubicleBase {
  session_id: string;
  caller_id_number: string;
  direction: "inbound" | "outbound";
  queue_id: string | null;
  call_type?: number;
  hangup_cause?: string;
  wait_duration?: number;
}

/** A Qubicle event frame (seed 000), under its `name`. */
export interface QubicleEvent<D extends QubicleBase = QubicleQueueData | QubicleRecipientData | QubicleSessionData> {
  action: "event";
  subscribed_key: string;
  subscription_key: string;
  name: string;
  routing_key: string;
  data: D;
}

/** Qubicle's events: a name several families share has the union of their data. */
export interface QubicleEventMap {
  create: QubicleEvent; delete: QubicleEvent; join: QubicleEvent<QubicleQueueData>; leave: QubicleEvent<QubicleQueueData>;
  delivered: QubicleEvent<QubicleQueueData | QubicleRecipientData>;
  ready: QubicleEvent<QubicleRecipientData>; away: QubicleEvent<QubicleRecipientData>; offer: QubicleEvent<QubicleRecipientData>;
  reject: QubicleEvent<QubicleRecipientData>; rescind: QubicleEvent<QubicleRecipientData>; pause: QubicleEvent<QubicleRecipientData>;
  resume: QubicleEvent<QubicleRecipientData>; hangup: QubicleEvent<QubicleRecipientData>; sync: QubicleEvent<QubicleRecipientData>;
  wrapup_start: QubicleEvent<QubicleRecipientData>; wrapup_complete: QubicleEvent<QubicleRecipientData>;
  wiretap_start: QubicleEvent<QubicleRecipientData>; wiretap_stop: QubicleEvent<QubicleRecipientData>; wiretap_failed: QubicleEvent<QubicleRecipientData>;
  external_call_start: QubicleEvent<QubicleRecipientData>; external_call_end: QubicleEvent<QubicleRecipientData>;
  interaction_finalize_start: QubicleEvent<QubicleRecipientData>; interaction_finalize_end: QubicleEvent<QubicleRecipientData>;
}

// GlobeMeet (seed 002): `family.event` frames.

/** A GlobeMeet event frame (seed 002), under its `event` (`family.event`). */
export interface GlobeMeetEvent<D = Record<string, unknown>> {
  type: "event";
  id: string;
  topic: string;
  event: string;
  ts: number;
  data: D;
}

/** `session.*` data (a call). */
export interface GlobeMeetSession {
  session_id: string;
  customer_number: string;
  direction: "inbound" | "outbound";
  queue: string | null;
  agent_id?: string;
  agent_name?: string;
  waited_seconds?: number;
  reason?: string;
  from_agent_id?: string;
}

/** `agent.*` data. */
export interface GlobeMeetAgent {
  agent_id: string;
  name: string;
  status?: AgentState;
  previous_status?: AgentState;
  reason?: string;
  device_status?: number;
  session_id?: string | null;
}

/** `queue.*` data. */
export interface GlobeMeetQueue {
  queue: string;
  name?: string;
  depth?: number;
  previous_depth?: number;
  longest_wait_seconds?: number;
  average_wait_seconds?: number;
  agents_online?: number;
  agents_available?: number;
  session_id?: string;
  customer_number?: string;
  direction?: "inbound" | "outbound";
  waited_seconds?: number;
  max_wait_seconds?: number;
}

/** `recording.*` data. */
export interface GlobeMeetRecording {
  recording_id: string;
  session_id: string;
  agent_id: string;
  queue: string;
  duration_seconds: number | null;
}

/** `qa.*` data. */
export interface GlobeMeetQa {
  scorecard_id: string;
  session_id: string;
  agent_id: string;
  queue: string;
  score: number;
}

/** Where a catalog event a dialect client emits came from (docs/dialects.md, "SDK also emits"). */
export interface DialectVia {
  dialect: "phoenix" | "actioncable" | "kazoo" | "globemeet";
  /** The dialect's event name, as its mapping table spells it (`offer`, `whisper_start`, `status-changed`). */
  event: string;
  /** Its topic or routing key (none for ActionCable, whose broadcasts do not carry their stream). */
  address?: string;
}

type DeepPartial<T> = T extends object ? { [P in keyof T]?: DeepPartial<T[P]> } : T;

/**
 * A catalog event a dialect client makes from a dialect frame: the catalog's shape (seed 003),
 * holding only the fields the frame carries (`agentStatus` from a Qubicle `ready`: `tenantId`,
 * `agentNo`, `status.state`), and `via`. The catalog's interfaces carry `via?` too, so
 * `if (e.via)` tells one from an agentdesk gateway's event.
 */
export type FromDialect<K extends keyof CatalogEventMap> = { eventType: K; via: DialectVia } & DeepPartial<Omit<CatalogEventMap[K], "eventType">>;

/** The catalog events a dialect client may emit, with the shapes they have there. */
export interface DialectCatalogEventMap {
  agentStatus: FromDialect<"agentStatus">;
  ringing: FromDialect<"ringing">;
  queueStatus: FromDialect<"queueStatus">;
  sessionInit: FromDialect<"sessionInit">;
  sessionTerminate: FromDialect<"sessionTerminate">;
  orderCallBack: FromDialect<"orderCallBack">;
  transcript: FromDialect<"transcript">;
  spyLink: FromDialect<"spyLink">; whisperLink: FromDialect<"whisperLink">; threewayLink: FromDialect<"threewayLink">; bargeLink: FromDialect<"bargeLink">;
  spyUnlink: FromDialect<"spyUnlink">; whisperUnlink: FromDialect<"whisperUnlink">; threewayUnlink: FromDialect<"threewayUnlink">; bargeUnlink: FromDialect<"bargeUnlink">;
  spyResult: FromDialect<"spyResult">; whisperResult: FromDialect<"whisperResult">; threewayResult: FromDialect<"threewayResult">; bargeResult: FromDialect<"bargeResult">;
  previewObCallStart: FromDialect<"previewObCallStart">;
  previewObCallResult: FromDialect<"previewObCallResult">;
}

// The catalog's events a dialect client may emit say so (declaration merging with js/catalog.d.ts).
export interface AgentStatusEvent { via?: DialectVia }
export interface RingingEvent { via?: DialectVia }
export interface QueueStatusEvent { via?: DialectVia }
export interface SessionInitEvent { via?: DialectVia }
export interface SessionTerminateEvent { via?: DialectVia }
export interface TranscriptEvent { via?: DialectVia }
export interface SpyLinkEvent { via?: DialectVia }
export interface WhisperLinkEvent { via?: DialectVia }
export interface ThreewayLinkEvent { via?: DialectVia }
export interface BargeLinkEvent { via?: DialectVia }
export interface SpyUnlinkEvent { via?: DialectVia }
export interface WhisperUnlinkEvent { via?: DialectVia }
export interface ThreewayUnlinkEvent { via?: DialectVia }
export interface BargeUnlinkEvent { via?: DialectVia }
export interface SpyResultEvent { via?: DialectVia }
export interface WhisperResultEvent { via?: DialectVia }
export interface ThreewayResultEvent { via?: DialectVia }
export interface BargeResultEvent { via?: DialectVia }
export interface PreviewObCallStartEvent { via?: DialectVia }
export interface PreviewObCallResultEvent { via?: DialectVia }

/** Every dialect's events, merged into `EventMap` so `on("customer_joined", e => e.position)`
 * type-checks. */
export interface DialectEventMap extends VokiEventMap, VoxsigEventMap, QubicleEventMap {
  presence: PresenceEvent;
  sessionEnded: SessionEndedEvent;
  overflow: { type: "overflow"; last_event_id?: string; message: string };
  [session: `session.${string}`]: GlobeMeetEvent<GlobeMeetSession>;
  [agent: `agent.${string}`]: GlobeMeetEvent<GlobeMeetAgent>;
  [queue: `queue.${string}`]: GlobeMeetEvent<GlobeMeetQueue>;
  [recording: `recording.${string}`]: GlobeMeetEvent<GlobeMeetRecording>;
  [qa: `qa.${string}`]: GlobeMeetEvent<GlobeMeetQa>;
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
