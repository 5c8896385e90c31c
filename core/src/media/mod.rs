//! The softphone leg as the engine sees it (issue 5; docs/protocol.md §10): one type per step,
//! and the shell's jobs as [`MediaAction`]s. The engine decides when to open, negotiate, poll
//! and close; the shell owns the `RTCPeerConnection` and reports back.

pub mod devices;

use crate::session::Ticket;
use crate::time::Time;

/// What the shell must do with the peer connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaAction {
    /// Create the peer connection with the microphone (`input`, the page's choice; `None` the
    /// default), gather, and report the complete offer with `handle_media_offer` (or
    /// `handle_media_failed`), and the microphone's device id with `handle_microphone_opened`.
    Open {
        /// The microphone's device id, if the page chose one.
        input: Option<String>,
    },
    /// Apply the gateway's answer.
    ApplyAnswer(String),
    /// Read `getStats()` and report a snapshot with `handle_stats`.
    PollStats,
    /// Close the peer connection and release the microphone.
    Close,
    /// Open this microphone (`None`: the default), put its track on the leg's sender in place
    /// of the old one (`replaceTrack`: no renegotiation, the call goes on), stop the old one;
    /// report with `handle_input_switched`.
    SwitchInput(Option<String>),
    /// Play the far end on this output device (`setSinkId`), now or when the audio starts;
    /// report with `handle_output_set`.
    SetOutput(String),
}

/// The leg, one type per step: Preparing → Negotiating → Up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leg {
    /// The shell is creating the offer; `sipLink` waits for it.
    Preparing(Preparing),
    /// `sipLink` with the offer is on the wire.
    Negotiating(Negotiating),
    /// The answer is applied: media flows, stats are polled.
    Up(Up),
}

/// Step: waiting for the local offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preparing {
    /// The `sipLink()` call to settle.
    pub ticket: Ticket,
    /// Give up creating the offer at this time (microphone prompt, gathering).
    pub deadline: Time,
}

/// Step: the offer went out with `sipLink`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiating {
    /// The request carrying the offer.
    pub request: u64,
}

/// Step: the leg is up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Up {
    /// Next `getStats()` poll, when stats are on.
    pub next_poll: Option<Time>,
    /// A poll whose snapshot has not come back yet: the next one waits for it.
    pub poll_in_flight: bool,
    /// ICE went `disconnected` at this time; `sipDisconnected` after the grace period.
    pub disconnected_since: Option<Time>,
    /// The page woke from a sleep at this time and ICE has not been seen working since: a
    /// failure now is reported as one across the sleep (`iceFailedAfterWake`).
    pub woke_at: Option<Time>,
}

impl Preparing {
    /// The offer is ready and sent as request `request`.
    pub fn negotiate(self, request: u64) -> Negotiating {
        Negotiating { request }
    }
}

impl Negotiating {
    /// The answer is applied; stats polling starts now when enabled.
    pub fn up(self, now: Time, stats: bool) -> Up {
        Up {
            next_poll: stats.then_some(now),
            poll_in_flight: false,
            disconnected_since: None,
            woke_at: None,
        }
    }
}

/// Milliseconds the shell may take to open the microphone and gather (a permission prompt needs
/// a human): 30 s, then `sipLink` resolves with `MEDIA_FAILED`.
pub const PREPARE_TIMEOUT_MS: u64 = 30_000;
