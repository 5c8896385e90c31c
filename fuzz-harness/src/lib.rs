//! The bodies of agentdesk's fuzz targets (issue 10; docs/RELIABILITY.md).
//!
//! cargo-fuzz runs them on nightly from `fuzz/` (`bash scripts/fuzz.sh`): each file of
//! `fuzz/fuzz_targets/` is one line that hands the fuzzer's bytes to one function of
//! [`TARGETS`]. The same functions replay the committed corpus (`fuzz/corpus/<target>/`) under
//! `cargo test` on stable (`tests/corpus_replay.rs`), so a crash the fuzzer once found stays a
//! failing test if it comes back.
//!
//! A target fails by panicking: the code under test panicking (in wasm that kills the SDK for
//! the page's life), or an invariant checked here breaking (a Promise settled twice, a timer
//! left after shutdown, a payload handed to listeners that is not JSON).
//!
//! The SDK's dialect sessions (core/src/session/dialect: Phoenix, ActionCable, Kazoo, GlobeMeet)
//! have one structured target each, [`session`]: sequences of frames, time, socket events, tokens
//! and the page's calls, with the session's invariants checked after every input.
//!
//! **Adding a dialect codec target** (the faces of core/src/dialects have one each): write
//! `pub fn my_dialect(data: &[u8])` in [`dialect`] (through [`dialect::fuzz`] for an engine
//! dialect, [`dialect::round_trip`] for a frame codec),
//! add a row to [`TARGETS`], copy `fuzz/fuzz_targets/dialect_v1.rs` to
//! `fuzz/fuzz_targets/<name>.rs` with the new function, add its `[[bin]]` to `fuzz/Cargo.toml`,
//! and seed `fuzz/corpus/<name>/` with a few real frames of that dialect.

pub mod arguments;
pub mod dialect;
pub mod engine;
pub mod gateway;
pub mod json;
pub mod sequence;
pub mod session;
mod shell;

/// What a target does with one input; it fails by panicking.
pub type Target = fn(&[u8]);

/// Every target: its name (the file in `fuzz/fuzz_targets/`, the folder in `fuzz/corpus/`) and
/// the function it calls.
pub const TARGETS: &[(&str, Target)] = &[
    ("engine_frame", engine::frames),
    ("engine_sequence", sequence::steps),
    ("command_arguments", arguments::commands),
    ("gateway_client_frame", gateway::client_frames),
    ("gateway_websocket", gateway::websocket),
    ("dialect_v1", dialect::v1),
    ("dialect_phoenix", dialect::phoenix),
    ("dialect_actioncable", dialect::actioncable),
    ("dialect_kazoo", dialect::kazoo),
    ("dialect_globemeet", dialect::globemeet),
    ("session_phoenix", session::phoenix),
    ("session_actioncable", session::actioncable),
    ("session_kazoo", session::kazoo),
    ("session_globemeet", session::globemeet),
];
