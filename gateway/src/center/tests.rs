//! The core without sockets: inputs in, batches out, timers on a virtual clock (a minute of
//! ringing runs in microseconds). Flows that the integration tests reach only through real
//! WebSockets are pinned here at the port, where the edge sees them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agentdesk_core::protocol::v1::{ServerFrame, MAX_FRAME_BYTES};
use agentdesk_core::protocol::Reply;
use serde_json::{json, Map, Value};
use tokio::time::Instant;

use super::Core;
use crate::directory::Directory;
use crate::port::{AgentKey, ControlId, ControlRequest, CoreInput, CoreOutput, EndReason, Item};
use crate::sim::media_legs::MediaOrder;
use crate::sim::SimConfig;

const EPOCH_MS: u64 = 1_716_200_000_000;

/// The core and a virtual clock; everything it put out, per session.
pub(super) struct Rig {
    pub(super) core: Core,
    pub(super) now: Instant,
    pub(super) out: Vec<CoreOutput>,
    next_request: u64,
}

fn agent(no: &str) -> AgentKey {
    AgentKey {
        tenant_id: "t1".into(),
        agent_no: no.into(),
    }
}

fn settings() -> SimConfig {
    SimConfig {
        seed: Some(7),
        answer_delay: Duration::from_millis(200),
        ring_timeout: Duration::from_secs(20),
        wrapup_secs: 1,
        transcript_interval: Duration::from_secs(3600),
        talk_secs: (600, 600),
        ..SimConfig::quiet()
    }
}

fn params(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Rig {
    fn with(directory: &Directory, cfg: SimConfig) -> Self {
        let now = Instant::now();
        Self {
            core: Core::new(cfg, directory, now, 7, EPOCH_MS),
            now,
            out: Vec::new(),
            next_request: 0,
        }
    }

    pub(super) fn new() -> Self {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/test-directory.toml");
        Self::with(&Directory::load(&path).unwrap(), settings())
    }

    pub(super) fn pump(&mut self) {
        while let Some(o) = self.core.poll_output() {
            self.out.push(o);
        }
    }

    pub(super) fn input(&mut self, input: CoreInput) {
        self.core.handle_input(self.now, input);
        self.pump();
    }

    /// Runs the virtual clock `ms` forward, firing every timer due on the way.
    pub(super) fn advance(&mut self, ms: u64) {
        let until = self.now + Duration::from_millis(ms);
        while let Some(at) = self.core.poll_timeout().filter(|at| *at <= until) {
            self.now = at.max(self.now);
            self.core.handle_timeout(self.now);
            self.pump();
        }
        self.now = until;
    }

    pub(super) fn start(&mut self, session: &str, no: &str) {
        self.input(CoreInput::SessionStarted {
            session: session.into(),
            agent: agent(no),
        });
    }

    /// Sends a command; returns its request id.
    pub(super) fn command(&mut self, session: &str, no: &str, action: &str, p: Value) -> u64 {
        self.next_request += 1;
        let request = self.next_request;
        self.input(CoreInput::Command {
            session: session.into(),
            agent: agent(no),
            request,
            action: action.into(),
            params: params(p),
        });
        request
    }

    pub(super) fn login(&mut self, session: &str, no: &str, endpoint_type: i64) {
        self.start(session, no);
        let p = json!({"bindEndpoint": {"endpointType": endpoint_type, "endpoint": format!("8{no}")}, "initialStatus": 1});
        let r = self.command(session, no, "login", p);
        assert_eq!(self.reply(session, r).code, 0);
    }

    /// Takes every frame sent to `session` so far: (event id or 0 for a reply, what).
    pub(super) fn take(&mut self, session: &str) -> Vec<(u64, String, Value)> {
        let mut got = Vec::new();
        self.out.retain(|o| match o {
            CoreOutput::Batch(b) if b.session == session => {
                for item in &b.items {
                    match item {
                        Item::Event { id, payload } => got.push((
                            *id,
                            payload.event_type().as_str().to_owned(),
                            serde_json::to_value(payload).unwrap(),
                        )),
                        Item::Reply { request, reply } => got.push((
                            0,
                            format!("reply {request}"),
                            serde_json::to_value(reply).unwrap(),
                        )),
                    }
                }
                if let Some(end) = b.end {
                    got.push((0, format!("end {end:?}"), Value::Null));
                }
                false
            }
            _ => true,
        });
        got
    }

    pub(super) fn kinds(&mut self, session: &str) -> Vec<String> {
        self.take(session).into_iter().map(|(_, k, _)| k).collect()
    }

    pub(super) fn reply(&mut self, session: &str, request: u64) -> Reply {
        let mut found = None;
        for o in &self.out {
            if let CoreOutput::Batch(b) = o {
                if b.session != session {
                    continue;
                }
                for item in &b.items {
                    if let Item::Reply { request: r, reply } = item {
                        if *r == request {
                            found = Some(reply.clone());
                        }
                    }
                }
            }
        }
        found.expect("a reply")
    }

    pub(super) fn answers(&mut self) -> Vec<(u64, crate::port::ControlAnswer)> {
        let mut got = Vec::new();
        self.out.retain(|o| match o {
            CoreOutput::Answer { id, answer } => {
                got.push((id.n, answer.clone()));
                false
            }
            CoreOutput::Batch(_) | CoreOutput::Tap(_) => true,
        });
        got
    }

    pub(super) fn control(&mut self, n: u64, request: ControlRequest) {
        let id = ControlId {
            edge: "e".into(),
            n,
        };
        self.input(CoreInput::Control { id, request });
    }
}

#[test]
fn login_numbers_the_session_from_one_and_stamps_the_reply_with_its_last_event() {
    let mut rig = Rig::new();
    rig.start("s-a", "1001");
    let r = rig.command(
        "s-a",
        "1001",
        "login",
        json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 1}),
    );
    let frames = rig.take("s-a");
    let kinds: Vec<_> = frames.iter().map(|(id, k, _)| (*id, k.as_str())).collect();
    assert_eq!(
        kinds,
        [(1, "sessionInit"), (2, "agentStatus"), (0, "reply 1")],
        "the reply after the events it caused"
    );
    assert_eq!(r, 1);
    assert_eq!(frames[2].2["data"]["role"], "agent");
    assert_eq!(frames[2].2["lastEventId"], 2, "the reply knows its effects");
    assert_eq!(frames[1].2["status"]["state"], "idle");
}

