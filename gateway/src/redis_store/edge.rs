//! An edge on Redis: sessions' leases, history read for resume and for gaps, its channel
//! (batches from the core, control answers, leases lost), commands to the core in order, and
//! key revocations shared with every edge.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use agentdesk_core::events::CatalogEvent;
use agentdesk_core::protocol::v1::{ResumeRequest, ServerFrame};
use redis::aio::ConnectionManager;
use redis::{AsyncCommands as _, Client, Value};
use tokio::sync::{mpsc, watch};

use crate::edge::{Edge, Unreachable};
use crate::hub::{new_session_id, AgentKey, Attachment, Resume};
use crate::keys::SessionKeys;
use crate::port::{Batch, CoreInput, CoreOutput, Item, SessionId};

use super::scripts::{
    edge_channel, history_key, lease_key, session_key, Scripts, CONTROL_CHANNEL, EPOCH_KEY,
    INPUT_STREAM, REVOKED_KEY, TAP_CHANNEL,
};
use super::{
    agent_field, hear, ms, subscribed, tag, Heard, RedisError, LEASE_RENEW, LEASE_TTL, RETRY,
};

/// Commands waiting to be written to the core's stream: a burst beyond this is refused as
/// `UNAVAILABLE` rather than buffered.
const OUTBOX: usize = 65_536;
/// Entries the core's stream keeps about (`MAXLEN ~`): far more than it has unread.
const INPUT_STREAM_MAX: usize = 1_000_000;
/// How often acknowledgements trim histories (each client acks every 5 s).
const ACK_FLUSH: Duration = Duration::from_secs(1);

/// The Redis side of one edge.
pub(crate) struct RedisEdge {
    id: String,
    client: Client,
    conn: ConnectionManager,
    scripts: Scripts,
    outbox: mpsc::Sender<CoreInput>,
    pending: Mutex<Option<mpsc::Receiver<CoreInput>>>,
    grace: Duration,
    history_max_age: Duration,
    acks: Mutex<HashMap<SessionId, u64>>,
    epoch: Mutex<Option<String>>,
}

