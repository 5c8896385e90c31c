//! The gateway's settings: one struct with the documented defaults, and the command line that
//! fills it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use crate::directory::{Directory, DirectoryError};
use crate::limits::Limits;
use crate::sim::{config::parse_range, MediaLegs, NoMedia, Script, ScriptError, SimConfig};

/// Default address: loopback only, so nothing is reachable from outside unless asked.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// One shift: how long a session key lives unless `--key-ttl-secs` says otherwise.
pub const DEFAULT_KEY_TTL: Duration = Duration::from_secs(8 * 60 * 60);

/// No `auth` within this long after the upgrade closes 4401 (docs/protocol.md §2).
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(10);

/// Nothing received for this long closes 4001 (docs/protocol.md §6).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The ping interval the auth reply asks for (docs/protocol.md §6).
pub const HEARTBEAT_MS: u64 = 5_000;

/// Frames one connection may have waiting to be written (docs/protocol.md §9 names 1024).
pub const SEND_QUEUE_FRAMES: usize = 1024;

/// How long a session outlives its last connection (docs/protocol.md §5).
pub const SESSION_GRACE: Duration = Duration::from_secs(120);

/// Events a session's history keeps at most (docs/protocol.md §5).
pub const HISTORY_MAX_EVENTS: usize = 10_000;

/// How long a session's history keeps an event at most (docs/protocol.md §5).
pub const HISTORY_MAX_AGE: Duration = Duration::from_secs(300);

/// How long before its key expires a connection gets the `keyExpiring` notice
/// (docs/protocol.md §9).
pub const KEY_WARN: Duration = Duration::from_secs(60);

/// The variable the dialect faces' token secret is read from when `--dialect-secret` is not
/// given (docs/gateway.md §12).
pub const DIALECT_SECRET_ENV: &str = "AGENTDESK_DIALECT_SECRET";

/// Which parts of the gateway one process runs (docs/deploy.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GatewayRole {
    /// Edge and core in one process: in-memory queues, or Redis with `--redis`.
    #[default]
    Embedded,
    /// The contact center alone, on Redis: no HTTP, no sockets.
    Core,
    /// WebSockets, login and static files alone, on Redis: the core runs elsewhere.
    Edge,
}

/// Why the command line could not be turned into settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `core` and `edge` talk through Redis.
    #[error("the {0:?} role needs --redis URL (the edges and the core meet there)")]
    NeedsRedis(GatewayRole),
    /// The directory file.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// The `--sim-script` file.
    #[error(transparent)]
    Script(#[from] ScriptError),
}

/// Everything [`crate::start`] needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Static files served at `/` (the demo console).
    pub www: PathBuf,
    /// wasm-pack output served at `/pkg/`.
    pub pkg: PathBuf,
    /// Tenants, agents and queues.
    pub directory: Directory,
    /// HMAC secret for session keys; `None` makes a random one at startup.
    pub key_secret: Option<Vec<u8>>,
    /// How long a session key lives.
    pub key_ttl: Duration,
    /// See [`AUTH_TIMEOUT`].
    pub auth_timeout: Duration,
    /// See [`IDLE_TIMEOUT`].
    pub idle_timeout: Duration,
    /// See [`HEARTBEAT_MS`].
    pub heartbeat_ms: u64,
    /// See [`SEND_QUEUE_FRAMES`].
    pub send_queue_frames: usize,
    /// See [`SESSION_GRACE`].
    pub session_grace: Duration,
    /// See [`HISTORY_MAX_EVENTS`].
    pub history_max_events: usize,
    /// See [`HISTORY_MAX_AGE`].
    pub history_max_age: Duration,
    /// See [`KEY_WARN`].
    pub key_warn: Duration,
    /// Serve the fault-injection endpoints under `/control/` (docs/gateway.md); off by default.
    pub faults: bool,
    /// The simulator (docs/gateway.md §9). [`Config::new`] starts from [`SimConfig::quiet`]:
    /// nothing happens unasked; the command line starts from [`SimConfig::demo`].
    pub sim: SimConfig,
    /// The softphone's media legs (`sipLink` with an SDP offer); [`NoMedia`] by default.
    pub media: Arc<dyn MediaLegs>,
    /// What this process runs.
    pub role: GatewayRole,
    /// Redis, for the cluster mode (`redis://host:port/`, `unix:///path/redis.sock`); None:
    /// in-memory queues, one process.
    pub redis: Option<String>,
    /// This edge's name on Redis [default: random]; a restarted edge is a new one.
    pub edge_id: Option<String>,
    /// HMAC secret of the dialect faces' tokens (docs/gateway.md §12); `None` makes a random one
    /// at startup (tokens then come only from `/api/dialect-token`).
    pub dialect_secret: Option<Vec<u8>>,
    /// Limits against abuse (docs/gateway.md §11).
    pub limits: Limits,
    /// TLS on the port: a PEM certificate chain and its key (docs/deploy.md).
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The embedded core on a thread of its own (the command line), rather than a task on the
    /// caller's runtime ([`Config::new`]: the tests, whose paused clock lives on their runtime).
    pub core_thread: bool,
}

