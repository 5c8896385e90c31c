//! The payloads of the monitor events (seed 003 §3.11–§3.14), whose field naming the monitored
//! agent differs from event to event (`spiedCno`, `whisperedCno` / `whisperedAgentNo`,
//! `threewayedCno` / `threewayedAgentNo`, `bargedAgentNo` / `bargedCno`). In every one `agentNo`
//! is the receiver, `initiator` the supervisor, `initiatorType` 1 (docs/flows.md §7).

use agentdesk_core::events::{
    BargeLinkEvent, BargeResultEvent, BargeUnlinkEvent, CatalogEvent, SpyLinkEvent, SpyResultEvent,
    SpyUnlinkEvent, ThreewayLinkEvent, ThreewayResultEvent, ThreewayUnlinkEvent, WhisperLinkEvent,
    WhisperResultEvent, WhisperUnlinkEvent,
};
use agentdesk_core::flows::MonitorMode;

use crate::port::AgentKey;

/// `initiatorType` of a supervisor: an agent (seed 003 §3.11).
const AGENT: i64 = 1;

/// The supervisor and the monitored agent.
#[derive(Debug, Clone)]
pub(crate) struct Parties {
    pub(crate) sup: AgentKey,
    pub(crate) target: AgentKey,
}

/// `…Result` to the supervisor; `unique_id` is the monitored agent's leg.
pub(crate) fn result(
    p: &Parties,
    mode: MonitorMode,
    unique_id: &str,
    result: &str,
) -> CatalogEvent {
    let (tenant_id, agent_no) = (p.sup.tenant_id.clone(), p.sup.agent_no.clone());
    let (target, initiator) = (p.target.agent_no.clone(), p.sup.agent_no.clone());
    let (unique_id, result) = (unique_id.to_owned(), result.to_owned());
    match mode {
        MonitorMode::Spy => CatalogEvent::SpyResult(SpyResultEvent {
            tenant_id,
            agent_no,
            spied_cno: target,
            initiator,
            initiator_type: AGENT,
            unique_id,
            result,
        }),
        MonitorMode::Whisper => CatalogEvent::WhisperResult(WhisperResultEvent {
            tenant_id,
            agent_no,
            whispered_cno: target,
            initiator,
            initiator_type: AGENT,
            unique_id,
            result,
        }),
        MonitorMode::Threeway => CatalogEvent::ThreewayResult(ThreewayResultEvent {
            tenant_id,
            agent_no,
            threewayed_cno: target,
            initiator,
            initiator_type: AGENT,
            unique_id,
            result,
        }),
        MonitorMode::Barge => CatalogEvent::BargeResult(BargeResultEvent {
            tenant_id,
            agent_no,
            barged_agent_no: target,
            initiator,
            initiator_type: AGENT,
            unique_id,
            result,
        }),
    }
}

/// `…Link` to `receiver`; `channel` is the supervisor's leg.
pub(crate) fn link(
    p: &Parties,
    receiver: &AgentKey,
    mode: MonitorMode,
    channel: &str,
) -> CatalogEvent {
    let (tenant_id, agent_no) = (receiver.tenant_id.clone(), receiver.agent_no.clone());
    let (target, initiator, channel) = (
        p.target.agent_no.clone(),
        p.sup.agent_no.clone(),
        channel.to_owned(),
    );
    match mode {
        MonitorMode::Spy => CatalogEvent::SpyLink(SpyLinkEvent {
            tenant_id,
            agent_no,
            spied_cno: target,
            initiator,
            initiator_type: AGENT,
            result: "success".to_owned(),
            channel,
        }),
        MonitorMode::Whisper => CatalogEvent::WhisperLink(WhisperLinkEvent {
            tenant_id,
            agent_no,
            whispered_cno: target,
            initiator,
            initiator_type: AGENT,
            channel,
        }),
        MonitorMode::Threeway => CatalogEvent::ThreewayLink(ThreewayLinkEvent {
            tenant_id,
            agent_no,
            threewayed_cno: target,
            initiator,
            initiator_type: AGENT,
            channel,
        }),
        MonitorMode::Barge => CatalogEvent::BargeLink(BargeLinkEvent {
            tenant_id,
            agent_no,
            barged_agent_no: target,
            initiator,
            initiator_type: AGENT,
            channel,
        }),
    }
}

/// `…Unlink` to `receiver`.
pub(crate) fn unlink(p: &Parties, receiver: &AgentKey, mode: MonitorMode) -> CatalogEvent {
    let (tenant_id, agent_no) = (receiver.tenant_id.clone(), receiver.agent_no.clone());
    let (target, initiator) = (p.target.agent_no.clone(), p.sup.agent_no.clone());
    match mode {
        MonitorMode::Spy => CatalogEvent::SpyUnlink(SpyUnlinkEvent {
            tenant_id,
            agent_no,
            spied_cno: target,
            initiator,
            initiator_type: AGENT,
        }),
        MonitorMode::Whisper => CatalogEvent::WhisperUnlink(WhisperUnlinkEvent {
            tenant_id,
            agent_no,
            whispered_agent_no: target,
            initiator,
            initiator_type: AGENT,
        }),
        MonitorMode::Threeway => CatalogEvent::ThreewayUnlink(ThreewayUnlinkEvent {
            tenant_id,
            agent_no,
            threewayed_agent_no: target,
            initiator,
            initiator_type: AGENT,
        }),
        MonitorMode::Barge => CatalogEvent::BargeUnlink(BargeUnlinkEvent {
            tenant_id,
            agent_no,
            barged_cno: target,
            initiator,
            initiator_type: AGENT,
        }),
    }
}
