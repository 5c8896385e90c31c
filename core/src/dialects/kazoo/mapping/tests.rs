//! Every row of Qubicle's table, against seed 000's event names and the Qubicle docs' fields.

use std::collections::BTreeSet;

use serde_json::Value;

use super::*;
use crate::dialects::kazoo::bindings::Binding;
use crate::dialects::samples;
use crate::dialects::table::exercise;

const A: &str = "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4";

fn frames() -> Vec<(&'static Row<Ctx>, Vec<Built>)> {
    let mut ctx = Ctx::new(A);
    exercise(TABLE, SKIPPED, &mut ctx)
}

/// Seed 000's three tables, event names as the seed spells them.
const SEED: [(&str, &[&str]); 3] = [
    ("queue", &["create", "delete", "join", "leave", "delivered"]),
    (
        "recipient",
        &[
            "create",
            "delete",
            "ready",
            "away",
            "pause",
            "resume",
            "wrapup_start",
            "wrapup_complete",
            "offer",
            "reject",
            "rescind",
            "delivered",
            "hangup",
            "external_call_start",
            "external_call_end",
            "sync",
            "wiretap_start",
            "wiretap_stop",
            "wiretap_failed",
            "interaction_finalize_start",
            "interaction_finalize_end",
        ],
    ),
    ("session", &["create", "delete"]),
];

#[test]
fn every_event_of_the_seeds_three_tables_is_produced() {
    let produced: BTreeSet<(String, String)> = frames()
        .iter()
        .flat_map(|(_, built)| built.iter())
        .map(|b| {
            let words: Vec<&str> = b.address.split('.').collect();
            (words[1].to_owned(), words[4].to_owned())
        })
        .collect();
    for (family, events) in SEED {
        for event in events {
            assert!(
                produced.contains(&(family.to_owned(), (*event).to_owned())),
                "qubicle.{family}.*.{event}"
            );
        }
    }
    let seed_count: usize = SEED.iter().map(|(_, e)| e.len()).sum();
    assert_eq!(
        produced.len(),
        seed_count,
        "nothing beyond the seed: {produced:?}"
    );
}

#[test]
fn routing_keys_are_the_seeds_five_segments_and_name_matches_the_last() {
    for (row, built) in frames() {
        for b in built {
            let words: Vec<&str> = b.address.split('.').collect();
            assert_eq!(words.len(), 5, "{}", b.address);
            assert_eq!((words[0], words[2], words[4]), ("qubicle", A, row.event));
            assert_eq!(b.payload["name"], row.event);
            assert_eq!(b.payload["data"]["event_name"], row.event);
        }
    }
}

#[test]
fn data_carries_the_common_fields_and_each_familys_own() {
    for (row, built) in frames() {
        for b in built {
            let d = &b.payload["data"];
            for f in [
                "account_id",
                "app_name",
                "app_version",
                "event_category",
                "event_name",
                "event_timestamp",
                "msg_id",
            ] {
                assert!(d.get(f).is_some(), "{} lacks {f}", b.address);
            }
            assert_eq!(
                (d["account_id"].as_str(), d["app_name"].as_str()),
                (Some(A), Some("qubicle"))
            );
            let family = b.address.split('.').nth(1).unwrap_or_default();
            assert_eq!(d["event_category"], format!("qubicle-{family}"));
            // Gregorian seconds (Kazoo's timestamps): 2026 is about 63.9e9.
            assert_eq!(
                d["event_timestamp"].as_i64(),
                Some(samples::AT_MS / 1000 + GREGORIAN_OFFSET_S)
            );
            let needed: &[&str] = match family {
                "queue" => &["queue_id", "stats"],
                "recipient" => &["recipient_id", "state", "username", "stats"],
                _ => &["session_id", "caller_id_number"],
            };
            for f in needed {
                assert!(
                    d.get(*f).is_some(),
                    "{} `{}` lacks {f}",
                    b.address,
                    row.event
                );
            }
        }
    }
}

