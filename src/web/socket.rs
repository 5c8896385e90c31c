//! The WebSocket and its handlers, owned together: dropping a [`Socket`] detaches every handler
//! and closes the socket, so no callback can reach a client that no longer wants it (STYLE.md
//! habit 6, gloo-net's model). `onmessage` is the JS layer's receive path (js/receive.js), which
//! `attach` installs: frames never cross into the wasm as text; the lifecycle handlers are here.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, Event, WebSocket};

#[wasm_bindgen(module = "/js/receive.js")]
extern "C" {
    /// Installs the JS layer's `onmessage` for `client` on `ws`.
    fn attach(client: &JsValue, ws: &WebSocket);
}

/// What the socket reports, turned into engine inputs by the client.
pub(crate) enum SocketEvent {
    Opened,
    Closed { code: u16, reason: String },
}

/// One open or opening WebSocket with its handlers.
pub(crate) struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Socket {
    /// Opens `url` offering `protocol`: frames go to the JS layer's `client`, the lifecycle to
    /// `sink`, until the socket is dropped.
    pub(crate) fn open(
        url: &str,
        protocol: &str,
        client: &JsValue,
        sink: impl Fn(SocketEvent) + Clone + 'static,
    ) -> Result<Self, JsValue> {
        // No subprotocol is offered at all when there is none: `new WebSocket(url, "")` throws,
        // and Kazoo refuses any offered one (seed 000, dialect `kazoo`).
        let ws = if protocol.is_empty() {
            WebSocket::new(url)?
        } else {
            WebSocket::new_with_str(url, protocol)?
        };
        // ArrayBuffer keeps binary delivery synchronous; v1 only uses text anyway.
        ws.set_binary_type(BinaryType::Arraybuffer);

        let s = sink.clone();
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| s(SocketEvent::Opened));
        let s = sink.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            s(SocketEvent::Closed {
                code: e.code(),
                reason: e.reason(),
            })
        });
        // `error` is always followed by `close`, which carries the code: nothing to do here but
        // keep the browser from logging an unhandled error event.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| {});

        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        attach(client, &ws);
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        ws.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            ws,
            _on_open: on_open,
            _on_close: on_close,
            _on_error: on_error,
        })
    }

    /// Sends one text frame.
    pub(crate) fn send(&self, text: &str) -> Result<(), JsValue> {
        self.ws.send_with_str(text)
    }

    /// Closes with a code and reason, then drops (detaching the handlers).
    pub(crate) fn close(self, code: u16, reason: &str) {
        // Only 1000 and 3000–4999 may be sent by a page; anything else would throw.
        let code = if code == 1000 || (3000..5000).contains(&code) {
            code
        } else {
            1000
        };
        // A reason over 123 bytes throws; ours are short, and a failure here changes nothing.
        let _ = self.ws.close_with_code_and_reason(code, reason);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        let state = self.ws.ready_state();
        if state == WebSocket::CONNECTING || state == WebSocket::OPEN {
            let _ = self.ws.close_with_code(1000);
        }
    }
}
