//! The edge role's end of the port: what a connection asks of the rest of the gateway, through
//! one of two carriers chosen at start (docs/deploy.md): in-memory queues to a core in the same
//! process (embedded), or Redis to a core elsewhere (cluster).
//!
//! A connection never waits for the core: a command is handed over and its reply comes back
//! later through the session's queue, addressed by session id and request id. So a ping is
//! answered at once whatever the core is doing (issue 12: pongs never wait behind a command).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use agentdesk_core::protocol::v1::ResumeRequest;
use serde_json::{Map, Value};
use tokio::sync::{mpsc, oneshot};

use crate::faces::feeds::Feeds;
use crate::hub::{AgentKey, Attachment, Hub};
use crate::port::{
    ControlAnswer, ControlError, ControlId, ControlRequest, CoreInput, CoreOutput, EndReason,
    SessionId,
};
use crate::queue::ConnEnd;
use crate::redis_store::edge::RedisEdge;

/// How long a control endpoint waits for the core's answer.
const CONTROL_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a message did not reach the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Unreachable {
    /// Its inbox is full: the core is overloaded.
    #[error("the contact center is overloaded; try again")]
    Busy,
    /// The core is gone (shutting down, or its carrier is down).
    #[error("the contact center is not reachable")]
    Gone,
}

/// How this edge reaches the core.
pub(crate) enum CoreLink {
    /// The core runs in this process: its inbox.
    Memory(mpsc::Sender<CoreInput>),
    /// The core is reached through Redis.
    Redis(Arc<RedisEdge>),
}

/// Control requests waiting for their answer.
#[derive(Default)]
struct Controls {
    waiting: Mutex<HashMap<u64, oneshot::Sender<ControlAnswer>>>,
    next: AtomicU64,
}

/// The edge of one gateway process.
pub(crate) struct Edge {
    /// This edge's id (its Redis channel; "embedded" in one process).
    pub(crate) id: String,
    /// Its sessions and connections.
    pub(crate) hub: Arc<Hub>,
    /// The tenants its dialect faces serve, which the core's taps feed.
    pub(crate) feeds: Arc<Feeds>,
    link: CoreLink,
    controls: Controls,
}

