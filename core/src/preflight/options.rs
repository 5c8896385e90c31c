//! `preflight(options)`'s argument as the engine takes it: the JS layer (js/face.js
//! `PREFLIGHT_OPTIONS`) checked every type, length and range and filled the defaults (pings 5 of
//! 1–20, echoMs 5000 of 2000–20000: the reasons are written there), so that no option parser or
//! refusal text is in the wasm. The engine still owns the base URL's reading, shared with
//! `setup()`.

/// Checked options.
#[derive(Debug, Clone, PartialEq)]
pub struct PreflightOptions {
    /// The gateway's base URL as the page gave it (`ws://`, `wss://`, `http://`, `https://`);
    /// [`super::Preflight::new`] normalises it.
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
