//! Unit tests of the hub: what each connection's queue and stop signal receive.

#![allow(clippy::unwrap_used)]

use super::*;
use agentdesk_core::agent::InitialStatus;
use tokio::sync::mpsc;

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

fn login() -> StatusChange {
    StatusChange::Login {
        initial: InitialStatus::Idle,
        pause_description: None,
    }
}

fn resume(session_id: &str, last_event_id: u64) -> ResumeRequest {
    ResumeRequest {
        session_id: session_id.into(),
        last_event_id,
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

fn drain(rx: &mut mpsc::Receiver<crate::queue::Outbound>) -> Vec<String> {
    let mut out = Vec::new();
    while let Ok(o) = rx.try_recv() {
        out.push(describe(&o.frame));
    }
    out
}

fn pause(hub: &Hub, a: &Attachment, id: u64) {
    let change = StatusChange::Pause {
        pause_type: 0,
        pause_description: None,
    };
    assert!(hub.change_status(&key(), a.conn_id, id, &change));
}

#[test]
fn reply_is_queued_before_the_events_it_causes() {
    let hub = hub(16, 100);
    let mut a = hub.attach(&key(), None);
    assert_eq!(a.resume, Resume::NotAsked);
    assert!(hub.change_status(&key(), a.conn_id, 7, &login()));
    assert_eq!(
        drain(&mut a.end.outbound),
        ["reply 7 0", "event 1 sessionInit", "event 2 agentStatus"]
    );
}

#[test]
fn logout_goes_out_through_the_stop_with_close_4500_and_ends_the_session() {
    let hub = hub(16, 100);
    let mut a = hub.attach(&key(), None);
    assert!(hub.change_status(&key(), a.conn_id, 1, &login()));
    assert!(hub.change_status(&key(), a.conn_id, 2, &StatusChange::Logout));
    let Ok(Stop::End {
        frames,
        code,
        reason: _,
    }) = a.end.stop.try_recv()
    else {
        panic!("no end")
    };
    let frames: Vec<_> = frames.iter().map(|f| describe(f)).collect();
    assert_eq!(
        frames,
        [
            "reply 2 0",
            "event 3 agentStatus",
            "event 4 sessionTerminate"
        ]
    );
    assert_eq!(code, 4500);
    assert!(hub.session_id(&key()).is_none());
}

#[test]
fn newer_auth_without_resume_kicks_a_logged_in_connection_with_session_terminate() {
    let hub = hub(16, 100);
    let mut old = hub.attach(&key(), None);
    assert!(hub.change_status(&key(), old.conn_id, 1, &login()));
    drain(&mut old.end.outbound);
    let new = hub.attach(&key(), None);
    let Ok(Stop::End { frames, code, .. }) = old.end.stop.try_recv() else {
        panic!("not ended")
    };
    assert_eq!(describe(&frames[0]), "event 3 sessionTerminate");
    assert_eq!(code, 4501);
    assert!(hub.is_current(&key(), new.conn_id));
    assert_ne!(new.session_id, old.session_id);
    // The old connection's late command changes nothing.
    assert!(!hub.change_status(&key(), old.conn_id, 2, &StatusChange::Unpause));
}

#[test]
fn resume_replays_what_was_missed_and_replaces_the_older_connection_quietly() {
    let hub = hub(16, 100);
    let mut old = hub.attach(&key(), None);
    assert!(hub.change_status(&key(), old.conn_id, 1, &login()));
    pause(&hub, &old, 2);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 1)));
    assert_eq!(new.resume, Resume::Resumed);
    assert_eq!(new.session_id, old.session_id);
    assert_eq!(new.last_event_id, 3);
    let replay: Vec<_> = new.replay.iter().map(|f| describe(f)).collect();
    assert_eq!(replay, ["event 2 agentStatus", "event 3 agentStatus"]);
    assert!(matches!(old.end.stop.try_recv(), Ok(Stop::Replaced)));
    assert!(hub.is_current(&key(), new.conn_id));
}

