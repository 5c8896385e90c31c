//! Qubicle's events (seed 000's three tables) from the core's happenings. Every event of the
//! seed has a row; `data` carries the Qubicle docs' common fields (account_id, app_name,
//! app_version, event_category, event_name, event_timestamp, msg_id) and the family's own:
//! queue_id and queue `stats`, recipient_id, state, username and recipient `stats`, session_id
//! and the caller. A queue is a Qubicle queue, an agent a recipient, a call a session.
//!
//! The frame's address is its full routing key; the payload is `{name, data}`, to which the face
//! adds the subscription's keys (`subscribed_key`, `subscription_key`) per subscriber.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::agent::AgentState;
use crate::events::EventType;

use super::super::happening::{
    AgentRef, CallRef, Happening, Kind, LeaveReason, LeftQueue, Leg, Monitor, QueueStats,
    RescindReason, SessionEnd, Stamped,
};
use super::super::table::{self, Built, CatalogSide, Rendered, Row, Stage};
use super::bindings::keys;

/// Seconds from 0001-01-01 to 1970-01-01: Kazoo stamps events in Gregorian seconds.
pub const GREGORIAN_OFFSET_S: i64 = 62_167_219_200;
/// `app_version` of the events.
pub const APP_VERSION: &str = concat!("agentdesk-", env!("CARGO_PKG_VERSION"));

/// A recipient's running figures (Qubicle's recipient `stats`).
#[derive(Debug, Clone, Default)]
struct Recipient {
    total_calls: u64,
    offered_calls: u64,
    missed_calls: u64,
    talk_s: u64,
    talking_since_ms: Option<i64>,
    login_ms: Option<i64>,
    last_action_ms: Option<i64>,
    last_handled_ms: Option<i64>,
}

/// The Qubicle face's memory for one account.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The account id (32 hex in Kazoo), chosen by the face per tenant.
    pub account_id: String,
    recipients: BTreeMap<String, Recipient>,
    queues: BTreeMap<String, QueueStats>,
    msg_seq: u64,
}

impl Ctx {
    /// A fresh context for `account_id`.
    pub fn new(account_id: &str) -> Self {
        Self {
            account_id: account_id.to_owned(),
            recipients: BTreeMap::new(),
            queues: BTreeMap::new(),
            msg_seq: 0,
        }
    }

    fn gregorian(ms: i64) -> i64 {
        ms.div_euclid(1000) + GREGORIAN_OFFSET_S
    }

    /// Keeps the running figures; no frame.
    fn observe(&mut self, s: &Stamped) {
        let at = s.at_ms;
        match &s.happening {
            Happening::QueueChanged(q) => {
                self.queues.insert(q.queue.clone(), q.clone());
            }
            Happening::QueueClosed { queue } => {
                self.queues.remove(queue);
            }
            Happening::AgentLoggedIn { agent, .. } => {
                self.recipients.insert(
                    agent.agent_no.clone(),
                    Recipient {
                        login_ms: Some(at),
                        ..Recipient::default()
                    },
                );
            }
            Happening::CallOffered { agent, leg, .. } if *leg != Leg::Consult => {
                self.recipient(agent).offered_calls += 1
            }
            Happening::OfferRescinded {
                agent,
                reason: RescindReason::NoAnswer,
                ..
            } => self.recipient(agent).missed_calls += 1,
            Happening::CallAnswered { agent, .. } => {
                let r = self.recipient(agent);
                r.total_calls += 1;
                r.talking_since_ms = Some(at);
            }
            Happening::CallLeft { agent, .. } => {
                let r = self.recipient(agent);
                if let Some(since) = r.talking_since_ms.take() {
                    r.talk_s += u64::try_from((at - since).max(0) / 1000).unwrap_or(0);
                }
                r.last_handled_ms = Some(at);
            }
            _ => {}
        }
        if let Some(agent) = actor(&s.happening) {
            self.recipient(agent).last_action_ms = Some(at);
        }
    }

    fn recipient(&mut self, agent: &AgentRef) -> &mut Recipient {
        self.recipients.entry(agent.agent_no.clone()).or_default()
    }

