// Browser tests of the JS face, written as a page would use the SDK. wasm-bindgen-test runs
// them in headless Chrome and Firefox (tests/browser_session.rs); each throws on failure.
// `gateway` is the http:// origin of the gateway that scripts/test.sh started; `u` holds the
// shared helpers of util.js.

/** The seed's own example, verbatim but for the gateway address, then pause/unpause/logout. */
export async function seedUsageVerbatim(u, AgentSDK, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const sessionKey = await sessionKeyFor(gateway, "t1", "1001");
  const seen = [];
  const { EventType } = AgentSDK;
  AgentSDK.setup({ baseURL: wsUrl(gateway), webrtc: true, webrtcStats: true });
  const onStatus = (e) => seen.push(`${e.status.state}/${e.status.stateAction}`);
  AgentSDK.on(EventType.AGENT_STATUS, onStatus);
  let inits = 0;
  AgentSDK.once(EventType.SESSION_INIT, () => { inits += 1; });
  const idle = nextEvent(AgentSDK, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  const res = await AgentSDK.login({ tenantId: "t1", agentNo: "1001", sessionKey,
    bindEndpoint: { endpointType: 3, endpoint: "3016" }, initialStatus: 1 });
  assertEq([res.action, res.code, res.message], ["login", 0, "ok"], "login response");
  const status = await idle;
  assertEq([status.eventType, status.tenantId, status.agentNo], ["agentStatus", "t1", "1001"], "agentStatus fields");
  assertEq([status.status.deviceStatus, status.status.initialStatus], [0, 1], "idle codes");
  assertEq(inits, 1, "sessionInit delivered once");
  assertEq(AgentSDK.status.state, "idle", "AgentSDK.status");

  const busy = nextEvent(AgentSDK, EventType.AGENT_STATUS, (e) => e.status.state === "busy");
  const paused = await AgentSDK.pause({ pauseType: 2, pauseDescription: "lunch" });
  assertEq(paused.code, 0, "pause code");
  const busyEvent = await busy;
  assertEq([busyEvent.status.stateAction, busyEvent.status.pauseDescription, busyEvent.status.initialStatus],
    ["pause", "lunch", 2], "busy status");

  const back = nextEvent(AgentSDK, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  assertEq((await AgentSDK.unpause()).code, 0, "unpause code");
  await back;

  const terminated = nextEvent(AgentSDK, EventType.SESSION_TERMINATE);
  const offline = nextEvent(AgentSDK, EventType.AGENT_STATUS, (e) => e.status.state === "offline");
  const out = await AgentSDK.logout({ logoutMode: 1 });
  assertEq(out.code, 0, "logout code");
  assertEq((await terminated).reason, "logout", "sessionTerminate reason");
  await offline;
  AgentSDK.off(EventType.AGENT_STATUS, onStatus);
  assertEq(seen, ["idle/login", "busy/pause", "idle/unpause", "offline/logout"], "status sequence");
}

/** Every command also arrives as its `<action>Resp` event, identical to what the Promise gives. */
export async function responsesAreAlsoEvents(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const key = await sessionKeyFor(gateway, "t1", "1002");
  const client = new AgentClient({ baseURL: wsUrl(gateway) });
  const { EventType } = AgentClient;
  const resps = [];
  client.on(EventType.LOGIN_RESP, (e) => resps.push(e));
  const res = await client.login(loginParams("t1", "1002", key));
  assertEq(resps.length, 1, "one loginResp");
  assertEq(resps[0], res, "loginResp equals the resolved response");
  assertEq(res.eventType, "loginResp", "eventType");
  await client.logout();
  client.destroy();
}

export async function offStopsDelivery(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const key = await sessionKeyFor(gateway, "t1", "1003");
  const client = new AgentClient({ baseURL: wsUrl(gateway) });
  const { EventType } = AgentClient;
  let calls = 0;
  const counter = () => { calls += 1; };
  client.on(EventType.AGENT_STATUS, counter);
  client.on(EventType.AGENT_STATUS, counter); // the same function twice is one registration
  const idle = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  await client.login(loginParams("t1", "1003", key));
  await idle;
  assertEq(calls, 1, "one call for one event despite two on()");
  client.off(EventType.AGENT_STATUS, counter);
  const busy = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "busy");
  await client.pause();
  await busy;
  assertEq(calls, 1, "no call after off()");
  await client.logout();
  client.destroy();
}

export async function onceFiresOnce(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const key = await sessionKeyFor(gateway, "t1", "1004");
  const client = new AgentClient({ baseURL: wsUrl(gateway) });
  const { EventType } = AgentClient;
  let onceCalls = 0;
  client.once(EventType.AGENT_STATUS, () => { onceCalls += 1; });
  const idle = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  await client.login(loginParams("t1", "1004", key));
  await idle;
  const busy = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "busy");
  await client.pause();
  await busy;
  assertEq(onceCalls, 1, "once listener calls");
  await client.logout();
  client.destroy();
}