#[test]
fn the_core_owns_the_status_pause_unpause_and_refusals_are_judged_on_it() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.take("s-a");
    let p = rig.command("s-a", "1001", "pause", json!({"pauseDescription": "lunch"}));
    let u = rig.command("s-a", "1001", "unpause", json!({}));
    let again = rig.command("s-a", "1001", "unpause", json!({}));
    assert_eq!(rig.reply("s-a", p).last_event_id, Some(3));
    assert_eq!(rig.reply("s-a", u).last_event_id, Some(4));
    let refused = rig.reply("s-a", again);
    assert_eq!(refused.error_code.as_deref(), Some("INVALID_STATE"));
    assert_eq!(refused.last_event_id, Some(4));
    let states: Vec<_> = rig
        .take("s-a")
        .into_iter()
        .filter(|(_, k, _)| k == "agentStatus")
        .map(|(_, _, v)| v["status"]["state"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(states, ["busy", "idle"]);
    // Before login, a status command is NOT_LOGGED_IN.
    rig.start("s-b", "1002");
    let r = rig.command("s-b", "1002", "pause", json!({}));
    assert_eq!(
        rig.reply("s-b", r).error_code.as_deref(),
        Some("NOT_LOGGED_IN")
    );
}

#[test]
fn a_new_session_of_the_agent_kicks_the_logged_in_one_with_session_terminate() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.take("s-a");
    rig.start("s-b", "1001");
    assert_eq!(rig.kinds("s-a"), ["sessionTerminate", "end Kicked"]);
    // The old session's late command is refused; the new one is not logged in yet.
    let r = rig.command("s-a", "1001", "pause", json!({}));
    assert_eq!(
        rig.reply("s-a", r).error_code.as_deref(),
        Some("NOT_AUTHENTICATED")
    );
    let r = rig.command("s-b", "1001", "pause", json!({}));
    assert_eq!(
        rig.reply("s-b", r).error_code.as_deref(),
        Some("NOT_LOGGED_IN")
    );
}

#[test]
fn logout_says_offline_then_terminate_then_ends_the_session() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    assert_eq!(
        rig.kinds("s-a"),
        ["sessionInit", "agentStatus", "extenState", "reply 1"]
    );
    rig.command("s-a", "1001", "logout", json!({}));
    let frames = rig.take("s-a");
    let kinds: Vec<_> = frames.iter().map(|(_, k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "extenState",
            "agentStatus",
            "sessionTerminate",
            "reply 2",
            "end Logout"
        ]
    );
    assert_eq!(frames[1].2["status"]["state"], "offline");
    assert_eq!(frames[2].2["reason"], "logout");
    assert_eq!(frames[3].2["lastEventId"], 6);
    assert_eq!(rig.core.sessions(), 0);
}

