#!/usr/bin/env bash
# A/B of two builds of the gateway under the embedded benchmark's load, in one session (the
# machine is shared: two builds compare fairly only within one session). Runs alternate, one
# build at a time; with --together both builds run at once, each with its own generator, so
# both see the same machine for the same minute (what a busy shared machine needs; their
# latencies are then those of twice the load; and twice the loopback sockets: at 19,600 agents
# each the two generators ran out of ephemeral ports at ~11,000, so use --agents 9800 or less
# with it). Not part of the test run; ~4 minutes a run.
# For each round and each build:
#   - start it (embedded, as scripts/bench-gateway.sh step 2 does) and log in N agents with
#     agentdesk-load (the same phases: hold, 1,000 commands/s, fan-out);
#   - once the logins are done and the hold has settled, measure over the window, from /proc:
#     the gateway's CPU-seconds (utime + stime of the process), per idle minute, and its
#     threads' context switches (voluntary + involuntary), per second;
#   - keep the generator's own report (idle CPU of its hold window, command -> event and ping
#     p50 / p99 / max, run-queue wait).
# Writes target/bench/ab/<label>-<round>.json (+ .proc) and prints a table.
#
#   bash scripts/bench-gateway-ab.sh OLD_BINARY NEW_BINARY [--rounds R] [--agents N] [--window S]
#     [--together]
#
# The binaries are agentdesk-gateway builds (copy the old one aside before rebuilding). The
# generator is target/gateway/agentdesk-load; both run at nice -5 when allowed (root).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bash scripts/bench-gateway-ab.sh OLD_BIN NEW_BIN [--rounds R] [--agents N] [--window S]"; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
rounds=2
agents=$(( $(ulimit -n) - 400 )); [ "$agents" -gt 20000 ] && agents=20000
window=60
mode=alternate
while [ $# -gt 0 ]; do
  case $1 in
    --together) mode=together ;;
    --rounds) rounds=$2; shift ;;
    --agents) agents=$2; shift ;;
    --window) window=$2; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
  shift
done
settle=10
hold=$((settle + window + 10))
load=target/gateway/agentdesk-load
[ -x "$load" ] || cargo build --profile gateway -p agentdesk-native --bins
out=target/bench/ab
mkdir -p "$out"
if renice -n -5 -p $$ >/dev/null 2>&1; then nice_level=-5; else nice_level=0; fi
work=$(mktemp -d)
gws=()
cleanup() { for p in "${gws[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
log() { printf '[bench-gateway-ab] %s\n' "$*"; }
"$load" directory --agents 20000 --queue-size 500 >"$work/dir.toml"

# CPU ticks (utime + stime) of a process, and the context switches of all its threads.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n }'; }
hz=$(getconf CLK_TCK)

declare -A gw_pid gen_pid

start() { # label binary round: the gateway, then the generator logging its agents in
  local label=$1 bin=$2 round=$3
  rm -f "$work/port-$label"
  "$bin" --listen 127.0.0.1:0 --port-file "$work/port-$label" --directory "$work/dir.toml" \
    --faults --no-media --max-lifetime-secs 1800 >"$work/gw-$label.out" 2>"$work/gw-$label.err" &
  gw_pid[$label]=$!; gws+=("$!")
  for _ in $(seq 1 200); do [ -s "$work/port-$label" ] && break; sleep 0.1; done
  local http="http://127.0.0.1:$(cat "$work/port-$label")"
  "$load" run --http "$http" --agents "$agents" --concurrency 100 --rate 1000 \
    --hold-secs "$hold" --command-secs 30 --fanout-agents 100 --fanout-per-sec 10 --fanout-secs 20 \
    --pid "${gw_pid[$label]}" --stats "$http" --out "$out/$label-$round.json" 2>"$work/load-$label.err" &
  gen_pid[$label]=$!
}

measure() { # round label...: the idle window, for every gateway named, at once
  local round=$1; shift
  local label t0 t1
  for label in "$@"; do
    until grep -q "agents logged in" "$work/load-$label.err" 2>/dev/null; do sleep 0.2; done
  done
  sleep "$settle"
  declare -A c0 s0
  t0=$(date +%s.%N)
  for label in "$@"; do c0[$label]=$(ticks "${gw_pid[$label]}"); s0[$label]=$(switches "${gw_pid[$label]}"); done
  sleep "$window"
  t1=$(date +%s.%N)
  for label in "$@"; do
    python3 - "$t0" "$t1" "${c0[$label]}" "$(ticks "${gw_pid[$label]}")" "${s0[$label]}" \
      "$(switches "${gw_pid[$label]}")" "$hz" "$(cut -d' ' -f1 /proc/loadavg)" >"$out/$label-$round.proc" <<'EOF'
import json, sys
t0, t1, c0, c1, s0, s1, hz, load = map(float, sys.argv[1:])
secs = t1 - t0
cpu = (c1 - c0) / hz
print(json.dumps({"window_s": secs, "cpu_s": cpu, "cpu_s_per_min": cpu * 60 / secs,
                  "cpu_percent": 100 * cpu / secs, "switches_per_s": (s1 - s0) / secs,
                  "loadavg": load}))
EOF
  done
}

finish() { # round label...
  local round=$1; shift
  local label
  for label in "$@"; do
    wait "${gen_pid[$label]}" || true
    kill "${gw_pid[$label]}"; wait "${gw_pid[$label]}" 2>/dev/null || true
    log "$label round $round: $(cat "$out/$label-$round.proc")"
  done
  gws=()
}

log "agents $agents, window $window s, rounds $rounds, $mode, nice $nice_level; A = $old, B = $new"
for r in $(seq 1 "$rounds"); do
  if [ "$mode" = together ]; then
    start A "$old" "$r"; start B "$new" "$r"
    measure "$r" A B; finish "$r" A B
  else
    start A "$old" "$r"; measure "$r" A; finish "$r" A
    start B "$new" "$r"; measure "$r" B; finish "$r" B
  fi
done

python3 - "$out" "$rounds" <<'EOF'
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
print("| run | idle CPU-s / min (window) | idle % (generator's window) | ctx switches / s | command -> event p50 / p99 / max | ping p50 / p99 / max | run-queue wait (commands) | load avg |")
print("|---|---|---|---|---|---|---|---|")
for r in range(1, rounds + 1):
    for label in "AB":
        p = json.load(open(f"{out}/{label}-{r}.proc"))
        try:
            g = json.load(open(f"{out}/{label}-{r}.json"))
        except (OSError, ValueError):
            g = None
        if g:
            c, q = g["command_to_event"], g["ping_during_commands"]
            cmd = f"{c['p50']:.1f} / {c['p99']:.1f} / {c['max']:.0f} ms (n = {c['n']})"
            ping = f"{q['p50']:.0f} / {q['p99']:.0f} / {q['max']:.0f} ms"
            hold = f"{g['hold']['cpu_percent']:.1f} %"
            wait = f"{g['commanding']['runqueue_wait_percent']:.0f} %"
        else:
            cmd = ping = hold = wait = "-"
        print(f"| {label}{r} | {p['cpu_s_per_min']:.2f} ({p['cpu_percent']:.1f} %) | {hold} | {p['switches_per_s']:.0f} | {cmd} | {ping} | {wait} | {p['loadavg']:.1f} |")
EOF
