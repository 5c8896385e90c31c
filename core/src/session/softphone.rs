//! The softphone leg: `sipLink` opens it (offer from the shell, answer from the gateway), stats
//! are polled once a second while it is up, ICE trouble past a grace period is an ICE restart
//! (`sipRelink`) and, if that fails, `sipDisconnected`, and every way a call or session ends
//! closes it (issue 5, issue 15; docs/protocol.md §10).

use super::{Engine, Made, Output, PendingKind, Ticket, Timer};
use crate::command::SIP_RELINK;
use crate::events::payloads::SipDisconnectedEvent;
use crate::events::EventType;
use crate::json::{Json, ObjectWriter};
use crate::media::{
    IceRestartEvent, Leg, MediaAction, Preparing, Restart, RestartStep, ICE_CONSENT_TIMEOUT_MS,
    ICE_RESTART_ATTEMPTS, ICE_RESTART_TRY_MS, PREPARE_TIMEOUT_MS, SIP_RECONNECTED,
    SIP_RECONNECTING,
};
use crate::protocol::Outgoing;
use crate::quality::{StatsSnapshot, StatsTracker, WarningMonitor};
use crate::response::{ErrorCode, SdkResponse};
use crate::session::pending::Pending;
use crate::session::Event;
use crate::text;
use crate::time::Time;

/// `sipDisconnected.reason` of a leg whose ICE failed across a sleep.
pub const ICE_FAILED_AFTER_WAKE: &str = "iceFailedAfterWake";

/// How long after a wake an ICE failure counts as one across the sleep: 30 s, the consent
/// freshness timeout of RFC 7675 §5.1 — a browser whose peer went away during the sleep has
/// declared ICE failed by then.
pub const WAKE_ICE_WINDOW_MS: u64 = 30_000;

impl Engine {
    /// True when `sipLink` should open a real leg: WebRTC is on and the agent is on the
    /// softphone. With `webrtc: false` no peer connection is ever created.
    pub(super) fn wants_media(&self) -> bool {
        self.config.webrtc
            && self
                .life
                .session()
                .is_some_and(|s| s.params.bind_endpoint.endpoint_type == 3)
    }

    /// `sipLink` with media: ask the shell for the offer first.
    pub(super) fn start_leg(&mut self, now: Time, ticket: Ticket) {
        if self.leg.is_some() {
            let message =
                "`sipLink` is not allowed while the softphone leg is already open or opening";
            return self.resolve(
                ticket,
                SdkResponse::fail("sipLink", ErrorCode::InvalidState, message),
            );
        }
        self.leg = Some(Leg::Preparing(Preparing {
            ticket,
            deadline: now + PREPARE_TIMEOUT_MS,
        }));
        let input = self.chosen_input();
        self.out
            .push_back(Output::Media(MediaAction::Open { input }));
    }

    /// The shell's complete offer (candidates included): send `sipLink` with it; or an ICE
    /// restart's re-offer: send `sipRelink` with it.
    pub fn handle_media_offer(&mut self, now: Time, sdp: &str) {
        if let Some(Leg::Up(up)) = &mut self.leg {
            let Some(restart) = up.restart.as_mut() else {
                return;
            };
            // Without a link the try runs out and the next one re-offers.
            if restart.step != RestartStep::Offering || !self.life.is_open() {
                return;
            }
            let pending = Pending {
                action: SIP_RELINK,
                ticket: None,
                deadline: restart.deadline,
                kind: PendingKind::Command,
                remember: None,
            };
            let id = self.requests.insert(pending);
            restart.step = RestartStep::Relinking(id);
            let params = ObjectWriter::new().str("sdp", sdp).finish_json();
            return self.send(Outgoing::Command {
                id,
                action: SIP_RELINK.to_owned(),
                params,
            });
        }
        let Some(Leg::Preparing(step)) = self.leg.take() else {
            return;
        };
        if !self.life.is_open() {
            self.out.push_back(Output::Media(MediaAction::Close));
            let message = "the connection dropped while the softphone was getting ready";
            return self.resolve(
                step.ticket,
                SdkResponse::fail("sipLink", ErrorCode::Disconnected, message),
            );
        }
        let deadline = now + self.config.command_timeout_ms;
        let pending = Pending {
            action: "sipLink",
            ticket: Some(step.ticket),
            deadline,
            kind: PendingKind::Command,
            remember: None,
        };
        let id = self.requests.insert(pending);
        let params = ObjectWriter::new().str("sdp", sdp).finish_json();
        self.send(Outgoing::Command {
            id,
            action: "sipLink".to_owned(),
            params,
        });
        self.leg = Some(Leg::Negotiating(step.negotiate(id)));
    }

