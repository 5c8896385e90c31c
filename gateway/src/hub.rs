//! The hub: every agent's session and the one live connection that speaks for it.
//!
//! Sessions are keyed by tenant + agent, so a connection only ever receives its own agent's events
//! and tenants never see each other. Each live connection has a bounded outgoing queue
//! (docs/protocol.md §9): frames are offered with `try_send`, never buffered without limit, and a
//! full queue stops the connection with an `overflow` notice and close 4002.
//!
//! The lock is a plain mutex held only for in-memory work (no `.await` under it), so everything a
//! command causes, its reply first and then its events, enters the queue in one piece.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use agentdesk::core::agent::StatusChange;
use agentdesk::core::protocol::v1::ServerFrame;
use rand::RngCore;
use serde_json::json;
use tokio::sync::{mpsc, oneshot};

use crate::commands::{ok_reply, RequestError};
use crate::session::{reason, Session};

/// Close codes the gateway sends (docs/protocol.md §7).
pub(crate) mod close_code {
    /// Server restarting: reconnect.
    pub(crate) const RESTARTING: u16 = 4000;
    /// Nothing received for too long (§6): reconnect.
    pub(crate) const HEARTBEAT_TIMEOUT: u16 = 4001;
    /// The send queue overflowed: reconnect and resume.
    pub(crate) const OVERFLOW: u16 = 4002;
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
}

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AgentKey {
    /// Tenant id.
    pub(crate) tenant_id: String,
    /// Agent number.
    pub(crate) agent_no: String,
}

/// What a connection's writer is handed, in order.
#[derive(Debug)]
pub(crate) enum Outbound {
    /// Write this frame. Boxed: a catalog event is large, a queue slot need not be.
    Frame(Box<ServerFrame>),
    /// Close the socket with this code and reason; nothing after it is written.
    Close(u16, &'static str),
}

impl Outbound {
    /// A frame to write.
    pub(crate) fn frame(frame: ServerFrame) -> Self {
        Self::Frame(Box::new(frame))
    }
}

/// Why the hub stops a connection out of turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// A newer connection authenticated as the same agent: flush what is queued, close 4501.
    Kicked,
    /// The queue overflowed: drop it, send the `overflow` notice, close 4002.
    Overflow,
}

/// A connection's handle on the hub, from [`Hub::attach`].
#[derive(Debug)]
pub(crate) struct Attachment {
    /// This connection's id, what the hub checks it still speaks for the session.
    pub(crate) conn_id: u64,
    /// The new session's id.
    pub(crate) session_id: String,
    /// The newest event id of the session (0: a new session).
    pub(crate) last_event_id: u64,
    /// Frames to write, in order.
    pub(crate) outbound: mpsc::Receiver<Outbound>,
    /// The connection's own way into its queue, for replies that change no session state.
    pub(crate) sender: mpsc::Sender<Outbound>,
    /// Fires when the hub stops the connection.
    pub(crate) stop: oneshot::Receiver<Stop>,
}

struct Conn {
    id: u64,
    sender: mpsc::Sender<Outbound>,
    /// Taken when used: a connection is stopped at most once.
    stop: Option<oneshot::Sender<Stop>>,
}

impl Conn {
    /// Offers a frame to the queue; a full queue stops the connection (overflow).
    fn push(&mut self, out: Outbound) {
        match self.sender.try_send(out) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => self.stop(Stop::Overflow),
            // The connection is already gone; its detach is on the way.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }

    fn stop(&mut self, why: Stop) {
        if let Some(stop) = self.stop.take() {
            // The receiver may have gone with its connection; nothing left to stop then.
            let _ = stop.send(why);
        }
    }
}

struct Entry {
    session: Session,
    conn: Option<Conn>,
}

/// Every session and its live connection.
pub(crate) struct Hub {
    entries: Mutex<HashMap<AgentKey, Entry>>,
    next_conn: AtomicU64,
    queue_frames: usize,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("queue_frames", &self.queue_frames)
            .finish_non_exhaustive()
    }
}

