//! Events the SDK adds beyond the catalog of seed 003, for what the reference leaves unsaid:
//! a resume that could not be exact, and a session key about to expire.

use serde::Serialize;

/// `resync`: after a reconnect the SDK could not replay every missed event (the gateway's
/// history no longer reached back, or it had lost the session) and restored the agent's state
/// instead. Events with ids in `lostFrom..=lostTo` may never have been delivered; the page should
/// refresh what it shows from the fresh `agentStatus` that follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResyncEvent {
    /// Always `resync`.
    pub event_type: &'static str,
    /// `gapTooOld` (history did not reach back) or `sessionUnknown` (the gateway lost the
    /// session; the SDK logged in again with the last known status).
    pub reason: &'static str,
    /// First event id that may be missing.
    pub lost_from: u64,
    /// Last event id that may be missing, when known.
    pub lost_to: Option<u64>,
}

/// The eventType of [`ResyncEvent`].
pub const RESYNC: &str = "resync";

/// `sessionKeyExpiring`: the gateway warned that the session key expires soon. Call
/// `updateSessionKey(newKey)` before `expiresAt`, or the session ends with `keyExpired`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionKeyExpiringEvent {
    /// Always `sessionKeyExpiring`.
    pub event_type: &'static str,
    /// When the key expires, Unix ms.
    pub expires_at: u64,
}

/// The eventType of [`SessionKeyExpiringEvent`].
pub const SESSION_KEY_EXPIRING: &str = "sessionKeyExpiring";

/// `webrtcWarning` / `webrtcWarningCleared` as listeners receive them: the warning's fields and
/// its eventType (PRODUCT.md §2).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebrtcWarningEvent<'a> {
    /// `webrtcWarning` or `webrtcWarningCleared`.
    pub event_type: &'static str,
    /// Name, threshold and the recent values.
    #[serde(flatten)]
    pub warning: &'a crate::quality::QualityWarning,
}

impl<'a> From<&'a crate::quality::WarningChange> for WebrtcWarningEvent<'a> {
    fn from(change: &'a crate::quality::WarningChange) -> Self {
        Self {
            event_type: change.event_name(),
            warning: change.warning(),
        }
    }
}
