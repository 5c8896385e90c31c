//! The preflight: before going live, measure the path to the gateway and a real WebRTC leg
//! (issue 15 item 6; the Twilio Voice SDK's `PreflightTest` is the model, research §5.1).
//!
//! Sans-IO like the session engine, and independent of it (a preflight needs no `setup()` and
//! no login): the shell hands in the socket's and the leg's events stamped with `now`, and
//! carries out [`PreflightOutput`]s. Steps, each with a deadline so that nothing can hang:
//!
//! | step | what happens | deadline |
//! |---|---|---|
//! | `connect` | the socket opens, `auth` with the page's key | 10 s to open, 10 s for the reply |
//! | `ping` | N pings one after the other, each bucketed as the `ping` event's `networkState` | 3 s each |
//! | `media` | microphone, offer, `echoTest`, answer, ICE and DTLS up | 30 s offer, 10 s reply, 10 s ICE |
//! | `echo` | `getStats()` once a second for `echoMs` | a stats call 2 s |
//!
//! Every step reports `preflightProgress`; the end is one report ([`report`]), with the failure
//! in it when a step failed — never a rejection, never a hang. Only bad options (refused before
//! anything starts) and a cancel do not end in a report.

pub mod options;
pub mod report;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use crate::json::{Json, ObjectWriter};

/// The progress event's steps, by the index [`PreflightOutput::Progress`] gives.
pub const STEPS: [&str; 6] = ["connect", "connected", "ping", "media", "echo", "done"];
use crate::media::{MediaAction, PREPARE_TIMEOUT_MS};
use crate::protocol::v1::V1;
use crate::protocol::{ClientInfo, Dialect, Outgoing};
use crate::quality::StatsSnapshot;
use crate::time::Time;

pub use options::PreflightOptions;
use report::Tally;
pub use report::{Failure, Said};

/// The progress event's name (event_names.rs lists it for `on()`).
pub const PREFLIGHT_PROGRESS: &str = "preflightProgress";

/// The socket must open within 10 s, and `auth` be answered within 10 s more: the gateway's own
/// limit for the first frame (docs/protocol.md §2) and the SDK's command timeout (§3).
pub const CONNECT_TIMEOUT_MS: u64 = 10_000;
/// A ping unanswered for 3 s counts as lost: the poor bucket starts at 400 ms (PRODUCT.md §2),
/// and a test that waited the heartbeat's 10 s per ping would keep the agent waiting for no
/// better verdict.
pub const PING_TIMEOUT_MS: u64 = 3_000;
/// `echoTest`'s reply within the command timeout, 10 s (docs/protocol.md §3).
pub const ANSWER_TIMEOUT_MS: u64 = 10_000;
/// ICE and DTLS up within 10 s of the answer: the gateway's leg gives up then too
/// (`MediaConfig::connect_timeout`).
pub const ICE_TIMEOUT_MS: u64 = 10_000;
/// The echo leg's stats are read once a second (PRODUCT.md §2 "WebRTC stats").
pub const POLL_MS: u64 = 1_000;
/// A `getStats()` that has not answered in 2 s is skipped.
pub const POLL_TIMEOUT_MS: u64 = 2_000;

/// What the shell must do.
#[derive(Debug, Clone, PartialEq)]
pub enum PreflightOutput {
    /// Open the WebSocket to `url` offering `protocol`.
    Open {
        /// The socket URL.
        url: String,
        /// The subprotocol.
        protocol: &'static str,
    },
    /// Send one text frame.
    Send(String),
    /// Close the socket.
    CloseSocket,
    /// Act on the echo leg (the softphone's actions: open, answer, stats, close).
    Media(MediaAction),
    /// Emit `preflightProgress`: the step's index in [`STEPS`], the elapsed ms, then the step's
    /// numbers (connected: connectMs; ping: ping, of, latencyMs, networkState; echo: echoMs,
    /// of, rtt, jitter, mos; done: ok as 1/0), NaN for unknown; the words: the echo's
    /// packetsState. js/face.js builds the event from them.
    Progress(Vec<f64>, String),
    /// The preflight is over: resolve with the report [`report`] lays out in numbers and words.
    Finished(Vec<f64>, String),
    /// The page cancelled: reject with `CANCELLED`.
    Cancelled,
}

