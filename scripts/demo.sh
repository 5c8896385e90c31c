#!/usr/bin/env bash
# Builds the SDK into pkg/ and starts the gateway serving the demo console on 127.0.0.1:8080
# (override with AGENTDESK_LISTEN=127.0.0.1:PORT). Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-sdk.sh
listen=${AGENTDESK_LISTEN:-127.0.0.1:8080}
echo
echo "agentdesk demo: open http://$listen/ and log in as t1 / 0001 / demo (supervisor: 9001 / demo)"
echo
exec cargo run --profile gateway -p agentdesk-gateway -- --listen "$listen" --www www --pkg pkg "$@"