#[test]
fn an_unanswered_call_rings_out_after_twenty_virtual_seconds_and_goes_to_the_next_agent() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.advance(10);
    rig.login("s-b", "1002", 3);
    rig.take("s-a");
    rig.take("s-b");
    rig.control(
        1,
        ControlRequest::PlaceCall(crate::sim::control::CallRequest {
            tenant_id: "t1".into(),
            queue_no: Some("q-sales".into()),
            ..Default::default()
        }),
    );
    assert!(rig.answers()[0].1.is_ok());
    // The longest idle agent rings.
    assert_eq!(rig.kinds("s-a"), ["agentStatus", "ringing"]);
    assert!(rig.take("s-b").is_empty());
    rig.advance(19_999);
    assert!(rig.take("s-a").is_empty());
    rig.advance(1);
    let missed = rig.take("s-a");
    assert_eq!(missed[0].2["status"]["stateAction"], "noAnswer");
    assert_eq!(missed[0].2["status"]["pauseDescription"], "Missed call");
    assert_eq!(rig.kinds("s-b"), ["agentStatus", "ringing"]);
}

#[test]
fn a_session_whose_grace_ran_out_lets_its_agent_go_and_its_call_ends_for_the_others() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 2);
    rig.login("s-s", "9001", 2);
    rig.control(
        1,
        ControlRequest::PlaceCall(crate::sim::control::CallRequest {
            tenant_id: "t1".into(),
            agent_no: Some("1001".into()),
            ..Default::default()
        }),
    );
    rig.advance(300);
    let r = rig.command(
        "s-s",
        "9001",
        "subscribeQueueStatus",
        json!({"queues": ["q-sales"]}),
    );
    assert_eq!(rig.reply("s-s", r).code, 0);
    rig.take("s-a");
    rig.take("s-s");
    rig.input(CoreInput::EndSession {
        session: "s-a".into(),
        reason: EndReason::GraceExpired,
    });
    // Nothing to tell a session without a connection; just its end.
    assert_eq!(rig.kinds("s-a"), ["end GraceExpired"]);
    rig.advance(300);
    let q = rig.take("s-s");
    let last = &q.last().unwrap().2["queueStatus"]["q-sales"];
    let a1001 = last["agentStatuses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agentNo"] == "1001")
        .unwrap();
    assert_eq!(a1001["state"], "offline", "{last}");
}

#[test]
fn set_offline_tells_the_agent_offline_then_terminate_and_closes_it_as_forced() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.login("s-s", "9001", 3);
    rig.take("s-a");
    rig.take("s-s");
    let r = rig.command("s-s", "9001", "setOffline", json!({"agentNo": "1001"}));
    assert_eq!(rig.reply("s-s", r).code, 0);
    assert_eq!(rig.kinds("s-s"), ["setOfflineResult", "reply 3"]);
    let frames = rig.take("s-a");
    let kinds: Vec<_> = frames.iter().map(|(_, k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["agentStatus", "sessionTerminate", "end ForcedOffline"]
    );
    assert_eq!(frames[0].2["status"]["stateAction"], "forcedOffline");
}

#[test]
fn a_gap_too_old_gets_the_status_the_core_holds_as_the_next_event() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.command("s-a", "1001", "pause", json!({}));
    rig.take("s-a");
    rig.input(CoreInput::Resync {
        session: "s-a".into(),
    });
    let frames = rig.take("s-a");
    assert_eq!(frames.len(), 1);
    assert_eq!(
        (frames[0].0, frames[0].2["status"]["state"].clone()),
        (4, json!("busy"))
    );
}

#[test]
fn a_stream_runs_on_the_core_clock_and_answers_with_its_ids_once_done() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.take("s-a");
    let stream = |count, interval_ms| ControlRequest::Stream {
        tenant_id: "t1".into(),
        agent_no: "1001".into(),
        count,
        interval_ms,
    };
    rig.control(5, stream(3, 1_000));
    assert!(rig.answers().is_empty());
    rig.advance(1_999);
    assert_eq!(rig.take("s-a").len(), 2);
    rig.advance(1);
    let answers = rig.answers();
    assert_eq!(answers[0].0, 5);
    assert_eq!(
        answers[0].1.clone().unwrap(),
        json!({"sent": 3, "firstEventId": 3, "lastEventId": 5})
    );
    rig.control(6, stream(1, 0));
    rig.control(
        7,
        ControlRequest::Stream {
            tenant_id: "t1".into(),
            agent_no: "1002".into(),
            count: 1,
            interval_ms: 0,
        },
    );
    let answers = rig.answers();
    assert_eq!(answers[0].1.clone().unwrap()["firstEventId"], 6);
    assert_eq!(
        answers[1].1.clone().unwrap_err().error_code,
        "SESSION_UNKNOWN"
    );
}

