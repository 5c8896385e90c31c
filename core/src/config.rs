//! Everything a user may tune, with its documented default (STYLE.md habit 13), parsed from the
//! object given to `setup()`.

use crate::payload;

use crate::link::{Backoff, HeartbeatConfig};
use crate::quality::QualityConfig;

/// Default time a command waits for its reply: 10 s (docs/protocol.md §3).
pub const DEFAULT_COMMAND_TIMEOUT_MS: u64 = 10_000;
/// Default time to open the socket and authenticate, counted inside the login's own timeout.
pub const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 10_000;

/// The validated configuration of one client.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The gateway's base URL, normalised to ws:// or wss://, without a trailing slash.
    pub base_url: String,
    /// Open a WebRTC softphone leg for endpointType 3 (reference default: true).
    pub webrtc: bool,
    /// Emit `webrtcStats` during softphone calls (reference default: false).
    pub webrtc_stats: bool,
    /// Log SDK activity to the console (never the session key).
    pub debug: bool,
    /// How long a command waits for its reply before it resolves with `TIMEOUT`.
    pub command_timeout_ms: u64,
    /// How long opening the socket may take before login resolves with `TIMEOUT`.
    pub connect_timeout_ms: u64,
    /// The reconnect schedule (PRODUCT.md §2).
    pub backoff: Backoff,
    /// Ping interval and dead-link timeout (PRODUCT.md §2).
    pub heartbeat: HeartbeatConfig,
    /// Ping buckets, MOS buckets, one-way-audio rule and warning thresholds (PRODUCT.md §2).
    pub quality: QualityConfig,
    /// How long ICE may stay `disconnected` before `sipDisconnected` (default 10 000 ms: Chromium
    /// reports brief `disconnected` spells that recover on their own within a few seconds).
    pub sip_disconnect_grace_ms: u64,
    /// Interval between `getStats()` polls while the leg is up (default 1000 ms, PRODUCT.md §2).
    pub webrtc_stats_interval_ms: u64,
}

payload! {
    /// The object `setup()` takes, as JavaScript spells it. Unknown keys are refused so that a typo
    /// (`baseUrl`) is an error rather than a silently ignored option.
    pub strict struct SetupParams {
        /// Required: `ws://`, `wss://`, `http://` or `https://` URL of the gateway.
        pub base_url: String = "baseURL",
        /// See [`Config::webrtc`].
        pub webrtc: Option<bool> = "webrtc" { optional },
        /// See [`Config::webrtc_stats`].
        pub webrtc_stats: Option<bool> = "webrtcStats" { optional },
        /// See [`Config::debug`].
        pub debug: Option<bool> = "debug" { optional },
        /// Accepted for compatibility with the reference AgentSDK; has no effect.
        pub audio_debug: Option<bool> = "audio_debug" { optional },
        /// Accepted for compatibility with the reference AgentSDK; has no effect.
        pub observability: Option<bool> = "observability" { optional },
        /// See [`Config::command_timeout_ms`].
        pub command_timeout_ms: Option<u64> = "commandTimeoutMs" { optional },
        /// See [`Config::connect_timeout_ms`].
        pub connect_timeout_ms: Option<u64> = "connectTimeoutMs" { optional },
        /// Reconnect attempts before giving up (default 20).
        pub max_reconnect_attempts: Option<u32> = "maxReconnectAttempts" { optional },
        /// Delay before the first reconnect attempt (default 1000 ms).
        pub reconnect_base_ms: Option<u64> = "reconnectBaseMs" { optional },
        /// Longest delay between reconnect attempts (default 30 000 ms).
        pub reconnect_max_ms: Option<u64> = "reconnectMaxMs" { optional },
        /// Jitter of each delay as a fraction, 0–1 (default 0.2).
        pub reconnect_jitter: Option<f64> = "reconnectJitter" { optional },
        /// Interval between pings (default 5000 ms).
        pub heartbeat_interval_ms: Option<u64> = "heartbeatIntervalMs" { optional },
        /// Unanswered time after which the link counts as dead (default 10 000 ms).
        pub heartbeat_timeout_ms: Option<u64> = "heartbeatTimeoutMs" { optional },
        /// Quality thresholds, each optional (see `QualityConfig`).
        pub quality: Option<QualityConfig> = "quality" { optional },
        /// See [`Config::sip_disconnect_grace_ms`].
        pub sip_disconnect_grace_ms: Option<u64> = "sipDisconnectGraceMs" { optional },
        /// See [`Config::webrtc_stats_interval_ms`].
        pub webrtc_stats_interval_ms: Option<u64> = "webrtcStatsIntervalMs" { optional },
    }
}

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// The object did not have the expected shape.
    #[error("setup(): {0}")]
    Shape(String),
    /// The base URL is not a ws/wss/http/https URL.
    #[error("setup(): baseURL must start with ws://, wss://, http:// or https:// (got {0:?})")]
    BaseUrl(String),
    /// A count or fraction outside its range.
    #[error("setup(): {name} must be between {min} and {max} (got {value})")]
    Bounds {
        /// Option name.
        name: &'static str,
        /// Value given.
        value: f64,
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
    },
    /// A duration outside the sane range.
    #[error("setup(): {name} must be between {min} and {max} ms (got {value})")]
    OutOfRange {
        /// Option name.
        name: &'static str,
        /// Value given.
        value: u64,
        /// Lowest allowed.
        min: u64,
        /// Highest allowed.
        max: u64,
    },
}

