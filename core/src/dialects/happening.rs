//! What happened in the contact center, once, in words every dialect can be written from.
//!
//! The core speaks in catalog events addressed to one agent (seed 003) and queue snapshots. The
//! four seed systems speak of queues, callers, conversations, recipients and sessions: a
//! customer joining a queue, a call offered to someone, a conversation resolved. The
//! [`Observer`](super::observer::Observer) derives these [`Happening`]s from the core's events
//! once; each dialect's table turns a happening into that dialect's frames. So "an agent became
//! ready" is worked out in one place and reads `ready` in Qubicle, `online` presence in Voki and
//! Voxsig, and `agent.<id>.status-changed` in GlobeMeet.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::agent::{AgentState, AgentStatus};
pub use crate::flows::MonitorMode;

/// An agent as the dialects name it: the agent number and, when the queue feed told it, a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRef {
    /// Agent number (the catalog's `agentNo`).
    pub agent_no: String,
    /// Display name; the agent number when none is known.
    pub name: String,
}

/// Which side of a call an agent's leg is (flows: docs/flows.md §1 `subCallType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leg {
    /// The agent has the customer: an inbound queue call or a preview outbound call.
    Customer,
    /// The agent is the target of a colleague's consult (subCallType 101/102).
    Consult,
    /// The agent received a transferred customer (subCallType 103).
    TransferIn,
}

/// A customer call (one `mainUniqueId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRef {
    /// The call's id (`mainUniqueId`): kept across transfers and consults.
    pub call_id: String,
    /// The queue it came through, if any.
    pub queue: Option<String>,
    /// The customer's number.
    pub customer_number: String,
    /// The catalog's `callType` (1 inbound, 4 preview outbound, …).
    pub call_type: i64,
}

impl CallRef {
    /// True for calls the agent placed (preview or plain outbound: callType 4, 5, 6).
    pub fn is_outbound(&self) -> bool {
        matches!(self.call_type, 4..=6)
    }
}

/// An agent's availability as presence-style systems show it (Voki's `status`, Voxsig's
/// availability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Presence {
    /// Logged in and idle: can take a call.
    Available,
    /// On a call, ringing, dialing or in after-call work.
    Busy,
    /// Paused, or logged in on an unreachable device.
    Away,
    /// Not logged in.
    Offline,
}

impl Presence {
    /// The presence an agent status shows.
    pub fn of(status: &AgentStatus) -> Self {
        match status.state {
            AgentState::Offline => Self::Offline,
            AgentState::Idle => Self::Available,
            AgentState::Busy | AgentState::Invalid => Self::Away,
            AgentState::Calling
            | AgentState::Ringing
            | AgentState::Talking
            | AgentState::Wrapup => Self::Busy,
        }
    }
}

/// Why an agent's leg of a call ended (its `stateAction`, docs/flows.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveReason {
    /// The agent hung up.
    Hangup,
    /// The customer hung up.
    CustomerHangup,
    /// A supervisor's `disconnect`.
    ForcedHangup,
    /// The agent handed the call over (`blxfer`, `completeAtxfer`).
    Transferred,
}

/// Why an offer was withdrawn before the agent answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RescindReason {
    /// The caller hung up while it rang (`abandoned`).
    CallerHungUp,
    /// It rang out (`noAnswer`): the caller goes back to the queue.
    NoAnswer,
}

/// Why a caller left a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftQueue {
    /// Offered to an agent.
    Routed,
    /// Gave up waiting.
    Abandoned,
}

/// How a call's customer session ended for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// Talked, then someone hung up.
    Completed,
    /// A supervisor cut it (`disconnect`).
    Forced,
    /// An outbound call that never connected.
    Failed,
}

/// A supervisor on an agent's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    /// Who monitors.
    pub supervisor: AgentRef,
    /// Who is monitored.
    pub agent: AgentRef,
    /// How.
    pub mode: MonitorMode,
    /// The monitored call's id, when the agent's call is known.
    pub call_id: Option<String>,
}

