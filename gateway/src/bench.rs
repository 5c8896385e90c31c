//! The core's step cost, alone (no sockets, no edge): `cargo run --profile gateway -p
//! agentdesk-gateway --example core_steps` (scripts/bench-gateway.sh). A directory of `agents`
//! agents in queues of `queue_size`, every agent logged in on an extension (so re-registrations
//! fire every 60 s of virtual time), a supervisor subscribed to every queue; then `steps` steps:
//! pause / unpause commands of random agents, with virtual time running 0.2 ms per command (the
//! pace of 5,000 steps a second) so the core's timers (registrations, queue status publications
//! at most every 250 ms) fire among them as they would at that rate.

use std::time::Instant as WallClock;

use serde::Serialize;
use serde_json::json;

use crate::center::Core;
use crate::directory::Directory;
use crate::port::{AgentKey, CoreInput};
use crate::sim::SimConfig;

/// What a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct CoreStepReport {
    /// Agents logged in.
    pub agents: u32,
    /// Members per queue.
    pub queue_size: u32,
    /// Steps run in the measured part (commands and the timers they met).
    pub steps: u64,
    /// Steps per second of wall time.
    pub steps_per_sec: f64,
    /// Mean wall time per step, µs.
    pub us_per_step: f64,
    /// Events the steps produced.
    pub events: u64,
}

fn directory(agents: u32, queue_size: u32) -> String {
    let mut t = String::from("[[tenants]]\nid = \"t1\"\nname = \"Bench\"\nagents = [\n");
    for n in 0..agents {
        t.push_str(&format!(
            "  {{ agent_no = \"{}\", name = \"Bench Agent {n}\", password = \"b\", role = \"agent\" }},\n",
            100_000 + n
        ));
    }
    t.push_str("  { agent_no = \"900000\", name = \"Bench Supervisor\", password = \"b\", role = \"supervisor\" },\n]\nqueues = [\n");
    let size = queue_size.max(1);
    let mut q = 0;
    while q * size < agents {
        let members: Vec<String> = (q * size..((q + 1) * size).min(agents))
            .map(|n| format!("\"{}\"", 100_000 + n))
            .collect();
        t.push_str(&format!(
            "  {{ id = \"q-{q}\", name = \"Queue {q}\", members = [{}] }},\n",
            members.join(", ")
        ));
        q += 1;
    }
    t.push_str("]\n");
    t
}

/// Runs the measurement; None when the generated directory does not load (it always does).
pub fn core_steps(agents: u32, queue_size: u32, steps: u64) -> Option<CoreStepReport> {
    let directory = Directory::parse(&directory(agents, queue_size)).ok()?;
    let mut cfg = SimConfig::quiet();
    cfg.seed = Some(1);
    let t0 = tokio::time::Instant::now();
    let mut now = t0;
    let mut core = Core::new(cfg, &directory, now, 1, 1_716_200_000_000);
    let key = |n: u32| AgentKey {
        tenant_id: "t1".into(),
        agent_no: n.to_string(),
    };
    let mut request = 0u64;
    let mut input =
        |core: &mut Core, now, session: String, agent: AgentKey, action: &str, params| {
            request += 1;
            core.handle_input(
                now,
                CoreInput::Command {
                    session,
                    agent,
                    request,
                    action: action.to_owned(),
                    params,
                },
            );
        };
    let login = |no: u32| {
        let serde_json::Value::Object(p) = json!({"bindEndpoint": {"endpointType": 2, "endpoint": format!("8{no}")}, "initialStatus": 1})
        else {
            return serde_json::Map::new();
        };
        p
    };
    for n in 0..agents {
        let no = 100_000 + n;
        let session = format!("s-{no}");
        core.handle_input(
            now,
            CoreInput::SessionStarted {
                session: session.clone(),
                agent: key(no),
            },
        );
        input(&mut core, now, session, key(no), "login", login(no));
    }
    core.handle_input(
        now,
        CoreInput::SessionStarted {
            session: "s-sup".into(),
            agent: key(900_000),
        },
    );
    input(
        &mut core,
        now,
        "s-sup".into(),
        key(900_000),
        "login",
        login(900_000),
    );
    input(
        &mut core,
        now,
        "s-sup".into(),
        key(900_000),
        "subscribeQueueStatus",
        serde_json::Map::new(),
    );
    while core.poll_output().is_some() {}
    let mut paused = vec![false; agents as usize];
    let mut dice: u64 = 0x9E37_79B9_7F4A_7C15;
    let (steps0, mut events) = (core.steps(), 0u64);
    let wall = WallClock::now();
    for _ in 0..steps {
        dice ^= dice << 13;
        dice ^= dice >> 7;
        dice ^= dice << 17;
        let n = u32::try_from(dice % u64::from(agents.max(1))).unwrap_or(0);
        let action = if paused[n as usize] {
            "unpause"
        } else {
            "pause"
        };
        paused[n as usize] = !paused[n as usize];
        now += std::time::Duration::from_micros(200);
        core.handle_timeout(now);
        let no = 100_000 + n;
        input(
            &mut core,
            now,
            format!("s-{no}"),
            key(no),
            action,
            serde_json::Map::new(),
        );
        while let Some(out) = core.poll_output() {
            if let crate::port::CoreOutput::Batch(b) = out {
                events += b.items.len() as u64;
            }
        }
    }
    let elapsed = wall.elapsed().as_secs_f64();
    let ran = core.steps() - steps0;
    Some(CoreStepReport {
        agents,
        queue_size,
        steps: ran,
        steps_per_sec: ran as f64 / elapsed.max(1e-9),
        us_per_step: elapsed * 1e6 / (ran.max(1) as f64),
        events,
    })
}
