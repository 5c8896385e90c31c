#!/usr/bin/env bash
# Runs every test: native engine and gateway tests, the TypeScript check of the generated
# typings, then the browser tests in headless Chrome and Firefox against a gateway started here
# on a free loopback port. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh test || { echo "set-up failed"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$root/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log_dir=$(mktemp -d)
# Everything the run's tools leave in the temporary directory (browser profiles, Chrome's
# scoped dirs, the e2e suites' port files) goes into one scratch directory removed at exit, so
# that runs killed half-way or browsers that leak never fill a machine's disk (a CI run once
# failed with "No space left on device" after hundreds of leftover Chromium dirs). The logs stay.
scratch=$(mktemp -d)
export TMPDIR=$scratch
cleanup() {
  kill ${gw_pid:-} ${dialect_pid:-} ${proxy_pid:-} ${script_pid:-} ${rails_pid:-} 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
passed=0
failed=0
failures=()

# Adds the counts of every "test result:" line (cargo test and wasm-bindgen-test print the same).
count() {
  local file=$1 p f
  p=$(grep -aoE 'test result: [A-Za-z]+\. [0-9]+ passed' "$file" | awk '{s+=$4} END {print s+0}')
  f=$(grep -aoE '[0-9]+ failed' "$file" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p))
  failed=$((failed + f))
}

step() {
  local name=$1; shift
  local file="$log_dir/$name.log"
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$file"
  local rc=${PIPESTATUS[0]}
  count "$file"
  if [ "$rc" -ne 0 ]; then
    failures+=("$name")
    # A step that failed without reporting a failed test (a build error) still counts as one.
    grep -aqE '[1-9][0-9]* failed' "$file" || failed=$((failed + 1))
  fi
  return 0
}

# A Node suite whose last line is "<name>: N passed, N failed" (tests/e2e, tests/dialects); a suite
# that dies before printing it counts as one failure.
suite() {
  local name=$1; shift
  local file="$log_dir/$name.log" p f rc
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$file"
  rc=${PIPESTATUS[0]}
  read -r p f < <(sed -nE "s/^$name: ([0-9]+) passed, ([0-9]+) failed\$/\1 \2/p" "$file")
  { [ "$rc" -eq 0 ] && [ -n "$p" ]; } || failures+=("$name")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
}

step native cargo test --workspace --no-fail-fast --color never
# The dialect codecs judged by the official clients (phoenix, @rails/actioncable, jose), offline.
suite dialect-judges node tests/dialects/offline.mjs

# The JS layer's generated checks against the native decoders (tests/fixtures/verdicts.json),
# under node; reported in cargo's words so that `count` adds them up.
js_checks() {
  local out rc
  out=$(node --test --test-reporter=tap tests/js/ 2>&1); rc=$?
  echo "$out"
  local p f
  p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' <<<"$out"); f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' <<<"$out")
  echo "test result: $([ "$rc" -eq 0 ] && echo ok || echo FAILED). ${p:-0} passed; ${f:-1} failed"
  return "$rc"
}
step js-checks js_checks

# Release build of the SDK package (scripts/build-sdk.sh: the wasm, then one JS module and the
# typings), its size budget, then type-check a page's usage against the package's typings.
step build bash scripts/build-sdk.sh
step size-budget bash scripts/size-budget.sh
# The API reference (TypeDoc over the packed typings) must match docs/api/ (issue 16).
step api-docs bash scripts/api-docs.sh --check
# The cluster topology (issue 12): haproxy, three edge processes, a core and redis-server on
# loopback, SIGKILLs, a drain, a Redis restart; native clients and a browser page (needs pkg/).
step topology cargo test -p agentdesk-gateway --test topology --color never -- --ignored
if [ -f pkg/agentdesk.d.ts ]; then
  echo "=== typescript: tsc -p tests/ts"
  if tsc -p tests/ts/tsconfig.json; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=(typescript); fi
fi

# The gateway for the browser tests: loopback, a free port, the test directory, and a lifetime
# cap so it can never outlive this run.
cargo build -p agentdesk-gateway --quiet || { failures+=(gateway-build); failed=$((failed + 1)); }
gw_log="$log_dir/gateway.log"
port_file="$log_dir/port"
"$root/target/debug/agentdesk-gateway" --listen 127.0.0.1:0 --port-file "$port_file" \
  --directory gateway/tests/fixtures/test-directory.toml --faults --max-lifetime-secs 3000 >"$gw_log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.1; done
