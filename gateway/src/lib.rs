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

pub mod config;
pub mod directory;
#[doc(hidden)]
pub mod fuzzing;
pub mod keys;
pub mod sim;
pub mod media;

mod auth;
mod close_code;
mod commands;
mod connection;
mod control;
mod grace;
mod history;
mod http;
mod hub;
mod link;
mod links;
mod queue;
mod session;
mod sim_control;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::serve::ListenerExt as _;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

pub use config::{Cli, Config, ConfigError};
pub use directory::{Directory, DirectoryError, Role};
pub use keys::{Claims, IssuedKey, KeyError, SessionKeys};

/// How long [`RunningGateway::shutdown`] waits for the server to wind down.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The directory could not be loaded.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
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
    pub(crate) hub: Arc<hub::Hub>,
    /// The contact-center simulator (docs/flows.md): every command goes through it.
    pub(crate) sim: Arc<sim::Sim>,
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
    keys: Arc<SessionKeys>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
    /// Closes when the server and every connection task have finished.
    alive: mpsc::Receiver<()>,
}

/// Binds `config.listen` and serves in the background.
pub async fn start(config: Config) -> Result<RunningGateway, GatewayError> {
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
    let hub = Arc::new(hub::Hub::new(hub::HubLimits {
        grace: config.session_grace,
        history: history::HistoryLimits {
            max_events: config.history_max_events,
            max_age: config.history_max_age,
        },
        queue_frames: config.send_queue_frames,
    }));
    tokio::spawn(grace::run(Arc::clone(&hub), shutdown_rx.clone()));
    let sim = sim::Sim::new(
        config.sim.clone(),
        &config.directory,
        Arc::clone(&hub),
        Arc::clone(&config.media),
    );
    tokio::spawn(Arc::clone(&sim).run(shutdown_rx.clone()));
    if let Some(mut ended) = config.media.take_ended() {
        // A leg lost by itself is a SIP disconnect of that agent (docs/flows.md §8).
        let sim = Arc::clone(&sim);
        tokio::spawn(async move {
            while let Some((leg, reason)) = ended.recv().await {
                let _ = sim.control(|s| s.disconnect_sip(&leg.tenant_id, &leg.agent_no, Some(&reason)));
            }
        });
    }
    let state = Arc::new(AppState {
        _alive: alive_tx,
        hub,
        sim,
        links: links::Links::default(),
        keys: Arc::clone(&keys),
        shutdown: shutdown_rx.clone(),
        config,
    });
    let app = http::router(state);
    let mut stop = shutdown_rx;
    let server = tokio::spawn(async move {
        // No Nagle: events are small frames sent one after another; waiting for the peer's
        // delayed ACK would hold the second one back by up to 40 ms.
        let listener = listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!("cannot set TCP_NODELAY: {e}");
            }
        });
        let serving = axum::serve(listener, app).with_graceful_shutdown(async move {
            // Err: the sender is gone, which also means stop.
            let _ = stop.wait_for(|stopping| *stopping).await;
        });
        if let Err(e) = serving.await {
            tracing::error!("server stopped: {e}");
        }
    });
    tracing::info!(%addr, "listening");
    Ok(RunningGateway {
        addr,
        keys,
        shutdown,
        server,
        alive,
    })
}

impl RunningGateway {
    /// The address actually bound (the real port when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`: the static files and the login endpoint.
    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://<addr>/ws`: the socket of protocol v1.
    pub fn ws_url(&self) -> String {
        format!(
            "ws://{}{}",
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
