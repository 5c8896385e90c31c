//! The simulator's world: agents (real clients and bots), calls, queues, and the one way events
//! leave it, [`SimState::send`], which also feeds the agent's [`FlowState`] so the gateway
//! judges commands exactly as the SDK does (docs/flows.md §10).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use agentdesk_core::agent::{AgentState, AgentStatus};
use agentdesk_core::events::{AgentStatusEvent, CatalogEvent};
use agentdesk_core::flows::{FlowState, MonitorMode};
use serde_json::{Map, Value};
use tokio::time::Instant;

use crate::center::sessions::Sessions;
use crate::directory::{Directory, Role};
use crate::port::AgentKey;

use super::clock::{Clock, Dice, Timers};
use super::config::SimConfig;
use super::media_legs::MediaOrders;
use super::script::Script;

/// Callers one queue holds at most; a random caller arriving at a full queue hears busy
/// (docs/gateway.md §9).
pub(crate) const MAX_WAITING: usize = 200;
/// Calls the simulator carries at most (queued, ringing, talking, dialing; docs/gateway.md §9).
pub(crate) const MAX_CALLS: usize = 10_000;

/// Who, if anyone, plays an agent of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Not logged in.
    Offline,
    /// A client logged in, in this session.
    Real { session_id: String },
    /// The simulator plays the agent (`--sim-bots`).
    Bot,
}

/// One leg of a call: its id and channel (docs/flows.md §1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leg {
    pub(crate) unique_id: String,
    pub(crate) channel: String,
}

/// Why a call rings at an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RingKind {
    /// A queued or direct inbound caller (subCallType 0).
    Inbound,
    /// A consult from another agent (callType 9, subCallType 101).
    Consult,
    /// A blind transfer (subCallType 103); answered with `transferIn`.
    TransferIn,
}

/// A supervisor's monitor of one agent's call (docs/flows.md §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Monitoring {
    pub(crate) target: String,
    pub(crate) mode: MonitorMode,
    pub(crate) linked: bool,
    pub(crate) seq: u64,
    pub(crate) leg: Leg,
    pub(crate) call: u64,
}

/// What an agent is doing with its device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Activity {
    /// No call.
    Free,
    /// A call rings; `ring` names this ringing instance for its timers.
    Ringing {
        call: u64,
        leg: Leg,
        kind: RingKind,
        ring: u64,
    },
    /// On a call: holding the customer, or (`consult_leg`) on the consult leg of another agent.
    Talking {
        call: u64,
        leg: Leg,
        consult_leg: bool,
    },
    /// Dialing a preview customer.
    Dialing { call: u64, leg: Leg },
    /// A supervisor monitoring an agent.
    Monitoring(Monitoring),
}

/// A `subscribeQueueStatus` (docs/flows.md §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subscription {
    /// The queues subscribed to.
    pub(crate) queues: BTreeSet<String>,
    pub(crate) last_sent: Option<Instant>,
    pub(crate) pending: bool,
    /// Subscribed queues changed since the last `queueStatus`: each whole at first, then the
    /// members whose status changed (the queue's callers and figures always go whole).
    pub(crate) changed: BTreeMap<String, Changes>,
}

/// What a subscriber has not been told about one queue yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Changes {
    /// Every member (a new subscription).
    Full,
    /// These members' statuses (agent numbers), perhaps none: only callers or figures changed.
    Members(BTreeSet<String>),
}

/// An agent of the directory, as the simulator sees it.
#[derive(Debug)]
pub(crate) struct SimAgent {
    pub(crate) key: AgentKey,
    pub(crate) name: String,
    pub(crate) role: Role,
    pub(crate) presence: Presence,
    pub(crate) endpoint_type: i64,
    pub(crate) endpoint: String,
    pub(crate) status: AgentStatus,
    pub(crate) flows: FlowState,
    /// The status before the call, to return to (docs/flows.md §2 "(prior)").
    pub(crate) prior: Option<AgentStatus>,
    /// When the agent last became idle: routing picks the longest idle (docs/flows.md §3).
    pub(crate) idle_since: Instant,
    /// Unix ms of the last status change, for `queueStatus`.
    pub(crate) since_ms: i64,
    pub(crate) activity: Activity,
    /// The softphone's SIP session is up (docs/flows.md §8).
    pub(crate) sip: bool,
    pub(crate) wrapup_epoch: u64,
    pub(crate) register_epoch: u64,
    pub(crate) subscription: Option<Subscription>,
    /// The queues the agent answers, in directory order.
    pub(crate) queues: Vec<String>,
}

