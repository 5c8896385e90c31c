#!/usr/bin/env bash
# The benchmark command (issues 7, 11). Not part of the pass/fail test run (only the size budget
# is, through scripts/size-budget.sh). On a fresh machine it first runs scripts/setup.sh, then:
#   1. builds pkg/ (release, scripts/build-sdk.sh) and a profiling copy that keeps wasm function
#      names, and the dispatch micro-benchmark's wasm (bench/browser/dispatch.wat);
#   2. records the frame corpus (bench/gen-frames.mjs) and runs the native engine benchmark
#      (bench/native, its own crate, built in target/bench-native);
#   3. runs the browser benchmarks in headless Chromium (bench/browser/run.mjs): SDK vs the pure-JS
#      and the validating baselines (throughput, latency), memory over 1,000,000 events, CPU
#      profile, dispatch designs, import → init() in fresh pages;
#   4. writes docs/BENCHMARKS.md (bench/report.mjs) from the results in target/bench/, beside the
#      "before" build kept in target/bench-before/ (see bench/README.md: the build of the commit
#      before issue 11, its pkg/, pkg-prof/ and results), when there is one.
# Options: --quick (smaller corpus and fewer runs, for trying the harness), --frames N, --runs N.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

quick=0
frames=200000
runs=7
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; frames=50000; runs=3 ;;
    --frames) frames=$2; shift ;;
    --runs) runs=$2; shift ;;
    *) echo "usage: bash scripts/bench.sh [--quick] [--frames N] [--runs N]"; exit 2 ;;
  esac
  shift
done

bash scripts/setup.sh test
export PATH="$root/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
log() { printf '[bench] %s\n' "$*"; }

out=target/bench
mkdir -p "$out"
rm -f "$out"/browser.json "$out"/native.json
date -u +%Y-%m-%dT%H:%M:%SZ >"$out/started.txt"
cut -d' ' -f1-3 /proc/loadavg >"$out/loadavg-start.txt"

# 1. The SDK, release, exactly as the test run builds it.
log "scripts/build-sdk.sh (release)"
bash scripts/build-sdk.sh

# The profiling copy: same wasm, same wasm-opt flags, plus -g so the name section survives and
# the CPU profile / size breakdown can name functions.
log "profiling build (names kept) in $out/pkg-prof"
bash scripts/build-sdk.sh --out "$out/pkg-prof" --keep-names
wasm-as --enable-reference-types bench/browser/dispatch.wat -o "$out/dispatch.wasm"

# 2. The corpus, then the native engine benchmark.
node bench/gen-frames.mjs "$out/frames.jsonl" "$frames"
features=()
if grep -qs '^pub mod quality' core/src/lib.rs && grep -rqs 'pub fn handle_snapshot' core/src/quality/; then
  features=(--features quality)
fi
native_build() { cargo build --release --manifest-path bench/native/Cargo.toml --target-dir target/bench-native "$@"; }
if ! native_build "${features[@]}"; then
  log "native bench did not build with ${features[*]:-no features}; retrying without the quality bench"
  native_build
fi
target/bench-native/release/agentdesk-bench-native "$out/frames.jsonl" --runs "$runs" --out "$out/native.json"

# 3. The browser benchmarks.
browser_args=(--pkg pkg --pkg-prof "$out/pkg-prof" --out "$out/browser.json" --frames "$frames" --runs "$runs"
  --dispatch-wasm "$out/dispatch.wasm" --pkg-before target/bench-before/pkg)
[ "$quick" = 1 ] && browser_args+=(--quick --frames "$frames" --runs "$runs")
node bench/browser/run.mjs "${browser_args[@]}"

# 4. The size budget (reported, not enforced here) and the report.
bash scripts/size-budget.sh || true
bash scripts/size-dialects.sh || true
node bench/report.mjs --results "$out" --out docs/BENCHMARKS.md
log "done: docs/BENCHMARKS.md"