#[test]
fn events_after_a_resume_go_to_the_new_queue_and_never_into_the_replay() {
    let hub = hub(16, 100);
    let old = hub.attach(&key(), None);
    assert!(hub.change_status(&key(), old.conn_id, 1, &login()));
    hub.detach(&key(), old.conn_id);
    let mut new = hub.attach(&key(), Some(&resume(&old.session_id, 0)));
    pause(&hub, &new, 2);
    assert_eq!(new.replay.len(), 2);
    assert_eq!(
        drain(&mut new.end.outbound),
        ["reply 2 0", "event 3 agentStatus"]
    );
}

#[test]
fn resume_past_trimmed_history_is_gap_too_old_with_a_fresh_agent_status() {
    let hub = hub(16, 2);
    let old = hub.attach(&key(), None);
    assert!(hub.change_status(&key(), old.conn_id, 1, &login()));
    pause(&hub, &old, 2);
    assert!(hub.change_status(&key(), old.conn_id, 3, &StatusChange::Unpause));
    hub.detach(&key(), old.conn_id);
    let mut new = hub.attach(&key(), Some(&resume(&old.session_id, 1)));
    assert_eq!(new.resume, Resume::GapTooOld);
    assert_eq!(new.resume.error(), Some("GAP_TOO_OLD"));
    assert_eq!(new.last_event_id, 4);
    assert!(new.replay.is_empty());
    assert_eq!(drain(&mut new.end.outbound), ["event 5 agentStatus"]);
}

#[test]
fn resume_of_an_unknown_session_starts_a_new_one() {
    let hub = hub(16, 100);
    let a = hub.attach(&key(), Some(&resume("s-gone", 9)));
    assert_eq!(a.resume, Resume::SessionUnknown);
    assert_eq!(a.last_event_id, 0);
    assert!(hub.is_current(&key(), a.conn_id));
}

#[test]
fn full_queue_stops_the_connection_with_overflow_and_the_session_goes_on() {
    let hub = hub(2, 100);
    let mut a = hub.attach(&key(), None);
    assert!(hub.change_status(&key(), a.conn_id, 1, &login()));
    assert!(matches!(a.end.stop.try_recv(), Ok(Stop::Overflow)));
    assert!(!hub.is_current(&key(), a.conn_id));
    let b = hub.attach(&key(), Some(&resume(&a.session_id, 0)));
    assert_eq!(b.resume, Resume::Resumed);
    assert_eq!(b.replay.len(), 2);
}

#[test]
fn detach_of_a_replaced_connection_leaves_the_newer_one() {
    let hub = hub(4, 100);
    let old = hub.attach(&key(), None);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 0)));
    hub.detach(&key(), old.conn_id);
    assert!(hub.is_current(&key(), new.conn_id));
    hub.detach(&key(), new.conn_id);
    assert!(!hub.is_current(&key(), new.conn_id));
    assert!(hub.session_id(&key()).is_some());
}

#[test]
fn key_expiry_of_a_replaced_connection_ends_nothing() {
    let hub = hub(4, 100);
    let old = hub.attach(&key(), None);
    let new = hub.attach(&key(), Some(&resume(&old.session_id, 0)));
    assert!(!hub.end(&key(), Some(old.conn_id), Ending::KEY_EXPIRED));
    assert!(hub.end(&key(), Some(new.conn_id), Ending::KEY_EXPIRED));
    assert!(hub.session_id(&key()).is_none());
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
    assert_eq!(hub.reap(now), None);
    hub.detach(&key(), a.conn_id);
    let deadline = hub.reap(Instant::now()).unwrap();
    assert!(deadline > now);
    assert_eq!(hub.reap(deadline), None);
    assert!(hub.session_id(&key()).is_none());
    assert!(hub.session_id(&other).is_some());
}
