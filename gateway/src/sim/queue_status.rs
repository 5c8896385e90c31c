//! `subscribeQueueStatus` and the `queueStatus` publisher (docs/flows.md §7): the first events
//! carry every subscribed queue, later ones the queues that changed (per queue number:
//! queueParams, agentStatuses, queueEntries). Changes are coalesced: at most one publication per
//! [`MIN_GAP`] per subscriber, the last state always sent.
//!
//! No frame may pass the protocol's 64 KiB (docs/protocol.md §1): queues are packed into one
//! event while they fit, and a queue too big for one frame by itself (hundreds of members or
//! callers) goes out in parts, each marked `queueParams.part` / `queueParams.parts`.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use agentdesk_core::agent::AgentState;
use agentdesk_core::events::{CatalogEvent, QueueSnapshot, QueueStatusEvent};
use agentdesk_core::protocol::v1::MAX_FRAME_BYTES;
use serde_json::{json, Map, Value};

use crate::port::AgentKey;

use super::commands::{Ctx, Refusal};
use super::state::{Changes, SimAgent, SimState, Subscription};
use super::timers::Timer;

/// A subscriber gets at most one `queueStatus` this often (bursts are coalesced).
pub(crate) const MIN_GAP: Duration = Duration::from_millis(250);
/// `queueParams.maxWaitSeconds` of every simulated queue.
const MAX_WAIT_SECONDS: u64 = 300;
/// The most one `queueStatus` payload may weigh: the protocol's frame limit less the event
/// envelope (`{"type":"event","eventId":…,"payload":…}`, under 64 bytes) and room for the
/// part markers.
pub(crate) const PAYLOAD_BUDGET: usize = MAX_FRAME_BYTES - 1024;
/// JSON punctuation around one queue in the map: `"<queueNo>":{"queueParams":…,
/// "agentStatuses":[…],"queueEntries":[…]}`, with the queue number's own length added.
const QUEUE_OVERHEAD: usize = 64;

impl SimState {
    /// `subscribeQueueStatus {queues?}`: a `queueStatus` now and on every change.
    pub(crate) fn subscribe(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let tenant = ctx.key.tenant_id.clone();
        let all: Vec<String> = self
            .queues
            .keys()
            .filter(|(t, _)| *t == tenant)
            .map(|(_, q)| q.clone())
            .collect();
        let queues = match params.get("queues").and_then(Value::as_array) {
            None => all,
            Some(asked) => {
                let mut picked = Vec::new();
                for q in asked {
                    let q = q.as_str().unwrap_or_default().to_owned();
                    if !all.contains(&q) {
                        return Err(Refusal::new(
                            "BAD_REQUEST",
                            format!("`subscribeQueueStatus`: queue {q:?} does not exist in tenant {tenant}"),
                        ));
                    }
                    if !picked.contains(&q) {
                        picked.push(q);
                    }
                }
                picked
            }
        };
        self.ok(ctx, json!({}));
        if let Some(agent) = self.agents.get_mut(&ctx.key) {
            // As the SDK does on the reply (its flow state remembers the subscription).
            agent.flows.queue_subscription = Some(params.clone());
            agent.subscription = Some(Subscription {
                changed: queues.iter().map(|q| (q.clone(), Changes::Full)).collect(),
                queues: queues.into_iter().collect(),
                last_sent: None,
                pending: false,
            });
        }
        self.subscribers.insert(ctx.key.clone());
        self.timers.cancel_agent(&ctx.key, |t| {
            *t == Timer::QueuePublish {
                supervisor: ctx.key.clone(),
            }
        });
        self.publish(&ctx.key);
        Ok(())
    }

    /// `unsubscribeQueueStatus`.
    pub(crate) fn unsubscribe(&mut self, ctx: &Ctx) -> Result<(), Refusal> {
        let subscribed = self
            .agents
            .get(&ctx.key)
            .is_some_and(|a| a.subscription.is_some());
        if !subscribed {
            return Err(Refusal::state(
                "unsubscribeQueueStatus",
                "there is no queue status subscription",
            ));
        }
        self.ok(ctx, json!({}));
        if let Some(agent) = self.agents.get_mut(&ctx.key) {
            agent.flows.queue_subscription = None;
            agent.subscription = None;
        }
        self.timers.cancel_agent(&ctx.key, |t| {
            *t == Timer::QueuePublish {
                supervisor: ctx.key.clone(),
            }
        });
        Ok(())
    }

