//! The engine's deadlines as one table (issue 15.7), in the manner of quinn-proto's timer table:
//! one kind per deadline, `poll_timeout` the earliest of them, and `handle_timeout` handling each
//! kind that is due, and only those, so the engine (and a test) knows which one fired.
//!
//! quinn stores its table and sets each entry as it goes; here each entry is read from the state
//! that owns it (the step of [`super::state::Life`], the request table, the leg), so the table
//! cannot disagree with the state it describes. The numbers behind each deadline are cited where
//! they are set: docs/architecture.md "The connection's life" lists them all.

use super::state::{Attempt, Life};
use super::Engine;
use crate::media::Leg;
use crate::time::Time;

/// One kind of deadline. Declared in the order `handle_timeout` handles them when several are
/// due at once: what settles Promises first, then the link, then the softphone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The socket did not open within `connectTimeoutMs`.
    Connect,
    /// The oldest request on the wire reaches `commandTimeoutMs` (auth, login, any command).
    Request,
    /// A reply's settlement waits for its events past its command's deadline (`held.rs`).
    Held,
    /// A command held while the link is down reaches its `commandTimeoutMs` (docs/protocol.md §5).
    Queued,
    /// An `updateSessionKey` given while the link is down reaches its `commandTimeoutMs`.
    KeyCandidate,
    /// The page's `sessionKeyProvider` did not answer within `commandTimeoutMs`.
    KeyProvider,
    /// The next reconnect attempt (backoff: PRODUCT.md §2), held while offline.
    Reconnect,
    /// The link counts as dead: `heartbeatTimeoutMs` without a frame after a ping (or a probe).
    Liveness,
    /// The next ping, every `heartbeatIntervalMs` (PRODUCT.md §2).
    Ping,
    /// The shell did not give the leg's offer within `PREPARE_TIMEOUT_MS`.
    MediaOffer,
    /// The window after a wake in which an ICE failure counts as one across the sleep
    /// (`WAKE_ICE_WINDOW_MS`, RFC 7675 §5.1) closes.
    WakeIce,
    /// ICE stayed disconnected past `sipDisconnectGraceMs`: an ICE restart starts.
    IceGrace,
    /// An ICE restart's try is over (`ICE_RESTART_TRY_MS`) or its window closed
    /// (`ICE_CONSENT_TIMEOUT_MS`, RFC 7675 §5.1): the next try, or the leg's end.
    IceRestart,
    /// The next `getStats()` poll, every `webrtcStatsIntervalMs`.
    StatsPoll,
}

impl Timer {
    /// Every kind, in the order they are handled.
    pub const ALL: [Timer; 14] = [
        Timer::Connect,
        Timer::Request,
        Timer::Held,
        Timer::Queued,
        Timer::KeyCandidate,
        Timer::KeyProvider,
        Timer::Reconnect,
        Timer::Liveness,
        Timer::Ping,
        Timer::MediaOffer,
        Timer::WakeIce,
        Timer::IceGrace,
        Timer::IceRestart,
        Timer::StatsPoll,
    ];
}

/// The kinds a [`Engine::handle_timeout`] handled, as bits by [`Timer::ALL`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fired(u16);

impl Fired {
    /// True when `timer` was due and handled.
    pub fn contains(self, timer: Timer) -> bool {
        self.0 & 1 << timer as u16 != 0
    }

    /// The kinds handled, in order.
    pub fn timers(self) -> impl Iterator<Item = Timer> {
        Timer::ALL.into_iter().filter(move |t| self.contains(*t))
    }

