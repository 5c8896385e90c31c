//! GlobeMeet's event history: every event gets the next id of the stream, and a reconnecting
//! client that sends its last event id (seed 002: "resume from your last event ID") gets what it
//! missed, or is told the gap is too old (research/gateway-protocols.md §4.4: bounded by count
//! and age, an epoch that changes when the history is lost).
//!
//! One history per tenant stream; each client filters the replay by its own patterns. Pure: the
//! time of each event and of each question is an argument.

use std::collections::VecDeque;

use serde_json::Value;

use super::frame::{EventId, ServerFrame};
use super::topic::Pattern;

/// Events kept by default (research/gateway-protocols.md §4.4: "e.g. 1000 events or 5 min").
pub const DEFAULT_MAX_EVENTS: usize = 1000;
/// Age kept by default, ms.
pub const DEFAULT_MAX_AGE_MS: i64 = 5 * 60 * 1000;

/// One stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its position in the stream.
    pub seq: u64,
    /// When it was stored, Unix ms.
    pub at_ms: i64,
    /// Its topic, for filtering.
    pub topic: String,
    /// The `event` frame, encoded once.
    pub frame: String,
}

/// Why a resume cannot replay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Gap {
    /// Not an id this server gives out.
    #[error("`{0}` is not an event id")]
    Malformed(String),
    /// The history restarted since (another epoch): the client reloads its state.
    #[error("the event history restarted; reload")]
    OtherEpoch,
    /// Older than the history keeps.
    #[error("the gap is older than the history keeps; reload")]
    TooOld,
    /// Newer than the newest event: not an id this stream gave.
    #[error("event id from the future")]
    Ahead,
}

/// A tenant's stream of events.
#[derive(Debug, Clone)]
pub struct History {
    epoch: String,
    last: u64,
    entries: VecDeque<Entry>,
    max_events: usize,
    max_age_ms: i64,
}

impl History {
    /// An empty history of epoch `epoch` (letters and digits; a new one per start, so ids of a
    /// lost history are told apart), keeping `max_events` events no older than `max_age_ms`.
    pub fn new(epoch: &str, max_events: usize, max_age_ms: i64) -> Self {
        let epoch: String = epoch.chars().filter(char::is_ascii_alphanumeric).collect();
        Self {
            epoch,
            last: 0,
            entries: VecDeque::new(),
            max_events: max_events.max(1),
            max_age_ms,
        }
    }

    /// The id of the newest event, if any.
    pub fn last_id(&self) -> Option<EventId> {
        (self.last > 0).then(|| EventId {
            epoch: self.epoch.clone(),
            seq: self.last,
        })
    }

    /// The position of the newest event (0 before the first).
    pub fn last_seq(&self) -> u64 {
        self.last
    }

    /// The id of the event at `seq` of this history.
    pub fn id_of(&self, seq: u64) -> EventId {
        EventId {
            epoch: self.epoch.clone(),
            seq,
        }
    }

    /// Where a client that last saw `last_event_id` stands: its position, when every event after
    /// it is still kept.
    pub fn position(&mut self, last_event_id: &str, now_ms: i64) -> Result<u64, Gap> {
        self.trim(now_ms);
        let id = EventId::parse(last_event_id)
            .ok_or_else(|| Gap::Malformed(last_event_id.to_owned()))?;
        if id.epoch != self.epoch {
            return Err(Gap::OtherEpoch);
        }
        if id.seq > self.last {
            return Err(Gap::Ahead);
        }
        self.check_kept(id.seq)?;
        Ok(id.seq)
    }

    /// Every event after position `seq`, oldest first; `TooOld` when some of them are gone.
    pub fn after(&mut self, seq: u64, now_ms: i64) -> Result<impl Iterator<Item = &Entry>, Gap> {
        self.trim(now_ms);
        self.check_kept(seq)?;
        Ok(self.entries.iter().filter(move |e| e.seq > seq))
    }

    /// Every event after `seq` must still be here: the oldest kept is at most `seq + 1`.
    fn check_kept(&self, seq: u64) -> Result<(), Gap> {
        let oldest = self.entries.front().map_or(self.last + 1, |e| e.seq);
        if seq + 1 < oldest {
            return Err(Gap::TooOld);
        }
        Ok(())
    }

    /// Stores an event and returns its frame.
    pub fn push(&mut self, at_ms: i64, topic: &str, event: &str, data: Value) -> (EventId, String) {
        self.last += 1;
        let id = EventId {
            epoch: self.epoch.clone(),
            seq: self.last,
        };
        let frame = ServerFrame::Event {
            id: id.to_string(),
            topic: topic.to_owned(),
            event: event.to_owned(),
            ts: at_ms,
            data,
        }
        .encode();
        self.entries.push_back(Entry {
            seq: self.last,
            at_ms,
            topic: topic.to_owned(),
            frame: frame.clone(),
        });
        self.trim(at_ms);
        (id, frame)
    }

