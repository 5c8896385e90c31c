//! Scenario: `AgentSDK.can(action)` (Engine::allowed) through a workday, and its agreement with
//! the refusals `handle_command` gives at once (issue 16 item 7): a console that enables exactly
//! the allowed buttons never shows one the engine would refuse, nor hides one it would send.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::session::Allowed;
use common::{login_params, Harness};
use serde_json::{json, Value};

fn allowed(h: &Harness) -> Vec<&'static str> {
    let mut names: Vec<_> = h.engine.allowed().names().collect();
    names.sort_unstable();
    names
}

fn sorted(mut names: Vec<&'static str>) -> Vec<&'static str> {
    names.sort_unstable();
    names
}

/// What an agent on a call may do (softphone-bound: login_params binds type 3).
const ON_A_CALL: [&str; 10] = [
    "blxfer",
    "hangup",
    "hold",
    "mute",
    "sendDtmf",
    "sipLink",
    "sipUnlink",
    "startAtxfer",
    "transferIvr",
    "updateSessionKey",
];

#[test]
fn before_login_only_login_is_allowed_and_nothing_while_it_runs() {
    let mut h = Harness::new();
    assert_eq!(allowed(&h), ["login"]);
    h.command("login", login_params());
    assert!(
        allowed(&h).is_empty(),
        "a second login would be IN_PROGRESS: {:?}",
        allowed(&h)
    );
    assert_eq!(h.engine.can("pause"), Some(false));
    assert_eq!(h.engine.can("takeOff"), None, "no such command");
}

#[test]
fn an_idle_agent_may_pause_log_out_and_dial_but_not_hold() {
    let mut h = Harness::new();
    h.login_idle();
    assert_eq!(
        allowed(&h),
        sorted(vec!["logout", "pause", "previewObCall", "updateSessionKey"])
    );
    h.call("pause", json!({"pauseType": 0}));
    h.push_status(3, "busy", "pause", 2, 0);
    assert_eq!(
        allowed(&h),
        sorted(vec![
            "logout",
            "pause",
            "previewObCall",
            "unpause",
            "updateSessionKey"
        ])
    );
}

#[test]
fn a_call_allows_its_controls_and_each_toggle_swaps_with_its_opposite() {
    let mut h = Harness::new();
    h.login_idle();
    h.push_call_status("ringing", "ringing", 3);
    assert_eq!(
        allowed(&h),
        sorted(vec!["hangup", "sipLink", "sipUnlink", "updateSessionKey"])
    );
    h.push_call_status("talking", "answer", 4);
    assert_eq!(allowed(&h), sorted(ON_A_CALL.to_vec()));
    h.call("hold", json!(null));
    h.push_call_status("talking", "hold", 4);
    assert_eq!(h.engine.can("hold"), Some(false));
    assert_eq!(h.engine.can("unhold"), Some(true));
    h.push_call_status("idle", "hangup", 0);
    assert_eq!(
        allowed(&h),
        sorted(vec!["logout", "pause", "previewObCall", "updateSessionKey"])
    );
}

#[test]
fn supervisor_commands_need_the_role_and_a_stop_needs_its_monitor() {
    let mut h = Harness::new();
    h.login_idle();
    assert_eq!(
        h.engine.can("spy"),
        Some(false),
        "an agent is no supervisor"
    );
    let mut s = Harness::new();
    s.login_supervisor();
    for start in [
        "spy",
        "whisper",
        "threeway",
        "barge",
        "setPause",
        "subscribeQueueStatus",
    ] {
        assert_eq!(s.engine.can(start), Some(true), "{start}");
    }
    for stop in [
        "unspy",
        "unwhisper",
        "unthreeway",
        "unbarge",
        "unsubscribeQueueStatus",
    ] {
        assert_eq!(s.engine.can(stop), Some(false), "{stop}");
    }
}

#[test]
fn after_logout_only_login_is_allowed_again() {
    let mut h = Harness::new();
    h.login_idle();
    h.command("logout", json!({}));
    h.reply_ok(json!({}));
    h.push_status(3, "offline", "logout", 0, 0);
    h.closed(1000, "logout");
    assert_eq!(allowed(&h), ["login"], "{:?}", h.event_types());
}

/// A command with no argument to check: refused at once by the engine's own rules, or sent.
fn refused_at_once(h: &mut Harness, action: &str, params: Value) -> bool {
    let sent = h.rec.sent.len();
    let t = h.command(action, params);
    let local = [
        "INVALID_STATE",
        "NOT_LOGGED_IN",
        "NOT_SUPERVISOR",
        "NOT_SOFTPHONE",
        "IN_PROGRESS",
    ];
    let refused =
        h.is_resolved(t) && local.contains(&h.response(t).error_code.as_deref().unwrap_or(""));
    assert!(
        refused || h.rec.sent.len() > sent,
        "`{action}` neither refused nor sent"
    );
    refused
}

/// How a scenario reaches one moment of the agent's day.
type Moment = fn(&mut Harness);

#[test]
fn can_agrees_with_the_refusals_in_every_moment_of_a_call() {
    let moments: [(&str, Moment); 6] = [
        ("logged out", |_| {}),
        ("idle", |h| {
            h.login_idle();
        }),
        ("ringing", |h| {
            h.login_idle();
            h.push_call_status("ringing", "ringing", 3);
        }),
        ("talking", |h| {
            h.login_idle();
            h.push_call_status("talking", "answer", 4);
        }),
        ("on hold", |h| {
            h.login_idle();
            h.push_call_status("talking", "answer", 4);
            h.call("hold", json!(null));
            h.push_call_status("talking", "hold", 4);
        }),
        ("wrap-up", |h| {
            h.login_idle();
            h.push_call_status("wrapup", "hangup", 0);
        }),
    ];
    let commands: [(&str, Value); 8] = [
        ("pause", json!({"pauseType": 0})),
        ("unpause", json!(null)),
        ("logout", json!({})),
        ("hold", json!(null)),
        ("unhold", json!(null)),
        ("mute", json!(null)),
        ("unmute", json!(null)),
        ("hangup", json!(null)),
    ];
    for (moment, reach) in moments {
        for (action, params) in &commands {
            let mut h = Harness::new();
            reach(&mut h);
            let can = h.engine.can(action).unwrap();
            let refused = refused_at_once(&mut h, action, params.clone());
            assert_eq!(
                can, !refused,
                "{moment}: can({action}) = {can}, yet refused = {refused}"
            );
        }
    }
    assert!(Allowed::len() >= commands.len());
}

#[test]
fn the_logins_own_status_already_allows_what_a_logged_in_agent_may_do() {
    // The gateway writes a login's events before its reply (docs/protocol.md §3): a listener of
    // the idle status may command, so can() must say so then, not only after the reply.
    let mut h = Harness::new();
    h.command("login", login_params());
    h.opened();
    h.reply_ok(
        json!({"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":0,"resumed":false}),
    );
    assert!(allowed(&h).is_empty());
    h.push_event(
        1,
        json!({"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","sessionId":"s-1"}),
    );
    h.push_status(2, "idle", "login", 1, 0);
    assert_eq!(
        allowed(&h),
        sorted(vec!["logout", "pause", "previewObCall", "updateSessionKey"])
    );
}