export async function throwingListenerDoesNotStopTheNext(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const key = await sessionKeyFor(gateway, "t1", "1005");
  const client = new AgentClient({ baseURL: wsUrl(gateway) });
  const { EventType } = AgentClient;
  const order = [];
  const errors = [];
  client.on(EventType.SDK_ERROR, (e) => errors.push(e));
  client.on(EventType.SESSION_INIT, () => { order.push("first"); throw new Error("boom"); });
  client.on(EventType.SESSION_INIT, () => order.push("second"));
  const idle = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  await client.login(loginParams("t1", "1005", key));
  await idle;
  assertEq(order, ["first", "second"], "both listeners ran");
  assertEq(errors.map((e) => e.code), ["LISTENER_ERROR"], "reported as sdkError");
  assert(errors[0].message.includes("sessionInit") && errors[0].message.includes("boom"), errors[0].message);
  await client.logout();
  client.destroy();
}

export async function listenerMayCallTheSdkDuringDispatch(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const key = await sessionKeyFor(gateway, "t1", "1006");
  const client = new AgentClient({ baseURL: wsUrl(gateway) });
  const { EventType } = AgentClient;
  let pausedFromListener = null;
  const statuses = [];
  client.on(EventType.AGENT_STATUS, (e) => {
    statuses.push(e.status.state);
    if (e.status.state === "idle" && pausedFromListener === null) {
      // Re-entrant: a command from inside the SDK's own dispatch.
      pausedFromListener = client.pause({ pauseDescription: "from a listener" });
      // A guard that answers synchronously, also from inside dispatch.
      client.unpause({ bad: true }).then((r) => statuses.push(`bad:${r.errorCode}`));
    }
  });
  const idle = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  const busy = nextEvent(client, EventType.AGENT_STATUS, (e) => e.status.state === "busy");
  await client.login(loginParams("t1", "1006", key));
  await idle; // the login reply comes before the events it causes
  const res = await pausedFromListener;
  assertEq(res.code, 0, `pause called from a listener: ${JSON.stringify(res)}`);
  assertEq((await busy).status.pauseDescription, "from a listener", "busy reason");
  assert(statuses.includes("bad:BAD_PARAMS"), `statuses ${JSON.stringify(statuses)}`);
  await client.logout();
  client.destroy();
}

export async function wrongSessionKeyResolvesWithACode(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const client = new AgentClient({ baseURL: wsUrl(gateway) });
  const forged = await client.login(loginParams("t1", "1007", "v1.e30.AAAA"));
  assertEq([forged.code !== 0, forged.errorCode], [true, "KEY_INVALID"], "forged key");
  assert(forged.message.length > 0, "a message");
  const otherTenant = await sessionKeyFor(gateway, "t2", "2001");
  const mismatch = await client.login(loginParams("t1", "1007", otherTenant));
  assertEq(mismatch.errorCode, "TENANT_MISMATCH", "another tenant's key");
  assertEq(client.status.state, "offline", "still offline");
  client.destroy();
}

export async function pauseBeforeLoginNeverTouchesTheNetwork(u, AgentClient) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const RealWebSocket = globalThis.WebSocket;
  let sockets = 0;
  globalThis.WebSocket = class extends RealWebSocket {
    constructor(...args) { super(...args); sockets += 1; }
  };
  try {
    const client = new AgentClient({ baseURL: "ws://127.0.0.1:9" });
    const resps = [];
    client.on(client.EventType.PAUSE_RESP, (e) => resps.push(e.errorCode));
    const res = await client.pause({ pauseType: 0 });
    assertEq([res.code, res.errorCode], [-1, "NOT_LOGGED_IN"], "pause before login");
    assert(res.message.includes("login"), res.message);
    assertEq(resps, ["NOT_LOGGED_IN"], "pauseResp emitted");
    assertEq((await client.unpause()).errorCode, "NOT_LOGGED_IN", "unpause before login");
    assertEq((await client.logout()).errorCode, "NOT_LOGGED_IN", "logout before login");
    assertEq(sockets, 0, "no socket opened");
    client.destroy();
  } finally {
    globalThis.WebSocket = RealWebSocket;
  }
}

