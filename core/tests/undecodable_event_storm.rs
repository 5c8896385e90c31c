//! Scenario: an event the SDK cannot decode sits in the gateway's history (issue 10, defect 2).
//!
//! Before the fix the SDK dropped such an event without counting its id, took the next event for
//! a gap, resumed at once, got the same frame replayed and looped: ~200 connections in 3 s. An
//! undecodable event with a readable id now counts as received (reported, acknowledged, passed
//! over), and a gap never causes more than one immediate reconnect in a row.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::time::Time;
use common::{indices, transcript, Harness};
use serde_json::{json, Value};

fn event_frame(event_id: u64, payload: &Value) -> String {
    json!({"type":"event","eventId":event_id,"payload":payload}).to_string()
}

/// A `queueStatus` over the protocol's 64 KiB limit, as the gateway wrote them with 4 queues ×
/// 200 waiting callers.
fn oversized_queue_status(event_id: u64) -> String {
    let entries: Vec<Value> = (0..2_000)
        .map(|i| json!({"customerNumber": format!("1370013{i:04}"), "waitSeconds": i}))
        .collect();
    let payload = json!({"eventType":"queueStatus","queueStatus":{"q-sales":{
        "queueParams":{"queueNo":"q-sales","name":"Sales"},"agentStatuses":[],"queueEntries":entries}}});
    let frame = event_frame(event_id, &payload);
    assert!(frame.len() > 64 * 1024, "{} bytes", frame.len());
    frame
}

/// A fake gateway holding the session's history as `(eventId, frame)`. It answers every `auth`
/// of a reconnect by resuming and replaying what follows the client's `lastEventId`, as
/// docs/protocol.md §5 says, for `seconds` of virtual time or until `max_connections` sockets.
/// Returns the times at which the engine opened a socket.
fn serve(
    h: &mut Harness,
    history: &[(u64, String)],
    seconds: u64,
    max_connections: usize,
) -> Vec<Time> {
    let until = h.now + seconds * 1_000;
    let newest = history.iter().map(|(id, _)| *id).max().unwrap_or(0);
    let mut opened_at = Vec::new();
    while opened_at.len() < max_connections {
        let before = h.rec.opened.len();
        match h.engine.poll_timeout() {
            Some(next) if next <= until => h.advance_to(next),
            _ => break,
        }
        if h.rec.opened.len() == before {
            continue;
        }
        opened_at.push(h.now);
        h.opened();
        let from = h.last_sent()["resume"]["lastEventId"].as_u64().unwrap_or(0);
        h.auth_reply("s-1", true, None, newest);
        for (_, frame) in history.iter().filter(|(id, _)| *id > from) {
            h.raw_frame(frame);
        }
    }
    opened_at
}

/// Events 3.. of the session: transcripts, with `bad` (a frame) at event id `bad_id`.
fn history_with(bad_id: u64, bad: String, len: u64) -> Vec<(u64, String)> {
    (3..3 + len)
        .map(|id| {
            (
                id,
                if id == bad_id {
                    bad.clone()
                } else {
                    event_frame(id, &transcript(id))
                },
            )
        })
        .collect()
}

#[test]
fn an_unknown_event_type_counts_as_received_and_causes_no_reconnect() {
    let mut h = Harness::new();
    h.login_idle(); // events 1 and 2
    let unknown = event_frame(
        5,
        &json!({"eventType":"callRecordingReady","url":"https://rec/1"}),
    );
    let history = history_with(5, unknown, 6); // events 3..=8
    for (_, frame) in &history {
        h.raw_frame(frame);
    }
    assert_eq!(
        indices(&h),
        [3, 4, 6, 7, 8],
        "every decodable event, in order"
    );
    assert_eq!(h.engine.last_event_id(), 8, "the unknown event's id counts");
    let errors = h.events_of("sdkError");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "UNKNOWN_EVENT");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("callRecordingReady"),
        "{errors:?}"
    );
    assert!(h.rec.closed.is_empty(), "no gap, no reconnect");
    // The next ping acknowledges it, so the gateway may drop it from history.
    h.advance(5_000);
    let ping = h
        .rec
        .sent
        .iter()
        .rev()
        .find(|f| f["type"] == "ping")
        .unwrap();
    assert_eq!(ping["ack"], 8);
}

#[test]
fn a_replayed_unknown_event_does_not_start_a_reconnect_storm() {
    let mut h = Harness::new();
    h.login_idle();
    let unknown = event_frame(
        5,
        &json!({"eventType":"callRecordingReady","url":"https://rec/1"}),
    );
    let history = history_with(5, unknown, 6);
    // The link drops after event 4: the resume replays the unknown event 5 and what follows.
    h.raw_frame(&history[0].1);
    h.raw_frame(&history[1].1);
    h.closed(1006, "");
    let opened = serve(&mut h, &history, 3, 500);
    assert_eq!(
        opened.len(),
        1,
        "one reconnect, not a storm: {} connections",
        opened.len()
    );
    assert_eq!(indices(&h), [3, 4, 6, 7, 8]);
    assert_eq!(h.engine.last_event_id(), 8);
    assert!(!h.engine.is_reconnecting());
}

