//! agentdesk-gateway: the reference gateway the agentdesk SDK talks to in tests and in the demo.
//!
//! One port serves the demo's static files, the login endpoint that issues session keys, and the
//! WebSocket of protocol v1 (docs/protocol.md). The frames are agentdesk's own
//! (`agentdesk_core::protocol::v1`) and the agent's status moves only through agentdesk's
//! `apply`, so the gateway, the authority, cannot disagree with the engine about what a
//! transition does.
//!
//! ```no_run
//! # async fn demo() -> Result<(), agentdesk_gateway::GatewayError> {
//! let mut config = agentdesk_gateway::Config::new()?;
//! config.listen = "127.0.0.1:0".parse().unwrap_or(config.listen);
//! let gateway = agentdesk_gateway::start(config).await?;
//! println!("{}", gateway.ws_url());
//! gateway.shutdown().await;
//! # Ok(()) }
//! ```

#[doc(hidden)]
pub mod bench;
pub mod config;
pub mod directory;
#[doc(hidden)]
pub mod fuzzing;
pub mod heap;
pub mod keys;
pub mod limits;
pub mod media;
pub mod runtime;
pub mod sim;

mod auth;
mod center;
mod close_code;
mod commands;
mod connection;
mod control;
#[cfg(test)]
mod counting_waker;
mod deadlines;
mod edge;
mod faces;
mod grace;
mod history;
mod http;
mod hub;
mod lag;
mod link;
mod links;
mod ping;
mod port;
mod queue;
mod redis_store;
mod refresh;
mod revocations;
mod serve;
mod sim_control;
mod socket;
mod tls;
mod upgrade;
mod waiting_task;
mod websocket_frames;
mod wire;

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

pub use config::{Cli, Config, ConfigError, GatewayRole};
pub use directory::{Directory, DirectoryError, Role};
pub use keys::{Claims, IssuedKey, KeyError, SessionKeys};
pub use limits::Limits;
pub use redis_store::RedisError;
pub use tls::TlsError;

