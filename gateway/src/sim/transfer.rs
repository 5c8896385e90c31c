//! Blind transfer and the IVR (docs/flows.md §6): `blxfer` hands the customer to an agent (who
//! rings and takes it with `transferIn`), an outside number, an extension or an IVR node;
//! `transferIvr` lends the customer to an IVR and gets them back with `interactReturn`.

use agentdesk_core::events::{CatalogEvent, InteractReturnEvent};
use serde_json::{json, Map, Value};

use super::commands::{Ctx, Refusal};
use super::state::{CustomerState, RingKind, SimState};
use super::status::action;
use super::timers::Timer;

impl SimState {
    /// `blxfer {targetType, target, blxferVariables?}` (docs/flows.md §6).
    pub(crate) fn blind_transfer(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let key = ctx.key.clone();
        let target_type = params
            .get("targetType")
            .and_then(Value::as_i64)
            .unwrap_or(-1);
        let target = params
            .get("target")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let call_id = self.owned_call(&key, "blxfer")?;
        if self
            .calls
            .get(&call_id)
            .is_some_and(|c| c.consult.is_some())
        {
            return Err(Refusal::state("blxfer", "finish the consult first"));
        }
        let target_key = Self::key(&key.tenant_id, &target);
        match target_type {
            1 if !self.agents.contains_key(&target_key) => {
                return Err(Refusal::new(
                    "AGENT_UNKNOWN",
                    format!(
                        "`blxfer` target agent {target} does not exist in tenant {}",
                        key.tenant_id
                    ),
                ));
            }
            3 => {
                let node: Option<Map<String, Value>> = serde_json::from_str(&target).ok();
                if !node.is_some_and(|n| n.get("ivrId").is_some_and(Value::is_string)) {
                    return Err(Refusal::new(
                        "BAD_REQUEST",
                        "`blxfer` to an IVR node (targetType 3) takes `target` as JSON {\"ivrId\",\"ivrNode\"}".to_owned(),
                    ));
                }
            }
            _ => {}
        }
        self.ok(ctx, json!({}));
        let variables = super::preview::channel_variables(params.get("blxferVariables"));
        if let Some(call) = self.calls.get_mut(&call_id) {
            call.owner = None;
            call.chan_variables.extend(variables);
        }
        let next = self.wrapup_for(&key, action::TRANSFERRED);
        self.leave_call(&key, next);
        if target_type != 1 {
            // An outside number, an extension, an IVR for good: out of the simulator.
            self.drop_call(call_id);
            return Ok(());
        }
        let available =
            target_key != key && self.agents.get(&target_key).is_some_and(|a| a.available());
        if available {
            self.offer(call_id, &target_key, RingKind::TransferIn);
        } else {
            // A target that is not idle sends the caller back to the queue (§6).
            self.enqueue(call_id, true);
        }
        Ok(())
    }

    /// `transferIvr {ivrId, ivrNode?, variables?}` (docs/flows.md §6).
    pub(crate) fn transfer_ivr(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let call_id = self.owned_call(&ctx.key, "transferIvr")?;
        if self
            .calls
            .get(&call_id)
            .is_some_and(|c| c.consult.is_some())
        {
            return Err(Refusal::state("transferIvr", "finish the consult first"));
        }
        self.ok(ctx, json!({}));
        let ivr_id = params.get("ivrId").cloned().unwrap_or(Value::Null);
        let mut vars = params
            .get("variables")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let digits = self.dice.between(1, 5).to_string();
        vars.insert("ivrId".into(), ivr_id);
        vars.insert("digits".into(), Value::String(digits));
        vars.insert("result".into(), Value::String("ok".into()));
        if let Some(call) = self.calls.get_mut(&call_id) {
            call.state = CustomerState::Ivr;
            call.ivr_return = Some(vars);
        }
        self.after(self.cfg.ivr_time, Timer::IvrReturn { call: call_id });
        Ok(())
    }

    /// The IVR is done: `interactReturn` to the agent, the customer back on the line.
    pub(crate) fn ivr_return(&mut self, call_id: u64) {
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        if call.state != CustomerState::Ivr {
            return;
        }
        call.state = CustomerState::Connected;
        let vars = call.ivr_return.take().unwrap_or_default();
        let Some(owner) = call.owner.clone() else {
            return;
        };
        let event = InteractReturnEvent {
            tenant_id: owner.tenant_id.clone(),
            agent_no: owner.agent_no.clone(),
            return_variables: vars,
        };
        self.send(&owner, CatalogEvent::InteractReturn(event));
    }
}
