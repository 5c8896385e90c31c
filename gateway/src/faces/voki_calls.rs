//! What a Voki client asks on `call:{call_id}` (seed 004 "Events Sent by Client"), carried to the
//! core as the agent's own commands (`ControlRequest::Act`), never by touching the simulator:
//!
//! - `mute {type: "audio", muted}` → the core's `mute` / `unmute`;
//! - `signal {type: "offer", sdp}` → the core's `sipLink` with the offer: the gateway's media side
//!   opens the softphone leg (answering a ringing call), and the answer comes back as the
//!   server's `signal {type: "answer", sdp}`, its candidates also pushed as `ice_candidate`s for
//!   a client that waits for trickled ones;
//! - `ice_candidate` → the leg's remote candidates, on the media of the core's node.
//!
//! Each is answered by `phx_reply` once the core has (the push's ref matches it); a push on a
//! call the agent is no longer on is refused.

use std::time::Duration;

use agentdesk_core::dialects::phoenix::{
    client_push, sdp_candidates, MediaSignal, Message, PushAction, Topic,
};
use serde_json::{Map, Value};

use crate::port::{ControlAnswer, ControlRequest};

use super::voki::Voki;

/// What a finished push was.
#[derive(Debug)]
pub(super) enum Asked {
    /// A command; the reply carries nothing.
    Command,
    /// An SDP offer: the answer goes out as `signal`.
    Offer,
    /// A trickled candidate.
    Candidate,
}

/// A push the core has answered.
#[derive(Debug)]
pub(super) struct Done {
    message: Message,
    asked: Asked,
    answer: ControlAnswer,
}

/// How long until Unix second `at`, from now (zero when past).
pub(super) fn until(at: u64) -> Duration {
    Duration::from_millis((at * 1000).saturating_sub(crate::unix_ms()))
}

/// The command's reply (`{code, message, data}`, docs/protocol.md §3) as a push's outcome.
fn outcome(answer: ControlAnswer) -> Result<Value, String> {
    let reply = answer.map_err(|e| e.message)?;
    if reply.get("code").and_then(Value::as_i64) == Some(0) {
        Ok(reply.get("data").cloned().unwrap_or(Value::Null))
    } else {
        Err(reply
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("refused")
            .to_owned())
    }
}

impl Voki {
    /// A push on a joined topic.
    pub(super) fn push(&mut self, topic: &Topic, message: Message) {
        let action = match client_push(topic, &message.event, &message.payload) {
            Ok(action) => action,
            Err(e) => return self.reply(&message, Err(e.to_string())),
        };
        let (tenant_id, agent_no) = (self.identity.tenant.clone(), self.identity.agent_no.clone());
        let (request, asked) = match action {
            PushAction::Core(command) => (
                ControlRequest::Act {
                    tenant_id,
                    agent_no,
                    action: command.wire_action().to_owned(),
                    params: wire_params_map(&command),
                },
                Asked::Command,
            ),
            PushAction::Media { call_id, signal } => {
                if !self.feed.on_call(Some(&self.identity.agent_no), &call_id) {
                    return self.reply(&message, Err("you are not on this call".to_owned()));
                }
                match signal {
                    MediaSignal::Description { offer: true, sdp } => {
                        let mut params = Map::new();
                        params.insert("sdp".into(), Value::String(sdp));
                        (
                            ControlRequest::Act {
                                tenant_id,
                                agent_no,
                                action: "sipLink".into(),
                                params,
                            },
                            Asked::Offer,
                        )
                    }
                    MediaSignal::Description { offer: false, .. } => {
                        return self.reply(
                            &message,
                            Err("the gateway answers offers and makes none: send an offer"
                                .to_owned()),
                        );
                    }
                    MediaSignal::Candidate { candidate, .. } => (
                        ControlRequest::Candidate {
                            tenant_id,
                            agent_no,
                            candidate,
                        },
                        Asked::Candidate,
                    ),
                }
            }
        };
        match asked {
            // The leg opens with the offer; a candidate trickled meanwhile waits for it.
            Asked::Candidate if self.offering => return self.held.push((message, request)),
            Asked::Offer => self.offering = true,
            _ => {}
        }
        self.ask(message, asked, request);
    }

    /// Sends `request` to the core; its answer comes back to the socket's loop.
    fn ask(&self, message: Message, asked: Asked, request: ControlRequest) {
        let (state, done) = (std::sync::Arc::clone(&self.state), self.done.clone());
        tokio::spawn(async move {
            let answer = state.edge.control(request).await;
            let _ = done
                .send(Done {
                    message,
                    asked,
                    answer,
                })
                .await;
        });
    }

    /// The core answered a push.
    pub(super) fn answered(&mut self, done: Done) {
        let Done {
            message,
            asked,
            answer,
        } = done;
        match asked {
            Asked::Command => self.reply(&message, outcome(answer).map(|_| Map::new())),
            Asked::Candidate => {
                let forwarded = answer
                    .ok()
                    .and_then(|a| a.get("forwarded").cloned())
                    .unwrap_or(Value::Bool(false));
                let mut response = Map::new();
                response.insert("forwarded".into(), forwarded);
                self.reply(&message, Ok(response));
            }
            Asked::Offer => {
                self.offering = false;
                for (message, request) in std::mem::take(&mut self.held) {
                    self.ask(message, Asked::Candidate, request);
                }
                self.offered(&message, answer);
            }
        }
    }

    /// The core answered an offer: the reply, then the answer and its candidates.
    fn offered(&self, message: &Message, answer: ControlAnswer) {
        match outcome(answer) {
            Err(reason) => self.reply(message, Err(reason)),
            Ok(data) => {
                let sdp = data.get("sdp").and_then(Value::as_str).map(str::to_owned);
                let mut response = Map::new();
                response.insert("media".into(), Value::Bool(sdp.is_some()));
                self.reply(message, Ok(response));
                if let Some(sdp) = sdp {
                    self.signal(&message.topic, &sdp);
                }
            }
        }
    }

    /// The gateway's answer, then its candidates one by one.
    fn signal(&self, topic: &str, sdp: &str) {
        let answer = MediaSignal::Description {
            offer: false,
            sdp: sdp.to_owned(),
        };
        for signal in std::iter::once(answer).chain(sdp_candidates(sdp)) {
            let (event, payload) = signal.to_payload();
            let Value::Object(payload) = payload else {
                continue;
            };
            if let Some(push) = self.channels.push(topic, event, payload) {
                if !self.send(&push) {
                    return;
                }
            }
        }
    }
}

/// A core command's wire params as the object a control request carries (the engine writes them
/// as JSON text; it always writes an object).
fn wire_params_map(command: &agentdesk_core::command::Command) -> Map<String, Value> {
    match command.wire_params().to_value() {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::port::ControlError;
    use serde_json::json;

    #[test]
    fn a_commands_reply_reads_as_ok_or_as_its_message() {
        assert_eq!(
            outcome(Ok(
                json!({"code": 0, "message": "ok", "data": {"sdp": "v=0"}})
            )),
            Ok(json!({"sdp": "v=0"}))
        );
        assert_eq!(
            outcome(Ok(
                json!({"code": -1, "message": "`mute` is not allowed now"})
            )),
            Err("`mute` is not allowed now".to_owned())
        );
        let refused = ControlError {
            status: 409,
            error_code: "NOT_LOGGED_IN".into(),
            message: "agent 1 has no session".into(),
        };
        assert_eq!(
            outcome(Err(refused)),
            Err("agent 1 has no session".to_owned())
        );
    }
}
