//! Close codes the gateway sends (docs/protocol.md §7): 4000–4499 tell the client to reconnect,
//! 4500–4999 to stop. Declared once, in agentdesk-core, for the SDK and the gateway alike.

pub(crate) use agentdesk_core::session::close_code::{
    FORCED_OFFLINE, HEARTBEAT_TIMEOUT, KEY_EXPIRED, KEY_INVALID, KICKED, LOGGED_OUT,
    NOT_AUTHENTICATED, OVERFLOW, RATE_LIMITED, RESTARTING, TENANT_MISMATCH,
};