if [ -s "$port_file" ]; then
  export AGENTDESK_GATEWAY="http://127.0.0.1:$(cat "$port_file")"
  echo "=== gateway for browser tests at $AGENTDESK_GATEWAY"
  # Suites that talk to a server need more than the runner's 20 s default (TOOLCHAIN.md pitfall 6).
  export WASM_BINDGEN_TEST_TIMEOUT=120
  # Chrome and Firefox load the runner's page through a proxy that closes every upstream
  # connection: the runner's tiny_http server can strand connections that arrive together
  # (tests/browser_proxy.mjs).
  node tests/browser_proxy.mjs "$log_dir/webdriver.json" &
  proxy_pid=$!
  for _ in $(seq 1 100); do [ -s "$log_dir/webdriver.json" ] && break; sleep 0.1; done
  export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$log_dir/webdriver.json"
  step browser-chrome wasm-pack test --mode no-install --headless --chrome
  step browser-firefox wasm-pack test --mode no-install --headless --firefox
  # The SDK's dialects against the gateway's faces (issue 14): a build with the `dialects`
  # feature, which the default package leaves out (docs/dialects.md §9). Beside the gateway, the
  # scripted Phoenix server of the differential against phoenix.js (docs/dialects.md §9): its
  # address is compiled into the suite, so it starts first; it stops by itself.
  node tests/dialects/phoenix_script.mjs "$log_dir/phoenix-script-port" 3000 &
  script_pid=$!
  for _ in $(seq 1 100); do [ -s "$log_dir/phoenix-script-port" ] && break; sleep 0.1; done
  [ -s "$log_dir/phoenix-script-port" ] && export AGENTDESK_PHOENIX_SCRIPT="http://127.0.0.1:$(cat "$log_dir/phoenix-script-port")"
  step browser-dialects-chrome wasm-pack test --mode no-install --headless --chrome . --features dialects --test browser_dialects
  step browser-dialects-firefox wasm-pack test --mode no-install --headless --firefox . --features dialects --test browser_dialects
  # The actioncable dialect against a real Rails server (issue 14): Debian's ruby-actioncable
  # under puma on a free loopback port, with a lifetime cap (tests/dialects/rails/serve.sh).
  # Its origin reaches the suite at build time, for these two steps only.
  rails_state="$log_dir/rails"
  bash tests/dialects/rails/serve.sh "$rails_state" 1800 >"$log_dir/rails.log" 2>&1 &
  rails_pid=$!
  for _ in $(seq 1 150); do [ -s "$rails_state/port" ] && break; sleep 0.1; done
  if [ -s "$rails_state/port" ]; then
    echo "=== Rails ActionCable judge at http://127.0.0.1:$(cat "$rails_state/port")"
    export AGENTDESK_RAILS="http://127.0.0.1:$(cat "$rails_state/port")"
    step browser-rails-chrome wasm-pack test --mode no-install --headless --chrome . --features dialects --test browser_rails
    step browser-rails-firefox wasm-pack test --mode no-install --headless --firefox . --features dialects --test browser_rails
    unset AGENTDESK_RAILS
  else
    echo "Rails judge did not start:"; cat "$log_dir/rails.log"
    failures+=(rails-start); failed=$((failed + 1))
  fi
  kill "$rails_pid" 2>/dev/null
  # The demo console end to end in Chromium.
  suite e2e node tests/e2e/run.mjs "$AGENTDESK_GATEWAY"
  # The npm package (issue 16): the tarball in Vite, webpack 5, esbuild, plain and classic-script
  # apps under a strict CSP, logged in through Chromium; the packed typings under tsc.
  suite package node tests/package/run.mjs "$AGENTDESK_GATEWAY"
else
  echo "gateway did not start:"; cat "$gw_log"
  failures+=(gateway-start); failed=$((failed + 1))
fi

# The dialect faces judged by their own clients in Chromium (issue 13, docs/dialects.md §8):
# phoenix.js, @rails/actioncable, seed 000's plain WebSocket, GlobeMeet's with jose and ws. Their
# own gateway, so the suites' faults (drop, delay) and agents meet nobody else's; the faces'
# token secret comes from the environment, as docs/gateway.md §12 says.
dialect_port="$log_dir/dialect-port"
export AGENTDESK_DIALECT_SECRET="judge-$RANDOM-$RANDOM"
RUST_LOG=debug "$root/target/debug/agentdesk-gateway" --listen 127.0.0.1:0 --port-file "$dialect_port" \
  --directory gateway/tests/fixtures/test-directory.toml --faults --max-lifetime-secs 1200 >"$log_dir/dialect-gateway.log" 2>&1 &
dialect_pid=$!
for _ in $(seq 1 100); do [ -s "$dialect_port" ] && break; sleep 0.1; done
if [ -s "$dialect_port" ]; then
  suite dialects node tests/dialects/live/run.mjs "http://127.0.0.1:$(cat "$dialect_port")"
  # No token may reach the gateway's log, whatever the faces refused or served.
  if grep -qE 'eyJ[A-Za-z0-9_-]{10,}\.' "$log_dir/dialect-gateway.log"; then
    echo "=== dialect gateway log shows a token"; failed=$((failed + 1)); failures+=(token-in-log)
  else
    echo "=== dialect gateway log carries no token"; passed=$((passed + 1))
  fi
else
  echo "dialect gateway did not start:"; cat "$log_dir/dialect-gateway.log"
  failures+=(dialect-gateway-start); failed=$((failed + 1))
fi
kill "$dialect_pid" 2>/dev/null

echo
[ ${#failures[@]} -eq 0 ] || echo "failed steps: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
