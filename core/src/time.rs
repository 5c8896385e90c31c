//! Time as the engine sees it: milliseconds on the shell's monotonic clock, handed in with every
//! input. The engine never reads a clock itself (STYLE.md habit 1; on wasm32 the standard
//! library's monotonic clock panics, TOOLCHAIN.md pitfall 8), so tests drive it in virtual time.

use std::ops::{Add, Sub};

/// A point in time, in milliseconds since an origin chosen by the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(pub u64);

impl Time {
    /// Milliseconds since the origin.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// Milliseconds from `self` until `later`, zero when `later` has passed.
    pub fn until(self, later: Time) -> u64 {
        later.0.saturating_sub(self.0)
    }
}

impl Add<u64> for Time {
    type Output = Time;
    fn add(self, millis: u64) -> Time {
        Time(self.0.saturating_add(millis))
    }
}

impl Sub<Time> for Time {
    type Output = u64;
    fn sub(self, earlier: Time) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}
