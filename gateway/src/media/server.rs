//! The media server: opens legs from SDP offers and keeps the list of live ones for the
//! all-legs knobs and the stats.

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use str0m::change::SdpOffer;
use str0m::config::CryptoProvider;
use str0m::format::Codec;
use str0m::media::{MediaKind, Mid, Pt};
use str0m::{Candidate, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};

use super::customer::{Customer, CustomerSetup};
use super::driver::drive;
use super::faults::Faults;
use super::leg::{LegId, LegShared, LegState, LegStats, MediaLeg};
use super::{MediaConfig, MediaError, MAX_OFFER_BYTES};

/// Orders (remote candidates, re-offers) a leg holds before its task takes them: a browser
/// trickles a handful.
const MAX_TRICKLED: usize = 32;

/// A leg as the server lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct LegInfo {
    /// The leg.
    pub id: LegId,
    /// Its UDP socket's address.
    pub local_addr: SocketAddr,
    /// Where it is in its life.
    pub state: LegState,
    /// Its packet counts.
    pub stats: LegStats,
    /// Its fault knobs.
    pub faults: Faults,
}

/// The live legs, and the knobs new legs start with.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    legs: Mutex<HashMap<LegId, Arc<LegShared>>>,
    defaults: Mutex<Faults>,
}

impl Registry {
    fn legs(&self) -> std::sync::MutexGuard<'_, HashMap<LegId, Arc<LegShared>>> {
        self.legs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn defaults(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.defaults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn remove(&self, id: LegId) {
        self.legs().remove(&id);
    }
}

/// Terminates the softphone's WebRTC legs, one str0m `Rtc`, one tokio task and one UDP socket on
/// 127.0.0.1 per leg, and plays the customer on each. Cheap to clone: clones share the legs.
#[derive(Clone)]
pub struct MediaServer {
    config: MediaConfig,
    crypto: Arc<CryptoProvider>,
    registry: Arc<Registry>,
    next_id: Arc<AtomicU64>,
}

impl fmt::Debug for MediaServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaServer")
            .field("config", &self.config)
            .field("legs", &self.leg_count())
            .finish_non_exhaustive()
    }
}

impl MediaServer {
    /// A server with no legs. The crypto is str0m's pure-Rust backend (RustCrypto, dimpl DTLS).
    pub fn new(config: MediaConfig) -> Self {
        MediaServer {
            config,
            crypto: Arc::new(str0m::crypto::from_feature_flags()),
            registry: Arc::new(Registry {
                legs: Mutex::new(HashMap::new()),
                defaults: Mutex::new(Faults::CLEAR),
            }),
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }

    /// The configuration the server was made with.
    pub fn config(&self) -> &MediaConfig {
        &self.config
    }

    /// Answers a complete (non-trickle) SDP offer with a complete answer, its host candidate on
    /// a fresh 127.0.0.1 UDP socket included, and starts the leg's task (docs/protocol.md §10).
    ///
    /// The offer needs an audio m-line that can receive Opus; anything else it offers (video, a
    /// data channel) is declined in the answer. Does not block: binding a UDP socket is
    /// immediate, the handshake happens on the leg's task, which is spawned on the current tokio
    /// runtime (outside one, [`MediaError::NoRuntime`]).
    pub fn open_leg(&self, offer_sdp: &str) -> Result<MediaLeg, MediaError> {
        self.open(offer_sdp, false)
    }

    /// Opens a leg as [`MediaServer::open_leg`] does, whose far end is a pure echo: it sends
    /// back the agent's own packets and nothing else (no silence in the gaps), for the SDK's
    /// preflight (`echoTest`, docs/protocol.md §10).
    pub fn open_echo_leg(&self, offer_sdp: &str) -> Result<MediaLeg, MediaError> {
        self.open(offer_sdp, true)
    }

    fn open(&self, offer_sdp: &str, echo_only: bool) -> Result<MediaLeg, MediaError> {
        if offer_sdp.len() > MAX_OFFER_BYTES {
            return Err(MediaError::OfferTooLarge {
                len: offer_sdp.len(),
                max: MAX_OFFER_BYTES,
            });
        }
        let offer = SdpOffer::from_sdp_string(offer_sdp)?;
        self.check_room()?;
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| MediaError::NoRuntime)?;

        let socket = {
            let _entered = runtime.enter();
            let socket = std::net::UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|s| s.set_nonblocking(true).map(|()| s))
                .map_err(MediaError::Bind)?;
            UdpSocket::from_std(socket).map_err(MediaError::Bind)?
        };
        let local_addr = socket.local_addr().map_err(MediaError::Bind)?;
        let now = Instant::now();
        let mut rtc = Rtc::builder()
            .set_crypto_provider(Arc::clone(&self.crypto))
            .clear_codecs()
            .enable_opus(true, false)
            // Hand the agent's packets on as they come: the echo is no jitter buffer, and
            // holding 15 packets (str0m's default) behind a lost one would delay it 300 ms.
            .set_reordering_size_audio(0)
            .set_stats_interval(Some(self.config.stats_interval))
            .build(now);
        let candidate =
            Candidate::host(local_addr, "udp").map_err(|e| MediaError::Candidate(e.to_string()))?;
        if rtc.add_local_candidate(candidate).is_none() {
            return Err(MediaError::Candidate(format!(
                "str0m refused the host candidate {local_addr}"
            )));
        }
        let answer = rtc.sdp_api().accept_offer(offer)?.to_sdp_string();
        let (mid, pt) = answered_audio(&mut rtc, &answer)?;

