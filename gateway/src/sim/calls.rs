//! The end of calls (docs/flows.md §3 steps 4–5, §5 step 5): the agent's `hangup`, the
//! customer's, a supervisor's `disconnect`; wrap-up and its timer; and the bookkeeping that
//! leaves nothing behind (the call's timers, its monitors, the softphone's SIP session); the
//! call's recording with it (`recording.rs`).

use std::time::Duration;

use agentdesk_core::agent::{AgentState, AgentStatus};
use agentdesk_core::events::{AtxferEndedEvent, AtxferThreewayUnlinkEvent, CatalogEvent};

use crate::port::AgentKey;

use super::state::{Activity, ConsultPhase, CustomerState, SimState};
use super::status::{self, action, OnCall};
use super::timers::Timer;

/// `atxferEnded.hangupSide` (docs/flows.md §1).
pub(crate) mod hangup_side {
    /// The agent ended the consult (resume, cancel).
    pub(crate) const AGENT: i64 = 1;
    /// The consult party hung up.
    pub(crate) const CONSULT_PARTY: i64 = 2;
    /// The customer hung up.
    pub(crate) const CUSTOMER: i64 = 3;
}

impl SimState {
    /// The customer and the agent talk: the customer's talk time starts (once per call) and so
    /// does the transcript.
    pub(crate) fn start_talk(&mut self, call_id: u64) {
        let Some(call) = self.calls.get(&call_id) else {
            return;
        };
        let override_secs = call.talk_secs;
        if !self
            .timers
            .any_call(call_id, |t| *t == Timer::CustomerHangup { call: call_id })
        {
            let (lo, hi) = self.cfg.talk_secs;
            let secs = override_secs.unwrap_or_else(|| self.dice.between(lo, hi));
            self.after(
                Duration::from_secs(secs),
                Timer::CustomerHangup { call: call_id },
            );
        }
        self.start_transcript(call_id);
        self.recording_start(call_id);
    }

    /// The agent's status after the call: wrap-up (its timer starts) or back to the prior.
    pub(crate) fn settle(&mut self, key: &AgentKey, next: AgentStatus) {
        let wrapping = next.state == AgentState::Wrapup;
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        agent.activity = Activity::Free;
        agent.wrapup_epoch += 1;
        let epoch = agent.wrapup_epoch;
        if !wrapping {
            agent.prior = None;
        }
        self.set_status(key, next);
        if !wrapping {
            self.recording_review(key);
        }
        if wrapping {
            let secs = self.cfg.wrapup_secs;
            self.after(
                Duration::from_secs(secs),
                Timer::WrapupEnd {
                    agent: key.clone(),
                    epoch,
                },
            );
        }
    }

    /// The agent leaves its call for `next`: monitors on it end, its SIP session ends.
    pub(crate) fn leave_call(&mut self, key: &AgentKey, next: AgentStatus) {
        self.end_monitors_on(key);
        self.end_sip_session(key, "hangup");
        self.settle(key, next);
    }

    /// The agent's prior status (its current one when it has none).
    pub(crate) fn prior_of(&self, key: &AgentKey) -> AgentStatus {
        self.agents
            .get(key)
            .map(|a| a.prior.clone().unwrap_or_else(|| a.status.clone()))
            .unwrap_or_else(|| status::idle(action::WRAPUP_END))
    }

    /// Wrap-up status for `key` after `what`.
    pub(crate) fn wrapup_for(&self, key: &AgentKey, what: &str) -> AgentStatus {
        status::wrapup(&self.prior_of(key), what, self.cfg.wrapup_secs)
    }

    /// Wrap-up `epoch` is over: back to the prior status (docs/flows.md §3 step 5).
    pub(crate) fn wrapup_end(&mut self, key: &AgentKey, epoch: u64) {
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        if agent.wrapup_epoch != epoch
            || agent.status.state != AgentState::Wrapup
            || agent.activity != Activity::Free
        {
            return;
        }
        let next = status::back(&self.prior_of(key), action::WRAPUP_END);
        self.settle(key, next);
    }

    /// Forgets a call: out of its queue, its timers cancelled. Agents must have left it; one
    /// that has not is taken off it (and the gap logged) rather than left stuck.
    pub(crate) fn drop_call(&mut self, call_id: u64) {
        let Some(call) = self.calls.remove(&call_id) else {
            return;
        };
        self.recording_finish(call_id);
        self.timers.cancel_call(call_id, |_| true);
        let qkey = (call.tenant.clone(), call.queue_no.clone());
        if let Some(queue) = self.queues.get_mut(&qkey) {
            queue.waiting.retain(|c| *c != call_id);
        }
        self.dirty.insert(qkey);
        // Only its owner, its consult party and the tenant's supervisors can be on a call: look
        // at them, not at the whole directory.
        let candidates = call
            .owner
            .iter()
            .chain(call.consult.iter().filter_map(|c| c.agent.as_ref()))
            .chain(self.supervisors.get(&call.tenant).into_iter().flatten());
        let mut stuck: Vec<AgentKey> = candidates
            .filter_map(|k| self.agents.get(k))
            .filter(|a| a.call() == Some(call_id))
            .map(|a| a.key.clone())
            .collect();
        stuck.dedup();
        for key in stuck {
            tracing::warn!(
                agent_no = key.agent_no,
                call_id,
                "agent still on a dropped call; ending its leg"
            );
            let next = self.wrapup_for(&key, action::HANGUP);
            self.leave_call(&key, next);
        }
    }