/// Where the preflight is; each waiting step carries its deadline.
#[derive(Debug, Clone, Copy)]
enum Phase {
    Idle,
    Connecting {
        deadline: Time,
    },
    Authenticating {
        deadline: Time,
    },
    Pinging {
        sent: Time,
        deadline: Time,
    },
    Offering {
        deadline: Time,
    },
    Answering {
        request: u64,
        deadline: Time,
    },
    Ice {
        deadline: Time,
    },
    Echo {
        started: Time,
        until: Time,
        next_poll: Time,
        polling: Option<Time>,
    },
    Done,
}

/// Request id of `auth`; `echoTest` is the next.
const AUTH_ID: u64 = 1;
const ECHO_ID: u64 = 2;

/// One preflight run.
#[derive(Debug)]
pub struct Preflight {
    options: PreflightOptions,
    version: String,
    phase: Phase,
    started: Time,
    socket_open: bool,
    media_open: bool,
    tally: Tally,
    out: VecDeque<PreflightOutput>,
}

impl Preflight {
    /// A preflight of checked options; `version` is the SDK's, for `auth`'s `client`. None when
    /// the base URL is not a `ws://`, `wss://`, `http://` or `https://` URL with a host.
    #[must_use]
    pub fn new(mut options: PreflightOptions, version: &str) -> Option<Self> {
        options.base_url = crate::config::normalise_base_url(&options.base_url).ok()?;
        let mut tally = Tally::default();
        tally.echo_ms = options.echo_ms;
        Some(Self {
            options,
            version: version.to_owned(),
            phase: Phase::Idle,
            started: Time(0),
            socket_open: false,
            media_open: false,
            tally,
            out: VecDeque::new(),
        })
    }

    /// Starts: the socket opens.
    pub fn start(&mut self, now: Time) {
        if !matches!(self.phase, Phase::Idle) {
            return;
        }
        self.started = now;
        self.phase = Phase::Connecting {
            deadline: now + CONNECT_TIMEOUT_MS,
        };
        self.socket_open = true;
        self.out.push_back(PreflightOutput::Open {
            url: V1.socket_url(&self.options.base_url),
            protocol: V1.subprotocol(),
        });
        self.progress(now, 0, &[], "");
    }

    /// True once the report (or the cancel) is out.
    #[must_use]
    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// The next thing for the shell to do.
    pub fn poll_output(&mut self) -> Option<PreflightOutput> {
        self.out.pop_front()
    }

