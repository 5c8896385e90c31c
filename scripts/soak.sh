#!/usr/bin/env bash
# The soak (issue 10; a benchmark, not part of the test run): the demo console in Chromium on a
# gateway with random callers and bots for MINUTES (default 60), a fault every 30 s alternating
# the fault API and a killed-and-restarted gateway process; page and gateway memory, events lost
# and duplicated. Writes target/soak/report.md (docs/RELIABILITY.md quotes it).
#
#   bash scripts/soak.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

[ -x tools/node_modules/.bin/tsc ] || (cd tools && npm ci --no-audit --no-fund --loglevel=error)
# The SDK as users get it (release), and the gateway as it is deployed (its speed profile).
# Built into target/soak/pkg: a test run in the same tree may rebuild pkg/ meanwhile.
mkdir -p target/soak
bash scripts/build-sdk.sh --out target/soak/pkg >/dev/null
cargo build --profile gateway -p agentdesk-gateway --quiet
node scripts/soak/soak.mjs --gateway target/gateway/agentdesk-gateway --minutes "$minutes" --out target/soak --pkg target/soak/pkg
