//! A fake gateway for the property tests: the server side of protocol v1 as docs/protocol.md
//! describes it (sessions, event ids, bounded history, resume, `GAP_TOO_OLD`, `SESSION_UNKNOWN`,
//! replies stamped with `lastEventId`, logout), in memory, behind a network that can lose,
//! repeat and reorder frames, cut the link, refuse connections, or restart the gateway. The
//! [`World`] runs the engine against it under virtual time and records what the page saw.
//! `AGENTDESK_TRACE=1` prints every frame and output (for reading a failing case).
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, VecDeque};

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::response::SdkResponse;
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;
use serde_json::{json, Value};

/// The only key the gateway accepts.
pub const GOOD_KEY: &str = "k-good";
/// The command timeout the engine runs with (the default, docs/protocol.md §3).
pub const TIMEOUT_MS: u64 = 10_000;

/// What the page saw, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// A gateway event, by the gateway session that sent it and its id.
    Event { session: u64, id: u64 },
    /// `resync`.
    Resync {
        reason: String,
        lost_from: u64,
        lost_to: Option<u64>,
    },
}

/// One frame on the wire from the gateway, or its close.
#[derive(Debug, Clone)]
enum Wire {
    Frame {
        text: String,
        event: Option<(u64, u64)>,
    },
    Close(u16),
}

#[derive(Debug, Clone)]
struct GwSession {
    number: u64,
    next_id: u64,
    /// `(id, frame)`, ids from `oldest` on (older ones trimmed).
    history: VecDeque<(u64, String)>,
    logged_in: bool,
    state: &'static str,
}

impl GwSession {
    fn id(&self) -> String {
        format!("s-{}", self.number)
    }

    fn newest(&self) -> u64 {
        self.next_id - 1
    }

    fn oldest(&self) -> u64 {
        self.history.front().map_or(self.next_id, |(id, _)| *id)
    }
}

/// The gateway's side.
#[derive(Debug, Default)]
struct Gateway {
    down: bool,
    session: Option<GwSession>,
    sessions_made: u64,
    /// The current socket: `Some(authenticated)`.
    socket: Option<bool>,
    /// Send a command's reply before the events it caused (the hub's order) rather than after
    /// them (the simulator's).
    reply_first: bool,
}

/// The engine, the fake gateway, the network between them, and the record of it all.
pub struct World {
    pub engine: Engine,
    pub now: Time,
    gw: Gateway,
    net: VecDeque<Wire>,
    pub seen: Vec<Seen>,
    /// Tickets given and not settled, with the time of the call.
    pub pending: BTreeMap<Ticket, Time>,
    pub settled: Vec<(Ticket, SdkResponse)>,
    next_ticket: u64,
    /// Socket opens, and whether an input of the page or browser (login, `online`) caused it.
    pub opens: Vec<(Time, bool)>,
    input_driven: bool,
    /// The event being handed to the engine, to name what it delivers.
    delivering: Option<(u64, u64)>,
    /// A rule that broke, noticed while pumping.
    pub broken: Vec<String>,
}

impl World {
    pub fn new(seed: u64, reply_first: bool) -> Self {
        let config =
            Config::from_json(json!({"baseURL": "ws://fake.test", "webrtc": false})).unwrap();
        Self {
            engine: Engine::with_seed(config, seed, 1_700_000_000_000),
            now: Time(1_000),
            gw: Gateway {
                reply_first,
                ..Gateway::default()
            },
            net: VecDeque::new(),
            seen: Vec::new(),
            pending: BTreeMap::new(),
            settled: Vec::new(),
            next_ticket: 0,
            opens: Vec::new(),
            input_driven: false,
            delivering: None,
            broken: Vec::new(),
        }
    }

    // ---- the page and the browser ---------------------------------------------------------

    pub fn command(&mut self, action: &str, argument: Value) -> Ticket {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        self.pending.insert(ticket, self.now);
        self.input_driven = action == "login";
        let command = Command::parse(action, argument).unwrap();
        self.engine.handle_command(self.now, ticket, command);
        self.pump();
        self.input_driven = false;
        ticket
    }

    pub fn login(&mut self, key: &str) -> Ticket {
        self.command(
            "login",
            json!({"tenantId":"t1","agentNo":"0001","sessionKey":key,
            "bindEndpoint":{"endpointType":1,"endpoint":"13900000001"},"initialStatus":1}),
        )
    }

