//! Key revocations (`/control/revoke`, docs/gateway.md §7): every key the agent holds, issued
//! so far, stops verifying. Each edge checks keys against its own table; in cluster mode the
//! revocation is also written to Redis and announced, so every edge's table has it
//! (`redis_edge`).

use crate::{unix_ms, AppState};

/// Revokes the agent's keys issued up to now, on this edge and (cluster mode) on every edge.
pub(crate) async fn revoke(state: &AppState, tenant_id: &str, agent_no: &str) {
    let now = unix_ms();
    state.keys.revoke_agent(tenant_id, agent_no, now);
    if let Some(redis) = state.edge.redis() {
        redis.share_revocation(tenant_id, agent_no, now).await;
    }
}
