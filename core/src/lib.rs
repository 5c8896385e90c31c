//! agentdesk-core, the engine: sans-IO, deterministic, tested natively under virtual time.
//!
//! Its own crate so that the browser SDK (`agentdesk`, wasm) and the gateway (native) share one
//! declaration of the catalog, the commands and the close codes, and so that clock calls can be
//! forbidden here mechanically (core/clippy.toml).
//!
//! Run loop contract (str0m / quinn-proto): after every `handle_*` call the caller drains
//! [`session::Engine::poll_output`] until it returns `None`, then arms one timer for
//! [`session::Engine::poll_timeout`]. The engine never reads a clock: every input carries `now`.
//! Nothing here may import web-sys, js-sys or wasm-bindgen.

pub mod agent;
pub mod calendar;
pub mod command;
pub mod config;
/// The gateway's other faces: serde_json frames, for native builds only (the `json` feature).
#[cfg(feature = "json")]
pub mod dialects;
pub mod event_names;
pub mod events;
pub mod flows;
pub mod json;
pub mod link;
pub mod listeners;
pub mod local_events;
pub mod media;
pub mod preflight;
pub mod protocol;
pub mod quality;
pub mod response;
pub mod rng;
pub mod session;
pub mod text;
pub mod time;
