//! Unit tests of the hub: what each connection's queue and stop signal receive from the core's
//! batches, and how resume, detach and the grace period treat sessions.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::port::EndReason;
use agentdesk_core::agent::{state_action, AgentStatus};
use agentdesk_core::events::{AgentStatusEvent, CatalogEvent};
use agentdesk_core::protocol::Reply;

fn key() -> AgentKey {
    AgentKey {
        tenant_id: "t1".into(),
        agent_no: "0001".into(),
    }
}

fn hub(queue_frames: usize, max_events: usize) -> Hub {
    Hub::new(HubLimits {
        grace: Duration::from_secs(60),
        history: HistoryLimits {
            max_events,
            max_age: Duration::from_secs(60),
        },
        queue_frames,
    })
}

fn resume(session_id: &str, last_event_id: u64) -> ResumeRequest {
    ResumeRequest {
        session_id: session_id.into(),
        last_event_id,
    }
}

fn status() -> CatalogEvent {
    CatalogEvent::AgentStatus(AgentStatusEvent {
        tenant_id: "t1".into(),
        agent_no: "0001".into(),
        status: AgentStatus::offline(state_action::LOGOUT),
    })
}

fn reply(id: u64) -> Reply {
    crate::commands::ok_reply(id, serde_json::json!({}))
}

/// A batch of the core: `events` numbered from `first`, then a reply to `request`, if any.
fn batch(
    session: &str,
    first: u64,
    events: usize,
    request: Option<u64>,
    end: Option<EndReason>,
) -> Batch {
    let mut items = Vec::new();
    if let Some(r) = request {
        items.push(Item::Reply {
            request: r,
            reply: reply(r),
        });
    }
    for i in 0..events {
        items.push(Item::Event {
            id: first + i as u64,
            payload: status(),
        });
    }
    Batch {
        session: session.into(),
        items,
        last_event_id: first + events as u64 - 1,
        end,
    }
}

fn describe(frame: &ServerFrame) -> String {
    match frame {
        ServerFrame::Reply(r) => format!("reply {} {}", r.id, r.code),
        ServerFrame::Event { event_id, payload } => {
            format!("event {event_id} {}", payload.event_type())
        }
        other => format!("{other:?}"),
    }
}

fn drain(end: &crate::queue::ConnEnd) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(o) = end.try_frame() {
        out.push(describe(&o.frame));
    }
    out
}

#[test]
fn a_new_session_is_announced_to_the_core() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), None);
    assert_eq!(a.resume, Resume::NotAsked);
    assert_eq!(
        a.tell,
        Some(CoreInput::SessionStarted {
            session: a.session_id.clone(),
            agent: key()
        })
    );
}

#[test]
fn a_batch_reaches_the_queue_in_order_and_the_reply_only_its_own_connection() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), None);
    assert!(hub.expect_reply(&a.session_id, a.conn_id, 7));
    hub.deliver(batch(&a.session_id, 1, 2, Some(7), None));
    // A reply nobody waits for (another connection's, a repeat) is not written.
    hub.deliver(batch(&a.session_id, 3, 1, Some(7), None));
    assert_eq!(
        drain(&a.end),
        [
            "reply 7 0",
            "event 1 agentStatus",
            "event 2 agentStatus",
            "event 3 agentStatus"
        ]
    );
}

#[test]
fn an_ending_batch_goes_out_through_the_stop_with_its_close_and_forgets_the_session() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), None);
    assert!(hub.expect_reply(&a.session_id, a.conn_id, 2));
    hub.deliver(batch(&a.session_id, 3, 2, Some(2), Some(EndReason::Logout)));
    let Some(Stop::End { frames, code, .. }) = a.end.try_stop() else {
        panic!("no end")
    };
    let frames: Vec<_> = frames.iter().map(|f| describe(f)).collect();
    assert_eq!(
        frames,
        ["reply 2 0", "event 3 agentStatus", "event 4 agentStatus"]
    );
    assert_eq!(code, 4500);
    assert!(drain(&a.end).is_empty());
    assert_eq!(hub.len(), 0);
}

