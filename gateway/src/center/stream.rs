//! `/control/stream` (docs/gateway.md §7): `count` `transcript` events into an agent's session,
//! through its history like any event, on the core's clock. A test's steady event stream, so it
//! lives where the events are numbered: it survives the edge that asked for it.

use std::collections::HashMap;
use std::time::Duration;

use agentdesk_core::events::{CatalogEvent, TranscriptEvent};
use serde_json::json;

use crate::port::{AgentKey, ControlError, ControlId, CoreOutput, SessionId};
use crate::sim::timers::Timer;
use crate::sim::SimState;

/// Events a stream without interval sends per millisecond (4,000 a second): few enough that a
/// reading client's connection writes them before the next ones come, even on a loaded
/// machine, so "as fast as possible" is not an overflow (the core does not wait for writers).
const BURST: u64 = 4;
/// The pause between the bursts of a stream without interval.
const BURST_GAP: Duration = Duration::from_millis(1);

/// One running stream.
#[derive(Debug, Clone)]
struct Run {
    id: ControlId,
    session: SessionId,
    main_unique_id: String,
    next: u64,
    count: u64,
    interval: Duration,
    first: Option<u64>,
    last: Option<u64>,
}

/// The running streams, by number.
#[derive(Debug, Default)]
pub(crate) struct Streams {
    runs: HashMap<u64, Run>,
    next: u64,
}

impl SimState {
    /// Starts a stream into the agent's session; refused when it has none.
    pub(crate) fn start_stream(
        &mut self,
        id: ControlId,
        key: &AgentKey,
        count: u64,
        interval_ms: u64,
    ) -> Result<(), ControlError> {
        let Some(session) = self.sessions.of_agent(key).cloned() else {
            return Err(ControlError {
                status: 409,
                error_code: "SESSION_UNKNOWN".into(),
                message: format!(
                    "agent {} of tenant {} has no session; authenticate first",
                    key.agent_no, key.tenant_id
                ),
            });
        };
        self.streams.next += 1;
        let n = self.streams.next;
        let run = Run {
            id,
            session,
            main_unique_id: format!("stream-{}", self.now_ms()),
            next: 0,
            count,
            interval: Duration::from_millis(interval_ms),
            first: None,
            last: None,
        };
        self.streams.runs.insert(n, run);
        self.stream_tick(n);
        Ok(())
    }

    /// The stream's next event (a burst of them without interval); answers when done or when
    /// its session ended.
    pub(crate) fn stream_tick(&mut self, n: u64) {
        let Some(mut run) = self.streams.runs.remove(&n) else {
            return;
        };
        let burst = if run.interval.is_zero() { BURST } else { 1 };
        let mut ended = false;
        for _ in 0..burst {
            if run.next >= run.count {
                break;
            }
            let event = transcript(run.next, &run.main_unique_id, self.now_ms());
            match self
                .sessions
                .emit(&run.session, CatalogEvent::Transcript(event))
            {
                Some(event_id) => {
                    run.first.get_or_insert(event_id);
                    run.last = Some(event_id);
                    run.next += 1;
                }
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if ended || run.next >= run.count {
            let body =
                json!({ "sent": run.next, "firstEventId": run.first, "lastEventId": run.last });
            self.sessions.answer(CoreOutput::Answer {
                id: run.id,
                answer: Ok(body),
            });
            return;
        }
        let gap = if run.interval.is_zero() {
            BURST_GAP
        } else {
            run.interval
        };
        self.streams.runs.insert(n, run);
        self.after(gap, Timer::Stream { stream: n });
    }
}

/// Streamed event `index`: a partial transcript sentence, speakers alternating.
fn transcript(index: u64, main_unique_id: &str, now_ms: i64) -> TranscriptEvent {
    let i = i64::try_from(index).unwrap_or(i64::MAX);
    TranscriptEvent {
        text: format!("event {index}"),
        role: if index % 2 == 0 { 1 } else { 2 },
        transcript_time: now_ms,
        begin_time: i.saturating_mul(1_000),
        end_time: i.saturating_mul(1_000).saturating_add(900),
        finished: 0,
        sentence_index: i,
        sentence_type: "intermediateResult".to_owned(),
        main_unique_id: main_unique_id.to_owned(),
        sentence_begin_timestamp: None,
        sentence_end_timestamp: None,
    }
}
