//! One dialect client in the browser (feature `dialects`, issue 14): the engine's
//! [`Session`] of `agentdesk_core::session::dialect`, its socket and its one timer, run as the
//! agentdesk client is (`client.rs`): every input stamped with `now`, the outputs acted on while
//! the session is borrowed, then the JS layer handed what is for it with no borrow held.
//! Nothing dialect-specific here beyond the socket's URL and subprotocol, which the session
//! chooses.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

use super::legs::{LegOwner, LegReport, Legs};
use super::socket::{Socket, SocketEvent};
use super::{clock, describe};
use crate::api::generated::emit_made;
use agentdesk_core::session::dialect::meaning::{self, Payload, Scalar};
use agentdesk_core::session::dialect::{Change, Kind, Output, Session, Settings};
use agentdesk_core::session::{Event, Made, Ticket};
use agentdesk_core::text;
use agentdesk_core::time::Time;

#[wasm_bindgen(module = "/js/dialect.js")]
extern "C" {
    #[wasm_bindgen(js_name = dialectDeliver)]
    fn dialect_deliver(client: &JsValue);
    #[wasm_bindgen(js_name = dialectSettle)]
    fn dialect_settle(
        client: &JsValue,
        ticket: f64,
        action: &str,
        code: f64,
        message: &str,
        error_code: Option<String>,
        reply: bool,
    );
    #[wasm_bindgen(js_name = dialectPresence)]
    fn dialect_presence(
        client: &JsValue,
        topic: &str,
        joined: Vec<String>,
        left: Vec<String>,
        list: &str,
    );
    #[wasm_bindgen(js_name = dialectFetchToken)]
    fn dialect_fetch_token(client: &JsValue);
    #[wasm_bindgen(js_name = dialectEnded)]
    fn dialect_ended(client: &JsValue, reason: &str);
    #[wasm_bindgen(js_name = dialectError)]
    fn dialect_error(client: &JsValue, code: &str, message: &str);
    #[wasm_bindgen(js_name = dialectResync)]
    fn dialect_resync(client: &JsValue, reason: &str);
}

/// Longest delay `setTimeout` honours (2^31 − 1 ms).
const MAX_TIMER_MS: u64 = 2_147_483_647;

struct Driver {
    session: Session,
    socket: Option<Socket>,
    /// Phoenix: the softphone leg of a Voki call channel.
    legs: Legs,
    timer: Option<(Time, Timeout)>,
    last_now: Time,
}

/// What the JS layer gets once the session is released, in order.
enum Release {
    Deliver,
    Made(Made),
    Settle(Ticket, agentdesk_core::response::SdkResponse, bool),
    Presence(String, Change, String),
    FetchToken,
    Ended(String),
    Error(String, String),
    Resync(&'static str),
}

/// A dialect client as the JS layer drives it.
pub(crate) struct DialectClient {
    this: Weak<DialectClient>,
    core: JsValue,
    driver: RefCell<Option<Driver>>,
}

impl DialectClient {
    pub(crate) fn new(core: JsValue) -> Rc<Self> {
        Rc::new_cyclic(|this| Self {
            this: this.clone(),
            core,
            driver: RefCell::new(None),
        })
    }

    /// Installs a session of dialect `kind` for `base_url`; false while one is active.
    pub(crate) fn setup(&self, kind: Kind, base_url: &str, settings: Settings) -> bool {
        if self
            .driver
            .borrow()
            .as_ref()
            .is_some_and(|d| d.session.is_active())
        {
            return false;
        }
        let session = Session::new(
            kind,
            base_url,
            settings,
            clock::random_seed(),
            clock::wall_origin_ms(),
        );
        let old = self.driver.borrow_mut().replace(Driver {
            session,
            socket: None,
            legs: Legs::default(),
            timer: None,
            last_now: Time(0),
        });
        drop(old);
        true
    }

    /// A Phoenix presence list, as JSON text (`[]` for an unknown topic).
    pub(crate) fn presence_list(&self, topic: &str) -> String {
        self.driver
            .borrow()
            .as_ref()
            .and_then(|d| d.session.presence(topic).map(|p| p.list_json()))
            .unwrap_or_else(|| "[]".to_owned())
    }

