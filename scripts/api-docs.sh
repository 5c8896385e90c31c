#!/usr/bin/env bash
# The API reference, docs/api/: TypeDoc (pinned in tools/package.json) over the typings as the npm
# package ships them (dist/agentdesk/agentdesk.d.ts, made by scripts/pack.mjs from pkg/), so the
# reference documents exactly what a user installs.
#   bash scripts/api-docs.sh          regenerate docs/api/
#   bash scripts/api-docs.sh --check  fail (cargo-style "test result:" line) when docs/api/ is stale
# Needs a release build in pkg/ (bash scripts/build-sdk.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
node scripts/pack.mjs >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/tsconfig.json" <<JSON
{ "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "bundler", "strict": true,
  "lib": ["ES2022", "DOM"], "types": [] }, "files": ["$root/dist/agentdesk/agentdesk.d.ts"] }
JSON
tools/node_modules/.bin/typedoc --entryPoints dist/agentdesk/agentdesk.d.ts --tsconfig "$tmp/tsconfig.json" \
  --out "$tmp/api" --readme none --disableSources --hideGenerator --name agentdesk --logLevel Warn
if [ "${1:-}" = "--check" ]; then
  if diff -r -q docs/api "$tmp/api" >"$tmp/diff" 2>&1; then
    echo "api docs: docs/api/ matches the packed typings"
    echo "test result: ok. 1 passed; 0 failed"
  else
    head -20 "$tmp/diff"
    echo "api docs: docs/api/ is stale; regenerate with: bash scripts/api-docs.sh"
    echo "test result: FAILED. 0 passed; 1 failed"
    exit 1
  fi
else
  rm -rf docs/api
  cp -r "$tmp/api" docs/api
  echo "api docs: docs/api/ written ($(find docs/api -type f | wc -l) files)"
fi
