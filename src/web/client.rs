//! One SDK client in the browser: its engine, socket, timer and unsettled Promises.
//!
//! The run loop (STYLE.md): every browser callback becomes an engine input stamped with `now`;
//! the outputs are drained and acted on while the engine is borrowed; then, with every borrow
//! released, events are dispatched and Promises settled.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;

use super::clock;
use super::convert::{error, from_js, to_js};
use super::dispatch::Dispatcher;
use super::socket::{Socket, SocketEvent};
use super::softphone::{self, Softphone};
use super::window_listener::WindowListener;
use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::event_names;
use agentdesk_core::media::MediaAction;
use agentdesk_core::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;

/// Longest delay `setTimeout` honours (2^31 − 1 ms); longer ones fire at once.
const MAX_TIMER_MS: u64 = 2_147_483_647;

/// The engine and the browser handles it drives; dropping it closes the socket and clears the
/// timer (each handle's own `Drop`).
struct Driver {
    engine: Engine,
    socket: Option<Socket>,
    /// The one timer, with the deadline it was armed for.
    timer: Option<(Time, Timeout)>,
    /// `online`: a waiting reconnect attempt starts at once (PRODUCT.md §2).
    _online: Option<WindowListener>,
    /// The softphone's peer connection, while the engine keeps a leg open.
    softphone: Option<Softphone>,
    /// Numbers the legs, so a late result of a closed leg is recognised and dropped.
    legs_opened: u64,
}

/// What a pump hands out once the engine is released.
#[derive(Default)]
struct Released {
    events: Vec<Event>,
    settles: Vec<(Ticket, SdkResponse)>,
}

/// A client as the JS face sees it.
pub(crate) struct Client {
    this: Weak<Client>,
    driver: RefCell<Option<Driver>>,
    dispatcher: Dispatcher,
    promises: RefCell<HashMap<Ticket, (Function, Function)>>,
    next_ticket: Cell<u64>,
    destroyed: Cell<bool>,
}

impl Client {
    pub(crate) fn new() -> Rc<Self> {
        Rc::new_cyclic(|this| Self {
            this: this.clone(),
            driver: RefCell::new(None),
            dispatcher: Dispatcher::default(),
            promises: RefCell::new(HashMap::new()),
            next_ticket: Cell::new(1),
            destroyed: Cell::new(false),
        })
    }

    // ---- the JS face's operations ---------------------------------------------------------

    /// `setup(config)`: validates and installs a configuration (refused while a session runs).
    pub(crate) fn setup(&self, config: JsValue) -> Promise {
        if let Some(rejected) = self.refuse_if_destroyed() {
            return rejected;
        }
        let response = match self.install(config) {
            Ok(()) => SdkResponse::ok("setup", None),
            Err((code, message)) => SdkResponse::fail("setup", code, message),
        };
        self.settle_now(response)
    }

    /// The synchronous form of `setup`, for `new AgentClient(config)`: throws `{code, message}`.
    pub(crate) fn configure(&self, config: JsValue) -> Result<(), JsValue> {
        self.install(config).map_err(|(code, message)| error(code.as_str(), &message))
    }

    fn install(&self, config: JsValue) -> Result<(), (ErrorCode, String)> {
        let config = from_js(config)
            .map_err(|e| format!("setup(): {e}"))
            .and_then(|v| Config::from_json(v).map_err(|e| e.to_string()))
            .map_err(|message| (ErrorCode::BadParams, message))?;
        let busy = self.driver.borrow().as_ref().is_some_and(|d| d.engine.is_connected());
        if busy {
            let message = "setup() while a session is active; call logout() first".to_owned();
            return Err((ErrorCode::SessionActive, message));
        }
        // Replacing the driver drops the old one's socket, timer and window listener.
        let engine = Engine::with_seed(config, clock::random_seed(), clock::wall_origin_ms());
        let this = self.this.clone();
        let online = WindowListener::new("online", move |_| {
            if let Some(client) = this.upgrade() {
                client.pump(|d, now| d.engine.handle_network_online(now));
            }
        });
        let fresh = Driver { engine, socket: None, timer: None, _online: online, softphone: None, legs_opened: 0 };
        let old = self.driver.borrow_mut().replace(fresh);
        drop(old);
        Ok(())
    }

