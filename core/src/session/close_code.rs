//! The close codes of docs/protocol.md §7 and what the client does after each: one declaration
//! for the SDK and the gateway (gateway/src/close_code.rs re-exports the ones it sends).

/// The SDK closed on purpose.
pub const NORMAL: u16 = 1000;
/// Client side: the SDK saw a hole in the event ids and reconnects to resume.
pub const GAP: u16 = 4000;
/// Server side: restarting, or the session was resumed on another connection (the same 4000 as
/// [`GAP`]: reconnect and resume).
pub const RESTARTING: u16 = 4000;
/// Client side (and server side): no heartbeat answer in time.
pub const HEARTBEAT_TIMEOUT: u16 = 4001;
/// Server side: the send queue overflowed (docs/protocol.md §9): reconnect and resume.
pub const OVERFLOW: u16 = 4002;
/// Server side: no `auth` in time, or a frame before `auth`: reconnect.
pub const NOT_AUTHENTICATED: u16 = 4401;
/// Server side: too many connections of the agent, or a flood of frames (docs/gateway.md §11):
/// reconnect after the backoff.
pub const RATE_LIMITED: u16 = 4429;
/// Logged out.
pub const LOGGED_OUT: u16 = 4500;
/// Kicked by a newer login of the same agent.
pub const KICKED: u16 = 4501;
/// Key invalid or revoked.
pub const KEY_INVALID: u16 = 4502;
/// Key expired.
pub const KEY_EXPIRED: u16 = 4503;
/// Tenant or agent mismatch.
pub const TENANT_MISMATCH: u16 = 4504;
/// Unsupported protocol version.
pub const UNSUPPORTED_VERSION: u16 = 4505;
/// Forced offline by a supervisor (docs/flows.md §7).
pub const FORCED_OFFLINE: u16 = 4506;

/// True for the codes after which the client must not reconnect (4500–4999).
pub fn is_terminal(code: u16) -> bool {
    (4500..5000).contains(&code)
}

/// The `sessionTerminate.reason` for a close that ended a logged-in session.
pub fn terminate_reason(code: u16) -> &'static str {
    match code {
        LOGGED_OUT => "logout",
        KICKED => "kicked",
        KEY_INVALID => "keyInvalid",
        KEY_EXPIRED => "keyExpired",
        TENANT_MISMATCH => "tenantMismatch",
        UNSUPPORTED_VERSION => "unsupportedVersion",
        FORCED_OFFLINE => "forcedOffline",
        _ => "connectionLost",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_4500_range_stops_and_everything_else_retries() {
        for code in [4500, 4501, 4502, 4503, 4504, 4505, 4999] {
            assert!(is_terminal(code), "{code}");
        }
        for code in [1000, 1001, 1006, 1011, 4000, 4001, 4002, 4401, 4499] {
            assert!(!is_terminal(code), "{code}");
        }
    }
}
