//! Every command of an agent's connection (docs/protocol.md §3, docs/flows.md): checked here
//! with the engine's own parsers and guards (`Command::parse`, `CallCommand::parse`,
//! `flows::check` against the agent's [`FlowState`](agentdesk_core::flows::FlowState)), then
//! handed to the flow that runs it. The reply always goes out before the events it causes.

use agentdesk_core::agent::{apply, state_action, AgentStatus, StatusChange};
use agentdesk_core::events::{CatalogEvent, SessionInitEvent};
use agentdesk_core::flows::{self, CallAction, CallCommand, MonitorMode, View};
use agentdesk_core::protocol::Reply;
use serde_json::{json, Map, Value};

use crate::commands::{error_reply, ok_reply, Command, RequestError};
use crate::directory::Role;
use crate::port::{AgentKey, ControlError, ControlId, CoreOutput, SessionId};

use super::media_legs::MediaLegError;
use super::state::{Activity, Presence, SimState};

/// Who asks: the agent, its session, the request id; or a dialect face acting for the agent,
/// whose control request gets the reply (`answer`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ctx {
    pub(crate) key: AgentKey,
    pub(crate) session: SessionId,
    pub(crate) id: u64,
    pub(crate) answer: Option<ControlId>,
}

/// A command refused before it changed anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Refusal {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Refusal {
    pub(crate) fn new(code: &'static str, message: String) -> Self {
        Self { code, message }
    }

    /// `INVALID_STATE`: the moment does not allow `command`.
    pub(crate) fn state(command: &str, needs: &str) -> Self {
        Self::new(
            "INVALID_STATE",
            format!("`{command}` is not allowed now; {needs}"),
        )
    }
}

/// The media side of a `sipLink`, settled before the simulator is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SipMedia {
    /// No `sdp` in the params.
    NoOffer,
    /// The media stack answered (None: without media).
    Answer(Option<String>),
    /// The media stack could not open the leg.
    Failed(MediaLegError),
}

impl SimState {
    /// Queues the reply to `ctx`'s request, addressed by session and request id, or to the
    /// face's control request.
    pub(crate) fn reply(&mut self, ctx: &Ctx, reply: Reply) {
        match &ctx.answer {
            None => self.sessions.reply(&ctx.session, ctx.id, reply),
            Some(id) => {
                let answer = serde_json::to_value(&reply).map_err(|e| ControlError {
                    status: 500,
                    error_code: "INTERNAL".into(),
                    message: e.to_string(),
                });
                self.sessions.answer(CoreOutput::Answer {
                    id: id.clone(),
                    answer,
                });
            }
        }
    }

    /// A face's `Act` for an agent without a live session.
    pub(crate) fn act_refused(&mut self, id: ControlId, key: &AgentKey) {
        let answer = Err(ControlError {
            status: 409,
            error_code: "NOT_LOGGED_IN".into(),
            message: format!(
                "agent {} of tenant {} has no session; log in first",
                key.agent_no, key.tenant_id
            ),
        });
        self.sessions.answer(CoreOutput::Answer { id, answer });
    }

    /// The success reply, with `data`.
    pub(crate) fn ok(&mut self, ctx: &Ctx, data: Value) {
        self.reply(ctx, ok_reply(ctx.id, data));
    }

    fn refuse(&mut self, ctx: &Ctx, refusal: &Refusal) {
        self.reply(
            ctx,
            error_reply(ctx.id, refusal.code, refusal.message.clone()),
        );
    }

    /// True while a client plays agent `key` in session `session` (it logged in there).
    pub(crate) fn plays_in(&self, key: &AgentKey, session: &str) -> bool {
        self.agents.get(key).is_some_and(
            |a| matches!(&a.presence, Presence::Real { session_id } if session_id == session),
        )
    }

    /// The agent's status as session `session` knows it: offline unless it logged in there.
    pub(crate) fn status_in(&self, key: &AgentKey, session: &str) -> AgentStatus {
        match self.agents.get(key) {
            Some(a) if self.plays_in(key, session) => a.status.clone(),
            _ => AgentStatus::offline(state_action::LOGOUT),
        }
    }

