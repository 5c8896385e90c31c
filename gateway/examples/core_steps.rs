//! The core's step cost alone, for scripts/bench-gateway.sh: prints one JSON line per size.
//! `cargo run --profile gateway -p agentdesk-gateway --example core_steps -- [STEPS]`

fn main() {
    let steps = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    for agents in [2_000, 20_000] {
        match agentdesk_gateway::bench::core_steps(agents, 500, steps) {
            Some(report) => println!("{}", serde_json::to_string(&report).unwrap_or_default()),
            None => eprintln!("core_steps: the generated directory did not load"),
        }
    }
}
