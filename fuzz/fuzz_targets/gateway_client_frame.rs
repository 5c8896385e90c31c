#![no_main]
// The body lives in fuzz-harness, which replays fuzz/corpus/gateway_client_frame under `cargo test`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| agentdesk_fuzz_harness::gateway::client_frames(data));
