//! What the engine hands back to its shell: the [`Output`] queue and the [`Event`]s in it.

use crate::events::payloads::{
    AgentStatusEvent, PingEvent, ReconnectAttemptEvent, SessionTerminateEvent,
    SipDisconnectedEvent, WebrtcStatsEvent,
};
#[cfg(feature = "json")]
use crate::events::CatalogEvent;
use crate::events::EventType;
use crate::local_events::{ResyncEvent, SessionKeyExpiringEvent};
use crate::media::MediaAction;
#[cfg(feature = "json")]
use crate::protocol::RawPayload;
use crate::quality::WarningChange;
use crate::response::{SdkErrorEvent, SdkResponse};

/// Correlates one JavaScript command call with its Promise; chosen by the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(pub u64);

/// One thing for the shell to do, in order.
// The large variant is a `webrtcStats` the SDK made, once a second at most; outputs are drained
// at once, so boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Output {
    /// Open a WebSocket to `url` offering `protocol`; report `handle_socket_opened` or
    /// `handle_socket_closed`.
    OpenSocket {
        /// Full socket URL.
        url: String,
        /// Subprotocol to offer.
        protocol: &'static str,
    },
    /// Send one text frame on the open socket.
    Send(String),
    /// Close the socket and forget it: the engine already considers it closed, so no close
    /// event is to be reported for it.
    CloseSocket {
        /// WebSocket close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// Deliver an event to listeners (after the engine's borrow is released).
    Emit(Event),
    /// Act on the softphone's peer connection.
    Media(MediaAction),
    /// Ask the page's `sessionKeyProvider` for a fresh key and hand its answer (or its failure)
    /// to `handle_provided_key`: a reconnect attempt waits for it (`provider.rs`).
    WantKey,
    /// Settle the Promise of a command.
    Resolve {
        /// Which call.
        ticket: Ticket,
        /// Its outcome.
        response: SdkResponse,
    },
}

/// A catalog event the SDK makes itself rather than relays from the gateway. Serialized (native
/// builds) exactly as the same event in [`CatalogEvent`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
#[cfg_attr(feature = "json", serde(tag = "eventType"))]
pub enum Made {
    /// `agentStatus` offline when the session ends on the SDK's side.
    #[cfg_attr(feature = "json", serde(rename = "agentStatus"))]
    AgentStatus(AgentStatusEvent),
    /// `sessionTerminate` the gateway could not send.
    #[cfg_attr(feature = "json", serde(rename = "sessionTerminate"))]
    SessionTerminate(SessionTerminateEvent),
    /// `reconnectAttempt`.
    #[cfg_attr(feature = "json", serde(rename = "reconnectAttempt"))]
    ReconnectAttempt(ReconnectAttemptEvent),
    /// `sipDisconnected` when the leg fails on the SDK's side.
    #[cfg_attr(feature = "json", serde(rename = "sipDisconnected"))]
    SipDisconnected(SipDisconnectedEvent),
    /// `ping`.
    #[cfg_attr(feature = "json", serde(rename = "ping"))]
    Ping(PingEvent),
    /// `webrtcStats`.
    #[cfg_attr(feature = "json", serde(rename = "webrtcStats"))]
    WebrtcStats(WebrtcStatsEvent),
}

impl Made {
    /// The catalog events the SDK makes itself, in the order of the variants.
    pub const TYPES: [EventType; 6] = [
        EventType::AgentStatus,
        EventType::SessionTerminate,
        EventType::ReconnectAttempt,
        EventType::SipDisconnected,
        EventType::Ping,
        EventType::WebrtcStats,
    ];

    /// Its catalog entry.
    pub fn event_type(&self) -> EventType {
        match self {
            Self::AgentStatus(_) => EventType::AgentStatus,
            Self::SessionTerminate(_) => EventType::SessionTerminate,
            Self::ReconnectAttempt(_) => EventType::ReconnectAttempt,
            Self::SipDisconnected(_) => EventType::SipDisconnected,
            Self::Ping(_) => EventType::Ping,
            Self::WebrtcStats(_) => EventType::WebrtcStats,
        }
    }
}

/// An event for listeners.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// One of the 40 catalog events, made by the SDK itself (`ping`, `reconnectAttempt`, …).
    Catalog(Made),
    /// The gateway's event being handled (`Engine::handle_event`) is delivered now: the JS layer
    /// holds its payload and hands it to the listeners.
    Gateway(EventType),
    /// One of the 40 catalog events from the gateway, on the native text-frame path: the typed
    /// value, and the payload's text as it arrived, which listeners get verbatim.
    #[cfg(feature = "json")]
    Relayed {
        /// The typed event.
        event: CatalogEvent,
        /// Its JSON text.
        raw: RawPayload,
    },
    /// A command's response, as `<action>Resp`.
    Response(SdkResponse),
    /// `sdkError`.
    Error(SdkErrorEvent),
    /// `resync`.
    Resync(ResyncEvent),
    /// `sessionKeyExpiring`.
    KeyExpiring(SessionKeyExpiringEvent),
    /// `webrtcWarning` / `webrtcWarningCleared` (PRODUCT.md §2).
    Warning(WarningChange),
    /// `audioDevices`, `audioInputChanged`, `audioOutputChanged` (issue 15 item 4).
    Device(crate::media::devices::DeviceEvent),
    /// `sipReconnecting`, `sipReconnected` (issue 15 item 2).
    IceRestart(crate::media::IceRestartEvent),
}

impl Event {
    /// The `eventType` listeners are registered under.
    pub fn event_type(&self) -> &str {
        match self {
            Self::Catalog(e) => e.event_type().as_str(),
            Self::Gateway(t) => t.as_str(),
            #[cfg(feature = "json")]
            Self::Relayed { event, .. } => event.event_type().as_str(),
            Self::Response(r) => &r.event_type,
            Self::Error(e) => e.event_type,
            Self::Resync(e) => e.event_type,
            Self::KeyExpiring(e) => e.event_type,
            Self::Warning(w) => w.event_name(),
            Self::Device(d) => d.event_type,
            Self::IceRestart(e) => e.event_type,
        }
    }
}
