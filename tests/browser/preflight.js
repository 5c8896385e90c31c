// Browser tests of preflight() (issue 15 item 6) against the test gateway's echo leg, with real
// WebRTC and the browsers' fake microphone, in headless Chrome and Firefox
// (tests/browser_preflight.rs). No setup(), no login: a preflight runs before both.

const TYPES = ["host", "srflx", "prflx", "relay"];

async function options(u, gateway, agentNo, more = {}) {
  const sessionKey = await u.sessionKeyFor(gateway, "t1", agentNo);
  return { baseURL: u.wsUrl(gateway), tenantId: "t1", agentNo, sessionKey, ...more };
}

/** Runs a preflight and collects its progress events. */
async function withProgress(client, opts) {
  const progress = [];
  const listener = (e) => progress.push(e);
  client.on("preflightProgress", listener);
  try {
    const report = await client.preflight(opts);
    return { report, progress };
  } finally {
    client.off("preflightProgress", listener);
  }
}

/** A preflight against the real gateway: a sane report, progress in order. */
export function preflightReportsASanePath(u, AgentClient, gateway) {
  return u.limited(preflightReportsASanePathFlow, 90000, u, AgentClient, gateway);
}

async function preflightReportsASanePathFlow(u, AgentClient, gateway, trace) {
  const client = new AgentClient();
  client.on("preflightProgress", (p) => trace.push(`${p.step}@${p.elapsedMs}`));
  const { report: r, progress } = await withProgress(client, await options(u, gateway, "1071", { pings: 4, echoMs: 3000 }));
  const show = JSON.stringify(r);
  u.assertEq([r.ok, r.failure], [true, null], show);
  u.assertEq(r.connectivity, { gateway: true, media: true }, "connectivity");
  u.assert(r.connectMs >= 0, `connectMs: ${show}`);
  u.assertEq([r.ping.sent, r.ping.answered, r.ping.buckets.unanswered], [4, 4, 0], "pings");
  u.assert(r.ping.latency.average >= 0 && r.ping.networkState >= 1, `ping: ${show}`);
  u.assert(r.ice.local.includes("host") && r.ice.remote.includes("host"), `candidate types: ${show}`);
  u.assert(r.ice.selected !== null && TYPES.includes(r.ice.selected.local) && TYPES.includes(r.ice.selected.remote), `selected pair: ${show}`);
  u.assert(r.rtt > 0, `rtt > 0: ${show}`);
  u.assert(typeof r.jitter === "number" && r.jitter >= 0, `jitter: ${show}`);
  u.assert(r.packetLoss >= 0 && r.packetLoss < 0.05, `loss: ${show}`);
  u.assert(r.mos >= 1 && r.mos <= 4.5 && r.networkQuality >= 1, `MOS in range: ${show}`);
  u.assertEq([r.oneWayAudio, r.packetsState], [false, "normal"], `no one-way audio: ${show}`);
  u.assert(r.media.packetsSent > 0 && r.media.packetsReceived > 0, `audio both ways: ${show}`);
  u.assert(Array.isArray(r.warnings) && !r.warnings.some((w) => w.name === "oneWayAudio"), `warnings: ${show}`);

  const steps = progress.map((p) => p.step);
  const squeezed = steps.filter((s, i) => s !== steps[i - 1]);
  u.assertEq(squeezed, ["connect", "connected", "ping", "media", "echo", "done"], `steps: ${steps}`);
  u.assertEq(steps.filter((s) => s === "ping").length, 4, "one progress per ping");
  u.assert(steps.filter((s) => s === "echo").length >= 3, `echo samples: ${steps}`);
  u.assert(progress.every((p, i) => p.eventType === "preflightProgress" && (i === 0 || p.elapsedMs >= progress[i - 1].elapsedMs)), "elapsedMs grows");
  const ping = progress.find((p) => p.step === "ping");
  u.assertEq([ping.ping, ping.of, typeof ping.latencyMs, ping.networkState >= 1], [1, 4, "number", true], JSON.stringify(ping));
  u.assertEq(progress[progress.length - 1].ok, true, "done says ok");
  // The test call is gone: the client can run another one at once.
  client.destroy();
}

/** The echo blackholed mid-run (`/control/media {blackhole}`): reported as one-way audio. */
export function aBlackholedEchoIsReportedAsOneWayAudio(u, AgentClient, gateway) {
  return u.limited(aBlackholedEchoIsReportedAsOneWayAudioFlow, 90000, u, AgentClient, gateway);
}

async function aBlackholedEchoIsReportedAsOneWayAudioFlow(u, AgentClient, gateway, trace) {
  const client = new AgentClient();
  client.on("preflightProgress", (p) => trace.push(`${p.step}@${p.elapsedMs}`));
  let holed = null;
  client.on("preflightProgress", (p) => {
    if (p.step === "echo" && holed === null) {
      holed = u.control(gateway, "media", { tenantId: "t1", agentNo: "1072", blackhole: true });
    }
  });
  const r = await client.preflight(await options(u, gateway, "1072", { pings: 1, echoMs: 4000 }));
  await holed;
  const show = JSON.stringify(r);
  u.assertEq([r.oneWayAudio, r.packetsState], [true, "noInbound"], show);
  u.assert(r.warnings.some((w) => w.name === "oneWayAudio" && w.value >= 1), `warning: ${show}`);
  u.assertEq(r.connectivity.media, true, "the leg had come up");
  client.destroy();
}