    pub fn online(&mut self) {
        self.input_driven = true;
        self.engine.handle_network_online(self.now);
        self.pump();
        self.input_driven = false;
    }

    pub fn shutdown(&mut self) {
        self.engine.handle_shutdown(self.now);
        self.pump();
    }

    /// Virtual time passes by `ms`, the engine's timer firing whenever due.
    pub fn tick(&mut self, ms: u64) {
        let until = self.now + ms;
        while let Some(deadline) = self.engine.poll_timeout() {
            if deadline > until {
                break;
            }
            self.now = deadline.max(self.now);
            self.engine.handle_timeout(self.now);
            self.pump();
        }
        self.now = until;
    }

    // ---- the network ----------------------------------------------------------------------

    /// Hands the next `n` frames to the engine, in order.
    pub fn deliver(&mut self, n: usize) {
        for _ in 0..n {
            let Some(wire) = self.net.pop_front() else {
                return;
            };
            self.hand(wire);
        }
    }

    /// Hands the next frame over and keeps it, so it comes again.
    pub fn duplicate(&mut self) {
        if let Some(wire @ Wire::Frame { .. }) = self.net.front().cloned() {
            self.hand(wire);
        }
    }

    /// The next two frames swap places.
    pub fn reorder(&mut self) {
        if self.net.len() >= 2 {
            self.net.swap(0, 1);
        }
    }

    /// The next frame is lost on the way (the gateway's history keeps it).
    pub fn lose(&mut self) {
        if matches!(self.net.front(), Some(Wire::Frame { .. })) {
            self.net.pop_front();
        }
    }

    /// The network cuts the link: the browser reports an abnormal close.
    pub fn cut(&mut self) {
        if self.gw.socket.take().is_some() {
            self.net.clear();
            self.engine.handle_socket_closed(self.now, 1006, "");
            self.pump();
        }
    }

    /// The gateway stops or starts accepting connections.
    pub fn set_down(&mut self, down: bool) {
        self.gw.down = down;
    }

    /// The gateway restarts: its sessions are gone, the link with them.
    pub fn restart(&mut self) {
        self.gw.session = None;
        self.cut();
    }

    /// The gateway's history forgets all but the newest event.
    pub fn trim(&mut self) {
        if let Some(s) = &mut self.gw.session {
            while s.history.len() > 1 {
                s.history.pop_front();
            }
        }
    }

    /// Something happens in the contact center: one event for the agent.
    pub fn happen(&mut self, n: u64) {
        let Some(s) = &self.gw.session else { return };
        if s.logged_in {
            self.emit(json!({"eventType":"transcript","text":format!("t{n}"),"role":1,"transcriptTime":0,
                "beginTime":0,"endTime":0,"finished":0,"sentenceIndex":n,"sentenceType":"intermediateResult","mainUniqueId":"m"}));
        }
    }

    /// Lets the link settle: the gateway up and a clean network for 20 minutes of virtual time,
    /// every frame delivered as soon as it is sent.
    pub fn heal(&mut self) {
        self.gw.down = false;
        for _ in 0..(20 * 60 * 4) {
            self.deliver(usize::MAX);
            self.tick(250);
        }
        self.deliver(usize::MAX);
    }

    // ---- what the page can read -----------------------------------------------------------

    /// The gateway's newest event id of its live, logged-in session.
    pub fn gateway_newest(&self) -> Option<(u64, u64)> {
        self.gw
            .session
            .as_ref()
            .filter(|s| s.logged_in)
            .map(|s| (s.number, s.newest()))
    }

    // ---- plumbing -------------------------------------------------------------------------

    fn hand(&mut self, wire: Wire) {
        if std::env::var_os("AGENTDESK_TRACE").is_some() {
            eprintln!("{:>8} <- {wire:?}", self.now.0);
        }
        match wire {
            Wire::Frame { text, event } => {
                self.delivering = event;
                self.engine.handle_frame(self.now, &text);
                self.pump();
                self.delivering = None;
            }
            Wire::Close(code) => {
                self.gw.socket = None;
                self.net.clear();
                self.engine.handle_socket_closed(self.now, code, "");
                self.pump();
            }
        }
    }