/// How long [`RunningGateway::shutdown`] waits for the server to wind down.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Messages the core's inbox holds (embedded mode) before a command is refused as `UNAVAILABLE`:
/// seconds of the heaviest load measured (docs/BENCHMARKS.md), a bound all the same.
const CORE_INBOX: usize = 65_536;

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The directory could not be loaded.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// The TLS certificate or key could not be used.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// Redis could not be used (cluster mode).
    #[error(transparent)]
    Redis(#[from] RedisError),
    /// The core's thread could not be started.
    #[error("cannot start the core's thread: {0}")]
    CoreThread(std::io::Error),
    /// `start` serves HTTP; the core alone starts with [`start_core`].
    #[error("the core role has no HTTP side: start it with start_core")]
    CoreRole,
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What every request and connection shares.
pub(crate) struct AppState {
    pub(crate) config: Config,
    pub(crate) keys: Arc<SessionKeys>,
    /// This process's edge: its sessions, connections and way to the core.
    pub(crate) edge: Arc<edge::Edge>,
    /// The dialect faces: their tokens and tenants (docs/gateway.md §12).
    pub(crate) faces: faces::Faces,
    /// What the core has done (embedded mode), for `/control/stats`.
    pub(crate) meter: Option<Arc<center::driver::CoreMeter>>,
    /// How late this process's runtime wakes a task, for `/control/stats`.
    pub(crate) lag: Arc<lag::Lag>,
    /// The rate limits' buckets (docs/gateway.md §11).
    pub(crate) guards: limits::Guards,
    /// Every open socket, for the fault-injection endpoints, and the frame delay.
    pub(crate) links: links::Links,
    /// Flips once when the gateway shuts down: every connection closes 4000 (§7).
    pub(crate) shutdown: watch::Receiver<bool>,
    /// Never sent on: its receiver in [`RunningGateway`] sees the channel close once the
    /// last holder of this state, server or connection, is gone.
    _alive: mpsc::Sender<()>,
}

/// A gateway serving on its port until [`RunningGateway::shutdown`].
#[derive(Debug)]
pub struct RunningGateway {
    addr: SocketAddr,
    /// Served over TLS (`https://`, `wss://`).
    tls: bool,
    keys: Arc<SessionKeys>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
    /// Closes when the server and every connection task have finished.
    alive: mpsc::Receiver<()>,
}

/// Binds `config.listen` and serves in the background.
pub async fn start(config: Config) -> Result<RunningGateway, GatewayError> {
    let tls = match &config.tls {
        Some((cert, key)) => Some(tls::server_config(cert, key)?),
        None => None,
    };
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| GatewayError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| GatewayError::Bind {
        addr: config.listen,
        source,
    })?;
    let keys = Arc::new(match &config.key_secret {
        Some(secret) => SessionKeys::new(secret.clone(), config.key_ttl),
        None => SessionKeys::with_random_secret(config.key_ttl),
    });
    let (shutdown, shutdown_rx) = watch::channel(false);
    let (alive_tx, alive) = mpsc::channel(1);
    if config.role == GatewayRole::Core {
        return Err(GatewayError::CoreRole);
    }
    let hub = Arc::new(hub::Hub::new(hub_limits(&config)));
    let (edge, meter) = match config.redis.clone() {
        None => {
            let (core_tx, core_rx) = mpsc::channel(CORE_INBOX);
            let id = "embedded".to_owned();
            let feeds =
                faces::feeds::Feeds::start(&id, config.directory.clone(), shutdown_rx.clone());
            let edge = Arc::new(edge::Edge::new(
                id,
                hub,
                feeds,
                edge::CoreLink::Memory(core_tx),
            ));
            tokio::spawn(grace::run(Arc::clone(&edge), shutdown_rx.clone()));
            let meter = Arc::new(center::driver::CoreMeter::default());
            let outlet = Arc::new(EdgeOutlet(Arc::clone(&edge)));
            center::driver::spawn(
                new_core(&config),
                core_rx,
                outlet,
                Arc::clone(&config.media),
                Arc::clone(&meter),
                shutdown_rx.clone(),
                config.core_thread,
            )
            .map_err(GatewayError::CoreThread)?;
            (edge, Some(meter))
        }
        Some(url) => {
            // Both roles in one process, meeting on Redis: the core first, so the epoch is set.
            let meter = match config.role {
                GatewayRole::Embedded => {
                    Some(spawn_redis_core(&config, &url, shutdown_rx.clone()).await?)
                }
                GatewayRole::Edge | GatewayRole::Core => None,
            };
            let edge_id = config.edge_id.clone().unwrap_or_else(random_edge_id);
            let redis = redis_store::edge::RedisEdge::connect(
                &url,
                edge_id.clone(),
                config.session_grace,
                config.history_max_age,
            )
            .await?;
            let feeds =
                faces::feeds::Feeds::start(&edge_id, config.directory.clone(), shutdown_rx.clone());
            let edge = Arc::new(edge::Edge::new(
                edge_id.clone(),
                hub,
                feeds,
                edge::CoreLink::Redis(Arc::clone(&redis)),
            ));
            redis.spawn(Arc::clone(&edge), Arc::clone(&keys), shutdown_rx.clone());
            tracing::info!(edge_id, redis = url, "edge on redis");
            (edge, meter)
        }
    };
    faces::spawn_rewatch(
        Arc::clone(&edge),
        Arc::clone(&edge.feeds),
        shutdown_rx.clone(),
    );
    let dialect_secret = config.dialect_secret.clone().unwrap_or_else(random_secret);
    let faces = faces::Faces::new(
        faces::tokens::Tokens::new(dialect_secret, config.directory.clone()),
        Arc::clone(&edge.feeds),
    );
    let lag = Arc::new(lag::Lag::default());
    lag::spawn(Arc::clone(&lag), shutdown_rx.clone());
    let state = Arc::new(AppState {
        _alive: alive_tx,
        edge,
        faces,
        meter,
        lag,
        guards: limits::Guards::new(&config.limits),
        links: links::Links::default(),
        keys: Arc::clone(&keys),
        shutdown: shutdown_rx.clone(),
        config,
    });
    // One task waits for the shutdown on behalf of every connection (crate::links); it holds
    // the state weakly, so that the state goes once everything else has let go of it.
    let weak = Arc::downgrade(&state);
    let mut stopping = shutdown_rx.clone();
    tokio::spawn(async move {
        let _ = stopping.wait_for(|stopping| *stopping).await;
        if let Some(state) = weak.upgrade() {
            state.links.close_all();
        }
    });
    let has_tls = tls.is_some();
    let app = http::router(state);
    let mut stop = shutdown_rx;
    let stopped = async move {
        // Err: the sender is gone, which also means stop.
        let _ = stop.wait_for(|stopping| *stopping).await;
    };
    let server = match tls {
        None => tokio::spawn(async move {
            serve::serve(tls::PlainListener(listener), app, stopped).await;
        }),
        Some(config) => {
            let listener = tls::TlsListener::new(listener, config)
                .map_err(|source| GatewayError::Bind { addr, source })?;
            tokio::spawn(serve::serve(listener, app, stopped))
        }
    };
    tracing::info!(%addr, "listening");
    Ok(RunningGateway {
        addr,
        tls: has_tls,
        keys,
        shutdown,
        server,
        alive,
    })
}

/// The bounds of the edge's sessions and connections.
fn hub_limits(config: &Config) -> hub::HubLimits {
    hub::HubLimits {
        grace: config.session_grace,
        history: history::HistoryLimits {
            max_events: config.history_max_events,
            max_age: config.history_max_age,
        },
        queue_frames: config.send_queue_frames,
    }
}

