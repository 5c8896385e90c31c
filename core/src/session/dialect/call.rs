//! Phoenix: the softphone leg over a Voki `call:{call_id}` channel (seed 004 "Events Sent by
//! Client": `signal`, `ice_candidate`; docs/dialects.md §9). The page's `softphone(topic)` on
//! a joined call channel: the shell opens the microphone and makes the complete offer, the offer
//! goes out as a push `signal {type: "offer", sdp}`, the server's `signal {type: "answer"}` is
//! applied and its `ice_candidate`s added; while up, `getStats()` every second becomes
//! `webrtcStats` — the same [`StatsTracker`] as the agentdesk protocol's leg, so the events mean
//! the same. The leg ends with the call (`call_ended`), the channel (leave, `phx_close`, a refused
//! rejoin) or the session; a drop of the signaling socket alone leaves the media up, as the
//! media path does not go through it.

use super::{wire, Asked, Kind, Output, Session, SubState};
use crate::json::ObjectWriter;
use crate::media::{MediaAction, PREPARE_TIMEOUT_MS};
use crate::quality::{StatsConfig, StatsSnapshot, StatsTracker};
use crate::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use crate::session::{Event, Made, Ticket};
use crate::text;
use crate::time::Time;

/// `getStats()` interval while the leg is up (PRODUCT.md §2 "WebRTC stats": once a second, as
/// the agentdesk protocol's leg).
pub(super) const STATS_INTERVAL_MS: u64 = 1_000;

/// Where the leg stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// The shell is making the offer (microphone, gathering).
    Preparing { deadline: Time },
    /// The offer is pushed as `signal`; its reply has not come.
    Offered { push: u64 },
    /// The server took the offer; its `signal` answer has not come.
    Answering { deadline: Time },
    /// The answer is applied: media flows, stats are polled.
    Up {
        next_poll: Time,
        poll_in_flight: bool,
    },
}

/// The leg of one call channel.
#[derive(Debug, Clone)]
pub(super) struct CallLeg {
    topic: String,
    /// The page's `softphone()` until the server has answered the offer.
    ticket: Option<Ticket>,
    step: Step,
    stats: StatsTracker,
}

impl Session {
    /// The page's `softphone(topic)`: open the softphone leg on the joined call channel `topic`.
    pub fn handle_softphone(&mut self, now: Time, ticket: Ticket, topic: &str) {
        let refuse = |code, message: String| SdkResponse::fail("softphone", code, message);
        let refusal = if self.kind != Kind::Phoenix {
            Some(refuse(
                ErrorCode::InvalidState,
                text!(
                    self.kind.name(),
                    " carries no call signaling (docs/dialects.md)"
                ),
            ))
        } else if !topic.starts_with("call:") {
            Some(refuse(
                ErrorCode::BadParams,
                text!(
                    "`",
                    topic,
                    "` is not a Voki call channel (`call:{call_id}`)"
                ),
            ))
        } else if !self.is_joined(topic) || !self.is_open() {
            Some(refuse(
                ErrorCode::InvalidState,
                text!("`", topic, "` is not joined on an open connection"),
            ))
        } else if self.leg.is_some() {
            Some(refuse(
                ErrorCode::InvalidState,
                "the softphone leg is already open or opening".to_owned(),
            ))
        } else {
            None
        };
        if let Some(response) = refusal {
            return self.resolve(ticket, response, false);
        }
        self.leg = Some(CallLeg {
            topic: topic.to_owned(),
            ticket: Some(ticket),
            step: Step::Preparing {
                deadline: now + PREPARE_TIMEOUT_MS,
            },
            stats: StatsTracker::new(StatsConfig::default()),
        });
        self.out
            .push_back(Output::Media(MediaAction::Open { input: None }));
    }

