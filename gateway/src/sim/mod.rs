//! The contact-center simulator (PRODUCT.md §3, docs/flows.md, docs/gateway.md §9): queues and
//! callers, agents' calls from ringing to wrap-up, preview outbound, consults and transfers, the
//! IVR, supervisors' monitors and queue status, transcripts, extensions, callbacks, bots and a
//! scripted mode.
//!
//! One [`SimState`](state::SimState) behind one mutex, moved by three things only: commands from
//! agents' connections ([`Sim::command`]), the control endpoints and script steps, and its own
//! timers, which one driver task ([`Sim::run`]) fires in deadline order on tokio time. Every
//! step ends the same way: waiting callers are routed, changed queues published. The lock is
//! never held across an `.await`; inside it the simulator calls into the hub (never the other
//! way round), so the two cannot deadlock.

pub mod config;
pub mod media_legs;
pub mod script;

mod bots;
mod calls;
mod clock;
mod commands;
mod consult;
pub(crate) mod control;
mod devices;
mod monitor_events;
mod preview;
mod queue_status;
mod routing;
mod state;
mod status;
mod supervisor;
mod talk;
mod timers;
mod transcripts;
mod transfer;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rand::RngCore as _;
use serde_json::{Map, Value};
use tokio::sync::{watch, Notify};
use tokio::time::{sleep_until, Instant};

use crate::directory::Directory;
use crate::hub::{AgentKey, Hub};

pub use config::{SimConfig, SimOverrides};
pub use media_legs::{MediaLegError, MediaLegs, MediaOpen, NoMedia, SoftphoneLeg};
pub use script::{Script, ScriptError};

use clock::Clock;
use commands::{Ctx, SipMedia};
use state::SimState;

/// Timers one wake-up fires at most before letting other tasks run.
const MAX_TIMERS_PER_WAKE: usize = 10_000;

/// The simulator of one gateway.
pub(crate) struct Sim {
    state: Mutex<SimState>,
    /// A step may have set an earlier timer: the driver looks again.
    wake: Notify,
    hub: Arc<Hub>,
    media: Arc<dyn MediaLegs>,
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim").finish_non_exhaustive()
    }
}

impl Sim {
    /// The simulator of `directory`, its clock starting now; random callers, bots, callbacks
    /// and the script are scheduled per `cfg`.
    pub(crate) fn new(
        mut cfg: SimConfig,
        directory: &Directory,
        hub: Arc<Hub>,
        media: Arc<dyn MediaLegs>,
    ) -> Arc<Self> {
        let script = cfg.script.clone();
        let seed = cfg
            .seed
            .or_else(|| script.as_ref().and_then(|s| s.seed))
            .unwrap_or_else(|| rand::rng().next_u64());
        if let Some(auto) = script.as_ref().and_then(|s| s.auto_answer) {
            cfg.auto_answer = auto;
        }
        let epoch_ms = cfg
            .epoch_ms
            .or_else(|| script.as_ref().and_then(|s| s.epoch_ms))
            .unwrap_or_else(crate::unix_ms);
        tracing::info!(
            seed,
            bots = cfg.bots,
            callers_per_minute = cfg.callers_per_minute,
            "simulator started"
        );
        let start = Instant::now();
        let mut state = SimState::new(
            cfg,
            directory,
            Arc::clone(&hub),
            Arc::clone(&media),
            seed,
            Clock::new(start, epoch_ms),
        );
        let queues: Vec<(String, String)> = state.queues.keys().cloned().collect();
        for (tenant, queue) in queues {
            state.schedule_arrival(&tenant, &queue);
        }
        if state.cfg.bots {
            state.start_bots();
        }
        state.schedule_callback();
        state.schedule_step(0);
        Arc::new(Self {
            state: Mutex::new(state),
            wake: Notify::new(),
            hub,
            media,
        })
    }

    fn lock(&self) -> MutexGuard<'_, SimState> {
        // A panic elsewhere must not take the simulator down with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` as one step at `now`, then routes and publishes.
    fn step<R>(&self, now: Instant, f: impl FnOnce(&mut SimState) -> R) -> R {
        let result = {
            let mut state = self.lock();
            state.now = now;
            let result = f(&mut state);
            state.route_all();
            state.flush_queue_status();
            state.flush_replies();
            result
        };
        self.wake.notify_one();
        result
    }

    /// Fires the timers due now, in order, each its own step.
    fn fire_due(&self) {
        let mut state = self.lock();
        for _ in 0..MAX_TIMERS_PER_WAKE {
            let Some((at, timer)) = state.timers.pop_due(Instant::now()) else {
                break;
            };
            state.now = at;
            state.fire(timer);
            state.route_all();
            state.flush_queue_status();
            state.flush_replies();
        }
    }

    /// The driver: fires timers on time, and lets go of agents whose sessions ended.
    pub(crate) async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            let next = self.lock().timers.next_deadline();
            let sleep = async {
                match next {
                    Some(at) => sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = shutdown.changed() => return,
                () = sleep => self.fire_due(),
                () = self.wake.notified() => {}
                () = self.hub.ended.notified() => self.step(Instant::now(), SimState::sweep),
            }
        }
    }

    /// A command of connection `conn_id` (request `id`). Returns false, having done nothing,
    /// when that connection no longer carries the session (the caller owes the request its
    /// one reply then).
    pub(crate) async fn command(
        &self,
        key: &AgentKey,
        conn_id: u64,
        id: u64,
        action: &str,
        params: &Map<String, Value>,
    ) -> bool {
        if !self.hub.carries(key, conn_id) {
            return false;
        }
        let ctx = Ctx {
            key: key.clone(),
            conn_id,
            id,
        };
        let offer = (action == "sipLink")
            .then(|| params.get("sdp").and_then(Value::as_str))
            .flatten();
        let leg = SoftphoneLeg {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
        };
        let media = match offer {
            None => SipMedia::NoOffer,
            Some(sdp) => {
                if !self.lock().may_sip_link(key) {
                    // Refused anyway: let the simulator say why, without opening media.
                    SipMedia::NoOffer
                } else {
                    match self.media.open(&leg, sdp).await {
                        Ok(answer) => SipMedia::Answer(answer),
                        Err(e) => SipMedia::Failed(e),
                    }
                }
            }
        };
        let opened = matches!(media, SipMedia::Answer(_));
        let linked = self.step(Instant::now(), |state| {
            state.command(&ctx, action, params, media);
            state.agents.get(key).is_some_and(|a| a.sip)
        });
        if opened && !linked {
            self.media.close(&leg);
        }
        true
    }

    /// Runs a control operation as one step.
    pub(crate) fn control<R>(&self, f: impl FnOnce(&mut SimState) -> R) -> R {
        self.step(Instant::now(), f)
    }
}

impl SimState {
    /// True when a `sipLink` of the agent could be accepted now (the guard decides for good).
    fn may_sip_link(&self, key: &AgentKey) -> bool {
        self.agents.get(key).is_some_and(|a| {
            a.endpoint_type == 3
                && matches!(
                    a.status.state,
                    agentdesk_core::agent::AgentState::Ringing
                        | agentdesk_core::agent::AgentState::Talking
                )
        })
    }
}
