//! The tap under virtual time (center/tap.rs): what a watching edge gets of a tenant, in the
//! core's order, and the faces' commands (`ControlRequest::Act`) run as the agent's own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use agentdesk_core::dialects::happening::{QaStage, RecordingStage};
use agentdesk_core::dialects::{Feed, Kind, Observer};
use agentdesk_core::events::CatalogEvent;
use serde_json::json;

use super::tests::Rig;
use crate::port::{ControlRequest, CoreInput, CoreOutput, Tap};
use crate::sim::control::CallRequest;

impl Rig {
    /// Takes every tap put out so far.
    fn taps(&mut self) -> Vec<Tap> {
        let mut got = Vec::new();
        self.out.retain(|o| match o {
            CoreOutput::Tap(t) => {
                got.push(t.clone());
                false
            }
            _ => true,
        });
        got
    }

    fn watch(&mut self, tenant: &str) {
        self.input(CoreInput::Watch {
            tenant: tenant.into(),
            edge: "e1".into(),
        });
    }

    fn call(&mut self, queue: Option<&str>, agent_no: Option<&str>, talk_seconds: u64) {
        self.control(
            90,
            ControlRequest::PlaceCall(CallRequest {
                tenant_id: "t1".into(),
                queue_no: queue.map(str::to_owned),
                agent_no: agent_no.map(str::to_owned),
                talk_seconds: Some(talk_seconds),
                ..Default::default()
            }),
        );
        assert!(self.answers()[0].1.is_ok());
    }
}

/// A tap's feed as short words: `q:<queue>:<waiting>` for a snapshot, the event type for an
/// event, `rec:<stage>`, `qa:<stage>`.
fn words(taps: &[Tap]) -> Vec<String> {
    let mut out = Vec::new();
    for tap in taps {
        for feed in &tap.feed {
            out.push(match feed {
                Feed::Queues { status, .. } => status
                    .queue_status
                    .iter()
                    .map(|(q, s)| format!("q:{q}:{}", s.queue_entries.len()))
                    .collect::<Vec<_>>()
                    .join(","),
                Feed::Event { event, .. } => event.event_type().as_str().to_owned(),
                Feed::Recording(r) => format!("rec:{:?}", r.stage),
                Feed::Qa(q) => format!("qa:{:?}", q.stage),
            });
        }
    }
    out
}

#[test]
fn a_watcher_gets_the_tenant_whole_first_then_every_step_of_it() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    assert!(
        rig.taps().is_empty(),
        "nothing is tapped for a tenant nobody watches"
    );
    rig.watch("t1");
    let sync = rig.taps();
    assert_eq!(sync.len(), 1);
    assert_eq!(sync[0].sync_for.as_deref(), Some("e1"));
    let Feed::Queues {
        whole: true,
        status,
    } = &sync[0].feed[0]
    else {
        panic!("{:?}", sync[0].feed[0])
    };
    assert_eq!(
        status.queue_status.keys().collect::<Vec<_>>(),
        ["q-sales", "q-support"]
    );
    assert_eq!(
        status.queue_status["q-sales"].agent_statuses.len(),
        20,
        "the whole membership"
    );
    assert!(
        matches!(&sync[0].feed[1], Feed::Event { agent_no, event: CatalogEvent::AgentStatus(_) } if agent_no == "1001")
    );
    assert_eq!(sync[0].feed.len(), 2, "one logged-in agent");

    rig.call(Some("q-sales"), None, 600);
    let step = rig.taps();
    assert!(step
        .iter()
        .all(|t| t.sync_for.is_none() && t.tenant == "t1"));
    let w = words(&step);
    // The caller joins (before routing), rings at 1001, and the queue shows them gone after.
    let joined = w
        .iter()
        .position(|x| x == "q:q-sales:1")
        .expect("the caller waiting");
    let ringing = w.iter().position(|x| x == "ringing").expect("ringing");
    let left = w
        .iter()
        .rposition(|x| x == "q:q-sales:0")
        .expect("the queue empty again");
    assert!(joined < ringing && ringing < left, "{w:?}");
}

#[test]
fn an_observer_fed_by_the_tap_tells_a_routed_caller_joined_then_left() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    rig.watch("t1");
    rig.call(Some("q-sales"), None, 600);
    let mut observer = Observer::new();
    let kinds: Vec<Kind> = rig
        .taps()
        .iter()
        .flat_map(|t| t.feed.iter().map(move |f| (t.at_ms, f)))
        .flat_map(|(at, f)| observer.handle(at, f))
        .map(|s| s.happening.kind())
        .collect();
    let joined = kinds
        .iter()
        .position(|k| *k == Kind::CallerJoined)
        .expect("joined");
    let offered = kinds
        .iter()
        .position(|k| *k == Kind::CallOffered)
        .expect("offered");
    let left = kinds
        .iter()
        .position(|k| *k == Kind::CallerLeft)
        .expect("left");
    assert!(joined < left && left <= offered + 1, "{kinds:?}");
}

