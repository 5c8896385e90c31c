//! One type per flow step (STYLE.md habit 3; docs/flows.md §4, §5, §7). A transition consumes a
//! step and returns the next, so a step that does not exist yet cannot be acted on.

/// The consult (attended transfer) flow: Dialing → Linked → ThreeWay, then done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consult {
    /// `atxferStart`: the customer is on hold, the target is being dialed.
    Dialing(ConsultDialing),
    /// `atxferLink`: the agent talks with the consult party.
    Linked(ConsultLinked),
    /// `threewayAtxferResult`: agent, customer and consult party talk together.
    ThreeWay(ConsultThreeWay),
}

/// Consult step: dialing the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultDialing {
    /// The call being consulted about.
    pub main_unique_id: String,
}

/// Consult step: linked with the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultLinked {
    /// The consult party.
    pub target: String,
    /// 0 number, 1 agent, 2 extension.
    pub target_type: i64,
}

/// Consult step: three-way conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultThreeWay {
    /// The consult party.
    pub target: String,
    /// 0 number, 1 agent, 2 extension.
    pub target_type: i64,
}

impl ConsultDialing {
    /// The target answered.
    pub fn link(self, target: String, target_type: i64) -> ConsultLinked {
        ConsultLinked {
            target,
            target_type,
        }
    }
}

impl ConsultLinked {
    /// All three talk.
    pub fn three_way(self) -> ConsultThreeWay {
        ConsultThreeWay {
            target: self.target,
            target_type: self.target_type,
        }
    }
}

impl Consult {
    /// The step's name, for messages.
    pub fn step(&self) -> &'static str {
        match self {
            Self::Dialing(_) => "dialing the consult target",
            Self::Linked(_) => "linked with the consult target",
            Self::ThreeWay(_) => "in a consult three-way",
        }
    }
}

/// The preview outbound flow: Requested → Dialing → CustomerRinging → Bridged, then done with
/// `previewObCallResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// `previewObCall` sent, no event yet.
    Requested,
    /// `previewObCallStart`.
    Dialing {
        /// The outbound call.
        main_unique_id: String,
    },
    /// `previewObCallRinging`.
    CustomerRinging {
        /// The outbound call.
        main_unique_id: String,
    },
    /// `previewObCallBridge`.
    Bridged {
        /// The outbound call.
        main_unique_id: String,
    },
}

/// What a supervisor does to an agent's call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonitorMode {
    /// Silent monitoring.
    Spy,
    /// Coaching heard by the agent only.
    Whisper,
    /// Joining the call.
    Threeway,
    /// Taking part, heard by both.
    Barge,
}

impl MonitorMode {
    /// The command that starts it.
    pub fn start_action(self) -> &'static str {
        match self {
            Self::Spy => "spy",
            Self::Whisper => "whisper",
            Self::Threeway => "threeway",
            Self::Barge => "barge",
        }
    }
}

/// A supervisor's monitor of one agent: Requested → Linked, then done with its `…Unlink`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Monitor {
    /// `…Result` success arrived; the link is being made.
    Requested {
        /// Which kind.
        mode: MonitorMode,
        /// The monitored agent.
        target: String,
    },
    /// `…Link` arrived.
    Linked {
        /// Which kind.
        mode: MonitorMode,
        /// The monitored agent.
        target: String,
    },
}

impl Monitor {
    /// The kind of monitor.
    pub fn mode(&self) -> MonitorMode {
        match self {
            Self::Requested { mode, .. } | Self::Linked { mode, .. } => *mode,
        }
    }

    /// The monitored agent.
    pub fn target(&self) -> &str {
        match self {
            Self::Requested { target, .. } | Self::Linked { target, .. } => target,
        }
    }

    /// The link was made.
    pub fn link(self) -> Monitor {
        match self {
            Self::Requested { mode, target } | Self::Linked { mode, target } => {
                Self::Linked { mode, target }
            }
        }
    }
}
