//! One or more realistic happenings of every kind, for the dialects' row-by-row tests: each
//! row of every table must render from at least one of them, and each variant a row may decline
//! (a consult leg, another monitor mode) is here too.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::agent::{AgentState, AgentStatus};

use super::happening::*;

/// The agent of the samples.
pub(crate) fn ada() -> AgentRef {
    AgentRef {
        agent_no: "1001".into(),
        name: "Ada".into(),
    }
}

/// The supervisor of the samples.
pub(crate) fn sam() -> AgentRef {
    AgentRef {
        agent_no: "9001".into(),
        name: "Sam".into(),
    }
}

/// A queue call.
pub(crate) fn call() -> CallRef {
    CallRef {
        call_id: "gw-1700000300.401".into(),
        queue: Some("q-sales".into()),
        customer_number: "13800000001".into(),
        call_type: 1,
    }
}

/// An outbound call.
pub(crate) fn outbound() -> CallRef {
    CallRef {
        call_id: "gw-1700000400.7".into(),
        queue: None,
        customer_number: "13900000002".into(),
        call_type: 4,
    }
}

pub(crate) fn status(state: &str, action: &str) -> AgentStatus {
    let device = match state {
        "offline" => -1,
        "ringing" => 3,
        "talking" => 4,
        _ => 0,
    };
    let initial = match state {
        "offline" => 0,
        "busy" => 2,
        _ => 1,
    };
    serde_json::from_value(json!({"state": state, "stateAction": action, "initialStatus": initial, "deviceStatus": device})).unwrap_or_else(|_| AgentStatus::offline(action))
}

fn monitor(mode: MonitorMode) -> Monitor {
    Monitor {
        supervisor: sam(),
        agent: ada(),
        mode,
        call_id: Some(call().call_id),
    }
}

