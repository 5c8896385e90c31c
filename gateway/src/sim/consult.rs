//! Consult, three-way and attended transfer (docs/flows.md §5): `startAtxfer` dials an agent,
//! an extension or an outside number while the customer holds; the party answers
//! (`atxferLink`) or not (`atxferError`); then `threewayAtxfer`, `resumeAtxfer`,
//! `cancelAtxfer` or `completeAtxfer`.

use std::time::Duration;

use agentdesk_core::agent::{AgentState, DeviceStatus};
use agentdesk_core::events::{
    AtxferErrorEvent, AtxferLinkEvent, AtxferStartEvent, CatalogEvent, CompleteAtxferResultEvent,
    ThreewayAtxferResultEvent,
};

use crate::port::AgentKey;

use super::calls::hangup_side;
use super::commands::{Ctx, Refusal};
use super::routing::{ringing_event, TRANSFER_SUB_CALL_TYPE};
use super::state::{Activity, Consult, ConsultPhase, CustomerState, RingKind, SimState};
use super::status::{self, action, OnCall};
use super::timers::Timer;

/// Extensions whose number starts with this answer; others are not registered.
const ANSWERING_EXTENSIONS: char = '8';
/// An outside number ending in 1 is busy; it says so after this long.
pub(crate) const BUSY_AFTER: Duration = Duration::from_secs(1);

/// How an outside party (preview customer, consult number) answers, by its number's last
/// digit (docs/gateway.md §9): 0 never, 1 busy, anything else after the answer delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outside {
    NoAnswer,
    Busy,
    Answers,
}

/// The rule of [`Outside`].
pub(crate) fn outside(number: &str) -> Outside {
    match number.chars().last() {
        Some('0') => Outside::NoAnswer,
        Some('1') => Outside::Busy,
        _ => Outside::Answers,
    }
}

impl SimState {
    /// The owner's call that commands of §5 and §6 act on, with the reason it cannot when it
    /// cannot.
    pub(crate) fn owned_call(&self, key: &AgentKey, action: &str) -> Result<u64, Refusal> {
        match self.agents.get(key).map(|a| &a.activity) {
            Some(Activity::Talking {
                call,
                consult_leg: false,
                ..
            }) => {
                let state = self.calls.get(call).map(|c| c.state);
                match state {
                    Some(CustomerState::Connected) => Ok(*call),
                    Some(CustomerState::Ivr) => {
                        Err(Refusal::state(action, "the customer is in the IVR"))
                    }
                    _ => Err(Refusal::state(action, "the customer has hung up")),
                }
            }
            Some(Activity::Talking {
                consult_leg: true, ..
            }) => Err(Refusal::state(
                action,
                "the agent is on another agent's consult leg",
            )),
            _ => Err(Refusal::state(action, "it needs a call in progress")),
        }
    }

    /// `startAtxfer` (docs/flows.md §5 steps 1–2).
    pub(crate) fn start_consult(
        &mut self,
        ctx: &Ctx,
        target_type: i64,
        target: &str,
    ) -> Result<(), Refusal> {
        let key = &ctx.key;
        let call_id = self.owned_call(key, "startAtxfer")?;
        if self
            .calls
            .get(&call_id)
            .is_some_and(|c| c.consult.is_some())
        {
            return Err(Refusal::state(
                "startAtxfer",
                "a consult is already running",
            ));
        }
        self.ok(ctx, serde_json::json!({}));
        let seq = self.next_id();
        let leg = match target_type {
            0 => {
                let n = self.next_id();
                super::state::Leg {
                    unique_id: format!("u-{n}"),
                    channel: format!("PSTN/{target}-{n}"),
                }
            }
            _ => self.new_leg(&key.tenant_id, target),
        };
        let target_key = Self::key(&key.tenant_id, target);
        let (main, own_channel) = {
            let Some(call) = self.calls.get_mut(&call_id) else {
                return Ok(());
            };
            call.consult = Some(Consult {
                target_type,
                target: target.to_owned(),
                agent: None,
                phase: ConsultPhase::Dialing,
                leg: leg.clone(),
                seq,
            });
            let own = self
                .agents
                .get(key)
                .and_then(|a| a.leg())
                .map(|l| l.channel.clone())
                .unwrap_or_default();
            (call.main_unique_id.clone(), own)
        };
        self.send(
            key,
            CatalogEvent::AtxferStart(AtxferStartEvent {
                tenant_id: key.tenant_id.clone(),
                agent_no: key.agent_no.clone(),
                channel: own_channel,
                dest_channel: leg.channel.clone(),
                state: "talking".to_owned(),
                state_action: action::CONSULT_DIALING.to_owned(),
                main_unique_id: main,
            }),
        );
        self.owner_status(call_id, action::CONSULT_DIALING, false);
        match target_type {
            1 => {
                let available = target_key != *key
                    && self.agents.get(&target_key).is_some_and(|a| a.available());
                if available {
                    if let Some(c) = self
                        .calls
                        .get_mut(&call_id)
                        .and_then(|c| c.consult.as_mut())
                    {
                        c.agent = Some(target_key.clone());
                    }
                    self.offer(call_id, &target_key, RingKind::Consult);
                } else {
                    // Unknown, the agent itself, logged out or not idle (§5 step 4).
                    self.consult_failed(call_id);
                }
            }
            2 => {
                let wait = if target.starts_with(ANSWERING_EXTENSIONS) {
                    self.cfg.answer_delay
                } else {
                    BUSY_AFTER
                };
                self.after(wait, Timer::ConsultOutcome { call: call_id, seq });
            }
            _ => {
                let ring_secs = self.cfg.ring_timeout.as_secs().max(1);
                let wait = match outside(target) {
                    Outside::NoAnswer => self
                        .cfg
                        .customer_timeout(ring_secs)
                        .min(self.cfg.ring_timeout),
                    Outside::Busy => BUSY_AFTER,
                    Outside::Answers => self.cfg.answer_delay,
                };
                self.after(wait, Timer::ConsultOutcome { call: call_id, seq });
            }
        }
        Ok(())
    }

