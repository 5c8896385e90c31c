//! Commands from the page: local guards, request correlation, timeouts, and the queue that holds
//! commands given while the link is down (docs/protocol.md §3, §5).

use super::pending::Remember;
use super::{Engine, PendingKind, Queued, Ticket};
use crate::agent;
use crate::command::Command;
use crate::flows::{self, CallAction, View};
use crate::protocol::{Outgoing, ReplyFacts};
use crate::response::{ErrorCode, SdkResponse};
use crate::session::pending::Pending;
use crate::text;
use crate::time::Time;

impl Engine {
    /// A command from the page. Its Promise settles through `Output::Resolve` for `ticket`, at
    /// once when the command cannot run locally.
    pub fn handle_command(&mut self, now: Time, ticket: Ticket, command: Command) {
        let action = command.action();
        if let Command::Login(params) = command {
            return self.start_login(now, ticket, params);
        }
        // Refused in every step without a logged-in session: Idle, LoggingIn, Ended.
        if self.life.logged_in().is_none() || !self.status.is_logged_in() {
            let message = text!(
                "`",
                action,
                "` needs a logged-in session; call login() first"
            );
            return self.resolve(
                ticket,
                SdkResponse::fail(action, ErrorCode::NotLoggedIn, message),
            );
        }
        if let Command::UpdateSessionKey(key) = command {
            return self.update_session_key(now, ticket, key);
        }
        if let Some(refused) = self.refusal(&command) {
            return self.resolve(ticket, refused);
        }
        if self.life.can_send() {
            self.send_command(now, ticket, command);
        } else {
            // The link is down: hold the command until it is back, within its own timeout
            // (docs/protocol.md §5). Never sent twice, never dropped silently.
            let deadline = now + self.config.command_timeout_ms;
            self.queued.push_back(Queued {
                ticket,
                command,
                deadline,
            });
        }
    }

    /// The local check of the agent's state: the response refusing `command` without a round
    /// trip, if its state does not allow it.
    fn refusal(&self, command: &Command) -> Option<SdkResponse> {
        if let Command::Call(call) = command {
            let session = self.life.session()?;
            let view = View {
                status: &self.status,
                flows: &self.flows,
                supervisor: session.supervisor,
                endpoint_type: session.params.bind_endpoint.endpoint_type,
            };
            let refused = flows::check(call, &view).err()?;
            return Some(SdkResponse::fail(
                command.action(),
                refused.code,
                refused.message,
            ));
        }
        let change = command.status_change()?;
        let refused = agent::apply(&self.status, &change).err()?;
        Some(SdkResponse::fail(
            command.action(),
            ErrorCode::InvalidState,
            refused.message(),
        ))
    }

    pub(super) fn send_command(&mut self, now: Time, ticket: Ticket, command: Command) {
        let deadline = now + self.config.command_timeout_ms;
        self.send_command_by(now, ticket, command, deadline);
    }

    /// Sends `command`, whose Promise settles by `deadline` at the latest: the call's time plus
    /// `commandTimeoutMs`, however much of it was spent waiting for the link (docs/protocol.md §3).
    fn send_command_by(&mut self, now: Time, ticket: Ticket, command: Command, deadline: Time) {
        if let Command::Call(call) = &command {
            match call.action {
                // The leg's offer must exist before `sipLink` can carry it (docs/protocol.md §10).
                CallAction::SipLink if self.wants_media() => return self.start_leg(now, ticket),
                CallAction::SipUnlink => self.close_leg(),
                _ => {}
            }
        }
        let action = command.action();
        let remember = match &command {
            Command::Call(c) if c.action == CallAction::SubscribeQueueStatus => {
                Some(Remember::Subscription(c.params()))
            }
            Command::UpdateSessionKey(key) => Some(Remember::Key(key.clone())),
            _ => None,
        };
        let id = self.requests.insert(Pending {
            action,
            ticket: Some(ticket),
            deadline,
            kind: PendingKind::Command,
            remember,
        });
        self.send(Outgoing::Command {
            id,
            action: command.wire_action().to_owned(),
            params: command.wire_params(),
        });
    }

