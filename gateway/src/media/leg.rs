//! One media leg as its owner sees it: the SDP answer, the state, the stats, the knobs, and the
//! handle whose `close` (or `Drop`) ends the leg's task and frees its socket.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use str0m::change::SdpOffer;
use str0m::Candidate;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::driver::LegOrder;
use super::faults::{Faults, Knobs};
use super::server::Registry;
use super::{MediaError, MAX_OFFER_BYTES};

/// How long [`MediaLeg::close`] waits for the task to send its goodbyes and end before it aborts
/// it. The close output is a few datagrams on loopback, so this is generous.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Identifies a leg within its [`MediaServer`](super::MediaServer), for the all-legs knobs and
/// for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LegId(pub(crate) u64);

impl fmt::Display for LegId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "leg-{}", self.0)
    }
}

/// Where a leg is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegState {
    /// Answered; ICE and DTLS are not through yet.
    Connecting,
    /// DTLS-SRTP is up: media flows.
    Connected,
    /// Over, for good: the task has ended (or is ending) and the socket is freed with it.
    Ended(EndReason),
}

/// Why a leg ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndReason {
    /// Its owner closed it ([`MediaLeg::close`] or drop).
    #[error("closed by the gateway")]
    Closed,
    /// The peer closed it (DTLS close_notify) or str0m shut it down.
    #[error("closed by the peer")]
    PeerClosed,
    /// ICE and DTLS were not through within the connect timeout.
    #[error("not connected within {0:?}")]
    ConnectTimeout(Duration),
    /// ICE lost the peer (no answers to consent checks) for longer than the grace period.
    #[error("media lost for {0:?}")]
    MediaLost(Duration),
    /// str0m refused the peer's input or failed; the text is str0m's.
    #[error("transport failed: {0}")]
    Transport(String),
    /// The UDP socket kept failing.
    #[error("socket failed: {0}")]
    Socket(String),
}

/// Packet counts from the gateway's side of one leg.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LegStats {
    /// Opus packets put on the wire towards the browser (one 20 ms frame each).
    pub packets_sent: u64,
    /// Opus packets the drop knob kept off the wire.
    pub packets_dropped: u64,
    /// Opus packets received from the browser: the agent's microphone.
    pub packets_received: u64,
    /// Frames written that echoed the agent's audio.
    pub frames_echoed: u64,
    /// Frames written as silence because no agent audio was waiting.
    pub frames_silence: u64,
    /// Round-trip time from the browser's last RTCP receiver report (RFC 3550 §6.4.1).
    pub rtt: Option<Duration>,
    /// Packets lost towards the browser, cumulative, from its receiver reports (RFC 3550 §6.4.1).
    pub remote_packets_lost: Option<u64>,
}

/// Follows one leg's state; see [`MediaLeg::watch`].
#[derive(Debug, Clone)]
pub struct LegWatch {
    state: watch::Receiver<LegState>,
}

impl LegWatch {
    /// Where the leg is in its life.
    pub fn state(&self) -> LegState {
        self.state.borrow().clone()
    }

    /// Waits until the leg has ended and says why ([`EndReason::Closed`] when its owner closed
    /// it, which is not news to the owner).
    pub async fn ended(&mut self) -> EndReason {
        let ended = match self
            .state
            .wait_for(|s| matches!(s, LegState::Ended(_)))
            .await
        {
            Ok(state) => match &*state {
                LegState::Ended(reason) => reason.clone(),
                _ => EndReason::Closed,
            },
            // The handle and the task are both gone: the leg was closed.
            Err(_) => EndReason::Closed,
        };
        ended
    }
}

/// What the handle and the task share.
#[derive(Debug)]
pub(crate) struct LegShared {
    pub(crate) id: LegId,
    pub(crate) local_addr: SocketAddr,
    pub(crate) knobs: Knobs,
    stats: Mutex<LegStats>,
    state: watch::Sender<LegState>,
    /// A re-offer (`sipRelink`) is being answered: a second one is refused until it is.
    relinking: AtomicBool,
}

impl LegShared {
    pub(crate) fn new(id: LegId, local_addr: SocketAddr, faults: Faults) -> Self {
        LegShared {
            id,
            local_addr,
            knobs: Knobs::new(faults),
            stats: Mutex::new(LegStats::default()),
            state: watch::Sender::new(LegState::Connecting),
            relinking: AtomicBool::new(false),
        }
    }

    /// Changes the stats under the lock; never held across an await.
    pub(crate) fn update_stats(&self, change: impl FnOnce(&mut LegStats)) {
        change(&mut self.stats.lock().unwrap_or_else(PoisonError::into_inner));
    }

    pub(crate) fn stats(&self) -> LegStats {
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set_state(&self, state: LegState) {
        self.state.send_replace(state);
    }

    pub(crate) fn state(&self) -> LegState {
        self.state.borrow().clone()
    }
}

/// One open media leg: the browser's softphone on one side, the simulated customer on the other.
///
/// Dropping the handle ends the leg as [`MediaLeg::close`] does, without waiting: no task or
/// socket outlives its leg.
#[derive(Debug)]
pub struct MediaLeg {
    answer: String,
    shared: Arc<LegShared>,
    registry: Weak<Registry>,
    stop: Option<oneshot::Sender<()>>,
    orders: mpsc::Sender<LegOrder>,
    task: Option<JoinHandle<()>>,
}

/// Clears a leg's `relinking` flag when the re-offer is answered or its asker gives up.
struct Relinking(Arc<LegShared>);

impl Drop for Relinking {
    fn drop(&mut self) {
        self.0.relinking.store(false, Ordering::Release);
    }
}

impl MediaLeg {
    pub(crate) fn new(
        answer: String,
        shared: Arc<LegShared>,
        registry: Weak<Registry>,
        (stop, orders): (oneshot::Sender<()>, mpsc::Sender<LegOrder>),
        task: JoinHandle<()>,
    ) -> Self {
        MediaLeg {
            answer,
            shared,
            registry,
            stop: Some(stop),
            orders,
            task: Some(task),
        }
    }

