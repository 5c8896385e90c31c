// The soak (issue 10; a benchmark, not a test): the demo console in Debian's Chromium, logged in
// as an agent of the built-in directory on a gateway with random callers and bots, for MINUTES.
// Every 30 s a fault, alternating: one of the fault API's (docs/gateway.md §7: drop, silence,
// restart, malformed, delay) and the gateway process killed (SIGKILL) and started again on the
// same port with the same key secret. Meanwhile the gateway streams numbered transcript events
// (`/control/stream`) that the page counts: each must arrive exactly once, or be covered by a
// `resync` that says it may be lost. Page and gateway memory are sampled every 10 s. Writes
// target/soak/report.md and target/soak/samples.json.
//
//   node scripts/soak/soak.mjs --gateway target/release/agentdesk-gateway --minutes 60
//     [--stream-interval MS]   one streamed event every MS (default 100; 20 = 5× the events)
//     [--heap-snapshots 1]     heap snapshots before and after the stream, after a forced GC,
//                              summed by constructor and diffed, and the sampling heap profile
//                              of what is still live at the end, in heap.md (heapdiff.mjs)
//     [--log array]            the page keeps every streamed event as an array entry, as the soak
//                              did before its counts became fixed-size (the control of heap.md)
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { chromium } from "../../tools/node_modules/playwright-core/index.mjs";
import { heapReport, liveBySite, summarize } from "./heapdiff.mjs";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const MINUTES = Number(args.minutes ?? 60);
const GATEWAY = args.gateway ?? "target/release/agentdesk-gateway";
const OUT = args.out ?? "target/soak";
// The SDK the page loads: its own copy, so a soak never reads a pkg/ that a test run rebuilds.
const PKG = args.pkg ?? "pkg";
const FAULT_EVERY_MS = 30_000;
const SAMPLE_EVERY_MS = 10_000;
// The stream: one numbered event every 100 ms, in batches that end before the next fault.
const STREAM = { count: 250, intervalMs: Number(args["stream-interval"] ?? 100) };
const HEAP_SNAPSHOTS = Number(args["heap-snapshots"] ?? 0);
const LOG = args.log ?? "counts";
const AGENT = { tenantId: "t1", agentNo: "0001", password: "demo" };
const KEY_SECRET = "soak-secret-kept-across-restarts";
const API_FAULTS = ["drop", "silence", "restart", "malformed", "delay"];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);

// ---- the gateway process --------------------------------------------------------------------

let gateway = null;
let port = 0;
const incarnations = [];

