//! The call events → happenings: `ringing` (an offer, and a queue exit the coalesced queue feed
//! may not have shown), preview outbound start and failure, transcript sentences, and the
//! supervisor's monitor events.

use crate::events::{
    CatalogEvent, PreviewObCallResultEvent, PreviewObCallStartEvent, RingingEvent, TranscriptEvent,
};

use super::super::happening::{
    CallRef, Happening, LeftQueue, Leg, Monitor, MonitorMode, Sentence, SentenceStage, SessionEnd,
};
use super::{Observer, Out, Waiting};

/// `subCallType` values (docs/flows.md §1).
fn leg_of(sub_call_type: i64) -> Leg {
    match sub_call_type {
        101 | 102 => Leg::Consult,
        103 => Leg::TransferIn,
        _ => Leg::Customer,
    }
}

/// How a monitor event reads: which moment, which mode, the supervisor and the monitored agent.
enum MonitorMoment {
    Started,
    Ended,
    Failed,
}

fn monitor_event(event: &CatalogEvent) -> Option<(MonitorMoment, MonitorMode, &str, &str)> {
    use MonitorMode::{Barge, Spy, Threeway, Whisper};
    use MonitorMoment::{Ended, Failed, Started};
    // The seed names the monitored agent differently per event (seed 003 §3.11–§3.14); the
    // `…Result` events count only when they report a failure (a success is followed by its link).
    let failed = |result: &str| result == "error";
    Some(match event {
        CatalogEvent::SpyLink(e) => (Started, Spy, e.initiator.as_str(), e.spied_cno.as_str()),
        CatalogEvent::SpyUnlink(e) => (Ended, Spy, &e.initiator, &e.spied_cno),
        CatalogEvent::SpyResult(e) if failed(&e.result) => {
            (Failed, Spy, &e.initiator, &e.spied_cno)
        }
        CatalogEvent::WhisperLink(e) => (Started, Whisper, &e.initiator, &e.whispered_cno),
        CatalogEvent::WhisperUnlink(e) => (Ended, Whisper, &e.initiator, &e.whispered_agent_no),
        CatalogEvent::WhisperResult(e) if failed(&e.result) => {
            (Failed, Whisper, &e.initiator, &e.whispered_cno)
        }
        CatalogEvent::ThreewayLink(e) => (Started, Threeway, &e.initiator, &e.threewayed_cno),
        CatalogEvent::ThreewayUnlink(e) => (Ended, Threeway, &e.initiator, &e.threewayed_agent_no),
        CatalogEvent::ThreewayResult(e) if failed(&e.result) => {
            (Failed, Threeway, &e.initiator, &e.threewayed_cno)
        }
        CatalogEvent::BargeLink(e) => (Started, Barge, &e.initiator, &e.barged_agent_no),
        CatalogEvent::BargeUnlink(e) => (Ended, Barge, &e.initiator, &e.barged_cno),
        CatalogEvent::BargeResult(e) if failed(&e.result) => {
            (Failed, Barge, &e.initiator, &e.barged_agent_no)
        }
        _ => return None,
    })
}

impl Observer {
    pub(super) fn on_ringing(&mut self, out: &mut Out, agent_no: &str, e: &RingingEvent) {
        let leg = leg_of(e.sub_call_type);
        let queue = Some(e.queue_no.clone()).filter(|q| !q.is_empty());
        // A consult leg's `customerNumber` is the consulting agent: the call keeps its customer.
        let number = if leg == Leg::Consult {
            String::new()
        } else {
            e.customer_number.clone()
        };
        let template = CallRef {
            call_id: e.main_unique_id.clone(),
            queue: queue.clone(),
            customer_number: number,
            call_type: e.call_type,
        };
        let known = self.calls.contains_key(&e.main_unique_id);
        let call = self.call_or_create(out, template);
        if leg == Leg::Customer {
            if let Some(queue) = &queue {
                self.routed(out, &call, queue, known);
            }
        }
        let entry = self.agent_mut(agent_no);
        let previous = entry.presence();
        let previous_call = entry
            .call
            .replace((call.call_id.clone(), leg))
            .map(|(c, _)| c);
        out.push(Happening::CallOffered {
            agent: self.agent_ref(agent_no),
            call,
            leg,
        });
        self.presence_moment(out, agent_no, previous, previous_call);
    }

