//! The observer: one tenant's core events in, [`Happening`]s out (see [`super::happening`]).
//!
//! Sans-IO like the rest of the engine: every input carries the core's time (`now_ms`, Unix
//! ms), nothing reads a clock, and the same inputs give the same outputs. It is fed every event
//! the core addresses to any agent of the tenant (the addressee's agent number with it) and the
//! tenant's queue snapshots, in the order the core produced them — the order matters once: a
//! caller who disappears from the queue feed is "routed" when their `ringing` came first and
//! "abandoned" otherwise, which is the order the simulator publishes in (offer, then the
//! coalesced snapshot; docs/flows.md §7).
//!
//! Memory is bounded: calls and contacts are capped ([`MAX_CALLS`], [`MAX_CONTACTS`]); ended
//! calls are forgotten at once.

mod agents;
mod calls;
mod feed;
mod queues;

pub use feed::Feed;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::agent::AgentStatus;
use crate::events::CatalogEvent;

use super::happening::{AgentRef, CallRef, Happening, Leg, Presence, QueueStats, Stamped};

/// Calls tracked at once; beyond it the oldest is forgotten (a busy tenant has far fewer live).
pub const MAX_CALLS: usize = 10_000;
/// Customer numbers remembered for [`Happening::ContactSeen`]; when full the memory restarts,
/// so a returning number may be announced once more.
pub const MAX_CONTACTS: usize = 10_000;
/// Routed callers whose waits make a queue's mean wait.
pub const RECENT_WAITS: usize = 20;

#[derive(Debug, Clone)]
struct AgentEntry {
    name: Option<String>,
    status: Option<AgentStatus>,
    queues: BTreeSet<String>,
    /// The call the agent is on (offered, dialing, talking) and which leg.
    call: Option<(String, Leg)>,
    /// The highest transcript sentence index announced as started, per call.
    sentence: Option<(String, i64)>,
}

impl AgentEntry {
    fn new() -> Self {
        Self {
            name: None,
            status: None,
            queues: BTreeSet::new(),
            call: None,
            sentence: None,
        }
    }

    fn presence(&self) -> Presence {
        self.status.as_ref().map_or(Presence::Offline, Presence::of)
    }
}

#[derive(Debug, Clone)]
struct CallEntry {
    call: CallRef,
    created_ms: i64,
    /// Ever seen waiting in its queue (so a later `ringing` does not invent a join).
    ever_queued: bool,
    /// An agent talked with the customer.
    connected: bool,
}

#[derive(Debug, Clone)]
struct Waiting {
    joined_ms: i64,
    exceeded: bool,
}

#[derive(Debug, Clone, Default)]
struct QueueEntry {
    stats: QueueStats,
    waiting: BTreeMap<String, Waiting>,
    recent_waits: VecDeque<u64>,
}

/// One tenant's observer.
#[derive(Debug, Clone, Default)]
pub struct Observer {
    agents: BTreeMap<String, AgentEntry>,
    calls: BTreeMap<String, CallEntry>,
    queues: BTreeMap<String, QueueEntry>,
    contacts: BTreeSet<String>,
}

/// What one input produced, stamped with its time.
struct Out {
    at_ms: i64,
    list: Vec<Stamped>,
}

impl Out {
    fn new(at_ms: i64) -> Self {
        Self {
            at_ms,
            list: Vec::new(),
        }
    }

    fn push(&mut self, happening: Happening) {
        self.list.push(Stamped {
            at_ms: self.at_ms,
            happening,
        });
    }
}