    /// Runs `action` for `ctx`. The caller checked that `ctx.session` is the agent's, live.
    pub(crate) fn command(
        &mut self,
        ctx: &Ctx,
        action: &str,
        params: &Map<String, Value>,
        sip: SipMedia,
    ) {
        if matches!(action, "login" | "logout" | "pause" | "unpause") {
            return match Command::parse(action, params) {
                Ok(command) => self.status_command(ctx, &command),
                Err(e) => self.reply(ctx, e.reply(ctx.id)),
            };
        }
        let Some(call_action) = CallAction::from_name(action) else {
            return self.reply(
                ctx,
                RequestError::UnknownAction(action.to_owned()).reply(ctx.id),
            );
        };
        // The SDK adds the softphone's SDP offer to `sipLink` on the wire (docs/protocol.md §10);
        // the page's own argument, which the engine's parser checks, has none.
        let mut checked = params.clone();
        if call_action == CallAction::SipLink {
            if checked
                .get("sdp")
                .is_some_and(|sdp| !sdp.is_string() && !sdp.is_null())
            {
                let refusal = Refusal::new(
                    "BAD_REQUEST",
                    "`sipLink` params: `sdp` must be a string".to_owned(),
                );
                return self.refuse(ctx, &refusal);
            }
            checked.remove("sdp");
        }
        let command = match CallCommand::parse(call_action, Value::Object(checked)) {
            Ok(command) => command,
            Err(e) => {
                let refusal = Refusal::new("BAD_REQUEST", format!("`{action}` params: {e}"));
                return self.refuse(ctx, &refusal);
            }
        };
        if let Err(refusal) = self.call_command(ctx, &command, sip) {
            self.refuse(ctx, &refusal);
        }
    }

    /// login, logout, pause, unpause: the core owns the agent's status and moves it with
    /// agentdesk's own `apply` (the engine's transition table, so both sides agree), then the
    /// simulator follows (extension registration, wrap-up ended early, the seat taken). On the
    /// wire: the reply, then the events (docs/protocol.md §3).
    fn status_command(&mut self, ctx: &Ctx, command: &Command) {
        let key = &ctx.key;
        let Some(change) = command.change() else {
            return;
        };
        let Some((role, presence)) = self.agents.get(key).map(|a| (a.role, a.presence.clone()))
        else {
            return;
        };
        let current = self.status_in(key, &ctx.session);
        let is_login = matches!(change, StatusChange::Login { .. });
        let next = match apply(&current, change) {
            Ok(next) => next,
            Err(e) if !is_login && !current.is_logged_in() => {
                return self.reply(ctx, RequestError::NotLoggedIn(e).reply(ctx.id))
            }
            Err(e) => return self.reply(ctx, RequestError::InvalidState(e).reply(ctx.id)),
        };
        if is_login {
            // A client takes the seat: the bot, or an older login of the agent, goes.
            let stale = match &presence {
                Presence::Bot => true,
                Presence::Real { session_id } => *session_id != ctx.session,
                Presence::Offline => false,
            };
            if stale {
                self.vanish(key);
            }
        }
        let data = match command {
            Command::Login { .. } => json!({ "role": role.as_str() }),
            _ => json!({}),
        };
        self.ok(ctx, data);
        match command {
            Command::Login { endpoint, .. } => {
                let init = SessionInitEvent {
                    tenant_id: key.tenant_id.clone(),
                    agent_no: key.agent_no.clone(),
                    session_id: ctx.session.clone(),
                };
                self.sessions
                    .emit(&ctx.session, CatalogEvent::SessionInit(init));
                if let Some(agent) = self.agents.get_mut(key) {
                    agent.presence = Presence::Real {
                        session_id: ctx.session.clone(),
                    };
                    agent.endpoint_type = endpoint.endpoint_type;
                    agent.endpoint = endpoint.endpoint.clone();
                    agent.activity = Activity::Free;
                    agent.prior = None;
                    agent.sip = false;
                    agent.flows = flows::FlowState::default();
                }
                self.adopt(key, next);
                if endpoint.endpoint_type == 2 {
                    self.start_registration(key);
                }
            }
            Command::Change(StatusChange::Logout) => {
                let extension = self.agents.get(key).is_some_and(|a| a.endpoint_type == 2);
                if extension {
                    let event = self.exten_unregistered_event(key);
                    self.send(key, event);
                }
                let action = next.state_action.clone();
                self.adopt(key, next);
                self.terminate(&ctx.session, key, crate::port::EndReason::Logout);
                self.sign_off(key, &action);
            }
            _ => self.adopt(key, next),
        }
    }

