//! What a connection does with the text a client sends, without a socket: the entry points of
//! the fuzz target `gateway_client_frame` (fuzz/, docs/RELIABILITY.md). Each runs the same
//! decoders and checks as the connection does — the frame, the `auth` key and claims, a
//! command's params — and the failure reply it would write, so a panic anywhere on that path
//! shows up here. Nothing else calls them.

use std::sync::OnceLock;
use std::time::Duration;

use agentdesk_core::flows::{CallAction, CallCommand};
use agentdesk_core::protocol::v1::{ClientFrame, ServerFrame};
use agentdesk_core::protocol::ProtocolError;
use serde_json::{Map, Value};

use crate::auth;
use crate::commands::{Command, RequestError};
use crate::directory::Directory;
use crate::keys::SessionKeys;

/// A fixed clock: keys are judged at this Unix ms.
const NOW_MS: u64 = 1_716_200_000_000;

fn keys() -> &'static SessionKeys {
    static KEYS: OnceLock<SessionKeys> = OnceLock::new();
    KEYS.get_or_init(|| SessionKeys::new(b"fuzz".to_vec(), Duration::from_secs(3_600)))
}

fn directory() -> Option<&'static Directory> {
    static DIRECTORY: OnceLock<Option<Directory>> = OnceLock::new();
    DIRECTORY.get_or_init(|| Directory::builtin().ok()).as_ref()
}

/// One text frame from a client, as the first frame (`auth`) or a later one.
pub fn client_frame(text: &str) {
    match ClientFrame::parse(text) {
        Ok(ClientFrame::Auth {
            id,
            tenant_id,
            agent_no,
            session_key,
            ..
        }) => {
            check_auth(id, &tenant_id, &agent_no, &session_key);
        }
        Ok(ClientFrame::Cmd { id, action, params }) => command(id, &action, &params),
        Ok(ClientFrame::Ping { .. }) => {}
        Err(ProtocolError::TooLarge { bytes, max }) => {
            reply(&RequestError::FrameTooLarge { bytes, max }, 0)
        }
        Err(e) => {
            let _ = crate::connection::auth_id(text);
            reply(
                &RequestError::BadRequest(e.to_string()),
                crate::link::request_id(text),
            );
        }
    }
}

/// `claims` signed with the gateway's secret and offered in `auth`: the claims parser and the
/// checks after it, which a forged key never reaches.
pub fn signed_claims(claims: &[u8], tenant_id: &str, agent_no: &str) {
    check_auth(1, tenant_id, agent_no, &keys().sign_bytes(claims));
}

fn check_auth(id: u64, tenant_id: &str, agent_no: &str, session_key: &str) {
    let Some(directory) = directory() else { return };
    if let Err(e) = auth::check(keys(), directory, tenant_id, agent_no, session_key, NOW_MS) {
        let _ = (e.error_code(), e.close_code());
        let frame = ServerFrame::Reply(crate::commands::error_reply(
            id,
            e.error_code(),
            e.to_string(),
        ));
        let _ = frame.to_json();
    }
}

/// A command's params, checked as the connection (`refreshKey`) and the simulator (the rest) do.
fn command(id: u64, action: &str, params: &Map<String, Value>) {
    if let Some(call) = CallAction::from_name(action) {
        let _ = CallCommand::parse(call, Value::Object(params.clone()));
        return;
    }
    if let Err(e) = Command::parse(action, params) {
        reply(&e, id);
    }
}

fn reply(error: &RequestError, id: u64) {
    let _ = ServerFrame::Reply(error.reply(id)).to_json();
}
