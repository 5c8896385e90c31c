//! The core's shell: one task that owns the [`Core`], feeds it inputs stamped with tokio's
//! clock (paused in tests), fires its timers, carries out its media orders on this node's
//! media stack, and hands its outputs to an [`Outlet`] (the in-process edge, or Redis).
//!
//! Nothing else touches the core's state, so there is no lock: a step never waits for another
//! task, and a connection never waits for a step.
//!
//! On a multi-threaded runtime the core runs on a thread of its own ([`spawn`]): a long turn
//! (hundreds of re-registrations falling due together, a burst of commands, or a turn the OS
//! preempted) then holds none of the workers the connections' reads, pongs and writes share.
//! docs/BENCHMARKS.md ("Where the embedded gateway's tail came from") has what was measured.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch};
use tokio::time::{sleep_until, Instant};

use crate::port::{CoreInput, CoreOutput};
use crate::sim::media_legs::{
    MediaLegError, MediaOrder, PendingRelink, PendingSipLink, RelinkError,
};
use crate::sim::MediaLegs;

use super::Core;

/// Inputs the core takes from its inbox before it delivers what they caused: a burst costs
/// one delivery, and a flood cannot starve the timers.
const INPUTS_PER_TURN: usize = 256;

/// Where the core's outputs go.
pub(crate) trait Outlet: Send + Sync + 'static {
    /// Delivers one turn's outputs, in order.
    fn deliver<'a>(
        &'a self,
        outputs: Vec<CoreOutput>,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>>;
}

/// What the core has done, for the benchmark (`/control/stats`).
#[derive(Debug, Default)]
pub(crate) struct CoreMeter {
    /// Steps run.
    pub(crate) steps: AtomicU64,
    /// Time spent inside the core's state machine, ns.
    pub(crate) busy_ns: AtomicU64,
    /// Live sessions.
    pub(crate) sessions: AtomicU64,
    /// The longest turn (inputs or timers, then the delivery of what they caused) since the
    /// last [`CoreMeter::take_max_turn_us`], µs: a long one delays every session at once.
    max_turn_us: AtomicU64,
}

impl CoreMeter {
    /// The longest turn since the previous call, µs (the benchmark reads it once per phase).
    pub(crate) fn take_max_turn_us(&self) -> u64 {
        self.max_turn_us.swap(0, Ordering::Relaxed)
    }
}

/// A turn longer than this is logged at debug (the command → event target is 50 ms).
const SLOW_TURN: std::time::Duration = std::time::Duration::from_millis(20);