impl SimAgent {
    /// True for a logged-in agent (client or bot).
    pub(crate) fn logged_in(&self) -> bool {
        self.presence != Presence::Offline && self.status.is_logged_in()
    }

    /// (logged in, idle) as a queue counts its members.
    pub(crate) fn counts(&self) -> (bool, bool) {
        let logged_in = self.logged_in();
        (
            logged_in,
            logged_in && self.status.state == AgentState::Idle,
        )
    }

    /// True when the agent can take a call now.
    pub(crate) fn available(&self) -> bool {
        self.logged_in() && self.status.state == AgentState::Idle && self.activity == Activity::Free
    }

    /// The call the agent is on, if any.
    pub(crate) fn call(&self) -> Option<u64> {
        match &self.activity {
            Activity::Ringing { call, .. }
            | Activity::Talking { call, .. }
            | Activity::Dialing { call, .. } => Some(*call),
            Activity::Monitoring(m) => Some(m.call),
            Activity::Free => None,
        }
    }

    /// The agent's own leg, if on a call.
    pub(crate) fn leg(&self) -> Option<&Leg> {
        match &self.activity {
            Activity::Ringing { leg, .. }
            | Activity::Talking { leg, .. }
            | Activity::Dialing { leg, .. } => Some(leg),
            Activity::Monitoring(m) => Some(&m.leg),
            Activity::Free => None,
        }
    }
}

/// The customer's side of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Customer {
    pub(crate) number: String,
    pub(crate) area_code: String,
    pub(crate) province: String,
    pub(crate) city: String,
    pub(crate) channel: String,
}

/// Where the customer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CustomerState {
    /// Waiting in the call's queue.
    Queued,
    /// Ringing at an agent.
    Offered,
    /// Talking with the owner.
    Connected,
    /// In the IVR of `transferIvr`; back with the owner after it.
    Ivr,
    /// A preview call: the customer has not answered yet.
    Dialing,
    /// Hung up, or handed out of the simulator.
    Gone,
}

/// A consult of the call's owner (docs/flows.md §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Consult {
    pub(crate) target_type: i64,
    pub(crate) target: String,
    /// The target agent, for targetType 1.
    pub(crate) agent: Option<AgentKey>,
    pub(crate) phase: ConsultPhase,
    /// The consult party's leg.
    pub(crate) leg: Leg,
    pub(crate) seq: u64,
}

/// The steps of a consult (the engine's `flows::Consult`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConsultPhase {
    Dialing,
    Linked,
    ThreeWay,
}

/// The live transcript of a call (docs/flows.md §9).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TranscriptState {
    pub(crate) index: i64,
    /// Words of the current sentence shown so far.
    pub(crate) shown: usize,
    pub(crate) sentence: Option<usize>,
    pub(crate) begin_ms: i64,
    pub(crate) running: bool,
}

/// One customer call (its `mainUniqueId`), from arrival to hang-up.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) id: u64,
    pub(crate) tenant: String,
    pub(crate) main_unique_id: String,
    /// 1 inbound, 4 preview outbound (docs/flows.md §1).
    pub(crate) call_type: i64,
    pub(crate) customer: Customer,
    pub(crate) state: CustomerState,
    pub(crate) queue_no: String,
    pub(crate) chan_variables: Map<String, Value>,
    /// Offered only to agents with a client (calls placed by the control endpoints or a script).
    pub(crate) real_only: bool,
    pub(crate) talk_secs: Option<u64>,
    /// The agent holding the customer (ringing, dialing or talking).
    pub(crate) owner: Option<AgentKey>,
    pub(crate) consult: Option<Consult>,
    pub(crate) rejected_by: BTreeSet<String>,
    pub(crate) transcript: TranscriptState,
    pub(crate) answered_at: Option<Instant>,
    pub(crate) join_ms: i64,
    /// `previewObCall`: the request id and the customer answer timeout, seconds.
    pub(crate) request_unique_id: String,
    pub(crate) answer_timeout_secs: u64,
    /// The IVR run of `transferIvr`: its return variables.
    pub(crate) ivr_return: Option<Map<String, Value>>,
}

/// A queue of the directory and its waiting callers.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    pub(crate) name: String,
    /// Members logged in, and of those idle (kept as statuses change: a queue's figures cost
    /// nothing to read).
    pub(crate) logged_in: usize,
    pub(crate) idle: usize,
    /// The members, as agent keys (built once: looking agents up costs no allocation).
    pub(crate) member_keys: Vec<AgentKey>,
    pub(crate) waiting: VecDeque<u64>,
}

