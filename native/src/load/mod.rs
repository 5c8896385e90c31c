//! The load generator behind `agentdesk-load run` (docs/BENCHMARKS.md "Gateway"): thousands of
//! agents, each the real engine over its own WebSocket, logged in through the login endpoint,
//! in realistic queues; then, phase by phase, what a gateway must hold:
//!
//! 1. **hold**: every agent logged in and idle (pinging every 5 s, extensions re-registering
//!    every 60 s): the gateway's CPU and memory per connection, and that nobody was dropped;
//! 2. **commands**: pause / unpause at a fixed total rate on random agents: command → event
//!    latency (the command sent → its `agentStatus` delivered), and the ping round trips meanwhile
//!    (a pong must never wait behind a command);
//! 3. **fan-out**: streams of events on the core's clock to some agents: core emit (the event's
//!    `transcriptTime`) → client receipt.
//!
//! The core's own counters (`/control/stats`: steps, time inside the state machine) say what a
//! step costs while all this runs.

pub mod directory;
pub mod lag;
pub mod stats;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Semaphore};

use crate::{login, post_json, Agent, AgentConfig, Seen};
use stats::{percentiles, Percentiles};

/// What a run does.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `http://host:port` of the gateway (an edge, or HAProxy).
    pub http: String,
    /// Agents to log in (numbered from [`directory::FIRST_AGENT`]).
    pub agents: u32,
    /// Logins under way at once.
    pub concurrency: usize,
    /// Seconds of idle hold, the second half measured.
    pub hold_secs: u64,
    /// Commands per second, all agents together.
    pub rate: u32,
    /// Seconds of commands.
    pub command_secs: u64,
    /// Agents that get a stream.
    pub fanout_agents: u32,
    /// Events per second each.
    pub fanout_per_sec: u32,
    /// Seconds of streams.
    pub fanout_secs: u64,
    /// Processes measured (the gateway, or the edges and the core).
    pub pids: Vec<u32>,
    /// Where `/control/stats` answers with the core's counters (the embedded gateway).
    pub stats: Option<String>,
}

/// CPU and memory of the measured processes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Usage {
    /// Share of one core used, all measured processes together, %.
    pub cpu_percent: f64,
    /// Resident memory, all together, bytes.
    pub rss_bytes: u64,
    /// Time their threads waited, runnable, for a CPU, as a share of the window, % (all
    /// threads together): how much the machine's other load held them back.
    pub runqueue_wait_percent: f64,
}

/// The core's counters over a phase.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoreRate {
    /// Steps run per second.
    pub steps_per_sec: f64,
    /// Mean time inside the state machine per step, µs.
    pub us_per_step: f64,
    /// What that allows: steps per second of a core doing nothing else.
    pub capacity_per_sec: f64,
    /// Live sessions at the end.
    pub sessions: u64,
}

/// Everything a run measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Agents asked for.
    pub agents: u32,
    /// Agents logged in.
    pub logged_in: usize,
    /// Seconds the logins took.
    pub login_secs: f64,
    /// Connections closed during the hold (a healthy gateway: 0).
    pub dropped_in_hold: usize,
    /// Memory before the logins.
    pub rss_before: u64,
    /// Usage during the hold.
    pub hold: Usage,
    /// (rss during the hold − before) / agents.
    pub bytes_per_connection: f64,
    /// The core during the hold.
    pub core_hold: CoreRate,
    /// Commands per second asked and sent.
    pub rate: u32,
    /// Commands sent, answered ok, failed.
    pub commands: (usize, usize, usize),
    /// Command sent → its `agentStatus` delivered, ms.
    pub command_to_event: Percentiles,
    /// Ping round trips during the commands, ms (the SDK's `latencyTime`).
    pub ping_during_commands: Percentiles,
    /// Usage during the commands.
    pub commanding: Usage,
    /// The generator's own share of a core during the commands (it shares the machine).
    pub generator_cpu_percent: f64,
    /// The generator's own run-queue wait during the commands, % of the window.
    pub generator_runqueue_wait_percent: f64,
    /// The core during the commands.
    pub core_commands: CoreRate,
    /// Events per second streamed, all together.
    pub fanout_rate: u32,
    /// Core emit → client receipt, ms.
    pub fanout: Percentiles,
    /// How late the generator's own runtime woke a task during the hold, ms: what of the
    /// latencies may be the generator's (it shares the machine and runs every agent's engine).
    pub generator_lag_hold: Percentiles,
    /// The same during the commands.
    pub generator_lag_commands: Percentiles,
    /// The same during the fan-out.
    pub generator_lag_fanout: Percentiles,
    /// The gateway's own runtime lag and longest core turn over each phase (embedded gateway;
    /// zeros when its counters are not reachable).
    pub gateway_hold: GatewayStalls,
    /// The same during the commands.
    pub gateway_commands: GatewayStalls,
    /// Per second of the commands: the largest command → event latency and the generator's
    /// largest lag, ms (a stall of the gateway shows in the first alone).
    pub command_seconds: Vec<(f64, f64)>,
}