impl std::fmt::Debug for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edge")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Edge {
    /// An edge with this hub and these faces' tenants, reaching the core through `link`.
    pub(crate) fn new(id: String, hub: Arc<Hub>, feeds: Arc<Feeds>, link: CoreLink) -> Self {
        Self {
            id,
            hub,
            feeds,
            link,
            controls: Controls::default(),
        }
    }

    /// The Redis carrier, in cluster mode.
    pub(crate) fn redis(&self) -> Option<&Arc<RedisEdge>> {
        match &self.link {
            CoreLink::Redis(r) => Some(r),
            CoreLink::Memory(_) => None,
        }
    }

    /// Hands `input` to the core without waiting for room.
    pub(crate) fn try_tell(&self, input: CoreInput) -> Result<(), Unreachable> {
        match &self.link {
            CoreLink::Memory(tx) => tx.try_send(input).map_err(|e| match e {
                mpsc::error::TrySendError::Full(_) => Unreachable::Busy,
                mpsc::error::TrySendError::Closed(_) => Unreachable::Gone,
            }),
            CoreLink::Redis(r) => r.tell(input),
        }
    }

    /// Hands `input` to the core, waiting for room if its inbox is full (session lifecycle
    /// messages must not be lost to a burst).
    pub(crate) async fn tell(&self, input: CoreInput) -> Result<(), Unreachable> {
        match &self.link {
            CoreLink::Memory(tx) => tx.send(input).await.map_err(|_| Unreachable::Gone),
            CoreLink::Redis(r) => r.tell_waiting(input).await,
        }
    }

    /// Attaches a new connection for `key` (docs/protocol.md §5) and tells the core what it
    /// must know (a new session, a resynchronisation).
    pub(crate) async fn attach(
        &self,
        key: &AgentKey,
        resume: Option<&ResumeRequest>,
    ) -> Result<Attachment, Unreachable> {
        let mut attachment = match &self.link {
            CoreLink::Memory(_) => self.hub.attach(key, resume),
            CoreLink::Redis(r) => r.attach(self, key, resume).await?,
        };
        if let Some(tell) = attachment.tell.take() {
            self.tell(tell).await?;
        }
        Ok(attachment)
    }

    /// Connection `conn_id` is gone.
    pub(crate) fn detach(&self, session_id: &str, conn_id: u64) {
        if self.hub.detach(session_id, conn_id) {
            if let CoreLink::Redis(r) = &self.link {
                r.detach(session_id, conn_id);
            }
        }
    }

    /// A command of connection `conn_id` for the core. `Ok(false)`: the connection no longer
    /// carries the session (it is owed [`crate::hub::replaced_reply`]).
    pub(crate) fn command(
        &self,
        session: &SessionId,
        key: &AgentKey,
        conn_id: u64,
        request: u64,
        action: &str,
        params: &Map<String, Value>,
    ) -> Result<bool, Unreachable> {
        if !self.hub.expect_reply(session, conn_id, request) {
            return Ok(false);
        }
        self.try_tell(CoreInput::Command {
            session: session.clone(),
            agent: key.clone(),
            request,
            action: action.to_owned(),
            params: params.clone(),
        })?;
        Ok(true)
    }

    /// The client of connection `conn_id` (whose end is `end`) acknowledged every event up to
    /// `ack`. Embedded, the ack waits in the connection's cell for the hub's next turn on the
    /// session (no lock here, on the ping's path); behind Redis it joins the next trim.
    pub(crate) fn acknowledge(&self, session_id: &str, conn_id: u64, end: &ConnEnd, ack: u64) {
        match &self.link {
            CoreLink::Memory(_) => end.acknowledge(ack),
            CoreLink::Redis(r) => {
                if self.hub.carries(session_id, conn_id) {
                    r.acknowledge(session_id, ack);
                }
            }
        }
    }

    /// Asks the core to end the session carried by `conn_id` (its key expired); false when
    /// that connection no longer carries it.
    pub(crate) async fn end(&self, session: &SessionId, conn_id: u64, reason: EndReason) -> bool {
        if !self.hub.carries(session, conn_id) {
            return false;
        }
        let input = CoreInput::EndSession {
            session: session.clone(),
            reason,
        };
        self.tell(input).await.is_ok()
    }

    /// Runs a control request on the core and waits for its answer (at most
    /// [`CONTROL_TIMEOUT`]).
    pub(crate) async fn control(&self, request: ControlRequest) -> ControlAnswer {
        self.control_within(request, Some(CONTROL_TIMEOUT)).await
    }

    /// Like [`Edge::control`] for a request that takes as long as it says (a `stream` with an
    /// interval): the answer is waited for as long as the core lives.
    pub(crate) async fn control_unbounded(&self, request: ControlRequest) -> ControlAnswer {
        self.control_within(request, None).await
    }

    async fn control_within(
        &self,
        request: ControlRequest,
        timeout: Option<Duration>,
    ) -> ControlAnswer {
        let n = self.controls.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.lock_controls().insert(n, tx);
        let id = ControlId {
            edge: self.id.clone(),
            n,
        };
        let told = self.tell(CoreInput::Control { id, request }).await;
        let answer = match told {
            Err(e) => Err(unavailable(e)),
            Ok(()) => {
                let waited = match timeout {
                    Some(limit) => tokio::time::timeout(limit, rx).await.ok(),
                    None => Some(rx.await),
                };
                match waited {
                    Some(Ok(answer)) => answer,
                    Some(Err(_)) => Err(unavailable(Unreachable::Gone)),
                    None => Err(ControlError {
                        status: 504,
                        error_code: "CORE_TIMEOUT".into(),
                        message: format!("the core did not answer within {CONTROL_TIMEOUT:?}"),
                    }),
                }
            }
        };
        self.lock_controls().remove(&n);
        answer
    }

    fn lock_controls(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<ControlAnswer>>> {
        self.controls
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// One output of the core for this edge: a batch into the hub, an answer to its asker, a tap
    /// to the faces.
    /// Returns the first missing event id of a batch that starts past a gap (history elsewhere).
    pub(crate) fn receive(&self, output: CoreOutput) -> Option<(SessionId, u64)> {
        match output {
            CoreOutput::Batch(batch) => {
                let session = batch.session.clone();
                self.hub.deliver(batch).map(|missing| (session, missing))
            }
            CoreOutput::Answer { id, answer } => {
                if id.edge == self.id {
                    if let Some(tx) = self.lock_controls().remove(&id.n) {
                        let _ = tx.send(answer);
                    }
                }
                None
            }
            CoreOutput::Tap(tap) => {
                self.feeds.take(tap);
                None
            }
        }
    }
}

/// A control request the core could not be asked.
fn unavailable(e: Unreachable) -> ControlError {
    ControlError {
        status: 503,
        error_code: "UNAVAILABLE".into(),
        message: e.to_string(),
    }
}