/// A queue's figures after a change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueStats {
    /// Queue number.
    pub queue: String,
    /// Display name.
    pub name: String,
    /// Callers waiting.
    pub waiting: u64,
    /// `waiting` before this change (`None` the first time).
    pub previous_waiting: Option<u64>,
    /// The longest current wait, seconds.
    pub longest_wait_s: u64,
    /// Mean wait of the callers the queue routed recently, seconds (0 before the first).
    pub average_wait_s: u64,
    /// Members logged in.
    pub agents_logged_in: u64,
    /// Members idle.
    pub agents_idle: u64,
    /// Callers that ever joined (since the observer started).
    pub total_callers: u64,
    /// Callers that gave up.
    pub abandoned_callers: u64,
    /// Offers that rang out (`noAnswer`).
    pub missed_offers: u64,
    /// Calls of the queue being talked right now.
    pub active_calls: u64,
}

/// One transcript sentence's moment (seed 003 §3.21).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceStage {
    /// The first partial text of a sentence: someone started speaking.
    Started,
    /// The final text.
    Final,
}

/// A transcript sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Whose call.
    pub agent: AgentRef,
    /// The call.
    pub call_id: String,
    /// 1 agent, 2 customer (seed 003 §3.21).
    pub role: i64,
    /// The text so far (final at [`SentenceStage::Final`]).
    pub text: String,
    /// Index from 0 per call.
    pub index: i64,
    /// Where the sentence is.
    pub stage: SentenceStage,
}

/// A recording's moment (GlobeMeet `recording.*`, seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecordingStage {
    /// Recording began.
    Started,
    /// Recording ended and is stored.
    Finished,
    /// Recording could not be made or stored.
    Failed,
    /// Recording was deleted.
    Deleted,
}

/// A call recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recording {
    /// The recording's id.
    pub recording_id: String,
    /// The recorded call.
    pub call_id: String,
    /// Its queue, if any.
    pub queue: Option<String>,
    /// The agent recorded.
    pub agent_no: String,
    /// Length, seconds (when finished).
    pub duration_s: Option<u64>,
    /// The moment.
    pub stage: RecordingStage,
}

/// A quality-assurance moment (GlobeMeet `qa.*`, seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QaStage {
    /// A reviewer saved a scorecard.
    ScorecardSaved,
    /// The agent disputed it.
    DisputeRaised,
    /// The score changed (after a dispute).
    ScoreUpdated,
}

/// A scorecard of a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scorecard {
    /// The scorecard's id.
    pub scorecard_id: String,
    /// The call reviewed.
    pub call_id: String,
    /// The agent reviewed.
    pub agent_no: String,
    /// Its queue, if any.
    pub queue: Option<String>,
    /// The score, 0–100.
    pub score: f64,
    /// The moment.
    pub stage: QaStage,
}

/// Something that happened, in dialect-neutral words. Each variant's doc says which core event
/// it comes from ([`Kind::source`] says it for the mapping tables).
#[derive(Debug, Clone, PartialEq)]
pub enum Happening {
    // --- Agents ----------------------------------------------------------------------------------
    /// An agent logged in.
    AgentLoggedIn {
        /// Who.
        agent: AgentRef,
        /// The status after login.
        status: AgentStatus,
    },
    /// An agent logged out or was signed out (`reason` is the stateAction: `logout`, `kicked`,
    /// `forcedOffline`, `keyRevoked`).
    AgentLoggedOut {
        /// Who.
        agent: AgentRef,
        /// Why.
        reason: String,
    },
    /// An agent became idle: routable again.
    AgentReady {
        /// Who.
        agent: AgentRef,
    },
    /// An agent paused (or the platform paused them after a missed call).
    AgentAway {
        /// Who.
        agent: AgentRef,
        /// The pause reason, when given.
        reason: Option<String>,
    },
    /// Any change of an agent's status.
    AgentStatusChanged {
        /// Who.
        agent: AgentRef,
        /// The new status.
        status: AgentStatus,
        /// The state before.
        previous: AgentState,
    },
    /// An agent's presence or current call changed.
    AgentPresence {
        /// Who.
        agent: AgentRef,
        /// The new presence.
        presence: Presence,
        /// The presence before.
        previous: Presence,
        /// The call the agent is on, if any.
        call_id: Option<String>,
        /// The queues the agent belongs to (from the queue feed).
        queues: Vec<String>,
        /// Every known agent's presence in the tenant, this one's included.
        roster: BTreeMap<String, Presence>,
    },
    /// A periodic statement of an agent's state (the face asks for it: `Observer::sync`).
    AgentSync {
        /// Who.
        agent: AgentRef,
        /// The current status.
        status: AgentStatus,
    },
    /// A member of a queue stopped taking its calls (pause).
    MemberPaused {
        /// The queue.
        queue: String,
        /// Who.
        agent: AgentRef,
    },
    /// A member of a queue takes its calls again.
    MemberResumed {
        /// The queue.
        queue: String,
        /// Who.
        agent: AgentRef,
    },
    /// After-call work began.
    WrapupStarted {
        /// Who.
        agent: AgentRef,
        /// The call it follows.
        call: Option<CallRef>,
        /// Seconds of wrap-up, when given.
        seconds: Option<i64>,
    },
    /// After-call work ended.
    WrapupEnded {
        /// Who.
        agent: AgentRef,
    },

