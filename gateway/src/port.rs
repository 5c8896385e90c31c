//! The port between the two roles of the gateway (PRODUCT.md §7, STYLE.md "edge and core"):
//! plain data both ways, nothing else.
//!
//! The **edge** terminates WebSockets: it authenticates, owns which connection carries a session,
//! keeps each session's history for resume and writes frames. The **core** is the contact center
//! (the simulator): the single owner of every agent's status. They share no memory and call no
//! function of each other; every message below can cross a process boundary (the Redis backend
//! carries them as JSON), so the embedded mode's in-memory queues and the cluster mode's Redis
//! streams are two carriers of the same conversation.
//!
//! - Edge → core: [`CoreInput`]: a session started or must end (typed [`EndReason`]), a command
//!   addressed by session id and request id, a resynchronisation, a control request as data.
//! - Core → edge: [`CoreOutput`]: a [`Batch`] of one step's frames for one session (events with
//!   the ids the core gave them, replies by request id stamped with the session's newest event id,
//!   and possibly the session's end), or the answer to a control request.
//! - The tap (docs/dialects.md §1): an edge whose dialect faces serve a tenant asks to
//!   [`CoreInput::Watch`] it; from then on every step that touched the tenant sends a [`Tap`] with
//!   the step's [`Feed`] (every catalog event to any of its agents, the queues the step changed,
//!   recordings and scorecards), after one whole snapshot addressed to the asking edge.
//!
//! Event ids have one writer, the core: it numbers each session's events 1, 2, 3, … and the
//! stores only keep them (a Redis stream refuses a stale id, which fences a second writer).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use agentdesk_core::dialects::Feed;
use agentdesk_core::events::CatalogEvent;
use agentdesk_core::protocol::Reply;

use crate::close_code;

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AgentKey {
    /// Tenant id.
    pub(crate) tenant_id: String,
    /// Agent number.
    pub(crate) agent_no: String,
}

/// A session's id: `s-` and 128 random bits in hex, made by the edge that authenticated it.
pub(crate) type SessionId = String;

/// Why a session ends for good (docs/protocol.md §7). The edge asks for the ends it sees
/// (a kick is seen by the core, which knows every agent's session); the core decides, tells the
/// session what it must hear (`sessionTerminate`), and answers with the end in a [`Batch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum EndReason {
    /// The agent's `logout`.
    Logout,
    /// A newer session of the same agent started (an `auth` without resume).
    Kicked,
    /// The connection's key expired.
    KeyExpired,
    /// An operator revoked the agent's keys.
    KeyRevoked,
    /// A supervisor's `setOffline`.
    ForcedOffline,
    /// No connection carried the session for the grace period.
    GraceExpired,
    /// The gateway forgot every session (`/control/restart`, a core restart, lost history).
    Restart,
}

impl EndReason {
    /// The `sessionTerminate.reason` a logged-in session hears, if any: an end without a
    /// connection to tell (grace) or a forgotten session (restart) hears nothing.
    pub(crate) fn terminate_reason(self) -> Option<&'static str> {
        match self {
            Self::Logout => Some("logout"),
            Self::Kicked => Some("kicked"),
            Self::KeyExpired => Some("keyExpired"),
            Self::KeyRevoked => Some("keyRevoked"),
            Self::ForcedOffline => Some("forcedOffline"),
            Self::GraceExpired | Self::Restart => None,
        }
    }

    /// The close code and reason text the carrying connection gets after the last frames.
    pub(crate) fn close(self) -> (u16, &'static str) {
        match self {
            Self::Logout => (close_code::LOGGED_OUT, "logged out"),
            Self::Kicked => (close_code::KICKED, "kicked by a newer login"),
            Self::KeyExpired => (close_code::KEY_EXPIRED, "session key expired"),
            Self::KeyRevoked => (close_code::KEY_INVALID, "session key revoked"),
            Self::ForcedOffline => (close_code::FORCED_OFFLINE, "forced offline by a supervisor"),
            Self::GraceExpired | Self::Restart => (close_code::RESTARTING, "server restarting"),
        }
    }
}

/// Correlates a control request with its answer: the edge that asked, and its own number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct ControlId {
    /// The asking edge's id (the Redis backend publishes the answer on its channel).
    pub(crate) edge: String,
    /// The edge's own counter.
    pub(crate) n: u64,
}

/// What the control endpoints ask of the core (docs/gateway.md §7), as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "op")]
pub(crate) enum ControlRequest {
    /// `/control/sim/call`.
    PlaceCall(crate::sim::control::CallRequest),
    /// `/control/sim/customer-hangup`.
    CustomerHangup { tenant_id: String, agent_no: String },
    /// `/control/sim/callback`.
    Callback {
        tenant_id: String,
        agent_no: String,
        customer_number: Option<String>,
    },
    /// `/control/sim/sip-disconnect`.
    SipDisconnect {
        tenant_id: String,
        agent_no: String,
        reason: Option<String>,
    },
    /// `/control/stream`: `count` transcript events into the agent's session, `interval_ms`
    /// apart on the core's clock.
    Stream {
        tenant_id: String,
        agent_no: String,
        count: u64,
        interval_ms: u64,
    },
    /// `/control/revoke`: the agent's session ends with `keyRevoked` (the keys themselves are
    /// the edges' business).
    Revoke { tenant_id: String, agent_no: String },
    /// `/control/restart`: every session is forgotten.
    ForgetAll,
    /// A dialect face acts for an agent (a Voki `mute` or `signal`): `action` with `params` as a
    /// command of the agent's live session; answered with the command's reply.
    Act {
        tenant_id: String,
        agent_no: String,
        action: String,
        params: Map<String, Value>,
    },
    /// A trickled ICE candidate of the agent's softphone leg (Voki `ice_candidate`), for the
    /// media of the core's node.
    Candidate {
        tenant_id: String,
        agent_no: String,
        /// The `candidate:` line (RFC 8839 §5.1); empty ends the browser's gathering.
        candidate: String,
    },
}

