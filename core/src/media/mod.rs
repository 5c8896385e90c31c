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
    /// Apply the gateway's answer (to the offer, or to an ICE restart's re-offer), then report
    /// the ICE state as it stands with `handle_media_state`.
    ApplyAnswer(String),
    /// Restart ICE on the leg that is up (`createOffer({iceRestart: true})`): new ICE
    /// credentials, the same DTLS, SRTP and tracks. Gather, and report the complete re-offer
    /// with `handle_media_offer` (or `handle_media_failed`).
    RestartIce,
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
    /// An ICE restart under way.
    pub restart: Option<Restart>,
}

/// An ICE restart of the leg that is up (docs/protocol.md §10 "ICE across a sleep"): the call
/// stays up while the SDK re-offers; the leg ends only if ICE is not back by `give_up`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restart {
    /// 1 for the first try, at most [`ICE_RESTART_ATTEMPTS`].
    pub attempt: u32,
    /// Where this try is.
    pub step: RestartStep,
    /// This try is over at this time (no re-offer, no answer or no ICE yet): the next one goes.
    pub deadline: Time,
    /// ICE broke [`ICE_CONSENT_TIMEOUT_MS`] before this: the leg ends now if it is not back.
    pub give_up: Time,
    /// What broke ICE, the `reason` of `sipReconnecting` and of the `sipDisconnected` that
    /// ends the leg if every try fails: `iceDisconnected`, `iceFailed`, `iceFailedAfterWake`.
    pub reason: &'static str,
}

/// The step of one ICE restart try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartStep {
    /// The shell is making the re-offer.
    Offering,
    /// `sipRelink` with the re-offer is on the wire as this request.
    Relinking(u64),
    /// The answer is applied: ICE is checking the new path.
    Checking,
}

/// Tries of one ICE restart: a path that is back answers the first; three cover a network that
/// takes a few seconds to settle (a dock, a VPN) within [`ICE_CONSENT_TIMEOUT_MS`].
pub const ICE_RESTART_ATTEMPTS: u32 = 3;

/// One try's time to re-offer, be answered and connect: the consent timeout shared by the tries.
pub const ICE_RESTART_TRY_MS: u64 = ICE_CONSENT_TIMEOUT_MS / ICE_RESTART_ATTEMPTS as u64;

/// 30 s, the consent freshness timeout of RFC 7675 §5.1: a browser whose peer stopped answering
/// declares ICE failed by then, and a leg whose ICE is not back this long after it broke is
/// ended (`sipDisconnected`) instead of restarted again.
pub const ICE_CONSENT_TIMEOUT_MS: u64 = 30_000;

/// `sipReconnecting {attempt, reason}`: the leg's ICE broke and the SDK restarts it; the call
/// stays up. Several tries send one each.
pub const SIP_RECONNECTING: &str = "sipReconnecting";
/// `sipReconnected {attempt, reason}`: the restart worked; audio flows again on the same call.
pub const SIP_RECONNECTED: &str = "sipReconnected";

/// `sipReconnecting` / `sipReconnected` as listeners receive them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IceRestartEvent {
    /// [`SIP_RECONNECTING`] or [`SIP_RECONNECTED`].
    pub event_type: &'static str,
    /// The try, from 1.
    pub attempt: u32,
    /// What broke ICE ([`Restart::reason`]).
    pub reason: &'static str,
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
            restart: None,
        }
    }
}

/// Milliseconds the shell may take to open the microphone and gather (a permission prompt needs
/// a human): 30 s, then `sipLink` resolves with `MEDIA_FAILED`.
pub const PREPARE_TIMEOUT_MS: u64 = 30_000;