    fn common(&mut self, category: &str, event: &str, at_ms: i64) -> Map<String, Value> {
        self.msg_seq += 1;
        let v = json!({
            "account_id": self.account_id,
            "app_name": "qubicle",
            "app_version": APP_VERSION,
            "event_category": format!("qubicle-{category}"),
            "event_name": event,
            "event_timestamp": Self::gregorian(at_ms),
            "msg_id": format!("{}-{}", at_ms, self.msg_seq),
        });
        v.as_object().cloned().unwrap_or_default()
    }

    fn frame(
        &mut self,
        family: &str,
        id: &str,
        event: &str,
        at_ms: i64,
        fields: Value,
    ) -> Vec<Built> {
        let mut data = self.common(family, event, at_ms);
        if let Value::Object(extra) = fields {
            data.extend(extra);
        }
        let (routing_key, _) = keys(family, &self.account_id, id, event);
        vec![Built {
            address: routing_key,
            payload: json!({ "name": event, "data": data }),
        }]
    }

    fn queue_stats(&self, queue: &str) -> Value {
        let q = self.queues.get(queue).cloned().unwrap_or_default();
        json!({
            "estimated_wait": q.average_wait_s,
            "average_wait": q.average_wait_s,
            "recipient_count": q.agents_logged_in,
            "active_session_count": q.active_calls,
            "total_sessions": q.total_callers,
            "missed_sessions": q.missed_offers,
            "abandoned_sessions": q.abandoned_callers,
        })
    }

    fn queue(&mut self, queue: &str, event: &str, at_ms: i64, mut fields: Value) -> Vec<Built> {
        fields["queue_id"] = Value::String(queue.to_owned());
        fields["stats"] = self.queue_stats(queue);
        self.frame("queue", queue, event, at_ms, fields)
    }

    fn recipient_frame(
        &mut self,
        agent: &AgentRef,
        event: &str,
        state: &str,
        at_ms: i64,
        mut fields: Value,
    ) -> Vec<Built> {
        let r = self
            .recipients
            .get(&agent.agent_no)
            .cloned()
            .unwrap_or_default();
        let greg = |ms: Option<i64>| ms.map(Self::gregorian);
        fields["recipient_id"] = Value::String(agent.agent_no.clone());
        fields["username"] = Value::String(agent.name.clone());
        fields["state"] = Value::String(state.to_owned());
        fields["stats"] = json!({
            "total_calls": r.total_calls,
            "offered_calls": r.offered_calls,
            "missed_calls": r.missed_calls,
            "avg_call_time": r.talk_s.checked_div(r.total_calls).unwrap_or(0),
            "login_time": greg(r.login_ms),
            "last_action_time": greg(r.last_action_ms),
            "last_handled_time": greg(r.last_handled_ms),
        });
        self.frame("recipient", &agent.agent_no, event, at_ms, fields)
    }

    fn session(
        &mut self,
        call: &CallRef,
        event: &str,
        at_ms: i64,
        mut fields: Value,
    ) -> Vec<Built> {
        fields["session_id"] = Value::String(call.call_id.clone());
        fields["queue_id"] = json!(call.queue);
        fields["caller_id_number"] = Value::String(call.customer_number.clone());
        fields["direction"] = Value::String(
            if call.is_outbound() {
                "outbound"
            } else {
                "inbound"
            }
            .into(),
        );
        self.frame("session", &call.call_id, event, at_ms, fields)
    }
}

/// The recipient a happening is an action of, for `last_action_time`.
fn actor(h: &Happening) -> Option<&AgentRef> {
    match h {
        Happening::AgentLoggedIn { agent, .. }
        | Happening::AgentReady { agent }
        | Happening::AgentAway { agent, .. }
        | Happening::OfferRejected { agent, .. }
        | Happening::CallAnswered { agent, .. }
        | Happening::CallLeft { agent, .. }
        | Happening::OutboundStarted { agent, .. }
        | Happening::WrapupEnded { agent } => Some(agent),
        _ => None,
    }
}

