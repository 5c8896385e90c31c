//! Control requests, as data (docs/gateway.md §7): each runs as one step of the core and is
//! answered with the endpoint's body, by the id the asking edge gave it.

use serde_json::json;

use crate::port::{AgentKey, ControlId, ControlRequest, CoreOutput};
use crate::sim::SimState;

use super::answered;

impl SimState {
    /// Runs control request `id`. A `stream` answers when its last event is out.
    pub(crate) fn control(&mut self, id: ControlId, request: ControlRequest) {
        let answer = match request {
            ControlRequest::PlaceCall(r) => answered(
                self.place_call(&r)
                    .map(|main| json!({ "mainUniqueId": main })),
            ),
            ControlRequest::CustomerHangup {
                tenant_id,
                agent_no,
            } => answered(
                self.hang_up_customer_of(&tenant_id, &agent_no)
                    .map(|main| json!({ "mainUniqueId": main })),
            ),
            ControlRequest::Callback {
                tenant_id,
                agent_no,
                customer_number,
            } => answered(
                self.callback_for(&tenant_id, &agent_no, customer_number)
                    .map(|id| json!({ "callbackId": id })),
            ),
            ControlRequest::SipDisconnect {
                tenant_id,
                agent_no,
                reason,
            } => answered(
                self.disconnect_sip(&tenant_id, &agent_no, reason.as_deref())
                    .map(|ended| json!({ "sipSessionEnded": ended })),
            ),
            ControlRequest::Stream {
                tenant_id,
                agent_no,
                count,
                interval_ms,
            } => {
                let key = AgentKey {
                    tenant_id,
                    agent_no,
                };
                match self.start_stream(id.clone(), &key, count, interval_ms) {
                    // Answered by the stream itself once done.
                    Ok(()) => return,
                    Err(e) => Err(e),
                }
            }
            ControlRequest::Revoke {
                tenant_id,
                agent_no,
            } => {
                let key = AgentKey {
                    tenant_id,
                    agent_no,
                };
                let ended = self.revoke(&key);
                Ok(json!({ "sessionEnded": ended }))
            }
            ControlRequest::ForgetAll => {
                let sessions = self.forget_all();
                Ok(json!({ "sessions": sessions }))
            }
            ControlRequest::Act {
                tenant_id,
                agent_no,
                ..
            } => {
                // Run as a command by `Core::handle_input`; only a session-less agent lands here.
                return self.act_refused(id, &Self::key(&tenant_id, &agent_no));
            }
            ControlRequest::Candidate {
                tenant_id,
                agent_no,
                candidate,
            } => {
                let linked = self
                    .agents
                    .get(&Self::key(&tenant_id, &agent_no))
                    .is_some_and(|a| a.sip);
                if linked {
                    let leg = crate::sim::SoftphoneLeg {
                        tenant_id,
                        agent_no,
                    };
                    self.media.candidate(leg, candidate);
                }
                Ok(json!({ "forwarded": linked }))
            }
        };
        self.sessions.answer(CoreOutput::Answer { id, answer });
    }
}
