//! The observer under the event sequences of docs/flows.md, as the simulator sends them.

use serde_json::{json, Value};

use super::super::happening::{
    Happening, Kind, LeaveReason, LeftQueue, Leg, Presence, RescindReason, SentenceStage,
    SessionEnd,
};
use super::*;
use crate::events::{CatalogEvent, QueueStatusEvent};

pub(crate) fn status(state: &str, action: &str, device: i64, call: Option<&str>) -> CatalogEvent {
    let initial = match state {
        "offline" => 0,
        "busy" => 2,
        _ => 1,
    };
    let mut s = json!({"state": state, "stateAction": action, "initialStatus": initial, "deviceStatus": device});
    if let Some(call) = call {
        s["callType"] = json!(1);
        s["uniqueId"] = json!(format!("{call}-leg"));
        s["mainUniqueId"] = json!(call);
    }
    event(json!({"eventType": "agentStatus", "tenantId": "t1", "agentNo": "1001", "status": s}))
}

pub(crate) fn event(v: Value) -> CatalogEvent {
    CatalogEvent::from_value(v).unwrap()
}

pub(crate) fn ringing(agent: &str, call: &str, queue: &str, sub_call_type: i64) -> CatalogEvent {
    event(json!({
        "eventType": "ringing", "tenantId": "t1", "agentNo": agent, "callType": 1,
        "channel": "SIP/t1-1001-1", "mainUniqueId": call, "uniqueId": format!("{call}-leg"),
        "customerNumber": "13800000001", "customerAreaCode": "021", "customerProvince": "Shanghai",
        "customerCity": "Shanghai", "subCallType": sub_call_type, "hotline": "4000000000",
        "numberTrunk": "trunk-1", "queueNo": queue, "chanVariables": {}
    }))
}

pub(crate) fn queue_status(waiting: &[(&str, u64)], idle: u64) -> QueueStatusEvent {
    let entries: Vec<Value> = waiting
        .iter()
        .enumerate()
        .map(|(i, (id, wait))| json!({"uniqueId": id, "customerNumber": "13800000001", "joinTime": 1_000_000, "position": i + 1, "waitSeconds": wait}))
        .collect();
    serde_json::from_value(json!({"queueStatus": {"q-sales": {
        "queueParams": {"queueNo": "q-sales", "name": "Sales", "maxWaitSeconds": 300, "waiting": waiting.len(),
                        "longestWaitSeconds": 0, "agentsLoggedIn": 1, "agentsIdle": idle},
        "agentStatuses": [{"agentNo": "1001", "name": "Ada", "state": "idle"}],
        "queueEntries": entries
    }}}))
    .unwrap()
}

fn kinds(list: &[Stamped]) -> Vec<Kind> {
    list.iter().map(|s| s.happening.kind()).collect()
}

fn logged_in_observer() -> Observer {
    let mut o = Observer::new();
    let _ = o.handle_queue_status(1_000_000, &queue_status(&[], 1));
    let _ = o.handle_event(1_000_000, "1001", &status("idle", "login", 0, None));
    o
}

#[test]
fn login_is_logged_in_then_ready_with_presence_available() {
    let mut o = Observer::new();
    let _ = o.handle_queue_status(0, &queue_status(&[], 0));
    let out = o.handle_event(5, "1001", &status("idle", "login", 0, None));
    assert_eq!(
        kinds(&out),
        [
            Kind::AgentLoggedIn,
            Kind::AgentReady,
            Kind::AgentStatusChanged,
            Kind::AgentPresence
        ]
    );
    assert!(out.iter().all(|s| s.at_ms == 5));
    let Happening::AgentPresence {
        agent,
        presence,
        queues,
        roster,
        ..
    } = &out[3].happening
    else {
        panic!()
    };
    assert_eq!(
        (agent.name.as_str(), *presence, queues.as_slice()),
        (
            "Ada",
            Presence::Available,
            ["q-sales".to_owned()].as_slice()
        )
    );
    assert_eq!(roster.get("1001"), Some(&Presence::Available));
}

