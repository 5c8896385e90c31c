//! Queues and inbound calls (docs/flows.md §3): callers arrive at random or on command, wait in
//! their queue, are offered to the longest-idle available member, ring (`ringTimeoutMs`), are
//! answered, rejected (offered to the next agent) or missed (`noAnswer`: back to the head of
//! the queue), or give up waiting.

use std::time::Duration;

use agentdesk_core::agent::{AgentState, DeviceStatus};
use agentdesk_core::events::{CatalogEvent, RingingEvent};
use serde_json::{Map, Value};

use crate::port::AgentKey;

use super::state::{
    Activity, Call, Customer, CustomerState, Presence, RingKind, SimState, TranscriptState,
    MAX_CALLS, MAX_WAITING,
};
use super::status::{self, action, OnCall};
use super::timers::Timer;

/// The tenant's hotline and trunk, as `ringing` shows them (the simulator has one of each).
pub(crate) const HOTLINE: &str = "4000000000";
/// See [`HOTLINE`].
pub(crate) const TRUNK: &str = "trunk-1";

/// The `ringing` of `call` for `key` on `leg`, with its `(callType, subCallType)` and the
/// caller's number as that agent sees it.
pub(crate) fn ringing_event(
    call: &Call,
    key: &AgentKey,
    leg: &super::state::Leg,
    (call_type, sub_call_type): (i64, i64),
    caller: String,
) -> RingingEvent {
    RingingEvent {
        tenant_id: key.tenant_id.clone(),
        agent_no: key.agent_no.clone(),
        call_type,
        channel: leg.channel.clone(),
        main_unique_id: call.main_unique_id.clone(),
        unique_id: leg.unique_id.clone(),
        customer_number: caller,
        customer_area_code: call.customer.area_code.clone(),
        customer_province: call.customer.province.clone(),
        customer_city: call.customer.city.clone(),
        sub_call_type,
        hotline: HOTLINE.to_owned(),
        number_trunk: TRUNK.to_owned(),
        queue_no: call.queue_no.clone(),
        chan_variables: call.chan_variables.clone(),
    }
}

/// `subCallType` of a call transferred to an agent, blind or completed consult (docs/flows.md §2).
pub(crate) const TRANSFER_SUB_CALL_TYPE: i64 = 103;

/// Where customers call from: area code, province, city.
const PLACES: [(&str, &str, &str); 6] = [
    ("010", "Beijing", "Beijing"),
    ("021", "Shanghai", "Shanghai"),
    ("020", "Guangdong", "Guangzhou"),
    ("0755", "Guangdong", "Shenzhen"),
    ("028", "Sichuan", "Chengdu"),
    ("0571", "Zhejiang", "Hangzhou"),
];

/// A call to create.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewCall {
    pub(crate) tenant: String,
    pub(crate) queue_no: String,
    pub(crate) customer_number: Option<String>,
    pub(crate) talk_secs: Option<u64>,
    pub(crate) real_only: bool,
    pub(crate) call_type: i64,
    pub(crate) chan_variables: Map<String, Value>,
}

impl SimState {
    /// Creates a call (not queued nor offered yet); None when the simulator is full.
    pub(crate) fn create_call(&mut self, spec: NewCall) -> Option<u64> {
        if self.calls.len() >= MAX_CALLS {
            tracing::warn!("simulator full: {MAX_CALLS} calls; call refused");
            return None;
        }
        let id = self.next_id();
        let number = spec
            .customer_number
            .unwrap_or_else(|| format!("138{}", self.dice.digits(8)));
        let digit_sum: usize = number.bytes().map(usize::from).sum();
        let (area, province, city) = PLACES[digit_sum % PLACES.len()];
        let call = Call {
            id,
            tenant: spec.tenant,
            main_unique_id: format!("m-{id}"),
            call_type: if spec.call_type == 0 {
                1
            } else {
                spec.call_type
            },
            customer: Customer {
                channel: format!("PSTN/{number}-{id}"),
                number,
                area_code: area.to_owned(),
                province: province.to_owned(),
                city: city.to_owned(),
            },
            state: CustomerState::Queued,
            queue_no: spec.queue_no,
            chan_variables: spec.chan_variables,
            real_only: spec.real_only,
            talk_secs: spec.talk_secs,
            owner: None,
            consult: None,
            rejected_by: Default::default(),
            transcript: TranscriptState::default(),
            answered_at: None,
            join_ms: self.now_ms(),
            request_unique_id: String::new(),
            answer_timeout_secs: 0,
            ivr_return: None,
        };
        self.calls.insert(id, call);
        Some(id)
    }

