//! The Kazoo/Qubicle face's binding matcher agrees with a real RabbitMQ topic exchange on every
//! row of core/tests/data/amqp_topic_table.jsonl, which the broker itself answered
//! (scripts/gen-amqp-table.sh regenerates it).

use agentdesk_core::dialects::amqp::matches;
use serde_json::Value;

const TABLE: &str = include_str!("data/amqp_topic_table.jsonl");

#[test]
fn matcher_agrees_with_rabbitmq_on_every_row_of_the_judge_table() {
    let mut lines = TABLE.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header line")).expect("header");
    let mut rows = 0;
    let mut matched = 0;
    let mut disagreements = Vec::new();
    for line in lines {
        let (binding, key, expected): (String, String, bool) =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        rows += 1;
        matched += usize::from(expected);
        if matches(&binding, &key) != expected {
            disagreements.push(format!(
                "binding {binding:?} key {key:?}: RabbitMQ says {expected}"
            ));
        }
    }
    assert_eq!(
        header["rows"], rows,
        "the header counts the rows that follow"
    );
    assert_eq!(header["matched"], matched);
    assert!(
        rows > 3000,
        "the table covers the tricky and the seed cases ({rows} rows)"
    );
    assert!(
        disagreements.is_empty(),
        "{} of {rows} rows disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn judge_table_covers_each_seed_binding_family_both_ways() {
    let has = |binding: &str, key_part: &str, expected: bool| {
        TABLE.lines().skip(1).any(|line| {
            let (b, k, m): (String, String, bool) = serde_json::from_str(line).unwrap();
            b == binding && k.contains(key_part) && m == expected
        })
    };
    let a = "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4";
    for family in ["queue", "recipient"] {
        let binding = format!("qubicle.{family}.{a}.*");
        assert!(
            has(&binding, &format!("qubicle.{family}.{a}."), true),
            "{binding}"
        );
        assert!(
            has(&binding, &format!("qubicle.{family}.{a}."), false),
            "{binding}"
        );
    }
    assert!(has(
        &format!("qubicle.session.{a}.gw-1700000300.401"),
        "session",
        false
    ));
    assert!(has(
        &format!("qubicle.recipient.{a}.#"),
        "00000000000000000000000000000001",
        false
    ));
}
