//! Preview outbound (docs/flows.md §4): `previewObCall` dials a customer whose number's last
//! digit decides what happens (docs/gateway.md §9): 0 no answer within the customer answer
//! timeout, 1 busy after a second, anything else answers after the answer delay.

use std::time::Duration;

use agentdesk_core::agent::{AgentState, DeviceStatus};
use agentdesk_core::events::{
    CatalogEvent, PreviewObCallBridgeEvent, PreviewObCallResultEvent, PreviewObCallRingingEvent,
    PreviewObCallStartEvent,
};
use serde_json::{json, Map, Value};

use crate::port::AgentKey;

use super::commands::{Ctx, Refusal};
use super::consult::{outside, Outside, BUSY_AFTER};
use super::routing::{NewCall, HOTLINE};
use super::state::{Activity, Call, CustomerState, SimState};
use super::status::{self, action, OnCall};
use super::timers::Timer;

/// `customerAnswerTimeout` when `previewObCall` gives none, seconds (docs/flows.md §4).
const CUSTOMER_ANSWER_TIMEOUT_SECS: u64 = 45;

/// 1 mobile (11 digits starting with 1), 0 landline (seed 003 §3.2).
fn number_type(number: &str) -> i64 {
    i64::from(number.len() == 11 && number.starts_with('1'))
}

