//! A harness for scenario tests: the engine, a virtual clock, and a scripted gateway that
//! answers frames the way docs/protocol.md says. Nothing here touches a real clock or socket.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

pub mod fake_gateway;

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::media::MediaAction;
use agentdesk_core::response::SdkResponse;
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;
use serde_json::{json, Value};

/// What the shell would have done, recorded.
#[derive(Debug, Default)]
pub struct Recorded {
    pub opened: Vec<String>,
    pub sent: Vec<Value>,
    pub closed: Vec<(u16, String)>,
    pub events: Vec<Event>,
    pub resolved: Vec<(Ticket, SdkResponse)>,
    pub media: Vec<MediaAction>,
    /// `Output::WantKey`s seen.
    pub wanted_keys: usize,
}

pub struct Harness {
    pub engine: Engine,
    pub now: Time,
    pub rec: Recorded,
    next_ticket: u64,
    /// `await x(); y()`: commands to give as soon as a ticket settles, as a page's code right
    /// after an `await` runs (a microtask, after the shell drained the input that settled it).
    then: Vec<(Ticket, String, Value)>,
    /// The tickets the chained commands got, by the ticket they waited for.
    pub chained: Vec<(Ticket, Ticket)>,
}

impl Harness {
    pub fn new() -> Self {
        Self::with_setup(json!({"baseURL": "ws://gw.test"}), 0)
    }

    /// An engine with extra `setup()` options and a jitter seed; the wall clock starts at
    /// WALL_ORIGIN so wall-clock fields are recognisable.
    pub fn with_setup(setup: Value, seed: u64) -> Self {
        let config = Config::from_json(setup).unwrap();
        let engine = Engine::with_seed(config, seed, WALL_ORIGIN);
        Self {
            engine,
            now: Time(1_000),
            rec: Recorded::default(),
            next_ticket: 0,
            then: Vec::new(),
            chained: Vec::new(),
        }
    }

    /// Gives `action(params)` as soon as `ticket` settles (`await ticket; action(params)`).
    pub fn then(&mut self, ticket: Ticket, action: &str, params: Value) {
        self.then.push((ticket, action.to_owned(), params));
        self.run_chained();
    }

    /// The ticket of the command chained after `ticket`, once given.
    pub fn chained_after(&self, ticket: Ticket) -> Option<Ticket> {
        self.chained
            .iter()
            .find(|(after, _)| *after == ticket)
            .map(|(_, t)| *t)
    }

    fn run_chained(&mut self) {
        while let Some(at) = self.then.iter().position(|(t, _, _)| self.is_resolved(*t)) {
            let (after, action, params) = self.then.remove(at);
            let ticket = self.command(&action, params);
            self.chained.push((after, ticket));
        }
    }

    pub fn drain(&mut self) {
        self.drain_outputs();
        self.run_chained();
    }

    fn drain_outputs(&mut self) {
        while let Some(out) = self.engine.poll_output() {
            match out {
                Output::OpenSocket { url, protocol } => {
                    assert_eq!(protocol, "agentdesk.v1");
                    self.rec.opened.push(url);
                }
                Output::Send(text) => self.rec.sent.push(serde_json::from_str(&text).unwrap()),
                Output::CloseSocket { code, reason } => self.rec.closed.push((code, reason)),
                Output::Emit(e) => self.rec.events.push(e),
                Output::Resolve { ticket, response } => self.rec.resolved.push((ticket, response)),
                Output::Media(action) => self.rec.media.push(action),
                Output::WantKey => self.rec.wanted_keys += 1,
            }
        }
    }

    pub fn command(&mut self, action: &str, params: Value) -> Ticket {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        let command = Command::parse(action, params).expect("valid params");
        self.engine.handle_command(self.now, ticket, command);
        self.drain();
        ticket
    }

    pub fn opened(&mut self) {
        self.engine.handle_socket_opened(self.now);
        self.drain();
    }

    pub fn frame(&mut self, frame: Value) {
        self.engine.handle_frame(self.now, &frame.to_string());
        self.drain();
    }

    pub fn raw_frame(&mut self, text: &str) {
        self.engine.handle_frame(self.now, text);
        self.drain();
    }

    pub fn closed(&mut self, code: u16, reason: &str) {
        self.engine.handle_socket_closed(self.now, code, reason);
        self.drain();
    }

