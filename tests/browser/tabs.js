// Browser tests of shared tabs (issue 15.3, js/tabs.js) against the real gateway, in headless
// Chrome and Firefox.
//
// Each "tab" is a same-origin iframe that loads the SDK itself: its own document, JS realm, wasm
// instance, WebSocket, Web Locks client and BroadcastChannel, as a second tab of the console
// would have. Removing the iframe discards its document as closing a tab does (its lock is
// released, its socket closed, its channel gone), with no chance to say goodbye. wasm-pack's
// runner drives one page per browser, so iframes are how one test gets several documents in both
// browsers (tests/e2e drives only Chromium).

/** Opens a tab: an iframe with its own instance of the SDK; resolves with its `AgentClient`. */
async function openTab(u) {
  const frame = document.createElement("iframe");
  const glue = new URL("wasm-bindgen-test.js", location.href).href;
  const wasm = new URL("wasm-bindgen-test_bg.wasm", location.href).href;
  const id = `t${Math.random().toString(36).slice(2)}`;
  // The document is the iframe's own navigation (srcdoc: same origin as this page), so its
  // script runs in the document that stays (an initial about:blank may be replaced).
  const face = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("a tab did not load the SDK within 30 s")), 30000);
    window[id] = (f, e) => {
      clearTimeout(timer);
      delete window[id];
      if (e) reject(e);
      else resolve(f);
    };
    // The glue is imported inside the `try`, so a module that fails to load is reported at once
    // rather than as this timeout.
    frame.srcdoc = `<script type="module">try { const g = await import(${JSON.stringify(glue)});
      await g.default(${JSON.stringify(wasm)}); parent.${id}(g.tabs_face()); } catch (e) { parent.${id}(null, e); }</script>`;
    document.body.appendChild(frame);
  });
  u.assert(face && face.AgentClient, "the tab's SDK loaded");
  const client = new face.AgentClient();
  return { frame, w: frame.contentWindow, client, seen: [], statuses: [], errors: [], times: {} };
}

/** Sets a tab's client up to share and records what it delivers. */
async function share(u, tab, gateway, extra = {}) {
  const r = await tab.client.setup({ baseURL: u.wsUrl(gateway), tabs: "share", ...extra });
  u.assertEq(r.code, 0, `setup: ${r.message}`);
  tab.client.on("transcript", (e) => tab.seen.push(e.sentenceIndex));
  tab.client.on("agentStatus", (e) => tab.statuses.push(e.status.state));
  tab.client.on("sdkError", (e) => tab.errors.push(`${e.code}: ${e.message}`));
  tab.client.on("reconnectAttempt", (e) => {
    if (e.code === 0) tab.times.resumed ??= Date.now();
  });
}

/** Waits until this origin's lock for `gateway` is held (a leader exists). */
async function leaderElected(u, gateway) {
  const name = `agentdesk ${u.wsUrl(gateway)}`;
  await u.until(async () => (await navigator.locks.query()).held.some((l) => l.name === name), "a leader tab", 5000);
}

function assertOnceInOrder(u, seen, count, who) {
  const wrong = seen.findIndex((v, i) => v !== i);
  u.assert(wrong < 0, `${who}: event ${wrong} is sentenceIndex ${seen[wrong]} (delivered ${seen.length}: …${seen.slice(Math.max(0, wrong - 3), wrong + 3)}…)`);
  u.assertEq(seen.length, count, `${who}: events delivered`);
}

function closeTab(tab) {
  tab.closedAt = Date.now();
  tab.gone = true;
  tab.frame.remove();
}

/**
 * `tabs` pages share one connection; the leader closes mid-stream. Another takes over within
 * 2 s and resumes: every remaining tab delivers each event once, in order; commands from a
 * follower work before and after; a tab opened after the takeover hears the agent's status and
 * commands through the new leader; a logout from a follower ends the session in every tab.
 */
export function leaderClosesMidStream(u, gateway, count, agentNo) {
  return u.limited(closesMidStream, 100000, u, gateway, count, agentNo);
}

