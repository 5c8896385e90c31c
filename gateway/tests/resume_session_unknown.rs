//! A resume of a session the gateway no longer has (docs/protocol.md §5, `SESSION_UNKNOWN`):
//! a new session starts, ids from 1, the agent logged out.

#![allow(clippy::unwrap_used)]

mod common;

use common::{config_with_faults, control, login_params, start_with, Client};
use serde_json::json;

#[tokio::test]
async fn resume_after_a_restart_is_session_unknown_and_a_new_session_starts_logged_out() {
    let gw = start_with(config_with_faults()).await;
    let (mut first, key, session_id) = Client::in_session(&gw, "t1", "0001", "demo").await;
    let restarted = control(&gw, "/control/restart", json!({})).await;
    assert_eq!(restarted["sessions"], 1);
    assert_eq!(restarted["dropped"], 1);
    assert_eq!(first.close_code().await, 4000);

    // The key survived the restart; the session did not.
    let (mut second, auth) = Client::resumed(&gw, "t1", "0001", &key, &session_id, 2).await;
    let data = &auth["data"];
    assert_eq!(data["resumed"], false, "{auth}");
    assert_eq!(data["resumeError"], "SESSION_UNKNOWN");
    assert_eq!(data["lastEventId"], 0);
    assert_ne!(data["sessionId"], session_id.as_str());
    let reply = second.command("pause", json!({})).await;
    assert_eq!(reply["errorCode"], "NOT_LOGGED_IN");
    assert_eq!(second.command("login", login_params()).await["code"], 0);
    let init = second.event().await;
    assert_eq!(init["eventId"], 1);
    assert_eq!(init["payload"]["sessionId"], data["sessionId"]);
    gw.shutdown().await;
}

#[tokio::test]
async fn resume_naming_another_session_is_session_unknown_and_ends_the_live_one_as_a_kick() {
    let gw = start_with(config_with_faults()).await;
    let (mut first, key, _) = Client::in_session(&gw, "t1", "0002", "demo").await;
    let (_second, auth) = Client::resumed(&gw, "t1", "0002", &key, "s-not-this-one", 2).await;
    assert_eq!(auth["data"]["resumeError"], "SESSION_UNKNOWN", "{auth}");
    let terminate = first.event().await;
    assert_eq!(terminate["payload"]["reason"], "kicked");
    assert_eq!(first.close_code().await, 4501);
    gw.shutdown().await;
}