    /// The shell could not open the microphone, create the offer or apply the answer.
    pub fn handle_media_failed(&mut self, now: Time, reason: &str) {
        match self.leg.take() {
            Some(Leg::Preparing(step)) => {
                self.out.push_back(Output::Media(MediaAction::Close));
                let message = text!("the softphone could not start: ", reason);
                self.resolve(
                    step.ticket,
                    SdkResponse::fail("sipLink", ErrorCode::MediaFailed, message),
                );
            }
            Some(_) => {
                self.leg = None;
                self.lose_leg(now, reason);
            }
            None => {}
        }
    }

    /// The peer connection's ICE state changed (or is reported as it stands: after an answer
    /// is applied, and with every stats snapshot).
    pub fn handle_media_state(&mut self, now: Time, ice_state: &str) {
        let Some(Leg::Up(up)) = &mut self.leg else {
            return;
        };
        let checking = up.restart.as_ref().map(|r| r.step == RestartStep::Checking);
        match ice_state {
            "disconnected" => {
                up.disconnected_since.get_or_insert(now);
            }
            // A restart is over only once its answer is applied: a path that came back by
            // itself meanwhile still finishes the negotiation under way.
            "connected" | "completed" if checking != Some(false) => {
                up.disconnected_since = None;
                if let Some(restart) = up.restart.take() {
                    self.emit(Event::IceRestart(IceRestartEvent {
                        event_type: SIP_RECONNECTED,
                        attempt: restart.attempt,
                        reason: restart.reason,
                    }));
                }
            }
            "closed" => {
                let reason = up.restart.as_ref().map_or("iceFailed", |r| r.reason);
                self.lose_leg(now, reason)
            }
            // A try whose new path failed: the next one goes now.
            "failed" if checking == Some(true) => self.next_restart(now),
            "failed" if checking.is_none() => {
                let reason = if up.woke_at.is_some() {
                    ICE_FAILED_AFTER_WAKE
                } else {
                    "iceFailed"
                };
                let broke = up.disconnected_since.unwrap_or(now);
                self.restart_ice(now, reason, broke);
            }
            _ => {}
        }
    }

    /// ICE broke at `broke` (`reason`): restart it, first try. The call stays up.
    fn restart_ice(&mut self, now: Time, reason: &'static str, broke: Time) {
        if let Some(Leg::Up(up)) = &mut self.leg {
            up.restart = Some(Restart {
                attempt: 0,
                step: RestartStep::Offering,
                deadline: now,
                give_up: broke + ICE_CONSENT_TIMEOUT_MS,
                reason,
            });
            self.next_restart(now);
        }
    }

    /// The next try of the restart under way, or the leg's end when none is left.
    fn next_restart(&mut self, now: Time) {
        let Some(Leg::Up(up)) = &mut self.leg else {
            return;
        };
        let Some(restart) = up.restart.as_mut() else {
            return;
        };
        if restart.attempt >= ICE_RESTART_ATTEMPTS || now >= restart.give_up {
            let reason = restart.reason;
            return self.lose_leg(now, reason);
        }
        restart.attempt += 1;
        restart.step = RestartStep::Offering;
        restart.deadline = now + ICE_RESTART_TRY_MS;
        let event = IceRestartEvent {
            event_type: SIP_RECONNECTING,
            attempt: restart.attempt,
            reason: restart.reason,
        };
        self.out.push_back(Output::Media(MediaAction::RestartIce));
        self.emit(Event::IceRestart(event));
    }

