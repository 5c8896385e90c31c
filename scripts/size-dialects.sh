#!/usr/bin/env bash
# The size of the SDK built with the `dialects` feature (issue 14: the seed systems' protocols),
# beside the default package built in the same run: each file gzip -9 on its own, as
# scripts/size-budget.sh measures the default package. Prints a table and writes
# target/bench/dialects-size.json for bench/report.mjs (docs/BENCHMARKS.md, "The dialects build").
# The default package's budget does not apply: the feature is opt-in (docs/dialects.md §9).
#   bash scripts/size-dialects.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=target/size
mkdir -p "$out" target/bench
bash scripts/build-sdk.sh --out "$out/default" >/dev/null
bash scripts/build-sdk.sh --out "$out/dialects" --features dialects >/dev/null

gz() { gzip -9 -n -c "$1" | wc -c | tr -d ' '; }
raw() { wc -c <"$1" | tr -d ' '; }
row() {
  local dir=$1
  printf '{"wasmRaw":%s,"wasmGz":%s,"jsRaw":%s,"jsGz":%s}' \
    "$(raw "$dir/agentdesk_bg.wasm")" "$(gz "$dir/agentdesk_bg.wasm")" "$(raw "$dir/agentdesk.js")" "$(gz "$dir/agentdesk.js")"
}
json=$(printf '{"commit":"%s","default":%s,"dialects":%s}' "$(git rev-parse --short HEAD)" "$(row "$out/default")" "$(row "$out/dialects")")
echo "$json" >target/bench/dialects-size.json
node -e '
  const r = JSON.parse(process.argv[1]);
  const kb = (b) => (b / 1024).toFixed(1);
  for (const k of ["default", "dialects"]) {
    const s = r[k];
    console.log(`${k.padEnd(9)} wasm ${kb(s.wasmRaw)} KB (gzip -9 ${kb(s.wasmGz)} KB, ${s.wasmGz} bytes) + JS ${kb(s.jsRaw)} KB (gzip -9 ${kb(s.jsGz)} KB) = ${kb(s.wasmGz + s.jsGz)} KB gz`);
  }
  const d = r.dialects, b = r.default;
  console.log(`the dialects feature adds ${kb(d.wasmGz - b.wasmGz)} KB gz of wasm and ${kb(d.jsGz - b.jsGz)} KB gz of JS`);
' "$json"
