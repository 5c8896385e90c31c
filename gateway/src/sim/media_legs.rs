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

/// A leg that could not be opened; its text is the `sipLink` reply's message
/// (`errorCode: "MEDIA_FAILED"`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MediaLegError(pub String);

/// What [`MediaLegs::open`] returns: the answer SDP, or None for a leg without media.
pub type MediaOpen<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, MediaLegError>> + Send + 'a>>;

/// Opens and closes softphone media legs.
pub trait MediaLegs: fmt::Debug + Send + Sync + 'static {
    /// Opens `leg` for the SDP `offer` (replacing a leg of the same agent still open).
    /// Called before the simulator decides; if it then refuses the `sipLink`, it closes the
    /// leg again.
    fn open<'a>(&'a self, leg: &'a SoftphoneLeg, offer: &'a str) -> MediaOpen<'a>;
    /// Closes `leg` if it is open. Must not block (spawn what takes time).
    fn close(&self, leg: &SoftphoneLeg);

    /// Once: the legs that end by themselves (media lost), with a reason, so the simulator can
    /// emit `sipDisconnected`. `None` for media that never ends on its own.
    fn take_ended(&self) -> Option<tokio::sync::mpsc::Receiver<(SoftphoneLeg, String)>> {
        None
    }

    /// The `/control/media` knob (docs/gateway.md): stop or thin out the customer's audio.
    fn set_faults(
        &self,
        _tenant: Option<&str>,
        _agent_no: Option<&str>,
        _sending: Option<bool>,
        _drop_percent: Option<u8>,
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
