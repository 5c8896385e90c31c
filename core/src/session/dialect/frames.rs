//! A frame from the server, as the JS layer read it: its routing facts only (the payload stays
//! in JS, parsed once). What each fact means is the dialect's (research/gateway-protocols.md
//! §1–§3, docs/dialects.md §2–§5).

use super::presence::Entries;
use super::{Conn, Kind, Output, Session, SubState};
use crate::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use crate::session::Event;
use crate::text;
use crate::time::Time;

/// The facts of one server frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame<'a> {
    /// Phoenix V2 `[join_ref, ref, topic, event, payload]`; `status` is a `phx_reply`'s
    /// `payload.status`, `reason` a refusal's `payload.response.reason` or a `phx_error`'s.
    Phoenix {
        /// `join_ref`.
        join_ref: Option<&'a str>,
        /// `ref`.
        reference: Option<&'a str>,
        /// Topic.
        topic: &'a str,
        /// Event name.
        event: &'a str,
        /// `phx_reply`'s status.
        status: Option<&'a str>,
        /// Why, when refused.
        reason: Option<&'a str>,
    },
    /// ActionCable: `type` (none on a broadcast), `identifier`, and a `disconnect`'s fields.
    Cable {
        /// `type`.
        kind: Option<&'a str>,
        /// `identifier` (the string as the client sent it).
        identifier: Option<&'a str>,
        /// `disconnect`'s `reason`.
        reason: Option<&'a str>,
        /// `disconnect`'s `reconnect`.
        reconnect: Option<bool>,
    },
    /// Kazoo: `action` (`reply` / `event`), `request_id`, `status`, `subscribed_key`.
    Kazoo {
        /// `action`.
        action: &'a str,
        /// `request_id`.
        request_id: Option<&'a str>,
        /// `status` of a reply.
        status: Option<&'a str>,
        /// `subscribed_key` of an event: the binding it came through.
        subscribed_key: Option<&'a str>,
        /// The first error of an error reply.
        error: Option<&'a str>,
    },
    /// GlobeMeet: `type`, `id` (an event's `epoch-seq`, or a request's id), and the fields the
    /// session acts on.
    GlobeMeet {
        /// `type`.
        kind: &'a str,
        /// `id`.
        id: Option<&'a str>,
        /// `expires_at` of `ready` / `refreshed` / `token_expiring`, Unix seconds.
        expires_at: Option<u64>,
        /// `resumed`'s `recovered`.
        recovered: Option<bool>,
        /// `error`'s `code` and `message`.
        code: Option<&'a str>,
    },
}

impl Session {
    /// One server frame's facts. The frame reaches the page's listeners when the session says
    /// [`Output::Deliver`]; replies settle Promises; the rest is the session's own business.
    pub fn handle_frame(&mut self, now: Time, frame: Frame<'_>) {
        if matches!(self.conn, Conn::Idle | Conn::Down | Conn::Token { .. }) {
            return;
        }
        self.last_frame_at = now;
        self.heartbeat.handle_activity(now);
        match (self.kind, frame) {
            (
                Kind::Phoenix,
                Frame::Phoenix {
                    join_ref,
                    reference,
                    topic,
                    event,
                    status,
                    reason,
                },
            ) => self.phoenix_frame(now, join_ref, reference, topic, event, status, reason),
            (
                Kind::ActionCable,
                Frame::Cable {
                    kind,
                    identifier,
                    reason,
                    reconnect,
                },
            ) => self.cable_frame(now, kind, identifier, reason, reconnect),
            (
                Kind::Kazoo,
                Frame::Kazoo {
                    action,
                    request_id,
                    status,
                    subscribed_key,
                    error,
                },
            ) => self.kazoo_frame(now, action, request_id, status, subscribed_key, error),
            (
                Kind::GlobeMeet,
                Frame::GlobeMeet {
                    kind,
                    id,
                    expires_at,
                    recovered,
                    code,
                },
            ) => self.globemeet_frame(now, kind, id, expires_at, recovered, code),
            _ => self.emit(Event::Error(SdkErrorEvent::new(
                "UNKNOWN_FRAME",
                text!(
                    "a frame of another dialect on a ",
                    self.kind.name(),
                    " connection"
                ),
            ))),
        }
    }