    /// Acts on every output of the engine, as the browser shell and the gateway would.
    fn pump(&mut self) {
        while let Some(output) = self.engine.poll_output() {
            if std::env::var_os("AGENTDESK_TRACE").is_some() {
                eprintln!("{:>8} {output:?}", self.now.0);
            }
            match output {
                Output::OpenSocket { .. } => {
                    self.opens.push((self.now, self.input_driven));
                    self.net.clear();
                    if self.gw.down {
                        self.engine.handle_socket_closed(self.now, 1006, "");
                    } else {
                        self.gw.socket = Some(false);
                        self.engine.handle_socket_opened(self.now);
                    }
                }
                Output::Send(text) => {
                    if self.gw.socket.is_some() {
                        let frame: Value = serde_json::from_str(&text).unwrap();
                        self.receive(&frame);
                    }
                }
                Output::CloseSocket { .. } => {
                    self.gw.socket = None;
                    self.net.clear();
                }
                Output::Emit(Event::Relayed { .. }) => match self.delivering.take() {
                    Some((session, id)) => self.seen.push(Seen::Event { session, id }),
                    None => self
                        .broken
                        .push("an event reached the page from no frame, or twice from one".into()),
                },
                Output::Emit(Event::Resync(r)) => self.seen.push(Seen::Resync {
                    reason: r.reason.to_owned(),
                    lost_from: r.lost_from,
                    lost_to: r.lost_to,
                }),
                Output::Emit(_) | Output::Media(_) | Output::WantKey => {}
                Output::Resolve { ticket, response } => {
                    if self.pending.remove(&ticket).is_none() {
                        self.broken.push(format!(
                            "{ticket:?} settled twice or never given: {response:?}"
                        ));
                    }
                    self.settled.push((ticket, response));
                }
            }
        }
    }

    /// The gateway receives one frame on the current socket.
    fn receive(&mut self, frame: &Value) {
        let id = frame["id"].as_u64().unwrap_or(0);
        match frame["type"].as_str() {
            Some("auth") => self.authenticate(id, frame),
            Some("ping") => {
                let newest = self
                    .gw
                    .session
                    .as_ref()
                    .filter(|_| self.gw.socket == Some(true))
                    .map(GwSession::newest);
                self.push_frame(
                    json!({"type":"pong","ts":frame["ts"],"serverTs":0,"lastEventId":newest}),
                    None,
                );
            }
            Some("cmd") if self.gw.socket == Some(true) => {
                let action = frame["action"].as_str().unwrap_or_default().to_owned();
                self.run(id, &action, &frame["params"]);
            }
            _ => {}
        }
    }

