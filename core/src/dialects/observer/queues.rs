//! Queue snapshots → queue happenings. The core publishes each queue whole (`queueStatus`,
//! docs/flows.md §7); the dialects speak of changes — a caller joined, left, waited too long —
//! so the observer keeps the last snapshot of each queue and tells the differences.
//!
//! The snapshot's insides are typed nowhere in the seed (seed 003 §3.10), so fields are read
//! leniently: a missing figure counts as 0, an entry without a `uniqueId` cannot be followed and
//! is skipped.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::events::{QueueSnapshot, QueueStatusEvent};

use super::super::happening::{CallRef, Happening, LeftQueue, QueueStats};
use super::{Observer, Out, QueueEntry, Waiting};

fn number(map: &Map<String, Value>, key: &str) -> u64 {
    map.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

/// One waiting caller as the snapshot shows it.
struct Entry<'a> {
    call_id: &'a str,
    customer_number: &'a str,
    join_ms: Option<i64>,
    position: u64,
    wait_s: u64,
}

fn entries(snapshot: &QueueSnapshot) -> Vec<Entry<'_>> {
    snapshot
        .queue_entries
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
        .filter_map(|(i, e)| {
            Some(Entry {
                call_id: text(e, "uniqueId")?,
                customer_number: text(e, "customerNumber").unwrap_or_default(),
                join_ms: e.get("joinTime").and_then(Value::as_i64),
                position: e
                    .get("position")
                    .and_then(Value::as_u64)
                    .unwrap_or(i as u64 + 1),
                wait_s: number(e, "waitSeconds"),
            })
        })
        .collect()
}

impl Observer {
    /// The tenant's queues, whole (the core's `queueStatus` payload covering every queue).
    /// A queue missing from it is taken as closed.
    #[must_use]
    pub fn handle_queue_status(
        &mut self,
        now_ms: i64,
        event: &QueueStatusEvent,
    ) -> Vec<super::Stamped> {
        let mut out = Out::new(now_ms);
        for (queue, snapshot) in &event.queue_status {
            self.queue_snapshot(&mut out, queue, snapshot);
        }
        self.close_missing(&mut out, event);
        out.list
    }

    /// The queues that changed, each whole; the tenant's other queues are as they were (a feed
    /// that publishes only what a step touched, so its cost follows the change).
    #[must_use]
    pub fn handle_queue_changes(
        &mut self,
        now_ms: i64,
        event: &QueueStatusEvent,
    ) -> Vec<super::Stamped> {
        let mut out = Out::new(now_ms);
        for (queue, snapshot) in &event.queue_status {
            self.queue_snapshot(&mut out, queue, snapshot);
        }
        out.list
    }

    fn close_missing(&mut self, out: &mut Out, event: &QueueStatusEvent) {
        let gone: Vec<String> = self
            .queues
            .keys()
            .filter(|q| !event.queue_status.contains_key(*q))
            .cloned()
            .collect();
        for queue in gone {
            self.queues.remove(&queue);
            for agent in self.agents.values_mut() {
                agent.queues.remove(&queue);
            }
            out.push(Happening::QueueClosed { queue });
        }
    }

