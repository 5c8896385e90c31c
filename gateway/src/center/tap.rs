//! The core's side of the tap (docs/dialects.md §1, docs/gateway.md §12): what the dialect faces
//! of the edges see of a tenant. Nothing is tapped for a tenant no edge watches, so the
//! benchmark's tenants pay nothing for it.
//!
//! A watched tenant's step feed is, in the core's order: every catalog event sent to any of its
//! agents (bots included, whose events no session carries), the queues the step changed (each
//! whole, once after the step's own work and once after its routing, so a caller routed in the
//! same step is still seen joining; members only when their status changed, as `queueStatus`
//! updates carry them), the offline status of an agent that signed off without a
//! word, and the recordings and scorecards of `sim/recording.rs`. A new watcher first gets the
//! tenant whole: its queues, then every logged-in agent's status.

use std::collections::{BTreeMap, BTreeSet};

use agentdesk_core::agent::AgentStatus;
use agentdesk_core::dialects::Feed;
use agentdesk_core::events::{AgentStatusEvent, CatalogEvent, QueueSnapshot, QueueStatusEvent};

use crate::port::{AgentKey, CoreOutput, Tap};
use crate::sim::SimState;

/// The watched tenants and the feed of the step under way.
#[derive(Debug, Default)]
pub(crate) struct Taps {
    watched: BTreeSet<String>,
    step: BTreeMap<String, Vec<Feed>>,
    syncs: Vec<Tap>,
}

impl Taps {
    /// True when some edge watches `tenant`.
    pub(crate) fn watches(&self, tenant: &str) -> bool {
        self.watched.contains(tenant)
    }

    /// Adds `feed` to the step's feed of `tenant`, if it is watched.
    pub(crate) fn push(&mut self, tenant: &str, feed: Feed) {
        if self.watches(tenant) {
            self.step.entry(tenant.to_owned()).or_default().push(feed);
        }
    }

    /// The step's taps, after the new watchers' snapshots, stamped `at_ms`.
    pub(crate) fn flush(&mut self, at_ms: i64, out: &mut Vec<CoreOutput>) {
        out.extend(self.syncs.drain(..).map(CoreOutput::Tap));
        for (tenant, feed) in std::mem::take(&mut self.step) {
            out.push(CoreOutput::Tap(Tap {
                tenant,
                sync_for: None,
                at_ms,
                feed,
            }));
        }
    }
}

fn status_event(key: &AgentKey, status: AgentStatus) -> Feed {
    Feed::Event {
        agent_no: key.agent_no.clone(),
        event: CatalogEvent::AgentStatus(AgentStatusEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            status,
        }),
    }
}

impl SimState {
    /// Edge `edge` watches `tenant`: the tenant whole for it now, every step's feed from now.
    pub(crate) fn watch(&mut self, tenant: &str, edge: &str) {
        self.taps.watched.insert(tenant.to_owned());
        let queues: BTreeMap<String, QueueSnapshot> = self
            .queues
            .keys()
            .filter(|(t, _)| t == tenant)
            .cloned()
            .collect::<Vec<_>>()
            .into_iter()
            .filter_map(|(t, q)| self.snapshot(&t, &q, None).map(|(s, _)| (q, s)))
            .collect();
        let mut feed = vec![Feed::Queues {
            whole: true,
            status: QueueStatusEvent {
                queue_status: queues,
            },
        }];
        feed.extend(
            self.agents
                .values()
                .filter(|a| a.key.tenant_id == tenant && a.logged_in())
                .map(|a| status_event(&a.key, a.status.clone())),
        );
        let at_ms = self.now_ms();
        self.taps.syncs.push(Tap {
            tenant: tenant.to_owned(),
            sync_for: Some(edge.to_owned()),
            at_ms,
            feed,
        });
    }

    /// A catalog event sent to agent `key`, for the tap. Supervisors' `queueStatus` is left
    /// out: the tap carries the tenant's queues itself.
    pub(crate) fn tap_event(&mut self, key: &AgentKey, event: &CatalogEvent) {
        if self.taps.watches(&key.tenant_id) && !matches!(event, CatalogEvent::QueueStatus(_)) {
            let feed = Feed::Event {
                agent_no: key.agent_no.clone(),
                event: event.clone(),
            };
            self.taps.push(&key.tenant_id, feed);
        }
    }

    /// An agent went offline without an `agentStatus` (its session ended, a supervisor's
    /// `setOffline` told only the session): the tap hears it all the same.
    pub(crate) fn tap_offline(&mut self, key: &AgentKey, status: AgentStatus) {
        if self.taps.watches(&key.tenant_id) {
            self.taps.push(&key.tenant_id, status_event(key, status));
        }
    }

    /// The queues of watched tenants that the step has changed so far: their figures and
    /// callers whole, their members those whose status changed (`queueParams.update:
    /// "changes"`, as `queueStatus` does), so a step costs what it changed.
    pub(crate) fn tap_queues(&mut self) {
        let dirty: Vec<(String, String)> = self
            .dirty
            .iter()
            .filter(|(t, _)| self.taps.watches(t))
            .cloned()
            .collect();
        let mut changed: BTreeMap<String, BTreeMap<String, QueueSnapshot>> = BTreeMap::new();
        for (tenant, queue) in dirty {
            let members: BTreeSet<String> = self
                .dirty_agents
                .iter()
                .filter(|k| k.tenant_id == tenant)
                .map(|k| k.agent_no.clone())
                .collect();
            if let Some((snapshot, _)) = self.snapshot(&tenant, &queue, Some(&members)) {
                changed.entry(tenant).or_default().insert(queue, snapshot);
            }
        }
        for (tenant, queue_status) in changed {
            let feed = Feed::Queues {
                whole: false,
                status: QueueStatusEvent { queue_status },
            };
            self.taps.push(&tenant, feed);
        }
    }
}
