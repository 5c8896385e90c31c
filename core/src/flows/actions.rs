//! The call and supervisor commands of the reference AgentSDK (docs/flows.md), with their
//! argument rules. One table: the method name, whether it takes an argument, and its shape.

#[cfg(feature = "json")]
use serde::de::DeserializeOwned;
#[cfg(feature = "json")]
use serde::Serialize;
#[cfg(feature = "json")]
use serde_json::{Map, Value};

#[cfg(feature = "json")]
use super::params::{
    AtxferParams, BlxferParams, DtmfParams, MuteParams, PreviewObCallParams,
    QueueSubscriptionParams, TargetParams, TransferIvrParams,
};
#[cfg(feature = "json")]
use crate::events::schema::{Field, Kind};
use crate::json::Json;

macro_rules! actions {
    ($( $variant:ident => $name:literal, $resp:literal, $shape:ident ;)*) => {
        /// A call or supervisor command.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CallAction { $( #[doc = concat!("`", $name, "`")] $variant, )* }

        impl CallAction {
            /// Every action, in the reference's order.
            pub const ALL: &'static [CallAction] = &[$( CallAction::$variant, )*];

            /// The method name (and `SdkResponse.action`).
            pub fn name(self) -> &'static str {
                match self { $( CallAction::$variant => $name, )* }
            }

            /// The `EventType` constant of its response event.
            pub fn resp_constant(self) -> &'static str {
                match self { $( CallAction::$variant => $resp, )* }
            }

            /// The action for a method name.
            pub fn from_name(name: &str) -> Option<CallAction> {
                match name { $( $name => Some(CallAction::$variant), )* _ => None }
            }

            /// The shape of its argument.
            pub fn shape(self) -> Shape {
                match self { $( CallAction::$variant => Shape::$shape, )* }
            }
        }
    };
}

actions! {
    PreviewObCall => "previewObCall", "PREVIEW_OBCALL_RESP", PreviewObCall;
    Hangup => "hangup", "HANGUP_RESP", Nothing;
    Hold => "hold", "HOLD_RESP", Nothing;
    Unhold => "unhold", "UNHOLD_RESP", Nothing;
    Mute => "mute", "MUTE_RESP", Mute;
    Unmute => "unmute", "UNMUTE_RESP", Mute;
    SendDtmf => "sendDtmf", "SEND_DTMF_RESP", Dtmf;
    SipLink => "sipLink", "SIP_LINK_RESP", Nothing;
    SipUnlink => "sipUnlink", "SIP_UNLINK_RESP", Nothing;
    StartAtxfer => "startAtxfer", "START_ATXFER_RESP", Atxfer;
    CancelAtxfer => "cancelAtxfer", "CANCEL_ATXFER_RESP", Nothing;
    ResumeAtxfer => "resumeAtxfer", "RESUME_ATXFER_RESP", Nothing;
    CompleteAtxfer => "completeAtxfer", "COMPLETE_ATXFER_RESP", Nothing;
    ThreewayAtxfer => "threewayAtxfer", "THREEWAY_ATXFER_RESP", Nothing;
    Blxfer => "blxfer", "BLXFER_RESP", Blxfer;
    TransferIvr => "transferIvr", "TRANSFER_IVR_RESP", TransferIvr;
    Spy => "spy", "SPY_RESP", Target;
    Unspy => "unspy", "UNSPY_RESP", Nothing;
    Whisper => "whisper", "WHISPER_RESP", Target;
    Unwhisper => "unwhisper", "UNWHISPER_RESP", Nothing;
    Threeway => "threeway", "THREEWAY_RESP", Target;
    Unthreeway => "unthreeway", "UNTHREEWAY_RESP", Nothing;
    Barge => "barge", "BARGE_RESP", Target;
    Unbarge => "unbarge", "UNBARGE_RESP", Nothing;
    Disconnect => "disconnect", "DISCONNECT_RESP", Target;
    SetPause => "setPause", "SET_PAUSE_RESP", Target;
    SetUnpause => "setUnpause", "SET_UNPAUSE_RESP", Target;
    SetOffline => "setOffline", "SET_OFFLINE_RESP", Target;
    SubscribeQueueStatus => "subscribeQueueStatus", "SUBSCRIBE_QUEUE_STATUS_RESP", QueueSubscription;
    UnsubscribeQueueStatus => "unsubscribeQueueStatus", "UNSUBSCRIBE_QUEUE_STATUS_RESP", Nothing;
}

