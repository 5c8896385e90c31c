//! `agentStatus` → agent happenings: login and logout, ready and away, wrap-up, and the call
//! moments only a status change tells (answer, hangup, reject, rescind, mute). The stateAction
//! values are docs/flows.md §2's and docs/agent-status.md's.

use crate::agent::{AgentState, AgentStatus};

use super::super::happening::{
    CallRef, Happening, LeaveReason, Leg, Presence, RescindReason, SessionEnd,
};
use super::{Observer, Out};

/// The stateAction values read here (docs/flows.md §2).
mod action {
    pub(super) const REJECT: &str = "reject";
    pub(super) const NO_ANSWER: &str = "noAnswer";
    pub(super) const ABANDONED: &str = "abandoned";
    pub(super) const MUTE: &str = "mute";
    pub(super) const UNMUTE: &str = "unmute";
    pub(super) const CUSTOMER_HANGUP: &str = "customerHangup";
    pub(super) const FORCED_HANGUP: &str = "forcedHangup";
    pub(super) const TRANSFERRED: &str = "transferred";
}

fn leave_reason(state_action: &str) -> LeaveReason {
    match state_action {
        action::CUSTOMER_HANGUP => LeaveReason::CustomerHangup,
        action::FORCED_HANGUP => LeaveReason::ForcedHangup,
        action::TRANSFERRED => LeaveReason::Transferred,
        _ => LeaveReason::Hangup,
    }
}

impl Observer {
    pub(super) fn on_status(&mut self, out: &mut Out, agent_no: &str, new: &AgentStatus) {
        let entry = self.agent_mut(agent_no);
        if entry.status.as_ref() == Some(new) {
            // A repeat (a resumed stream replaying): nothing happened.
            return;
        }
        let previous = entry
            .status
            .as_ref()
            .map_or(AgentState::Offline, |s| s.state);
        let previous_presence = entry.presence();
        let previous_call = entry.call.as_ref().map(|(c, _)| c.clone());
        let agent = self.agent_ref(agent_no);
        // Before the call moments, which forget a call that ended.
        let previous_call_ref = previous_call
            .as_deref()
            .and_then(|c| self.calls.get(c))
            .map(|c| c.call.clone());

        self.call_moments(out, agent_no, previous, new);

        let state = new.state;
        if previous == AgentState::Offline && new.is_logged_in() {
            out.push(Happening::AgentLoggedIn {
                agent: agent.clone(),
                status: new.clone(),
            });
        }
        if state == AgentState::Offline && previous != AgentState::Offline {
            out.push(Happening::AgentLoggedOut {
                agent: agent.clone(),
                reason: new.state_action.clone(),
            });
        }
        if state == AgentState::Wrapup && previous != AgentState::Wrapup {
            let call = previous_call_ref;
            out.push(Happening::WrapupStarted {
                agent: agent.clone(),
                call,
                seconds: new.wrapup_time,
            });
        }
        if previous == AgentState::Wrapup && state != AgentState::Wrapup {
            out.push(Happening::WrapupEnded {
                agent: agent.clone(),
            });
        }
        if state == AgentState::Idle && previous != AgentState::Idle {
            out.push(Happening::AgentReady {
                agent: agent.clone(),
            });
        }
        let queues: Vec<String> = self
            .agents
            .get(agent_no)
            .map(|a| a.queues.iter().cloned().collect())
            .unwrap_or_default();
        if state == AgentState::Busy && previous != AgentState::Busy {
            out.push(Happening::AgentAway {
                agent: agent.clone(),
                reason: new.pause_description.clone(),
            });
            for queue in &queues {
                out.push(Happening::MemberPaused {
                    queue: queue.clone(),
                    agent: agent.clone(),
                });
            }
        }
        if previous == AgentState::Busy && state != AgentState::Busy && new.is_logged_in() {
            for queue in &queues {
                out.push(Happening::MemberResumed {
                    queue: queue.clone(),
                    agent: agent.clone(),
                });
            }
        }
        out.push(Happening::AgentStatusChanged {
            agent: agent.clone(),
            status: new.clone(),
            previous,
        });

        let entry = self.agent_mut(agent_no);
        entry.status = Some(new.clone());
        if !new.is_logged_in()
            || matches!(
                state,
                AgentState::Idle | AgentState::Busy | AgentState::Wrapup
            )
        {
            entry.call = None;
        }
        self.presence_moment(out, agent_no, previous_presence, previous_call);
    }

    /// `AgentPresence` when the agent's presence or current call differs from `previous`.
    pub(super) fn presence_moment(
        &self,
        out: &mut Out,
        agent_no: &str,
        previous: Presence,
        previous_call: Option<String>,
    ) {
        let Some(entry) = self.agents.get(agent_no) else {
            return;
        };
        let call_id = entry.call.as_ref().map(|(c, _)| c.clone());
        let presence = entry.presence();
        if presence != previous || call_id != previous_call {
            let queues = entry.queues.iter().cloned().collect();
            let roster = self.roster();
            let agent = self.agent_ref(agent_no);
            out.push(Happening::AgentPresence {
                agent,
                presence,
                previous,
                call_id,
                queues,
                roster,
            });
        }
    }

