//! A native stand-in for the browser's softphone, for tests without a browser: a second str0m
//! `Rtc` on its own 127.0.0.1 socket that offers one sendrecv Opus audio m-line, like a
//! browser with a microphone, sends numbered Opus packets every 20 ms when told to, and counts
//! what the customer sends back.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use agentdesk_gateway::media::{MediaConfig, MediaServer, PeerOffer};
//! let server = MediaServer::new(MediaConfig::default());
//! let offer = PeerOffer::new()?;
//! let leg = server.open_leg(offer.sdp())?;
//! let peer = offer.connect(leg.answer_sdp())?;
//! peer.set_sending(true);
//! # Ok(()) }
//! ```

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpPendingOffer};
use str0m::format::Codec;
use str0m::media::{Direction, Frequency, MediaData, MediaKind, MediaTime, Mid};
use str0m::{Candidate, Event, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use super::driver::{drive, Endpoint};
use super::leg::EndReason;
use super::opus::{FRAME_MS, SAMPLES_PER_FRAME, SILENCE};

/// The start of every packet the peer sends: TOC `0x48` (configuration 9, SILK wideband 20 ms,
/// mono, one frame; RFC 6716 §3.1) and a tag, so an echo is told apart from silence.
const AGENT_PACKET_PREFIX: [u8; 5] = [0x48, b'A', b'G', b'N', b'T'];

/// The peer gives up connecting after this.
const PEER_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the stand-in peer could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// No UDP socket on 127.0.0.1.
    #[error("cannot bind a UDP socket: {0}")]
    Bind(#[from] std::io::Error),
    /// The answer does not parse.
    #[error("bad SDP answer: {0}")]
    Sdp(#[from] str0m::error::SdpError),
    /// str0m refused the offer or the answer.
    #[error("str0m: {0}")]
    Rtc(#[from] str0m::RtcError),
    /// The candidate or the offer could not be made.
    #[error("{0}")]
    Setup(String),
}

/// What the peer counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeerStats {
    /// DTLS-SRTP is up.
    pub connected: bool,
    /// Opus packets the peer wrote.
    pub packets_sent: u64,
    /// Opus packets received from the gateway.
    pub packets_received: u64,
    /// Of those, the peer's own packets echoed back.
    pub echoes_received: u64,
    /// Of those, the gateway's silent frame.
    pub silence_received: u64,
    /// Received packets that followed the previous one by exactly one sequence number and
    /// 960 timestamp units (20 ms at 48 kHz, RFC 7587 §4.1).
    pub in_step: u64,
    /// Received packets that followed the previous one otherwise (a gap, a jump).
    pub out_of_step: u64,
}

/// The peer's offer, before the answer.
#[derive(Debug)]
pub struct PeerOffer {
    rtc: Rtc,
    socket: UdpSocket,
    pending: SdpPendingOffer,
    mid: Mid,
    sdp: String,
}

impl PeerOffer {
    /// Binds 127.0.0.1:0 and makes a complete offer: one sendrecv audio m-line with Opus, the
    /// socket's host candidate included (what the SDK sends as `sipLink.params.sdp`).
    /// Needs a tokio runtime, like [`MediaServer::open_leg`](super::MediaServer::open_leg).
    pub fn new() -> Result<PeerOffer, PeerError> {
        let socket = std::net::UdpSocket::bind(("127.0.0.1", 0))?;
        socket.set_nonblocking(true)?;
        let _ = tokio::runtime::Handle::try_current()
            .map_err(|_| PeerError::Setup("no tokio runtime".to_owned()))?;
        let socket = UdpSocket::from_std(socket)?;
        let addr = socket.local_addr()?;
        let mut rtc = Rtc::builder()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .clear_codecs()
            .enable_opus(true, false)
            // Count each packet as it arrives, gaps included, as a browser's stats do.
            .set_reordering_size_audio(0)
            .build(Instant::now());
        let candidate =
            Candidate::host(addr, "udp").map_err(|e| PeerError::Setup(e.to_string()))?;
        rtc.add_local_candidate(candidate);
        let mut change = rtc.sdp_api();
        let mid = change.add_media(MediaKind::Audio, Direction::SendRecv, None, None, None);
        let (offer, pending) = change
            .apply()
            .ok_or_else(|| PeerError::Setup("str0m made no offer".to_owned()))?;
        Ok(PeerOffer {
            sdp: offer.to_sdp_string(),
            rtc,
            socket,
            pending,
            mid,
        })
    }

    /// The offer's SDP text.
    pub fn sdp(&self) -> &str {
        &self.sdp
    }

    /// Applies the gateway's answer and starts the peer's task (needs a tokio runtime).
    pub fn connect(self, answer_sdp: &str) -> Result<LoopbackPeer, PeerError> {
        let PeerOffer {
            mut rtc,
            socket,
            pending,
            mid,
            ..
        } = self;
        let answer = SdpAnswer::from_sdp_string(answer_sdp)?;
        rtc.sdp_api().accept_answer(pending, answer)?;
        let shared = Arc::new(PeerShared {
            sending: AtomicBool::new(false),
            next_packet: AtomicU32::new(0),
            stats: Mutex::new(PeerStats::default()),
            connected: watch::Sender::new(false),
            ended: watch::Sender::new(None),
        });
        let now = Instant::now();
        let mut endpoint = PeerEndpoint {
            shared: Arc::clone(&shared),
            mid,
            started: now,
            connect_deadline: now + PEER_CONNECT_TIMEOUT,
            connected: false,
            last: None,
        };
        let (stop, stopped) = oneshot::channel();
        let task_shared = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            let reason = drive(rtc, socket, &mut endpoint, stopped, None).await;
            task_shared.ended.send_replace(Some(reason));
        });
        Ok(LoopbackPeer {
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

#[derive(Debug)]
struct PeerShared {
    sending: AtomicBool,
    next_packet: AtomicU32,
    stats: Mutex<PeerStats>,
    connected: watch::Sender<bool>,
    ended: watch::Sender<Option<EndReason>>,
}

impl PeerShared {
    fn update(&self, change: impl FnOnce(&mut PeerStats)) {
        change(&mut self.stats.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

/// The running peer. Dropping it ends its task and frees its socket.
#[derive(Debug)]
pub struct LoopbackPeer {
    shared: Arc<PeerShared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl LoopbackPeer {
    /// Starts or stops the peer's own audio (a numbered Opus packet every 20 ms).
    pub fn set_sending(&self, on: bool) {
        self.shared.sending.store(on, Ordering::Relaxed);
    }

    /// What the peer counted so far.
    pub fn stats(&self) -> PeerStats {
        *self
            .shared
            .stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until DTLS-SRTP is up, at most `within`; `false` if it was not.
    pub async fn wait_connected(&self, within: Duration) -> bool {
        let mut connected = self.shared.connected.subscribe();
        let up = matches!(
            tokio::time::timeout(within, connected.wait_for(|c| *c)).await,
            Ok(Ok(_))
        );
        up
    }

    /// Why the peer's task ended, once it has.
    pub fn ended(&self) -> Option<EndReason> {
        self.shared.ended.borrow().clone()
    }

    /// Waits until the peer's task has ended, at most `within`, and says why.
    pub async fn wait_ended(&self, within: Duration) -> Option<EndReason> {
        let mut ended = self.shared.ended.subscribe();
        let reason = match tokio::time::timeout(within, ended.wait_for(Option::is_some)).await {
            Ok(Ok(reason)) => reason.clone(),
            _ => None,
        };
        reason
    }

    /// Ends the peer (DTLS close_notify to the gateway) and waits for its task.
    pub async fn close(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(1), task).await;
        }
    }
}

impl LoopbackPeer {
    /// Ends the peer without a goodbye, as a crashed browser or a cut network would: the task
    /// is aborted, no close_notify is sent, the gateway just stops hearing from it.
    pub async fn vanish(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for LoopbackPeer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[derive(Debug)]
struct PeerEndpoint {
    shared: Arc<PeerShared>,
    mid: Mid,
    started: Instant,
    connect_deadline: Instant,
    connected: bool,
    /// Sequence number and RTP timestamp of the last packet received.
    last: Option<(u64, u64)>,
}

impl PeerEndpoint {
    fn take_customer_audio(&mut self, data: &MediaData) {
        let seq = **data.seq_range.start();
        let ts = data.time.numer();
        let step = self.last.map(|(last_seq, last_ts)| {
            seq == last_seq.wrapping_add(1) && ts == last_ts.wrapping_add(SAMPLES_PER_FRAME)
        });
        self.last = Some((seq, ts));
        let payload: &[u8] = &data.data;
        self.shared.update(|s| {
            s.packets_received += 1;
            if payload.starts_with(&AGENT_PACKET_PREFIX) {
                s.echoes_received += 1;
            } else if payload == SILENCE {
                s.silence_received += 1;
            }
            match step {
                Some(true) => s.in_step += 1,
                Some(false) => s.out_of_step += 1,
                None => {}
            }
        });
    }
}

impl Endpoint for PeerEndpoint {
    fn handle_event(&mut self, _rtc: &mut Rtc, event: Event) {
        match event {
            Event::Connected => {
                self.connected = true;
                self.shared.update(|s| s.connected = true);
                self.shared.connected.send_replace(true);
            }
            Event::MediaData(data) if data.mid == self.mid => self.take_customer_audio(&data),
            _ => {}
        }
    }

    fn admit(&mut self, _datagram: &[u8]) -> bool {
        true
    }

    fn handle_tick(&mut self, rtc: &mut Rtc, at: Instant) {
        if !self.connected || !self.shared.sending.load(Ordering::Relaxed) {
            return;
        }
        let frame = u64::try_from(at.saturating_duration_since(self.started).as_millis())
            .unwrap_or(u64::MAX)
            / FRAME_MS;
        let n = self.shared.next_packet.fetch_add(1, Ordering::Relaxed);
        let mut packet = AGENT_PACKET_PREFIX.to_vec();
        packet.extend_from_slice(&n.to_be_bytes());
        let Some(writer) = rtc.writer(self.mid) else {
            return;
        };
        let Some(pt) = writer
            .payload_params()
            .find(|p| p.spec().codec == Codec::Opus)
            .map(|p| p.pt())
        else {
            return;
        };
        let rtp_time = MediaTime::new(
            frame.wrapping_mul(SAMPLES_PER_FRAME),
            Frequency::FORTY_EIGHT_KHZ,
        );
        if writer.write(pt, Instant::now(), rtp_time, packet).is_ok() {
            self.shared.update(|s| s.packets_sent += 1);
        }
    }

    fn poll_end(&mut self, now: Instant) -> Option<EndReason> {
        (!self.connected && now >= self.connect_deadline)
            .then_some(EndReason::ConnectTimeout(PEER_CONNECT_TIMEOUT))
    }

    fn next_deadline(&self) -> Option<Instant> {
        (!self.connected).then_some(self.connect_deadline)
    }
}
