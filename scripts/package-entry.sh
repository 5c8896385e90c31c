#!/usr/bin/env bash
# Turns wasm-bindgen's output in DIR (default pkg/) into the package: its glue becomes
# agentdesk_glue.js, and agentdesk.js becomes the entry module of js/agentdesk.js (the face's
# classes, `init`), with the typings js/face.d.ts + js/catalog.d.ts as agentdesk.d.ts.
# Run by scripts/build-sdk.sh after wasm-pack, and by scripts/bench.sh for its profiling build.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-pkg}

[ -f "$dir/agentdesk.js" ] || { echo "package-entry: $dir/agentdesk.js missing (build first)"; exit 1; }
face=$(cd "$dir" && ls snippets/*/js/face.js 2>/dev/null | head -1)
[ -n "$face" ] || { echo "package-entry: no snippets/*/js/face.js in $dir"; exit 1; }

mv "$dir/agentdesk.js" "$dir/agentdesk_glue.js"
[ -f "$dir/agentdesk.d.ts" ] && mv "$dir/agentdesk.d.ts" "$dir/agentdesk_glue.d.ts"
sed "s|@FACE@|$face|" js/agentdesk.js >"$dir/agentdesk.js"
cat js/face.d.ts js/catalog.d.ts >"$dir/agentdesk.d.ts"

# wasm-pack's package.json lists the files it wrote; the package now has a few more.
if [ -f "$dir/package.json" ]; then
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    const p = JSON.parse(fs.readFileSync(file, "utf8"));
    p.files = [...new Set([...(p.files ?? []), "agentdesk_glue.js", "agentdesk_glue.d.ts", "snippets"])];
    fs.writeFileSync(file, JSON.stringify(p, null, 2) + "\n");
  ' "$dir/package.json"
fi
