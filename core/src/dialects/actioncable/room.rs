//! Voxsig's `RoomChannel` (seed 001): what a subscription identifies and what its `message`
//! actions ask for. The only action the seed names is `update_presence`, which keeps the
//! sender online (sent every 30 s; an agent not heard from for longer goes offline).

use super::frame::{Identifier, ROOM_CHANNEL};

/// How often a Voxsig client sends `update_presence`, and how long silence may last before the
/// face shows the user offline (seed 001: "every 30 seconds").
pub const PRESENCE_INTERVAL_S: u64 = 30;

/// A RoomChannel subscription's credentials (seed 001's identifier fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// The user's or contact's pubsub token.
    pub pubsub_token: String,
    /// The account (absent for a contact's token).
    pub account_id: Option<i64>,
    /// The user (absent for a contact's token).
    pub user_id: Option<i64>,
}

/// Why a subscription is rejected (`reject_subscription`), or ignored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    /// Another channel class: Rails answers nothing at all for an unknown class (§2.2).
    #[error("unknown channel class `{0}`")]
    UnknownChannel(String),
    /// No pubsub token: rejected.
    #[error("the identifier has no `pubsub_token`")]
    NoToken,
}

impl Room {
    /// Reads a subscription identifier.
    pub fn from_identifier(id: &Identifier) -> Result<Self, RoomError> {
        match id.channel() {
            Some(ROOM_CHANNEL) => {}
            other => {
                return Err(RoomError::UnknownChannel(
                    other.unwrap_or_default().to_owned(),
                ))
            }
        }
        let pubsub_token = id
            .text("pubsub_token")
            .filter(|t| !t.is_empty())
            .ok_or(RoomError::NoToken)?
            .to_owned();
        Ok(Self {
            pubsub_token,
            account_id: id.integer("account_id"),
            user_id: id.integer("user_id"),
        })
    }
}

/// A `message` action on a RoomChannel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomAction {
    /// `update_presence`: the sender is online.
    UpdatePresence,
}

impl RoomAction {
    /// Reads an action name; `None` for one Voxsig does not have (Rails raises; nothing is sent).
    pub fn parse(action: &str) -> Option<Self> {
        (action == "update_presence").then_some(Self::UpdatePresence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_identifiers_read_as_rooms() {
        let user = Identifier::parse(
            r#"{"channel":"RoomChannel","pubsub_token":"tok","account_id":1,"user_id":2}"#,
        )
        .unwrap();
        assert_eq!(
            Room::from_identifier(&user).unwrap(),
            Room {
                pubsub_token: "tok".into(),
                account_id: Some(1),
                user_id: Some(2)
            }
        );
        let contact =
            Identifier::parse(r#"{"channel":"RoomChannel","pubsub_token":"tok"}"#).unwrap();
        assert_eq!(Room::from_identifier(&contact).unwrap().user_id, None);
        let other = Identifier::parse(r#"{"channel":"ChatChannel","pubsub_token":"tok"}"#).unwrap();
        assert_eq!(
            Room::from_identifier(&other),
            Err(RoomError::UnknownChannel("ChatChannel".into()))
        );
        let bare = Identifier::parse(r#"{"channel":"RoomChannel"}"#).unwrap();
        assert_eq!(Room::from_identifier(&bare), Err(RoomError::NoToken));
        assert_eq!(
            RoomAction::parse("update_presence"),
            Some(RoomAction::UpdatePresence)
        );
        assert_eq!(RoomAction::parse("speak"), None);
    }
}
