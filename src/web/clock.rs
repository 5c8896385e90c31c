//! The shell's clock: `performance.now()`, monotonic and unaffected by wall-clock changes. The
//! engine gets it as [`Time`]; it never reads a clock itself.

use crate::core::time::Time;

/// Milliseconds since the page's time origin, rounded down (the shell rounds timer delays up,
/// so a timer never fires before its deadline in engine time).
pub(crate) fn now() -> Time {
    let ms = web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now);
    Time(ms.max(0.0) as u64)
}
