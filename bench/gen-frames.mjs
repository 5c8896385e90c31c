// Records the benchmark corpus for the native bench: one v1 event frame per line, generated from
// tests/fixtures/events/*.json by bench/lib/frames.mjs (the same generator the browser page runs,
// so both see byte-identical frames; the digest printed here equals the page's).
//
//   node bench/gen-frames.mjs OUT.jsonl [N]

import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join, basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateFrames, digest, histogram } from "./lib/frames.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
const n = Number(process.argv[3] ?? 200_000);
if (!out || !(n > 0)) {
  console.error("usage: node bench/gen-frames.mjs OUT.jsonl [N]");
  process.exit(2);
}
const dir = join(root, "tests/fixtures/events");
const fixtures = {};
for (const f of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  fixtures[basename(f, ".json")] = JSON.parse(readFileSync(join(dir, f), "utf8"));
}
const { frames, types } = generateFrames(fixtures, n);
mkdirSync(dirname(resolve(out)), { recursive: true });
writeFileSync(out, frames.join("\n") + "\n");
const bytes = frames.reduce((s, f) => s + Buffer.byteLength(f), 0);
const summary = { frames: n, bytes, digest: digest(frames), fixtures: Object.keys(fixtures).length, histogram: histogram(types) };
writeFileSync(out.replace(/\.jsonl$/, "") + ".summary.json", JSON.stringify(summary, null, 1));
console.log(`[bench:frames] ${n} frames, ${(bytes / 1e6).toFixed(1)} MB, digest ${summary.digest} → ${out}`);
