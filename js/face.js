// The JS face: AgentSDK (the page's default client, static methods as in the reference AgentSDK)
// and AgentClient. What belongs to JavaScript lives here: reading and checking a page's
// arguments (check.js, generated tables), Promises, listeners and their dispatch (listeners.js),
// the receive path (receive.js), and the words of the JS layer's refusals. What belongs to the
// engine goes to the wasm shell (`Shell`, src/api) as numbers and the few fields it needs: the
// commands, the socket's lifecycle, timers, the softphone. Where the line runs and why:
// docs/architecture.md.
//
// Every refusal is a plain `{ code, message }`: thrown by `new AgentClient`, `on`, `once`, `off`;
// a rejection for SDK-level failures (NOT_INITIALIZED, NOT_SET_UP, DESTROYED); a response with
// a non-zero code for everything a command can meet (BAD_PARAMS, NOT_LOGGED_IN, …). Nothing a
// page passes can make a method throw anything else.

import { COMMANDS, EVENT_TYPE, SETUP, setupValues } from "./catalog.js";
import { checkArgument, checker, describeThrown, explain, readArgument, say, short, TEXT } from "./check.js";
import { Dispatcher } from "./listeners.js";
import { Log, LEVELS } from "./log.js";
import { receive } from "./receive.js";
import { Tabs } from "./tabs.js";

/** Makes a wasm `Shell` for a client: handed over by the wasm module's start (src/api). */
let makeShell = null;


/** The package's version: scripts/package.mjs writes Cargo.toml's here, the wasm confirms it. */
let packageVersion = "0.0.0-source";

/** Called once by the wasm module when `init()` has instantiated it. */
export function bind(factory, version) {
  makeShell = factory;
  packageVersion = version;
}

/** The dialect layer (js/dialect.js), installed by the wasm when built with `dialects`. */
let dialectLayer = null;

/** Called by js/dialect.js when the wasm binds it (feature `dialects`, issue 14). */
export function installDialects(layer) {
  dialectLayer = layer;
}

/** `config.dialect` and `config.token`, read once in a `try` (a page's getter may throw). */
function dialectOf(config) {
  try {
    return config !== null && typeof config === "object" ? { dialect: config.dialect, token: config.token } : {};
  } catch (thrown) {
    return { thrown };
  }
}

/** The classes, for the browser tests, which reach them through Rust (tests/browser_common). */
export function classes() {
  return { AgentSDK, AgentClient };
}

const NAMES = new Set(Object.values(EVENT_TYPE));
const COMMAND = new Map(COMMANDS.map(([name, call, shape]) => [name, { call, shape }]));
const CHECK_SETUP = checker(SETUP);

const failure = (code, message) => ({ code, message });

/** The Promise-returning audio-device methods (no commands: no `<action>Resp` event). */
const DEVICE_METHODS = ["setInputDevice", "setOutputDevice"];

/** One client: its listeners, its Promises, its wasm shell once set up. */
class Core {
  constructor() {
    this.shell = null;
    /** A configuration has been installed (commands may run). */
    this.configured = false;
    this.listeners = new Dispatcher();
    /** ticket → [resolve, reject] */
    this.promises = new Map();
    this.tickets = 0;
    /** The payload of the gateway event being handed to the engine. */
    this.current = undefined;
    this.destroyed = false;
    /** `setup({ sessionKeyProvider })`: renews the key before each reconnect and on expiry. */
    this.keyProvider = undefined;
    this.log = new Log();
    /** The dialect of a client set up with `setup({ dialect })` other than agentdesk. */
    this.dialect = null;
    /** The preflight running on this client (`preflight()`), or null. */
    this.preflightRun = null;
    /** `setup({ tabs: "share" })`: the tabs sharing one connection (js/tabs.js). */
    this.tabs = null;
    this.onMessage = (ev) => receive(this, ev.data, ev.timeStamp);
  }

  emit(type, payload, id) {
    if (this.log.level !== 0) this.log.event(type, payload);
    if (this.tabs?.lead) this.tabs.event(type, payload, id);
    this.listeners.emit(type, payload);
  }

  frameError(code, message) {
    this.emit("sdkError", { eventType: "sdkError", code, message });
  }

  /** A command refused before the engine: its `<action>Resp`, and the resolved Promise. */
  refuse(action, errorCode, message) {
    const response = { eventType: `${action}Resp`, action, code: -1, message, errorCode };
    this.emit(response.eventType, response);
    return Promise.resolve(response);
  }

