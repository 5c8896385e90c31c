#!/usr/bin/env bash
# Builds the SDK into pkg/ and starts the gateway serving the demo console on 127.0.0.1:8080
# (override with AGENTDESK_LISTEN=127.0.0.1:PORT). Stop with Ctrl-C.
#
# The gateway's build needs nothing from the demo's set-up, so it starts first and runs beside
# the set-up and the SDK's build: crate downloads, the C build of aws-lc-sys and the single-threaded
# tails (LTO, linking, wasm-opt) of the others overlap. It takes cargo's lock on target/debug and the
# SDK's build takes target/release + target/wasm32-unknown-unknown, so neither waits for the other.
# The dev profile, not `gateway`: a demo serves a handful of agents, and a cold dev build of the
# gateway cost 261 CPU-seconds against 589 for the `gateway` profile (opt-level 3), measured
# 2026-12-07 (README); it is also the build the test command makes, so one warms the other.
# Deployments and benchmarks build `--profile gateway` (docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p target
gateway_log=target/demo-gateway-build.log
echo "[demo] building the gateway in the background (log: $gateway_log)"
cargo build -p agentdesk-gateway >"$gateway_log" 2>&1 &
gateway_build=$!
trap 'kill "$gateway_build" 2>/dev/null || true' EXIT
bash scripts/setup.sh demo
bash scripts/build-sdk.sh
if ! wait "$gateway_build"; then
  echo "[demo] the gateway's build failed:"
  tail -30 "$gateway_log"
  exit 1
fi
trap - EXIT
echo "[demo] gateway built"
listen=${AGENTDESK_LISTEN:-127.0.0.1:8080}
echo
echo "agentdesk demo: open http://$listen/ and log in as t1 / 0001 / demo (supervisor: 9001 / demo)"
echo
exec cargo run -q -p agentdesk-gateway -- --listen "$listen" --www www --pkg pkg "$@"