fn millis(name: &'static str, value: Option<u64>, default: u64) -> Result<u64, ConfigError> {
    // 100 ms..10 min: below that no gateway can answer, above it a caller waits forever.
    const MIN: u64 = 100;
    const MAX: u64 = 600_000;
    let value = value.unwrap_or(default);
    if !(MIN..=MAX).contains(&value) {
        return Err(ConfigError::OutOfRange {
            name,
            value,
            min: MIN,
            max: MAX,
        });
    }
    Ok(value)
}

pub(crate) fn normalise_base_url(raw: &str) -> Result<String, ConfigError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let mapped = if let Some(rest) = trimmed.strip_prefix("http://") {
        crate::text!("ws://", rest)
    } else if let Some(rest) = trimmed.strip_prefix("https://") {
        crate::text!("wss://", rest)
    } else {
        trimmed.to_owned()
    };
    let host = mapped
        .strip_prefix("ws://")
        .or_else(|| mapped.strip_prefix("wss://"));
    match host {
        Some(h) if !h.is_empty() && !h.starts_with('/') => Ok(mapped),
        _ => Err(ConfigError::BaseUrl(raw.to_owned())),
    }
}

fn bounded(name: &'static str, value: f64, min: f64, max: f64) -> Result<f64, ConfigError> {
    if !(min..=max).contains(&value) {
        return Err(ConfigError::Bounds {
            name,
            value,
            min,
            max,
        });
    }
    Ok(value)
}

impl Config {
    /// Validates the `setup()` object.
    pub fn from_params(params: SetupParams) -> Result<Self, ConfigError> {
        let defaults = (Backoff::default(), HeartbeatConfig::default());
        let max_attempts = params
            .max_reconnect_attempts
            .unwrap_or(defaults.0.max_attempts);
        let backoff = Backoff {
            max_attempts: bounded("maxReconnectAttempts", f64::from(max_attempts), 0.0, 1000.0)?
                as u32,
            base_ms: millis(
                "reconnectBaseMs",
                params.reconnect_base_ms,
                defaults.0.base_ms,
            )?,
            cap_ms: millis("reconnectMaxMs", params.reconnect_max_ms, defaults.0.cap_ms)?,
            jitter: bounded(
                "reconnectJitter",
                params.reconnect_jitter.unwrap_or(defaults.0.jitter),
                0.0,
                1.0,
            )?,
        };
        let heartbeat = HeartbeatConfig {
            interval_ms: millis(
                "heartbeatIntervalMs",
                params.heartbeat_interval_ms,
                defaults.1.interval_ms,
            )?,
            timeout_ms: millis(
                "heartbeatTimeoutMs",
                params.heartbeat_timeout_ms,
                defaults.1.timeout_ms,
            )?,
        };
        Ok(Self {
            backoff,
            heartbeat,
            quality: params.quality.unwrap_or_default(),
            sip_disconnect_grace_ms: millis(
                "sipDisconnectGraceMs",
                params.sip_disconnect_grace_ms,
                10_000,
            )?,
            webrtc_stats_interval_ms: millis(
                "webrtcStatsIntervalMs",
                params.webrtc_stats_interval_ms,
                1_000,
            )?,
            base_url: normalise_base_url(&params.base_url)?,
            webrtc: params.webrtc.unwrap_or(true),
            webrtc_stats: params.webrtc_stats.unwrap_or(false),
            debug: params.debug.unwrap_or(false),
            command_timeout_ms: millis(
                "commandTimeoutMs",
                params.command_timeout_ms,
                DEFAULT_COMMAND_TIMEOUT_MS,
            )?,
            connect_timeout_ms: millis(
                "connectTimeoutMs",
                params.connect_timeout_ms,
                DEFAULT_CONNECT_TIMEOUT_MS,
            )?,
        })
    }