/** Cancelled with an AbortSignal: rejects CANCELLED, nothing after, and another run may start. */
export function preflightCanBeCancelled(u, AgentClient, gateway) {
  return u.limited(preflightCanBeCancelledFlow, 90000, u, AgentClient, gateway);
}

async function preflightCanBeCancelledFlow(u, AgentClient, gateway, trace) {
  const client = new AgentClient();
  client.on("preflightProgress", (p) => trace.push(`${p.step}@${p.elapsedMs}`));
  const abort = new AbortController();
  const seen = [];
  client.on("preflightProgress", (p) => {
    seen.push(p.step);
    if (p.step === "ping") abort.abort();
  });
  const opts = await options(u, gateway, "1073", { signal: abort.signal });
  const outcome = await client.preflight(opts).then((r) => ({ resolved: r }), (e) => e);
  u.assertEq(outcome.code, "CANCELLED", JSON.stringify(outcome));
  const at = seen.length;
  await u.sleep(1500);
  u.assertEq(seen.length, at, `no progress after the cancel: ${seen}`);
  // An already aborted signal: refused at once.
  const again = await client.preflight(opts).catch((e) => e);
  u.assertEq(again.code, "CANCELLED", JSON.stringify(again));
  // And a fresh run goes through.
  const r = await client.preflight({ ...opts, signal: undefined, pings: 1, echoMs: 2000 });
  u.assertEq(r.ok, true, JSON.stringify(r));
  client.destroy();
}

/** Bad options reject with { code, message }; one run at a time; failures are reports. */
export function badOptionsRejectAndFailuresAreReports(u, AgentClient, gateway) {
  return u.limited(badOptionsRejectAndFailuresAreReportsFlow, 90000, u, AgentClient, gateway);
}

async function badOptionsRejectAndFailuresAreReportsFlow(u, AgentClient, gateway, trace) {
  const client = new AgentClient();
  client.on("preflightProgress", (p) => trace.push(`${p.step}@${p.elapsedMs}`));
  const good = await options(u, gateway, "1074", { pings: 1, echoMs: 2000 });
  for (const [bad, words] of [
    [undefined, "options must be an object"],
    [{ ...good, baseURL: 5 }, "baseURL must be a string"],
    [{ ...good, sessionKey: undefined }, "sessionKey must be a string"],
    [{ ...good, pings: 0 }, "pings must be a whole number from 1 to 20"],
    [{ ...good, echoMs: 99999 }, "echoMs must be a whole number from 2000 to 20000"],
    [{ ...good, pings: 1.5 }, "pings must be a whole number from 1 to 20"],
    [{ ...good, pings: 21 }, "pings must be a whole number from 1 to 20"],
    [{ ...good, agentNo: "x".repeat(257) }, "agentNo must be a non-empty string of at most 256 bytes"],
    [{ ...good, sessionKey: "" }, "sessionKey must be a non-empty string of at most 8192 bytes"],
    [{ ...good, inputDeviceId: "" }, "inputDeviceId must be a non-empty string of at most 256 bytes"],
    [{ ...good, baseURL: "ftp://x" }, "baseURL must be a ws://"],
    [{ ...good, signal: "stop" }, "signal must be an AbortSignal"],
  ]) {
    const e = await client.preflight(bad).then(() => ({ code: "resolved" }), (x) => x);
    u.assertEq(e.code, "BAD_PARAMS", `${JSON.stringify(bad)}: ${JSON.stringify(e)}`);
    u.assert(typeof e.message === "string" && e.message.includes(words), `${e.message} (wanted: ${words})`);
  }

  const first = client.preflight(good);
  const second = await client.preflight(good).catch((e) => e);
  u.assertEq(second.code, "IN_PROGRESS", JSON.stringify(second));
  u.assertEq((await first).ok, true, "the first run is not disturbed");

  // A gateway that is not there: a report with the failure, soon.
  const started = Date.now();
  const down = await client.preflight({ ...good, baseURL: "ws://127.0.0.1:9" });
  u.assertEq([down.ok, down.failure.step, down.failure.code], [false, "connect", "GATEWAY_UNREACHABLE"], JSON.stringify(down));
  u.assertEq(down.connectivity, { gateway: false, media: false }, "nothing reached");
  u.assert(/^the gateway could not be reached \(close \d+/.test(down.failure.message), `message: ${down.failure.message}`);
  u.assert(Date.now() - started < 11000, "no hang");

  // A key the gateway refuses.
  const refused = await client.preflight({ ...good, sessionKey: "v1.not-a-key" });
  u.assertEq([refused.ok, refused.failure.code], [false, "KEY_REFUSED"], JSON.stringify(refused));
  u.assert(/^the gateway (refused the session \(KEY_\w+\): |closed the connection \(close 450[234])/.test(refused.failure.message), `message: ${refused.failure.message}`);
  client.destroy();
  const gone = await client.preflight(good).catch((e) => e);
  u.assertEq(gone.code, "DESTROYED", JSON.stringify(gone));
}