    /// The page woke from a sleep (`handle_wake`): a leg that is up is looked at now rather than
    /// at its next poll, and for the next [`WAKE_ICE_WINDOW_MS`] a failure of its ICE is one
    /// across the sleep: ICE is restarted (`sipReconnecting`, reason `iceFailedAfterWake`), and
    /// if that fails the leg ends with `sipDisconnected` (`iceFailedAfterWake`) and `sipUnlink`;
    /// it is never left up and silent.
    pub(super) fn media_wake(&mut self, now: Time) {
        let Some(Leg::Up(up)) = &mut self.leg else {
            return;
        };
        up.woke_at = Some(now);
        if !up.poll_in_flight {
            up.poll_in_flight = true;
            self.out.push_back(Output::Media(MediaAction::PollStats));
        }
    }

    /// A `getStats()` snapshot: `webrtcStats`, and quality warnings as they rise and clear.
    pub fn handle_stats(&mut self, _now: Time, snapshot: &StatsSnapshot) {
        let Some(Leg::Up(up)) = &mut self.leg else {
            return;
        };
        up.poll_in_flight = false;
        // The browser's own word on ICE at this moment (a wake's probe reads it first). While
        // a restart runs only `connected` is news: a `failed` read now may be the state from
        // before the re-offer (Firefox keeps it until its new checks run); the state's own
        // change events say when a try fails.
        let ice = snapshot.ice_state.as_str();
        if up.restart.is_none() || matches!(ice, "connected" | "completed") {
            self.handle_media_state(_now, ice);
            if !matches!(self.leg, Some(Leg::Up(_))) {
                return;
            }
        }
        if !self.config.webrtc_stats {
            return;
        }
        let sample = self.stats.handle_snapshot(snapshot);
        let changes = self.warnings.handle_sample(&sample);
        self.emit(Event::Catalog(Made::WebrtcStats(sample)));
        for change in changes {
            self.emit(Event::Warning(change));
        }
    }

    /// `getStats()` failed this time; the next poll goes on schedule.
    pub fn handle_stats_unavailable(&mut self, _now: Time) {
        if let Some(Leg::Up(up)) = &mut self.leg {
            up.poll_in_flight = false;
        }
    }

    /// Was this reply the answer to the leg's offer, or to its restart's re-offer? Then apply
    /// it.
    pub(super) fn on_sip_link_reply(
        &mut self,
        now: Time,
        request: u64,
        response: &SdkResponse,
        sdp: Option<String>,
    ) -> bool {
        if let Some(Leg::Up(up)) = &mut self.leg {
            let Some(restart) = up
                .restart
                .as_mut()
                .filter(|r| r.step == RestartStep::Relinking(request))
            else {
                return false;
            };
            match sdp {
                Some(sdp) if response.is_ok() => {
                    restart.step = RestartStep::Checking;
                    self.out
                        .push_back(Output::Media(MediaAction::ApplyAnswer(sdp)));
                }
                // The gateway has no leg to restart any more (it ended it, or lost it): the
                // end it would have reported, now.
                _ => {
                    let reason = restart.reason;
                    self.lose_leg(now, reason);
                }
            }
            return true;
        }
        let Some(Leg::Negotiating(step)) = &self.leg else {
            return false;
        };
        if step.request != request {
            return false;
        }
        let Some(Leg::Negotiating(step)) = self.leg.take() else {
            return false;
        };
        match sdp {
            Some(sdp) if response.is_ok() => {
                self.out
                    .push_back(Output::Media(MediaAction::ApplyAnswer(sdp)));
                self.stats = StatsTracker::new(self.config.quality.stats);
                self.warnings = WarningMonitor::new(self.config.quality.warnings);
                self.leg = Some(Leg::Up(step.up(now, self.config.webrtc_stats)));
                self.devices_leg_up();
            }
            // Refused, or a gateway without media: the call goes on (or not) without a leg.
            _ => self.out.push_back(Output::Media(MediaAction::Close)),
        }
        true
    }