        let id = LegId(self.next_id.fetch_add(1, Ordering::Relaxed));
        let shared = {
            let mut legs = self.registry.legs();
            if legs.len() >= self.config.max_legs {
                return Err(MediaError::TooManyLegs {
                    max: self.config.max_legs,
                });
            }
            let shared = Arc::new(LegShared::new(id, local_addr, *self.registry.defaults()));
            legs.insert(id, Arc::clone(&shared));
            shared
        };
        let mut customer = Customer::new(
            Arc::clone(&shared),
            CustomerSetup {
                mid,
                pt,
                // A pure echo with no depth would send nothing at all.
                echo_depth: if echo_only {
                    self.config.echo_depth.max(1)
                } else {
                    self.config.echo_depth
                },
                echo_only,
                connect_timeout: self.config.connect_timeout,
                disconnect_grace: self.config.disconnect_grace,
                idle_timeout: self.config.idle_timeout,
            },
            now,
        );
        let (stop, stopped) = oneshot::channel();
        let (orders, trickled) = mpsc::channel(MAX_TRICKLED);
        let registry = Arc::downgrade(&self.registry);
        let task_shared = Arc::clone(&shared);
        let task = runtime.spawn(async move {
            let reason = drive(rtc, socket, &mut customer, stopped, Some(trickled)).await;
            tracing::debug!(leg = %task_shared.id, "media leg ended: {reason}");
            task_shared.set_state(LegState::Ended(reason));
            if let Some(registry) = registry.upgrade() {
                registry.remove(task_shared.id);
            }
        });
        tracing::debug!(leg = %id, %local_addr, "media leg opened");
        Ok(MediaLeg::new(
            answer,
            shared,
            Arc::downgrade(&self.registry),
            (stop, orders),
            task,
        ))
    }

    /// Sets the knobs of one leg; `false` when no such leg is live.
    pub fn set_faults(&self, leg: LegId, faults: Faults) -> bool {
        match self.registry.legs().get(&leg) {
            Some(shared) => {
                shared.knobs.apply(faults);
                true
            }
            None => false,
        }
    }

    /// Sets the knobs of every live leg, and of every leg opened from now on
    /// ([`Faults::CLEAR`] undoes it all).
    pub fn set_faults_all(&self, faults: Faults) {
        {
            let mut defaults = self.registry.defaults();
            *defaults = defaults.then(faults);
        }
        for shared in self.registry.legs().values() {
            shared.knobs.apply(faults);
        }
    }

    /// The live legs, by id.
    pub fn legs(&self) -> Vec<LegInfo> {
        let mut legs: Vec<LegInfo> = self
            .registry
            .legs()
            .values()
            .map(|shared| LegInfo {
                id: shared.id,
                local_addr: shared.local_addr,
                state: shared.state(),
                stats: shared.stats(),
                faults: shared.knobs.current(),
            })
            .collect();
        legs.sort_by_key(|leg| leg.id);
        legs
    }

    /// How many legs are live.
    pub fn leg_count(&self) -> usize {
        self.registry.legs().len()
    }

    fn check_room(&self) -> Result<(), MediaError> {
        if self.leg_count() >= self.config.max_legs {
            return Err(MediaError::TooManyLegs {
                max: self.config.max_legs,
            });
        }
        Ok(())
    }
}

/// After `accept_offer`: the audio m-line the customer can send Opus on.
///
/// str0m announces media (`Event::MediaAdded`) only once DTLS is up, so the mids come from the
/// answer's own `a=mid:` lines (RFC 8843 §9.1), and str0m's model says what each one is.
fn answered_audio(rtc: &mut Rtc, answer_sdp: &str) -> Result<(Mid, Pt), MediaError> {
    let mids = answer_sdp
        .lines()
        .filter_map(|line| line.trim_end().strip_prefix("a=mid:"))
        .map(Mid::from);
    for mid in mids {
        let sends_audio = rtc
            .media(mid)
            .is_some_and(|m| m.kind() == MediaKind::Audio && m.direction().is_sending());
        if !sends_audio {
            continue;
        }
        let opus = rtc.writer(mid).and_then(|w| {
            w.payload_params()
                .find(|p| p.spec().codec == Codec::Opus)
                .map(|p| p.pt())
        });
        if let Some(pt) = opus {
            return Ok((mid, pt));
        }
    }
    Err(MediaError::NoAudio)
}
