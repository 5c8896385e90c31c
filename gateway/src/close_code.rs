//! Close codes the gateway sends (docs/protocol.md §7): 4000–4499 tell the client to reconnect,
//! 4500–4999 to stop.

/// Server restarting, or the session was resumed on another connection: reconnect.
pub(crate) const RESTARTING: u16 = 4000;
/// Nothing received for too long (§6): reconnect.
pub(crate) const HEARTBEAT_TIMEOUT: u16 = 4001;
/// The send queue overflowed (§9): reconnect and resume.
pub(crate) const OVERFLOW: u16 = 4002;
/// Too many connections of the agent, or too many frames (docs/gateway.md §11): reconnect after
/// a backoff.
pub(crate) const RATE_LIMITED: u16 = 4429;
/// No `auth` in time, or a frame before `auth`: reconnect.
pub(crate) const NOT_AUTHENTICATED: u16 = 4401;
/// Logged out: stop.
pub(crate) const LOGGED_OUT: u16 = 4500;
/// Kicked by a newer login of the same agent: stop.
pub(crate) const KICKED: u16 = 4501;
/// Key invalid or revoked: stop.
pub(crate) const KEY_INVALID: u16 = 4502;
/// Key expired: stop.
pub(crate) const KEY_EXPIRED: u16 = 4503;
/// Tenant or agent mismatch: stop.
pub(crate) const TENANT_MISMATCH: u16 = 4504;
/// Forced offline by a supervisor (`setOffline`, docs/flows.md §7): stop.
pub(crate) const FORCED_OFFLINE: u16 = 4506;
