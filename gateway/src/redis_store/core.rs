//! The core on Redis: its inputs read from the `ad:in` stream through the consumer group
//! `core`, its batches appended to the sessions' histories and published to their edges, its
//! control answers published to the asking edge, and sessions whose keys expired (nobody
//! carried them for the grace period) ended.
//!
//! The cluster's epoch is the core's: a new one when it starts and whenever Redis shows it
//! lost its data (the group or the epoch gone, an append refused as stale). Every session of an
//! older epoch is unknown, and the core forgets its own: clients resume into a new session and
//! a `resync` with its reason, never into a silent gap.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rand::RngCore as _;
use redis::aio::ConnectionManager;
use redis::streams::{StreamReadOptions, StreamReadReply};
use redis::{AsyncCommands as _, Client, Value};
use tokio::sync::{mpsc, watch};

use crate::center::driver::Outlet;
use crate::port::{Batch, ControlId, ControlRequest, CoreInput, CoreOutput, EndReason, Item, Tap};

use super::edge::{array, word};
use super::scripts::{
    edge_channel, history_key, lease_key, session_key, Scripts, CONTROL_CHANNEL, CORE_GROUP,
    EPOCH_KEY, EXPIRED_CHANNEL, INPUT_STREAM, TAP_CHANNEL,
};
use super::{hear, ms, subscribed, tag, Heard, RedisError, ENDED_KEEP, RETRY};

/// Entries read from the input stream per call.
const READ_COUNT: usize = 256;
/// How long one read blocks when there is nothing (then the loop checks for shutdown).
const READ_BLOCK_MS: usize = 1_000;

/// The Redis side of the core.
pub(crate) struct RedisCore {
    client: Client,
    conn: ConnectionManager,
    scripts: Scripts,
    epoch: Mutex<String>,
    inbox: mpsc::Sender<CoreInput>,
    history_max_events: usize,
    resetting: AtomicBool,
}

impl std::fmt::Debug for RedisCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCore").finish_non_exhaustive()
    }
}