fn stats() -> QueueStats {
    QueueStats {
        queue: "q-sales".into(),
        name: "Sales".into(),
        waiting: 3,
        previous_waiting: Some(2),
        longest_wait_s: 41,
        average_wait_s: 25,
        agents_logged_in: 3,
        agents_idle: 1,
        total_callers: 12,
        abandoned_callers: 1,
        missed_offers: 2,
        active_calls: 2,
    }
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// At 2026-02-20T09:45:00Z, a quarter of an hour before the sample callback.
pub(crate) const AT_MS: i64 = 1_771_580_700_000;

/// Every sample, stamped.
pub(crate) fn all() -> Vec<Stamped> {
    use Happening as H;
    let roster = BTreeMap::from([
        ("1001".to_owned(), Presence::Busy),
        ("1002".to_owned(), Presence::Available),
    ]);
    let list = vec![
        H::AgentLoggedIn {
            agent: ada(),
            status: status("idle", "login"),
        },
        H::AgentLoggedOut {
            agent: ada(),
            reason: "logout".into(),
        },
        H::AgentLoggedOut {
            agent: ada(),
            reason: "kicked".into(),
        },
        H::AgentReady { agent: ada() },
        H::AgentAway {
            agent: ada(),
            reason: Some("Lunch".into()),
        },
        H::AgentStatusChanged {
            agent: ada(),
            status: status("talking", "answer"),
            previous: AgentState::Ringing,
        },
        H::AgentPresence {
            agent: ada(),
            presence: Presence::Busy,
            previous: Presence::Available,
            call_id: Some(call().call_id),
            queues: vec!["q-sales".into(), "q-vip".into()],
            roster: roster.clone(),
        },
        H::AgentPresence {
            agent: ada(),
            presence: Presence::Away,
            previous: Presence::Available,
            call_id: None,
            queues: vec!["q-sales".into()],
            roster: roster.clone(),
        },
        H::AgentPresence {
            agent: ada(),
            presence: Presence::Offline,
            previous: Presence::Available,
            call_id: None,
            queues: vec!["q-sales".into()],
            roster,
        },
        H::AgentSync {
            agent: ada(),
            status: status("idle", "wrapupEnd"),
        },
        H::MemberPaused {
            queue: "q-sales".into(),
            agent: ada(),
        },
        H::MemberResumed {
            queue: "q-sales".into(),
            agent: ada(),
        },
        H::WrapupStarted {
            agent: ada(),
            call: Some(call()),
            seconds: Some(10),
        },
        H::WrapupEnded { agent: ada() },
        H::CallOffered {
            agent: ada(),
            call: call(),
            leg: Leg::Customer,
        },
        H::CallOffered {
            agent: ada(),
            call: call(),
            leg: Leg::Consult,
        },
        H::OfferRejected {
            agent: ada(),
            call: call(),
        },
        H::OfferRescinded {
            agent: ada(),
            call: call(),
            reason: RescindReason::CallerHungUp,
        },
        H::OfferRescinded {
            agent: ada(),
            call: call(),
            reason: RescindReason::NoAnswer,
        },
        H::CallAnswered {
            agent: ada(),
            call: call(),
            leg: Leg::Customer,
        },
        H::CallAnswered {
            agent: ada(),
            call: outbound(),
            leg: Leg::Customer,
        },
        H::CallLeft {
            agent: ada(),
            call: call(),
            leg: Leg::Customer,
            reason: LeaveReason::CustomerHangup,
        },
        H::CallLeft {
            agent: ada(),
            call: outbound(),
            leg: Leg::Customer,
            reason: LeaveReason::Hangup,
        },
        H::OutboundStarted {
            agent: ada(),
            call: outbound(),
        },
        H::OutboundFailed {
            agent: ada(),
            call: outbound(),
            reason: "busy".into(),
        },
        H::Muted {
            agent: ada(),
            call: call(),
            muted: true,
        },
        H::Transcript(Sentence {
            agent: ada(),
            call_id: call().call_id,
            role: 2,
            text: "I'd like".into(),
            index: 0,
            stage: SentenceStage::Started,
        }),
        H::Transcript(Sentence {
            agent: ada(),
            call_id: call().call_id,
            role: 2,
            text: "I'd like to change my order".into(),
            index: 0,
            stage: SentenceStage::Final,
        }),
        H::CallbackDue {
            agent: ada(),
            fields: fields(
                json!({"tenantId": "t1", "agentNo": "1001", "callbackId": "cb-7", "customerNumber": "13800000001", "scheduledTime": 1_771_581_600_000_i64, "note": "Follow-up consultation"}),
            ),
        },
        H::MonitorStarted(monitor(MonitorMode::Spy)),
        H::MonitorStarted(monitor(MonitorMode::Whisper)),
        H::MonitorStarted(monitor(MonitorMode::Threeway)),
        H::MonitorStarted(monitor(MonitorMode::Barge)),
        H::MonitorEnded(monitor(MonitorMode::Whisper)),
        H::MonitorFailed(monitor(MonitorMode::Barge)),
        H::SessionCreated { call: call() },
        H::SessionCreated { call: outbound() },
        H::SessionConnected {
            call: call(),
            agent: ada(),
            waited_s: 12,
        },
        H::SessionTransferred {
            call: call(),
            from: ada(),
        },
        H::SessionDropped {
            call: call(),
            waited_s: 40,
        },
        H::SessionEnded {
            call: call(),
            end: SessionEnd::Completed,
        },
        H::ContactSeen {
            customer_number: "13800000001".into(),
        },
        H::QueueOpened {
            queue: "q-sales".into(),
            name: "Sales".into(),
        },
        H::QueueClosed {
            queue: "q-sales".into(),
        },
        H::CallerJoined {
            call: call(),
            queue: "q-sales".into(),
            position: 3,
            queue_size: 5,
            estimated_wait_s: 25,
        },
        H::CallerLeft {
            call: call(),
            queue: "q-sales".into(),
            reason: LeftQueue::Routed,
            waited_s: 12,
        },
        H::CallerLeft {
            call: call(),
            queue: "q-sales".into(),
            reason: LeftQueue::Abandoned,
            waited_s: 40,
        },
        H::QueueChanged(stats()),
        H::QueueMaxWaitExceeded {
            call: call(),
            queue: "q-sales".into(),
            waited_s: 301,
            max_wait_s: 300,
        },
        H::Recording(Recording {
            recording_id: "rec-1".into(),
            call_id: call().call_id,
            queue: Some("q-sales".into()),
            agent_no: "1001".into(),
            duration_s: None,
            stage: RecordingStage::Started,
        }),
        H::Recording(Recording {
            recording_id: "rec-1".into(),
            call_id: call().call_id,
            queue: Some("q-sales".into()),
            agent_no: "1001".into(),
            duration_s: Some(95),
            stage: RecordingStage::Finished,
        }),
        H::Recording(Recording {
            recording_id: "rec-2".into(),
            call_id: call().call_id,
            queue: Some("q-sales".into()),
            agent_no: "1001".into(),
            duration_s: None,
            stage: RecordingStage::Failed,
        }),
        H::Recording(Recording {
            recording_id: "rec-1".into(),
            call_id: call().call_id,
            queue: Some("q-sales".into()),
            agent_no: "1001".into(),
            duration_s: None,
            stage: RecordingStage::Deleted,
        }),
        H::Qa(Scorecard {
            scorecard_id: "sc-1".into(),
            call_id: call().call_id,
            agent_no: "1001".into(),
            queue: Some("q-sales".into()),
            score: 87.5,
            stage: QaStage::ScorecardSaved,
        }),
        H::Qa(Scorecard {
            scorecard_id: "sc-1".into(),
            call_id: call().call_id,
            agent_no: "1001".into(),
            queue: Some("q-sales".into()),
            score: 87.5,
            stage: QaStage::DisputeRaised,
        }),
        H::Qa(Scorecard {
            scorecard_id: "sc-1".into(),
            call_id: call().call_id,
            agent_no: "1001".into(),
            queue: Some("q-sales".into()),
            score: 92.0,
            stage: QaStage::ScoreUpdated,
        }),
    ];
    list.into_iter()
        .map(|happening| Stamped {
            at_ms: AT_MS,
            happening,
        })
        .collect()
}

/// The samples of one kind.
pub(crate) fn of(kind: Kind) -> Vec<Stamped> {
    all()
        .into_iter()
        .filter(|s| s.happening.kind() == kind)
        .collect()
}

#[test]
fn every_kind_has_a_sample() {
    for kind in Kind::ALL {
        assert!(!of(*kind).is_empty(), "{}", kind.name());
    }
}
