//! The one task waiting on a connection's mailbox (crate::queue) or fault inbox (crate::links):
//! remembered under the owner's lock, woken once that lock is released.

use std::task::{Context, Waker};

/// Remembers `cx`'s task in `slot`. The same task polls on every turn, so after the first
/// time this is a comparison, not a clone.
pub(crate) fn remember(slot: &mut Option<Waker>, cx: &Context<'_>) {
    match slot {
        Some(waker) if waker.will_wake(cx.waker()) => {}
        _ => *slot = Some(cx.waker().clone()),
    }
}

/// Wakes the task taken from a slot, if one waited. Call it after releasing the lock the slot
/// lives under: the task may run on another thread at once and take that lock.
pub(crate) fn wake(waker: Option<Waker>) {
    if let Some(waker) = waker {
        waker.wake();
    }
}