    /// When [`Self::handle_timeout`] is next due.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Time> {
        match self.phase {
            Phase::Idle | Phase::Done => None,
            Phase::Connecting { deadline }
            | Phase::Authenticating { deadline }
            | Phase::Pinging { deadline, .. }
            | Phase::Offering { deadline }
            | Phase::Answering { deadline, .. }
            | Phase::Ice { deadline } => Some(deadline),
            Phase::Echo {
                next_poll, polling, ..
            } => Some(polling.map_or(next_poll, |sent| sent + POLL_TIMEOUT_MS)),
        }
    }

    // ---- the socket ---------------------------------------------------------------------

    /// The socket opened: authenticate.
    pub fn handle_open(&mut self, now: Time) {
        if !matches!(self.phase, Phase::Connecting { .. }) {
            return;
        }
        let o = &self.options;
        let auth = Outgoing::Authenticate {
            id: AUTH_ID,
            tenant_id: o.tenant_id.clone(),
            agent_no: o.agent_no.clone(),
            session_key: o.session_key.clone(),
            client: ClientInfo {
                name: "agentdesk-preflight".to_owned(),
                version: self.version.clone(),
            },
            resume: None,
        };
        self.out.push_back(PreflightOutput::Send(V1.encode(auth)));
        self.phase = Phase::Authenticating {
            deadline: now + CONNECT_TIMEOUT_MS,
        };
    }

    /// A reply frame: to `auth` or to `echoTest`.
    pub fn handle_reply(
        &mut self,
        now: Time,
        id: u64,
        code: i64,
        error_code: Option<&str>,
        message: &str,
        sdp: Option<&str>,
    ) {
        match self.phase {
            Phase::Authenticating { .. } if id == AUTH_ID => {
                if code != 0 {
                    let why = error_code.unwrap_or("");
                    let refused = matches!(
                        why,
                        "KEY_INVALID"
                            | "KEY_EXPIRED"
                            | "KEY_REVOKED"
                            | "TENANT_MISMATCH"
                            | "AGENT_UNKNOWN"
                    );
                    let code = if refused {
                        "KEY_REFUSED"
                    } else {
                        "GATEWAY_UNREACHABLE"
                    };
                    return self.fail(now, "connect", code, Said::Refused, 0, why, message);
                }
                self.tally.gateway = true;
                let connect_ms = now - self.started;
                self.tally.connect_ms = Some(connect_ms);
                self.progress(now, 1, &[connect_ms as f64], "");
                self.send_ping(now);
            }
            Phase::Answering { request, .. } if id == request => match (code, sdp) {
                (0, Some(sdp)) => {
                    self.tally.answer(sdp);
                    self.out
                        .push_back(PreflightOutput::Media(MediaAction::ApplyAnswer(
                            sdp.to_owned(),
                        )));
                    self.phase = Phase::Ice {
                        deadline: now + ICE_TIMEOUT_MS,
                    };
                }
                _ => {
                    let why = error_code.unwrap_or("no answer SDP");
                    let said = Said::EchoRefused;
                    self.fail(now, "media", "MEDIA_FAILED", said, 0, why, message);
                }
            },
            _ => {}
        }
    }

    /// A pong: the ping's round trip, measured on our own clock from the echoed `ts`.
    pub fn handle_pong(&mut self, now: Time, ts: u64) {
        let Phase::Pinging { sent, .. } = self.phase else {
            return;
        };
        // A late answer to a ping already counted as lost is not this one's.
        if ts != sent.as_millis() {
            return;
        }
        self.pinged(now, Some(now - sent));
    }

    /// The socket closed (or never opened).
    pub fn handle_closed(&mut self, now: Time, code: u16, reason: &str) {
        self.socket_open = false;
        let close = u64::from(code);
        match self.phase {
            Phase::Connecting { .. } => {
                let said = Said::Unreachable;
                self.fail(
                    now,
                    "connect",
                    "GATEWAY_UNREACHABLE",
                    said,
                    close,
                    reason,
                    "",
                );
            }
            Phase::Authenticating { .. } => {
                // 4502–4504: key invalid, revoked, expired, another tenant's (docs/protocol.md §7).
                let code = if (4502..=4504).contains(&code) {
                    "KEY_REFUSED"
                } else {
                    "GATEWAY_UNREACHABLE"
                };
                self.fail(now, "connect", code, Said::Closed, close, reason, "");
            }
            Phase::Pinging { .. } | Phase::Offering { .. } | Phase::Answering { .. } => {
                let step = if matches!(self.phase, Phase::Pinging { .. }) {
                    "ping"
                } else {
                    "media"
                };
                self.fail(now, step, "CONNECTION_LOST", Said::Lost, close, reason, "");
            }
            // The echo leg runs on its own once negotiated: the measurement goes on.
            Phase::Ice { .. } | Phase::Echo { .. } | Phase::Idle | Phase::Done => {}
        }
    }

    // ---- the echo leg -------------------------------------------------------------------

    /// The leg's complete offer: ask the gateway for the echo.
    pub fn handle_media_offer(&mut self, now: Time, sdp: &str) {
        if !matches!(self.phase, Phase::Offering { .. }) {
            return;
        }
        self.tally.offer(sdp);
        // The gateway's leg must outlive ICE and the measurement; it caps the length anyway.
        let params = ObjectWriter::new()
            .str("sdp", sdp)
            .uint("durationMs", self.options.echo_ms + ICE_TIMEOUT_MS)
            .finish();
        let frame = V1.encode(Outgoing::Command {
            id: ECHO_ID,
            action: "echoTest".to_owned(),
            params: Json::trusted(params),
        });
        self.out.push_back(PreflightOutput::Send(frame));
        self.phase = Phase::Answering {
            request: ECHO_ID,
            deadline: now + ANSWER_TIMEOUT_MS,
        };
    }

    /// The microphone, the offer or the answer failed.
    pub fn handle_media_failed(&mut self, now: Time, reason: &str) {
        match self.phase {
            Phase::Offering { .. } | Phase::Answering { .. } | Phase::Ice { .. } => {
                let said = Said::NoStart;
                self.fail(now, "media", "MEDIA_FAILED", said, 0, reason, "");
            }
            Phase::Echo { .. } => {
                self.fail(now, "echo", "MEDIA_LOST", Said::CallFailed, 0, reason, "");
            }
            _ => {}
        }
    }

    /// The leg's ICE connection state.
    pub fn handle_media_state(&mut self, now: Time, ice: &str) {
        match (self.phase, ice) {
            (Phase::Ice { .. }, "connected" | "completed") => {
                self.tally.media = true;
                self.phase = Phase::Echo {
                    started: now,
                    until: now + self.options.echo_ms,
                    next_poll: now,
                    polling: None,
                };
            }
            (Phase::Ice { .. }, "failed" | "closed") => {
                self.fail(now, "media", "ICE_FAILED", Said::NoPath, 0, "", "");
            }
            (Phase::Echo { .. }, "failed" | "closed") => {
                self.fail(now, "echo", "MEDIA_LOST", Said::PathFailed, 0, ice, "");
            }
            _ => {}
        }
    }

    /// A `getStats()` snapshot of the leg.
    pub fn handle_stats(&mut self, now: Time, snapshot: &StatsSnapshot) {
        let Phase::Echo {
            started,
            polling: Some(_),
            ..
        } = self.phase
        else {
            return;
        };
        let (rtt, jitter, mos, packets_state) = self.tally.stats(snapshot);
        let fields = [
            (now - started) as f64,
            self.options.echo_ms as f64,
            rtt.unwrap_or(f64::NAN),
            jitter.unwrap_or(f64::NAN),
            mos.unwrap_or(f64::NAN),
        ];
        self.progress(now, 4, &fields, &packets_state);
        self.polled(now);
    }

    /// `getStats()` failed this time.
    pub fn handle_stats_unavailable(&mut self, now: Time) {
        if matches!(
            self.phase,
            Phase::Echo {
                polling: Some(_),
                ..
            }
        ) {
            self.polled(now);
        }
    }

    // ---- time and the page --------------------------------------------------------------

    /// Fires what is due at `now`.
    pub fn handle_timeout(&mut self, now: Time) {
        match self.phase {
            Phase::Connecting { deadline } | Phase::Authenticating { deadline }
                if now >= deadline =>
            {
                let said = if matches!(self.phase, Phase::Connecting { .. }) {
                    Said::NoOpen
                } else {
                    Said::NoAuth
                };
                let limit = CONNECT_TIMEOUT_MS;
                self.fail(now, "connect", "GATEWAY_UNREACHABLE", said, limit, "", "");
            }
            Phase::Pinging { deadline, .. } if now >= deadline => self.pinged(now, None),
            Phase::Offering { deadline } if now >= deadline => {
                let (said, limit) = (Said::NoOffer, PREPARE_TIMEOUT_MS);
                self.fail(now, "media", "MEDIA_FAILED", said, limit, "", "");
            }
            Phase::Answering { deadline, .. } if now >= deadline => {
                let (said, limit) = (Said::NoAnswer, ANSWER_TIMEOUT_MS);
                self.fail(now, "media", "MEDIA_FAILED", said, limit, "", "");
            }
            Phase::Ice { deadline } if now >= deadline => {
                let (said, limit) = (Said::NoIce, ICE_TIMEOUT_MS);
                self.fail(now, "media", "ICE_FAILED", said, limit, "", "");
            }
            Phase::Echo {
                started,
                until,
                next_poll,
                polling,
            } => match polling {
                Some(sent) if now >= sent + POLL_TIMEOUT_MS => self.polled(now),
                None if now >= next_poll => {
                    self.phase = Phase::Echo {
                        started,
                        until,
                        next_poll,
                        polling: Some(now),
                    };
                    self.out
                        .push_back(PreflightOutput::Media(MediaAction::PollStats));
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// The page cancelled: everything is released, no report.
    pub fn cancel(&mut self, _now: Time) {
        if matches!(self.phase, Phase::Done) {
            return;
        }
        self.release();
        self.out.push_back(PreflightOutput::Cancelled);
    }

    // ---- steps --------------------------------------------------------------------------

    fn send_ping(&mut self, now: Time) {
        let frame = V1.encode(Outgoing::Ping {
            ts: now.as_millis(),
            ack: None,
        });
        self.out.push_back(PreflightOutput::Send(frame));
        self.phase = Phase::Pinging {
            sent: now,
            deadline: now + PING_TIMEOUT_MS,
        };
    }

    /// A ping answered (its latency) or lost: progress, then the next ping or the media.
    fn pinged(&mut self, now: Time, latency: Option<u64>) {
        let state = self.tally.ping(latency);
        let index = self.tally.pings();
        let fields = [
            index.into(),
            self.options.pings.into(),
            latency.map_or(f64::NAN, |ms| ms as f64),
            state as f64,
        ];
        self.progress(now, 2, &fields, "");
        if index < self.options.pings {
            return self.send_ping(now);
        }
        self.progress(now, 3, &[], "");
        self.media_open = true;
        self.out
            .push_back(PreflightOutput::Media(MediaAction::Open {
                input: self.options.input.clone(),
            }));
        self.phase = Phase::Offering {
            deadline: now + PREPARE_TIMEOUT_MS,
        };
    }

    /// A stats poll is over (answered, failed or timed out): the next on the 1 s grid, or the
    /// end once the echo time has passed.
    fn polled(&mut self, now: Time) {
        let Phase::Echo {
            started,
            until,
            next_poll,
            ..
        } = self.phase
        else {
            return;
        };
        if now >= until {
            return self.finish(now, None);
        }
        let mut next = next_poll + POLL_MS;
        while next <= now {
            next = next + POLL_MS;
        }
        self.phase = Phase::Echo {
            started,
            until,
            next_poll: next.min(until),
            polling: None,
        };
    }

    #[allow(clippy::too_many_arguments)]
    fn fail(
        &mut self,
        now: Time,
        step: &'static str,
        code: &'static str,
        said: Said,
        n: u64,
        a: &str,
        b: &str,
    ) {
        let failure = Failure {
            step,
            code,
            said,
            n,
            a: a.to_owned(),
            b: b.to_owned(),
        };
        self.finish(now, Some(failure));
    }

    /// The report, and everything released.
    fn finish(&mut self, now: Time, failure: Option<Failure>) {
        if matches!(self.phase, Phase::Done) {
            return;
        }
        self.release();
        let ok = f64::from(u8::from(failure.is_none()));
        self.progress(now, 5, &[ok], "");
        let (numbers, words) = self.tally.report(failure.as_ref(), now - self.started);
        self.out
            .push_back(PreflightOutput::Finished(numbers, words));
    }

    fn release(&mut self) {
        self.phase = Phase::Done;
        if std::mem::take(&mut self.media_open) {
            self.out
                .push_back(PreflightOutput::Media(MediaAction::Close));
        }
        if std::mem::take(&mut self.socket_open) {
            self.out.push_back(PreflightOutput::CloseSocket);
        }
    }

    fn progress(&mut self, now: Time, step: u8, fields: &[f64], words: &str) {
        let mut numbers = vec![f64::from(step), (now - self.started) as f64];
        numbers.extend_from_slice(fields);
        self.out
            .push_back(PreflightOutput::Progress(numbers, words.to_owned()));
    }
}
