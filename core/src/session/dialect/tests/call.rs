//! The softphone leg over a Voki `call:` channel (call.rs) under virtual time: offer pushed as
//! `signal`, answer and candidates applied, `webrtcStats` every second, and every way it ends.

use super::*;
use crate::media::MediaAction;
use crate::quality::StatsSnapshot;
use crate::response::ErrorCode;

/// A Phoenix session with `call:c1` joined (the join is ref 2, after the open's heartbeat).
fn joined_call() -> H {
    let mut h = H::with(Kind::Phoenix, quiet());
    h.connect("t");
    h.s.handle_join(h.now, Ticket(2), "call:c1", Json::empty_object(), None);
    h.frame(px_reply(Some("2"), "2", "call:c1", "ok"));
    h.take_sent();
    h
}

fn media(out: &[Output]) -> Vec<MediaAction> {
    out.iter()
        .filter_map(|o| match o {
            Output::Media(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

fn stats_events(h: &H) -> usize {
    h.out
        .iter()
        .filter(|o| matches!(o, Output::Emit(Event::Catalog(Made::WebrtcStats(_)))))
        .count()
}

/// Softphone on `call:c1` up to the applied answer; returns the offer's push ref.
fn leg_up(h: &mut H) {
    h.s.handle_softphone(h.now, Ticket(5), "call:c1");
    assert_eq!(media(&h.drain()), [MediaAction::Open { input: None }]);
    h.s.handle_media_offer(h.now, "v=0 offer");
    assert_eq!(
        h.take_sent(),
        [r#"["2","3","call:c1","signal",{"type":"offer","sdp":"v=0 offer"}]"#]
    );
    h.frame(px_reply(Some("2"), "3", "call:c1", "ok"));
    assert_eq!(h.resolved(5).map(SdkResponse::is_ok), Some(true));
    h.s.handle_signal(
        h.now,
        "call:c1",
        Some("2"),
        Some("answer"),
        Some("v=0 answer"),
        None,
    );
    assert_eq!(
        media(&h.drain()),
        [MediaAction::ApplyAnswer("v=0 answer".to_owned())]
    );
}

#[test]
fn phoenix_softphone_offers_over_signal_applies_the_answer_and_reports_stats_every_second() {
    let mut h = joined_call();
    leg_up(&mut h);
    // The server's trickled candidates go to the peer connection.
    h.s.handle_signal(
        h.now,
        "call:c1",
        Some("2"),
        None,
        None,
        Some(r#"{"candidate":"c"}"#.to_owned()),
    );
    assert!(h
        .drain()
        .contains(&Output::RemoteCandidate(r#"{"candidate":"c"}"#.to_owned())));
    // A stale join's signal is not the leg's.
    h.s.handle_signal(
        h.now,
        "call:c1",
        Some("1"),
        None,
        None,
        Some("{}".to_owned()),
    );
    assert!(h.drain().is_empty());
    for second in 1..=3u64 {
        h.run_to(second * 1_000);
        assert_eq!(
            media(&h.out)
                .iter()
                .filter(|a| **a == MediaAction::PollStats)
                .count() as u64,
            second
        );
        let snapshot = StatsSnapshot {
            timestamp: (ORIGIN + second * 1_000) as f64,
            packets_sent: Some(50 * second),
            packets_received: Some(50 * second),
            ..StatsSnapshot::default()
        };
        h.s.handle_stats(h.now, &snapshot);
        h.drain();
    }
    assert_eq!(stats_events(&h), 3);
    // No poll while one is in flight.
    h.run_to(4_000);
    h.run_to(6_000);
    assert_eq!(
        media(&h.out)
            .iter()
            .filter(|a| **a == MediaAction::PollStats)
            .count(),
        4
    );
    // The call ends: the listeners get call_ended, the leg closes.
    let out = h.frame(px(Some("2"), None, "call:c1", "call_ended"));
    assert!(out.contains(&Output::Deliver));
    assert_eq!(media(&out), [MediaAction::Close]);
    let polls = media(&h.out).len();
    h.run_to(9_000);
    assert_eq!(media(&h.out).len(), polls, "no stats poll after the leg");
}

#[test]
fn phoenix_softphone_survives_a_signaling_drop_and_ends_with_its_channel() {
    let mut h = joined_call();
    leg_up(&mut h);
    // The socket drops: the media does not go through it, so the leg stays and its stats go on.
    h.s.handle_socket_closed(h.now, 1006, "");
    assert!(media(&h.drain()).is_empty());
    h.run_to(1_000);
    assert!(media(&h.out).contains(&MediaAction::PollStats));
    // The reconnect's rejoin of the call is refused (the call is over): the leg closes.
    h.run_to(3_000);
    h.s.handle_token(h.now, Some("t2".to_owned()));
    h.s.handle_socket_opened(h.now);
    let sent = h.take_sent();
    let join = sent
        .iter()
        .find(|f| f.contains("phx_join"))
        .cloned()
        .unwrap_or_default();
    let r: Vec<&str> = join.split('"').collect();
    let join_ref = r.get(1).copied().unwrap_or("");
    let out = h.frame(px_reply(Some(join_ref), join_ref, "call:c1", "error"));
    assert_eq!(media(&out), [MediaAction::Close]);
}

#[test]
fn phoenix_softphone_refusals_and_failures_settle_the_promise() {
    let mut h = joined_call();
    // Not a call channel, not joined.
    h.s.handle_join(h.now, Ticket(3), "queue:q", Json::empty_object(), None);
    h.frame(px_reply(Some("3"), "3", "queue:q", "ok"));
    h.s.handle_softphone(h.now, Ticket(4), "queue:q");
    h.s.handle_softphone(h.now, Ticket(5), "call:c2");
    h.drain();
    assert_eq!(
        h.resolved(4).and_then(|r| r.error_code.clone()),
        Some(ErrorCode::BadParams.as_str().to_owned())
    );
    assert_eq!(
        h.resolved(5).and_then(|r| r.error_code.clone()),
        Some(ErrorCode::InvalidState.as_str().to_owned())
    );
    // The microphone refused.
    h.s.handle_softphone(h.now, Ticket(6), "call:c1");
    h.drain();
    h.s.handle_media_failed(h.now, "NotAllowedError");
    assert_eq!(media(&h.drain()), [MediaAction::Close]);
    assert_eq!(
        h.resolved(6).and_then(|r| r.error_code.clone()),
        Some(ErrorCode::MediaFailed.as_str().to_owned())
    );
    // The server refuses the offer: the Promise fails with its reason, the leg closes.
    h.s.handle_softphone(h.now, Ticket(7), "call:c1");
    h.s.handle_media_offer(h.now, "v=0");
    h.take_sent();
    let out = h.frame(px_reply(Some("2"), "4", "call:c1", "error"));
    assert_eq!(media(&out), [MediaAction::Close]);
    assert_eq!(
        h.resolved(7).and_then(|r| r.error_code.clone()).as_deref(),
        Some("REFUSED")
    );
    // A leave while preparing: the Promise fails, the leg closes.
    h.s.handle_softphone(h.now, Ticket(8), "call:c1");
    h.drain();
    h.s.handle_leave(h.now, Ticket(9), "call:c1");
    assert_eq!(media(&h.drain()), [MediaAction::Close]);
    assert_eq!(
        h.resolved(8).and_then(|r| r.error_code.clone()),
        Some(ErrorCode::Disconnected.as_str().to_owned())
    );
    // Another dialect has no call signaling.
    let mut k = H::new(Kind::Kazoo);
    k.connect("t");
    k.s.handle_softphone(k.now, Ticket(2), "call:c1");
    k.drain();
    assert_eq!(
        k.resolved(2).and_then(|r| r.error_code.clone()),
        Some(ErrorCode::InvalidState.as_str().to_owned())
    );
}

#[test]
fn phoenix_softphone_settles_on_an_answer_that_comes_before_the_offers_reply() {
    let mut h = joined_call();
    h.s.handle_softphone(h.now, Ticket(5), "call:c1");
    h.drain();
    h.s.handle_media_offer(h.now, "v=0 offer");
    h.take_sent();
    // Found by `session_phoenix`: the answer first, and the offer push's reply never.
    h.s.handle_signal(
        h.now,
        "call:c1",
        Some("2"),
        Some("answer"),
        Some("v=0 answer"),
        None,
    );
    h.drain();
    assert_eq!(h.resolved(5).map(SdkResponse::is_ok), Some(true));
    h.run_to(60_000);
    let settled = h
        .out
        .iter()
        .filter(|o| {
            matches!(
                o,
                Output::Resolve {
                    ticket: Ticket(5),
                    ..
                }
            )
        })
        .count();
    assert_eq!(settled, 1, "settled once");
}