/// The whole simulated contact center.
pub(crate) struct SimState {
    pub(crate) cfg: SimConfig,
    /// Every live session and the frames of the step under way: the one way out.
    pub(crate) sessions: Sessions,
    /// What the media of the core's node must do (open, close legs).
    pub(crate) media: MediaOrders,
    pub(crate) clock: Clock,
    pub(crate) dice: Dice,
    pub(crate) timers: Timers,
    pub(crate) agents: BTreeMap<AgentKey, SimAgent>,
    pub(crate) calls: BTreeMap<u64, Call>,
    pub(crate) queues: BTreeMap<(String, String), Queue>,
    pub(crate) script: Option<Script>,
    /// Queues whose callers or members changed in this step: routed and published at its end,
    /// and only they, so a step costs what it changed, not the size of the directory.
    pub(crate) dirty: BTreeSet<(String, String)>,
    /// Agents whose status changed in this step (their queues are in `dirty`).
    pub(crate) dirty_agents: BTreeSet<AgentKey>,
    /// Agents with a `subscribeQueueStatus` (a superset: a stale one is dropped when seen).
    pub(crate) subscribers: BTreeSet<AgentKey>,
    /// Each tenant's supervisors (who may monitor a call), so ending a call looks only at them.
    pub(crate) supervisors: BTreeMap<String, Vec<AgentKey>>,
    /// The running `/control/stream`s.
    pub(crate) streams: crate::center::Streams,
    /// The tenants the edges' dialect faces watch, and the step's feed for them.
    pub(crate) taps: crate::center::Taps,
    /// Calls being recorded, and recorded calls waiting for their scorecard.
    pub(crate) recordings: super::recording::Recordings,
    /// Each agent's entry in `queueStatus`, rebuilt only when its status changed.
    pub(crate) cards: std::collections::HashMap<AgentKey, super::queue_status::Card>,
    /// "Now" of the step being run: the command's arrival, or the timer's deadline.
    pub(crate) now: Instant,
    next_id: u64,
}

impl std::fmt::Debug for SimState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimState")
            .field("agents", &self.agents.len())
            .field("calls", &self.calls.len())
            .field("timers", &self.timers.len())
            .finish_non_exhaustive()
    }
}

impl SimState {
    /// The world of `directory`, everyone logged out, nothing scheduled yet.
    pub(crate) fn new(cfg: SimConfig, directory: &Directory, seed: u64, clock: Clock) -> Self {
        let mut agents = BTreeMap::new();
        let mut queues = BTreeMap::new();
        let mut supervisors: BTreeMap<String, Vec<AgentKey>> = BTreeMap::new();
        for tenant in directory.tenants() {
            // Each agent's queues, in directory order, in one pass (not members × agents).
            let mut member_of: std::collections::HashMap<&str, Vec<String>> =
                std::collections::HashMap::new();
            for q in &tenant.queues {
                for m in &q.members {
                    let queues = member_of.entry(m.as_str()).or_default();
                    if !queues.contains(&q.id) {
                        queues.push(q.id.clone());
                    }
                }
            }
            for q in &tenant.queues {
                let queue = Queue {
                    name: q.name.clone(),
                    logged_in: 0,
                    idle: 0,
                    member_keys: q
                        .members
                        .iter()
                        .map(|m| AgentKey {
                            tenant_id: tenant.id.clone(),
                            agent_no: m.clone(),
                        })
                        .collect(),
                    waiting: VecDeque::new(),
                };
                queues.insert((tenant.id.clone(), q.id.clone()), queue);
            }
            for a in tenant.agents() {
                let key = AgentKey {
                    tenant_id: tenant.id.clone(),
                    agent_no: a.agent_no.clone(),
                };
                if a.role == Role::Supervisor {
                    supervisors
                        .entry(tenant.id.clone())
                        .or_default()
                        .push(key.clone());
                }
                let member_of = member_of.remove(a.agent_no.as_str()).unwrap_or_default();
                agents.insert(
                    key.clone(),
                    SimAgent {
                        key,
                        name: a.name.clone(),
                        role: a.role,
                        presence: Presence::Offline,
                        endpoint_type: 0,
                        endpoint: String::new(),
                        status: AgentStatus::offline(agentdesk_core::agent::state_action::LOGOUT),
                        flows: FlowState::default(),
                        prior: None,
                        idle_since: clock.start(),
                        since_ms: clock.ms(clock.start()),
                        activity: Activity::Free,
                        sip: false,
                        wrapup_epoch: 0,
                        register_epoch: 0,
                        subscription: None,
                        queues: member_of,
                    },
                );
            }
        }
        let script = cfg.script.clone();
        Self {
            cfg,
            sessions: Sessions::default(),
            media: MediaOrders::default(),
            now: clock.start(),
            clock,
            dice: Dice::new(seed),
            timers: Timers::default(),
            agents,
            calls: BTreeMap::new(),
            queues,
            script,
            dirty: BTreeSet::new(),
            dirty_agents: BTreeSet::new(),
            subscribers: BTreeSet::new(),
            supervisors,
            streams: Default::default(),
            taps: Default::default(),
            recordings: Default::default(),
            cards: Default::default(),
            next_id: 0,
        }
    }

