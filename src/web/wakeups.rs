//! What wakes the engine besides the socket (js/wakeups.js): its one timer, ticking in a
//! dedicated Worker so that a hidden, throttled tab still wakes on time; `online`, `offline` and a
//! `navigator.connection` change; the page coming back (visible again, resumed from frozen, or
//! the wall clock jumped: the machine slept). One owner: dropping [`Wakeups`] removes the
//! listeners and stops the worker before the callback is released, so nothing reaches a client
//! that is gone (STYLE.md habit 6).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/wakeups.js")]
extern "C" {
    #[wasm_bindgen(js_name = Wakeups)]
    type Source;
    #[wasm_bindgen(constructor, js_class = "Wakeups")]
    fn new(fire: &js_sys::Function) -> Source;
    #[wasm_bindgen(method, js_class = "Wakeups")]
    fn arm(this: &Source, ms: f64);
    #[wasm_bindgen(method, js_class = "Wakeups")]
    fn clear(this: &Source);
    #[wasm_bindgen(method, js_class = "Wakeups")]
    fn free(this: &Source);
}

/// What woke the engine (js/wakeups.js `WAKE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// The timer armed with [`Wakeups::arm`].
    Timer,
    /// `online`, or a `navigator.connection` change.
    Online,
    /// `offline`.
    Offline,
    /// The page came back from a stretch it could not run.
    Page,
}

/// The timer and the page's signals of one client.
pub(crate) struct Wakeups {
    source: Source,
    _fire: Closure<dyn FnMut(u32)>,
}

impl Wakeups {
    pub(crate) fn new(mut wake: impl FnMut(Wake) + 'static) -> Self {
        let fire = Closure::<dyn FnMut(u32)>::new(move |kind: u32| {
            wake(match kind {
                0 => Wake::Timer,
                1 => Wake::Online,
                2 => Wake::Offline,
                _ => Wake::Page,
            })
        });
        let source = Source::new(fire.as_ref().unchecked_ref());
        Self {
            source,
            _fire: fire,
        }
    }

    /// Fires [`Wake::Timer`] once, `ms` from now, replacing whatever was armed.
    pub(crate) fn arm(&self, ms: u32) {
        self.source.arm(f64::from(ms));
    }

    /// Disarms the timer.
    pub(crate) fn clear(&self) {
        self.source.clear();
    }
}

impl Drop for Wakeups {
    fn drop(&mut self) {
        self.source.free();
    }
}
