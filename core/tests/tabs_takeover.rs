//! Scenario: shared tabs (issue 15.3). A second tab's engine takes over the session the leader
//! tab held, from what the leader published, and resumes it: no login, no event lost or twice.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::agent::AgentState;
use common::{indices, transcript, Harness};
use serde_json::json;

/// A leader logged in, through event 3, on hold; and a fresh engine (another tab's).
fn leader_and_follower() -> (Harness, Harness) {
    let mut leader = Harness::new();
    leader.login_idle(); // events 1 and 2
    leader.push_call_status("talking", "answer", 4);
    leader.push_call_status("talking", "hold", 4); // event 4
    leader.push_event(5, transcript(0));
    (leader, Harness::new())
}

#[test]
fn a_follower_resumes_the_leaders_session_after_its_last_event_without_a_login() {
    let (leader, mut tab) = leader_and_follower();
    let handover = leader
        .engine
        .handover()
        .expect("a logged-in session has a handover");
    assert_eq!(handover.session_id, "s-1");
    assert_eq!(handover.last_event_id, 5);
    assert!(handover.held);
    tab.engine
        .handle_takeover(tab.now, handover, leader.engine.status().clone());
    tab.drain();
    // At once: one socket, and `auth` resuming s-1 after 5 with the key that worked.
    assert_eq!(tab.rec.opened.len(), 1);
    tab.opened();
    let auth = tab.last_sent().clone();
    assert_eq!(auth["type"], "auth");
    assert_eq!(auth["resume"], json!({"sessionId":"s-1","lastEventId":5}));
    assert_eq!(auth["sessionKey"], "secret-key");
    tab.auth_reply("s-1", true, None, 7);
    assert!(
        !tab.rec.sent.iter().any(|f| f["action"] == "login"),
        "no login"
    );
    // The replay overlaps: 5 dropped, 6 and 7 delivered once.
    tab.push_event(5, transcript(0));
    tab.push_event(6, transcript(1));
    tab.push_event(7, transcript(2));
    assert_eq!(indices(&tab), [1, 2]);
    assert_eq!(tab.events_of("reconnectAttempt").last().unwrap()["code"], 0);
    // The new leader's engine knows the call and the hold: unhold is allowed and goes out.
    assert_eq!(tab.engine.status().state, AgentState::Talking);
    let (ticket, went_out) = tab.call("unhold", json!({}));
    assert!(went_out);
    assert!(tab.response(ticket).is_ok());
}

#[test]
fn a_newer_key_not_yet_accepted_is_offered_and_the_old_one_kept_for_a_refusal() {
    let (mut leader, mut tab) = leader_and_follower();
    leader.closed(1006, "");
    leader.command("updateSessionKey", json!("fresh-key"));
    let handover = leader.engine.handover().unwrap();
    assert_eq!(handover.candidate.as_deref(), Some("fresh-key"));
    tab.engine
        .handle_takeover(tab.now, handover, leader.engine.status().clone());
    tab.drain();
    tab.opened();
    assert_eq!(tab.last_sent()["sessionKey"], "fresh-key");
    tab.reply_err("KEY_INVALID", "no such key");
    tab.until_next_attempt();
    tab.opened();
    assert_eq!(tab.last_sent()["sessionKey"], "secret-key");
}

#[test]
fn nothing_to_hand_over_before_login_and_no_takeover_over_a_session() {
    let mut tab = Harness::new();
    assert!(tab.engine.handover().is_none());
    tab.login_idle();
    let (leader, _) = leader_and_follower();
    let opened = tab.rec.opened.len();
    tab.engine.handle_takeover(
        tab.now,
        leader.engine.handover().unwrap(),
        leader.engine.status().clone(),
    );
    tab.drain();
    assert_eq!(
        tab.rec.opened.len(),
        opened,
        "a tab with its own session keeps it"
    );
}

#[test]
fn a_session_the_gateway_lost_meanwhile_is_logged_in_again_as_after_any_drop() {
    let (leader, mut tab) = leader_and_follower();
    tab.engine.handle_takeover(
        tab.now,
        leader.engine.handover().unwrap(),
        leader.engine.status().clone(),
    );
    tab.drain();
    tab.opened();
    tab.auth_reply("s-2", false, Some("SESSION_UNKNOWN"), 0);
    assert_eq!(tab.last_sent()["action"], "login");
    tab.reply_ok(json!({}));
    assert_eq!(tab.events_of("resync")[0]["reason"], "sessionUnknown");
}
