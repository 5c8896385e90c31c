//! The run loop that drives one str0m `Rtc` over one UDP socket on a tokio task.
//!
//! str0m is sans-IO: it never reads the socket or the clock. This loop follows its contract
//! (the crate docs, "Run loop"): after every mutation, drain `poll_output` until it returns a
//! timeout, sending each datagram and handing each event on; then wait for the first of that
//! timeout, a datagram, the 20 ms media tick or the order to stop, and feed it in as the next
//! single mutation.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use str0m::change::SdpOffer;
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};
use tokio::time::MissedTickBehavior;

use super::leg::EndReason;
use super::opus::FRAME_MS;
use super::MediaError;

/// Receive buffer: one datagram of the largest MTU str0m targets (1500 bytes) with room to
/// spare; a longer datagram is cut and then fails SRTP authentication (RFC 3711 §3.4).
const RECV_BUFFER: usize = 2048;

/// Socket errors in a row after which the leg gives up, so a broken socket cannot spin.
const MAX_SOCKET_ERRORS: u32 = 50;

/// Outputs drained after `Rtc::close` at most: the close output is a handful of datagrams
/// (RTCP BYE, DTLS close_notify), and the bound keeps a misbehaving engine from holding the task.
const MAX_CLOSE_OUTPUTS: usize = 64;

/// How long to wait when neither str0m nor the endpoint names a deadline.
const IDLE_WAKE: Duration = Duration::from_secs(1);

/// One side of a media leg: what it does with str0m's events, its datagrams and the media tick.
pub(crate) trait Endpoint {
    /// An event from the `Rtc`. Writing media from here is allowed: the drain goes on after.
    fn handle_event(&mut self, rtc: &mut Rtc, event: Event);

    /// Whether this datagram goes on the wire (the drop knob says no to some).
    fn admit(&mut self, datagram: &[u8]) -> bool;

    /// A datagram arrived from the network (before str0m has judged it).
    fn heard(&mut self, _now: Instant) {}

    /// The media tick, every 20 ms; `at` is when the tick was due, exactly on the 20 ms grid.
    fn handle_tick(&mut self, rtc: &mut Rtc, at: Instant);

    /// Whether the leg must end now, and why (timeouts of the endpoint's own).
    fn poll_end(&mut self, now: Instant) -> Option<EndReason>;

    /// When [`Endpoint::poll_end`] next wants to be asked.
    fn next_deadline(&self) -> Option<Instant>;
}

/// What the leg's owner asks of the running `Rtc`, between datagrams.
#[derive(Debug)]
pub(crate) enum LegOrder {
    /// A remote ICE candidate trickled after the offer (a Voki `ice_candidate`).
    Candidate(Candidate),
    /// A re-offer on the running leg (`sipRelink`, docs/protocol.md §10): str0m answers it on the
    /// same `Rtc`, so DTLS, SRTP and the customer's stream go on; new remote ICE credentials make
    /// it an ICE restart (RFC 8445 §9), which str0m meets with new local ones.
    Reoffer(SdpOffer, oneshot::Sender<Result<String, MediaError>>),
}

/// What woke the loop.
enum Wake {
    Stop,
    Datagram(io::Result<(usize, SocketAddr)>),
    Tick(Instant),
    Timeout,
    Order(LegOrder),
}

/// The owner's next order, or never for a leg that takes none.
async fn next_order(orders: &mut Option<mpsc::Receiver<LegOrder>>) -> LegOrder {
    match orders {
        Some(rx) => match rx.recv().await {
            Some(c) => c,
            None => {
                *orders = None;
                std::future::pending().await
            }
        },
        None => std::future::pending().await,
    }
}