/// Every Qubicle event a happening becomes.
pub fn render(happening: &Stamped, ctx: &mut Ctx) -> Vec<Rendered<Ctx>> {
    ctx.observe(happening);
    table::render(TABLE, happening, ctx)
}

/// The recipient state a status shows (Qubicle's `ready`, `away`, `busy`, `wrapup`, `logged_out`).
fn state_of(state: AgentState) -> &'static str {
    match state {
        AgentState::Offline => "logged_out",
        AgentState::Idle => "ready",
        AgentState::Busy | AgentState::Invalid => "away",
        AgentState::Wrapup => "wrapup",
        AgentState::Calling | AgentState::Ringing | AgentState::Talking => "busy",
    }
}

fn call_fields(call: &CallRef) -> Value {
    json!({ "session_id": call.call_id, "queue_id": call.queue, "caller_id_number": call.customer_number })
}

fn monitor_fields(m: &Monitor) -> Value {
    json!({ "target_recipient_id": m.agent.agent_no, "target_username": m.agent.name, "mode": m.mode.start_action(), "session_id": m.call_id })
}

// --- Queue family ------------------------------------------------------------------------------

fn queue_create(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::QueueOpened { queue, name } = &s.happening else {
        return vec![];
    };
    c.queue(queue, "create", s.at_ms, json!({ "name": name }))
}

fn queue_delete(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::QueueClosed { queue } = &s.happening else {
        return vec![];
    };
    c.queue(queue, "delete", s.at_ms, json!({}))
}

fn queue_join(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::CallerJoined {
        call,
        queue,
        position,
        queue_size,
        estimated_wait_s,
    } = &s.happening
    else {
        return vec![];
    };
    let mut f = call_fields(call);
    f["position"] = json!(position);
    f["queue_size"] = json!(queue_size);
    f["estimated_wait"] = json!(estimated_wait_s);
    c.queue(queue, "join", s.at_ms, f)
}

fn queue_leave(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::CallerLeft {
        call,
        queue,
        reason,
        waited_s,
    } = &s.happening
    else {
        return vec![];
    };
    let mut f = call_fields(call);
    f["reason"] = json!(match reason {
        LeftQueue::Routed => "routed",
        LeftQueue::Abandoned => "abandoned",
    });
    f["wait_duration"] = json!(waited_s);
    c.queue(queue, "leave", s.at_ms, f)
}

fn queue_delivered(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::SessionConnected {
        call,
        agent,
        waited_s,
    } = &s.happening
    else {
        return vec![];
    };
    let Some(queue) = &call.queue else {
        return vec![];
    };
    let mut f = call_fields(call);
    f["recipient_id"] = json!(agent.agent_no);
    f["wait_duration"] = json!(waited_s);
    c.queue(queue, "delivered", s.at_ms, f)
}

// --- Recipient family --------------------------------------------------------------------------

fn simple(s: &Stamped, c: &mut Ctx, event: &str, state: &str, fields: Value) -> Vec<Built> {
    let agent = match &s.happening {
        Happening::AgentLoggedIn { agent, .. }
        | Happening::AgentLoggedOut { agent, .. }
        | Happening::AgentReady { agent }
        | Happening::AgentAway { agent, .. }
        | Happening::WrapupStarted { agent, .. }
        | Happening::WrapupEnded { agent }
        | Happening::MemberPaused { agent, .. }
        | Happening::MemberResumed { agent, .. } => agent.clone(),
        _ => return vec![],
    };
    c.recipient_frame(&agent, event, state, s.at_ms, fields)
}

fn r_create(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::AgentLoggedIn { status, .. } = &s.happening else {
        return vec![];
    };
    simple(s, c, "create", state_of(status.state), json!({}))
}

fn r_delete(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::AgentLoggedOut { reason, .. } = &s.happening else {
        return vec![];
    };
    simple(s, c, "delete", "logged_out", json!({ "reason": reason }))
}

fn r_ready(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    simple(s, c, "ready", "ready", json!({}))
}

fn r_away(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::AgentAway { reason, .. } = &s.happening else {
        return vec![];
    };
    simple(s, c, "away", "away", json!({ "reason": reason }))
}