    /// The customer hangs up (talk time over, or `/control/sim/customer-hangup`).
    pub(crate) fn customer_hangup(&mut self, call_id: u64) {
        let Some(call) = self.calls.get(&call_id).cloned() else {
            return;
        };
        match call.state {
            CustomerState::Queued => self.drop_call(call_id),
            CustomerState::Offered => {
                if let Some(owner) = &call.owner {
                    let next = status::back(&self.prior_of(owner), action::ABANDONED);
                    self.settle(owner, next);
                }
                self.drop_call(call_id);
            }
            CustomerState::Dialing | CustomerState::Gone => {}
            CustomerState::Connected | CustomerState::Ivr => {
                let Some(owner) = call.owner.clone() else {
                    self.drop_call(call_id);
                    return;
                };
                match call.consult.as_ref().map(|c| c.phase) {
                    Some(ConsultPhase::Linked | ConsultPhase::ThreeWay) => {
                        // A and the consult party stay connected as an internal call (§5 step 5).
                        self.consult_ended(call_id, hangup_side::CUSTOMER, false);
                        if let Some(c) = self.calls.get_mut(&call_id) {
                            c.state = CustomerState::Gone;
                            c.transcript.running = false;
                        }
                        self.timers.cancel_call(call_id, |t| {
                            matches!(t, Timer::CustomerHangup { call } | Timer::IvrReturn { call } | Timer::Transcript { call } if *call == call_id)
                        });
                    }
                    Some(ConsultPhase::Dialing) => {
                        self.consult_ended(call_id, hangup_side::CUSTOMER, true);
                        let next = self.wrapup_for(&owner, action::CUSTOMER_HANGUP);
                        self.leave_call(&owner, next);
                        self.drop_call(call_id);
                    }
                    None => {
                        let next = self.wrapup_for(&owner, action::CUSTOMER_HANGUP);
                        self.leave_call(&owner, next);
                        self.drop_call(call_id);
                    }
                }
            }
        }
    }

    /// Agent `key` hangs up (`hangup`), or a supervisor's `disconnect` does it for them
    /// (`forced`). Ringing without `forced` is a reject (docs/flows.md §3 step 3).
    pub(crate) fn agent_hangup(&mut self, key: &AgentKey, forced: bool) {
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        let what = if forced {
            action::FORCED_HANGUP
        } else {
            action::HANGUP
        };
        match agent.activity.clone() {
            Activity::Free => {}
            Activity::Ringing { .. } if !forced => self.reject(key),
            Activity::Ringing {
                call, kind, ring, ..
            } => {
                self.timers.cancel_agent(key, |t| {
                    matches!(t, Timer::AutoAnswer { ring: r, .. } | Timer::RingTimeout { ring: r, .. } if *r == ring)
                });
                let next = self.wrapup_for(key, what);
                self.leave_call(key, next);
                if kind == super::state::RingKind::Consult {
                    self.consult_failed(call);
                } else {
                    self.enqueue(call, true);
                }
            }
            Activity::Dialing { call, .. } => self.preview_cancelled(key, call, forced),
            Activity::Monitoring(_) => self.end_monitor(key, true),
            Activity::Talking {
                call,
                consult_leg: false,
                ..
            } => self.owner_hangup(key, call, what),
            Activity::Talking {
                call,
                consult_leg: true,
                ..
            } => self.consult_party_hangup(key, call, what),
        }
    }

    /// The call's owner hangs up: everything of the call ends with it.
    fn owner_hangup(&mut self, key: &AgentKey, call_id: u64, what: &str) {
        let consult = self.calls.get_mut(&call_id).and_then(|c| c.consult.take());
        if let Some(consult) = consult {
            self.end_consult_party(call_id, &consult, action::CUSTOMER_HANGUP);
        }
        let next = self.wrapup_for(key, what);
        self.leave_call(key, next);
        self.drop_call(call_id);
    }