#[test]
fn a_repeated_status_is_no_happening() {
    let mut o = logged_in_observer();
    assert!(o
        .handle_event(2, "1001", &status("idle", "login", 0, None))
        .is_empty());
}

#[test]
fn pause_is_away_and_paused_in_each_queue_and_unpause_resumes() {
    let mut o = logged_in_observer();
    let out = o.handle_event(2, "1001", &status("busy", "pause", 0, None));
    assert_eq!(
        kinds(&out),
        [
            Kind::AgentAway,
            Kind::MemberPaused,
            Kind::AgentStatusChanged,
            Kind::AgentPresence
        ]
    );
    let out = o.handle_event(3, "1001", &status("idle", "unpause", 0, None));
    assert_eq!(
        kinds(&out),
        [
            Kind::AgentReady,
            Kind::MemberResumed,
            Kind::AgentStatusChanged,
            Kind::AgentPresence
        ]
    );
}

#[test]
fn an_inbound_call_from_queue_to_wrapup_tells_every_moment_in_order() {
    let mut o = logged_in_observer();
    let out = o.handle_queue_status(1_002_000, &queue_status(&[("c1", 2)], 1));
    assert_eq!(
        kinds(&out),
        [
            Kind::ContactSeen,
            Kind::SessionCreated,
            Kind::CallerJoined,
            Kind::QueueChanged
        ]
    );

    let out = o.handle_event(
        1_005_000,
        "1001",
        &status("ringing", "ringing", 3, Some("c1")),
    );
    assert_eq!(kinds(&out), [Kind::AgentStatusChanged, Kind::AgentPresence]);
    let out = o.handle_event(1_005_000, "1001", &ringing("1001", "c1", "q-sales", 0));
    assert_eq!(
        kinds(&out),
        [Kind::CallerLeft, Kind::CallOffered, Kind::AgentPresence]
    );
    let Happening::CallerLeft {
        reason, waited_s, ..
    } = &out[0].happening
    else {
        panic!()
    };
    assert_eq!((*reason, *waited_s), (LeftQueue::Routed, 5));
    let Happening::AgentPresence { call_id, .. } = &out[2].happening else {
        panic!()
    };
    assert_eq!(call_id.as_deref(), Some("c1"));

    let out = o.handle_event(
        1_007_000,
        "1001",
        &status("talking", "answer", 4, Some("c1")),
    );
    assert_eq!(
        kinds(&out),
        [
            Kind::CallAnswered,
            Kind::SessionConnected,
            Kind::AgentStatusChanged
        ]
    );

    let out = o.handle_event(1_009_000, "1001", &status("talking", "mute", 4, Some("c1")));
    assert!(
        matches!(&out[0].happening, Happening::Muted { muted: true, .. }),
        "{out:?}"
    );

    let out = o.handle_event(
        1_020_000,
        "1001",
        &status("wrapup", "customerHangup", 0, None),
    );
    assert_eq!(
        kinds(&out),
        [
            Kind::CallLeft,
            Kind::SessionEnded,
            Kind::WrapupStarted,
            Kind::AgentStatusChanged,
            Kind::AgentPresence
        ]
    );
    assert!(matches!(
        &out[0].happening,
        Happening::CallLeft {
            reason: LeaveReason::CustomerHangup,
            leg: Leg::Customer,
            ..
        }
    ));
    assert!(matches!(
        &out[1].happening,
        Happening::SessionEnded {
            end: SessionEnd::Completed,
            ..
        }
    ));
    let Happening::WrapupStarted { call, .. } = &out[2].happening else {
        panic!()
    };
    assert_eq!(
        call.as_ref().map(|c| c.queue.as_deref()),
        Some(Some("q-sales"))
    );

    let out = o.handle_event(1_030_000, "1001", &status("idle", "wrapupEnd", 0, None));
    assert_eq!(
        kinds(&out),
        [
            Kind::WrapupEnded,
            Kind::AgentReady,
            Kind::AgentStatusChanged,
            Kind::AgentPresence
        ]
    );
    // The next snapshot no longer shows c1: it was routed, not abandoned.
    let out = o.handle_queue_status(1_030_000, &queue_status(&[], 1));
    assert!(!kinds(&out).contains(&Kind::SessionDropped), "{out:?}");
}