    /// After each step: subscribers of a changed queue get a `queueStatus` now, or as soon as
    /// [`MIN_GAP`] allows. Only subscribers are looked at, and only the queues the step changed.
    pub(crate) fn flush_queue_status(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let dirty = std::mem::take(&mut self.dirty);
        let dirty_agents = std::mem::take(&mut self.dirty_agents);
        let now = self.now;
        let mut due_now = Vec::new();
        let mut due_later = Vec::new();
        let mut stale = Vec::new();
        for key in &self.subscribers {
            let Some(sub) = self
                .agents
                .get_mut(key)
                .and_then(|a| a.subscription.as_mut())
            else {
                stale.push(key.clone());
                continue;
            };
            // The step's changed queues (few), not the subscription's (possibly many).
            let mut touched = false;
            for (tenant, q) in &dirty {
                if *tenant == key.tenant_id && sub.queues.contains(q) {
                    sub.changed
                        .entry(q.clone())
                        .or_insert_with(|| Changes::Members(BTreeSet::new()));
                    touched = true;
                }
            }
            if !touched || sub.pending {
                continue;
            }
            match sub.last_sent.map(|t| t + MIN_GAP) {
                Some(at) if at > now => {
                    sub.pending = true;
                    due_later.push((key.clone(), at));
                }
                _ => due_now.push(key.clone()),
            }
        }
        for key in stale {
            self.subscribers.remove(&key);
        }
        // The members whose status changed, for every subscriber of their queues.
        for agent in &dirty_agents {
            let Some(queues) = self.agents.get(agent).map(|a| a.queues.clone()) else {
                continue;
            };
            for key in &self.subscribers {
                if key.tenant_id != agent.tenant_id {
                    continue;
                }
                let Some(sub) = self
                    .agents
                    .get_mut(key)
                    .and_then(|a| a.subscription.as_mut())
                else {
                    continue;
                };
                for q in &queues {
                    if let Some(Changes::Members(members)) = sub.changed.get_mut(q) {
                        members.insert(agent.agent_no.clone());
                    }
                }
            }
        }
        for (key, at) in due_later {
            self.timers.set(at, Timer::QueuePublish { supervisor: key });
        }
        let mut cache = HashMap::new();
        for key in due_now {
            self.publish_with(&key, &mut cache);
        }
    }

    /// A coalesced `queueStatus` is due.
    pub(crate) fn queue_publish_due(&mut self, key: &AgentKey) {
        if self
            .agents
            .get(key)
            .and_then(|a| a.subscription.as_ref())
            .is_some_and(|s| s.pending)
        {
            self.publish(key);
        }
    }

    /// Sends the subscriber the queues that changed since its last `queueStatus`.
    fn publish(&mut self, key: &AgentKey) {
        self.publish_with(key, &mut HashMap::new());
    }

    /// [`Self::publish`], sharing the snapshots of one step between its subscribers.
    fn publish_with(
        &mut self,
        key: &AgentKey,
        cache: &mut HashMap<String, (QueueSnapshot, usize)>,
    ) {
        let now = self.now;
        let Some(sub) = self
            .agents
            .get_mut(key)
            .and_then(|a| a.subscription.as_mut())
        else {
            return;
        };
        let queues = std::mem::take(&mut sub.changed);
        sub.last_sent = Some(now);
        sub.pending = false;
        let mut snapshots = Vec::new();
        for (q, changes) in queues {
            match changes {
                Changes::Full => {
                    if !cache.contains_key(&q) {
                        if let Some((snapshot, size)) = self.snapshot(&key.tenant_id, &q, None) {
                            cache.insert(q.clone(), (snapshot, size + q.len() + QUEUE_OVERHEAD));
                        }
                    }
                    if let Some((snapshot, size)) = cache.get(&q) {
                        snapshots.push((q, snapshot.clone(), *size));
                    }
                }
                Changes::Members(members) => {
                    if let Some((snapshot, size)) =
                        self.snapshot(&key.tenant_id, &q, Some(&members))
                    {
                        let size = size + q.len() + QUEUE_OVERHEAD;
                        snapshots.push((q, snapshot, size));
                    }
                }
            }
        }
        for event in pack(snapshots) {
            self.send(key, CatalogEvent::QueueStatus(event));
        }
    }