fn r_pause(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::MemberPaused { queue, .. } = &s.happening else {
        return vec![];
    };
    simple(s, c, "pause", "away", json!({ "queue_id": queue }))
}

fn r_resume(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::MemberResumed { queue, .. } = &s.happening else {
        return vec![];
    };
    simple(s, c, "resume", "ready", json!({ "queue_id": queue }))
}

fn wrapup_fields(h: &Happening) -> Value {
    match h {
        Happening::WrapupStarted { call, seconds, .. } => {
            json!({ "session_id": call.as_ref().map(|c| c.call_id.clone()), "wrapup_timeout": seconds })
        }
        _ => json!({}),
    }
}

fn r_wrapup_start(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    simple(s, c, "wrapup_start", "wrapup", wrapup_fields(&s.happening))
}

fn r_finalize_start(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    simple(
        s,
        c,
        "interaction_finalize_start",
        "wrapup",
        wrapup_fields(&s.happening),
    )
}

fn r_finalize_end(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    simple(s, c, "interaction_finalize_end", "wrapup", json!({}))
}

fn r_wrapup_complete(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    simple(s, c, "wrapup_complete", "ready", json!({}))
}

fn r_offer(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::CallOffered { agent, call, leg } = &s.happening else {
        return vec![];
    };
    if *leg == Leg::Consult {
        return vec![];
    }
    c.recipient_frame(agent, "offer", "busy", s.at_ms, call_fields(call))
}

fn r_reject(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::OfferRejected { agent, call } = &s.happening else {
        return vec![];
    };
    c.recipient_frame(agent, "reject", "ready", s.at_ms, call_fields(call))
}

fn r_rescind(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::OfferRescinded {
        agent,
        call,
        reason,
    } = &s.happening
    else {
        return vec![];
    };
    let mut f = call_fields(call);
    let (reason, state) = match reason {
        RescindReason::CallerHungUp => ("caller_hangup", "ready"),
        RescindReason::NoAnswer => ("timeout", "away"),
    };
    f["reason"] = json!(reason);
    c.recipient_frame(agent, "rescind", state, s.at_ms, f)
}

fn r_delivered(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::CallAnswered { agent, call, leg } = &s.happening else {
        return vec![];
    };
    if *leg == Leg::Consult || call.is_outbound() {
        return vec![];
    }
    c.recipient_frame(agent, "delivered", "busy", s.at_ms, call_fields(call))
}

fn leave_reason(r: LeaveReason) -> &'static str {
    match r {
        LeaveReason::Hangup => "agent_hangup",
        LeaveReason::CustomerHangup => "caller_hangup",
        LeaveReason::ForcedHangup => "supervisor_disconnect",
        LeaveReason::Transferred => "transferred",
    }
}

fn r_hangup(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::CallLeft {
        agent,
        call,
        leg,
        reason,
    } = &s.happening
    else {
        return vec![];
    };
    if *leg == Leg::Consult || call.is_outbound() {
        return vec![];
    }
    let mut f = call_fields(call);
    f["reason"] = json!(leave_reason(*reason));
    c.recipient_frame(agent, "hangup", "wrapup", s.at_ms, f)
}

fn r_external_start(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::OutboundStarted { agent, call } = &s.happening else {
        return vec![];
    };
    c.recipient_frame(
        agent,
        "external_call_start",
        "busy",
        s.at_ms,
        call_fields(call),
    )
}

fn r_external_end(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::CallLeft {
        agent,
        call,
        reason,
        ..
    } = &s.happening
    else {
        return vec![];
    };
    if !call.is_outbound() {
        return vec![];
    }
    let mut f = call_fields(call);
    f["result"] = json!("completed");
    f["reason"] = json!(leave_reason(*reason));
    c.recipient_frame(agent, "external_call_end", "wrapup", s.at_ms, f)
}

fn r_external_failed(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::OutboundFailed {
        agent,
        call,
        reason,
    } = &s.happening
    else {
        return vec![];
    };
    let mut f = call_fields(call);
    f["result"] = json!("failed");
    f["reason"] = json!(reason);
    c.recipient_frame(agent, "external_call_end", "ready", s.at_ms, f)
}