fn new_epoch() -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl RedisCore {
    /// Connects, starts a new epoch, and makes sure the group and the expiry notifications exist.
    pub(crate) async fn start(
        url: &str,
        inbox: mpsc::Sender<CoreInput>,
        history_max_events: usize,
    ) -> Result<Arc<Self>, RedisError> {
        let (client, conn) = super::connect(url).await?;
        let core = Arc::new(Self {
            client,
            conn,
            scripts: Scripts::new(),
            epoch: Mutex::new(String::new()),
            inbox,
            history_max_events,
            resetting: AtomicBool::new(false),
        });
        core.new_epoch(false).await;
        Ok(core)
    }

    fn epoch(&self) -> String {
        self.epoch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A new epoch: set, announced, the group reset to new entries only (older commands belong
    /// to sessions of the past epoch); `forget` also tells the core to forget its sessions.
    async fn new_epoch(&self, forget: bool) {
        let epoch = new_epoch();
        *self.epoch.lock().unwrap_or_else(PoisonError::into_inner) = epoch.clone();
        self.expiry_events().await;
        let mut conn = self.conn.clone();
        let created: redis::RedisResult<()> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(INPUT_STREAM)
            .arg(CORE_GROUP)
            .arg("$")
            .arg("MKSTREAM")
            .query_async(&mut conn)
            .await;
        if let Err(e) = created {
            if e.code() != Some("BUSYGROUP") {
                tracing::warn!("redis: XGROUP CREATE: {e}");
            }
        }
        let _: redis::RedisResult<()> = redis::cmd("XGROUP")
            .arg("SETID")
            .arg(INPUT_STREAM)
            .arg(CORE_GROUP)
            .arg("$")
            .query_async(&mut conn)
            .await;
        let set: redis::RedisResult<()> = conn.set(EPOCH_KEY, &epoch).await;
        if let Err(e) = set {
            tracing::warn!("redis: cannot set the epoch: {e}");
        }
        let _: redis::RedisResult<()> = conn
            .publish(CONTROL_CHANNEL, format!("{}{epoch}", tag::EPOCH))
            .await;
        tracing::info!(epoch, "cluster epoch");
        if forget {
            let id = ControlId {
                edge: String::new(),
                n: 0,
            };
            let _ = self
                .inbox
                .send(CoreInput::Control {
                    id,
                    request: ControlRequest::ForgetAll,
                })
                .await;
        }
    }

    /// Redis lost what the core wrote (restarted empty, restored an older snapshot): a new
    /// epoch, once, however many appends notice it.
    async fn reset(&self, why: &str) {
        if self.resetting.swap(true, Ordering::SeqCst) {
            return;
        }
        tracing::warn!(
            "redis lost the cluster's state ({why}); new epoch, every session resynchronises"
        );
        self.new_epoch(true).await;
        self.resetting.store(false, Ordering::SeqCst);
    }

    /// Starts the reader of the input stream and the listener of expired sessions.
    pub(crate) fn spawn(self: &Arc<Self>, shutdown: watch::Receiver<bool>) {
        tokio::spawn(Arc::clone(self).read_inputs(shutdown.clone()));
        tokio::spawn(Arc::clone(self).expired_sessions(shutdown));
    }

    async fn read_inputs(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            let conn = tokio::select! {
                _ = shutdown.changed() => return,
                c = self.client.get_multiplexed_async_connection() => c,
            };
            let mut conn = match conn {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!("redis core reader: {e}");
                    tokio::time::sleep(RETRY).await;
                    continue;
                }
            };
            let options = StreamReadOptions::default()
                .group(CORE_GROUP, "core")
                .count(READ_COUNT)
                .block(READ_BLOCK_MS);
            loop {
                let read = tokio::select! {
                    _ = shutdown.changed() => return,
                    r = conn.xread_options::<_, _, StreamReadReply>(&[INPUT_STREAM], &[">"], &options) => r,
                };
                let reply = match read {
                    Ok(reply) => reply,
                    Err(e) => {
                        if e.code() == Some("NOGROUP") {
                            self.reset("the core's consumer group is gone").await;
                            continue;
                        }
                        tracing::warn!("redis core reader: {e}");
                        tokio::time::sleep(RETRY).await;
                        break;
                    }
                };
                let mut ids = Vec::new();
                for key in reply.keys {
                    for entry in key.ids {
                        let text: Option<String> = entry.get("m");
                        match text.map(|t| serde_json::from_str::<CoreInput>(&t)) {
                            Some(Ok(input)) => {
                                if self.inbox.send(input).await.is_err() {
                                    return;
                                }
                            }
                            _ => tracing::warn!(id = entry.id, "redis: unreadable input entry"),
                        }
                        ids.push(entry.id);
                    }
                }
                if !ids.is_empty() {
                    let acked: redis::RedisResult<()> =
                        conn.xack(INPUT_STREAM, CORE_GROUP, &ids).await;
                    if let Err(e) = acked {
                        tracing::debug!("redis XACK: {e}");
                    }
                }
            }
        }
    }

    async fn expired_sessions(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            let Some(mut messages) =
                subscribed(&self.client, &[EXPIRED_CHANNEL], &mut shutdown).await
            else {
                return;
            };
            // (Re)connected: Redis may have restarted without the setting.
            self.expiry_events().await;
            loop {
                let key = match hear(&mut messages, &mut shutdown).await {
                    Heard::Text(key) => key,
                    Heard::Lost => break,
                    Heard::Stop => return,
                };
                if let Some(session) = key.strip_prefix("ad:s:") {
                    let input = CoreInput::EndSession {
                        session: session.to_owned(),
                        reason: EndReason::GraceExpired,
                    };
                    if self.inbox.send(input).await.is_err() {
                        return;
                    }
                }
            }
        }
    }

    /// Expired keys are how the core hears that a session's grace ran out: Redis must announce
    /// them (`notify-keyspace-events Ex`).
    async fn expiry_events(&self) {
        let mut conn = self.conn.clone();
        let notify: redis::RedisResult<()> = redis::cmd("CONFIG")
            .arg("SET")
            .arg("notify-keyspace-events")
            .arg("Ex")
            .query_async(&mut conn)
            .await;
        if let Err(e) = notify {
            tracing::warn!("redis: cannot turn on expiry notifications ({e}); set notify-keyspace-events Ex in redis.conf");
        }
    }

    /// Appends one batch; what Redis said.
    async fn append(&self, batch: &Batch) -> Vec<Value> {
        let mut conn = self.conn.clone();
        let events: Vec<String> = batch
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Event { payload, .. } => serde_json::to_string(payload).ok(),
                Item::Reply { .. } => None,
            })
            .collect();
        let first = batch
            .items
            .iter()
            .find_map(|i| match i {
                Item::Event { id, .. } => Some(*id),
                Item::Reply { .. } => None,
            })
            .unwrap_or(0);
        let message = match serde_json::to_string(&CoreOutput::Batch(batch.clone())) {
            Ok(text) => format!("{}{text}", tag::BATCH),
            Err(_) => return Vec::new(),
        };
        let end = batch
            .end
            .and_then(|e| serde_json::to_value(e).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let mut invocation = self.scripts.append.key(session_key(&batch.session));
        invocation
            .key(history_key(&batch.session))
            .key(lease_key(&batch.session))
            .key(EPOCH_KEY)
            .arg(self.epoch())
            .arg(first)
            .arg(events.len())
            .arg(self.history_max_events)
            .arg(ms(ENDED_KEEP))
            .arg(crate::unix_ms())
            .arg(end)
            .arg(message);
        for e in &events {
            invocation.arg(e);
        }
        match invocation.invoke_async::<Value>(&mut conn).await {
            Ok(v) => array(v),
            Err(e) => {
                tracing::warn!(session = batch.session, "redis append: {e}");
                Vec::new()
            }
        }
    }

    async fn publish_answer(&self, output: &CoreOutput) {
        let CoreOutput::Answer { id, .. } = output else {
            return;
        };
        if id.edge.is_empty() {
            return;
        }
        let Ok(text) = serde_json::to_string(output) else {
            return;
        };
        let mut conn = self.conn.clone();
        let sent: redis::RedisResult<()> = conn
            .publish(edge_channel(&id.edge), format!("{}{text}", tag::ANSWER))
            .await;
        if let Err(e) = sent {
            tracing::warn!("redis publish: {e}");
        }
    }

    /// A tap: a step's feed to every edge, a snapshot to the edge that asked for it.
    async fn publish_tap(&self, tap: &Tap) {
        let Ok(text) = serde_json::to_string(&CoreOutput::Tap(tap.clone())) else {
            return;
        };
        let (channel, message) = match &tap.sync_for {
            Some(edge) => (edge_channel(edge), format!("{}{text}", tag::BATCH)),
            None => (
                TAP_CHANNEL.to_owned(),
                format!("{}{}\t{text}", tag::TAP, tap.tenant),
            ),
        };
        let mut conn = self.conn.clone();
        let sent: redis::RedisResult<()> = conn.publish(channel, message).await;
        if let Err(e) = sent {
            tracing::warn!("redis publish tap: {e}");
        }
    }

    async fn deliver_all(&self, outputs: Vec<CoreOutput>) {
        // Submitted in order on one multiplexed connection: one round trip for the turn.
        let results = futures_util::future::join_all(outputs.iter().map(|o| async move {
            match o {
                CoreOutput::Batch(b) => Some(self.append(b).await),
                CoreOutput::Answer { .. } => {
                    self.publish_answer(o).await;
                    None
                }
                CoreOutput::Tap(tap) => {
                    self.publish_tap(tap).await;
                    None
                }
            }
        }))
        .await;
        for (output, result) in outputs.iter().zip(results) {
            let (CoreOutput::Batch(batch), Some(result)) = (output, result) else {
                continue;
            };
            match word(result.first()).as_str() {
                "OK" | "" => {}
                "GONE" if batch.end.is_none() => {
                    // Its keys expired before the core heard: the session is over.
                    let input = CoreInput::EndSession {
                        session: batch.session.clone(),
                        reason: EndReason::GraceExpired,
                    };
                    let _ = self.inbox.try_send(input);
                }
                "GONE" => {}
                other => self.reset(other).await,
            }
        }
    }
}

/// The core's outputs onto Redis.
pub(crate) struct RedisOutlet(pub(crate) Arc<RedisCore>);

impl Outlet for RedisOutlet {
    fn deliver<'a>(
        &'a self,
        outputs: Vec<CoreOutput>,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        Box::pin(self.0.deliver_all(outputs))
    }
}
