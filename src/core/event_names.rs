//! Every name the JS face's `EventType` holds: the 40 catalog events of seed 003, one `*_RESP`
//! per command the SDK has, and the SDK's own `sdkError`. `on()` refuses any other name, so a
//! typo is an error instead of a listener that never fires.

use crate::core::events::catalog::EventType;
use crate::core::local_events::{RESYNC, SESSION_KEY_EXPIRING};
use crate::core::response::SDK_ERROR;

/// `(constant, eventType)` for each command response, one per command the SDK implements.
pub const RESPONSES: [(&str, &str); 6] = [
    ("SETUP_RESP", "setupResp"),
    ("LOGIN_RESP", "loginResp"),
    ("LOGOUT_RESP", "logoutResp"),
    ("PAUSE_RESP", "pauseResp"),
    ("UNPAUSE_RESP", "unpauseResp"),
    ("UPDATE_SESSION_KEY_RESP", "updateSessionKeyResp"),
];

/// `(constant, eventType)` for the events the SDK adds beyond the catalog.
pub const LOCAL: [(&str, &str); 3] =
    [("SDK_ERROR", SDK_ERROR), ("RESYNC", RESYNC), ("SESSION_KEY_EXPIRING", SESSION_KEY_EXPIRING)];

/// Every `(constant, eventType)` pair of `EventType`, catalog first.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    EventType::ALL
        .iter()
        .map(|e| (e.constant(), e.as_str()))
        .chain(RESPONSES)
        .chain(LOCAL)
}

/// True if `name` is an eventType a listener can be registered for.
pub fn is_known(name: &str) -> bool {
    all().any(|(_, value)| value == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_constant_and_value_is_unique() {
        let pairs: Vec<_> = all().collect();
        assert_eq!(pairs.len(), 40 + RESPONSES.len() + LOCAL.len());
        let constants: HashSet<_> = pairs.iter().map(|p| p.0).collect();
        let values: HashSet<_> = pairs.iter().map(|p| p.1).collect();
        assert_eq!(constants.len(), pairs.len());
        assert_eq!(values.len(), pairs.len());
    }

    #[test]
    fn responses_are_named_after_their_action() {
        for (constant, value) in RESPONSES {
            assert!(constant.ends_with("_RESP") && value.ends_with("Resp"), "{constant}");
        }
        assert!(is_known("agentStatus") && is_known("loginResp") && is_known("sdkError"));
        assert!(!is_known("agentstatus") && !is_known(""));
    }
}
