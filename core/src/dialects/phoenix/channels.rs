//! The server side of one Phoenix socket's channels, sans-IO: which topics are joined under
//! which join_ref, and what each client message means (research/gateway-protocols.md §1.2
//! "Server rules"). The face authorizes joins and acts on pushes; this keeps the protocol's own
//! rules — heartbeat replies, `unmatched topic`, a duplicate join closing the old channel, stale
//! join_refs dropped, `phx_leave` answered then closed, the channel limit.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::commands::Topic;
use super::frame::{event, Message};

/// Channels one socket may join (Phoenix's `max_channels_per_transport` default, §1.2).
pub const MAX_CHANNELS: usize = 100;

/// What a client message asks of the face.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Send these frames; nothing else to do (heartbeat, leave, refusals).
    Answer(Vec<Message>),
    /// A join to authorize: the face answers with [`Channels::accept`] or [`Channels::refuse`].
    /// `closed` is the `phx_close` of the channel it replaces, to send first.
    Join {
        /// The topic.
        topic: Topic,
        /// The join message (its ref and join_ref are the new channel's).
        message: Message,
        /// The old channel's close, when the topic was joined already.
        closed: Option<Message>,
    },
    /// A push on a joined channel, for the face (`client_push`); reply to `message`.
    Push {
        /// The topic.
        topic: Topic,
        /// The push.
        message: Message,
    },
    /// Dropped without an answer: a message for an older join of its topic.
    Stale,
}

/// One socket's joined channels.
#[derive(Debug, Clone, Default)]
pub struct Channels {
    joined: BTreeMap<String, Option<String>>,
}

fn unmatched(message: &Message) -> Message {
    // Phoenix answers an unknown or unjoined topic with a null join_ref (§1.2).
    let mut reply = Message::refuse(message, "unmatched topic");
    reply.join_ref = None;
    reply
}

impl Channels {
    /// No channel joined.
    pub fn new() -> Self {
        Self::default()
    }

    /// The join_ref a topic is joined under, for server pushes (`None` when not joined).
    pub fn join_ref(&self, topic: &str) -> Option<Option<&str>> {
        self.joined.get(topic).map(Option::as_deref)
    }

    /// Every joined topic.
    pub fn topics(&self) -> impl Iterator<Item = &str> {
        self.joined.keys().map(String::as_str)
    }

    /// Reads one client message.
    pub fn handle(&mut self, message: Message) -> Inbound {
        if message.is_heartbeat() {
            return Inbound::Answer(vec![Message::reply(&message, true, json!({}))]);
        }
        let Some(topic) = Topic::parse(&message.topic).filter(|t| *t != Topic::Phoenix) else {
            return Inbound::Answer(vec![unmatched(&message)]);
        };
        match message.event.as_str() {
            event::JOIN => {
                let closed = self
                    .joined
                    .remove(&message.topic)
                    .map(|old| Message::closed(old, &message.topic, None));
                if closed.is_none() && self.joined.len() >= MAX_CHANNELS {
                    return Inbound::Answer(vec![Message::refuse(
                        &message,
                        "too many channels joined",
                    )]);
                }
                Inbound::Join {
                    topic,
                    message,
                    closed,
                }
            }
            event::LEAVE => {
                let reply = Message::reply(&message, true, json!({}));
                match self.joined.get(&message.topic) {
                    Some(current) if message.join_ref.is_none() || *current == message.join_ref => {
                        self.joined.remove(&message.topic);
                        let close = Message::closed(message.join_ref.clone(), &message.topic, None);
                        Inbound::Answer(vec![reply, close])
                    }
                    Some(_) => Inbound::Stale,
                    // Leaving a topic that is not joined is answered ok (§1.2).
                    None => Inbound::Answer(vec![reply]),
                }
            }
            _ => match self.joined.get(&message.topic) {
                None => Inbound::Answer(vec![unmatched(&message)]),
                Some(current) if message.join_ref.is_some() && *current != message.join_ref => {
                    Inbound::Stale
                }
                Some(_) => Inbound::Push { topic, message },
            },
        }
    }

    /// The face admits a join: the channel is joined under the join's ref; returns the `ok`
    /// reply, with `response` (the channel's state for a client that resyncs on join).
    pub fn accept(&mut self, join: &Message, response: Value) -> Message {
        self.joined.insert(
            join.topic.clone(),
            join.join_ref.clone().or_else(|| join.msg_ref.clone()),
        );
        Message::reply(join, true, response)
    }

    /// The face refuses a join (`unauthorized`, …).
    pub fn refuse(&self, join: &Message, reason: &str) -> Message {
        Message::refuse(join, reason)
    }

    /// A server push to every joined `topic` (its join_ref, no ref), if joined.
    pub fn push(&self, topic: &str, event: &str, payload: Map<String, Value>) -> Option<Message> {
        let join_ref = self.joined.get(topic)?.clone();
        Some(Message::push(join_ref, topic, event, payload))
    }

