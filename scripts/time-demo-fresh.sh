#!/usr/bin/env bash
# Times the README's demo command as a fresh machine would run it (issue 16): a clean clone, an
# empty cargo home (every crate downloaded from crates.io, wasm-bindgen-cli compiled), a Rust
# toolchain without the wasm32 target (a copy of this machine's, target removed), an empty npm
# cache and no target/ or node_modules/. Prints the seconds from the command's start to the demo
# page served, and the load average around the run (this machine is shared: a run beside other
# work is slower than a quiet one). Apt packages are not involved: the demo installs none.
#
# Usage: bash scripts/time-demo-fresh.sh [--keep]   (--keep leaves the scratch directory)
# Writes target/demo-fresh/report.txt and prints it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
keep=${1:-}
scratch=$(mktemp -d /tmp/agentdesk-fresh.XXXXXX)
report_dir="$root/target/demo-fresh"
mkdir -p "$report_dir"
demo_pid=""
cleanup() {
  [ -z "$demo_pid" ] || kill -- -"$demo_pid" 2>/dev/null || true
  [ "$keep" = --keep ] || rm -rf "$scratch"
}
trap cleanup EXIT

toolchain=$(rustup show active-toolchain | awk '{print $1}')
echo "[fresh] scratch $scratch; toolchain $toolchain copied without wasm32-unknown-unknown"
mkdir -p "$scratch/home/.cargo/bin" "$scratch/rustup/toolchains"
cp -a "$HOME/.rustup/toolchains/$toolchain" "$scratch/rustup/toolchains/"
printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "default"\nauto_self_update = "disable"\n' \
  "$toolchain" >"$scratch/rustup/settings.toml"
for tool in cargo rustc rustup rustdoc; do ln -s "$(command -v rustup)" "$scratch/home/.cargo/bin/$tool"; done
export HOME="$scratch/home" RUSTUP_HOME="$scratch/rustup" CARGO_HOME="$scratch/home/.cargo"
export npm_config_cache="$scratch/npm-cache"
export PATH="$CARGO_HOME/bin:$(echo "$PATH" | tr ':' '\n' | grep -v '/\.cargo/bin$' | paste -sd:)"
rustup target remove wasm32-unknown-unknown >/dev/null 2>&1 || true
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "[fresh] could not remove the wasm32 target from the copy"; exit 1
fi
git clone --quiet "$root" "$scratch/agentdesk"
cd "$scratch/agentdesk"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
setsid env AGENTDESK_LISTEN="127.0.0.1:$port" bash scripts/demo.sh >"$report_dir/demo.log" 2>&1 &
demo_pid=$!
served=""
while kill -0 "$demo_pid" 2>/dev/null; do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/"; then served=$(date +%s.%N); break; fi
  sleep 0.5
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -z "$served" ]; then
  echo "[fresh] the demo exited before serving its page:"; tail -20 "$report_dir/demo.log"; exit 1
fi
secs=$(echo "$served - $start" | bc)
{
  echo "fresh-machine demo: page served after ${secs} s ($(date -u +%FT%TZ), $(nproc) cores)"
  echo "load average before: $load_before; after: $load_after"
  grep -E '^\[(setup|build-sdk)\]|Finished|Compiling agentdesk' "$report_dir/demo.log" | head -20
} | tee "$report_dir/report.txt"
