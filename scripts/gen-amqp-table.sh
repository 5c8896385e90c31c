#!/usr/bin/env bash
# Regenerates core/tests/data/amqp_topic_table.jsonl: which (binding, routing key) pairs a real
# RabbitMQ topic exchange matches. The Kazoo/Qubicle face's matcher (core/src/dialects/amqp.rs)
# is tested against that table by `cargo test -p agentdesk-core --test amqp_judge`.
#
# Too slow for every test run (the broker needs ~8 s to start), so it runs by hand and its output
# is committed. Needs Debian's rabbitmq-server (installed here if missing) and Python 3; pika is
# installed into a private venv under target/. The broker runs as the current user without the
# /usr/sbin wrapper (research/interop-judges.md), on free loopback ports, with its own epmd, in a
# temporary directory, and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=core/tests/data/amqp_topic_table.jsonl
PIKA_VERSION=1.4.4

if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  echo "[amqp-table] apt-get install rabbitmq-server"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
fi

venv=$root/target/amqp-judge-venv
if ! "$venv/bin/python" -c "import pika, sys; sys.exit(pika.__version__ != '$PIKA_VERSION')" 2>/dev/null; then
  echo "[amqp-table] python venv with pika $PIKA_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "pika==$PIKA_VERSION"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
amqp_port=$(free_port)
dist_port=$(free_port)
epmd_port=$(free_port)

dir=$(mktemp -d)
server_pid=
cleanup() {
  # SIGTERM makes the Erlang VM shut down cleanly; wait for it (by its pid file), then stop the
  # epmd it started on its private port.
  local beam
  beam=$(cat "$dir/rabbit.pid" 2>/dev/null || true)
  [ -n "$server_pid" ] && kill -- -"$server_pid" 2>/dev/null || true
  [ -n "$beam" ] && kill "$beam" 2>/dev/null || true
  for _ in $(seq 1 60); do
    { [ -n "$beam" ] && kill -0 "$beam" 2>/dev/null; } || break
    sleep 0.25
  done
  ERL_EPMD_PORT=$epmd_port epmd -kill >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

cat >"$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$amqp_port
loopback_users = none
EOF
echo '[rabbitmq_management].' >"$dir/enabled_plugins"
echo "[amqp-table] starting RabbitMQ on 127.0.0.1:$amqp_port"
export ERL_EPMD_PORT=$epmd_port ERL_EPMD_ADDRESS=127.0.0.1
set -m
HOME=$dir RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log \
  RABBITMQ_NODENAME=agentdesk-judge@localhost RABBITMQ_CONFIG_FILE=$dir/rabbitmq \
  RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_ENABLED_PLUGINS= \
  RABBITMQ_DIST_PORT=$dist_port RABBITMQ_PID_FILE=$dir/rabbit.pid \
  /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/server.out" 2>&1 &
server_pid=$!
set +m

for _ in $(seq 1 120); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $amqp_port), 1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "[amqp-table] RabbitMQ exited:"; cat "$dir/server.out"; exit 1
  fi
  sleep 0.5
done

mkdir -p "$(dirname "$out")"
"$venv/bin/python" scripts/gen_amqp_table.py "$amqp_port" "$out"
