//! The seam where the softphone's media plugs in (docs/protocol.md §10): `sipLink` with an SDP
//! offer opens a leg and answers with its SDP; the call's end, `sipUnlink` or a SIP disconnect
//! close it. [`NoMedia`], the default, answers without media (`data: {sdp: null}`); a WebRTC
//! stack implements [`MediaLegs`] and is handed to [`crate::Config::media`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// Which softphone leg: one per agent at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SoftphoneLeg {
    /// Tenant id.
    pub tenant_id: String,
    /// Agent number.
    pub agent_no: String,
}

impl SoftphoneLeg {
    /// The leg of `agent` (one per agent at a time).
    pub(crate) fn of(agent: &crate::port::AgentKey) -> Self {
        Self {
            tenant_id: agent.tenant_id.clone(),
            agent_no: agent.agent_no.clone(),
        }
    }
}

/// A leg that could not be opened; its text is the `sipLink` reply's message
/// (`errorCode: "MEDIA_FAILED"`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MediaLegError(pub String);

/// What [`MediaLegs::open`] returns: the answer SDP, or None for a leg without media.
pub type MediaOpen<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, MediaLegError>> + Send + 'a>>;

/// A `sipRelink` refused: the reply's `errorCode` and message (docs/protocol.md §10).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RelinkError {
    /// `BAD_REQUEST` (the re-offer is no SDP the leg can answer), `INVALID_STATE` (no leg, or
    /// it ended), `IN_PROGRESS` (the previous re-offer is still being answered) or
    /// `MEDIA_FAILED` (a gateway without media).
    pub code: &'static str,
    /// What was wrong.
    pub message: String,
}

/// What [`MediaLegs::relink`] returns: the answer SDP.
pub type MediaRelink<'a> = Pin<Box<dyn Future<Output = Result<String, RelinkError>> + Send + 'a>>;

/// Opens and closes softphone media legs.
pub trait MediaLegs: fmt::Debug + Send + Sync + 'static {
    /// Opens `leg` for the SDP `offer` (replacing a leg of the same agent still open).
    /// Called before the simulator decides; if it then refuses the `sipLink`, it closes the
    /// leg again.
    fn open<'a>(&'a self, leg: &'a SoftphoneLeg, offer: &'a str) -> MediaOpen<'a>;
    /// Opens the preflight's echo leg of `leg`'s agent for `offer` (`echoTest`): a far end that
    /// sends back what it hears, for at most `duration`; answers with its SDP. Media that has
    /// none says why.
    fn open_echo<'a>(
        &'a self,
        _leg: &'a SoftphoneLeg,
        _offer: &'a str,
        _duration: std::time::Duration,
    ) -> MediaOpen<'a> {
        Box::pin(async {
            Err(MediaLegError(
                "this gateway runs without softphone media: no echo test".to_owned(),
            ))
        })
    }

    /// `sipRelink`: the running `leg` answers a re-offer (an ICE restart) and goes on.
    fn relink<'a>(&'a self, _leg: &'a SoftphoneLeg, _offer: &'a str) -> MediaRelink<'a> {
        Box::pin(async {
            Err(RelinkError {
                code: "MEDIA_FAILED",
                message: "this gateway runs without softphone media".to_owned(),
            })
        })
    }

    /// Closes `leg` if it is open. Must not block (spawn what takes time).
    fn close(&self, leg: &SoftphoneLeg);

    /// Once: the legs that end by themselves (media lost), with a reason, so the simulator can
    /// emit `sipDisconnected`. `None` for media that never ends on its own.
    fn take_ended(&self) -> Option<tokio::sync::mpsc::Receiver<(SoftphoneLeg, String)>> {
        None
    }

    /// A trickled ICE candidate of the browser for `leg` (a Voki `ice_candidate`); the
    /// `candidate:` line of RFC 8839 §5.1. Media that cannot take one says why.
    fn add_candidate(&self, _leg: &SoftphoneLeg, _candidate: &str) -> Result<(), MediaLegError> {
        Err(MediaLegError(
            "this gateway runs without softphone media".to_owned(),
        ))
    }

    /// The `/control/media` knob (docs/gateway.md): stop or thin out the customer's audio, or
    /// blackhole everything the leg sends.
    fn set_faults(
        &self,
        _tenant: Option<&str>,
        _agent_no: Option<&str>,
        _sending: Option<bool>,
        _drop_percent: Option<u8>,
        _blackhole: Option<bool>,
    ) -> Result<serde_json::Value, String> {
        Err("this gateway runs without softphone media".to_owned())
    }
}

