// The benchmark page's code. bench/browser/run.mjs loads it in headless Chromium and calls the
// functions on `window.bench`; nothing runs by itself.
//
// The SDK is driven along its real receive path: `globalThis.WebSocket` is replaced by
// FakeWebSocket before any client exists, so the SDK's own `new WebSocket(url, protocol)` (web-sys,
// src/web/socket.rs) builds one of ours. It answers the SDK's `auth` and `login` commands with v1
// replies, and the benchmark then calls the `onmessage` handler the SDK installed (the JS
// layer's, js/receive.js) with MessageEvent-like `{ data: "<frame text>" }` objects, exactly as
// the browser would: JSON.parse → checks → the engine with numbers → the listeners.
//
// Two baselines, in the same page, calling the same listener functions: the pure-JS client a page
// would write without the SDK (JSON.parse, the same duplicate check on eventId, a Map-based
// emitter), and the validating one (the same, plus a table-driven payload check:
// bench/lib/validating.mjs).

import { generateFrames, digest, histogram, frame } from "../lib/frames.mjs";
import { makeListeners, makeSink } from "../lib/listeners.mjs";
import { validatingHandler } from "../lib/validating.mjs";
import { Dispatcher } from "../../js/listeners.js";

// ---- the fake socket ---------------------------------------------------------------------------

class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  /** The most recently constructed socket (the one the SDK just opened). */
  static last = null;
  /** Heartbeat pings the SDK sent, over all sockets: each may add one SDK-made `ping` event. */
  static pings = 0;
  /** Every frame type the SDK sent, for the report. */
  static sent = {};

  constructor(url, protocol) {
    this.url = String(url);
    this.protocol = String(protocol ?? "");
    this.readyState = FakeWebSocket.CONNECTING;
    this.binaryType = "blob";
    this.bufferedAmount = 0;
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
    this.sentFrames = 0;
    FakeWebSocket.last = this;
    setTimeout(() => {
      if (this.readyState !== FakeWebSocket.CONNECTING) return;
      this.readyState = FakeWebSocket.OPEN;
      this.onopen?.({ type: "open", target: this });
    }, 0);
  }

  /** The SDK's frames: answered like the gateway would (docs/protocol.md §2, §3, §6). */
  send(text) {
    if (this.readyState !== FakeWebSocket.OPEN) throw new DOMException("not open", "InvalidStateError");
    this.sentFrames += 1;
    const f = JSON.parse(text);
    FakeWebSocket.sent[f.type] = (FakeWebSocket.sent[f.type] ?? 0) + 1;
    if (f.type === "ping") FakeWebSocket.pings += 1;
    let reply = null;
    if (f.type === "auth") {
      reply = { type: "reply", id: f.id, code: 0, message: "ok",
        data: { sessionId: "s-bench", expiresAt: Date.now() + 8 * 3600_000, heartbeatMs: 5000, lastEventId: 0, resumed: false } };
    } else if (f.type === "cmd") {
      reply = { type: "reply", id: f.id, code: 0, message: "ok", data: {} };
    } else if (f.type === "ping") {
      reply = { type: "pong", ts: f.ts, serverTs: Date.now() };
    }
    if (reply) setTimeout(() => this.receive(JSON.stringify(reply)), 0);
  }

  /** A text frame arrives: the browser calls `onmessage` with a MessageEvent; `data` is what web-sys reads. */
  receive(text) {
    if (this.readyState === FakeWebSocket.OPEN && this.onmessage) this.onmessage({ type: "message", data: text, target: this });
  }

  close(code = 1000, reason = "") {
    if (this.readyState >= FakeWebSocket.CLOSING) return;
    this.readyState = FakeWebSocket.CLOSED;
    const handler = this.onclose;
    setTimeout(() => handler?.({ type: "close", code, reason, wasClean: true, target: this }), 0);
  }

  addEventListener() {}
  removeEventListener() {}
}
globalThis.WebSocket = FakeWebSocket;

