//! The simulator's view of the media legs: one per agent, keyed by tenant and agent number,
//! which is what `sipLink` / `sipUnlink` and the `/control/media` knob speak in.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::faults::Faults;
use super::leg::{LegStats, LegWatch, MediaLeg};
use super::server::{LegInfo, MediaServer};
use super::MediaError;

/// One agent's leg as [`AgentLegs::list`] shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentLeg {
    /// The agent's tenant.
    pub tenant: String,
    /// The agent's number within it.
    pub agent_no: String,
    /// The leg.
    pub leg: LegInfo,
}

/// The media legs of the simulator's agents: at most one per agent. Cheap to clone: clones
/// share the legs.
#[derive(Debug, Clone)]
pub struct AgentLegs {
    server: MediaServer,
    legs: Arc<Mutex<HashMap<(String, String), MediaLeg>>>,
}

impl AgentLegs {
    /// No legs yet; legs are opened on `server`.
    pub fn new(server: MediaServer) -> Self {
        AgentLegs {
            server,
            legs: Arc::default(),
        }
    }

    /// The server the legs run on.
    pub fn server(&self) -> &MediaServer {
        &self.server
    }

    fn legs(&self) -> MutexGuard<'_, HashMap<(String, String), MediaLeg>> {
        self.legs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `sipLink` with an offer: opens the agent's leg, ending the one it had, and returns the
    /// SDP answer for the reply plus a watch that reports the leg's end (for `sipDisconnected`).
    pub fn link(
        &self,
        tenant: &str,
        agent_no: &str,
        offer_sdp: &str,
    ) -> Result<(String, LegWatch), MediaError> {
        // The old leg goes first, so a re-link at the leg limit has room.
        self.unlink(tenant, agent_no);
        let leg = self.server.open_leg(offer_sdp)?;
        let answer = leg.answer_sdp().to_owned();
        let watch = leg.watch();
        self.legs()
            .insert((tenant.to_owned(), agent_no.to_owned()), leg);
        Ok((answer, watch))
    }

    /// `sipUnlink`, the end of the call, logout: ends the agent's leg (its task ends and its
    /// socket is freed within milliseconds); `false` when it had none.
    pub fn unlink(&self, tenant: &str, agent_no: &str) -> bool {
        let leg = self
            .legs()
            .remove(&(tenant.to_owned(), agent_no.to_owned()));
        // Dropped outside the lock.
        leg.is_some()
    }

    /// A remote ICE candidate for the agent's leg; an error when it has none or the line is not
    /// a candidate.
    pub fn add_candidate(
        &self,
        tenant: &str,
        agent_no: &str,
        line: &str,
    ) -> Result<(), MediaError> {
        match self.legs().get(&(tenant.to_owned(), agent_no.to_owned())) {
            Some(leg) => leg.add_remote_candidate(line),
            None => Err(MediaError::Candidate(format!(
                "agent {agent_no} has no media leg"
            ))),
        }
    }

    /// `sipRelink`: the agent's leg answers a re-offer (an ICE restart) and goes on; see
    /// [`MediaLeg::relink`]. The lock is not held while the answer is awaited.
    pub fn relink(
        &self,
        tenant: &str,
        agent_no: &str,
        offer_sdp: &str,
    ) -> Result<
        impl std::future::Future<Output = Result<String, MediaError>> + Send + 'static,
        MediaError,
    > {
        match self.legs().get(&(tenant.to_owned(), agent_no.to_owned())) {
            Some(leg) => leg.relink(offer_sdp),
            None => Err(MediaError::NoLeg(agent_no.to_owned())),
        }
    }

    /// The agent's leg's counts, if it has a leg.
    pub fn stats(&self, tenant: &str, agent_no: &str) -> Option<LegStats> {
        self.legs()
            .get(&(tenant.to_owned(), agent_no.to_owned()))
            .map(MediaLeg::stats)
    }

    /// The knob of `POST /control/media {tenantId?, agentNo?, sending?, dropPercent?}`: with both
    /// keys one agent's leg, with one of them every leg that matches it, with neither every leg
    /// and every leg opened later. Returns the legs it reached.
    pub fn set_faults(
        &self,
        tenant: Option<&str>,
        agent_no: Option<&str>,
        faults: Faults,
    ) -> Vec<AgentLeg> {
        if tenant.is_none() && agent_no.is_none() {
            self.server.set_faults_all(faults);
            return self.list();
        }
        let matches = |(t, a): &(String, String)| {
            tenant.is_none_or(|want| want == t) && agent_no.is_none_or(|want| want == a)
        };
        for (key, leg) in self.legs().iter() {
            if matches(key) {
                leg.set_faults(faults);
            }
        }
        self.list()
            .into_iter()
            .filter(|l| matches(&(l.tenant.clone(), l.agent_no.clone())))
            .collect()
    }

    /// Every agent's leg, live or ended, by tenant and agent number.
    pub fn list(&self) -> Vec<AgentLeg> {
        let live: HashMap<_, _> = self
            .server
            .legs()
            .into_iter()
            .map(|info| (info.id, info))
            .collect();
        let mut legs: Vec<AgentLeg> = self
            .legs()
            .iter()
            .map(|((tenant, agent_no), leg)| AgentLeg {
                tenant: tenant.clone(),
                agent_no: agent_no.clone(),
                leg: live.get(&leg.id()).cloned().unwrap_or_else(|| LegInfo {
                    id: leg.id(),
                    local_addr: leg.local_addr(),
                    state: leg.state(),
                    stats: leg.stats(),
                    faults: leg.faults(),
                }),
            })
            .collect();
        legs.sort_by(|a, b| (&a.tenant, &a.agent_no).cmp(&(&b.tenant, &b.agent_no)));
        legs
    }
}
