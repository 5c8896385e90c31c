//! The grace period (docs/protocol.md §5): a session no connection has carried for
//! `--session-grace-secs` ends. If the agent was logged in it is simply logged out server-side:
//! there is no connection to tell.
//!
//! One task per gateway sleeps until the earliest deadline, woken early when a session loses its
//! connection, rather than one timer per disconnect: a client reconnecting in a loop costs
//! nothing here.

use std::sync::Arc;

use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};

use crate::hub::Hub;

impl Hub {
    /// Ends every session detached for longer than the grace period at `now`; returns the
    /// earliest deadline still pending.
    pub(crate) fn reap(&self, now: Instant) -> Option<Instant> {
        let grace = self.limits.grace;
        let mut next = None::<Instant>;
        let mut ended = false;
        self.lock().retain(|key, entry| {
            let Some(since) = entry.detached_since() else {
                return true;
            };
            let deadline = crate::later(since, grace);
            if deadline <= now {
                tracing::info!(
                    tenant_id = key.tenant_id,
                    agent_no = key.agent_no,
                    session_id = entry.session.id(),
                    logged_in = entry.session.is_logged_in(),
                    "session ended: no connection within the grace period"
                );
                ended = true;
                return false;
            }
            next = Some(next.map_or(deadline, |n| n.min(deadline)));
            true
        });
        if ended {
            self.ended.notify_one();
        }
        next
    }
}

/// Runs until the gateway shuts down, reaping sessions past their grace.
pub(crate) async fn run(hub: Arc<Hub>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let next = hub.reap(Instant::now());
        let sleep = async {
            match next {
                Some(deadline) => sleep_until(deadline).await,
                None => std::future::pending().await,
            }
        };
        // `notify_one` keeps a permit when nobody waits, so a detach between the reap above and
        // this wait is not missed.
        tokio::select! {
            _ = shutdown.changed() => return,
            () = sleep => {}
            () = hub.detached.notified() => {}
        }
    }
}