/** Every method with every kind of wrong argument: a code and a message, never a panic. */
export async function badArgumentsGetCodeAndMessage(u, AgentClient) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const weird = [undefined, null, 0, -1, NaN, "", "x", true, [], [1, 2], {}, { tenantId: 5 },
    () => 1, Symbol("s"), 10n, { bindEndpoint: null }, { pauseType: "2" }, new Date(0)];
  const fresh = new AgentClient();
  for (const cmd of ["login", "logout", "pause", "unpause"]) {
    let rejected = null;
    await fresh[cmd]({}).catch((e) => { rejected = e; });
    assertEq(rejected && rejected.code, "NOT_SET_UP", `${cmd} before setup`);
  }
  for (const config of weird) {
    const r = await fresh.setup(config);
    assert(r.code !== 0 && r.errorCode === "BAD_PARAMS" && r.message.includes("setup()"),
      `setup(${String(config)}): ${JSON.stringify(r)}`);
    let thrown = null;
    try { new AgentClient(config === undefined ? null : config); } catch (e) { thrown = e; }
    assert(thrown && thrown.code === "BAD_PARAMS" && thrown.message, `new AgentClient(${String(config)})`);
  }
  assertEq((await fresh.setup({ baseURL: "ws://127.0.0.1:9", typo: 1 })).errorCode, "BAD_PARAMS", "unknown key");
  const client = new AgentClient({ baseURL: "ws://127.0.0.1:9" });
  for (const cmd of ["login", "pause", "unpause", "logout"]) {
    for (const arg of weird) {
      const r = await client[cmd](arg);
      assert(typeof r.code === "number" && typeof r.message === "string" && r.message.length > 0,
        `${cmd}(${String(arg)}): ${JSON.stringify(r)}`);
      if (r.code === 0) throw new Error(`${cmd}(${String(arg)}) succeeded`);
    }
  }
  for (const method of ["on", "once", "off"]) {
    for (const [event, listener] of [[undefined, () => 1], [42, () => 1], ["nope", () => 1], ["ping", 5], ["ping", null]]) {
      let thrown = null;
      try { client[method](event, listener); } catch (e) { thrown = e; }
      assert(thrown && typeof thrown.code === "string" && thrown.message, `${method}(${String(event)}, ${String(listener)})`);
    }
  }
  client.off("ping"); // no listener: removes all, never throws
  client.destroy();
  const after = await client.login({}).catch((e) => e);
  assertEq(after.code, "DESTROYED", "commands after destroy");
}

export async function clientsAreIndependent(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const [ka, kb] = await Promise.all([sessionKeyFor(gateway, "t1", "1008"), sessionKeyFor(gateway, "t1", "1009")]);
  const a = new AgentClient({ baseURL: wsUrl(gateway) });
  const b = new AgentClient({ baseURL: wsUrl(gateway) });
  const { EventType } = AgentClient;
  const seenA = [];
  const seenB = [];
  a.on(EventType.AGENT_STATUS, (e) => seenA.push(e.agentNo));
  b.on(EventType.AGENT_STATUS, (e) => seenB.push(e.agentNo));
  const idleA = nextEvent(a, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  const idleB = nextEvent(b, EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  await Promise.all([a.login(loginParams("t1", "1008", ka)), b.login(loginParams("t1", "1009", kb))]);
  await Promise.all([idleA, idleB]);
  await a.pause();
  await sleep(200);
  assertEq([a.status.state, b.status.state], ["busy", "idle"], "states");
  assert(seenA.every((n) => n === "1008") && seenB.every((n) => n === "1009"), "each client sees its agent only");
  await Promise.all([a.logout(), b.logout()]);
  a.destroy();
  b.destroy();
}

export function eventTypeHasTheCatalog(u, AgentSDK, AgentClient) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep } = u;
  const { EventType } = AgentSDK;
  assert(Object.isFrozen(EventType), "EventType is frozen");
  assert(EventType === AgentClient.EventType, "one object");
  const catalog = ["agentStatus", "previewObCallStart", "previewObCallRinging", "previewObCallBridge",
    "previewObCallResult", "atxferStart", "atxferLink", "atxferEnded", "atxferError", "threewayAtxferResult",
    "atxferThreewayUnlink", "completeAtxferResult", "ringing", "sessionInit", "sessionTerminate",
    "sipSessionInit", "sipSessionTerminate", "reconnectAttempt", "queueStatus", "spyResult", "spyLink",
    "spyUnlink", "threewayResult", "threewayLink", "threewayUnlink", "whisperResult", "whisperLink",
    "whisperUnlink", "bargeResult", "bargeLink", "bargeUnlink", "disconnectResult", "setOfflineResult",
    "extenState", "interactReturn", "sipDisconnected", "transcript", "orderCallBack", "ping", "webrtcStats"];
  const values = new Set(Object.values(EventType));
  for (const name of catalog) assert(values.has(name), `EventType lacks ${name}`);
  assertEq([EventType.AGENT_STATUS, EventType.SET_OFFLINE, EventType.EXTENSTATE, EventType.LOGIN_RESP],
    ["agentStatus", "setOfflineResult", "extenState", "loginResp"], "constants");
}