    // --- Calls at an agent -------------------------------------------------------------------------
    /// A call rings at an agent (`ringing`).
    CallOffered {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
        /// Which leg.
        leg: Leg,
    },
    /// The agent declined a ringing call.
    OfferRejected {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
    },
    /// A ringing call was withdrawn.
    OfferRescinded {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
        /// Why.
        reason: RescindReason,
    },
    /// The agent is talking on the call (answered, bridged, or took a transfer).
    CallAnswered {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
        /// Which leg.
        leg: Leg,
    },
    /// The agent's leg of the call ended.
    CallLeft {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
        /// Which leg.
        leg: Leg,
        /// Why.
        reason: LeaveReason,
    },
    /// The agent started an outbound call (`previewObCallStart`).
    OutboundStarted {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
    },
    /// An outbound call failed before connecting (`previewObCallResult` error).
    OutboundFailed {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
        /// The failure (`noAnswer`, `busy`, `cancelled`, …).
        reason: String,
    },
    /// The agent muted or unmuted their leg.
    Muted {
        /// Who.
        agent: AgentRef,
        /// The call.
        call: CallRef,
        /// Muted after the change.
        muted: bool,
    },
    /// A transcript sentence started or ended.
    Transcript(Sentence),
    /// A scheduled callback fell due (`orderCallBack`; its fields as the core sent them).
    CallbackDue {
        /// For whom.
        agent: AgentRef,
        /// The pass-through fields.
        fields: Map<String, Value>,
    },

    // --- Supervision -----------------------------------------------------------------------------
    /// A supervisor joined an agent's call (`spyLink`, `whisperLink`, `threewayLink`,
    /// `bargeLink`).
    MonitorStarted(Monitor),
    /// The supervisor left it (`…Unlink`).
    MonitorEnded(Monitor),
    /// The supervisor's request failed (`…Result` with `result: "error"`).
    MonitorFailed(Monitor),

    // --- Customer sessions (calls) ---------------------------------------------------------------
    /// A customer call came into being (joined a queue, or was dialed).
    SessionCreated {
        /// The call.
        call: CallRef,
    },
    /// The customer is talking with an agent.
    SessionConnected {
        /// The call.
        call: CallRef,
        /// With whom.
        agent: AgentRef,
        /// Seconds the customer waited for it.
        waited_s: u64,
    },
    /// The call was handed to another agent or destination.
    SessionTransferred {
        /// The call.
        call: CallRef,
        /// Who handed it over.
        from: AgentRef,
    },
    /// The customer hung up before any agent talked with them.
    SessionDropped {
        /// The call.
        call: CallRef,
        /// Seconds they waited.
        waited_s: u64,
    },
    /// The call ended after being connected (or an outbound call failed).
    SessionEnded {
        /// The call.
        call: CallRef,
        /// How.
        end: SessionEnd,
    },
    /// A customer number the tenant had not seen yet.
    ContactSeen {
        /// The number.
        customer_number: String,
    },