impl Hub {
    /// A hub whose connections queue at most `queue_frames` outgoing frames each.
    pub(crate) fn new(queue_frames: usize) -> Self {
        // mpsc::channel panics on 0; a queue of one frame is the smallest that works.
        Self {
            entries: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            queue_frames: queue_frames.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<AgentKey, Entry>> {
        // A panic elsewhere must not take every later connection down with it.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts a new session for `key` on a new connection. A connection that already speaks for
    /// the same agent is kicked: it gets `sessionTerminate {reason:"kicked"}` if logged in, then
    /// close 4501 (docs/protocol.md §7).
    pub(crate) fn attach(&self, key: &AgentKey) -> Attachment {
        let conn_id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let (sender, outbound) = mpsc::channel(self.queue_frames);
        let (stop_tx, stop) = oneshot::channel();
        let session = Session::new(new_session_id(), &key.tenant_id, &key.agent_no);
        let attachment = Attachment {
            conn_id,
            session_id: session.id().to_owned(),
            last_event_id: session.last_event_id(),
            outbound,
            sender: sender.clone(),
            stop,
        };
        let entry = Entry {
            session,
            conn: Some(Conn {
                id: conn_id,
                sender,
                stop: Some(stop_tx),
            }),
        };
        let mut entries = self.lock();
        if let Some(mut old) = entries.insert(key.clone(), entry) {
            if let Some(mut conn) = old.conn.take() {
                if old.session.is_logged_in() {
                    let frame = old.session.terminate(reason::KICKED);
                    // A full queue loses the event but not the close: the kick must still be a
                    // kick (4501, stop), not an overflow (4002, reconnect) that would kick back.
                    let _ = conn.sender.try_send(Outbound::frame(frame));
                }
                conn.stop(Stop::Kicked);
            }
        }
        attachment
    }

    /// Forgets connection `conn_id`; the session stays (a later issue resumes it).
    pub(crate) fn detach(&self, key: &AgentKey, conn_id: u64) {
        let mut entries = self.lock();
        if let Some(entry) = entries.get_mut(key) {
            if entry.conn.as_ref().is_some_and(|c| c.id == conn_id) {
                entry.conn = None;
            }
        }
    }

    /// Runs a status change for request `id` of connection `conn_id` and queues the reply, then
    /// the events it causes; after `logout` also the close 4500, and the session ends.
    ///
    /// Returns false, having done nothing, when `conn_id` no longer speaks for the session (a
    /// newer login replaced it between its frame and now): the caller still owes the request its
    /// one reply, [`replaced_reply`], before the close 4501 already on the way.
    #[must_use]
    pub(crate) fn change_status(
        &self,
        key: &AgentKey,
        conn_id: u64,
        id: u64,
        change: &StatusChange,
    ) -> bool {
        let mut entries = self.lock();
        let Some(entry) = entries.get_mut(key) else {
            return false;
        };
        let Some(conn) = entry.conn.as_mut().filter(|c| c.id == conn_id) else {
            return false;
        };
        match entry.session.handle_change(change) {
            Err(e) => conn.push(Outbound::frame(ServerFrame::Reply(e.reply(id)))),
            Ok(events) => {
                conn.push(Outbound::frame(ServerFrame::Reply(ok_reply(id, json!({})))));
                for event in events {
                    conn.push(Outbound::frame(event));
                }
                if matches!(change, StatusChange::Logout) {
                    conn.push(Outbound::Close(close_code::LOGGED_OUT, "logged out"));
                    entries.remove(key);
                }
            }
        }
        true
    }

    /// True while `conn_id` speaks for `key`'s session.
    #[cfg(test)]
    pub(crate) fn is_current(&self, key: &AgentKey, conn_id: u64) -> bool {
        self.lock()
            .get(key)
            .and_then(|e| e.conn.as_ref())
            .is_some_and(|c| c.id == conn_id)
    }
}

/// A session id nobody can guess: 128 random bits, hex.
fn new_session_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("s-{hex}")
}

/// The reply a connection that no longer speaks for a session gets.
pub(crate) fn replaced_reply(id: u64) -> ServerFrame {
    ServerFrame::Reply(
        RequestError::NotAuthenticated("this connection was replaced by a newer login").reply(id),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk::core::agent::InitialStatus;

    fn key() -> AgentKey {
        AgentKey {
            tenant_id: "t1".into(),
            agent_no: "0001".into(),
        }
    }

    fn login() -> StatusChange {
        StatusChange::Login {
            initial: InitialStatus::Idle,
            pause_description: None,
        }
    }

    fn drain(rx: &mut mpsc::Receiver<Outbound>) -> Vec<String> {
        let mut out = Vec::new();
        while let Ok(o) = rx.try_recv() {
            out.push(match o {
                Outbound::Frame(frame) => match *frame {
                    ServerFrame::Reply(r) => format!("reply {} {}", r.id, r.code),
                    ServerFrame::Event { event_id, payload } => {
                        format!("event {event_id} {}", payload.event_type())
                    }
                    other => format!("{other:?}"),
                },
                Outbound::Close(code, _) => format!("close {code}"),
            });
        }
        out
    }

    #[test]
    fn reply_is_queued_before_the_events_it_causes() {
        let hub = Hub::new(16);
        let mut a = hub.attach(&key());
        assert!(hub.change_status(&key(), a.conn_id, 7, &login()));
        assert_eq!(
            drain(&mut a.outbound),
            ["reply 7 0", "event 1 sessionInit", "event 2 agentStatus"]
        );
    }

    #[test]
    fn logout_queues_the_close_and_ends_the_session() {
        let hub = Hub::new(16);
        let mut a = hub.attach(&key());
        assert!(hub.change_status(&key(), a.conn_id, 1, &login()));
        assert!(hub.change_status(&key(), a.conn_id, 2, &StatusChange::Logout));
        let out = drain(&mut a.outbound);
        assert_eq!(
            out[3..],
            [
                "reply 2 0",
                "event 3 agentStatus",
                "event 4 sessionTerminate",
                "close 4500"
            ]
        );
        assert!(!hub.is_current(&key(), a.conn_id));
    }

    #[test]
    fn newer_attach_kicks_a_logged_in_connection_with_session_terminate() {
        let hub = Hub::new(16);
        let mut old = hub.attach(&key());
        assert!(hub.change_status(&key(), old.conn_id, 1, &login()));
        drain(&mut old.outbound);
        let new = hub.attach(&key());
        assert_eq!(drain(&mut old.outbound), ["event 3 sessionTerminate"]);
        assert_eq!(old.stop.try_recv().unwrap(), Stop::Kicked);
        assert!(hub.is_current(&key(), new.conn_id));
        assert_ne!(new.session_id, old.session_id);
        // The old connection's late command changes nothing.
        assert!(!hub.change_status(&key(), old.conn_id, 2, &StatusChange::Unpause));
        assert!(drain(&mut old.outbound).is_empty());
    }

    #[test]
    fn full_queue_stops_the_connection_with_overflow() {
        let hub = Hub::new(2);
        let mut a = hub.attach(&key());
        assert!(hub.change_status(&key(), a.conn_id, 1, &login()));
        assert_eq!(a.stop.try_recv().unwrap(), Stop::Overflow);
    }

    #[test]
    fn detach_of_a_replaced_connection_leaves_the_newer_one() {
        let hub = Hub::new(4);
        let old = hub.attach(&key());
        let new = hub.attach(&key());
        hub.detach(&key(), old.conn_id);
        assert!(hub.is_current(&key(), new.conn_id));
        hub.detach(&key(), new.conn_id);
        assert!(!hub.is_current(&key(), new.conn_id));
    }
}