#[test]
fn a_caller_routed_before_any_snapshot_showed_them_still_joins_and_leaves_the_queue() {
    let mut o = logged_in_observer();
    let out = o.handle_event(7, "1001", &ringing("1001", "c9", "q-sales", 0));
    assert_eq!(
        kinds(&out),
        [
            Kind::ContactSeen,
            Kind::SessionCreated,
            Kind::CallerJoined,
            Kind::CallerLeft,
            Kind::CallOffered,
            Kind::AgentPresence
        ]
    );
}

#[test]
fn a_caller_who_vanishes_from_the_queue_without_an_offer_abandoned() {
    let mut o = logged_in_observer();
    let _ = o.handle_queue_status(1_000_000, &queue_status(&[("c2", 0)], 0));
    let out = o.handle_queue_status(1_040_000, &queue_status(&[], 0));
    assert_eq!(
        kinds(&out),
        [Kind::CallerLeft, Kind::SessionDropped, Kind::QueueChanged]
    );
    assert!(matches!(
        &out[0].happening,
        Happening::CallerLeft {
            reason: LeftQueue::Abandoned,
            waited_s: 40,
            ..
        }
    ));
    let Happening::QueueChanged(stats) = &out[2].happening else {
        panic!()
    };
    assert_eq!(
        (
            stats.waiting,
            stats.previous_waiting,
            stats.abandoned_callers
        ),
        (0, Some(1), 1)
    );
}

#[test]
fn a_long_wait_is_reported_once() {
    let mut o = logged_in_observer();
    let _ = o.handle_queue_status(0, &queue_status(&[("c3", 299)], 0));
    let out = o.handle_queue_status(2_000, &queue_status(&[("c3", 301)], 0));
    assert_eq!(
        kinds(&out),
        [Kind::QueueMaxWaitExceeded, Kind::QueueChanged]
    );
    let out = o.handle_queue_status(3_000, &queue_status(&[("c3", 302)], 0));
    assert_eq!(kinds(&out), [Kind::QueueChanged]);
}

#[test]
fn reject_and_ring_out_and_caller_hangup_while_ringing_are_told_apart() {
    for (action, state, expected) in [
        ("reject", "idle", None),
        ("noAnswer", "busy", Some(RescindReason::NoAnswer)),
        ("abandoned", "idle", Some(RescindReason::CallerHungUp)),
    ] {
        let mut o = logged_in_observer();
        let _ = o.handle_event(1, "1001", &status("ringing", "ringing", 3, Some("c4")));
        let _ = o.handle_event(1, "1001", &ringing("1001", "c4", "q-sales", 0));
        let out = o.handle_event(2, "1001", &status(state, action, 0, None));
        match expected {
            None => assert_eq!(out[0].happening.kind(), Kind::OfferRejected, "{action}"),
            Some(reason) => {
                assert!(
                    matches!(&out[0].happening, Happening::OfferRescinded { reason: r, .. } if *r == reason),
                    "{action}"
                )
            }
        }
        assert_eq!(
            kinds(&out).contains(&Kind::SessionDropped),
            action == "abandoned",
            "{action}"
        );
        assert!(!kinds(&out).contains(&Kind::CallAnswered));
    }
}