    /// Parses and validates a JSON value as given to `setup()`.
    #[cfg(feature = "json")]
    pub fn from_json(value: serde_json::Value) -> Result<Self, ConfigError> {
        if !value.is_object() {
            return Err(ConfigError::Shape(format!(
                "expected an object like {{ baseURL: \"ws://127.0.0.1:8080\" }}, got {}",
                crate::command::describe(&value)
            )));
        }
        let params: SetupParams =
            serde_json::from_value(value).map_err(|e| ConfigError::Shape(e.to_string()))?;
        Self::from_params(params)
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_follow_the_reference_and_the_brief() {
        let c = Config::from_json(json!({"baseURL": "ws://127.0.0.1:8080/"})).unwrap();
        assert_eq!(c.base_url, "ws://127.0.0.1:8080");
        assert!(c.webrtc);
        assert!(!c.webrtc_stats);
        assert_eq!(c.command_timeout_ms, 10_000);
        assert_eq!(
            (c.backoff.max_attempts, c.backoff.base_ms, c.backoff.cap_ms),
            (20, 1_000, 30_000)
        );
        assert_eq!(
            (c.heartbeat.interval_ms, c.heartbeat.timeout_ms),
            (5_000, 10_000)
        );
    }

    #[test]
    fn quality_thresholds_are_settable_one_at_a_time() {
        let c = Config::from_json(
            json!({"baseURL": "ws://x", "quality": {"ping": {"excellentBelowMs": 50}}}),
        )
        .unwrap();
        assert_eq!(
            (
                c.quality.ping.excellent_below_ms,
                c.quality.ping.good_below_ms
            ),
            (50, 200)
        );
    }

    #[test]
    fn reconnect_and_heartbeat_numbers_are_settable_and_checked() {
        let c = Config::from_json(json!({"baseURL": "ws://x", "maxReconnectAttempts": 3,
            "reconnectBaseMs": 200, "reconnectJitter": 0, "heartbeatIntervalMs": 1000}))
        .unwrap();
        assert_eq!(
            (c.backoff.max_attempts, c.backoff.base_ms, c.backoff.jitter),
            (3, 200, 0.0)
        );
        assert_eq!(c.heartbeat.interval_ms, 1_000);
        let err =
            Config::from_json(json!({"baseURL": "ws://x", "reconnectJitter": 2})).unwrap_err();
        assert!(
            err.to_string()
                .contains("reconnectJitter must be between 0 and 1"),
            "{err}"
        );
    }

    #[test]
    fn http_base_urls_map_to_websocket_schemes() {
        let c = Config::from_json(json!({"baseURL": "https://gw.example"})).unwrap();
        assert_eq!(c.base_url, "wss://gw.example");
    }

    #[test]
    fn bad_setup_objects_are_refused_with_a_message() {
        for (value, needle) in [
            (json!(null), "expected an object"),
            (json!("ws://x"), "expected an object"),
            (json!({}), "missing field `baseURL`"),
            (json!({"baseUrl": "ws://x"}), "unknown field `baseUrl`"),
            (json!({"baseURL": "ftp://x"}), "must start with ws://"),
            (json!({"baseURL": "ws://"}), "must start with ws://"),
            (
                json!({"baseURL": "ws://x", "commandTimeoutMs": 5}),
                "commandTimeoutMs must be between",
            ),
            (
                json!({"baseURL": "ws://x", "webrtc": "yes"}),
                "invalid type",
            ),
        ] {
            let err = Config::from_json(value.clone()).unwrap_err().to_string();
            assert!(err.contains(needle), "{value}: {err}");
        }
    }
}