    // --- Queues ------------------------------------------------------------------------------------
    /// A queue appeared in the queue feed.
    QueueOpened {
        /// Queue number.
        queue: String,
        /// Display name.
        name: String,
    },
    /// A queue left the queue feed.
    QueueClosed {
        /// Queue number.
        queue: String,
    },
    /// A caller entered a queue.
    CallerJoined {
        /// The call.
        call: CallRef,
        /// The queue.
        queue: String,
        /// 1-based position.
        position: u64,
        /// Callers waiting, this one included.
        queue_size: u64,
        /// Expected wait, seconds (the queue's recent mean wait).
        estimated_wait_s: u64,
    },
    /// A caller left a queue.
    CallerLeft {
        /// The call.
        call: CallRef,
        /// The queue.
        queue: String,
        /// Why.
        reason: LeftQueue,
        /// Seconds waited.
        waited_s: u64,
    },
    /// A queue's figures changed.
    QueueChanged(QueueStats),
    /// A caller has waited longer than the queue's maximum.
    QueueMaxWaitExceeded {
        /// The call.
        call: CallRef,
        /// The queue.
        queue: String,
        /// Seconds waited.
        waited_s: u64,
        /// The queue's maximum, seconds.
        max_wait_s: u64,
    },

    // --- Core events beyond the catalog (the tap's own feed: no agent's session carries them) ---
    /// A recording moment.
    Recording(Recording),
    /// A quality-assurance moment.
    Qa(Scorecard),
}

macro_rules! kinds {
    ($( $kind:ident => $source:literal, )*) => {
        /// The variant of a [`Happening`], without its data: what the mapping tables are keyed by.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $( #[doc = $source] $kind, )* }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$( Kind::$kind, )*];

            /// The core event(s) it is derived from, for the mapping tables (docs/dialects.md).
            pub fn source(self) -> &'static str {
                match self { $( Kind::$kind => $source, )* }
            }

            /// The variant's name.
            pub fn name(self) -> &'static str {
                match self { $( Kind::$kind => stringify!($kind), )* }
            }
        }
    };
}

kinds! {
    AgentLoggedIn => "`agentStatus`: offline → logged in",
    AgentLoggedOut => "`agentStatus`: → offline (stateAction logout / kicked / forcedOffline / keyRevoked)",
    AgentReady => "`agentStatus`: → idle",
    AgentAway => "`agentStatus`: → busy (pause, noAnswer, supervisorPause)",
    AgentStatusChanged => "`agentStatus`: any change",
    AgentPresence => "`agentStatus`: presence (available / busy / away / offline) or current call changes",
    AgentSync => "the face's periodic `Observer::sync`",
    MemberPaused => "`agentStatus` → busy, for each queue the agent is a member of (`queueStatus.agentStatuses`)",
    MemberResumed => "`agentStatus` busy → logged in and not busy, for each of the agent's queues",
    WrapupStarted => "`agentStatus`: → wrapup",
    WrapupEnded => "`agentStatus`: wrapup → anything else",
    CallOffered => "`ringing`",
    OfferRejected => "`agentStatus` stateAction `reject`",
    OfferRescinded => "`agentStatus` stateAction `abandoned` (caller hung up) or `noAnswer` (rang out)",
    CallAnswered => "`agentStatus`: ringing / calling → talking (`answer`, `bridge`, `transferIn`)",
    CallLeft => "`agentStatus`: talking → wrapup (`hangup`, `customerHangup`, `forcedHangup`, `transferred`)",
    OutboundStarted => "`previewObCallStart`",
    OutboundFailed => "`previewObCallResult` with result `error`",
    Muted => "`agentStatus` stateAction `mute` / `unmute`",
    Transcript => "`transcript` (first `intermediateResult` of a sentence; `sentenceEnd`)",
    CallbackDue => "`orderCallBack`",
    MonitorStarted => "`spyLink` / `whisperLink` / `threewayLink` / `bargeLink` (the supervisor's copy)",
    MonitorEnded => "`spyUnlink` / `whisperUnlink` / `threewayUnlink` / `bargeUnlink` (the supervisor's copy)",
    MonitorFailed => "`spyResult` / `whisperResult` / `threewayResult` / `bargeResult` with result `error`",
    SessionCreated => "first sight of a call: a `queueStatus` entry, a `ringing`, or `previewObCallStart`",
    SessionConnected => "`agentStatus` → talking on the customer's leg",
    SessionTransferred => "`agentStatus` stateAction `transferred`",
    SessionDropped => "a `queueStatus` entry gone without an offer, or `agentStatus` `abandoned`",
    SessionEnded => "the owning agent's `hangup` / `customerHangup` / `forcedHangup`, or a failed outbound call",
    ContactSeen => "a customer number seen for the first time (`queueStatus` entry, `ringing`, `previewObCallStart`)",
    QueueOpened => "a queue's first `queueStatus` snapshot",
    QueueClosed => "a queue missing from a later `queueStatus`",
    CallerJoined => "a new `queueStatus.queueEntries` entry (or a `ringing` for a queue call never seen waiting)",
    CallerLeft => "an entry gone from `queueStatus.queueEntries`, or its `ringing`",
    QueueChanged => "`queueStatus`: a queue's figures changed",
    QueueMaxWaitExceeded => "`queueStatus`: an entry's `waitSeconds` passed `maxWaitSeconds`",
    Recording => "the core's recording feed: started when the customer and an agent first talk, finished when the call ends",
    Qa => "the core's QA feed: a scorecard saved when the agent's wrap-up of a recorded call ends",
}

