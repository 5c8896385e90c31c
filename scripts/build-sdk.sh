#!/usr/bin/env bash
# Builds the SDK package into pkg/ (release): wasm-pack, then the package entry and its typings
# (scripts/package-entry.sh). Extra arguments go to wasm-pack (e.g. --dev).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mode=--release
for a in "$@"; do [ "$a" = --dev ] && mode=; done
wasm-pack build --mode no-install --target web $mode "$@"
bash scripts/package-entry.sh pkg