#[test]
fn sip_link_with_an_offer_orders_media_first_and_answers_with_its_sdp() {
    let mut rig = Rig::new();
    rig.login("s-a", "1001", 3);
    rig.control(
        1,
        ControlRequest::PlaceCall(crate::sim::control::CallRequest {
            tenant_id: "t1".into(),
            agent_no: Some("1001".into()),
            ..Default::default()
        }),
    );
    rig.take("s-a");
    let r = rig.command("s-a", "1001", "sipLink", json!({"sdp": "v=0 offer"}));
    assert!(
        rig.take("s-a").is_empty(),
        "nothing before the media answered"
    );
    let Some(MediaOrder::Open(pending)) = rig.core.poll_media() else {
        panic!("no media order")
    };
    assert_eq!((pending.ctx.id, pending.offer.as_str()), (r, "v=0 offer"));
    rig.core
        .handle_media_opened(rig.now, pending, Ok(Some("v=0 answer".into())));
    rig.pump();
    let frames = rig.take("s-a");
    assert_eq!(frames[2].2["data"]["sdp"], "v=0 answer");
    let kinds: Vec<_> = frames.iter().map(|(_, k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["sipSessionInit", "agentStatus", "reply 2"]);
    assert!(rig.core.poll_media().is_none());
}

#[test]
fn four_queues_of_two_hundred_callers_reach_a_supervisor_in_frames_under_64_kib() {
    let mut text = String::from("[sim]\ncallers_per_minute = 0\nbots = false\ncallbacks_per_hour = 0\n\n[[tenants]]\nid = \"t1\"\nname = \"Big\"\nagents = [\n");
    for i in 0..400 {
        text.push_str(&format!("  {{ agent_no = \"{:04}\", name = \"Agent With A Long Name {i}\", password = \"p\", role = \"agent\" }},\n", 1000 + i));
    }
    text.push_str("  { agent_no = \"9001\", name = \"Sup\", password = \"p\", role = \"supervisor\" },\n]\nqueues = [\n");
    for q in 0..4 {
        let members: Vec<String> = (0..100)
            .map(|i| format!("\"{:04}\"", 1000 + q * 100 + i))
            .collect();
        text.push_str(&format!(
            "  {{ id = \"q-{q}\", name = \"Queue {q}\", members = [{}] }},\n",
            members.join(", ")
        ));
    }
    text.push_str("]\n");
    let directory = Directory::parse(&text).unwrap();
    let mut cfg = settings();
    cfg.patience_secs = (3600, 3600);
    let mut rig = Rig::with(&directory, cfg);
    rig.login("s-s", "9001", 3);
    for q in 0..4 {
        for _ in 0..200 {
            rig.control(
                1,
                ControlRequest::PlaceCall(crate::sim::control::CallRequest {
                    tenant_id: "t1".into(),
                    queue_no: Some(format!("q-{q}")),
                    ..Default::default()
                }),
            );
        }
    }
    rig.answers();
    rig.take("s-s");
    let r = rig.command("s-s", "9001", "subscribeQueueStatus", json!({}));
    assert_eq!(rig.reply("s-s", r).code, 0);
    let mut queues = std::collections::BTreeMap::new();
    for o in &rig.out {
        let CoreOutput::Batch(b) = o else { continue };
        for item in &b.items {
            let Item::Event { id, payload } = item else {
                continue;
            };
            let frame = ServerFrame::Event {
                event_id: *id,
                payload: payload.clone(),
            };
            let len = frame.to_json().len();
            assert!(len <= MAX_FRAME_BYTES, "a frame of {len} bytes");
            let v = serde_json::to_value(payload).unwrap();
            for (q, snap) in v["queueStatus"].as_object().unwrap() {
                let entries = snap["queueEntries"].as_array().unwrap().len();
                *queues.entry(q.clone()).or_insert(0) += entries;
            }
        }
    }
    assert_eq!(queues.len(), 4);
    assert!(queues.values().all(|n| *n == 200), "{queues:?}");
}
