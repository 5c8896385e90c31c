//! The media side of the softphone leg: the gateway terminates the browser's WebRTC leg and
//! plays the customer.
//!
//! One [`MediaServer`] per gateway. Each `sipLink` with an SDP offer becomes a [`MediaLeg`]:
//! a str0m `Rtc` (ICE, DTLS-SRTP, RTP/RTCP), one UDP socket on 127.0.0.1 and one tokio task.
//! The answer goes back in the reply, complete with its host candidate (docs/protocol.md §10).
//! While the leg is up the customer sends one Opus packet every 20 ms: the agent's own packets
//! echoed back, or a constant silent frame when none are waiting (see `opus.rs`). The fault
//! knobs ([`Faults`]) stop that audio or drop a share of it, per leg or for all legs.
//!
//! ```no_run
//! # async fn demo(offer: &str) -> Result<(), agentdesk_gateway::media::MediaError> {
//! use agentdesk_gateway::media::{Faults, MediaConfig, MediaServer};
//! let server = MediaServer::new(MediaConfig::default());
//! let leg = server.open_leg(offer)?;
//! let answer = leg.answer_sdp().to_owned(); // into sipLink's reply
//! leg.set_faults(Faults { sending: Some(false), ..Faults::default() }); // one-way audio
//! println!("{:?}", leg.stats());
//! leg.close().await; // task ended, socket freed
//! # let _ = answer; Ok(()) }
//! ```

mod agents;
mod customer;
mod driver;
mod echo;
mod faults;
mod leg;
mod opus;
mod peer;
mod server;
pub mod sim_seam;

use std::time::Duration;

pub use agents::{AgentLeg, AgentLegs};
pub use echo::{EchoError, EchoLegs, MAX_ECHO};
pub use faults::Faults;
pub use leg::{EndReason, LegId, LegState, LegStats, LegWatch, MediaLeg};
pub use peer::{LoopbackPeer, PeerError, PeerOffer, PeerStats};
pub use server::{LegInfo, MediaServer};

/// How long a leg whose browser went quiet or whose ICE broke is kept for an ICE restart
/// (`sipRelink`): 30 s, the consent freshness timeout of RFC 7675 §5.1, which is also how long the
/// SDK keeps restarting before it ends the leg itself (docs/protocol.md §10). Shorter, the
/// gateway would end legs the SDK could still save, and the page would hear the gateway's
/// `mediaLost` instead of the SDK's reason.
pub const ICE_RESTART_WINDOW: Duration = Duration::from_secs(30);

/// The longest SDP offer accepted. A browser's audio-only offer is 2–4 kB; one with video and
/// every codec stays well under 16 kB.
pub const MAX_OFFER_BYTES: usize = 64 * 1024;

/// Why a leg could not be opened. Offers come from the network: every bad one ends here, none
/// panics.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The offer is longer than [`MAX_OFFER_BYTES`].
    #[error("SDP offer is {len} bytes, more than the {max} accepted")]
    OfferTooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The offer is not SDP str0m can read.
    #[error("SDP offer does not parse: {0}")]
    BadOffer(#[from] str0m::error::SdpError),
    /// str0m read the offer but cannot answer it (no ICE credentials, no DTLS fingerprint…).
    #[error("SDP offer refused: {0}")]
    Refused(#[from] str0m::RtcError),
    /// The offer has no audio m-line on which the customer can send Opus.
    #[error("SDP offer has no audio m-line the gateway can send Opus on")]
    NoAudio,
    /// The server already runs its maximum of legs.
    #[error("too many media legs ({max} open)")]
    TooManyLegs {
        /// The limit, [`MediaConfig::max_legs`].
        max: usize,
    },
    /// No UDP socket could be bound on 127.0.0.1.
    #[error("cannot bind a UDP socket on 127.0.0.1: {0}")]
    Bind(#[source] std::io::Error),
    /// Called outside a tokio runtime: the leg's task has nowhere to run.
    #[error("media legs need a tokio runtime")]
    NoRuntime,
    /// A re-offer (`sipRelink`) for a leg that is still answering the previous one.
    #[error("a re-offer of this leg is already being answered")]
    RelinkInFlight,
    /// A re-offer for a leg that has ended (its task is gone).
    #[error("the media leg has ended")]
    LegEnded,
    /// A re-offer for an agent without a leg.
    #[error("agent {0} has no media leg")]
    NoLeg(String),
    /// str0m refused the socket's address as a host candidate.
    #[error("bad host candidate: {0}")]
    Candidate(String),
}

/// The numbers of the media side, with their defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaConfig {
    /// Legs open at once, at most (default 64): each is a socket and a task.
    pub max_legs: usize,
    /// ICE and DTLS must be through within this after the answer (default 10 s), or the leg
    /// ends with [`EndReason::ConnectTimeout`].
    pub connect_timeout: Duration,
    /// ICE may stay disconnected this long before the leg ends with [`EndReason::MediaLost`]
    /// (default 30 s, [`ICE_RESTART_WINDOW`]).
    pub disconnect_grace: Duration,
    /// Nothing at all (RTP, RTCP, STUN consent checks) heard from the browser for this long
    /// ends the leg with [`EndReason::MediaLost`] (default 30 s, [`ICE_RESTART_WINDOW`]). A
    /// live browser sends RTP every 20 ms and consent checks every 5 s (RFC 7675 §5.1); one
    /// whose path died stops sending (Firefox sends nothing at all between ICE restart tries)
    /// and may still come back with `sipRelink` within the window.
    pub idle_timeout: Duration,
    /// The agent's packets held for echo, at most (default 5 = 100 ms); 0 sends only silence.
    pub echo_depth: usize,
    /// How often str0m reports RTCP-based stats (rtt, remote loss) into [`LegStats`]
    /// (default 1 s).
    pub stats_interval: Duration,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            max_legs: 64,
            connect_timeout: Duration::from_secs(10),
            disconnect_grace: ICE_RESTART_WINDOW,
            idle_timeout: ICE_RESTART_WINDOW,
            echo_depth: 5,
            stats_interval: Duration::from_secs(1),
        }
    }
}
