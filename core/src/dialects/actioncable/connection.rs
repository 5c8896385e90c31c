//! One ActionCable connection as the server keeps it, sans-IO (research/gateway-protocols.md
//! §2.2 "Server behaviour"): a duplicate `subscribe` is ignored (the client's guarantor re-sends
//! every 500 ms until answered), an unknown channel class gets no answer, a `message` or
//! `unsubscribe` for an unknown identifier is dropped, and `update_presence` keeps the user online
//! for [`PRESENCE_INTERVAL_S`](super::room::PRESENCE_INTERVAL_S) (seed 001).

use std::collections::{BTreeMap, BTreeSet};

use super::frame::{ClientFrame, Identifier, ServerFrame};
use super::room::{Room, RoomAction, RoomError, PRESENCE_INTERVAL_S};

/// What a client frame asks of the face.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing to do or send (duplicate, unknown class or identifier, unknown action).
    Nothing,
    /// A subscription to authorize (its token, account and user): the face answers with
    /// [`Connection::confirm`] or [`Connection::reject`].
    Authorize {
        /// The identifier, to echo.
        identifier: Identifier,
        /// What it claims.
        room: Room,
    },
    /// Send this (a rejection the protocol itself decides: no token).
    Send(ServerFrame),
    /// The subscription left.
    Unsubscribed(Room),
    /// The user said they are online.
    Presence(Room),
}

/// One connection's subscriptions.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    confirmed: BTreeMap<String, Room>,
    pending: BTreeSet<String>,
    last_presence_ms: Option<i64>,
}

impl Connection {
    /// No subscription yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The confirmed subscriptions: identifier string and room.
    pub fn subscriptions(&self) -> impl Iterator<Item = (&str, &Room)> {
        self.confirmed.iter().map(|(id, room)| (id.as_str(), room))
    }

    /// Reads one client frame at `now_ms`.
    pub fn handle(&mut self, frame: ClientFrame, now_ms: i64) -> Outcome {
        match frame {
            ClientFrame::Subscribe(identifier) => {
                if self.confirmed.contains_key(&identifier.raw)
                    || self.pending.contains(&identifier.raw)
                {
                    return Outcome::Nothing;
                }
                match Room::from_identifier(&identifier) {
                    Ok(room) => {
                        self.pending.insert(identifier.raw.clone());
                        Outcome::Authorize { identifier, room }
                    }
                    Err(RoomError::UnknownChannel(_)) => Outcome::Nothing,
                    Err(RoomError::NoToken) => Outcome::Send(ServerFrame::Reject(identifier.raw)),
                }
            }
            ClientFrame::Unsubscribe(identifier) => match self.confirmed.remove(&identifier.raw) {
                Some(room) => Outcome::Unsubscribed(room),
                None => Outcome::Nothing,
            },
            ClientFrame::Message {
                identifier, action, ..
            } => match (
                self.confirmed.get(&identifier.raw),
                RoomAction::parse(&action),
            ) {
                (Some(room), Some(RoomAction::UpdatePresence)) => {
                    self.last_presence_ms = Some(now_ms);
                    Outcome::Presence(room.clone())
                }
                _ => Outcome::Nothing,
            },
        }
    }

    /// The face admits a subscription: `confirm_subscription`.
    pub fn confirm(&mut self, identifier: &Identifier, room: Room) -> ServerFrame {
        self.pending.remove(&identifier.raw);
        self.confirmed.insert(identifier.raw.clone(), room);
        ServerFrame::Confirm(identifier.raw.clone())
    }

    /// The face refuses it: `reject_subscription`.
    pub fn reject(&mut self, identifier: &Identifier) -> ServerFrame {
        self.pending.remove(&identifier.raw);
        ServerFrame::Reject(identifier.raw.clone())
    }

    /// The server's ping, every [`PING_INTERVAL_S`](super::frame::PING_INTERVAL_S).
    pub fn ping(unix_s: u64) -> ServerFrame {
        ServerFrame::Ping(unix_s)
    }

    /// True while the user's last `update_presence` is under 30 s old (seed 001).
    pub fn is_present(&self, now_ms: i64) -> bool {
        self.last_presence_ms.is_some_and(|t| {
            now_ms - t <= i64::try_from(PRESENCE_INTERVAL_S * 1000).unwrap_or(i64::MAX)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(json_identifier: &str) -> ClientFrame {
        ClientFrame::Subscribe(Identifier::parse(json_identifier).unwrap())
    }

    const ROOM: &str =
        r#"{"channel":"RoomChannel","pubsub_token":"tok","account_id":1,"user_id":2}"#;

    #[test]
    fn a_subscription_is_authorized_once_however_often_the_guarantor_resends_it() {
        let mut c = Connection::new();
        let Outcome::Authorize { identifier, room } = c.handle(sub(ROOM), 0) else {
            panic!()
        };
        assert_eq!(
            c.handle(sub(ROOM), 500),
            Outcome::Nothing,
            "re-sent while pending"
        );
        assert_eq!(
            c.confirm(&identifier, room),
            ServerFrame::Confirm(ROOM.into())
        );
        assert_eq!(
            c.handle(sub(ROOM), 1000),
            Outcome::Nothing,
            "re-sent after the confirm"
        );
        assert_eq!(c.subscriptions().count(), 1);
    }

    #[test]
    fn unknown_classes_get_nothing_and_a_missing_token_is_rejected() {
        let mut c = Connection::new();
        assert_eq!(
            c.handle(sub(r#"{"channel":"ChatChannel"}"#), 0),
            Outcome::Nothing
        );
        assert_eq!(
            c.handle(sub(r#"{"channel":"RoomChannel"}"#), 0),
            Outcome::Send(ServerFrame::Reject(r#"{"channel":"RoomChannel"}"#.into()))
        );
    }

    #[test]
    fn update_presence_counts_for_thirty_seconds_and_only_on_a_confirmed_subscription() {
        let mut c = Connection::new();
        let presence = |raw: &str| ClientFrame::Message {
            identifier: Identifier::parse(raw).unwrap(),
            action: "update_presence".into(),
            data: Default::default(),
        };
        assert_eq!(
            c.handle(presence(ROOM), 0),
            Outcome::Nothing,
            "not subscribed"
        );
        let Outcome::Authorize { identifier, room } = c.handle(sub(ROOM), 0) else {
            panic!()
        };
        let _ = c.confirm(&identifier, room);
        assert!(matches!(
            c.handle(presence(ROOM), 1_000),
            Outcome::Presence(_)
        ));
        assert!(c.is_present(31_000) && !c.is_present(31_001));
        assert!(matches!(
            c.handle(ClientFrame::Unsubscribe(identifier.clone()), 2_000),
            Outcome::Unsubscribed(_)
        ));
        assert_eq!(
            c.handle(ClientFrame::Unsubscribe(identifier), 2_000),
            Outcome::Nothing
        );
    }
}