    /// Sends, in order, what waited for the link; each is checked against the state as it is now.
    pub(super) fn flush_queue(&mut self, now: Time) {
        while let Some(queued) = self.queued.pop_front() {
            match self.refusal(&queued.command) {
                None => self.send_command_by(now, queued.ticket, queued.command, queued.deadline),
                Some(refused) => self.resolve(queued.ticket, refused),
            }
        }
    }

    pub(super) fn fail_queue(&mut self, code: ErrorCode, message: &str) {
        while let Some(queued) = self.queued.pop_front() {
            self.resolve(
                queued.ticket,
                SdkResponse::fail(queued.command.action(), code, message),
            );
        }
    }

    pub(super) fn queue_timeouts(&mut self, now: Time) {
        // Oldest first, and the oldest expires first (`Timer::Queued`).
        while self.queued.front().is_some_and(|q| q.deadline <= now) {
            let Some(queued) = self.queued.pop_front() else {
                break;
            };
            let attempt = self.life.schedule().map_or(0, |r| r.attempt);
            let message = text!(
                "the connection is down (reconnect attempt ",
                attempt,
                " of ",
                self.config.backoff.max_attempts,
                "); `",
                queued.command.action(),
                "` was not sent within ",
                self.config.command_timeout_ms,
                " ms"
            );
            self.resolve(
                queued.ticket,
                SdkResponse::fail(queued.command.action(), ErrorCode::Timeout, message),
            );
        }
    }

    pub(super) fn request_timeouts(&mut self, now: Time) {
        for (_, pending) in self.requests.take_expired(now) {
            let message = text!(
                "no reply to `",
                pending.action,
                "` within ",
                self.config.command_timeout_ms,
                " ms"
            );
            match pending.kind {
                PendingKind::Command => {
                    if let Some(ticket) = pending.ticket {
                        self.resolve(
                            ticket,
                            SdkResponse::fail(pending.action, ErrorCode::Timeout, message),
                        );
                    }
                }
                PendingKind::Auth | PendingKind::LoginCommand | PendingKind::Relogin => {
                    self.handshake_timed_out(now, &pending, message);
                }
            }
        }
    }

    pub(super) fn on_reply(&mut self, now: Time, reply: ReplyFacts) {
        let Some(pending) = self.requests.remove(reply.id) else {
            // A reply after its timeout: the command already resolved (docs/protocol.md §3).
            return;
        };
        match pending.kind {
            PendingKind::Auth => self.on_auth_reply(now, reply),
            PendingKind::LoginCommand | PendingKind::Relogin => {
                let supervisor = reply.role.as_deref() == Some("supervisor");
                let through = reply.through;
                let response = response_from_reply(pending.action, reply);
                self.on_login_reply(now, pending, response, supervisor, through);
            }
            PendingKind::Command => {
                let (id, sdp, through) = (reply.id, reply.sdp.clone(), reply.through);
                let response = response_from_reply(pending.action, reply);
                self.on_sip_link_reply(now, id, &response, sdp);
                if response.is_ok() {
                    match pending.action {
                        "subscribeQueueStatus" => {
                            self.flows.queue_subscription = pending.remembered_subscription()
                        }
                        "unsubscribeQueueStatus" => self.flows.queue_subscription = None,
                        "updateSessionKey" => self.refresh_accepted(pending.remembered_key()),
                        _ => {}
                    }
                }
                if let Some(ticket) = pending.ticket {
                    self.settle_after(ticket, response, through, pending.deadline);
                }
            }
        }
    }
}

fn response_from_reply(action: &str, reply: ReplyFacts) -> SdkResponse {
    if reply.code == 0 {
        let mut response = SdkResponse::ok(action, reply.data);
        if !reply.message.is_empty() {
            response.message = reply.message;
        }
        response
    } else {
        let code = reply
            .error_code
            .unwrap_or_else(|| "SERVER_ERROR".to_owned());
        let mut response = SdkResponse::failed(action, &code, reply.message);
        response.code = reply.code;
        response
    }
}
