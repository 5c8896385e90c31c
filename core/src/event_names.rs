//! Every name the JS face's `EventType` holds: the 40 catalog events of seed 003, one `*_RESP`
//! per command the SDK has, and the SDK's own `sdkError`. `on()` refuses any other name, so a
//! typo is an error instead of a listener that never fires.

use crate::events::catalog::EventType;
use crate::flows::CallAction;
use crate::local_events::{RESYNC, SESSION_KEY_EXPIRING};
use crate::media::devices::{AUDIO_DEVICES, AUDIO_INPUT_CHANGED, AUDIO_OUTPUT_CHANGED};
use crate::media::{SIP_RECONNECTED, SIP_RECONNECTING};
use crate::preflight::PREFLIGHT_PROGRESS;
use crate::response::SDK_ERROR;

/// `(constant, eventType)` for the responses of the session commands; the call and supervisor
/// commands' come from [`CallAction`]'s table.
pub const RESPONSES: [(&str, &str); 6] = [
    ("SETUP_RESP", "setupResp"),
    ("LOGIN_RESP", "loginResp"),
    ("LOGOUT_RESP", "logoutResp"),
    ("PAUSE_RESP", "pauseResp"),
    ("UNPAUSE_RESP", "unpauseResp"),
    ("UPDATE_SESSION_KEY_RESP", "updateSessionKeyResp"),
];

/// `(constant, eventType)` for the events the SDK adds beyond the catalog.
pub const LOCAL: [(&str, &str); 12] = [
    ("SDK_ERROR", SDK_ERROR),
    // The answers of `can()` changed (session/can.rs; the shell raises it).
    ("CAN_CHANGE", "canChange"),
    ("RESYNC", RESYNC),
    ("SESSION_KEY_EXPIRING", SESSION_KEY_EXPIRING),
    ("WEBRTC_WARNING", "webrtcWarning"),
    ("WEBRTC_WARNING_CLEARED", "webrtcWarningCleared"),
    // Audio devices (media/devices.rs, issue 15 item 4).
    ("AUDIO_DEVICES", AUDIO_DEVICES),
    ("AUDIO_INPUT_CHANGED", AUDIO_INPUT_CHANGED),
    ("AUDIO_OUTPUT_CHANGED", AUDIO_OUTPUT_CHANGED),
    // A preflight's steps (preflight/mod.rs, issue 15 item 6).
    ("PREFLIGHT_PROGRESS", PREFLIGHT_PROGRESS),
    // The softphone leg's ICE restart (media/mod.rs, issue 15 item 2).
    ("SIP_RECONNECTING", SIP_RECONNECTING),
    ("SIP_RECONNECTED", SIP_RECONNECTED),
];

/// The `eventType` of a call action's response: `<action>Resp`.
fn call_response(action: CallAction) -> (&'static str, String) {
    (action.resp_constant(), crate::text!(action.name(), "Resp"))
}

/// Every `(constant, eventType)` pair of `EventType`, catalog first.
pub fn all() -> impl Iterator<Item = (&'static str, String)> {
    EventType::ALL
        .iter()
        .map(|e| (e.constant(), e.as_str().to_owned()))
        .chain(RESPONSES.iter().map(|(c, v)| (*c, (*v).to_owned())))
        .chain(CallAction::ALL.iter().map(|a| call_response(*a)))
        .chain(LOCAL.iter().map(|(c, v)| (*c, (*v).to_owned())))
}

/// True if `name` is an eventType a listener can be registered for.
pub fn is_known(name: &str) -> bool {
    EventType::from_wire(name).is_some()
        || RESPONSES
            .iter()
            .chain(LOCAL.iter())
            .any(|(_, v)| *v == name)
        || name
            .strip_suffix("Resp")
            .and_then(CallAction::from_name)
            .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_constant_and_value_is_unique() {
        let pairs: Vec<_> = all().collect();
        assert_eq!(
            pairs.len(),
            40 + RESPONSES.len() + CallAction::ALL.len() + LOCAL.len()
        );
        let constants: HashSet<_> = pairs.iter().map(|p| p.0).collect();
        let values: HashSet<_> = pairs.iter().map(|p| p.1.clone()).collect();
        assert_eq!(constants.len(), pairs.len());
        assert_eq!(values.len(), pairs.len());
    }

    fn pairs_contain(constant: &str, value: &str) -> bool {
        all().any(|(c, v)| c == constant && v == value)
    }

    #[test]
    fn every_name_listed_is_known_and_nothing_else() {
        for (_, value) in all() {
            assert!(is_known(&value), "{value}");
        }
        assert!(!is_known("Resp") && !is_known("fooResp"));
    }

    #[test]
    fn responses_are_named_after_their_action() {
        for (constant, value) in RESPONSES {
            assert!(
                constant.ends_with("_RESP") && value.ends_with("Resp"),
                "{constant}"
            );
        }
        assert!(is_known("agentStatus") && is_known("loginResp") && is_known("sdkError"));
        assert!(is_known("startAtxferResp") && is_known("previewObCallResp") && is_known("resync"));
        assert!(pairs_contain("PREVIEW_OBCALL_RESP", "previewObCallResp"));
        assert!(!is_known("agentstatus") && !is_known(""));
    }
}
