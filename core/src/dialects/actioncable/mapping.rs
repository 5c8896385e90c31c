//! Voxsig's events (seed 001) from the core's happenings: a call is a conversation, its
//! transcript lines are messages, routing sets the assignee, agents' availability is
//! `presence.update`. Every broadcast is `{"event": <name>, "data": <object>}` on a RoomChannel
//! subscription: `account:{account}` goes to every agent of the account, `user:{user}` to one
//! agent's subscriptions (notifications).

use serde_json::{json, Value};

use crate::agent::AgentState;
use crate::events::EventType;

use super::super::happening::{Happening, Kind, Leg, SentenceStage, Stamped};
use super::super::table::{self, Built, CatalogSide, Rendered, Row};
use super::objects::{availability, Book};
use super::presence::{self as seen_presence, Seen};

/// The Voxsig face's memory for one account.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The account's integer id (seed 001: `account_id`), chosen by the face per tenant.
    pub account_id: i64,
    /// Ids and live conversations.
    pub book: Book,
    /// Users online by their own `update_presence`, merged into `presence.update`.
    pub seen: Seen,
}

impl Ctx {
    /// A fresh context for account `account_id`.
    pub fn new(account_id: i64) -> Self {
        Self {
            account_id,
            book: Book::default(),
            seen: Seen::default(),
        }
    }

    fn account(&self) -> String {
        format!("account:{}", self.account_id)
    }

    fn conversation(&mut self, call_id: &str, at_ms: i64) -> Value {
        self.book
            .conversation_object(call_id, self.account_id, at_ms)
    }
}

/// Every Voxsig broadcast a happening becomes; the payload is the broadcast's `message`.
pub fn render(happening: &Stamped, ctx: &mut Ctx) -> Vec<Rendered<Ctx>> {
    table::render(TABLE, happening, ctx)
}

fn message(address: String, event: &str, data: Value) -> Vec<Built> {
    vec![Built {
        address,
        payload: json!({ "event": event, "data": data }),
    }]
}

fn conversation_created(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::SessionCreated { call } = &s.happening else {
        return vec![];
    };
    ctx.book.conversation(call, s.at_ms);
    let data = ctx.conversation(&call.call_id, s.at_ms);
    message(ctx.account(), "conversation.created", data)
}

fn contact_created(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::ContactSeen { customer_number } = &s.happening else {
        return vec![];
    };
    let data = ctx.book.contact(customer_number);
    message(ctx.account(), "contact.created", data)
}

fn assignee_changed(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::CallOffered { agent, call, leg } = &s.happening else {
        return vec![];
    };
    if *leg == Leg::Consult {
        return vec![];
    }
    ctx.book.conversation(call, s.at_ms).assignee = Some(agent.clone());
    let data = ctx.conversation(&call.call_id, s.at_ms);
    message(ctx.account(), "assignee.changed", data)
}

fn status_changed(ctx: &mut Ctx, call_id: &str, at_ms: i64) -> Vec<Built> {
    let data = ctx.conversation(call_id, at_ms);
    message(ctx.account(), "conversation.status_changed", data)
}

fn back_to_pending(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::CallerJoined { call, .. } = &s.happening else {
        return vec![];
    };
    // A caller back in the queue after a reject or a missed offer: unassigned, pending again.
    // A first join is `conversation.created`'s business.
    match ctx.book.existing(&call.call_id) {
        Some(c) if c.assignee.is_some() || c.status != "pending" => {}
        _ => return vec![],
    }
    let c = ctx.book.conversation(call, s.at_ms);
    c.assignee = None;
    c.status = "pending";
    status_changed(ctx, &call.call_id, s.at_ms)
}

fn opened(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::CallAnswered { agent, call, leg } = &s.happening else {
        return vec![];
    };
    if *leg == Leg::Consult {
        return vec![];
    }
    let c = ctx.book.conversation(call, s.at_ms);
    c.status = "open";
    c.assignee = Some(agent.clone());
    status_changed(ctx, &call.call_id, s.at_ms)
}

