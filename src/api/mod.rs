//! The `#[wasm_bindgen]` exports: [`Shell`], one client's engine and browser handles, which the
//! JS layer (js/face.js) drives with numbers and the few fields the engine needs. The classes a
//! page uses, `AgentSDK` and `AgentClient`, are the JS layer's; this module binds them to the
//! wasm when it starts.

#[cfg(feature = "dialects")]
mod dialect;
mod preflight;
// Written by tests/generated.rs and compared byte for byte: rustfmt must leave it as written.
#[rustfmt::skip]
pub(crate) mod generated;
mod tabs;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::web::client::Client;
use agentdesk_core::agent::{AgentStatus, InitialStatus};
use agentdesk_core::command::{Command, LogoutParams, PauseParams};
use agentdesk_core::events::{EventFacts, EventType};
use agentdesk_core::flows::{CallAction, CallCommand};
use agentdesk_core::json::Json;
use agentdesk_core::protocol::ReplyFacts;
use agentdesk_core::response::SdkErrorEvent;
use agentdesk_core::session::Ticket;

#[wasm_bindgen(module = "/js/face.js")]
extern "C" {
    /// Hands the face the factory of shells, and the version of the package.
    fn bind(factory: &Closure<dyn Fn(JsValue) -> JsValue>, version: &str);
    /// `{ AgentSDK, AgentClient }`.
    fn classes() -> JsValue;
}

thread_local! {
    /// Makes the `Shell` of a new client. Owned here for the module's whole life: the face
    /// calls it whenever a page creates a client.
    static FACTORY: Closure<dyn Fn(JsValue) -> JsValue> =
        Closure::new(|core: JsValue| JsValue::from(Shell { inner: Client::new(core), status: RefCell::new(AgentStatus::offline("")), preflight: RefCell::default(), adopting: RefCell::new(None) }));
}

/// Runs when `init()` instantiates the module: the face's classes become usable.
#[wasm_bindgen(start)]
fn start() {
    // `AgentSDK.version`: Cargo.toml's, the one source of the npm package's version too.
    FACTORY.with(|factory| bind(factory, env!("CARGO_PKG_VERSION")));
    #[cfg(feature = "dialects")]
    dialect::bind();
}

/// `{ AgentSDK, AgentClient }` of the JS face, bound to this module (the browser tests reach
/// the classes here; a page imports them from the package).
pub fn face() -> JsValue {
    start();
    classes()
}

/// The login's parameters as the JS layer hands them over (`login()`, and a shared tab's
/// takeover of a session, which has no initial status of its own): the one place they are
/// put together. A macro, not a function: the struct is then built where it is used, which a
/// function's return value, inlined or not, is not (measured: +43 bytes of wasm, +24 gzipped).
macro_rules! login_params {
    ($tenant_id:expr, $agent_no:expr, $session_key:expr, $endpoint_type:expr, $endpoint:expr,
     $initial_status:expr, $pause_description:expr) => {
        agentdesk_core::command::LoginParams {
            tenant_id: $tenant_id,
            agent_no: $agent_no,
            session_key: $session_key,
            bind_endpoint: agentdesk_core::command::BindEndpoint {
                endpoint_type: $endpoint_type as i64,
                endpoint: $endpoint,
            },
            initial_status: $initial_status,
            pause_description: $pause_description,
        }
    };
}
pub(crate) use login_params;

/// A ticket number from the JS layer.
fn ticket(n: f64) -> Ticket {
    Ticket(n as u64)
}

/// One client's engine, socket, timer and softphone, driven by the JS layer.
#[wasm_bindgen]
pub struct Shell {
    inner: Rc<Client>,
    /// Where `agentStatus` builds the status it hands the engine, its strings' buffers reused
    /// from one event to the next (`generated.rs`).
    status: RefCell<AgentStatus>,
    /// The client's preflight, once one was started (src/api/preflight.rs).
    preflight: RefCell<Option<Rc<crate::web::preflight::Run>>>,
    /// A takeover waiting for its agent's status (src/api/tabs.rs).
    adopting: RefCell<Option<agentdesk_core::session::Handover>>,
}

#[wasm_bindgen]
impl Shell {
    /// Installs a configuration checked by the JS layer (`baseURL` and js/catalog.js
    /// `setupValues`). Undefined when installed, else `[kind, name, value, min, max]` for the
    /// face to word: 1 a session is active, 2 a bad base URL, 3 a bound, 4 a duration.
    pub fn setup(&self, base_url: String, values: &[f64]) -> JsValue {
        self.inner.setup(generated::setup_params(base_url, values))
    }

    /// `login(params)`, checked by the JS layer.
    #[allow(clippy::too_many_arguments)]
    pub fn login(
        &self,
        ticket: f64,
        tenant_id: String,
        agent_no: String,
        session_key: String,
        endpoint_type: f64,
        endpoint: String,
        initial_status: Option<f64>,
        pause_description: Option<String>,
    ) {
        let status = initial_status.and_then(|n| InitialStatus::try_from(n as i64).ok());
        let params = login_params!(
            tenant_id,
            agent_no,
            session_key,
            endpoint_type,
            endpoint,
            status,
            pause_description
        );
        self.inner
            .command(self::ticket(ticket), Command::Login(params));
    }