    /// Puts `call` in its queue (at the head when it comes back from an agent) with a fresh
    /// patience; a full queue turns a new caller away.
    pub(crate) fn enqueue(&mut self, call_id: u64, at_head: bool) {
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        call.state = CustomerState::Queued;
        call.owner = None;
        let qkey = (call.tenant.clone(), call.queue_no.clone());
        let Some(queue) = self.queues.get_mut(&qkey) else {
            // A tenant without queues: nobody can take the call.
            self.drop_call(call_id);
            return;
        };
        if queue.waiting.len() >= MAX_WAITING && !at_head {
            tracing::debug!(queue = qkey.1, "queue full; caller turned away");
            self.drop_call(call_id);
            return;
        }
        if at_head {
            queue.waiting.push_front(call_id);
        } else {
            queue.waiting.push_back(call_id);
        }
        self.timers
            .cancel_call(call_id, |t| *t == Timer::Abandon { call: call_id });
        let (lo, hi) = self.cfg.patience_secs;
        let patience = self.dice.between(lo, hi);
        self.after(
            Duration::from_secs(patience),
            Timer::Abandon { call: call_id },
        );
        self.dirty.insert(qkey);
    }

    /// Offers waiting callers to available agents, in every queue the step changed (run after
    /// each step). A queue nobody touched has nothing new to route: its callers waited for an
    /// agent and none became free.
    pub(crate) fn route_all(&mut self) {
        let keys: Vec<_> = self.dirty.iter().cloned().collect();
        for key in keys {
            self.route(&key.0, &key.1);
        }
    }

    fn route(&mut self, tenant: &str, queue_no: &str) {
        let qkey = (tenant.to_owned(), queue_no.to_owned());
        let Some(queue) = self.queues.get(&qkey) else {
            return;
        };
        if queue.waiting.is_empty() {
            return;
        }
        // The members free now, longest idle first (ties by agent number), found once.
        let mut free: Vec<(tokio::time::Instant, AgentKey, bool)> = queue
            .member_keys
            .iter()
            .filter_map(|k| self.agents.get(k))
            .filter(|a| a.available())
            .map(|a| {
                let real = matches!(a.presence, Presence::Real { .. });
                (a.idle_since, a.key.clone(), real)
            })
            .collect();
        if free.is_empty() {
            return;
        }
        free.sort_by(|a, b| (a.0, &a.1.agent_no).cmp(&(b.0, &b.1.agent_no)));
        let waiting: Vec<u64> = queue.waiting.iter().copied().collect();
        for call_id in waiting {
            if free.is_empty() {
                break;
            }
            let Some(call) = self.calls.get(&call_id) else {
                continue;
            };
            let pick = free.iter().position(|(_, k, real)| {
                (!call.real_only || *real) && !call.rejected_by.contains(&k.agent_no)
            });
            let Some(pick) = pick else { continue };
            let (_, agent, _) = free.remove(pick);
            if let Some(queue) = self.queues.get_mut(&qkey) {
                queue.waiting.retain(|c| *c != call_id);
            }
            self.timers
                .cancel_call(call_id, |t| *t == Timer::Abandon { call: call_id });
            self.dirty.insert(qkey.clone());
            self.offer(call_id, &agent, RingKind::Inbound);
        }
    }

    /// Rings `agent` with `call` (docs/flows.md §3 step 1, §5 step 2, §6).
    pub(crate) fn offer(&mut self, call_id: u64, key: &AgentKey, kind: RingKind) {
        let leg = self.new_leg(&key.tenant_id, &key.agent_no);
        let ring = self.next_id();
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        let (call_type, sub_call_type) = match kind {
            RingKind::Inbound => (call.call_type, 0),
            RingKind::Consult => (9, 101),
            RingKind::TransferIn => (call.call_type, TRANSFER_SUB_CALL_TYPE),
        };
        let caller = match kind {
            // An internal call: the caller is the consulting agent.
            RingKind::Consult => call
                .owner
                .as_ref()
                .map(|o| o.agent_no.clone())
                .unwrap_or_default(),
            _ => call.customer.number.clone(),
        };
        if kind != RingKind::Consult {
            call.state = CustomerState::Offered;
            call.owner = Some(key.clone());
        }
        let ringing = ringing_event(call, key, &leg, (call_type, sub_call_type), caller);
        let main = call.main_unique_id.clone();
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        let prior = agent
            .prior
            .get_or_insert_with(|| agent.status.clone())
            .clone();
        agent.activity = Activity::Ringing {
            call: call_id,
            leg: leg.clone(),
            kind,
            ring,
        };
        let auto =
            agent.presence == Presence::Bot || (agent.endpoint_type != 3 && self.cfg.auto_answer);
        let ids = OnCall {
            call_type,
            unique_id: &leg.unique_id,
            main_unique_id: &main,
        };
        let st = status::on_call(
            &prior,
            AgentState::Ringing,
            action::RINGING,
            DeviceStatus::Ringing,
            ids,
        );
        self.set_status(key, st);
        self.send(key, CatalogEvent::Ringing(ringing));
        self.after(
            self.cfg.ring_timeout,
            Timer::RingTimeout {
                agent: key.clone(),
                ring,
            },
        );
        if auto {
            self.after(
                self.cfg.answer_delay,
                Timer::AutoAnswer {
                    agent: key.clone(),
                    ring,
                },
            );
        }
    }

