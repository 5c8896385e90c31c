//! Generated from the dialects' mapping tables (`dialects::<dialect>::mapping::TABLE`) by the
//! test `dialects::docs`; do not edit: change the table, then run
//! `AGENTDESK_BLESS=1 cargo test -p agentdesk-core dialects::docs`.

#[allow(unused_imports)]
use super::{CatalogSide, Meaning, Stage};
#[allow(unused_imports)]
use crate::agent::AgentState;
use crate::events::EventType;

/// PHOENIX's rows with a catalog meaning.
pub(super) static PHOENIX: &[Meaning] = &[
    Meaning { address: "queue:{queue}", event: "call_assigned", discriminator: None, catalog: CatalogSide::Event(EventType::Ringing), picks: &[("agentNo", "/user_id"), ("mainUniqueId", "/call_id"), ("queueNo", "{queue}")] },
    Meaning { address: "queue:{queue}", event: "queue_update", discriminator: None, catalog: CatalogSide::Event(EventType::QueueStatus), picks: &[("queueStatus.{queue}.queueParams.queueNo", "{queue}"), ("#queueStatus.{queue}.queueParams.waiting", "/queue_size")] },
    Meaning { address: "call:{call}", event: "participant_joined", discriminator: Some(("role", "attendant")), catalog: CatalogSide::Status(AgentState::Talking), picks: &[("agentNo", "/user_id"), ("status.mainUniqueId", "{call}")] },
    Meaning { address: "call:{call}", event: "monitor_start", discriminator: None, catalog: CatalogSide::Event(EventType::SpyLink), picks: &[("agentNo", "/supervisor_id"), ("initiator", "/supervisor_id")] },
    Meaning { address: "call:{call}", event: "whisper_start", discriminator: None, catalog: CatalogSide::Event(EventType::WhisperLink), picks: &[("agentNo", "/supervisor_id"), ("initiator", "/supervisor_id")] },
    Meaning { address: "call:{call}", event: "barge_start", discriminator: None, catalog: CatalogSide::Event(EventType::BargeLink), picks: &[("agentNo", "/supervisor_id"), ("initiator", "/supervisor_id")] },
    Meaning { address: "call:{call}", event: "participant_joined", discriminator: Some(("role", "supervisor")), catalog: CatalogSide::Event(EventType::ThreewayLink), picks: &[("agentNo", "/user_id"), ("initiator", "/user_id")] },
    Meaning { address: "call:{call}", event: "participant_left", discriminator: Some(("role", "attendant")), catalog: CatalogSide::Status(AgentState::Wrapup), picks: &[("agentNo", "/user_id"), ("status.mainUniqueId", "{call}")] },
    Meaning { address: "call:{call}", event: "mute", discriminator: None, catalog: CatalogSide::Status(AgentState::Talking), picks: &[("agentNo", "/user_id"), ("status.mainUniqueId", "{call}")] },
    Meaning { address: "notification:{user}", event: "new_notification", discriminator: Some(("type", "call_assigned")), catalog: CatalogSide::Event(EventType::Ringing), picks: &[("agentNo", "{user}"), ("mainUniqueId", "/data/call_id")] },
    Meaning { address: "notification:{user}", event: "new_notification", discriminator: Some(("type", "system")), catalog: CatalogSide::Event(EventType::SessionTerminate), picks: &[("agentNo", "{user}"), ("reason", "/data/reason")] },
    Meaning { address: "notification:{user}", event: "new_notification", discriminator: Some(("type", "appointment_reminder")), catalog: CatalogSide::Event(EventType::OrderCallBack), picks: &[("agentNo", "{user}"), ("callbackId", "/data/appointment_id")] },
    Meaning { address: "notification:{user}", event: "appointment_reminder", discriminator: None, catalog: CatalogSide::Event(EventType::OrderCallBack), picks: &[("agentNo", "{user}"), ("callbackId", "/appointment_id"), ("customerNumber", "/customer_name"), ("callbackTime", "/scheduled_at")] },
];

