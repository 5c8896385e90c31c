//! The simulated customer on a leg: echoes the agent's audio and fills the gaps with silence,
//! one Opus packet every 20 ms, under the fault knobs.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::media::{Frequency, MediaTime, Mid, Pt};
use str0m::{Event, IceConnectionState, Rtc};

use super::driver::Endpoint;
use super::faults::{is_srtp_media, DropShare};
use super::leg::{EndReason, LegShared, LegState};
use super::opus::{self, SAMPLES_PER_FRAME, SILENCE};

/// The customer's side of one leg.
#[derive(Debug)]
pub(crate) struct Customer {
    shared: Arc<LegShared>,
    /// The negotiated audio m-line and Opus payload type the customer sends on.
    mid: Mid,
    pt: Pt,
    /// The agent's packets waiting to be echoed, oldest first, at most `echo_depth`.
    echo: VecDeque<Arc<[u8]>>,
    echo_depth: usize,
    /// The preflight's echo leg (`echoTest`): only what the agent sent is sent back, never
    /// silence in the gaps, so a browser that hears nothing knows its audio did not arrive.
    echo_only: bool,
    drop_share: DropShare,
    /// The 20 ms grid the RTP timestamps follow: frame n is `ts_base + n × 960`.
    started: Instant,
    /// Random start of the RTP timestamp (RFC 3550 §5.1).
    ts_base: u64,
    /// The next frame is the first of a talkspurt: RTP marker bit (RFC 3551 §4.1).
    talkspurt: bool,
    connected: bool,
    connect_deadline: Instant,
    connect_timeout: Duration,
    disconnected_since: Option<Instant>,
    disconnect_grace: Duration,
    /// When the last datagram arrived from the peer.
    last_heard: Instant,
    idle_timeout: Duration,
}

/// What the customer needs to know about its leg.
#[derive(Debug)]
pub(crate) struct CustomerSetup {
    pub(crate) mid: Mid,
    pub(crate) pt: Pt,
    pub(crate) echo_depth: usize,
    pub(crate) echo_only: bool,
    pub(crate) connect_timeout: Duration,
    pub(crate) disconnect_grace: Duration,
    pub(crate) idle_timeout: Duration,
}

impl Customer {
    pub(crate) fn new(shared: Arc<LegShared>, setup: CustomerSetup, now: Instant) -> Self {
        Customer {
            shared,
            mid: setup.mid,
            pt: setup.pt,
            echo: VecDeque::with_capacity(setup.echo_depth),
            echo_depth: setup.echo_depth,
            echo_only: setup.echo_only,
            drop_share: DropShare::default(),
            started: now,
            ts_base: u64::from(rand::random::<u32>()),
            talkspurt: true,
            connected: false,
            connect_deadline: now + setup.connect_timeout,
            connect_timeout: setup.connect_timeout,
            disconnected_since: None,
            disconnect_grace: setup.disconnect_grace,
            last_heard: now,
            idle_timeout: setup.idle_timeout,
        }
    }

    fn take_agent_audio(&mut self, data: Arc<[u8]>) {
        self.shared.update_stats(|s| s.packets_received += 1);
        if self.echo_depth == 0 || !self.shared.knobs.is_sending() || !opus::is_echoable(&data) {
            return;
        }
        if self.echo.len() >= self.echo_depth {
            // The echo lags: drop the oldest rather than grow.
            self.echo.pop_front();
        }
        self.echo.push_back(data);
    }
}

impl Endpoint for Customer {
    fn handle_event(&mut self, _rtc: &mut Rtc, event: Event) {
        match event {
            Event::Connected => {
                self.connected = true;
                self.shared.set_state(LegState::Connected);
                tracing::debug!(leg = %self.shared.id, "media connected");
            }
            Event::IceConnectionStateChange(ice) => match ice {
                IceConnectionState::Disconnected => {
                    self.disconnected_since.get_or_insert_with(Instant::now);
                }
                IceConnectionState::Connected | IceConnectionState::Completed => {
                    self.disconnected_since = None;
                }
                _ => {}
            },
            Event::MediaData(data) if data.mid == self.mid => self.take_agent_audio(data.data),
            Event::MediaEgressStats(egress) if egress.mid == self.mid => {
                self.shared.update_stats(|s| {
                    s.rtt = egress.rtt.or(s.rtt);
                    if let Some(remote) = &egress.remote {
                        s.remote_packets_lost = Some(remote.packets_lost);
                    }
                });
            }
            _ => {}
        }
    }

    fn admit(&mut self, datagram: &[u8]) -> bool {
        if self.shared.knobs.is_blackholed() {
            return false;
        }
        if !is_srtp_media(datagram) {
            return true;
        }
        let dropped = self
            .drop_share
            .should_drop(self.shared.knobs.drop_percent());
        self.shared.update_stats(|s| {
            if dropped {
                s.packets_dropped += 1;
            } else {
                s.packets_sent += 1;
            }
        });
        !dropped
    }

    fn heard(&mut self, now: Instant) {
        self.last_heard = now;
    }

    fn handle_tick(&mut self, rtc: &mut Rtc, at: Instant) {
        if !self.connected {
            return;
        }
        if !self.shared.knobs.is_sending() {
            self.echo.clear();
            self.talkspurt = true;
            return;
        }
        // Ticks are due on an exact 20 ms grid; a skipped tick leaves a matching timestamp gap.
        let frame = u64::try_from(at.saturating_duration_since(self.started).as_millis())
            .unwrap_or(u64::MAX)
            / opus::FRAME_MS;
        let rtp_time = MediaTime::new(
            self.ts_base
                .wrapping_add(frame.wrapping_mul(SAMPLES_PER_FRAME)),
            Frequency::FORTY_EIGHT_KHZ,
        );
        let (payload, echoed): (Arc<[u8]>, bool) = match self.echo.pop_front() {
            Some(agent) => (agent, true),
            None if self.echo_only => {
                // Nothing came to send back: the next echoed frame starts a talkspurt.
                self.talkspurt = true;
                return;
            }
            None => (Arc::from(&SILENCE[..]), false),
        };
        let Some(writer) = rtc.writer(self.mid) else {
            return;
        };
        let writer = if self.talkspurt {
            writer.start_of_talkspurt(true)
        } else {
            writer
        };
        match writer.write(self.pt, Instant::now(), rtp_time, payload) {
            Ok(()) => {
                self.talkspurt = false;
                self.shared.update_stats(|s| {
                    if echoed {
                        s.frames_echoed += 1;
                    } else {
                        s.frames_silence += 1;
                    }
                });
            }
            Err(e) => tracing::debug!(leg = %self.shared.id, "media write: {e}"),
        }
    }

    fn poll_end(&mut self, now: Instant) -> Option<EndReason> {
        if !self.connected && now >= self.connect_deadline {
            return Some(EndReason::ConnectTimeout(self.connect_timeout));
        }
        if self.connected && now.saturating_duration_since(self.last_heard) >= self.idle_timeout {
            return Some(EndReason::MediaLost(self.idle_timeout));
        }
        match self.disconnected_since {
            Some(since) if now.saturating_duration_since(since) >= self.disconnect_grace => {
                Some(EndReason::MediaLost(self.disconnect_grace))
            }
            _ => None,
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        if !self.connected {
            return Some(self.connect_deadline);
        }
        let idle = self.last_heard + self.idle_timeout;
        Some(match self.disconnected_since {
            Some(since) => idle.min(since + self.disconnect_grace),
            None => idle,
        })
    }
}
