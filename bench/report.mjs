// Writes docs/BENCHMARKS.md from the results scripts/bench.sh leaves in target/bench/:
// browser.json (bench/browser/run.mjs), native.json (bench/native), frames.summary.json
// (bench/gen-frames.mjs), plus sizes measured here (gzip -9 of pkg/, section and crate breakdown
// by bench/lib/wasm-size.mjs) and the machine it ran on.
//
//   node bench/report.mjs [--results DIR] [--out FILE]

import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";
import { report as wasmReport } from "./lib/wasm-size.mjs";
import { MIX, TAIL_WEIGHT, EXCLUDED, SEED } from "./lib/frames.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const results = resolve(arg("results", join(root, "target/bench")));
const outFile = resolve(arg("out", join(root, "docs/BENCHMARKS.md")));

// ---- targets of issue 7 -------------------------------------------------------------------------
const KB = 1024;
const TARGET = { ratio: 1.0, p99Ms: 1.0, gzBytes: 60 * KB, heapGrowthBytes: 1 * 1024 * 1024 };
const REFERENCE = [["Twilio Voice SDK (published bundle)", 65.8], ["phoenix.js (published bundle)", 8.5]];

// ---- inputs -------------------------------------------------------------------------------------
const load = (f) => (existsSync(join(results, f)) ? JSON.parse(readFileSync(join(results, f), "utf8")) : null);
const browser = load("browser.json");
const native = load("native.json");
const corpus = load("frames.summary.json");
const text = (f) => (existsSync(join(results, f)) ? readFileSync(join(results, f), "utf8").trim() : "");

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
};
const gz = (file) => Number(sh("sh", ["-c", `gzip -9 -n -c "${file}" | wc -c`]));

// ---- formatting ---------------------------------------------------------------------------------
const int = (x) => Math.round(x).toLocaleString("en");
const f1 = (x) => x.toFixed(1);
const kb = (b) => (b / KB).toFixed(1);
const us = (ms) => (ms * 1000).toFixed(1);
const pct = (x) => `${(x * 100).toFixed(0)} %`;
const mib = (b) => (b / 1048576).toFixed(2);
const ok = (met) => (met ? "✅ met" : "❌ missed");
const tableL = (head, align, rows) =>
  [`| ${head.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

// ---- machine ------------------------------------------------------------------------------------
const cpuModel = os.cpus()[0]?.model ?? "unknown";
const memTotal = os.totalmem();
const chromium = sh("chromium", ["--version"]).split("\n")[0] || browser?.env?.browserVersion || "unknown";
const gitRev = sh("git", ["-C", root, "rev-parse", "--short", "HEAD"]);
const gitDirty = sh("git", ["-C", root, "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"]) ? " + uncommitted changes in src/" : "";
const machine = [
  ["date (UTC)", text("started.txt") || new Date().toISOString()],
  ["commit", `${gitRev || "?"}${gitDirty}`],
  ["CPU", `${cpuModel} × ${sh("nproc", []) || os.cpus().length} (nproc)`],
  ["memory", `${(memTotal / 1024 ** 3).toFixed(1)} GiB`],
  ["load average at start (1/5/15 min)", text("loadavg-start.txt").split(" ").slice(0, 3).join(" / ") || "?"],
  ["OS", `${os.type()} ${os.release()} (${sh("sh", ["-c", ". /etc/os-release && echo $PRETTY_NAME"]) || "?"})`],
  ["browser", `${chromium} (headless, playwright-core ${sh("node", ["-p", `require("${root}/tools/node_modules/playwright-core/package.json").version`])})`],
  ["node", process.version],
  ["rustc", sh("rustc", ["--version"])],
  ["wasm-opt", sh(join(root, "tools/node_modules/.bin/wasm-opt"), ["--version"]) || sh("wasm-opt", ["--version"]) || "?"],
];

// ---- size ---------------------------------------------------------------------------------------
const pkg = join(root, "pkg");
const wasmFile = join(pkg, "agentdesk_bg.wasm");
const glueFile = join(pkg, "agentdesk.js");
const profWasm = join(results, "pkg-prof/agentdesk_bg.wasm");
const size = existsSync(wasmFile)
  ? {
      wasmRaw: readFileSync(wasmFile).length,
      wasmGz: gz(wasmFile),
      glueRaw: readFileSync(glueFile).length,
      glueGz: gz(glueFile),
      analysis: wasmReport(wasmFile, existsSync(profWasm) ? profWasm : undefined),
    }
  : null;
if (size) size.totalGz = size.wasmGz + size.glueGz;
const budgetBytes = (() => {
  const f = join(root, "bench/size-budget.txt");
  if (!existsSync(f)) return null;
  const line = readFileSync(f, "utf8").split("\n").find((l) => /^\s*[0-9]+\s*$/.test(l));
  return line ? Number(line) : null;
})();

// ---- derived numbers ----------------------------------------------------------------------------
const tp = browser?.throughput;
const lat = browser?.latency;
const mem = browser?.memory;
const memAfterWarm = mem?.samples.find((s) => s.label === "after warm-up");
const memLast = mem ? [...mem.samples].reverse().find((s) => s.label.startsWith("+")) : null;
const wasmGrowth = memLast && memAfterWarm ? memLast.wasmBytes - memAfterWarm.wasmBytes : null;
const heapGrowth = memLast && memAfterWarm ? memLast.jsHeapUsed - memAfterWarm.jsHeapUsed : null;
const refGrowth = memLast && memAfterWarm && memLast.externrefs != null ? memLast.externrefs - memAfterWarm.externrefs : null;
const met = {
  ratio: tp ? tp.ratio >= TARGET.ratio : false,
  p99: lat ? lat.sdk.p99 < TARGET.p99Ms : false,
  size: size ? size.totalGz <= TARGET.gzBytes : false,
  memory: memLast ? wasmGrowth === 0 && heapGrowth < TARGET.heapGrowthBytes && (refGrowth ?? 0) === 0 : false,
};
const resMs = browser?.env?.timerResolutionMs ?? 0.1;
const fmtLat = (ms) => (ms < resMs ? `< ${us(resMs)} µs` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${us(ms)} µs`);

