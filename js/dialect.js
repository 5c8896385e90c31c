// The JS layer of the dialect clients (feature `dialects`, issue 14; docs/dialects.md §9):
// `setup({ baseURL, dialect, token })` with dialect phoenix | actioncable | kazoo | globemeet,
// the receive path of each dialect (one JSON.parse a frame; the engine gets the routing facts,
// never the payload text), the hooks the wasm shell calls, and the methods a page uses:
// connect, close, join, leave, push, perform, presence (not `disconnect`: that is the
// supervisor command of the catalog).
//
// This module ships only in a build with the feature: the wasm's start calls `bindDialect`,
// which installs the layer into the face (face.js `installDialects`).

import { installDialects } from "./face.js";
import { readArgument, say, TEXT } from "./check.js";

/** The dialects, by their index in the engine (`Kind::ALL`). */
const DIALECTS = ["agentdesk", "phoenix", "actioncable", "kazoo", "globemeet"];

/** Each dialect's own event names (docs/dialects.md §2–§5, the seeds' vocabularies). */
const NAMES_OF = {
  phoenix: ["customer_joined", "customer_left", "call_assigned", "queue_update", "presence_state", "presence_diff",
    "signal", "ice_candidate", "participant_joined", "participant_left", "call_ended", "monitor_start", "whisper_start",
    "barge_start", "mute", "new_notification", "appointment_reminder", "phx_close"],
  actioncable: ["conversation.created", "conversation.status_changed", "conversation.typing_on", "conversation.typing_off",
    "message.created", "assignee.changed", "contact.created", "notification.created", "presence.update", "message"],
  kazoo: ["create", "delete", "join", "leave", "delivered", "ready", "away", "offer", "reject", "rescind", "pause",
    "resume", "hangup", "sync", "wrapup_start", "wrapup_complete", "wiretap_start", "wiretap_stop", "wiretap_failed",
    "external_call_start", "external_call_end", "interaction_finalize_start", "interaction_finalize_end"],
  globemeet: ["overflow"],
};
/** GlobeMeet's events are `family.event` (seed 002's topics). */
const GLOBEMEET_EVENT = /^(queue|session|agent|recording|qa)\.[a-z][a-z-]*$/;
/** The SDK's own events on a dialect client. */
const OWN = ["presence", "sessionEnded"];

const refusal = (code, message) => ({ code, message });

/** Makes a wasm `DialectShell` for a client (src/api/dialect.rs). */
let makeDialectShell = null;

/** Called by the wasm's start: dialect clients become possible. */
export function bindDialect(factory) {
  makeDialectShell = factory;
  installDialects({ configure, names, call: { connect, close, join, leave, push, perform, presence, softphone } });
}

/** True when `type` is an event of `dialect`. */
function names(dialect, type) {
  return OWN.includes(type) || NAMES_OF[dialect].includes(type) || (dialect === "globemeet" && GLOBEMEET_EVENT.test(type));
}

/** Number options a dialect client takes (the engine's `DialectShell.setup` order). */
const OPTIONS = ["heartbeatIntervalMs", "heartbeatTimeoutMs", "commandTimeoutMs", "connectTimeoutMs",
  "presenceIntervalMs", "maxReconnectAttempts", "reconnectBaseMs", "reconnectMaxMs"];

/** Installs a dialect configuration on `core`: null, or the refusal. */
function configure(core, dialect, config, token) {
  const kind = DIALECTS.indexOf(dialect);
  if (kind < 1) return refusal("BAD_PARAMS", `setup(): dialect must be one of ${DIALECTS.map((d) => JSON.stringify(d)).join(", ")}`);
  const read = readArgument(config);
  if (read.error !== undefined) return refusal("BAD_PARAMS", `setup(): ${read.error}`);
  const v = read.value;
  if (typeof v.baseURL !== "string" || !/^wss?:\/\/[^\s/]+/.test(v.baseURL)) {
    return refusal("BAD_PARAMS", say(TEXT.baseUrl, { value: JSON.stringify(v.baseURL) }));
  }
  const hasToken = typeof token === "function" || typeof token === "string";
  if (dialect !== "actioncable" && !hasToken) {
    return refusal("BAD_PARAMS", `setup(): the ${dialect} dialect needs \`token\`: a string or a function returning one (or a Promise of one), called before every connection`);
  }
  // ActionCable's credential is in each identifier; a token, when given, authenticates the
  // connection itself (`/cable?token=…`, docs/dialects.md §9).
  if (token !== undefined && token !== null && !hasToken) {
    return refusal("BAD_PARAMS", "setup(): `token` must be a string or a function returning one (or a Promise of one)");
  }
  const values = new Float64Array(OPTIONS.length).fill(NaN);
  for (const [i, name] of OPTIONS.entries()) {
    const n = v[name];
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 0) return refusal("BAD_PARAMS", `setup(): \`${name}\` must be an integer from 0`);
    values[i] = n;
  }
  if (makeDialectShell === null) return refusal("NOT_INITIALIZED", TEXT.notInitialized);
  core.shell ??= makeDialectShell(core);
  if (!core.shell.setup(kind, v.baseURL, values, dialect === "actioncable" && hasToken)) return refusal("SESSION_ACTIVE", TEXT.sessionActive);
  core.dialect = dialect;
  core.meaningful = new Set(core.shell.meaningEvents(kind));
  core.tokenSupplier = token;
  core.current = undefined;
  core.currentName = undefined;
  core.currentReply = undefined;
  core.onMessage = (ev) => receiveFrame(core, ev.data, ev.timeStamp);
  return null;
}

