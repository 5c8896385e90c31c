//! GlobeMeet's topics (seed 002) from the core's happenings: `session.*` (created, connected,
//! ended, dropped, transferred), `queue.*` (depth-changed, abandoned, max-wait-exceeded),
//! `agent.*` (online, offline, status-changed, busy, break), `recording.*` (started, finished,
//! failed, deleted) and `qa.*` (scorecard-saved, dispute-raised, score-updated). The frame's
//! address is its topic; the payload is the event's `data`; the event name is
//! `family.event`.

use serde_json::{json, Value};

use crate::agent::AgentState;
use crate::events::EventType;

use super::super::happening::{
    CallRef, Happening, Kind, LeftQueue, Presence, QaStage, RecordingStage, SessionEnd, Stamped,
};
use super::super::table::{self, Built, CatalogSide, Rendered, Row};
use super::topic::{word, DIRECT};

/// GlobeMeet keeps nothing between happenings.
#[derive(Debug, Clone, Default)]
pub struct Ctx;

/// Every GlobeMeet event a happening becomes.
pub fn render(happening: &Stamped, ctx: &mut Ctx) -> Vec<Rendered<Ctx>> {
    table::render(TABLE, happening, ctx)
}

/// The event name of a row: `family.event` from its topic template.
pub fn event_name(row: &Row<Ctx>) -> String {
    let family = row.address.split('.').next().unwrap_or_default();
    format!("{family}.{}", row.event)
}

fn one(family: &str, scope: &str, event: &str, data: Value) -> Vec<Built> {
    vec![Built {
        address: format!("{family}.{}.{event}", word(scope)),
        payload: data,
    }]
}

fn scope(call: &CallRef) -> &str {
    call.queue.as_deref().unwrap_or(DIRECT)
}

