// Records the "before" of issue 11 in bench/before-issue-11.json, from a benchmark run of the
// commit before it (ac56263: bash scripts/bench.sh there, then its pkg/, target/bench/pkg-prof
// and target/bench/*.json copied to target/bench-before/; bench/README.md). The report
// (bench/report.mjs) reads the JSON, so the before/after tables survive without that build;
// scripts/bench.sh still measures import → init() of target/bench-before/pkg live when it exists.
//
//   node bench/before.mjs [--from target/bench-before] [--out bench/before-issue-11.json]

import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { report as wasmReport } from "./lib/wasm-size.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const from = resolve(arg("from", join(root, "target/bench-before")));
const out = resolve(arg("out", join(root, "bench/before-issue-11.json")));
const gz = (f) => Number(execFileSync("sh", ["-c", `gzip -9 -n -c "${f}" | wc -c`], { encoding: "utf8" }).trim());

const wasm = join(from, "pkg/agentdesk_bg.wasm");
const js = join(from, "pkg/agentdesk.js");
const prof = join(from, "pkg-prof/agentdesk_bg.wasm");
const browser = JSON.parse(readFileSync(join(from, "browser.json"), "utf8"));
const native = existsSync(join(from, "native.json")) ? JSON.parse(readFileSync(join(from, "native.json"), "utf8")) : null;
const analysis = wasmReport(wasm, existsSync(prof) ? prof : undefined);
const before = {
  commit: "ac56263",
  measuredAt: browser.startedAt,
  loadAverage: existsSync(join(from, "loadavg-start.txt")) ? readFileSync(join(from, "loadavg-start.txt"), "utf8").trim() : null,
  size: { wasmRaw: readFileSync(wasm).length, wasmGz: gz(wasm), jsRaw: readFileSync(js).length, jsGz: gz(js) },
  sections: analysis.sections,
  largestFunctions: (analysis.attribution?.topFunctions ?? []).slice(0, 10),
  throughput: {
    sdkEventsPerSec: browser.throughput.sdk.medianEventsPerSec,
    baselineEventsPerSec: browser.throughput.baseline.medianEventsPerSec,
    ratio: browser.throughput.ratio,
  },
  latencyMs: { p50: browser.latency.sdk.p50, p99: browser.latency.sdk.p99, max: browser.latency.sdk.max },
  nativeHandleFrameNs: native?.nsPerFrame?.engine?.median ?? null,
};
writeFileSync(out, JSON.stringify(before, null, 1) + "\n");
console.log(`[bench:before] wrote ${out}`);