// ---- the methods a page uses -------------------------------------------------------------------

function promised(core, run) {
  const ticket = ++core.tickets;
  const promise = new Promise((resolve, reject) => core.promises.set(ticket, [resolve, reject]));
  try {
    run(ticket);
  } catch (thrown) {
    core.promises.delete(ticket);
    return Promise.reject(refusal("INTERNAL", say(TEXT.internal, { why: String(thrown) })));
  }
  return promise;
}

const text = (v, what) => (typeof v === "string" && v.length > 0 && v.length <= 1024 ? null : `${what} must be a non-empty string`);

/** JSON text of a page's object argument, or a refusal. */
function json(v, what) {
  if (v === undefined) return { value: "{}" };
  const read = readArgument(v);
  if (read.error !== undefined) return { error: `${what}: ${read.error}` };
  if (read.value === null || typeof read.value !== "object" || Array.isArray(read.value)) return { error: `${what} must be an object` };
  return { value: JSON.stringify(read.value) };
}

function connect(core) {
  return promised(core, (t) => core.shell.connect(t));
}

function close(core) {
  return promised(core, (t) => core.shell.close(t));
}

/**
 * `join(key, params)`: a Phoenix topic and its join params; an ActionCable identifier (an
 * object, sent as its JSON string); a Kazoo binding with `{ account_id }`; a GlobeMeet pattern.
 */
function join(core, key, params) {
  let wire = key;
  let account;
  let body = "{}";
  if (core.dialect === "actioncable") {
    const id = json(key, "join(): the identifier");
    if (id.error !== undefined) return core.refuse("join", "BAD_PARAMS", id.error);
    wire = id.value;
  } else {
    const bad = text(key, "join(): the key");
    if (bad !== null) return core.refuse("join", "BAD_PARAMS", bad);
    const p = json(params, "join(): params");
    if (p.error !== undefined) return core.refuse("join", "BAD_PARAMS", p.error);
    body = p.value;
    if (core.dialect === "kazoo") account = JSON.parse(body).account_id;
    if (core.dialect === "kazoo" && typeof account !== "string") return core.refuse("join", "BAD_PARAMS", "join(): a Kazoo binding needs { account_id }");
  }
  return promised(core, (t) => core.shell.join(t, wire, body, account));
}

function leave(core, key) {
  let wire = key;
  if (core.dialect === "actioncable") {
    const id = json(key, "leave(): the identifier");
    if (id.error !== undefined) return core.refuse("leave", "BAD_PARAMS", id.error);
    wire = id.value;
  } else if (text(key, "leave(): the key") !== null) {
    return core.refuse("leave", "BAD_PARAMS", "leave(): the key must be a non-empty string");
  }
  return promised(core, (t) => core.shell.leave(t, wire));
}

/** Phoenix `push(topic, event, payload)`: Promise of the reply. */
function push(core, topic, event, payload) {
  const bad = text(topic, "push(): the topic") ?? text(event, "push(): the event");
  if (bad !== null) return core.refuse("push", "BAD_PARAMS", bad);
  const p = json(payload, "push(): the payload");
  if (p.error !== undefined) return core.refuse("push", "BAD_PARAMS", p.error);
  return promised(core, (t) => core.shell.push(t, topic, event, p.value));
}

/** ActionCable `perform(identifier, action, data)`, as the Rails client's. */
function perform(core, identifier, action, data) {
  const id = json(identifier, "perform(): the identifier");
  if (id.error !== undefined) return core.refuse("push", "BAD_PARAMS", id.error);
  const bad = text(action, "perform(): the action");
  if (bad !== null) return core.refuse("push", "BAD_PARAMS", bad);
  const d = json(data, "perform(): data");
  if (d.error !== undefined) return core.refuse("push", "BAD_PARAMS", d.error);
  const body = JSON.stringify({ ...JSON.parse(d.value), action });
  return promised(core, (t) => core.shell.push(t, id.value, "", body));
}

