//! One SDK client in the browser: its engine, socket, timer and softphone, and the JS layer's
//! client object (`core`, js/face.js) its outputs go to.
//!
//! The run loop (STYLE.md): every input (from the JS layer, or a browser callback) is fed to the
//! engine stamped with `now`; the outputs are drained and acted on while the engine is borrowed;
//! then, with every borrow released, the JS layer is handed what is for it (events, settled
//! commands) in the engine's order, so a listener may call back into the SDK.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use super::devices::{self, DeviceWatch, SinkError};
use super::legs::{LegOwner, LegReport, Legs};
use super::socket::{Socket, SocketEvent};
use super::wakeups::{Wake, Wakeups};
use super::{clock, describe};
use crate::api::generated::{emit_made, status_object};
use agentdesk_core::command::Command;
use agentdesk_core::config::{Config, ConfigError, SetupParams};
use agentdesk_core::local_events::ResyncEvent;
use agentdesk_core::media::devices::{DeviceEvent, DeviceEventBody};
use agentdesk_core::media::{IceRestartEvent, MediaAction};
use agentdesk_core::quality::WarningChange;
use agentdesk_core::response::{SdkErrorEvent, SdkResponse};
use agentdesk_core::session::{Allowed, Engine, Event, Made, Output, Ticket};
use agentdesk_core::text;
use agentdesk_core::time::Time;

#[wasm_bindgen(module = "/js/face.js")]
extern "C" {
    fn deliver(client: &JsValue);
    #[wasm_bindgen(js_name = emitError)]
    fn emit_error(client: &JsValue, code: &str, message: &str);
    #[allow(clippy::too_many_arguments)]
    fn settle(
        client: &JsValue,
        ticket: f64,
        action: &str,
        code: f64,
        message: &str,
        error_code: Option<&str>,
        data: Option<&str>,
    );
    #[wasm_bindgen(js_name = emitResync)]
    fn emit_resync(client: &JsValue, reason: &str, lost_from: f64, lost_to: Option<f64>);
    #[wasm_bindgen(js_name = emitKeyExpiring)]
    fn emit_key_expiring(client: &JsValue, expires_at: f64);
    #[wasm_bindgen(js_name = wantKey)]
    fn want_key(client: &JsValue);
    #[wasm_bindgen(js_name = emitWarning)]
    fn emit_warning(client: &JsValue, raised: bool, name: &str, threshold: f64, values: &[f64]);
    #[wasm_bindgen(js_name = emitCan)]
    fn emit_can(client: &JsValue, allowed: f64);
    #[wasm_bindgen(js_name = logLink)]
    fn log_link(client: &JsValue, kind: u32, text: &str, code: f64);
    #[wasm_bindgen(js_name = emitDeviceList)]
    fn emit_device_list(client: &JsValue, inputs: &js_sys::Array, outputs: &js_sys::Array);
    #[wasm_bindgen(js_name = emitInputChanged)]
    fn emit_input_changed(client: &JsValue, device_id: &str, label: &str, reason: &str);
    #[wasm_bindgen(js_name = emitOutputChanged)]
    fn emit_output_changed(client: &JsValue, device_id: &str);
    #[wasm_bindgen(js_name = emitSipReconnect)]
    fn emit_sip_reconnect(client: &JsValue, event_type: &str, attempt: u32, reason: &str);
}

/// What happened to the connection, for the page's logger (js/log.js words it; `logLink`'s
/// `kind`). The socket's URL is logged without its query: a dialect may carry a token there.
#[derive(Debug, Clone, Copy)]
enum LinkLog {
    Opening = 0,
    Opened = 1,
    Closed = 2,
    Closing = 3,
    /// A frame sent (debug level only: its text crosses only when the page asked for it).
    Sent = 4,
}

/// Longest delay `setTimeout` honours (2^31 − 1 ms); longer ones fire at once.
const MAX_TIMER_MS: u64 = 2_147_483_647;

/// The JS layer's verdict on a gateway event: hand its payload to the listeners now.
pub(crate) const DELIVER: u32 = 1;

