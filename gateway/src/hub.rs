//! The edge's hub: the sessions this edge holds, and the one live connection (if any) that
//! carries each.
//!
//! Sessions are keyed by their id and remember their agent, so a connection only ever receives
//! its own agent's frames and tenants never see each other. A session outlives its connections
//! (docs/protocol.md §5); the hub never decides that one ends: the core does, and says so in
//! the last [`Batch`] it sends it. The hub only asks (grace over, key expired) through the port.
//!
//! In the embedded mode the hub also keeps each session's history; behind Redis the history is
//! the session's stream and an entry lives only while a connection of this edge carries it
//! ([`Hub::adopt`]).
//!
//! The lock is a plain mutex held only for in-memory work (no `.await` under it). Everything that
//! must be atomic happens under it: a batch's frames enter the queue in one piece, and a resume
//! snapshots the history and attaches the new queue in one step, so no event falls between the
//! replay and the live traffic, and none is in both.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use agentdesk_core::protocol::v1::{ResumeRequest, ServerFrame};
use rand::RngCore;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::commands::RequestError;
use crate::history::{History, HistoryLimits};
use crate::port::{Batch, CoreInput, Item, SessionId};
use crate::queue::{self, Conn, ConnEnd, Stop};

pub(crate) use crate::port::AgentKey;

/// What became of an `auth`'s resume request (docs/protocol.md §5 table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resume {
    /// No resume was asked for: a new session.
    NotAsked,
    /// Every missed event is replayed.
    Resumed,
    /// The session lives but history no longer reaches the client; a fresh `agentStatus` follows.
    GapTooOld,
    /// No such session: a new one.
    SessionUnknown,
}

impl Resume {
    /// The reply's `resumed`.
    pub(crate) fn resumed(self) -> bool {
        self == Self::Resumed
    }

    /// The reply's `resumeError`, when there is one.
    pub(crate) fn error(self) -> Option<&'static str> {
        match self {
            Self::GapTooOld => Some("GAP_TOO_OLD"),
            Self::SessionUnknown => Some("SESSION_UNKNOWN"),
            Self::NotAsked | Self::Resumed => None,
        }
    }
}

/// A connection's handle on the hub, from [`Hub::attach`].
#[derive(Debug)]
pub(crate) struct Attachment {
    /// This connection's id, what the hub checks it still carries the session.
    pub(crate) conn_id: u64,
    /// The session's id.
    pub(crate) session_id: SessionId,
    /// The session's newest event id when attached, before any replay (0: a new session).
    pub(crate) last_event_id: u64,
    /// What became of the resume request.
    pub(crate) resume: Resume,
    /// The events to replay, oldest first, before anything in the queue.
    pub(crate) replay: Vec<Arc<ServerFrame>>,
    /// The connection's queue and stop signal.
    pub(crate) end: ConnEnd,
    /// What the core must hear about it (a new session, a resynchronisation).
    pub(crate) tell: Option<CoreInput>,
}

/// The bounds every session and connection of one gateway share.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HubLimits {
    /// How long a session outlives its last connection.
    pub(crate) grace: Duration,
    /// Each session's history.
    pub(crate) history: HistoryLimits,
    /// Each new connection's send queue, in frames.
    pub(crate) queue_frames: usize,
}

/// A session and the connection carrying it, if any.
struct Entry {
    key: AgentKey,
    conn: Option<Conn>,
    /// The session's history, when this edge keeps it (embedded mode).
    history: Option<History>,
    /// The newest event id written to the connection or history.
    last_event_id: u64,
    /// Requests of the carrying connection that wait for their reply from the core.
    awaiting: HashSet<u64>,
    /// When the last connection left; None while one carries the session.
    detached_at: Option<Instant>,
    /// Batches that came while the session was being taken over from elsewhere (its newest id
    /// not known yet): delivered once it is ([`Hub::release`]).
    held: Option<Vec<Batch>>,
}

