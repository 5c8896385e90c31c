//! Call recordings and QA scorecards (GlobeMeet's `recording.*` and `qa.*`, seed 002): events of
//! the core beyond the catalog of seed 003, so they reach the dialect faces through the tap and
//! no agent's session.
//!
//! Every call is recorded from the moment the customer first talks with an agent
//! ([`SimState::recording_start`], from `start_talk`) until the call is gone
//! ([`SimState::recording_finish`], from `drop_call`), transfers included: one recording a call.
//! The agent who took the call gets a scorecard when their after-call work ends (the status
//! after the call's wrap-up, [`SimState::recording_review`]); its score is drawn from the call's
//! id, not from the simulator's dice, so adding QA changes no other simulated decision.

use std::collections::BTreeMap;

use agentdesk_core::dialects::happening::{QaStage, Recording, RecordingStage, Scorecard};
use agentdesk_core::dialects::Feed;
use tokio::time::Instant;

use crate::port::AgentKey;

use super::state::SimState;

/// Scores run from this to 100.
const LOWEST_SCORE: u64 = 60;

/// A call being recorded.
#[derive(Debug, Clone)]
struct Live {
    recording_id: String,
    main_unique_id: String,
    queue: Option<String>,
    agent: AgentKey,
    started: Instant,
}

/// The recordings of the simulator.
#[derive(Debug, Default)]
pub(crate) struct Recordings {
    live: BTreeMap<u64, Live>,
    /// Recorded calls whose agent has not finished after-call work yet, by agent.
    to_review: BTreeMap<AgentKey, Live>,
    next: u64,
}

/// The call's score, 60–100: FNV-1a of its id, so the same call always scores the same.
fn score(main_unique_id: &str) -> f64 {
    let hash = main_unique_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let spread = 100 - LOWEST_SCORE + 1;
    // At most 100: exact in f64.
    (LOWEST_SCORE + hash % spread) as f64
}

impl SimState {
    fn recording(&self, live: &Live, stage: RecordingStage, duration_s: Option<u64>) -> Feed {
        Feed::Recording(Recording {
            recording_id: live.recording_id.clone(),
            call_id: live.main_unique_id.clone(),
            queue: live.queue.clone(),
            agent_no: live.agent.agent_no.clone(),
            duration_s,
            stage,
        })
    }

    /// The customer of `call_id` talks with its owner: the recording starts (once a call).
    pub(crate) fn recording_start(&mut self, call_id: u64) {
        if self.recordings.live.contains_key(&call_id) {
            return;
        }
        let Some(call) = self.calls.get(&call_id) else {
            return;
        };
        let Some(agent) = call.owner.clone() else {
            return;
        };
        if !self.taps.watches(&call.tenant) {
            return;
        }
        self.recordings.next += 1;
        let live = Live {
            recording_id: format!("rec-{}", self.recordings.next),
            main_unique_id: call.main_unique_id.clone(),
            queue: Some(call.queue_no.clone()).filter(|q| !q.is_empty()),
            agent,
            started: self.now,
        };
        let feed = self.recording(&live, RecordingStage::Started, None);
        self.taps.push(&call.tenant, feed);
        self.recordings.live.insert(call_id, live);
    }

    /// `call_id` is gone: its recording is finished and waits for its agent's scorecard.
    pub(crate) fn recording_finish(&mut self, call_id: u64) {
        let Some(live) = self.recordings.live.remove(&call_id) else {
            return;
        };
        let duration_s = self.now.saturating_duration_since(live.started).as_secs();
        let feed = self.recording(&live, RecordingStage::Finished, Some(duration_s));
        self.taps.push(&live.agent.tenant_id, feed);
        self.recordings.to_review.insert(live.agent.clone(), live);
    }

    /// Agent `key` is done with after-call work: the recorded call it took gets its scorecard.
    pub(crate) fn recording_review(&mut self, key: &AgentKey) {
        let Some(live) = self.recordings.to_review.remove(key) else {
            return;
        };
        self.recordings.next += 1;
        let feed = Feed::Qa(Scorecard {
            scorecard_id: format!("sc-{}", self.recordings.next),
            call_id: live.main_unique_id.clone(),
            agent_no: key.agent_no.clone(),
            queue: live.queue.clone(),
            score: score(&live.main_unique_id),
            stage: QaStage::ScorecardSaved,
        });
        self.taps.push(&key.tenant_id, feed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_stable_and_between_sixty_and_a_hundred() {
        for id in ["gw-1.1", "gw-1.2", "x", ""] {
            let s = score(id);
            assert!((60.0..=100.0).contains(&s), "{id}: {s}");
            assert_eq!(s, score(id));
        }
        assert_ne!(score("gw-1.1"), score("gw-1.7"));
    }
}
