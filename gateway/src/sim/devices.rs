//! Devices and things that fall due (docs/flows.md §8): the extension's registration
//! (`extenState`), the softphone's SIP session (`sipSessionInit` / `sipSessionTerminate`,
//! `sipDisconnected`) and scheduled callbacks (`orderCallBack`).

use std::time::Duration;

use agentdesk_core::events::{
    CatalogEvent, ExtenStateEvent, OrderCallBackEvent, SipDisconnectedEvent, SipSessionInitEvent,
    SipSessionTerminateEvent,
};
use serde_json::{json, Map, Value};

use crate::port::AgentKey;

use super::clock::datetime;
use super::media_legs::SoftphoneLeg;
use super::state::{Presence, SimState};
use super::timers::Timer;

/// A registration is valid this long past its time (`extenState.expirationTime`).
const REGISTRATION_TTL: Duration = Duration::from_secs(3600);
/// What a scheduled callback's note says.
const CALLBACK_NOTE: &str = "Customer asked to be called back about their order";
/// A scheduled callback is for this long after it falls due.
const CALLBACK_LEAD: Duration = Duration::from_secs(300);

impl SimState {
    /// `extenState` for an extension agent: registered (on login and every re-registration)
    /// or not (on logout).
    pub(crate) fn exten_state(&mut self, key: &AgentKey, registered: bool) {
        let event = self.exten_event(key, registered);
        self.send(key, event);
    }

    /// The `extenState` a logout sends before its `agentStatus` (docs/flows.md §8).
    pub(crate) fn exten_unregistered_event(&self, key: &AgentKey) -> CatalogEvent {
        self.exten_event(key, false)
    }

    fn exten_event(&self, key: &AgentKey, registered: bool) -> CatalogEvent {
        let endpoint = self
            .agents
            .get(key)
            .map(|a| a.endpoint.clone())
            .unwrap_or_default();
        let now_ms = self.now_ms();
        let octet = 20 + key.agent_no.bytes().map(u32::from).sum::<u32>() % 200;
        let ip = format!("10.0.0.{octet}");
        let ttl = i64::try_from(REGISTRATION_TTL.as_millis()).unwrap_or(0);
        CatalogEvent::ExtenState(ExtenStateEvent {
            state: if registered {
                "Reachable"
            } else {
                "Unreachable"
            }
            .to_owned(),
            register_state: if registered {
                "Registered"
            } else {
                "Unregistered"
            }
            .to_owned(),
            register_time: datetime(now_ms),
            expiration_time: datetime(if registered { now_ms + ttl } else { now_ms }),
            uri: format!("sip:{endpoint}@{ip}:5060"),
            exten_ip: ip,
            exten_no: endpoint,
            tenant_id: key.tenant_id.clone(),
        })
    }

    /// An extension agent logged in: registered now, and again every register interval.
    pub(crate) fn start_registration(&mut self, key: &AgentKey) {
        self.exten_state(key, true);
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        agent.register_epoch += 1;
        let epoch = agent.register_epoch;
        self.after(
            self.cfg.register_interval,
            Timer::Register {
                agent: key.clone(),
                epoch,
            },
        );
    }

    /// Re-registration `epoch` is due.
    pub(crate) fn register_tick(&mut self, key: &AgentKey, epoch: u64) {
        let current = self.agents.get(key).is_some_and(|a| {
            a.register_epoch == epoch
                && matches!(a.presence, Presence::Real { .. })
                && a.endpoint_type == 2
        });
        if current {
            self.exten_state(key, true);
            self.after(
                self.cfg.register_interval,
                Timer::Register {
                    agent: key.clone(),
                    epoch,
                },
            );
        }
    }

    /// `orderCallBack` to the agent (pass-through fields, docs/flows.md §8); returns its id.
    pub(crate) fn order_callback(&mut self, key: &AgentKey, customer: Option<String>) -> String {
        let n = self.next_id();
        let id = format!("cb-{n}");
        let number = customer.unwrap_or_else(|| format!("139{}", self.dice.digits(8)));
        let lead = i64::try_from(CALLBACK_LEAD.as_millis()).unwrap_or(0);
        let mut fields = Map::new();
        fields.insert("tenantId".into(), json!(key.tenant_id));
        fields.insert("agentNo".into(), json!(key.agent_no));
        fields.insert("callbackId".into(), json!(id));
        fields.insert("customerNumber".into(), json!(number));
        fields.insert("scheduledTime".into(), json!(self.now_ms() + lead));
        fields.insert("note".into(), Value::String(CALLBACK_NOTE.to_owned()));
        self.send(
            key,
            CatalogEvent::OrderCallBack(OrderCallBackEvent { fields }),
        );
        id
    }

    /// A random callback falls due for one idle agent with a client (demo).
    pub(crate) fn random_callback(&mut self) {
        let idle: Vec<AgentKey> = self
            .agents
            .values()
            .filter(|a| matches!(a.presence, Presence::Real { .. }) && a.available())
            .map(|a| a.key.clone())
            .collect();
        if !idle.is_empty() {
            let key = idle[self.dice.index(idle.len())].clone();
            self.order_callback(&key, None);
        }
        self.schedule_callback();
    }

    /// Sets the next random callback, if they are on.
    pub(crate) fn schedule_callback(&mut self) {
        if let Some(gap) = self.dice.poisson_gap(self.cfg.callbacks_per_hour / 60.0) {
            self.after(gap, Timer::Callback);
        }
    }

    /// The softphone's SIP session comes up (`sipLink`).
    pub(crate) fn sip_session_up(&mut self, key: &AgentKey) {
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        if agent.sip {
            return;
        }
        agent.sip = true;
        let event = SipSessionInitEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            endpoint: agent.endpoint.clone(),
        };
        self.send(key, CatalogEvent::SipSessionInit(event));
    }

    /// The softphone's SIP session ends for `reason` (`unlink`, `hangup`, `disconnected`).
    pub(crate) fn end_sip_session(&mut self, key: &AgentKey, reason: &str) {
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        if !agent.sip {
            return;
        }
        agent.sip = false;
        self.media.close(&SoftphoneLeg::of(key));
        let event = SipSessionTerminateEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            reason: reason.to_owned(),
        };
        self.send(key, CatalogEvent::SipSessionTerminate(event));
    }

    /// The gateway lost the softphone (`/control/sim/sip-disconnect`): `sipDisconnected`, then
    /// the SIP session's end. The call itself goes on; returns whether a session was up.
    pub(crate) fn sip_disconnect(&mut self, key: &AgentKey, reason: &str) -> bool {
        let was_up = self.agents.get(key).is_some_and(|a| a.sip);
        let event = SipDisconnectedEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            reason: reason.to_owned(),
        };
        self.send(key, CatalogEvent::SipDisconnected(event));
        self.end_sip_session(key, "disconnected");
        was_up
    }
}
