//! The agent status object that `agentStatus` carries (seed 003 §3.1, PRODUCT.md §2).
//!
//! The numeric codes cross the wire as JSON numbers, so each code type converts to and from its
//! integer with serde's `try_from`/`into`: an unknown number from the network is a parse error,
//! never a panic and never a silently wrong variant.

use serde::{Deserialize, Serialize};

/// The agent's coarse state (seed 003 §3.3 lists the eight values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgentState {
    /// Not logged in.
    Offline,
    /// Logged in but the bound endpoint cannot be reached.
    Invalid,
    /// Ready for calls.
    Idle,
    /// Paused (not routable).
    Busy,
    /// Dialing out.
    Calling,
    /// A call is ringing at the agent.
    Ringing,
    /// On a call.
    Talking,
    /// After-call work.
    Wrapup,
}

impl AgentState {
    /// Every state, in the order of [`Self::NAMES`].
    pub const ALL: [AgentState; 8] = [
        Self::Offline,
        Self::Invalid,
        Self::Idle,
        Self::Busy,
        Self::Calling,
        Self::Ringing,
        Self::Talking,
        Self::Wrapup,
    ];

    /// The wire strings of [`Self::ALL`], as in the seed: the JS layer passes a state as its
    /// index here.
    pub const NAMES: [&'static str; 8] = [
        "offline", "invalid", "idle", "busy", "calling", "ringing", "talking", "wrapup",
    ];

    /// The state at `index` of [`Self::ALL`].
    pub fn from_index(index: u32) -> Option<Self> {
        Self::ALL.get(usize::try_from(index).ok()?).copied()
    }

    /// The wire string, as in the seed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offline => "offline",
            Self::Invalid => "invalid",
            Self::Idle => "idle",
            Self::Busy => "busy",
            Self::Calling => "calling",
            Self::Ringing => "ringing",
            Self::Talking => "talking",
            Self::Wrapup => "wrapup",
        }
    }
}

impl crate::text::Piece for AgentState {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl std::fmt::Display for AgentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a numeric code outside its documented range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {value} is not one of the documented values ({allowed})")]
pub struct CodeOutOfRange {
    /// Which code field was wrong.
    pub field: &'static str,
    /// The value received.
    pub value: i64,
    /// The values that are allowed, for the message.
    pub allowed: &'static str,
}

/// The bound device's state: −1 invalid, 0 idle, 1 locked, 2 dialing, 3 ringing, 4 talking
/// (PRODUCT.md §2, research/agentsdk-reference.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum DeviceStatus {
    /// No usable device (also the value while offline: nothing is bound).
    Invalid,
    /// Device free.
    Idle,
    /// Device locked by the platform.
    Locked,
    /// Device dialing.
    Dialing,
    /// Device ringing.
    Ringing,
    /// Device in a call.
    Talking,
}

impl TryFrom<i64> for DeviceStatus {
    type Error = CodeOutOfRange;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Ok(match value {
            -1 => Self::Invalid,
            0 => Self::Idle,
            1 => Self::Locked,
            2 => Self::Dialing,
            3 => Self::Ringing,
            4 => Self::Talking,
            _ => {
                return Err(CodeOutOfRange {
                    field: "deviceStatus",
                    value,
                    allowed: "-1..=4",
                })
            }
        })
    }
}

impl From<DeviceStatus> for i64 {
    fn from(value: DeviceStatus) -> Self {
        match value {
            DeviceStatus::Invalid => -1,
            DeviceStatus::Idle => 0,
            DeviceStatus::Locked => 1,
            DeviceStatus::Dialing => 2,
            DeviceStatus::Ringing => 3,
            DeviceStatus::Talking => 4,
        }
    }
}

/// The login / pause status: 0 logged out, 1 idle, 2 busy, 3 wrap-up (PRODUCT.md §2). It is
/// both the `initialStatus` a `login` asks for and the one `agentStatus` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum InitialStatus {
    /// Not logged in.
    LoggedOut,
    /// Ready.
    Idle,
    /// Paused.
    Busy,
    /// In after-call work.
    Wrapup,
}

impl TryFrom<i64> for InitialStatus {
    type Error = CodeOutOfRange;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Ok(match value {
            0 => Self::LoggedOut,
            1 => Self::Idle,
            2 => Self::Busy,
            3 => Self::Wrapup,
            _ => {
                return Err(CodeOutOfRange {
                    field: "initialStatus",
                    value,
                    allowed: "0..=3",
                })
            }
        })
    }
}

impl From<InitialStatus> for i64 {
    fn from(value: InitialStatus) -> Self {
        match value {
            InitialStatus::LoggedOut => 0,
            InitialStatus::Idle => 1,
            InitialStatus::Busy => 2,
            InitialStatus::Wrapup => 3,
        }
    }
}

