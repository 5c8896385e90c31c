#!/usr/bin/env bash
# Runs the Rails judge (config.ru) under puma on 127.0.0.1, a free port, and stops by itself:
#
#   bash tests/dialects/rails/serve.sh STATE_DIR [LIFETIME_SECS]
#
# Writes the port to STATE_DIR/port once puma answers. When the app asks for a restart (its
# /control/restart leaves STATE_DIR/restart), a new puma process is started on the same port;
# otherwise, and after LIFETIME_SECS (default 1200) or on TERM, it ends.
set -uo pipefail
state=$1
lifetime=${2:-1200}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$state"
rm -f "$state/port" "$state/restart"
export JUDGE_STATE=$state
export JUDGE_SECRET=${JUDGE_SECRET:-"judge-$RANDOM$RANDOM$RANDOM"}
port=$(ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close')
end_at=$((SECONDS + lifetime))
puma_pid=""
trap '[ -z "$puma_pid" ] || kill "$puma_pid" 2>/dev/null; exit 0' TERM INT
trap '[ -z "$puma_pid" ] || kill "$puma_pid" 2>/dev/null' EXIT

up() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

while [ "$SECONDS" -lt "$end_at" ]; do
  timeout "$((end_at - SECONDS))" puma --dir "$here" -b "tcp://127.0.0.1:$port" -t 1:8 "$here/config.ru" &
  puma_pid=$!
  for _ in $(seq 1 100); do up && break; sleep 0.1; done
  [ -s "$state/port" ] || echo "$port" >"$state/port"
  wait "$puma_pid"
  puma_pid=""
  [ -f "$state/restart" ] || break
  rm -f "$state/restart"
  echo "[rails judge] restarting on port $port"
  # A restart takes a moment: clients see the port closed before it comes back.
  sleep 1
done