/**
 * Phoenix `softphone(topic)`: the softphone leg on a joined Voki `call:{call_id}` channel (offer
 * pushed as `signal`, the answer and candidates applied, `webrtcStats` every second while up).
 * Resolves with the offer's `phx_reply` (`data.media` true when the server's media took it).
 */
function softphone(core, topic) {
  const bad = text(topic, "softphone(): the topic");
  if (bad !== null) return core.refuse("softphone", "BAD_PARAMS", bad);
  return promised(core, (t) => core.shell.softphone(t, topic));
}

/** A Phoenix topic's presence list, `[{ key, metas }]` as phoenix.js `Presence.list` gives it. */
function presence(core, topic) {
  if (typeof topic !== "string") return [];
  return JSON.parse(core.shell.presenceList(topic));
}

// ---- the receive path --------------------------------------------------------------------------

const textOrNone = (v) => (typeof v === "string" ? v : undefined);

/** One frame of a dialect socket: one JSON.parse, then the facts to the engine. */
function receiveFrame(core, data, stamp) {
  const shell = core.shell;
  if (shell === null) return;
  const now = stamp > 0 && stamp < 1e11 ? stamp : performance.now();
  if (typeof data !== "string") return core.frameError("BINARY_FRAME", "a binary frame was dropped: the dialects carry text frames");
  let f;
  try {
    f = JSON.parse(data);
  } catch (e) {
    return core.frameError("MALFORMED_FRAME", `malformed frame: ${e instanceof Error ? e.message : "not JSON"}`);
  }
  const bad = (why) => core.frameError("MALFORMED_FRAME", `malformed ${core.dialect} frame: ${why}`);
  switch (core.dialect) {
    case "phoenix": {
      if (!Array.isArray(f) || f.length !== 5) return bad("not [join_ref, ref, topic, event, payload]");
      const [joinRef, ref, topic, event, payload] = f;
      if (typeof topic !== "string" || typeof event !== "string" || payload === null || typeof payload !== "object") return bad("topic, event or payload");
      if (event === "presence_state" || event === "presence_diff") return presenceFrame(core, shell, now, f);
      core.current = payload;
      core.currentName = event;
      core.currentReply = payload.response;
      meaningOf(core, topic, event, payload);
      const reason = textOrNone(payload.response?.reason) ?? textOrNone(payload.reason);
      shell.phoenix(now, textOrNone(joinRef), textOrNone(ref), topic, event, textOrNone(payload.status), reason);
      // The softphone leg's signaling (seed 004 `call:`): the engine decides whether it is the
      // leg's; the SDP or candidate goes with it, as the peer connection needs it whole.
      if (event === "signal") {
        return shell.signal(now, topic, textOrNone(joinRef), textOrNone(payload.type), textOrNone(payload.sdp), undefined);
      }
      if (event === "ice_candidate") {
        return shell.signal(now, topic, textOrNone(joinRef), undefined, undefined, JSON.stringify(payload));
      }
      return;
    }
    case "actioncable": {
      if (f === null || typeof f !== "object" || Array.isArray(f)) return bad("not an object");
      const m = f.message;
      core.currentName = m !== null && typeof m === "object" && typeof m.event === "string" ? m.event : "message";
      core.current = core.currentName === "message" ? m : m.data;
      core.currentReply = undefined;
      meaningOf(core, undefined, core.currentName, m);
      const reconnect = typeof f.reconnect === "boolean" ? f.reconnect : undefined;
      return shell.cable(now, textOrNone(f.type), textOrNone(f.identifier), textOrNone(f.reason), reconnect);
    }
    case "kazoo": {
      if (f === null || typeof f !== "object" || typeof f.action !== "string") return bad("no `action`");
      core.current = f;
      core.currentName = typeof f.name === "string" ? f.name : "event";
      core.currentReply = f.data;
      meaningOf(core, textOrNone(f.routing_key), core.currentName, f);
      const error = Array.isArray(f.data?.errors) ? textOrNone(f.data.errors[0]) ?? JSON.stringify(f.data.errors[0]) : undefined;
      return shell.kazoo(now, f.action, textOrNone(f.request_id), textOrNone(f.status), textOrNone(f.subscribed_key), error);
    }
    default: {
      if (f === null || typeof f !== "object" || typeof f.type !== "string") return bad("no `type`");
      core.current = f;
      core.currentName = f.type === "event" ? textOrNone(f.event) ?? "event" : f.type;
      core.currentReply = f;
      // The tables name GlobeMeet's events without their family (`status-changed`).
      meaningOf(core, textOrNone(f.topic), f.type === "event" ? core.currentName.slice(core.currentName.indexOf(".") + 1) : undefined, f.data);
      const expires = typeof f.expires_at === "number" ? f.expires_at : undefined;
      const recovered = typeof f.recovered === "boolean" ? f.recovered : undefined;
      const id = f.type === "event" ? textOrNone(f.id) : f.id === undefined ? undefined : String(f.id);
      return shell.globemeet(now, f.type, id, expires, recovered, textOrNone(f.code));
    }
  }
}