#[test]
fn another_tenants_steps_are_not_tapped() {
    let mut rig = Rig::new();
    rig.watch("t2");
    rig.taps();
    rig.login("s-a", "1001", 2);
    rig.call(None, Some("1001"), 600);
    rig.advance(1_000);
    assert!(rig.taps().is_empty());
}

#[test]
fn a_recorded_call_finishes_with_its_length_and_its_agent_gets_a_scorecard_after_wrap_up() {
    let mut rig = Rig::new();
    rig.watch("t1");
    rig.login("s-a", "1001", 2);
    rig.call(None, Some("1001"), 2);
    rig.advance(300); // answered after 200 ms
    rig.advance(2_000); // the customer hangs up
    let talked = words(&rig.taps());
    assert!(
        talked.contains(&"rec:Started".to_owned()) && talked.contains(&"rec:Finished".to_owned()),
        "{talked:?}"
    );
    assert!(
        !talked.iter().any(|w| w.starts_with("qa:")),
        "no scorecard during wrap-up"
    );
    rig.advance(1_000); // wrap-up over
    let after = rig.taps();
    let scorecard = after.iter().flat_map(|t| &t.feed).find_map(|f| match f {
        Feed::Qa(q) => Some(q.clone()),
        _ => None,
    });
    let scorecard = scorecard.expect("a scorecard after wrap-up");
    assert_eq!(
        (scorecard.stage, scorecard.agent_no.as_str()),
        (QaStage::ScorecardSaved, "1001")
    );
    assert!((60.0..=100.0).contains(&scorecard.score));
    let mut rig2 = Rig::new();
    rig2.watch("t1");
    rig2.login("s-a", "1001", 2);
    rig2.call(None, Some("1001"), 2);
    rig2.advance(2_300);
    let finished = rig2
        .taps()
        .into_iter()
        .flat_map(|t| t.feed)
        .find_map(|f| match f {
            Feed::Recording(r) if r.stage == RecordingStage::Finished => Some(r),
            _ => None,
        });
    assert_eq!(finished.and_then(|r| r.duration_s), Some(2));
}

#[test]
fn an_agent_whose_session_ends_is_tapped_offline() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    rig.watch("t1");
    rig.taps();
    rig.input(CoreInput::EndSession {
        session: "s-a".into(),
        reason: crate::port::EndReason::GraceExpired,
    });
    let taps = rig.taps();
    let offline = taps.iter().flat_map(|t| &t.feed).any(|f| match f {
        Feed::Event {
            agent_no,
            event: CatalogEvent::AgentStatus(e),
        } => agent_no == "1001" && e.status.state.as_str() == "offline",
        _ => false,
    });
    assert!(offline, "{:?}", words(&taps));
}

#[test]
fn a_faces_act_runs_as_the_agents_command_and_answers_its_control_request() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    rig.take("s-a");
    let act = |action: &str, no: &str| ControlRequest::Act {
        tenant_id: "t1".into(),
        agent_no: no.into(),
        action: action.into(),
        params: serde_json::Map::new(),
    };
    rig.control(5, act("pause", "1001"));
    let answers = rig.answers();
    assert_eq!(answers[0].0, 5);
    assert_eq!(answers[0].1.as_ref().unwrap()["code"], json!(0));
    assert_eq!(
        rig.kinds("s-a"),
        ["agentStatus"],
        "the event goes to the agent's session, the reply to the face"
    );
    rig.control(6, act("pause", "1002"));
    assert_eq!(
        rig.answers()[0].1.as_ref().unwrap_err().error_code,
        "NOT_LOGGED_IN"
    );
    rig.control(7, act("mute", "1001"));
    assert_ne!(
        rig.answers()[0].1.as_ref().unwrap()["code"],
        json!(0),
        "no call to mute: the core's refusal"
    );
}

#[test]
fn a_steps_tap_goes_out_before_its_batches_and_its_control_answer() {
    // A face authorizes a `call:` join from what the tap told it; a client that joins as soon as
    // its agent hears `ringing`, or as soon as the control request that placed the call returns,
    // must find the face already knowing the call.
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    rig.watch("t1");
    rig.out.clear();
    rig.control(
        90,
        ControlRequest::PlaceCall(CallRequest {
            tenant_id: "t1".into(),
            agent_no: Some("1001".into()),
            talk_seconds: Some(30),
            ..Default::default()
        }),
    );
    let kinds: Vec<&str> = rig
        .out
        .iter()
        .map(|o| match o {
            CoreOutput::Tap(_) => "tap",
            CoreOutput::Batch(_) => "batch",
            CoreOutput::Answer { .. } => "answer",
        })
        .collect();
    let first_other = kinds.iter().position(|k| *k != "tap").expect("a batch");
    assert!(first_other > 0, "{kinds:?}");
    assert!(
        kinds[first_other..].iter().all(|k| *k != "tap"),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"batch") && kinds.contains(&"answer"),
        "{kinds:?}"
    );
}