/// ACTIONCABLE's rows with a catalog meaning.
pub(super) static ACTIONCABLE: &[Meaning] = &[
    Meaning { address: "account:{account}", event: "assignee.changed", discriminator: None, catalog: CatalogSide::Event(EventType::Ringing), picks: &[("agentNo", "/data/meta/assignee/id"), ("mainUniqueId", "/data/additional_attributes/call_id"), ("customerNumber", "/data/meta/sender/phone_number"), ("queueNo", "/data/additional_attributes/queue")] },
    Meaning { address: "account:{account}", event: "conversation.status_changed", discriminator: Some(("/data/status", "open")), catalog: CatalogSide::Status(AgentState::Talking), picks: &[("agentNo", "/data/meta/assignee/id"), ("status.mainUniqueId", "/data/additional_attributes/call_id")] },
    Meaning { address: "account:{account}", event: "conversation.status_changed", discriminator: Some(("/data/status", "resolved")), catalog: CatalogSide::Status(AgentState::Wrapup), picks: &[("status.mainUniqueId", "/data/additional_attributes/call_id")] },
    Meaning { address: "account:{account}", event: "message.created", discriminator: None, catalog: CatalogSide::Event(EventType::Transcript), picks: &[("text", "/data/content"), ("#sentenceIndex", "/data/content_attributes/transcript/sentence_index"), ("mainUniqueId", "/data/content_attributes/transcript/call_id"), ("#finished", "=1"), ("sentenceType", "=sentenceEnd")] },
    Meaning { address: "user:{user}", event: "notification.created", discriminator: Some(("/data/notification/notification_type", "conversation_assignment")), catalog: CatalogSide::Event(EventType::Ringing), picks: &[("mainUniqueId", "/data/notification/primary_actor/additional_attributes/call_id"), ("customerNumber", "/data/notification/primary_actor/meta/sender/phone_number"), ("queueNo", "/data/notification/primary_actor/additional_attributes/queue")] },
    Meaning { address: "user:{user}", event: "notification.created", discriminator: Some(("/data/notification/notification_type", "callback_due")), catalog: CatalogSide::Event(EventType::OrderCallBack), picks: &[("customerNumber", "/data/notification/primary_actor/phone_number")] },
];