// ---- the pure-JS baseline ------------------------------------------------------------------------

class MapEmitter {
  constructor() {
    this.map = new Map();
  }
  on(type, fn) {
    let list = this.map.get(type);
    if (!list) this.map.set(type, (list = []));
    if (!list.includes(fn)) list.push(fn);
  }
  baselineEmit(type, payload) {
    const list = this.map.get(type);
    if (!list) return;
    // A copy, so a listener removed mid-dispatch does not shift the loop (what the SDK guarantees too).
    for (const fn of list.slice()) {
      try {
        fn(payload);
      } catch (e) {
        console.error(e);
      }
    }
  }
}

/** The baseline client's socket handler. */
function baselineHandler(emitter) {
  let lastEventId = 0;
  return function baselineOnMessage(ev) {
    const f = JSON.parse(ev.data);
    if (f.type !== "event") return;
    if (f.eventId <= lastEventId) return;
    lastEventId = f.eventId;
    emitter.baselineEmit(f.payload.eventType, f.payload);
  };
}

// ---- state ---------------------------------------------------------------------------------------

const S = {
  sdk: null, // the glue module
  exports: null, // the wasm instance's exports, from init()
  corpus: null, // { frames, types, payloads, events }
  typesInMix: [],
  sink: makeSink(),
  listeners: null,
  sdkErrors: [],
};

const CHUNK = 5000;
const yieldToLoop = () => new Promise((r) => setTimeout(r, 0));
const LOGIN = { tenantId: "t1", agentNo: "0001", sessionKey: "v1.bench.key",
  bindEndpoint: { endpointType: 2, endpoint: "80001" }, initialStatus: 1 };

function timerResolution() {
  let min = Infinity;
  let last = performance.now();
  for (let i = 0; i < 200000 && min > 0.0005; i++) {
    const t = performance.now();
    if (t > last) { min = Math.min(min, t - last); last = t; }
  }
  return min;
}

function gc() {
  if (typeof globalThis.gc === "function") { globalThis.gc(); globalThis.gc(); return true; }
  return false;
}

function memorySample(label, events) {
  const collected = gc();
  return {
    label,
    events,
    wasmBytes: S.exports.memory.buffer.byteLength,
    jsHeapUsed: performance.memory?.usedJSHeapSize ?? null,
    jsHeapTotal: performance.memory?.totalJSHeapSize ?? null,
    externrefs: S.exports.__wbindgen_externrefs?.length ?? null,
    gc: collected,
  };
}

/** A logged-in SDK client on a fresh fake socket, with the shared listeners. */
async function sdkClient(listeners) {
  const client = new S.sdk.AgentClient({ baseURL: "ws://127.0.0.1:9/bench", webrtc: false });
  for (const [type, fn] of listeners) client.on(type, fn);
  client.on("sdkError", (e) => { if (S.sdkErrors.length < 20) S.sdkErrors.push(`${e.code}: ${e.message}`); });
  const res = await client.login(LOGIN);
  if (res.code !== 0) throw new Error(`login against the fake socket failed: ${JSON.stringify(res)}`);
  const socket = FakeWebSocket.last;
  if (!socket || typeof socket.onmessage !== "function") throw new Error("the SDK did not install onmessage on the fake socket");
  return { client, socket, handler: socket.onmessage };
}

function done(client) {
  client.destroy();
  client.free?.();
}

/** Runs `handler` over `events[0..n)` in chunks, timing only the synchronous work. */
async function feed(handler, target, events, n, latencies) {
  const sink = S.sink;
  let busy = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    if (latencies) {
      const t0 = performance.now();
      for (let i = start; i < end; i++) {
        const before = performance.now();
        handler.call(target, events[i]);
        latencies[i] = sink.tCall - before;
      }
      busy += performance.now() - t0;
    } else {
      const t0 = performance.now();
      for (let i = start; i < end; i++) handler.call(target, events[i]);
      busy += performance.now() - t0;
    }
    await yieldToLoop();
  }
  return busy;
}

