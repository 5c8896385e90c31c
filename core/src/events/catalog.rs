//! The 40 catalog events (seed 003 §2), declared once: each row gives the event's Rust name, its
//! `eventType` on the wire, the `EventType` constant of the JavaScript face and its payload
//! struct (declared with [`payload!`](crate::payload) in `payloads/`).
//!
//! From this table come [`EventType`] (its order, names and lookups), and in native builds
//! [`CatalogEvent`] (the serde-tagged union the gateway writes and the text-frame path reads),
//! its facts and its payload decoders. The JS layer's tables and the TypeScript interfaces are
//! generated from the same table (tests/generated.rs), so a row added here reaches every face.
//!
//! The constants are copied from the seed rather than derived from the wire names because the
//! seed has irregular ones (`setOfflineResult` → `SET_OFFLINE`, `extenState` → `EXTENSTATE`,
//! `orderCallBack` → `ORDER_CALLBACK`, `previewObCall*` → `PREVIEW_OBCALL_*`).

#[cfg(feature = "json")]
use super::payloads::*;

macro_rules! one {
    ($_:ident) => {
        1
    };
}

macro_rules! event_catalog {
    ($( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, $constant:literal, $payload:ident; )*) => {
        /// One event of the catalog (seed 003 §2), in the seed's order.
        ///
        /// The derived `Ord` follows that order, so sorted collections of event types list them as
        /// the seed does.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl EventType {
            /// How many events the catalog has.
            pub const COUNT: usize = 0 $( + one!($variant) )*;

            /// Every event type, in the seed's order; an event's position here is its index
            /// (the JS layer names event types by index when it calls the engine).
            pub const ALL: [EventType; Self::COUNT] = [ $( EventType::$variant, )* ];

            /// The `eventType` string on the wire (seed 003 §2, "Event name" column).
            pub fn as_str(self) -> &'static str {
                match self { $( EventType::$variant => $wire, )* }
            }

            /// The name of the `EventType` constant in the JavaScript face (seed 003 §2,
            /// "EventType constant" column).
            pub fn constant(self) -> &'static str {
                match self { $( EventType::$variant => $constant, )* }
            }

            /// The event type whose wire name is `s`, or `None` for a name outside the catalog.
            /// Matching is exact (case-sensitive), as the wire is.
            pub fn from_wire(s: &str) -> Option<EventType> {
                match s { $( $wire => Some(EventType::$variant), )* _ => None }
            }

            /// This event's position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// The event at `index` of [`Self::ALL`].
            pub fn from_index(index: u32) -> Option<EventType> {
                Self::ALL.get(usize::try_from(index).ok()?).copied()
            }

            /// When the event fires, as the table says.
            #[cfg(feature = "json")]
            pub fn doc(self) -> &'static [&'static str] {
                match self { $( EventType::$variant => &[$($doc),*], )* }
            }

            /// The payload's declaration: its fields and their JSON kinds.
            #[cfg(feature = "json")]
            pub fn payload(self) -> (&'static str, &'static [&'static str], super::schema::Kind) {
                use super::schema::Field;
                match self { $( EventType::$variant => (stringify!($payload), $payload::DOC, $payload::kind()), )* }
            }
        }

        /// Any catalog event, tagged on the wire by its `eventType` (seed 003 §2, §3). Its serde
        /// form is the payload exactly as JavaScript receives it, `eventType` included, so a
        /// frame from the gateway and an event handed to a listener are the same JSON.
        #[cfg(feature = "json")]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "eventType")]
        pub enum CatalogEvent {
            $( $(#[doc = $doc])* #[serde(rename = $wire)] $variant($payload), )*
        }

        #[cfg(feature = "json")]
        impl CatalogEvent {
            /// The catalog entry of this event.
            pub fn event_type(&self) -> EventType {
                match self { $( Self::$variant(_) => EventType::$variant, )* }
            }

            /// The fields of this event the engine reads.
            pub fn facts(&self) -> super::schema::EventFacts<'_> {
                let mut facts = super::schema::EventFacts::default();
                match self { $( Self::$variant(e) => e.facts(&mut facts), )* }
                facts
            }

            /// Parses `raw` as the payload struct of `event_type`, with serde's plain error. The
            /// structs ignore unknown keys, so the payload's own `eventType` is skipped. Success
            /// means `raw` is one JSON object.
            pub(crate) fn decode_payload(event_type: EventType, raw: &str) -> serde_json::Result<Self> {
                use super::decode::FromPayload;
                Ok(match event_type { $( EventType::$variant => Self::$variant($payload::from_payload(raw)?), )* })
            }
        }
    };
}

