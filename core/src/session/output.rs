//! What the engine hands back to its shell: the [`Output`] queue and the [`Event`]s in it.

use crate::events::CatalogEvent;
use crate::local_events::{ResyncEvent, SessionKeyExpiringEvent};
use crate::media::MediaAction;
use crate::protocol::RawPayload;
use crate::quality::WarningChange;
use crate::response::{SdkErrorEvent, SdkResponse};

/// Correlates one JavaScript command call with its Promise; chosen by the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(pub u64);

/// One thing for the shell to do, in order.
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
    /// Settle the Promise of a command.
    Resolve {
        /// Which call.
        ticket: Ticket,
        /// Its outcome.
        response: SdkResponse,
    },
}

/// An event for listeners.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// One of the 40 catalog events, made by the SDK itself (`ping`, `reconnectAttempt`, …).
    Catalog(CatalogEvent),
    /// One of the 40 catalog events, from the gateway: the typed value the engine tracks, and
    /// the payload's text as it arrived, which listeners get verbatim.
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
}

impl Event {
    /// The catalog event, whether the SDK made it or the gateway sent it.
    pub fn catalog(&self) -> Option<&CatalogEvent> {
        match self {
            Self::Catalog(e) | Self::Relayed { event: e, .. } => Some(e),
            _ => None,
        }
    }

    /// The `eventType` listeners are registered under.
    pub fn event_type(&self) -> &str {
        match self {
            Self::Catalog(e) | Self::Relayed { event: e, .. } => e.event_type().as_str(),
            Self::Response(r) => &r.event_type,
            Self::Error(e) => e.event_type,
            Self::Resync(e) => e.event_type,
            Self::KeyExpiring(e) => e.event_type,
            Self::Warning(w) => w.event_name(),
        }
    }
}
