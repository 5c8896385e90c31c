#!/usr/bin/env bash
# The engine's property tests (core/tests/properties_under_faults.rs) with more cases than the
# test run's 48: random interleavings of events, lost / repeated / reordered frames, cut links, a
# gateway down or restarted, trimmed history, time, `online` and commands, against a fake gateway
# under virtual time. Optimized build: the cases are what takes the time.
#
#   bash scripts/properties.sh [CASES]      (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-5000}
start=$(date +%s)
PROPTEST_CASES=$cases cargo test -p agentdesk-core --release --test properties_under_faults -- --test-threads 1
echo "properties: $cases cases per property in $(( $(date +%s) - start )) s"