fn resolve(
    ctx: &mut Ctx,
    call: &super::super::happening::CallRef,
    at_ms: i64,
    reason: &str,
) -> Vec<Built> {
    ctx.book.conversation(call, at_ms).status = "resolved";
    let mut data = ctx.conversation(&call.call_id, at_ms);
    data["additional_attributes"]["end_reason"] = Value::String(reason.to_owned());
    ctx.book.close(&call.call_id);
    message(ctx.account(), "conversation.status_changed", data)
}

fn dropped(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::SessionDropped { call, .. } = &s.happening else {
        return vec![];
    };
    resolve(ctx, call, s.at_ms, "abandoned")
}

fn resolved(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::SessionEnded { call, end } = &s.happening else {
        return vec![];
    };
    let reason = match end {
        super::super::happening::SessionEnd::Completed => "completed",
        super::super::happening::SessionEnd::Forced => "terminated",
        super::super::happening::SessionEnd::Failed => "failed",
    };
    resolve(ctx, call, s.at_ms, reason)
}

/// The speaker of a sentence: role 1 the agent (a user), 2 the customer (a contact).
fn speaker(ctx: &mut Ctx, s: &super::super::happening::Sentence) -> (Value, &'static str, u64) {
    if s.role == 1 {
        let id = ctx.book.user_id(&s.agent.agent_no);
        (ctx.book.user(&s.agent, None), "User", id)
    } else {
        let number = ctx
            .book
            .existing(&s.call_id)
            .map(|c| c.call.customer_number.clone())
            .unwrap_or_default();
        let mut contact = ctx.book.contact(&number);
        contact["type"] = Value::String("contact".into());
        let id = contact["id"].as_u64().unwrap_or(0);
        (contact, "Contact", id)
    }
}

fn typing(s: &Stamped, ctx: &mut Ctx, stage: SentenceStage, event: &str) -> Vec<Built> {
    let Happening::Transcript(t) = &s.happening else {
        return vec![];
    };
    if t.stage != stage {
        return vec![];
    }
    let conversation = ctx.conversation(&t.call_id, s.at_ms);
    let (user, _, _) = speaker(ctx, t);
    message(
        ctx.account(),
        event,
        json!({ "conversation": conversation, "user": user, "is_private": false, "account_id": ctx.account_id }),
    )
}

fn typing_on(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    typing(s, ctx, SentenceStage::Started, "conversation.typing_on")
}

fn typing_off(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    typing(s, ctx, SentenceStage::Final, "conversation.typing_off")
}

fn message_created(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::Transcript(t) = &s.happening else {
        return vec![];
    };
    if t.stage != SentenceStage::Final {
        return vec![];
    }
    let conversation = ctx.conversation(&t.call_id, s.at_ms);
    let (sender, sender_type, sender_id) = speaker(ctx, t);
    // message_type 0 incoming (from the contact), 1 outgoing (from an agent), as Voxsig counts.
    let message_type = if t.role == 1 { 1 } else { 0 };
    let data = json!({
        "id": ctx.book.message_id(),
        "content": t.text,
        "account_id": ctx.account_id,
        "inbox_id": conversation["inbox_id"],
        "conversation_id": conversation["id"],
        "message_type": message_type,
        "created_at": s.at_ms / 1000,
        "updated_at": Book::datetime(s.at_ms),
        "private": false,
        "status": "sent",
        "source_id": null,
        "content_type": "text",
        "content_attributes": { "transcript": { "sentence_index": t.index, "call_id": t.call_id } },
        "sender_type": sender_type,
        "sender_id": sender_id,
        "external_source_ids": {},
        "sender": sender,
    });
    message(ctx.account(), "message.created", data)
}

fn presence_update(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::AgentPresence {
        presence,
        previous,
        roster,
        ..
    } = &s.happening
    else {
        return vec![];
    };
    if availability(*presence) == availability(*previous) {
        return vec![];
    }
    vec![seen_presence::presence_update(ctx, roster, s.at_ms)]
}

fn notify(
    ctx: &mut Ctx,
    agent_no: &str,
    kind: &str,
    call_id: &str,
    title: &str,
    at_ms: i64,
) -> Vec<Built> {
    let notification = ctx
        .book
        .notification(kind, call_id, title, ctx.account_id, at_ms);
    let user = ctx.book.user_id(agent_no);
    message(
        format!("user:{user}"),
        "notification.created",
        json!({ "notification": notification, "unread_count": 1, "count": 1 }),
    )
}