#[test]
fn an_event_that_fails_its_check_counts_as_received() {
    let mut h = Harness::new();
    h.login_idle();
    let bad = event_frame(4, &json!({"eventType":"transcript","text":7}));
    for (_, frame) in history_with(4, bad, 3) {
        h.raw_frame(&frame);
    }
    assert_eq!(indices(&h), [3, 5]);
    assert_eq!(h.events_of("sdkError")[0]["code"], "BAD_EVENT");
    assert!(h.rec.closed.is_empty(), "no gap, no reconnect");
}

#[test]
fn a_frame_over_the_size_limit_with_a_readable_id_counts_as_received() {
    let mut h = Harness::new();
    h.login_idle();
    for (_, frame) in history_with(4, oversized_queue_status(4), 3) {
        h.raw_frame(&frame);
    }
    assert_eq!(indices(&h), [3, 5]);
    assert_eq!(h.engine.last_event_id(), 5);
    let errors = h.events_of("sdkError");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "FRAME_TOO_LARGE");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("event 4"),
        "{errors:?}"
    );
    assert!(h.rec.closed.is_empty());
}

#[test]
fn a_duplicate_of_an_undecodable_event_is_dropped_silently() {
    let mut h = Harness::new();
    h.login_idle();
    let unknown = event_frame(3, &json!({"eventType":"callRecordingReady"}));
    h.raw_frame(&unknown);
    h.raw_frame(&unknown);
    assert_eq!(
        h.events_of("sdkError").len(),
        1,
        "reported once, like any duplicate"
    );
    assert_eq!(h.engine.last_event_id(), 3);
}

#[test]
fn a_gap_the_gateway_never_fills_backs_off_instead_of_looping() {
    let mut h = Harness::new();
    h.login_idle();
    // The history has a hole at 5 that every replay repeats (a broken gateway).
    let history: Vec<(u64, String)> = (3..=8)
        .filter(|id| *id != 5)
        .map(|id| (id, event_frame(id, &transcript(id))))
        .collect();
    for (_, frame) in &history {
        h.raw_frame(frame);
    }
    assert!(h.engine.is_reconnecting(), "6 after 4 is a gap");
    let opened = serve(&mut h, &history, 3, 500);
    assert!(
        opened.len() <= 3,
        "at most one immediate resume, then backoff: {} connections in 3 s",
        opened.len()
    );
    let gaps: Vec<Value> = h
        .events_of("reconnectAttempt")
        .into_iter()
        .filter(|e| e["code"] == -1)
        .collect();
    assert_eq!(gaps[0]["delayMs"], 0, "the first gap resumes at once");
    let later: Vec<u64> = gaps[1..]
        .iter()
        .map(|e| e["delayMs"].as_u64().unwrap())
        .collect();
    assert!(
        !later.is_empty() && later.iter().all(|d| *d >= 800),
        "{later:?}"
    );
    assert!(
        later.windows(2).all(|w| w[1] >= w[0] / 2),
        "the delays grow: {later:?}"
    );
    // A minute on, the delays keep growing to the cap rather than starting over.
    let opened = serve(&mut h, &history, 60, 500);
    assert!(
        opened.len() <= 8,
        "{} connections in the next minute",
        opened.len()
    );
}

#[test]
fn an_isolated_gap_much_later_resumes_at_once_again() {
    let mut h = Harness::new();
    h.login_idle();
    h.raw_frame(&event_frame(4, &transcript(4)));
    assert_eq!(h.events_of("reconnectAttempt")[0]["delayMs"], 0);
    h.until_next_attempt();
    h.opened();
    h.auth_reply("s-1", true, None, 4);
    h.raw_frame(&event_frame(3, &transcript(3)));
    h.raw_frame(&event_frame(4, &transcript(4)));
    assert!(!h.engine.is_reconnecting());
    // Five minutes of a healthy link later, a new gap is an ordinary first one.
    for _ in 0..60 {
        h.advance(5_000);
        let ts = h.rec.sent.last().unwrap()["ts"].clone();
        h.frame(json!({"type":"pong","ts":ts,"serverTs":0}));
    }
    h.raw_frame(&event_frame(6, &transcript(6)));
    let attempts = h.events_of("reconnectAttempt");
    assert_eq!(attempts.last().unwrap()["delayMs"], 0, "{attempts:?}");
}
