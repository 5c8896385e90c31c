// Browser tests of the agent's workday (issue 15): a hidden tab's throttled timers, the network
// going and coming back, a wake, in headless Chrome and Firefox (tests/browser_background.rs).
// `u` holds util.js's helpers.
//
// Headless browsers keep every page visible and unthrottled, so the throttling is reproduced:
// the page's setTimeout/setInterval are held to wake-ups aligned on a cadence, as Chrome's
// intensive throttling does to a hidden Window's chained timers (once a minute; chromestatus
// 4718288976216064). The cadence here is 40 s, scaled down from 60 s for the test run's time but
// still past the gateway's 30 s idle limit: page timers alone would lose the link.
// scripts/soak/background.mjs runs the full minute for ten minutes and writes a report.

const real = { setTimeout: window.setTimeout, clearTimeout: window.clearTimeout };
const sleep = (ms) => new Promise((r) => real.setTimeout.call(window, r, ms));

/** Holds the page's timers to wake-ups aligned on `cadence` ms; returns the function that undoes it. */
function clampPageTimers(cadence) {
  const saved = { setTimeout: window.setTimeout, setInterval: window.setInterval };
  const held = (ms) => {
    const now = performance.now();
    return Math.ceil((now + Math.max(0, Number(ms) || 0)) / cadence) * cadence - now;
  };
  window.setTimeout = (fn, ms, ...args) => saved.setTimeout.call(window, fn, held(ms), ...args);
  window.setInterval = (fn, ms, ...args) => saved.setInterval.call(window, fn, Math.max(cadence, Number(ms) || 0), ...args);
  return () => Object.assign(window, saved);
}

