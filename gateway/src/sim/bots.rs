//! Agents coming and going: bots in the directory's free seats (`--sim-bots`), an agent leaving
//! for good (logout, `setOffline`), and one vanishing (its session ended elsewhere: a kick, an
//! expired or revoked key, the grace period, a restart; or a client taking a bot's seat).
//!
//! Bots log in, take calls (answering after the answer delay), take breaks and come back. They
//! have no session: nothing is sent to them, but they count in queue status and routing. Calls
//! placed by the control endpoints or a script are never routed to them.

use std::time::Duration;

use agentdesk_core::agent::{AgentStatus, InitialStatus};
use agentdesk_core::flows::FlowState;

use crate::directory::Role;
use crate::port::AgentKey;

use super::state::{Activity, Presence, SimState};
use super::status;
use super::timers::Timer;

/// Bots take their seats within this long of the start (docs/gateway.md §9.1).
const BOT_START_MS: u64 = 5_000;
/// A bot works this long (s) between breaks…
const BOT_WORK_SECS: (u64, u64) = (60, 300);
/// …and a break lasts this long (s).
const BOT_BREAK_SECS: (u64, u64) = (30, 120);
/// A seat a client left gets its bot back after this long (s).
const BOT_RETURN_SECS: (u64, u64) = (10, 30);
/// A bot that could not take its break (on a call) tries again after this long.
const BOT_RETRY: Duration = Duration::from_secs(20);

impl SimState {
    /// Seats every agent (not supervisor) with a bot, each a little after the start.
    pub(crate) fn start_bots(&mut self) {
        let seats: Vec<AgentKey> = self
            .agents
            .values()
            .filter(|a| a.role == Role::Agent)
            .map(|a| a.key.clone())
            .collect();
        for key in seats {
            let ms = self.dice.between(0, BOT_START_MS);
            self.after(Duration::from_millis(ms), Timer::BotLogin { agent: key });
        }
    }

    /// A bot takes the seat, if nobody has.
    pub(crate) fn bot_login(&mut self, key: &AgentKey) {
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        if !self.cfg.bots || agent.presence != Presence::Offline {
            return;
        }
        agent.presence = Presence::Bot;
        agent.endpoint_type = 2;
        agent.endpoint = format!("8{}", key.agent_no);
        agent.flows = FlowState::default();
        self.settle(
            key,
            status::idle(agentdesk_core::agent::state_action::LOGIN),
        );
        let secs = self.dice.between(BOT_WORK_SECS.0, BOT_WORK_SECS.1);
        self.after(
            Duration::from_secs(secs),
            Timer::BotToggle { agent: key.clone() },
        );
    }

    /// A bot idle for a while takes a break; one on a break comes back.
    pub(crate) fn bot_toggle(&mut self, key: &AgentKey) {
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        if agent.presence != Presence::Bot {
            return;
        }
        let (next, secs) = if agent.available() {
            (
                status::busy(agentdesk_core::agent::state_action::PAUSE, "Break"),
                BOT_BREAK_SECS,
            )
        } else if agent.activity == Activity::Free
            && agent.status.initial_status == InitialStatus::Busy
        {
            (
                status::idle(agentdesk_core::agent::state_action::UNPAUSE),
                BOT_WORK_SECS,
            )
        } else {
            self.after(BOT_RETRY, Timer::BotToggle { agent: key.clone() });
            return;
        };
        self.settle(key, next);
        let secs = self.dice.between(secs.0, secs.1);
        self.after(
            Duration::from_secs(secs),
            Timer::BotToggle { agent: key.clone() },
        );
    }

    /// The agent leaves the simulator (logout, `setOffline`, gone): nothing of it stays
    /// scheduled; its bot comes back later when bots are on. Sends nothing: the session's end
    /// tells a client (its logout, its close).
    pub(crate) fn sign_off(&mut self, key: &AgentKey, action: &str) {
        self.timers.cancel_agent(key, |_| true);
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        let was_agent = agent.role == Role::Agent;
        let was_logged_in = agent.logged_in();
        let before = agent.counts();
        agent.presence = Presence::Offline;
        agent.status = AgentStatus::offline(action);
        agent.flows = FlowState::default();
        agent.prior = None;
        agent.activity = Activity::Free;
        agent.subscription = None;
        agent.since_ms = self.clock.ms(self.now);
        if agent.sip {
            agent.sip = false;
            let leg = super::media_legs::SoftphoneLeg::of(key);
            self.media.close(&leg);
        }
        let queues = agent.queues.clone();
        self.recount(&key.tenant_id, &queues, before, (false, false));
        for q in queues {
            self.dirty.insert((key.tenant_id.clone(), q));
        }
        if was_logged_in {
            self.tap_offline(key, AgentStatus::offline(action));
        }
        self.dirty_agents.insert(key.clone());
        if self.cfg.bots && was_agent {
            let secs = self.dice.between(BOT_RETURN_SECS.0, BOT_RETURN_SECS.1);
            self.after(
                Duration::from_secs(secs),
                Timer::BotLogin { agent: key.clone() },
            );
        }
    }

    /// The agent is gone without a word (its session ended elsewhere, or a client takes a
    /// bot's seat): whatever it was doing ends as a forced hang-up for everyone else.
    pub(crate) fn vanish(&mut self, key: &AgentKey) {
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        if agent.presence == Presence::Offline {
            return;
        }
        tracing::debug!(
            tenant_id = key.tenant_id,
            agent_no = key.agent_no,
            "agent gone"
        );
        if agent.activity != Activity::Free {
            self.agent_hangup(key, true);
        }
        self.sign_off(key, agentdesk_core::agent::state_action::LOGOUT);
    }
}
