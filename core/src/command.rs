//! The commands a page can give, parsed and validated from the argument object JavaScript passed.
//!
//! Parsing happens in the engine (not the JS face) so that every rule is tested natively and a bad
//! argument becomes a `BAD_PARAMS` response with a message, never a panic.

#[cfg(feature = "json")]
use serde::Deserialize;
#[cfg(feature = "json")]
use serde_json::{Map, Value};

use crate::agent::{InitialStatus, StatusChange};
#[cfg(feature = "json")]
use crate::events::rules::Rule;
#[cfg(feature = "json")]
use crate::events::schema::Field;
#[cfg(feature = "json")]
use crate::flows::CallAction;
use crate::flows::CallCommand;
use crate::json::{Json, ObjectWriter};
use crate::payload;

payload! {
    /// Where the agent takes calls (research/agentsdk-reference.md §6).
    pub strict struct BindEndpoint {
        /// 1 PSTN phone, 2 extension, 3 softphone (WebRTC).
        pub endpoint_type: i64 = "endpointType" {
            rule(Rule::IntIn(&[1, 2, 3], "1 (PSTN), 2 (extension) or 3 (softphone)")),
            ts("1 | 2 | 3"),
        },
        /// The number, extension or softphone id.
        pub endpoint: String = "endpoint",
    }
}

impl Eq for BindEndpoint {}

payload! {
    /// The argument of `login`.
    pub strict struct LoginParams {
        /// Tenant (enterprise) id.
        pub tenant_id: String = "tenantId" { rule(Rule::NonEmpty) },
        /// Agent number.
        pub agent_no: String = "agentNo" { rule(Rule::NonEmpty) },
        /// The key the page obtained from its back end; never logged.
        pub session_key: String = "sessionKey" { rule(Rule::NonEmpty) },
        /// The endpoint to bind.
        pub bind_endpoint: BindEndpoint = "bindEndpoint",
        /// 1 idle (default), 2 busy, 3 wrap-up (PRODUCT.md §2).
        pub initial_status: Option<InitialStatus> = "initialStatus" {
            optional,
            rule(Rule::IntIn(&[1, 2, 3], "1 (idle), 2 (busy) or 3 (wrap-up)")),
            ts("1 | 2 | 3"),
        },
        /// The pause reason when logging in busy.
        pub pause_description: Option<String> = "pauseDescription" { optional },
    }
}

payload! {
    /// The argument of `logout`.
    #[derive(Default)]
    pub strict struct LogoutParams {
        /// 1 normal, 2 forced (research/agentsdk-reference.md §6).
        pub logout_mode: Option<i64> = "logoutMode" { optional },
        /// 1 to unbind the endpoint as well.
        pub unbind_endpoint: Option<i64> = "unbindEndpoint" { optional },
    }
}

payload! {
    /// The argument of `pause`.
    #[derive(Default)]
    pub strict struct PauseParams {
        /// 0 productive (default), 2 non-productive (research/agentsdk-reference.md §6).
        pub pause_type: Option<i64> = "pauseType" { optional },
        /// The reason shown to supervisors.
        pub pause_description: Option<String> = "pauseDescription" { optional },
    }
}

payload! {
    /// The `params` of the `login` command on the wire (docs/protocol.md §3): what
    /// [`Command::wire_params`] writes for a login and what the gateway reads. The credentials
    /// are not here: they travel in `auth`.
    pub struct LoginCommandParams {
        /// The endpoint to bind.
        pub bind_endpoint: BindEndpoint = "bindEndpoint",
        /// 1 idle, 2 busy, 3 wrap-up.
        pub initial_status: i64 = "initialStatus",
        /// The pause reason when logging in busy.
        pub pause_description: Option<String> = "pauseDescription" { optional },
    }
}

/// The wire action of an ICE restart on a running softphone leg (docs/protocol.md §10): the SDK
/// sends it, never a page, so it is no [`CallAction`] (no method, no `<action>Resp` event).
pub const SIP_RELINK: &str = "sipRelink";

