//! One typed payload struct per catalog event, `<EventName>Event`, grouped by area.
//!
//! Field names and JSON types are the seed's (seed 003 §3); the structs leave `eventType` out
//! because [`super::CatalogEvent`]'s tag writes and reads it.

pub mod call;
pub mod consult;
pub mod preview;
pub mod quality;
pub mod session;
pub mod supervisor;

pub use call::TranscriptEvent;
#[cfg(feature = "json")]
pub use call::{InteractReturnEvent, OrderCallBackEvent, RingingEvent};
pub use consult::{
    AtxferEndedEvent, AtxferErrorEvent, AtxferLinkEvent, AtxferStartEvent,
    AtxferThreewayUnlinkEvent, CompleteAtxferResultEvent, ThreewayAtxferResultEvent,
};
pub use preview::{
    PreviewObCallBridgeEvent, PreviewObCallResultEvent, PreviewObCallRingingEvent,
    PreviewObCallStartEvent,
};
pub use quality::{PingEvent, WebrtcStatsEvent, WebrtcStatsTotals};
pub use session::{
    AgentStatusEvent, ExtenStateEvent, ReconnectAttemptEvent, SessionInitEvent,
    SessionTerminateEvent, SipDisconnectedEvent, SipSessionInitEvent, SipSessionTerminateEvent,
};
pub use supervisor::{
    BargeLinkEvent, BargeResultEvent, BargeUnlinkEvent, DisconnectResultEvent,
    SetOfflineResultEvent, SpyLinkEvent, SpyResultEvent, SpyUnlinkEvent, ThreewayLinkEvent,
    ThreewayResultEvent, ThreewayUnlinkEvent, WhisperLinkEvent, WhisperResultEvent,
    WhisperUnlinkEvent,
};
#[cfg(feature = "json")]
pub use supervisor::{QueueSnapshot, QueueStatusEvent};