/**
 * can() follows the engine through a session, canChange says when (issue 16): before setup
 * nothing, then login only, then what an idle agent may do, then unpause once busy; a name that
 * is no command gets `{ code, message }`.
 */
export async function canFollowsTheSession(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent } = u;
  const client = new AgentClient();
  assertEq(client.can("login"), false, "can(login) before setup");
  for (const bad of ["fly", 42, undefined, null, {}, Symbol("s")]) {
    let thrown = null;
    try { client.can(bad); } catch (e) { thrown = e; }
    assert(thrown && thrown.code === "BAD_PARAMS" && thrown.message.includes("can()"), `can(${String(bad)}) threw ${JSON.stringify(thrown)}`);
  }
  await client.setup({ baseURL: wsUrl(gateway) });
  assertEq([client.can("login"), client.can("pause"), client.can("hold")], [true, false, false], "after setup");
  const changes = [];
  client.on(client.EventType.CAN_CHANGE, (e) => changes.push(e.allowed));
  const key = await sessionKeyFor(gateway, "t1", "1019");
  const idle = nextEvent(client, "canChange", (e) => e.allowed.includes("pause"));
  assertEq((await client.login(loginParams("t1", "1019", key))).code, 0, "login");
  const allowedIdle = (await idle).allowed;
  for (const name of ["logout", "pause", "updateSessionKey"]) assert(allowedIdle.includes(name), `idle allows ${name}: ${allowedIdle}`);
  for (const name of ["login", "unpause", "hold", "spy"]) assert(!allowedIdle.includes(name), `idle refuses ${name}: ${allowedIdle}`);
  assertEq([client.can("pause"), client.can("unpause"), client.can("login")], [true, false, false], "can() when idle");
  const busy = nextEvent(client, "canChange", (e) => e.allowed.includes("unpause"));
  assertEq((await client.pause({ pauseType: 0 })).code, 0, "pause");
  await busy;
  assertEq(client.can("unpause"), true, "can(unpause) when busy");
  const out = nextEvent(client, "canChange", (e) => e.allowed.length === 1 && e.allowed[0] === "login");
  assertEq((await client.logout()).code, 0, "logout");
  await out;
  assert(changes.every((a, i) => i === 0 || JSON.stringify(a) !== JSON.stringify(changes[i - 1])), `canChange only on a change: ${JSON.stringify(changes)}`);
  client.destroy();
  assertEq(client.can("login"), false, "can() after destroy");
}

/**
 * setup({ logLevel, logger }): checked like every option; silent by default; a logger that
 * throws stops nothing; `debug: true` alone means debug; no record holds the key.
 */
export async function loggingIsCheckedAndNeverStopsTheSdk(u, AgentClient, gateway) {
  const { assert, assertEq, wsUrl, sessionKeyFor, loginParams } = u;
  const probe = new AgentClient();
  for (const bad of [{ logLevel: "verbose" }, { logLevel: 3 }, { logger: 5 }, { logger: "console" }]) {
    const r = await probe.setup({ baseURL: wsUrl(gateway), ...bad });
    assert(r.code !== 0 && r.errorCode === "BAD_PARAMS" && r.message.includes("setup()"), `setup(${JSON.stringify(bad)}): ${JSON.stringify(r)}`);
    let thrown = null;
    try { new AgentClient({ baseURL: wsUrl(gateway), ...bad }); } catch (e) { thrown = e; }
    assert(thrown && thrown.code === "BAD_PARAMS", `new AgentClient(${JSON.stringify(bad)})`);
  }
  const quiet = [];
  await probe.setup({ baseURL: wsUrl(gateway), logger: (r) => quiet.push(r) });
  const records = [];
  const client = new AgentClient({ baseURL: wsUrl(gateway), debug: true, logger: (r) => { records.push(r); throw new Error("a logger that throws"); } });
  const key = await sessionKeyFor(gateway, "t1", "1024");
  assertEq((await client.login(loginParams("t1", "1024", key))).code, 0, "login with a throwing logger");
  assertEq((await client.logout()).code, 0, "logout with a throwing logger");
  assert(records.some((r) => r.level === "debug" && r.message === "sent cmd" && r.fields.action === "login"), "debug: true logs frames");
  assert(records.some((r) => r.level === "info" && r.message === "connected"), "the lifecycle at info");
  for (const r of records) {
    assert(["error", "warn", "info", "debug"].includes(r.level) && typeof r.message === "string" && typeof r.fields === "object", `record shape ${JSON.stringify(r)}`);
  }
  assert(!JSON.stringify(records).includes(key), "no record holds the session key");
  assertEq(quiet.length, 0, "silent by default");
  probe.destroy();
  client.destroy();
}
