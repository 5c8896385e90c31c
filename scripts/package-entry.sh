#!/usr/bin/env bash
# Turns wasm-bindgen's output in DIR (default pkg/) into the package: one JavaScript module,
# agentdesk.js (the JS layer and the glue joined by scripts/package.mjs, with the exports of
# js/agentdesk.js), the wasm, and the typings js/face.d.ts + js/catalog.d.ts as agentdesk.d.ts.
# Run by scripts/build-sdk.sh after wasm-pack, and by scripts/bench.sh for its profiling build.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-pkg}

[ -f "$dir/agentdesk.js" ] && [ -d "$dir/snippets" ] || { echo "package-entry: $dir is not fresh wasm-bindgen output (build first)"; exit 1; }
node scripts/package.mjs "$dir"
cat js/face.d.ts js/catalog.d.ts >"$dir/agentdesk.d.ts"

# wasm-pack's package.json lists the files it wrote; the snippets are inside agentdesk.js now.
if [ -f "$dir/package.json" ]; then
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    const p = JSON.parse(fs.readFileSync(file, "utf8"));
    p.files = (p.files ?? []).filter((f) => f !== "snippets");
    delete p.sideEffects;
    fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
  ' "$dir/package.json"
fi
