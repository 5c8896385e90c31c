//! agentdesk: an agent-desktop SDK for cloud contact centers.
//!
//! Four rooms (docs/architecture.md says where each line runs and why):
//! - `agentdesk_core` (its own crate, in core/): the engine. Plain Rust, sans-IO: time, commands
//!   and what the gateway sent come in; frames to send, events and the next deadline come out.
//!   No browser types, no clock, no random source. Built here without its `json` feature: the
//!   wasm carries no serde_json and no `core::fmt`.
//! - js/ (the package's JS layer, wasm-bindgen snippets): the classes a page uses, the socket's
//!   receive path (one `JSON.parse`, checks from generated tables), listeners and Promises.
//! - `web` (wasm32 only): the browser shell. The only Rust that touches web-sys: the WebSocket's
//!   lifecycle, the one re-armed timer, the softphone.
//! - `api` (wasm32 only): the `#[wasm_bindgen]` exports the JS layer drives, `Shell`.

#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(target_arch = "wasm32")]
pub mod api;

/// The wasm's allocator: talc instead of Rust's default dlmalloc, ~3 KB gzip smaller (dlmalloc's
/// malloc alone was 4.7 KB of code) and faster (talc's BENCHMARKS_WASM.md), for ~10–15 % more
/// heap by its author's measure. The SDK's heap is small (the engine's state, a frame's strings),
/// and wasm memory never shrinks under either allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
