//! `agentdesk-load`: the gateway's load generator (scripts/bench-gateway.sh runs it).
//!
//! ```text
//! agentdesk-load directory --agents N --queue-size Q [--supervisors S]     TOML to stdout
//! agentdesk-load run --http http://127.0.0.1:PORT --agents N [--rate C] [--hold-secs S]
//!     [--command-secs S] [--fanout-agents A] [--fanout-per-sec E] [--fanout-secs S]
//!     [--pid PID]... [--stats http://EDGE] [--concurrency N] [--out FILE.json]
//! ```

use std::process::ExitCode;

use agentdesk_native::load::{directory, run, Plan};

fn value<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .ok_or_else(|| format!("{name} needs a value"))?
            .parse()
            .map(Some)
            .map_err(|_| format!("{name}: not a valid value")),
    }
}

fn values(args: &[String], name: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if a == name {
            let v = args
                .get(i + 1)
                .ok_or_else(|| format!("{name} needs a value"))?;
            out.push(v.parse().map_err(|_| format!("{name}: not a number"))?);
        }
    }
    Ok(out)
}

async fn main_() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("directory") => {
            let agents = value(&args, "--agents")?.unwrap_or(1000);
            let size = value(&args, "--queue-size")?.unwrap_or(500);
            let sups = value(&args, "--supervisors")?.unwrap_or(2);
            print!("{}", directory::directory(agents, size, sups));
            Ok(())
        }
        Some("run") => {
            let http: String = value(&args, "--http")?.ok_or("--http is needed")?;
            let plan = Plan {
                http,
                agents: value(&args, "--agents")?.unwrap_or(1000),
                concurrency: value(&args, "--concurrency")?.unwrap_or(200),
                hold_secs: value(&args, "--hold-secs")?.unwrap_or(60),
                rate: value(&args, "--rate")?.unwrap_or(1000),
                command_secs: value(&args, "--command-secs")?.unwrap_or(30),
                fanout_agents: value(&args, "--fanout-agents")?.unwrap_or(100),
                fanout_per_sec: value(&args, "--fanout-per-sec")?.unwrap_or(10),
                fanout_secs: value(&args, "--fanout-secs")?.unwrap_or(20),
                pids: values(&args, "--pid")?,
                stats: value(&args, "--stats")?,
            };
            let report = run(plan).await;
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            match value::<String>(&args, "--out")? {
                Some(path) => std::fs::write(&path, &text).map_err(|e| format!("{path}: {e}"))?,
                None => println!("{text}"),
            }
            Ok(())
        }
        _ => Err("usage: agentdesk-load directory|run … (see the source's header)".into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agentdesk-load: {e}");
            ExitCode::FAILURE
        }
    }
}