impl std::fmt::Debug for RedisEdge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisEdge")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl RedisEdge {
    /// Connects edge `id` to Redis at `url`.
    pub(crate) async fn connect(
        url: &str,
        id: String,
        grace: Duration,
        history_max_age: Duration,
    ) -> Result<Arc<Self>, RedisError> {
        let (client, conn) = super::connect(url).await?;
        let (outbox, pending) = mpsc::channel(OUTBOX);
        Ok(Arc::new(Self {
            id,
            client,
            conn,
            scripts: Scripts::new(),
            outbox,
            pending: Mutex::new(Some(pending)),
            grace,
            history_max_age,
            acks: Mutex::new(HashMap::new()),
            epoch: Mutex::new(None),
        }))
    }

    /// Starts the edge's Redis tasks: the writer of commands, the subscriber, the lease
    /// renewal, the acknowledgement flush.
    pub(crate) fn spawn(
        self: &Arc<Self>,
        edge: Arc<Edge>,
        keys: Arc<SessionKeys>,
        shutdown: watch::Receiver<bool>,
    ) {
        if let Some(pending) = lock(&self.pending).take() {
            tokio::spawn(Arc::clone(self).write_commands(pending, shutdown.clone()));
        }
        tokio::spawn(Arc::clone(self).subscribe(Arc::clone(&edge), keys, shutdown.clone()));
        tokio::spawn(Arc::clone(self).renew(Arc::clone(&edge), shutdown.clone()));
        tokio::spawn(Arc::clone(self).flush_acks(shutdown));
    }

    /// Hands `input` to the writer of the core's stream (in order, without waiting).
    pub(crate) fn tell(&self, input: CoreInput) -> Result<(), Unreachable> {
        self.outbox.try_send(input).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => Unreachable::Busy,
            mpsc::error::TrySendError::Closed(_) => Unreachable::Gone,
        })
    }

    /// Like [`RedisEdge::tell`], waiting for room.
    pub(crate) async fn tell_waiting(&self, input: CoreInput) -> Result<(), Unreachable> {
        self.outbox.send(input).await.map_err(|_| Unreachable::Gone)
    }

    fn owner(&self, conn_id: u64) -> String {
        format!("{}:{conn_id}", self.id)
    }

    fn keep_ms(&self) -> u64 {
        ms(self.grace + LEASE_TTL)
    }

    /// Attaches a new connection (docs/protocol.md §5): a resume takes the session's lease and
    /// replays from its history stream; anything else is a new session.
    pub(crate) async fn attach(
        &self,
        edge: &Edge,
        key: &AgentKey,
        resume: Option<&ResumeRequest>,
    ) -> Result<Attachment, Unreachable> {
        let hub = &edge.hub;
        let (conn_id, conn, end) = hub.new_conn();
        let owner = self.owner(conn_id);
        let agent = agent_field(&key.tenant_id, &key.agent_no);
        let mut conn_ = self.conn.clone();
        if let Some(r) = resume {
            let oldest = crate::unix_ms().saturating_sub(ms(self.history_max_age));
            let answer: Value = self
                .scripts
                .attach
                .key(session_key(&r.session_id))
                .key(history_key(&r.session_id))
                .key(lease_key(&r.session_id))
                .key(EPOCH_KEY)
                .arg(&agent)
                .arg(&owner)
                .arg(ms(LEASE_TTL))
                .arg(self.keep_ms())
                .arg(r.last_event_id)
                .arg(oldest)
                .invoke_async(&mut conn_)
                .await
                .map_err(|e| gone("attach", &e))?;
            let parts = array(answer);
            match word(parts.first()).as_str() {
                "NOEPOCH" => return Err(Unreachable::Gone),
                "OK" | "GAP" => {
                    let ok = word(parts.first()) == "OK";
                    let last = number(parts.get(1));
                    let replay = if ok {
                        entries(parts.get(2).cloned())
                            .into_iter()
                            .map(|(id, payload)| {
                                std::sync::Arc::new(ServerFrame::Event {
                                    event_id: id,
                                    payload,
                                })
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    hub.hold(key, &r.session_id, conn);
                    let held = hub.release(&r.session_id, last);
                    for batch in held {
                        self.deliver(edge, batch).await;
                    }
                    self.catch_up(edge, &r.session_id).await;
                    let tell = (!ok).then(|| CoreInput::Resync {
                        session: r.session_id.clone(),
                    });
                    return Ok(Attachment {
                        conn_id,
                        session_id: r.session_id.clone(),
                        last_event_id: last,
                        resume: if ok {
                            Resume::Resumed
                        } else {
                            Resume::GapTooOld
                        },
                        replay,
                        end,
                        tell,
                    });
                }
                _ => {}
            }
        }
        let session_id = new_session_id();
        let answer: Value = self
            .scripts
            .create
            .key(session_key(&session_id))
            .key(lease_key(&session_id))
            .key(EPOCH_KEY)
            .arg(&agent)
            .arg(&owner)
            .arg(ms(LEASE_TTL))
            .arg(self.keep_ms())
            .invoke_async(&mut conn_)
            .await
            .map_err(|e| gone("create", &e))?;
        if word(array(answer).first()) != "OK" {
            return Err(Unreachable::Gone);
        }
        hub.hold(key, &session_id, conn);
        let _ = hub.release(&session_id, 0);
        Ok(Attachment {
            conn_id,
            session_id: session_id.clone(),
            last_event_id: 0,
            resume: if resume.is_some() {
                Resume::SessionUnknown
            } else {
                Resume::NotAsked
            },
            replay: Vec::new(),
            end,
            tell: Some(CoreInput::SessionStarted {
                session: session_id,
                agent: key.clone(),
            }),
        })
    }

    /// The connection carrying `session` is gone: its lease goes and its grace period starts.
    pub(crate) fn detach(&self, session: &str, conn_id: u64) {
        let mut conn = self.conn.clone();
        let owner = self.owner(conn_id);
        let script = self.scripts.detach.clone();
        let session = session.to_owned();
        let grace = ms(self.grace);
        tokio::spawn(async move {
            let done: redis::RedisResult<i64> = script
                .key(session_key(&session))
                .key(history_key(&session))
                .key(lease_key(&session))
                .arg(owner)
                .arg(grace)
                .invoke_async(&mut conn)
                .await;
            if let Err(e) = done {
                tracing::warn!("redis detach: {e}");
            }
        });
    }

    /// The client delivered everything up to `ack`: its history is trimmed at the next flush.
    pub(crate) fn acknowledge(&self, session: &str, ack: u64) {
        let mut acks = lock(&self.acks);
        let entry = acks.entry(session.to_owned()).or_insert(ack);
        *entry = (*entry).max(ack);
    }

    /// Delivers a batch of the core into the hub; a batch past a gap (a message lost while the
    /// subscriber reconnected, a replay still being written) first gets the gap from history.
    async fn deliver(&self, edge: &Edge, batch: Batch) {
        let session = batch.session.clone();
        let Some(missing) = edge.hub.deliver(batch.clone()) else {
            return;
        };
        match self.fetch(&session, missing).await {
            Some(gap) => {
                let _ = edge.hub.deliver(gap);
                let _ = edge.hub.deliver(batch);
            }
            None => self.lost(edge, &session),
        }
    }

    /// History no longer has what this connection missed: it is closed (4000) and resumes,
    /// and the resume says `GAP_TOO_OLD`.
    fn lost(&self, edge: &Edge, session: &str) {
        tracing::warn!(
            session,
            "events missed and no longer in history; connection closed"
        );
        if let Some((_, conn_id)) = edge.hub.carried().into_iter().find(|(s, _)| s == session) {
            edge.hub.replace(session, conn_id);
        }
    }

    /// The events of `session` from `from` on, as a batch; None when history starts later.
    async fn fetch(&self, session: &str, from: u64) -> Option<Batch> {
        let mut conn = self.conn.clone();
        let raw: Value = redis::cmd("XRANGE")
            .arg(history_key(session))
            .arg(format!("0-{from}"))
            .arg("+")
            .query_async(&mut conn)
            .await
            .ok()?;
        let events = entries(Some(raw));
        if events.first().map(|(id, _)| *id) != Some(from) {
            return None;
        }
        let last = events.last().map_or(from, |(id, _)| *id);
        Some(Batch {
            session: session.to_owned(),
            items: events
                .into_iter()
                .map(|(id, payload)| Item::Event { id, payload })
                .collect(),
            last_event_id: last,
            end: None,
        })
    }

    /// Brings `session` up to its history's newest event (what pub/sub may have lost).
    async fn catch_up(&self, edge: &Edge, session: &str) {
        let mut conn = self.conn.clone();
        let newest: Option<u64> = conn.hget(session_key(session), "last").await.ok().flatten();
        let (Some(newest), Some(local)) = (newest, edge.hub.last_event_id(session)) else {
            return;
        };
        if newest > local {
            match self.fetch(session, local + 1).await {
                Some(gap) => {
                    let _ = edge.hub.deliver(gap);
                }
                None => self.lost(edge, session),
            }
        }
    }

    /// Writes the port's inputs to the core's stream, in order, a burst per round trip.
    async fn write_commands(
        self: Arc<Self>,
        mut pending: mpsc::Receiver<CoreInput>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let mut conn = self.conn.clone();
        loop {
            let first = tokio::select! {
                _ = shutdown.changed() => return,
                input = pending.recv() => match input { Some(i) => i, None => return },
            };
            let mut burst = vec![first];
            while burst.len() < 256 {
                match pending.try_recv() {
                    Ok(i) => burst.push(i),
                    Err(_) => break,
                }
            }
            let mut pipe = redis::pipe();
            for input in &burst {
                let text = serde_json::to_string(input).unwrap_or_default();
                pipe.cmd("XADD")
                    .arg(INPUT_STREAM)
                    .arg("MAXLEN")
                    .arg("~")
                    .arg(INPUT_STREAM_MAX)
                    .arg("*")
                    .arg("m")
                    .arg(text)
                    .ignore();
            }
            // Retried until written: a command lost here would never be answered.
            loop {
                let sent: redis::RedisResult<()> = pipe.query_async(&mut conn).await;
                match sent {
                    Ok(()) => break,
                    Err(e) => {
                        tracing::warn!("redis: commands not written yet: {e}");
                        tokio::select! {
                            _ = shutdown.changed() => return,
                            () = tokio::time::sleep(RETRY) => {}
                        }
                    }
                }
            }
        }
    }

    /// Listens on this edge's channel and the control channel, reconnecting as needed; after
    /// each (re)connection checks the epoch, loads revocations and catches up on its sessions.
    async fn subscribe(
        self: Arc<Self>,
        edge: Arc<Edge>,
        keys: Arc<SessionKeys>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let channel = edge_channel(&self.id);
        loop {
            let channels = [channel.as_str(), CONTROL_CHANNEL, TAP_CHANNEL];
            let Some(mut messages) = subscribed(&self.client, &channels, &mut shutdown).await
            else {
                return;
            };
            self.resynchronise(&edge, &keys).await;
            loop {
                match hear(&mut messages, &mut shutdown).await {
                    Heard::Text(text) => self.on_message(&edge, &keys, &text).await,
                    Heard::Lost => break,
                    Heard::Stop => return,
                }
            }
            tracing::warn!("redis: subscription lost; reconnecting");
        }
    }

    /// After (re)subscribing: a changed or missing epoch forgets every session here (their
    /// clients resume into `SESSION_UNKNOWN`); revocations are loaded (and ours put back if
    /// Redis lost them); sessions catch up on what was published meanwhile.
    async fn resynchronise(&self, edge: &Edge, keys: &SessionKeys) {
        let mut conn = self.conn.clone();
        let epoch: Option<String> = conn.get(EPOCH_KEY).await.ok().flatten();
        self.epoch_is(edge, epoch);
        // Taps published while this edge was not subscribed are lost: the faces' tenants
        // resynchronise from a snapshot.
        crate::faces::rewatch_all(edge, &edge.feeds).await;
        let revoked: HashMap<String, u64> = conn.hgetall(REVOKED_KEY).await.unwrap_or_default();
        for (who, through) in &revoked {
            if let Some((tenant, agent)) = who.split_once('\t') {
                keys.revoke_agent(tenant, agent, *through);
            }
        }
        for (tenant, agent, through) in keys.revoked_agents() {
            let field = agent_field(&tenant, &agent);
            if revoked.get(&field).is_none_or(|t| *t < through) {
                let _: redis::RedisResult<()> = conn.hset(REVOKED_KEY, field, through).await;
            }
        }
        for (session, _) in edge.hub.carried() {
            self.catch_up(edge, &session).await;
        }
    }

    /// The cluster's epoch is `epoch`: if it differs from the one this edge knew, every session
    /// here belongs to a past the core no longer has.
    fn epoch_is(&self, edge: &Edge, epoch: Option<String>) -> bool {
        let mut known = lock(&self.epoch);
        let changed = known.is_some() && *known != epoch;
        if changed {
            let n = edge.hub.forget_all();
            tracing::warn!(
                sessions = n,
                "cluster epoch changed; sessions here forgotten"
            );
        }
        *known = epoch;
        changed
    }

    async fn on_message(&self, edge: &Edge, keys: &SessionKeys, text: &str) {
        let mut chars = text.chars();
        let kind = chars.next();
        let rest = chars.as_str();
        match kind {
            Some(tag::BATCH) | Some(tag::ANSWER) => {
                match serde_json::from_str::<CoreOutput>(rest) {
                    Ok(CoreOutput::Batch(batch)) => self.deliver(edge, batch).await,
                    Ok(answer) => {
                        let _ = edge.receive(answer);
                    }
                    Err(e) => tracing::warn!("redis: bad message from the core: {e}"),
                }
            }
            Some(tag::KICK) => {
                let mut words = rest.split_whitespace();
                let (Some(session), Some(owner)) = (words.next(), words.next()) else {
                    return;
                };
                let conn_id = owner
                    .strip_prefix(&format!("{}:", self.id))
                    .and_then(|c| c.parse::<u64>().ok());
                if let Some(conn_id) = conn_id {
                    edge.hub.replace(session, conn_id);
                }
            }
            Some(tag::REVOKE) => {
                let mut parts = rest.trim_start().split('\t');
                if let (Some(tenant), Some(agent), Some(through)) =
                    (parts.next(), parts.next(), parts.next())
                {
                    if let Ok(through) = through.parse::<u64>() {
                        keys.revoke_agent(tenant, agent, through);
                    }
                }
            }
            Some(tag::EPOCH) => {
                if self.epoch_is(edge, Some(rest.trim().to_owned())) {
                    // A new core watches nothing yet.
                    crate::faces::rewatch_all(edge, &edge.feeds).await;
                }
            }
            Some(tag::TAP) => {
                let Some((tenant, json)) = rest.split_once('\t') else {
                    return;
                };
                if !edge.feeds.serves(tenant) {
                    return;
                }
                match serde_json::from_str::<CoreOutput>(json) {
                    Ok(tap) => {
                        let _ = edge.receive(tap);
                    }
                    Err(e) => tracing::warn!("redis: bad tap from the core: {e}"),
                }
            }
            _ => {}
        }
    }

    /// Shares a revocation with every edge (and with edges started later).
    pub(crate) async fn share_revocation(&self, tenant: &str, agent: &str, through: u64) {
        let mut conn = self.conn.clone();
        let field = agent_field(tenant, agent);
        let _: redis::RedisResult<()> = conn.hset(REVOKED_KEY, &field, through).await;
        let message = format!("{} {field}\t{through}", tag::REVOKE);
        let _: redis::RedisResult<()> = conn.publish(CONTROL_CHANNEL, message).await;
    }

    /// Renews this edge's leases; a lease found lost closes its connection (4000).
    async fn renew(self: Arc<Self>, edge: Arc<Edge>, mut shutdown: watch::Receiver<bool>) {
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                () = tokio::time::sleep(LEASE_RENEW) => {}
            }
            let carried = edge.hub.carried();
            let this = &*self;
            for chunk in carried.chunks(512) {
                let calls = chunk.iter().map(|(session, conn_id)| {
                    let mut c = this.conn.clone();
                    let owner = this.owner(*conn_id);
                    let keep = this.keep_ms();
                    async move {
                        let kept: redis::RedisResult<i64> = this
                            .scripts
                            .renew
                            .key(session_key(session))
                            .key(history_key(session))
                            .key(lease_key(session))
                            .arg(owner)
                            .arg(ms(LEASE_TTL))
                            .arg(keep)
                            .invoke_async(&mut c)
                            .await;
                        kept
                    }
                });
                let results = futures_util::future::join_all(calls).await;
                for ((session, conn_id), kept) in chunk.iter().zip(results) {
                    if matches!(kept, Ok(0)) {
                        tracing::info!(session, "lease lost; connection closed");
                        edge.hub.replace(session, *conn_id);
                    }
                }
            }
        }
    }

    /// Trims histories up to what their clients acknowledged, once a second.
    async fn flush_acks(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let mut conn = self.conn.clone();
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                () = tokio::time::sleep(ACK_FLUSH) => {}
            }
            let acks = std::mem::take(&mut *lock(&self.acks));
            if acks.is_empty() {
                continue;
            }
            let mut pipe = redis::pipe();
            for (session, ack) in acks {
                pipe.cmd("XTRIM")
                    .arg(history_key(&session))
                    .arg("MINID")
                    .arg(format!("0-{}", ack.saturating_add(1)))
                    .ignore();
            }
            let trimmed: redis::RedisResult<()> = pipe.query_async(&mut conn).await;
            if let Err(e) = trimmed {
                tracing::debug!("redis ack trim: {e}");
            }
        }
    }
}