/// KAZOO's rows with a catalog meaning.
pub(super) static KAZOO: &[Meaning] = &[
    Meaning { address: "qubicle.queue.{account}.{queue}.create", event: "create", discriminator: None, catalog: CatalogSide::Event(EventType::QueueStatus), picks: &[("queueStatus.{queue}.queueParams.queueNo", "{queue}"), ("queueStatus.{queue}.queueParams.name", "/data/name")] },
    Meaning { address: "qubicle.queue.{account}.{queue}.delete", event: "delete", discriminator: None, catalog: CatalogSide::Event(EventType::QueueStatus), picks: &[("queueStatus.{queue}.queueParams.queueNo", "{queue}")] },
    Meaning { address: "qubicle.queue.{account}.{queue}.join", event: "join", discriminator: None, catalog: CatalogSide::Event(EventType::QueueStatus), picks: &[("queueStatus.{queue}.queueParams.queueNo", "{queue}"), ("#queueStatus.{queue}.queueParams.waiting", "/data/queue_size")] },
    Meaning { address: "qubicle.queue.{account}.{queue}.leave", event: "leave", discriminator: None, catalog: CatalogSide::Event(EventType::QueueStatus), picks: &[("queueStatus.{queue}.queueParams.queueNo", "{queue}")] },
    Meaning { address: "qubicle.queue.{account}.{queue}.delivered", event: "delivered", discriminator: None, catalog: CatalogSide::Status(AgentState::Talking), picks: &[("tenantId", "{account}"), ("agentNo", "/data/recipient_id"), ("status.mainUniqueId", "/data/session_id")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.create", event: "create", discriminator: None, catalog: CatalogSide::Event(EventType::SessionInit), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.delete", event: "delete", discriminator: None, catalog: CatalogSide::Status(AgentState::Offline), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.stateAction", "/data/reason")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.ready", event: "ready", discriminator: None, catalog: CatalogSide::Status(AgentState::Idle), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.away", event: "away", discriminator: None, catalog: CatalogSide::Status(AgentState::Busy), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.pauseDescription", "/data/reason")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.wrapup_start", event: "wrapup_start", discriminator: None, catalog: CatalogSide::Status(AgentState::Wrapup), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id"), ("#status.wrapupTime", "/data/wrapup_timeout")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.interaction_finalize_start", event: "interaction_finalize_start", discriminator: None, catalog: CatalogSide::Status(AgentState::Wrapup), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.offer", event: "offer", discriminator: None, catalog: CatalogSide::Event(EventType::Ringing), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("mainUniqueId", "/data/session_id"), ("customerNumber", "/data/caller_id_number"), ("queueNo", "/data/queue_id")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.delivered", event: "delivered", discriminator: None, catalog: CatalogSide::Status(AgentState::Talking), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.hangup", event: "hangup", discriminator: None, catalog: CatalogSide::Status(AgentState::Wrapup), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.external_call_start", event: "external_call_start", discriminator: None, catalog: CatalogSide::Event(EventType::PreviewObCallStart), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("mainUniqueId", "/data/session_id"), ("customerNumber", "/data/caller_id_number")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.external_call_end", event: "external_call_end", discriminator: None, catalog: CatalogSide::Status(AgentState::Wrapup), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.external_call_end", event: "external_call_end", discriminator: Some(("/data/result", "failed")), catalog: CatalogSide::Event(EventType::PreviewObCallResult), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("customerNumber", "/data/caller_id_number"), ("uniqueId", "/data/session_id"), ("result", "=error")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.wiretap_start", event: "wiretap_start", discriminator: None, catalog: CatalogSide::Monitor(Stage::Link), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("spiedCno", "/data/target_recipient_id"), ("initiator", "{recipient}")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.wiretap_stop", event: "wiretap_stop", discriminator: None, catalog: CatalogSide::Monitor(Stage::Unlink), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("spiedCno", "/data/target_recipient_id"), ("initiator", "{recipient}")] },
    Meaning { address: "qubicle.recipient.{account}.{recipient}.wiretap_failed", event: "wiretap_failed", discriminator: None, catalog: CatalogSide::Monitor(Stage::Result), picks: &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("spiedCno", "/data/target_recipient_id"), ("initiator", "{recipient}"), ("result", "=error")] },
];

/// GLOBEMEET's rows with a catalog meaning.
pub(super) static GLOBEMEET: &[Meaning] = &[
    Meaning { address: "queue.{queue}.depth-changed", event: "depth-changed", discriminator: None, catalog: CatalogSide::Event(EventType::QueueStatus), picks: &[("queueStatus.{queue}.queueParams.queueNo", "/queue"), ("queueStatus.{queue}.queueParams.name", "/name"), ("#queueStatus.{queue}.queueParams.waiting", "/depth")] },
    Meaning { address: "session.{queue}.connected", event: "connected", discriminator: None, catalog: CatalogSide::Status(AgentState::Talking), picks: &[("agentNo", "/agent_id"), ("status.mainUniqueId", "/session_id")] },
    Meaning { address: "agent.{agent}.online", event: "online", discriminator: None, catalog: CatalogSide::Event(EventType::SessionInit), picks: &[("agentNo", "/agent_id")] },
    Meaning { address: "agent.{agent}.offline", event: "offline", discriminator: None, catalog: CatalogSide::Status(AgentState::Offline), picks: &[("agentNo", "/agent_id"), ("status.stateAction", "/reason")] },
    Meaning { address: "agent.{agent}.status-changed", event: "status-changed", discriminator: None, catalog: CatalogSide::Event(EventType::AgentStatus), picks: &[("agentNo", "/agent_id"), ("status.state", "/status"), ("status.stateAction", "/reason"), ("#status.deviceStatus", "/device_status"), ("status.mainUniqueId", "/session_id")] },
    Meaning { address: "agent.{agent}.break", event: "break", discriminator: None, catalog: CatalogSide::Status(AgentState::Busy), picks: &[("agentNo", "/agent_id"), ("status.pauseDescription", "/reason")] },
];