/// The argument an action takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No argument (or an empty object).
    Nothing,
    /// `PreviewObCallParams`.
    PreviewObCall,
    /// `MuteParams`.
    Mute,
    /// `DtmfParams`.
    Dtmf,
    /// `AtxferParams`.
    Atxfer,
    /// `BlxferParams`.
    Blxfer,
    /// `TransferIvrParams`.
    TransferIvr,
    /// `TargetParams`.
    Target,
    /// `QueueSubscriptionParams`.
    QueueSubscription,
}

impl Shape {
    /// The declaration of the argument object, `None` for [`Shape::Nothing`].
    #[cfg(feature = "json")]
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            Shape::Nothing => return None,
            Shape::PreviewObCall => PreviewObCallParams::kind(),
            Shape::Mute => MuteParams::kind(),
            Shape::Dtmf => DtmfParams::kind(),
            Shape::Atxfer => AtxferParams::kind(),
            Shape::Blxfer => BlxferParams::kind(),
            Shape::TransferIvr => TransferIvrParams::kind(),
            Shape::Target => TargetParams::kind(),
            Shape::QueueSubscription => QueueSubscriptionParams::kind(),
        })
    }
}

/// A validated call or supervisor command: the action and its argument as it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct CallCommand {
    /// Which command.
    pub action: CallAction,
    /// Its argument object, checked against the action's shape.
    #[cfg(feature = "json")]
    pub params: Map<String, Value>,
    /// Its argument object as checked and normalised by the JS layer, as JSON text.
    #[cfg(not(feature = "json"))]
    params: Json,
    /// The `agentNo` of the argument, for the supervisor guards.
    #[cfg(not(feature = "json"))]
    target: Option<String>,
}

impl CallCommand {
    /// A command whose argument the JS layer checked against the generated table of its shape:
    /// `params` is the normalised object's JSON text, `target` its `agentNo`.
    #[cfg(not(feature = "json"))]
    pub fn checked(action: CallAction, params: Json, target: Option<String>) -> Self {
        Self {
            action,
            params,
            target,
        }
    }

