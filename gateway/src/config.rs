//! The gateway's settings: one struct with the documented defaults, and the command line that
//! fills it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;

use crate::directory::{Directory, DirectoryError};

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
    /// Lifetime of a session key in seconds (default: one 8-hour shift).
    #[arg(long, default_value_t = DEFAULT_KEY_TTL.as_secs())]
    pub key_ttl_secs: u64,
    /// Write the bound port to this file once listening.
    #[arg(long)]
    pub port_file: Option<PathBuf>,
    /// Exit by itself after this many seconds, so no test run leaves a server behind.
    #[arg(long)]
    pub max_lifetime_secs: Option<u64>,
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
}

impl Cli {
    /// The settings this command line asks for.
    pub fn to_config(&self) -> Result<Config, DirectoryError> {
        let mut config = Config::new()?;
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
        config.key_ttl = Duration::from_secs(self.key_ttl_secs);
        config.session_grace = Duration::from_secs(self.session_grace_secs);
        config.history_max_events = self.history_max_events;
        config.history_max_age = Duration::from_secs(self.history_max_age_secs);
        config.send_queue_frames = self.send_queue_frames.max(1);
        config.key_warn = Duration::from_secs(self.key_warn_secs);
        config.faults = self.faults;
        Ok(config)
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
}
