//! Voxsig's objects (seed 001 "Websocket Payload"): conversation, contact, user, message and
//! notification, with the integer ids Voxsig uses. A call is a conversation, its caller a
//! contact, an agent a user, a transcript sentence a message; the [`Book`] gives each a stable
//! integer and remembers what a conversation looks like now (status, assignee).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::super::happening::{AgentRef, CallRef, Presence};
use crate::calendar;

/// Ids for agents whose number is not a plain integer start here, above any real agent number.
const SYNTHETIC_USER_IDS: u64 = 1_000_000_000;
/// Contacts and conversations remembered at once; beyond it the oldest are forgotten.
pub const MAX_REMEMBERED: usize = 10_000;

/// Voxsig's `availability_status` (seed 001 `presence.update`; Voxsig's values online, busy,
/// offline).
pub fn availability(p: Presence) -> &'static str {
    match p {
        Presence::Available => "online",
        Presence::Busy | Presence::Away => "busy",
        Presence::Offline => "offline",
    }
}

/// What a conversation looks like now.
#[derive(Debug, Clone)]
pub struct Conversation {
    /// Voxsig's id.
    pub id: u64,
    /// The call.
    pub call: CallRef,
    /// `pending` (waiting), `open` (talking), `resolved` (ended).
    pub status: &'static str,
    /// Who has it.
    pub assignee: Option<AgentRef>,
    /// When it began, Unix seconds.
    pub created_s: i64,
}

/// The integer ids of one Voxsig account, and its live conversations.
#[derive(Debug, Clone, Default)]
pub struct Book {
    contacts: BTreeMap<String, u64>,
    inboxes: BTreeMap<String, u64>,
    users: BTreeMap<String, u64>,
    conversations: BTreeMap<String, Conversation>,
    next_conversation: u64,
    next_contact: u64,
    next_message: u64,
    next_notification: u64,
}

fn next(counter: &mut u64) -> u64 {
    *counter += 1;
    *counter
}

impl Book {
    /// An agent's user id: the agent number itself when it is a positive integer (seed 001's
    /// `user_id` is an integer, and a console knows its agent number), else a stable synthetic id.
    pub fn user_id(&mut self, agent_no: &str) -> u64 {
        if let Some(n) = agent_no
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0 && *n < SYNTHETIC_USER_IDS)
        {
            return n;
        }
        let len = self.users.len() as u64;
        *self
            .users
            .entry(agent_no.to_owned())
            .or_insert(SYNTHETIC_USER_IDS + len + 1)
    }

    /// A contact's id, by customer number.
    pub fn contact_id(&mut self, number: &str) -> u64 {
        if let Some(id) = self.contacts.get(number) {
            return *id;
        }
        if self.contacts.len() >= MAX_REMEMBERED {
            self.contacts.clear();
        }
        let id = next(&mut self.next_contact);
        self.contacts.insert(number.to_owned(), id);
        id
    }

    /// An inbox's id, by queue: a queue is an inbox, and calls without one (outbound) share one
    /// more.
    pub fn inbox_id(&mut self, queue: Option<&str>) -> u64 {
        let key = queue.unwrap_or("");
        let len = self.inboxes.len() as u64;
        *self.inboxes.entry(key.to_owned()).or_insert(len + 1)
    }

    /// The conversation of `call`, opened if new.
    pub fn conversation(&mut self, call: &CallRef, at_ms: i64) -> &mut Conversation {
        if !self.conversations.contains_key(&call.call_id)
            && self.conversations.len() >= MAX_REMEMBERED
        {
            let oldest = self
                .conversations
                .values()
                .min_by_key(|c| c.id)
                .map(|c| c.call.call_id.clone());
            if let Some(id) = oldest {
                self.conversations.remove(&id);
            }
        }
        let counter = &mut self.next_conversation;
        self.conversations
            .entry(call.call_id.clone())
            .or_insert_with(|| Conversation {
                id: next(counter),
                call: call.clone(),
                status: if call.is_outbound() {
                    "open"
                } else {
                    "pending"
                },
                assignee: None,
                created_s: at_ms / 1000,
            })
    }

    /// The live conversation of a call id, if any.
    pub fn existing(&self, call_id: &str) -> Option<&Conversation> {
        self.conversations.get(call_id)
    }

    /// Forgets a resolved conversation.
    pub fn close(&mut self, call_id: &str) {
        self.conversations.remove(call_id);
    }

    /// A fresh message id.
    pub fn message_id(&mut self) -> u64 {
        next(&mut self.next_message)
    }

    /// A fresh notification id.
    pub fn notification_id(&mut self) -> u64 {
        next(&mut self.next_notification)
    }

    /// A user object (seed 001 "agent/admin").
    pub fn user(&mut self, agent: &AgentRef, presence: Option<Presence>) -> Value {
        json!({
            "id": self.user_id(&agent.agent_no),
            "name": agent.name,
            "available_name": agent.name,
            "avatar_url": "",
            "availability_status": presence.map(availability),
            "thumbnail": "",
            "type": "user",
        })
    }

    /// A contact object (seed 001 "contact"): the core knows callers by number only.
    pub fn contact(&mut self, number: &str) -> Value {
        json!({
            "additional_attributes": {},
            "custom_attributes": {},
            "email": null,
            "id": self.contact_id(number),
            "identifier": null,
            "name": number,
            "phone_number": number,
            "thumbnail": "",
        })
    }

    /// A conversation object (seed 001 "conversation") as it stands.
    pub fn conversation_object(&mut self, call_id: &str, account_id: i64, at_ms: i64) -> Value {
        let Some(c) = self.conversations.get(call_id).cloned() else {
            return Value::Null;
        };
        let sender = self.contact(&c.call.customer_number);
        let assignee = match &c.assignee {
            Some(a) => self.user(a, None),
            None => Value::Null,
        };
        let inbox_id = self.inbox_id(c.call.queue.as_deref());
        let direction = if c.call.is_outbound() {
            "outbound"
        } else {
            "inbound"
        };
        json!({
            "additional_attributes": { "call_id": c.call.call_id, "queue": c.call.queue, "direction": direction },
            "can_reply": true,
            "channel": "Channel::Voice",
            "id": c.id,
            "inbox_id": inbox_id,
            "contact_inbox": { "contact_id": self.contact_id(&c.call.customer_number), "inbox_id": inbox_id, "source_id": c.call.customer_number, "hmac_verified": false },
            "messages": [],
            "meta": { "sender": sender, "assignee": assignee },
            "status": c.status,
            "unread_count": 0,
            "agent_last_seen_at": 0,
            "contact_last_seen_at": 0,
            "timestamp": at_ms / 1000,
            "created_at": c.created_s,
            "account_id": account_id,
        })
    }

    /// A notification object (seed 001 "notification") about a conversation.
    pub fn notification(
        &mut self,
        kind: &str,
        call_id: &str,
        title: &str,
        account_id: i64,
        at_ms: i64,
    ) -> Value {
        let conversation = self.conversation_object(call_id, account_id, at_ms);
        json!({
            "id": self.notification_id(),
            "notification_type": kind,
            "primary_actor_type": "Conversation",
            "primary_actor_id": conversation["id"],
            "primary_actor": conversation,
            "read_at": null,
            "secondary_actor": null,
            "created_at": at_ms / 1000,
            "account_id": account_id,
            "push_message_title": title,
        })
    }

    /// The ISO form of a Unix-ms instant, for `updated_at`-style fields.
    pub fn datetime(at_ms: i64) -> String {
        calendar::rfc3339(at_ms)
    }
}
