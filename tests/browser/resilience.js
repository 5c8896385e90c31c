// Browser tests of connection resilience against the gateway's fault injection (docs/gateway.md),
// in headless Chrome and Firefox (tests/browser_resilience.rs). `u` holds util.js's helpers.

/** Logs `agentNo` in on a new client and waits until it is idle. */
async function loggedIn(u, AgentClient, gateway, agentNo, extra = {}) {
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const client = new AgentClient({ baseURL: u.wsUrl(gateway), ...extra });
  const idle = u.nextEvent(client, "agentStatus", (e) => e.status.state === "idle");
  const res = await client.login(u.loginParams("t1", agentNo, key));
  u.assertEq(res.code, 0, `login ${agentNo}`);
  await idle;
  return client;
}

function transcriptIndices(client) {
  const seen = [];
  client.on("transcript", (e) => seen.push(e.sentenceIndex));
  return seen;
}

function assertExactlyOnceInOrder(u, seen, count) {
  u.assertEq(seen.length, count, "events delivered");
  for (let i = 0; i < count; i += 1) {
    if (seen[i] !== i) throw new Error(`event ${i} delivered as ${seen[i]} (neighbours ${JSON.stringify(seen.slice(Math.max(0, i - 3), i + 3))})`);
  }
}

async function waitFor(u, what, predicate, ms) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await u.sleep(20);
  }
}

/** 2,000 events while the gateway drops the connection 20 times: each arrives once, in order. */
export async function everyEventOnceInOrderAcrossTwentyDrops(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1011", { reconnectBaseMs: 100, reconnectMaxMs: 400 });
  const seen = transcriptIndices(client);
  let reconnected = 0;
  client.on("reconnectAttempt", (e) => { if (e.code === 0) reconnected += 1; });
  const count = 2000;
  const stream = u.control(gateway, "stream", { tenantId: "t1", agentNo: "1011", count, intervalMs: 3 });
  let drops = 0;
  while (drops < 20) {
    await u.sleep(60);
    const { dropped } = await u.control(gateway, "drop");
    if (dropped > 0) {
      drops += 1;
      const target = drops;
      await waitFor(u, `reconnect ${target}`, () => reconnected >= target, 10000);
    }
  }
  const sent = await stream;
  u.assertEq(sent.sent, count, "events the gateway streamed");
  await waitFor(u, "every event", () => seen.length >= count, 15000);
  await u.sleep(200);
  assertExactlyOnceInOrder(u, seen, count);
  u.assert(reconnected >= 20, `reconnected ${reconnected} times`);
  await client.logout();
  client.destroy();
}

/** The gateway goes silent with the socket open: noticed within 10 s, then recovered. */
export async function silentGatewayIsNoticedWithinTenSecondsAndRecovered(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1012");
  const pings = [];
  client.on("ping", (e) => pings.push(e));
  await u.nextEvent(client, "ping", () => true, 7000);
  const noticed = u.nextEvent(client, "reconnectAttempt", (e) => e.code === -1, 12000);
  const recovered = u.nextEvent(client, "reconnectAttempt", (e) => e.code === 0, 30000);
  const silentAt = Date.now();
  await u.control(gateway, "silence");
  await noticed;
  const noticedAfter = Date.now() - silentAt;
  // The engine declares the link dead 10 s after the last frame it received, which came before
  // the silence; the browser's timer may fire late on a loaded machine, hence the margin.
  u.assert(noticedAfter <= 11500, `noticed after ${noticedAfter} ms`);
  const last = pings[pings.length - 1];
  u.assertEq([last.networkState, last.latencyTime], [0, 10000], "the last ping reading is 'no answer after 10 s'");
  await recovered;
  u.assertEq(client.status.state, "idle", "the session survived");
  const res = await client.pause();
  u.assertEq(res.code, 0, "commands work after recovery");
  await client.logout();
  client.destroy();
}

/** A malformed frame becomes an sdkError event; the session goes on. */
export async function malformedFrameYieldsAnErrorEventAndTheSessionGoesOn(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1013");
  const error = u.nextEvent(client, "sdkError");
  await u.control(gateway, "malformed", { tenantId: "t1", agentNo: "1013" });
  const e = await error;
  u.assertEq(e.code, "MALFORMED_FRAME", "error code");
  u.assert(e.message.length > 0, "a message");
  const busy = u.nextEvent(client, "agentStatus", (s) => s.status.state === "busy");
  u.assertEq((await client.pause()).code, 0, "pause after the bad frame");
  await busy;
  await client.logout();
  client.destroy();
}