    /// The agent's call as this status names it, created when the observer missed its start
    /// (it began before the observer did).
    fn status_call(
        &mut self,
        out: &mut Out,
        agent_no: &str,
        status: &AgentStatus,
    ) -> Option<(CallRef, Leg)> {
        if let Some((id, leg)) = self.agents.get(agent_no).and_then(|a| a.call.clone()) {
            if let Some(call) = self.calls.get(&id) {
                return Some((call.call.clone(), leg));
            }
        }
        let id = status.main_unique_id.clone()?;
        let template = CallRef {
            call_id: id.clone(),
            queue: None,
            customer_number: String::new(),
            call_type: status.call_type.unwrap_or(1),
        };
        let call = self.call_or_create(out, template);
        self.agent_mut(agent_no).call = Some((id, Leg::Customer));
        Some((call, Leg::Customer))
    }

    /// The call moments a status change tells, before the agent-level happenings.
    fn call_moments(
        &mut self,
        out: &mut Out,
        agent_no: &str,
        previous: AgentState,
        new: &AgentStatus,
    ) {
        let agent = self.agent_ref(agent_no);
        let on_call = matches!(
            previous,
            AgentState::Ringing | AgentState::Calling | AgentState::Talking
        );
        // A ringing or dialing status precedes its `ringing` / follows its `previewObCallStart`,
        // which carry the call's details: only a talking status may stand for a call the
        // observer missed the start of.
        let call = if on_call || new.state == AgentState::Talking {
            self.status_call(out, agent_no, new)
        } else {
            None
        };
        let Some((call, leg)) = call else { return };
        match new.state_action.as_str() {
            action::REJECT if previous == AgentState::Ringing => {
                out.push(Happening::OfferRejected {
                    agent: agent.clone(),
                    call: call.clone(),
                });
            }
            action::NO_ANSWER if previous == AgentState::Ringing => {
                if let Some(q) = call.queue.as_deref().and_then(|q| self.queues.get_mut(q)) {
                    q.stats.missed_offers += 1;
                }
                out.push(Happening::OfferRescinded {
                    agent: agent.clone(),
                    call: call.clone(),
                    reason: RescindReason::NoAnswer,
                });
            }
            action::ABANDONED if previous == AgentState::Ringing => {
                out.push(Happening::OfferRescinded {
                    agent: agent.clone(),
                    call: call.clone(),
                    reason: RescindReason::CallerHungUp,
                });
                if leg != Leg::Consult {
                    let waited_s = self.waited_s(out.at_ms, &call.call_id);
                    out.push(Happening::SessionDropped {
                        call: call.clone(),
                        waited_s,
                    });
                    self.calls.remove(&call.call_id);
                }
            }
            action::MUTE | action::UNMUTE => {
                let muted = new.state_action == action::MUTE;
                out.push(Happening::Muted {
                    agent: agent.clone(),
                    call: call.clone(),
                    muted,
                });
            }
            _ => {}
        }
        if new.state == AgentState::Talking
            && matches!(previous, AgentState::Ringing | AgentState::Calling)
        {
            out.push(Happening::CallAnswered {
                agent: agent.clone(),
                call: call.clone(),
                leg,
            });
            if leg != Leg::Consult {
                let waited_s = self.waited_s(out.at_ms, &call.call_id);
                if let Some(entry) = self.calls.get_mut(&call.call_id) {
                    entry.connected = true;
                }
                out.push(Happening::SessionConnected {
                    call: call.clone(),
                    agent: agent.clone(),
                    waited_s,
                });
            }
        }
        if previous == AgentState::Talking && new.state != AgentState::Talking {
            let reason = leave_reason(&new.state_action);
            out.push(Happening::CallLeft {
                agent: agent.clone(),
                call: call.clone(),
                leg,
                reason,
            });
            if leg != Leg::Consult {
                match reason {
                    LeaveReason::Transferred => {
                        out.push(Happening::SessionTransferred {
                            call: call.clone(),
                            from: agent,
                        });
                    }
                    LeaveReason::ForcedHangup => self.end_session(out, call, SessionEnd::Forced),
                    _ => self.end_session(out, call, SessionEnd::Completed),
                }
            }
        }
    }

    pub(super) fn end_session(&mut self, out: &mut Out, call: CallRef, end: SessionEnd) {
        self.calls.remove(&call.call_id);
        out.push(Happening::SessionEnded { call, end });
    }

    /// Seconds since the call came into being.
    pub(super) fn waited_s(&self, now_ms: i64, call_id: &str) -> u64 {
        let since = self.calls.get(call_id).map_or(now_ms, |c| c.created_ms);
        u64::try_from((now_ms - since).max(0) / 1000).unwrap_or(0)
    }
}