    /// The shell's complete offer: push it as `signal` on the call channel.
    pub fn handle_media_offer(&mut self, now: Time, sdp: &str) {
        let Some(leg) = &self.leg else { return };
        if !matches!(leg.step, Step::Preparing { .. }) {
            return;
        }
        let topic = leg.topic.clone();
        let join_ref = self
            .subs
            .get(&topic)
            .filter(|s| s.state == SubState::Joined);
        let Some(join_ref) = join_ref.filter(|_| self.is_open()).map(|s| s.join_ref) else {
            return self.leg_failed(
                now,
                "the call channel was not joined when the offer was ready",
            );
        };
        let id = self.next_ref();
        let payload = ObjectWriter::new()
            .str("type", "offer")
            .str("sdp", sdp)
            .finish();
        self.send(wire::phoenix(join_ref, id, &topic, "signal", &payload));
        self.ask(now, id, Asked::Offer, None);
        if let Some(leg) = &mut self.leg {
            leg.step = Step::Offered { push: id };
        }
    }

    /// The shell could not open the microphone, make the offer or apply the answer.
    pub fn handle_media_failed(&mut self, now: Time, reason: &str) {
        if self.leg.is_some() {
            self.leg_failed(now, &text!("the softphone failed: ", reason));
        }
    }

    /// The peer connection's ICE state: `failed` ends the leg.
    pub fn handle_media_state(&mut self, now: Time, ice_state: &str) {
        if ice_state == "failed" && self.leg.is_some() {
            self.leg_failed(now, "the softphone's ICE failed");
        }
    }

    /// A `getStats()` snapshot: a `webrtcStats` event.
    pub fn handle_stats(&mut self, _now: Time, snapshot: &StatsSnapshot) {
        let Some(leg) = &mut self.leg else { return };
        let Step::Up { poll_in_flight, .. } = &mut leg.step else {
            return;
        };
        *poll_in_flight = false;
        let sample = leg.stats.handle_snapshot(snapshot);
        self.emit(Event::Catalog(Made::WebrtcStats(sample)));
    }

    /// `getStats()` failed this time; the next poll goes on schedule.
    pub fn handle_stats_unavailable(&mut self, _now: Time) {
        if let Some(CallLeg {
            step: Step::Up { poll_in_flight, .. },
            ..
        }) = &mut self.leg
        {
            *poll_in_flight = false;
        }
    }

    /// The server's `signal` (`kind` its `type`, with `sdp`) or `ice_candidate` (`candidate`,
    /// the JSON text of the candidate) on `topic` of the join in force. Other topics' and a
    /// stale join's are not the leg's.
    pub fn handle_signal(
        &mut self,
        now: Time,
        topic: &str,
        join_ref: Option<&str>,
        kind: Option<&str>,
        sdp: Option<&str>,
        candidate: Option<String>,
    ) {
        if !self.current_join(topic, join_ref) {
            return;
        }
        let Some(leg) = self.leg.as_mut().filter(|l| l.topic == topic) else {
            return;
        };
        if let Some(candidate) = candidate {
            if !matches!(leg.step, Step::Preparing { .. }) {
                self.out.push_back(Output::RemoteCandidate(candidate));
            }
            return;
        }
        match (kind, sdp, &leg.step) {
            (Some("answer"), Some(sdp), Step::Offered { .. } | Step::Answering { .. }) => {
                leg.step = Step::Up {
                    next_poll: now + STATS_INTERVAL_MS,
                    poll_in_flight: false,
                };
                // The answer may come before the offer push's reply (found by `session_phoenix`):
                // it is the server's acceptance, so `softphone()` settles now, not with a reply
                // that may never come (the offer's timeout only fails a leg still `Offered`).
                let waiting = leg.ticket.take();
                let apply = MediaAction::ApplyAnswer(sdp.to_owned());
                self.out.push_back(Output::Media(apply));
                if let Some(ticket) = waiting {
                    self.resolve(ticket, SdkResponse::ok("softphone", None), false);
                }
            }
            (Some("answer"), ..) => {}
            _ => self.emit(Event::Error(SdkErrorEvent::new(
                "UNEXPECTED_SIGNAL",
                text!(
                    "a `signal` of type ",
                    kind.unwrap_or("(none)"),
                    " on `",
                    topic,
                    "`: the SDK offers and takes answers"
                ),
            ))),
        }
    }