    /// A remote ICE candidate the browser trickled after its offer (`candidate:` line, RFC
    /// 8839 §5.1). An empty line (end of gathering) is taken and changes nothing.
    pub fn add_remote_candidate(&self, line: &str) -> Result<(), MediaError> {
        let line = line.trim();
        let line = line.strip_prefix("a=").unwrap_or(line);
        if line.is_empty() {
            return Ok(());
        }
        let candidate =
            Candidate::from_sdp_string(line).map_err(|e| MediaError::Candidate(e.to_string()))?;
        self.orders
            .try_send(LegOrder::Candidate(candidate))
            .map_err(|_| MediaError::Candidate("the leg takes no more candidates".to_owned()))
    }

    /// `sipRelink`: answers a re-offer on this running leg (docs/protocol.md §10). With new ICE
    /// credentials it is an ICE restart: the browser's path died (a sleep, a network change) and
    /// it probes a new one, while DTLS, SRTP and the call go on. The offer is checked now; the
    /// answer comes from the leg's task. One at a time: a second re-offer before the first is
    /// answered is [`MediaError::RelinkInFlight`].
    pub fn relink(
        &self,
        offer_sdp: &str,
    ) -> Result<impl Future<Output = Result<String, MediaError>> + Send + 'static, MediaError> {
        if offer_sdp.len() > MAX_OFFER_BYTES {
            return Err(MediaError::OfferTooLarge {
                len: offer_sdp.len(),
                max: MAX_OFFER_BYTES,
            });
        }
        let offer = SdpOffer::from_sdp_string(offer_sdp)?;
        if matches!(self.state(), LegState::Ended(_)) {
            return Err(MediaError::LegEnded);
        }
        if self.shared.relinking.swap(true, Ordering::AcqRel) {
            return Err(MediaError::RelinkInFlight);
        }
        let guard = Relinking(Arc::clone(&self.shared));
        let (answer_tx, answer_rx) = oneshot::channel();
        let sent = self.orders.try_send(LegOrder::Reoffer(offer, answer_tx));
        Ok(async move {
            let _guard = guard;
            sent.map_err(|_| MediaError::LegEnded)?;
            // A dropped sender: the task ended before it got to the order.
            answer_rx.await.map_err(|_| MediaError::LegEnded)?
        })
    }

    /// The complete SDP answer, the gateway's host candidate included, for `sipLink`'s reply
    /// (docs/protocol.md §10).
    pub fn answer_sdp(&self) -> &str {
        &self.answer
    }

    /// This leg's id.
    pub fn id(&self) -> LegId {
        self.shared.id
    }

    /// The UDP address the leg's socket is bound to (127.0.0.1, an ephemeral port).
    pub fn local_addr(&self) -> SocketAddr {
        self.shared.local_addr
    }

    /// Where the leg is in its life.
    pub fn state(&self) -> LegState {
        self.shared.state()
    }

    /// Waits until the leg has ended and says why: for `sipDisconnected` when the media is lost.
    pub async fn ended(&self) -> EndReason {
        self.watch().ended().await
    }

    /// A follower of this leg's state that does not keep the leg alive: the simulator can wait
    /// on it in a task of its own and emit `sipDisconnected` when the leg ends by itself.
    pub fn watch(&self) -> LegWatch {
        LegWatch {
            state: self.shared.state.subscribe(),
        }
    }

    /// The gateway's packet counts for this leg.
    pub fn stats(&self) -> LegStats {
        self.shared.stats()
    }

    /// Sets this leg's fault knobs; fields left `None` keep their value.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.knobs.apply(faults);
    }

    /// This leg's fault knobs as they stand.
    pub fn faults(&self) -> Faults {
        self.shared.knobs.current()
    }

    /// Ends the leg: str0m sends RTCP BYE and DTLS close_notify, the task ends, the socket is
    /// freed. Waits for that at most a second, then aborts the task.
    pub async fn close(mut self) {
        self.signal_stop();
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(CLOSE_GRACE, &mut task).await.is_err() {
                task.abort();
                let _ = task.await;
            }
        }
        self.forget();
    }

    fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // Err: the task has already ended by itself.
            let _ = stop.send(());
        }
    }

    /// Takes the leg out of the server's list (the task does too when it ends; both may run).
    fn forget(&self) {
        if let Some(registry) = self.registry.upgrade() {
            registry.remove(self.shared.id);
        }
    }
}

impl Drop for MediaLeg {
    fn drop(&mut self) {
        // The task sees the stop (or the dropped sender), closes and returns, dropping the
        // socket; it is never left running without its handle.
        self.signal_stop();
        if self.task.is_some() {
            self.forget();
        }
    }
}