  /** Why nothing can run now, as a rejection, or null. */
  blocked() {
    if (this.destroyed) return Promise.reject(failure("DESTROYED", TEXT.destroyed));
    if (makeShell === null) return Promise.reject(failure("NOT_INITIALIZED", TEXT.notInitialized));
    return null;
  }

  /** Checks and installs a configuration: null, or the refusal `{ code, message }`. */
  configure(config) {
    if (this.destroyed) return failure("DESTROYED", TEXT.destroyed);
    if (makeShell === null) return failure("NOT_INITIALIZED", TEXT.notInitialized);
    const { dialect, token, thrown } = dialectOf(config);
    if (thrown !== undefined) return failure("BAD_PARAMS", `setup(): ${say(TEXT.notJson, { why: describeThrown(thrown) })}`);
    if (dialect !== undefined && dialect !== "agentdesk") {
      if (typeof dialect !== "string") return failure("BAD_PARAMS", "setup(): `dialect` must be a string");
      if (this.shell !== null && this.dialect === null) return failure("SESSION_ACTIVE", TEXT.sessionActive);
      if (dialectLayer === null) {
        return failure("DIALECT_UNAVAILABLE", `setup(): this build has no dialects; build the package with the \`dialects\` feature for "${dialect.slice(0, 40)}"`);
      }
      try {
        return dialectLayer.configure(this, dialect, config, token);
      } catch (e) {
        return failure("INTERNAL", say(TEXT.internal, { why: String(e) }));
      }
    }
    if (this.dialect !== null) return failure("SESSION_ACTIVE", TEXT.sessionActive);
    const read = readArgument(config);
    if (read.error !== undefined) return failure("BAD_PARAMS", `setup(): ${read.error}`);
    if (this.destroyed) return failure("DESTROYED", TEXT.destroyed);
    // A function cannot cross JSON: the provider is read on its own (issue 15.5).
    let provider;
    try {
      provider = config?.sessionKeyProvider;
    } catch (thrown) {
      return failure("BAD_PARAMS", `setup(): sessionKeyProvider: ${describeThrown(thrown)}`);
    }
    if (provider !== undefined && typeof provider !== "function") {
      return failure("BAD_PARAMS", "setup(): sessionKeyProvider must be a function returning a session key or a Promise of one");
    }
    if (read.value !== null) delete read.value.sessionKeyProvider;
    // Shared tabs (issue 15.3, js/tabs.js): the JS layer's alone.
    const tabs = read.value?.tabs;
    if (read.value !== null) delete read.value.tabs;
    if (tabs !== undefined && tabs !== "own" && tabs !== "share") return failure("BAD_PARAMS", 'setup(): tabs must be "own" (the default) or "share"');
    if (tabs === "share" && !(globalThis.navigator?.locks && globalThis.BroadcastChannel)) {
      return failure("TABS_UNSUPPORTED", 'setup(): tabs: "share" needs the Web Locks API and BroadcastChannel, which this browser lacks; use tabs: "own"');
    }
    const logging = readLogging(config, read.value);
    if (logging.error !== undefined) return failure("BAD_PARAMS", `setup(): ${logging.error}`);
    if (read.value !== null && read.value.dialect === "agentdesk") delete read.value.dialect;
    const problem = read.value === null ? { path: [], expected: "an object like { baseURL: \"ws://127.0.0.1:8080\" }", got: null } : CHECK_SETUP(read.value);
    if (problem !== null) return failure("BAD_PARAMS", `setup(): ${explain(problem)}`);
    try {
      this.shell ??= makeShell(this);
      const refused = this.shell.setup(read.value.baseURL, setupValues(read.value));
      if (refused !== undefined) return setupRefusal(...refused);
      this.keyProvider = provider;
      this.shell.setKeyProvider(provider !== undefined);
      this.log.configure(logging.level, logging.sink);
      this.shell.logFrames(this.log.debug);
      const name = tabs === "share" ? `agentdesk ${read.value.baseURL}` : null;
      if (this.tabs?.name !== name) {
        this.tabs?.close();
        this.tabs = name && new Tabs(this, name);
      }
      this.configured = true;
      return null;
    } catch (thrown) {
      return failure("INTERNAL", say(TEXT.internal, { why: String(thrown) }));
    }
  }

