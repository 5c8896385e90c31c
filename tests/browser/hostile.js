// Hostile use of the JS face (issue 10: defects 1, 3, 6 and the hostile-argument sweep), in
// headless Chrome and Firefox (tests/browser_hostile.rs). Nothing a page passes or throws may
// escape as a raw exception, overflow the wasm stack or leave the SDK dead: every refusal is a
// `{ code, message }` (thrown, rejected, or a response with a non-zero code), and afterwards the
// same page still logs in and receives events. `u` holds util.js's helpers.

// ---- a scripted socket, for frames the real gateway never sends --------------------------------

/**
 * Replaces `globalThis.WebSocket` while `body` runs with a socket that answers `auth` and every
 * command with success; `push(text)` delivers a text frame to the SDK, numbering nothing itself.
 */
async function withScriptedSocket(body) {
  const Real = globalThis.WebSocket;
  const sockets = [];
  class Scripted {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    constructor(url, protocol) {
      this.url = String(url);
      this.protocol = String(protocol ?? "");
      this.readyState = 0;
      this.binaryType = "blob";
      this.bufferedAmount = 0;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      sockets.push(this);
      setTimeout(() => {
        this.readyState = 1;
        this.onopen?.({ type: "open", target: this });
      }, 0);
    }
    send(text) {
      const f = JSON.parse(text);
      let reply = null;
      if (f.type === "auth") {
        reply = { type: "reply", id: f.id, code: 0, message: "ok",
          data: { sessionId: "s-hostile", expiresAt: Date.now() + 3600_000, heartbeatMs: 5000, lastEventId: 0, resumed: false } };
      } else if (f.type === "cmd") {
        reply = { type: "reply", id: f.id, code: 0, message: "ok", data: {} };
      } else if (f.type === "ping") {
        reply = { type: "pong", ts: f.ts, serverTs: Date.now() };
      }
      if (reply) setTimeout(() => this.push(JSON.stringify(reply)), 0);
    }
    push(text) {
      if (this.readyState === 1) this.onmessage?.({ type: "message", data: text, target: this });
    }
    close(code = 1000, reason = "") {
      if (this.readyState >= 2) return;
      this.readyState = 3;
      const handler = this.onclose;
      setTimeout(() => handler?.({ type: "close", code, reason, wasClean: true, target: this }), 0);
    }
    addEventListener() {}
    removeEventListener() {}
  }
  globalThis.WebSocket = Scripted;
  try {
    return await body({ last: () => sockets[sockets.length - 1] });
  } finally {
    globalThis.WebSocket = Real;
  }
}

const LOGIN = { tenantId: "t1", agentNo: "0001", sessionKey: "v1.hostile.key",
  bindEndpoint: { endpointType: 2, endpoint: "80001" }, initialStatus: 1 };

function eventFrame(id, payload) {
  return JSON.stringify({ type: "event", eventId: id, payload });
}

// Not `ping`: the SDK's own heartbeat makes those too.
const sentence = (sentenceIndex) => ({ eventType: "transcript", text: "hello", role: 2, transcriptTime: 1, beginTime: 0,
  endTime: 1, finished: 1, sentenceIndex, sentenceType: "sentenceEnd", mainUniqueId: "m-1" });

// ---- what counts as a proper refusal -----------------------------------------------------------

/** True for `{ code, message }` with a string code and a non-empty string message. */
function isSdkError(e) {
  try {
    return e !== null && typeof e === "object" && typeof e.code === "string" && typeof e.message === "string"
      && e.message.length > 0;
  } catch {
    return false;
  }
}

/** What a command's Promise may settle with when its argument is refused. */
function isRefusal(outcome) {
  if (outcome.rejected) return isSdkError(outcome.value);
  const r = outcome.value;
  return r !== null && typeof r === "object" && typeof r.code === "number" && r.code !== 0
    && typeof r.message === "string" && r.message.length > 0;
}

function describe(v) {
  try {
    if (typeof v === "symbol") return v.toString();
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "string") return v.length > 40 ? `"${v.slice(0, 20)}…" (${v.length} chars)` : JSON.stringify(v);
    if (typeof v === "function") return "a function";
    return Object.prototype.toString.call(v);
  } catch {
    return "(indescribable)";
  }
}