/// The engine and the browser handles it drives; dropping it closes the socket and clears the
/// timer (each handle's own `Drop`).
struct Driver {
    engine: Engine,
    socket: Option<Socket>,
    /// The one timer (in a Worker where it can) and the page's signals: `online`, `offline`, a
    /// network change, the page coming back (src/web/wakeups.rs).
    wakeups: Wakeups,
    /// The deadline the timer is armed for.
    armed: Option<Time>,
    /// The softphone's peer connection while the engine keeps a leg open, and the legs' ids,
    /// so a late result of a closed leg is recognised and dropped.
    legs: Legs,
    /// The `devicechange` listener, while WebRTC is on (src/web/devices.rs).
    devices: Option<DeviceWatch>,
    /// The latest time an input was stamped with: time never runs backwards for the engine.
    last_now: Time,
    /// The answers of `can()` the page last heard of (`canChange` when they differ).
    allowed: Allowed,
}

impl Driver {
    /// One wake-up as an engine input (docs/protocol.md §6 "Hidden tabs and sleep").
    fn woken(&mut self, now: Time, wake: Wake) {
        match wake {
            Wake::Timer => {
                self.armed = None;
                self.engine.handle_timeout(now);
            }
            Wake::Online => self.engine.handle_network_online(now),
            Wake::Offline => self.engine.handle_network_offline(now),
            Wake::Page => self.engine.handle_wake(now),
        }
    }
}

/// What the JS layer gets once the engine is released, in the engine's order.
enum Release {
    /// The gateway event being handled goes to the listeners.
    Deliver,
    Made(Made),
    Settle(Ticket, SdkResponse),
    Error(SdkErrorEvent),
    Resync(ResyncEvent),
    KeyExpiring(u64),
    Warning(WarningChange),
    /// Ask the page's `sessionKeyProvider` (its answer comes back as an input).
    WantKey,
    /// `canChange`: the engine's answers to `can()` differ from the last ones announced.
    Can(Allowed),
    /// A line for the page's logger.
    Log(LinkLog, String, u16),
    /// `audioDevices`, `audioInputChanged`, `audioOutputChanged`.
    Device(DeviceEvent),
    /// `sipReconnecting`, `sipReconnected`.
    IceRestart(IceRestartEvent),
}

/// A client as the JS layer drives it.
pub(crate) struct Client {
    this: Weak<Client>,
    /// The JS layer's client object (js/face.js `Core`), which events and settlements go to.
    core: JsValue,
    driver: RefCell<Option<Driver>>,
    /// The page's log level is `debug`: every frame sent is logged (its type and id).
    log_frames: Cell<bool>,
}

impl Client {
    pub(crate) fn new(core: JsValue) -> Rc<Self> {
        Rc::new_cyclic(|this| Self {
            this: this.clone(),
            core,
            driver: RefCell::new(None),
            log_frames: Cell::new(false),
        })
    }

    /// Installs a configuration (refused while a session runs); undefined when done, else the
    /// refusal for the face to word (see `Shell::setup`).
    pub(crate) fn setup(&self, params: SetupParams) -> JsValue {
        let config = match Config::from_params(params) {
            Ok(config) => config,
            Err(e) => return refusal(e),
        };
        let busy = self
            .driver
            .borrow()
            .as_ref()
            .is_some_and(|d| d.engine.is_connected());
        if busy {
            return refusal_of(1, JsValue::UNDEFINED, 0.0, 0.0, 0.0);
        }
        // Replacing the driver drops the old one's socket, timer and window listener.
        let engine = Engine::with_seed(config, clock::random_seed(), clock::wall_origin_ms());
        let allowed = engine.allowed();
        let this = self.this.clone();
        let wakeups = Wakeups::new(move |wake| {
            if let Some(client) = this.upgrade() {
                client.pump(None, |driver, now| driver.woken(now, wake));
            }
        });
        let watch = engine.config().webrtc.then(|| {
            let this = self.this.clone();
            DeviceWatch::new(move || {
                if let Some(client) = this.upgrade() {
                    client.refresh_devices();
                }
            })
        });
        let fresh = Driver {
            devices: watch.flatten(),
            engine,
            socket: None,
            wakeups,
            armed: None,
            legs: Legs::default(),
            last_now: Time(0),
            allowed,
        };
        let old = self.driver.borrow_mut().replace(fresh);
        drop(old);
        if self
            .driver
            .borrow()
            .as_ref()
            .is_some_and(|d| d.devices.is_some())
        {
            self.refresh_devices();
        }
        JsValue::UNDEFINED
    }

