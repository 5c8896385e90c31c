//! Every row of Voxsig's table, against seed 001's payloads.

use serde_json::{json, Value};

use super::*;
use crate::dialects::happening::Stamped;
use crate::dialects::samples;
use crate::dialects::table::{exercise, frames_of};

fn frames() -> Vec<(&'static Row<Ctx>, Vec<Built>)> {
    let mut ctx = Ctx::new(7);
    // The conversation exists, as it does by the time anything is said or resolved.
    for s in samples::of(Kind::SessionCreated) {
        let _ = render(&s, &mut ctx);
    }
    exercise(TABLE, SKIPPED, &mut ctx)
}

fn of(event: &str, disc: Option<(&str, &str)>) -> Vec<Built> {
    frames_of(frames(), event, disc)
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

#[test]
fn every_row_renders_to_its_audience_and_reads_back() {
    for (row, built) in frames() {
        for b in built {
            assert_eq!(
                b.payload["event"], row.event,
                "the broadcast names its event"
            );
            assert!(
                b.address == "account:7" || b.address == "user:1001",
                "{}",
                b.address
            );
        }
    }
}

#[test]
fn conversation_carries_the_seeds_fields() {
    let created = &of("conversation.created", None)[0].payload["data"];
    for field in [
        "additional_attributes",
        "can_reply",
        "channel",
        "id",
        "inbox_id",
        "contact_inbox",
        "messages",
        "meta",
        "status",
        "unread_count",
        "agent_last_seen_at",
        "contact_last_seen_at",
        "timestamp",
        "account_id",
    ] {
        assert!(created.get(field).is_some(), "conversation lacks {field}");
    }
    assert_eq!(
        (
            created["id"].as_u64(),
            created["account_id"].as_i64(),
            created["status"].as_str()
        ),
        (Some(1), Some(7), Some("pending"))
    );
    assert_eq!(created["meta"]["sender"]["phone_number"], "13800000001");
    assert_eq!(created["meta"]["assignee"], Value::Null);
    let outbound = &of("conversation.created", None)[1].payload["data"];
    assert_eq!(
        (
            outbound["status"].as_str(),
            outbound["additional_attributes"]["direction"].as_str()
        ),
        (Some("open"), Some("outbound"))
    );
}

#[test]
fn routing_sets_the_assignee_and_the_call_drives_the_status() {
    let assigned = of("assignee.changed", None);
    assert_eq!(assigned.len(), 1, "a consult leg is no assignment");
    let user = &assigned[0].payload["data"]["meta"]["assignee"];
    assert_eq!(
        keys(user),
        [
            "availability_status",
            "available_name",
            "avatar_url",
            "id",
            "name",
            "thumbnail",
            "type"
        ]
    );
    assert_eq!(
        (user["id"].as_u64(), user["name"].as_str()),
        (Some(1001), Some("Ada"))
    );
    assert_eq!(
        of(
            "conversation.status_changed",
            Some(("/data/status", "open"))
        )[0]
        .payload["data"]["status"],
        "open"
    );
    let resolved = &of(
        "conversation.status_changed",
        Some(("/data/status", "resolved")),
    )[0]
    .payload["data"];
    assert_eq!(
        (
            resolved["status"].as_str(),
            resolved["additional_attributes"]["end_reason"].as_str()
        ),
        (Some("resolved"), Some("completed"))
    );
}

#[test]
fn a_caller_back_in_the_queue_is_pending_and_unassigned_but_a_first_join_says_nothing() {
    let mut ctx = Ctx::new(7);
    let joined = samples::of(Kind::CallerJoined).remove(0);
    assert!(
        render(&joined, &mut ctx).is_empty(),
        "a first join is conversation.created's"
    );
    let offered = samples::of(Kind::CallOffered).remove(0);
    let _ = render(&offered, &mut ctx);
    let back = render(&joined, &mut ctx);
    assert_eq!(back.len(), 1);
    let data = &back[0].built.payload["data"];
    assert_eq!(
        (data["status"].as_str(), &data["meta"]["assignee"]),
        (Some("pending"), &Value::Null)
    );
}

#[test]
fn transcript_lines_are_typing_then_a_message_from_the_speaker() {
    let on = &of("conversation.typing_on", None);
    assert_eq!(on.len(), 1, "only the sentence's start");
    assert_eq!(
        keys(&on[0].payload["data"]),
        ["account_id", "conversation", "is_private", "user"]
    );
    assert_eq!(on[0].payload["data"]["user"]["type"], "contact");
    let msg = &of("message.created", None)[0].payload["data"];
    for field in [
        "id",
        "content",
        "account_id",
        "inbox_id",
        "message_type",
        "created_at",
        "updated_at",
        "private",
        "status",
        "source_id",
        "content_type",
        "content_attributes",
        "sender_type",
        "sender_id",
        "external_source_ids",
        "sender",
    ] {
        assert!(msg.get(field).is_some(), "message lacks {field}");
    }
    assert_eq!(
        (
            msg["content"].as_str(),
            msg["message_type"].as_i64(),
            msg["sender_type"].as_str()
        ),
        (
            Some("I'd like to change my order"),
            Some(0),
            Some("Contact")
        )
    );
    assert_eq!(of("conversation.typing_off", None).len(), 1);
}

#[test]
fn an_agents_own_words_are_outgoing_messages_from_a_user() {
    let mut ctx = Ctx::new(7);
    let mut all = samples::of(Kind::Transcript);
    let Happening::Transcript(t) = &mut all[1].happening else {
        panic!()
    };
    t.role = 1;
    let out = render(&all[1], &mut ctx);
    let msg = out
        .iter()
        .find(|r| r.row.event == "message.created")
        .map(|r| &r.built.payload["data"])
        .unwrap();
    assert_eq!(
        (
            msg["message_type"].as_i64(),
            msg["sender_type"].as_str(),
            msg["sender_id"].as_u64()
        ),
        (Some(1), Some("User"), Some(1001))
    );
}

#[test]
fn presence_update_lists_every_logged_in_user_by_integer_id() {
    let p = of("presence.update", None);
    assert_eq!(p.len(), 3);
    assert_eq!(
        p[0].payload["data"],
        json!({"account_id": 7, "users": {"1001": "busy", "1002": "online"}, "contacts": {}})
    );
    // Paused after a call: `busy` either way in Voxsig's terms, so nothing is sent.
    let mut s = samples::of(Kind::AgentPresence).remove(1);
    let Happening::AgentPresence { previous, .. } = &mut s.happening else {
        panic!()
    };
    *previous = crate::dialects::happening::Presence::Busy;
    assert!(render(&s, &mut Ctx::new(7)).is_empty());
}

#[test]
fn notifications_go_to_the_user_with_a_notification_object() {
    let n = &of(
        "notification.created",
        Some((
            "/data/notification/notification_type",
            "conversation_assignment",
        )),
    );
    assert_eq!((n.len(), n[0].address.as_str()), (1, "user:1001"));
    let note = &n[0].payload["data"]["notification"];
    for field in [
        "id",
        "notification_type",
        "primary_actor_type",
        "primary_actor_id",
        "primary_actor",
        "read_at",
        "secondary_actor",
        "account_id",
        "push_message_title",
    ] {
        assert!(note.get(field).is_some(), "notification lacks {field}");
    }
    assert_eq!(n[0].payload["data"]["unread_count"], 1);
    let cb = &of(
        "notification.created",
        Some(("/data/notification/notification_type", "callback_due")),
    )[0]
    .payload["data"]["notification"];
    assert_eq!(cb["secondary_actor"]["callbackId"], "cb-7");
}

#[test]
fn ids_are_stable_and_agent_numbers_are_user_ids() {
    let mut book = Book::default();
    assert_eq!(book.user_id("1001"), 1001);
    assert_eq!(book.user_id("0001"), 1);
    let a = book.user_id("ada");
    assert!(a > 1_000_000_000 && book.user_id("ada") == a);
    let c = book.contact_id("138");
    assert_eq!(book.contact_id("138"), c);
    assert_ne!(book.contact_id("139"), c);
    let s: Stamped = samples::of(Kind::SessionCreated).remove(0);
    let Happening::SessionCreated { call } = &s.happening else {
        panic!()
    };
    let id = book.conversation(call, 0).id;
    assert_eq!(book.conversation(call, 5).id, id);
}

/// Row by row, the SDK reads each frame back to the catalog event the table declares.
#[test]
fn every_row_with_a_catalog_meaning_reads_back_in_the_sdk() {
    crate::dialects::table::exercise_meanings(
        crate::session::dialect::Kind::ActionCable,
        &frames(),
        false,
    );
}