/** Settles `promise` or gives up after `ms`: `{ settled, rejected, value }`. */
async function settle(promise, ms = 3000) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ settled: false }), ms); });
  try {
    return await Promise.race([
      Promise.resolve(promise).then((value) => ({ settled: true, rejected: false, value }),
        (value) => ({ settled: true, rejected: true, value })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Counts errors that escaped to the page (uncaught exceptions, unhandled rejections). */
function watchEscapes() {
  const escaped = [];
  const onError = (e) => { escaped.push(`error: ${e.message}`); e.preventDefault?.(); };
  const onRejection = (e) => { escaped.push(`unhandled rejection: ${describe(e.reason)}`); e.preventDefault?.(); };
  window.addEventListener("error", onError);
  window.addEventListener("unhandledrejection", onRejection);
  return {
    escaped,
    stop() {
      window.removeEventListener("error", onError);
      window.removeEventListener("unhandledrejection", onRejection);
    },
  };
}

// ---- the hostile values ------------------------------------------------------------------------

function deepObject(depth) {
  let v = {};
  for (let i = 0; i < depth; i += 1) v = { a: v };
  return v;
}

function deepArray(depth) {
  let v = [];
  for (let i = 0; i < depth; i += 1) v = [v];
  return v;
}

/** Every kind of value a careless or hostile page can pass, by name. */
function hostileValues() {
  const cyclic = { ivrId: "ivr-1" };
  cyclic.self = cyclic;
  const cyclicArray = [];
  cyclicArray.push(cyclicArray);
  const throwing = Object.defineProperty({}, "tenantId", { enumerable: true, get() { throw new Error("getter"); } });
  const throwsSymbol = Object.defineProperty({}, "agentNo", { enumerable: true, get() { throw Symbol("thrown"); } });
  const trapAll = new Proxy({}, {
    get() { throw new Error("get trap"); },
    has() { throw new Error("has trap"); },
    ownKeys() { throw new Error("ownKeys trap"); },
    getOwnPropertyDescriptor() { throw new Error("descriptor trap"); },
    getPrototypeOf() { throw new Error("prototype trap"); },
  });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const arrayProxy = new Proxy([], { get() { throw new Error("array get trap"); } });
  const prototypeKeys = JSON.parse('{"__proto__": {"tenantId": "t1"}, "constructor": {"prototype": 1}, "toString": 5}');
  const inherited = Object.create({ tenantId: "t1", agentNo: "1034", sessionKey: "k", baseURL: "ws://127.0.0.1:9" });
  const toJsonThrows = { toJSON() { throw new Error("toJSON"); } };
  const hugeString = "x".repeat(8 * 1024 * 1024);
  return {
    undefined, null: null, zero: 0, nan: NaN, infinity: Infinity, emptyString: "", string: "x", hugeString,
    bool: true, emptyArray: [], array: [1, 2], emptyObject: {}, number: 42, bigint: 10n,
    symbol: Symbol("s"), fn: () => 1, date: new Date(0), map: new Map([["a", 1]]),
    cyclic, cyclicArray, deepObject: deepObject(200_000), deepArray: deepArray(200_000),
    throwing, throwsSymbol, trapAll, revoked, arrayProxy, prototypeKeys, inherited, toJsonThrows,
    // Hostile values nested where a valid argument is expected.
    cyclicInVariables: { ivrId: "ivr-1", variables: cyclic },
    deepInUnknownField: { customerNumber: "1", extra: deepObject(200_000) },
    hugeInField: { agentNo: hugeString },
    proxyInEndpoint: { ...LOGIN, bindEndpoint: trapAll },
    revokedInVariables: { ivrId: "ivr-1", variables: revoked },
    getterInNested: { ...LOGIN, bindEndpoint: Object.defineProperty({ endpointType: 2 }, "endpoint", {
      enumerable: true, get() { throw new Error("nested getter"); } }) },
  };
}

const COMMANDS = ["login", "logout", "pause", "unpause", "updateSessionKey", "previewObCall", "hangup", "hold",
  "unhold", "mute", "unmute", "sendDtmf", "sipLink", "sipUnlink", "startAtxfer", "cancelAtxfer", "resumeAtxfer",
  "completeAtxfer", "threewayAtxfer", "blxfer", "transferIvr", "spy", "unspy", "whisper", "unwhisper", "threeway",
  "unthreeway", "barge", "unbarge", "disconnect", "setPause", "setUnpause", "setOffline", "subscribeQueueStatus",
  "unsubscribeQueueStatus"];

/** Runs `f` and classifies what happened: a sync throw, or a returned value (awaited if a Promise). */
async function outcomeOf(f) {
  let returned;
  try {
    returned = f();
  } catch (thrown) {
    return { threw: true, settled: true, rejected: true, value: thrown };
  }
  if (returned && typeof returned.then === "function") return { threw: false, ...(await settle(returned)) };
  return { threw: false, settled: true, rejected: false, value: returned };
}

/** Logs `agentNo` in on a fresh client against the real gateway and waits for its idle status. */
async function logsInAndReceivesEvents(u, AgentClient, gateway, agentNo, client) {
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const c = client ?? new AgentClient({ baseURL: u.wsUrl(gateway) });
  if (client) u.assertEq((await c.setup({ baseURL: u.wsUrl(gateway) })).code, 0, "setup after the sweep");
  const idle = u.nextEvent(c, "agentStatus", (e) => e.status.state === "idle");
  const res = await c.login(u.loginParams("t1", agentNo, key));
  u.assertEq(res.code, 0, `login ${agentNo} after hostile use`);
  await idle;
  const busy = u.nextEvent(c, "agentStatus", (e) => e.status.state === "busy");
  u.assertEq((await c.pause()).code, 0, "pause after hostile use");
  await busy;
  u.assertEq((await c.logout()).code, 0, "logout after hostile use");
  if (!client) c.destroy();
}

// ---- issue 10, defect 1: cycles and deep nesting -----------------------------------------------

/** A cyclic or deeply nested argument is refused with {code, message}; the instance survives. */
export async function cyclicAndDeepArgumentsAreRefusedAndTheInstanceSurvives(u, AgentClient, gateway) {
  const watch = watchEscapes();
  try {
    const client = new AgentClient({ baseURL: "ws://127.0.0.1:9" });
    const cyclic = { ivrId: "ivr-1" };
    cyclic.self = cyclic;
    const cases = [
      ["transferIvr", { ivrId: "ivr-1", variables: cyclic }],
      ["transferIvr", { ivrId: "ivr-1", variables: deepObject(100_000) }],
      ["previewObCall", { customerNumber: "1", unknownField: deepArray(100_000) }],
      ["setup", { baseURL: "ws://127.0.0.1:9", extra: deepObject(100_000) }],
      ["login", { ...LOGIN, bindEndpoint: cyclic }],
    ];
    for (const [method, arg] of cases) {
      const out = await outcomeOf(() => client[method](arg));
      u.assert(out.settled, `${method}(hostile) never settled`);
      u.assert(isRefusal(out), `${method}(cyclic or deep): ${describe(out.value)} ${out.threw ? "thrown" : ""}`);
    }
    client.destroy();
    let thrown = null;
    try { new AgentClient({ baseURL: "ws://127.0.0.1:9", self: cyclic }); } catch (e) { thrown = e; }
    u.assert(isSdkError(thrown), `new AgentClient(cyclic) threw ${describe(thrown)}`);
    // The instance is alive: a new client of the same page logs in and receives events.
    await logsInAndReceivesEvents(u, AgentClient, gateway, "1034");
    u.assertEq(watch.escaped, [], "errors that escaped to the page");
  } finally {
    watch.stop();
  }
}

// ---- issue 10, defect 3: listeners that throw anything -----------------------------------------

/** Whatever a listener throws, the other listeners and every later event are still delivered. */
export async function whateverAListenerThrowsNeverEscapes(u, AgentClient) {
  const watch = watchEscapes();
  try {
    await withScriptedSocket(async (sockets) => {
      const client = new AgentClient({ baseURL: "ws://scripted.test" });
      const errorWithThrowingMessage = new Error("x");
      Object.defineProperty(errorWithThrowingMessage, "message", { get() { throw new Error("message getter"); } });
      const { proxy: revoked, revoke } = Proxy.revocable(new Error("r"), {});
      revoke();
      const throwers = [
        () => { throw errorWithThrowingMessage; },
        () => { throw new Proxy(new Error("p"), { get() { throw new Error("proxy get"); }, getPrototypeOf() { throw new Error("proxy proto"); } }); },
        () => { throw revoked; },
        () => { throw Symbol("thrown symbol"); },
        () => { throw null; },
        () => { throw Object.create(null); },
      ];
      const reached = [];
      for (const thrower of throwers) client.on("transcript", thrower);
      client.on("transcript", (e) => reached.push(e.sentenceIndex));
      const errors = [];
      client.on("sdkError", (e) => errors.push(e));
      u.assertEq((await client.login(LOGIN)).code, 0, "login against the scripted socket");
      const socket = sockets.last();
      for (let id = 1; id <= 5; id += 1) socket.push(eventFrame(id, sentence(10 * id)));
      await u.sleep(50);
      u.assertEq(reached, [10, 20, 30, 40, 50], "the listener after the throwers saw every event");
      u.assert(errors.length >= 5 * throwers.length, `${errors.length} sdkError reports`);
      for (const e of errors) u.assert(e.code === "LISTENER_ERROR" && e.message.includes("transcript"), JSON.stringify(e));
      client.destroy();
    });
    u.assertEq(watch.escaped, [], "errors that escaped to the page");
  } finally {
    watch.stop();
  }
}

// ---- issue 10, defect 6: getters, Proxies, Symbols, destroy(), free(), non-object frames -------

/** Throwing getters, Proxy traps, revoked Proxies and thrown Symbols give {code, message}. */
export async function throwingGettersAndProxiesGiveCodeAndMessage(u, AgentClient) {
  const watch = watchEscapes();
  try {
    const v = hostileValues();
    const client = new AgentClient({ baseURL: "ws://127.0.0.1:9" });
    for (const name of ["throwing", "throwsSymbol", "trapAll", "revoked", "arrayProxy", "toJsonThrows",
      "proxyInEndpoint", "revokedInVariables", "getterInNested"]) {
      for (const method of ["setup", "login", "pause", "transferIvr", "previewObCall"]) {
        const out = await outcomeOf(() => client[method](v[name]));
        u.assert(out.settled && isRefusal(out), `${method}(${name}): ${describe(out.value)}${out.threw ? " thrown" : ""}`);
      }
      let thrown = null;
      try { new AgentClient(v[name]); } catch (e) { thrown = e; }
      u.assert(isSdkError(thrown), `new AgentClient(${name}) threw ${describe(thrown)}`);
      for (const method of ["on", "once", "off"]) {
        for (const args of [[v[name], () => 1], ["ping", v[name]]]) {
          let t = null;
          try { client[method](...args); } catch (e) { t = e; }
          u.assert(isSdkError(t), `${method}(${describe(args[0])}, ${describe(args[1])}) threw ${describe(t)}`);
        }
      }
    }
    client.destroy();
    u.assertEq(watch.escaped, [], "errors that escaped to the page");
  } finally {
    watch.stop();
  }
}

/** A getter that destroys the client while the command reads it still settles that command. */
export async function aGetterThatDestroysTheClientStillSettlesTheCommand(u, AgentClient) {
  // Each argument is valid, so the command would run but for the getter's destroy().
  const valid = { login: [LOGIN, "tenantId"], pause: [{ pauseType: 0 }, "pauseType"],
    transferIvr: [{ ivrId: "ivr-1" }, "ivrId"], setup: [{ baseURL: "ws://127.0.0.1:9" }, "baseURL"] };
  for (const [method, [fields, key]] of Object.entries(valid)) {
    const client = new AgentClient({ baseURL: "ws://127.0.0.1:9" });
    const arg = { ...fields };
    const value = fields[key];
    Object.defineProperty(arg, key, { enumerable: true, get() { client.destroy(); return value; } });
    const out = await outcomeOf(() => client[method](arg));
    u.assert(out.settled, `${method}() whose argument destroys the client never settled`);
    u.assert(isRefusal(out), `${method}(): ${describe(out.value)}`);
  }
}

/** After free(), every method gives {code, message} instead of a wasm-bindgen TypeError. */
export async function methodsAfterFreeGiveCodeAndMessage(u, AgentClient) {
  const client = new AgentClient({ baseURL: "ws://127.0.0.1:9" });
  client.free();
  for (const method of ["setup", ...COMMANDS]) {
    const arg = method === "setup" ? { baseURL: "ws://127.0.0.1:9" } : {};
    const out = await outcomeOf(() => client[method](arg));
    u.assert(out.settled && isRefusal(out), `${method}() after free(): ${describe(out.value)}`);
    u.assert(!out.rejected || out.value.code === "DESTROYED", `${method}() after free(): ${out.value && out.value.code}`);
  }
  for (const method of ["on", "once", "off"]) {
    let thrown = null;
    try { client[method]("ping", () => 1); } catch (e) { thrown = e; }
    u.assert(thrown === null || isSdkError(thrown), `${method}() after free() threw ${describe(thrown)}`);
  }
  let status;
  try { status = client.status; } catch (e) { status = e; }
  u.assert(status === null || isSdkError(status), `status after free(): ${describe(status)}`);
  client.destroy(); // a second end is harmless
  client.free();
}

/** `42`, `null`, `[]` and `"x"` as whole frames are reported as what they are, not as a frame type "". */
export async function nonObjectFramesAreReportedClearly(u, AgentClient) {
  await withScriptedSocket(async (sockets) => {
    const client = new AgentClient({ baseURL: "ws://scripted.test" });
    const errors = [];
    client.on("sdkError", (e) => errors.push(e));
    const sentences = [];
    client.on("transcript", (e) => sentences.push(e.sentenceIndex));
    u.assertEq((await client.login(LOGIN)).code, 0, "login against the scripted socket");
    const socket = sockets.last();
    for (const text of ["42", "null", "[]", '"x"', "true"]) socket.push(text);
    socket.push(eventFrame(1, sentence(7)));
    await u.sleep(50);
    u.assertEq(errors.length, 5, `sdkError reports: ${JSON.stringify(errors)}`);
    for (const e of errors) {
      u.assertEq(e.code, "MALFORMED_FRAME", `code for a non-object frame (${e.message})`);
      u.assert(/JSON object/.test(e.message) && !e.message.includes("``"), e.message);
    }
    u.assertEq(sentences, [7], "the session goes on");
    client.destroy();
  });
}

// ---- the sweep ---------------------------------------------------------------------------------

/**
 * Every public method and constructor with every hostile value: only {code, message} refusals,
 * every Promise settles, nothing escapes; afterwards the same page logs in and receives events,
 * on the default client and on a new one.
 */
export async function hostileSweepLeavesThePageWorking(u, AgentSDK, AgentClient, gateway) {
  const watch = watchEscapes();
  const failures = [];
  const expect = (ok, what) => { if (!ok && failures.length < 30) failures.push(what); };
  try {
    const values = hostileValues();
    const targets = [["AgentSDK", AgentSDK], ["client", new AgentClient({ baseURL: "ws://127.0.0.1:9" })]];
    for (const [name, value] of Object.entries(values)) {
      let thrown = null;
      let made = null;
      try { made = new AgentClient(value); } catch (e) { thrown = e; }
      if (made) made.destroy();
      expect(made !== null ? value === undefined || (value && typeof value === "object") : isSdkError(thrown),
        `new AgentClient(${name}) → ${describe(thrown ?? made)}`);
      for (const [who, target] of targets) {
        for (const method of ["setup", ...COMMANDS]) {
          const out = await outcomeOf(() => target[method](value));
          expect(out.settled, `${who}.${method}(${name}) never settled`);
          // Some values are valid arguments for some methods (`hangup({})`); what matters is the shape.
          const shaped = out.rejected ? isSdkError(out.value)
            : out.value && typeof out.value === "object" && typeof out.value.code === "number";
          expect(shaped, `${who}.${method}(${name}) → ${out.threw ? "threw " : ""}${describe(out.value)}`);
        }
        for (const method of ["on", "once", "off"]) {
          for (const args of [[value, () => 1], ["ping", value], [value]]) {
            const out = await outcomeOf(() => target[method](...args));
            const fine = out.threw ? isSdkError(out.value) : out.value === undefined;
            expect(fine, `${who}.${method}(${args.map(describe).join(", ")}) → ${describe(out.value)}`);
          }
        }
        let status = null;
        try { status = target.status; } catch (e) { status = e; }
        expect(status === null || (status && typeof status.state === "string"), `${who}.status → ${describe(status)}`);
      }
      // The engine still answers between values.
      const probe = await outcomeOf(() => targets[1][1].pause());
      expect(probe.settled && !probe.rejected && probe.value.errorCode === "NOT_LOGGED_IN", `client.pause() after ${name}`);
    }
    targets[1][1].destroy();
    u.assert(failures.length === 0, `hostile sweep:\n${failures.join("\n")}`);
    u.assertEq(watch.escaped, [], "errors that escaped to the page");
    // The same page still works: the default client and a new one log in and receive events.
    await logsInAndReceivesEvents(u, AgentClient, gateway, "1035", AgentSDK);
    await logsInAndReceivesEvents(u, AgentClient, gateway, "1034");
  } finally {
    watch.stop();
  }
}
