//! Supervisor commands (docs/flows.md §7): monitors of an agent's call (spy, whisper, threeway,
//! barge: Result → Link → Unlink, switching modes on the same agent), `disconnect`, `setPause`,
//! `setUnpause` and `setOffline`. Queue status lives in `queue_status.rs`.

use std::time::Duration;

use agentdesk_core::agent::{AgentState, DeviceStatus};
use agentdesk_core::events::{CatalogEvent, DisconnectResultEvent, SetOfflineResultEvent};
use agentdesk_core::flows::MonitorMode;
use serde_json::{json, Map, Value};

use crate::port::AgentKey;

use super::commands::{Ctx, Refusal};
use super::monitor_events::{link, result, unlink, Parties};
use super::state::{Activity, Monitoring, Presence, SimState};
use super::status::{self, action, OnCall};
use super::timers::Timer;

/// How long a monitor takes to link after its command: the `Requested` step of the engine's
/// `flows::Monitor`, and the window in which the agent's call may end (`…Result` error).
pub(crate) const MONITOR_SETUP: Duration = Duration::from_millis(100);

impl SimState {
    /// The target agent of a supervisor command, checked to be in the supervisor's tenant.
    fn target(
        &self,
        ctx: &Ctx,
        params: &Map<String, Value>,
        command: &str,
    ) -> Result<AgentKey, Refusal> {
        let agent_no = params
            .get("agentNo")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let key = Self::key(&ctx.key.tenant_id, agent_no);
        if !self.agents.contains_key(&key) {
            return Err(Refusal::new(
                "AGENT_UNKNOWN",
                format!(
                    "`{command}`: agent {agent_no} does not exist in tenant {}",
                    ctx.key.tenant_id
                ),
            ));
        }
        if key == ctx.key {
            return Err(Refusal::state(
                command,
                "a supervisor cannot act on themselves",
            ));
        }
        Ok(key)
    }

    /// `spy`, `whisper`, `threeway`, `barge` (docs/flows.md §7).
    pub(crate) fn monitor_start(
        &mut self,
        ctx: &Ctx,
        mode: MonitorMode,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let command = mode.start_action();
        let target = self.target(ctx, params, command)?;
        let talking = self.agents.get(&target).map(|a| a.activity.clone());
        let Some(Activity::Talking { call, .. }) = talking else {
            return Err(Refusal::state(
                command,
                &format!("agent {} is not on a call", target.agent_no),
            ));
        };
        let own = self
            .agents
            .get(&ctx.key)
            .map(|a| a.activity.clone())
            .unwrap_or(Activity::Free);
        let switching = match &own {
            Activity::Free => false,
            Activity::Monitoring(m)
                if m.linked && m.target == target.agent_no && m.mode != mode =>
            {
                true
            }
            Activity::Monitoring(m) => {
                return Err(Refusal::state(
                    command,
                    &format!(
                        "`{}` of agent {} is running; end it first",
                        m.mode.start_action(),
                        m.target
                    ),
                ))
            }
            _ => {
                return Err(Refusal::state(
                    command,
                    "the supervisor is on a call of their own",
                ))
            }
        };
        self.ok(ctx, json!({}));
        if switching {
            // The running monitor ends first, with its Unlink (docs/flows.md §7).
            self.send_unlinks(&ctx.key);
        }
        let seq = self.next_id();
        let leg = self.new_leg(&ctx.key.tenant_id, &ctx.key.agent_no);
        if let Some(s) = self.agents.get_mut(&ctx.key) {
            s.prior.get_or_insert_with(|| s.status.clone());
            s.activity = Activity::Monitoring(Monitoring {
                target: target.agent_no,
                mode,
                linked: false,
                seq,
                leg,
                call,
            });
        }
        self.after(
            MONITOR_SETUP,
            Timer::MonitorLink {
                supervisor: ctx.key.clone(),
                seq,
            },
        );
        Ok(())
    }