/// Starts the core until `shutdown` flips or its inbox closes: on its own thread (with a
/// current-thread runtime for its timers) when `own_thread`, so that no turn of the core, however
/// long, holds the thread the connections run on; otherwise as a task on the caller's runtime
/// (the tests, whose paused clock lives on that runtime). Media legs open on the caller's runtime
/// either way.
pub(crate) fn spawn(
    core: Core,
    inbox: mpsc::Receiver<CoreInput>,
    outlet: Arc<dyn Outlet>,
    media: Arc<dyn MediaLegs>,
    meter: Arc<CoreMeter>,
    shutdown: watch::Receiver<bool>,
    own_thread: bool,
) -> std::io::Result<()> {
    let tasks = Handle::current();
    if !own_thread {
        tokio::spawn(run(core, inbox, outlet, media, meter, shutdown, tasks));
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("agentdesk-core".into())
        .spawn(move || runtime.block_on(run(core, inbox, outlet, media, meter, shutdown, tasks)))?;
    Ok(())
}

/// Runs the core until `shutdown` flips or its inbox closes; media legs open on `tasks`.
pub(crate) async fn run(
    mut core: Core,
    mut inbox: mpsc::Receiver<CoreInput>,
    outlet: Arc<dyn Outlet>,
    media: Arc<dyn MediaLegs>,
    meter: Arc<CoreMeter>,
    mut shutdown: watch::Receiver<bool>,
    tasks: Handle,
) {
    let (opened_tx, mut opened) =
        mpsc::unbounded_channel::<(PendingSipLink, Result<Option<String>, MediaLegError>)>();
    let (echoed_tx, mut echoed) = mpsc::unbounded_channel::<(
        PendingSipLink,
        std::time::Duration,
        Result<Option<String>, MediaLegError>,
    )>();
    let (relinked_tx, mut relinked) =
        mpsc::unbounded_channel::<(PendingRelink, Result<String, RelinkError>)>();
    let mut ended = media.take_ended();
    loop {
        let deadline = core.poll_timeout();
        let timer = async {
            match deadline {
                Some(at) => sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let started;
        let kind;
        tokio::select! {
            _ = shutdown.changed() => return,
            input = inbox.recv() => {
                let Some(input) = input else { return };
                started = std::time::Instant::now();
                kind = "inputs";
                core.handle_input(Instant::now(), input);
                for _ in 1..INPUTS_PER_TURN {
                    match inbox.try_recv() {
                        Ok(input) => core.handle_input(Instant::now(), input),
                        Err(_) => break,
                    }
                }
            }
            Some((pending, outcome)) = opened.recv() => {
                started = std::time::Instant::now();
                kind = "media";
                core.handle_media_opened(Instant::now(), pending, outcome);
            }
            Some((pending, duration, outcome)) = echoed.recv() => {
                started = std::time::Instant::now();
                kind = "media";
                core.handle_echo_opened(Instant::now(), pending, duration, outcome);
            }
            Some((pending, outcome)) = relinked.recv() => {
                started = std::time::Instant::now();
                kind = "media";
                core.handle_media_relinked(Instant::now(), pending, outcome);
            }
            leg = recv_ended(&mut ended) => {
                started = std::time::Instant::now();
                kind = "media";
                match leg {
                    Some((leg, reason)) => core.handle_media_ended(Instant::now(), &leg, &reason),
                    None => ended = None,
                }
            }
            () = timer => {
                started = std::time::Instant::now();
                kind = "timers";
                core.handle_timeout(Instant::now());
            }
        }
        let busy = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        meter.busy_ns.fetch_add(busy, Ordering::Relaxed);
        meter.steps.store(core.steps(), Ordering::Relaxed);
        meter.sessions.store(
            u64::try_from(core.sessions()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        while let Some(order) = core.poll_media() {
            match order {
                MediaOrder::Close(leg) => media.close(&leg),
                MediaOrder::Candidate(leg, candidate) => {
                    if let Err(e) = media.add_candidate(&leg, &candidate) {
                        tracing::debug!(agent_no = leg.agent_no, "ICE candidate not taken: {e}");
                    }
                }
                MediaOrder::Echo(pending, duration) => {
                    let media = Arc::clone(&media);
                    let done = echoed_tx.clone();
                    tasks.spawn(async move {
                        let leg = pending.leg();
                        let outcome = media.open_echo(&leg, &pending.offer, duration).await;
                        let _ = done.send((pending, duration, outcome));
                    });
                }
                MediaOrder::Relink(pending) => {
                    let media = Arc::clone(&media);
                    let done = relinked_tx.clone();
                    tasks.spawn(async move {
                        let leg = crate::sim::SoftphoneLeg::of(&pending.ctx.key);
                        let outcome = media.relink(&leg, &pending.offer).await;
                        let _ = done.send((pending, outcome));
                    });
                }
                MediaOrder::Open(pending) => {
                    let media = Arc::clone(&media);
                    let done = opened_tx.clone();
                    tasks.spawn(async move {
                        let leg = pending.leg();
                        let outcome = media.open(&leg, &pending.offer).await;
                        let _ = done.send((pending, outcome));
                    });
                }
            }
        }
        let outputs: Vec<CoreOutput> = std::iter::from_fn(|| core.poll_output()).collect();
        let n_outputs = outputs.len();
        if !outputs.is_empty() {
            outlet.deliver(outputs).await;
        }
        let turn = started.elapsed();
        let turn_us = u64::try_from(turn.as_micros()).unwrap_or(u64::MAX);
        meter.max_turn_us.fetch_max(turn_us, Ordering::Relaxed);
        if turn > SLOW_TURN {
            tracing::debug!(
                kind,
                busy_us = busy / 1000,
                turn_us,
                n_outputs,
                "slow core turn"
            );
        }
        // Let the connections write what was just delivered before the next turn.
        tokio::task::yield_now().await;
    }
}

/// The next leg that ended by itself, or never when the media has no such reports.
async fn recv_ended(
    ended: &mut Option<mpsc::Receiver<(crate::sim::SoftphoneLeg, String)>>,
) -> Option<(crate::sim::SoftphoneLeg, String)> {
    match ended {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}
