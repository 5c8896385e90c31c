"""Asks a real RabbitMQ topic exchange which (binding, routing key) pairs match, and writes the
answers as the judge table of agentdesk-core's AMQP matcher (core/src/dialects/amqp.rs).

Run by scripts/gen-amqp-table.sh, which starts the broker; this file only talks AMQP 0-9-1 to it
(pika). One topic exchange, one exclusive queue per binding, every routing key published once
with publisher confirms (a confirm means routing is done), then each queue drained: the keys a
queue holds are exactly the keys its binding matches.

Usage: python3 gen_amqp_table.py AMQP_PORT OUTPUT_FILE
"""

import itertools
import json
import sys

import pika

# --- The cases ---------------------------------------------------------------------------------
# Seed 000's three binding families with its event names, for two accounts, so that isolation
# (another account's key never matches) is judged too, and the 4-segment entity keys of the
# Qubicle docs beside the seed's 5-segment event keys (research/gateway-protocols.md §3.5).
ACCOUNTS = ["4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4", "00000000000000000000000000000001"]
QUEUE_EVENTS = ["create", "delete", "join", "leave", "delivered"]
RECIPIENT_EVENTS = [
    "create", "delete", "ready", "away", "pause", "resume", "wrapup_start", "wrapup_complete",
    "offer", "reject", "rescind", "delivered", "hangup", "external_call_start",
    "external_call_end", "sync", "wiretap_start", "wiretap_stop", "wiretap_failed",
    "interaction_finalize_start", "interaction_finalize_end",
]
SESSION_EVENTS = ["create", "delete"]


def seed_keys():
    keys = []
    for account in ACCOUNTS:
        for family, ident, events in [
            ("queue", "q-sales", QUEUE_EVENTS),
            ("recipient", "1001", RECIPIENT_EVENTS),
            ("session", "gw-1700000300.401", SESSION_EVENTS),
        ]:
            keys.append(f"qubicle.{family}.{account}.{ident}")
            keys.extend(f"qubicle.{family}.{account}.{ident}.{e}" for e in events)
        keys.append(f"qubicle.queue.{account}")
        keys.append(f"call.{account}.CHANNEL_CREATE.c1")
    return keys


def seed_bindings():
    a = ACCOUNTS[0]
    return [
        f"qubicle.queue.{a}.*",
        f"qubicle.recipient.{a}.*",
        f"qubicle.session.{a}.gw-1700000300.401",
        f"qubicle.session.{a}.*",
        f"qubicle.queue.{a}.q-sales.join",
        f"qubicle.queue.{a}.q-sales.*",
        f"qubicle.queue.{a}.*.join",
        f"qubicle.queue.{a}.*.*",
        f"qubicle.recipient.{a}.1001.*",
        f"qubicle.recipient.{a}.*.offer",
        f"qubicle.recipient.{a}.*.wiretap_start",
        f"qubicle.recipient.{a}.#",
        f"qubicle.session.{a}.#",
        f"qubicle.*.{a}.#",
        f"qubicle.*.{a}.*",
        f"qubicle.*.*.*.create",
        "qubicle.#",
        "qubicle.queue.#",
        "qubicle.queue",
        "qubicle.*",
        "qubicle.#.delivered",
        "#.delete",
        "*.*.*.*.*",
        "call.*.CHANNEL_CREATE.*",
        "call.#",
    ]


# Words and shapes that trip matchers: '#' at the start, middle and end, runs of wildcards,
# empty words (leading, trailing and doubled dots), the empty key, and long keys.
TRICKY_BINDINGS = [
    "", "#", "*", "#.#", "*.*", "#.*", "*.#", "#.#.#", "*.*.*", "#.*.#", "*.#.*", "#.*.*", "*.*.#",
    "a", "a.b", "a.*", "*.a", "a.#", "#.a", "a.#.b", "#.a.#", "a.*.#", "a.#.*", "*.a.#", "#.a.*",
    "a.*.b", "a.#.#.b", "a.*.*.b", "#.b", "b.#", "a.b.#", "#.a.b", "a.#.b.#", "#.b.#.a",
    "#.6.*.1.4.*", "a..b", "a.", ".a", ".", "..", "a.*.", "*.", ".*", ".#", "#.", "a.#.", ".#.a",
    "a.b.c", "a.*.c", "*.b.*", "#.c", "a.b.c.#", "x.#", "A.b", "a-b_c.#", "a.#.a",
]

TRICKY_KEYS = [
    "", "a", "b", "a.b", "b.a", "a.a", "a.b.c", "a.a.a", "a.b.b", "a.x.b", "a.x.y.b", "a.b.c.d",
    "a..b", "a.", ".a", ".", "..", "...", "a.b.", ".a.b", "a..", "..a", "6.a.a.6.a.1.4.a",
    "6.1.4.a", "a.b.a.b", "b.a.b", "x.a", "a.x", "x", "A.b", "a-b_c", "a-b_c.d",
    ".".join(["a"] * 30), ".".join(["w"] * 29 + ["b"]), ".".join(["a"] + ["w"] * 40 + ["b"]),
    "a.b.c.b.c", "a.b.b.b.c",
]


def ask(port, bindings, keys):
    """Returns {(binding, key): matched} as the broker routes them."""
    conn = pika.BlockingConnection(pika.ConnectionParameters(host="127.0.0.1", port=port))
    ch = conn.channel()
    ch.confirm_delivery()
    exchange = "agentdesk.judge"
    ch.exchange_declare(exchange=exchange, exchange_type="topic", auto_delete=True)
    queues = []
    for binding in bindings:
        q = ch.queue_declare(queue="", exclusive=True).method.queue
        ch.queue_bind(queue=q, exchange=exchange, routing_key=binding)
        queues.append(q)
    for i, key in enumerate(keys):
        # With confirms on, basic_publish returns once the broker has routed the message.
        ch.basic_publish(exchange=exchange, routing_key=key, body=str(i).encode())
    answers = {}
    for binding, q in zip(bindings, queues):
        got = set()
        while True:
            method, _props, body = ch.basic_get(queue=q, auto_ack=True)
            if method is None:
                break
            got.add(int(body))
        for i, key in enumerate(keys):
            answers[(binding, key)] = i in got
    conn.close()
    return answers


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    rows = []
    for bindings, keys in [(TRICKY_BINDINGS, TRICKY_KEYS), (seed_bindings(), seed_keys())]:
        # Duplicates would be asked twice and written twice; keep the first of each.
        bindings = list(dict.fromkeys(bindings))
        keys = list(dict.fromkeys(keys))
        answers = ask(port, bindings, keys)
        rows.extend((b, k, answers[(b, k)]) for b, k in itertools.product(bindings, keys))
    conn = pika.BlockingConnection(pika.ConnectionParameters(host="127.0.0.1", port=port))
    server = conn._impl.server_properties  # pylint: disable=protected-access
    version = server.get("version", b"?")
    conn.close()
    version = version.decode() if isinstance(version, bytes) else str(version)
    with open(out, "w", encoding="utf-8") as f:
        header = {
            "judge": "RabbitMQ topic exchange",
            "rabbitmq": version,
            "generator": "scripts/gen-amqp-table.sh",
            "rows": len(rows),
            "matched": sum(1 for r in rows if r[2]),
            "format": "one JSON array per line after this one: [binding, routing_key, matched]",
        }
        f.write(json.dumps(header) + "\n")
        for row in rows:
            f.write(json.dumps(list(row)) + "\n")
    print(f"{len(rows)} rows ({header['matched']} matched) from RabbitMQ {version} -> {out}")


if __name__ == "__main__":
    main()