#[test]
fn resume_replays_what_was_missed_and_replaces_the_older_connection_quietly() {
    let hub = hub(16, 100);
    let old = hub.attach(&key(), None);
    hub.deliver(batch(&old.session_id, 1, 3, None, None));
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 1)));
    assert_eq!(new.resume, Resume::Resumed);
    assert_eq!(new.session_id, old.session_id);
    assert_eq!(new.last_event_id, 3);
    assert_eq!(new.tell, None);
    let replay: Vec<_> = new.replay.iter().map(|f| describe(f)).collect();
    assert_eq!(replay, ["event 2 agentStatus", "event 3 agentStatus"]);
    assert!(matches!(old.end.try_stop(), Some(Stop::Replaced)));
    assert!(hub.carries(&new.session_id, new.conn_id));
    assert!(!hub.expect_reply(&old.session_id, old.conn_id, 9));
}

#[test]
fn events_after_a_resume_go_to_the_new_queue_and_never_into_the_replay() {
    let hub = hub(16, 100);
    let old = hub.attach(&key(), None);
    hub.deliver(batch(&old.session_id, 1, 2, None, None));
    hub.detach(&old.session_id, old.conn_id);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 0)));
    hub.deliver(batch(&old.session_id, 3, 1, None, None));
    assert_eq!(new.replay.len(), 2);
    assert_eq!(drain(&new.end), ["event 3 agentStatus"]);
}

#[test]
fn resume_past_trimmed_history_is_gap_too_old_and_asks_the_core_to_resync() {
    let hub = hub(16, 2);
    let old = hub.attach(&key(), None);
    hub.deliver(batch(&old.session_id, 1, 4, None, None));
    hub.detach(&old.session_id, old.conn_id);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 1)));
    assert_eq!(new.resume, Resume::GapTooOld);
    assert_eq!(new.resume.error(), Some("GAP_TOO_OLD"));
    assert_eq!(new.last_event_id, 4);
    assert!(new.replay.is_empty());
    assert_eq!(
        new.tell,
        Some(CoreInput::Resync {
            session: old.session_id.clone()
        })
    );
}

#[test]
fn resume_of_an_unknown_or_another_agent_s_session_starts_a_new_one() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), Some(&resume("s-gone", 9)));
    assert_eq!(a.resume, Resume::SessionUnknown);
    assert_eq!(a.last_event_id, 0);
    let other = AgentKey {
        tenant_id: "t2".into(),
        agent_no: "0001".into(),
    };
    let b = hub.attach(&other, Some(&resume(&a.session_id, 0)));
    assert_eq!(b.resume, Resume::SessionUnknown);
    assert_ne!(b.session_id, a.session_id);
}

#[test]
fn full_queue_stops_the_connection_with_overflow_and_the_session_goes_on() {
    let hub = hub(2, 100);
    let a = hub.attach(&key(), None);
    hub.deliver(batch(&a.session_id, 1, 3, None, None));
    assert!(matches!(a.end.try_stop(), Some(Stop::Overflow)));
    assert!(!hub.carries(&a.session_id, a.conn_id));
    let b = hub.attach(&key(), Some(&resume(&a.session_id, 0)));
    assert_eq!(b.resume, Resume::Resumed);
    assert_eq!(b.replay.len(), 3);
}

#[test]
fn detach_of_a_replaced_connection_leaves_the_newer_one() {
    let hub = hub(4, 100);
    let old = hub.attach(&key(), None);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 0)));
    assert!(!hub.detach(&old.session_id, old.conn_id));
    assert!(hub.carries(&new.session_id, new.conn_id));
    assert!(hub.detach(&new.session_id, new.conn_id));
    assert!(!hub.carries(&new.session_id, new.conn_id));
    assert_eq!(hub.len(), 1);
}

#[tokio::test]
async fn reap_ends_only_sessions_detached_past_the_grace_period() {
    let hub = hub(4, 100);
    let a = hub.attach(&key(), None);
    let other = AgentKey {
        tenant_id: "t1".into(),
        agent_no: "0002".into(),
    };
    let _b = hub.attach(&other, None);
    let now = Instant::now();
    assert_eq!(hub.reap(now), (Vec::new(), None));
    hub.detach(&a.session_id, a.conn_id);
    let (gone, deadline) = hub.reap(Instant::now());
    assert!(gone.is_empty());
    let deadline = deadline.unwrap();
    assert!(deadline > now);
    let (gone, next) = hub.reap(deadline);
    assert_eq!(gone, [(a.session_id.clone(), key())]);
    assert_eq!(next, None);
    assert_eq!(hub.len(), 1);
}

