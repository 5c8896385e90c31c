//! The core's shell: one task that owns the [`Core`], feeds it inputs stamped with tokio's
//! clock (paused in tests), fires its timers, carries out its media orders on this node's
//! media stack, and hands its outputs to an [`Outlet`] (the in-process edge, or Redis).
//!
//! Nothing else touches the core's state, so there is no lock: a step never waits for another
//! task, and a connection never waits for a step.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio::time::{sleep_until, Instant};

use crate::port::{CoreInput, CoreOutput};
use crate::sim::media_legs::{MediaLegError, MediaOrder, PendingSipLink};
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
}

/// Runs the core until `shutdown` flips or its inbox closes.
pub(crate) async fn run(
    mut core: Core,
    mut inbox: mpsc::Receiver<CoreInput>,
    outlet: Arc<dyn Outlet>,
    media: Arc<dyn MediaLegs>,
    meter: Arc<CoreMeter>,
    mut shutdown: watch::Receiver<bool>,
) {
    let (opened_tx, mut opened) =
        mpsc::unbounded_channel::<(PendingSipLink, Result<Option<String>, MediaLegError>)>();
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
        tokio::select! {
            _ = shutdown.changed() => return,
            input = inbox.recv() => {
                let Some(input) = input else { return };
                started = std::time::Instant::now();
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
                core.handle_media_opened(Instant::now(), pending, outcome);
            }
            leg = recv_ended(&mut ended) => {
                started = std::time::Instant::now();
                match leg {
                    Some((leg, reason)) => core.handle_media_ended(Instant::now(), &leg, &reason),
                    None => ended = None,
                }
            }
            () = timer => {
                started = std::time::Instant::now();
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
                MediaOrder::Open(pending) => {
                    let media = Arc::clone(&media);
                    let done = opened_tx.clone();
                    tokio::spawn(async move {
                        let leg = crate::sim::SoftphoneLeg {
                            tenant_id: pending.agent.tenant_id.clone(),
                            agent_no: pending.agent.agent_no.clone(),
                        };
                        let outcome = media.open(&leg, &pending.offer).await;
                        let _ = done.send((pending, outcome));
                    });
                }
            }
        }
        let outputs: Vec<CoreOutput> = std::iter::from_fn(|| core.poll_output()).collect();
        if !outputs.is_empty() {
            outlet.deliver(outputs).await;
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
