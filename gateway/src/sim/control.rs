//! What tests and scripts can make happen (docs/gateway.md §7–§9): a call placed now, a
//! customer hanging up, a callback falling due, the softphone lost. The HTTP endpoints are in
//! `crate::sim_control`; script steps call the same functions.

use serde::{Deserialize, Serialize};

use crate::port::AgentKey;

use super::routing::NewCall;
use super::state::{CustomerState, Presence, RingKind, SimState};

/// Why an operation could not be done; each has an `errorCode` and an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SimError {
    /// No such tenant.
    #[error("tenant {0} does not exist")]
    TenantUnknown(String),
    /// No such agent in the tenant.
    #[error("agent {agent_no} does not exist in tenant {tenant_id}")]
    AgentUnknown { tenant_id: String, agent_no: String },
    /// No such queue in the tenant (or the tenant has none).
    #[error("queue {queue_no} does not exist in tenant {tenant_id}")]
    QueueUnknown { tenant_id: String, queue_no: String },
    /// A direct call needs a logged-in, idle agent.
    #[error("agent {agent_no} is {state}; a direct call needs a logged-in idle agent")]
    NotAvailable { agent_no: String, state: String },
    /// The agent has no customer on the line.
    #[error("agent {0} has no customer on the line")]
    NoCall(String),
    /// The agent has no client session.
    #[error("agent {0} is not logged in with a client")]
    NotLoggedIn(String),
    /// The simulator carries as many calls as it may.
    #[error("the simulator carries too many calls")]
    Full,
}

impl SimError {
    /// The stable `errorCode`.
    pub(crate) fn error_code(&self) -> &'static str {
        match self {
            Self::TenantUnknown(_) => "TENANT_UNKNOWN",
            Self::AgentUnknown { .. } => "AGENT_UNKNOWN",
            Self::QueueUnknown { .. } => "QUEUE_UNKNOWN",
            Self::NotAvailable { .. } => "AGENT_NOT_AVAILABLE",
            Self::NoCall(_) => "NO_CALL",
            Self::NotLoggedIn(_) => "SESSION_UNKNOWN",
            Self::Full => "SIM_FULL",
        }
    }

    /// 400 for what names nothing that exists, 409 for what the moment does not allow, 503 full.
    pub(crate) fn http_status(&self) -> u16 {
        match self {
            Self::TenantUnknown(_) | Self::AgentUnknown { .. } | Self::QueueUnknown { .. } => 400,
            Self::NotAvailable { .. } | Self::NoCall(_) | Self::NotLoggedIn(_) => 409,
            Self::Full => 503,
        }
    }
}

/// `POST /control/sim/call` (and a script's `call` step).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CallRequest {
    pub(crate) tenant_id: String,
    #[serde(default)]
    pub(crate) agent_no: Option<String>,
    #[serde(default)]
    pub(crate) queue_no: Option<String>,
    #[serde(default)]
    pub(crate) customer_number: Option<String>,
    #[serde(default)]
    pub(crate) talk_seconds: Option<u64>,
}

impl SimState {
    /// True when the directory has tenant `tenant` (an ordered look-up, not a scan).
    pub(crate) fn has_tenant(&self, tenant: &str) -> bool {
        let first = AgentKey {
            tenant_id: tenant.to_owned(),
            agent_no: String::new(),
        };
        self.agents
            .range(first..)
            .next()
            .is_some_and(|(k, _)| k.tenant_id == tenant)
    }

    /// The agent `agent_no` of `tenant`, which must exist.
    pub(crate) fn known(&self, tenant: &str, agent_no: &str) -> Result<AgentKey, SimError> {
        let key = Self::key(tenant, agent_no);
        if self.agents.contains_key(&key) {
            Ok(key)
        } else if !self.has_tenant(tenant) {
            Err(SimError::TenantUnknown(tenant.to_owned()))
        } else {
            Err(SimError::AgentUnknown {
                tenant_id: tenant.to_owned(),
                agent_no: agent_no.to_owned(),
            })
        }
    }

