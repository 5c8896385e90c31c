//! What a command resolves with (`SdkResponse`, research/agentsdk-reference.md §3), and the
//! SDK's own error event. Both also travel to listeners: the response as `<action>Resp`.

use serde::Serialize;

use crate::json::Json;
use crate::text;

/// Failure codes the SDK produces itself; the gateway's own codes (docs/protocol.md §2–§3) are
/// passed through unchanged in `errorCode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The argument object was wrong.
    BadParams,
    /// The command needs a logged-in session.
    NotLoggedIn,
    /// The agent's state does not allow the command.
    InvalidState,
    /// The same command is already under way (a second login).
    InProgress,
    /// No reply within the command timeout.
    Timeout,
    /// The connection closed before the reply came.
    Disconnected,
    /// The socket could not be opened.
    ConnectFailed,
    /// A `setup()` was refused because a session is active.
    SessionActive,
    /// A supervisor command from an agent without supervisor rights.
    NotSupervisor,
    /// A softphone command from an agent not bound to the softphone.
    NotSoftphone,
    /// The softphone could not start (microphone, peer connection, offer or answer).
    MediaFailed,
    /// A session key over the SDK's size limit (`MAX_SESSION_KEY_BYTES`).
    KeyTooLarge,
    /// `setInputDevice`/`setOutputDevice` named a device the browser does not list.
    DeviceNotFound,
    /// The browser lacks what the request needs (`setSinkId` for `setOutputDevice`).
    NotSupported,
}

impl ErrorCode {
    /// The stable string at the JS face.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadParams => "BAD_PARAMS",
            Self::NotLoggedIn => "NOT_LOGGED_IN",
            Self::InvalidState => "INVALID_STATE",
            Self::InProgress => "IN_PROGRESS",
            Self::Timeout => "TIMEOUT",
            Self::Disconnected => "DISCONNECTED",
            Self::ConnectFailed => "CONNECT_FAILED",
            Self::SessionActive => "SESSION_ACTIVE",
            Self::NotSupervisor => "NOT_SUPERVISOR",
            Self::NotSoftphone => "NOT_SOFTPHONE",
            Self::MediaFailed => "MEDIA_FAILED",
            Self::KeyTooLarge => "KEY_TOO_LARGE",
            Self::DeviceNotFound => "DEVICE_NOT_FOUND",
            Self::NotSupported => "NOT_SUPPORTED",
        }
    }
}

/// The outcome of one command: `{ action, code, message, errorCode?, data? }`, plus the
/// `eventType` it carries as the `<action>Resp` event.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "json", derive(Serialize))]
#[cfg_attr(feature = "json", serde(rename_all = "camelCase"))]
pub struct SdkResponse {
    /// `<action>Resp`.
    pub event_type: String,
    /// The command's name.
    pub action: String,
    /// 0 success; −1 failure (the reference's convention).
    pub code: i64,
    /// "ok" on success, else what went wrong in words.
    pub message: String,
    /// Stable failure code.
    #[cfg_attr(feature = "json", serde(skip_serializing_if = "Option::is_none"))]
    pub error_code: Option<String>,
    /// The command's result: the reply's `data`, handed on as the gateway wrote it.
    #[cfg_attr(feature = "json", serde(skip_serializing_if = "Option::is_none"))]
    pub data: Option<Json>,
}

impl SdkResponse {
    /// A success.
    pub fn ok(action: &str, data: Option<Json>) -> Self {
        Self {
            event_type: text!(action, "Resp"),
            action: action.to_owned(),
            code: 0,
            message: "ok".to_owned(),
            error_code: None,
            data,
        }
    }

    /// A failure the SDK decided locally.
    pub fn fail(action: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::failed(action, code.as_str(), message)
    }

    /// A failure with any error code (the gateway's included).
    pub fn failed(action: &str, error_code: &str, message: impl Into<String>) -> Self {
        Self {
            event_type: text!(action, "Resp"),
            action: action.to_owned(),
            code: -1,
            message: message.into(),
            error_code: Some(error_code.to_owned()),
            data: None,
        }
    }

    /// True for code 0.
    pub fn is_ok(&self) -> bool {
        self.code == 0
    }
}

/// `sdkError`: something went wrong that no command is waiting for (a malformed frame, a
/// listener that threw). The SDK goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SdkErrorEvent {
    /// Always `sdkError`.
    pub event_type: &'static str,
    /// Stable code: MALFORMED_FRAME, UNKNOWN_FRAME, UNKNOWN_EVENT, BAD_EVENT, FRAME_TOO_LARGE,
    /// LISTENER_ERROR, DUPLICATE_EVENT, …
    pub code: String,
    /// What happened, in words.
    pub message: String,
}

/// The eventType of [`SdkErrorEvent`].
pub const SDK_ERROR: &str = "sdkError";

impl SdkErrorEvent {
    /// Builds the event.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            event_type: SDK_ERROR,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}