    /// A command method (`login`, `pause`, …): parses its argument and runs it.
    pub(crate) fn command(&self, action: &str, params: JsValue) -> Promise {
        if let Some(rejected) = self.refuse_if_destroyed() {
            return rejected;
        }
        if self.driver.borrow().is_none() {
            let message = format!("call AgentSDK.setup({{ baseURL }}) before {action}()");
            return Promise::reject(&error("NOT_SET_UP", &message));
        }
        let parsed = from_js(params)
            .map_err(|e| format!("{action}(): {e}"))
            .and_then(|v| Command::parse(action, v).map_err(|e| e.to_string()));
        let command = match parsed {
            Ok(command) => command,
            Err(message) => return self.settle_now(SdkResponse::fail(action, ErrorCode::BadParams, message)),
        };
        let Some((promise, ticket)) = self.new_promise() else {
            return Promise::reject(&error("INTERNAL", "the Promise executor did not run"));
        };
        self.pump(|driver, now| driver.engine.handle_command(now, ticket, command));
        promise
    }

    /// `on` / `once`.
    pub(crate) fn add_listener(&self, event: JsValue, listener: JsValue, once: bool) -> Result<(), JsValue> {
        let (event, listener) = check_listener_args(if once { "once" } else { "on" }, event, listener)?;
        self.dispatcher.listeners.borrow_mut().add(&event, listener, once);
        Ok(())
    }

    /// `off`: with a listener removes it; without one removes every listener of the event.
    pub(crate) fn remove_listener(&self, event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        if listener.is_undefined() {
            let (event, _) = check_listener_args("off", event, Function::new_no_args("").into())?;
            self.dispatcher.listeners.borrow_mut().clear(Some(&event));
            return Ok(());
        }
        let (event, listener) = check_listener_args("off", event, listener)?;
        self.dispatcher.listeners.borrow_mut().remove(&event, &listener);
        Ok(())
    }

    /// The agent's status as last reported, or null before `setup()`.
    pub(crate) fn status(&self) -> JsValue {
        match self.driver.borrow().as_ref() {
            Some(d) => to_js(d.engine.status()),
            None => JsValue::NULL,
        }
    }

    /// Ends the client for good: settles every Promise, closes the socket, clears the timer and
    /// the listeners. Later calls reject with `DESTROYED`.
    pub(crate) fn destroy(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        self.pump(|driver, now| driver.engine.handle_shutdown(now));
        let driver = self.driver.borrow_mut().take();
        drop(driver);
        self.dispatcher.listeners.borrow_mut().clear(None);
        let leftovers: Vec<_> = self.promises.borrow_mut().drain().collect();
        for (_, (_, reject)) in leftovers {
            let _ = reject.call1(&JsValue::UNDEFINED, &error("DESTROYED", "the client was destroyed"));
        }
    }

    // ---- the run loop ---------------------------------------------------------------------

    /// Feeds one input to the engine, acts on its outputs, then dispatches with no borrow held.
    fn pump(&self, input: impl FnOnce(&mut Driver, Time)) {
        let released = {
            let Ok(mut guard) = self.driver.try_borrow_mut() else {
                // Unreachable by construction (listeners run after the borrow ends); refuse
                // rather than panic if it ever happens.
                web_sys::console::error_1(&"agentdesk: re-entrant engine access refused".into());
                return;
            };
            let Some(driver) = guard.as_mut() else { return };
            let now = clock::now();
            input(driver, now);
            self.drain(driver, now)
        };
        self.dispatcher.emit(released.events);
        for (ticket, response) in released.settles {
            let entry = self.promises.borrow_mut().remove(&ticket);
            if let Some((resolve, _)) = entry {
                let _ = resolve.call1(&JsValue::UNDEFINED, &to_js(&response));
            }
        }
    }