    /// The reply to the offer: the page's `softphone()` settles with it (`data` the reply's
    /// response, `media: true` when the server's media side took the leg).
    pub(super) fn offer_answered(&mut self, now: Time, id: u64, ok: bool, reason: &str) {
        let Some(leg) = &mut self.leg else { return };
        if leg.step != (Step::Offered { push: id }) {
            return;
        }
        let ticket = leg.ticket.take();
        if ok {
            leg.step = Step::Answering {
                deadline: now + self.settings.request_timeout_ms,
            };
            if let Some(ticket) = ticket {
                self.resolve(ticket, SdkResponse::ok("softphone", None), true);
            }
            return;
        }
        self.close_leg();
        if let Some(ticket) = ticket {
            let message = text!("the server refused the offer: ", reason);
            let response = SdkResponse::failed("softphone", "REFUSED", message);
            self.resolve(ticket, response, true);
        }
    }

    /// The offer's push will have no reply (timeout, the link went): the leg fails.
    pub(super) fn offer_lost(&mut self, message: &str) {
        if matches!(
            self.leg,
            Some(CallLeg {
                step: Step::Offered { .. },
                ..
            })
        ) {
            self.leg_failed(Time(0), message);
        }
    }

    /// The call channel `topic` is gone (left, closed, refused on rejoin) or the call ended.
    pub(super) fn call_over(&mut self, topic: &str) {
        if self.leg.as_ref().is_some_and(|l| l.topic == topic) {
            self.close_leg();
        }
    }

    /// Closes the leg, if any; a `softphone()` still waiting fails.
    pub(super) fn close_leg(&mut self) {
        let Some(mut leg) = self.leg.take() else {
            return;
        };
        self.out.push_back(Output::Media(MediaAction::Close));
        if let Some(ticket) = leg.ticket.take() {
            let message = text!("`", leg.topic, "` ended before the softphone was up");
            let response = SdkResponse::fail("softphone", ErrorCode::Disconnected, message);
            self.resolve(ticket, response, false);
        }
    }

    /// The leg failed on our side: it closes; a waiting `softphone()` fails with the reason,
    /// otherwise the page hears it as `sdkError`.
    fn leg_failed(&mut self, _now: Time, reason: &str) {
        let Some(mut leg) = self.leg.take() else {
            return;
        };
        self.out.push_back(Output::Media(MediaAction::Close));
        match leg.ticket.take() {
            Some(ticket) => {
                let response = SdkResponse::fail("softphone", ErrorCode::MediaFailed, reason);
                self.resolve(ticket, response, false);
            }
            None => self.emit(Event::Error(SdkErrorEvent::new("MEDIA_FAILED", reason))),
        }
    }

    /// The leg's timers: the offer's and the answer's deadlines, the next stats poll.
    pub(super) fn leg_due(&mut self, now: Time) {
        let Some(leg) = &mut self.leg else { return };
        match &mut leg.step {
            Step::Preparing { deadline } if now >= *deadline => {
                let why = text!("no offer within ", PREPARE_TIMEOUT_MS, " ms");
                self.leg_failed(now, &why);
            }
            Step::Answering { deadline } if now >= *deadline => {
                self.leg_failed(now, "the server took the offer but sent no answer");
            }
            Step::Up {
                next_poll,
                poll_in_flight,
            } if now >= *next_poll && !*poll_in_flight => {
                *next_poll = now + STATS_INTERVAL_MS;
                *poll_in_flight = true;
                self.out.push_back(Output::Media(MediaAction::PollStats));
            }
            _ => {}
        }
    }

    /// When the leg next needs the session.
    pub(super) fn leg_deadline(&self) -> Option<Time> {
        match &self.leg.as_ref()?.step {
            Step::Preparing { deadline } | Step::Answering { deadline } => Some(*deadline),
            Step::Up {
                next_poll,
                poll_in_flight: false,
            } => Some(*next_poll),
            _ => None,
        }
    }
}
