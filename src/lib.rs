//! agentdesk: an agent-desktop SDK for cloud contact centers.
//!
//! Three rooms:
//! - `agentdesk_core` (its own crate, in core/): the engine. Plain Rust, sans-IO: time, frames and
//!   commands come in, frames to send, events and the next deadline come out. No browser types,
//!   no clock, no random source.
//! - `web` (wasm32 only): the browser shell. The only code that touches web-sys: the WebSocket, the
//!   one re-armed timer, the listener registry of JS functions.
//! - `api` (wasm32 only): the thin `#[wasm_bindgen]` face, `AgentSDK` and `AgentClient`.

#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub mod api;
