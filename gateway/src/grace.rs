//! The grace period (docs/protocol.md §5): a session no connection has carried for
//! `--session-grace-secs` ends. The hub forgets it and the core is asked to end it; if the agent
//! was logged in it is simply logged out server-side: there is no connection to tell.
//!
//! One task per edge sleeps until the earliest deadline (the hub keeps them ordered), woken
//! early when a session loses its connection, rather than one timer per disconnect: a client
//! reconnecting in a loop costs nothing here. Behind Redis the session's keys expire instead
//! (`redis_store`), and this task has nothing to do.

use std::sync::Arc;

use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};

use crate::edge::Edge;
use crate::port::{CoreInput, EndReason};

/// Runs until the gateway shuts down, ending sessions past their grace.
pub(crate) async fn run(edge: Arc<Edge>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let (gone, next) = edge.hub.reap(Instant::now());
        for (session, _agent) in gone {
            let input = CoreInput::EndSession {
                session,
                reason: EndReason::GraceExpired,
            };
            if edge.tell(input).await.is_err() {
                return;
            }
        }
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
            () = edge.hub.detached.notified() => {}
        }
    }
}