impl Happening {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Self::AgentLoggedIn { .. } => Kind::AgentLoggedIn,
            Self::AgentLoggedOut { .. } => Kind::AgentLoggedOut,
            Self::AgentReady { .. } => Kind::AgentReady,
            Self::AgentAway { .. } => Kind::AgentAway,
            Self::AgentStatusChanged { .. } => Kind::AgentStatusChanged,
            Self::AgentPresence { .. } => Kind::AgentPresence,
            Self::AgentSync { .. } => Kind::AgentSync,
            Self::MemberPaused { .. } => Kind::MemberPaused,
            Self::MemberResumed { .. } => Kind::MemberResumed,
            Self::WrapupStarted { .. } => Kind::WrapupStarted,
            Self::WrapupEnded { .. } => Kind::WrapupEnded,
            Self::CallOffered { .. } => Kind::CallOffered,
            Self::OfferRejected { .. } => Kind::OfferRejected,
            Self::OfferRescinded { .. } => Kind::OfferRescinded,
            Self::CallAnswered { .. } => Kind::CallAnswered,
            Self::CallLeft { .. } => Kind::CallLeft,
            Self::OutboundStarted { .. } => Kind::OutboundStarted,
            Self::OutboundFailed { .. } => Kind::OutboundFailed,
            Self::Muted { .. } => Kind::Muted,
            Self::Transcript(_) => Kind::Transcript,
            Self::CallbackDue { .. } => Kind::CallbackDue,
            Self::MonitorStarted(_) => Kind::MonitorStarted,
            Self::MonitorEnded(_) => Kind::MonitorEnded,
            Self::MonitorFailed(_) => Kind::MonitorFailed,
            Self::SessionCreated { .. } => Kind::SessionCreated,
            Self::SessionConnected { .. } => Kind::SessionConnected,
            Self::SessionTransferred { .. } => Kind::SessionTransferred,
            Self::SessionDropped { .. } => Kind::SessionDropped,
            Self::SessionEnded { .. } => Kind::SessionEnded,
            Self::ContactSeen { .. } => Kind::ContactSeen,
            Self::QueueOpened { .. } => Kind::QueueOpened,
            Self::QueueClosed { .. } => Kind::QueueClosed,
            Self::CallerJoined { .. } => Kind::CallerJoined,
            Self::CallerLeft { .. } => Kind::CallerLeft,
            Self::QueueChanged(_) => Kind::QueueChanged,
            Self::QueueMaxWaitExceeded { .. } => Kind::QueueMaxWaitExceeded,
            Self::Recording(_) => Kind::Recording,
            Self::Qa(_) => Kind::Qa,
        }
    }
}

/// A happening and the core time it happened at (Unix ms, from the observer's input).
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped {
    /// When, Unix ms.
    pub at_ms: i64,
    /// What.
    pub happening: Happening,
}