    /// `logout(params?)`.
    pub fn logout(&self, ticket: f64, logout_mode: Option<f64>, unbind_endpoint: Option<f64>) {
        let params = LogoutParams {
            logout_mode: logout_mode.map(|n| n as i64),
            unbind_endpoint: unbind_endpoint.map(|n| n as i64),
        };
        self.inner
            .command(self::ticket(ticket), Command::Logout(params));
    }

    /// `pause(params?)`.
    pub fn pause(&self, ticket: f64, pause_type: Option<f64>, pause_description: Option<String>) {
        let params = PauseParams {
            pause_type: pause_type.map(|n| n as i64),
            pause_description,
        };
        self.inner
            .command(self::ticket(ticket), Command::Pause(params));
    }

    /// `unpause()`.
    pub fn unpause(&self, ticket: f64) {
        self.inner.command(self::ticket(ticket), Command::Unpause);
    }

    /// `updateSessionKey(key)`.
    #[wasm_bindgen(js_name = updateSessionKey)]
    pub fn update_session_key(&self, ticket: f64, session_key: String) {
        self.inner
            .command(self::ticket(ticket), Command::UpdateSessionKey(session_key));
    }

    /// `setInputDevice(deviceId)`: settles `ticket` (js/face.js `settle`).
    #[wasm_bindgen(js_name = setInputDevice)]
    pub fn set_input_device(&self, ticket: f64, device_id: String) {
        let ticket = self::ticket(ticket);
        self.inner
            .input(|e, now| e.handle_set_input_device(now, ticket, &device_id));
    }

    /// `setOutputDevice(deviceId)`: settles `ticket`.
    #[wasm_bindgen(js_name = setOutputDevice)]
    pub fn set_output_device(&self, ticket: f64, device_id: String) {
        let ticket = self::ticket(ticket);
        self.inner
            .input(|e, now| e.handle_set_output_device(now, ticket, &device_id));
    }

    /// A call or supervisor command: its `CallAction` index, its argument as the JS layer
    /// checked and normalised it (JSON text for the wire), and its `agentNo` if any.
    pub fn call(&self, ticket: f64, action: u32, params: String, agent_no: Option<String>) {
        let Some(action) = CallAction::ALL.get(action as usize).copied() else {
            return;
        };
        let command = CallCommand::checked(action, Json::trusted(params), agent_no);
        self.inner
            .command(self::ticket(ticket), Command::Call(command));
    }

    /// A reply (docs/protocol.md §3), arrived at `at` (every frame comes with its arrival time,
    /// the socket's `MessageEvent.timeStamp`): its fields, its `data` as JSON text for the page,
    /// what of `data` the engine reads, and the frame's `lastEventId` (`through`).
    #[allow(clippy::too_many_arguments)]
    pub fn reply(
        &self,
        at: f64,
        id: f64,
        code: f64,
        message: String,
        error_code: Option<String>,
        data: Option<String>,
        session_id: Option<String>,
        resumed: bool,
        last_event_id: Option<f64>,
        expires_at: Option<f64>,
        role: Option<String>,
        sdp: Option<String>,
        through: Option<f64>,
    ) {
        let reply = ReplyFacts {
            id: id as u64,
            code: code as i64,
            message,
            error_code,
            data: data.map(Json::trusted),
            session_id,
            resumed,
            last_event_id: last_event_id.map(|n| n as u64),
            expires_at: expires_at.map(|n| n as u64),
            role,
            sdp,
            through: through.map(|n| n as u64),
        };
        self.inner
            .frame_input(at, |engine, now| engine.handle_reply(now, reply));
    }

    /// A heartbeat answer echoing `ts`, with the session's newest event id if the gateway said.
    pub fn pong(&self, at: f64, ts: f64, last_event_id: Option<f64>) {
        self.inner.frame_input(at, |engine, now| {
            engine.handle_pong(now, ts as u64, last_event_id.map(|n| n as u64))
        });
    }

    /// A notice: its kind and, for `keyExpiring`, `expiresAt`.
    pub fn notice(&self, at: f64, kind: String, expires_at: Option<f64>) {
        self.inner.frame_input(at, |engine, now| {
            engine.handle_notice(now, &kind, expires_at.map(|n| n as u64))
        });
    }

    /// A catalog event of a type whose fields the engine does not read (catalog.js `UNTRACKED`):
    /// taken in one step when it is simply the next one, else as [`Self::event`] would with no
    /// fields. Returns the engine's verdict.
    pub fn plain(&self, at: f64, id: f64, event_type: u32) -> u32 {
        match self.inner.take_next_event(at, id as u64) {
            0 => self.handle_event(
                at,
                id,
                EventType::from_index(event_type),
                EventFacts::default(),
            ),
            verdict => verdict,
        }
    }

