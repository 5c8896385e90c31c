//! The core's view of sessions: which session is each agent's, each session's event counter
//! (the core is the one writer of event ids, docs/protocol.md §4), and the outbox one step fills
//! (docs/deploy.md "the port").
//!
//! A step writes frames with [`Sessions::emit`] and [`Sessions::reply`] as it goes; at its end
//! [`Sessions::flush`] hands out one [`Batch`] per session touched, in the order sessions were
//! first touched, each with the step's events first and its replies last, every reply stamped
//! with its session's newest event id after the whole step.

use std::collections::HashMap;

use agentdesk_core::events::CatalogEvent;
use agentdesk_core::protocol::Reply;

use crate::port::{AgentKey, Batch, CoreOutput, EndReason, Item, SessionId};

/// One live session as the core knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Live {
    agent: AgentKey,
    /// The id of the newest event sent in this session (0 before the first).
    last_event_id: u64,
}

/// Every live session, and the frames of the step under way.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    live: HashMap<SessionId, Live>,
    current: HashMap<AgentKey, SessionId>,
    batches: Vec<Batch>,
    index: HashMap<SessionId, usize>,
    answers: Vec<CoreOutput>,
}

impl Sessions {
    /// Registers a new session of `agent`; returns the agent's previous session, which the
    /// caller ends (a kick).
    pub(crate) fn start(&mut self, session: &str, agent: &AgentKey) -> Option<SessionId> {
        let live = Live {
            agent: agent.clone(),
            last_event_id: 0,
        };
        if self.live.insert(session.to_owned(), live).is_some() {
            // The same id twice: an edge repeated itself (a retried stream entry). Nothing new.
            return None;
        }
        self.current
            .insert(agent.clone(), session.to_owned())
            .filter(|old| old != session)
    }

    /// The agent of a live session.
    pub(crate) fn agent_of(&self, session: &str) -> Option<&AgentKey> {
        self.live.get(session).map(|l| &l.agent)
    }

    /// True while `session` is live and belongs to `agent`.
    pub(crate) fn is(&self, agent: &AgentKey, session: &str) -> bool {
        self.live.get(session).is_some_and(|l| l.agent == *agent)
    }

    /// The agent's live session, if it has one.
    pub(crate) fn of_agent(&self, agent: &AgentKey) -> Option<&SessionId> {
        self.current.get(agent)
    }

    /// How many sessions are live.
    pub(crate) fn len(&self) -> usize {
        self.live.len()
    }

    /// Every live session id (for `/control/restart`).
    pub(crate) fn ids(&self) -> Vec<SessionId> {
        self.live.keys().cloned().collect()
    }

    fn batch(&mut self, session: &str) -> &mut Batch {
        let n = match self.index.get(session) {
            Some(n) => *n,
            None => {
                let n = self.batches.len();
                self.batches.push(Batch {
                    session: session.to_owned(),
                    items: Vec::new(),
                    last_event_id: 0,
                    end: None,
                });
                self.index.insert(session.to_owned(), n);
                n
            }
        };
        &mut self.batches[n]
    }

    /// Numbers `payload` with the session's next id and queues it; None (nothing sent) when
    /// the session is not live.
    pub(crate) fn emit(&mut self, session: &str, payload: CatalogEvent) -> Option<u64> {
        let live = self.live.get_mut(session)?;
        live.last_event_id += 1;
        let id = live.last_event_id;
        self.batch(session).items.push(Item::Event { id, payload });
        Some(id)
    }

    /// Queues the reply to request `request` of `session` (stamped at the step's end). A reply
    /// to a session that ended is still written: its connection is on the way out, and the edge
    /// drops what it cannot deliver.
    pub(crate) fn reply(&mut self, session: &str, request: u64, reply: Reply) {
        self.batch(session)
            .items
            .push(Item::Reply { request, reply });
    }

    /// Ends `session` after what the step already queued for it; later frames of the step for
    /// it are not sent. Returns its agent if it was live.
    pub(crate) fn end(&mut self, session: &str, reason: EndReason) -> Option<AgentKey> {
        let live = self.live.remove(session);
        let batch = self.batch(session);
        if batch.end.is_none() {
            batch.end = Some(reason);
        }
        let live = live?;
        if self.current.get(&live.agent).is_some_and(|s| s == session) {
            self.current.remove(&live.agent);
        }
        Some(live.agent)
    }