    /// The consult party (agent B) hangs up (docs/flows.md §5 steps 5–6).
    fn consult_party_hangup(&mut self, key: &AgentKey, call_id: u64, what: &str) {
        let Some(call) = self.calls.get(&call_id).cloned() else {
            return;
        };
        let next = self.wrapup_for(key, what);
        if call.state == CustomerState::Gone {
            // The internal call left after the customer hung up: it ends for both.
            if let Some(c) = self.calls.get_mut(&call_id) {
                c.consult = None;
            }
            self.leave_call(key, next);
            if let Some(owner) = call.owner {
                let other = self.wrapup_for(&owner, action::CUSTOMER_HANGUP);
                self.leave_call(&owner, other);
            }
            self.drop_call(call_id);
            return;
        }
        if let Some(c) = self.calls.get_mut(&call_id) {
            if let Some(consult) = &mut c.consult {
                // The party is gone already: ending the consult must not end its leg again.
                consult.agent = None;
            }
        }
        self.leave_call(key, next);
        self.consult_ended(call_id, hangup_side::CONSULT_PARTY, false);
    }

    /// Tells the owner the consult ended (`atxferEnded`, or `atxferThreewayUnlink` from a
    /// three-way) and returns it to its customer. `end_party` also ends the consult party's leg.
    pub(crate) fn consult_ended(&mut self, call_id: u64, side: i64, end_party: bool) {
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        let Some(consult) = call.consult.take() else {
            return;
        };
        let Some(owner) = call.owner.clone() else {
            return;
        };
        let customer_gone = side == hangup_side::CUSTOMER;
        if end_party {
            let how = if customer_gone {
                action::ABANDONED
            } else {
                action::CUSTOMER_HANGUP
            };
            self.end_consult_party(call_id, &consult, how);
        } else if customer_gone {
            // A and B stay on an internal call: keep the party attached.
            if let Some(c) = self.calls.get_mut(&call_id) {
                c.consult = Some(super::state::Consult {
                    phase: ConsultPhase::Linked,
                    ..consult.clone()
                });
            }
        }
        let tenant = owner.tenant_id.clone();
        let event = if consult.phase == ConsultPhase::ThreeWay && side != hangup_side::CUSTOMER {
            CatalogEvent::AtxferThreewayUnlink(AtxferThreewayUnlinkEvent {
                tenant_id: tenant,
                agent_no: owner.agent_no.clone(),
                target: consult.target.clone(),
                target_type: consult.target_type,
                state: "talking".to_owned(),
                state_action: action::CONSULT_ENDED.to_owned(),
            })
        } else {
            CatalogEvent::AtxferEnded(AtxferEndedEvent {
                tenant_id: tenant,
                agent_no: owner.agent_no.clone(),
                target: consult.target.clone(),
                target_type: consult.target_type,
                hangup_side: side,
                state: "talking".to_owned(),
                state_action: action::CONSULT_ENDED.to_owned(),
            })
        };
        self.send(&owner, event);
        if !(customer_gone && end_party) {
            // Back with the customer, or (the customer gone) on the internal call with B.
            self.owner_status(call_id, action::CONSULT_ENDED, customer_gone);
        }
    }

    /// The owner's talking status with `what`; `internal` for the call left between two agents.
    pub(crate) fn owner_status(&mut self, call_id: u64, what: &str, internal: bool) {
        let Some(call) = self.calls.get(&call_id) else {
            return;
        };
        let Some(owner) = call.owner.clone() else {
            return;
        };
        let Some(Activity::Talking { leg, .. }) =
            self.agents.get(&owner).map(|a| a.activity.clone())
        else {
            return;
        };
        let call_type = if internal { 9 } else { call.call_type };
        let main = call.main_unique_id.clone();
        let ids = OnCall {
            call_type,
            unique_id: &leg.unique_id,
            main_unique_id: &main,
        };
        let prior = self.prior_of(&owner);
        let st = status::on_call(
            &prior,
            AgentState::Talking,
            what,
            agentdesk_core::agent::DeviceStatus::Talking,
            ids,
        );
        self.set_status(&owner, st);
    }

    /// Ends the consult party's leg (an agent rings or talks; an outside party's timers stop).
    pub(crate) fn end_consult_party(
        &mut self,
        call_id: u64,
        consult: &super::state::Consult,
        how: &str,
    ) {
        let seq = consult.seq;
        self.timers.cancel_call(call_id, |t| {
            *t == Timer::ConsultOutcome { call: call_id, seq }
        });
        let Some(party) = &consult.agent else { return };
        let Some(agent) = self.agents.get(party) else {
            return;
        };
        match agent.activity.clone() {
            Activity::Ringing { call, ring, .. } if call == call_id => {
                self.timers.cancel_agent(party, |t| {
                    matches!(t, Timer::AutoAnswer { ring: r, .. } | Timer::RingTimeout { ring: r, .. } if *r == ring)
                });
                let next = status::back(&self.prior_of(party), action::ABANDONED);
                self.leave_call(party, next);
            }
            Activity::Talking { call, .. } if call == call_id => {
                let next = self.wrapup_for(party, how);
                self.leave_call(party, next);
            }
            _ => {}
        }
    }
}