    /// A frame the JS layer could not read (it reported it): a sign of life all the same.
    pub fn frame(&self, at: f64) {
        self.inner
            .frame_input(at, |engine, now| engine.handle_unreadable_frame(now));
    }

    /// An event frame whose payload cannot be taken (unknown type, a check failed, too large)
    /// but whose id is readable: reported, and counted as received.
    pub fn undecodable(&self, at: f64, id: f64, code: String, message: String) {
        let error = SdkErrorEvent {
            event_type: agentdesk_core::response::SDK_ERROR,
            code,
            message,
        };
        self.inner.frame_input(at, |engine, now| {
            engine.handle_undecodable_event(now, id as u64, error)
        });
    }

    /// Whether the page gave `setup()` a `sessionKeyProvider` (issue 15.5): reconnect attempts
    /// then wait for its key.
    #[wasm_bindgen(js_name = setKeyProvider)]
    pub fn set_key_provider(&self, on: bool) {
        self.inner.input(|engine, _| engine.set_key_provider(on));
    }

    /// The provider's answer to a `wantKey`: a key, or none and why.
    #[wasm_bindgen(js_name = providedKey)]
    pub fn provided_key(&self, key: Option<String>, failure: String) {
        self.inner
            .input(|engine, now| engine.handle_provided_key(now, key, &failure));
    }

    /// The agent's status as last reported, or null before setup.
    pub fn status(&self) -> JsValue {
        self.inner.status()
    }

    /// The answers of `can()` as one number: bit i is the i-th command of js/catalog.js
    /// `COMMANDS` (core's `Allowed`).
    pub fn allowed(&self) -> f64 {
        self.inner.allowed()
    }

    /// The page's log level is `debug`: log every frame sent (js/log.js keeps its type and id).
    #[wasm_bindgen(js_name = logFrames)]
    pub fn log_frames(&self, on: bool) {
        self.inner.set_log_frames(on);
    }

    /// Ends the client: settles every command, closes the socket, clears the timer.
    pub fn destroy(&self) {
        self.inner.destroy();
    }
}

impl Shell {
    /// A catalog event (see `generated.rs`): the engine's verdict for the JS layer.
    fn handle_event(
        &self,
        at: f64,
        id: f64,
        event_type: Option<EventType>,
        facts: EventFacts<'_>,
    ) -> u32 {
        let Some(event_type) = event_type else {
            return 0;
        };
        if id == 0.0 {
            // No gateway event has id 0 (ids start at 1): the status of a takeover
            // (src/api/tabs.rs).
            if let (Some(handover), Some(status)) = (self.adopting.take(), facts.status) {
                let status = status.clone();
                self.inner
                    .input(|engine, now| engine.handle_takeover(now, handover, status));
            }
            return 0;
        }
        self.inner.take(at, |engine, now| {
            engine.take_event(now, id as u64, event_type, facts)
        })
    }
}

/// The next of the strings a TRACK caller passed together (catalog.js): `code` 0 is an absent
/// string, n + 1 the next n UTF-16 units of `rest` (JS lengths; the text arrived as UTF-8).
fn cut<'a>(rest: &mut &'a str, code: u32) -> Option<&'a str> {
    let units = code.checked_sub(1)? as usize;
    let bytes = rest.as_bytes();
    let at = if units <= bytes.len() && bytes[..units].is_ascii() {
        units
    } else {
        let mut seen = 0;
        let mut at = rest.len();
        for (i, c) in rest.char_indices() {
            if seen >= units {
                at = i;
                break;
            }
            seen += c.len_utf16();
        }
        at
    };
    // Checked: `at` is always a char boundary, and `split_at`'s panic would link `char`'s Debug
    // formatting into the wasm.
    let (value, tail) = rest.split_at_checked(at)?;
    *rest = tail;
    Some(value)
}

/// Sets a string to `v` in its own buffer.
fn put(into: &mut String, v: &str) {
    into.clear();
    into.push_str(v);
}

/// Sets an optional string to `v`, in its own buffer when it has one.
fn put_opt(into: &mut Option<String>, v: Option<&str>) {
    match (into.as_mut(), v) {
        (Some(s), Some(v)) => put(s, v),
        (_, v) => *into = v.map(str::to_owned),
    }
}

/// A number a TRACK caller passed, NaN standing for an absent one.
fn number(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

// The rest of the JS layer, which the face imports: declared here so that wasm-bindgen ships the
// modules with the package (js/check.js is used from Rust as well, see `web::describe`).
#[wasm_bindgen(module = "/js/listeners.js")]
extern "C" {
    /// The listeners of a client and the order events reach them.
    #[allow(dead_code)]
    type Dispatcher;
}

#[wasm_bindgen(module = "/js/tabs.js")]
extern "C" {
    /// Shared tabs: one connection for the tabs of an origin (`setup({ tabs: "share" })`).
    #[allow(dead_code)]
    type Tabs;
}

#[wasm_bindgen(module = "/js/log.js")]
extern "C" {
    /// The page's logger (`setup({ logLevel, logger })`).
    #[allow(dead_code)]
    type Log;
}