    /// The catalog event a delivered frame also means, built as a plain object: the fields
    /// the engine derived (`status.state` → `{status: {state}}`) and `via`, the dialect frame it
    /// came from.
    pub(crate) fn meaning(
        &self,
        address: Option<&str>,
        event: &str,
        payload: &JsValue,
    ) -> Option<JsValue> {
        let kind = self.driver.borrow().as_ref()?.session.kind();
        let parsed = JsPayload(payload);
        let derived = meaning::find(kind, address, event, &parsed)?.derive(address, &parsed)?;
        let object = js_sys::Object::new();
        set(
            &object,
            "eventType",
            &JsValue::from_str(derived.event_type.as_str()),
        );
        for (path, value) in derived.fields {
            let value = match value {
                Scalar::Text(t) => JsValue::from_str(&t),
                Scalar::Number(n) => JsValue::from_f64(n),
                Scalar::Bool(b) => JsValue::from_bool(b),
            };
            let mut at = object.clone();
            let mut segments = path.split('.').peekable();
            while let Some(segment) = segments.next() {
                if segments.peek().is_none() {
                    set(&at, segment, &value);
                    break;
                }
                let next = js_sys::Reflect::get(&at, &JsValue::from_str(segment))
                    .ok()
                    .and_then(|v| v.dyn_into::<js_sys::Object>().ok())
                    .unwrap_or_else(|| {
                        let o = js_sys::Object::new();
                        set(&at, segment, &o);
                        o
                    });
                at = next;
            }
        }
        let via = js_sys::Object::new();
        set(&via, "dialect", &JsValue::from_str(kind.name()));
        set(&via, "event", &JsValue::from_str(event));
        if let Some(address) = address {
            set(&via, "address", &JsValue::from_str(address));
        }
        set(&object, "via", &via);
        Some(object.into())
    }

    /// Ends the client: closes, clears the timer.
    pub(crate) fn destroy(&self) {
        self.input(None, |s, now| s.handle_close(now, None));
        let driver = self.driver.borrow_mut().take();
        drop(driver);
    }

    /// Feeds one input (stamped with a frame's arrival time `at`, else the clock's now), acts on
    /// the outputs, then hands the JS layer what is for it.
    pub(crate) fn input(&self, at: Option<f64>, input: impl FnOnce(&mut Session, Time)) {
        self.run(at, &mut Some(input))
    }

    fn run(&self, at: Option<f64>, input: &mut Option<impl FnOnce(&mut Session, Time)>) {
        let mut released = Vec::new();
        {
            let Ok(mut guard) = self.driver.try_borrow_mut() else {
                dialect_error(&self.core, "INTERNAL", "re-entrant engine access refused");
                return;
            };
            let Some(driver) = guard.as_mut() else {
                return;
            };
            let now = at
                .map_or_else(clock::now, clock::from_stamp)
                .max(driver.last_now);
            driver.last_now = now;
            if let Some(input) = input.take() {
                input(&mut driver.session, now);
            }
            while let Some(output) = driver.session.poll_output() {
                let release = match output {
                    Output::Deliver => Release::Deliver,
                    Output::Emit(Event::Catalog(made)) => Release::Made(made),
                    Output::Emit(Event::Error(e)) => Release::Error(e.code, e.message),
                    Output::Emit(Event::Resync(r)) => Release::Resync(r.reason),
                    Output::Emit(_) => continue,
                    Output::Resolve {
                        ticket,
                        response,
                        reply,
                    } => Release::Settle(ticket, response, reply),
                    Output::Presence { topic, change } => {
                        let list = driver
                            .session
                            .presence(&topic)
                            .map(|p| p.list_json())
                            .unwrap_or_else(|| "[]".to_owned());
                        Release::Presence(topic, change, list)
                    }
                    Output::FetchToken => Release::FetchToken,
                    Output::Ended { reason } => Release::Ended(reason),
                    other => {
                        self.act(driver, now, other);
                        continue;
                    }
                };
                released.push(release);
            }
            self.rearm(driver, now);
        }
        for release in released {
            self.release(release);
        }
    }

    fn release(&self, release: Release) {
        let core = &self.core;
        match release {
            Release::Deliver => dialect_deliver(core),
            Release::Made(made) => emit_made(core, &made),
            Release::Settle(ticket, r, reply) => dialect_settle(
                core,
                ticket.0 as f64,
                &r.action,
                r.code as f64,
                &r.message,
                r.error_code,
                reply,
            ),
            Release::Presence(topic, change, list) => {
                dialect_presence(core, &topic, change.joined, change.left, &list)
            }
            Release::FetchToken => dialect_fetch_token(core),
            Release::Ended(reason) => dialect_ended(core, &reason),
            Release::Error(code, message) => dialect_error(core, &code, &message),
            Release::Resync(reason) => dialect_resync(core, reason),
        }
    }