    /// An outside party or extension of consult `seq` answers or fails.
    pub(crate) fn consult_outcome(&mut self, call_id: u64, seq: u64) {
        let Some(consult) = self.calls.get(&call_id).and_then(|c| c.consult.clone()) else {
            return;
        };
        if consult.seq != seq || consult.phase != ConsultPhase::Dialing {
            return;
        }
        let answers = match consult.target_type {
            2 => consult.target.starts_with(ANSWERING_EXTENSIONS),
            _ => outside(&consult.target) == Outside::Answers,
        };
        if answers {
            self.consult_linked(call_id);
        } else {
            self.consult_failed(call_id);
        }
    }

    /// The consult party answered: `atxferLink` (docs/flows.md §5 step 3).
    pub(crate) fn consult_linked(&mut self, call_id: u64) {
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        let Some(owner) = call.owner.clone() else {
            return;
        };
        let Some(consult) = call.consult.as_mut() else {
            return;
        };
        consult.phase = ConsultPhase::Linked;
        let event = AtxferLinkEvent {
            tenant_id: owner.tenant_id.clone(),
            agent_no: owner.agent_no.clone(),
            channel: consult.leg.channel.clone(),
            target: consult.target.clone(),
            target_type: consult.target_type,
            state: "talking".to_owned(),
            state_action: action::CONSULT_LINKED.to_owned(),
        };
        self.send(&owner, CatalogEvent::AtxferLink(event));
        self.owner_status(call_id, action::CONSULT_LINKED, false);
    }

    /// The consult failed before the link: `atxferError`; the customer is back (§5 step 4).
    pub(crate) fn consult_failed(&mut self, call_id: u64) {
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        if call.consult.take().is_none() {
            return;
        }
        let Some(owner) = call.owner.clone() else {
            return;
        };
        let event = AtxferErrorEvent {
            tenant_id: owner.tenant_id.clone(),
            agent_no: owner.agent_no.clone(),
            state: "talking".to_owned(),
            state_action: action::CONSULT_FAILED.to_owned(),
        };
        self.send(&owner, CatalogEvent::AtxferError(event));
        self.owner_status(call_id, action::CONSULT_FAILED, false);
    }

    /// The consult of the agent's call, checked to be in one of `phases`.
    fn consult_in(
        &self,
        key: &AgentKey,
        command: &str,
        phases: &[ConsultPhase],
    ) -> Result<(u64, Consult), Refusal> {
        let Some(Activity::Talking {
            call,
            consult_leg: false,
            ..
        }) = self.agents.get(key).map(|a| &a.activity)
        else {
            return Err(Refusal::state(command, "it needs a call in progress"));
        };
        match self.calls.get(call).and_then(|c| c.consult.clone()) {
            Some(c) if phases.contains(&c.phase) => Ok((*call, c)),
            Some(_) => Err(Refusal::state(command, "the consult is not at that step")),
            None => Err(Refusal::state(command, "no consult is running")),
        }
    }

    /// `cancelAtxfer`: ends the consult before the link (§5 step 5).
    pub(crate) fn cancel_consult(&mut self, ctx: &Ctx) -> Result<(), Refusal> {
        let (call, _) = self.consult_in(&ctx.key, "cancelAtxfer", &[ConsultPhase::Dialing])?;
        self.ok(ctx, serde_json::json!({}));
        self.consult_ended(call, hangup_side::AGENT, true);
        Ok(())
    }