    /// Lists the audio devices and hands the list to the engine (at set-up, on every
    /// `devicechange`, and once a microphone is open: labels come with the permission).
    fn refresh_devices(&self) {
        let this = self.this.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(list) = devices::list_devices().await else {
                return;
            };
            if let Some(client) = this.upgrade() {
                client.pump(None, |d, now| d.engine.handle_devices(now, list));
            }
        });
    }

    /// A command the JS layer checked; it settles through `settle`.
    pub(crate) fn command(&self, ticket: Ticket, command: Command) {
        self.input(|engine, now| engine.handle_command(now, ticket, command));
    }

    /// Whether frames sent are logged (the page's log level is `debug`).
    pub(crate) fn set_log_frames(&self, on: bool) {
        self.log_frames.set(on);
    }

    /// The answers of `can()`, as [`Allowed`]'s bits; none before setup.
    pub(crate) fn allowed(&self) -> f64 {
        match self.driver.try_borrow() {
            Ok(guard) => guard
                .as_ref()
                .map_or(0.0, |d| d.engine.allowed().bits() as f64),
            Err(_) => 0.0,
        }
    }

    /// What another tab needs to resume this session (shared tabs, core session/tabs.rs).
    pub(crate) fn handover(&self) -> Option<agentdesk_core::session::Handover> {
        self.driver.try_borrow().ok()?.as_ref()?.engine.handover()
    }

    /// The agent's status as last reported, or null before setup.
    pub(crate) fn status(&self) -> JsValue {
        // A leader tab reads it while it emits (js/tabs.js): never a panic, even re-entrant.
        match self
            .driver
            .try_borrow()
            .ok()
            .as_deref()
            .and_then(Option::as_ref)
        {
            Some(d) => status_object(d.engine.status()),
            None => JsValue::NULL,
        }
    }

    /// Ends the client for good: every command settles, the socket closes, the timer clears.
    pub(crate) fn destroy(&self) {
        self.input(|engine, now| engine.handle_shutdown(now));
        let driver = self.driver.borrow_mut().take();
        drop(driver);
    }

    // ---- the run loop ---------------------------------------------------------------------

    /// Feeds one input to the engine; see [`Self::pump`].
    pub(crate) fn input(&self, input: impl FnOnce(&mut Engine, Time)) -> u32 {
        self.pump(None, |driver, now| input(&mut driver.engine, now))
    }

    /// Feeds a frame's input to the engine, stamped with the frame's arrival time (its
    /// `MessageEvent.timeStamp`, on the clock of [`clock::now`]); see [`Self::pump`].
    pub(crate) fn frame_input(&self, at: f64, input: impl FnOnce(&mut Engine, Time)) -> u32 {
        self.pump(Some(at), |driver, now| input(&mut driver.engine, now))
    }

    /// An event without facts, if the engine takes it in one step (see
    /// [`Engine::take_next_event`]): [`DELIVER`] then, else 0 and nothing was done.
    pub(crate) fn take_next_event(&self, at: f64, id: u64) -> u32 {
        let Ok(mut guard) = self.driver.try_borrow_mut() else {
            return 0;
        };
        let Some(driver) = guard.as_mut() else {
            return 0;
        };
        let now = clock::from_stamp(at).max(driver.last_now);
        if !driver.engine.take_next_event(now, id) {
            return 0;
        }
        driver.last_now = now;
        DELIVER
    }

    /// Feeds an event to the engine through `take` ([`Engine::take_event`]): [`DELIVER`] at once
    /// when the engine took it with nothing else to do, else its outputs are acted on as
    /// [`Self::pump`] does (the delivery in order among them).
    pub(crate) fn take(&self, at: f64, take: impl FnOnce(&mut Engine, Time) -> bool) -> u32 {
        {
            let Ok(mut guard) = self.driver.try_borrow_mut() else {
                return self.run(Some(at), &mut |_, _| {});
            };
            let Some(driver) = guard.as_mut() else {
                return 0;
            };
            let now = clock::from_stamp(at).max(driver.last_now);
            driver.last_now = now;
            if take(&mut driver.engine, now) {
                self.rearm(driver, now);
                let Some(allowed) = Self::allowed_change(driver) else {
                    return DELIVER;
                };
                // The event first, as the engine took it, then what it changed in `can()`.
                drop(guard);
                deliver(&self.core);
                self.release(Release::Can(allowed));
                return 0;
            }
        }
        self.run(Some(at), &mut |_, _| {})
    }

    /// Feeds one input to the engine, acts on its outputs, then hands the JS layer what is for
    /// it with no borrow held. Returns [`DELIVER`] when all the engine did was to deliver the
    /// gateway event being handled: the JS layer then does so itself, and nothing crossed back.
    fn pump(&self, at: Option<f64>, input: impl FnOnce(&mut Driver, Time)) -> u32 {
        let mut input = Some(input);
        self.run(at, &mut |driver, now| {
            if let Some(input) = input.take() {
                input(driver, now);
            }
        })
    }

    /// [`Self::pump`]'s body, once for every kind of input rather than once per closure type.
    fn run(&self, at: Option<f64>, input: &mut dyn FnMut(&mut Driver, Time)) -> u32 {
        let mut released = Vec::new();
        let mut delivering = false;
        {
            let Ok(mut guard) = self.driver.try_borrow_mut() else {
                // Unreachable by construction (the JS layer is called after the borrow ends);
                // refuse rather than panic if it ever happens.
                emit_error(&self.core, "INTERNAL", "re-entrant engine access refused");
                return 0;
            };
            let Some(driver) = guard.as_mut() else {
                return 0;
            };
            // Never earlier than what the engine saw last: a frame's timeStamp can predate a
            // timer that fired before its handler ran.
            let now = at
                .map_or_else(clock::now, clock::from_stamp)
                .max(driver.last_now);
            driver.last_now = now;
            input(driver, now);
            while let Some(output) = driver.engine.poll_output() {
                let release = match output {
                    Output::Emit(event) => match event {
                        Event::Gateway(_) if released.is_empty() && !delivering => {
                            delivering = true;
                            continue;
                        }
                        Event::Gateway(_) => Release::Deliver,
                        Event::Catalog(made) => Release::Made(made),
                        // Settled with its Promise on `Output::Resolve`, which follows at once.
                        Event::Response(_) => continue,
                        Event::Error(e) => Release::Error(e),
                        Event::Resync(e) => Release::Resync(e),
                        Event::KeyExpiring(e) => Release::KeyExpiring(e.expires_at),
                        Event::Warning(w) => Release::Warning(w),
                        Event::Device(d) => Release::Device(d),
                        Event::IceRestart(e) => Release::IceRestart(e),
                    },
                    Output::Resolve { ticket, response } => Release::Settle(ticket, response),
                    // The provider is the page's code: called once the engine is released.
                    Output::WantKey => Release::WantKey,
                    other => {
                        self.act(driver, now, other, &mut released);
                        continue;
                    }
                };
                if delivering {
                    delivering = false;
                    released.push(Release::Deliver);
                }
                released.push(release);
            }
            self.rearm(driver, now);
            if let Some(allowed) = Self::allowed_change(driver) {
                if delivering {
                    delivering = false;
                    released.push(Release::Deliver);
                }
                released.push(Release::Can(allowed));
            }
        }
        if delivering {
            return DELIVER;
        }
        if !released.is_empty() {
            for release in released {
                self.release(release);
            }
        }
        0
    }

    /// The engine's answers to `can()` if they changed since the page last heard (asked after
    /// every input: allocation-free, see `Engine::allowed`).
    fn allowed_change(driver: &mut Driver) -> Option<Allowed> {
        let now = driver.engine.allowed();
        (now != driver.allowed).then(|| {
            driver.allowed = now;
            now
        })
    }

    /// Hands one thing to the JS layer.
    fn release(&self, release: Release) {
        let core = &self.core;
        match release {
            Release::Deliver => deliver(core),
            Release::Made(made) => emit_made(core, &made),
            Release::Settle(ticket, r) => {
                let data = r.data.as_ref().map(|d| d.as_str());
                settle(
                    core,
                    ticket.0 as f64,
                    &r.action,
                    r.code as f64,
                    &r.message,
                    r.error_code.as_deref(),
                    data,
                );
            }
            Release::Error(e) => emit_error(core, &e.code, &e.message),
            Release::Resync(e) => emit_resync(
                core,
                e.reason,
                e.lost_from as f64,
                e.lost_to.map(|n| n as f64),
            ),
            Release::KeyExpiring(at) => emit_key_expiring(core, at as f64),
            Release::WantKey => want_key(core),
            Release::Warning(change) => {
                let raised = matches!(change, WarningChange::Raised(_));
                let w = change.warning();
                let values: Vec<f64> = w.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
                emit_warning(core, raised, w.name.as_str(), w.threshold, &values);
            }
            Release::Can(allowed) => emit_can(core, allowed.bits() as f64),
            Release::Log(kind, text, code) => log_link(core, kind as u32, &text, f64::from(code)),
            Release::Device(event) => emit_device(core, &event),
            Release::IceRestart(e) => emit_sip_reconnect(core, e.event_type, e.attempt, e.reason),
        }
    }

    /// Acts on an output that concerns the browser's handles.
    /// Log lines go to `released`: the page's logger runs with no borrow held, like a listener.
    fn act(&self, driver: &mut Driver, now: Time, output: Output, released: &mut Vec<Release>) {
        match output {
            Output::OpenSocket { url, protocol } => {
                // Cut at an ASCII byte, so always a char boundary; `truncate` rather than a slice,
                // whose out-of-range path alone costs 1.4 KB of formatting code in the wasm.
                let mut shown = url.clone();
                if let Some(end) = url.bytes().position(|b| b == b'?' || b == b'#') {
                    shown.truncate(end);
                }
                released.push(Release::Log(LinkLog::Opening, shown, 0));
                driver.socket = None;
                match Socket::open(&url, protocol, &self.core, self.socket_sink()) {
                    Ok(socket) => driver.socket = Some(socket),
                    Err(e) => driver.engine.handle_socket_closed(now, 1006, &describe(&e)),
                }
            }
            Output::Send(text) => {
                if self.log_frames.get() {
                    released.push(Release::Log(LinkLog::Sent, text.clone(), 0));
                }
                let failed = driver
                    .socket
                    .as_ref()
                    .map(|s| s.send(&text))
                    .transpose()
                    .err();
                if let Some(e) = failed {
                    driver.socket = None;
                    driver.engine.handle_socket_closed(
                        now,
                        1006,
                        &text!("send failed: ", describe(&e)),
                    );
                }
            }
            Output::CloseSocket { code, reason } => {
                released.push(Release::Log(LinkLog::Closing, reason.clone(), code));
                if let Some(socket) = driver.socket.take() {
                    socket.close(code, &reason);
                }
            }
            Output::Media(action) => self.media(driver, now, action),
            Output::Emit(_) | Output::Resolve { .. } | Output::WantKey => {}
        }
    }

    /// Keeps exactly one timer, armed for the engine's next deadline.
    fn rearm(&self, driver: &mut Driver, now: Time) {
        let wanted = driver.engine.poll_timeout();
        if driver.armed == wanted {
            return;
        }
        driver.armed = wanted;
        match wanted {
            Some(deadline) => driver
                .wakeups
                .arm(now.until(deadline).min(MAX_TIMER_MS) as u32),
            None => driver.wakeups.clear(),
        }
    }

    /// Acts on the softphone (src/web/legs.rs); its async steps report back through
    /// [`LegOwner::report`], dropped if their leg has been closed since.
    fn media(&self, driver: &mut Driver, now: Time, action: MediaAction) {
        if let Err(e) = driver.legs.act(&self.this, action) {
            driver.engine.handle_media_failed(now, &e);
        }
    }

    /// The socket's lifecycle, as engine inputs (frames go to the JS layer's receive path).
    fn socket_sink(&self) -> impl Fn(SocketEvent) + Clone + 'static {
        let this = self.this.clone();
        move |event| {
            let Some(client) = this.upgrade() else { return };
            match event {
                SocketEvent::Opened => {
                    log_link(&client.core, LinkLog::Opened as u32, "", 0.0);
                    client.pump(None, |d, now| d.engine.handle_socket_opened(now))
                }
                SocketEvent::Closed { code, reason } => {
                    log_link(
                        &client.core,
                        LinkLog::Closed as u32,
                        &reason,
                        f64::from(code),
                    );
                    client.pump(None, |d, now| {
                        d.socket = None;
                        d.engine.handle_socket_closed(now, code, &reason);
                    })
                }
            };
        }
    }
}