async function run(which, { n, latency = false } = {}) {
  return runEvents(which, S.corpus.events, { n, latency });
}

async function runEvents(which, events, { n, latency = false } = {}) {
  n = Math.min(n ?? events.length, events.length);
  const sink = S.sink;
  sink.count = 0;
  sink.timed = latency;
  S.sdkErrors.length = 0;
  const latencies = latency ? new Float64Array(n) : null;
  const pings0 = FakeWebSocket.pings;
  let ms;
  let delivered;
  if (which === "sdk") {
    const { client, socket, handler } = await sdkClient(S.listeners);
    ms = await feed(handler, socket, events, n, latencies);
    delivered = sink.count; // before destroy(), which emits the session's end itself
    done(client);
  } else {
    const emitter = new MapEmitter();
    for (const [type, fn] of S.listeners) emitter.on(type, fn);
    const handler = which === "validating"
      ? validatingHandler(emitter, (f) => { if (S.sdkErrors.length < 20) S.sdkErrors.push(`invalid: ${JSON.stringify(f).slice(0, 200)}`); })
      : baselineHandler(emitter);
    ms = await feed(handler, null, events, n, latencies);
    delivered = sink.count;
  }
  sink.timed = false;
  const out = { which, frames: n, delivered, heartbeats: FakeWebSocket.pings - pings0, ms, eventsPerSec: (n / ms) * 1000, nsPerFrame: (ms * 1e6) / n,
    sdkErrors: S.sdkErrors.slice() };
  if (latencies) {
    const sorted = Float64Array.from(latencies).sort();
    const q = (p) => sorted[Math.min(n - 1, Math.floor(p * n))];
    let sum = 0;
    for (const x of latencies) sum += x;
    out.latencyMs = { p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: sorted[n - 1], mean: sum / n };
    out.over1ms = latencies.reduce((c, x) => c + (x >= 1 ? 1 : 0), 0);
  }
  return out;
}