    /// The agent's device picks up ringing instance `ring`.
    pub(crate) fn auto_answer(&mut self, key: &AgentKey, ring: u64) {
        let current = self.agents.get(key).map(|a| a.activity.clone());
        if matches!(current, Some(Activity::Ringing { ring: r, .. }) if r == ring) {
            self.answer(key);
        }
    }

    /// The ringing agent answers (device, `sipLink`, or a script's `answer` step).
    pub(crate) fn answer(&mut self, key: &AgentKey) {
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        let Activity::Ringing {
            call: call_id,
            leg,
            kind,
            ring,
        } = agent.activity.clone()
        else {
            return;
        };
        let prior = agent.prior.clone().unwrap_or_else(|| agent.status.clone());
        self.timers.cancel_agent(key, |t| {
            matches!(t, Timer::AutoAnswer { ring: r, .. } | Timer::RingTimeout { ring: r, .. } if *r == ring)
        });
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        let main = call.main_unique_id.clone();
        let consult_leg = kind == RingKind::Consult;
        let call_type = if consult_leg { 9 } else { call.call_type };
        if !consult_leg {
            call.state = CustomerState::Connected;
            call.owner = Some(key.clone());
            call.answered_at.get_or_insert(self.now);
        }
        if let Some(agent) = self.agents.get_mut(key) {
            agent.activity = Activity::Talking {
                call: call_id,
                leg: leg.clone(),
                consult_leg,
            };
        }
        let what = if kind == RingKind::TransferIn {
            action::TRANSFER_IN
        } else {
            action::ANSWER
        };
        let ids = OnCall {
            call_type,
            unique_id: &leg.unique_id,
            main_unique_id: &main,
        };
        let talking = status::on_call(
            &prior,
            AgentState::Talking,
            what,
            DeviceStatus::Talking,
            ids,
        );
        if consult_leg {
            self.consult_linked(call_id);
            self.set_status(key, talking);
        } else {
            self.set_status(key, talking);
            self.start_talk(call_id);
        }
    }

    /// Ringing instance `ring` ran out: `noAnswer`, the agent is paused (docs/flows.md §3 step 2).
    pub(crate) fn ring_timeout(&mut self, key: &AgentKey, ring: u64) {
        let current = self.agents.get(key).map(|a| a.activity.clone());
        if matches!(current, Some(Activity::Ringing { ring: r, .. }) if r == ring) {
            self.unanswered(key, status::busy(action::NO_ANSWER, status::MISSED_CALL));
        }
    }

    /// `hangup` while ringing: `reject`; the caller goes to the next agent (docs/flows.md §3 step 3).
    pub(crate) fn reject(&mut self, key: &AgentKey) {
        let prior = self.agents.get(key).and_then(|a| a.prior.clone());
        let Some(prior) = prior else { return };
        self.unanswered(key, status::back(&prior, action::REJECT));
    }

    /// A ringing that ended unanswered: the agent takes `next`; the caller goes back to the
    /// head of its queue, or the consult fails.
    fn unanswered(&mut self, key: &AgentKey, next: agentdesk_core::agent::AgentStatus) {
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        let Activity::Ringing {
            call: call_id,
            kind,
            ring,
            ..
        } = agent.activity.clone()
        else {
            return;
        };
        agent.activity = Activity::Free;
        agent.prior = None;
        self.timers.cancel_agent(key, |t| {
            matches!(t, Timer::AutoAnswer { ring: r, .. } | Timer::RingTimeout { ring: r, .. } if *r == ring)
        });
        self.set_status(key, next);
        match kind {
            RingKind::Consult => self.consult_failed(call_id),
            RingKind::Inbound | RingKind::TransferIn => {
                if let Some(call) = self.calls.get_mut(&call_id) {
                    call.rejected_by.insert(key.agent_no.clone());
                }
                self.enqueue(call_id, true);
            }
        }
    }

    /// A queued caller gave up.
    pub(crate) fn abandon(&mut self, call_id: u64) {
        if self
            .calls
            .get(&call_id)
            .is_some_and(|c| c.state == CustomerState::Queued)
        {
            self.drop_call(call_id);
        }
    }

    /// The next random caller of a queue arrives (`--sim-callers-per-minute`).
    pub(crate) fn arrival(&mut self, tenant: &str, queue: &str) {
        let spec = NewCall {
            tenant: tenant.to_owned(),
            queue_no: queue.to_owned(),
            ..NewCall::default()
        };
        if let Some(id) = self.create_call(spec) {
            self.enqueue(id, false);
        }
        self.schedule_arrival(tenant, queue);
    }

    /// Sets the queue's next random arrival, if callers arrive at random.
    pub(crate) fn schedule_arrival(&mut self, tenant: &str, queue: &str) {
        if let Some(gap) = self.dice.poisson_gap(self.cfg.callers_per_minute) {
            self.after(
                gap,
                Timer::Arrival {
                    tenant: tenant.to_owned(),
                    queue: queue.to_owned(),
                },
            );
        }
    }
}
