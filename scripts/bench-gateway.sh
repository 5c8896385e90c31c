#!/usr/bin/env bash
# The gateway's load benchmark (issue 12). Not part of the test run: it takes ~6 minutes and all
# of the machine. Builds the gateway and the load generator (profile gateway: optimised
# for speed), then measures, each run on loopback with processes started and stopped here:
#   1. the core alone: steps per second with 2,000 and 20,000 agents in queues (examples/core_steps);
#   2. one embedded gateway holding as many agents as the open-file cap allows, idle, then
#      1,000 commands/s, then streams fanned out (agentdesk-load run);
#   3. the cluster: redis-server, one core, three edges, haproxy (deploy/haproxy.cfg), 6,000
#      agents through HAProxy, the same phases;
# and writes target/bench/gateway-*.json and the gateway section of docs/BENCHMARKS.md
# (bench/gateway-report.mjs). Options: --quick (fewer agents and shorter phases); --only
# core|embedded|cluster (run one part again; the report keeps the others' last results).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
quick=0
only=all
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --only) only=$2; shift ;;
    *) echo "usage: bash scripts/bench-gateway.sh [--quick] [--only core|embedded|cluster]"; exit 2 ;;
  esac
  shift
done
part() { [ "$only" = all ] || [ "$only" = "$1" ]; }

bash scripts/setup.sh test
export PATH="$root/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
log() { printf '[bench-gateway] %s\n' "$*"; }

profile=gateway
log "cargo build --profile $profile"
cargo build --profile "$profile" -p agentdesk-gateway -p agentdesk-native --bins
cargo build --profile "$profile" -p agentdesk-gateway --example core_steps
bin=target/$profile
out=target/bench
mkdir -p "$out"
[ "$only" = all ] && rm -f "$out"/gateway-*.json "$out"/gateway-*.jsonl
# The machine may be shared with other work (builds, browser tests): what is measured here and
# the generator then wait for a CPU as long as they run, and the latency tails are the
# machine's, not the gateway's (docs/BENCHMARKS.md, "Where the embedded gateway's tail came
# from"). So the processes started below run at nice -5 when allowed (root), and the report
# states the priority and how long every measured process waited for a CPU.
if renice -n -5 -p $$ >/dev/null 2>&1; then nice_level=-5; else nice_level=0; fi
echo "$nice_level" >"$out/gateway-nice.txt"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cut -d' ' -f1-3 /proc/loadavg >"$out/gateway-loadavg.txt"
date -u +%Y-%m-%dT%H:%M:%SZ >"$out/gateway-started.txt"
# The machine: idle CPU and latency scale with its speed (the same build measured 8.8-10.7 % idle
# on a machine whose core alone ran 56-71 k steps/s, 5.9 % on one that ran 139 k; see
# bench/gateway-findings.md), so the report names it beside the core-alone yardstick.
{ lscpu | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); m = $2 } /^Hypervisor vendor/ { gsub(/^ +/, "", $2); h = " under " $2 } END { printf "%s%s", m, h }'
  printf ', %s CPUs, Linux %s\n' "$(nproc)" "$(uname -r)"; } >"$out/gateway-machine.txt" 2>/dev/null || true
# The commit measured; "+changes" when the tracked files differ from it (the run built them).
{ git rev-parse --short HEAD | tr -d '\n'; git diff --quiet HEAD -- . ':!docs/BENCHMARKS.md' || printf '+changes'; echo; } \
  >"$out/gateway-commit.txt" 2>/dev/null || true

wait_port() { # file
  for _ in $(seq 1 200); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "no port in $1" >&2; return 1
}

if [ $quick = 1 ]; then
  agents=2000; cluster_agents=1500; hold=10; secs=10; fan_secs=5; steps=20000
else
  # Every agent is one socket of the gateway and one of the generator: stay under the cap.
  cap=$(ulimit -n)
  agents=$((cap - 400)); [ "$agents" -gt 20000 ] && agents=20000
  cluster_agents=6000; hold=60; secs=30; fan_secs=20; steps=200000
fi

"$bin/agentdesk-load" directory --agents 20000 --queue-size 500 >"$work/dir.toml"
if part core; then
log "1. the core alone ($steps steps)"
"$bin/examples/core_steps" "$steps" >"$out/gateway-core.jsonl"
cat "$out/gateway-core.jsonl"
fi

if part embedded; then
log "2. one embedded gateway, $agents agents"
"$bin/agentdesk-gateway" --listen 127.0.0.1:0 --port-file "$work/port" --directory "$work/dir.toml" \
  --faults --no-media --max-lifetime-secs 1800 >"$work/gw.out" 2>"$work/gw.err" &
gw=$!; pids+=("$gw")
wait_port "$work/port"
http="http://127.0.0.1:$(cat "$work/port")"
"$bin/agentdesk-load" run --http "$http" --agents "$agents" --concurrency 100 --rate 1000 \
  --hold-secs "$hold" --command-secs "$secs" --fanout-agents 100 --fanout-per-sec 10 --fanout-secs "$fan_secs" \
  --pid "$gw" --stats "$http" --out "$out/gateway-embedded.json"
kill "$gw"; wait "$gw" 2>/dev/null || true
fi

if part cluster; then
log "3. the cluster: redis, core, 3 edges, haproxy; $cluster_agents agents"
redis-server --port 0 --unixsocket "$work/redis.sock" --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis=$!; pids+=("$redis")
for _ in $(seq 1 100); do [ -S "$work/redis.sock" ] && break; sleep 0.1; done
url="unix://$work/redis.sock"
"$bin/agentdesk-gateway" core --redis "$url" --directory "$work/dir.toml" --max-lifetime-secs 1800 \
  >"$work/core.out" 2>"$work/core.err" &
core=$!; pids+=("$core")
for _ in $(seq 1 100); do grep -q "core running" "$work/core.out" && break; sleep 0.1; done
edge_pids=(); edge_ports=()
for n in 1 2 3; do
  "$bin/agentdesk-gateway" edge --redis "$url" --listen 127.0.0.1:0 --port-file "$work/edge$n.port" \
    --directory "$work/dir.toml" --key-secret bench-secret --faults --max-lifetime-secs 1800 \
    >"$work/edge$n.out" 2>"$work/edge$n.err" &
  edge_pids+=("$!"); pids+=("$!")
  wait_port "$work/edge$n.port"
  edge_ports+=("$(cat "$work/edge$n.port")")
done
front=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
AD_LISTEN="127.0.0.1:$front" AD_ADMIN_SOCKET="$work/haproxy.sock" \
  AD_EDGE1="127.0.0.1:${edge_ports[0]}" AD_EDGE2="127.0.0.1:${edge_ports[1]}" AD_EDGE3="127.0.0.1:${edge_ports[2]}" \
  haproxy -f deploy/haproxy.cfg -db >"$work/haproxy.log" 2>&1 &
haproxy=$!; pids+=("$haproxy")
sleep 1.5
"$bin/agentdesk-load" run --http "http://127.0.0.1:$front" --agents "$cluster_agents" --concurrency 100 --rate 1000 \
  --hold-secs "$hold" --command-secs "$secs" --fanout-agents 100 --fanout-per-sec 10 --fanout-secs "$fan_secs" \
  --pid "${edge_pids[0]}" --pid "${edge_pids[1]}" --pid "${edge_pids[2]}" --pid "$core" --pid "$redis" --pid "$haproxy" \
  --out "$out/gateway-cluster.json"
fi
cut -d' ' -f1-3 /proc/loadavg >"$out/gateway-loadavg-end.txt"

log "report"
node bench/gateway-report.mjs