fn r_sync(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::AgentSync { agent, status } = &s.happening else {
        return vec![];
    };
    let f =
        json!({ "session_id": status.main_unique_id, "pause_reason": status.pause_description });
    c.recipient_frame(agent, "sync", state_of(status.state), s.at_ms, f)
}

fn wiretap(s: &Stamped, c: &mut Ctx, event: &str) -> Vec<Built> {
    let m = match &s.happening {
        Happening::MonitorStarted(m) if event == "wiretap_start" => m,
        Happening::MonitorEnded(m) if event == "wiretap_stop" => m,
        Happening::MonitorFailed(m) if event == "wiretap_failed" => m,
        _ => return vec![],
    };
    let state = if event == "wiretap_start" {
        "busy"
    } else {
        "ready"
    };
    c.recipient_frame(&m.supervisor, event, state, s.at_ms, monitor_fields(m))
}

fn r_wiretap_start(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    wiretap(s, c, "wiretap_start")
}

fn r_wiretap_stop(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    wiretap(s, c, "wiretap_stop")
}

fn r_wiretap_failed(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    wiretap(s, c, "wiretap_failed")
}

// --- Session family ----------------------------------------------------------------------------

fn s_create(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::SessionCreated { call } = &s.happening else {
        return vec![];
    };
    c.session(
        call,
        "create",
        s.at_ms,
        json!({ "call_type": call.call_type }),
    )
}

/// Disconnection reason codes in Kazoo's (FreeSWITCH's) hangup-cause vocabulary.
fn s_delete(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::SessionEnded { call, end } = &s.happening else {
        return vec![];
    };
    let cause = match end {
        SessionEnd::Completed => "NORMAL_CLEARING",
        SessionEnd::Forced => "MANAGER_REQUEST",
        SessionEnd::Failed => "NO_ANSWER",
    };
    c.session(call, "delete", s.at_ms, json!({ "hangup_cause": cause }))
}

fn s_dropped(s: &Stamped, c: &mut Ctx) -> Vec<Built> {
    let Happening::SessionDropped { call, waited_s } = &s.happening else {
        return vec![];
    };
    c.session(
        call,
        "delete",
        s.at_ms,
        json!({ "hangup_cause": "ORIGINATOR_CANCEL", "wait_duration": waited_s }),
    )
}

macro_rules! row {
    ($kind:ident, $address:literal, $event:literal, $disc:expr, $catalog:expr, $picks:expr, $note:literal, $build:ident) => {
        Row {
            kind: Kind::$kind,
            address: $address,
            event: $event,
            discriminator: $disc,
            catalog: $catalog,
            picks: $picks,
            note: $note,
            build: $build,
        }
    };
}

