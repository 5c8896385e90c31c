//! The shell's clock: `performance.now()`, monotonic and unaffected by wall-clock changes. The
//! engine gets it as [`Time`]; it never reads a clock itself.

use web_sys::Performance;

use agentdesk_core::time::Time;

thread_local! {
    /// `window.performance`, looked up once: every frame reads the clock, and the lookup is two
    /// more calls into JavaScript.
    static PERFORMANCE: Option<Performance> = web_sys::window().and_then(|w| w.performance());
}

/// Milliseconds since the page's time origin, rounded down (the shell rounds timer delays up,
/// so a timer never fires before its deadline in engine time).
pub(crate) fn now() -> Time {
    let ms = PERFORMANCE
        .with(|p| p.as_ref().map(Performance::now))
        .unwrap_or_else(js_sys::Date::now);
    Time(ms.max(0.0) as u64)
}

/// A `DOMHighResTimeStamp` (an event's `timeStamp`: the clock of [`now`]) as engine time.
pub(crate) fn from_stamp(ms: f64) -> Time {
    Time(ms.max(0.0) as u64)
}

/// Unix ms at the origin of [`now`], so the engine can derive wall-clock fields.
pub(crate) fn wall_origin_ms() -> u64 {
    let origin = web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.time_origin())
        .unwrap_or_else(js_sys::Date::now);
    origin.max(0.0) as u64
}

/// A seed for the engine's jitter from the browser's CSPRNG; falls back to the clock, which
/// still spreads clients apart.
pub(crate) fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if filled {
        u64::from_le_bytes(bytes)
    } else {
        (js_sys::Date::now() * 1000.0) as u64 ^ (js_sys::Math::random() * u64::MAX as f64) as u64
    }
}