    fn act(&self, driver: &mut Driver, now: Time, output: Output) {
        match output {
            Output::OpenSocket { url, protocol } => {
                driver.socket = None;
                match Socket::open(&url, protocol, &self.core, self.socket_sink()) {
                    Ok(socket) => driver.socket = Some(socket),
                    Err(e) => driver
                        .session
                        .handle_socket_closed(now, 1006, &describe(&e)),
                }
            }
            Output::Send(frame) => {
                let failed = driver
                    .socket
                    .as_ref()
                    .map(|s| s.send(&frame))
                    .transpose()
                    .err();
                if let Some(e) = failed {
                    driver.socket = None;
                    let why = text!("send failed: ", describe(&e));
                    driver.session.handle_socket_closed(now, 1006, &why);
                }
            }
            Output::CloseSocket { code, reason } => {
                if let Some(socket) = driver.socket.take() {
                    socket.close(code, &reason);
                }
            }
            Output::Media(action) => {
                if let Err(e) = driver.legs.act(&self.this, action) {
                    driver.session.handle_media_failed(now, &e);
                }
            }
            Output::RemoteCandidate(candidate) => driver.legs.add_candidate(&candidate),
            _ => {}
        }
    }

    fn rearm(&self, driver: &mut Driver, now: Time) {
        let wanted = driver.session.poll_timeout();
        if driver.timer.as_ref().map(|(t, _)| *t) == wanted {
            return;
        }
        driver.timer = wanted.map(|deadline| {
            let this = self.this.clone();
            let delay = now.until(deadline).min(MAX_TIMER_MS) as u32;
            let timeout = Timeout::new(delay, move || {
                if let Some(client) = this.upgrade() {
                    client.timer_fired();
                }
            });
            (deadline, timeout)
        });
    }

    fn timer_fired(&self) {
        if let Ok(mut guard) = self.driver.try_borrow_mut() {
            if let Some(d) = guard.as_mut() {
                d.timer = None;
            }
        }
        self.input(None, |s, now| s.handle_timeout(now));
    }

    fn socket_sink(&self) -> impl Fn(SocketEvent) + Clone + 'static {
        let this = self.this.clone();
        move |event| {
            let Some(client) = this.upgrade() else { return };
            match event {
                SocketEvent::Opened => client.input(None, |s, now| s.handle_socket_opened(now)),
                SocketEvent::Closed { code, reason } => {
                    if let Ok(mut guard) = client.driver.try_borrow_mut() {
                        if let Some(d) = guard.as_mut() {
                            d.socket = None;
                        }
                    }
                    client.input(None, |s, now| s.handle_socket_closed(now, code, &reason))
                }
            }
        }
    }
}

/// A frame's payload as JS parsed it, read through `Reflect` (no second parse, no text).
struct JsPayload<'a>(&'a JsValue);

impl Payload for JsPayload<'_> {
    fn scalar(&self, pointer: &str) -> Option<Scalar> {
        let mut value = self.0.clone();
        for segment in pointer.split('/').skip(1) {
            if !value.is_object() {
                return None;
            }
            value = js_sys::Reflect::get(&value, &JsValue::from_str(segment)).ok()?;
        }
        if let Some(text) = value.as_string() {
            Some(Scalar::Text(text))
        } else if let Some(n) = value.as_f64() {
            Some(Scalar::Number(n))
        } else {
            value.as_bool().map(Scalar::Bool)
        }
    }
}

/// `object[key] = value` on an object this module made (cannot throw: no setter, not frozen).
fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

impl LegOwner for DialectClient {
    fn with_legs(&self, f: &mut dyn FnMut(&mut Legs)) {
        if let Ok(mut guard) = self.driver.try_borrow_mut() {
            if let Some(d) = guard.as_mut() {
                f(&mut d.legs);
            }
        }
    }

    fn report(&self, id: u64, report: LegReport) {
        let current = self
            .driver
            .try_borrow()
            .ok()
            .is_some_and(|g| g.as_ref().is_some_and(|d| d.legs.is_current(id)));
        if !current {
            return;
        }
        self.input(None, |s, now| match report {
            LegReport::Ice(state) => s.handle_media_state(now, &state),
            LegReport::Offer(Ok(sdp)) => s.handle_media_offer(now, &sdp),
            LegReport::Offer(Err(e)) | LegReport::AnswerFailed(e) => s.handle_media_failed(now, &e),
            LegReport::Stats(Some(snapshot)) => s.handle_stats(now, &snapshot),
            LegReport::Stats(None) => s.handle_stats_unavailable(now),
            // The audio-device methods belong to the agentdesk client (issue 15): a Voki leg is
            // never asked to switch, and its microphone's device is not tracked.
            LegReport::Microphone(_) | LegReport::InputSwitched(_) | LegReport::OutputSet(..) => {}
        });
    }
}
