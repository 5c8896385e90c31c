//! Every row of GlobeMeet's table, against seed 002's topic families.

use std::collections::BTreeSet;

use serde_json::json;

use super::*;
use crate::dialects::globemeet::topic::Pattern;
use crate::dialects::samples;
use crate::dialects::table::exercise;

fn frames() -> Vec<(&'static Row<Ctx>, Vec<Built>)> {
    exercise(TABLE, SKIPPED, &mut Ctx)
}

#[test]
fn every_event_seed_002_lists_has_a_row_and_renders() {
    let seed = [
        (
            "session",
            &["created", "connected", "ended", "dropped", "transferred"][..],
        ),
        (
            "queue",
            &["depth-changed", "abandoned", "max-wait-exceeded"][..],
        ),
        (
            "agent",
            &["online", "offline", "status-changed", "busy", "break"][..],
        ),
        (
            "recording",
            &["started", "finished", "failed", "deleted"][..],
        ),
        (
            "qa",
            &["scorecard-saved", "dispute-raised", "score-updated"][..],
        ),
    ];
    let produced: BTreeSet<String> = frames().iter().map(|(row, _)| event_name(row)).collect();
    let wanted: BTreeSet<String> = seed
        .iter()
        .flat_map(|(f, es)| es.iter().map(move |e| format!("{f}.{e}")))
        .collect();
    assert_eq!(produced, wanted);
}

#[test]
fn topics_are_three_words_and_the_seeds_patterns_select_them() {
    for (row, built) in frames() {
        for b in &built {
            assert_eq!(b.address.split('.').count(), 3, "{}", b.address);
            let family = row.address.split('.').next().unwrap();
            assert!(Pattern::parse(&format!("{family}.*"))
                .unwrap()
                .matches(&b.address));
            assert!(Pattern::parse("*").unwrap().matches(&b.address));
        }
    }
}

#[test]
fn payloads_carry_what_a_dashboard_needs() {
    let by = |event: &str| {
        frames()
            .into_iter()
            .find(|(r, _)| event_name(r) == event)
            .map(|(_, b)| b)
            .unwrap()
    };
    let depth = &by("queue.depth-changed")[0];
    assert_eq!(depth.address, "queue.q-sales.depth-changed");
    assert_eq!(
        (
            depth.payload["depth"].as_u64(),
            depth.payload["longest_wait_seconds"].as_u64()
        ),
        (Some(3), Some(41))
    );
    let connected = &by("session.connected")[0];
    assert_eq!(
        (
            connected.address.as_str(),
            connected.payload["agent_id"].as_str()
        ),
        ("session.q-sales.connected", Some("1001"))
    );
    let created = by("session.created");
    assert_eq!(
        created[1].address, "session.direct.created",
        "an outbound call has no queue"
    );
    assert_eq!(
        by("queue.abandoned").len(),
        1,
        "a routed caller did not abandon"
    );
    assert_eq!(by("agent.busy").len(), 1, "only becoming busy");
    assert_eq!(by("recording.finished")[0].payload["duration_seconds"], 95);
    assert_eq!(
        by("qa.score-updated")[0].payload,
        json!({"scorecard_id": "sc-1", "session_id": "gw-1700000300.401", "queue": "q-sales", "agent_id": "1001", "score": 92.0})
    );
}

#[test]
fn an_unchanged_depth_is_no_event() {
    let mut s = samples::of(Kind::QueueChanged).remove(0);
    let Happening::QueueChanged(q) = &mut s.happening else {
        panic!()
    };
    q.previous_waiting = Some(q.waiting);
    assert!(render(&s, &mut Ctx).is_empty());
}

/// Row by row, the SDK reads each frame back to the catalog event the table declares.
#[test]
fn every_row_with_a_catalog_meaning_reads_back_in_the_sdk() {
    crate::dialects::table::exercise_meanings(
        crate::session::dialect::Kind::GlobeMeet,
        &frames(),
        true,
    );
}