/// A control request refused: HTTP status, stable `errorCode`, message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ControlError {
    pub(crate) status: u16,
    pub(crate) error_code: String,
    pub(crate) message: String,
}

/// The core's answer to a control request: the endpoint's JSON body (without `code`), or why not.
pub(crate) type ControlAnswer = Result<Value, ControlError>;

/// Edge → core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "in")]
pub(crate) enum CoreInput {
    /// An `auth` without (successful) resume opened a new session for `agent`; the agent's
    /// previous session, if any, ends as a kick.
    SessionStarted { session: SessionId, agent: AgentKey },
    /// A command of the connection carrying `session`, request id `request`.
    Command {
        session: SessionId,
        agent: AgentKey,
        request: u64,
        action: String,
        params: Map<String, Value>,
    },
    /// `session` must end for `reason` (its key expired, its grace ran out): the core knows
    /// whose it is.
    EndSession {
        session: SessionId,
        reason: EndReason,
    },
    /// A resume found history too short (`GAP_TOO_OLD`): the session needs a fresh `agentStatus`.
    Resync { session: SessionId },
    /// A control request; the answer comes back as [`CoreOutput::Answer`] with the same id.
    Control {
        id: ControlId,
        request: ControlRequest,
    },
    /// Edge `edge` watches `tenant`: a whole [`Tap`] for it now, then every step's.
    Watch { tenant: String, edge: String },
}

/// One frame of a [`Batch`], in the order the session gets them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "k")]
pub(crate) enum Item {
    /// A catalog event with the id the core gave it.
    Event { id: u64, payload: CatalogEvent },
    /// The reply to request `request` of the connection that sent it.
    Reply { request: u64, reply: Reply },
}

/// Everything one step of the core sends one session, in order: the events, numbered, then the
/// replies, each stamped with `last_event_id`: the session's newest event id once the step's
/// events, the ones the command caused included, are in history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Batch {
    pub(crate) session: SessionId,
    pub(crate) items: Vec<Item>,
    /// The session's newest event id after this batch.
    pub(crate) last_event_id: u64,
    /// The session ends after these frames.
    pub(crate) end: Option<EndReason>,
}

/// One step's feed of one watched tenant, in the order the core produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tap {
    pub(crate) tenant: String,
    /// The whole state for the edge that asked to watch (its queues whole, every logged-in
    /// agent's status); `None` for a step's feed, which every watching edge takes.
    pub(crate) sync_for: Option<String>,
    /// The step's time, Unix ms on the core's clock.
    pub(crate) at_ms: i64,
    pub(crate) feed: Vec<Feed>,
}

/// Core → edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "out")]
pub(crate) enum CoreOutput {
    /// Frames for one session.
    Batch(Batch),
    /// The answer to control request `id`.
    Answer {
        id: ControlId,
        answer: ControlAnswer,
    },
    /// A watched tenant's feed.
    Tap(Tap),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk_core::events::SessionTerminateEvent;
    use serde_json::json;

    #[test]
    fn every_message_survives_a_trip_through_json() {
        let agent = AgentKey {
            tenant_id: "t1".into(),
            agent_no: "0001".into(),
        };
        let inputs = [
            CoreInput::SessionStarted {
                session: "s-1".into(),
                agent: agent.clone(),
            },
            CoreInput::Command {
                session: "s-1".into(),
                agent,
                request: 7,
                action: "pause".into(),
                params: Map::new(),
            },
            CoreInput::EndSession {
                session: "s-1".into(),
                reason: EndReason::KeyExpired,
            },
            CoreInput::Control {
                id: ControlId {
                    edge: "e1".into(),
                    n: 3,
                },
                request: ControlRequest::Stream {
                    tenant_id: "t1".into(),
                    agent_no: "0001".into(),
                    count: 5,
                    interval_ms: 0,
                },
            },
        ];
        for input in inputs {
            let text = serde_json::to_string(&input).unwrap();
            assert_eq!(serde_json::from_str::<CoreInput>(&text).unwrap(), input);
        }
        let batch = CoreOutput::Batch(Batch {
            session: "s-1".into(),
            items: vec![
                Item::Reply {
                    request: 7,
                    reply: crate::commands::ok_reply(7, json!({})),
                },
                Item::Event {
                    id: 3,
                    payload: CatalogEvent::SessionTerminate(SessionTerminateEvent {
                        tenant_id: "t1".into(),
                        agent_no: "0001".into(),
                        reason: "logout".into(),
                    }),
                },
            ],
            last_event_id: 3,
            end: Some(EndReason::Logout),
        });
        let text = serde_json::to_string(&batch).unwrap();
        assert_eq!(serde_json::from_str::<CoreOutput>(&text).unwrap(), batch);
    }

    #[test]
    fn ends_close_with_the_codes_of_the_protocol() {
        assert_eq!(EndReason::Logout.close().0, 4500);
        assert_eq!(EndReason::Kicked.close().0, 4501);
        assert_eq!(EndReason::KeyRevoked.close().0, 4502);
        assert_eq!(EndReason::KeyExpired.close().0, 4503);
        assert_eq!(EndReason::ForcedOffline.close().0, 4506);
        assert_eq!(EndReason::GraceExpired.terminate_reason(), None);
        assert_eq!(EndReason::Kicked.terminate_reason(), Some("kicked"));
    }
}