impl Observer {
    /// An observer that knows nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A catalog event the core addressed to agent `addressee`. `queueStatus` is not read here
    /// (a supervisor's copy covers only their subscription): feed the tenant's snapshots to
    /// [`Observer::handle_queue_status`].
    #[must_use]
    pub fn handle_event(
        &mut self,
        now_ms: i64,
        addressee: &str,
        event: &CatalogEvent,
    ) -> Vec<Stamped> {
        let mut out = Out::new(now_ms);
        match event {
            CatalogEvent::AgentStatus(e) => self.on_status(&mut out, addressee, &e.status),
            CatalogEvent::Ringing(e) => self.on_ringing(&mut out, addressee, e),
            CatalogEvent::PreviewObCallStart(e) => self.on_preview_start(&mut out, addressee, e),
            CatalogEvent::PreviewObCallResult(e) => self.on_preview_result(&mut out, addressee, e),
            CatalogEvent::Transcript(e) => self.on_transcript(&mut out, addressee, e),
            CatalogEvent::OrderCallBack(e) => {
                let agent = self.agent_ref(addressee);
                out.push(Happening::CallbackDue {
                    agent,
                    fields: e.fields.clone(),
                });
            }
            other => self.on_monitor(&mut out, addressee, other),
        }
        out.list
    }

    /// A periodic statement of every logged-in agent (Qubicle's `sync`); the face decides how
    /// often (a timer of its own).
    #[must_use]
    pub fn sync(&self, now_ms: i64) -> Vec<Stamped> {
        let mut out = Out::new(now_ms);
        for (agent_no, entry) in &self.agents {
            if let Some(status) = entry.status.as_ref().filter(|s| s.is_logged_in()) {
                out.push(Happening::AgentSync {
                    agent: self.agent_ref(agent_no),
                    status: status.clone(),
                });
            }
        }
        out.list
    }

    /// The current status of every agent seen, for a face that answers a join with a full state
    /// (Phoenix `presence_state`, a Voxsig `presence.update`).
    pub fn statuses(
        &self,
    ) -> impl Iterator<Item = (AgentRef, &AgentStatus, Option<&str>, &BTreeSet<String>)> {
        self.agents.iter().filter_map(|(no, e)| {
            let call = e.call.as_ref().map(|(c, _)| c.as_str());
            e.status
                .as_ref()
                .map(|s| (self.agent_ref(no), s, call, &e.queues))
        })
    }

    /// The latest figures of every queue seen.
    pub fn queue_stats(&self) -> impl Iterator<Item = &QueueStats> {
        self.queues.values().map(|q| &q.stats)
    }

    fn agent_ref(&self, agent_no: &str) -> AgentRef {
        let name = self.agents.get(agent_no).and_then(|a| a.name.clone());
        AgentRef {
            agent_no: agent_no.to_owned(),
            name: name.unwrap_or_else(|| agent_no.to_owned()),
        }
    }

    fn agent_mut(&mut self, agent_no: &str) -> &mut AgentEntry {
        self.agents
            .entry(agent_no.to_owned())
            .or_insert_with(AgentEntry::new)
    }

    /// Every known agent's presence, by agent number.
    pub fn roster(&self) -> BTreeMap<String, Presence> {
        self.agents
            .iter()
            .map(|(no, e)| (no.clone(), e.presence()))
            .collect()
    }

    /// The call `call_id`, created (with `ContactSeen` for a new number, then `SessionCreated`)
    /// from `template` when unknown.
    fn call_or_create(&mut self, out: &mut Out, template: CallRef) -> CallRef {
        if let Some(entry) = self.calls.get(&template.call_id) {
            return entry.call.clone();
        }
        if self.calls.len() >= MAX_CALLS {
            let oldest = self
                .calls
                .iter()
                .min_by_key(|(_, c)| c.created_ms)
                .map(|(id, _)| id.clone());
            if let Some(id) = oldest {
                self.calls.remove(&id);
            }
        }
        self.calls.insert(
            template.call_id.clone(),
            CallEntry {
                call: template.clone(),
                created_ms: out.at_ms,
                ever_queued: false,
                connected: false,
            },
        );
        // The caller exists before their call does (Voxsig's contact before its conversation).
        self.contact(out, &template.customer_number);
        out.push(Happening::SessionCreated {
            call: template.clone(),
        });
        template
    }

    fn contact(&mut self, out: &mut Out, number: &str) {
        if number.is_empty() || self.contacts.contains(number) {
            return;
        }
        if self.contacts.len() >= MAX_CONTACTS {
            self.contacts.clear();
        }
        self.contacts.insert(number.to_owned());
        out.push(Happening::ContactSeen {
            customer_number: number.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests;