impl Config {
    /// The defaults with the built-in directory and the workspace's `www/` and `pkg/`.
    pub fn new() -> Result<Self, DirectoryError> {
        Ok(Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            www: workspace_dir().join("www"),
            pkg: workspace_dir().join("pkg"),
            directory: Directory::builtin()?,
            key_secret: None,
            key_ttl: DEFAULT_KEY_TTL,
            auth_timeout: AUTH_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            heartbeat_ms: HEARTBEAT_MS,
            send_queue_frames: SEND_QUEUE_FRAMES,
            session_grace: SESSION_GRACE,
            history_max_events: HISTORY_MAX_EVENTS,
            history_max_age: HISTORY_MAX_AGE,
            key_warn: KEY_WARN,
            faults: false,
            sim: SimConfig::quiet(),
            media: Arc::new(NoMedia),
            role: GatewayRole::Embedded,
            redis: None,
            edge_id: None,
            dialect_secret: None,
            limits: Limits::production(),
            tls: None,
            core_thread: false,
        })
    }
}

/// The workspace root this binary was built from (the parent of `gateway/`).
fn workspace_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The command line of `agentdesk-gateway`.
#[derive(Debug, Parser)]
#[command(
    name = "agentdesk-gateway",
    version,
    about = "agentdesk reference gateway and contact-center simulator"
)]
pub struct Cli {
    /// What this process runs: both roles (embedded), the contact-center core, or an edge.
    #[arg(value_enum, default_value = "embedded")]
    pub role: GatewayRole,
    /// Redis for the cluster mode (`redis://127.0.0.1:6379/`, `unix:///run/redis.sock`): sessions,
    /// history, commands and fan-out go through it (docs/deploy.md).
    #[arg(long, value_name = "URL")]
    pub redis: Option<String>,
    /// This edge's name in the cluster [default: random at start].
    #[arg(long)]
    pub edge_id: Option<String>,
    /// A page origin allowed to open a WebSocket and call /api/login (repeatable; `*` any)
    /// [default: only pages this gateway served; any with --faults].
    #[arg(long, value_name = "ORIGIN")]
    pub allowed_origin: Vec<String>,
    /// /api/login attempts per agent per minute; 0 turns the limit off [default: 10; off with --faults].
    #[arg(long)]
    pub login_rate_per_agent: Option<u32>,
    /// /api/login attempts per client address per minute; 0 off [default: 300; off with --faults].
    #[arg(long)]
    pub login_rate_per_address: Option<u32>,
    /// WebSocket authentications per agent per minute; 0 off [default: 60; off with --faults].
    #[arg(long)]
    pub connect_rate_per_agent: Option<u32>,
    /// Frames one connection may send per second (bursts of twice that); 0 off [default: 20].
    #[arg(long)]
    pub frame_rate: Option<u32>,
    /// A proxy (IP) whose X-Forwarded-For names the client, for the per-address limit (repeatable).
    #[arg(long, value_name = "IP")]
    pub trusted_proxy: Vec<std::net::IpAddr>,
    /// TLS certificate chain (PEM): serve https:// and wss:// on the port (needs --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Address to listen on (HTTP and WebSocket on one port); port 0 picks a free one.
    #[arg(long, default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Directory served at `/` [default: <workspace>/www].
    #[arg(long)]
    pub www: Option<PathBuf>,
    /// Directory served at `/pkg/` [default: <workspace>/pkg].
    #[arg(long)]
    pub pkg: Option<PathBuf>,
    /// Tenants, agents and queues as TOML [default: the built-in gateway/directory.toml].
    #[arg(long)]
    pub directory: Option<PathBuf>,
    /// HMAC secret for session keys [default: random at startup, so keys die with the process].
    #[arg(long)]
    pub key_secret: Option<String>,
    /// HMAC secret of the dialect faces' tokens [default: $AGENTDESK_DIALECT_SECRET, else random
    /// at startup]. Prefer the variable: a flag shows in the process list.
    #[arg(long)]
    pub dialect_secret: Option<String>,
    /// Lifetime of a session key in seconds (default: one 8-hour shift).
    #[arg(long, default_value_t = DEFAULT_KEY_TTL.as_secs())]
    pub key_ttl_secs: u64,
    /// Write the bound port to this file once listening.
    #[arg(long)]
    pub port_file: Option<PathBuf>,
    /// Exit by itself after this many seconds, so no test run leaves a server behind.
    #[arg(long)]
    pub max_lifetime_secs: Option<u64>,
    /// Threads serving connections; 1 (the default) is one thread, which an idle edge runs on
    /// with less CPU; a machine with more cores runs more edges (docs/deploy.md §2).
    #[arg(long, default_value_t = crate::runtime::DEFAULT_EDGE_RUNTIME.threads, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub edge_threads: u16,
    /// How long a session outlives its last connection, in seconds.
    #[arg(long, default_value_t = SESSION_GRACE.as_secs())]
    pub session_grace_secs: u64,
    /// Events each session's history keeps at most, for resume.
    #[arg(long, default_value_t = HISTORY_MAX_EVENTS)]
    pub history_max_events: usize,
    /// Seconds each session's history keeps an event at most.
    #[arg(long, default_value_t = HISTORY_MAX_AGE.as_secs())]
    pub history_max_age_secs: u64,
    /// Frames each connection's send queue holds before the client counts as lagging.
    #[arg(long, default_value_t = SEND_QUEUE_FRAMES)]
    pub send_queue_frames: usize,
    /// Seconds before its key expires that a connection gets the `keyExpiring` notice.
    #[arg(long, default_value_t = KEY_WARN.as_secs())]
    pub key_warn_secs: u64,
    /// Serve the fault-injection endpoints under /control/ (drop, silence, delay, …).
    #[arg(long)]
    pub faults: bool,
    /// Answer the softphone without media (no WebRTC leg): for a machine where UDP on
    /// loopback is not wanted. By default the gateway plays the customer over real WebRTC.
    #[arg(long)]
    pub no_media: bool,
    /// Seed of the simulator's one RNG: the same seed and script give the same run [default: random].
    #[arg(long)]
    pub sim_seed: Option<u64>,
    /// Random callers per minute and queue; 0 disables them [default: 4].
    #[arg(long)]
    pub sim_callers_per_minute: Option<f64>,
    /// A customer's talk time, MIN-MAX seconds [default: 40-150].
    #[arg(long, value_name = "MIN-MAX", value_parser = parse_range)]
    pub sim_talk_secs: Option<(u64, u64)>,
    /// Phone and extension agents (and bots) answer after this many ms [default: 2000].
    #[arg(long)]
    pub sim_answer_delay_ms: Option<u64>,
    /// Unanswered ringing ends (noAnswer) after this many ms [default: 20000].
    #[arg(long)]
    pub sim_ring_timeout_ms: Option<u64>,
    /// Seconds of wrap-up after a call [default: 10].
    #[arg(long)]
    pub sim_wrapup_secs: Option<u64>,
    /// Caps the customer answer timeout of previewObCall and of consults to numbers [default: none].
    #[arg(long)]
    pub sim_preview_timeout_secs: Option<u64>,
    /// How long transferIvr's IVR runs, seconds [default: 3].
    #[arg(long)]
    pub sim_ivr_secs: Option<u64>,
    /// Interval between transcript updates, ms [default: 1500].
    #[arg(long)]
    pub sim_transcript_interval_ms: Option<u64>,
    /// Extensions re-register (extenState) every this many seconds [default: 60].
    #[arg(long)]
    pub sim_register_secs: Option<u64>,
    /// Bots play the directory's agents nobody logged in as [default: true; `--sim-bots false`].
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub sim_bots: Option<bool>,
    /// Scheduled callbacks falling due per hour for idle agents, at random [default: 6].
    #[arg(long)]
    pub sim_callbacks_per_hour: Option<f64>,
    /// A scenario file (TOML, or JSON by its extension) of timed steps (docs/gateway.md §9).
    #[arg(long, value_name = "FILE")]
    pub sim_script: Option<PathBuf>,
}

