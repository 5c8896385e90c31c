//! The names of the 40 catalog events (seed 003 §2): the `eventType` string each payload carries
//! and the `EventType` constant the JavaScript face exposes for it.
//!
//! The three spellings of an event (Rust variant, wire string, JS constant) live in one table, the
//! `event_catalog!` invocation below, so they cannot drift apart. The constants are copied from
//! the seed rather than derived from the wire names because the seed has irregular ones
//! (`setOfflineResult` → `SET_OFFLINE`, `extenState` → `EXTENSTATE`, `orderCallBack` →
//! `ORDER_CALLBACK`, `previewObCall*` → `PREVIEW_OBCALL_*`).

use std::fmt;

/// Builds [`EventType`] and its lookups from one table of `Variant = "wire", "CONSTANT";` rows.
macro_rules! event_catalog {
    ($( $(#[$meta:meta])* $variant:ident = $wire:literal, $constant:literal; )*) => {
        /// One event of the catalog (seed 003 §2), in the seed's order.
        ///
        /// The derived `Ord` follows that order, so sorted collections of event types list them as
        /// the seed does.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $( $(#[$meta])* $variant, )*
        }

        impl EventType {
            /// Every event type, in the seed's order. The array length is the catalog size: a row
            /// added to or dropped from the table without updating it is a compile error.
            pub const ALL: [EventType; 40] = [ $( EventType::$variant, )* ];

            /// The `eventType` string on the wire (seed 003 §2, "Event name" column).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( EventType::$variant => $wire, )*
                }
            }

            /// The name of the `EventType` constant in the JavaScript face (seed 003 §2,
            /// "EventType constant" column).
            pub fn constant(self) -> &'static str {
                match self {
                    $( EventType::$variant => $constant, )*
                }
            }

            /// The event type whose wire name is `s`, or `None` for a name outside the catalog.
            /// Matching is exact (case-sensitive), as the wire is.
            pub fn from_wire(s: &str) -> Option<EventType> {
                match s {
                    $( $wire => Some(EventType::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

event_catalog! {
    // --- Agent status -------------------------------------------------------------------------
    /// The agent's status changed (§3.1).
    AgentStatus = "agentStatus", "AGENT_STATUS";

    // --- Preview outbound ---------------------------------------------------------------------
    /// Preview outbound: the platform started dialing the customer (§3.2).
    PreviewObCallStart = "previewObCallStart", "PREVIEW_OBCALL_START";
    /// Preview outbound: the customer's phone is ringing (§3.3).
    PreviewObCallRinging = "previewObCallRinging", "PREVIEW_OBCALL_RINGING";
    /// Preview outbound: agent and customer are bridged (§3.4).
    PreviewObCallBridge = "previewObCallBridge", "PREVIEW_OBCALL_BRIDGE";
    /// Preview outbound: the final result of the attempt (§3.5).
    PreviewObCallResult = "previewObCallResult", "PREVIEW_OBCALL_RESULT";

    // --- Consult ------------------------------------------------------------------------------
    /// Consult started (§3.7).
    AtxferStart = "atxferStart", "ATXFER_START";
    /// Consult connected to the target (§3.7).
    AtxferLink = "atxferLink", "ATXFER_LINK";
    /// Consult ended by resume, hangup or cancel (§3.7).
    AtxferEnded = "atxferEnded", "ATXFER_ENDED";
    /// Consult failed (§3.7).
    AtxferError = "atxferError", "ATXFER_ERROR";
    /// Result of turning a consult into a three-way call (§3.8).
    ThreewayAtxferResult = "threewayAtxferResult", "THREEWAY_ATXFER_RESULT";
    /// The consult three-way call ended (§3.8).
    AtxferThreewayUnlink = "atxferThreewayUnlink", "ATXFER_THREEWAY_UNLINK";
    /// The consult transfer completed (§3.8).
    CompleteAtxferResult = "completeAtxferResult", "COMPLETE_ATXFER_RESULT";

    // --- Calls and sessions -------------------------------------------------------------------
    /// A call is ringing at the agent (§3.6).
    Ringing = "ringing", "RINGING";
    /// The agent session was established.
    SessionInit = "sessionInit", "SESSION_INIT";
    /// The agent session ended.
    SessionTerminate = "sessionTerminate", "SESSION_TERMINATE";
    /// The softphone (SIP) session was established.
    SipSessionInit = "sipSessionInit", "SIP_SESSION_INIT";
    /// The softphone (SIP) session ended.
    SipSessionTerminate = "sipSessionTerminate", "SIP_SESSION_TERMINATE";
    /// The SDK is about to retry, or has restored, the gateway connection (§3.9).
    ReconnectAttempt = "reconnectAttempt", "RECONNECT_ATTEMPT";

    // --- Supervisor ---------------------------------------------------------------------------
    /// Queue snapshot for a supervisor (§3.10).
    QueueStatus = "queueStatus", "QUEUE_STATUS";
    /// Result of a silent-monitoring request (§3.11).
    SpyResult = "spyResult", "SPY_RESULT";
    /// Silent monitoring connected (§3.11).
    SpyLink = "spyLink", "SPY_LINK";
    /// Silent monitoring ended (§3.11).
    SpyUnlink = "spyUnlink", "SPY_UNLINK";
    /// Result of a supervisor three-way request (§3.12).
    ThreewayResult = "threewayResult", "THREEWAY_RESULT";
    /// Supervisor three-way connected (§3.12).
    ThreewayLink = "threewayLink", "THREEWAY_LINK";
    /// Supervisor three-way ended (§3.12).
    ThreewayUnlink = "threewayUnlink", "THREEWAY_UNLINK";
    /// Result of a whisper-coaching request (§3.13).
    WhisperResult = "whisperResult", "WHISPER_RESULT";
    /// Whisper coaching connected (§3.13).
    WhisperLink = "whisperLink", "WHISPER_LINK";
    /// Whisper coaching ended (§3.13).
    WhisperUnlink = "whisperUnlink", "WHISPER_UNLINK";
    /// Result of a barge-in request (§3.14).
    BargeResult = "bargeResult", "BARGE_RESULT";
    /// Barge-in connected (§3.14).
    BargeLink = "bargeLink", "BARGE_LINK";
    /// Barge-in ended (§3.14).
    BargeUnlink = "bargeUnlink", "BARGE_UNLINK";
    /// Result of a forced disconnect (§3.15).
    DisconnectResult = "disconnectResult", "DISCONNECT_RESULT";
    /// Result of forcing an agent offline (§3.16). The seed's constant drops `_RESULT`.
    SetOfflineResult = "setOfflineResult", "SET_OFFLINE";

    // --- Devices, IVR, transcripts ------------------------------------------------------------
    /// The bound extension's registration changed (§3.18). The seed's constant has no `_`.
    ExtenState = "extenState", "EXTENSTATE";
    /// An IVR the call was transferred to returned its variables (§3.19).
    InteractReturn = "interactReturn", "INTERACT_RETURN";
    /// The softphone connection was interrupted (§3.20).
    SipDisconnected = "sipDisconnected", "SIP_DISCONNECTED";
    /// A real-time transcription sentence, partial or final (§3.21).
    Transcript = "transcript", "TRANSCRIPT";
    /// A scheduled callback is due (§3.17).
    OrderCallBack = "orderCallBack", "ORDER_CALLBACK";

    // --- Quality ------------------------------------------------------------------------------
    /// Latency and network-quality sample of the gateway link (§3.22).
    Ping = "ping", "PING";
    /// Per-second WebRTC statistics of the softphone leg (§3.23).
    WebrtcStats = "webrtcStats", "WEBRTC_STATS";
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn catalog_has_forty_distinct_wire_names() {
        let names: BTreeSet<_> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(names.len(), 40);
    }

    #[test]
    fn catalog_has_forty_distinct_constants() {
        let constants: BTreeSet<_> = EventType::ALL.iter().map(|t| t.constant()).collect();
        assert_eq!(constants.len(), 40);
        for c in constants {
            assert!(
                c.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{c}"
            );
        }
    }

    #[test]
    fn every_wire_name_maps_back_to_its_event_type() {
        for t in EventType::ALL {
            assert_eq!(EventType::from_wire(t.as_str()), Some(t));
        }
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
        assert_eq!(EventType::ALL[39], EventType::WebrtcStats);
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
    }
}