async function startGateway() {
  const portFile = `${OUT}/port`;
  writeFileSync(portFile, "");
  const listen = `127.0.0.1:${port}`;
  const child = spawn(GATEWAY, ["--listen", listen, "--port-file", portFile, "--faults", "--key-secret", KEY_SECRET,
    "--www", "www", "--pkg", PKG, "--max-lifetime-secs", String(MINUTES * 60 + 600)], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.on("data", () => {});
  for (let i = 0; i < 200; i++) {
    const text = readFileSync(portFile, "utf8").trim();
    if (text) {
      port = Number(text);
      break;
    }
    await sleep(50);
  }
  if (!port) throw new Error("the gateway did not start");
  gateway = child;
  incarnations.push({ pid: child.pid, startedAt: Date.now(), rssKb: [] });
  return child;
}

function killGateway() {
  return new Promise((resolve) => {
    if (!gateway) return resolve();
    gateway.once("exit", resolve);
    gateway.kill("SIGKILL");
    gateway = null;
  });
}

function gatewayRssKb() {
  if (!gateway) return null;
  try {
    const status = readFileSync(`/proc/${gateway.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  } catch {
    return null;
  }
}

const base = () => `http://127.0.0.1:${port}`;

async function control(path, body = {}) {
  const res = await fetch(`${base()}/control/${path}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

// ---- the page ----------------------------------------------------------------------------

/** Installed in the page: counts what the SDK delivers, through the SDK's own `on`. */
/// The page's own bookkeeping must not grow with the events it counts, or it is what the heap
/// figures measure: a stream's events are counted in one fixed-size array per stream (`log
/// counts`, ~300 B a stream). Before, every event was kept as an entry (`log array`, ~70 B an
/// event: +2 MB an hour at the soak's rate, the heap growth run 2 reported; docs/RELIABILITY.md).
async function instrument(page) {
  await page.evaluate(async ({ log, count }) => {
    const mod = await import("/pkg/agentdesk.js");
    const { AgentSDK } = mod;
    const soak = { stream: [], counts: {}, heard: {}, resync: [], errors: [], types: {}, reconnects: 0, terminated: [] };
    window.__soak = soak;
    window.__soakWasm = await mod.default();
    for (const type of Object.values(AgentSDK.EventType)) {
      AgentSDK.on(type, (e) => {
        soak.types[type] = (soak.types[type] ?? 0) + 1;
        if (type === "transcript" && String(e.mainUniqueId).startsWith("stream-")) {
          if (log === "array") {
            soak.stream.push([e.mainUniqueId, e.sentenceIndex, soak.resync.length]);
          } else {
            const counts = (soak.counts[e.mainUniqueId] ??= new Uint8Array(count));
            // How many resyncs the page had heard when the event first arrived (+1; 0: not yet).
            const heard = (soak.heard[e.mainUniqueId] ??= new Uint16Array(count));
            const i = e.sentenceIndex;
            if (i >= 0 && i < count) {
              counts[i] = Math.min(255, counts[i] + 1);
              heard[i] ||= soak.resync.length + 1;
            }
          }
        } else if (type === "resync") {
          soak.resync.push({ reason: e.reason, lostFrom: e.lostFrom, lostTo: e.lostTo, at: Date.now() });
        } else if (type === "sdkError") {
          soak.errors.push(e.code);
        } else if (type === "reconnectAttempt" && e.code === 0) {
          soak.reconnects += 1;
        } else if (type === "sessionTerminate") {
          soak.terminated.push(e.reason);
        }
      });
    }
    // What the accounting reads at the end: [stream, index, resyncs heard by then] per
    // delivery, from either log.
    window.__soakDeliveries = () => {
      if (log === "array") return soak.stream;
      const out = [];
      for (const [name, counts] of Object.entries(soak.counts)) {
        const heard = soak.heard[name];
        counts.forEach((n, i) => { for (let k = 0; k < n; k++) out.push([name, i, heard[i] - 1]); });
      }
      return out;
    };
  }, { log: LOG, count: STREAM.count });
}

/** JS heap in use after a forced full GC: what the page holds, not what it has not collected yet. */
async function heapAfterGc(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  return usedSize;
}

/** A heap snapshot after a forced GC, summed by constructor (the file itself is kept too). */
async function heapSnapshot(cdp, file) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false, captureNumericValue: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const text = chunks.join("");
  writeFileSync(file, text);
  return summarize(JSON.parse(text));
}

async function pageMemory(page, cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  const wasmBytes = await page.evaluate(() => window.__soakWasm?.memory?.buffer?.byteLength ?? null);
  const heapAfterGcBytes = await heapAfterGc(cdp).catch(() => null);
  return { jsHeapUsed: metric("JSHeapUsedSize"), heapAfterGc: heapAfterGcBytes, domNodes: metric("Nodes"), listeners: metric("JSEventListeners"), wasmBytes };
}

// ---- the run -----------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT, { recursive: true });
  await startGateway();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"] });
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${base()}/`);
  await page.waitForSelector("html[data-sdk=ready]", { timeout: 30_000 });
  await instrument(page);
  await page.fill("#login-tenant", AGENT.tenantId);
  await page.fill("#login-agent", AGENT.agentNo);
  await page.fill("#login-password", AGENT.password);
  await page.check('input[name=endpointType][value="2"]');
  await page.click("#login-button");
  await page.waitForSelector("#status-card:not([hidden])", { timeout: 15_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("HeapProfiler.enable");
  log(`logged in as ${AGENT.agentNo} on ${base()}; soak for ${MINUTES} min`);

  let started = null;
  // Heap snapshots: one before the stream starts and one after it ends (a snapshot stalls the
  // page for seconds to minutes on a loaded machine), the after-GC heap every sample between;
  // the sampling heap profiler attributes what is still live at the end to where it was made.
  const snapshots = [];
  const snapshot = async (when) => {
    const t = Math.round((Date.now() - (started ?? Date.now())) / 1000);
    try {
      const summary = await heapSnapshot(cdp, `${OUT}/heap-${when}.heapsnapshot`);
      const delivered = await page.evaluate(() => Object.values(window.__soak.types).reduce((a, b) => a + b, 0));
      snapshots.push({ t, delivered, summary });
      log(`heap snapshot (${when}) at ${t} s: ${(summary.total / 1048576).toFixed(2)} MB, ${delivered} events delivered`);
    } catch (e) {
      log(`heap snapshot (${when}) failed: ${e}`);
    }
  };
  if (HEAP_SNAPSHOTS) {
    await snapshot("start");
    await cdp.send("HeapProfiler.startSampling", { samplingInterval: 8192 });
  }
  started = Date.now();
  const end = started + MINUTES * 60_000;
  const samples = [];
  const faults = [];
  const streams = [];
  let faultNo = 0;
  let nextFault = started + FAULT_EVERY_MS;
  let nextSample = started;

  // The stream runs in the background, batch after batch.
  let streaming = true;
  const streamer = (async () => {
    while (streaming) {
      const startedAt = Date.now();
      try {
        const { status, body } = await control("stream", { tenantId: AGENT.tenantId, agentNo: AGENT.agentNo, ...STREAM });
        if (status === 200) streams.push({ ...body, startedAt, endedAt: Date.now() });
        else await sleep(500);
      } catch {
        await sleep(500);
      }
    }
  })();

  while (Date.now() < end) {
    const now = Date.now();
    if (now >= nextSample) {
      nextSample += SAMPLE_EVERY_MS;
      const memory = await pageMemory(page, cdp).catch(() => ({}));
      const rss = gatewayRssKb();
      if (rss && incarnations.length) incarnations[incarnations.length - 1].rssKb.push(rss);
      samples.push({ t: Math.round((now - started) / 1000), ...memory, gatewayRssKb: rss, incarnation: incarnations.length });
    }
    if (now >= nextFault) {
      nextFault += FAULT_EVERY_MS;
      faultNo += 1;
      if (faultNo % 2 === 1) {
        const kind = API_FAULTS[Math.floor(faultNo / 2) % API_FAULTS.length];
        const body = kind === "delay" ? { ms: 2000 } : {};
        const answer = await control(kind, body).catch((e) => ({ status: 0, body: String(e) }));
        if (kind === "delay") setTimeout(() => control("delay", { ms: 0 }).catch(() => {}), 5000);
        faults.push({ t: Math.round((now - started) / 1000), kind, status: answer.status });
        log(`fault ${faultNo}: ${kind} -> ${answer.status}`);
      } else {
        await killGateway();
        await sleep(2000);
        await startGateway();
        faults.push({ t: Math.round((now - started) / 1000), kind: "kill -9 + restart", pid: gateway.pid });
        log(`fault ${faultNo}: gateway killed and restarted (pid ${gateway.pid})`);
      }
    }
    await sleep(250);
  }
  streaming = false;
  await streamer;
  // Let the last events arrive.
  await sleep(5000);
  let sampling = null;
  if (HEAP_SNAPSHOTS) {
    await cdp.send("HeapProfiler.collectGarbage");
    sampling = liveBySite((await cdp.send("HeapProfiler.getSamplingProfile")).profile);
    await cdp.send("HeapProfiler.stopSampling");
    await snapshot("end");
  }
  const soak = await page.evaluate(() => ({ ...window.__soak, stream: window.__soakDeliveries(), counts: undefined, heard: undefined }));
  // What the page's own log holds: the heap after a GC, before and after emptying it.
  const heapWithLog = await heapAfterGc(cdp).catch(() => null);
  await page.evaluate(() => { window.__soak.stream = []; window.__soak.counts = {}; });
  const heapWithoutLog = await heapAfterGc(cdp).catch(() => null);
  const state = await page.textContent("#state").catch(() => "?");
  await browser.close();
  await killGateway();
  const tally = account(soak, streams);
  writeFileSync(`${OUT}/samples.json`, JSON.stringify({ samples, faults, streams, incarnations, resyncs: soak.resync, lost: tally.lostWhere }, null, 1));
  // Every delivery ([stream, index, resyncs heard]), so the accounting can be redone from the file.
  writeFileSync(`${OUT}/deliveries.json`, JSON.stringify(soak.stream));
  writeFileSync(`${OUT}/report.md`, report({ started, soak, samples, faults, tally, pageErrors, state, heapWithLog, heapWithoutLog }));
  if (snapshots.length) writeFileSync(`${OUT}/heap.md`, heapReport(snapshots, { log: LOG, stream: STREAM, minutes: MINUTES, heapWithLog, heapWithoutLog, sampling }));
  console.log(readFileSync(`${OUT}/report.md`, "utf8"));
}

/** Every stream's numbered events: delivered once, duplicated, lost, or not delivered but covered
 * by a `resync` (a gateway restart forgets what it had not sent yet, and says so). */
function account(soak, streams) {
  const byStream = new Map();
  for (const [name, index] of soak.stream) {
    const counts = byStream.get(name) ?? new Map();
    counts.set(index, (counts.get(index) ?? 0) + 1);
    byStream.set(name, counts);
  }
  let duplicated = 0;
  for (const counts of byStream.values()) for (const n of counts.values()) duplicated += n - 1;
  // An event that never arrived is covered when the page heard a `resync` between the last
  // event it got before it and the first one after it (in the stream's order: streams by their
  // start, then index); otherwise the page moved past a hole nobody told it about. (Before, a
  // resync within 15 s of the stream's end covered the whole stream: a kill or a stall that
  // came later made covered events count as lost, and any resync in the window hid a hole.)
  const order = soak.stream
    .map(([name, index, heard]) => [Number(name.slice("stream-".length)), index, heard])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const covered = (ms, i) => {
    let lo = 0, hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const [m, j] = order[mid];
      if (m < ms || (m === ms && j < i)) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? order[lo - 1][2] : 0;
    const after = lo < order.length ? order[lo][2] : soak.resync.length;
    return after > before;
  };
  // A stream's events are `stream-<gateway ms at its start>`: matched to the request by time.
  const finished = streams.filter((s) => Number.isFinite(s.sent));
  let expected = 0, once = 0, lost = 0, coveredByResync = 0;
  // Where each loss happened: the stream, the missing indices as ranges, for the report.
  const lostWhere = [];
  for (const s of finished) {
    const match = [...byStream.entries()].find(([name]) => {
      const ms = Number(name.slice("stream-".length));
      return ms >= s.startedAt - 1000 && ms <= s.endedAt;
    });
    const got = match ? match[1] : new Map();
    const ms = match ? Number(match[0].slice("stream-".length)) : s.startedAt;
    expected += s.sent;
    const missing = [];
    for (let i = 0; i < s.sent; i++) {
      if (got.has(i)) once += 1;
      else if (covered(ms, i)) coveredByResync += 1;
      else {
        lost += 1;
        missing.push(i);
      }
    }
    if (missing.length) lostWhere.push({ stream: match?.[0] ?? null, startedAt: s.startedAt, endedAt: s.endedAt, missing: ranges(missing) });
  }
  return { expected, once, duplicated, lost, coveredByResync, finished: finished.length, lostWhere };
}

/** [1, 2, 3, 7] → "1–3, 7". */
function ranges(sorted) {
  const out = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === n - 1) last[1] = n;
    else out.push([n, n]);
  }
  return out.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(", ");
}

/** Bytes per hour of the after-GC heap, least squares over the samples after the first 2 min
 * (the page and the demo's event log are filling up before that). */
function heapSlope(samples) {
  const pts = samples.filter((s) => s.t >= 120 && Number.isFinite(s.heapAfterGc)).map((s) => [s.t / 3600, s.heapAfterGc]);
  if (pts.length < 3) return null;
  const n = pts.length;
  const mx = pts.reduce((a, [x]) => a + x, 0) / n;
  const my = pts.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const sxy = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  return sxx > 0 ? sxy / sxx : null;
}

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x));
  if (!v.length) return { first: null, last: null, max: null };
  return { first: v[0], last: v[v.length - 1], max: Math.max(...v) };
}

function report({ started, soak, samples, faults, tally: a, pageErrors, state, heapWithLog, heapWithoutLog }) {
  const mb = (x) => (x == null ? "?" : (x / 1048576).toFixed(1));
  const heap = stats(samples.map((s) => s.jsHeapUsed));
  const gcHeap = stats(samples.map((s) => s.heapAfterGc));
  const slope = heapSlope(samples);
  const wasm = stats(samples.map((s) => s.wasmBytes));
  const nodes = stats(samples.map((s) => s.domNodes));
  const lines = [
    `# Soak report`,
    ``,
    `${new Date(started).toISOString()}, ${MINUTES} min, gateway \`${GATEWAY}\`, agent ${AGENT.agentNo} (extension, auto-answered random calls, bots on).`,
    ``,
    `| measure | value |`,
    `|---|---|`,
    `| faults injected | ${faults.length}: ${Object.entries(faults.reduce((m, f) => ({ ...m, [f.kind]: (m[f.kind] ?? 0) + 1 }), {})).map(([k, n]) => `${k} ×${n}`).join(", ")} |`,
    `| reconnects completed (reconnectAttempt code 0) | ${soak.reconnects} |`,
    `| resync events | ${soak.resync.length} (${[...new Set(soak.resync.map((r) => r.reason))].join(", ")}) |`,
    `| sessionTerminate | ${soak.terminated.length ? soak.terminated.join(", ") : "none"} |`,
    `| streamed events the gateway confirmed sent | ${a.expected} in ${a.finished} streams |`,
    `| delivered exactly once | ${a.once} |`,
    `| **lost without a resync** | **${a.lost}** |`,
    `| **duplicated** | **${a.duplicated}** |`,
    `| not delivered, covered by a resync (gateway restarts) | ${a.coveredByResync} |`,
    `| events delivered by type | ${Object.entries(soak.types).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(", ")} |`,
    `| sdkError codes | ${soak.errors.length ? Object.entries(soak.errors.reduce((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {})).map(([k, n]) => `${k} ×${n}`).join(", ") : "none"} |`,
    `| page errors (uncaught) | ${pageErrors.length} |`,
    `| agent state at the end | ${state} |`,
    `| page JS heap used, MB: first / last / max | ${mb(heap.first)} / ${mb(heap.last)} / ${mb(heap.max)} |`,
    `| page JS heap after a forced GC, MB: first / last / max | ${mb(gcHeap.first)} / ${mb(gcHeap.last)} / ${mb(gcHeap.max)} |`,
    `| its trend after the first 2 min (least squares) | ${slope == null ? "?" : `${(slope / 1024).toFixed(0)} KB per hour`} |`,
    `| the soak's own log at the end (heap after GC with it − without) | ${heapWithLog == null || heapWithoutLog == null ? "?" : `${((heapWithLog - heapWithoutLog) / 1024).toFixed(0)} KB (${LOG})`} |`,
    `| wasm memory, MB: first / last / max | ${mb(wasm.first)} / ${mb(wasm.last)} / ${mb(wasm.max)} |`,
    `| DOM nodes: first / last / max | ${nodes.first} / ${nodes.last} / ${nodes.max} |`,
    `| gateway RSS per process, MB (first → last) | ${incarnations.map((p) => `${(p.rssKb[0] / 1024).toFixed(1)}→${(p.rssKb[p.rssKb.length - 1] / 1024).toFixed(1)}`).join(", ")} |`,
    ``,
    ...(a.lostWhere.length ? [
      `Where events were lost (t in s from the start; the faults and resyncs within 40 s of the stream):`,
      ``,
      ...a.lostWhere.map((l) => {
        const t = (ms) => ((ms - started) / 1000).toFixed(1);
        const near = (at) => at >= l.startedAt - 40_000 && at <= l.endedAt + 40_000;
        const nearFaults = faults.filter((f) => near(started + f.t * 1000)).map((f) => `${f.kind} @${f.t}`);
        const nearResyncs = soak.resync.filter((r) => near(r.at)).map((r) => `${r.reason} ${r.lostFrom}–${r.lostTo ?? ""} @${t(r.at)}`);
        return `- ${l.stream ?? "(no event of the stream arrived)"} (${t(l.startedAt)}–${t(l.endedAt)}): missing ${l.missing}; faults: ${nearFaults.join(", ") || "none"}; resyncs: ${nearResyncs.join(", ") || "none"}`;
      }),
      ``,
    ] : []),
    `Samples every ${SAMPLE_EVERY_MS / 1000} s (t s, JS heap MB, JS heap after GC MB, wasm MB, DOM nodes, gateway RSS MB):`,
    ``,
    "```",
    ...samples.map((s) => `${String(s.t).padStart(5)}  ${mb(s.jsHeapUsed).padStart(6)}  ${mb(s.heapAfterGc).padStart(6)}  ${mb(s.wasmBytes).padStart(6)}  ${String(s.domNodes).padStart(6)}  ${s.gatewayRssKb ? (s.gatewayRssKb / 1024).toFixed(1) : "-"}`),
    "```",
    ``,
  ];
  return lines.join("\n");
}

main().catch(async (e) => {
  console.error(e);
  await killGateway();
  process.exit(1);
});