    fn drain(&self, driver: &mut Driver, now: Time) -> Released {
        let mut released = Released::default();
        while let Some(output) = driver.engine.poll_output() {
            match output {
                Output::OpenSocket { url, protocol } => {
                    driver.socket = None;
                    match Socket::open(&url, protocol, self.socket_sink()) {
                        Ok(socket) => driver.socket = Some(socket),
                        Err(e) => driver.engine.handle_socket_closed(now, 1006, &describe(&e)),
                    }
                }
                Output::Send(text) => {
                    let failed = driver.socket.as_ref().map(|s| s.send(&text)).transpose().err();
                    if let Some(e) = failed {
                        driver.socket = None;
                        driver.engine.handle_socket_closed(now, 1006, &format!("send failed: {}", describe(&e)));
                    }
                }
                Output::CloseSocket { code, reason } => {
                    if let Some(socket) = driver.socket.take() {
                        socket.close(code, &reason);
                    }
                }
                Output::Media(action) => self.media(driver, now, action),
                Output::Emit(event) => released.events.push(event),
                Output::Resolve { ticket, response } => released.settles.push((ticket, response)),
            }
        }
        self.rearm(driver, now);
        released
    }

    /// Keeps exactly one timer, armed for the engine's next deadline.
    fn rearm(&self, driver: &mut Driver, now: Time) {
        let wanted = driver.engine.poll_timeout();
        if driver.timer.as_ref().map(|(t, _)| *t) == wanted {
            return;
        }
        driver.timer = wanted.map(|deadline| {
            let this = self.this.clone();
            let delay = now.until(deadline).min(MAX_TIMER_MS) as u32;
            let timeout = Timeout::new(delay, move || {
                if let Some(client) = this.upgrade() {
                    client.pump(|driver, now| {
                        driver.timer = None;
                        driver.engine.handle_timeout(now);
                    });
                }
            });
            (deadline, timeout)
        });
    }