event_catalog! {
    // --- Agent status -------------------------------------------------------------------------
    /// Fires whenever the agent's state, stateAction, initialStatus or deviceStatus changes:
    /// login, logout, pause, a call's progress, and offline after the reconnect loop gives up
    /// (§3.1).
    AgentStatus = "agentStatus", "AGENT_STATUS", AgentStatusEvent;

    // --- Preview outbound ---------------------------------------------------------------------
    /// Fires when the platform starts dialing the customer for `previewObCall` (§3.2).
    PreviewObCallStart = "previewObCallStart", "PREVIEW_OBCALL_START", PreviewObCallStartEvent;
    /// Fires when the customer's phone starts ringing in a preview outbound call (§3.3).
    PreviewObCallRinging = "previewObCallRinging", "PREVIEW_OBCALL_RINGING", PreviewObCallRingingEvent;
    /// Fires when the customer answers and is bridged with the agent (§3.4).
    PreviewObCallBridge = "previewObCallBridge", "PREVIEW_OBCALL_BRIDGE", PreviewObCallBridgeEvent;
    /// Fires once per preview outbound attempt with its outcome, connected or failed (§3.5).
    PreviewObCallResult = "previewObCallResult", "PREVIEW_OBCALL_RESULT", PreviewObCallResultEvent;

    // --- Consult ------------------------------------------------------------------------------
    /// Fires when `startAtxfer` has put the customer on hold and started calling the target
    /// (§3.7).
    AtxferStart = "atxferStart", "ATXFER_START", AtxferStartEvent;
    /// Fires when the consult target answers (§3.7).
    AtxferLink = "atxferLink", "ATXFER_LINK", AtxferLinkEvent;
    /// Fires when the consult ends by `resumeAtxfer`, a hangup or `cancelAtxfer` (§3.7).
    AtxferEnded = "atxferEnded", "ATXFER_ENDED", AtxferEndedEvent;
    /// Fires when the consult cannot be set up: target unreachable, refused, ... (§3.7).
    AtxferError = "atxferError", "ATXFER_ERROR", AtxferErrorEvent;
    /// Fires with the result of `threewayAtxfer`: agent, customer and target joined (§3.8).
    ThreewayAtxferResult = "threewayAtxferResult", "THREEWAY_ATXFER_RESULT", ThreewayAtxferResultEvent;
    /// Fires when the three-way call made from a consult ends (§3.8).
    AtxferThreewayUnlink = "atxferThreewayUnlink", "ATXFER_THREEWAY_UNLINK", AtxferThreewayUnlinkEvent;
    /// Fires with the result of `completeAtxfer`: the customer handed to the target (§3.8).
    CompleteAtxferResult = "completeAtxferResult", "COMPLETE_ATXFER_RESULT", CompleteAtxferResultEvent;

    // --- Calls and sessions -------------------------------------------------------------------
    /// Fires when a call (inbound, outbound leg, internal, transfer, ...) rings at the agent
    /// (§3.6).
    Ringing = "ringing", "RINGING", RingingEvent;
    /// Fires when login has established the agent session on the gateway.
    SessionInit = "sessionInit", "SESSION_INIT", SessionInitEvent;
    /// Fires when the agent session ends: logout, kicked, key revoked, or reconnect gave up.
    SessionTerminate = "sessionTerminate", "SESSION_TERMINATE", SessionTerminateEvent;
    /// Fires when the softphone has registered and its session is up.
    SipSessionInit = "sipSessionInit", "SIP_SESSION_INIT", SipSessionInitEvent;
    /// Fires when the softphone session is closed on purpose (logout, `sipUnlink`).
    SipSessionTerminate = "sipSessionTerminate", "SIP_SESSION_TERMINATE", SipSessionTerminateEvent;
    /// Fires before each reconnect attempt (code -1) and once when one succeeds (code 0) (§3.9).
    ReconnectAttempt = "reconnectAttempt", "RECONNECT_ATTEMPT", ReconnectAttemptEvent;

    // --- Supervisor ---------------------------------------------------------------------------
    /// Fires for a supervisor subscribed with `subscribeQueueStatus`, on every queue change
    /// (§3.10).
    QueueStatus = "queueStatus", "QUEUE_STATUS", QueueStatusEvent;
    /// Fires with the result of `spy` (§3.11).
    SpyResult = "spyResult", "SPY_RESULT", SpyResultEvent;
    /// Fires when the supervisor's monitoring leg joins the call (§3.11).
    SpyLink = "spyLink", "SPY_LINK", SpyLinkEvent;
    /// Fires when silent monitoring ends: `unspy` or the call ends (§3.11).
    SpyUnlink = "spyUnlink", "SPY_UNLINK", SpyUnlinkEvent;
    /// Fires with the result of the supervisor's `threeway` (§3.12).
    ThreewayResult = "threewayResult", "THREEWAY_RESULT", ThreewayResultEvent;
    /// Fires when the supervisor joins the call as a third party (§3.12).
    ThreewayLink = "threewayLink", "THREEWAY_LINK", ThreewayLinkEvent;
    /// Fires when the supervisor three-way ends: `unthreeway` or the call ends (§3.12).
    ThreewayUnlink = "threewayUnlink", "THREEWAY_UNLINK", ThreewayUnlinkEvent;
    /// Fires with the result of `whisper` (§3.13).
    WhisperResult = "whisperResult", "WHISPER_RESULT", WhisperResultEvent;
    /// Fires when the supervisor's coaching leg (heard by the agent only) joins (§3.13).
    WhisperLink = "whisperLink", "WHISPER_LINK", WhisperLinkEvent;
    /// Fires when whisper coaching ends: `unwhisper` or the call ends (§3.13).
    WhisperUnlink = "whisperUnlink", "WHISPER_UNLINK", WhisperUnlinkEvent;
    /// Fires with the result of `barge` (§3.14).
    BargeResult = "bargeResult", "BARGE_RESULT", BargeResultEvent;
    /// Fires when the supervisor has barged into the call (§3.14).
    BargeLink = "bargeLink", "BARGE_LINK", BargeLinkEvent;
    /// Fires when the barge-in ends: `unbarge` or the call ends (§3.14).
    BargeUnlink = "bargeUnlink", "BARGE_UNLINK", BargeUnlinkEvent;
    /// Fires with the result of the supervisor's `disconnect` of an agent's call (§3.15).
    DisconnectResult = "disconnectResult", "DISCONNECT_RESULT", DisconnectResultEvent;
    /// Fires with the result of `setOffline`, an agent forced offline (§3.16). The seed's
    /// constant drops `_RESULT`.
    SetOfflineResult = "setOfflineResult", "SET_OFFLINE", SetOfflineResultEvent;

    // --- Devices, IVR, transcripts ------------------------------------------------------------
    /// Fires when the bound extension registers, unregisters or becomes (un)reachable (§3.18).
    /// The seed's constant has no `_`.
    ExtenState = "extenState", "EXTENSTATE", ExtenStateEvent;
    /// Fires when an IVR entered with `transferIvr` returns the call with its variables (§3.19).
    InteractReturn = "interactReturn", "INTERACT_RETURN", InteractReturnEvent;
    /// Fires when the softphone connection drops unexpectedly (§3.20).
    SipDisconnected = "sipDisconnected", "SIP_DISCONNECTED", SipDisconnectedEvent;
    /// Fires for each partial and final transcription sentence during a call (§3.21).
    Transcript = "transcript", "TRANSCRIPT", TranscriptEvent;
    /// Fires when a scheduled callback is due (§3.17).
    OrderCallBack = "orderCallBack", "ORDER_CALLBACK", OrderCallBackEvent;

    // --- Quality ------------------------------------------------------------------------------
    /// Fires after every heartbeat (5 s): the answer's latency, or networkState 0 without one
    /// (§3.22).
    Ping = "ping", "PING", PingEvent;
    /// Fires once per second while the softphone leg is up and `webrtcStats` is enabled (§3.23).
    WebrtcStats = "webrtcStats", "WEBRTC_STATS", WebrtcStatsEvent;
}