fn notify_assignment(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::CallOffered { agent, call, leg } = &s.happening else {
        return vec![];
    };
    if *leg == Leg::Consult {
        return vec![];
    }
    ctx.book.conversation(call, s.at_ms);
    let title = format!(
        "A conversation with {} has been assigned to you",
        call.customer_number
    );
    notify(
        ctx,
        &agent.agent_no,
        "conversation_assignment",
        &call.call_id,
        &title,
        s.at_ms,
    )
}

fn notify_callback(s: &Stamped, ctx: &mut Ctx) -> Vec<Built> {
    let Happening::CallbackDue { agent, fields } = &s.happening else {
        return vec![];
    };
    let number = fields
        .get("customerNumber")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let title = format!("Call {number} back now");
    let notification = json!({
        "id": ctx.book.notification_id(),
        "notification_type": "callback_due",
        "primary_actor_type": "Contact",
        "primary_actor_id": ctx.book.contact_id(number),
        "primary_actor": ctx.book.contact(number),
        "read_at": null,
        "secondary_actor": Value::Object(fields.clone()),
        "created_at": s.at_ms / 1000,
        "account_id": ctx.account_id,
        "push_message_title": title,
    });
    let user = ctx.book.user_id(&agent.agent_no);
    message(
        format!("user:{user}"),
        "notification.created",
        json!({ "notification": notification, "unread_count": 1, "count": 1 }),
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

/// Voxsig's table (docs/dialects.md §Voxsig). The address names the audience; the event name
/// is the broadcast's `message.event`.
pub static TABLE: &[Row<Ctx>] = &[
    row!(SessionCreated, "account:{account}", "conversation.created", None, CatalogSide::None, &[], "status `pending` (queue) or `open` (outbound); sender is the caller as a contact", conversation_created),
    row!(ContactSeen, "account:{account}", "contact.created", None, CatalogSide::None, &[], "name and phone_number are the caller's number", contact_created),
    row!(CallOffered, "account:{account}", "assignee.changed", None, CatalogSide::Event(EventType::Ringing), &[("agentNo", "/data/meta/assignee/id"), ("mainUniqueId", "/data/additional_attributes/call_id"), ("customerNumber", "/data/meta/sender/phone_number"), ("queueNo", "/data/additional_attributes/queue")], "routing sets the assignee (customer and transfer legs)", assignee_changed),
    row!(CallerJoined, "account:{account}", "conversation.status_changed", Some(("/data/status", "pending")), CatalogSide::None, &[], "a caller back in the queue (rejected or missed offer): unassigned, `pending`", back_to_pending),
    row!(CallAnswered, "account:{account}", "conversation.status_changed", Some(("/data/status", "open")), CatalogSide::Status(AgentState::Talking), &[("agentNo", "/data/meta/assignee/id"), ("status.mainUniqueId", "/data/additional_attributes/call_id")], "the agent talks with the customer: `open`", opened),
    row!(SessionDropped, "account:{account}", "conversation.status_changed", Some(("/data/additional_attributes/end_reason", "abandoned")), CatalogSide::None, &[], "`resolved`, end_reason `abandoned`", dropped),
    row!(SessionEnded, "account:{account}", "conversation.status_changed", Some(("/data/status", "resolved")), CatalogSide::Status(AgentState::Wrapup), &[("status.mainUniqueId", "/data/additional_attributes/call_id")], "`resolved`, end_reason `completed` / `terminated` / `failed`", resolved),
    row!(Transcript, "account:{account}", "conversation.typing_on", None, CatalogSide::None, &[], "a sentence starts: its speaker (user or contact) is typing; no text yet, so no `transcript` (`message.created` brings it)", typing_on),
    row!(Transcript, "account:{account}", "message.created", None, CatalogSide::Event(EventType::Transcript), &[("text", "/data/content"), ("#sentenceIndex", "/data/content_attributes/transcript/sentence_index"), ("mainUniqueId", "/data/content_attributes/transcript/call_id"), ("#finished", "=1"), ("sentenceType", "=sentenceEnd")], "a final sentence: message_type 0 from the customer, 1 from the agent", message_created),
    row!(Transcript, "account:{account}", "conversation.typing_off", None, CatalogSide::None, &[], "after the final sentence; the `transcript` came with `message.created`", typing_off),
    row!(AgentPresence, "account:{account}", "presence.update", None, CatalogSide::None, &[], "every logged-in agent: `online` (idle) or `busy` (paused, on a call, wrap-up), and every user whose console said `update_presence` in the last 30 s: `online`; no `agentStatus`: online / busy are coarser than the catalog's states", presence_update),
    row!(CallOffered, "user:{user}", "notification.created", Some(("/data/notification/notification_type", "conversation_assignment")), CatalogSide::Event(EventType::Ringing), &[("mainUniqueId", "/data/notification/primary_actor/additional_attributes/call_id"), ("customerNumber", "/data/notification/primary_actor/meta/sender/phone_number"), ("queueNo", "/data/notification/primary_actor/additional_attributes/queue")], "to the assignee", notify_assignment),
    row!(CallbackDue, "user:{user}", "notification.created", Some(("/data/notification/notification_type", "callback_due")), CatalogSide::Event(EventType::OrderCallBack), &[("customerNumber", "/data/notification/primary_actor/phone_number")], "to the agent; the callback's fields as `secondary_actor`", notify_callback),
];

/// Happenings Voxsig has no event for, and why.
pub const SKIPPED: &[(Kind, &str)] = &[
    (Kind::AgentLoggedIn, "`presence.update`"),
    (
        Kind::AgentLoggedOut,
        "`presence.update` (the agent leaves `users`)",
    ),
    (Kind::AgentReady, "`presence.update` `online`"),
    (Kind::AgentAway, "`presence.update` `busy`"),
    (Kind::AgentStatusChanged, "Voxsig shows availability only"),
    (Kind::AgentSync, "Voxsig has no state sync event"),
    (Kind::MemberPaused, "Voxsig has no per-inbox availability"),
    (Kind::MemberResumed, "likewise"),
    (
        Kind::WrapupStarted,
        "after-call work is `busy` availability",
    ),
    (Kind::WrapupEnded, "likewise"),
    (
        Kind::OfferRejected,
        "the caller's return to the queue sets the conversation `pending`",
    ),
    (
        Kind::OfferRescinded,
        "likewise; a caller who hung up resolves it",
    ),
    (
        Kind::CallLeft,
        "`conversation.status_changed` when the call ends; a hand-over is the next assignee",
    ),
    (
        Kind::OutboundStarted,
        "`conversation.created` (status `open`)",
    ),
    (
        Kind::OutboundFailed,
        "`conversation.status_changed` resolved, end_reason `failed`",
    ),
    (Kind::Muted, "Voxsig has no call-control events"),
    (Kind::MonitorStarted, "Voxsig has no supervision events"),
    (Kind::MonitorEnded, "likewise"),
    (Kind::MonitorFailed, "likewise"),
    (
        Kind::SessionConnected,
        "`conversation.status_changed` `open`",
    ),
    (
        Kind::SessionTransferred,
        "the next agent's `assignee.changed`",
    ),
    (
        Kind::QueueOpened,
        "inboxes are configuration, not events, in Voxsig",
    ),
    (Kind::QueueClosed, "likewise"),
    (
        Kind::CallerLeft,
        "routing is `assignee.changed`; giving up resolves the conversation",
    ),
    (Kind::QueueChanged, "Voxsig has no queue figures"),
    (Kind::QueueMaxWaitExceeded, "Voxsig has no wait alerts"),
    (Kind::Recording, "Voxsig has no recording events"),
    (Kind::Qa, "Voxsig has no QA events"),
];

/// Voxsig events the core does not produce, and why.
pub const UNMAPPED: &[(&str, &str)] = &[
    ("conversation.read", "a voice call has no read receipts"),
    (
        "message.updated",
        "transcript sentences become messages only when final",
    ),
    (
        "team.changed",
        "a call never moves to another team (queue) in the core",
    ),
    ("conversation.contact_changed", "callers are never merged"),
    (
        "contact.updated",
        "the core knows callers by number only; nothing about them changes",
    ),
];

#[cfg(test)]
mod tests;
