#!/usr/bin/env bash
# One-time, idempotent set-up of everything the build, the demo and the tests need on a fresh
# Debian 12 machine that reaches only the package registries (see ../shared/TOOLCHAIN.md).
# Each step is skipped when what it installs is already there at the right version.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[setup] %s\n' "$*"; }

# What to set up: `demo` (default) what the demo needs; `test` that and what only the tests need.
purpose=${1:-demo}

# Versions: wasm-pack and geckodriver as verified in TOOLCHAIN.md; wasm-bindgen-cli must equal the
# wasm-bindgen that Cargo.lock resolved (pitfall 4), so it is read from the lock file.
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
# --- test-only apt packages (issue 12: the cluster topology test starts its own redis-server
# and haproxy on loopback). The demo never needs them; `setup.sh test` installs them. ---
TEST_APT_PACKAGES=(redis-server haproxy)
test_apt=()
if [ "$purpose" = test ]; then
  for pkg in "${TEST_APT_PACKAGES[@]}"; do
    command -v "$pkg" >/dev/null || test_apt+=("$pkg")
  done
fi
# --- end of test-only apt packages ---

if [ $((${#need_apt[@]} + ${#test_apt[@]})) -gt 0 ]; then
  log "apt-get install ${need_apt[*]} ${test_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The tests start their own servers on free loopback ports: the packages' own services must
  # not start (on machines without an init policy, one is put in place for the install only).
  no_start=""
  if [ ${#test_apt[@]} -gt 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1
  fi
  apt-get install -y -qq "${need_apt[@]}" "${test_apt[@]}" >/dev/null
  [ -z "$no_start" ] || rm -f /usr/sbin/policy-rc.d
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

have_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q " $2\b"; }

if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked can fail when a pinned transitive version left the registry (TOOLCHAIN.md step 4).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if ! have_version geckodriver "$GECKODRIVER_VERSION"; then
  log "cargo install geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

# npm tools (binaryen's wasm-opt, playwright-core, typescript) pinned by tools/package-lock.json.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  log "npm ci in tools/"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
log "ready: $(wasm-pack --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), $(geckodriver --version | head -1), $(chromium --version)"