impl SimState {
    /// `previewObCall` (docs/flows.md §4 steps 1–2).
    pub(crate) fn preview_start(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let key = ctx.key.clone();
        let free = self
            .agents
            .get(&key)
            .is_some_and(|a| a.activity == Activity::Free);
        if !free {
            return Err(Refusal::state("previewObCall", "the agent is on a call"));
        }
        let number = params
            .get("customerNumber")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let timeout = params
            .get("customerAnswerTimeout")
            .and_then(Value::as_u64)
            .unwrap_or(CUSTOMER_ANSWER_TIMEOUT_SECS);
        let chan_variables = channel_variables(params.get("chanVariables"));
        let queue_no = self
            .agents
            .get(&key)
            .and_then(|a| a.queues.first().cloned())
            .unwrap_or_default();
        let spec = NewCall {
            tenant: key.tenant_id.clone(),
            queue_no,
            customer_number: Some(number.clone()),
            real_only: true,
            call_type: 4,
            chan_variables,
            ..NewCall::default()
        };
        let Some(call_id) = self.create_call(spec) else {
            return Err(Refusal::new(
                "INTERNAL",
                "the simulator carries too many calls".to_owned(),
            ));
        };
        let leg = self.new_leg(&key.tenant_id, &key.agent_no);
        let Some(call) = self.calls.get_mut(&call_id) else {
            return Ok(());
        };
        call.state = CustomerState::Dialing;
        call.owner = Some(key.clone());
        call.request_unique_id = format!("r-{call_id}");
        call.answer_timeout_secs = timeout;
        let (main, request) = (call.main_unique_id.clone(), call.request_unique_id.clone());
        let area = call.customer.area_code.clone();
        self.ok(
            ctx,
            json!({ "requestUniqueId": request, "mainUniqueId": main }),
        );
        let Some(agent) = self.agents.get_mut(&key) else {
            return Ok(());
        };
        let prior = agent
            .prior
            .get_or_insert_with(|| agent.status.clone())
            .clone();
        agent.activity = Activity::Dialing {
            call: call_id,
            leg: leg.clone(),
        };
        let start = PreviewObCallStartEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            customer_number: number.clone(),
            customer_number_type: number_type(&number),
            ob_clid_area_code: area,
            main_unique_id: main.clone(),
            request_unique_id: request,
            ob_clid: HOTLINE.to_owned(),
        };
        self.send(&key, CatalogEvent::PreviewObCallStart(start));
        let ids = OnCall {
            call_type: 4,
            unique_id: &leg.unique_id,
            main_unique_id: &main,
        };
        let calling = status::on_call(
            &prior,
            AgentState::Calling,
            action::PREVIEW_OB_CALL,
            DeviceStatus::Dialing,
            ids,
        );
        self.set_status(&key, calling);
        if outside(&number) == Outside::Busy {
            self.after(BUSY_AFTER, Timer::PreviewOutcome { call: call_id });
        } else {
            self.after(
                self.cfg.answer_delay / 2,
                Timer::PreviewRinging { call: call_id },
            );
        }
        Ok(())
    }

    /// The preview call and its agent, while the customer is still being dialed: a timer of a
    /// call that was cancelled or already answered finds nothing.
    fn dialing(&self, call_id: u64) -> Option<(&Call, AgentKey)> {
        let call = self.calls.get(&call_id)?;
        let owner = call
            .owner
            .clone()
            .filter(|_| call.state == CustomerState::Dialing)?;
        Some((call, owner))
    }

    /// The customer's phone rings (docs/flows.md §4 step 3).
    pub(crate) fn preview_ringing(&mut self, call_id: u64) {
        let Some((call, owner)) = self.dialing(call_id) else {
            return;
        };
        let number = call.customer.number.clone();
        let event = PreviewObCallRingingEvent {
            tenant_id: owner.tenant_id.clone(),
            agent_no: owner.agent_no.clone(),
            customer_number: number.clone(),
            customer_number_type: number_type(&number),
            ob_clid_area_code: call.customer.area_code.clone(),
            state: "calling".to_owned(),
            state_action: action::CUSTOMER_RINGING.to_owned(),
            main_unique_id: call.main_unique_id.clone(),
        };
        let wait = match outside(&number) {
            Outside::NoAnswer => self.cfg.customer_timeout(call.answer_timeout_secs),
            _ => self.cfg.answer_delay,
        };
        self.send(&owner, CatalogEvent::PreviewObCallRinging(event));
        self.after(
            wait.max(Duration::from_millis(1)),
            Timer::PreviewOutcome { call: call_id },
        );
    }

    /// The customer answers (bridge, success) or not (docs/flows.md §4 steps 4–5).
    pub(crate) fn preview_outcome(&mut self, call_id: u64) {
        let Some((call, owner)) = self.dialing(call_id) else {
            return;
        };
        match outside(&call.customer.number) {
            Outside::NoAnswer => {
                self.preview_failed(&owner, call_id, "noAnswer", action::PREVIEW_FAILED, false)
            }
            Outside::Busy => {
                self.preview_failed(&owner, call_id, "busy", action::PREVIEW_FAILED, false)
            }
            Outside::Answers => self.preview_bridge(&owner, call_id),
        }
    }

    fn preview_bridge(&mut self, owner: &AgentKey, call_id: u64) {
        let Some(Activity::Dialing { leg, .. }) =
            self.agents.get(owner).map(|a| a.activity.clone())
        else {
            return;
        };
        let now = self.now;
        let Some(call) = self.calls.get_mut(&call_id) else {
            return;
        };
        call.state = CustomerState::Connected;
        call.answered_at = Some(now);
        let number = call.customer.number.clone();
        let main = call.main_unique_id.clone();
        let bridge = PreviewObCallBridgeEvent {
            tenant_id: owner.tenant_id.clone(),
            agent_no: owner.agent_no.clone(),
            customer_number: number.clone(),
            customer_number_type: number_type(&number),
            ob_clid_area_code: call.customer.area_code.clone(),
            channel: leg.channel.clone(),
            dest_channel: call.customer.channel.clone(),
            main_unique_id: main.clone(),
        };
        if let Some(agent) = self.agents.get_mut(owner) {
            agent.activity = super::state::Activity::Talking {
                call: call_id,
                leg: leg.clone(),
                consult_leg: false,
            };
        }
        self.send(owner, CatalogEvent::PreviewObCallBridge(bridge));
        let prior = self.prior_of(owner);
        let ids = OnCall {
            call_type: 4,
            unique_id: &leg.unique_id,
            main_unique_id: &main,
        };
        let talking = status::on_call(
            &prior,
            AgentState::Talking,
            action::BRIDGE,
            DeviceStatus::Talking,
            ids,
        );
        self.set_status(owner, talking);
        self.send(
            owner,
            CatalogEvent::PreviewObCallResult(result(
                owner,
                &number,
                "success",
                None,
                &leg.unique_id,
            )),
        );
        self.start_talk(call_id);
    }

    /// `hangup` while dialing (`cancelled`), or a supervisor's `disconnect` (`forced`).
    pub(crate) fn preview_cancelled(&mut self, key: &AgentKey, call_id: u64, forced: bool) {
        let what = if forced {
            action::FORCED_HANGUP
        } else {
            action::PREVIEW_FAILED
        };
        self.preview_failed(key, call_id, "cancelled", what, forced);
    }

    fn preview_failed(
        &mut self,
        owner: &AgentKey,
        call_id: u64,
        reason: &str,
        what: &str,
        wrapup: bool,
    ) {
        let Some(call) = self.calls.get(&call_id) else {
            return;
        };
        let number = call.customer.number.clone();
        let unique_id = self
            .agents
            .get(owner)
            .and_then(|a| a.leg())
            .map(|l| l.unique_id.clone())
            .unwrap_or_default();
        self.send(
            owner,
            CatalogEvent::PreviewObCallResult(result(
                owner,
                &number,
                "error",
                Some(reason),
                &unique_id,
            )),
        );
        let next = if wrapup {
            self.wrapup_for(owner, what)
        } else {
            status::back(&self.prior_of(owner), what)
        };
        self.leave_call(owner, next);
        self.drop_call(call_id);
    }
}

fn result(
    owner: &AgentKey,
    number: &str,
    result: &str,
    reason: Option<&str>,
    unique_id: &str,
) -> PreviewObCallResultEvent {
    PreviewObCallResultEvent {
        tenant_id: owner.tenant_id.clone(),
        agent_no: owner.agent_no.clone(),
        customer_number: number.to_owned(),
        result: result.to_owned(),
        unique_id: unique_id.to_owned(),
        ob_clid: HOTLINE.to_owned(),
        reason: reason.map(str::to_owned),
    }
}

/// A command's `[{name, value, type}]` channel variables as the call's `{name: value}` map
/// (docs/flows.md §4, §6); entries without a name or value are skipped.
pub(super) fn channel_variables(list: Option<&Value>) -> Map<String, Value> {
    list.and_then(Value::as_array)
        .map(|vars| {
            vars.iter()
                .filter_map(|v| {
                    Some((v.get("name")?.as_str()?.to_owned(), v.get("value")?.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}