    /// One queue as `queueStatus` shows it (docs/flows.md §7 "queueStatus structure"), and
    /// what it weighs serialized. The members' entries come from their cards, rebuilt only for
    /// the agents whose status changed.
    ///
    /// With `only`, `agentStatuses` holds just those members (`queueParams.update: "changes"`);
    /// without, every member (`"full"`).
    pub(crate) fn snapshot(
        &mut self,
        tenant: &str,
        queue_no: &str,
        only: Option<&BTreeSet<String>>,
    ) -> Option<(QueueSnapshot, usize)> {
        let queue = self.queues.get(&(tenant.to_owned(), queue_no.to_owned()))?;
        let now_ms = self.now_ms();
        // Only the members asked for: a queue's "changes" cost what changed.
        let members: Vec<&SimAgent> = match only {
            None => queue
                .member_keys
                .iter()
                .filter_map(|k| self.agents.get(k))
                .collect(),
            Some(only) => only
                .iter()
                .filter_map(|no| self.agents.get(&Self::key(tenant, no)))
                .filter(|a| a.queues.iter().any(|q| q == queue_no))
                .collect(),
        };
        let mut weight = 0;
        let agent_statuses: Vec<Value> = members
            .iter()
            .map(|a| {
                let card = card(&mut self.cards, a);
                weight += card.len + 1;
                card.value.clone()
            })
            .collect();
        let (logged_in, idle, size) = (queue.logged_in, queue.idle, queue.member_keys.len());
        let mut entries = Vec::new();
        let mut longest = 0;
        for (i, call_id) in queue.waiting.iter().enumerate() {
            let Some(call) = self.calls.get(call_id) else {
                continue;
            };
            let wait = (now_ms - call.join_ms).max(0) / 1000;
            longest = longest.max(wait);
            entries.push(json!({
                "uniqueId": call.main_unique_id,
                "customerNumber": call.customer.number,
                "joinTime": call.join_ms,
                "position": i + 1,
                "waitSeconds": wait,
            }));
        }
        let params = json!({
            "queueNo": queue_no,
            "name": queue.name,
            "strategy": "longestIdle",
            "maxWaitSeconds": MAX_WAIT_SECONDS,
            "waiting": queue.waiting.len(),
            "longestWaitSeconds": longest,
            "agentsLoggedIn": logged_in,
            "agentsIdle": idle,
            "members": size,
            "update": if only.is_some() { "changes" } else { "full" },
        });
        let Value::Object(queue_params) = params else {
            return None;
        };
        weight += json_len(&queue_params) + entries.iter().map(|e| json_len(e) + 1).sum::<usize>();
        let snapshot = QueueSnapshot {
            queue_params,
            agent_statuses,
            queue_entries: entries,
        };
        Some((snapshot, weight))
    }
}

/// An agent's entry in `queueStatus` and its serialized length, for the status it was made of.
#[derive(Debug, Clone)]
pub(crate) struct Card {
    made_of: (AgentState, String, i64, i64),
    value: Value,
    len: usize,
}

/// The agent's card, rebuilt when its status (state, action, device, since) changed.
fn card<'a>(cards: &'a mut HashMap<AgentKey, Card>, a: &SimAgent) -> &'a Card {
    let made_of = (
        a.status.state,
        a.status.state_action.clone(),
        i64::from(a.status.device_status),
        a.since_ms,
    );
    let build = |made_of| {
        let value = json!({
            "agentNo": a.key.agent_no,
            "name": a.name,
            "state": a.status.state.as_str(),
            "stateAction": a.status.state_action,
            "deviceStatus": i64::from(a.status.device_status),
            "since": a.since_ms,
        });
        let len = json_len(&value);
        Card {
            made_of,
            value,
            len,
        }
    };
    match cards.entry(a.key.clone()) {
        Entry::Occupied(mut e) => {
            if e.get().made_of != made_of {
                e.insert(build(made_of));
            }
            e.into_mut()
        }
        Entry::Vacant(e) => e.insert(build(made_of)),
    }
}

/// Serialized length of a value (what it weighs in a frame).
fn json_len<T: serde::Serialize>(value: &T) -> usize {
    serde_json::to_vec(value).map_or(0, |v| v.len())
}

/// Packs queues into as few `queueStatus` events as fit [`PAYLOAD_BUDGET`] each; a queue that
/// does not fit one event by itself is split into parts.
fn pack(snapshots: Vec<(String, QueueSnapshot, usize)>) -> Vec<QueueStatusEvent> {
    let mut events = Vec::new();
    let mut current = BTreeMap::new();
    let mut weight = 0;
    for (q, snapshot, size) in snapshots {
        if size > PAYLOAD_BUDGET {
            for part in split(&q, snapshot) {
                let mut one = BTreeMap::new();
                one.insert(q.clone(), part);
                events.push(QueueStatusEvent { queue_status: one });
            }
            continue;
        }
        if weight + size > PAYLOAD_BUDGET && !current.is_empty() {
            events.push(QueueStatusEvent {
                queue_status: std::mem::take(&mut current),
            });
            weight = 0;
        }
        weight += size;
        current.insert(q, snapshot);
    }
    if !current.is_empty() {
        events.push(QueueStatusEvent {
            queue_status: current,
        });
    }
    events
}

