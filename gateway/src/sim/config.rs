//! The simulator's settings (docs/gateway.md §9): one struct with the demo's and the tests'
//! defaults, the `[sim]` section a directory file may carry, and the parsing of `MIN-MAX` ranges.
//!
//! Precedence, lowest first: [`SimConfig::demo`] (the command line's defaults), the directory's
//! `[sim]` section, the `--sim-…` flags given. [`SimConfig::quiet`] is what a library user of
//! [`crate::Config::new`] starts from: no random callers, no bots, nothing that happens unasked.

use std::time::Duration;

use serde::Deserialize;

use super::script::Script;

/// Callers per minute and queue in the demo (docs/gateway.md §9.1).
pub const DEMO_CALLERS_PER_MINUTE: f64 = 4.0;
/// Scheduled callbacks per hour falling due in the demo (docs/gateway.md §9.1).
pub const DEMO_CALLBACKS_PER_HOUR: f64 = 6.0;
/// How long a customer talks, seconds, uniform in the range (docs/flows.md §3 step 5: "a random
/// talk time"; docs/gateway.md §9.1).
pub const TALK_SECS: (u64, u64) = (40, 150);
/// How long a queued caller waits before hanging up, seconds, uniform in the range
/// (docs/gateway.md §9.1).
pub const PATIENCE_SECS: (u64, u64) = (30, 240);
/// A phone or extension agent picks up this long after it starts ringing (docs/flows.md §3).
pub const ANSWER_DELAY: Duration = Duration::from_millis(2_000);
/// `ringTimeoutMs`: a call not answered within this long is `noAnswer` (docs/flows.md §3).
pub const RING_TIMEOUT: Duration = Duration::from_secs(20);
/// `wrapupTime`: after-call work, seconds (docs/flows.md §3 step 5).
pub const WRAPUP_SECS: u64 = 10;
/// How long `transferIvr`'s IVR runs before `interactReturn` (docs/flows.md §6).
pub const IVR_TIME: Duration = Duration::from_secs(3);
/// One `transcript` update every this long while a call is talking (docs/flows.md §9).
pub const TRANSCRIPT_INTERVAL: Duration = Duration::from_millis(1_500);
/// `registerIntervalMs`: extension agents re-register this often (docs/flows.md §8).
pub const REGISTER_INTERVAL: Duration = Duration::from_secs(60);

/// Everything the simulator needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// The seed of the one RNG everything random comes from; None: random at startup.
    pub seed: Option<u64>,
    /// Random callers arriving per minute and queue (a Poisson process); 0 disables them.
    pub callers_per_minute: f64,
    /// A customer's talk time in seconds, uniform in `MIN..=MAX`.
    pub talk_secs: (u64, u64),
    /// How long a queued caller waits before abandoning, seconds, uniform in `MIN..=MAX`.
    pub patience_secs: (u64, u64),
    /// Phone and extension agents (endpointType 1, 2), and bots, answer after this long.
    pub answer_delay: Duration,
    /// Unanswered ringing ends after this long (`noAnswer`).
    pub ring_timeout: Duration,
    /// Seconds of wrap-up after a call.
    pub wrapup_secs: u64,
    /// Caps the customer's answer timeout of `previewObCall` and of consults to outside numbers.
    pub preview_timeout_secs: Option<u64>,
    /// How long the IVR of `transferIvr` runs.
    pub ivr_time: Duration,
    /// Interval between `transcript` updates.
    pub transcript_interval: Duration,
    /// Interval between an extension's re-registrations (`extenState`).
    pub register_interval: Duration,
    /// Directory agents without a client are played by bots.
    pub bots: bool,
    /// Scheduled callbacks falling due per hour for idle agents, at random; 0 disables them.
    pub callbacks_per_hour: f64,
    /// Phone and extension agents answer by themselves (`auto_answer = false` in a script leaves
    /// it to the script's `answer` steps, docs/flows.md §3).
    pub auto_answer: bool,
    /// Wall-clock time (Unix ms) the simulator's clock starts at; None: now. Fixing it makes the
    /// timestamps of a seeded scripted run identical from run to run.
    pub epoch_ms: Option<u64>,
    /// Timed steps to play (`--sim-script`).
    pub script: Option<Script>,
}

impl SimConfig {
    /// Nothing happens unasked: no random callers, no bots, no random callbacks; the documented
    /// timings otherwise.
    pub fn quiet() -> Self {
        Self {
            seed: None,
            callers_per_minute: 0.0,
            talk_secs: TALK_SECS,
            patience_secs: PATIENCE_SECS,
            answer_delay: ANSWER_DELAY,
            ring_timeout: RING_TIMEOUT,
            wrapup_secs: WRAPUP_SECS,
            preview_timeout_secs: None,
            ivr_time: IVR_TIME,
            transcript_interval: TRANSCRIPT_INTERVAL,
            register_interval: REGISTER_INTERVAL,
            bots: false,
            callbacks_per_hour: 0.0,
            auto_answer: true,
            epoch_ms: None,
            script: None,
        }
    }

    /// The demo: callers arriving, bots in every free seat, callbacks now and then.
    pub fn demo() -> Self {
        Self {
            callers_per_minute: DEMO_CALLERS_PER_MINUTE,
            bots: true,
            callbacks_per_hour: DEMO_CALLBACKS_PER_HOUR,
            ..Self::quiet()
        }
    }