    fn trim(&mut self, now_ms: i64) {
        while self.entries.len() > self.max_events {
            self.entries.pop_front();
        }
        while self
            .entries
            .front()
            .is_some_and(|e| now_ms - e.at_ms > self.max_age_ms)
        {
            self.entries.pop_front();
        }
    }

    /// The events after `last_event_id` whose topic one of `patterns` covers, oldest first.
    pub fn replay_after(
        &mut self,
        last_event_id: &str,
        patterns: &[Pattern],
        now_ms: i64,
    ) -> Result<Vec<&Entry>, Gap> {
        let seq = self.position(last_event_id, now_ms)?;
        Ok(self
            .after(seq, now_ms)?
            .filter(|e| patterns.iter().any(|p| p.matches(&e.topic)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patterns(ps: &[&str]) -> Vec<Pattern> {
        ps.iter().map(|p| Pattern::parse(p).unwrap()).collect()
    }

    #[test]
    fn a_client_resumes_exactly_after_its_last_id_with_its_own_topics() {
        let mut h = History::new("e1", 100, 60_000);
        let (first, _) = h.push(
            0,
            "queue.support.depth-changed",
            "queue.depth-changed",
            json!({"depth": 1}),
        );
        let _ = h.push(1, "agent.1001.online", "agent.online", json!({}));
        let _ = h.push(
            2,
            "queue.support.depth-changed",
            "queue.depth-changed",
            json!({"depth": 2}),
        );
        let replay = h
            .replay_after(&first.to_string(), &patterns(&["queue.*"]), 3)
            .unwrap();
        assert_eq!(replay.iter().map(|e| e.seq).collect::<Vec<_>>(), [3]);
        assert!(replay[0].frame.contains(r#""id":"e1-3""#));
        assert!(
            h.replay_after("e1-3", &patterns(&["*"]), 3)
                .unwrap()
                .is_empty(),
            "up to date"
        );
        assert_eq!(h.last_id().map(|i| i.to_string()).as_deref(), Some("e1-3"));
    }

    #[test]
    fn gaps_say_why_no_replay_is_possible() {
        let mut h = History::new("e1", 2, 60_000);
        for i in 0..5 {
            let _ = h.push(
                i,
                "qa.1001.scorecard-saved",
                "qa.scorecard-saved",
                json!({}),
            );
        }
        let all = patterns(&["*"]);
        assert_eq!(h.replay_after("e1-1", &all, 5), Err(Gap::TooOld));
        assert_eq!(h.replay_after("e1-3", &all, 5).unwrap().len(), 2);
        assert_eq!(h.replay_after("e0-3", &all, 5), Err(Gap::OtherEpoch));
        assert_eq!(h.replay_after("e1-9", &all, 5), Err(Gap::Ahead));
        assert_eq!(
            h.replay_after("nope", &all, 5),
            Err(Gap::Malformed("nope".into()))
        );
    }

    #[test]
    fn a_reader_follows_the_stream_by_position_and_learns_when_it_fell_behind() {
        let mut h = History::new("e1", 3, 60_000);
        assert_eq!(h.position("e1-0", 0), Ok(0));
        for i in 0..3 {
            let _ = h.push(i, "agent.1.online", "agent.online", json!({}));
        }
        assert_eq!(
            h.after(1, 3).unwrap().map(|e| e.seq).collect::<Vec<_>>(),
            [2, 3]
        );
        let _ = h.push(4, "agent.1.online", "agent.online", json!({}));
        assert_eq!(h.after(0, 4).err(), Some(Gap::TooOld), "event 1 is gone");
        assert_eq!(h.position("e1-1", 4), Ok(1));
        assert_eq!(
            (h.last_seq(), h.id_of(4).to_string()),
            (4, "e1-4".to_owned())
        );
    }

    #[test]
    fn old_events_age_out() {
        let mut h = History::new("e1", 100, 1_000);
        let _ = h.push(0, "agent.1.online", "agent.online", json!({}));
        let _ = h.push(500, "agent.1.break", "agent.break", json!({}));
        assert_eq!(
            h.replay_after("e1-0", &patterns(&["*"]), 900)
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            h.replay_after("e1-0", &patterns(&["*"]), 1_200),
            Err(Gap::TooOld)
        );
        assert_eq!(
            h.replay_after("e1-1", &patterns(&["*"]), 1_200)
                .unwrap()
                .len(),
            1
        );
    }
}
