//! A session's event history: the newest events it sent, kept so that a reconnecting client can
//! resume without loss (docs/protocol.md §5).
//!
//! Bounded twice, by a count and by an age, and trimmed early by the client's acknowledgement
//! (`ack` in `ping`, §6). Events keep the ids they were sent with; the history only stores them
//! (shared with the queue that sent them, hence `Arc`), it never renumbers.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use agentdesk_core::protocol::v1::ServerFrame;
use tokio::time::Instant;

/// How much history a session keeps (docs/protocol.md §5: 10 000 events, 300 s by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HistoryLimits {
    /// At most this many events.
    pub(crate) max_events: usize,
    /// None older than this.
    pub(crate) max_age: Duration,
}

/// Why a resume cannot replay (docs/protocol.md §5, `GAP_TOO_OLD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Gap {
    /// The oldest event kept is newer than the first one the client is missing.
    #[error("history starts at event {oldest}, the client needs {needed}")]
    TooOld {
        /// The first event id the client lacks.
        needed: u64,
        /// The oldest id still kept (the newest + 1 when nothing is kept).
        oldest: u64,
    },
    /// The client claims events this session never sent: it cannot be trusted to drop the
    /// right duplicates, so it must resynchronise.
    #[error("the client claims event {claimed}, the session's newest is {newest}")]
    Ahead {
        /// The client's `lastEventId`.
        claimed: u64,
        /// The session's newest event id.
        newest: u64,
    },
}

struct Stored {
    event_id: u64,
    at: Instant,
    frame: Arc<ServerFrame>,
}

/// The events of one session, oldest first, ids consecutive.
pub(crate) struct History {
    events: VecDeque<Stored>,
    limits: HistoryLimits,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("len", &self.events.len())
            .field("limits", &self.limits)
            .finish()
    }
}

impl History {
    /// An empty history with these bounds.
    pub(crate) fn new(limits: HistoryLimits) -> Self {
        Self {
            events: VecDeque::new(),
            limits,
        }
    }

    /// Keeps event `event_id`, sent at `at`, dropping the oldest beyond the count.
    pub(crate) fn push(&mut self, event_id: u64, at: Instant, frame: Arc<ServerFrame>) {
        self.events.push_back(Stored {
            event_id,
            at,
            frame,
        });
        while self.events.len() > self.limits.max_events {
            self.events.pop_front();
        }
    }

    /// Forgets every event up to and including `ack`: the client has delivered them (§5).
    pub(crate) fn acknowledge(&mut self, ack: u64) {
        while self.events.front().is_some_and(|e| e.event_id <= ack) {
            self.events.pop_front();
        }
    }

    /// Forgets events older than the age bound.
    fn trim_aged(&mut self, now: Instant) {
        let max_age = self.limits.max_age;
        while self
            .events
            .front()
            .is_some_and(|e| now.saturating_duration_since(e.at) >= max_age)
        {
            self.events.pop_front();
        }
    }

    /// Every event after `last_event_id`, in order, when history still reaches
    /// `last_event_id + 1`; `newest` is the session's newest event id.
    pub(crate) fn after(
        &mut self,
        last_event_id: u64,
        newest: u64,
        now: Instant,
    ) -> Result<Vec<Arc<ServerFrame>>, Gap> {
        self.trim_aged(now);
        if last_event_id > newest {
            return Err(Gap::Ahead {
                claimed: last_event_id,
                newest,
            });
        }
        if last_event_id == newest {
            return Ok(Vec::new());
        }
        let oldest = self.events.front().map_or(newest + 1, |e| e.event_id);
        let needed = last_event_id + 1;
        if oldest > needed {
            return Err(Gap::TooOld { needed, oldest });
        }
        Ok(self
            .events
            .iter()
            .filter(|e| e.event_id > last_event_id)
            .map(|e| Arc::clone(&e.frame))
            .collect())
    }

    /// How many events are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.events.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk_core::protocol::Notice;
    use serde_json::Map;

    fn frame(n: u64) -> Arc<ServerFrame> {
        // Any frame will do: history never looks inside.
        Arc::new(ServerFrame::Notice(Notice {
            kind: format!("e{n}"),
            message: String::new(),
            fields: Map::new(),
        }))
    }

    fn history(max_events: usize, max_age_ms: u64) -> History {
        History::new(HistoryLimits {
            max_events,
            max_age: Duration::from_millis(max_age_ms),
        })
    }

    fn kinds(frames: &[Arc<ServerFrame>]) -> Vec<String> {
        frames
            .iter()
            .map(|f| match &**f {
                ServerFrame::Notice(n) => n.kind.clone(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn replays_everything_after_the_last_delivered_id_in_order() {
        let mut h = history(10, 60_000);
        let t = Instant::now();
        for n in 1..=5 {
            h.push(n, t, frame(n));
        }
        assert_eq!(kinds(&h.after(2, 5, t).unwrap()), ["e3", "e4", "e5"]);
        assert!(h.after(5, 5, t).unwrap().is_empty());
        assert_eq!(h.after(0, 5, t).unwrap().len(), 5);
    }

    #[test]
    fn count_bound_makes_an_old_resume_a_gap() {
        let mut h = history(3, 60_000);
        let t = Instant::now();
        for n in 1..=5 {
            h.push(n, t, frame(n));
        }
        assert_eq!(h.len(), 3);
        assert_eq!(kinds(&h.after(2, 5, t).unwrap()), ["e3", "e4", "e5"]);
        assert_eq!(
            h.after(1, 5, t).unwrap_err(),
            Gap::TooOld {
                needed: 2,
                oldest: 3
            }
        );
    }

    #[test]
    fn age_bound_forgets_old_events() {
        let mut h = history(10, 1_000);
        let t = Instant::now();
        h.push(1, t, frame(1));
        h.push(2, t + Duration::from_millis(900), frame(2));
        let later = t + Duration::from_millis(1_000);
        assert!(matches!(h.after(0, 2, later), Err(Gap::TooOld { .. })));
        assert_eq!(kinds(&h.after(1, 2, later).unwrap()), ["e2"]);
    }

    #[test]
    fn acknowledged_events_are_dropped_but_resume_from_the_ack_still_works() {
        let mut h = history(10, 60_000);
        let t = Instant::now();
        for n in 1..=4 {
            h.push(n, t, frame(n));
        }
        h.acknowledge(3);
        assert_eq!(h.len(), 1);
        assert_eq!(kinds(&h.after(3, 4, t).unwrap()), ["e4"]);
        assert!(h.after(2, 4, t).is_err());
        h.acknowledge(99);
        assert!(h.after(4, 4, t).unwrap().is_empty());
        assert!(matches!(h.after(3, 4, t), Err(Gap::TooOld { .. })));
    }

    #[test]
    fn a_client_ahead_of_the_session_cannot_resume() {
        let mut h = history(10, 60_000);
        assert!(matches!(
            h.after(7, 2, Instant::now()),
            Err(Gap::Ahead { .. })
        ));
    }
}
