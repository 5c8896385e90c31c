//! Follows the flows from the events the gateway sends, so the engine knows, without asking,
//! which commands the current moment allows (docs/flows.md).

use super::steps::{Consult, ConsultDialing, Monitor, MonitorMode, Preview};
use crate::agent::{AgentState, AgentStatus};
#[cfg(feature = "json")]
use crate::events::CatalogEvent;
use crate::events::{EventFacts, EventType};
use crate::json::Params;

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
    pub queue_subscription: Option<Params>,
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
        let on_call = matches!(
            status.state,
            AgentState::Calling | AgentState::Ringing | AgentState::Talking
        );
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
    #[cfg(feature = "json")]
    pub fn on_event(&mut self, me: &str, event: &CatalogEvent) {
        self.on_facts(me, event.event_type(), &event.facts());
    }

    /// Applies what the engine reads of a catalog event (`me` is the agent's agentNo): the consult
    /// and preview steps of the agent's own calls, and the monitor steps the agent started.
    pub fn on_facts(&mut self, me: &str, event_type: EventType, facts: &EventFacts<'_>) {
        use EventType as T;
        let mine = facts.agent == Some(me);
        let started = facts.initiator == Some(me);
        let main_unique_id = || facts.main_unique_id.unwrap_or_default().to_owned();
        match event_type {
            T::AtxferStart if mine => {
                self.consult = Some(Consult::Dialing(ConsultDialing {
                    main_unique_id: main_unique_id(),
                }));
            }
            T::AtxferLink if mine => {
                if let Some(Consult::Dialing(step)) = self.consult.take() {
                    let target = facts.target.unwrap_or_default().to_owned();
                    self.consult = Some(Consult::Linked(
                        step.link(target, facts.target_type.unwrap_or_default()),
                    ));
                }
            }
            T::ThreewayAtxferResult if mine => {
                if let Some(Consult::Linked(step)) = self.consult.take() {
                    self.consult = Some(Consult::ThreeWay(step.three_way()));
                }
            }
            T::AtxferEnded | T::AtxferError | T::AtxferThreewayUnlink | T::CompleteAtxferResult
                if mine =>
            {
                self.consult = None;
            }
            T::PreviewObCallStart if mine => {
                self.preview = Some(Preview::Dialing {
                    main_unique_id: main_unique_id(),
                })
            }
            T::PreviewObCallRinging if mine => {
                self.preview = Some(Preview::CustomerRinging {
                    main_unique_id: main_unique_id(),
                });
            }
            T::PreviewObCallBridge if mine => {
                self.preview = Some(Preview::Bridged {
                    main_unique_id: main_unique_id(),
                })
            }
            T::PreviewObCallResult if mine => self.preview = None,
            _ if !started => {}
            T::SpyResult | T::WhisperResult | T::ThreewayResult | T::BargeResult => {
                let mode = match event_type {
                    T::SpyResult => MonitorMode::Spy,
                    T::WhisperResult => MonitorMode::Whisper,
                    T::ThreewayResult => MonitorMode::Threeway,
                    _ => MonitorMode::Barge,
                };
                let target = facts.target.unwrap_or_default();
                self.on_result(mode, target, facts.result.unwrap_or_default());
            }
            T::SpyLink => self.on_link(MonitorMode::Spy),
            T::WhisperLink => self.on_link(MonitorMode::Whisper),
            T::ThreewayLink => self.on_link(MonitorMode::Threeway),
            T::BargeLink => self.on_link(MonitorMode::Barge),
            T::SpyUnlink => self.on_unlink(MonitorMode::Spy),
            T::WhisperUnlink => self.on_unlink(MonitorMode::Whisper),
            T::ThreewayUnlink => self.on_unlink(MonitorMode::Threeway),
            T::BargeUnlink => self.on_unlink(MonitorMode::Barge),
            _ => {}
        }
    }

    fn on_result(&mut self, mode: MonitorMode, target: &str, result: &str) {
        if result == "success" {
            self.monitor = Some(Monitor::Requested {
                mode,
                target: target.to_owned(),
            });
        }
    }

    fn on_link(&mut self, mode: MonitorMode) {
        if let Some(monitor) = self.monitor.take() {
            self.monitor = Some(if monitor.mode() == mode {
                monitor.link()
            } else {
                monitor
            });
        }
    }

    fn on_unlink(&mut self, mode: MonitorMode) {
        if self.monitor.as_ref().is_some_and(|m| m.mode() == mode) {
            self.monitor = None;
        }
    }
}