payload! {
    /// The `params` of `sipRelink` on the wire (docs/protocol.md §10): the browser's re-offer,
    /// made with `createOffer({iceRestart: true})` on the leg that is up: new ICE credentials,
    /// the same DTLS and SRTP. The reply's `data.sdp` is the gateway's answer.
    pub struct SipRelinkParams {
        /// The complete re-offer, candidates included.
        pub sdp: String = "sdp",
    }
}

payload! {
    /// The `params` of the `refreshKey` command on the wire (docs/protocol.md §3, §9): the key
    /// `updateSessionKey` was given.
    pub struct RefreshKeyParams {
        /// The new session key.
        pub session_key: String = "sessionKey",
    }
}

/// One command, validated.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Connect, authenticate and log in.
    Login(LoginParams),
    /// Log out and close the session.
    Logout(LogoutParams),
    /// Pause (busy).
    Pause(PauseParams),
    /// Back to ready.
    Unpause,
    /// A fresh session key from the page, before the current one expires.
    UpdateSessionKey(String),
    /// A call or supervisor command (docs/flows.md).
    Call(CallCommand),
}

/// Why an argument object was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{action}(): {reason}")]
pub struct ParamsError {
    /// The command.
    pub action: String,
    /// What was wrong.
    pub reason: String,
}

/// A short description of a JSON value's kind, for error messages.
#[cfg(feature = "json")]
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null/undefined",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(feature = "json")]
fn object_or_empty(action: &str, value: Value, optional: bool) -> Result<Value, ParamsError> {
    match value {
        Value::Object(_) => Ok(value),
        Value::Null if optional => Ok(Value::Object(Map::new())),
        other => Err(ParamsError {
            action: action.to_owned(),
            reason: format!("expected an object argument, got {}", describe(&other)),
        }),
    }
}

#[cfg(feature = "json")]
fn parse<T: for<'de> Deserialize<'de>>(action: &str, value: Value) -> Result<T, ParamsError> {
    serde_json::from_value(value).map_err(|e| ParamsError {
        action: action.to_owned(),
        reason: e.to_string(),
    })
}