/// What the gateway's own probes saw over a phase (`/control/stats`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct GatewayStalls {
    /// The latest wake-up of its runtime's probe task, ms.
    pub runtime_lag_max_ms: f64,
    /// Wake-ups later than 25 ms.
    pub runtime_stalls: u64,
    /// The longest core turn, ms.
    pub core_turn_max_ms: f64,
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Shared by the agents' collector and the phases.
#[derive(Default)]
struct Board {
    /// Per agent: when its outstanding command was sent.
    pending: HashMap<usize, Instant>,
    /// Per agent: whether the next command should be `pause`.
    idle: HashMap<usize, bool>,
    command_ms: Vec<f64>,
    /// When each command of `command_ms` was sent, in order.
    command_sent: Vec<Instant>,
    ping_ms: Vec<f64>,
    fanout_ms: Vec<f64>,
    closes: usize,
    record_pings: bool,
}

fn lock(b: &Mutex<Board>) -> std::sync::MutexGuard<'_, Board> {
    b.lock().unwrap_or_else(PoisonError::into_inner)
}

fn collect(mut seen: mpsc::UnboundedReceiver<(usize, Seen)>, board: Arc<Mutex<Board>>) {
    tokio::spawn(async move {
        while let Some((tag, event)) = seen.recv().await {
            match event {
                Seen::Event {
                    event_type,
                    raw,
                    at,
                    ..
                } => match event_type.as_str() {
                    "agentStatus" => {
                        let mut b = lock(&board);
                        if let Some(sent) = b.pending.remove(&tag) {
                            b.command_ms
                                .push(stats::ms(at.into_std().duration_since(sent)));
                            b.command_sent.push(sent);
                        }
                    }
                    "transcript" => {
                        let v: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
                        if let Some(t) = v["transcriptTime"].as_u64() {
                            let lag = unix_ms().saturating_sub(t) as f64;
                            lock(&board).fanout_ms.push(lag);
                        }
                    }
                    _ => {}
                },
                Seen::Local { event_type, value } if event_type == "ping" => {
                    let mut b = lock(&board);
                    if b.record_pings {
                        if let Some(ms) = value["latencyTime"].as_f64() {
                            b.ping_ms.push(ms);
                        }
                    }
                }
                Seen::Closed { .. } => lock(&board).closes += 1,
                Seen::Local { .. } => {}
            }
        }
    });
}

fn usage(pids: &[u32], window: Duration, before: (Duration, Duration)) -> Usage {
    let (cpu_after, wait_after) = cpu(pids);
    let rss: u64 = pids.iter().filter_map(|p| stats::rss(*p)).sum();
    let secs = window.as_secs_f64().max(1e-9);
    Usage {
        cpu_percent: 100.0 * cpu_after.saturating_sub(before.0).as_secs_f64() / secs,
        rss_bytes: rss,
        runqueue_wait_percent: 100.0 * wait_after.saturating_sub(before.1).as_secs_f64() / secs,
    }
}

/// CPU time and run-queue wait of `pids`, together.
fn cpu(pids: &[u32]) -> (Duration, Duration) {
    (
        pids.iter().filter_map(|p| stats::cpu_time(*p)).sum(),
        pids.iter().filter_map(|p| stats::runqueue_wait(*p)).sum(),
    )
}

async fn gateway_stalls(stats: &Option<String>, stalls_before: u64) -> (GatewayStalls, u64) {
    let Some(url) = stats.as_ref() else {
        return (GatewayStalls::default(), 0);
    };
    let Ok((_, v)) = post_json(url, "/control/stats", &json!({})).await else {
        return (GatewayStalls::default(), 0);
    };
    let stalls = v["lagStalls"].as_u64().unwrap_or(0);
    let g = GatewayStalls {
        runtime_lag_max_ms: v["lagMaxUs"].as_u64().unwrap_or(0) as f64 / 1000.0,
        runtime_stalls: stalls.saturating_sub(stalls_before),
        core_turn_max_ms: v["coreMaxTurnUs"].as_u64().unwrap_or(0) as f64 / 1000.0,
    };
    (g, stalls)
}

async fn core_counters(stats: &Option<String>) -> Option<(u64, u64, u64)> {
    let url = stats.as_ref()?;
    let (_, v) = post_json(url, "/control/stats", &json!({})).await.ok()?;
    Some((
        v["coreSteps"].as_u64()?,
        v["coreBusyNs"].as_u64()?,
        v["coreSessions"].as_u64().unwrap_or(0),
    ))
}