fn session_data(call: &CallRef) -> Value {
    json!({ "session_id": call.call_id, "queue": call.queue, "customer_number": call.customer_number, "direction": if call.is_outbound() { "outbound" } else { "inbound" } })
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

// --- queue.* -------------------------------------------------------------------------------------

fn depth_changed(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::QueueChanged(q) = &s.happening else {
        return vec![];
    };
    if q.previous_waiting == Some(q.waiting) {
        return vec![];
    }
    let data = json!({
        "queue": q.queue, "name": q.name, "depth": q.waiting, "previous_depth": q.previous_waiting,
        "longest_wait_seconds": q.longest_wait_s, "average_wait_seconds": q.average_wait_s,
        "agents_online": q.agents_logged_in, "agents_available": q.agents_idle,
    });
    one("queue", &q.queue, "depth-changed", data)
}

fn abandoned(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::CallerLeft {
        call,
        queue,
        reason: LeftQueue::Abandoned,
        waited_s,
    } = &s.happening
    else {
        return vec![];
    };
    one(
        "queue",
        queue,
        "abandoned",
        with(session_data(call), json!({ "waited_seconds": waited_s })),
    )
}

fn max_wait(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::QueueMaxWaitExceeded {
        call,
        queue,
        waited_s,
        max_wait_s,
    } = &s.happening
    else {
        return vec![];
    };
    one(
        "queue",
        queue,
        "max-wait-exceeded",
        with(
            session_data(call),
            json!({ "waited_seconds": waited_s, "max_wait_seconds": max_wait_s }),
        ),
    )
}

// --- session.* -----------------------------------------------------------------------------------

fn created(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionCreated { call } = &s.happening else {
        return vec![];
    };
    one("session", scope(call), "created", session_data(call))
}

fn connected(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionConnected {
        call,
        agent,
        waited_s,
    } = &s.happening
    else {
        return vec![];
    };
    let extra =
        json!({ "agent_id": agent.agent_no, "agent_name": agent.name, "waited_seconds": waited_s });
    one(
        "session",
        scope(call),
        "connected",
        with(session_data(call), extra),
    )
}

fn ended(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionEnded { call, end } = &s.happening else {
        return vec![];
    };
    let reason = match end {
        SessionEnd::Completed => "completed",
        SessionEnd::Forced => "terminated",
        SessionEnd::Failed => "failed",
    };
    one(
        "session",
        scope(call),
        "ended",
        with(session_data(call), json!({ "reason": reason })),
    )
}

fn dropped(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionDropped { call, waited_s } = &s.happening else {
        return vec![];
    };
    one(
        "session",
        scope(call),
        "dropped",
        with(session_data(call), json!({ "waited_seconds": waited_s })),
    )
}

fn transferred(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::SessionTransferred { call, from } = &s.happening else {
        return vec![];
    };
    one(
        "session",
        scope(call),
        "transferred",
        with(
            session_data(call),
            json!({ "from_agent_id": from.agent_no }),
        ),
    )
}

// --- agent.* -------------------------------------------------------------------------------------

fn online(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentLoggedIn { agent, status } = &s.happening else {
        return vec![];
    };
    one(
        "agent",
        &agent.agent_no,
        "online",
        json!({ "agent_id": agent.agent_no, "name": agent.name, "status": status.state.as_str() }),
    )
}

fn offline(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentLoggedOut { agent, reason } = &s.happening else {
        return vec![];
    };
    one(
        "agent",
        &agent.agent_no,
        "offline",
        json!({ "agent_id": agent.agent_no, "name": agent.name, "reason": reason }),
    )
}

fn status_changed(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentStatusChanged {
        agent,
        status,
        previous,
    } = &s.happening
    else {
        return vec![];
    };
    let data = json!({
        "agent_id": agent.agent_no, "name": agent.name, "status": status.state.as_str(), "previous_status": previous.as_str(),
        "reason": status.state_action, "device_status": i64::from(status.device_status), "session_id": status.main_unique_id,
    });
    one("agent", &agent.agent_no, "status-changed", data)
}

fn busy(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentPresence {
        agent,
        presence: Presence::Busy,
        previous,
        call_id,
        ..
    } = &s.happening
    else {
        return vec![];
    };
    if *previous == Presence::Busy {
        return vec![];
    }
    one(
        "agent",
        &agent.agent_no,
        "busy",
        json!({ "agent_id": agent.agent_no, "name": agent.name, "session_id": call_id }),
    )
}

fn on_break(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    let Happening::AgentAway { agent, reason } = &s.happening else {
        return vec![];
    };
    one(
        "agent",
        &agent.agent_no,
        "break",
        json!({ "agent_id": agent.agent_no, "name": agent.name, "reason": reason }),
    )
}

// --- recording.* and qa.* ------------------------------------------------------------------------

fn recording(s: &Stamped, stage: RecordingStage, event: &str) -> Vec<Built> {
    let Happening::Recording(r) = &s.happening else {
        return vec![];
    };
    if r.stage != stage {
        return vec![];
    }
    let data = json!({ "recording_id": r.recording_id, "session_id": r.call_id, "queue": r.queue, "agent_id": r.agent_no, "duration_seconds": r.duration_s });
    one(
        "recording",
        r.queue.as_deref().unwrap_or(DIRECT),
        event,
        data,
    )
}

fn rec_started(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    recording(s, RecordingStage::Started, "started")
}
fn rec_finished(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    recording(s, RecordingStage::Finished, "finished")
}
fn rec_failed(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    recording(s, RecordingStage::Failed, "failed")
}
fn rec_deleted(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    recording(s, RecordingStage::Deleted, "deleted")
}

fn qa(s: &Stamped, stage: QaStage, event: &str) -> Vec<Built> {
    let Happening::Qa(q) = &s.happening else {
        return vec![];
    };
    if q.stage != stage {
        return vec![];
    }
    let data = json!({ "scorecard_id": q.scorecard_id, "session_id": q.call_id, "queue": q.queue, "agent_id": q.agent_no, "score": q.score });
    one("qa", &q.agent_no, event, data)
}

fn qa_saved(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    qa(s, QaStage::ScorecardSaved, "scorecard-saved")
}
fn qa_disputed(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    qa(s, QaStage::DisputeRaised, "dispute-raised")
}
fn qa_updated(s: &Stamped, _: &mut Ctx) -> Vec<Built> {
    qa(s, QaStage::ScoreUpdated, "score-updated")
}

macro_rules! row {
    ($kind:ident, $address:literal, $event:literal, $catalog:expr, $picks:expr, $note:literal, $build:ident) => {
        Row {
            kind: Kind::$kind,
            address: $address,
            event: $event,
            discriminator: None,
            catalog: $catalog,
            picks: $picks,
            note: $note,
            build: $build,
        }
    };
}

/// GlobeMeet's table (docs/dialects.md §GlobeMeet). `{queue}` is `direct` for calls that came
/// through no queue.
pub static TABLE: &[Row<Ctx>] = &[
    row!(QueueChanged, "queue.{queue}.depth-changed", "depth-changed", CatalogSide::Event(EventType::QueueStatus), &[("queueStatus.{queue}.queueParams.queueNo", "/queue"), ("queueStatus.{queue}.queueParams.name", "/name"), ("#queueStatus.{queue}.queueParams.waiting", "/depth")], "when the number waiting changes: depth, longest_wait_seconds, agents_online, agents_available", depth_changed),
    row!(CallerLeft, "queue.{queue}.abandoned", "abandoned", CatalogSide::None, &[], "a caller gave up: session_id, waited_seconds", abandoned),
    row!(QueueMaxWaitExceeded, "queue.{queue}.max-wait-exceeded", "max-wait-exceeded", CatalogSide::None, &[], "once per caller: waited_seconds, max_wait_seconds", max_wait),
    row!(SessionCreated, "session.{queue}.created", "created", CatalogSide::None, &[], "session_id, queue, customer_number, direction", created),
    row!(SessionConnected, "session.{queue}.connected", "connected", CatalogSide::Status(AgentState::Talking), &[("agentNo", "/agent_id"), ("status.mainUniqueId", "/session_id")], "agent_id (seed 002's `event.data.agent_id`), waited_seconds", connected),
    row!(SessionEnded, "session.{queue}.ended", "ended", CatalogSide::None, &[], "reason completed / terminated / failed", ended),
    row!(SessionDropped, "session.{queue}.dropped", "dropped", CatalogSide::None, &[], "the caller hung up before an answer", dropped),
    row!(SessionTransferred, "session.{queue}.transferred", "transferred", CatalogSide::None, &[], "from_agent_id", transferred),
    row!(AgentLoggedIn, "agent.{agent}.online", "online", CatalogSide::Event(EventType::SessionInit), &[("agentNo", "/agent_id")], "", online),
    row!(AgentLoggedOut, "agent.{agent}.offline", "offline", CatalogSide::Status(AgentState::Offline), &[("agentNo", "/agent_id"), ("status.stateAction", "/reason")], "reason: the stateAction", offline),
    row!(AgentStatusChanged, "agent.{agent}.status-changed", "status-changed", CatalogSide::Event(EventType::AgentStatus), &[("agentNo", "/agent_id"), ("status.state", "/status"), ("status.stateAction", "/reason"), ("#status.deviceStatus", "/device_status"), ("status.mainUniqueId", "/session_id")], "status, previous_status, reason (stateAction), device_status, session_id", status_changed),
    row!(AgentPresence, "agent.{agent}.busy", "busy", CatalogSide::None, &[], "the agent took on a call (ringing, dialing, talking or wrap-up)", busy),
    row!(AgentAway, "agent.{agent}.break", "break", CatalogSide::Status(AgentState::Busy), &[("agentNo", "/agent_id"), ("status.pauseDescription", "/reason")], "paused: reason", on_break),
    row!(Recording, "recording.{queue}.started", "started", CatalogSide::None, &[], "recording_id, session_id, agent_id", rec_started),
    row!(Recording, "recording.{queue}.finished", "finished", CatalogSide::None, &[], "with duration_seconds", rec_finished),
    row!(Recording, "recording.{queue}.failed", "failed", CatalogSide::None, &[], "", rec_failed),
    row!(Recording, "recording.{queue}.deleted", "deleted", CatalogSide::None, &[], "", rec_deleted),
    row!(Qa, "qa.{agent}.scorecard-saved", "scorecard-saved", CatalogSide::None, &[], "scorecard_id, session_id, agent_id, score", qa_saved),
    row!(Qa, "qa.{agent}.dispute-raised", "dispute-raised", CatalogSide::None, &[], "", qa_disputed),
    row!(Qa, "qa.{agent}.score-updated", "score-updated", CatalogSide::None, &[], "", qa_updated),
];

/// Happenings GlobeMeet has no topic for, and why.
pub const SKIPPED: &[(Kind, &str)] = &[
    (Kind::AgentReady, "`agent.status-changed` (status idle)"),
    (
        Kind::AgentSync,
        "resume replays what was missed; no periodic sync",
    ),
    (
        Kind::MemberPaused,
        "`agent.break` covers the pause; GlobeMeet has no per-queue pause",
    ),
    (Kind::MemberResumed, "likewise"),
    (Kind::WrapupStarted, "`agent.status-changed` (wrapup)"),
    (Kind::WrapupEnded, "likewise"),
    (
        Kind::CallOffered,
        "`agent.busy` and `agent.status-changed` (ringing)",
    ),
    (Kind::OfferRejected, "`agent.status-changed`"),
    (
        Kind::OfferRescinded,
        "`agent.status-changed`; a caller who hung up is `session.dropped`",
    ),
    (Kind::CallAnswered, "`session.connected`"),
    (Kind::CallLeft, "`session.ended` / `session.transferred`"),
    (
        Kind::OutboundStarted,
        "`session.created` (direction outbound, queue `direct`)",
    ),
    (Kind::OutboundFailed, "`session.ended` (reason failed)"),
    (Kind::Muted, "GlobeMeet has no call-control topics"),
    (Kind::Transcript, "GlobeMeet has no transcript topics"),
    (Kind::CallbackDue, "GlobeMeet has no callback topics"),
    (Kind::MonitorStarted, "GlobeMeet has no supervision topics"),
    (Kind::MonitorEnded, "likewise"),
    (Kind::MonitorFailed, "likewise"),
    (Kind::ContactSeen, "GlobeMeet has no contact topics"),
    (Kind::QueueOpened, "GlobeMeet has no queue lifecycle topics"),
    (Kind::QueueClosed, "likewise"),
    (
        Kind::CallerJoined,
        "`queue.depth-changed` and `session.created`",
    ),
];

/// GlobeMeet events the core does not produce, and why (the rows exist: a contact center that
/// has these moments feeds them and they go out).
pub const UNMAPPED: &[(&str, &str)] = &[
    (
        "recording.*.failed",
        "the simulator's recordings never fail",
    ),
    (
        "recording.*.deleted",
        "nobody deletes a recording in the simulator",
    ),
    (
        "qa.*.dispute-raised",
        "simulated agents never dispute a scorecard",
    ),
    ("qa.*.score-updated", "no dispute, so no rescoring"),
];

#[cfg(test)]
mod tests;
