//! The page's day around the link: the network going and coming back, and the page waking from
//! a sleep or a throttled stretch (issue 15, docs/protocol.md §6 "Hidden tabs and sleep").
//!
//! Inputs only; the decisions stay with the heartbeat (a probe on a late wake) and the reconnect
//! loop (when to try). Each is stamped with `now` like every input.

use super::state::{Attempt, Life};
use super::Engine;
use crate::time::Time;

impl Engine {
    /// The browser reports the network is back (`online`) or changed (a `navigator.connection`
    /// change: Wi-Fi to a dock, a VPN). A waiting reconnect attempt starts at once instead of
    /// sleeping out its backoff (PRODUCT.md §2); an open link is probed at once, since a socket
    /// that outlived a network change is often half-open and would otherwise be found dead only
    /// by the heartbeat's timeout after the next silence.
    pub fn handle_network_online(&mut self, now: Time) {
        self.offline = false;
        self.wake(now);
    }

    /// The browser reports it is offline: reconnect attempts wait for [`Self::handle_network_online`]
    /// instead of spending their attempts and backoff on a network that is not there. An open link
    /// stays as it is: the heartbeat judges it (a brief `offline` often leaves the socket alive).
    pub fn handle_network_offline(&mut self, _now: Time) {
        self.offline = true;
    }

    /// The shell saw the page come back from a stretch it could not run: the wall clock jumped
    /// past the monotonic clock (the laptop slept), the page resumed from frozen, or became
    /// visible. An open link gets a liveness probe now; a waiting reconnect attempt goes now.
    pub fn handle_wake(&mut self, now: Time) {
        self.media_wake(now);
        self.wake(now);
    }

    fn wake(&mut self, now: Time) {
        if let Some(heartbeat) = self.life.heartbeat_mut() {
            if heartbeat.handle_late_wake(now) {
                self.heartbeat_due(now);
            }
        }
        if let Life::Reconnecting {
            attempt: Attempt::Scheduled { at },
            ..
        } = &mut self.life
        {
            *at = (*at).min(now);
        }
        self.reconnect_due(now);
    }

    /// True while the browser says it is offline.
    pub fn is_offline(&self) -> bool {
        self.offline
    }
}
