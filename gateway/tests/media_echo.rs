//! The preflight's echo leg (`echoTest`, docs/protocol.md §10 "Preflight echo"): a far end that
//! sends back what it hears and nothing else, reachable with a valid session key and no login,
//! one per agent, for a bounded time.

#![allow(clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use agentdesk_gateway::media::sim_seam::StrMedia;
use agentdesk_gateway::media::{EchoError, EchoLegs, MediaConfig, MediaServer, PeerOffer};
use common::{session_key, Client};
use serde_json::json;

#[tokio::test]
async fn an_echo_leg_sends_back_only_what_it_hears() {
    let server = MediaServer::new(MediaConfig::default());
    let echoes = EchoLegs::default();
    let offer = PeerOffer::new().expect("offer");
    let answer = echoes
        .open(&server, "t1", "0001", offer.sdp(), Duration::from_secs(10))
        .expect("echo leg");
    let peer = offer.connect(&answer).expect("answer applies");
    assert!(peer.wait_connected(Duration::from_secs(5)).await);
    peer.set_sending(true);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let s = peer.stats();
    assert!(s.echoes_received > 10, "{s:?}");
    assert_eq!(s.silence_received, 0, "an echo leg never fills gaps: {s:?}");

    // The peer goes quiet: so does the echo (a customer leg would send silence instead).
    peer.set_sending(false);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = peer.stats().packets_received;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(peer.stats().packets_received, before);
}

#[tokio::test]
async fn one_echo_leg_per_agent_and_it_ends_after_its_duration() {
    let server = MediaServer::new(MediaConfig::default());
    let echoes = EchoLegs::default();
    let first = PeerOffer::new().expect("offer");
    let answer = echoes
        .open(
            &server,
            "t1",
            "0001",
            first.sdp(),
            Duration::from_millis(1500),
        )
        .expect("echo leg");
    let peer = first.connect(&answer).expect("answer applies");
    assert!(peer.wait_connected(Duration::from_secs(5)).await);

    let second = PeerOffer::new().expect("offer");
    let refused = echoes.open(&server, "t1", "0001", second.sdp(), Duration::from_secs(5));
    assert!(matches!(refused, Err(EchoError::Busy)), "{refused:?}");
    // Another agent has its own.
    let other = PeerOffer::new().expect("offer");
    echoes
        .open(
            &server,
            "t1",
            "0002",
            other.sdp(),
            Duration::from_millis(1500),
        )
        .expect("another agent's echo leg");
    assert_eq!(echoes.len(), 2);

    // The duration bounds the leg: it ends by itself, the peer sees it go, the agent may test again.
    assert!(peer.wait_ended(Duration::from_secs(5)).await.is_some());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(echoes.is_empty(), "{}", echoes.len());
    assert_eq!(server.leg_count(), 0);
    let again = PeerOffer::new().expect("offer");
    echoes
        .open(&server, "t1", "0001", again.sdp(), Duration::from_secs(1))
        .expect("a new test after the first ended");
}

#[tokio::test]
async fn echo_test_needs_a_valid_key_but_no_login() {
    let mut config = common::config();
    config.media = Arc::new(StrMedia::new(MediaConfig::default()));
    let gw = common::start_with(config).await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;

    let offer = PeerOffer::new().expect("offer");
    let reply = client
        .command("echoTest", json!({"sdp": offer.sdp(), "durationMs": 2000}))
        .await;
    assert_eq!(reply["code"], 0, "{reply}");
    assert_eq!(reply["data"]["durationMs"], 2000);
    let answer = reply["data"]["sdp"].as_str().expect("answer sdp");
    let peer = offer.connect(answer).expect("answer applies");
    assert!(peer.wait_connected(Duration::from_secs(5)).await);
    peer.set_sending(true);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(peer.stats().echoes_received > 5, "{:?}", peer.stats());

    // One at a time.
    let again = PeerOffer::new().expect("offer");
    let reply = client
        .command("echoTest", json!({"sdp": again.sdp()}))
        .await;
    assert_eq!(reply["errorCode"], "MEDIA_FAILED", "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .unwrap_or("")
            .contains("already running"),
        "{reply}"
    );

    // Bad params are refused before any media.
    for params in [
        json!({}),
        json!({"sdp": 5}),
        json!({"sdp": "v=0", "durationMs": -1}),
    ] {
        let reply = client.command("echoTest", params.clone()).await;
        assert_eq!(reply["errorCode"], "BAD_REQUEST", "{params}: {reply}");
    }
    // A huge duration is capped at 30 s; "not SDP" is the media side's refusal.
    let reply = client
        .command("echoTest", json!({"sdp": "hello", "durationMs": 999_999}))
        .await;
    assert_eq!(reply["errorCode"], "MEDIA_FAILED", "{reply}");

    // The 2 s are over: the leg is gone.
    assert!(peer.wait_ended(Duration::from_secs(5)).await.is_some());
}

#[tokio::test]
async fn a_gateway_without_media_refuses_the_echo_test() {
    let gw = common::start().await;
    let key = session_key(&gw, "t1", "0001", "demo").await;
    let (mut client, _) = Client::authenticated(&gw, "t1", "0001", &key).await;
    let reply = client.command("echoTest", json!({"sdp": "v=0"})).await;
    assert_eq!(reply["errorCode"], "MEDIA_FAILED", "{reply}");
}