    /// Monitor `seq` links, or fails if the agent's call ended meanwhile.
    pub(crate) fn monitor_link(&mut self, sup: &AgentKey, seq: u64) {
        let Some(Activity::Monitoring(m)) = self.agents.get(sup).map(|a| a.activity.clone()) else {
            return;
        };
        if m.seq != seq || m.linked {
            return;
        }
        let target = Self::key(&sup.tenant_id, &m.target);
        let target_activity = self.agents.get(&target).map(|a| a.activity.clone());
        let target_leg = match target_activity {
            Some(Activity::Talking { call, leg, .. }) if call == m.call => Some(leg),
            _ => None,
        };
        let parties = Parties {
            sup: sup.clone(),
            target: target.clone(),
        };
        let Some(target_leg) = target_leg else {
            self.send(sup, result(&parties, m.mode, "", "error"));
            self.release_supervisor(sup);
            return;
        };
        self.send(
            sup,
            result(&parties, m.mode, &target_leg.unique_id, "success"),
        );
        let already = self
            .agents
            .get(sup)
            .is_some_and(|a| a.status.state_action == action::MONITORING);
        if !already {
            let main = self
                .calls
                .get(&m.call)
                .map(|c| c.main_unique_id.clone())
                .unwrap_or_default();
            let ids = OnCall {
                call_type: 9,
                unique_id: &m.leg.unique_id,
                main_unique_id: &main,
            };
            let prior = self.prior_of(sup);
            let st = status::on_call(
                &prior,
                AgentState::Talking,
                action::MONITORING,
                DeviceStatus::Talking,
                ids,
            );
            self.set_status(sup, st);
        }
        if let Some(Activity::Monitoring(mm)) = self.agents.get_mut(sup).map(|a| &mut a.activity) {
            mm.linked = true;
        }
        self.send(sup, link(&parties, sup, m.mode, &m.leg.channel));
        if m.mode != MonitorMode::Spy {
            self.send(&target, link(&parties, &target, m.mode, &m.leg.channel));
        }
    }

    /// Sends the running monitor's Unlink to the supervisor (and, but for spy, to the agent).
    fn send_unlinks(&mut self, sup: &AgentKey) {
        let Some(Activity::Monitoring(m)) = self.agents.get(sup).map(|a| a.activity.clone()) else {
            return;
        };
        if !m.linked {
            return;
        }
        let target = Self::key(&sup.tenant_id, &m.target);
        let parties = Parties {
            sup: sup.clone(),
            target: target.clone(),
        };
        self.send(sup, unlink(&parties, sup, m.mode));
        if m.mode != MonitorMode::Spy {
            self.send(&target, unlink(&parties, &target, m.mode));
        }
    }

    /// Ends the supervisor's monitor: its Unlink, then back to the prior status.
    pub(crate) fn end_monitor(&mut self, sup: &AgentKey, tell: bool) {
        let Some(Activity::Monitoring(m)) = self.agents.get(sup).map(|a| a.activity.clone()) else {
            return;
        };
        if tell {
            self.send_unlinks(sup);
        }
        self.timers.cancel_agent(sup, |t| {
            *t == Timer::MonitorLink {
                supervisor: sup.clone(),
                seq: m.seq,
            }
        });
        self.release_supervisor(sup);
    }

    /// The supervisor's monitor is over: back to the status before it (a supervisor who was
    /// already shown as monitoring), or simply free again.
    fn release_supervisor(&mut self, sup: &AgentKey) {
        let monitoring = self
            .agents
            .get(sup)
            .is_some_and(|a| a.status.state == AgentState::Talking);
        if monitoring {
            let next = status::back(&self.prior_of(sup), action::MONITOR_END);
            self.settle(sup, next);
        } else if let Some(s) = self.agents.get_mut(sup) {
            s.activity = Activity::Free;
            s.prior = None;
            for q in s.queues.clone() {
                self.dirty.insert((sup.tenant_id.clone(), q));
            }
        }
    }

    /// Every monitor on agent `key` ends: its call is over (docs/flows.md §7).
    pub(crate) fn end_monitors_on(&mut self, key: &AgentKey) {
        let sups: Vec<AgentKey> = self
            .supervisors
            .get(&key.tenant_id)
            .into_iter()
            .flatten()
            .filter_map(|s| self.agents.get(s))
            .filter(|a| matches!(&a.activity, Activity::Monitoring(m) if m.target == key.agent_no))
            .map(|a| a.key.clone())
            .collect();
        for sup in sups {
            self.end_monitor(&sup, true);
        }
    }

    /// `unspy`, `unwhisper`, `unthreeway`, `unbarge`.
    pub(crate) fn monitor_stop(
        &mut self,
        ctx: &Ctx,
        mode: MonitorMode,
        command: &str,
    ) -> Result<(), Refusal> {
        match self.agents.get(&ctx.key).map(|a| &a.activity) {
            Some(Activity::Monitoring(m)) if m.mode == mode && m.linked => {}
            _ => {
                return Err(Refusal::state(
                    command,
                    &format!("no `{}` is running", mode.start_action()),
                ))
            }
        }
        self.ok(ctx, json!({}));
        self.end_monitor(&ctx.key, true);
        Ok(())
    }

