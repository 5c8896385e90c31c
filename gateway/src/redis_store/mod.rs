//! The cluster mode's carrier (`--redis URL`, docs/deploy.md): the port's messages over Redis.
//!
//! - Edges → core: every [`crate::port::CoreInput`] is an entry of the stream `ad:in`, read by
//!   the core through the consumer group `core` (`core.rs`).
//! - Core → edges: each [`crate::port::Batch`] is appended by one Lua script that writes the
//!   events into the session's history stream with the core's ids and publishes the batch on
//!   the channel of the edge holding the session's lease; control answers go to the asking
//!   edge's channel (`scripts.rs`).
//! - Sessions live in Redis: an edge takes a session's lease when it carries it, renews it, and
//!   lets it go when its connection ends; the session and its history expire when nobody has
//!   carried it for the grace period, which the core hears of as an expired key (`edge.rs`).
//! - The cluster's epoch, set by the core when it starts: a session of another epoch, or a
//!   Redis that lost its data, is unknown, so a client resumes into a resynchronisation with a
//!   reason, never into a silent gap.
//! - Key revocations are a hash every edge loads and a message every edge hears.
//! - The dialect faces' taps (docs/dialects.md §1): a watched tenant's step feed is published on
//!   `ad:tap`, which every edge hears; the snapshot a new watcher asked for goes to its channel.

pub(crate) mod core;
pub(crate) mod edge;
pub(crate) mod scripts;

use std::time::Duration;

use futures_util::StreamExt as _;
use redis::aio::{ConnectionManager, PubSubStream};
use redis::Client;
use tokio::sync::watch;

/// How long a lease lasts without renewal: an edge that dies loses its sessions' leases this
/// long after its last renewal at most (clients that reconnect elsewhere take them over at once).
pub(crate) const LEASE_TTL: Duration = Duration::from_secs(15);

/// How often an edge renews its leases: a third of their life, so two renewals may fail.
pub(crate) const LEASE_RENEW: Duration = Duration::from_secs(5);

/// How long an ended session's keys stay, so a late resume hears it ended rather than nothing.
pub(crate) const ENDED_KEEP: Duration = Duration::from_secs(30);

/// How long to wait before trying Redis again after a failure.
pub(crate) const RETRY: Duration = Duration::from_millis(250);

/// Why the Redis carrier could not start.
#[derive(Debug, thiserror::Error)]
pub enum RedisError {
    /// A URL redis-rs cannot use.
    #[error("bad --redis URL {url}: {source}")]
    Url {
        /// The URL.
        url: String,
        /// Why.
        source: redis::RedisError,
    },
    /// Redis did not answer.
    #[error("cannot reach Redis at {url}: {source}")]
    Connect {
        /// The URL.
        url: String,
        /// Why.
        source: redis::RedisError,
    },
}

/// A client and a reconnecting connection for commands.
pub(crate) async fn connect(url: &str) -> Result<(Client, ConnectionManager), RedisError> {
    let client = Client::open(url).map_err(|source| RedisError::Url {
        url: url.to_owned(),
        source,
    })?;
    let manager = ConnectionManager::new(client.clone())
        .await
        .map_err(|source| RedisError::Connect {
            url: url.to_owned(),
            source,
        })?;
    Ok((client, manager))
}

/// A subscription to `channels`, retried until it is made; None once the process stops.
pub(crate) async fn subscribed(
    client: &Client,
    channels: &[&str],
    shutdown: &mut watch::Receiver<bool>,
) -> Option<PubSubStream> {
    loop {
        let made = async {
            let mut pubsub = client.get_async_pubsub().await?;
            for c in channels {
                pubsub.subscribe(*c).await?;
            }
            redis::RedisResult::Ok(pubsub)
        };
        let made = tokio::select! {
            _ = shutdown.changed() => return None,
            m = made => m,
        };
        match made {
            Ok(pubsub) => return Some(pubsub.into_on_message()),
            Err(e) => {
                tracing::warn!("redis subscribe: {e}");
                tokio::select! {
                    _ = shutdown.changed() => return None,
                    () = tokio::time::sleep(RETRY) => {}
                }
            }
        }
    }
}

/// What a subscription said next.
pub(crate) enum Heard {
    /// A message's text.
    Text(String),
    /// The subscription is lost (Redis went away): subscribe again.
    Lost,
    /// The process stops.
    Stop,
}

/// The next message of a subscription.
pub(crate) async fn hear(
    messages: &mut PubSubStream,
    shutdown: &mut watch::Receiver<bool>,
) -> Heard {
    loop {
        let message = tokio::select! {
            _ = shutdown.changed() => return Heard::Stop,
            m = messages.next() => m,
        };
        match message {
            None => return Heard::Lost,
            Some(m) => {
                if let Ok(text) = m.get_payload::<String>() {
                    return Heard::Text(text);
                }
            }
        }
    }
}

/// Milliseconds of a duration, for Redis arguments.
pub(crate) fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `tenant\tagent`, how Redis names an agent.
pub(crate) fn agent_field(tenant_id: &str, agent_no: &str) -> String {
    format!("{tenant_id}\t{agent_no}")
}

/// What an edge's channel carries: a batch (`B` + JSON), a control answer (`A` + JSON), or a
/// lease lost to another edge (`K <session> <owner>`).
pub(crate) mod tag {
    pub(crate) const BATCH: char = 'B';
    pub(crate) const ANSWER: char = 'A';
    pub(crate) const KICK: char = 'K';
    /// On the control channel: a revocation (`R tenant\tagent\tthrough`).
    pub(crate) const REVOKE: char = 'R';
    /// On the control channel: a new epoch (`E <epoch>`).
    pub(crate) const EPOCH: char = 'E';
    /// On the tap channel: a watched tenant's step feed (`T<tenant>\t<json>`).
    pub(crate) const TAP: char = 'T';
}