/// Drives `rtc` until the endpoint or str0m ends the leg or `stop` fires (or its sender is
/// dropped), carrying out the orders that come on `orders`. The socket is dropped, and so freed,
/// when this returns.
pub(crate) async fn drive<E: Endpoint>(
    mut rtc: Rtc,
    socket: UdpSocket,
    endpoint: &mut E,
    mut stop: oneshot::Receiver<()>,
    mut orders: Option<mpsc::Receiver<LegOrder>>,
) -> EndReason {
    let local = match socket.local_addr() {
        Ok(addr) => addr,
        Err(e) => return EndReason::Socket(e.to_string()),
    };
    let mut buf = vec![0u8; RECV_BUFFER];
    let mut ticker = tokio::time::interval(Duration::from_millis(FRAME_MS));
    // A stalled task skips the frames it missed instead of bursting them: the RTP timestamps
    // follow the tick's due time, so the browser sees a gap, not a pile-up.
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut socket_errors = 0u32;
    loop {
        let deadline = match drain(&mut rtc, &socket, endpoint).await {
            Ok(deadline) => deadline,
            Err(reason) => return reason,
        };
        let now = Instant::now();
        if let Some(reason) = endpoint.poll_end(now) {
            close(&mut rtc, &socket, endpoint).await;
            return reason;
        }
        let wake_at = [Some(deadline), endpoint.next_deadline()]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(now + IDLE_WAKE)
            .max(now);
        let wake = tokio::select! {
            _ = &mut stop => Wake::Stop,
            received = socket.recv_from(&mut buf) => Wake::Datagram(received),
            at = ticker.tick() => Wake::Tick(at.into_std()),
            () = tokio::time::sleep_until(tokio::time::Instant::from_std(wake_at)) => Wake::Timeout,
            order = next_order(&mut orders) => Wake::Order(order),
        };
        let now = Instant::now();
        let fed = match wake {
            Wake::Stop => {
                close(&mut rtc, &socket, endpoint).await;
                return EndReason::Closed;
            }
            Wake::Datagram(Ok((len, source))) => {
                socket_errors = 0;
                endpoint.heard(now);
                let Some(bytes) = buf.get(..len) else {
                    continue;
                };
                // Bytes that are none of STUN, DTLS, RTP or RTCP (RFC 7983) are not an input.
                let Ok(contents) = bytes.try_into() else {
                    continue;
                };
                rtc.handle_input(Input::Receive(
                    now,
                    Receive {
                        proto: Protocol::Udp,
                        source,
                        destination: local,
                        contents,
                    },
                ))
            }
            Wake::Datagram(Err(e)) => {
                socket_errors += 1;
                tracing::debug!(%local, "media socket: {e}");
                if socket_errors >= MAX_SOCKET_ERRORS {
                    return EndReason::Socket(e.to_string());
                }
                continue;
            }
            Wake::Tick(at) => {
                endpoint.handle_tick(&mut rtc, at);
                Ok(())
            }
            Wake::Timeout => rtc.handle_input(Input::Timeout(now)),
            Wake::Order(LegOrder::Candidate(c)) => {
                rtc.add_remote_candidate(c);
                Ok(())
            }
            Wake::Order(LegOrder::Reoffer(offer, answer)) => {
                let answered = rtc
                    .sdp_api()
                    .accept_offer(offer)
                    .map(|a| a.to_sdp_string())
                    .map_err(MediaError::Refused);
                // Err: the asker gave up waiting; the restart stands either way.
                let _ = answer.send(answered);
                Ok(())
            }
        };
        if let Err(e) = fed {
            // str0m refuses input it cannot use (a bad SRTP tag, a DTLS alert): the peer
            // misbehaved or the leg is broken; either way it is over.
            tracing::debug!(%local, "media leg ends: {e}");
            return EndReason::Transport(e.to_string());
        }
    }
}

/// Polls `rtc` until it names its next deadline, sending what it transmits.
async fn drain<E: Endpoint>(
    rtc: &mut Rtc,
    socket: &UdpSocket,
    endpoint: &mut E,
) -> Result<Instant, EndReason> {
    loop {
        if !rtc.is_alive() {
            return Err(EndReason::PeerClosed);
        }
        match rtc.poll_output() {
            Ok(Output::Timeout(at)) => return Ok(at),
            Ok(Output::Transmit(t)) => {
                if endpoint.admit(&t.contents) {
                    send(socket, &t.contents, t.destination).await;
                }
            }
            Ok(Output::Event(event)) => endpoint.handle_event(rtc, event),
            Err(e) => return Err(EndReason::Transport(e.to_string())),
        }
    }
}

/// Starts str0m's shutdown (RTCP BYE, DTLS close_notify) and sends what it produces, bounded.
async fn close<E: Endpoint>(rtc: &mut Rtc, socket: &UdpSocket, endpoint: &mut E) {
    if rtc.close().is_err() {
        return;
    }
    for _ in 0..MAX_CLOSE_OUTPUTS {
        if !rtc.is_alive() {
            return;
        }
        match rtc.poll_output() {
            Ok(Output::Transmit(t)) => {
                if endpoint.admit(&t.contents) {
                    send(socket, &t.contents, t.destination).await;
                }
            }
            Ok(Output::Event(_)) => {}
            Ok(Output::Timeout(_)) | Err(_) => return,
        }
    }
}

/// UDP is lossy anyway: a failed send is logged and forgotten, ICE and RTCP recover.
async fn send(socket: &UdpSocket, datagram: &[u8], to: SocketAddr) {
    if let Err(e) = socket.send_to(datagram, to).await {
        tracing::debug!(%to, "media send: {e}");
    }
}