window.bench = {
  /** Imports the glue from `pkgBase` and instantiates the wasm; returns what the page can tell. */
  async load(pkgBase) {
    S.sdk = await import(pkgBase + "agentdesk.js");
    S.exports = await S.sdk.default({ module_or_path: pkgBase + "agentdesk_bg.wasm" });
    return {
      pkgBase,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      timerResolutionMs: timerResolution(),
      gcExposed: typeof globalThis.gc === "function",
      preciseMemory: !!performance.memory,
      userAgent: navigator.userAgent,
      initialWasmBytes: S.exports.memory.buffer.byteLength,
    };
  },

  /**
   * Dispatch designs of issue 11, with the same listeners (one or three per event, reading a
   * field each): the JS layer's dispatcher (js/listeners.js), and the engine calling each
   * listener with the payload's handle (bench/browser/dispatch.wat: an externref in, one import
   * call out per listener, as wasm-bindgen's `Function::call1`). ns per event, median of `runs`.
   */
  async dispatch(wasmUrl, { events = 200_000, runs = 7 } = {}) {
    let check = 0;
    const fns = [(e) => { check += e.latencyTime; }, (e) => { check += e.networkState; }, (e) => { check ^= e.latencyTime; }];
    const payloads = Array.from({ length: 256 }, (_, i) => ({ eventType: "ping", latencyTime: i, networkState: 4 }));
    const { instance } = await WebAssembly.instantiate(await (await fetch(wasmUrl)).arrayBuffer(), {
      js: { call1: (f, a) => f(a) },
    });
    const wasm = instance.exports;
    const js = new Dispatcher();
    const time = (f) => {
      const t0 = performance.now();
      for (let i = 0; i < events; i++) f(payloads[i & 255]);
      return ((performance.now() - t0) * 1e6) / events;
    };
    const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const out = {};
    for (const listeners of [1, 3]) {
      js.clear();
      wasm.clear();
      for (const fn of fns.slice(0, listeners)) {
        js.add("ping", fn, false);
        wasm.add(fn);
      }
      const jsRuns = [];
      const wasmRuns = [];
      time((p) => js.emit("ping", p));
      time((p) => wasm.dispatch(p));
      for (let r = 0; r < runs; r++) {
        jsRuns.push(time((p) => js.emit("ping", p)));
        wasmRuns.push(time((p) => wasm.dispatch(p)));
        await yieldToLoop();
      }
      out[listeners] = { js: med(jsRuns), engine: med(wasmRuns) };
    }
    out.check = check;
    return out;
  },

  /** Builds the corpus in the page (the same generator node uses for the native bench). */
  prepare(fixtures, n) {
    const t0 = performance.now();
    const { frames, types, payloads } = generateFrames(fixtures, n);
    // As a browser's MessageEvent, each carries the time it arrived (the SDK hands it to the
    // engine instead of reading the clock again); here, the time the corpus was made.
    const at = performance.now();
    S.corpus = { frames, types, payloads, events: frames.map((data) => ({ type: "message", data, timeStamp: at })) };
    S.typesInMix = [...new Set(types)].sort();
    S.listeners = makeListeners(S.typesInMix, S.sink);
    let bytes = 0;
    for (const f of frames) bytes += f.length;
    return { frames: n, digest: digest(frames), histogram: histogram(types), chars: bytes, ms: performance.now() - t0 };
  },

  run,

  /** Throughput per event type: each type's frames alone, renumbered 1, 2, 3, … (no gaps). */
  async runByType(which, types, maxPerType = 20_000) {
    const out = [];
    for (const type of types) {
      const events = [];
      for (let i = 0; i < S.corpus.types.length && events.length < maxPerType; i++) {
        if (S.corpus.types[i] === type) events.push({ type: "message", data: frame(events.length + 1, S.corpus.payloads[i]), timeStamp: performance.now() });
      }
      if (!events.length) continue;
      await runEvents(which, events, { n: Math.min(2000, events.length) }); // warm this shape
      const r = await runEvents(which, events);
      let chars = 0;
      for (const e of events) chars += e.data.length;
      out.push({ eventType: type, frames: r.frames, delivered: r.delivered, heartbeats: r.heartbeats, avgChars: chars / events.length,
        nsPerFrame: r.nsPerFrame, eventsPerSec: r.eventsPerSec, sdkErrors: r.sdkErrors });
    }
    return out;
  },

  /**
   * One SDK client kept open for `warmup + total` events (ids keep increasing, frames built on the
   * fly from the corpus' payloads), sampling wasm memory and the JS heap after a forced GC.
   */
  async memory({ warmup = 100_000, total = 1_000_000, every = 250_000 } = {}) {
    const payloads = S.corpus.payloads;
    const { client, socket, handler } = await sdkClient(S.listeners);
    S.sink.count = 0;
    S.sdkErrors.length = 0;
    const pings0 = FakeWebSocket.pings;
    let id = 0;
    const pump = async (count) => {
      for (let fed = 0; fed < count; ) {
        const k = Math.min(CHUNK, count - fed);
        for (let i = 0; i < k; i++) {
          id += 1;
          handler.call(socket, { type: "message", data: frame(id, payloads[id % payloads.length]), timeStamp: performance.now() });
        }
        fed += k;
        await yieldToLoop();
      }
    };
    const before = memorySample("after login", 0);
    await pump(warmup);
    const samples = [before, memorySample("after warm-up", id)];
    for (let fed = 0; fed < total; fed += every) {
      await pump(Math.min(every, total - fed));
      samples.push(memorySample(`+${(fed + Math.min(every, total - fed)).toLocaleString("en")} events`, id));
    }
    const delivered = S.sink.count;
    done(client);
    await yieldToLoop();
    samples.push(memorySample("after destroy()", id));
    return { warmup, total, delivered, expected: warmup + total, heartbeats: FakeWebSocket.pings - pings0, samples,
      sdkErrors: S.sdkErrors.slice(), sdkSent: { ...FakeWebSocket.sent } };
  },
};
