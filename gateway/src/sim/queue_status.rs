//! `subscribeQueueStatus` and the `queueStatus` publisher (docs/flows.md §7): each event carries
//! every subscribed queue whole (per queue number: queueParams, agentStatuses, queueEntries).
//! Changes are coalesced: at most one event per [`MIN_GAP`] per subscriber, the last state
//! always sent.

use std::collections::BTreeMap;
use std::time::Duration;

use agentdesk_core::agent::AgentState;
use agentdesk_core::events::{CatalogEvent, QueueSnapshot, QueueStatusEvent};
use serde_json::{json, Map, Value};

use crate::hub::AgentKey;

use super::commands::{Ctx, Refusal};
use super::state::{SimState, Subscription};
use super::timers::Timer;

/// A subscriber gets at most one `queueStatus` this often (bursts are coalesced).
pub(crate) const MIN_GAP: Duration = Duration::from_millis(250);
/// `queueParams.maxWaitSeconds` of every simulated queue.
const MAX_WAIT_SECONDS: u64 = 300;

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
                queues,
                last_sent: None,
                pending: false,
            });
        }
        self.timers.cancel(|t| {
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
        self.timers.cancel(|t| {
            *t == Timer::QueuePublish {
                supervisor: ctx.key.clone(),
            }
        });
        Ok(())
    }

    /// After each step: subscribers of a changed queue get a `queueStatus` now, or as soon as
    /// [`MIN_GAP`] allows.
    pub(crate) fn flush_queue_status(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let dirty = std::mem::take(&mut self.dirty);
        let now = self.now;
        let mut due_now = Vec::new();
        let mut due_later = Vec::new();
        for agent in self.agents.values_mut() {
            let Some(sub) = &mut agent.subscription else {
                continue;
            };
            let touched = sub
                .queues
                .iter()
                .any(|q| dirty.contains(&(agent.key.tenant_id.clone(), q.clone())));
            if !touched || sub.pending {
                continue;
            }
            match sub.last_sent.map(|t| t + MIN_GAP) {
                Some(at) if at > now => {
                    sub.pending = true;
                    due_later.push((agent.key.clone(), at));
                }
                _ => due_now.push(agent.key.clone()),
            }
        }
        for (key, at) in due_later {
            self.timers.set(at, Timer::QueuePublish { supervisor: key });
        }
        for key in due_now {
            self.publish(&key);
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

    /// Sends the subscriber its queues, whole.
    fn publish(&mut self, key: &AgentKey) {
        let Some(queues) = self
            .agents
            .get(key)
            .and_then(|a| a.subscription.as_ref())
            .map(|s| s.queues.clone())
        else {
            return;
        };
        let mut queue_status = BTreeMap::new();
        for q in queues {
            if let Some(snapshot) = self.snapshot(&key.tenant_id, &q) {
                queue_status.insert(q, snapshot);
            }
        }
        let now = self.now;
        if let Some(sub) = self
            .agents
            .get_mut(key)
            .and_then(|a| a.subscription.as_mut())
        {
            sub.last_sent = Some(now);
            sub.pending = false;
        }
        self.send(
            key,
            CatalogEvent::QueueStatus(QueueStatusEvent { queue_status }),
        );
    }

    /// One queue as `queueStatus` shows it (docs/flows.md §7 "queueStatus structure").
    pub(crate) fn snapshot(&self, tenant: &str, queue_no: &str) -> Option<QueueSnapshot> {
        let queue = self.queues.get(&(tenant.to_owned(), queue_no.to_owned()))?;
        let now_ms = self.now_ms();
        let members: Vec<_> = queue
            .members
            .iter()
            .filter_map(|m| self.agents.get(&Self::key(tenant, m)))
            .collect();
        let agent_statuses: Vec<Value> = members
            .iter()
            .map(|a| {
                json!({
                    "agentNo": a.key.agent_no,
                    "name": a.name,
                    "state": a.status.state.as_str(),
                    "stateAction": a.status.state_action,
                    "deviceStatus": i64::from(a.status.device_status),
                    "since": a.since_ms,
                })
            })
            .collect();
        let logged_in = members.iter().filter(|a| a.logged_in()).count();
        let idle = members
            .iter()
            .filter(|a| a.logged_in() && a.status.state == AgentState::Idle)
            .count();
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
        });
        let Value::Object(queue_params) = params else {
            return None;
        };
        Some(QueueSnapshot {
            queue_params,
            agent_statuses,
            queue_entries: entries,
        })
    }
}
