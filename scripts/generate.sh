#!/usr/bin/env bash
# Rewrites the files generated from agentdesk-core's declarations (js/catalog.js, js/shapes.js, js/catalog.d.ts,
# src/api/generated.rs, tests/fixtures/verdicts.json); `cargo test` (tests/generated.rs) fails while they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTDESK_REGENERATE=1 cargo test --quiet --test generated
echo "generated: js/catalog.js js/shapes.js js/catalog.d.ts src/api/generated.rs tests/fixtures/verdicts.json"
