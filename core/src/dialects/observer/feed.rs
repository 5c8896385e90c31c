//! What the core feeds an observer, as one type that crosses the gateway's port (the tap of
//! docs/dialects.md §1): the catalog events it sends to any agent of a tenant (bots included),
//! with their addressee; the tenant's queue snapshots; and the core's events beyond the seed 003
//! catalog, recordings and scorecards (seed 002's `recording.*` and `qa.*`), which no agent's
//! session carries.

use serde::{Deserialize, Serialize};

use crate::events::{CatalogEvent, QueueStatusEvent};

use super::super::happening::{Happening, Recording, Scorecard, Stamped};
use super::{Observer, Out};

/// One input of an observer, in the core's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "feed", rename_all = "camelCase")]
pub enum Feed {
    /// A catalog event the core sent to agent `agent_no`.
    #[serde(rename_all = "camelCase")]
    Event {
        /// The addressee.
        agent_no: String,
        /// The event.
        event: CatalogEvent,
    },
    /// Queue snapshots, each queue whole. `whole`: every queue of the tenant is here (a queue
    /// missing is closed); otherwise only the queues that changed.
    Queues {
        /// Every queue of the tenant.
        whole: bool,
        /// The snapshots.
        status: QueueStatusEvent,
    },
    /// A call recording started, finished, failed or was deleted.
    Recording(Recording),
    /// A scorecard was saved, disputed or rescored.
    Qa(Scorecard),
}

impl Observer {
    /// One input of the core's feed at `now_ms`.
    #[must_use]
    pub fn handle(&mut self, now_ms: i64, feed: &Feed) -> Vec<Stamped> {
        match feed {
            Feed::Event { agent_no, event } => self.handle_event(now_ms, agent_no, event),
            Feed::Queues {
                whole: true,
                status,
            } => self.handle_queue_status(now_ms, status),
            Feed::Queues {
                whole: false,
                status,
            } => self.handle_queue_changes(now_ms, status),
            Feed::Recording(r) => {
                let mut out = Out::new(now_ms);
                out.push(Happening::Recording(r.clone()));
                out.list
            }
            Feed::Qa(q) => {
                let mut out = Out::new(now_ms);
                out.push(Happening::Qa(q.clone()));
                out.list
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{queue_status, status};
    use super::*;
    use crate::dialects::happening::{Kind, QaStage, RecordingStage};

    #[test]
    fn every_feed_survives_a_trip_through_json() {
        let feeds = [
            Feed::Event {
                agent_no: "1001".into(),
                event: status("idle", "login", 0, None),
            },
            Feed::Queues {
                whole: false,
                status: queue_status(&[("c1", 3)], 1),
            },
            Feed::Recording(Recording {
                recording_id: "rec-1".into(),
                call_id: "c1".into(),
                queue: None,
                agent_no: "1001".into(),
                duration_s: Some(9),
                stage: RecordingStage::Finished,
            }),
            Feed::Qa(Scorecard {
                scorecard_id: "sc-1".into(),
                call_id: "c1".into(),
                agent_no: "1001".into(),
                queue: Some("q".into()),
                score: 80.0,
                stage: QaStage::ScorecardSaved,
            }),
        ];
        for feed in feeds {
            let text = serde_json::to_string(&feed).unwrap();
            assert_eq!(serde_json::from_str::<Feed>(&text).unwrap(), feed, "{text}");
        }
    }

    #[test]
    fn a_partial_snapshot_closes_no_queue_and_a_whole_one_does() {
        let mut o = Observer::new();
        let _ = o.handle(
            1_000,
            &Feed::Queues {
                whole: true,
                status: queue_status(&[], 1),
            },
        );
        let empty: QueueStatusEvent =
            serde_json::from_value(serde_json::json!({"queueStatus": {}})).unwrap();
        let partial = o.handle(
            2_000,
            &Feed::Queues {
                whole: false,
                status: empty.clone(),
            },
        );
        assert!(partial.is_empty(), "{partial:?}");
        let whole = o.handle(
            3_000,
            &Feed::Queues {
                whole: true,
                status: empty,
            },
        );
        assert_eq!(
            whole.iter().map(|s| s.happening.kind()).collect::<Vec<_>>(),
            [Kind::QueueClosed]
        );
    }

    #[test]
    fn recordings_and_scorecards_become_their_happenings_at_the_feeds_time() {
        let mut o = Observer::new();
        let rec = Recording {
            recording_id: "rec-1".into(),
            call_id: "c1".into(),
            queue: None,
            agent_no: "1001".into(),
            duration_s: None,
            stage: RecordingStage::Started,
        };
        let out = o.handle(5_000, &Feed::Recording(rec.clone()));
        assert_eq!(
            out,
            vec![Stamped {
                at_ms: 5_000,
                happening: Happening::Recording(rec)
            }]
        );
    }
}
