// Browser benchmarks of the SDK against two pure-JS baselines (plain, and validating payloads), in
// headless Debian Chromium driven by playwright-core (tools/node_modules; it downloads no browser).
// Started by scripts/bench.sh.
//
//   node bench/browser/run.mjs [--out FILE] [--frames N] [--runs N] [--latency-runs N]
//                              [--memory-total N] [--pkg DIR] [--pkg-prof DIR] [--pkg-before DIR]
//                              [--dispatch-wasm FILE] [--init-pages N] [--quick]
//                              [--only throughput,types,latency,dispatch,memory,profile,init]
//
// Serves bench/, pkg/ and the fixtures from a tiny http server on 127.0.0.1 (port 0), with the
// COOP/COEP headers that make the page cross-origin isolated (performance.now() then has 5 µs
// resolution instead of 100 µs), runs the page's functions (bench/browser/bench.js), takes a
// CPU profile through CDP, writes everything as JSON and stops the server and the browser. A
// watchdog ends the process if anything hangs.

import { chromium } from "../../tools/node_modules/playwright-core/index.mjs";
import { createServer } from "node:http";
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, statSync } from "node:fs";
import { join, extname, resolve, dirname, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanName } from "../lib/wasm-size.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = parseArgs(process.argv.slice(2));
const quick = "quick" in args;
const opt = {
  out: resolve(args.out ?? join(root, "target/bench/browser.json")),
  frames: Number(args.frames ?? (quick ? 50_000 : 200_000)),
  runs: Number(args.runs ?? (quick ? 3 : 7)),
  latencyRuns: Number(args["latency-runs"] ?? (quick ? 1 : 3)),
  memoryTotal: Number(args["memory-total"] ?? (quick ? 200_000 : 1_000_000)),
  pkg: resolve(args.pkg ?? join(root, "pkg")),
  pkgProf: args["pkg-prof"] ? resolve(args["pkg-prof"]) : null,
  pkgBefore: args["pkg-before"] && existsSync(join(resolve(args["pkg-before"]), "agentdesk.js")) ? resolve(args["pkg-before"]) : null,
  dispatchWasm: args["dispatch-wasm"] ? resolve(args["dispatch-wasm"]) : null,
  initPages: Number(args["init-pages"] ?? 10),
  watchdogMs: Number(args["watchdog-secs"] ?? 1200) * 1000,
  only: args.only ? new Set(args.only.split(",")) : null,
};
/** Whether a section runs (all of them unless --only names some). */
const wanted = (section) => opt.only === null || opt.only.has(section);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

const log = (...a) => console.log("[bench:browser]", ...a);
const watchdog = setTimeout(() => {
  console.error(`[bench:browser] watchdog: still running after ${opt.watchdogMs / 1000} s, giving up`);
  process.exit(3);
}, opt.watchdogMs);
watchdog.unref();

// ---- fixtures and the static server ----------------------------------------------------------

const fixtureDir = join(root, "tests/fixtures/events");
const fixtures = {};
for (const f of readdirSync(fixtureDir).filter((f) => f.endsWith(".json")).sort()) {
  fixtures[basename(f, ".json")] = JSON.parse(readFileSync(join(fixtureDir, f), "utf8"));
}

if (!existsSync(join(opt.pkg, "agentdesk.js"))) {
  console.error(`[bench:browser] ${opt.pkg}/agentdesk.js is missing: build the SDK first (scripts/bench.sh does)`);
  process.exit(2);
}

const mounts = [
  ["/bench/", join(root, "bench")],
  ["/js/", join(root, "js")],
  ["/pkg/", opt.pkg],
  ...(opt.pkgProf ? [["/pkg-prof/", opt.pkgProf]] : []),
  ...(opt.pkgBefore ? [["/pkg-before/", opt.pkgBefore]] : []),
  ...(opt.dispatchWasm ? [["/dispatch/", dirname(opt.dispatchWasm)]] : []),
];
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain" };

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path === "/favicon.ico") {
    res.writeHead(204);
    res.end();
    return;
  }
  const mount = mounts.find(([prefix]) => path.startsWith(prefix));
  const file = mount && resolve(mount[1], path.slice(mount[0].length));
  if (!mount || !file.startsWith(mount[1]) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
    return;
  }
  res.writeHead(200, {
    "content-type": types[extname(file)] ?? "application/octet-stream",
    "cache-control": "no-store",
    // Cross-origin isolation: precise performance.now() (5 µs) in Chromium.
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
    "cross-origin-resource-policy": "same-origin",
  });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;
const baseUrl = () => base;
log(`serving on ${base}`);