impl Entry {
    fn carried_by(&self, conn_id: u64) -> bool {
        self.conn.as_ref().is_some_and(|c| c.id() == conn_id)
    }

    /// Lets history forget what the carrying connection's client acknowledged (the connection
    /// only stores its acks: [`crate::queue::ConnEnd::acknowledge`]).
    fn apply_ack(&mut self) {
        if let (Some(history), Some(conn)) = (&mut self.history, &self.conn) {
            history.acknowledge(conn.acked());
        }
    }

    /// The carrying connection, taken off the session after its last ack is applied.
    fn take_conn(&mut self) -> Option<Conn> {
        self.apply_ack();
        self.conn.take()
    }
}

#[derive(Default)]
struct Table {
    entries: HashMap<SessionId, Entry>,
    /// Detached sessions by the end of their grace period.
    detached: BTreeSet<(Instant, SessionId)>,
}

/// Every session of this edge and its live connection.
pub(crate) struct Hub {
    table: Mutex<Table>,
    next_conn: AtomicU64,
    queue_frames: AtomicUsize,
    pub(crate) limits: HubLimits,
    /// Wakes the grace reaper when a session loses its connection.
    pub(crate) detached: Notify,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Queues `frame` on the entry's connection, if any. A full queue stops that connection with
/// `overflow` and detaches it at once, so the session goes on into history alone and the client
/// resumes from there (docs/protocol.md §9). Returns whether the connection was detached.
fn deliver(entry: &mut Entry, frame: Arc<ServerFrame>, now: Instant) -> bool {
    let Some(conn) = &entry.conn else {
        return false;
    };
    if conn.offer(frame, now).is_ok() {
        return false;
    }
    if let Some(conn) = entry.take_conn() {
        conn.stop(Stop::Overflow);
    }
    entry.detached_at = Some(now);
    entry.awaiting.clear();
    true
}

impl Hub {
    /// A hub with these bounds.
    pub(crate) fn new(limits: HubLimits) -> Self {
        Self {
            table: Mutex::new(Table::default()),
            next_conn: AtomicU64::new(1),
            queue_frames: AtomicUsize::new(limits.queue_frames.max(1)),
            limits,
            detached: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        // A panic elsewhere must not take every later connection down with it.
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The send-queue capacity of connections attached from now on.
    pub(crate) fn set_queue_frames(&self, frames: usize) {
        self.queue_frames.store(frames.max(1), Ordering::Relaxed);
    }

    /// A new connection's id and queue.
    pub(crate) fn new_conn(&self) -> (u64, Conn, ConnEnd) {
        let conn_id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let (conn, end) = queue::pair(conn_id, self.queue_frames.load(Ordering::Relaxed));
        (conn_id, conn, end)
    }

    /// Attaches a new connection for `key`, keeping history here (embedded mode), per the table
    /// of docs/protocol.md §5:
    /// - a resume of this agent's live session replays what the client missed (or, when history
    ///   no longer reaches it, asks the core for a fresh `agentStatus`), and quietly replaces an
    ///   older connection still attached (close 4000, no `sessionTerminate`);
    /// - otherwise a new session starts, and the core hears of it (it ends the agent's older
    ///   session as a kick).
    pub(crate) fn attach(&self, key: &AgentKey, resume: Option<&ResumeRequest>) -> Attachment {
        let (conn_id, conn, end) = self.new_conn();
        let now = Instant::now();
        let mut table = self.lock();
        let live = resume.and_then(|r| {
            table
                .entries
                .get(&r.session_id)
                .filter(|e| e.key == *key && e.history.is_some())
                .map(|_| (r.session_id.clone(), r.last_event_id))
        });
        if let Some((session_id, claimed)) = live {
            let grace = self.limits.grace;
            let mut unindex = None;
            let Some(entry) = table.entries.get_mut(&session_id) else {
                unreachable_entry();
                return self.attach_new(table, key, resume, conn_id, conn, end);
            };
            let last = entry.last_event_id;
            // The older connection's last acks count before the history is read.
            let old = entry.take_conn();
            let replay = entry
                .history
                .as_mut()
                .map_or(Ok(Vec::new()), |h| h.after(claimed, last, now));
            if let Some(old) = old {
                old.stop(Stop::Replaced);
            }
            if let Some(at) = entry.detached_at.take() {
                unindex = Some((crate::later(at, grace), session_id.clone()));
            }
            entry.conn = Some(conn);
            entry.awaiting.clear();
            if let Some(slot) = unindex {
                table.detached.remove(&slot);
            }
            let (resume, replay, tell) = match replay {
                Ok(frames) => (Resume::Resumed, frames, None),
                Err(gap) => {
                    tracing::info!(session_id, %gap, "resume gap too old");
                    let tell = CoreInput::Resync {
                        session: session_id.clone(),
                    };
                    (Resume::GapTooOld, Vec::new(), Some(tell))
                }
            };
            return Attachment {
                conn_id,
                session_id,
                last_event_id: last,
                resume,
                replay,
                end,
                tell,
            };
        }
        self.attach_new(table, key, resume, conn_id, conn, end)
    }

    fn attach_new(
        &self,
        mut table: MutexGuard<'_, Table>,
        key: &AgentKey,
        resume: Option<&ResumeRequest>,
        conn_id: u64,
        conn: Conn,
        end: ConnEnd,
    ) -> Attachment {
        let resume = if resume.is_some() {
            Resume::SessionUnknown
        } else {
            Resume::NotAsked
        };
        let session_id = new_session_id();
        table.entries.insert(
            session_id.clone(),
            Entry {
                key: key.clone(),
                conn: Some(conn),
                history: Some(History::new(self.limits.history)),
                last_event_id: 0,
                awaiting: HashSet::new(),
                detached_at: None,
                held: None,
            },
        );
        let tell = CoreInput::SessionStarted {
            session: session_id.clone(),
            agent: key.clone(),
        };
        Attachment {
            conn_id,
            session_id,
            last_event_id: 0,
            resume,
            replay: Vec::new(),
            end,
            tell: Some(tell),
        }
    }

    /// Takes a connection for a session whose history is kept elsewhere (Redis), before its
    /// newest event id is known: batches for it are held until [`Hub::release`]. An older
    /// connection of this edge still carrying it is replaced (close 4000).
    pub(crate) fn hold(&self, key: &AgentKey, session_id: &str, conn: Conn) {
        let mut table = self.lock();
        let entry = table
            .entries
            .entry(session_id.to_owned())
            .or_insert_with(|| Entry {
                key: key.clone(),
                conn: None,
                history: None,
                last_event_id: 0,
                awaiting: HashSet::new(),
                detached_at: None,
                held: None,
            });
        if let Some(old) = entry.conn.take() {
            old.stop(Stop::Replaced);
        }
        entry.conn = Some(conn);
        entry.awaiting.clear();
        entry.held.get_or_insert_with(Vec::new);
    }

    /// The held session's newest event id is `last_event_id` (what its replay, if any, ends
    /// with): returns the batches held meanwhile, for the caller to deliver.
    pub(crate) fn release(&self, session_id: &str, last_event_id: u64) -> Vec<Batch> {
        let mut table = self.lock();
        let Some(entry) = table.entries.get_mut(session_id) else {
            return Vec::new();
        };
        entry.last_event_id = entry.last_event_id.max(last_event_id);
        entry.held.take().unwrap_or_default()
    }

    /// Connection `conn_id` no longer owns `session_id` (another edge took it): it is closed
    /// with 4000 and the session leaves this edge.
    pub(crate) fn replace(&self, session_id: &str, conn_id: u64) {
        let mut table = self.lock();
        if table
            .entries
            .get(session_id)
            .is_some_and(|e| e.carried_by(conn_id) && e.history.is_none())
        {
            if let Some(mut entry) = table.entries.remove(session_id) {
                if let Some(conn) = entry.conn.take() {
                    conn.stop(Stop::Replaced);
                }
            }
        }
    }

    /// Every session a connection of this edge carries, with the connection's id.
    pub(crate) fn carried(&self) -> Vec<(SessionId, u64)> {
        self.lock()
            .entries
            .iter()
            .filter_map(|(s, e)| e.conn.as_ref().map(|c| (s.clone(), c.id())))
            .collect()
    }

    /// The newest event id of `session_id` while connection `conn_id` carries it: what the
    /// connection's pongs and own replies are stamped with (docs/protocol.md §3, §6); every event
    /// up to it is queued before them.
    pub(crate) fn newest_event_id(&self, session_id: &str, conn_id: u64) -> Option<u64> {
        let table = self.lock();
        let entry = table
            .entries
            .get(session_id)
            .filter(|e| e.carried_by(conn_id))?;
        Some(entry.last_event_id)
    }

    /// The newest event id written for `session_id`, if this edge holds it.
    pub(crate) fn last_event_id(&self, session_id: &str) -> Option<u64> {
        self.lock().entries.get(session_id).map(|e| e.last_event_id)
    }

    /// Connection `conn_id` is gone; its session, if it still carried it, starts its grace
    /// period (here), or leaves this edge (history elsewhere). Returns whether it carried it.
    pub(crate) fn detach(&self, session_id: &str, conn_id: u64) -> bool {
        let now = Instant::now();
        let grace = self.limits.grace;
        let mut table = self.lock();
        let Some(entry) = table.entries.get_mut(session_id) else {
            return false;
        };
        if !entry.carried_by(conn_id) {
            return false;
        }
        entry.take_conn();
        entry.awaiting.clear();
        if entry.history.is_none() {
            table.entries.remove(session_id);
            return true;
        }
        entry.detached_at = Some(now);
        table
            .detached
            .insert((crate::later(now, grace), session_id.to_owned()));
        drop(table);
        self.detached.notify_one();
        true
    }

    /// True while connection `conn_id` carries `session_id`.
    pub(crate) fn carries(&self, session_id: &str, conn_id: u64) -> bool {
        self.lock()
            .entries
            .get(session_id)
            .is_some_and(|e| e.carried_by(conn_id))
    }

    /// Connection `conn_id` sent request `request` of its session to the core: its reply is
    /// owed to it. False, having done nothing, when the connection no longer carries the
    /// session (a resume elsewhere took it).
    pub(crate) fn expect_reply(&self, session_id: &str, conn_id: u64, request: u64) -> bool {
        let mut table = self.lock();
        match table.entries.get_mut(session_id) {
            Some(entry) if entry.carried_by(conn_id) => {
                entry.awaiting.insert(request);
                true
            }
            _ => false,
        }
    }

    /// The core's frames for one session, in order: events into history (when kept here) and
    /// onto the connection, replies to the connection that is owed them. A batch that ends the
    /// session writes its frames after what is queued, then closes (docs/protocol.md §7), so a
    /// full queue cannot turn a logout or a kick into a resume.
    ///
    /// Events at or below the session's newest id are duplicates (a replay overlapping live
    /// traffic) and skipped. Returns the first event id missing before this batch, when the
    /// batch starts past the newest id + 1 (history elsewhere: the caller fetches the gap).
    pub(crate) fn deliver(&self, batch: Batch) -> Option<u64> {
        let now = Instant::now();
        let mut table = self.lock();
        let entry = table.entries.get_mut(&batch.session)?;
        if let Some(held) = &mut entry.held {
            held.push(batch);
            return None;
        }
        // The lock is held anyway: the acks the client sent since the last batch trim now.
        entry.apply_ack();
        let first = batch.items.iter().find_map(|i| match i {
            Item::Event { id, .. } => Some(*id),
            Item::Reply { .. } => None,
        });
        if let Some(first) = first {
            if entry.history.is_none() && first > entry.last_event_id + 1 {
                return Some(entry.last_event_id + 1);
            }
        }
        let ending = batch.end.is_some();
        let mut terminal = Vec::new();
        let mut detached = false;
        for item in batch.items {
            let frame = match item {
                Item::Event { id, payload } => {
                    if id <= entry.last_event_id {
                        continue;
                    }
                    entry.last_event_id = id;
                    let frame = Arc::new(ServerFrame::Event {
                        event_id: id,
                        payload,
                    });
                    if let Some(history) = &mut entry.history {
                        history.push(id, now, Arc::clone(&frame));
                    }
                    frame
                }
                Item::Reply { request, reply } => {
                    if !entry.awaiting.remove(&request) {
                        continue;
                    }
                    Arc::new(ServerFrame::Reply(reply))
                }
            };
            if ending {
                terminal.push(frame);
            } else {
                detached |= deliver(entry, frame, now);
            }
        }
        if let Some(reason) = batch.end {
            if let Some(mut entry) = table.entries.remove(&batch.session) {
                if let Some(at) = entry.detached_at {
                    let slot = (crate::later(at, self.limits.grace), batch.session.clone());
                    table.detached.remove(&slot);
                }
                if let Some(conn) = entry.conn.take() {
                    let (code, text) = reason.close();
                    conn.stop(Stop::End {
                        frames: terminal,
                        code,
                        reason: text,
                    });
                }
            }
            return None;
        }
        if detached && entry.history.is_some() {
            let slot = (crate::later(now, self.limits.grace), batch.session.clone());
            table.detached.insert(slot);
            drop(table);
            self.detached.notify_one();
        } else if detached {
            table.entries.remove(&batch.session);
        }
        None
    }

    /// Forgets every session whose grace period is over at `now` (they end: the caller tells
    /// the core); returns them and the earliest deadline still pending.
    pub(crate) fn reap(&self, now: Instant) -> (Vec<(SessionId, AgentKey)>, Option<Instant>) {
        let mut table = self.lock();
        let mut gone = Vec::new();
        while let Some((deadline, session)) = table.detached.first().cloned() {
            if deadline > now {
                return (gone, Some(deadline));
            }
            table.detached.pop_first();
            let still = table
                .entries
                .get(&session)
                .is_some_and(|e| e.conn.is_none() && e.detached_at.is_some());
            if still {
                if let Some(entry) = table.entries.remove(&session) {
                    tracing::info!(
                        tenant_id = entry.key.tenant_id,
                        agent_no = entry.key.agent_no,
                        session_id = session,
                        "session ended: no connection within the grace period"
                    );
                    gone.push((session, entry.key));
                }
            }
        }
        (gone, None)
    }

    /// Forgets every session and its history, as a restart would; returns how many there were.
    /// The connections are not told: their stop signal is dropped, which closes them with 4000.
    pub(crate) fn forget_all(&self) -> usize {
        let mut table = self.lock();
        let n = table.entries.len();
        table.entries.clear();
        table.detached.clear();
        n
    }

    /// The sessions this edge holds (for a restart of the cluster's epoch).
    pub(crate) fn len(&self) -> usize {
        self.lock().entries.len()
    }
}

/// The entry looked up a moment ago under the same lock is there: this cannot happen.
fn unreachable_entry() {
    tracing::error!("hub entry vanished under its own lock");
}

/// A session id nobody can guess: 128 random bits, hex.
pub(crate) fn new_session_id() -> SessionId {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("s-{hex}")
}

/// The reply a connection that no longer carries a session gets.
pub(crate) fn replaced_reply(id: u64) -> ServerFrame {
    ServerFrame::Reply(
        RequestError::NotAuthenticated("this connection no longer carries the session").reply(id),
    )
}

#[cfg(test)]
#[path = "hub_tests.rs"]
mod tests;