/// The core of `config`'s directory and simulator, its seed and clock chosen here when the
/// configuration leaves them open (the core itself never reads a clock or a random source).
fn new_core(config: &Config) -> center::Core {
    use rand::RngCore as _;
    let (seed, epoch_ms) = center::Core::seed_and_epoch(&config.sim);
    let seed = seed.unwrap_or_else(|| rand::rng().next_u64());
    let epoch_ms = epoch_ms.unwrap_or_else(unix_ms);
    tracing::info!(
        seed,
        bots = config.sim.bots,
        callers_per_minute = config.sim.callers_per_minute,
        "simulator started"
    );
    center::Core::new(
        config.sim.clone(),
        &config.directory,
        Instant::now(),
        seed,
        epoch_ms,
    )
}

/// A core on Redis in this process; what it does is metered.
async fn spawn_redis_core(
    config: &Config,
    url: &str,
    shutdown: watch::Receiver<bool>,
) -> Result<Arc<center::driver::CoreMeter>, GatewayError> {
    let (tx, rx) = mpsc::channel(CORE_INBOX);
    let redis = redis_store::core::RedisCore::start(url, tx, config.history_max_events).await?;
    redis.spawn(shutdown.clone());
    let meter = Arc::new(center::driver::CoreMeter::default());
    // A task, not a thread: its turns wait on Redis round trips, and its connection lives on
    // this runtime (the cluster measured p99 15 ms this way, docs/BENCHMARKS.md).
    tokio::spawn(center::driver::run(
        new_core(config),
        rx,
        Arc::new(redis_store::core::RedisOutlet(redis)),
        Arc::clone(&config.media),
        Arc::clone(&meter),
        shutdown,
        tokio::runtime::Handle::current(),
    ));
    tracing::info!(redis = url, "core on redis");
    Ok(meter)
}

/// A core alone (`agentdesk-gateway core --redis URL`) until [`RunningCore::shutdown`].
#[derive(Debug)]
pub struct RunningCore {
    shutdown: watch::Sender<bool>,
}

impl RunningCore {
    /// Stops the core's tasks.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        // Let the tasks see it and let go of their connections.
        tokio::task::yield_now().await;
    }
}

/// Starts the core role on `config.redis`.
pub async fn start_core(config: Config) -> Result<RunningCore, GatewayError> {
    let Some(url) = config.redis.clone() else {
        return Err(GatewayError::Redis(RedisError::Url {
            url: String::new(),
            source: redis::RedisError::from((
                redis::ErrorKind::InvalidClientConfig,
                "no --redis URL",
            )),
        }));
    };
    let (shutdown, rx) = watch::channel(false);
    spawn_redis_core(&config, &url, rx).await?;
    Ok(RunningCore { shutdown })
}

/// The faces' token secret when none is given: 32 random bytes, so no token outlives the process.
fn random_secret() -> Vec<u8> {
    use rand::RngCore as _;
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// An edge's name when none is given: random, so a restarted edge is a new one.
fn random_edge_id() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 4];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("e-{hex}")
}

/// The core's outputs straight into this process's edge (embedded mode).
struct EdgeOutlet(Arc<edge::Edge>);

impl center::driver::Outlet for EdgeOutlet {
    fn deliver<'a>(
        &'a self,
        outputs: Vec<port::CoreOutput>,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        for output in outputs {
            // History is kept here, so a batch never starts past a gap.
            let _ = self.0.receive(output);
        }
        Box::pin(std::future::ready(()))
    }
}

impl RunningGateway {
    /// The address actually bound (the real port when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`: the static files and the login endpoint.
    pub fn http_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// `ws://<addr>/ws`: the socket of protocol v1.
    pub fn ws_url(&self) -> String {
        let scheme = if self.tls { "wss" } else { "ws" };
        format!(
            "{scheme}://{}{}",
            self.addr,
            agentdesk_core::protocol::v1::SOCKET_PATH
        )
    }

    /// The key issuer this gateway verifies with: tests issue keys (expired ones too) and revoke
    /// them through it.
    pub fn keys(&self) -> &SessionKeys {
        &self.keys
    }

    /// Stops accepting, closes every WebSocket with 4000 (server restarting), and waits a
    /// bounded time for the server and every connection to finish, so the close frames are out
    /// before the process exits.
    pub async fn shutdown(self) {
        let Self {
            shutdown,
            mut server,
            mut alive,
            ..
        } = self;
        let _ = shutdown.send(true);
        let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
            let _ = (&mut server).await;
            // None once every sender, one per holder of the shared state, is dropped.
            let _ = alive.recv().await;
        });
        if finished.await.is_err() {
            server.abort();
        }
    }
}

/// `base + d`, or a year after `base` when that would overflow (a key expiring in the year
/// 10 000 must not panic the connection).
pub(crate) fn later(base: Instant, d: Duration) -> Instant {
    base.checked_add(d)
        .unwrap_or_else(|| base + Duration::from_secs(365 * 24 * 3600))
}

/// Wall-clock Unix milliseconds. The gateway is a shell, so it may read the clock; the engine
/// never does.
pub(crate) fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