  setup(config) {
    if (this.destroyed) return Promise.reject(failure("DESTROYED", TEXT.destroyed));
    if (makeShell === null) return Promise.reject(failure("NOT_INITIALIZED", TEXT.notInitialized));
    const refused = this.configure(config);
    if (refused === null) {
      const response = { eventType: "setupResp", action: "setup", code: 0, message: "ok" };
      this.emit(response.eventType, response);
      return Promise.resolve(response);
    }
    if (refused.code === "DESTROYED") return Promise.reject(refused);
    return this.refuse("setup", refused.code, refused.message);
  }

  command(action, arg) {
    const blocked = this.blocked();
    if (blocked !== null) return blocked;
    if (this.dialect !== null) {
      return this.refuse(action, "WRONG_DIALECT", `${action}() is a command of the agentdesk protocol; this client speaks ${this.dialect}`);
    }
    if (!this.configured) {
      return Promise.reject(failure("NOT_SET_UP", say(TEXT.notSetUp, { action })));
    }
    const read = readArgument(arg);
    // Reading the argument ran the page's getters, which may have destroyed the client.
    if (this.destroyed) return Promise.reject(failure("DESTROYED", TEXT.destroyed));
    if (read.error !== undefined) return this.refuse(action, "BAD_PARAMS", `${action}(): ${read.error}`);
    const checked = checkArgument(action, COMMAND.get(action).shape, read.value);
    if (checked.error !== undefined) return this.refuse(action, "BAD_PARAMS", `${action}(): ${checked.error}`);
    const other = action === "login" && this.tabs?.agent();
    if (other && (other[0] !== checked.value.tenantId || other[1] !== checked.value.agentNo)) {
      return this.refuse(action, "OTHER_AGENT", `login(): agent ${other[1]} of tenant ${other[0]} is logged in in a tab sharing this connection; log it out first`);
    }
    return this.start(action, checked.value);
  }

  /** A checked command or device call: its Promise, settled by `settle` (or the leader tab's answer). */
  start(action, v) {
    const ticket = ++this.tickets;
    const promise = new Promise((resolve, reject) => this.promises.set(ticket, [resolve, reject]));
    try {
      this.run(ticket, action, v);
    } catch (thrown) {
      this.promises.delete(ticket);
      return Promise.reject(failure("INTERNAL", say(TEXT.internal, { why: String(thrown) })));
    }
    return promise;
  }

  /** Hands a command to the engine, or to the leader tab's (js/tabs.js). */
  run(ticket, action, v) {
    if (this.tabs?.lead === false) this.tabs.forward(ticket, action, v);
    else if (DEVICE_METHODS.includes(action)) this.shell[action](ticket, v);
    else send(this.shell, ticket, action, COMMAND.get(action).call, v);
  }

  /**
   * `setInputDevice` / `setOutputDevice`: no gateway command, so no `<action>Resp` event; the
   * Promise resolves `{ deviceId }` or rejects `{ code, message }` (the engine decides,
   * core session/devices.rs).
   */
  device(action, deviceId) {
    const blocked = this.blocked();
    if (blocked !== null) return blocked;
    if (this.dialect !== null) {
      return Promise.reject(failure("WRONG_DIALECT", `${action}() belongs to the agentdesk protocol's softphone; this client speaks ${this.dialect}`));
    }
    if (!this.configured) return Promise.reject(failure("NOT_SET_UP", say(TEXT.notSetUp, { action })));
    if (typeof deviceId !== "string") {
      return Promise.reject(failure("BAD_PARAMS", `${action}(): deviceId must be a string (a deviceId from the audioDevices event), got ${deviceId === null ? "null" : typeof deviceId}`));
    }
    return this.start(action, deviceId);
  }

  /**
   * `preflight(options)` (issue 15 item 6): resolves with the report (a failed step is in the
   * report, not a rejection); rejects `{ code, message }` for bad options (BAD_PARAMS), a second run of this client (IN_PROGRESS) or a cancel (CANCELLED).
   */
  preflight(options) {
    const blocked = this.blocked();
    if (blocked !== null) return blocked;
    if (this.preflightRun) return Promise.reject(failure("IN_PROGRESS", "preflight(): one is already running on this client"));
    let o;
    try {
      o = readPreflight(options);
    } catch (thrown) {
      o = `options could not be read: ${describeThrown(thrown)}`;
    }
    if (typeof o === "string") return Promise.reject(failure("BAD_PARAMS", `preflight(): ${o}`));
    if (o.signal?.aborted) return Promise.reject(failure("CANCELLED", CANCELLED));
    return new Promise((resolve, reject) => {
      const run = { core: this, resolve, reject, signal: o.signal, onAbort: () => this.shell?.preflightInput(0, 2, 0, 0) };
      run.onMessage = (ev) => preflightFrame(this.shell, ev);
      try {
        this.shell ??= makeShell(this);
        this.preflightRun = run;
        o.signal?.addEventListener("abort", run.onAbort);
        if (!this.shell.preflight(run, o.baseURL, o.tenantId, o.agentNo, o.sessionKey, o.pings, o.echoMs, o.inputDeviceId)) {
          endPreflight(run);
          reject(failure("BAD_PARAMS", "preflight(): baseURL must be a ws://, wss://, http:// or https:// URL with a host"));
        }
      } catch (thrown) {
        endPreflight(run);
        reject(failure("INTERNAL", say(TEXT.internal, { why: String(thrown) })));
      }
    });
  }