impl crate::text::Piece for EventType {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn catalog_has_forty_distinct_wire_names() {
        // Seed 003 §2 lists 40 events.
        assert_eq!(EventType::COUNT, 40);
        let names: BTreeSet<_> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(names.len(), EventType::COUNT);
    }

    #[test]
    fn catalog_has_forty_distinct_constants() {
        let constants: BTreeSet<_> = EventType::ALL.iter().map(|t| t.constant()).collect();
        assert_eq!(constants.len(), EventType::COUNT);
        for c in constants {
            assert!(
                c.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{c}"
            );
        }
    }

    #[test]
    fn every_wire_name_and_index_maps_back_to_its_event_type() {
        for (i, t) in EventType::ALL.into_iter().enumerate() {
            assert_eq!(EventType::from_wire(t.as_str()), Some(t));
            assert_eq!((t.index(), EventType::from_index(i as u32)), (i, Some(t)));
        }
        assert_eq!(EventType::from_index(EventType::COUNT as u32), None);
    }

    #[test]
    fn unknown_or_miscased_wire_names_are_not_events() {
        assert_eq!(EventType::from_wire("transcriptEvent"), None);
        assert_eq!(EventType::from_wire("AgentStatus"), None);
        assert_eq!(EventType::from_wire(""), None);
    }