const prof = browser?.profile;
const bucketShare = (which, re) => (prof?.[which]?.buckets ?? []).filter((b) => re.test(b.bucket)).reduce((s, b) => s + b.share, 0);
const busyShare = (which) => 1 - bucketShare(which, /^idle/);
// Shares of the SDK's busy time (idle and "(program)" samples excluded).
const sdkBusy = busyShare("sdk") || 1;
const share = (re) => bucketShare("sdk", re) / sdkBusy;
const boundary = share(/TextDecoder|TextEncoder|JS glue|wasm ↔ JS|building JS values|Serialize impls/);
const decodeShare = share(/serde_json|serde derive \(typed|allocator/);
const sdkNs = tp?.sdk.medianNsPerFrame;
const baseNs = tp?.baseline.medianNsPerFrame;
const nat = native?.nsPerFrame;
const natPer = new Map((native?.perType ?? []).map((r) => [r.eventType, r]));
const qsNative = natPer.get("queueStatus");
const qsNativeShare = qsNative && nat ? (qsNative.frames * qsNative.nsPerFrame) / (native.frames * nat.engine.median) : null;
const fnShare = (re) => (prof?.sdk?.all ?? prof?.sdk?.top ?? []).filter((r) => re.test(r.name)).reduce((s, r) => s + r.share, 0) / sdkBusy;
const topCrates = size?.analysis.attribution?.byCrate ?? [];
const crateBytes = (name) => topCrates.find((c) => c.crate === name)?.bytes ?? 0;
const codeBytes = size?.analysis.attribution?.codeBytes ?? size?.analysis.codeBytes ?? 0;
// The derived decoders of the 40 payload structs, inlined into one function (core/src/events/decode.rs).
const payloadDecoderBytes = (size?.analysis.attribution?.topFunctions ?? [])
  .filter((f) => /decode_payload|OneTag/.test(f.name))
  .reduce((t, f) => t + f.bytes, 0);

// ---- the document -------------------------------------------------------------------------------
const md = [];
const p = (...lines) => md.push(...lines, "");

p("# Benchmarks",
  `Generated by \`bash scripts/bench.sh\` (issue 7); do not edit by hand, rerun the command. Raw results: \`target/bench/*.json\`.`);

p("## Machine", tableL(["", "value"], ["l", "l"], machine.map(([k, v]) => [k, v])));
p(`The machine is shared: other builds may have run during the benchmark (see the load average). Every figure is a median of several interleaved runs; treat differences under ~10 % as noise.`);

p("## Targets (issue 7)");
p(tableL(["target", "goal", "measured", "verdict"], ["l", "l", "l", "l"], [
  ["throughput vs pure-JS baseline", "≥ 1.0×", tp ? `**${tp.ratio.toFixed(2)}×** (SDK ${int(tp.sdk.medianEventsPerSec)} events/s, baseline ${int(tp.baseline.medianEventsPerSec)} events/s)` : "n/a", ok(met.ratio)],
  ["latency p99, frame arrival → listener", "< 1 ms", lat ? `**${fmtLat(lat.sdk.p99)}** (p50 ${fmtLat(lat.sdk.p50)}, max ${fmtLat(lat.sdk.max)})` : "n/a", ok(met.p99)],
  ["wasm + JS glue, gzip -9", "≤ 60 KB", size ? `**${kb(size.totalGz)} KB**` : "n/a", ok(met.size)],
  [`memory over ${mem ? int(mem.total) : "1,000,000"} events`, "flat", memLast ? `wasm ${wasmGrowth >= 0 ? "+" : ""}${int(wasmGrowth / 1024)} KiB, JS heap ${heapGrowth >= 0 ? "+" : ""}${int(heapGrowth / 1024)} KiB after warm-up` : "n/a", ok(met.memory)],
]));
p(`KB = 1024 bytes. "Flat" means: after warm-up, the wasm memory does not grow, the wasm-bindgen externref table does not grow, and the JS heap (after a forced GC) grows by less than 1 MiB.`);

// -- throughput
if (tp) {
  p("## Throughput and latency (headless Chromium)");
  p(`${int(browser.corpus.frames)} recorded frames (${f1(browser.corpus.chars / 1e6)} M characters, corpus digest \`${browser.corpus.digest}\`), fed (a) through the SDK's real receive path — the \`onmessage\` handler the SDK installed on its WebSocket (a fake socket class put in place of \`globalThis.WebSocket\`, which answers \`auth\` and \`login\` with v1 replies) → \`Engine::handle_frame\` → outputs → Dispatcher → listeners — and (b) a pure-JS baseline in the same page: \`JSON.parse\`, the same \`eventId\` duplicate check and a Map-based emitter calling the **same listener functions**. Both get the same \`{ data }\` MessageEvent-like objects. ${tp.runs} interleaved runs of each after warm-up; medians.`);
  p(tableL(["client", "events/s (median)", "ns per frame", "runs (events/s)"], ["l", "r", "r", "l"], [
    ["SDK (wasm)", int(tp.sdk.medianEventsPerSec), int(tp.sdk.medianNsPerFrame), tp.sdk.all.map(int).join(", ")],
    ["pure-JS baseline", int(tp.baseline.medianEventsPerSec), int(tp.baseline.medianNsPerFrame), tp.baseline.all.map(int).join(", ")],
    ["**ratio SDK / baseline**", `**${tp.ratio.toFixed(3)}×**`, "", ""],
  ]));
  p(`Latency is measured per frame from just before the socket's \`onmessage\` is called to the listener's call (\`performance.now()\`, ${us(resMs)} µs resolution: the page is cross-origin isolated; ${int(lat.sdk.framesTotal)} frames per client over ${lat.sdk.runs} runs, medians of the per-run percentiles, max over all).`);
  p(tableL(["client", "p50", "p90", "p99", "p99.9", "max", "mean", "frames ≥ 1 ms"], ["l", "r", "r", "r", "r", "r", "r", "r"],
    [["SDK", lat.sdk], ["baseline", lat.baseline]].map(([n, l]) => [n, fmtLat(l.p50), fmtLat(l.p90), fmtLat(l.p99), fmtLat(l.p999), fmtLat(l.max), `${us(l.mean)} µs`, String(l.over1ms)])));
  if (lat.sdk.over1ms || lat.baseline.over1ms) {
    p(`Frames at or over 1 ms — SDK ${lat.sdk.over1ms} of ${int(lat.sdk.framesTotal)} (${(lat.sdk.over1ms / lat.sdk.framesTotal * 100).toFixed(3)} %), baseline ${lat.baseline.over1ms} (max ${fmtLat(lat.baseline.max)}) — are stalls inside a single handler call (no timer or other task can run inside the synchronous feed loop). They are not attributed here: on this shared ${os.cpus().length}-core machine both preemption by other processes and garbage-collection pauses fit, and they hit the baseline too when they land in its runs. They do not move p99.`);
  }
  if (browser.perType) {
    p("Per event type (each type's frames alone, renumbered; browser) beside the native engine (`handle_frame` + drain, below):");
    p(tableL(["event type", "share of mix", "avg frame", "SDK ns/frame", "baseline ns/frame", "SDK / baseline cost", "native engine ns/frame"], ["l", "r", "r", "r", "r", "r", "r"],
      browser.perType.map((r) => {
        const h = browser.corpus.histogram.find(([t]) => t === r.eventType);
        const n = natPer.get(r.eventType);
        return [r.eventType, h ? pct(h[1] / browser.corpus.frames) : "", `${int(r.avgChars)} ch`, int(r.sdkNs), int(r.baselineNs), `${(r.sdkNs / r.baselineNs).toFixed(1)}×`, n ? int(n.nsPerFrame) : ""];
      })));
  }
}

// -- size
if (size) {
  p("## Size");
  p(tableL(["file", "raw", "gzip -9"], ["l", "r", "r"], [
    ["`pkg/agentdesk_bg.wasm`", `${kb(size.wasmRaw)} KB`, `${kb(size.wasmGz)} KB`],
    ["`pkg/agentdesk.js` (glue)", `${kb(size.glueRaw)} KB`, `${kb(size.glueGz)} KB`],
    ["**wasm + glue**", `**${kb(size.wasmRaw + size.glueRaw)} KB**`, `**${kb(size.totalGz)} KB**`],
    ...REFERENCE.map(([n, k]) => [`${n} (reference)`, "", `${k} KB`]),
  ]));
  if (budgetBytes) {
    p(`Size budget (\`bench/size-budget.txt\`, checked by \`scripts/size-budget.sh\`): **${kb(size.totalGz)} KB gz of ${kb(budgetBytes)} KB allowed**. It was set to the measured size + 10 %; once the SDK is at or under 60 KB the budget must not be above 60 KB (\`bash scripts/size-budget.sh --update\` only ever lowers it).`);
  }
  const a = size.analysis;
  p("Sections of the release wasm:");
  p(tableL(["section", "bytes", "share"], ["l", "r", "r"], a.sections.filter((s) => s.size > 200).map((s) => [s.section, int(s.size), pct(s.size / a.total)])));
  if (a.attribution) {
    p(`Code bytes per crate, from the profiling build (same \`wasm-opt -Oz\` run with \`-g\`, which keeps the function names; its code section is ${int(a.attribution.codeBytes)} bytes vs ${int(a.codeBytes)} in pkg/). LTO inlines across crates, so a function is counted where it was inlined *into*: e.g. the derived decoders of the 40 payload structs live inside \`CatalogEvent::decode_payload\`, the Serialize impls of the SDK-made events inside \`Dispatcher::emit\`.`);
    p(tableL(["crate / bucket", "code bytes", "share of code", "functions"], ["l", "r", "r", "r"],
      a.attribution.byCrate.slice(0, 14).map((c) => [c.crate, int(c.bytes), pct(c.bytes / a.attribution.codeBytes), String(c.functions)])));
    const content = a.attribution.topFunctions; // largest functions
    p("Largest functions:");
    p(tableL(["bytes", "function"], ["r", "l"], content.slice(0, 12).map((f) => [int(f.bytes), `\`${f.name.slice(0, 140).replace(/\|/g, "\\|")}\``])));
  }
}

// -- memory
if (mem) {
  p("## Memory");
  p(`One SDK session kept open (one client, one login) for ${int(mem.warmup)} warm-up events and then ${int(mem.total)} more, ids increasing, frames built from the corpus; each sample after \`gc()\` (Chromium with \`--js-flags=--expose-gc --enable-precise-memory-info\`). The JS heap includes the benchmark's own corpus (constant throughout).`);
  p(tableL(["point", "events fed", "wasm memory", "JS heap used", "externref table"], ["l", "r", "r", "r", "r"],
    mem.samples.map((s) => [s.label, int(s.events), `${mib(s.wasmBytes)} MiB`, `${mib(s.jsHeapUsed)} MiB`, String(s.externrefs ?? "?")])));
  p(`After warm-up → after ${int(mem.total)} more events: wasm memory ${wasmGrowth >= 0 ? "+" : ""}${int(wasmGrowth)} bytes, JS heap ${heapGrowth >= 0 ? "+" : ""}${int(heapGrowth / 1024)} KiB, externref slots ${refGrowth >= 0 ? "+" : ""}${refGrowth}. ${met.memory ? "**Flat.**" : "**Not flat** — see below."}`);
}

// -- CPU
p("## CPU");
if (native) {
  const n = native.nsPerFrame;
  p(`Native (x86_64, ${native.profile}; \`bench/native\`, ${int(native.frames)} frames — the same recorded corpus, written by \`bench/gen-frames.mjs\`${corpus ? `, digest \`${corpus.digest}\`` : ""} — ${native.runs} interleaved runs, medians):`);
  p(tableL(["what", "ns / frame", "min … max"], ["l", "r", "l"], [
    ["`serde_json::from_str::<Value>` of the frame (analogue of `JSON.parse`)", int(n.valueParse.median), `${int(n.valueParse.min)} … ${int(n.valueParse.max)}`],
    ["`V1.decode` (typed: frame → `Incoming::Event`)", int(n.decode.median), `${int(n.decode.min)} … ${int(n.decode.max)}`],
    ["**`Engine::handle_frame` + draining the outputs**", `**${int(n.engine.median)}**`, `${int(n.engine.min)} … ${int(n.engine.max)}`],
    ["the same + each event serialized back to JSON text", int(n.engineToJson.median), `${int(n.engineToJson.min)} … ${int(n.engineToJson.max)}`],
  ]));
  const s = native.snapshot;
  if (s?.available) {
    p(tableL(["stats snapshot (`core::quality::StatsTracker`)", "ns / snapshot"], ["l", "r"], [
      ["`handle_snapshot` (snapshot → `webrtcStats` event)", `**${int(s.handleSnapshot.median)}**`],
      ["the same with the snapshot parsed from JSON and the event serialized to JSON", int(s.jsonInOut.median)],
    ]));
  } else {
    p(`Stats snapshot: **n/a yet** (${s?.reason ?? "no StatsTracker"}).`);
  }
  p("Per stats snapshot in the browser: not measured — the snapshot path starts at `RTCPeerConnection.getStats()`, which needs a live WebRTC leg; the native figure is the engine's share of it.");
}
if (tp) {
  p(`In the browser the SDK costs **${int(sdkNs)} ns per frame** end to end (1 / median throughput; socket handler → listeners), the baseline ${int(baseNs)} ns${nat ? `; the native engine alone ${int(nat.engine.median)} ns` : ""}.`);
}

// -- profile and limits
if (prof?.sdk) {
  p("## Where the SDK's time goes (CPU profile)");
  p(`Chromium's sampling profiler (CDP \`Profiler.start/stop\`, 50 µs interval) over one full SDK run and one baseline run${prof.namedWasm ? ", on the profiling build whose wasm keeps function names" : ""}; self time per bucket, as a share of busy time (idle excluded).`);
  const rows = (which) => prof[which].buckets.filter((b) => !/^idle/.test(b.bucket)).map((b) => [b.bucket, `${f1(b.ms)} ms`, pct(b.share / busyShare(which))]);
  p(tableL(["SDK bucket", "self time", "share"], ["l", "r", "r"], rows("sdk")));
  p("Top functions (SDK run; `decode` is `TextDecoder.decode`, called by the glue for every string that leaves wasm; `(anonymous)` in agentdesk.js is the glue's import wrappers, whose self time is mostly the `JSON.parse` they call):");
  p(tableL(["self", "function", "where"], ["r", "l", "l"], prof.sdk.top.filter((r) => !/^\(idle|^\(program/.test(r.name)).slice(0, 15).map((r) => [pct(r.share / sdkBusy), `\`${r.name.slice(0, 120).replace(/\|/g, "\\|")}\``, r.file || "V8 builtin"])));
  p(tableL(["baseline bucket", "self time", "share"], ["l", "r", "r"], rows("baseline")));
}

p("## What limits the missed targets, and the next levers");
const limits = [];
if (tp && !met.ratio) {
  const passIn = fnShare(/^passStringToWasm0$/);
  const parseOut = fnShare(/^\(anonymous\)$/);
  const decodeOut = share(/^TextDecoder/);
  const valueTree = fnShare(/serde_json::value::de|btree::map/);
  limits.push(`**Throughput (${tp.ratio.toFixed(2)}× the baseline).** The SDK spends ${int(sdkNs)} ns per frame where the baseline spends ${int(baseNs)}. Each event now crosses once per direction as text (the frame into wasm, the payload's JSON text back to one \`JSON.parse\`), and the engine decodes the payload straight into its catalog struct. Measured split of the SDK's busy time: **${pct(boundary)} at the wasm/JS boundary** — the frame's text into wasm (\`passStringToWasm0\`, ${pct(passIn)}), the payload's text out (\`TextDecoder\`, ${pct(decodeOut)}), the glue's wrappers around \`JSON.parse\` and the listener calls (${pct(parseOut)}, most of it the parse itself) — and **${pct(decodeShare)} decoding in wasm** (serde_json into the payload structs, the \`Value\` trees of the untyped parts — queueStatus's snapshots, ringing's chanVariables: ${pct(valueTree)} — and the allocator). Natively the engine's typed decode costs ${nat ? int(nat.decode.median) : "?"} ns/frame against ${nat ? int(nat.valueParse.median) : "?"} ns for an untyped \`serde_json::Value\` parse${qsNative ? `; \`queueStatus\` alone costs ${int(qsNative.nsPerFrame)} ns/frame natively, ${pct(qsNativeShare)} of the engine's time for ${pct(qsNative.frames / native.frames)} of the frames` : ""}. What remains is structural: the SDK parses every frame twice (serde_json in wasm, which validates it and feeds the engine's state, and V8's \`JSON.parse\` for the listeners) and moves its text across the boundary twice; the baseline parses it once, in C++, and never crosses.`);
}
if (lat && !met.p99) {
  limits.push(`**Latency p99 (${fmtLat(lat.sdk.p99)}).** The listener runs only after the whole frame has been decoded and converted; the same per-frame costs as throughput dominate, plus GC pauses (max ${us(lat.sdk.max)} µs).`);
}
if (size && !met.size) {
  const fns = size.analysis.attribution?.topFunctions ?? [];
  const fnBytes = (re) => fns.filter((f) => re.test(f.name)).reduce((t, f) => t + f.bytes, 0);
  limits.push(`**Size (${kb(size.totalGz)} KB gz, ${(size.totalGz / TARGET.gzBytes).toFixed(1)}× the 60 KB target).** The code section is ${pct((size.analysis.codeBytes) / size.analysis.total)} of the wasm. By crate (profiling build): ${topCrates.slice(0, 6).map((c) => `${c.crate} ${int(c.bytes / 1024)} KiB`).join(", ")}. The largest single item is the serde-derived decoders of the 40 payload structs (\`CatalogEvent::decode_payload\`, ${int(payloadDecoderBytes / 1024)} KiB, some 450 bytes of code per field: key matching, duplicate and missing-field checks, one parse call per field); serde's \`Content\` buffering, which used to hold a second copy of each, is ${int((size.analysis.attribution?.serdeContentBytes ?? 0) / 1024)} KiB. Then come the command-parameter decoders (\`Command::parse\`, ${int(fnBytes(/Command::parse/) / 1024)} KiB), the shell's \`Dispatcher::emit\` / \`socket_sink\` bodies (the Serialize impls of the events the SDK makes, the run loop), \`core::fmt\` (${int(crateBytes("core::fmt (formatting)") / 1024)} KiB; float formatting ${int((size.analysis.attribution?.fmtFloatBytes ?? 0) / 1024)} KiB, reached through serde's "invalid type: floating point" messages and \`setup()\`'s range errors) and the data section (${int(size.analysis.dataBytes / 1024)} KiB: field names, error texts, formatting tables).`);
}
if (mem && !met.memory) {
  limits.push(`**Memory.** Growth after warm-up: wasm ${int(wasmGrowth)} bytes, JS heap ${int(heapGrowth / 1024)} KiB, externref slots ${refGrowth}. A growing externref table means JS handles kept alive by the shell; a growing wasm memory means the engine keeps state per event.`);
}
if (!limits.length) limits.push("Every target is met.");
p(...limits.map((l) => `- ${l}`));

if (!met.ratio || !met.size || !met.p99) {
  p("Taken so far (issue 7): each event crosses to JavaScript once, as JSON text parsed by one `JSON.parse` — the gateway's payload text verbatim for relayed events, `serde_json` text for the SDK's own (`src/web/dispatch.rs`, `convert.rs`); the engine decodes a frame without serde's `Content` buffering — one pass over the gateway's frame layout, the payload parsed straight into the struct its `eventType` names, structs read from JSON objects only (`core/src/protocol/v1/decode.rs`, `core/src/events/decode.rs`); the shell reads `performance` once, not per frame (`src/web/clock.rs`). The next levers, in order of expected gain for the cost:");
  const levers = [
    `**Hand listeners the frame the socket already holds.** The payload's text leaves wasm only to be decoded back into a JS string (${pct(share(/^TextDecoder/))} of the busy time, plus the copy). The socket's \`MessageEvent.data\` is that text: if the shell kept it for the pump (\`src/web/socket.rs\`, \`client.rs\`), the dispatcher could give a relayed event \`JSON.parse(data).payload\` and nothing would cross back. Small change; the engine still validates every frame first.`,
    `**Parse in JS, validate in wasm only what the engine needs.** Reaching ≥ 1.0× needs one parse per frame: the shell \`JSON.parse\`s the frame, gives the engine the envelope (\`type\`, \`eventId\`, \`eventType\`) and the fields it tracks (agent status, session and softphone ends, the flows' call ids), and passes the parsed object to the listeners untouched; the engine keeps ordering, dedup, gaps and state. Larger change: the catalog's full typed validation would move to debug builds, the gateway or a table-driven checker.`,
    `**Size: a table-driven payload checker instead of 40 derived decoders.** The payload structs cost ${int(payloadDecoderBytes / 1024)} KiB of code for checks a table of (field, JSON type) per event could do in a few KiB; typed structs would remain only for the events the engine reads. The same for \`Command::parse\`. This, not compiler flags, is what can approach 60 KB.`,
    `**Compiler settings.** \`opt-level = "s"\` or \`3\` buy speed for size (the serde_json parser and the derived visitors benefit from inlining); \`wasm-opt\` variants (\`--converge\`, \`--gufa\`, \`-Os\`) move the gzip size by under 1 KB. Keep "z" while size is the target furthest away.`,
    `**Small per-frame costs.** The listener registry's snapshot allocates a Vec per event (\`core/src/listeners.rs\`: snapshot into a reused buffer); the typed event is moved through three queues only to be dropped by the shell.`,
  ];
  p(...levers.map((l, i) => `${i + 1}. ${l}`));
}

// -- method
function mixText() {
  const h = browser?.corpus.histogram ?? corpus?.histogram ?? [];
  const n = h.reduce((s, [, c]) => s + c, 0) || 1;
  const head = h.slice(0, 7);
  const tail = h.slice(7);
  const f = (c) => `${((c / n) * 100).toFixed(1)} %`;
  return [...head.map(([t, c]) => `${t} ${f(c)}`), `the other ${tail.length} types ${f(tail.reduce((s, [, c]) => s + c, 0))}`].join(", ");
}

p("## Method");
const mixRows = Object.entries(MIX).map(([t, w]) => `${t} ${w}`).join(", ");
p(`- **Corpus**: \`bench/lib/frames.mjs\`, seeded PRNG (mulberry32, seed 0x${SEED.toString(16)}), payloads from \`tests/fixtures/events/*.json\` with varied values (cumulative WebRTC totals, transcripts with partial sentences, 2–4 queues with 0–6 agents and 0–5 callers, the agent's status cycling through idle/busy/ringing/talking/wrapup, …), as full v1 frames \`{"type":"event","eventId":N,"payload":{…}}\` with ids 1, 2, 3, …. Weights: ${mixRows}, and ${TAIL_WEIGHT} shared by every other catalog event except ${EXCLUDED.join(", ")}. Mix of the recorded corpus: ${mixText()}.`,
  `- **Browser**: \`bench/browser/run.mjs\` starts a node http server on 127.0.0.1 (port 0) serving the page, pkg/ and the fixtures with COOP/COEP headers, launches \`/usr/bin/chromium\` headless through playwright-core with the flags of tests/e2e/demo_login.mjs plus \`--js-flags=--expose-gc --enable-precise-memory-info\`, and stops both at the end (watchdog: 20 min). The page (\`bench/browser/bench.js\`) replaces \`globalThis.WebSocket\` before any client exists; each throughput run uses a fresh \`AgentClient\` logged in over the fake socket and destroyed afterwards. Frames are fed in chunks of 5,000 with a macrotask yield in between; only the synchronous feeding is timed.`,
  `- **Every run is checked**: each frame must reach exactly one listener call (the SDK's own heartbeat may add one SDK-made \`ping\` event per \`ping\` frame it sent during the run; the fake socket answers those with \`pong\`) and no \`sdkError\` may occur, or the benchmark fails.`,
  `- **Native**: \`bench/native\` is a standalone crate (not a workspace member) depending on \`agentdesk = { path = "../.." }\`, built in \`target/bench-native\`; it logs an engine in against a scripted gateway, then times \`handle_frame\` + draining with \`std::time::Instant\`.`,
  `- **Profile build**: \`target/bench/pkg-prof\` is the same \`target/wasm32-unknown-unknown/release/agentdesk.wasm\` through \`wasm-bindgen --target web\` and \`wasm-opt -Oz -g\` with pkg's flags, so the profile and the per-crate size table can name wasm functions.`);

// The gateway's section (scripts/bench-gateway.sh, bench/gateway-report.mjs) is its own: kept.
const gatewayBlock = /<!-- gateway:begin -->[\s\S]*?<!-- gateway:end -->/;
const kept = existsSync(outFile) ? (readFileSync(outFile, "utf8").match(gatewayBlock)?.[0] ?? "") : "";
if (kept) md.push("", kept);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, md.join("\n").replace(/\n{3,}/g, "\n\n"));
console.log(`[bench:report] wrote ${outFile}`);
for (const [k, v] of Object.entries(met)) console.log(`[bench:report] target ${k}: ${v ? "met" : "missed"}`);