crate::payload! {
    /// The `status` object of an `agentStatus` event (seed 003 §3.1; optional extras from
    /// research/agentsdk-reference.md §6: they are present only in the situations noted).
    pub struct AgentStatus {
        /// Coarse state.
        pub state: AgentState = "state",
        /// The cause of the last transition; the list is in docs/agent-status.md.
        pub state_action: String = "stateAction",
        /// Login / pause status.
        pub initial_status: InitialStatus = "initialStatus",
        /// Device state.
        pub device_status: DeviceStatus = "deviceStatus",
        /// Present while deviceStatus is 2, 3 or 4.
        pub call_type: Option<i64> = "callType" { optional },
        /// Per-leg call id, present while deviceStatus is 2, 3 or 4.
        pub unique_id: Option<String> = "uniqueId" { optional },
        /// Main call id, present while deviceStatus is 2, 3 or 4.
        pub main_unique_id: Option<String> = "mainUniqueId" { optional },
        /// The pause reason, present while initialStatus is 2 (busy).
        pub pause_description: Option<String> = "pauseDescription" { optional },
        /// The pause type given to `pause` (0 productive, 2 non-productive), while busy.
        pub pause_type: Option<i64> = "pauseType" { optional },
        /// Seconds of after-call work, present while in wrap-up.
        pub wrapup_time: Option<i64> = "wrapupTime" { optional },
    }
}

impl Eq for AgentStatus {}

#[cfg(feature = "json")]
impl crate::events::schema::Field for AgentState {
    fn kind() -> crate::events::schema::Kind {
        crate::events::schema::Kind::Enum("AgentState", &AgentState::NAMES)
    }
}

#[cfg(feature = "json")]
impl crate::events::schema::Field for DeviceStatus {
    fn kind() -> crate::events::schema::Kind {
        crate::events::schema::Kind::IntEnum("DeviceStatus", &[-1, 0, 1, 2, 3, 4])
    }
}

#[cfg(feature = "json")]
impl crate::events::schema::Field for InitialStatus {
    fn kind() -> crate::events::schema::Kind {
        crate::events::schema::Kind::IntEnum("InitialStatus", &[0, 1, 2, 3])
    }
}

impl AgentStatus {
    /// The status of an agent that is not logged in.
    pub fn offline(state_action: &str) -> Self {
        Self {
            state: AgentState::Offline,
            state_action: state_action.to_owned(),
            initial_status: InitialStatus::LoggedOut,
            device_status: DeviceStatus::Invalid,
            call_type: None,
            unique_id: None,
            main_unique_id: None,
            pause_description: None,
            pause_type: None,
            wrapup_time: None,
        }
    }

    /// Becomes a copy of `from`, reusing its own strings' buffers: what `clone_from` would do
    /// field by field (the derived one clones the whole struct), so taking an agent's status
    /// allocates nothing once its strings have had their size (the wasm SDK's hot path).
    pub fn assign(&mut self, from: &AgentStatus) {
        let AgentStatus {
            state,
            state_action,
            initial_status,
            device_status,
            call_type,
            unique_id,
            main_unique_id,
            pause_description,
            pause_type,
            wrapup_time,
        } = from;
        self.state = *state;
        self.state_action.clone_from(state_action);
        self.initial_status = *initial_status;
        self.device_status = *device_status;
        self.call_type = *call_type;
        self.unique_id.clone_from(unique_id);
        self.main_unique_id.clone_from(main_unique_id);
        self.pause_description.clone_from(pause_description);
        self.pause_type = *pause_type;
        self.wrapup_time = *wrapup_time;
    }

    /// True when the agent is logged in (any state but offline).
    pub fn is_logged_in(&self) -> bool {
        self.state != AgentState::Offline
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_with_seed_field_names_and_numeric_codes() {
        let json = r#"{"state":"idle","stateAction":"login","initialStatus":1,"deviceStatus":0}"#;
        let status: AgentStatus = serde_json::from_str(json).unwrap();
        assert_eq!(status.state, AgentState::Idle);
        assert_eq!(status.device_status, DeviceStatus::Idle);
        assert_eq!(serde_json::to_string(&status).unwrap(), json);
    }

    #[test]
    fn unknown_device_status_is_a_parse_error_not_a_panic() {
        let json = r#"{"state":"idle","stateAction":"x","initialStatus":1,"deviceStatus":9}"#;
        let err = serde_json::from_str::<AgentStatus>(json).unwrap_err();
        assert!(err.to_string().contains("deviceStatus 9"), "{err}");
    }

    #[test]
    fn offline_status_has_no_device_and_logged_out_status() {
        let s = AgentStatus::offline("logout");
        assert!(!s.is_logged_in());
        assert_eq!(i64::from(s.device_status), -1);
        assert_eq!(i64::from(s.initial_status), 0);
    }
}
