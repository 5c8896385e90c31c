//! The commands of protocol v1 (docs/protocol.md §3): their `params` checked into a typed
//! [`StatusChange`] (or a key refresh), and the failures a request can meet, each with its stable
//! `errorCode`.

use agentdesk_core::agent::{InitialStatus, StatusChange, TransitionError};
// The params of each command, as the SDK writes them: one declaration (agentdesk-core).
use agentdesk_core::command::{
    BindEndpoint, LoginCommandParams, LogoutParams, PauseParams, RefreshKeyParams,
};
use agentdesk_core::protocol::Reply;
use serde::Deserialize;
use serde_json::{Map, Value};

/// `pauseType` when `pause` gives none: 0, productive (research/agentsdk-reference.md §6).
const DEFAULT_PAUSE_TYPE: i64 = 0;

/// Endpoint types of `bindEndpoint` (research/agentsdk-reference.md §6: 1 PSTN, 2 extension,
/// 3 softphone).
const ENDPOINT_TYPES: std::ops::RangeInclusive<i64> = 1..=3;

/// Why a request failed. The `Display` text is the reply's `message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RequestError {
    /// Params or frame of the wrong shape.
    #[error("{0}")]
    BadRequest(String),
    /// The agent's state does not allow the command.
    #[error(transparent)]
    InvalidState(TransitionError),
    /// A command other than `login` before `login`.
    #[error(transparent)]
    NotLoggedIn(TransitionError),
    /// An `action` this gateway does not know.
    #[error("unknown action `{0}`")]
    UnknownAction(String),
    /// A client frame over the size limit (docs/protocol.md §1).
    #[error("frame of {bytes} bytes exceeds the {max}-byte limit; it was dropped")]
    FrameTooLarge {
        /// Size received.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The connection no longer speaks for a session (a newer login replaced it).
    #[error("{0}")]
    NotAuthenticated(&'static str),
}

impl RequestError {
    /// The stable `errorCode` (docs/protocol.md §3).
    pub(crate) fn error_code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "BAD_REQUEST",
            Self::InvalidState(_) => "INVALID_STATE",
            Self::NotLoggedIn(_) => "NOT_LOGGED_IN",
            Self::UnknownAction(_) => "UNKNOWN_ACTION",
            Self::FrameTooLarge { .. } => "FRAME_TOO_LARGE",
            Self::NotAuthenticated(_) => "NOT_AUTHENTICATED",
        }
    }

    /// The failure reply to request `id`.
    pub(crate) fn reply(&self, id: u64) -> Reply {
        error_reply(id, self.error_code(), self.to_string())
    }
}

/// A failure reply: `code` −1, a human `message` and a stable `errorCode` (docs/protocol.md §3).
pub(crate) fn error_reply(id: u64, error_code: &str, message: String) -> Reply {
    Reply {
        id,
        code: -1,
        message,
        error_code: Some(error_code.to_owned()),
        data: None,
        last_event_id: None,
    }
}

/// The success reply to request `id`, with its result.
pub(crate) fn ok_reply(id: u64, data: Value) -> Reply {
    Reply {
        id,
        code: 0,
        message: "ok".to_owned(),
        error_code: None,
        data: Some(data),
        last_event_id: None,
    }
}

/// A command of version 1, its params checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// `login`: bind the endpoint and enter the initial status.
    Login {
        /// The endpoint bound for calls.
        endpoint: BindEndpoint,
        /// The status change it makes.
        change: StatusChange,
    },
    /// `pause`, `unpause` or `logout`: a status change alone.
    Change(StatusChange),
    /// `refreshKey`: replace the connection's key with a newer one (docs/protocol.md §3, §9).
    RefreshKey {
        /// The new key, unchecked yet.
        session_key: String,
    },
}

impl Command {
    /// The status change the command asks for, if it is one.
    pub(crate) fn change(&self) -> Option<&StatusChange> {
        match self {
            Self::Login { change, .. } | Self::Change(change) => Some(change),
            Self::RefreshKey { .. } => None,
        }
    }

