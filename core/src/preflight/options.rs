//! `preflight(options)`'s argument, checked: every number has a default and a range, every
//! refusal is `{code: "BAD_PARAMS", message}` naming the option (STYLE.md: bad input gets a clear
//! error and loses nothing).

use crate::text;

/// Pings sent when the page names no count: five give a minimum, an average and a maximum in
/// well under a second on any usable link (each waits for the previous answer).
pub const DEFAULT_PINGS: u32 = 5;
/// At most 20 pings: the gateway answers each at once, so more only lengthens the test.
pub const MAX_PINGS: u32 = 20;
/// The echo's length when the page names none: 5 s, five 1 s stats intervals (PRODUCT.md §2
/// polls once a second) after the baseline sample, which has no interval to score (research
/// §5.1: Twilio's first sample has no MOS).
pub const DEFAULT_ECHO_MS: u64 = 5_000;
/// At least 2 s: one baseline and one scored interval.
pub const MIN_ECHO_MS: u64 = 2_000;
/// At most 20 s: the gateway ends echo legs after 30 s (media/echo.rs `MAX_ECHO`), and up to
/// 10 s of that may go to ICE and DTLS (its connect timeout).
pub const MAX_ECHO_MS: u64 = 20_000;
/// Longest tenant id, agent number or device id taken: 256 bytes, the SDK's limit for ids.
const MAX_ID_BYTES: usize = 256;
/// Longest session key: 8 KiB, as `updateSessionKey` (docs/protocol.md §3 `KEY_TOO_LARGE`).
const MAX_KEY_BYTES: usize = 8 * 1024;

/// A refusal of the options: `{code, message}` at the JS face.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct PreflightError {
    /// `BAD_PARAMS`.
    pub code: &'static str,
    /// Which option and why.
    pub message: String,
}

fn bad(message: String) -> PreflightError {
    PreflightError {
        code: "BAD_PARAMS",
        message: text!("preflight(): ", message),
    }
}

/// The options as the page gave them (the JS layer checked their types).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOptions {
    /// `baseURL`: the gateway, as `setup()` takes it (`ws://`, `wss://`, `http://`, `https://`).
    pub base_url: String,
    /// `tenantId`.
    pub tenant_id: String,
    /// `agentNo`.
    pub agent_no: String,
    /// `sessionKey`: from the login endpoint, as for `login()`.
    pub session_key: String,
    /// `pings`: how many pings, 1–20; default 5.
    pub pings: Option<f64>,
    /// `echoMs`: how long the echo is measured, 2000–20000 ms; default 5000.
    pub echo_ms: Option<f64>,
    /// `inputDeviceId`: the microphone to test; default the browser's.
    pub input: Option<String>,
}

/// Checked options.
#[derive(Debug, Clone, PartialEq)]
pub struct PreflightOptions {
    /// The gateway's base URL, normalised to `ws://` or `wss://`.
    pub base_url: String,
    /// Tenant.
    pub tenant_id: String,
    /// Agent.
    pub agent_no: String,
    /// Session key.
    pub session_key: String,
    /// Pings to send.
    pub pings: u32,
    /// Echo measured for this long once ICE is connected, ms.
    pub echo_ms: u64,
    /// Microphone device id.
    pub input: Option<String>,
}

impl RawOptions {
    /// Checks every option; the first problem found is the refusal.
    pub fn check(self) -> Result<PreflightOptions, PreflightError> {
        let base_url = crate::config::normalise_base_url(&self.base_url).map_err(|_| {
            bad(text!(
                "baseURL must be a ws://, wss://, http:// or https:// URL with a host"
            ))
        })?;
        for (name, value, max) in [
            ("tenantId", &self.tenant_id, MAX_ID_BYTES),
            ("agentNo", &self.agent_no, MAX_ID_BYTES),
            ("sessionKey", &self.session_key, MAX_KEY_BYTES),
        ] {
            if value.is_empty() || value.len() > max {
                return Err(bad(text!(
                    name,
                    " must be a non-empty string of at most ",
                    max,
                    " bytes"
                )));
            }
        }
        if self
            .input
            .as_ref()
            .is_some_and(|d| d.is_empty() || d.len() > MAX_ID_BYTES)
        {
            return Err(bad(text!(
                "inputDeviceId must be a non-empty string of at most ",
                MAX_ID_BYTES,
                " bytes"
            )));
        }
        let pings = whole(
            "pings",
            self.pings,
            DEFAULT_PINGS.into(),
            1,
            MAX_PINGS.into(),
        )?;
        let echo_ms = whole(
            "echoMs",
            self.echo_ms,
            DEFAULT_ECHO_MS,
            MIN_ECHO_MS,
            MAX_ECHO_MS,
        )?;
        Ok(PreflightOptions {
            base_url,
            tenant_id: self.tenant_id,
            agent_no: self.agent_no,
            session_key: self.session_key,
            pings: u32::try_from(pings).unwrap_or(MAX_PINGS),
            echo_ms,
            input: self.input,
        })
    }
}

/// A whole number within `min..=max`, or the default when absent.
fn whole(
    name: &str,
    value: Option<f64>,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, PreflightError> {
    let Some(v) = value else { return Ok(default) };
    // `as` saturates and NaN becomes 0; the round trip tells a whole number in range apart.
    let n = v as u64;
    if n as f64 != v || n < min || n > max {
        return Err(bad(text!(
            name,
            " must be a whole number from ",
            min,
            " to ",
            max
        )));
    }
    Ok(n)
}
