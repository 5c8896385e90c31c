#!/usr/bin/env bash
# Builds the SDK, release, into pkg/: the same three steps as `wasm-pack build --target web
# --release`, run directly so that building needs no wasm-pack (the demo's set-up skips its
# ~3.5-minute install; the tests still use `wasm-pack test`). One build path for the demo, the
# tests and the benchmarks.
#   1. cargo build of the cdylib for wasm32-unknown-unknown with the release profile;
#   2. wasm-bindgen --target web (the version pinned by Cargo.lock, installed by setup.sh);
#   3. wasm-opt with the flags in Cargo.toml's [package.metadata.wasm-pack.profile.release];
#   4. the package (scripts/package-entry.sh): one JS module, the JS layer and the glue joined,
#      and the typings.
# Options: --out DIR (default pkg), --keep-names (wasm-opt -g: the profiling copy of bench.sh),
# --features LIST (cargo features: `dialects` for the seed systems' protocols, issue 14).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=pkg
keep_names=()
features=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift ;;
    --keep-names) keep_names=(-g) ;;
    --features) features=(--features "$2"); shift ;;
    *) echo "usage: bash scripts/build-sdk.sh [--out DIR] [--keep-names] [--features LIST]"; exit 2 ;;
  esac
  shift
done

command -v wasm-opt >/dev/null || { echo "build-sdk: wasm-opt missing (bash scripts/setup.sh demo)"; exit 1; }
echo "[build-sdk] cargo build --release --target wasm32-unknown-unknown"
cargo build --lib --release --target wasm32-unknown-unknown -p agentdesk "${features[@]}"
wasm=target/wasm32-unknown-unknown/release/agentdesk.wasm

echo "[build-sdk] wasm-bindgen --target web --out-dir $out"
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name agentdesk "$wasm"

# The wasm-opt flags live once, in Cargo.toml (wasm-pack reads the same table).
read -r -a opt_flags < <(node -e '
  const t = require("fs").readFileSync("Cargo.toml", "utf8");
  const m = /\[package\.metadata\.wasm-pack\.profile\.release\][^\[]*?wasm-opt\s*=\s*\[([^\]]*)\]/s.exec(t);
  if (!m) { console.error("no wasm-opt flags in Cargo.toml"); process.exit(1); }
  console.log([...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]).join(" "));')
echo "[build-sdk] wasm-opt ${opt_flags[*]} ${keep_names[*]}"
wasm-opt "${opt_flags[@]}" "${keep_names[@]}" "$out/agentdesk_bg.wasm" -o "$out/agentdesk_bg.wasm"
bash scripts/package-entry.sh "$out"
echo "[build-sdk] $out/: $(wc -c <"$out/agentdesk_bg.wasm") bytes of wasm, $(wc -c <"$out/agentdesk.js") bytes of JS (the layer and the glue)"