    /// A queue call was offered: it left its queue (announced as joined first if the coalesced
    /// queue feed never showed it waiting).
    fn routed(&mut self, out: &mut Out, call: &CallRef, queue: &str, known: bool) {
        let ever_queued = known && self.calls.get(&call.call_id).is_some_and(|c| c.ever_queued);
        let estimated_wait_s = self.queues.get(queue).map_or(0, |q| q.stats.average_wait_s);
        let waiting = self
            .queues
            .get_mut(queue)
            .and_then(|q| q.waiting.remove(&call.call_id));
        let waiting = match waiting {
            Some(w) => w,
            None if ever_queued => return,
            None => {
                let queue_size = self.queues.get(queue).map_or(0, |q| q.waiting.len() as u64) + 1;
                out.push(Happening::CallerJoined {
                    call: call.clone(),
                    queue: queue.to_owned(),
                    position: queue_size,
                    queue_size,
                    estimated_wait_s,
                });
                Waiting {
                    joined_ms: out.at_ms,
                    exceeded: false,
                }
            }
        };
        if let Some(entry) = self.calls.get_mut(&call.call_id) {
            entry.ever_queued = true;
        }
        let waited_s = u64::try_from((out.at_ms - waiting.joined_ms).max(0) / 1000).unwrap_or(0);
        if let Some(q) = self.queues.get_mut(queue) {
            q.recent_waits.push_back(waited_s);
            while q.recent_waits.len() > super::RECENT_WAITS {
                q.recent_waits.pop_front();
            }
        }
        out.push(Happening::CallerLeft {
            call: call.clone(),
            queue: queue.to_owned(),
            reason: LeftQueue::Routed,
            waited_s,
        });
    }

    pub(super) fn on_preview_start(
        &mut self,
        out: &mut Out,
        agent_no: &str,
        e: &PreviewObCallStartEvent,
    ) {
        // Preview outbound is callType 4 (seed 003 §3.6).
        let template = CallRef {
            call_id: e.main_unique_id.clone(),
            queue: None,
            customer_number: e.customer_number.clone(),
            call_type: 4,
        };
        let call = self.call_or_create(out, template);
        self.agent_mut(agent_no).call = Some((call.call_id.clone(), Leg::Customer));
        out.push(Happening::OutboundStarted {
            agent: self.agent_ref(agent_no),
            call,
        });
    }

    pub(super) fn on_preview_result(
        &mut self,
        out: &mut Out,
        agent_no: &str,
        e: &PreviewObCallResultEvent,
    ) {
        if e.result != "error" {
            return;
        }
        // `uniqueId` is the agent's leg; the call is the one the agent is dialing.
        let current = self
            .agents
            .get(agent_no)
            .and_then(|a| a.call.clone())
            .map(|(c, _)| c);
        let call = current
            .and_then(|c| self.calls.get(&c))
            .map(|c| c.call.clone())
            .unwrap_or_else(|| CallRef {
                call_id: e.unique_id.clone(),
                queue: None,
                customer_number: e.customer_number.clone(),
                call_type: 4,
            });
        self.agent_mut(agent_no).call = None;
        let reason = e.reason.clone().unwrap_or_else(|| "error".to_owned());
        out.push(Happening::OutboundFailed {
            agent: self.agent_ref(agent_no),
            call: call.clone(),
            reason,
        });
        self.end_session(out, call, SessionEnd::Failed);
    }

    pub(super) fn on_transcript(&mut self, out: &mut Out, agent_no: &str, e: &TranscriptEvent) {
        let done = e.sentence_type == "sentenceEnd" || e.finished == 1;
        let entry = self.agent_mut(agent_no);
        let started = matches!(&entry.sentence, Some((call, index)) if *call == e.main_unique_id && *index >= e.sentence_index);
        let stage = if done {
            SentenceStage::Final
        } else if !started {
            SentenceStage::Started
        } else {
            return;
        };
        if stage == SentenceStage::Started || !started {
            entry.sentence = Some((e.main_unique_id.clone(), e.sentence_index));
        }
        out.push(Happening::Transcript(Sentence {
            agent: self.agent_ref(agent_no),
            call_id: e.main_unique_id.clone(),
            role: e.role,
            text: e.text.clone(),
            index: e.sentence_index,
            stage,
        }));
    }

    pub(super) fn on_monitor(&mut self, out: &mut Out, addressee: &str, event: &CatalogEvent) {
        let Some((moment, mode, supervisor, agent)) = monitor_event(event) else {
            return;
        };
        // Whisper, three-way and barge reach the monitored agent too: one copy, the supervisor's.
        if addressee != supervisor {
            return;
        }
        let call_id = self
            .agents
            .get(agent)
            .and_then(|a| a.call.clone())
            .map(|(c, _)| c);
        let monitor = Monitor {
            supervisor: self.agent_ref(supervisor),
            agent: self.agent_ref(agent),
            mode,
            call_id,
        };
        out.push(match moment {
            MonitorMoment::Started => Happening::MonitorStarted(monitor),
            MonitorMoment::Ended => Happening::MonitorEnded(monitor),
            MonitorMoment::Failed => Happening::MonitorFailed(monitor),
        });
    }
}
