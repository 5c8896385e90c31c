//! The hub: every agent's session, and the one live connection (if any) that carries it.
//!
//! Sessions are keyed by tenant + agent, so a connection only ever receives its own agent's events
//! and tenants never see each other. A session outlives its connections (docs/protocol.md §5):
//! it ends with logout, a kick, an expired or revoked key, or when no connection has carried it
//! for the grace period ([`crate::grace`] reaps those).
//!
//! The lock is a plain mutex held only for in-memory work (no `.await` under it). Everything that
//! must be atomic happens under it: a command's reply and the events it causes enter the queue in
//! one piece, and a resume snapshots the history and attaches the new queue in one step, so no
//! event falls between the replay and the live traffic, and none is in both.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use agentdesk_core::agent::{AgentStatus, StatusChange};
use agentdesk_core::events::CatalogEvent;
use agentdesk_core::protocol::v1::{ResumeRequest, ServerFrame};
use agentdesk_core::protocol::Reply;
use rand::RngCore;
use serde_json::Value;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::close_code;
use crate::commands::{ok_reply, RequestError};
use crate::history::HistoryLimits;
use crate::queue::{self, Conn, ConnEnd, Stop};
use crate::session::{reason, Session};

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct AgentKey {
    /// Tenant id.
    pub(crate) tenant_id: String,
    /// Agent number.
    pub(crate) agent_no: String,
}

/// What became of an `auth`'s resume request (docs/protocol.md §5 table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resume {
    /// No resume was asked for: a new session.
    NotAsked,
    /// Every missed event is replayed.
    Resumed,
    /// The session lives but history no longer reaches the client; a fresh `agentStatus` is
    /// queued.
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
    pub(crate) session_id: String,
    /// The session's newest event id when attached, before any replay (0: a new session).
    pub(crate) last_event_id: u64,
    /// What became of the resume request.
    pub(crate) resume: Resume,
    /// The events to replay, oldest first, before anything in the queue.
    pub(crate) replay: Vec<Arc<ServerFrame>>,
    /// The connection's queue and stop signal.
    pub(crate) end: ConnEnd,
}

/// A reason a session ends for good, with the `sessionTerminate` reason and the close code
/// (docs/protocol.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ending {
    /// `sessionTerminate.reason`.
    pub(crate) reason: &'static str,
    /// The close code after it.
    pub(crate) code: u16,
    /// The close frame's reason text.
    pub(crate) text: &'static str,
}

impl Ending {
    /// A newer login of the same agent.
    pub(crate) const KICKED: Self = Self {
        reason: reason::KICKED,
        code: close_code::KICKED,
        text: "kicked by a newer login",
    };
    /// The connection's key expired.
    pub(crate) const KEY_EXPIRED: Self = Self {
        reason: reason::KEY_EXPIRED,
        code: close_code::KEY_EXPIRED,
        text: "session key expired",
    };
    /// An operator revoked the agent's keys.
    pub(crate) const KEY_REVOKED: Self = Self {
        reason: reason::KEY_REVOKED,
        code: close_code::KEY_INVALID,
        text: "session key revoked",
    };
    /// A supervisor's `setOffline` (docs/flows.md §7): `agentStatus` offline
    /// (`forcedOffline`) comes before the `sessionTerminate`.
    pub(crate) const FORCED_OFFLINE: Self = Self {
        reason: reason::FORCED_OFFLINE,
        code: close_code::FORCED_OFFLINE,
        text: "forced offline by a supervisor",
    };
}

/// What [`Hub::apply_change`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChangeOutcome {
    /// The connection no longer carries the session: nothing was done, the request is still
    /// owed its reply ([`replaced_reply`]).
    NotCarried,
    /// The state did not allow it: the error reply is queued.
    Refused,
    /// Done, reply and events queued; the session's id and the agent's new status.
    Applied {
        /// The session's id.
        session_id: String,
        /// The agent's status now.
        status: AgentStatus,
    },
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
pub(crate) struct Entry {
    pub(crate) session: Session,
    conn: Option<Conn>,
    /// When the last connection left; None while one carries the session.
    detached_at: Option<Instant>,
}

impl Entry {
    /// Since when no connection has carried this session (None while one does).
    pub(crate) fn detached_since(&self) -> Option<Instant> {
        self.detached_at.filter(|_| self.conn.is_none())
    }

