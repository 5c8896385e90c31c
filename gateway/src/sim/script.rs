//! Scripted mode (`--sim-script FILE`, docs/gateway.md §9): timed steps applied in order, each
//! `at_ms` after the simulator started, each one action. With a fixed seed (the file's `seed`,
//! or `--sim-seed`) and a fixed `epoch_ms`, two runs send the same events.
//!
//! ```toml
//! seed = 7
//! [[steps]]
//! at_ms = 1000
//! action = "call"
//! tenant = "t1"
//! queue = "q-sales"
//! ```

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::control::{CallRequest, SimError};
use super::state::SimState;
use super::timers::Timer;

/// Steps one script may have: a bound on what a file can make the simulator hold.
pub const MAX_STEPS: usize = 100_000;

/// Why a script could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    /// The file could not be read.
    #[error("cannot read script {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not TOML / JSON of the documented shape.
    #[error("script {path} is not of the documented shape: {reason}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// A loaded script.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// The RNG seed, unless `--sim-seed` gives one.
    pub seed: Option<u64>,
    /// False leaves answering to the script's `answer` steps (docs/flows.md §3 step 2).
    pub auto_answer: Option<bool>,
    /// The simulator clock's start, Unix ms.
    pub epoch_ms: Option<u64>,
    /// The steps, by `at_ms`.
    pub steps: Vec<Step>,
}

/// One timed step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Step {
    /// When, in ms after the simulator started.
    pub at_ms: u64,
    /// What.
    #[serde(flatten)]
    pub action: Action,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// An inbound call to `agent` directly, or through `queue` (the tenant's first queue when
    /// neither is given), as `/control/sim/call` places it.
    Call {
        /// Tenant id.
        tenant: String,
        /// Ring this agent directly.
        #[serde(default)]
        agent: Option<String>,
        /// Route through this queue.
        #[serde(default)]
        queue: Option<String>,
        /// The caller's number (random when absent).
        #[serde(default)]
        customer: Option<String>,
        /// The customer hangs up after this many seconds of talk.
        #[serde(default)]
        talk_secs: Option<u64>,
    },
    /// The agent's ringing call is answered (for `auto_answer = false`).
    Answer {
        /// Tenant id.
        tenant: String,
        /// The agent.
        agent: String,
    },
    /// The customer on the agent's call hangs up.
    CustomerHangup {
        /// Tenant id.
        tenant: String,
        /// The agent.
        agent: String,
    },
    /// A scheduled callback falls due for the agent (`orderCallBack`).
    Callback {
        /// Tenant id.
        tenant: String,
        /// The agent.
        agent: String,
        /// The customer to call back.
        #[serde(default)]
        customer: Option<String>,
    },
    /// The gateway loses the agent's softphone (`sipDisconnected`).
    SipDisconnect {
        /// Tenant id.
        tenant: String,
        /// The agent.
        agent: String,
        /// `sipDisconnected.reason`.
        #[serde(default)]
        reason: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    auto_answer: Option<bool>,
    #[serde(default)]
    epoch_ms: Option<u64>,
    #[serde(default)]
    steps: Vec<Value>,
}

impl Script {
    /// Loads `path`: JSON when it ends in `.json`, TOML otherwise.
    pub fn load(path: &Path) -> Result<Self, ScriptError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ScriptError::Read {
            path: shown.clone(),
            source,
        })?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        Self::parse(&text, json).map_err(|reason| ScriptError::Parse {
            path: shown,
            reason,
        })
    }

    /// Parses a script; steps must come in `at_ms` order.
    pub fn parse(text: &str, json: bool) -> Result<Self, String> {
        let file: File = if json {
            serde_json::from_str(text).map_err(|e| e.to_string())?
        } else {
            toml::from_str(text).map_err(|e| e.to_string())?
        };
        if file.steps.len() > MAX_STEPS {
            return Err(format!("{} steps; at most {MAX_STEPS}", file.steps.len()));
        }
        let mut steps = Vec::with_capacity(file.steps.len());
        for (i, raw) in file.steps.into_iter().enumerate() {
            let step: Step =
                serde_json::from_value(raw).map_err(|e| format!("step {}: {e}", i + 1))?;
            if steps
                .last()
                .is_some_and(|prev: &Step| prev.at_ms > step.at_ms)
            {
                return Err(format!(
                    "step {}: at_ms {} comes before the step above it",
                    i + 1,
                    step.at_ms
                ));
            }
            steps.push(step);
        }
        Ok(Self {
            seed: file.seed,
            auto_answer: file.auto_answer,
            epoch_ms: file.epoch_ms,
            steps,
        })
    }
}