    /// An inbound call now: ringing at the agent directly (even if not the longest idle), or
    /// queued and routed. Such calls go to agents with a client only, never to bots. Returns
    /// its `mainUniqueId`.
    pub(crate) fn place_call(&mut self, r: &CallRequest) -> Result<String, SimError> {
        let tenant = r.tenant_id.clone();
        if !self.has_tenant(&tenant) {
            return Err(SimError::TenantUnknown(tenant));
        }
        let agent = match &r.agent_no {
            Some(no) => Some(self.known(&tenant, no)?),
            None => None,
        };
        let queue_no = match (&r.queue_no, &agent) {
            (Some(q), _) => {
                if !self.queues.contains_key(&(tenant.clone(), q.clone())) {
                    return Err(SimError::QueueUnknown {
                        tenant_id: tenant,
                        queue_no: q.clone(),
                    });
                }
                q.clone()
            }
            (None, Some(a)) => self
                .agents
                .get(a)
                .and_then(|a| a.queues.first().cloned())
                .unwrap_or_default(),
            (None, None) => match self.queues.keys().find(|(t, _)| *t == tenant) {
                Some((_, q)) => q.clone(),
                None => {
                    return Err(SimError::QueueUnknown {
                        tenant_id: tenant,
                        queue_no: "(none)".into(),
                    })
                }
            },
        };
        if let Some(a) = &agent {
            let Some(sa) = self.agents.get(a) else {
                return Err(SimError::Full);
            };
            if !sa.available() {
                let state = if sa.logged_in() {
                    sa.status.state.as_str()
                } else {
                    "not logged in"
                };
                return Err(SimError::NotAvailable {
                    agent_no: a.agent_no.clone(),
                    state: state.to_owned(),
                });
            }
        }
        let spec = NewCall {
            tenant,
            queue_no,
            customer_number: r.customer_number.clone(),
            talk_secs: r.talk_seconds,
            real_only: true,
            call_type: 1,
            chan_variables: Default::default(),
        };
        let id = self.create_call(spec).ok_or(SimError::Full)?;
        let main = self
            .calls
            .get(&id)
            .map(|c| c.main_unique_id.clone())
            .unwrap_or_default();
        match agent {
            Some(a) => {
                if let Some(c) = self.calls.get_mut(&id) {
                    c.state = CustomerState::Offered;
                }
                self.offer(id, &a, RingKind::Inbound);
            }
            None => self.enqueue(id, false),
        }
        Ok(main)
    }

    /// The customer on the agent's call hangs up; returns the call's `mainUniqueId`.
    pub(crate) fn hang_up_customer_of(
        &mut self,
        tenant: &str,
        agent_no: &str,
    ) -> Result<String, SimError> {
        let key = self.known(tenant, agent_no)?;
        let call = self.agents.get(&key).and_then(|a| a.call());
        let call = call.and_then(|id| self.calls.get(&id)).filter(|c| {
            matches!(
                c.state,
                CustomerState::Connected | CustomerState::Ivr | CustomerState::Offered
            )
        });
        let Some(call) = call else {
            return Err(SimError::NoCall(agent_no.to_owned()));
        };
        let (id, main) = (call.id, call.main_unique_id.clone());
        self.customer_hangup(id);
        Ok(main)
    }

    /// An `orderCallBack` to the agent now; returns its `callbackId`.
    pub(crate) fn callback_for(
        &mut self,
        tenant: &str,
        agent_no: &str,
        customer: Option<String>,
    ) -> Result<String, SimError> {
        let key = self.real(tenant, agent_no)?;
        Ok(self.order_callback(&key, customer))
    }

    /// `sipDisconnected` (then the SIP session's end) for the agent; returns whether a SIP
    /// session was up.
    pub(crate) fn disconnect_sip(
        &mut self,
        tenant: &str,
        agent_no: &str,
        reason: Option<&str>,
    ) -> Result<bool, SimError> {
        let key = self.real(tenant, agent_no)?;
        Ok(self.sip_disconnect(&key, reason.unwrap_or("network")))
    }

    /// The agent, which must be logged in with a client.
    fn real(&self, tenant: &str, agent_no: &str) -> Result<AgentKey, SimError> {
        let key = self.known(tenant, agent_no)?;
        match self.agents.get(&key).map(|a| &a.presence) {
            Some(Presence::Real { .. }) => Ok(key),
            _ => Err(SimError::NotLoggedIn(agent_no.to_owned())),
        }
    }
}