#[test]
fn stats_have_the_docs_fields_and_follow_the_happenings() {
    let mut ctx = Ctx::new(A);
    let mut last = Value::Null;
    for kind in [
        Kind::QueueChanged,
        Kind::AgentLoggedIn,
        Kind::CallOffered,
        Kind::CallAnswered,
        Kind::CallLeft,
        Kind::CallerJoined,
        Kind::AgentReady,
    ] {
        for s in samples::of(kind) {
            for r in render(&s, &mut ctx) {
                last = r.built.payload["data"].clone();
            }
        }
    }
    let mut ctx2 = ctx.clone();
    let q = render(&samples::of(Kind::CallerJoined)[0], &mut ctx2);
    let stats = &q[0].built.payload["data"]["stats"];
    for f in [
        "estimated_wait",
        "average_wait",
        "recipient_count",
        "active_session_count",
        "total_sessions",
        "missed_sessions",
        "abandoned_sessions",
    ] {
        assert!(stats.get(f).is_some(), "queue stats lack {f}");
    }
    assert_eq!(
        (
            stats["recipient_count"].as_u64(),
            stats["abandoned_sessions"].as_u64()
        ),
        (Some(3), Some(1))
    );
    let r = &last["stats"];
    for f in [
        "total_calls",
        "offered_calls",
        "missed_calls",
        "avg_call_time",
        "login_time",
        "last_action_time",
        "last_handled_time",
    ] {
        assert!(r.get(f).is_some(), "recipient stats lack {f}");
    }
    assert_eq!(
        (r["offered_calls"].as_u64(), r["total_calls"].as_u64()),
        (Some(1), Some(2))
    );
}

#[test]
fn the_seeds_family_bindings_deliver_their_familys_events_and_nothing_else() {
    let all: Vec<Built> = frames().into_iter().flat_map(|(_, b)| b).collect();
    for family in ["queue", "recipient", "session"] {
        let binding = Binding::expand(&format!("qubicle.{family}.{A}.*"), A).unwrap();
        for b in &all {
            let entity: Vec<&str> = b.address.split('.').take(4).collect();
            let delivered = binding.delivers(&b.address, &entity.join("."));
            assert_eq!(
                delivered,
                b.address.starts_with(&format!("qubicle.{family}.")),
                "{} by {family}",
                b.address
            );
        }
    }
}

#[test]
fn outbound_calls_end_with_external_call_end_not_hangup() {
    let mut ctx = Ctx::new(A);
    let left = samples::of(Kind::CallLeft);
    let events: Vec<Vec<&str>> = left
        .iter()
        .map(|s| render(s, &mut ctx).iter().map(|r| r.row.event).collect())
        .collect();
    assert_eq!(events, [vec!["hangup"], vec!["external_call_end"]]);
    let failed = render(&samples::of(Kind::OutboundFailed)[0], &mut ctx);
    assert_eq!(failed[0].built.payload["data"]["result"], "failed");
    let row = table::find(
        TABLE,
        &failed[0].built.address,
        "external_call_end",
        &failed[0].built.payload,
    )
    .unwrap();
    assert_eq!(row.kind, Kind::OutboundFailed);
}

#[test]
fn the_sdk_reads_recipient_events_back_to_the_catalog() {
    let ready = table::find(
        TABLE,
        &format!("qubicle.recipient.{A}.1001.ready"),
        "ready",
        &Value::Null,
    )
    .unwrap();
    assert_eq!(ready.catalog, CatalogSide::Status(AgentState::Idle));
    let offer = table::find(
        TABLE,
        &format!("qubicle.recipient.{A}.1001.offer"),
        "offer",
        &Value::Null,
    )
    .unwrap();
    assert_eq!(offer.catalog, CatalogSide::Event(EventType::Ringing));
    let create = table::find(
        TABLE,
        &format!("qubicle.queue.{A}.q1.create"),
        "create",
        &Value::Null,
    )
    .unwrap();
    assert_eq!(create.kind, Kind::QueueOpened);
}

/// Row by row, the SDK reads each frame back to the catalog event the table declares.
#[test]
fn every_row_with_a_catalog_meaning_reads_back_in_the_sdk() {
    crate::dialects::table::exercise_meanings(
        crate::session::dialect::Kind::Kazoo,
        &frames(),
        true,
    );
}