    /// True when nothing was due.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Engine {
    /// When `timer` next needs [`Engine::handle_timeout`], if armed.
    pub fn deadline(&self, timer: Timer) -> Option<Time> {
        match timer {
            Timer::Connect => self.life.connecting(),
            Timer::Request => self.requests.next_deadline(),
            Timer::Held => self.held_deadline(),
            // Queued in the order given, each with the same timeout from a clock that only goes
            // forward: the first is the earliest.
            Timer::Queued => self.queued.front().map(|q| q.deadline),
            Timer::KeyCandidate => self.candidate_deadline(),
            Timer::KeyProvider => match self.life {
                Life::Reconnecting {
                    attempt: Attempt::AwaitingKey { until },
                    ..
                } => Some(until),
                _ => None,
            },
            Timer::Reconnect => match self.life {
                Life::Reconnecting {
                    attempt: Attempt::Scheduled { at },
                    ..
                } if !self.offline => Some(at),
                _ => None,
            },
            Timer::Liveness => self.life.heartbeat().and_then(|hb| hb.dead_at()),
            Timer::Ping => self.life.heartbeat().and_then(|hb| hb.next_ping()),
            Timer::MediaOffer => match &self.leg {
                Some(Leg::Preparing(step)) => Some(step.deadline),
                _ => None,
            },
            Timer::WakeIce => match &self.leg {
                Some(Leg::Up(up)) => up.woke_at.map(|t| t + super::WAKE_ICE_WINDOW_MS),
                _ => None,
            },
            Timer::IceGrace => match &self.leg {
                Some(Leg::Up(up)) if up.restart.is_none() => up
                    .disconnected_since
                    .map(|t| t + self.config.sip_disconnect_grace_ms),
                _ => None,
            },
            Timer::IceRestart => match &self.leg {
                Some(Leg::Up(up)) => up.restart.as_ref().map(|r| {
                    if r.give_up < r.deadline {
                        r.give_up
                    } else {
                        r.deadline
                    }
                }),
                _ => None,
            },
            Timer::StatsPoll => match &self.leg {
                Some(Leg::Up(up)) if !up.poll_in_flight => up.next_poll,
                _ => None,
            },
        }
    }

    /// The earliest armed deadline and its kind (the first kind in [`Timer::ALL`] on a tie).
    pub fn next_timer(&self) -> Option<(Timer, Time)> {
        let mut next: Option<(Timer, Time)> = None;
        for timer in Timer::ALL {
            if let Some(at) = self.deadline(timer) {
                if next.is_none_or(|(_, t)| at < t) {
                    next = Some((timer, at));
                }
            }
        }
        next
    }

    /// When the engine next needs [`Self::handle_timeout`], if ever: the earliest of the table.
    ///
    /// Asked after every input (the shell keeps one timer armed for it), so written as plain
    /// comparisons: in a size-optimised wasm build an iterator chain here cost ~90 ns a frame.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Time> {
        self.next_timer().map(|(_, at)| at)
    }

    /// The deadline from [`Self::poll_timeout`] has come (or passed): handles each kind that is
    /// due at `now`, in [`Timer::ALL`]'s order, each read again just before its turn (handling
    /// one may disarm or move another), and says which. A timer that fires early finds nothing
    /// due and does nothing.
    pub fn handle_timeout(&mut self, now: Time) -> Fired {
        let mut fired = Fired::default();
        for timer in Timer::ALL {
            if self.deadline(timer).is_some_and(|at| at <= now) {
                fired.0 |= 1 << timer as u16;
                self.on_timer(timer, now);
            }
        }
        fired
    }

    fn on_timer(&mut self, timer: Timer, now: Time) {
        match timer {
            Timer::Connect => self.connect_timed_out(now),
            Timer::Request => self.request_timeouts(now),
            Timer::Held => self.held_timeouts(now),
            Timer::Queued => self.queue_timeouts(now),
            Timer::KeyCandidate => self.candidate_timeouts(now),
            Timer::KeyProvider => self.key_wait_due(now),
            Timer::Reconnect => self.reconnect_due(now),
            Timer::Liveness | Timer::Ping => self.heartbeat_due(now),
            Timer::MediaOffer
            | Timer::WakeIce
            | Timer::IceGrace
            | Timer::IceRestart
            | Timer::StatsPoll => self.media_due(timer, now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_in_declaration_order_and_has_a_bit() {
        for (i, timer) in Timer::ALL.iter().enumerate() {
            assert_eq!(
                *timer as usize, i,
                "{timer:?}: `Fired` bits follow ALL's order"
            );
        }
        assert!(Timer::ALL.len() <= 16, "`Fired` is a u16");
        let all = Fired((1 << Timer::ALL.len()) - 1);
        assert_eq!(all.timers().collect::<Vec<_>>(), Timer::ALL);
        assert!(Fired::default().is_empty());
    }
}