/// One queue too big for a frame, in parts: every part has the whole `queueParams` plus
/// `part` (1-based) and `parts`; the agents, then the callers, fill the parts in order. A reader
/// takes part 1 as the queue's new state and appends the lists of parts 2…`parts` to it.
fn split(q: &str, snapshot: QueueSnapshot) -> Vec<QueueSnapshot> {
    let base = json_len(&snapshot.queue_params) + q.len() + QUEUE_OVERHEAD + 64;
    let mut parts: Vec<QueueSnapshot> = Vec::new();
    let mut weight = usize::MAX;
    let new_part = |parts: &mut Vec<QueueSnapshot>| {
        parts.push(QueueSnapshot {
            queue_params: snapshot.queue_params.clone(),
            agent_statuses: Vec::new(),
            queue_entries: Vec::new(),
        });
    };
    let items = snapshot
        .agent_statuses
        .into_iter()
        .map(|a| (true, a))
        .chain(snapshot.queue_entries.into_iter().map(|e| (false, e)));
    for (is_member, item) in items {
        let size = json_len(&item) + 1;
        if weight.saturating_add(size) > PAYLOAD_BUDGET {
            new_part(&mut parts);
            weight = base;
        }
        weight += size;
        if let Some(part) = parts.last_mut() {
            if is_member {
                part.agent_statuses.push(item);
            } else {
                part.queue_entries.push(item);
            }
        }
    }
    if parts.is_empty() {
        new_part(&mut parts);
    }
    let total = parts.len();
    for (i, part) in parts.iter_mut().enumerate() {
        part.queue_params.insert("part".into(), json!(i + 1));
        part.queue_params.insert("parts".into(), json!(total));
    }
    parts
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn snapshot(agents: usize, callers: usize) -> QueueSnapshot {
        let Value::Object(queue_params) =
            json!({"queueNo": "q-big", "name": "Big", "waiting": callers})
        else {
            unreachable!()
        };
        QueueSnapshot {
            queue_params,
            agent_statuses: (0..agents)
                .map(|i| json!({"agentNo": format!("{i:05}"), "name": "An Agent With A Long Name",
                    "state": "talking", "stateAction": "answer", "deviceStatus": 4, "since": 1_716_200_000_000_i64}))
                .collect(),
            queue_entries: (0..callers)
                .map(|i| json!({"uniqueId": format!("m-{i}"), "customerNumber": "13800000000",
                    "joinTime": 1_716_200_000_000_i64, "position": i + 1, "waitSeconds": 100}))
                .collect(),
        }
    }

    fn frame_len(event: &QueueStatusEvent) -> usize {
        let frame = agentdesk_core::protocol::v1::ServerFrame::Event {
            event_id: u64::MAX,
            payload: CatalogEvent::QueueStatus(event.clone()),
        };
        frame.to_json().len()
    }

    #[test]
    fn four_queues_of_two_hundred_callers_never_make_a_frame_over_64_kib() {
        let queues: Vec<_> = (0..4)
            .map(|i| {
                let s = snapshot(50, 200);
                let size = json_len(&s) + QUEUE_OVERHEAD + 4;
                (format!("q-{i}"), s, size)
            })
            .collect();
        let events = pack(queues);
        assert!(events.len() >= 2, "{} events", events.len());
        let mut seen = BTreeSet::new();
        for e in &events {
            assert!(frame_len(e) <= MAX_FRAME_BYTES, "{} bytes", frame_len(e));
            seen.extend(e.queue_status.keys().cloned());
        }
        assert_eq!(seen.len(), 4);
    }

    #[test]
    fn a_queue_too_big_for_one_frame_goes_out_in_marked_parts_that_add_up() {
        let s = snapshot(2_000, 200);
        let size = json_len(&s);
        assert!(size > 3 * MAX_FRAME_BYTES);
        let events = pack(vec![("q-big".into(), s, size)]);
        assert!(events.len() >= 4);
        let (mut agents, mut callers) = (0, 0);
        for (i, e) in events.iter().enumerate() {
            assert!(
                frame_len(e) <= MAX_FRAME_BYTES,
                "part {i}: {} bytes",
                frame_len(e)
            );
            let part = &e.queue_status["q-big"];
            assert_eq!(part.queue_params["part"], json!(i + 1));
            assert_eq!(part.queue_params["parts"], json!(events.len()));
            assert_eq!(part.queue_params["name"], "Big");
            agents += part.agent_statuses.len();
            callers += part.queue_entries.len();
        }
        assert_eq!((agents, callers), (2_000, 200));
    }
}