    /// The leg ended on our side: tell the page and the gateway.
    fn lose_leg(&mut self, _now: Time, reason: &str) {
        self.close_leg();
        if let Some(session) = self.life.session() {
            let event = SipDisconnectedEvent {
                tenant_id: session.params.tenant_id.clone(),
                agent_no: session.params.agent_no.clone(),
                reason: reason.to_owned(),
            };
            self.emit(Event::Catalog(Made::SipDisconnected(event)));
        }
        if self.life.is_open() {
            let deadline = Time(u64::MAX);
            let pending = Pending {
                action: "sipUnlink",
                ticket: None,
                deadline,
                kind: PendingKind::Command,
                remember: None,
            };
            let id = self.requests.insert(pending);
            self.send(Outgoing::Command {
                id,
                action: "sipUnlink".to_owned(),
                params: Json::empty_object(),
            });
        }
    }

    /// Closes the leg if one is open or opening; a `sipLink()` still waiting settles.
    pub(super) fn close_leg(&mut self) {
        if self.leg.is_some() {
            self.devices_leg_closed();
        }
        match self.leg.take() {
            Some(Leg::Preparing(step)) => {
                self.out.push_back(Output::Media(MediaAction::Close));
                let message = "the call ended before the softphone was ready";
                self.resolve(
                    step.ticket,
                    SdkResponse::fail("sipLink", ErrorCode::Disconnected, message),
                );
            }
            Some(_) => self.out.push_back(Output::Media(MediaAction::Close)),
            None => {}
        }
    }

    /// The leg's events from the gateway, addressed to this agent: its end closes the peer
    /// connection.
    pub(super) fn media_on_event(&mut self, event_type: EventType) {
        if matches!(
            event_type,
            EventType::SipSessionTerminate | EventType::SipDisconnected
        ) {
            self.close_leg();
        }
    }

    /// The leg's timers ([`Timer::MediaOffer`], [`Timer::WakeIce`], [`Timer::IceGrace`],
    /// [`Timer::IceRestart`], [`Timer::StatsPoll`]; their deadlines are read in `timers.rs`):
    /// each handles its own.
    pub(super) fn media_due(&mut self, timer: Timer, now: Time) {
        let interval = self.config.webrtc_stats_interval_ms;
        match (timer, &mut self.leg) {
            (Timer::MediaOffer, Some(Leg::Preparing(_))) => {
                self.handle_media_failed(
                    now,
                    &text!("no offer within ", PREPARE_TIMEOUT_MS, " ms"),
                );
            }
            (Timer::WakeIce, Some(Leg::Up(up))) => up.woke_at = None,
            // ICE stayed disconnected past the grace: restart it (the call stays up).
            (Timer::IceGrace, Some(Leg::Up(up))) => {
                let reason = if up.woke_at.is_some() {
                    ICE_FAILED_AFTER_WAKE
                } else {
                    "iceDisconnected"
                };
                if let Some(since) = up.disconnected_since {
                    self.restart_ice(now, reason, since);
                }
            }
            (Timer::IceRestart, Some(Leg::Up(_))) => self.next_restart(now),
            (Timer::StatsPoll, Some(Leg::Up(up))) => {
                up.next_poll = Some(now + interval);
                up.poll_in_flight = true;
                self.out.push_back(Output::Media(MediaAction::PollStats));
            }
            _ => {}
        }
    }
}