impl SimState {
    /// Schedules step `index`, if there is one, at its `at_ms`.
    pub(crate) fn schedule_step(&mut self, index: usize) {
        let Some(step) = self.script.as_ref().and_then(|s| s.steps.get(index)) else {
            return;
        };
        let at = crate::later(
            self.clock.start(),
            std::time::Duration::from_millis(step.at_ms),
        );
        self.timers.set(at, Timer::Script { index });
    }

    /// Runs step `index` and schedules the next.
    pub(crate) fn script_step(&mut self, index: usize) {
        let Some(step) = self
            .script
            .as_ref()
            .and_then(|s| s.steps.get(index))
            .cloned()
        else {
            return;
        };
        if let Err(e) = self.run_action(&step.action) {
            tracing::warn!(
                step = index + 1,
                at_ms = step.at_ms,
                "script step not applied: {e}"
            );
        }
        self.schedule_step(index + 1);
    }

    fn run_action(&mut self, action: &Action) -> Result<(), SimError> {
        match action {
            Action::Call {
                tenant,
                agent,
                queue,
                customer,
                talk_secs,
            } => {
                let request = CallRequest {
                    tenant_id: tenant.clone(),
                    agent_no: agent.clone(),
                    queue_no: queue.clone(),
                    customer_number: customer.clone(),
                    talk_seconds: *talk_secs,
                };
                self.place_call(&request).map(|_| ())
            }
            Action::Answer { tenant, agent } => {
                let key = self.known(tenant, agent)?;
                self.answer(&key);
                Ok(())
            }
            Action::CustomerHangup { tenant, agent } => {
                self.hang_up_customer_of(tenant, agent).map(|_| ())
            }
            Action::Callback {
                tenant,
                agent,
                customer,
            } => self
                .callback_for(tenant, agent, customer.clone())
                .map(|_| ()),
            Action::SipDisconnect {
                tenant,
                agent,
                reason,
            } => self
                .disconnect_sip(tenant, agent, reason.as_deref())
                .map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_demo_scenario_parses() {
        let text = include_str!("../../scenarios/demo.toml");
        let script = Script::parse(text, false).unwrap();
        assert!(!script.steps.is_empty());
        assert!(script.seed.is_some());
    }

    #[test]
    fn steps_parse_from_toml_and_json_and_refuse_unknown_actions_and_disorder() {
        let toml = r#"
            seed = 3
            [[steps]]
            at_ms = 10
            action = "call"
            tenant = "t1"
            queue = "q-sales"
            [[steps]]
            at_ms = 20
            action = "customer-hangup"
            tenant = "t1"
            agent = "0001"
        "#;
        let s = Script::parse(toml, false).unwrap();
        assert_eq!(s.steps.len(), 2);
        assert!(
            matches!(&s.steps[1].action, Action::CustomerHangup { agent, .. } if agent == "0001")
        );
        let json =
            r#"{"steps":[{"at_ms":5,"action":"sip-disconnect","tenant":"t1","agent":"0001"}]}"#;
        assert_eq!(Script::parse(json, true).unwrap().steps.len(), 1);
        assert!(Script::parse(r#"{"steps":[{"at_ms":5,"action":"teleport"}]}"#, true).is_err());
        let disorder = r#"{"steps":[{"at_ms":5,"action":"answer","tenant":"t","agent":"a"},
                                    {"at_ms":4,"action":"answer","tenant":"t","agent":"a"}]}"#;
        assert!(Script::parse(disorder, true)
            .unwrap_err()
            .contains("step 2"));
        assert!(Script::parse("bogus = 1", false).is_err());
    }
}