// ---- the browser -------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--js-flags=--expose-gc", "--enable-precise-memory-info"],
});

const pageErrors = [];
async function openPage(pkgBase) {
  const page = await browser.newPage();
  page.setDefaultTimeout(600_000);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") pageErrors.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(`${base}/bench/browser/index.html`);
  await page.waitForFunction(() => window.benchReady === true && !!window.bench);
  const env = await page.evaluate((p) => window.bench.load(p), pkgBase);
  return { page, env };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Every frame must reach exactly one listener call. The SDK's own heartbeat (a `ping` frame every
 * few seconds, answered by the fake socket) may add one SDK-made `ping` event per heartbeat.
 */
function delivered(r, frames = r.frames) {
  const extra = r.delivered - frames;
  return extra >= 0 && extra <= (r.heartbeats ?? 0);
}

function checkRun(r) {
  if (!delivered(r)) {
    throw new Error(`${r.which}: ${r.delivered} listener calls for ${r.frames} frames (${r.heartbeats} heartbeats); sdkError: ${r.sdkErrors.join(" | ")}`);
  }
  if (r.sdkErrors.length) throw new Error(`${r.which}: sdkError during the run: ${r.sdkErrors.join(" | ")}`);
  return r;
}

/**
 * The package's one module joins the JS layer's sources and the glue (scripts/package.mjs, which
 * marks each with a `// ---- <name>` line): which of them a line of the served agentdesk.js is in.
 */
function moduleSections(dir) {
  const file = join(dir, "agentdesk.js");
  if (!existsSync(file)) return [];
  const marks = [];
  readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    const m = /^\/\/ ---- (\S+\.js|wasm-bindgen's glue|the package's exports)/.exec(line);
    if (m) marks.push({ from: i, name: m[1] === "wasm-bindgen's glue" ? "glue" : m[1] });
  });
  return marks;
}
const sectionOf = (marks, line) => {
  let name = "glue";
  for (const m of marks) if (m.from <= line) name = m.name;
  return name;
};

