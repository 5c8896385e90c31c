#![no_main]
// The body lives in fuzz-harness, which replays fuzz/corpus/gateway_websocket under `cargo test`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| agentdesk_fuzz_harness::gateway::websocket(data));