    /// Takes a status the agent's own command made (login, pause, unpause, logout): tells the
    /// agent, ends any wrap-up early.
    fn adopt(&mut self, key: &AgentKey, status: AgentStatus) {
        let now = self.now;
        let now_ms = self.now_ms();
        let Some(agent) = self.agents.get_mut(key) else {
            return;
        };
        if status.state == agentdesk_core::agent::AgentState::Idle {
            agent.idle_since = now;
        }
        let before = agent.counts();
        agent.flows.on_status(&status);
        agent.status = status.clone();
        agent.since_ms = now_ms;
        agent.prior = None;
        agent.wrapup_epoch += 1;
        self.status_changed(key, before, status);
    }

    /// The call and supervisor commands (docs/flows.md §3–§7).
    fn call_command(
        &mut self,
        ctx: &Ctx,
        command: &CallCommand,
        sip: SipMedia,
    ) -> Result<(), Refusal> {
        let key = ctx.key.clone();
        let Some(agent) = self.agents.get(&key) else {
            return Err(Refusal::new("NOT_LOGGED_IN", "unknown agent".to_owned()));
        };
        let logged_in = self.plays_in(&key, &ctx.session);
        if !logged_in {
            let message = format!(
                "`{}` needs a logged-in session; log in first",
                command.action.name()
            );
            return Err(Refusal::new("NOT_LOGGED_IN", message));
        }
        let view = View {
            status: &agent.status,
            flows: &agent.flows,
            supervisor: agent.role == Role::Supervisor,
            endpoint_type: agent.endpoint_type,
        };
        flows::check(command, &view).map_err(|r| Refusal::new(r.code.as_str(), r.message))?;
        let p = &command.params;
        use CallAction as A;
        match command.action {
            A::PreviewObCall => self.preview_start(ctx, p),
            A::Hangup => {
                self.ok(ctx, json!({}));
                self.agent_hangup(&key, false);
                Ok(())
            }
            A::Hold | A::Unhold | A::Mute | A::Unmute => self.talk_action(ctx, command.action),
            A::SendDtmf => {
                self.ok(ctx, json!({}));
                Ok(())
            }
            A::SipLink => self.sip_link(ctx, sip),
            A::SipUnlink => self.sip_unlink(ctx),
            A::StartAtxfer => {
                let target_type = p.get("targetType").and_then(Value::as_i64).unwrap_or(-1);
                let target = p
                    .get("target")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                self.start_consult(ctx, target_type, &target)
            }
            A::CancelAtxfer => self.cancel_consult(ctx),
            A::ResumeAtxfer => self.resume_consult(ctx),
            A::CompleteAtxfer => self.complete_consult(ctx),
            A::ThreewayAtxfer => self.threeway_consult(ctx),
            A::Blxfer => self.blind_transfer(ctx, p),
            A::TransferIvr => self.transfer_ivr(ctx, p),
            A::Spy => self.monitor_start(ctx, MonitorMode::Spy, p),
            A::Whisper => self.monitor_start(ctx, MonitorMode::Whisper, p),
            A::Threeway => self.monitor_start(ctx, MonitorMode::Threeway, p),
            A::Barge => self.monitor_start(ctx, MonitorMode::Barge, p),
            A::Unspy => self.monitor_stop(ctx, MonitorMode::Spy, "unspy"),
            A::Unwhisper => self.monitor_stop(ctx, MonitorMode::Whisper, "unwhisper"),
            A::Unthreeway => self.monitor_stop(ctx, MonitorMode::Threeway, "unthreeway"),
            A::Unbarge => self.monitor_stop(ctx, MonitorMode::Barge, "unbarge"),
            A::Disconnect => self.disconnect(ctx, p),
            A::SetPause => self.set_pause(ctx, p),
            A::SetUnpause => self.set_unpause(ctx, p),
            A::SetOffline => self.set_offline(ctx, p),
            A::SubscribeQueueStatus => self.subscribe(ctx, p),
            A::UnsubscribeQueueStatus => self.unsubscribe(ctx),
        }
    }
}