    /// Advances virtual time to `t`, firing the engine's timer whenever it is due on the way.
    pub fn advance_to(&mut self, t: Time) {
        while let Some(deadline) = self.engine.poll_timeout() {
            if deadline > t {
                break;
            }
            self.now = deadline.max(self.now);
            self.engine.handle_timeout(self.now);
            self.drain();
        }
        self.now = t;
    }

    pub fn advance(&mut self, ms: u64) {
        let t = self.now + ms;
        self.advance_to(t);
    }

    /// The newest ping sent.
    pub fn last_ping(&self) -> Value {
        self.rec
            .sent
            .iter()
            .rev()
            .find(|f| f["type"] == "ping")
            .cloned()
            .expect("a ping was sent")
    }

    /// The gateway answers `ping` now.
    pub fn pong(&mut self, ping: &Value) {
        self.frame(json!({"type":"pong","ts":ping["ts"],"serverTs":0}));
    }

    /// The gateway answers the newest ping now.
    pub fn pong_last_ping(&mut self) {
        let ping = self.last_ping();
        self.pong(&ping);
    }

    pub fn last_sent(&self) -> &Value {
        self.rec.sent.last().expect("a frame was sent")
    }

    pub fn response(&self, ticket: Ticket) -> &SdkResponse {
        &self
            .rec
            .resolved
            .iter()
            .find(|(t, _)| *t == ticket)
            .expect("resolved")
            .1
    }

    pub fn is_resolved(&self, ticket: Ticket) -> bool {
        self.rec.resolved.iter().any(|(t, _)| *t == ticket)
    }

    /// The frames sent since index `from`, by type.
    pub fn sent_types_since(&self, from: usize) -> Vec<String> {
        self.rec.sent[from..]
            .iter()
            .map(|f| f["type"].as_str().unwrap_or("?").to_owned())
            .collect()
    }

    /// Catalog events of one type, as JSON.
    pub fn events_of(&self, event_type: &str) -> Vec<Value> {
        self.rec
            .events
            .iter()
            .filter(|e| e.event_type() == event_type)
            .map(|e| match e {
                Event::Catalog(c) => serde_json::to_value(c).unwrap(),
                // What a listener gets: the payload's text as the gateway sent it.
                Event::Relayed { raw, .. } => serde_json::from_str(raw.get()).unwrap(),
                Event::Gateway(t) => {
                    panic!("{t} delivered without its payload: only handle_event does that")
                }
                Event::Response(r) => serde_json::to_value(r).unwrap(),
                Event::Error(x) => serde_json::to_value(x).unwrap(),
                Event::Resync(x) => serde_json::to_value(x).unwrap(),
                Event::KeyExpiring(x) => serde_json::to_value(x).unwrap(),
                Event::Device(x) => serde_json::to_value(x).unwrap(),
                Event::IceRestart(x) => serde_json::to_value(x).unwrap(),
                Event::Warning(w) => {
                    serde_json::to_value(agentdesk_core::local_events::WebrtcWarningEvent::from(w))
                        .unwrap()
                }
            })
            .collect()
    }

    /// Answers the pending `auth` of a reconnect.
    pub fn auth_reply(
        &mut self,
        session_id: &str,
        resumed: bool,
        resume_error: Option<&str>,
        last_event_id: u64,
    ) {
        let mut data = json!({"sessionId": session_id, "expiresAt": 0, "heartbeatMs": 5000,
                              "lastEventId": last_event_id, "resumed": resumed});
        if let Some(e) = resume_error {
            data["resumeError"] = json!(e);
        }
        self.reply_ok(data);
    }

    /// Runs virtual time until the next reconnect attempt opens a socket; returns its delay.
    pub fn until_next_attempt(&mut self) -> u64 {
        let opened = self.rec.opened.len();
        let start = self.now;
        while self.rec.opened.len() == opened {
            let next = self
                .engine
                .poll_timeout()
                .expect("a reconnect is scheduled");
            self.advance_to(next);
        }
        self.now - start
    }

    pub fn event_types(&self) -> Vec<String> {
        self.rec
            .events
            .iter()
            .map(|e| e.event_type().to_owned())
            .collect()
    }