#[test]
fn a_consult_leg_joins_and_leaves_without_touching_the_customer_session() {
    let mut o = logged_in_observer();
    let _ = o.handle_event(1, "1001", &ringing("1001", "c5", "q-sales", 0));
    let _ = o.handle_event(1, "1001", &status("talking", "answer", 4, Some("c5")));
    let mut b = status("ringing", "ringing", 3, Some("c5"));
    if let CatalogEvent::AgentStatus(e) = &mut b {
        e.agent_no = "1002".into();
    }
    let _ = o.handle_event(2, "1002", &b);
    let out = o.handle_event(2, "1002", &ringing("1002", "c5", "", 101));
    assert!(
        matches!(&out[0].happening, Happening::CallOffered { leg: Leg::Consult, call, .. } if call.customer_number == "13800000001")
    );
    let out = o.handle_event(3, "1002", &status("talking", "answer", 4, Some("c5")));
    assert_eq!(kinds(&out)[..1], [Kind::CallAnswered]);
    assert!(!kinds(&out).contains(&Kind::SessionConnected));
    let out = o.handle_event(4, "1002", &status("wrapup", "hangup", 0, None));
    assert!(matches!(
        &out[0].happening,
        Happening::CallLeft {
            leg: Leg::Consult,
            ..
        }
    ));
    assert!(!kinds(&out).contains(&Kind::SessionEnded));
}

#[test]
fn a_transfer_hands_the_session_over_instead_of_ending_it() {
    let mut o = logged_in_observer();
    let _ = o.handle_event(1, "1001", &ringing("1001", "c6", "q-sales", 0));
    let _ = o.handle_event(1, "1001", &status("talking", "answer", 4, Some("c6")));
    let out = o.handle_event(2, "1001", &status("wrapup", "transferred", 0, None));
    assert_eq!(kinds(&out)[..2], [Kind::CallLeft, Kind::SessionTransferred]);
    assert!(!kinds(&out).contains(&Kind::SessionEnded));
}

#[test]
fn preview_outbound_creates_a_session_and_a_failure_ends_it() {
    let mut o = logged_in_observer();
    let start = event(
        json!({"eventType": "previewObCallStart", "tenantId": "t1", "agentNo": "1001",
        "customerNumber": "13900000002", "customerNumberType": 1, "obClidAreaCode": "021",
        "mainUniqueId": "p1", "requestUniqueId": "r1", "obClid": "4000000000"}),
    );
    assert_eq!(
        kinds(&o.handle_event(1, "1001", &start)),
        [
            Kind::ContactSeen,
            Kind::SessionCreated,
            Kind::OutboundStarted
        ]
    );
    let result = event(
        json!({"eventType": "previewObCallResult", "tenantId": "t1", "agentNo": "1001",
        "customerNumber": "13900000002", "result": "error", "uniqueId": "p1-leg", "obClid": "4000000000", "reason": "busy"}),
    );
    let out = o.handle_event(2, "1001", &result);
    assert_eq!(kinds(&out), [Kind::OutboundFailed, Kind::SessionEnded]);
    assert!(
        matches!(&out[1].happening, Happening::SessionEnded { end: SessionEnd::Failed, call } if call.call_id == "p1" && call.is_outbound())
    );
}

#[test]
fn transcript_sentences_start_once_and_end_once() {
    let mut o = logged_in_observer();
    let line = |index: i64, kind: &str, text: &str| {
        event(
            json!({"eventType": "transcript", "text": text, "role": 2, "transcriptTime": 1, "beginTime": 0,
            "endTime": 1, "finished": i64::from(kind == "sentenceEnd"), "sentenceIndex": index,
            "sentenceType": kind, "mainUniqueId": "c7"}),
        )
    };
    let stages: Vec<_> = [
        line(0, "intermediateResult", "he"),
        line(0, "intermediateResult", "hello"),
        line(0, "sentenceEnd", "hello there"),
        line(1, "sentenceEnd", "bye"),
    ]
    .iter()
    .flat_map(|e| o.handle_event(1, "1001", e))
    .map(|s| match s.happening {
        Happening::Transcript(t) => (t.index, t.stage, t.text),
        other => panic!("{other:?}"),
    })
    .collect();
    assert_eq!(
        stages,
        [
            (0, SentenceStage::Started, "he".to_owned()),
            (0, SentenceStage::Final, "hello there".to_owned()),
            (1, SentenceStage::Final, "bye".to_owned()),
        ]
    );
}