/// Qubicle's table (docs/dialects.md §Qubicle).
pub static TABLE: &[Row<Ctx>] = &[
    row!(QueueOpened, "qubicle.queue.{account}.{queue}.create", "create", None, CatalogSide::Event(EventType::QueueStatus), &[("queueStatus.{queue}.queueParams.queueNo", "{queue}"), ("queueStatus.{queue}.queueParams.name", "/data/name")], "the queue runs (first seen in the queue feed)", queue_create),
    row!(QueueClosed, "qubicle.queue.{account}.{queue}.delete", "delete", None, CatalogSide::Event(EventType::QueueStatus), &[("queueStatus.{queue}.queueParams.queueNo", "{queue}")], "the queue left the feed", queue_delete),
    row!(CallerJoined, "qubicle.queue.{account}.{queue}.join", "join", None, CatalogSide::Event(EventType::QueueStatus), &[("queueStatus.{queue}.queueParams.queueNo", "{queue}"), ("#queueStatus.{queue}.queueParams.waiting", "/data/queue_size")], "position, queue_size, estimated_wait", queue_join),
    row!(CallerLeft, "qubicle.queue.{account}.{queue}.leave", "leave", None, CatalogSide::Event(EventType::QueueStatus), &[("queueStatus.{queue}.queueParams.queueNo", "{queue}")], "reason `routed` / `abandoned`, wait_duration", queue_leave),
    row!(SessionConnected, "qubicle.queue.{account}.{queue}.delivered", "delivered", None, CatalogSide::Status(AgentState::Talking), &[("tenantId", "{account}"), ("agentNo", "/data/recipient_id"), ("status.mainUniqueId", "/data/session_id")], "queue calls: recipient_id, wait_duration", queue_delivered),
    row!(AgentLoggedIn, "qubicle.recipient.{account}.{recipient}.create", "create", None, CatalogSide::Event(EventType::SessionInit), &[("tenantId", "{account}"), ("agentNo", "{recipient}")], "login", r_create),
    row!(AgentLoggedOut, "qubicle.recipient.{account}.{recipient}.delete", "delete", None, CatalogSide::Status(AgentState::Offline), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.stateAction", "/data/reason")], "logout (reason: the stateAction)", r_delete),
    row!(AgentReady, "qubicle.recipient.{account}.{recipient}.ready", "ready", None, CatalogSide::Status(AgentState::Idle), &[("tenantId", "{account}"), ("agentNo", "{recipient}")], "", r_ready),
    row!(AgentAway, "qubicle.recipient.{account}.{recipient}.away", "away", None, CatalogSide::Status(AgentState::Busy), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.pauseDescription", "/data/reason")], "reason: the pause description", r_away),
    row!(MemberPaused, "qubicle.recipient.{account}.{recipient}.pause", "pause", None, CatalogSide::None, &[], "one per queue of the agent (queue_id); the core pauses all queues at once", r_pause),
    row!(MemberResumed, "qubicle.recipient.{account}.{recipient}.resume", "resume", None, CatalogSide::None, &[], "one per queue of the agent", r_resume),
    row!(WrapupStarted, "qubicle.recipient.{account}.{recipient}.wrapup_start", "wrapup_start", None, CatalogSide::Status(AgentState::Wrapup), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id"), ("#status.wrapupTime", "/data/wrapup_timeout")], "wrapup_timeout: the wrap-up seconds", r_wrapup_start),
    row!(WrapupStarted, "qubicle.recipient.{account}.{recipient}.interaction_finalize_start", "interaction_finalize_start", None, CatalogSide::Status(AgentState::Wrapup), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")], "after-call work is where notes are finalized: the same window", r_finalize_start),
    row!(WrapupEnded, "qubicle.recipient.{account}.{recipient}.interaction_finalize_end", "interaction_finalize_end", None, CatalogSide::None, &[], "before `wrapup_complete`", r_finalize_end),
    row!(WrapupEnded, "qubicle.recipient.{account}.{recipient}.wrapup_complete", "wrapup_complete", None, CatalogSide::None, &[], "the status after it follows as `ready` / `away`", r_wrapup_complete),
    row!(CallOffered, "qubicle.recipient.{account}.{recipient}.offer", "offer", None, CatalogSide::Event(EventType::Ringing), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("mainUniqueId", "/data/session_id"), ("customerNumber", "/data/caller_id_number"), ("queueNo", "/data/queue_id")], "customer and transfer legs (a consult is an internal call)", r_offer),
    row!(OfferRejected, "qubicle.recipient.{account}.{recipient}.reject", "reject", None, CatalogSide::None, &[], "", r_reject),
    row!(OfferRescinded, "qubicle.recipient.{account}.{recipient}.rescind", "rescind", None, CatalogSide::None, &[], "reason `caller_hangup` or `timeout` (rang out)", r_rescind),
    row!(CallAnswered, "qubicle.recipient.{account}.{recipient}.delivered", "delivered", None, CatalogSide::Status(AgentState::Talking), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")], "inbound customer and transfer legs", r_delivered),
    row!(CallLeft, "qubicle.recipient.{account}.{recipient}.hangup", "hangup", None, CatalogSide::Status(AgentState::Wrapup), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")], "inbound calls; reason agent_hangup / caller_hangup / supervisor_disconnect / transferred", r_hangup),
    row!(OutboundStarted, "qubicle.recipient.{account}.{recipient}.external_call_start", "external_call_start", None, CatalogSide::Event(EventType::PreviewObCallStart), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("mainUniqueId", "/data/session_id"), ("customerNumber", "/data/caller_id_number")], "preview outbound", r_external_start),
    row!(CallLeft, "qubicle.recipient.{account}.{recipient}.external_call_end", "external_call_end", None, CatalogSide::Status(AgentState::Wrapup), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("status.mainUniqueId", "/data/session_id")], "an outbound call that connected ends (result `completed`)", r_external_end),
    row!(OutboundFailed, "qubicle.recipient.{account}.{recipient}.external_call_end", "external_call_end", Some(("/data/result", "failed")), CatalogSide::Event(EventType::PreviewObCallResult), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("customerNumber", "/data/caller_id_number"), ("uniqueId", "/data/session_id"), ("result", "=error")], "an outbound call that never connected (result `failed`)", r_external_failed),
    row!(AgentSync, "qubicle.recipient.{account}.{recipient}.sync", "sync", None, CatalogSide::None, &[], "every logged-in recipient, on the face's timer; no `agentStatus`: Qubicle's `busy` is ringing or talking", r_sync),
    row!(MonitorStarted, "qubicle.recipient.{account}.{recipient}.wiretap_start", "wiretap_start", None, CatalogSide::Monitor(Stage::Link), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("spiedCno", "/data/target_recipient_id"), ("initiator", "{recipient}")], "on the supervisor's recipient: target_recipient_id, mode (spy / whisper / threeway / barge); the SDK emits the `…Link` of the mode", r_wiretap_start),
    row!(MonitorEnded, "qubicle.recipient.{account}.{recipient}.wiretap_stop", "wiretap_stop", None, CatalogSide::Monitor(Stage::Unlink), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("spiedCno", "/data/target_recipient_id"), ("initiator", "{recipient}")], "likewise (`…Unlink` of the mode)", r_wiretap_stop),
    row!(MonitorFailed, "qubicle.recipient.{account}.{recipient}.wiretap_failed", "wiretap_failed", None, CatalogSide::Monitor(Stage::Result), &[("tenantId", "{account}"), ("agentNo", "{recipient}"), ("spiedCno", "/data/target_recipient_id"), ("initiator", "{recipient}"), ("result", "=error")], "the `…Result` of the mode said error", r_wiretap_failed),
    row!(SessionCreated, "qubicle.session.{account}.{session}.create", "create", None, CatalogSide::None, &[], "caller_id_number, queue_id, direction, call_type", s_create),
    row!(SessionDropped, "qubicle.session.{account}.{session}.delete", "delete", Some(("/data/hangup_cause", "ORIGINATOR_CANCEL")), CatalogSide::None, &[], "the caller gave up: hangup_cause ORIGINATOR_CANCEL", s_dropped),
    row!(SessionEnded, "qubicle.session.{account}.{session}.delete", "delete", None, CatalogSide::None, &[], "hangup_cause NORMAL_CLEARING, MANAGER_REQUEST (supervisor) or NO_ANSWER (outbound failed)", s_delete),
];

/// Happenings Qubicle has no event for, and why.
pub const SKIPPED: &[(Kind, &str)] = &[
    (
        Kind::AgentStatusChanged,
        "the recipient events say each change Qubicle knows",
    ),
    (Kind::AgentPresence, "likewise"),
    (Kind::Muted, "Qubicle has no call-control events"),
    (Kind::Transcript, "Qubicle has no transcript events"),
    (Kind::CallbackDue, "Qubicle has no callback events"),
    (
        Kind::SessionTransferred,
        "the recipient's `hangup` (reason `transferred`), then the next recipient's `offer`",
    ),
    (Kind::ContactSeen, "Qubicle has no contact events"),
    (
        Kind::QueueChanged,
        "queue figures ride on every queue event as `stats`",
    ),
    (
        Kind::QueueMaxWaitExceeded,
        "Qubicle has no wait alert; `stats` show the waits",
    ),
    (Kind::Recording, "Qubicle has no recording events"),
    (Kind::Qa, "Qubicle has no QA events"),
];

/// Qubicle events the core does not produce (none: every event of seed 000 has a row).
pub const UNMAPPED: &[(&str, &str)] = &[];

#[cfg(test)]
mod tests;