async function closesMidStream(u, gateway, count, agentNo, trace) {
  const step = (what) => trace.push(`${what} [${tabs.map((t) => `${t.gone ? "x" : ""}${t.seen.length}/${t.client.status?.state}`)}]`);
  const tabs = [await openTab(u)];
  await share(u, tabs[0], gateway);
  await leaderElected(u, gateway);
  for (let i = 1; i < count; i++) {
    tabs.push(await openTab(u));
    await share(u, tabs[i], gateway);
  }
  const [leader, ...followers] = tabs;
  try {
    step("tabs open");
    const key = await u.sessionKeyFor(gateway, "t1", agentNo);
    // A follower logs in: the leader's connection carries it, every tab hears the status.
    const login = await followers[0].client.login(u.loginParams("t1", agentNo, key));
    u.assertEq(login.code, 0, `a follower's login: ${login.message}`);
    step("logged in");
    for (const t of tabs) await u.until(() => t.client.status?.state === "idle", "idle in every tab", 5000);
    u.assert(followers.every((t) => t.client.can("pause")), "a follower's can() answers with the leader's state");
    // A command from a follower, with its response and the status it caused everywhere.
    step("idle everywhere");
    const paused = await followers.at(-1).client.pause({ pauseType: 2, pauseDescription: "tabs" });
    u.assertEq(paused.code, 0, `a follower's pause: ${paused.message}`);
    for (const t of tabs) await u.until(() => t.client.status?.state === "busy", "busy in every tab", 5000);
    // A refusal comes back as the leader's engine words it: no call to hold.
    step("paused");
    const hold = await followers[0].client.hold();
    u.assertEq([hold.eventType, hold.code, hold.errorCode], ["holdResp", -1, "INVALID_STATE"], "a refused command from a follower");
    u.assertEq((await followers[0].client.unpause()).code, 0, "a follower's unpause");

    step("unpaused");
    // Foreign messages on the channel change nothing.
    const foreign = new BroadcastChannel(`agentdesk ${u.wsUrl(gateway)}`);
    for (const m of [null, 7, "x", [], { k: "e" }, { k: "e", t: "transcript", p: null, i: 1 }, { k: "e", t: 5, p: {}, i: 0 },
      { k: "e", t: "transcript", p: {}, i: 1.5 }, { k: "e", t: "transcript", p: {}, i: 0, x: "state" }, { k: "c", f: "?", n: 1, a: "nope" },
      { k: "c", f: "?", n: "1", a: "logout" }, { k: "r", t: "nobody", n: 1, r: {} }, { k: "l", f: 42 }, { k: "h" }, { k: "zz" }]) {
      foreign.postMessage(m);
    }
    foreign.close();

    // Mid-stream, the leader's tab closes.
    const total = 3000;
    const stream = u.control(gateway, "stream", { tenantId: "t1", agentNo, count: total, intervalMs: 1 });
    await u.until(() => followers.every((t) => t.seen.length >= 300), "the stream under way", 10000);
    step("streaming");
    closeTab(leader);
    await u.until(() => followers.some((t) => t.times.resumed), "a follower resumed the session", 5000);
    const took = Math.min(...followers.map((t) => t.times.resumed ?? Infinity)) - leader.closedAt;
    u.assert(took <= 2000, `the takeover took ${took} ms`);
    console.log(`${count} tabs: the takeover took ${took} ms`);
    step("resumed");
    const sent = await stream;
    u.assertEq(sent.sent, total, "events the gateway streamed");
    for (const t of followers) await u.until(() => t.seen.length >= total, `every event in a remaining tab (${t.seen.length})`, 20000);
    await u.sleep(300);
    followers.forEach((t, i) => assertOnceInOrder(u, t.seen, total, `tab ${i + 1}`));

    // After: a command from each remaining tab, and a tab that joins late.
    step("stream delivered");
    const late = await openTab(u);
    tabs.push(late);
    await share(u, late, gateway);
    await u.until(() => late.client.status?.state === "idle", "a late tab hears the status", 5000);
    u.assertEq(late.statuses, ["idle"], "a late tab's agentStatus snapshot");
    step("late tab idle");
    for (const t of [...followers, late]) {
      const r = await t.client.pause({ pauseType: 2, pauseDescription: "after" });
      u.assertEq(r.code, 0, `pause after the takeover: ${r.message}`);
      u.assertEq((await t.client.unpause()).code, 0, "unpause after the takeover");
    }
    if (count === 3) {
      // The new leader's client is destroyed mid-stream (its tab stays): the lock passes on
      // again and the session is resumed once more.
      const now = tabs.filter((t) => t !== leader);
      const next = now.find((t) => t.times.resumed);
      const rest = now.filter((t) => t !== next);
      for (const t of rest) {
        t.seen.length = 0;
        t.times = {};
      }
      const again = u.control(gateway, "stream", { tenantId: "t1", agentNo, count: total, intervalMs: 1 });
      await u.until(() => rest.every((t) => t.seen.length >= 300), "the second stream under way", 10000);
      const destroyedAt = Date.now();
      step("second stream");
      next.client.destroy();
      next.gone = true;
      await u.until(() => rest.some((t) => t.times.resumed), "a tab resumed after the destroy", 5000);
      const took2 = Math.min(...rest.map((t) => t.times.resumed ?? Infinity)) - destroyedAt;
      u.assert(took2 <= 2000, `the takeover after destroy() took ${took2} ms`);
      console.log(`after destroy(): the takeover took ${took2} ms`);
      u.assertEq((await again).sent, total, "events of the second stream");
      for (const t of rest) await u.until(() => t.seen.length >= total, `every event of the second stream (${t.seen.length})`, 20000);
      await u.sleep(300);
      rest.forEach((t, i) => assertOnceInOrder(u, t.seen, total, `second stream, tab ${i}`));
      const r = await rest.at(-1).client.pause({ pauseType: 2 });
      u.assertEq(r.code, 0, `pause after the second takeover: ${r.message}`);
      u.assertEq((await rest.at(-1).client.unpause()).code, 0, "unpause after the second takeover");
    }
    // A login of another agent while this one is logged in is refused.
    step("commands after");
    const other = await late.client.login(u.loginParams("t1", "1001", key));
    u.assertEq(other.errorCode, "OTHER_AGENT", "another agent's login in a shared tab");
    // A logout from the late tab ends the session for every tab.
    u.assertEq((await late.client.logout()).code, 0, "logout from a follower");
    const alive = tabs.filter((t) => !t.gone);
    for (const t of alive) await u.until(() => t.client.status?.state === "offline", "offline everywhere", 5000);
    for (const t of alive) {
      u.assertEq(t.errors.filter((e) => !e.startsWith("LISTENER")), [], "sdkError in a tab");
    }
  } finally {
    for (const t of tabs) {
      try {
        t.client.destroy();
      } catch {
        // A closed tab's client is gone with its document.
      }
      t.frame.remove();
    }
  }
}

/** The option's refusals: a value that is no mode, a browser without Web Locks. */
export async function tabsOptionRefusals(u, gateway) {
  const tab = await openTab(u);
  try {
    const bad = await tab.client.setup({ baseURL: u.wsUrl(gateway), tabs: true });
    u.assertEq([bad.code, bad.errorCode], [-1, "BAD_PARAMS"], "tabs: true");
    Object.defineProperty(tab.w.navigator, "locks", { value: undefined, configurable: true });
    const none = await tab.client.setup({ baseURL: u.wsUrl(gateway), tabs: "share" });
    u.assertEq([none.code, none.errorCode], [-1, "TABS_UNSUPPORTED"], "no Web Locks");
    const own = await tab.client.setup({ baseURL: u.wsUrl(gateway), tabs: "own" });
    u.assertEq(own.code, 0, "tabs: own works anywhere");
  } finally {
    tab.client.destroy();
    tab.frame.remove();
  }
}