/** A client that lags past the gateway's send queue is told, closed, and resumes without loss. */
export async function laggingClientOverflowResumesWithoutLoss(u, AgentClient, gateway) {
  await u.control(gateway, "send-queue", { frames: 8 });
  let client;
  try {
    client = await loggedIn(u, AgentClient, gateway, "1014", { reconnectBaseMs: 100 });
  } finally {
    await u.control(gateway, "send-queue", { frames: 1024 });
  }
  const seen = transcriptIndices(client);
  let reconnected = 0;
  client.on("reconnectAttempt", (e) => { if (e.code === 0) reconnected += 1; });
  const count = 600;
  // The lag is made, not hoped for: each frame leaves the gateway 30 ms late, so the burst fills
  // the 8-frame queue whatever the browser's speed; once the overflow has closed the
  // connection the delay goes, and the resume replays the rest from history.
  const overflowed = u.nextEvent(client, "reconnectAttempt", (e) => e.code === -1, 15000);
  await u.control(gateway, "delay", { ms: 30 });
  try {
    await u.control(gateway, "stream", { tenantId: "t1", agentNo: "1014", count });
    await overflowed;
  } finally {
    await u.control(gateway, "delay", { ms: 0 });
  }
  await waitFor(u, "every event", () => seen.length >= count, 15000);
  await u.sleep(200);
  assertExactlyOnceInOrder(u, seen, count);
  u.assert(reconnected >= 1, "the overflow closed the connection and the SDK resumed");
  await client.logout();
  client.destroy();
}

/** A gateway restart loses the session: the SDK logs in again as it was and says it resynced. */
export async function restartedGatewayResynchronises(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1015", { reconnectBaseMs: 100 });
  const busy = u.nextEvent(client, "agentStatus", (e) => e.status.state === "busy");
  await client.pause({ pauseType: 2, pauseDescription: "coaching" });
  await busy;
  const resync = u.nextEvent(client, "resync", () => true, 10000);
  const backBusy = u.nextEvent(client, "agentStatus", (e) => e.status.state === "busy" && e.status.stateAction === "loginPause", 10000);
  await u.control(gateway, "restart");
  const r = await resync;
  u.assertEq(r.reason, "sessionUnknown", "resync reason");
  const status = await backBusy;
  u.assertEq(status.status.pauseDescription, "coaching", "the pause reason survived");
  await client.logout();
  client.destroy();
}

/** A revoked key ends the session for good: no reconnect. */
export async function revokedKeyEndsTheSessionWithoutReconnecting(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1016", { reconnectBaseMs: 100 });
  const attempts = [];
  client.on("reconnectAttempt", (e) => attempts.push(e));
  const ended = u.nextEvent(client, "sessionTerminate");
  const offline = u.nextEvent(client, "agentStatus", (e) => e.status.state === "offline");
  await u.control(gateway, "revoke", { tenantId: "t1", agentNo: "1016" });
  u.assertEq((await ended).reason, "keyRevoked", "terminate reason");
  await offline;
  await u.sleep(500);
  u.assertEq(attempts.length, 0, "no reconnect attempt");
  u.assertEq((await client.pause()).errorCode, "NOT_LOGGED_IN", "the session is over");
  client.destroy();
}

/** The browser's `online` event starts a waiting attempt at once instead of after its delay. */
export async function onlineEventReconnectsAtOnce(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1017", { reconnectBaseMs: 20000, reconnectJitter: 0 });
  const waiting = u.nextEvent(client, "reconnectAttempt", (e) => e.code === -1);
  const recovered = u.nextEvent(client, "reconnectAttempt", (e) => e.code === 0, 5000);
  await u.control(gateway, "drop");
  const announced = await waiting;
  u.assertEq(announced.delayMs, 20000, "the attempt was 20 s away");
  const start = Date.now();
  window.dispatchEvent(new Event("online"));
  await recovered;
  u.assert(Date.now() - start < 3000, "reconnected without waiting the backoff");
  await client.logout();
  client.destroy();
}

/** A command given while the link is down is sent once it is back. */
export async function commandDuringReconnectIsSentAfterResume(u, AgentClient, gateway) {
  const client = await loggedIn(u, AgentClient, gateway, "1018", { reconnectBaseMs: 300, reconnectJitter: 0 });
  const waiting = u.nextEvent(client, "reconnectAttempt", (e) => e.code === -1);
  await u.control(gateway, "drop");
  await waiting;
  const busy = u.nextEvent(client, "agentStatus", (e) => e.status.state === "busy", 5000);
  const res = await client.pause({ pauseDescription: "queued" });
  u.assertEq(res.code, 0, "the queued pause succeeded");
  u.assertEq((await busy).status.pauseDescription, "queued", "applied once");
  await client.logout();
  client.destroy();
}