    /// `resumeAtxfer`: back to the customer, the party's leg ends (§5 steps 5–6).
    pub(crate) fn resume_consult(&mut self, ctx: &Ctx) -> Result<(), Refusal> {
        let phases = [ConsultPhase::Linked, ConsultPhase::ThreeWay];
        let (call, _) = self.consult_in(&ctx.key, "resumeAtxfer", &phases)?;
        if self
            .calls
            .get(&call)
            .is_some_and(|c| c.state == CustomerState::Gone)
        {
            return Err(Refusal::state("resumeAtxfer", "the customer has hung up"));
        }
        self.ok(ctx, serde_json::json!({}));
        self.consult_ended(call, hangup_side::AGENT, true);
        Ok(())
    }

    /// `threewayAtxfer`: all three talk (§5 step 6).
    pub(crate) fn threeway_consult(&mut self, ctx: &Ctx) -> Result<(), Refusal> {
        let (call_id, consult) =
            self.consult_in(&ctx.key, "threewayAtxfer", &[ConsultPhase::Linked])?;
        if self
            .calls
            .get(&call_id)
            .is_some_and(|c| c.state != CustomerState::Connected)
        {
            return Err(Refusal::state("threewayAtxfer", "the customer has hung up"));
        }
        self.ok(ctx, serde_json::json!({}));
        if let Some(c) = self
            .calls
            .get_mut(&call_id)
            .and_then(|c| c.consult.as_mut())
        {
            c.phase = ConsultPhase::ThreeWay;
        }
        let event = ThreewayAtxferResultEvent {
            tenant_id: ctx.key.tenant_id.clone(),
            agent_no: ctx.key.agent_no.clone(),
            target: consult.target,
            target_type: consult.target_type,
            state: "talking".to_owned(),
            state_action: action::CONSULT_THREEWAY.to_owned(),
        };
        self.send(&ctx.key, CatalogEvent::ThreewayAtxferResult(event));
        self.owner_status(call_id, action::CONSULT_THREEWAY, false);
        Ok(())
    }

    /// `completeAtxfer`: the party takes the customer, the agent wraps up (§5 step 7).
    pub(crate) fn complete_consult(&mut self, ctx: &Ctx) -> Result<(), Refusal> {
        let phases = [ConsultPhase::Linked, ConsultPhase::ThreeWay];
        let (call_id, consult) = self.consult_in(&ctx.key, "completeAtxfer", &phases)?;
        if self
            .calls
            .get(&call_id)
            .is_some_and(|c| c.state != CustomerState::Connected)
        {
            return Err(Refusal::state(
                "completeAtxfer",
                "the customer has hung up; there is nothing to transfer",
            ));
        }
        self.ok(ctx, serde_json::json!({}));
        let key = ctx.key.clone();
        let event = CompleteAtxferResultEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            target: consult.target.clone(),
            target_type: consult.target_type,
            state: "wrapup".to_owned(),
            state_action: action::TRANSFERRED.to_owned(),
        };
        if let Some(c) = self.calls.get_mut(&call_id) {
            c.consult = None;
            c.owner = None;
        }
        // The agent's wrap-up first: when a page sees the result, the agent's status already
        // says so, whatever the other agent's socket delivers meanwhile (docs/gateway.md §9).
        let next = self.wrapup_for(&key, action::TRANSFERRED);
        self.leave_call(&key, next);
        self.send(&key, CatalogEvent::CompleteAtxferResult(event));
        let Some(party) = consult.agent else {
            // An outside number or extension has the customer now: out of the simulator.
            self.drop_call(call_id);
            return Ok(());
        };
        let Some(Activity::Talking { leg, .. }) =
            self.agents.get(&party).map(|a| a.activity.clone())
        else {
            self.drop_call(call_id);
            return Ok(());
        };
        let Some(call) = self.calls.get_mut(&call_id) else {
            return Ok(());
        };
        call.owner = Some(party.clone());
        let (call_type, main) = (call.call_type, call.main_unique_id.clone());
        // B's ringing named A (an internal call, subCallType 101); B holds the customer now, so
        // B is told who that is, as a blind transfer would (subCallType 103, docs/flows.md §5).
        let customer = call.customer.number.clone();
        let handed = ringing_event(
            call,
            &party,
            &leg,
            (call_type, TRANSFER_SUB_CALL_TYPE),
            customer,
        );
        if let Some(agent) = self.agents.get_mut(&party) {
            agent.activity = Activity::Talking {
                call: call_id,
                leg: leg.clone(),
                consult_leg: false,
            };
        }
        let ids = OnCall {
            call_type,
            unique_id: &leg.unique_id,
            main_unique_id: &main,
        };
        self.send(&party, CatalogEvent::Ringing(handed));
        let prior = self.prior_of(&party);
        let st = status::on_call(
            &prior,
            AgentState::Talking,
            action::TRANSFER_IN,
            DeviceStatus::Talking,
            ids,
        );
        self.set_status(&party, st);
        Ok(())
    }
}
