//! Scenario: fresh keys from the page (`setup({ sessionKeyProvider })`, issue 15.5): every
//! reconnect attempt waits for the provider's key and offers it; a failing or silent provider
//! costs nothing but the wait.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Harness;

/// Logged in with a provider, the link dropped, time run to the first attempt.
fn dropped_with_provider() -> Harness {
    let mut h = Harness::new();
    h.engine.set_key_provider(true);
    h.login_idle();
    h.closed(1006, "");
    let delay = h.events_of("reconnectAttempt")[0]["delayMs"]
        .as_u64()
        .unwrap();
    h.advance(delay);
    h
}

#[test]
fn a_reconnect_attempt_waits_for_the_providers_key_and_offers_it() {
    let mut h = dropped_with_provider();
    assert_eq!(h.rec.wanted_keys, 1, "the provider is asked");
    assert_eq!(h.rec.opened.len(), 1, "no socket before the key is in");
    h.engine
        .handle_provided_key(h.now, Some("fresh-key".to_owned()), "");
    h.drain();
    assert_eq!(h.rec.opened.len(), 2);
    h.opened();
    assert_eq!(h.last_sent()["type"], "auth");
    assert_eq!(h.last_sent()["sessionKey"], "fresh-key");
    h.auth_reply("s-1", true, None, 2);
    assert!(h.events_of("sdkError").is_empty());
}

#[test]
fn a_failing_provider_reconnects_with_the_key_that_last_worked_and_says_so() {
    let mut h = dropped_with_provider();
    h.engine
        .handle_provided_key(h.now, None, "it threw TypeError: offline");
    h.drain();
    let error = h.events_of("sdkError")[0].clone();
    assert_eq!(error["code"], "KEY_PROVIDER_FAILED");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("TypeError: offline"));
    h.opened();
    assert_eq!(h.last_sent()["sessionKey"], "secret-key");
}

#[test]
fn a_silent_provider_is_given_up_after_the_command_timeout() {
    let mut h = dropped_with_provider();
    let timeout = h.engine.config().command_timeout_ms;
    h.advance(timeout - 1);
    assert_eq!(h.rec.opened.len(), 1);
    h.advance(1);
    assert_eq!(h.rec.opened.len(), 2, "the attempt goes on without it");
    assert_eq!(h.events_of("sdkError")[0]["code"], "KEY_PROVIDER_FAILED");
    // Its answer after the timeout is dropped: no second socket, no candidate.
    h.engine
        .handle_provided_key(h.now, Some("late".to_owned()), "");
    h.drain();
    assert_eq!(h.rec.opened.len(), 2);
    h.opened();
    assert_eq!(h.last_sent()["sessionKey"], "secret-key");
}

#[test]
fn an_oversized_key_from_the_provider_is_refused_and_the_old_key_used() {
    let mut h = dropped_with_provider();
    h.engine
        .handle_provided_key(h.now, Some("k".repeat(9 * 1024)), "");
    h.drain();
    assert_eq!(h.events_of("sdkError")[0]["code"], "KEY_PROVIDER_FAILED");
    h.opened();
    assert_eq!(h.last_sent()["sessionKey"], "secret-key");
}

#[test]
fn without_a_provider_nothing_waits() {
    let mut h = Harness::new();
    h.login_idle();
    h.closed(1006, "");
    h.until_next_attempt();
    assert_eq!(h.rec.wanted_keys, 0);
}
