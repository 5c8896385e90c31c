//! Follows the flows from the events the gateway sends, so the engine knows, without asking,
//! which commands the current moment allows (docs/flows.md).

use serde_json::Value;

use super::steps::{Consult, ConsultDialing, Monitor, MonitorMode, Preview};
use crate::agent::{AgentState, AgentStatus};
use crate::events::CatalogEvent;

/// Where the agent's flows stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowState {
    /// The running consult, if any.
    pub consult: Option<Consult>,
    /// The running preview outbound call, if any.
    pub preview: Option<Preview>,
    /// The supervisor's running monitor, if any.
    pub monitor: Option<Monitor>,
    /// The customer is on hold.
    pub held: bool,
    /// The agent's microphone is muted.
    pub muted: bool,
    /// The last `subscribeQueueStatus` argument, while subscribed: resubscribed after the
    /// gateway lost the session (docs/protocol.md §5).
    pub queue_subscription: Option<serde_json::Map<String, Value>>,
}

impl FlowState {
    /// Applies one of the agent's own status changes.
    pub fn on_status(&mut self, status: &AgentStatus) {
        match status.state_action.as_str() {
            "hold" => self.held = true,
            "unhold" => self.held = false,
            "mute" => self.muted = true,
            "unmute" => self.muted = false,
            _ => {}
        }
        let on_call = matches!(status.state, AgentState::Calling | AgentState::Ringing | AgentState::Talking);
        if !on_call {
            // The call is over: nothing of it survives.
            self.consult = None;
            self.held = false;
            self.muted = false;
            if !matches!(self.preview, Some(Preview::Requested)) {
                self.preview = None;
            }
            if status.state == AgentState::Offline {
                self.monitor = None;
                self.queue_subscription = None;
                self.preview = None;
            }
        }
    }

    /// Applies a catalog event addressed to this agent (`me` is its agentNo).
    pub fn on_event(&mut self, me: &str, event: &CatalogEvent) {
        use CatalogEvent as E;
        match event {
            E::AtxferStart(e) if e.agent_no == me => {
                self.consult = Some(Consult::Dialing(ConsultDialing { main_unique_id: e.main_unique_id.clone() }));
            }
            E::AtxferLink(e) if e.agent_no == me => {
                if let Some(Consult::Dialing(step)) = self.consult.take() {
                    self.consult = Some(Consult::Linked(step.link(e.target.clone(), e.target_type)));
                }
            }
            E::ThreewayAtxferResult(e) if e.agent_no == me => {
                if let Some(Consult::Linked(step)) = self.consult.take() {
                    self.consult = Some(Consult::ThreeWay(step.three_way()));
                }
            }
            E::AtxferEnded(e) if e.agent_no == me => self.consult = None,
            E::AtxferError(e) if e.agent_no == me => self.consult = None,
            E::AtxferThreewayUnlink(e) if e.agent_no == me => self.consult = None,
            E::CompleteAtxferResult(e) if e.agent_no == me => self.consult = None,
            E::PreviewObCallStart(e) if e.agent_no == me => {
                self.preview = Some(Preview::Dialing { main_unique_id: e.main_unique_id.clone() });
            }
            E::PreviewObCallRinging(e) if e.agent_no == me => {
                self.preview = Some(Preview::CustomerRinging { main_unique_id: e.main_unique_id.clone() });
            }
            E::PreviewObCallBridge(e) if e.agent_no == me => {
                self.preview = Some(Preview::Bridged { main_unique_id: e.main_unique_id.clone() });
            }
            E::PreviewObCallResult(e) if e.agent_no == me => self.preview = None,
            E::SpyResult(e) if e.initiator == me => self.on_result(MonitorMode::Spy, &e.spied_cno, &e.result),
            E::WhisperResult(e) if e.initiator == me => self.on_result(MonitorMode::Whisper, &e.whispered_cno, &e.result),
            E::ThreewayResult(e) if e.initiator == me => self.on_result(MonitorMode::Threeway, &e.threewayed_cno, &e.result),
            E::BargeResult(e) if e.initiator == me => self.on_result(MonitorMode::Barge, &e.barged_agent_no, &e.result),
            E::SpyLink(e) if e.initiator == me => self.on_link(MonitorMode::Spy),
            E::WhisperLink(e) if e.initiator == me => self.on_link(MonitorMode::Whisper),
            E::ThreewayLink(e) if e.initiator == me => self.on_link(MonitorMode::Threeway),
            E::BargeLink(e) if e.initiator == me => self.on_link(MonitorMode::Barge),
            E::SpyUnlink(e) if e.initiator == me => self.on_unlink(MonitorMode::Spy),
            E::WhisperUnlink(e) if e.initiator == me => self.on_unlink(MonitorMode::Whisper),
            E::ThreewayUnlink(e) if e.initiator == me => self.on_unlink(MonitorMode::Threeway),
            E::BargeUnlink(e) if e.initiator == me => self.on_unlink(MonitorMode::Barge),
            _ => {}
        }
    }

    fn on_result(&mut self, mode: MonitorMode, target: &str, result: &str) {
        if result == "success" {
            self.monitor = Some(Monitor::Requested { mode, target: target.to_owned() });
        }
    }

    fn on_link(&mut self, mode: MonitorMode) {
        if let Some(monitor) = self.monitor.take() {
            self.monitor = Some(if monitor.mode() == mode { monitor.link() } else { monitor });
        }
    }

    fn on_unlink(&mut self, mode: MonitorMode) {
        if self.monitor.as_ref().is_some_and(|m| m.mode() == mode) {
            self.monitor = None;
        }
    }
}