fn core_rate(
    before: Option<(u64, u64, u64)>,
    after: Option<(u64, u64, u64)>,
    window: Duration,
) -> CoreRate {
    let (Some(b), Some(a)) = (before, after) else {
        return CoreRate::default();
    };
    let steps = a.0.saturating_sub(b.0) as f64;
    let busy_ns = a.1.saturating_sub(b.1) as f64;
    let us = if steps > 0.0 {
        busy_ns / steps / 1000.0
    } else {
        0.0
    };
    CoreRate {
        steps_per_sec: steps / window.as_secs_f64().max(1e-9),
        us_per_step: us,
        capacity_per_sec: if us > 0.0 { 1e6 / us } else { 0.0 },
        sessions: a.2,
    }
}

/// Runs the plan; prints progress to stderr.
pub async fn run(plan: Plan) -> Report {
    let mut report = Report {
        agents: plan.agents,
        rate: plan.rate,
        fanout_rate: plan.fanout_agents * plan.fanout_per_sec,
        rss_before: plan.pids.iter().filter_map(|p| stats::rss(*p)).sum(),
        ..Report::default()
    };
    let board = Arc::new(Mutex::new(Board::default()));
    let (probe, probe_task) = lag::LagProbe::spawn();
    let (tx, rx) = mpsc::unbounded_channel();
    collect(rx, Arc::clone(&board));
    let ws = plan.http.replacen("http", "ws", 1);

    // Log in.
    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(plan.concurrency.max(1)));
    let done = Arc::new(AtomicUsize::new(0));
    let mut logins = Vec::new();
    for i in 0..plan.agents {
        let (gate, tx, http, ws, done) = (
            Arc::clone(&gate),
            tx.clone(),
            plan.http.clone(),
            ws.clone(),
            Arc::clone(&done),
        );
        logins.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.ok()?;
            let no = (directory::FIRST_AGENT + i).to_string();
            let key = login(&http, "t1", &no, directory::PASSWORD).await.ok()?;
            let agent = Agent::start(AgentConfig::new(&ws, "t1", &no, key.clone()), i as usize, tx);
            let params = json!({"tenantId": "t1", "agentNo": no, "sessionKey": key,
                "bindEndpoint": {"endpointType": 2, "endpoint": format!("8{no}")}, "initialStatus": 1});
            let res = agent.command("login", params).await.ok()?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n % 1000 == 0 {
                eprintln!("  {n} logged in");
            }
            (res.code == 0).then_some(agent)
        }));
    }
    let mut agents = Vec::new();
    for l in logins {
        agents.push(l.await.ok().flatten());
    }
    report.logged_in = agents.iter().filter(|a| a.is_some()).count();
    report.login_secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} of {} agents logged in in {:.1} s",
        report.logged_in, plan.agents, report.login_secs
    );
    {
        let mut b = lock(&board);
        for i in 0..agents.len() {
            b.idle.insert(i, true);
        }
    }

    // Hold: settle, then measure the second half.
    let half = Duration::from_secs(plan.hold_secs.max(2) / 2);
    tokio::time::sleep(half).await;
    let closes_before = lock(&board).closes;
    let (_, stalls0) = gateway_stalls(&plan.stats, 0).await;
    let (cpu0, core0, t0) = (
        cpu(&plan.pids),
        core_counters(&plan.stats).await,
        Instant::now(),
    );
    tokio::time::sleep(half).await;
    let window = t0.elapsed();
    report.hold = usage(&plan.pids, window, cpu0);
    // The stall counters first: reading the core's counters resets the maxima.
    let (g, stalls0) = gateway_stalls(&plan.stats, stalls0).await;
    report.gateway_hold = g;
    report.core_hold = core_rate(core0, core_counters(&plan.stats).await, window);
    report.generator_lag_hold = probe.between(t0, Instant::now());
    report.dropped_in_hold = lock(&board).closes - closes_before;
    if report.logged_in > 0 {
        report.bytes_per_connection = report.hold.rss_bytes.saturating_sub(report.rss_before)
            as f64
            / report.logged_in as f64;
    }
    eprintln!(
        "hold: {:?}; generator lag {:?}; gateway {:?}",
        report.hold, report.generator_lag_hold, report.gateway_hold
    );

    // Commands at a fixed rate, on agents without one outstanding.
    let live: Vec<usize> = agents
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_some())
        .map(|(i, _)| i)
        .collect();
    let agents = Arc::new(agents);
    lock(&board).record_pings = true;
    let (cpu0, core0, t0) = (
        cpu(&plan.pids),
        core_counters(&plan.stats).await,
        Instant::now(),
    );
    let me = std::process::id();
    let my_cpu0 = cpu(&[me]);
    let tick = Duration::from_millis(10);
    let per_tick = f64::from(plan.rate) / 100.0;
    let mut owed = 0.0;
    let mut next = 0usize;
    let (mut sent, ok, failed) = (
        0usize,
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let mut interval = tokio::time::interval(tick);
    let end = Instant::now() + Duration::from_secs(plan.command_secs);
    while Instant::now() < end && !live.is_empty() {
        interval.tick().await;
        owed += per_tick;
        while owed >= 1.0 {
            owed -= 1.0;
            let i = live[next % live.len()];
            next = next.wrapping_add(7919);
            let action = {
                let mut b = lock(&board);
                if b.pending.contains_key(&i) {
                    continue;
                }
                b.pending.insert(i, Instant::now());
                let idle = b.idle.get(&i).copied().unwrap_or(true);
                b.idle.insert(i, !idle);
                if idle {
                    "pause"
                } else {
                    "unpause"
                }
            };
            let Some(Some(agent)) = agents.get(i) else {
                continue;
            };
            sent += 1;
            match agent.command_nowait(action, json!({})) {
                Ok(rx) => {
                    let (ok, failed, board) =
                        (Arc::clone(&ok), Arc::clone(&failed), Arc::clone(&board));
                    tokio::spawn(async move {
                        match rx.await {
                            Ok(r) if r.code == 0 => ok.fetch_add(1, Ordering::Relaxed),
                            _ => {
                                lock(&board).pending.remove(&i);
                                failed.fetch_add(1, Ordering::Relaxed)
                            }
                        };
                    });
                }
                Err(_) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
    let window = t0.elapsed();
    let t1 = Instant::now();
    let mine = usage(&[me], window, my_cpu0);
    report.generator_cpu_percent = mine.cpu_percent;
    report.generator_runqueue_wait_percent = mine.runqueue_wait_percent;
    // Let the last answers come.
    tokio::time::sleep(Duration::from_secs(2)).await;
    report.commanding = usage(&plan.pids, window, cpu0);
    report.gateway_commands = gateway_stalls(&plan.stats, stalls0).await.0;
    report.core_commands = core_rate(core0, core_counters(&plan.stats).await, window);
    report.generator_lag_commands = probe.between(t0, t1);
    report.commands = (
        sent,
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
    );
    {
        let mut b = lock(&board);
        b.record_pings = false;
        report.command_to_event = percentiles(&b.command_ms);
        report.ping_during_commands = percentiles(&b.ping_ms);
        let seconds = plan.command_secs as usize + 1;
        let lag = probe.max_per_second(t0, seconds);
        let mut worst = vec![0.0f64; seconds];
        for (sent, ms) in b.command_sent.iter().zip(&b.command_ms) {
            if let Some(slot) = worst.get_mut(sent.saturating_duration_since(t0).as_secs() as usize)
            {
                *slot = slot.max(*ms);
            }
        }
        report.command_seconds = worst.into_iter().zip(lag).collect();
    }
    eprintln!(
        "commands: {:?} {:?}; ping {:?}; generator lag {:?}, cpu {:.1} %, run-queue wait {:.1} %; gateway {:?} {:?}",
        report.commands,
        report.command_to_event,
        report.ping_during_commands,
        report.generator_lag_commands,
        report.generator_cpu_percent,
        report.generator_runqueue_wait_percent,
        report.gateway_commands,
        report.commanding
    );
    eprintln!(
        "  per second, worst command → event / generator lag (ms): {}",
        report
            .command_seconds
            .iter()
            .map(|(c, l)| format!("{c:.0}/{l:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    );

    // Fan-out: streams on the core's clock.
    let t2 = Instant::now();
    if plan.fanout_agents > 0 && plan.fanout_per_sec > 0 {
        let count = u64::from(plan.fanout_per_sec) * plan.fanout_secs;
        let interval_ms = 1000 / u64::from(plan.fanout_per_sec);
        let mut streams = Vec::new();
        for k in 0..plan.fanout_agents.min(live.len() as u32) {
            let no = (directory::FIRST_AGENT + live[k as usize] as u32).to_string();
            let http = plan.http.clone();
            let body =
                json!({"tenantId": "t1", "agentNo": no, "count": count, "intervalMs": interval_ms});
            streams.push(tokio::spawn(async move {
                post_json(&http, "/control/stream", &body).await
            }));
        }
        for s in streams {
            let _ = s.await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        report.fanout = percentiles(&lock(&board).fanout_ms);
        report.generator_lag_fanout = probe.between(t2, Instant::now());
        eprintln!("fan-out: {:?}", report.fanout);
    }
    probe_task.abort();
    if let Ok(agents) = Arc::try_unwrap(agents) {
        futures_util::future::join_all(agents.into_iter().flatten().map(Agent::stop)).await;
    }
    report
}