    /// `disconnect {agentNo}`: the agent's call ends, forced (docs/flows.md §7).
    pub(crate) fn disconnect(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let target = self.target(ctx, params, "disconnect")?;
        let leg = self.agents.get(&target).and_then(|a| a.leg().cloned());
        let Some(leg) = leg else {
            return Err(Refusal::state(
                "disconnect",
                &format!("agent {} is not on a call", target.agent_no),
            ));
        };
        self.ok(ctx, json!({}));
        let event = DisconnectResultEvent {
            tenant_id: ctx.key.tenant_id.clone(),
            agent_no: ctx.key.agent_no.clone(),
            disconnector_cno: target.agent_no.clone(),
            initiator: ctx.key.agent_no.clone(),
            initiator_type: 1,
            unique_id: leg.unique_id,
            result: "success".to_owned(),
        };
        self.send(&ctx.key, CatalogEvent::DisconnectResult(event));
        self.agent_hangup(&target, true);
        Ok(())
    }

    /// The target of `setPause` / `setUnpause` / `setOffline`: logged in and without a call.
    fn idle_target(
        &self,
        ctx: &Ctx,
        params: &Map<String, Value>,
        command: &str,
    ) -> Result<AgentKey, Refusal> {
        let target = self.target(ctx, params, command)?;
        let Some(agent) = self.agents.get(&target) else {
            return Err(Refusal::state(command, "unknown agent"));
        };
        if !agent.logged_in() {
            return Err(Refusal::state(
                command,
                &format!("agent {} is not logged in", target.agent_no),
            ));
        }
        if agent.activity != Activity::Free {
            return Err(Refusal::state(
                command,
                &format!("agent {} is on a call", target.agent_no),
            ));
        }
        Ok(target)
    }

    /// `setPause {agentNo, pauseDescription?}`.
    pub(crate) fn set_pause(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let target = self.idle_target(ctx, params, "setPause")?;
        let reason = params
            .get("pauseDescription")
            .and_then(Value::as_str)
            .unwrap_or(status::SUPERVISOR_PAUSE_REASON)
            .to_owned();
        self.ok(ctx, json!({}));
        self.settle(&target, status::busy(action::SUPERVISOR_PAUSE, &reason));
        Ok(())
    }

    /// `setUnpause {agentNo}`: the agent must be busy.
    pub(crate) fn set_unpause(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let target = self.idle_target(ctx, params, "setUnpause")?;
        if self
            .agents
            .get(&target)
            .is_some_and(|a| a.status.state != AgentState::Busy)
        {
            return Err(Refusal::state(
                "setUnpause",
                &format!("agent {} is not paused", target.agent_no),
            ));
        }
        self.ok(ctx, json!({}));
        self.settle(&target, status::idle(action::SUPERVISOR_UNPAUSE));
        Ok(())
    }

    /// `setOffline {agentNo}`: `setOfflineResult` to the supervisor; the agent goes offline
    /// (`forcedOffline`), gets `sessionTerminate` and close 4506 (docs/flows.md §7).
    pub(crate) fn set_offline(
        &mut self,
        ctx: &Ctx,
        params: &Map<String, Value>,
    ) -> Result<(), Refusal> {
        let target = self.idle_target(ctx, params, "setOffline")?;
        self.ok(ctx, json!({}));
        let event = SetOfflineResultEvent {
            tenant_id: ctx.key.tenant_id.clone(),
            agent_no: target.agent_no.clone(),
            initiator: ctx.key.agent_no.clone(),
            code: "0".to_owned(),
            message: "ok".to_owned(),
        };
        self.send(&ctx.key, CatalogEvent::SetOfflineResult(event));
        let presence = self.agents.get(&target).map(|a| a.presence.clone());
        if matches!(presence, Some(Presence::Real { .. }))
            && self
                .agents
                .get(&target)
                .is_some_and(|a| a.endpoint_type == 2)
        {
            self.exten_state(&target, false);
        }
        self.sign_off(&target, agentdesk_core::agent::state_action::FORCED_OFFLINE);
        if let Some(Presence::Real { session_id }) = presence {
            self.forced_offline(&session_id, &target);
        }
        Ok(())
    }
}