    /// Applies the settings a directory's `[sim]` section (or anything of its shape) gives.
    pub fn apply(&mut self, o: &SimOverrides) {
        if let Some(v) = o.seed {
            self.seed = Some(v);
        }
        if let Some(v) = o.callers_per_minute {
            self.callers_per_minute = v.max(0.0);
        }
        if let Some(v) = &o.talk_secs {
            if let Ok(range) = parse_range(v) {
                self.talk_secs = range;
            }
        }
        if let Some(v) = &o.patience_secs {
            if let Ok(range) = parse_range(v) {
                self.patience_secs = range;
            }
        }
        if let Some(v) = o.answer_delay_ms {
            self.answer_delay = Duration::from_millis(v);
        }
        if let Some(v) = o.ring_timeout_ms {
            self.ring_timeout = Duration::from_millis(v.max(1));
        }
        if let Some(v) = o.wrapup_secs {
            self.wrapup_secs = v;
        }
        if let Some(v) = o.preview_timeout_secs {
            self.preview_timeout_secs = Some(v);
        }
        if let Some(v) = o.ivr_secs {
            self.ivr_time = Duration::from_secs(v);
        }
        if let Some(v) = o.ivr_ms {
            self.ivr_time = Duration::from_millis(v);
        }
        if let Some(v) = o.transcript_interval_ms {
            self.transcript_interval = Duration::from_millis(v.max(10));
        }
        if let Some(v) = o.register_secs {
            self.register_interval = Duration::from_secs(v.max(1));
        }
        if let Some(v) = o.bots {
            self.bots = v;
        }
        if let Some(v) = o.callbacks_per_hour {
            self.callbacks_per_hour = v.max(0.0);
        }
    }

    /// The customer answer timeout actually used for `given` seconds.
    pub(crate) fn customer_timeout(&self, given: u64) -> Duration {
        let secs = self
            .preview_timeout_secs
            .map_or(given, |cap| given.min(cap));
        Duration::from_secs(secs)
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self::quiet()
    }
}

/// The `[sim]` section of a directory file: every field optional, unknown keys refused.
///
/// ```toml
/// [sim]
/// callers_per_minute = 0
/// bots = false
/// answer_delay_ms = 200
/// wrapup_secs = 1
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimOverrides {
    /// See [`SimConfig::seed`].
    pub seed: Option<u64>,
    /// See [`SimConfig::callers_per_minute`].
    pub callers_per_minute: Option<f64>,
    /// `"MIN-MAX"`, see [`SimConfig::talk_secs`].
    pub talk_secs: Option<String>,
    /// `"MIN-MAX"`, see [`SimConfig::patience_secs`].
    pub patience_secs: Option<String>,
    /// See [`SimConfig::answer_delay`].
    pub answer_delay_ms: Option<u64>,
    /// See [`SimConfig::ring_timeout`].
    pub ring_timeout_ms: Option<u64>,
    /// See [`SimConfig::wrapup_secs`].
    pub wrapup_secs: Option<u64>,
    /// See [`SimConfig::preview_timeout_secs`].
    pub preview_timeout_secs: Option<u64>,
    /// See [`SimConfig::ivr_time`].
    pub ivr_secs: Option<u64>,
    /// See [`SimConfig::ivr_time`], in milliseconds (wins over `ivr_secs`).
    pub ivr_ms: Option<u64>,
    /// See [`SimConfig::transcript_interval`].
    pub transcript_interval_ms: Option<u64>,
    /// See [`SimConfig::register_interval`].
    pub register_secs: Option<u64>,
    /// See [`SimConfig::bots`].
    pub bots: Option<bool>,
    /// See [`SimConfig::callbacks_per_hour`].
    pub callbacks_per_hour: Option<f64>,
}

impl SimOverrides {
    /// Checks what serde cannot: the talk range.
    pub(crate) fn check(&self) -> Result<(), String> {
        for range in [&self.talk_secs, &self.patience_secs].into_iter().flatten() {
            parse_range(range)?;
        }
        Ok(())
    }
}

/// Parses `"MIN-MAX"` (or a single number) into an inclusive range of seconds.
pub fn parse_range(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("expected MIN-MAX seconds (e.g. 40-150), got {text:?}");
    let (lo, hi) = match text.split_once('-') {
        Some((lo, hi)) => (lo.trim(), hi.trim()),
        None => (text.trim(), text.trim()),
    };
    let lo: u64 = lo.parse().map_err(|_| bad())?;
    let hi: u64 = hi.parse().map_err(|_| bad())?;
    if lo > hi {
        return Err(bad());
    }
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ranges_parse_and_refuse_nonsense() {
        assert_eq!(parse_range("40-150").unwrap(), (40, 150));
        assert_eq!(parse_range(" 5 - 5 ").unwrap(), (5, 5));
        assert_eq!(parse_range("7").unwrap(), (7, 7));
        assert!(parse_range("9-3").is_err());
        assert!(parse_range("a-b").is_err());
    }

    #[test]
    fn overrides_apply_over_the_demo_defaults() {
        let mut c = SimConfig::demo();
        assert!(c.bots && c.callers_per_minute > 0.0);
        c.apply(&SimOverrides {
            bots: Some(false),
            callers_per_minute: Some(0.0),
            answer_delay_ms: Some(200),
            wrapup_secs: Some(1),
            preview_timeout_secs: Some(2),
            patience_secs: Some("3-5".into()),
            ..SimOverrides::default()
        });
        assert!(!c.bots);
        assert_eq!(c.patience_secs, (3, 5));
        assert_eq!(c.answer_delay, Duration::from_millis(200));
        assert_eq!(c.customer_timeout(45), Duration::from_secs(2));
        assert_eq!(
            SimConfig::quiet().customer_timeout(45),
            Duration::from_secs(45)
        );
    }
}