    /// The target agent of a supervisor command.
    #[cfg(not(feature = "json"))]
    pub fn target_agent(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// The argument object on the wire.
    #[cfg(not(feature = "json"))]
    pub fn wire_params(&self) -> Json {
        self.params.clone()
    }

    /// The argument object on the wire.
    #[cfg(feature = "json")]
    pub fn wire_params(&self) -> Json {
        Json::from_map(&self.params)
    }

    /// The argument object, to keep and send again.
    pub fn params(&self) -> crate::json::Params {
        self.params.clone()
    }

    /// Parses the argument JavaScript gave (`undefined` arrives as null).
    #[cfg(feature = "json")]
    pub fn parse(action: CallAction, value: Value) -> Result<Self, String> {
        let value = match value {
            Value::Null => Value::Object(Map::new()),
            Value::Object(_) => value,
            other => {
                return Err(format!(
                    "expected an object argument, got {}",
                    crate::command::describe(&other)
                ))
            }
        };
        let params = match action.shape() {
            Shape::Nothing => {
                if let Some(key) = value.as_object().and_then(|m| m.keys().next()) {
                    return Err(format!(
                        "unknown field `{key}`: {}() takes no parameters",
                        action.name()
                    ));
                }
                Map::new()
            }
            Shape::PreviewObCall => checked::<PreviewObCallParams>(value)?,
            Shape::Mute => checked::<MuteParams>(value)?,
            Shape::Dtmf => checked::<DtmfParams>(value)?,
            Shape::Atxfer => checked::<AtxferParams>(value)?,
            Shape::Blxfer => checked::<BlxferParams>(value)?,
            Shape::TransferIvr => checked::<TransferIvrParams>(value)?,
            Shape::Target => checked::<TargetParams>(value)?,
            Shape::QueueSubscription => checked::<QueueSubscriptionParams>(value)?,
        };
        Ok(Self { action, params })
    }

    /// The target agent of a supervisor command.
    #[cfg(feature = "json")]
    pub fn target_agent(&self) -> Option<&str> {
        self.params.get("agentNo").and_then(Value::as_str)
    }
}

#[cfg(feature = "json")]
fn typed<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Deserializes into the typed shape (refusing unknown or mistyped fields), applies the rules
/// its declaration carries, and returns the normalised object for the wire.
#[cfg(feature = "json")]
fn checked<T: DeserializeOwned + Serialize + Field>(
    value: Value,
) -> Result<Map<String, Value>, String> {
    let typed: T = self::typed(value)?;
    let normalised = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    crate::events::rules::check(&normalised, &T::kind())?;
    match normalised {
        Value::Object(m) => Ok(m),
        _ => Ok(Map::new()),
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_table_has_the_thirty_commands_of_the_reference_with_unique_names() {
        assert_eq!(CallAction::ALL.len(), 30);
        let names: std::collections::HashSet<_> =
            CallAction::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names.len(), 30);
        for a in CallAction::ALL {
            assert_eq!(CallAction::from_name(a.name()), Some(*a));
            assert!(a.resp_constant().ends_with("_RESP"));
        }
    }

    #[test]
    fn arguments_are_checked_against_their_shape() {
        let ok = |a, v| CallCommand::parse(a, v).map(|c| Value::Object(c.params));
        assert_eq!(ok(CallAction::Hangup, json!(null)).unwrap(), json!({}));
        assert_eq!(
            ok(
                CallAction::StartAtxfer,
                json!({"targetType":1,"target":"0002"})
            )
            .unwrap(),
            json!({"targetType":1,"target":"0002"})
        );
        assert_eq!(
            ok(CallAction::Spy, json!({"agentNo":"0001"})).unwrap(),
            json!({"agentNo":"0001"})
        );
        assert_eq!(
            ok(
                CallAction::PreviewObCall,
                json!({"customerNumber":"138","chanVariables":[{"name":"a","value":"b"}]})
            )
            .unwrap(),
            json!({"customerNumber":"138","chanVariables":[{"name":"a","value":"b","type":1}]})
        );
    }

    #[test]
    fn wrong_arguments_get_a_reason_naming_the_field() {
        for (action, value, needle) in [
            (
                CallAction::Hangup,
                json!({"now":true}),
                "unknown field `now`: hangup() takes no parameters",
            ),
            (
                CallAction::SendDtmf,
                json!({"digits":"12x"}),
                "`digits` must be 1–32",
            ),
            (CallAction::SendDtmf, json!({}), "missing field `digits`"),
            (
                CallAction::StartAtxfer,
                json!({"targetType":5,"target":"x"}),
                "`targetType` must be 0",
            ),
            (
                CallAction::StartAtxfer,
                json!({"targetType":1,"target":" "}),
                "`target` must not be empty",
            ),
            (
                CallAction::Mute,
                json!({"direction":"sideways"}),
                "`direction` must be",
            ),
            (
                CallAction::PreviewObCall,
                json!({"customerNumber":"1","customerAnswerTimeout":90}),
                "5–60 seconds",
            ),
            (
                CallAction::Whisper,
                json!({"agent":"0001"}),
                "unknown field `agent`",
            ),
            (
                CallAction::Blxfer,
                json!({"targetType":1,"target":"x","blxferVariables":[
                {"name":"a","value":"1"},{"name":"a","value":"1"},{"name":"a","value":"1"},
                {"name":"a","value":"1"},{"name":"a","value":"1"},{"name":"a","value":"1"}]}),
                "at most 5",
            ),
            (
                CallAction::Hold,
                json!("now"),
                "expected an object argument, got a string",
            ),
        ] {
            let err = CallCommand::parse(action, value).unwrap_err();
            assert!(err.contains(needle), "{}: {err}", action.name());
        }
    }
}