    fn authenticate(&mut self, id: u64, frame: &Value) {
        if frame["sessionKey"] != GOOD_KEY {
            self.push_frame(json!({"type":"reply","id":id,"code":-1,"message":"bad key","errorCode":"KEY_INVALID"}), None);
            self.net.push_back(Wire::Close(4502));
            return;
        }
        self.gw.socket = Some(true);
        let resume = &frame["resume"];
        let live = self
            .gw
            .session
            .as_ref()
            .filter(|s| s.logged_in && resume["sessionId"] == s.id())
            .cloned();
        match live {
            Some(s) => {
                let from = resume["lastEventId"].as_u64().unwrap_or(0);
                let whole = from + 1 >= s.oldest() && from <= s.newest();
                let mut data = json!({"sessionId":s.id(),"expiresAt":0,"heartbeatMs":5000,"lastEventId":s.newest(),"resumed":whole});
                if !whole {
                    data["resumeError"] = json!("GAP_TOO_OLD");
                }
                self.push_frame(
                    json!({"type":"reply","id":id,"code":0,"message":"ok","data":data}),
                    None,
                );
                if whole {
                    for (event_id, text) in s.history.iter().filter(|(i, _)| *i > from) {
                        let wire = Wire::Frame {
                            text: text.clone(),
                            event: Some((s.number, *event_id)),
                        };
                        self.net.push_back(wire);
                    }
                } else {
                    let state = s.state;
                    self.emit_status(state, "resync");
                }
            }
            None => {
                self.gw.sessions_made += 1;
                let number = self.gw.sessions_made;
                let session = GwSession {
                    number,
                    next_id: 1,
                    history: VecDeque::new(),
                    logged_in: false,
                    state: "offline",
                };
                let mut data = json!({"sessionId":session.id(),"expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false});
                if !resume.is_null() {
                    data["resumeError"] = json!("SESSION_UNKNOWN");
                }
                self.gw.session = Some(session);
                self.push_frame(
                    json!({"type":"reply","id":id,"code":0,"message":"ok","data":data}),
                    None,
                );
            }
        }
    }

    /// A command: its events and its reply stamped with the newest event id (docs/protocol.md §3).
    fn run(&mut self, id: u64, action: &str, params: &Value) {
        let Some(state) = self.gw.session.as_ref().map(|s| (s.logged_in, s.state)) else {
            return;
        };
        let mut events: Vec<(&'static str, &'static str)> = Vec::new();
        let mut close = None;
        let outcome: Result<Value, &str> = match (action, state) {
            ("login", (false, _)) => {
                let busy = params["initialStatus"] == 2;
                events.push(if busy {
                    ("busy", "loginPause")
                } else {
                    ("idle", "login")
                });
                Ok(json!({"role":"agent"}))
            }
            ("pause", (true, "idle" | "busy")) => {
                events.push(("busy", "pause"));
                Ok(json!({}))
            }
            ("unpause", (true, "busy")) => {
                events.push(("idle", "unpause"));
                Ok(json!({}))
            }
            ("logout", (true, _)) => {
                events.push(("offline", "logout"));
                close = Some(4500);
                Ok(json!({}))
            }
            ("refreshKey", (true, _)) if params["sessionKey"] == GOOD_KEY => {
                Ok(json!({"expiresAt": 0}))
            }
            ("refreshKey", (true, _)) => Err("KEY_INVALID"),
            _ => Err("INVALID_STATE"),
        };
        let mut reply = match &outcome {
            Ok(data) => json!({"type":"reply","id":id,"code":0,"message":"ok","data":data}),
            Err(code) => {
                json!({"type":"reply","id":id,"code":-1,"message":"refused","errorCode":code})
            }
        };
        let before = self.net.len();
        if action == "login" && outcome.is_ok() {
            if let Some(s) = &mut self.gw.session {
                s.logged_in = true;
            }
            let sid = self
                .gw
                .session
                .as_ref()
                .map(GwSession::id)
                .unwrap_or_default();
            self.emit(
                json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":sid}),
            );
        }
        for (state, cause) in events {
            self.emit_status(state, cause);
        }
        if close.is_some() {
            self.emit(json!({"eventType":"sessionTerminate","tenantId":"t1","agentNo":"0001","reason":"logout"}));
        }
        // Stamped once the command's events were emitted; sent before them (the hub's order)
        // or after them (the simulator's).
        reply["lastEventId"] = json!(self.gw.session.as_ref().map_or(0, GwSession::newest));
        let wire = Wire::Frame {
            text: reply.to_string(),
            event: None,
        };
        if self.gw.reply_first {
            self.net.insert(before, wire);
        } else {
            self.net.push_back(wire);
        }
        if let Some(code) = close {
            self.net.push_back(Wire::Close(code));
            self.gw.session = None;
        }
    }

    fn emit_status(&mut self, state: &'static str, cause: &str) {
        if let Some(s) = &mut self.gw.session {
            s.state = state;
        }
        let (initial, device) = match state {
            "offline" => (0, -1),
            "busy" => (2, 0),
            _ => (1, 0),
        };
        self.emit(json!({"eventType":"agentStatus","tenantId":"t1","agentNo":"0001",
            "status":{"state":state,"stateAction":cause,"initialStatus":initial,"deviceStatus":device}}));
    }

    /// A new event of the live session: into its history, and onto the link if one carries it.
    fn emit(&mut self, payload: Value) {
        let Some(s) = &mut self.gw.session else {
            return;
        };
        let id = s.next_id;
        s.next_id += 1;
        let text = json!({"type":"event","eventId":id,"payload":payload}).to_string();
        s.history.push_back((id, text.clone()));
        let number = s.number;
        if self.gw.socket == Some(true) {
            self.net.push_back(Wire::Frame {
                text,
                event: Some((number, id)),
            });
        }
    }

    fn push_frame(&mut self, frame: Value, event: Option<(u64, u64)>) {
        self.net.push_back(Wire::Frame {
            text: frame.to_string(),
            event,
        });
    }
}
