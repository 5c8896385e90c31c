#!/usr/bin/env bash
# Fuzzing campaign (a benchmark, not part of the test run): runs every cargo-fuzz target of fuzz/
# one after another for SECONDS each (default 60) and writes, per target, the executions, the
# rate, the crashes and the corpus size to target/fuzz-report.txt (docs/RELIABILITY.md quotes it).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET[:SECONDS]…]   run (all targets when none is named;
#                                                a target may carry its own time)
#   FUZZ_RUNS=10000000 bash scripts/fuzz.sh 0 …  stop each target after that many executions
#                                                instead of a time (0 s = no time limit): on a
#                                                shared machine a time limit gives a varying count
#   FUZZ_REPORT=FILE bash scripts/fuzz.sh …      write the report there instead (two campaigns
#                                                side by side, one per core)
#   bash scripts/fuzz.sh --minimize [TARGET…]    merge what the runs found into fuzz/corpus/,
#                                                minimized and capped, for the stable replay
#
# Installs nightly Rust and cargo-fuzz when missing (research/interop-judges.md §Fuzzing). Runs
# grow fuzz/corpus-run/<target> (not committed), seeded from the committed fuzz/corpus/<target>.
# Sanitizer off: every crate forbids `unsafe`, so AddressSanitizer would find nothing Rust does
# not already check and would halve the rate; panics, arithmetic overflow (debug assertions are
# on), stack overflow, timeouts (10 s per input) and memory blow-ups (2 GiB) are what fail a run.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

# The per-target corpus cap of the committed corpus: the stable replay must stay a few seconds.
CORPUS_CAP=${CORPUS_CAP:-200}

install() {
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal || return 1
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked || return 1
}

targets() {
  if [ $# -gt 0 ]; then printf '%s\n' "$@"; else (cd fuzz && cargo +nightly fuzz list); fi
}

target_names() {
  local t
  for t in "$@"; do echo "${t%%:*}"; done
}

build() {
  (cd fuzz && cargo +nightly fuzz build --sanitizer none "$@")
}

# The binaries of the one build: run directly, so that a campaign of hours tests one version of
# the code even if the tree changes meanwhile.
bin_dir="fuzz/target/x86_64-unknown-linux-gnu/release"

run_one() {
  local target=$1 seconds=$2 log=$3
  mkdir -p "fuzz/corpus-run/$target" "fuzz/artifacts/$target"
  (cd fuzz && "../$bin_dir/$target" "corpus-run/$target" "corpus/$target" \
    -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$target/") >"$log" 2>&1
}

minimize() {
  local target tmp n
  for target in "$@"; do
    tmp=$(mktemp -d)
    (cd fuzz && cargo +nightly fuzz run --sanitizer none "$target" "$tmp" "corpus/$target" "corpus-run/$target" -- \
      -merge=1 -timeout=10) >/dev/null 2>&1 || { echo "$target: merge failed"; rm -rf "$tmp"; continue; }
    # Keep up to the cap, spread over the sizes (every k-th of the merged set by size, files
    # under 8 KiB): small ones read best in a failure, larger ones carry the deeper paths.
    # Inputs kept for a finding (`regression-*`) stay whatever their size.
    keep=$(mktemp -d)
    cp "fuzz/corpus/$target"/regression-* "$keep"/ 2>/dev/null || true
    rm -f "fuzz/corpus/$target"/*
    step=$(( ($(find "$tmp" -type f | wc -l) + CORPUS_CAP - 1) / CORPUS_CAP ))
    find "$tmp" -type f -size -8k -printf '%s %p\n' | sort -n | awk -v s="$step" 'NR % s == 0' | head -n "$CORPUS_CAP" | cut -d' ' -f2- |
      while read -r f; do cp "$f" "fuzz/corpus/$target/"; done
    cp "$keep"/* "fuzz/corpus/$target/" 2>/dev/null || true
    rm -rf "$keep"
    n=$(find "fuzz/corpus/$target" -type f | wc -l)
    echo "$target: $n files in fuzz/corpus/$target"
    rm -rf "$tmp"
  done
}

install || { echo "cannot install nightly Rust or cargo-fuzz"; exit 1; }

if [ "${1:-}" = "--minimize" ]; then
  shift
  build || exit 1
  mapfile -t list < <(targets "$@")
  mapfile -t list < <(target_names "${list[@]}")
  minimize "${list[@]}"
  exit 0
fi

seconds=${1:-60}
[ $# -gt 0 ] && shift
mapfile -t list < <(targets "$@")
build || { echo "fuzz build failed"; exit 1; }
commit=$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- core gateway fuzz-harness 2>/dev/null || echo "+changes")

report="${FUZZ_REPORT:-$root/target/fuzz-report.txt}"
mkdir -p "$root/target/fuzz-logs"
{
  echo "fuzz run $(date -u +%Y-%m-%dT%H:%MZ) of $commit, $(nproc) cores (shared), sanitizer none"
  printf '%-22s %8s %14s %10s %8s %8s\n' target seconds executions exec/s crashes corpus
} >"$report"
crashed=0
for entry in "${list[@]}"; do
  target=${entry%%:*}
  secs=$seconds
  [ "$entry" != "$target" ] && secs=${entry#*:}
  log="$root/target/fuzz-logs/$target.log"
  echo "=== $target: ${secs}s (log: $log)"
  mkdir -p "fuzz/artifacts/$target"
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  run_one "$target" "$secs" "$log"
  rc=$?
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)
  crashes=$(( $(find "fuzz/artifacts/$target" -type f | wc -l) - before ))
  corpus=$(find "fuzz/corpus-run/$target" -type f | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="rc=$rc"; fi
  [ "$crashes" != 0 ] && crashed=1
  printf '%-22s %8s %14s %10s %8s %8s\n' "$target" "$secs" "${execs:-?}" "${rate:-?}" "$crashes" "$corpus" | tee -a "$report"
done
echo "report: $report"
cat "$report"
exit "$crashed"
