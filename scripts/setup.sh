#!/usr/bin/env bash
# One-time, idempotent set-up on a fresh Debian 12 machine that reaches only the package
# registries (see ../shared/TOOLCHAIN.md). Each step is skipped when what it installs is already
# there at the right version.
#
#   bash scripts/setup.sh demo   what the demo needs: the wasm32 target, wasm-bindgen-cli (matching
#                                Cargo.lock) and npm binaryen's wasm-opt. No browsers, no drivers,
#                                no wasm-pack (scripts/build-sdk.sh runs cargo, wasm-bindgen and
#                                wasm-opt itself).
#   bash scripts/setup.sh test   (the default) the demo's set-up plus what only the tests need:
#                                Chromium + chromedriver, Firefox ESR + geckodriver, wasm-pack for
#                                `wasm-pack test`, the servers the tests start (TEST_APT below:
#                                redis-server, haproxy, Rails ActionCable under puma) and
#                                the whole of tools/package.json (TypeScript, playwright-core,
#                                the protocol judges).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
mode=${1:-test}
case $mode in demo|test) ;; *) echo "usage: bash scripts/setup.sh [demo|test]"; exit 2 ;; esac

log() { printf '[setup] %s\n' "$*"; }

# Versions: wasm-pack and geckodriver as verified in TOOLCHAIN.md; wasm-bindgen-cli must equal the
# wasm-bindgen that Cargo.lock resolved (pitfall 4), so it is read from the lock file.
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

# Debian packages only the test command needs: browsers and their drivers, and the real servers
# the tests start on loopback. Keep every test-only apt package in this one list.
# redis-server and haproxy: the cluster topology test (issue 12) starts its own on loopback.
# ruby, ruby-actioncable and puma: the Rails ActionCable server that judges the SDK's actioncable
# dialect (issue 14, tests/dialects/rails/); Debian's Rails 6.1 under puma 5.6, no gem from
# RubyGems (research/interop-judges.md).
TEST_APT=(chromium chromium-driver firefox-esr redis-server haproxy ruby ruby-actioncable puma)
# The command each package provides, to skip what is there already.
declare -A APT_PROBE=([chromium]=chromium [chromium-driver]=chromedriver [firefox-esr]=firefox-esr)

# The output is captured first: `grep -q` closing the pipe early makes a tool that prints a second
# line die of SIGPIPE, which pipefail would count as "not installed".
have_version() { command -v "$1" >/dev/null && [[ $("$1" --version 2>/dev/null) =~ \ $2([^0-9.]|$) ]]; }

apt_install() {
  local need=() p
  # A library package (ruby-actioncable) provides no command: dpkg says whether it is there.
  for p in "$@"; do
    command -v "${APT_PROBE[$p]:-$p}" >/dev/null \
      || [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] \
      || need+=("$p")
  done
  [ ${#need[@]} -gt 0 ] || return 0
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The tests start their own servers on free loopback ports: the packages' own services must not
  # start (where no init policy exists, one is put in place for the install only).
  local no_start=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1
  fi
  apt-get install -y -qq "${need[@]}" >/dev/null
  [ -z "$no_start" ] || rm -f /usr/sbin/policy-rc.d
}

# ---- the demo's part ---------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked can fail when a pinned transitive version left the registry (TOOLCHAIN.md step 4).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
# npm tools pinned by tools/package-lock.json: `dependencies` is what the build needs (binaryen's
# wasm-opt), `devDependencies` what only the tests need. The stamp records which set is there.
npm_stamp=tools/node_modules/.agentdesk-$mode
if [ ! -f "$npm_stamp" ] && [ ! -f tools/node_modules/.agentdesk-test ] \
   || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  omit=(); [ "$mode" = demo ] && omit=(--omit=dev)
  log "npm ci in tools/ ${omit[*]}"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error "${omit[@]}")
  touch "$npm_stamp"
fi
if [ "$mode" = demo ]; then
  log "ready for the demo: wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), wasm-opt $(tools/node_modules/.bin/wasm-opt --version | awk '{print $3}')"
  exit 0
fi

# ---- the tests' part ---------------------------------------------------------------------------
apt_install "${TEST_APT[@]}"
if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
  log "cargo install wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
if ! have_version geckodriver "$GECKODRIVER_VERSION"; then
  log "cargo install geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi
log "ready for the tests: $(wasm-pack --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), $(geckodriver --version | head -1), $(chromium --version 2>/dev/null)"
