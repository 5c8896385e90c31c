//! `agentdesk-gateway`: runs the reference gateway until Ctrl-C, SIGTERM or `--max-lifetime-secs`.
//!
//! Stdout carries exactly one line, `agentdesk-gateway listening on http://<addr>`, for scripts
//! and test runners to wait for; logs go to stderr (`RUST_LOG` filters them).

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser as _;
use tracing_subscriber::EnvFilter;

use agentdesk_gateway::{start, start_core, Cli, GatewayRole};

fn main() -> ExitCode {
    // Before anything else, and before any thread: this may execute the binary again.
    agentdesk_gateway::heap::restart_on_huge_pages();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    // The connections' runtime: one thread unless told otherwise (gateway/src/runtime.rs); the
    // embedded core runs on a thread of its own.
    let outcome = match cli.edge_runtime().build() {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(e) => Err(format!("cannot start the runtime: {e}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("agentdesk-gateway: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = cli.to_config().map_err(|e| e.to_string())?;
    if config.role == GatewayRole::Core {
        let redis = config.redis.clone().unwrap_or_default();
        let core = start_core(config).await.map_err(|e| e.to_string())?;
        {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "agentdesk-gateway core running on {redis}")
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
        wait(cli.max_lifetime_secs).await;
        core.shutdown().await;
        return Ok(());
    }
    let gateway = start(config).await.map_err(|e| e.to_string())?;
    let addr = gateway.local_addr();
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "agentdesk-gateway listening on {}",
            gateway.http_url()
        )
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    }
    if let Some(path) = &cli.port_file {
        std::fs::write(path, addr.port().to_string())
            .map_err(|e| format!("cannot write the port file {}: {e}", path.display()))?;
    }
    wait(cli.max_lifetime_secs).await;
    gateway.shutdown().await;
    Ok(())
}

/// Until Ctrl-C, SIGTERM or the maximum lifetime.
async fn wait(max_lifetime_secs: Option<u64>) {
    let lifetime = async {
        match max_lifetime_secs {
            Some(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("interrupted"),
        _ = terminated() => tracing::info!("terminated"),
        _ = lifetime => tracing::info!("maximum lifetime reached"),
    }
}

/// Resolves on SIGTERM (how test runners and service managers stop a process).
#[cfg(unix)]
async fn terminated() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending().await
}
