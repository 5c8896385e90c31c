//! Replays one input of one fuzz target, for reading a finding:
//!
//!   AGENTDESK_FUZZ_TRACE=1 cargo run -p agentdesk-fuzz-harness --example replay -- TARGET FILE
//!
//! prints the steps a structured input decodes to (`engine_sequence` and the `session_*`
//! targets), then runs it; the trace variable makes the shell print every output of the engine
//! with its virtual time, so the step that breaks an invariant can be read off before the panic.
use agentdesk_fuzz_harness::{sequence, session, TARGETS};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, file] = args.as_slice() else {
        eprintln!("usage: replay TARGET FILE   (targets: {})", names());
        std::process::exit(2);
    };
    let Some((_, run)) = TARGETS.iter().find(|(name, _)| name == target) else {
        eprintln!("unknown target {target} (targets: {})", names());
        std::process::exit(2);
    };
    let data = std::fs::read(file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2);
    });
    let steps = match target.as_str() {
        "engine_sequence" => sequence::describe(&data),
        t if t.starts_with("session_") => session::describe(&data),
        _ => Vec::new(),
    };
    for (i, step) in steps.iter().enumerate() {
        println!("step {i}: {step}");
    }
    run(&data);
    println!("{target}: the input ran without a panic");
}

fn names() -> String {
    TARGETS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}