  listen(method, type, fn, once) {
    if (typeof type !== "string") throw failure("BAD_PARAMS", say(TEXT.eventName, { method }));
    if (!NAMES.has(type) && !(this.dialect !== null && dialectLayer.names(this.dialect, type))) throw failure("UNKNOWN_EVENT", say(TEXT.unknownEvent, { method, name: short(type) }));
    if (method === "off" && fn === undefined) return this.listeners.clear(type);
    if (typeof fn !== "function") throw failure("BAD_PARAMS", say(TEXT.listener, { method }));
    if (method === "off") this.listeners.remove(type, fn);
    else this.listeners.add(type, fn, once);
  }

  status() {
    if (this.tabs?.lead === false) return this.tabs.x?.[0] ?? null;
    return this.shell === null || this.destroyed || this.dialect !== null ? null : this.shell.status();
  }

  /** Whether the engine would accept `action` now; throws `{ code, message }` for a name that is no command. */
  can(action) {
    if (typeof action !== "string" || !COMMAND.has(action)) {
      throw failure("BAD_PARAMS", `can(): ${typeof action === "string" ? `\`${short(action)}\` is not a command` : "the command must be a string, e.g. \"hold\""}`);
    }
    if (this.shell === null || this.destroyed || !this.configured) return false;
    const i = COMMAND_BITS.indexOf(action);
    return i >= 0 && bit(this.tabs?.lead === false ? this.tabs.x?.[1] ?? 0 : this.shell.allowed(), i);
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.preflightRun) this.shell?.preflightInput(0, 2, 0, 0);
    const shell = this.shell;
    this.tabs?.close();
    // The engine settles what it holds (responses to the listeners, Promises resolved).
    if (shell !== null) shell.destroy();
    this.shell = null;
    this.listeners.clear();
    const left = [...this.promises.values()];
    this.promises.clear();
    for (const [, reject] of left) reject(failure("DESTROYED", "the client was destroyed"));
    // Freed once the call stack is unwound: a listener may destroy the client from inside the
    // shell's own call, whose borrow of the shell lasts until then.
    if (shell !== null) queueMicrotask(() => shell.free());
  }
}

const CANCELLED = "preflight(): cancelled";

/**
 * preflight()'s options: name, type, required, then for a string its most bytes (ids 256, the
 * SDK's limit; a key 8 KiB, as updateSessionKey's KEY_TOO_LARGE), for a number its range and
 * default. Pings: 5 give a minimum, an average and a maximum in well under a second; at most 20,
 * more only lengthen the test. echoMs: 5 s are five 1 s stats intervals after the baseline
 * sample, which has none to score (research §5.1); at least one scored interval (2 s); at most
 * 20 s, as the gateway ends echo legs after 30 s (gateway/src/media/echo.rs) and up to 10 s of
 * that may go to ICE and DTLS.
 */
const PREFLIGHT_OPTIONS = [["baseURL", "string", 1], ["tenantId", "string", 1, 256], ["agentNo", "string", 1, 256], ["sessionKey", "string", 1, 8192],
  ["inputDeviceId", "string", 0, 256], ["pings", "number", 0, 1, 20, 5], ["echoMs", "number", 0, 2000, 20000, 5000], ["signal", "object"]];

/** preflight()'s options checked and defaulted (the engine reads baseURL): an object, or the problem's words. */
function readPreflight(options) {
  if (options === null || typeof options !== "object") return "options must be an object like { baseURL, tenantId, agentNo, sessionKey }";
  const o = {};
  for (const [name, kind, required, a, b, fallback] of PREFLIGHT_OPTIONS) {
    let v = options[name];
    if (v === undefined && !required) v = fallback;
    else if (typeof v !== kind || v === null) return `${name} must be ${kind === "object" ? "an AbortSignal" : `a ${kind}`}${required ? "" : " when given"}`;
    else if (kind === "number" && !(Number.isInteger(v) && v >= a && v <= b)) return `${name} must be a whole number from ${a} to ${b}`;
    else if (kind === "string" && a && (v === "" || new TextEncoder().encode(v).length > a)) return `${name} must be a non-empty string of at most ${a} bytes`;
    o[name] = v;
  }
  return o;
}

/** A frame of a preflight's socket: replies and pongs go to its engine, the rest is not its business. */
function preflightFrame(shell, ev) {
  let f;
  try {
    f = JSON.parse(ev.data);
  } catch {
    return;
  }
  if (f === null || typeof f !== "object" || shell === null) return;
  const now = ev.timeStamp > 0 && ev.timeStamp < 1e11 ? ev.timeStamp : performance.now();
  const pong = f.type === "pong";
  const n = pong ? f.ts : f.id;
  if (!Number.isInteger(n) || (!pong && (f.type !== "reply" || !Number.isInteger(f.code)))) return;
  const text = (v) => (typeof v === "string" ? v : undefined);
  shell.preflightInput(now, +pong, n, f.code ?? 0, text(f.code ? f.errorCode : f.data?.sdp), text(f.message));
}

/** A preflight is over: this client may run another. */
function endPreflight(run) {
  run.core.preflightRun = null;
  run.signal?.removeEventListener("abort", run.onAbort);
}

/** The commands in the order of the bits `Shell.allowed()` answers with (core's `Allowed` follows this table). */
const COMMAND_BITS = COMMANDS.map(([name]) => name);

/** Bit `i` of the engine's answers (up to 53 bits: one exact number, more than 32-bit `&` reads). */
const bit = (bits, i) => Math.floor(bits / 2 ** i) % 2 === 1;

/** The commands whose bit is set. */
const allowedNames = (bits) => COMMAND_BITS.filter((_, i) => bit(bits, i));

/**
 * `logLevel` and `logger` of setup()'s object: the JS layer's (a function cannot cross into the
 * engine), taken out before the engine's checked shape. `debug: true`, the reference's switch,
 * means "debug" when no logLevel is given.
 */
function readLogging(config, value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { level: 0, sink: null };
  const named = value.logLevel;
  delete value.logLevel;
  // A function does not survive readArgument's JSON copy; `logger: null` would.
  delete value.logger;
  let sink;
  try {
    sink = config.logger;
  } catch (thrown) {
    return { error: `logger could not be read: ${String(thrown)}` };
  }
  if (sink !== undefined && sink !== null && typeof sink !== "function") {
    return { error: "logger must be a function receiving { level, message, fields }" };
  }
  let level = named === undefined ? (value.debug === true ? LEVELS.length - 1 : 0) : LEVELS.indexOf(named);
  if (level < 0) return { error: `logLevel must be one of ${LEVELS.map((l) => `"${l}"`).join(", ")} (got ${JSON.stringify(named)})` };
  return { level, sink: sink ?? null };
}

/** Hands a checked command to the engine. */
function send(shell, ticket, action, call, v) {
  switch (action) {
    case "login":
      return shell.login(ticket, v.tenantId, v.agentNo, v.sessionKey, v.bindEndpoint.endpointType, v.bindEndpoint.endpoint,
        v.initialStatus, v.pauseDescription);
    case "logout":
      return shell.logout(ticket, v.logoutMode, v.unbindEndpoint);
    case "pause":
      return shell.pause(ticket, v.pauseType, v.pauseDescription);
    case "unpause":
      return shell.unpause(ticket);
    case "updateSessionKey":
      return shell.updateSessionKey(ticket, v);
    default:
      return shell.call(ticket, call, JSON.stringify(v), typeof v.agentNo === "string" ? v.agentNo : undefined);
  }
}

/** A refusal of `setup()` by the engine's range checks (src/api: kind, name, value, min, max). */
function setupRefusal(kind, name, value, min, max) {
  switch (kind) {
    case 1:
      return failure("SESSION_ACTIVE", TEXT.sessionActive);
    case 2:
      return failure("BAD_PARAMS", say(TEXT.baseUrl, { value: JSON.stringify(name) }));
    case 3:
      return failure("BAD_PARAMS", say(TEXT.bounds, { name, value, min, max }));
    default:
      return failure("BAD_PARAMS", say(TEXT.millis, { name, value, min, max }));
  }
}

// ---- the classes -------------------------------------------------------------------------------

const cores = new WeakMap();
const core = (client) => cores.get(client);

/** An independent SDK client; several may live in one page. */
export class AgentClient {
  /** With a config, set up at once: a bad one throws `{ code, message }`. */
  constructor(config) {
    const c = new Core();
    cores.set(this, c);
    if (config !== undefined) {
      const refused = c.configure(config);
      if (refused !== null) throw refused;
    }
  }

  static get EventType() {
    return EVENT_TYPE;
  }

  get EventType() {
    return EVENT_TYPE;
  }

  /** The agent's status as last reported, or null before setup (and after destroy). */
  get status() {
    return core(this)?.status() ?? null;
  }

  /** The package's version. */
  static get version() {
    return packageVersion;
  }

  /** Whether the engine would accept `action` now (false before setup and after destroy). */
  can(action) {
    return (core(this) ?? goneCore()).can(action);
  }

  setup(config) {
    return core(this)?.setup(config) ?? gone();
  }

  on(type, listener) {
    (core(this) ?? goneCore()).listen("on", type, listener, false);
  }

  once(type, listener) {
    (core(this) ?? goneCore()).listen("once", type, listener, true);
  }

  off(type, listener) {
    (core(this) ?? goneCore()).listen("off", type, listener, false);
  }

  /** Closes the connection, settles every Promise and drops every listener. */
  destroy() {
    core(this)?.destroy();
  }

  /** `destroy()`, and the client is forgotten: later calls are refused with DESTROYED. */
  free() {
    core(this)?.destroy();
    cores.delete(this);
  }
}

/** The page's default client, through static methods as in the reference AgentSDK. */
export class AgentSDK {
  constructor() {
    throw failure("BAD_PARAMS", "AgentSDK is used through its static methods; use `new AgentClient()` for another client");
  }

  static get EventType() {
    return EVENT_TYPE;
  }

  static get status() {
    return defaultCore().status();
  }

  /** The package's version. */
  static get version() {
    return packageVersion;
  }

  /** Whether the engine would accept `action` now: enable a button exactly when this says so. */
  static can(action) {
    return defaultCore().can(action);
  }

  static setup(config) {
    return defaultCore().setup(config);
  }

  static on(type, listener) {
    defaultCore().listen("on", type, listener, false);
  }

  static once(type, listener) {
    defaultCore().listen("once", type, listener, true);
  }

  static off(type, listener) {
    defaultCore().listen("off", type, listener, false);
  }
}

let theDefault = null;
function defaultCore() {
  theDefault ??= new Core();
  return theDefault;
}

/** A client freed with `free()`: its methods answer as a destroyed one's. */
const freed = new Core();
freed.destroyed = true;
function goneCore() {
  return freed;
}
function gone() {
  return Promise.reject(failure("DESTROYED", TEXT.destroyed));
}

/**
 * Puts method `name` on both classes (no eval: CSP-safe): `run(c, args)` gets the client's core
 * (undefined once freed) or the page's default one.
 */
function defineOnBoth(name, run) {
  Object.defineProperty(AgentClient.prototype, name, {
    value: function (...args) {
      return run(core(this), args);
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(AgentSDK, name, {
    value: (...args) => run(defaultCore(), args),
    writable: true,
    configurable: true,
  });
}

// Every command, from the generated table.
for (const [name] of COMMANDS) defineOnBoth(name, (c, [params]) => c?.command(name, params) ?? gone());

// The audio-device methods (issue 15 item 4).
for (const name of DEVICE_METHODS) defineOnBoth(name, (c, [deviceId]) => c?.device(name, deviceId) ?? gone());

// Before going live (issue 15 item 6).
defineOnBoth("preflight", (c, [options]) => c?.preflight(options) ?? gone());

// The dialect clients' methods (js/dialect.js, docs/dialects.md §9).
for (const name of ["connect", "close", "join", "leave", "push", "perform", "presence", "softphone"]) {
  defineOnBoth(name, (c, args) => {
    if (c === undefined) return gone();
    const blocked = c.blocked();
    if (blocked !== null) return blocked;
    if (c.dialect === null) return Promise.reject(failure("NOT_A_DIALECT_CLIENT", `${name}() needs setup({ dialect })`));
    return dialectLayer.call[name](c, ...args);
  });
}

// ---- hooks the wasm shell calls (src/api, src/web) ---------------------------------------------

/** The engine delivers the gateway event being handled (receive.js holds its payload). */
export function deliver(client) {
  const payload = client.current;
  if (payload !== undefined) client.emit(payload.eventType, payload, client.eid);
}

/** A preflight's output (src/web/preflight.rs): 0 progress, 1 the report, 2 cancelled; numbers and words as the engine lays them out (core/src/preflight). */
export function preflightOut(run, kind, numbers, words) {
  const n = Array.from(numbers, (v) => (Number.isNaN(v) ? null : v));
  const w = words.split("\0").map((v) => v || null);
  if (kind === 0) return run.core.emit("preflightProgress", preflightProgress(n, w[0]));
  endPreflight(run);
  if (kind === 1) run.resolve(preflightReport(n, w));
  else run.reject(failure("CANCELLED", CANCELLED));
}

/** The steps and their numbers' names, in the engine's order (core/src/preflight/mod.rs `STEPS`). */
const PREFLIGHT_STEPS = [["connect"], ["connected", "connectMs"], ["ping", "ping", "of", "latencyMs", "networkState"], ["media"],
  ["echo", "echoMs", "of", "rtt", "jitter", "mos"], ["done", "ok"]];

function preflightProgress([step, elapsedMs, ...values], packetsState) {
  const [name, ...fields] = PREFLIGHT_STEPS[step];
  const p = { eventType: "preflightProgress", step: name, elapsedMs };
  fields.forEach((f, i) => (p[f] = values[i]));
  if (name === "echo") p.packetsState = packetsState ?? "";
  if (name === "done") p.ok = p.ok === 1;
  return p;
}

/** A failure's words by the engine's index (core/src/preflight/report.rs `Said`), with its n, a and b. */
const PREFLIGHT_SAID = ["the gateway could not be reached", "the gateway closed the connection", "the connection to the gateway was lost",
  "the gateway refused the session", "the gateway refused the echo test", "the test call could not start", "the test call failed",
  "ICE failed: no path to the gateway's media", "the test call's path failed", "the gateway did not answer within",
  "the gateway did not answer `auth` within", "no microphone and offer within", "the gateway did not answer `echoTest` within", "ICE and DTLS were not up within"];

function preflightMessage(said, n, a, b) {
  const head = PREFLIGHT_SAID[said];
  if (said < 3) return `${head} (close ${n}${a && `: ${a}`})`;
  if (said < 5) return `${head} (${a}): ${b}`;
  if (said < 7) return `${head}: ${a}`;
  if (said === 8) return `${head} (ICE ${a})`;
  return said > 8 ? `${head} ${n} ms` : head;
}

/** Candidate types by bit (core/src/preflight/report.rs `CANDIDATE_TYPES`) and warnings by index (`WARNINGS`). */
const CANDIDATE_TYPES = ["host", "srflx", "prflx", "relay"];
const PREFLIGHT_WARNINGS = ["highRtt", "highJitter", "highPacketLoss", "lowMos", "highPingLatency", "lostPings", "noHostCandidates", "relayed", "oneWayAudio"];

/** The report from the engine's numbers and words, read in the order core/src/preflight/report.rs writes them. */
function preflightReport(n, [packetsState, local, remote, step, code, a, b]) {
  let i = 0;
  const next = () => n[i++];
  const spread = () => {
    const [min, average, max] = [next(), next(), next()];
    return average === null ? null : { min, average, max };
  };
  const types = (bits) => CANDIDATE_TYPES.filter((_, k) => bits & (1 << k));
  const connectivity = { gateway: next() === 1, media: next() === 1 };
  const connectMs = next();
  const ping = { sent: next(), answered: next(), latency: spread(), networkState: next() };
  ping.buckets = { excellent: next(), good: next(), fair: next(), poor: next(), unanswered: next() };
  const ice = { local: types(next()), remote: types(next()), selected: local === null ? null : { local, remote } };
  const media = { durationMs: next(), packetsSent: next(), packetsReceived: next(), packetsLost: next(), rtt: spread(), jitter: spread(), packetLoss: next(), mos: spread() };
  const r = { ok: step === null, failure: null, connectivity, connectMs, ping, ice, media };
  for (const k of ["rtt", "jitter", "packetLoss", "mos", "networkQuality"]) r[k] = next();
  r.oneWayAudio = next() === 1;
  r.packetsState = packetsState;
  r.durationMs = next();
  const [said, limit] = [next(), next()];
  if (step !== null) r.failure = { step, code, message: preflightMessage(said, limit, a ?? "", b ?? "") };
  r.warnings = [];
  while (i < n.length) r.warnings.push({ name: PREFLIGHT_WARNINGS[next()], value: next(), threshold: next() });
  return r;
}

/** `sdkError` from the engine. */
export function emitError(client, code, message) {
  client.frameError(code, message);
}

/** A command settles: its `<action>Resp` event first, then its Promise, with the same object. */
export function settle(client, ticket, action, code, message, errorCode, data) {
  if (DEVICE_METHODS.includes(action)) return settleDevice(client, ticket, code, message, errorCode, data);
  const response = { eventType: `${action}Resp`, action, code, message };
  if (errorCode !== undefined) response.errorCode = errorCode;
  if (data !== undefined) response.data = JSON.parse(data);
  client.emit(response.eventType, response);
  const pending = client.promises.get(ticket);
  if (pending !== undefined) {
    client.promises.delete(ticket);
    pending[0](response);
  }
}

function settleDevice(client, ticket, code, message, errorCode, data) {
  const pending = client.promises.get(ticket);
  if (pending === undefined) return;
  client.promises.delete(ticket);
  if (code === 0) pending[0]({ deviceId: JSON.parse(data ?? "{}").deviceId });
  else pending[1](failure(errorCode ?? "INTERNAL", message));
}

/** `[id, label, id, label, …]` from the shell as `[{ deviceId, label }]`. */
function devicesOf(pairs) {
  const out = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) out.push({ deviceId: pairs[i], label: pairs[i + 1] });
  return out;
}

/** `audioDevices`: the audio inputs and outputs now connected. */
export function emitDeviceList(client, inputs, outputs) {
  client.emit("audioDevices", { eventType: "audioDevices", inputs: devicesOf(inputs), outputs: devicesOf(outputs) });
}

/** `audioInputChanged`: the call's microphone changed (`reason` requested or deviceLost). */
export function emitInputChanged(client, deviceId, label, reason) {
  client.emit("audioInputChanged", { eventType: "audioInputChanged", deviceId, label, reason });
}

/** `audioOutputChanged`: the call now plays on this output device. */
export function emitOutputChanged(client, deviceId) {
  client.emit("audioOutputChanged", { eventType: "audioOutputChanged", deviceId });
}

/** `sipReconnecting` / `sipReconnected`: the softphone leg's ICE restart began a try / worked. */
export function emitSipReconnect(client, eventType, attempt, reason) {
  client.emit(eventType, { eventType, attempt, reason });
}

/** `resync`. */
export function emitResync(client, reason, lostFrom, lostTo) {
  client.emit("resync", { eventType: "resync", reason, lostFrom, lostTo: lostTo ?? null });
}

/** `sessionKeyExpiring`. */
export function emitKeyExpiring(client, expiresAt) {
  client.emit("sessionKeyExpiring", { eventType: "sessionKeyExpiring", expiresAt });
  // With a provider the SDK renews the key itself, as a page's listener would.
  if (client.keyProvider !== undefined) {
    askProvider(client).then(([key]) => {
      if (key !== undefined && !client.destroyed) client.command("updateSessionKey", key).catch(() => {});
    });
  }
}

/** A reconnect attempt waits for the page's `sessionKeyProvider` (src/web/client.rs). */
export function wantKey(client) {
  askProvider(client).then(([key, why]) => {
    if (!client.destroyed && client.shell !== null) client.shell.providedKey(key, why);
  });
}

/** `[key]` from the page's provider, or `[undefined, why]`; never rejects. */
function askProvider(client) {
  let answer;
  try {
    answer = Promise.resolve(client.keyProvider());
  } catch (thrown) {
    answer = Promise.reject(thrown);
  }
  return answer.then(
    (key) => (typeof key === "string" && key !== "" ? [key, ""] : [undefined, `it gave ${key === null ? "null" : typeof key}, not a session key`]),
    (thrown) => [undefined, `it threw ${describeThrown(thrown)}`],
  );
}

/** `canChange`: the engine's answers to `can()` changed; `allowed` names every command it would accept now. */
export function emitCan(client, bits) {
  client.emit("canChange", { eventType: "canChange", allowed: allowedNames(bits) });
}

/** What the shell reports of the connection, for the page's logger (src/web/client.rs `LinkLog`). */
export function logLink(client, kind, text, code) {
  if (client.log.level !== 0) client.log.link(kind, text, code);
}

/** `webrtcWarning` / `webrtcWarningCleared`; `values` has NaN where a sample was unmeasured. */
export function emitWarning(client, raised, name, threshold, values) {
  const eventType = raised ? "webrtcWarning" : "webrtcWarningCleared";
  client.emit(eventType, { eventType, name, threshold, values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)) });
}