#[test]
fn a_resume_before_the_grace_runs_out_keeps_the_session_from_the_reaper() {
    let hub = hub(4, 100);
    let a = hub.attach(&key(), None);
    hub.detach(&a.session_id, a.conn_id);
    let b = hub.attach(&key(), Some(&resume(&a.session_id, 0)));
    assert_eq!(b.resume, Resume::Resumed);
    let later = Instant::now() + Duration::from_secs(3600);
    assert_eq!(hub.reap(later), (Vec::new(), None));
    assert_eq!(hub.len(), 1);
}

#[test]
fn without_local_history_a_batch_past_a_gap_is_held_back_and_reported() {
    let hub = hub(16, 100);
    let (conn_id, conn, end) = hub.new_conn();
    hub.hold(&key(), "s-r", conn);
    // Held until its newest id is known.
    hub.deliver(batch("s-r", 5, 1, None, None));
    let held = hub.release("s-r", 5);
    assert_eq!(held.len(), 1);
    assert!(drain(&end).is_empty());
    hub.deliver(held.into_iter().next().unwrap());
    assert!(drain(&end).is_empty(), "5 was in the replay");
    assert!(hub.carries("s-r", conn_id));
    assert_eq!(hub.carried(), [("s-r".to_owned(), conn_id)]);
    assert_eq!(hub.deliver(batch("s-r", 7, 1, None, None)), Some(6));
    assert!(drain(&end).is_empty());
    // Duplicates of what was already written are skipped.
    assert_eq!(hub.deliver(batch("s-r", 4, 3, None, None)), None);
    assert_eq!(drain(&end), ["event 6 agentStatus"]);
    // Detached, a session whose history lives elsewhere leaves this edge.
    assert!(hub.detach("s-r", conn_id));
    assert_eq!(hub.len(), 0);
}

/// How many events the session's history keeps right now.
fn kept(hub: &Hub, session_id: &str) -> usize {
    hub.lock()
        .entries
        .get(session_id)
        .and_then(|e| e.history.as_ref())
        .map_or(0, History::len)
}

#[test]
fn an_ack_waits_in_the_connections_cell_until_the_hub_next_holds_the_session() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), None);
    hub.deliver(batch(&a.session_id, 1, 4, None, None));
    // The ping's path stores the ack and takes no lock: history keeps everything for now.
    a.end.acknowledge(3);
    a.end.acknowledge(2);
    assert_eq!(kept(&hub, &a.session_id), 4);
    // The next delivery, under the lock anyway, trims first (acks only ever grow).
    hub.deliver(batch(&a.session_id, 5, 1, None, None));
    assert_eq!(kept(&hub, &a.session_id), 2);
}

#[test]
fn a_resume_reads_history_after_the_replaced_connections_last_ack() {
    let hub = hub(16, 100);
    let old = hub.attach(&key(), None);
    hub.deliver(batch(&old.session_id, 1, 4, None, None));
    old.end.acknowledge(3);
    // The old connection still carries the session (a half-open link): its ack counts all the
    // same, as it did when acks trimmed at once.
    let gap = hub.attach(&key(), Some(&resume(&old.session_id, 2)));
    assert_eq!(gap.resume, Resume::GapTooOld);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 3)));
    assert_eq!(new.resume, Resume::Resumed);
    let replay: Vec<_> = new.replay.iter().map(|f| describe(f)).collect();
    assert_eq!(replay, ["event 4 agentStatus"]);
}

#[test]
fn a_detach_applies_the_connections_last_ack() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), None);
    hub.deliver(batch(&a.session_id, 1, 3, None, None));
    a.end.acknowledge(3);
    assert!(hub.detach(&a.session_id, a.conn_id));
    assert_eq!(kept(&hub, &a.session_id), 0);
}
