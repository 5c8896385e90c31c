//! Delivering events to JavaScript listeners, after every engine borrow is released.
//!
//! Events go through one FIFO queue: a listener that makes the SDK emit (say, calls `pause()`
//! and gets an immediate `pauseResp`) appends to the queue, and the outer dispatch delivers it
//! after the current event's listeners have all run. So every listener sees events in the order
//! they happened, and a listener may call back into the SDK (loro-wasm's lesson, loro#705).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::convert::{parse_json, to_js};
use agentdesk_core::listeners::Registry;
use agentdesk_core::response::{SdkErrorEvent, SDK_ERROR};
use agentdesk_core::session::Event;

/// The listeners of one client and its queue of undelivered events.
#[derive(Default)]
pub(crate) struct Dispatcher {
    pub(crate) listeners: RefCell<Registry<Function>>,
    queue: RefCell<VecDeque<Event>>,
    dispatching: Cell<bool>,
}

impl Dispatcher {
    /// Queues `events` and, unless a dispatch is already running further up the stack,
    /// delivers everything queued.
    pub(crate) fn emit(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        self.queue.borrow_mut().extend(events);
        if self.dispatching.replace(true) {
            return;
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(event) = next else { break };
            self.deliver(event);
        }
        self.dispatching.set(false);
    }

    fn deliver(&self, event: Event) {
        let event_type = event.event_type();
        let snapshot = self.listeners.borrow().snapshot(event_type);
        if snapshot.is_empty() {
            if let Event::Error(e) = &event {
                // Nobody listens for sdkError: the console is the last place it can be seen.
                web_sys::console::warn_2(&"agentdesk:".into(), &format!("{}: {}", e.code, e.message).into());
            }
            return;
        }
        let payload = match &event {
            // The gateway's text, which the engine has already decoded against the catalog.
            Event::Relayed { raw, .. } => parse_json(raw.get()),
            Event::Catalog(e) => to_js(e),
            Event::Response(r) => to_js(r),
            Event::Error(e) => to_js(e),
            Event::Resync(e) => to_js(e),
            Event::KeyExpiring(e) => to_js(e),
            Event::Warning(w) => to_js(&agentdesk_core::local_events::WebrtcWarningEvent::from(w)),
        };
        for (id, listener) in snapshot {
            let still_registered = self.listeners.borrow_mut().claim(id);
            if !still_registered {
                continue;
            }
            if let Err(thrown) = listener.call1(&JsValue::UNDEFINED, &payload) {
                self.report_throw(event_type, thrown);
            }
        }
    }

    /// A throwing listener is reported on the console and as `sdkError`; the others still run.
    fn report_throw(&self, event_type: &str, thrown: JsValue) {
        let text = thrown
            .dyn_ref::<js_sys::Error>()
            .and_then(|e| e.message().as_string())
            .filter(|m| !m.is_empty())
            .or_else(|| thrown.as_string())
            .unwrap_or_else(|| "a non-Error value was thrown".to_owned());
        web_sys::console::error_3(
            &format!("agentdesk: a listener for `{event_type}` threw:").into(),
            &thrown,
            &JsValue::NULL,
        );
        if event_type != SDK_ERROR {
            let message = format!("a listener for `{event_type}` threw: {text}");
            self.queue.borrow_mut().push_back(Event::Error(SdkErrorEvent::new("LISTENER_ERROR", message)));
        }
    }
}