    pub fn reply_ok(&mut self, data: Value) {
        let id = self.last_sent()["id"].clone();
        self.frame(json!({"type":"reply","id":id,"code":0,"message":"ok","data":data}));
    }

    /// A success reply stamped with the session's newest event id when the gateway sent it
    /// (docs/protocol.md §3).
    pub fn reply_ok_at(&mut self, data: Value, last_event_id: u64) {
        let id = self.last_sent()["id"].clone();
        self.frame(json!({"type":"reply","id":id,"code":0,"message":"ok","data":data,"lastEventId":last_event_id}));
    }

    pub fn reply_err(&mut self, error_code: &str, message: &str) {
        let id = self.last_sent()["id"].clone();
        self.frame(
            json!({"type":"reply","id":id,"code":-1,"message":message,"errorCode":error_code}),
        );
    }

    pub fn push_event(&mut self, event_id: u64, payload: Value) {
        self.frame(json!({"type":"event","eventId":event_id,"payload":payload}));
    }

    /// Pushes the next event, numbering it after the last one delivered.
    pub fn push(&mut self, payload: Value) {
        let id = self.engine.last_event_id() + 1;
        self.push_event(id, payload);
    }

    /// Pushes the agent's status during a call.
    pub fn push_call_status(&mut self, state: &str, action: &str, device: i64) {
        let mut status =
            json!({"state":state,"stateAction":action,"initialStatus":1,"deviceStatus":device});
        if (2..=4).contains(&device) {
            status["callType"] = json!(1);
            status["uniqueId"] = json!("u-1");
            status["mainUniqueId"] = json!("m-1");
        }
        self.push(
            json!({"eventType":"agentStatus","tenantId":"t1","agentNo":"0001","status":status}),
        );
    }

    /// Runs a call command that the gateway accepts; returns its response's code.
    pub fn call(&mut self, action: &str, params: Value) -> (Ticket, bool) {
        let sent = self.rec.sent.len();
        let t = self.command(action, params);
        let went_out = self.rec.sent.len() > sent;
        if went_out {
            self.reply_ok(json!({}));
        }
        (t, went_out)
    }

    pub fn push_status(
        &mut self,
        event_id: u64,
        state: &str,
        action: &str,
        initial: i64,
        device: i64,
    ) {
        self.push_event(event_id, json!({"eventType":"agentStatus","tenantId":"t1","agentNo":"0001",
            "status":{"state":state,"stateAction":action,"initialStatus":initial,"deviceStatus":device}}));
    }

    /// Runs the whole login until the agent is idle; returns the login's ticket.
    pub fn login_idle(&mut self) -> Ticket {
        self.login_with(login_params(), json!({"role": "agent"}))
    }

    /// Logs in as a supervisor (the login reply carries the role).
    pub fn login_supervisor(&mut self) -> Ticket {
        self.login_with(login_params(), json!({"role": "supervisor"}))
    }

    /// Logs in with these params, the login reply's data being `reply`.
    pub fn login_with(&mut self, params: Value, reply: Value) -> Ticket {
        let ticket = self.command("login", params);
        self.opened();
        self.reply_ok(json!({"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false}));
        self.reply_ok(reply);
        self.push_event(
            1,
            json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}),
        );
        self.push_status(2, "idle", "login", 1, 0);
        ticket
    }
}

/// A `transcript` event numbered `index` (its `sentenceIndex`), for counting what was delivered.
pub fn transcript(index: u64) -> Value {
    json!({"eventType":"transcript","text":format!("event {index}"),"role":1,"transcriptTime":0,
           "beginTime":0,"endTime":0,"finished":0,"sentenceIndex":index,"sentenceType":"intermediateResult",
           "mainUniqueId":"m"})
}

/// The `sentenceIndex` of every transcript delivered, in order.
pub fn indices(h: &Harness) -> Vec<u64> {
    h.events_of("transcript")
        .iter()
        .map(|e| e["sentenceIndex"].as_u64().unwrap())
        .collect()
}

/// Unix ms at the engine's Time(0) in these tests.
pub const WALL_ORIGIN: u64 = 1_700_000_000_000;

pub fn login_params() -> Value {
    json!({"tenantId":"t1","agentNo":"0001","sessionKey":"secret-key",
           "bindEndpoint":{"endpointType":3,"endpoint":"3016"},"initialStatus":1})
}
