//! A listener on `window` owned by one value: dropping it removes the listener, so a destroyed
//! client leaves nothing behind (STYLE.md habit 6).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, Window};

/// One `window.addEventListener(name, …)` registration.
pub(crate) struct WindowListener {
    window: Window,
    name: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl WindowListener {
    /// Registers `callback` for `name`; `None` outside a window (a worker), where there is
    /// nothing to listen to.
    pub(crate) fn new(name: &'static str, callback: impl FnMut(Event) + 'static) -> Option<Self> {
        let window = web_sys::window()?;
        let closure = Closure::<dyn FnMut(Event)>::new(callback);
        window
            .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
            .ok()?;
        Some(Self {
            window,
            name,
            closure,
        })
    }
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        let _ = self
            .window
            .remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}
