#!/usr/bin/env bash
# The background-tab soak (issue 15.1; a measurement, not part of the test run): builds the SDK and
# the gateway, then runs scripts/soak/background.mjs for MINUTES (default 10) and writes
# target/soak-background/report.md (docs/protocol.md §6 quotes it).
#
#   bash scripts/soak-background.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -d tools/node_modules/playwright-core ] || (cd tools && npm ci --no-audit --no-fund --loglevel=error)
bash scripts/build-sdk.sh >/dev/null
cargo build -p agentdesk-gateway --quiet
node scripts/soak/background.mjs --minutes "${1:-10}" --out target/soak-background