/**
 * What the frame being handled may also mean in the catalog (docs/dialects.md, "SDK also
 * emits"): its address, its event name as the mapping tables spell it and the part of the frame
 * they address. Only names some row carries are kept, so most frames cost one Set lookup.
 */
function meaningOf(core, address, event, payload) {
  core.meaning = event !== undefined && core.meaningful.has(event) && payload !== null && typeof payload === "object" ? { address, event, payload } : undefined;
}

/** Phoenix Presence: the engine keeps the list; each meta goes as its phx_ref and its text. */
function presenceFrame(core, shell, now, [joinRef, , topic, event, payload]) {
  const keys = [];
  const refs = [];
  const metas = [];
  const sides = [];
  const add = (entries, side) => {
    if (entries === null || typeof entries !== "object") return;
    for (const key of Object.keys(entries)) {
      const list = entries[key]?.metas;
      if (!Array.isArray(list)) continue;
      for (const meta of list) {
        if (meta === null || typeof meta !== "object" || typeof meta.phx_ref !== "string") continue;
        keys.push(key);
        refs.push(meta.phx_ref);
        metas.push(JSON.stringify(meta));
        sides.push(side);
      }
    }
  };
  const diff = event === "presence_diff";
  if (diff) {
    add(payload.joins, 0);
    add(payload.leaves, 1);
  } else {
    add(payload, 0);
  }
  core.current = payload;
  core.currentName = event;
  core.meaning = undefined;
  shell.presence(now, topic, textOrNone(joinRef), diff, keys, refs, metas, Uint8Array.from(sides));
}

// ---- hooks the wasm shell calls (src/web/dialect.rs) -------------------------------------------

/** The frame being handled goes to the listeners of its own name. */
export function dialectDeliver(core) {
  if (core.currentName === undefined) return;
  const m = core.meaning;
  core.emit(core.currentName, core.current);
  if (m === undefined || core.shell === null) return;
  const derived = core.shell.meaning(m.address, m.event, m.payload);
  if (derived !== undefined) core.emit(derived.eventType, derived);
}

/** A command settles; with `reply`, the frame being handled is its answer (`data`). */
export function dialectSettle(core, ticket, action, code, message, errorCode, reply) {
  const response = { eventType: `${action}Resp`, action, code, message };
  if (errorCode !== undefined) response.errorCode = errorCode;
  if (reply && core.currentReply !== undefined) response.data = core.currentReply;
  const pending = core.promises.get(ticket);
  if (pending !== undefined) {
    core.promises.delete(ticket);
    pending[0](response);
  }
}

/** A presence topic changed: `presence` {topic, joins, leaves, list}. */
export function dialectPresence(core, topic, joins, leaves, list) {
  core.emit("presence", { eventType: "presence", topic, joins, leaves, list: JSON.parse(list) });
}

/** The engine wants a token: the page's supplier, called afresh for every connection. */
export function dialectFetchToken(core) {
  const supplier = core.tokenSupplier;
  const answer = (token) => {
    if (core.shell !== null && !core.destroyed) core.shell.token(typeof token === "string" ? token : undefined);
  };
  if (typeof supplier === "string") return queueMicrotask(() => answer(supplier));
  let result;
  try {
    result = supplier();
  } catch (thrown) {
    core.frameError("TOKEN_SUPPLIER_FAILED", `the token supplier threw: ${String(thrown)}`);
    return queueMicrotask(() => answer(undefined));
  }
  Promise.resolve(result).then(answer, (thrown) => {
    core.frameError("TOKEN_SUPPLIER_FAILED", `the token supplier failed: ${String(thrown)}`);
    answer(undefined);
  });
}

/** The session ended for good. */
export function dialectEnded(core, reason) {
  core.emit("sessionEnded", { eventType: "sessionEnded", reason });
}

/** `sdkError` from the engine. */
export function dialectError(core, code, message) {
  core.frameError(code, message);
}

/** `resync`: what was missed cannot be replayed; the page reloads its state. */
export function dialectResync(core, reason) {
  core.emit("resync", { eventType: "resync", reason, lostFrom: 0, lostTo: null });
}