impl Command {
    /// The method name, as `SdkResponse.action` spells it.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Login(_) => "login",
            Self::Logout(_) => "logout",
            Self::Pause(_) => "pause",
            Self::Unpause => "unpause",
            Self::UpdateSessionKey(_) => "updateSessionKey",
            Self::Call(c) => c.action.name(),
        }
    }

    /// The action name on the wire, where it differs from the method's (docs/protocol.md §3).
    pub fn wire_action(&self) -> &'static str {
        match self {
            Self::UpdateSessionKey(_) => "refreshKey",
            other => other.action(),
        }
    }

    /// Parses the argument of `action(...)` as JavaScript gave it (`undefined` arrives as null).
    #[cfg(feature = "json")]
    pub fn parse(action: &str, value: Value) -> Result<Self, ParamsError> {
        if let Some(call) = CallAction::from_name(action) {
            return CallCommand::parse(call, value)
                .map(Self::Call)
                .map_err(|reason| ParamsError {
                    action: action.to_owned(),
                    reason,
                });
        }
        match action {
            "login" => {
                let value = object_or_empty(action, value, false)?;
                let p: LoginParams = parse(action, value.clone())?;
                crate::events::rules::check(&value, &LoginParams::kind()).map_err(|reason| {
                    ParamsError {
                        action: action.to_owned(),
                        reason,
                    }
                })?;
                Ok(Self::Login(p))
            }
            "logout" => Ok(Self::Logout(parse(
                action,
                object_or_empty(action, value, true)?,
            )?)),
            "pause" => Ok(Self::Pause(parse(
                action,
                object_or_empty(action, value, true)?,
            )?)),
            "unpause" => {
                let value = object_or_empty(action, value, true)?;
                if let Some(key) = value.as_object().and_then(|m| m.keys().next()) {
                    let reason = format!("unknown field `{key}`: unpause() takes no parameters");
                    return Err(ParamsError {
                        action: action.to_owned(),
                        reason,
                    });
                }
                Ok(Self::Unpause)
            }
            "updateSessionKey" => match value {
                Value::String(key) if !key.trim().is_empty() => Ok(Self::UpdateSessionKey(key)),
                other => Err(ParamsError {
                    action: action.to_owned(),
                    reason: format!(
                        "expected the new session key as a non-empty string, got {}",
                        describe(&other)
                    ),
                }),
            },
            other => Err(ParamsError {
                action: other.to_owned(),
                reason: "unknown command".to_owned(),
            }),
        }
    }

    /// The status change this command asks of the agent, checked locally before sending; `None`
    /// for commands that do not change the status.
    pub fn status_change(&self) -> Option<StatusChange> {
        Some(match self {
            Self::Login(p) => StatusChange::Login {
                initial: p.initial_status.unwrap_or(InitialStatus::Idle),
                pause_description: p.pause_description.clone(),
            },
            Self::Logout(_) => StatusChange::Logout,
            Self::Pause(p) => StatusChange::Pause {
                pause_type: p.pause_type.unwrap_or(0),
                pause_description: p.pause_description.clone(),
            },
            Self::Unpause => StatusChange::Unpause,
            Self::UpdateSessionKey(_) | Self::Call(_) => return None,
        })
    }

    /// The `params` object sent on the wire (docs/protocol.md §3): the argument minus what the
    /// SDK itself handles (credentials travel in `auth`, not in `login`).
    pub fn wire_params(&self) -> Json {
        match self {
            Self::Login(p) => {
                let endpoint = ObjectWriter::new()
                    .int("endpointType", p.bind_endpoint.endpoint_type)
                    .str("endpoint", &p.bind_endpoint.endpoint)
                    .finish();
                let initial = p.initial_status.unwrap_or(InitialStatus::Idle);
                ObjectWriter::new()
                    .raw("bindEndpoint", &endpoint)
                    .int("initialStatus", i64::from(initial))
                    .opt_str("pauseDescription", p.pause_description.as_deref())
                    .finish_json()
            }
            Self::Logout(p) => ObjectWriter::new()
                .opt_int("logoutMode", p.logout_mode)
                .opt_int("unbindEndpoint", p.unbind_endpoint)
                .finish_json(),
            Self::Pause(p) => ObjectWriter::new()
                .opt_int("pauseType", p.pause_type)
                .opt_str("pauseDescription", p.pause_description.as_deref())
                .finish_json(),
            Self::Unpause => Json::empty_object(),
            Self::UpdateSessionKey(key) => ObjectWriter::new().str("sessionKey", key).finish_json(),
            Self::Call(c) => c.wire_params(),
        }
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn login_json() -> Value {
        json!({"tenantId":"t1","agentNo":"0001","sessionKey":"k",
               "bindEndpoint":{"endpointType":3,"endpoint":"3016"},"initialStatus":1})
    }

    #[test]
    fn the_wire_params_read_back_as_the_gateway_reads_them() {
        // One declaration of each command's wire params: what the SDK writes is what the
        // gateway's serde reads (gateway/src/commands.rs uses these very types).
        let login = Command::parse("login", login_json())
            .unwrap()
            .wire_params()
            .to_value();
        let read: LoginCommandParams = serde_json::from_value(login).unwrap();
        assert_eq!(
            (read.bind_endpoint.endpoint_type, read.initial_status),
            (3, 1)
        );
        let pause = Command::parse(
            "pause",
            json!({"pauseType": 2, "pauseDescription": "Lunch"}),
        )
        .unwrap()
        .wire_params()
        .to_value();
        let read: PauseParams = serde_json::from_value(pause).unwrap();
        assert_eq!(
            (read.pause_type, read.pause_description.as_deref()),
            (Some(2), Some("Lunch"))
        );
        let logout = Command::parse("logout", json!({"logoutMode": 1}))
            .unwrap()
            .wire_params()
            .to_value();
        let read: LogoutParams = serde_json::from_value(logout).unwrap();
        assert_eq!(read.logout_mode, Some(1));
        let key = Command::UpdateSessionKey("k2".into())
            .wire_params()
            .to_value();
        let read: RefreshKeyParams = serde_json::from_value(key).unwrap();
        assert_eq!(read.session_key, "k2");
    }

    #[test]
    fn seed_login_object_parses_and_keeps_credentials_off_the_command_params() {
        let cmd = Command::parse("login", login_json()).unwrap();
        let wire = cmd.wire_params().to_value();
        assert_eq!(
            wire,
            json!({"bindEndpoint":{"endpointType":3,"endpoint":"3016"},"initialStatus":1})
        );
    }

    #[test]
    fn login_argument_errors_name_the_field() {
        let mut missing = login_json();
        missing.as_object_mut().unwrap().remove("sessionKey");
        let mut empty = login_json();
        empty["agentNo"] = json!("  ");
        let mut bad_type = login_json();
        bad_type["bindEndpoint"]["endpointType"] = json!(7);
        let mut bad_status = login_json();
        bad_status["initialStatus"] = json!(0);
        let mut wrong_kind = login_json();
        wrong_kind["initialStatus"] = json!("idle");
        for (value, needle) in [
            (json!(null), "expected an object argument, got null/undefined"),
            (json!(42), "got a number"),
            (missing, "missing field `sessionKey`"),
            (empty, "`agentNo` must not be empty"),
            (bad_type, "`bindEndpoint.endpointType` must be 1 (PSTN), 2 (extension) or 3 (softphone), got 7"),
            (bad_status, "`initialStatus` must be 1 (idle), 2 (busy) or 3 (wrap-up), got 0"),
            (wrong_kind, "invalid type"),
        ] {
            let err = Command::parse("login", value).unwrap_err().to_string();
            assert!(err.starts_with("login(): ") && err.contains(needle), "{err}");
        }
    }

    #[test]
    fn pause_unpause_and_logout_accept_no_argument() {
        assert_eq!(
            Command::parse("pause", Value::Null).unwrap(),
            Command::Pause(PauseParams::default())
        );
        assert_eq!(
            Command::parse("unpause", Value::Null).unwrap(),
            Command::Unpause
        );
        assert_eq!(
            Command::parse("logout", Value::Null).unwrap(),
            Command::Logout(LogoutParams::default())
        );
    }

    #[test]
    fn pause_refuses_unknown_keys_and_wrong_types() {
        let err = Command::parse("pause", json!({"reason":"x"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `reason`"), "{err}");
        let err = Command::parse("pause", json!({"pauseType":"2"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type"), "{err}");
        let err = Command::parse("unpause", json!("now"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("got a string"), "{err}");
        let err = Command::parse("unpause", json!({"bad": true}))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "unpause(): unknown field `bad`: unpause() takes no parameters"
        );
        assert_eq!(
            Command::parse("unpause", json!({})).unwrap(),
            Command::Unpause
        );
    }

    #[test]
    fn update_session_key_takes_a_string_and_travels_as_refresh_key() {
        let cmd = Command::parse("updateSessionKey", json!("v1.new")).unwrap();
        assert_eq!(
            (cmd.action(), cmd.wire_action()),
            ("updateSessionKey", "refreshKey")
        );
        assert_eq!(
            cmd.wire_params().to_value(),
            json!({"sessionKey": "v1.new"})
        );
        assert_eq!(cmd.status_change(), None);
        for bad in [json!(null), json!(""), json!({"sessionKey": "x"})] {
            let err = Command::parse("updateSessionKey", bad)
                .unwrap_err()
                .to_string();
            assert!(err.contains("non-empty string"), "{err}");
        }
    }

    #[test]
    fn pause_carries_type_and_reason_on_the_wire() {
        let cmd =
            Command::parse("pause", json!({"pauseType":2,"pauseDescription":"lunch"})).unwrap();
        assert_eq!(
            cmd.wire_params().to_value(),
            json!({"pauseType":2,"pauseDescription":"lunch"})
        );
    }
}