async function until(what, predicate, ms) {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

async function loggedIn(u, AgentClient, gateway, agentNo, extra = {}) {
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const client = new AgentClient({ baseURL: u.wsUrl(gateway), ...extra });
  const log = [];
  for (const type of ["ping", "reconnectAttempt", "transcript", "agentStatus", "sessionTerminate"]) {
    client.on(type, (e) => log.push({ type, at: performance.now(), e }));
  }
  const res = await client.login(u.loginParams("t1", agentNo, key));
  u.assertEq(res.code, 0, `login ${agentNo}`);
  await until("idle", () => log.some((l) => l.type === "agentStatus" && l.e.status.state === "idle"), 5000);
  return { client, log };
}

const of = (log, type, pred = () => true) => log.filter((l) => l.type === type && pred(l.e));

/**
 * With the page's timers held to a 40 s cadence for 45 s: pings keep going every 5 s (the
 * SDK's timer runs in a Worker), so the gateway never closes for idleness and nothing
 * reconnects; events arrive within 1 s and commands answer; a silenced gateway is still
 * noticed within the heartbeat timeout + 1 s.
 */
export async function aClampedTabKeepsItsLinkAndNoticesASilentGateway(u, AgentClient, gateway) {
  const restore = clampPageTimers(40_000);
  let client;
  try {
    const agentNo = "1024";
    const session = await loggedIn(u, AgentClient, gateway, agentNo);
    client = session.client;
    const { log } = session;
    const started = performance.now();
    const lateness = [];
    let commands = 0;
    for (let i = 0; performance.now() - started < 45_000; i += 1) {
      const sentAt = performance.now();
      const before = of(log, "transcript").length;
      await u.control(gateway, "stream", { tenantId: "t1", agentNo, count: 1 });
      await until(`transcript ${i}`, () => of(log, "transcript").length > before, 5000);
      lateness.push(of(log, "transcript").at(-1).at - sentAt);
      if (i % 3 === 1) {
        const pause = i % 2 === 1 ? client.pause({ pauseDescription: "bg" }) : client.unpause();
        const res = await Promise.race([pause, sleep(3000).then(() => ({ code: "no answer in 3 s" }))]);
        u.assertEq(res.code, 0, `command ${commands} answered at once`);
        commands += 1;
      }
      await sleep(2500);
    }
    const answered = of(log, "ping", (e) => e.networkState > 0).filter((l) => l.at >= started);
    u.assert(answered.length >= 8, `pings answered in 45 s: ${answered.length} (one every 5 s expected)`);
    u.assertEq(of(log, "reconnectAttempt").length, 0, "reconnect attempts while the tab was throttled");
    u.assert(Math.max(...lateness) < 1000, `events arrived within 1 s: worst ${Math.round(Math.max(...lateness))} ms`);
    u.assert(commands >= 3, `commands given: ${commands}`);

    const silentAt = performance.now();
    await u.control(gateway, "silence");
    await until("the dead link noticed", () => of(log, "reconnectAttempt", (e) => e.code === -1).length > 0, 15_000);
    const noticed = of(log, "ping", (e) => e.networkState === 0).at(-1);
    u.assert(noticed, "a ping reading of 'no answer'");
    const after = noticed.at - silentAt;
    u.assert(after <= 11_000, `the silent gateway noticed after ${Math.round(after)} ms (heartbeat timeout 10 s + 1 s)`);
    await until("recovered", () => of(log, "reconnectAttempt", (e) => e.code === 0).length > 0, 20_000);
    await client.logout();
  } finally {
    restore();
    client?.destroy();
  }
}

/** `offline` holds the reconnect countdown (no attempt is spent); `online` retries at once. */
export async function offlineHoldsTheReconnectAndOnlineRetriesAtOnce(u, AgentClient, gateway) {
  const { client, log } = await loggedIn(u, AgentClient, gateway, "1029", { reconnectBaseMs: 1000, reconnectJitter: 0 });
  try {
    await u.control(gateway, "drop");
    await until("the reconnect scheduled", () => of(log, "reconnectAttempt").length > 0, 5000);
    window.dispatchEvent(new Event("offline"));
    await sleep(3000);
    u.assertEq(of(log, "reconnectAttempt").map((l) => l.e.code), [-1], "attempts while offline (1 s backoff, 3 s offline)");
    const back = performance.now();
    window.dispatchEvent(new Event("online"));
    await until("reconnected", () => of(log, "reconnectAttempt", (e) => e.code === 0).length > 0, 5000);
    const after = of(log, "reconnectAttempt", (e) => e.code === 0)[0].at - back;
    u.assert(after < 1000, `reconnected ${Math.round(after)} ms after online`);
    u.assertEq(of(log, "sessionTerminate").length, 0, "the session survived");
    await client.logout();
  } finally {
    client.destroy();
  }
}

/**
 * The page coming back (visible again, resumed) and a network change probe the link at once
 * instead of waiting for the next 5 s ping. `navigator.connection` exists in Chrome only; where
 * it does not (Firefox) only the visibility probe is tested.
 */
export async function aWakeOrANetworkChangeProbesTheLinkAtOnce(u, AgentClient, gateway) {
  const { client, log } = await loggedIn(u, AgentClient, gateway, "1033");
  try {
    const probes = [[document, "visibilitychange"], [document, "resume"]];
    if (navigator.connection) probes.push([navigator.connection, "change"]);
    for (const [target, name] of probes) {
      await until("a ping", () => of(log, "ping").length > 0, 7000);
      // Just after a ping, so the next one is ~5 s away; then a frame proves the link alive,
      // which allows the next probe.
      const count = of(log, "ping").length;
      await until("the next regular ping", () => of(log, "ping").length > count, 7000);
      await sleep(1000);
      const before = of(log, "ping").length;
      const at = performance.now();
      target.dispatchEvent(new Event(name));
      await until(`a probe after ${name}`, () => of(log, "ping").length > before, 3000);
      const took = of(log, "ping").at(-1).at - at;
      u.assert(took < 1000, `${name}: answered probe after ${Math.round(took)} ms, not at the 5 s interval`);
    }
    u.assertEq(of(log, "reconnectAttempt").length, 0, "no reconnect");
    await client.logout();
  } finally {
    client.destroy();
  }
}

/**
 * `sessionKeyProvider` (issue 15.5): a reconnect asks it first and waits for its key; a provider
 * that throws is reported (`KEY_PROVIDER_FAILED`) and the reconnect goes on with the old key.
 */
export async function aKeyProviderIsAskedBeforeEveryReconnect(u, AgentClient, gateway) {
  const asked = [];
  let fail = false;
  const sessionKeyProvider = async () => {
    asked.push(performance.now());
    if (fail) throw new Error("refresh endpoint down");
    return u.sessionKeyFor(gateway, "t1", "1010");
  };
  const { client, log } = await loggedIn(u, AgentClient, gateway, "1010", { reconnectBaseMs: 200, reconnectJitter: 0, sessionKeyProvider });
  const errors = [];
  client.on("sdkError", (e) => errors.push(e));
  try {
    u.assertEq(asked.length, 0, "not asked for the first login");
    await u.control(gateway, "drop");
    await until("reconnected", () => of(log, "reconnectAttempt", (e) => e.code === 0).length === 1, 8000);
    u.assertEq(asked.length, 1, "asked once for the reconnect");
    fail = true;
    await u.control(gateway, "drop");
    await until("reconnected again", () => of(log, "reconnectAttempt", (e) => e.code === 0).length === 2, 8000);
    u.assertEq(asked.length, 2, "asked again");
    u.assertEq(errors.map((e) => e.code), ["KEY_PROVIDER_FAILED"], "the failure reported");
    u.assert(errors[0].message.includes("refresh endpoint down"), errors[0].message);
    u.assertEq(of(log, "sessionTerminate").length, 0, "the session survived");
    const bad = await new AgentClient().setup({ baseURL: u.wsUrl(gateway), sessionKeyProvider: "key" });
    u.assertEq([bad.code, bad.errorCode], [-1, "BAD_PARAMS"], "a provider that is no function is refused");
    await client.logout();
  } finally {
    client.destroy();
  }
}
