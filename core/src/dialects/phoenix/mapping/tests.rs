//! Every row of Voki's table, against seed 004's payloads.

use serde_json::{json, Value};

use super::*;
use crate::dialects::samples;
use crate::dialects::table::{exercise, frames_of};

fn frames() -> Vec<(&'static Row<Ctx>, Vec<Built>)> {
    let mut ctx = Ctx::default();
    ctx.queue_names.insert("q-sales".into(), "Sales".into());
    exercise(TABLE, SKIPPED, &mut ctx)
}

fn of(event: &str, disc: Option<(&str, &str)>) -> Vec<Built> {
    frames_of(frames(), event, disc)
}

#[test]
fn every_row_renders_fits_its_channel_and_reads_back() {
    assert_eq!(frames().len(), TABLE.len());
}

#[test]
fn queue_channel_events_carry_the_seeds_fields() {
    assert_eq!(
        of("customer_joined", None)[0],
        Built {
            address: "queue:q-sales".into(),
            payload: json!({"call_id": "gw-1700000300.401", "customer_name": "13800000001", "position": 3, "queue_size": 5})
        }
    );
    let left: Vec<Value> = of("customer_left", None)
        .into_iter()
        .map(|b| b.payload["reason"].clone())
        .collect();
    assert_eq!(left, [json!("assigned"), json!("cancelled")]);
    let assigned = of("call_assigned", None);
    assert_eq!(
        assigned.len(),
        1,
        "the consult leg is not a queue assignment"
    );
    assert_eq!(
        assigned[0].payload,
        json!({"call_id": "gw-1700000300.401", "user_id": "1001", "user_name": "Ada"})
    );
    assert_eq!(
        of("queue_update", None)[0].payload,
        json!({"queue_size": 3, "avg_wait_time": 25, "online_agents": 3})
    );
}

#[test]
fn presence_goes_to_each_of_the_agents_queues_and_offline_leaves() {
    let p = of("presence_diff", None);
    let addresses: Vec<&str> = p.iter().map(|b| b.address.as_str()).collect();
    assert_eq!(
        addresses,
        [
            "presence:q-sales",
            "presence:q-vip",
            "presence:q-sales",
            "presence:q-sales"
        ]
    );
    assert_eq!(
        p[0].payload,
        json!({"key": "1001", "meta": {"name": "Ada", "status": "busy", "current_call_id": "gw-1700000300.401"}})
    );
    assert_eq!(p[2].payload["meta"]["status"], "away");
    assert_eq!(p[3].payload["meta"], Value::Null);
}

#[test]
fn call_channel_events_carry_the_seeds_fields() {
    assert_eq!(
        of("participant_joined", Some(("role", "attendant")))[0].payload,
        json!({"user_id": "1001", "name": "Ada", "role": "attendant"})
    );
    assert_eq!(
        of("participant_joined", Some(("role", "supervisor")))[0].payload,
        json!({"user_id": "9001", "name": "Sam", "role": "supervisor"})
    );
    for event in ["monitor_start", "whisper_start", "barge_start"] {
        let b = of(event, None);
        assert_eq!(b.len(), 1, "{event}: one mode each");
        assert_eq!(
            b[0].payload,
            json!({"supervisor_id": "9001", "supervisor_name": "Sam"}),
            "{event}"
        );
    }
    assert_eq!(
        of("participant_left", Some(("role", "attendant")))[0].payload,
        json!({"user_id": "1001", "role": "attendant"})
    );
    assert_eq!(
        of("call_ended", None)[0].payload,
        json!({"reason": "completed"})
    );
    assert_eq!(
        of("call_ended", Some(("reason", "abandoned")))[0].address,
        "call:gw-1700000300.401"
    );
    assert_eq!(
        of("mute", None)[0].payload,
        json!({"type": "audio", "muted": true, "user_id": "1001"})
    );
}

#[test]
fn notification_channel_events_carry_the_seeds_fields() {
    let call = of("new_notification", Some(("type", "call_assigned")));
    assert_eq!(call.len(), 1, "not for a consult leg");
    assert_eq!(call[0].address, "notification:1001");
    assert_eq!(
        call[0].payload,
        json!({"type": "call_assigned", "title": "New call assigned", "body": "13800000001 is waiting in Sales", "data": {"call_id": "gw-1700000300.401"}})
    );
    let system = of("new_notification", Some(("type", "system")));
    assert_eq!(system.len(), 1, "a plain logout is no notification");
    assert_eq!(system[0].payload["data"]["reason"], "kicked");
    assert_eq!(
        of("appointment_reminder", None)[0].payload,
        json!({"appointment_id": "cb-7", "title": "Follow-up consultation", "scheduled_at": "2026-02-20T10:00:00Z", "customer_name": "13800000001", "minutes_until": 15})
    );
    assert_eq!(
        of("new_notification", Some(("type", "appointment_reminder")))[0].payload["body"],
        "Call 13800000001 back at 2026-02-20T10:00:00Z"
    );
}

#[test]
fn render_learns_queue_names_for_notification_texts() {
    let mut ctx = Ctx::default();
    for s in samples::of(Kind::QueueOpened) {
        assert!(render(&s, &mut ctx).is_empty());
    }
    let offered = samples::of(Kind::CallOffered);
    let frames = render(&offered[0], &mut ctx);
    let events: Vec<&str> = frames.iter().map(|r| r.row.event).collect();
    assert_eq!(events, ["call_assigned", "new_notification"]);
    assert_eq!(
        frames[1].built.payload["body"],
        "13800000001 is waiting in Sales"
    );
}

#[test]
fn the_sdk_reads_a_frame_back_to_its_catalog_meaning() {
    let row = table::find(
        TABLE,
        "notification:1001",
        "new_notification",
        &json!({"type": "call_assigned"}),
    )
    .unwrap();
    assert_eq!(
        (row.kind, row.catalog),
        (Kind::CallOffered, CatalogSide::Event(EventType::Ringing))
    );
    let row = table::find(TABLE, "call:c1", "whisper_start", &json!({})).unwrap();
    assert_eq!(row.catalog, CatalogSide::Event(EventType::WhisperLink));
    assert!(table::find(TABLE, "room:1", "whisper_start", &json!({})).is_none());
}

/// Row by row, the SDK reads each frame back to the catalog event the table declares.
#[test]
fn every_row_with_a_catalog_meaning_reads_back_in_the_sdk() {
    crate::dialects::table::exercise_meanings(
        crate::session::dialect::Kind::Phoenix,
        &frames(),
        true,
    );
}