    /// Acts on the softphone; async steps report back through `pump`, ignored if their leg has
    /// been closed since.
    fn media(&self, driver: &mut Driver, now: Time, action: MediaAction) {
        match action {
            MediaAction::Open => {
                driver.legs_opened += 1;
                let id = driver.legs_opened;
                let this = self.this.clone();
                let on_ice = move |state: String| {
                    if let Some(client) = this.upgrade() {
                        client.pump_leg(id, |d, now| d.engine.handle_media_state(now, &state));
                    }
                };
                match Softphone::new(id, on_ice) {
                    Ok(phone) => {
                        let pc = phone.connection();
                        driver.softphone = Some(phone);
                        let this = self.this.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let offer = match softphone::open_microphone().await {
                                Ok(microphone) => {
                                    let kept = this.upgrade().is_some_and(|c| c.keep_microphone(id, &microphone));
                                    if !kept {
                                        return softphone::stop_tracks(&microphone);
                                    }
                                    softphone::create_offer(&pc, &microphone).await
                                }
                                Err(e) => Err(e),
                            };
                            if let Some(client) = this.upgrade() {
                                client.pump_leg(id, |d, now| match &offer {
                                    Ok(sdp) => d.engine.handle_media_offer(now, sdp),
                                    Err(e) => d.engine.handle_media_failed(now, e),
                                });
                            }
                        });
                    }
                    Err(e) => driver.engine.handle_media_failed(now, &describe(&e)),
                }
            }
            MediaAction::ApplyAnswer(sdp) => {
                let Some(phone) = &driver.softphone else { return };
                let (id, pc, this) = (phone.id, phone.connection(), self.this.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let applied = softphone::apply_answer(&pc, &sdp).await;
                    if let Some(client) = this.upgrade() {
                        client.pump_leg(id, |d, now| match &applied {
                            Ok(()) => {
                                if let Some(phone) = d.softphone.as_mut() {
                                    phone.play_remote();
                                }
                            }
                            Err(e) => d.engine.handle_media_failed(now, e),
                        });
                    }
                });
            }
            MediaAction::PollStats => {
                let Some(phone) = &driver.softphone else { return };
                let (id, pc, this) = (phone.id, phone.connection(), self.this.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let snapshot = softphone::read_stats(&pc).await;
                    if let Some(client) = this.upgrade() {
                        client.pump_leg(id, |d, now| match &snapshot {
                            Ok(s) => d.engine.handle_stats(now, s),
                            Err(_) => d.engine.handle_stats_unavailable(now),
                        });
                    }
                });
            }
            MediaAction::Close => driver.softphone = None,
        }
    }

    /// A pump for the results of leg `id`, dropped if that leg is no longer the current one.
    fn pump_leg(&self, id: u64, input: impl FnOnce(&mut Driver, Time)) {
        self.pump(|driver, now| {
            if driver.softphone.as_ref().is_some_and(|p| p.id == id) {
                input(driver, now);
            }
        });
    }

    /// Hands the opened microphone to leg `id`; false if that leg is gone (then the caller
    /// stops it).
    fn keep_microphone(&self, id: u64, microphone: &web_sys::MediaStream) -> bool {
        let Ok(mut guard) = self.driver.try_borrow_mut() else { return false };
        match guard.as_mut().and_then(|d| d.softphone.as_mut()).filter(|p| p.id == id) {
            Some(phone) => {
                phone.hold_microphone(microphone.clone());
                true
            }
            None => false,
        }
    }

    fn socket_sink(&self) -> impl Fn(SocketEvent) + Clone + 'static {
        let this = self.this.clone();
        move |event| {
            let Some(client) = this.upgrade() else { return };
            match event {
                SocketEvent::Opened => client.pump(|d, now| d.engine.handle_socket_opened(now)),
                SocketEvent::Frame(text) => client.pump(|d, now| d.engine.handle_frame(now, &text)),
                SocketEvent::Binary => client.dispatcher.emit(vec![Event::Error(SdkErrorEvent::new(
                    "BINARY_FRAME",
                    "protocol v1 carries text frames only; a binary frame was dropped",
                ))]),
                SocketEvent::Closed { code, reason } => client.pump(|d, now| {
                    d.socket = None;
                    d.engine.handle_socket_closed(now, code, &reason);
                }),
            }
        }
    }

    // ---- Promises -------------------------------------------------------------------------

    fn new_promise(&self) -> Option<(Promise, Ticket)> {
        let mut slots = None;
        let promise = Promise::new(&mut |resolve, reject| slots = Some((resolve, reject)));
        let ticket = Ticket(self.next_ticket.get());
        self.next_ticket.set(ticket.0 + 1);
        self.promises.borrow_mut().insert(ticket, slots?);
        Some((promise, ticket))
    }

    /// A response decided without the engine: emitted as `<action>Resp`, then resolved.
    fn settle_now(&self, response: SdkResponse) -> Promise {
        let value = to_js(&response);
        self.dispatcher.emit(vec![Event::Response(response)]);
        Promise::resolve(&value)
    }

    fn refuse_if_destroyed(&self) -> Option<Promise> {
        self.destroyed
            .get()
            .then(|| Promise::reject(&error("DESTROYED", "this client was destroyed; create a new one")))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // The driver's handles release themselves; Promises still open are rejected so no
        // caller waits forever.
        for (_, (_, reject)) in self.promises.get_mut().drain() {
            let _ = reject.call1(&JsValue::UNDEFINED, &error("DESTROYED", "the client was dropped"));
        }
    }
}

fn check_listener_args(method: &str, event: JsValue, listener: JsValue) -> Result<(String, Function), JsValue> {
    let Some(name) = event.as_string() else {
        return Err(error("BAD_PARAMS", &format!("{method}(): the event type must be a string, e.g. EventType.AGENT_STATUS")));
    };
    if !event_names::is_known(&name) {
        return Err(error("UNKNOWN_EVENT", &format!("{method}(): `{name}` is not an event type; use the EventType constants")));
    }
    let Ok(function) = listener.dyn_into::<Function>() else {
        return Err(error("BAD_PARAMS", &format!("{method}(): the listener must be a function")));
    };
    Ok((name, function))
}

use wasm_bindgen::JsCast;

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .and_then(|e| e.message().as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
