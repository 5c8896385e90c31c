//! A minimal shell around the engine, as the browser shell is but without a browser: it drains
//! every output, keeps the frames the engine sent, and checks what must hold whatever came in.

use std::collections::BTreeSet;

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;
use serde_json::{json, Value};

/// Unix ms at the engine's `Time(0)`.
const WALL_ORIGIN: u64 = 1_700_000_000_000;

/// Frames the shell keeps, newest last; older ones are dropped to bound memory.
const KEEP_SENT: usize = 64;

#[derive(Clone)]
pub(crate) struct Shell {
    pub(crate) engine: Engine,
    pub(crate) now: Time,
    /// The engine's recent frames, parsed.
    pub(crate) sent: Vec<Value>,
    next_ticket: u64,
    /// Tickets given to the engine and not settled yet.
    pending: BTreeSet<Ticket>,
}

/// `AGENTDESK_FUZZ_TRACE=1` prints every output (reproducing a finding).
fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("AGENTDESK_FUZZ_TRACE").is_some())
}

impl Shell {
    /// An engine with the given `setup()` options, not logged in.
    pub(crate) fn new(setup: Value, seed: u64) -> Option<Self> {
        let config = Config::from_json(setup).ok()?;
        let engine = Engine::with_seed(config, seed, WALL_ORIGIN);
        Some(Self {
            engine,
            now: Time(1_000),
            sent: Vec::new(),
            next_ticket: 0,
            pending: BTreeSet::new(),
        })
    }

    /// A supervisor logged in and idle through a scripted gateway, events 1 and 2 delivered, and
    /// a `pause` on the wire (request id 3) for replies to answer. Made once per seed and process
    /// and cloned: replaying the login for every input would cost most of the fuzzer's time.
    pub(crate) fn logged_in(seed: u64) -> Self {
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock, PoisonError};
        static TEMPLATES: OnceLock<Mutex<HashMap<u64, Shell>>> = OnceLock::new();
        let templates = TEMPLATES.get_or_init(Default::default);
        let mut templates = templates.lock().unwrap_or_else(PoisonError::into_inner);
        templates
            .entry(seed % 16)
            .or_insert_with(|| Self::log_in(seed % 16))
            .clone()
    }

    fn log_in(seed: u64) -> Self {
        let setup = json!({"baseURL": "ws://fuzz.test", "webrtc": false});
        let Some(mut shell) = Self::new(setup, seed) else {
            unreachable!("the fixed setup is valid")
        };
        shell.command(
            "login",
            json!({"tenantId":"t1","agentNo":"0001","sessionKey":"k",
            "bindEndpoint":{"endpointType":1,"endpoint":"13800000001"},"initialStatus":1}),
        );
        shell.engine.handle_socket_opened(shell.now);
        shell.drain();
        shell.frame(r#"{"type":"reply","id":1,"code":0,"message":"ok","data":{"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false}}"#);
        shell.frame(r#"{"type":"event","eventId":1,"payload":{"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}}"#);
        shell.frame(r#"{"type":"event","eventId":2,"payload":{"eventType":"agentStatus","tenantId":"t1","agentNo":"0001","status":{"state":"idle","stateAction":"login","initialStatus":1,"deviceStatus":0}}}"#);
        shell.frame(r#"{"type":"reply","id":2,"code":0,"message":"ok","data":{"role":"supervisor"},"lastEventId":2}"#);
        shell.command("pause", json!({"pauseType": 2}));
        shell
    }

    /// Drains the engine's outputs, checking each.
    pub(crate) fn drain(&mut self) {
        while let Some(output) = self.engine.poll_output() {
            if trace() {
                eprintln!("{:>9} {output:?}", self.now.0);
            }
            match output {
                Output::Send(text) => {
                    let value: Value = match serde_json::from_str(&text) {
                        Ok(v) => v,
                        Err(e) => panic!("the engine sent a frame that is not JSON ({e}): {text}"),
                    };
                    if self.sent.len() == KEEP_SENT {
                        self.sent.remove(0);
                    }
                    self.sent.push(value);
                }
                Output::Resolve { ticket, response } => {
                    assert!(
                        self.pending.remove(&ticket),
                        "{ticket:?} settled twice or never given: {response:?}"
                    );
                }
                Output::Emit(Event::Relayed { raw, .. }) => {
                    if let Err(e) = serde_json::from_str::<Value>(raw.get()) {
                        panic!(
                            "a payload handed to listeners is not JSON ({e}): {}",
                            raw.get()
                        );
                    }
                }
                Output::Emit(_)
                | Output::OpenSocket { .. }
                | Output::CloseSocket { .. }
                | Output::Media(_)
                | Output::WantKey => {}
            }
        }
    }

    /// A command from the page, as the JS face gives it after parsing its argument.
    pub(crate) fn command(&mut self, action: &str, argument: Value) {
        if let Ok(command) = Command::parse(action, argument) {
            self.give(command);
        }
    }

    /// A parsed command.
    pub(crate) fn give(&mut self, command: Command) {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        self.pending.insert(ticket);
        self.engine.handle_command(self.now, ticket, command);
        self.drain();
    }

    pub(crate) fn frame(&mut self, text: &str) {
        self.engine.handle_frame(self.now, text);
        self.drain();
    }

    /// Moves virtual time on by `ms`, firing the engine's timer whenever it is due.
    pub(crate) fn advance(&mut self, ms: u64) {
        let until = self.now + ms;
        // Bounded: a timer that never moves on would otherwise hang the fuzzer, which then
        // reports it as a timeout (a finding too).
        for _ in 0..10_000 {
            match self.engine.poll_timeout() {
                Some(deadline) if deadline <= until => {
                    self.now = deadline.max(self.now);
                    self.engine.handle_timeout(self.now);
                    self.drain();
                }
                _ => break,
            }
        }
        self.now = until;
    }

    /// The id of the newest request of the kind `kind` ("auth", "cmd") the engine sent.
    pub(crate) fn last_request(&self, kind: &str) -> Option<u64> {
        self.sent
            .iter()
            .rev()
            .find(|f| f["type"] == kind)
            .and_then(|f| f["id"].as_u64())
    }

    /// Destroys the client: every Promise must be settled and no timer left.
    pub(crate) fn finish(mut self) {
        self.engine.handle_shutdown(self.now);
        self.drain();
        assert!(
            self.pending.is_empty(),
            "Promises left unsettled after destroy: {:?}",
            self.pending
        );
        assert_eq!(self.engine.poll_timeout(), None, "a timer survived destroy");
    }
}