    /// True while connection `conn_id` carries this session.
    fn carried_by(&self, conn_id: u64) -> bool {
        self.conn.as_ref().is_some_and(|c| c.id() == conn_id)
    }
}

/// Every session and its live connection.
pub(crate) struct Hub {
    entries: Mutex<HashMap<AgentKey, Entry>>,
    next_conn: AtomicU64,
    queue_frames: AtomicUsize,
    pub(crate) limits: HubLimits,
    /// Wakes the grace reaper when a session loses its connection.
    pub(crate) detached: Notify,
    /// Wakes the simulator when a session ends or is replaced, so it lets the agent go.
    pub(crate) ended: Notify,
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
/// resumes from there (docs/protocol.md §9).
fn deliver(entry: &mut Entry, frame: Arc<ServerFrame>, now: Instant, detached: &Notify) {
    let Some(conn) = &entry.conn else { return };
    if conn.offer(frame, now).is_err() {
        if let Some(conn) = entry.conn.take() {
            conn.stop(Stop::Overflow);
        }
        entry.detached_at = Some(now);
        detached.notify_one();
    }
}

/// Ends a session that was just removed from the map: its connection, if any, gets the
/// `sessionTerminate` (when logged in) and the terminal close.
fn end_entry(mut entry: Entry, ending: Ending, now: Instant) {
    let Some(conn) = entry.conn.take() else {
        return;
    };
    let frames = if entry.session.is_logged_in() {
        let mut frames = Vec::with_capacity(2);
        if ending == Ending::FORCED_OFFLINE {
            frames.push(entry.session.go_offline(ending.reason, now));
        }
        frames.push(entry.session.terminate(ending.reason, now));
        frames
    } else {
        Vec::new()
    };
    conn.stop(Stop::End {
        frames,
        code: ending.code,
        reason: ending.text,
    });
}

impl Hub {
    /// A hub with these bounds.
    pub(crate) fn new(limits: HubLimits) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            queue_frames: AtomicUsize::new(limits.queue_frames.max(1)),
            limits,
            detached: Notify::new(),
            ended: Notify::new(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, HashMap<AgentKey, Entry>> {
        // A panic elsewhere must not take every later connection down with it.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The send-queue capacity of connections attached from now on.
    pub(crate) fn set_queue_frames(&self, frames: usize) {
        self.queue_frames.store(frames.max(1), Ordering::Relaxed);
    }

    /// Attaches a new connection for `key`, per the table of docs/protocol.md §5:
    /// - a resume of this agent's live session replays what the client missed (or, when history
    ///   no longer reaches it, queues a fresh `agentStatus`), and quietly replaces an older
    ///   connection still attached (close 4000, no `sessionTerminate`);
    /// - otherwise a new session starts and the agent's previous one, if any, ends as a kick:
    ///   `sessionTerminate {reason:"kicked"}` if logged in, then close 4501.
    pub(crate) fn attach(&self, key: &AgentKey, resume: Option<&ResumeRequest>) -> Attachment {
        let conn_id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let (conn, end) = queue::pair(conn_id, self.queue_frames.load(Ordering::Relaxed));
        let now = Instant::now();
        let mut entries = self.lock();
        let live = resume.and_then(|r| {
            entries
                .get_mut(key)
                .filter(|e| e.session.id() == r.session_id)
                .map(|e| (e, r.last_event_id))
        });
        if let Some((entry, last_event_id)) = live {
            let last = entry.session.last_event_id();
            let replay = entry.session.replay_after(last_event_id, now);
            if let Some(old) = entry.conn.take() {
                old.stop(Stop::Replaced);
            }
            entry.conn = Some(conn);
            entry.detached_at = None;
            let (resume, replay) = match replay {
                Ok(frames) => (Resume::Resumed, frames),
                Err(gap) => {
                    tracing::info!(session_id = entry.session.id(), %gap, "resume gap too old");
                    let status = entry.session.status_event(now);
                    deliver(entry, status, now, &self.detached);
                    (Resume::GapTooOld, Vec::new())
                }
            };
            return Attachment {
                conn_id,
                session_id: entry.session.id().to_owned(),
                last_event_id: last,
                resume,
                replay,
                end,
            };
        }
        let resume = if resume.is_some() {
            Resume::SessionUnknown
        } else {
            Resume::NotAsked
        };
        let session = Session::new(
            new_session_id(),
            &key.tenant_id,
            &key.agent_no,
            self.limits.history,
        );
        let attachment = Attachment {
            conn_id,
            session_id: session.id().to_owned(),
            last_event_id: session.last_event_id(),
            resume,
            replay: Vec::new(),
            end,
        };
        let entry = Entry {
            session,
            conn: Some(conn),
            detached_at: None,
        };
        if let Some(old) = entries.insert(key.clone(), entry) {
            end_entry(old, Ending::KICKED, now);
            self.ended.notify_one();
        }
        attachment
    }

    /// Connection `conn_id` is gone; its session, if it still carried it, starts its grace
    /// period.
    pub(crate) fn detach(&self, key: &AgentKey, conn_id: u64) {
        let mut entries = self.lock();
        if let Some(entry) = entries.get_mut(key) {
            if entry.carried_by(conn_id) {
                entry.conn = None;
                entry.detached_at = Some(Instant::now());
                self.detached.notify_one();
            }
        }
    }

    /// Runs a status change for request `id` of connection `conn_id` and queues the reply, then
    /// the events it causes. `logout` ends the session: the reply and its events go out through
    /// the stop signal, then close 4500, so a full queue cannot turn a logout into a resume.
    ///
    /// Returns false, having done nothing, when `conn_id` no longer carries the session (a newer
    /// connection replaced it between its frame and now): the caller still owes the request its
    /// one reply, [`replaced_reply`], before its own stop.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn change_status(
        &self,
        key: &AgentKey,
        conn_id: u64,
        id: u64,
        change: &StatusChange,
    ) -> bool {
        self.apply_change(key, conn_id, id, change, serde_json::json!({}), Vec::new())
            != ChangeOutcome::NotCarried
    }

    /// [`Hub::change_status`] with the reply's `data` (the login's `{role}`) and events to send
    /// between the reply and the change's own (a logout's `extenState`).
    pub(crate) fn apply_change(
        &self,
        key: &AgentKey,
        conn_id: u64,
        id: u64,
        change: &StatusChange,
        data: Value,
        before: Vec<CatalogEvent>,
    ) -> ChangeOutcome {
        let now = Instant::now();
        let mut entries = self.lock();
        let Some(entry) = entries.get_mut(key) else {
            return ChangeOutcome::NotCarried;
        };
        if !entry.carried_by(conn_id) {
            return ChangeOutcome::NotCarried;
        }
        match entry.session.handle_change(change, now, before) {
            Err(e) => {
                let reply = Arc::new(stamped(e.reply(id), &entry.session));
                deliver(entry, reply, now, &self.detached);
                ChangeOutcome::Refused
            }
            Ok(events) if matches!(change, StatusChange::Logout) => {
                let outcome = ChangeOutcome::Applied {
                    session_id: entry.session.id().to_owned(),
                    status: entry.session.current_status().clone(),
                };
                // Stamped after the change's events were emitted (docs/protocol.md §3).
                let reply = Arc::new(stamped(ok_reply(id, data), &entry.session));
                let mut frames = vec![reply];
                frames.extend(events);
                if let Some(conn) = entry.conn.take() {
                    conn.stop(Stop::End {
                        frames,
                        code: close_code::LOGGED_OUT,
                        reason: "logged out",
                    });
                }
                entries.remove(key);
                outcome
            }
            Ok(events) => {
                let reply = Arc::new(stamped(ok_reply(id, data), &entry.session));
                deliver(entry, reply, now, &self.detached);
                for event in events {
                    deliver(entry, event, now, &self.detached);
                }
                ChangeOutcome::Applied {
                    session_id: entry.session.id().to_owned(),
                    status: entry.session.current_status().clone(),
                }
            }
        }
    }

    /// True while `key`'s session is `session_id` and logged in.
    pub(crate) fn session_is(&self, key: &AgentKey, session_id: &str) -> bool {
        self.lock()
            .get(key)
            .is_some_and(|e| e.session.id() == session_id && e.session.is_logged_in())
    }

    /// True while connection `conn_id` carries `key`'s session.
    pub(crate) fn carries(&self, key: &AgentKey, conn_id: u64) -> bool {
        self.lock().get(key).is_some_and(|e| e.carried_by(conn_id))
    }

    /// Queues `reply` on connection `conn_id` if it still carries `key`'s session.
    pub(crate) fn reply(&self, key: &AgentKey, conn_id: u64, reply: Reply) -> bool {
        let now = Instant::now();
        let mut entries = self.lock();
        let Some(entry) = entries.get_mut(key).filter(|e| e.carried_by(conn_id)) else {
            return false;
        };
        let reply = stamped(reply, &entry.session);
        deliver(entry, Arc::new(reply), now, &self.detached);
        true
    }

    /// The newest event id of `key`'s session while connection `conn_id` carries it: what the
    /// connection's own replies are stamped with.
    pub(crate) fn newest_event_id(&self, key: &AgentKey, conn_id: u64) -> Option<u64> {
        let entries = self.lock();
        let entry = entries.get(key).filter(|e| e.carried_by(conn_id))?;
        Some(entry.session.last_event_id())
    }

    /// Records `status` as the agent's in session `session_id` (what a resume after
    /// `GAP_TOO_OLD` is sent); the `agentStatus` itself goes out through [`Hub::emit`].
    pub(crate) fn set_status(&self, key: &AgentKey, session_id: &str, status: &AgentStatus) {
        let mut entries = self.lock();
        if let Some(entry) = entries
            .get_mut(key)
            .filter(|e| e.session.id() == session_id)
        {
            entry.session.set_status(status.clone());
        }
    }

    /// The client of connection `conn_id` delivered every event up to `ack` (docs/protocol.md
    /// §6): the session's history may forget them.
    pub(crate) fn acknowledge(&self, key: &AgentKey, conn_id: u64, ack: u64) {
        let mut entries = self.lock();
        if let Some(entry) = entries.get_mut(key) {
            if entry.carried_by(conn_id) {
                entry.session.acknowledge(ack);
            }
        }
    }

    /// The id of `key`'s live session, if it has one.
    pub(crate) fn session_id(&self, key: &AgentKey) -> Option<String> {
        self.lock().get(key).map(|e| e.session.id().to_owned())
    }

    /// Sends a catalog event in session `session_id` of `key`, through its history like any
    /// event; returns its id, or None when that session has ended.
    pub(crate) fn emit(
        &self,
        key: &AgentKey,
        session_id: &str,
        payload: CatalogEvent,
    ) -> Option<u64> {
        let now = Instant::now();
        let mut entries = self.lock();
        let entry = entries
            .get_mut(key)
            .filter(|e| e.session.id() == session_id)?;
        let frame = entry.session.emit(payload, now);
        let event_id = match &*frame {
            ServerFrame::Event { event_id, .. } => *event_id,
            _ => entry.session.last_event_id(),
        };
        deliver(entry, frame, now, &self.detached);
        Some(event_id)
    }

    /// Ends `key`'s session for `ending`: `sessionTerminate` if logged in, then the terminal
    /// close. With `only_conn`, only if that connection still carries the session (a key that
    /// expires on a replaced connection ends nothing). Returns whether a session ended.
    pub(crate) fn end(&self, key: &AgentKey, only_conn: Option<u64>, ending: Ending) -> bool {
        let mut entries = self.lock();
        let carried = |e: &Entry| only_conn.is_none_or(|id| e.carried_by(id));
        if !entries.get(key).is_some_and(carried) {
            return false;
        }
        match entries.remove(key) {
            Some(entry) => {
                end_entry(entry, ending, Instant::now());
                self.ended.notify_one();
                true
            }
            None => false,
        }
    }

    /// Forgets every session and its history, as a restart would; returns how many there were.
    /// The connections are not told: the caller closes them.
    pub(crate) fn forget_all(&self) -> usize {
        let mut entries = self.lock();
        let n = entries.len();
        entries.clear();
        self.ended.notify_one();
        n
    }

    /// True while `conn_id` carries `key`'s session.
    #[cfg(test)]
    pub(crate) fn is_current(&self, key: &AgentKey, conn_id: u64) -> bool {
        self.lock().get(key).is_some_and(|e| e.carried_by(conn_id))
    }
}

/// `reply` stamped with the session's newest event id: every event the command caused was emitted
/// before, so a client that delivered the events through it knows the command's effect
/// (docs/protocol.md §3; issue 10). Commands reach the edge's reply path only at the end of the
/// step that ran them, after its events.
fn stamped(mut reply: Reply, session: &Session) -> ServerFrame {
    reply.last_event_id = Some(session.last_event_id());
    ServerFrame::Reply(reply)
}

/// A session id nobody can guess: 128 random bits, hex.
fn new_session_id() -> String {
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