    /// Ends every channel (the socket closes); their topics, for the face to forget.
    pub fn clear(&mut self) -> Vec<String> {
        std::mem::take(&mut self.joined).into_keys().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &str) -> Message {
        Message::decode(text).unwrap()
    }

    fn join(c: &mut Channels, text: &str) -> Message {
        match c.handle(msg(text)) {
            Inbound::Join { message, .. } => c.accept(&message, json!({})),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn heartbeats_are_answered_on_the_phoenix_topic() {
        let Inbound::Answer(out) =
            Channels::new().handle(msg(r#"[null,"5","phoenix","heartbeat",{}]"#))
        else {
            panic!()
        };
        assert_eq!(
            out[0].encode(),
            r#"[null,"5","phoenix","phx_reply",{"response":{},"status":"ok"}]"#
        );
    }

    #[test]
    fn a_join_is_the_faces_to_admit_and_then_pushes_reach_it() {
        let mut c = Channels::new();
        let ok = join(&mut c, r#"["3","3","queue:q1","phx_join",{}]"#);
        assert_eq!(ok.payload["status"], "ok");
        assert_eq!(c.join_ref("queue:q1"), Some(Some("3")));
        let push = c.push("queue:q1", "customer_joined", Map::new()).unwrap();
        assert_eq!(
            push.encode(),
            r#"["3",null,"queue:q1","customer_joined",{}]"#
        );
        assert!(c.push("queue:q2", "x", Map::new()).is_none());
        assert!(matches!(
            c.handle(msg(r#"["3","7","queue:q1","anything",{}]"#)),
            Inbound::Push { .. }
        ));
    }

    #[test]
    fn unknown_and_unjoined_topics_are_unmatched_with_a_null_join_ref() {
        let mut c = Channels::new();
        for text in [
            r#"["3","3","room:42","phx_join",{}]"#,
            r#"["3","4","queue:q1","mute",{}]"#,
        ] {
            let Inbound::Answer(out) = c.handle(msg(text)) else {
                panic!("{text}")
            };
            assert_eq!(out[0].join_ref, None);
            assert_eq!(out[0].payload["response"]["reason"], "unmatched topic");
        }
    }

    #[test]
    fn a_duplicate_join_closes_the_old_channel_first_and_old_refs_go_stale() {
        let mut c = Channels::new();
        let _ = join(&mut c, r#"["3","3","queue:q1","phx_join",{}]"#);
        let Inbound::Join {
            closed, message, ..
        } = c.handle(msg(r#"["8","8","queue:q1","phx_join",{}]"#))
        else {
            panic!()
        };
        assert_eq!(
            closed.unwrap().encode(),
            r#"["3","3","queue:q1","phx_close",{}]"#
        );
        let _ = c.accept(&message, json!({}));
        assert_eq!(
            c.handle(msg(r#"["3","9","queue:q1","mute",{}]"#)),
            Inbound::Stale
        );
        assert!(
            matches!(
                c.handle(msg(r#"[null,"10","queue:q1","mute",{}]"#)),
                Inbound::Push { .. }
            ),
            "a null join_ref is accepted"
        );
    }

    #[test]
    fn leave_is_answered_ok_then_closed_and_leaving_an_unjoined_topic_is_ok() {
        let mut c = Channels::new();
        let _ = join(&mut c, r#"["3","3","queue:q1","phx_join",{}]"#);
        let Inbound::Answer(out) = c.handle(msg(r#"["3","4","queue:q1","phx_leave",{}]"#)) else {
            panic!()
        };
        let events: Vec<&str> = out.iter().map(|m| m.event.as_str()).collect();
        assert_eq!(events, ["phx_reply", "phx_close"]);
        assert_eq!(c.join_ref("queue:q1"), None);
        let Inbound::Answer(out) = c.handle(msg(r#"["5","5","queue:q1","phx_leave",{}]"#)) else {
            panic!()
        };
        assert_eq!(
            (out.len(), out[0].payload["status"].as_str()),
            (1, Some("ok"))
        );
    }

    #[test]
    fn the_channel_limit_refuses_the_hundred_and_first() {
        let mut c = Channels::new();
        for i in 0..MAX_CHANNELS {
            let _ = join(
                &mut c,
                &format!(r#"["{i}","{i}","call:c{i}","phx_join",{{}}]"#),
            );
        }
        let Inbound::Answer(out) = c.handle(msg(r#"["x","x","call:extra","phx_join",{}]"#)) else {
            panic!()
        };
        assert_eq!(
            out[0].payload["response"]["reason"],
            "too many channels joined"
        );
        assert_eq!(c.clear().len(), MAX_CHANNELS);
    }
}