#[test]
fn monitor_events_count_once_from_the_supervisors_copy() {
    let mut o = logged_in_observer();
    let _ = o.handle_event(1, "1001", &ringing("1001", "c8", "q-sales", 0));
    let link = event(
        json!({"eventType": "whisperLink", "tenantId": "t1", "agentNo": "9001", "whisperedCno": "1001",
        "initiator": "9001", "initiatorType": 1, "channel": "SIP/x"}),
    );
    let out = o.handle_event(2, "9001", &link);
    assert!(
        matches!(&out[..], [Stamped { happening: Happening::MonitorStarted(m), .. }] if m.call_id.as_deref() == Some("c8") && m.agent.name == "Ada")
    );
    // The agent's copy of the same link adds nothing.
    assert!(o.handle_event(2, "1001", &link).is_empty());
    let failed = event(
        json!({"eventType": "bargeResult", "tenantId": "t1", "agentNo": "9001", "bargedAgentNo": "1001",
        "initiator": "9001", "initiatorType": 1, "uniqueId": "u", "result": "error"}),
    );
    assert_eq!(
        kinds(&o.handle_event(3, "9001", &failed)),
        [Kind::MonitorFailed]
    );
    let ok = event(
        json!({"eventType": "bargeResult", "tenantId": "t1", "agentNo": "9001", "bargedAgentNo": "1001",
        "initiator": "9001", "initiatorType": 1, "uniqueId": "u", "result": "success"}),
    );
    assert!(o.handle_event(3, "9001", &ok).is_empty());
}

#[test]
fn logout_and_sync_and_queue_closing() {
    let mut o = logged_in_observer();
    assert_eq!(kinds(&o.sync(9)), [Kind::AgentSync]);
    let out = o.handle_event(10, "1001", &status("offline", "kicked", -1, None));
    assert!(
        matches!(&out[0].happening, Happening::AgentLoggedOut { reason, .. } if reason == "kicked")
    );
    assert!(o.sync(11).is_empty());
    let out = o.handle_queue_status(
        12,
        &QueueStatusEvent {
            queue_status: Default::default(),
        },
    );
    assert_eq!(kinds(&out), [Kind::QueueClosed]);
}

#[test]
fn calls_the_observer_missed_the_start_of_are_picked_up_from_a_talking_status() {
    let mut o = logged_in_observer();
    let out = o.handle_event(1, "1001", &status("talking", "answer", 4, Some("c10")));
    assert_eq!(
        kinds(&out)[..1],
        [Kind::SessionCreated],
        "an unknown number is no contact"
    );
    let out = o.handle_event(2, "1001", &status("wrapup", "hangup", 0, None));
    assert_eq!(kinds(&out)[..2], [Kind::CallLeft, Kind::SessionEnded]);
}

#[test]
fn memory_stays_bounded_under_a_flood_of_unanswered_calls() {
    let mut o = logged_in_observer();
    for i in 0..(MAX_CALLS + 50) {
        let _ = o.handle_event(i as i64, "1001", &ringing("1001", &format!("f{i}"), "", 0));
    }
    assert!(o.calls.len() <= MAX_CALLS);
    assert!(o.contacts.len() <= MAX_CONTACTS);
}

#[test]
fn a_snapshot_of_changes_keeps_the_members_it_does_not_list() {
    let mut o = logged_in_observer();
    let mut changes = queue_status(&[], 1);
    if let Some(q) = changes.queue_status.get_mut("q-sales") {
        q.queue_params.insert("update".into(), json!("changes"));
        q.agent_statuses.clear();
    }
    let _ = o.handle_queue_changes(1_000_500, &changes);
    let out = o.handle_event(1_001_000, "1001", &status("busy", "pause", 0, None));
    assert!(
        kinds(&out).contains(&Kind::MemberPaused),
        "1001 is still a member of q-sales: {:?}",
        kinds(&out)
    );
}