    /// Phoenix `presence_state` (`diff` None) or `presence_diff` on `topic`, its entries read by
    /// the JS layer. Dropped like any frame of a stale join_ref.
    pub fn handle_presence(
        &mut self,
        now: Time,
        topic: &str,
        join_ref: Option<&str>,
        state: Entries,
        leaves: Option<Entries>,
    ) {
        if self.conn != Conn::Open || self.kind != Kind::Phoenix {
            return;
        }
        self.heartbeat.handle_activity(now);
        if !self.current_join(topic, join_ref) {
            return;
        }
        let presences = self.presences.entry(topic.to_owned()).or_default();
        let change = match leaves {
            None => presences.sync_state(state),
            Some(leaves) => presences.sync_diff(state, leaves),
        };
        self.out.push_back(Output::Deliver);
        self.out.push_back(Output::Presence {
            topic: topic.to_owned(),
            change,
        });
    }

    /// A message of `topic` belongs to its join in force: a stale join_ref is dropped
    /// (research/gateway-protocols.md §1.2 "client rules"); none (a broadcast) is accepted.
    pub(super) fn current_join(&self, topic: &str, join_ref: Option<&str>) -> bool {
        let Some(sub) = self.subs.get(topic) else {
            return false;
        };
        match join_ref {
            None => true,
            Some(r) => sub.join_ref.is_some_and(|j| r.parse::<u64>() == Ok(j)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn phoenix_frame(
        &mut self,
        now: Time,
        join_ref: Option<&str>,
        reference: Option<&str>,
        topic: &str,
        event: &str,
        status: Option<&str>,
        reason: Option<&str>,
    ) {
        let id = reference.and_then(|r| r.parse::<u64>().ok());
        match event {
            "phx_reply" => {
                let Some(id) = id else { return };
                // A leave's answer comes after the channel is forgotten; any other reply of a
                // stale join is dropped, and its request settles by its timeout.
                let leave = matches!(
                    self.requests.get(&id),
                    Some(super::Request { asked: super::Asked::Leave(t), .. }) if t == topic
                );
                if topic != super::wire::PHOENIX_TOPIC
                    && !leave
                    && !self.current_join(topic, join_ref)
                {
                    return;
                }
                self.answered(now, id, status == Some("ok"), reason.unwrap_or("error"));
            }
            "phx_error" | "phx_close" => {
                if !self.current_join(topic, join_ref) {
                    return;
                }
                let mut wait = 0;
                if let Some(sub) = self.subs.get_mut(topic) {
                    sub.state = SubState::Waiting;
                    if event == "phx_error" {
                        // The channel crashed: rejoin after phoenix.js's wait for this try.
                        let steps = super::PHOENIX_REJOIN_STEPS_MS;
                        let step = (sub.rejoin_tries as usize).min(steps.len() - 1);
                        wait = steps[step];
                        sub.rejoin_tries = sub.rejoin_tries.saturating_add(1);
                        sub.rejoin_at = Some(now + wait);
                    }
                }
                if event == "phx_error" {
                    self.emit(Event::Error(SdkErrorEvent::new(
                        "CHANNEL_ERROR",
                        text!(
                            "channel `",
                            topic,
                            "` failed (",
                            reason.unwrap_or("phx_error"),
                            "); rejoining in ",
                            wait,
                            " ms"
                        ),
                    )));
                } else {
                    // The server ended the channel: it is not rejoined, and a join still
                    // waiting for its answer fails (found by `session_phoenix`).
                    if let Some(ticket) = self.subs.remove(topic).and_then(|s| s.ticket) {
                        let message = text!("the server closed `", topic, "`");
                        self.resolve(
                            ticket,
                            SdkResponse::fail("join", ErrorCode::Disconnected, message),
                            false,
                        );
                    }
                    self.order.retain(|k| k != topic);
                    self.presences.remove(topic);
                    self.call_over(topic);
                    self.out.push_back(Output::Deliver);
                }
            }
            _ => {
                if self.current_join(topic, join_ref) {
                    self.out.push_back(Output::Deliver);
                    if event == "call_ended" {
                        // Seed 004: the call is over, and with it the leg's media.
                        self.call_over(topic);
                    }
                }
            }
        }
    }

    fn cable_frame(
        &mut self,
        now: Time,
        kind: Option<&str>,
        identifier: Option<&str>,
        reason: Option<&str>,
        reconnect: Option<bool>,
    ) {
        match kind {
            Some("welcome") => {
                if matches!(self.conn, Conn::Opening { .. }) {
                    self.link_up(now);
                }
            }
            Some("ping") => {}
            Some("confirm_subscription") => {
                if let Some(key) = identifier {
                    self.cable_answered(key, true);
                }
            }
            Some("reject_subscription") => {
                if let Some(key) = identifier {
                    self.cable_answered(key, false);
                }
            }
            Some("disconnect") => {
                let reason = reason.unwrap_or("disconnect");
                if reconnect == Some(false) {
                    // Seed 001 / research §2.3: `reconnect:false` stops the client for good.
                    let why = text!(
                        "the server disconnected (",
                        reason,
                        ") and said not to reconnect"
                    );
                    return self.end(now, &why, ErrorCode::Disconnected);
                }
                self.drop_link(now, reason);
            }
            None | Some(_) => {
                // A broadcast `{identifier, message}` of a confirmed subscription.
                if identifier.is_some_and(|k| self.is_joined(k)) {
                    self.out.push_back(Output::Deliver);
                }
            }
        }
    }

    fn kazoo_frame(
        &mut self,
        now: Time,
        action: &str,
        request_id: Option<&str>,
        status: Option<&str>,
        subscribed_key: Option<&str>,
        error: Option<&str>,
    ) {
        match action {
            "reply" => {
                if let Some(id) = request_id.and_then(|r| r.parse::<u64>().ok()) {
                    let ok = status == Some("success");
                    self.answered(now, id, ok, error.unwrap_or("error"));
                }
            }
            // Routed by the binding it was subscribed under (monster-ui's rule, research
            // §Kazoo); an event for a binding no longer held is late and dropped.
            "event" if subscribed_key.is_some_and(|k| self.is_joined(k)) => {
                self.out.push_back(Output::Deliver);
            }
            _ => {}
        }
    }

    fn globemeet_frame(
        &mut self,
        now: Time,
        kind: &str,
        id: Option<&str>,
        expires_at: Option<u64>,
        recovered: Option<bool>,
        code: Option<&str>,
    ) {
        let request = id.and_then(|r| r.parse::<u64>().ok());
        match kind {
            "ready" => {
                if matches!(self.conn, Conn::Opening { .. }) {
                    self.link_up(now);
                }
                if let Some(at) = expires_at {
                    self.token_expires(now, at);
                }
            }
            "resumed" if recovered == Some(false) => {
                self.last_event = None;
                self.not_recovered();
            }
            "event" if self.take_event_id(id) => self.out.push_back(Output::Deliver),
            "subscribed" | "unsubscribed" | "pong" => {
                if let Some(id) = request {
                    self.answered(now, id, true, "");
                }
            }
            "refreshed" => {
                if let Some(at) = expires_at {
                    self.token_expires(now, at);
                }
            }
            "token_expiring" => self.token_expiring(now),
            // The close (4008) follows; the reconnect resumes from the last delivered id, which
            // the session holds itself (seed 002: overflow → resume).
            "overflow" => self.out.push_back(Output::Deliver),
            "error" => match request {
                Some(id) if self.requests.contains_key(&id) => {
                    self.answered(now, id, false, code.unwrap_or("error"))
                }
                _ => self.emit(Event::Error(SdkErrorEvent::new(
                    "SERVER_ERROR",
                    text!("the server said ", code.unwrap_or("error")),
                ))),
            },
            _ => {}
        }
    }

    /// A GlobeMeet event id `epoch-seq`: true when it is new. Within an epoch ids only grow, so
    /// one at or below the last is a replay overlap: dropped, never delivered twice. A new epoch
    /// (the server's history restarted) starts over. An id that cannot be read is delivered (the
    /// page's data is not withheld for the SDK's bookkeeping) and not recorded.
    fn take_event_id(&mut self, id: Option<&str>) -> bool {
        let Some((epoch, seq)) = id.and_then(|id| {
            let (e, s) = id.rsplit_once('-')?;
            Some((e, s.parse::<u64>().ok()?))
        }) else {
            return true;
        };
        if let Some((last_epoch, last_seq)) = &self.last_event {
            if last_epoch == epoch && seq <= *last_seq {
                return false;
            }
        }
        self.last_event = Some((epoch.to_owned(), seq));
        true
    }
}