    /// A fresh number for ids and channels.
    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A new leg of `tenant`'s agent (or party) `who`: `u-<n>` and `SIP/<tenant>-<who>-<n>`.
    pub(crate) fn new_leg(&mut self, tenant: &str, who: &str) -> Leg {
        let n = self.next_id();
        Leg {
            unique_id: format!("u-{n}"),
            channel: format!("SIP/{tenant}-{who}-{n}"),
        }
    }

    /// Unix ms now, on the simulator's clock.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.ms(self.now)
    }

    /// Sets a timer `after` from now.
    pub(crate) fn after(&mut self, after: std::time::Duration, timer: super::timers::Timer) {
        let at = crate::later(self.now, after);
        self.timers.set(at, timer);
    }

    /// Sends `event` to agent `key`: into its session (numbered, and so into its history for
    /// resume) when a client plays it, nowhere for a bot. Either way the agent's flow state
    /// follows, as the SDK's does, and the tap sees it (`center/tap.rs`).
    pub(crate) fn send(&mut self, key: &AgentKey, event: CatalogEvent) {
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        agent.flows.on_event(&key.agent_no, &event);
        if let CatalogEvent::AgentStatus(e) = &event {
            agent.flows.on_status(&e.status);
        }
        self.tap_event(key, &event);
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        if let Presence::Real { session_id } = &agent.presence {
            if self.sessions.emit(session_id, event).is_none() {
                tracing::debug!(
                    tenant_id = key.tenant_id,
                    agent_no = key.agent_no,
                    "event for an ended session dropped"
                );
            }
        }
    }

    /// A member's (logged in, idle) went from `before` to `after`: its queues' figures follow.
    pub(crate) fn recount(
        &mut self,
        tenant: &str,
        queues: &[String],
        before: (bool, bool),
        after: (bool, bool),
    ) {
        if before == after {
            return;
        }
        for q in queues {
            if let Some(queue) = self.queues.get_mut(&(tenant.to_owned(), q.clone())) {
                queue.logged_in =
                    (queue.logged_in + usize::from(after.0)).saturating_sub(usize::from(before.0));
                queue.idle =
                    (queue.idle + usize::from(after.1)).saturating_sub(usize::from(before.1));
            }
        }
    }

    /// Moves agent `key` to `status` and tells it (`agentStatus`).
    pub(crate) fn set_status(&mut self, key: &AgentKey, status: AgentStatus) {
        let now = self.now;
        let now_ms = self.now_ms();
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        if status.state == AgentState::Idle && agent.status.state != AgentState::Idle {
            agent.idle_since = now;
        }
        let before = agent.counts();
        agent.since_ms = now_ms;
        agent.status = status.clone();
        self.status_changed(key, before, status);
    }

    /// Agent `key`'s status became `status` (its (logged in, idle) having been `before`): its
    /// queues' figures follow, they are routed and published at the step's end, and the agent
    /// hears it (`agentStatus`).
    pub(crate) fn status_changed(
        &mut self,
        key: &AgentKey,
        before: (bool, bool),
        status: AgentStatus,
    ) {
        let Some(agent) = self.agents.get(key) else {
            return;
        };
        let (after, queues) = (agent.counts(), agent.queues.clone());
        self.recount(&key.tenant_id, &queues, before, after);
        for q in queues {
            self.dirty.insert((key.tenant_id.clone(), q));
        }
        self.dirty_agents.insert(key.clone());
        let event = CatalogEvent::AgentStatus(AgentStatusEvent {
            tenant_id: key.tenant_id.clone(),
            agent_no: key.agent_no.clone(),
            status,
        });
        self.send(key, event);
    }

    /// The agent `agent_no` of `tenant`.
    pub(crate) fn key(tenant: &str, agent_no: &str) -> AgentKey {
        AgentKey {
            tenant_id: tenant.to_owned(),
            agent_no: agent_no.to_owned(),
        }
    }
}
