//! Live transcripts (docs/flows.md §9): while a customer and an agent talk, every
//! `--sim-transcript-interval-ms` the speech engine shows a bit more of the current sentence
//! (`intermediateResult`, `finished` 0, growing `text`), then the whole of it (`sentenceEnd`,
//! `finished` 1, with its timestamps). Roles alternate, customer (2) first; `sentenceIndex`
//! counts from 0 per call. Nothing is said while the customer holds, is in the IVR, or waits
//! for a consult.

use agentdesk_core::events::{CatalogEvent, TranscriptEvent};

use super::state::{Activity, ConsultPhase, CustomerState, SimState};
use super::timers::Timer;

/// What customers say.
const CUSTOMER: [&str; 8] = [
    "Hi, I'm calling about my last invoice",
    "I was charged twice for the same order",
    "The order number is four seven one one two",
    "Yes, the delivery address is still the same",
    "Can you tell me when the refund will arrive",
    "I also wanted to change my plan to the yearly one",
    "That sounds good, thank you",
    "No, that's everything for today",
];

/// What agents say.
const AGENT: [&str; 8] = [
    "Thank you for calling, how can I help you today",
    "I'm sorry about that, let me look into it for you",
    "Could you give me your order number please",
    "I can see the duplicate charge on your account",
    "The refund will be back on your card within five working days",
    "I've switched you to the yearly plan starting next month",
    "Is there anything else I can help you with",
    "Thank you for your patience, have a great day",
];

/// Updates before a sentence ends: roughly a third of it each.
const STEPS_PER_SENTENCE: usize = 3;

impl SimState {
    /// Starts the call's transcript, unless it runs already.
    pub(crate) fn start_transcript(&mut self, call_id: u64) {
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        if call.transcript.running {
            return;
        }
        call.transcript.running = true;
        self.after(
            self.cfg.transcript_interval,
            Timer::Transcript { call: call_id },
        );
    }

    /// One update of the current sentence; the next one is scheduled while the call lasts.
    pub(crate) fn transcript_tick(&mut self, call_id: u64) {
        let now_ms = self.now_ms();
        let now = self.now;
        let Some(call) = self.calls.get(&call_id) else {
            return;
        };
        if !call.transcript.running {
            return;
        }
        let owner = call.owner.clone();
        let speaking = call.state == CustomerState::Connected
            && call
                .consult
                .as_ref()
                .is_none_or(|c| c.phase == ConsultPhase::ThreeWay)
            && owner
                .as_ref()
                .and_then(|o| self.agents.get(o))
                .is_some_and(|a| {
                    matches!(
                        a.activity,
                        Activity::Talking {
                            consult_leg: false,
                            ..
                        }
                    ) && !a.flows.held
                });
        let fresh = call.transcript.sentence.is_none();
        self.after(
            self.cfg.transcript_interval,
            Timer::Transcript { call: call_id },
        );
        let Some(owner) = owner.filter(|_| speaking) else {
            return;
        };
        let pick = if fresh {
            self.dice.index(CUSTOMER.len())
        } else {
            0
        };
        let clock = self.clock;
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        let answered_ms = clock.ms(call.answered_at.unwrap_or(now));
        let t = &mut call.transcript;
        let role = if t.index % 2 == 0 { 2 } else { 1 };
        if fresh {
            t.sentence = Some(pick);
            t.shown = 0;
            t.begin_ms = now_ms;
        }
        let lines = if role == 2 { CUSTOMER } else { AGENT };
        let text = lines[t.sentence.unwrap_or(0) % lines.len()];
        let words: Vec<&str> = text.split_whitespace().collect();
        let step = words.len().div_ceil(STEPS_PER_SENTENCE).max(1);
        t.shown = (t.shown + step).min(words.len());
        let finished = t.shown >= words.len();
        let event = TranscriptEvent {
            text: words
                .iter()
                .take(t.shown)
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
            role,
            transcript_time: now_ms,
            begin_time: (t.begin_ms - answered_ms).max(0),
            end_time: (now_ms - answered_ms).max(0),
            finished: i64::from(finished),
            sentence_index: t.index,
            sentence_type: if finished {
                "sentenceEnd"
            } else {
                "intermediateResult"
            }
            .to_owned(),
            main_unique_id: call.main_unique_id.clone(),
            sentence_begin_timestamp: finished.then_some(t.begin_ms),
            sentence_end_timestamp: finished.then_some(now_ms),
        };
        if finished {
            t.index += 1;
            t.sentence = None;
        }
        self.send(&owner, CatalogEvent::Transcript(event));
    }
}
