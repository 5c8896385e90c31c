#![no_main]
// The body lives in fuzz-harness, which replays fuzz/corpus/dialect_phoenix under `cargo test`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| agentdesk_fuzz_harness::dialect::phoenix(data));