/// The refusal of `setup()` for the face to word (see `Shell::setup`).
fn refusal(e: ConfigError) -> JsValue {
    match e {
        ConfigError::BaseUrl(url) => refusal_of(2, url.into(), 0.0, 0.0, 0.0),
        ConfigError::Bounds {
            name,
            value,
            min,
            max,
        } => refusal_of(3, name.into(), value, min, max),
        ConfigError::OutOfRange {
            name,
            value,
            min,
            max,
        } => refusal_of(4, name.into(), value as f64, min as f64, max as f64),
        ConfigError::Shape(shape) => refusal_of(3, shape.into(), f64::NAN, f64::NAN, f64::NAN),
    }
}

fn refusal_of(kind: u32, name: JsValue, value: f64, min: f64, max: f64) -> JsValue {
    let out = js_sys::Array::new();
    out.push(&kind.into());
    out.push(&name);
    out.push(&value.into());
    out.push(&min.into());
    out.push(&max.into());
    out.into()
}

/// Hands an audio-device event to the JS layer as plain values (js/face.js `emitDevice`).
fn emit_device(core: &JsValue, event: &DeviceEvent) {
    let pairs = |devices: &[agentdesk_core::media::devices::AudioDevice]| {
        let out = js_sys::Array::new();
        for d in devices {
            out.push(&JsValue::from_str(&d.device_id));
            out.push(&JsValue::from_str(&d.label));
        }
        out
    };
    match &event.body {
        DeviceEventBody::List(list) => {
            emit_device_list(core, &pairs(&list.inputs), &pairs(&list.outputs))
        }
        DeviceEventBody::Input {
            device_id,
            label,
            reason,
        } => emit_input_changed(core, device_id, label, reason.as_str()),
        DeviceEventBody::Output { device_id } => emit_output_changed(core, device_id),
    }
}