/// No media: every offer is answered without a leg (`sdp: null`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMedia;

impl MediaLegs for NoMedia {
    fn open<'a>(&'a self, _leg: &'a SoftphoneLeg, _offer: &'a str) -> MediaOpen<'a> {
        Box::pin(async { Ok(None) })
    }

    fn close(&self, _leg: &SoftphoneLeg) {}
}

/// A `sipLink` (or `echoTest`) with an SDP offer, waiting for its media leg to open (the
/// core's shell opens it, off the core's own step, and hands the outcome back with the command).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PendingSipLink {
    /// Who asked: the reply goes back to it once the leg's outcome is known.
    pub(crate) ctx: crate::sim::Ctx,
    pub(crate) params: serde_json::Map<String, serde_json::Value>,
    pub(crate) offer: String,
}

impl PendingSipLink {
    /// The agent's leg, as the media speaks of it.
    pub(crate) fn leg(&self) -> SoftphoneLeg {
        SoftphoneLeg::of(&self.ctx.key)
    }
}

/// A `sipRelink` waiting for the agent's leg to answer its re-offer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PendingRelink {
    /// Who asked: the reply goes back to it once the leg answered.
    pub(crate) ctx: crate::sim::Ctx,
    pub(crate) offer: String,
}

/// What the core asks of the media on its node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MediaOrder {
    /// Open the agent's leg for the offer, then give the command back with the outcome.
    Open(PendingSipLink),
    /// Open the agent's preflight echo leg for the offer (`echoTest`), for at most this long;
    /// the outcome comes back to the core as the command's (center/echo.rs).
    Echo(PendingSipLink, std::time::Duration),
    /// Close the agent's leg if it is open.
    Close(SoftphoneLeg),
    /// Hand the agent's leg a trickled remote ICE candidate.
    Candidate(SoftphoneLeg, String),
    /// Have the agent's leg answer a re-offer, then give the command back with the outcome.
    Relink(PendingRelink),
}

/// The media orders of the steps so far, in order, for the core's shell to carry out. The
/// simulator never calls the media stack itself: it only says what must happen.
#[derive(Debug, Default)]
pub(crate) struct MediaOrders(std::collections::VecDeque<MediaOrder>);

impl MediaOrders {
    /// Close `leg` (if open).
    pub(crate) fn close(&mut self, leg: &SoftphoneLeg) {
        self.0.push_back(MediaOrder::Close(leg.clone()));
    }

    /// Give `leg` a remote ICE candidate.
    pub(crate) fn candidate(&mut self, leg: SoftphoneLeg, candidate: String) {
        self.0.push_back(MediaOrder::Candidate(leg, candidate));
    }

    /// Open a leg for a `sipLink`.
    pub(crate) fn open(&mut self, pending: PendingSipLink) {
        self.0.push_back(MediaOrder::Open(pending));
    }

    /// Open an echo leg for an `echoTest`.
    pub(crate) fn echo(&mut self, pending: PendingSipLink, duration: std::time::Duration) {
        self.0.push_back(MediaOrder::Echo(pending, duration));
    }

    /// Have a leg answer a `sipRelink`'s re-offer.
    pub(crate) fn relink(&mut self, pending: PendingRelink) {
        self.0.push_back(MediaOrder::Relink(pending));
    }

    /// The next order.
    pub(crate) fn pop(&mut self) -> Option<MediaOrder> {
        self.0.pop_front()
    }
}
