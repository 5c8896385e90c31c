//! The runtime the gateway's connections run on.
//!
//! Idle, an edge does little but answer pings: 20,000 agents each ping every 5 s
//! (docs/protocol.md §6), ~4,000 a second spread evenly, each a wake-up of a thread out of
//! `epoll_wait`. With tokio's multi-thread scheduler on two workers, the worker woken for a ping
//! may also wake the other to share the work, and the two take turns at the I/O driver; on one
//! thread (the current-thread scheduler) a wake-up reads every ping that has arrived since the
//! last, and nothing else is woken. Measured on the idle benchmark (bench/gateway-findings.md):
//! ~10–15 % less CPU and a third fewer context switches, with the same command latency.
//!
//! So an edge runs its connections on one thread by default (`--edge-threads 1`). The core
//! has a thread of its own either way (center::driver), and a machine with more cores runs more
//! edge processes behind the load balancer (docs/deploy.md §2) rather than more threads in one.

use tokio::runtime::{Builder, Runtime};

/// How many threads serve the connections (`--edge-threads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeRuntime {
    /// 1 is tokio's current-thread scheduler; more is its multi-thread one with that many
    /// workers.
    pub threads: u16,
}

/// One thread: see the module's documentation.
pub const DEFAULT_EDGE_RUNTIME: EdgeRuntime = EdgeRuntime { threads: 1 };

impl EdgeRuntime {
    /// The runtime, with the I/O and time drivers on.
    pub fn build(&self) -> std::io::Result<Runtime> {
        if self.threads > 1 {
            Builder::new_multi_thread()
                .worker_threads(usize::from(self.threads))
                .enable_all()
                .build()
        } else {
            Builder::new_current_thread().enable_all().build()
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::runtime::RuntimeFlavor;

    use super::*;

    #[test]
    fn one_thread_is_the_current_thread_scheduler_and_more_the_multi_thread_one() {
        let flavor = |threads| {
            EdgeRuntime { threads }
                .build()
                .expect("runtime")
                .handle()
                .runtime_flavor()
        };
        assert_eq!(
            flavor(DEFAULT_EDGE_RUNTIME.threads),
            RuntimeFlavor::CurrentThread
        );
        assert_eq!(flavor(3), RuntimeFlavor::MultiThread);
    }
}