    /// Checks `params` of `action`.
    pub(crate) fn parse(action: &str, params: &Map<String, Value>) -> Result<Self, RequestError> {
        match action {
            "login" => parse_login(params),
            "pause" => {
                let p: PauseParams = from_params(action, params)?;
                Ok(Self::Change(StatusChange::Pause {
                    pause_type: p.pause_type.unwrap_or(DEFAULT_PAUSE_TYPE),
                    pause_description: p.pause_description,
                }))
            }
            "unpause" => Ok(Self::Change(StatusChange::Unpause)),
            "logout" => {
                // Neither field changes anything yet; their types are still checked so a client
                // bug shows up now rather than when they start to matter.
                let _: LogoutParams = from_params(action, params)?;
                Ok(Self::Change(StatusChange::Logout))
            }
            "refreshKey" => {
                let p: RefreshKeyParams = from_params(action, params)?;
                Ok(Self::RefreshKey {
                    session_key: p.session_key,
                })
            }
            other => Err(RequestError::UnknownAction(other.to_owned())),
        }
    }
}

fn from_params<T: for<'de> Deserialize<'de>>(
    action: &str,
    params: &Map<String, Value>,
) -> Result<T, RequestError> {
    serde_json::from_value(Value::Object(params.clone()))
        .map_err(|e| RequestError::BadRequest(format!("`{action}` params: {e}")))
}

fn parse_login(params: &Map<String, Value>) -> Result<Command, RequestError> {
    let p: LoginCommandParams = from_params("login", params)?;
    if !ENDPOINT_TYPES.contains(&p.bind_endpoint.endpoint_type) {
        return Err(RequestError::BadRequest(format!(
            "`login` params: bindEndpoint.endpointType {} is not 1 (PSTN), 2 (extension) or 3 (softphone)",
            p.bind_endpoint.endpoint_type
        )));
    }
    if p.bind_endpoint.endpoint.trim().is_empty() {
        return Err(RequestError::BadRequest(
            "`login` params: bindEndpoint.endpoint is empty".into(),
        ));
    }
    let initial = InitialStatus::try_from(p.initial_status)
        .map_err(|e| RequestError::BadRequest(format!("`login` params: {e}")))?;
    Ok(Command::Login {
        endpoint: p.bind_endpoint,
        change: StatusChange::Login {
            initial,
            pause_description: p.pause_description,
        },
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn params(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn login_params_become_a_login_change() {
        let p = params(
            json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 1}),
        );
        let cmd = Command::parse("login", &p).unwrap();
        assert_eq!(
            cmd.change().unwrap(),
            &StatusChange::Login {
                initial: InitialStatus::Idle,
                pause_description: None
            }
        );
    }

    #[test]
    fn login_with_wrong_shapes_is_a_bad_request() {
        for bad in [
            json!({}),
            json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}}),
            json!({"bindEndpoint": "3016", "initialStatus": 1}),
            json!({"bindEndpoint": {"endpointType": 9, "endpoint": "3016"}, "initialStatus": 1}),
            json!({"bindEndpoint": {"endpointType": 3, "endpoint": " "}, "initialStatus": 1}),
            json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 7}),
            json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": "1"}),
        ] {
            let err = Command::parse("login", &params(bad.clone())).unwrap_err();
            assert_eq!(err.error_code(), "BAD_REQUEST", "{bad}");
        }
    }

    #[test]
    fn pause_defaults_its_type_and_checks_field_types() {
        let cmd = Command::parse("pause", &Map::new()).unwrap();
        assert_eq!(
            cmd.change().unwrap(),
            &StatusChange::Pause {
                pause_type: 0,
                pause_description: None
            }
        );
        let err = Command::parse("pause", &params(json!({"pauseType": "lunch"}))).unwrap_err();
        assert_eq!(err.error_code(), "BAD_REQUEST");
    }

    #[test]
    fn unknown_action_is_named_in_the_error() {
        let err = Command::parse("teleport", &Map::new()).unwrap_err();
        assert_eq!(err.error_code(), "UNKNOWN_ACTION");
        assert_eq!(err.reply(4).message, "unknown action `teleport`");
        assert_eq!(err.reply(4).id, 4);
    }

    #[test]
    fn refresh_key_needs_a_session_key_string() {
        let cmd = Command::parse("refreshKey", &params(json!({"sessionKey": "v1.a.b"}))).unwrap();
        assert_eq!(
            cmd,
            Command::RefreshKey {
                session_key: "v1.a.b".into()
            }
        );
        assert!(cmd.change().is_none());
        for bad in [json!({}), json!({"sessionKey": 7})] {
            let err = Command::parse("refreshKey", &params(bad)).unwrap_err();
            assert_eq!(err.error_code(), "BAD_REQUEST");
        }
    }
}