    fn queue_snapshot(&mut self, out: &mut Out, queue: &str, snapshot: &QueueSnapshot) {
        let params = &snapshot.queue_params;
        let name = text(params, "name").unwrap_or(queue).to_owned();
        let opened = !self.queues.contains_key(queue);
        if opened {
            let stats = QueueStats {
                queue: queue.to_owned(),
                name: name.clone(),
                ..QueueStats::default()
            };
            self.queues.insert(
                queue.to_owned(),
                QueueEntry {
                    stats,
                    ..QueueEntry::default()
                },
            );
            out.push(Happening::QueueOpened {
                queue: queue.to_owned(),
                name: name.clone(),
            });
        }
        self.members(queue, snapshot);
        let max_wait_s = number(params, "maxWaitSeconds");
        let entries = entries(snapshot);
        let size = entries.len() as u64;
        let seen: BTreeSet<&str> = entries.iter().map(|e| e.call_id).collect();

        let gone: Vec<(String, Waiting)> = match self.queues.get_mut(queue) {
            Some(q) => {
                let ids: Vec<String> = q
                    .waiting
                    .keys()
                    .filter(|id| !seen.contains(id.as_str()))
                    .cloned()
                    .collect();
                ids.into_iter()
                    .filter_map(|id| q.waiting.remove(&id).map(|w| (id, w)))
                    .collect()
            }
            None => Vec::new(),
        };
        for (call_id, waiting) in gone {
            let call = self
                .calls
                .get(&call_id)
                .map(|c| c.call.clone())
                .unwrap_or_else(|| CallRef {
                    call_id: call_id.clone(),
                    queue: Some(queue.to_owned()),
                    customer_number: String::new(),
                    call_type: 1,
                });
            let waited_s =
                u64::try_from((out.at_ms - waiting.joined_ms).max(0) / 1000).unwrap_or(0);
            if let Some(q) = self.queues.get_mut(queue) {
                q.stats.abandoned_callers += 1;
            }
            out.push(Happening::CallerLeft {
                call: call.clone(),
                queue: queue.to_owned(),
                reason: LeftQueue::Abandoned,
                waited_s,
            });
            out.push(Happening::SessionDropped { call, waited_s });
            self.calls.remove(&call_id);
        }

        for e in &entries {
            let known = self
                .queues
                .get(queue)
                .is_some_and(|q| q.waiting.contains_key(e.call_id));
            if !known {
                // Inbound queue calls are callType 1 (seed 003 §3.6).
                let template = CallRef {
                    call_id: e.call_id.to_owned(),
                    queue: Some(queue.to_owned()),
                    customer_number: e.customer_number.to_owned(),
                    call_type: 1,
                };
                let call = self.call_or_create(out, template);
                if let Some(c) = self.calls.get_mut(e.call_id) {
                    c.ever_queued = true;
                }
                let estimated_wait_s = match self.queues.get_mut(queue) {
                    Some(q) => {
                        q.stats.total_callers += 1;
                        let joined_ms = e.join_ms.unwrap_or(out.at_ms);
                        q.waiting.insert(
                            e.call_id.to_owned(),
                            Waiting {
                                joined_ms,
                                exceeded: false,
                            },
                        );
                        q.stats.average_wait_s
                    }
                    None => 0,
                };
                out.push(Happening::CallerJoined {
                    call,
                    queue: queue.to_owned(),
                    position: e.position,
                    queue_size: size,
                    estimated_wait_s,
                });
            }
            let exceeded = max_wait_s > 0 && e.wait_s > max_wait_s;
            let newly = self
                .queues
                .get_mut(queue)
                .and_then(|q| q.waiting.get_mut(e.call_id))
                .is_some_and(|w| {
                    let newly = exceeded && !w.exceeded;
                    w.exceeded |= exceeded;
                    newly
                });
            if newly {
                let call = self.calls.get(e.call_id).map(|c| c.call.clone());
                if let Some(call) = call {
                    out.push(Happening::QueueMaxWaitExceeded {
                        call,
                        queue: queue.to_owned(),
                        waited_s: e.wait_s,
                        max_wait_s,
                    });
                }
            }
        }

        let active = self
            .calls
            .values()
            .filter(|c| c.connected && c.call.queue.as_deref() == Some(queue))
            .count() as u64;
        let reported_longest = if size > 0 {
            number(params, "longestWaitSeconds")
        } else {
            0
        };
        let longest = entries
            .iter()
            .map(|e| e.wait_s)
            .max()
            .unwrap_or(0)
            .max(reported_longest);
        let Some(q) = self.queues.get_mut(queue) else {
            return;
        };
        let average = match q.recent_waits.len() as u64 {
            0 => 0,
            n => q.recent_waits.iter().sum::<u64>() / n,
        };
        let next = QueueStats {
            queue: queue.to_owned(),
            name,
            waiting: size,
            previous_waiting: (!opened).then_some(q.stats.waiting),
            longest_wait_s: longest,
            average_wait_s: average,
            agents_logged_in: number(params, "agentsLoggedIn"),
            agents_idle: number(params, "agentsIdle"),
            active_calls: active,
            ..q.stats.clone()
        };
        let changed = QueueStats {
            previous_waiting: next.previous_waiting,
            ..q.stats.clone()
        } != next;
        q.stats = next.clone();
        if opened || changed {
            out.push(Happening::QueueChanged(next));
        }
    }

    /// Members and their names from `agentStatuses` (seed 003 §3.10 names the list; the
    /// simulator's entries carry `agentNo` and `name`, docs/flows.md §7). A snapshot marked
    /// `queueParams.update: "changes"` lists only the members whose status changed: the others
    /// stay members.
    fn members(&mut self, queue: &str, snapshot: &QueueSnapshot) {
        let mut members: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for status in snapshot.agent_statuses.iter().filter_map(Value::as_object) {
            if let Some(no) = text(status, "agentNo") {
                members.insert(no, text(status, "name"));
            }
        }
        let changes_only = text(&snapshot.queue_params, "update") == Some("changes");
        for (no, agent) in self.agents.iter_mut().filter(|_| !changes_only) {
            if !members.contains_key(no.as_str()) {
                agent.queues.remove(queue);
            }
        }
        for (no, name) in members {
            let agent = self.agent_mut(no);
            agent.queues.insert(queue.to_owned());
            if let Some(name) = name {
                agent.name = Some(name.to_owned());
            }
        }
    }
}