impl LegOwner for Client {
    fn with_legs(&self, f: &mut dyn FnMut(&mut Legs)) {
        if let Ok(mut guard) = self.driver.try_borrow_mut() {
            if let Some(d) = guard.as_mut() {
                f(&mut d.legs);
            }
        }
    }

    fn report(&self, id: u64, report: LegReport) {
        let mut refresh = false;
        self.pump(None, |d, now| {
            if !d.legs.is_current(id) {
                return;
            }
            match report {
                LegReport::Ice(state) => d.engine.handle_media_state(now, &state),
                LegReport::Offer(Ok(sdp)) => d.engine.handle_media_offer(now, &sdp),
                LegReport::Offer(Err(e)) | LegReport::AnswerFailed(e) => {
                    d.engine.handle_media_failed(now, &e)
                }
                LegReport::Stats(Some(snapshot)) => d.engine.handle_stats(now, &snapshot),
                LegReport::Stats(None) => d.engine.handle_stats_unavailable(now),
                LegReport::Microphone(device) => {
                    d.engine.handle_microphone_opened(now, &device);
                    refresh = true;
                }
                LegReport::InputSwitched(result) => d
                    .engine
                    .handle_input_switched(now, result.as_ref().map_err(|e| e.as_str()).cloned()),
                LegReport::OutputSet(device, result) => {
                    let result = result.as_ref().map(|_| ()).map_err(SinkError::as_failure);
                    d.engine.handle_output_set(now, &device, result)
                }
            }
        });
        // Labels come with the microphone's permission: list the devices again.
        if refresh {
            self.refresh_devices();
        }
    }
}
