//! Voki's vocabulary (seed 004) from the core's happenings: the channels `queue:{department_id}`,
//! `presence:{department_id}`, `call:{call_id}` and `notification:{user_id}`, each event with
//! the payload fields the seed shows.
//!
//! Identities: a department is a queue (`queueNo`), a call is its `mainUniqueId`, a user is an
//! agent number. The core has no customer names, so `customer_name` carries the caller's number.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::agent::AgentState;
use crate::events::EventType;

use super::super::happening::{
    Happening, Kind, LeftQueue, Leg, MonitorMode, Presence, SessionEnd, Stamped,
};
use super::super::table::{self, Built, CatalogSide, Rendered, Row};
use crate::calendar;

/// What the Voki face remembers between happenings: queue names for notification texts.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    queue_names: BTreeMap<String, String>,
}

impl Ctx {
    fn queue_name(&self, queue: &str) -> String {
        self.queue_names
            .get(queue)
            .cloned()
            .unwrap_or_else(|| queue.to_owned())
    }
}

/// Every Voki frame a happening becomes (presence rows carry `{key, meta}` for the face's
/// presence tracker of that topic; `meta: null` means the key leaves).
pub fn render(happening: &Stamped, ctx: &mut Ctx) -> Vec<Rendered<Ctx>> {
    match &happening.happening {
        Happening::QueueOpened { queue, name } => {
            ctx.queue_names.insert(queue.clone(), name.clone());
        }
        Happening::QueueChanged(stats) => {
            ctx.queue_names
                .insert(stats.queue.clone(), stats.name.clone());
        }
        _ => {}
    }
    table::render(TABLE, happening, ctx)
}

fn one(address: String, payload: Value) -> Vec<Built> {
    vec![Built { address, payload }]
}

/// Voki's presence `status` (seed 004: "online" | "busy" | "away").
pub fn presence_status(p: Presence) -> Option<&'static str> {
    match p {
        Presence::Available => Some("online"),
        Presence::Busy => Some("busy"),
        Presence::Away => Some("away"),
        Presence::Offline => None,
    }
}