/** Self time per function and per bucket from a CDP Profiler profile. */
function summariseProfile(profile, marks = []) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    total += dt;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const fns = new Map();
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    let file = cf.url ? (cf.url.startsWith("wasm://") || cf.url.endsWith(".wasm") ? "wasm" : cf.url.split("/").pop()) : "";
    if (file === "agentdesk.js" && marks.length) file = sectionOf(marks, cf.lineNumber) === "glue" ? "agentdesk_glue.js" : sectionOf(marks, cf.lineNumber);
    const name = cleanName(cf.functionName || "(anonymous)");
    const key = `${name}\t${file}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const rows = [...fns.entries()].map(([k, us]) => {
    const [name, file] = k.split("\t");
    return { name, file, ms: us / 1000, share: us / total, bucket: bucketOf(name, file) };
  }).sort((a, b) => b.ms - a.ms);
  const buckets = new Map();
  for (const r of rows) buckets.set(r.bucket, (buckets.get(r.bucket) ?? 0) + r.ms);
  return {
    totalMs: total / 1000,
    buckets: [...buckets.entries()].map(([bucket, ms]) => ({ bucket, ms, share: ms / (total / 1000) })).sort((a, b) => b.ms - a.ms),
    top: rows.slice(0, 30),
    // Everything above 0.05 ms, for summing shares by name pattern in the report.
    all: rows.filter((r) => r.ms >= 0.05).map(({ name, file, ms, share }) => ({ name: name.slice(0, 200), file, ms, share })),
  };
}

/** Coarse cost centres, by function name (wasm names come from the name section of the profiling build). */
export function bucketOf(name, file) {
  if (name === "(garbage collector)") return "GC";
  if (name === "(idle)" || name === "(program)" || name === "(root)") return "idle / program";
  if (file === "bench.js" && /^baseline/.test(name)) return "baseline client: JSON.parse + Map emitter";
  if (file === "validating.mjs") return "validating baseline: JSON.parse + table check + Map emitter";
  if (file === "listeners.mjs") return "listeners (same functions both sides)";
  if (file === "receive.js") return "JS layer: receive path (JSON.parse, envelope)";
  if (file === "check.js") return "JS layer: argument checks";
  if (file === "listeners.js") return "JS layer: dispatch";
  if (file === "catalog.js") return /^(c[A-Z]\w*|k\d+|isObj|isI|isU|miss|bad|wrong|inside|anyObject)$/.test(name) ? "JS layer: payload checks (generated)" : "JS layer: tracked fields to the engine (TRACK)";
  if (file === "face.js") return "JS layer: face";
  if (file === "bench.js" || file === "frames.mjs" || file === "index.html") {
    return "benchmark harness (feed loop)";
  }
  if (file === "agentdesk.js" || file === "agentdesk_glue.js") return "wasm-bindgen JS glue (boundary crossings)";
  if (file === "" && /^(decode|decodeText)$/.test(name)) return "TextDecoder: wasm → JS strings";
  if (file === "" && /^(encode|encodeInto)$/.test(name)) return "TextEncoder: JS → wasm strings";
  if (file === "" && /^(wasm-to-js|js-to-wasm)/.test(name)) return "V8 wasm ↔ JS call transitions";
  if (file === "wasm") {
    if (/^wasm-function\[/.test(name)) return "wasm (unnamed: run with --pkg-prof for names)";
    if (/serde_wasm_bindgen|js_sys|wasm_bindgen|__wbindgen|externref|convert::to_js|to_js|JsValue/.test(name)) {
      return "wasm: wasm-bindgen runtime (JsValue, closures, js-sys)";
    }
    if (/dlmalloc|__rust_alloc|__rust_dealloc|__rust_realloc|alloc::raw_vec|RawVec|memcpy|memmove|memset|memcmp|drop_in_place|free|malloc/.test(name)) {
      return "wasm: allocator, memcpy, drops";
    }
    if (/Serialize for|::ser::|SerializeStruct|SerializeMap|SerializeSeq|collect_seq|collect_map|serialize_/.test(name) && !/Deserializ/.test(name)) {
      return "wasm: serde Serialize impls (feeding serde-wasm-bindgen)";
    }
    if (/serde_json/.test(name)) return "wasm: serde_json (parse frame, Value)";
    if (/Deserialize|Visitor|de::|deserialize/.test(name)) return "wasm: serde derive (typed catalog decode)";
    if (/agentdesk::web|dispatch|Dispatcher|Registry|listeners/.test(name)) return "wasm: shell + dispatch";
    if (/agentdesk::core/.test(name)) return "wasm: engine";
    return "wasm: other";
  }
  if (file === "") {
    if (/JSON|parse|stringify/i.test(name)) return "V8 builtins: JSON";
    return `V8 builtins / runtime`;
  }
  return "other JS";
}

async function profileRun(page, cdp, which, frames, marks) {
  await page.evaluate(({ which, frames }) => window.bench.run(which, { n: frames }), { which, frames });
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  const r = await page.evaluate(({ which, frames }) => window.bench.run(which, { n: frames }), { which, frames });
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.send("Profiler.disable");
  return { run: checkRun(r), summary: summariseProfile(profile, marks) };
}

// ---- the runs ------------------------------------------------------------------------------------

const result = { options: opt, startedAt: new Date().toISOString() };
let failed = null;
try {
  const { page, env } = await openPage("/pkg/");
  result.env = env;
  const chromeVersion = browser.version();
  result.env.browserVersion = chromeVersion;
  log(`Chromium ${chromeVersion}; crossOriginIsolated=${env.crossOriginIsolated}, timer resolution ${(env.timerResolutionMs * 1000).toFixed(1)} µs, gc exposed=${env.gcExposed}`);

  result.corpus = await page.evaluate(({ fixtures, n }) => window.bench.prepare(fixtures, n), { fixtures, n: opt.frames });
  log(`corpus: ${result.corpus.frames} frames, ${(result.corpus.chars / 1e6).toFixed(1)} M chars, digest ${result.corpus.digest}`);

  // Warm-up: let every path reach its optimised tier before anything is recorded.
  const CLIENTS = ["sdk", "baseline", "validating"];
  const rotate = (r) => CLIENTS.slice(r % 3).concat(CLIENTS.slice(0, r % 3));
  for (let i = 0; i < 2; i++) {
    for (const which of CLIENTS) {
      checkRun(await page.evaluate((w) => window.bench.run(w, { n: 30_000 }), which));
    }
  }

  // Throughput: interleaved, rotating which goes first.
  const runs = { sdk: [], baseline: [], validating: [] };
  for (let r = 0; r < (wanted("throughput") ? opt.runs : 0); r++) {
    const order = rotate(r);
    for (const which of order) {
      const out = checkRun(await page.evaluate((w) => window.bench.run(w), which));
      runs[which].push(out);
      log(`throughput run ${r + 1}/${opt.runs} ${which.padEnd(8)} ${Math.round(out.eventsPerSec).toLocaleString("en")} events/s (${out.ms.toFixed(0)} ms)`);
    }
  }
  if (wanted("throughput")) {
  const eps = (which) => median(runs[which].map((r) => r.eventsPerSec));
  // The best run of each: the least disturbed by neighbours on a shared machine.
  const best = (which) => Math.max(...runs[which].map((r) => r.eventsPerSec));
  const summary = (which) => ({ medianEventsPerSec: eps(which), medianNsPerFrame: 1e9 / eps(which), bestEventsPerSec: best(which), all: runs[which].map((r) => r.eventsPerSec) });
  // Ratios per run pair as well: on a shared machine, neighbouring runs see the same load.
  const pairRatios = (other) => runs.sdk.map((r, i) => r.eventsPerSec / runs[other][i].eventsPerSec);
  result.throughput = {
    runs: opt.runs,
    sdk: summary("sdk"),
    baseline: summary("baseline"),
    validating: summary("validating"),
    ratio: eps("sdk") / eps("baseline"),
    ratioValidating: eps("sdk") / eps("validating"),
    pairRatios: { baseline: pairRatios("baseline"), validating: pairRatios("validating") },
    bestRatio: best("sdk") / best("baseline"),
    bestRatioValidating: best("sdk") / best("validating"),
    medianPairRatio: median(pairRatios("baseline")),
    medianPairRatioValidating: median(pairRatios("validating")),
  };
  log(`throughput median: SDK ${Math.round(eps("sdk")).toLocaleString("en")}/s, baseline ${Math.round(eps("baseline")).toLocaleString("en")}/s, validating ${Math.round(eps("validating")).toLocaleString("en")}/s; ratios ${result.throughput.ratio.toFixed(3)} / ${result.throughput.ratioValidating.toFixed(3)}; best-run ratios ${result.throughput.bestRatio.toFixed(3)} / ${result.throughput.bestRatioValidating.toFixed(3)}`);
  }

  // Per event type: where the cost per frame comes from.
  if (wanted("types")) {
  const topTypes = result.corpus.histogram.slice(0, 7).map(([t]) => t);
  const perType = {};
  for (const which of CLIENTS) {
    perType[which] = await page.evaluate(({ which, topTypes }) => window.bench.runByType(which, topTypes), { which, topTypes });
    for (const r of perType[which]) {
      if (!delivered(r) || r.sdkErrors.length) throw new Error(`${which} ${r.eventType}: ${r.delivered}/${r.frames} delivered; ${r.sdkErrors.join(" | ")}`);
    }
  }
  result.perType = topTypes.map((t) => ({
    eventType: t,
    frames: perType.sdk.find((r) => r.eventType === t)?.frames,
    avgChars: perType.sdk.find((r) => r.eventType === t)?.avgChars,
    sdkNs: perType.sdk.find((r) => r.eventType === t)?.nsPerFrame,
    baselineNs: perType.baseline.find((r) => r.eventType === t)?.nsPerFrame,
    validatingNs: perType.validating.find((r) => r.eventType === t)?.nsPerFrame,
  }));
  for (const r of result.perType) log(`per type ${r.eventType.padEnd(12)} SDK ${r.sdkNs.toFixed(0)} ns, baseline ${r.baselineNs.toFixed(0)} ns, validating ${r.validatingNs.toFixed(0)} ns`);
  }

  // Latency: frame arrival (just before onmessage is called) to the listener's call.
  if (wanted("latency")) {
  const lat = { sdk: [], baseline: [], validating: [] };
  for (let r = 0; r < opt.latencyRuns; r++) {
    for (const which of rotate(r)) {
      const out = checkRun(await page.evaluate((w) => window.bench.run(w, { latency: true }), which));
      lat[which].push(out);
      log(`latency run ${r + 1}/${opt.latencyRuns} ${which.padEnd(8)} p50 ${(out.latencyMs.p50 * 1000).toFixed(1)} µs, p99 ${(out.latencyMs.p99 * 1000).toFixed(1)} µs, max ${out.latencyMs.max.toFixed(3)} ms`);
    }
  }
  const latSummary = (xs) => ({
    runs: xs.length,
    frames: xs[0].frames,
    p50: median(xs.map((x) => x.latencyMs.p50)),
    p90: median(xs.map((x) => x.latencyMs.p90)),
    p99: median(xs.map((x) => x.latencyMs.p99)),
    p999: median(xs.map((x) => x.latencyMs.p999)),
    max: Math.max(...xs.map((x) => x.latencyMs.max)),
    mean: median(xs.map((x) => x.latencyMs.mean)),
    over1ms: xs.reduce((s, x) => s + x.over1ms, 0),
    framesTotal: xs.reduce((s, x) => s + x.frames, 0),
  });
  result.latency = { sdk: latSummary(lat.sdk), baseline: latSummary(lat.baseline), validating: latSummary(lat.validating) };
  }

  // Dispatch designs: the JS layer's dispatcher vs the engine calling listeners with the handle.
  if (opt.dispatchWasm && wanted("dispatch")) {
    result.dispatch = await page.evaluate((url) => window.bench.dispatch(url), `/dispatch/${basename(opt.dispatchWasm)}`);
    for (const n of [1, 3]) log(`dispatch, ${n} listener(s): JS ${result.dispatch[n].js.toFixed(1)} ns, engine with the handle ${result.dispatch[n].engine.toFixed(1)} ns`);
  }

  // Memory: one session through warm-up and `memoryTotal` more events.
  if (wanted("memory")) {
  log(`memory: ${opt.memoryTotal.toLocaleString("en")} events through one session…`);
  result.memory = await page.evaluate((total) => window.bench.memory({ warmup: 100_000, total, every: total / 4 }), opt.memoryTotal);
  if (!delivered(result.memory, result.memory.expected)) {
    throw new Error(`memory run delivered ${result.memory.delivered} of ${result.memory.expected}: ${result.memory.sdkErrors.join(" | ")}`);
  }
  for (const s of result.memory.samples) {
    log(`  ${s.label.padEnd(20)} wasm ${(s.wasmBytes / 1048576).toFixed(2)} MiB, JS heap ${(s.jsHeapUsed / 1048576).toFixed(2)} MiB, externrefs ${s.externrefs}`);
  }
  }
  await page.close();

  // CPU profile of one full run of each, on the build that keeps wasm function names.
  if (wanted("profile")) {
  const profBase = opt.pkgProf ? "/pkg-prof/" : "/pkg/";
  const prof = await openPage(profBase);
  await prof.page.evaluate(({ fixtures, n }) => window.bench.prepare(fixtures, n), { fixtures, n: opt.frames });
  const cdp = await prof.page.context().newCDPSession(prof.page);
  result.profile = { pkg: profBase, namedWasm: !!opt.pkgProf };
  for (const which of ["sdk", "baseline", "validating"]) {
    const p = await profileRun(prof.page, cdp, which, opt.frames, moduleSections(opt.pkgProf ?? opt.pkg));
    result.profile[which] = { eventsPerSec: p.run.eventsPerSec, ...p.summary };
    log(`profile ${which}: ${p.summary.buckets.slice(0, 4).map((b) => `${b.bucket} ${(b.share * 100).toFixed(0)}%`).join(", ")}`);
  }
  await prof.page.close();
  }

  // import → init() resolved, in fresh pages: a new browser context each time (no cache), the
  // package fetched from the server, compiled, instantiated and bound.
  result.init = {};
  const initBuilds = wanted("init")
    ? [["after", "/pkg/"], ...(opt.pkgBefore ? [["before", "/pkg-before/"]] : []), ...(opt.dispatchWasm ? [["floor", "floor"]] : [])]
    : [];
  // Interleaved, page by page, so that the machine's load hits every build alike.
  const initRuns = Object.fromEntries(initBuilds.map(([label]) => [label, { times: [], imports: [] }]));
  for (let i = 0; i < opt.initPages; i++) {
    for (const [label, base] of initBuilds) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/bench/browser/init.html?pkg=${base}`);
      await page.waitForFunction(() => window.initMs !== undefined, null, { timeout: 30_000 });
      const { ms, importMs, ok } = await page.evaluate(() => ({ ms: window.initMs, importMs: window.importMs, ok: window.initOk }));
      if (!ok) throw new Error(`${base}: init() resolved but the face is not usable`);
      initRuns[label].times.push(ms);
      initRuns[label].imports.push(importMs);
      await context.close();
    }
  }
  for (const [label] of initBuilds) {
    const { times, imports } = initRuns[label];
    result.init[label] = { pages: times.length, medianMs: median(times), all: times, importMedianMs: median(imports), imports };
    log(`import → init() (${label}): median ${median(times).toFixed(1)} ms over ${times.length} fresh pages (the import alone ${median(imports).toFixed(1)} ms)`);
  }
  result.pageErrors = pageErrors.slice(0, 20);
} catch (e) {
  failed = e;
  result.error = String(e.stack ?? e);
} finally {
  await browser.close().catch(() => {});
  await new Promise((ok) => server.close(ok));
}

mkdirSync(dirname(opt.out), { recursive: true });
writeFileSync(opt.out, JSON.stringify(result, null, 1));
if (failed) {
  console.error("[bench:browser] FAILED:", failed.stack ?? failed);
  if (pageErrors.length) console.error(pageErrors.slice(0, 10).join("\n"));
  process.exit(1);
}
log(`wrote ${opt.out}`);