    #[test]
    fn all_lists_variants_in_sorted_seed_order() {
        let mut sorted = EventType::ALL;
        sorted.sort();
        assert_eq!(sorted, EventType::ALL);
        assert_eq!(EventType::ALL[0], EventType::AgentStatus);
        assert_eq!(EventType::ALL[EventType::COUNT - 1], EventType::WebrtcStats);
    }

    #[test]
    fn irregular_seed_constants_are_kept_verbatim() {
        assert_eq!(EventType::SetOfflineResult.constant(), "SET_OFFLINE");
        assert_eq!(EventType::ExtenState.constant(), "EXTENSTATE");
        assert_eq!(
            EventType::PreviewObCallStart.constant(),
            "PREVIEW_OBCALL_START"
        );
        assert_eq!(
            EventType::PreviewObCallResult.constant(),
            "PREVIEW_OBCALL_RESULT"
        );
        assert_eq!(EventType::OrderCallBack.constant(), "ORDER_CALLBACK");
        assert_eq!(EventType::WebrtcStats.constant(), "WEBRTC_STATS");
        assert_eq!(
            EventType::AtxferThreewayUnlink.constant(),
            "ATXFER_THREEWAY_UNLINK"
        );
    }

    #[test]
    fn display_is_the_wire_name() {
        assert_eq!(EventType::SipDisconnected.to_string(), "sipDisconnected");
        assert_eq!(crate::text!(EventType::Ping), "ping");
    }
}