fn gone(what: &str, e: &redis::RedisError) -> Unreachable {
    tracing::warn!("redis {what}: {e}");
    Unreachable::Gone
}

/// A script's array answer.
pub(crate) fn array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => vec![other],
    }
}

/// A status word in a script's answer.
pub(crate) fn word(v: Option<&Value>) -> String {
    match v {
        Some(Value::BulkString(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(Value::SimpleString(s)) => s.clone(),
        Some(Value::Okay) => "OK".to_owned(),
        _ => String::new(),
    }
}

/// A number in a script's answer.
pub(crate) fn number(v: Option<&Value>) -> u64 {
    match v {
        Some(Value::Int(n)) => u64::try_from(*n).unwrap_or(0),
        Some(Value::BulkString(b)) => String::from_utf8_lossy(b).parse().unwrap_or(0),
        _ => 0,
    }
}

/// Stream entries (`XRANGE`'s answer) as (event id, event); entries that do not parse are
/// skipped (and would show as a gap).
pub(crate) fn entries(v: Option<Value>) -> Vec<(u64, CatalogEvent)> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Value::Array(mut pair) = item else {
            continue;
        };
        if pair.len() != 2 {
            continue;
        }
        let fields = pair.pop();
        let id = word(pair.first());
        let Some(id) = id.strip_prefix("0-").and_then(|n| n.parse::<u64>().ok()) else {
            continue;
        };
        let Some(Value::Array(fields)) = fields else {
            continue;
        };
        let payload = fields
            .chunks(2)
            .find(|kv| word(kv.first()) == "p")
            .and_then(|kv| kv.get(1))
            .map(|v| word(Some(v)));
        let Some(event) = payload.and_then(|p| serde_json::from_str::<CatalogEvent>(&p).ok())
        else {
            tracing::warn!(id, "history entry does not parse");
            continue;
        };
        out.push((id, event));
    }
    out
}
