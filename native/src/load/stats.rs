//! What the load generator measures with: latency samples and their percentiles, and a
//! process's CPU time and resident memory read from /proc (Linux).

use std::time::Duration;

use serde::Serialize;

/// Percentiles of a set of samples, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Percentiles {
    /// How many samples.
    pub n: usize,
    /// Median.
    pub p50: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
}

/// Percentiles of `samples` (ms); zeros when there are none.
pub fn percentiles(samples: &[f64]) -> Percentiles {
    if samples.is_empty() {
        return Percentiles::default();
    }
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((s.len() as f64 - 1.0) * q).round() as usize;
        s[i.min(s.len() - 1)]
    };
    Percentiles {
        n: s.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: s[s.len() - 1],
    }
}

/// Milliseconds of a duration, fractional.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time (user + system) a process has used so far; None when /proc does not have it.
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // Clock ticks; 100 a second on Linux (USER_HZ).
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Time the threads of a process spent runnable but waiting for a CPU so far (the kernel's
/// run-queue delay, /proc/PID/task/*/schedstat): a process starved by others on the machine
/// shows here, not in its CPU time. None when /proc does not have it.
pub fn runqueue_wait(pid: u32) -> Option<Duration> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut ns = 0u64;
    for task in tasks.flatten() {
        let Ok(text) = std::fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        // "<on-cpu ns> <waiting ns> <timeslices>".
        ns += text
            .split_whitespace()
            .nth(1)
            .and_then(|w| w.parse::<u64>().ok())
            .unwrap_or(0);
    }
    Some(Duration::from_nanos(ns))
}

/// Resident memory of a process, bytes.
pub fn rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_hundred_samples() {
        let s: Vec<f64> = (1..=100).map(f64::from).collect();
        let p = percentiles(&s);
        assert_eq!((p.n, p.p50, p.p99, p.max), (100, 51.0, 99.0, 100.0));
        assert_eq!(percentiles(&[]), Percentiles::default());
    }

    #[test]
    fn this_process_has_cpu_time_and_memory() {
        assert!(rss(std::process::id()).is_some_and(|b| b > 0));
        assert!(cpu_time(std::process::id()).is_some());
        assert!(runqueue_wait(std::process::id()).is_some());
        assert!(runqueue_wait(u32::MAX).is_none());
    }
}