impl Cli {
    /// The runtime the connections run on (`--edge-threads`).
    pub fn edge_runtime(&self) -> crate::runtime::EdgeRuntime {
        crate::runtime::EdgeRuntime {
            threads: self.edge_threads,
        }
    }

    /// The settings this command line asks for. The simulator's: the demo's defaults, then the
    /// directory's `[sim]` section, then the `--sim-…` flags given.
    pub fn to_config(&self) -> Result<Config, ConfigError> {
        if self.role != GatewayRole::Embedded && self.redis.is_none() {
            return Err(ConfigError::NeedsRedis(self.role));
        }
        let mut config = Config::new()?;
        config.role = self.role;
        config.redis = self.redis.clone();
        config.edge_id = self.edge_id.clone();
        config.listen = self.listen;
        if let Some(www) = &self.www {
            config.www = www.clone();
        }
        if let Some(pkg) = &self.pkg {
            config.pkg = pkg.clone();
        }
        if let Some(path) = &self.directory {
            config.directory = Directory::load(path)?;
        }
        config.key_secret = self.key_secret.as_ref().map(|s| s.as_bytes().to_vec());
        config.dialect_secret = self
            .dialect_secret
            .clone()
            .or_else(|| std::env::var(DIALECT_SECRET_ENV).ok())
            .filter(|s| !s.is_empty())
            .map(String::into_bytes);
        config.key_ttl = Duration::from_secs(self.key_ttl_secs);
        config.session_grace = Duration::from_secs(self.session_grace_secs);
        config.history_max_events = self.history_max_events;
        config.history_max_age = Duration::from_secs(self.history_max_age_secs);
        config.send_queue_frames = self.send_queue_frames.max(1);
        config.key_warn = Duration::from_secs(self.key_warn_secs);
        config.faults = self.faults;
        config.core_thread = true;
        config.limits = self.limits();
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            config.tls = Some((cert.clone(), key.clone()));
        }
        if !self.no_media {
            config.media = Arc::new(crate::media::sim_seam::StrMedia::new(
                crate::media::MediaConfig::default(),
            ));
        }
        let mut sim = SimConfig::demo();
        sim.apply(config.directory.sim());
        self.apply_sim_flags(&mut sim);
        if let Some(path) = &self.sim_script {
            sim.script = Some(Script::load(path)?);
        }
        config.sim = sim;
        Ok(config)
    }

    /// The limits: test mode's or a deployment's, then the flags given.
    fn limits(&self) -> Limits {
        let mut limits = if self.faults {
            Limits::test_mode()
        } else {
            Limits::production()
        };
        if !self.allowed_origin.is_empty() {
            limits.allowed_origins = self.allowed_origin.clone();
        }
        if let Some(v) = self.login_rate_per_agent {
            limits.login_per_agent = v;
        }
        if let Some(v) = self.login_rate_per_address {
            limits.login_per_address = v;
        }
        if let Some(v) = self.connect_rate_per_agent {
            limits.connects_per_agent = v;
        }
        if let Some(v) = self.frame_rate {
            limits.frames_per_second = v;
        }
        limits.trusted_proxies = self.trusted_proxy.clone();
        limits
    }

    fn apply_sim_flags(&self, sim: &mut SimConfig) {
        if let Some(v) = self.sim_seed {
            sim.seed = Some(v);
        }
        if let Some(v) = self.sim_callers_per_minute {
            sim.callers_per_minute = v.max(0.0);
        }
        if let Some(v) = self.sim_talk_secs {
            sim.talk_secs = v;
        }
        if let Some(v) = self.sim_answer_delay_ms {
            sim.answer_delay = Duration::from_millis(v);
        }
        if let Some(v) = self.sim_ring_timeout_ms {
            sim.ring_timeout = Duration::from_millis(v.max(1));
        }
        if let Some(v) = self.sim_wrapup_secs {
            sim.wrapup_secs = v;
        }
        if let Some(v) = self.sim_preview_timeout_secs {
            sim.preview_timeout_secs = Some(v);
        }
        if let Some(v) = self.sim_ivr_secs {
            sim.ivr_time = Duration::from_secs(v);
        }
        if let Some(v) = self.sim_transcript_interval_ms {
            sim.transcript_interval = Duration::from_millis(v.max(10));
        }
        if let Some(v) = self.sim_register_secs {
            sim.register_interval = Duration::from_secs(v.max(1));
        }
        if let Some(v) = self.sim_bots {
            sim.bots = v;
        }
        if let Some(v) = self.sim_callbacks_per_hour {
            sim.callbacks_per_hour = v.max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn defaults_listen_on_loopback_8080_with_a_shift_long_key() {
        let cli = Cli::try_parse_from(["agentdesk-gateway"]).unwrap();
        let config = cli.to_config().unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.key_ttl, Duration::from_secs(28_800));
        assert!(config.www.ends_with("www"));
        assert!(config.key_secret.is_none());
        assert_eq!(cli.max_lifetime_secs, None);
        assert_eq!(config.session_grace, Duration::from_secs(120));
        assert_eq!(config.history_max_events, 10_000);
        assert_eq!(config.history_max_age, Duration::from_secs(300));
        assert_eq!(config.send_queue_frames, 1024);
        assert_eq!(config.key_warn, Duration::from_secs(60));
        assert!(!config.faults);
        // One thread for the connections, the core on its own (crate::runtime).
        assert_eq!(cli.edge_runtime().threads, 1);
        assert!(config.core_thread);
        assert!(Cli::try_parse_from(["agentdesk-gateway", "--edge-threads", "0"]).is_err());
        let two = Cli::try_parse_from(["agentdesk-gateway", "--edge-threads", "2"]).unwrap();
        assert_eq!(two.edge_runtime().threads, 2);
        // The command line's simulator is the demo's.
        assert!(config.sim.bots);
        assert_eq!(config.sim.callers_per_minute, 4.0);
        assert_eq!(config.sim.answer_delay, Duration::from_millis(2000));
        assert_eq!(config.sim.talk_secs, (40, 150));
        assert_eq!(config.sim.wrapup_secs, 10);
        // A library user's is quiet.
        assert!(!Config::new().unwrap().sim.bots);
    }

    #[test]
    fn the_test_directory_quiets_the_simulator_and_flags_win_over_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/test-directory.toml");
        let dir = dir.to_string_lossy().into_owned();
        let cli = Cli::try_parse_from(["agentdesk-gateway", "--directory", &dir]).unwrap();
        let sim = cli.to_config().unwrap().sim;
        assert!(!sim.bots);
        assert_eq!(sim.callers_per_minute, 0.0);
        assert_eq!(sim.answer_delay, Duration::from_millis(200));
        assert_eq!(sim.wrapup_secs, 1);
        assert_eq!(sim.preview_timeout_secs, Some(2));
        let cli = Cli::try_parse_from([
            "agentdesk-gateway",
            "--directory",
            &dir,
            "--sim-bots",
            "--sim-wrapup-secs",
            "3",
            "--sim-talk-secs",
            "5-9",
            "--sim-seed",
            "11",
        ])
        .unwrap();
        let sim = cli.to_config().unwrap().sim;
        assert!(sim.bots);
        assert_eq!(
            (sim.wrapup_secs, sim.talk_secs, sim.seed),
            (3, (5, 9), Some(11))
        );
        let off = Cli::try_parse_from(["agentdesk-gateway", "--sim-bots", "false"]).unwrap();
        assert!(!off.to_config().unwrap().sim.bots);
        assert!(Cli::try_parse_from(["agentdesk-gateway", "--sim-talk-secs", "9-3"]).is_err());
    }

    #[test]
    fn flags_override_the_defaults() {
        let cli = Cli::try_parse_from([
            "agentdesk-gateway",
            "--listen",
            "127.0.0.1:0",
            "--key-secret",
            "s3cret",
            "--key-ttl-secs",
            "5",
            "--max-lifetime-secs",
            "7",
            "--port-file",
            "/tmp/port",
            "--www",
            "/srv/www",
            "--session-grace-secs",
            "3",
            "--history-max-events",
            "50",
            "--history-max-age-secs",
            "9",
            "--send-queue-frames",
            "8",
            "--key-warn-secs",
            "2",
            "--faults",
        ])
        .unwrap();
        let config = cli.to_config().unwrap();
        assert_eq!(config.listen.port(), 0);
        assert_eq!(config.key_secret.as_deref(), Some(&b"s3cret"[..]));
        assert_eq!(config.key_ttl, Duration::from_secs(5));
        assert_eq!(config.www, PathBuf::from("/srv/www"));
        assert_eq!(cli.max_lifetime_secs, Some(7));
        assert_eq!(config.session_grace, Duration::from_secs(3));
        assert_eq!(config.history_max_events, 50);
        assert_eq!(config.history_max_age, Duration::from_secs(9));
        assert_eq!(config.send_queue_frames, 8);
        assert_eq!(config.key_warn, Duration::from_secs(2));
        assert!(config.faults);
    }

    #[test]
    fn limits_are_a_deployment_s_unless_in_test_mode_and_flags_win() {
        let cli = Cli::try_parse_from(["agentdesk-gateway"]).unwrap();
        let limits = cli.to_config().unwrap().limits;
        assert_eq!(limits, Limits::production());
        assert!(limits.allowed_origins.is_empty());
        let cli = Cli::try_parse_from(["agentdesk-gateway", "--faults"]).unwrap();
        assert_eq!(cli.to_config().unwrap().limits.allowed_origins, ["*"]);
        let cli = Cli::try_parse_from([
            "agentdesk-gateway",
            "--faults",
            "--allowed-origin",
            "https://console.example",
            "--login-rate-per-agent",
            "3",
            "--frame-rate",
            "0",
            "--trusted-proxy",
            "127.0.0.1",
        ])
        .unwrap();
        let limits = cli.to_config().unwrap().limits;
        assert_eq!(limits.allowed_origins, ["https://console.example"]);
        assert_eq!((limits.login_per_agent, limits.frames_per_second), (3, 0));
        assert_eq!(limits.trusted_proxies.len(), 1);
        assert!(Cli::try_parse_from(["agentdesk-gateway", "--tls-cert", "c.pem"]).is_err());
    }

    #[test]
    fn the_core_and_edge_roles_need_redis_and_embedded_is_the_default() {
        let cli = Cli::try_parse_from(["agentdesk-gateway"]).unwrap();
        assert_eq!(cli.to_config().unwrap().role, GatewayRole::Embedded);
        let edge = Cli::try_parse_from(["agentdesk-gateway", "edge"]).unwrap();
        assert!(matches!(
            edge.to_config(),
            Err(ConfigError::NeedsRedis(GatewayRole::Edge))
        ));
        let core =
            Cli::try_parse_from(["agentdesk-gateway", "core", "--redis", "unix:///tmp/r.sock"])
                .unwrap();
        let config = core.to_config().unwrap();
        assert_eq!(
            (config.role, config.redis.as_deref()),
            (GatewayRole::Core, Some("unix:///tmp/r.sock"))
        );
        assert!(Cli::try_parse_from(["agentdesk-gateway", "router"]).is_err());
    }
}