/// The meta of an agent's presence (seed 004: `name`, `status`, `current_call_id`).
pub fn presence_meta(
    name: &str,
    presence: Presence,
    call_id: Option<&str>,
) -> Option<Map<String, Value>> {
    let status = presence_status(presence)?;
    match json!({ "name": name, "status": status, "current_call_id": call_id }) {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fn customer_joined(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::CallerJoined {
        call,
        queue,
        position,
        queue_size,
        ..
    } = &s.happening
    else {
        return vec![];
    };
    one(
        format!("queue:{queue}"),
        json!({ "call_id": call.call_id, "customer_name": call.customer_number, "position": position, "queue_size": queue_size }),
    )
}

fn customer_left(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::CallerLeft {
        call,
        queue,
        reason,
        ..
    } = &s.happening
    else {
        return vec![];
    };
    let reason = match reason {
        LeftQueue::Routed => "assigned",
        LeftQueue::Abandoned => "cancelled",
    };
    one(
        format!("queue:{queue}"),
        json!({ "call_id": call.call_id, "reason": reason }),
    )
}

fn call_assigned(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::CallOffered {
        agent,
        call,
        leg: Leg::Customer,
    } = &s.happening
    else {
        return vec![];
    };
    let Some(queue) = &call.queue else {
        return vec![];
    };
    one(
        format!("queue:{queue}"),
        json!({ "call_id": call.call_id, "user_id": agent.agent_no, "user_name": agent.name }),
    )
}

fn queue_update(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::QueueChanged(q) = &s.happening else {
        return vec![];
    };
    one(
        format!("queue:{}", q.queue),
        json!({ "queue_size": q.waiting, "avg_wait_time": q.average_wait_s, "online_agents": q.agents_logged_in }),
    )
}

fn presence(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentPresence {
        agent,
        presence,
        call_id,
        queues,
        ..
    } = &s.happening
    else {
        return vec![];
    };
    let meta = presence_meta(&agent.name, *presence, call_id.as_deref());
    queues
        .iter()
        .map(|q| Built {
            address: format!("presence:{q}"),
            payload: json!({ "key": agent.agent_no, "meta": meta }),
        })
        .collect()
}

fn participant_joined(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::CallAnswered { agent, call, .. } = &s.happening else {
        return vec![];
    };
    one(
        format!("call:{}", call.call_id),
        json!({ "user_id": agent.agent_no, "name": agent.name, "role": "attendant" }),
    )
}

fn monitor(s: &Stamped, mode: MonitorMode) -> Vec<Built> {
    let Happening::MonitorStarted(m) = &s.happening else {
        return vec![];
    };
    let Some(call) = m.call_id.as_ref().filter(|_| m.mode == mode) else {
        return vec![];
    };
    let payload = match mode {
        MonitorMode::Threeway => {
            json!({ "user_id": m.supervisor.agent_no, "name": m.supervisor.name, "role": "supervisor" })
        }
        _ => {
            json!({ "supervisor_id": m.supervisor.agent_no, "supervisor_name": m.supervisor.name })
        }
    };
    one(format!("call:{call}"), payload)
}

fn monitor_start(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    monitor(s, MonitorMode::Spy)
}

fn whisper_start(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    monitor(s, MonitorMode::Whisper)
}

fn barge_start(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    monitor(s, MonitorMode::Barge)
}

fn supervisor_joined(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    monitor(s, MonitorMode::Threeway)
}

fn supervisor_left(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::MonitorEnded(m) = &s.happening else {
        return vec![];
    };
    let Some(call) = &m.call_id else {
        return vec![];
    };
    one(
        format!("call:{call}"),
        json!({ "user_id": m.supervisor.agent_no, "role": "supervisor" }),
    )
}

fn participant_left(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::CallLeft { agent, call, .. } = &s.happening else {
        return vec![];
    };
    one(
        format!("call:{}", call.call_id),
        json!({ "user_id": agent.agent_no, "role": "attendant" }),
    )
}

fn call_ended(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionEnded { call, end } = &s.happening else {
        return vec![];
    };
    let reason = match end {
        SessionEnd::Completed => "completed",
        SessionEnd::Forced => "terminated",
        SessionEnd::Failed => "failed",
    };
    one(
        format!("call:{}", call.call_id),
        json!({ "reason": reason }),
    )
}

fn call_dropped(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionDropped { call, .. } = &s.happening else {
        return vec![];
    };
    one(
        format!("call:{}", call.call_id),
        json!({ "reason": "abandoned" }),
    )
}

fn mute(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::Muted { agent, call, muted } = &s.happening else {
        return vec![];
    };
    one(
        format!("call:{}", call.call_id),
        json!({ "type": "audio", "muted": muted, "user_id": agent.agent_no }),
    )
}

fn notify_call(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::CallOffered { agent, call, leg } = &s.happening else {
        return vec![];
    };
    if *leg == Leg::Consult {
        return vec![];
    }
    let body = match &call.queue {
        Some(q) => format!(
            "{} is waiting in {}",
            call.customer_number,
            ctx.queue_name(q)
        ),
        None => format!("{} is on the line", call.customer_number),
    };
    one(
        format!("notification:{}", agent.agent_no),
        json!({ "type": "call_assigned", "title": "New call assigned", "body": body, "data": { "call_id": call.call_id } }),
    )
}

fn notify_signed_out(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentLoggedOut { agent, reason } = &s.happening else {
        return vec![];
    };
    if reason == "logout" {
        return vec![];
    }
    one(
        format!("notification:{}", agent.agent_no),
        json!({ "type": "system", "title": "Signed out", "body": format!("Your session ended: {reason}"), "data": { "reason": reason } }),
    )
}

/// The callback's fields as Voki's appointment reminder reads them (docs/flows.md §8:
/// `callbackId`, `customerNumber`, `scheduledTime` in Unix ms, `note`).
fn callback(s: &Stamped) -> Option<(&str, Value)> {
    let Happening::CallbackDue { agent, fields } = &s.happening else {
        return None;
    };
    let scheduled = fields
        .get("scheduledTime")
        .and_then(Value::as_i64)
        .unwrap_or(s.at_ms);
    let minutes_until = ((scheduled - s.at_ms).max(0) + 59_999) / 60_000;
    let customer = fields
        .get("customerNumber")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let title = fields
        .get("note")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .unwrap_or("Scheduled callback");
    let id = fields.get("callbackId").cloned().unwrap_or(Value::Null);
    Some((
        agent.agent_no.as_str(),
        json!({ "appointment_id": id, "title": title, "scheduled_at": calendar::rfc3339(scheduled), "customer_name": customer, "minutes_until": minutes_until }),
    ))
}

fn appointment_reminder(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Some((agent, payload)) = callback(s) else {
        return vec![];
    };
    one(format!("notification:{agent}"), payload)
}

fn notify_callback(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Some((agent, reminder)) = callback(s) else {
        return vec![];
    };
    let body = format!(
        "Call {} back at {}",
        reminder["customer_name"].as_str().unwrap_or_default(),
        reminder["scheduled_at"].as_str().unwrap_or_default()
    );
    one(
        format!("notification:{agent}"),
        json!({ "type": "appointment_reminder", "title": reminder["title"], "body": body, "data": { "appointment_id": reminder["appointment_id"] } }),
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

/// Voki's table (docs/dialects.md §Voki).
pub static TABLE: &[Row<Ctx>] = &[
    row!(CallerJoined, "queue:{queue}", "customer_joined", None, CatalogSide::None, &[], "`{call_id, customer_name, position, queue_size}`; customer_name is the caller's number", customer_joined),
    row!(CallerLeft, "queue:{queue}", "customer_left", None, CatalogSide::None, &[], "`{call_id, reason}`: routed → `assigned`, gave up → `cancelled`", customer_left),
    row!(CallOffered, "queue:{queue}", "call_assigned", None, CatalogSide::Event(EventType::Ringing), &[("agentNo", "/user_id"), ("mainUniqueId", "/call_id"), ("queueNo", "{queue}")], "queue calls' customer legs; `{call_id, user_id, user_name}`", call_assigned),
    row!(QueueChanged, "queue:{queue}", "queue_update", None, CatalogSide::Event(EventType::QueueStatus), &[("queueStatus.{queue}.queueParams.queueNo", "{queue}"), ("#queueStatus.{queue}.queueParams.waiting", "/queue_size")], "`{queue_size, avg_wait_time, online_agents}` (logged-in members)", queue_update),
    row!(AgentPresence, "presence:{queue}", "presence_diff", None, CatalogSide::None, &[], "one topic per queue of the agent; meta `{name, status: online|busy|away, current_call_id}`; offline leaves; `presence_state` on join; the SDK's `presence` event carries it (no `agentStatus`: online / busy / away are coarser than the catalog's states)", presence),
    row!(CallAnswered, "call:{call}", "participant_joined", Some(("role", "attendant")), CatalogSide::Status(AgentState::Talking), &[("agentNo", "/user_id"), ("status.mainUniqueId", "{call}")], "`{user_id, name, role}`", participant_joined),
    row!(MonitorStarted, "call:{call}", "monitor_start", None, CatalogSide::Event(EventType::SpyLink), &[("agentNo", "/supervisor_id"), ("initiator", "/supervisor_id")], "spy; `{supervisor_id, supervisor_name}`", monitor_start),
    row!(MonitorStarted, "call:{call}", "whisper_start", None, CatalogSide::Event(EventType::WhisperLink), &[("agentNo", "/supervisor_id"), ("initiator", "/supervisor_id")], "whisper; `{supervisor_id, supervisor_name}`", whisper_start),
    row!(MonitorStarted, "call:{call}", "barge_start", None, CatalogSide::Event(EventType::BargeLink), &[("agentNo", "/supervisor_id"), ("initiator", "/supervisor_id")], "barge; `{supervisor_id, supervisor_name}`", barge_start),
    row!(MonitorStarted, "call:{call}", "participant_joined", Some(("role", "supervisor")), CatalogSide::Event(EventType::ThreewayLink), &[("agentNo", "/user_id"), ("initiator", "/user_id")], "three-way: the supervisor joins as a participant", supervisor_joined),
    row!(MonitorEnded, "call:{call}", "participant_left", Some(("role", "supervisor")), CatalogSide::None, &[], "any mode (Voki has no `*_stop`); the SDK cannot tell which `…Unlink`", supervisor_left),
    row!(CallLeft, "call:{call}", "participant_left", Some(("role", "attendant")), CatalogSide::Status(AgentState::Wrapup), &[("agentNo", "/user_id"), ("status.mainUniqueId", "{call}")], "`{user_id, role}`", participant_left),
    row!(SessionEnded, "call:{call}", "call_ended", None, CatalogSide::None, &[], "`{reason}`: `completed`, `terminated` (supervisor's disconnect), `failed` (outbound)", call_ended),
    row!(SessionDropped, "call:{call}", "call_ended", Some(("reason", "abandoned")), CatalogSide::None, &[], "the caller hung up before an answer", call_dropped),
    row!(Muted, "call:{call}", "mute", None, CatalogSide::Status(AgentState::Talking), &[("agentNo", "/user_id"), ("status.mainUniqueId", "{call}")], "`{type: \"audio\", muted, user_id}`", mute),
    row!(CallOffered, "notification:{user}", "new_notification", Some(("type", "call_assigned")), CatalogSide::Event(EventType::Ringing), &[("agentNo", "{user}"), ("mainUniqueId", "/data/call_id")], "customer and transfer legs; `{type, title, body, data: {call_id}}`", notify_call),
    row!(AgentLoggedOut, "notification:{user}", "new_notification", Some(("type", "system")), CatalogSide::Event(EventType::SessionTerminate), &[("agentNo", "{user}"), ("reason", "/data/reason")], "signed out by someone else (kicked, forcedOffline, keyRevoked)", notify_signed_out),
    row!(CallbackDue, "notification:{user}", "new_notification", Some(("type", "appointment_reminder")), CatalogSide::Event(EventType::OrderCallBack), &[("agentNo", "{user}"), ("callbackId", "/data/appointment_id")], "the callback as a notification", notify_callback),
    row!(CallbackDue, "notification:{user}", "appointment_reminder", None, CatalogSide::Event(EventType::OrderCallBack), &[("agentNo", "{user}"), ("callbackId", "/appointment_id"), ("customerNumber", "/customer_name"), ("callbackTime", "/scheduled_at")], "`{appointment_id, title, scheduled_at (RFC 3339), customer_name (the number), minutes_until}`", appointment_reminder),
];

/// Happenings Voki has no frame for, and why.
pub const SKIPPED: &[(Kind, &str)] = &[
    (
        Kind::AgentLoggedIn,
        "presence: the agent's key joins `presence:{queue}`",
    ),
    (Kind::AgentReady, "presence status `online`"),
    (Kind::AgentAway, "presence status `away`"),
    (
        Kind::AgentStatusChanged,
        "presence carries what Voki shows of a status",
    ),
    (
        Kind::AgentSync,
        "Presence is state-based: `presence_state` on every join",
    ),
    (
        Kind::MemberPaused,
        "presence status `away` in each of the agent's queues",
    ),
    (Kind::MemberResumed, "presence status back to `online`"),
    (
        Kind::WrapupStarted,
        "presence stays `busy` through after-call work",
    ),
    (Kind::WrapupEnded, "presence `online` again"),
    (
        Kind::OfferRejected,
        "the caller's `customer_joined` again when they return to the queue",
    ),
    (
        Kind::OfferRescinded,
        "as rejected; a caller who hung up gets `call_ended {reason: abandoned}`",
    ),
    (
        Kind::OutboundStarted,
        "Voki's queue channel is inbound only; the `call:` channel carries the call",
    ),
    (Kind::OutboundFailed, "`call_ended {reason: failed}`"),
    (Kind::Transcript, "seed 004 has no transcript channel"),
    (
        Kind::MonitorFailed,
        "seed 004 has no failed-supervision event",
    ),
    (Kind::SessionCreated, "`customer_joined` for queue calls"),
    (Kind::SessionConnected, "`participant_joined`"),
    (
        Kind::SessionTransferred,
        "`participant_left` of one attendant, `participant_joined` of the next",
    ),
    (Kind::ContactSeen, "seed 004 has no contacts channel"),
    (
        Kind::QueueOpened,
        "joining `queue:{id}` is the way to see a queue",
    ),
    (Kind::QueueClosed, "seed 004 has no queue lifecycle event"),
    (
        Kind::QueueMaxWaitExceeded,
        "seed 004 has no such event; `queue_update` shows the waits",
    ),
    (Kind::Recording, "seed 004 has no recording channel"),
    (Kind::Qa, "seed 004 has no QA channel"),
];

/// Voki events the core does not produce, and why.
pub const UNMAPPED: &[(&str, &str)] = &[
    ("signal", "SDP of the softphone leg: relayed between the client and the gateway's media side, not a core event"),
    ("ice_candidate", "likewise, ICE candidates of the softphone leg"),
    ("customer_left {reason: timeout}", "the core has no queue timeout; callers give up by themselves (`cancelled`)"),
];

#[cfg(test)]
mod tests;