    /// Queues a control answer, after the step's batches.
    pub(crate) fn answer(&mut self, output: CoreOutput) {
        self.answers.push(output);
    }

    /// The step's batches, each reply stamped, then the control answers.
    pub(crate) fn flush(&mut self, out: &mut Vec<CoreOutput>) {
        self.index.clear();
        for mut batch in self.batches.drain(..) {
            let last = self
                .live
                .get(&batch.session)
                .map(|l| l.last_event_id)
                .or_else(|| {
                    batch.items.iter().rev().find_map(|i| match i {
                        Item::Event { id, .. } => Some(*id),
                        Item::Reply { .. } => None,
                    })
                })
                .unwrap_or(0);
            batch.last_event_id = last;
            for item in &mut batch.items {
                if let Item::Reply { reply, .. } = item {
                    reply.last_event_id = Some(last);
                }
            }
            // Replies go last, after every event of the step (docs/flows.md, "on the wire"):
            // a client reading in order has the command's effects when its reply comes.
            let (events, replies): (Vec<Item>, Vec<Item>) = batch
                .items
                .drain(..)
                .partition(|i| matches!(i, Item::Event { .. }));
            batch.items = events;
            batch.items.extend(replies);
            out.push(CoreOutput::Batch(batch));
        }
        out.append(&mut self.answers);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk_core::events::SessionTerminateEvent;

    fn agent(no: &str) -> AgentKey {
        AgentKey {
            tenant_id: "t1".into(),
            agent_no: no.into(),
        }
    }

    fn terminate() -> CatalogEvent {
        CatalogEvent::SessionTerminate(SessionTerminateEvent {
            tenant_id: "t1".into(),
            agent_no: "0001".into(),
            reason: "x".into(),
        })
    }

    fn batches(s: &mut Sessions) -> Vec<Batch> {
        let mut out = Vec::new();
        s.flush(&mut out);
        out.into_iter()
            .filter_map(|o| match o {
                CoreOutput::Batch(b) => Some(b),
                CoreOutput::Answer { .. } | CoreOutput::Tap(_) => None,
            })
            .collect()
    }

    #[test]
    fn each_session_counts_its_own_events_from_one() {
        let mut s = Sessions::default();
        assert_eq!(s.start("s-a", &agent("0001")), None);
        assert_eq!(s.start("s-b", &agent("0002")), None);
        assert_eq!(s.emit("s-a", terminate()), Some(1));
        assert_eq!(s.emit("s-a", terminate()), Some(2));
        assert_eq!(s.emit("s-b", terminate()), Some(1));
        assert_eq!(s.emit("s-gone", terminate()), None);
        let b = batches(&mut s);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].session.as_str(), b[0].last_event_id), ("s-a", 2));
        assert_eq!(s.emit("s-a", terminate()), Some(3));
    }

    #[test]
    fn a_reply_is_stamped_with_the_newest_id_after_the_whole_step() {
        let mut s = Sessions::default();
        s.start("s-a", &agent("0001"));
        s.reply(
            "s-a",
            9,
            crate::commands::ok_reply(9, serde_json::json!({})),
        );
        s.emit("s-a", terminate());
        s.emit("s-a", terminate());
        let b = batches(&mut s);
        assert!(matches!(b[0].items[0], Item::Event { .. }), "events first");
        match &b[0].items[2] {
            Item::Reply { request, reply } => {
                assert_eq!((*request, reply.last_event_id), (9, Some(2)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_second_session_of_an_agent_names_the_first_and_an_end_stops_its_frames() {
        let mut s = Sessions::default();
        s.start("s-a", &agent("0001"));
        assert_eq!(s.start("s-b", &agent("0001")), Some("s-a".to_owned()));
        s.emit("s-a", terminate());
        assert_eq!(s.end("s-a", EndReason::Kicked), Some(agent("0001")));
        assert_eq!(s.emit("s-a", terminate()), None);
        assert_eq!(s.of_agent(&agent("0001")).map(String::as_str), Some("s-b"));
        let b = batches(&mut s);
        assert_eq!(b[0].end, Some(EndReason::Kicked));
        assert_eq!(b[0].last_event_id, 1);
        assert_eq!(s.len(), 1);
    }
}
