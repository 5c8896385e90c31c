//! The browser shell: the only Rust that touches web-sys. It turns the JS layer's calls and the
//! browser's callbacks into engine inputs stamped with `now`, performs the engine's outputs
//! (socket, timer, softphone), keeps one re-armed timer, and hands events and settled commands
//! to the JS layer only after the engine's borrow is released.

pub(crate) mod client;
mod clock;
mod devices;
#[cfg(feature = "dialects")]
pub(crate) mod dialect;
mod legs;
pub(crate) mod preflight;
mod socket;
mod softphone;
mod wakeups;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/check.js")]
extern "C" {
    /// Words for whatever JavaScript threw, without ever throwing itself.
    #[wasm_bindgen(js_name = describeThrown)]
    fn describe_thrown(thrown: &JsValue) -> String;
}

/// Words for an error a browser API handed back.
pub(crate) fn describe(thrown: &JsValue) -> String {
    describe_thrown(thrown)
}
