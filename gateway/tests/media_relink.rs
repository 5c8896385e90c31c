//! `sipRelink {sdp}` (docs/protocol.md §10): a running softphone leg answers a re-offer with new
//! ICE credentials (an ICE restart) and goes on — the same leg, its audio still flowing — while a
//! bad re-offer, one for an agent without a leg, or one while the previous is still being
//! answered is refused clearly and changes nothing. First on the media legs themselves, then on
//! the wire against a gateway with str0m media.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use agentdesk_gateway::media::sim_seam::StrMedia;
use agentdesk_gateway::media::{
    AgentLegs, LegState, LoopbackPeer, MediaConfig, MediaError, MediaServer, PeerOffer,
};
use common::sim::{agent, expect, expect_status, ok, refused, sim, sim_config};
use serde_json::json;

/// The value of the first `a=<name>:` line of an SDP.
fn attribute<'a>(sdp: &'a str, name: &str) -> Option<&'a str> {
    let prefix = format!("a={name}:");
    sdp.lines()
        .find_map(|l| l.trim_end().strip_prefix(prefix.as_str()))
}

/// The offer again with new ICE credentials, as `createOffer({iceRestart: true})` makes it
/// (RFC 8445 §9: a new ufrag and password, everything else the same).
fn restart_offer(offer: &str, tag: &str) -> String {
    let ufrag = attribute(offer, "ice-ufrag").expect("ufrag");
    let pwd = attribute(offer, "ice-pwd").expect("pwd");
    offer
        .replace(ufrag, &format!("rs{tag}"))
        .replace(pwd, &format!("restartedpassword{tag}xxxxxxxxxx"))
}

async fn linked(legs: &AgentLegs) -> (String, String, LoopbackPeer) {
    let offer = PeerOffer::new().expect("offer");
    let sdp = offer.sdp().to_owned();
    let (answer, _) = legs.link("acme", "1001", &sdp).expect("link");
    let peer = offer.connect(&answer).expect("answer applies");
    assert!(
        peer.wait_connected(Duration::from_secs(5)).await,
        "connects"
    );
    (sdp, answer, peer)
}

/// Packets the customer's side received from the peer in half a second.
async fn gateway_hears(legs: &AgentLegs) -> u64 {
    let before = legs.stats("acme", "1001").expect("leg").packets_received;
    tokio::time::sleep(Duration::from_millis(500)).await;
    legs.stats("acme", "1001").expect("leg").packets_received - before
}

#[tokio::test]
async fn a_restart_offer_is_answered_on_the_same_leg_with_new_ice_credentials() {
    let server = MediaServer::new(MediaConfig::default());
    let legs = AgentLegs::new(server.clone());
    let (offer, answer, peer) = linked(&legs).await;
    peer.set_sending(true);
    let id = legs.list()[0].leg.id;

    let reanswer = legs
        .relink("acme", "1001", &restart_offer(&offer, "1"))
        .expect("taken")
        .await
        .expect("answered");
    assert_ne!(
        attribute(&reanswer, "ice-ufrag"),
        attribute(&answer, "ice-ufrag"),
        "an ICE restart is met with new local credentials"
    );
    assert_eq!(
        attribute(&reanswer, "fingerprint"),
        attribute(&answer, "fingerprint"),
        "the same DTLS"
    );
    assert!(reanswer.contains("a=candidate:"), "complete: {reanswer}");
    // The same leg, not a new one: still listed under its id, never ended.
    let listed = legs.list();
    assert_eq!((listed.len(), listed[0].leg.id), (1, id));
    assert!(!matches!(listed[0].leg.state, LegState::Ended(_)));
    assert_eq!(server.leg_count(), 1);
    // The peer did not restart, so media over the old path still reaches the customer.
    assert!(gateway_hears(&legs).await > 10);
}

#[tokio::test]
async fn bad_unknown_and_concurrent_re_offers_are_refused_and_change_nothing() {
    let legs = AgentLegs::new(MediaServer::new(MediaConfig::default()));
    let (offer, _, peer) = linked(&legs).await;
    peer.set_sending(true);

    assert!(matches!(
        legs.relink("acme", "1001", "not sdp"),
        Err(MediaError::BadOffer(_))
    ));
    let huge = "v".repeat(agentdesk_gateway::media::MAX_OFFER_BYTES + 1);
    assert!(matches!(
        legs.relink("acme", "1001", &huge),
        Err(MediaError::OfferTooLarge { .. })
    ));
    // SDP without ICE credentials: str0m refuses it, the leg goes on.
    let no_ice: String = offer
        .lines()
        .filter(|l| !l.starts_with("a=ice-"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    let refused = legs.relink("acme", "1001", &no_ice).expect("parses").await;
    assert!(
        matches!(refused, Err(MediaError::Refused(_))),
        "{refused:?}"
    );
    assert!(matches!(
        legs.relink("acme", "1002", &offer),
        Err(MediaError::NoLeg(_))
    ));

    // A second re-offer while the first is being answered is refused; once it is, the next
    // one is taken.
    let first = legs
        .relink("acme", "1001", &restart_offer(&offer, "2"))
        .expect("taken");
    assert!(matches!(
        legs.relink("acme", "1001", &restart_offer(&offer, "3")),
        Err(MediaError::RelinkInFlight)
    ));
    first.await.expect("answered");
    legs.relink("acme", "1001", &restart_offer(&offer, "4"))
        .expect("taken after the first")
        .await
        .expect("answered");
    // A re-offer given up before its answer frees the leg for the next one.
    drop(
        legs.relink("acme", "1001", &restart_offer(&offer, "5"))
            .expect("taken"),
    );
    assert!(legs
        .relink("acme", "1001", &restart_offer(&offer, "6"))
        .is_ok());
    assert!(
        gateway_hears(&legs).await > 10,
        "the leg still carries audio"
    );
}

#[tokio::test]
async fn sip_relink_on_the_wire_answers_or_says_why_not() {
    let mut config = sim_config();
    config.media = Arc::new(StrMedia::new(MediaConfig::default()));
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let mut p = agent(&gw, "1040", 3).await;
    let offer = PeerOffer::new().expect("offer");
    let sdp = offer.sdp().to_owned();

    // No leg yet.
    let message = refused(&mut p, "sipRelink", json!({ "sdp": sdp }), "INVALID_STATE").await;
    assert!(message.contains("sipLink"), "{message}");

    sim(&gw, "call", json!({"tenantId": "t1", "agentNo": "1040"})).await;
    expect_status(&mut p, "ringing", "ringing").await;
    expect(&mut p, &["ringing"]).await;
    let data = ok(&mut p, "sipLink", json!({ "sdp": sdp })).await;
    let answer = data["sdp"].as_str().expect("answer").to_owned();
    expect(&mut p, &["sipSessionInit"]).await;
    expect_status(&mut p, "talking", "answer").await;

    refused(&mut p, "sipRelink", json!({}), "BAD_REQUEST").await;
    refused(&mut p, "sipRelink", json!({ "sdp": 7 }), "BAD_REQUEST").await;
    let message = refused(
        &mut p,
        "sipRelink",
        json!({ "sdp": "v=0\r\n" }),
        "BAD_REQUEST",
    )
    .await;
    assert!(message.contains("sipRelink"), "{message}");

    let data = ok(
        &mut p,
        "sipRelink",
        json!({ "sdp": restart_offer(&sdp, "7") }),
    )
    .await;
    let reanswer = data["sdp"].as_str().expect("answer");
    assert_ne!(
        attribute(reanswer, "ice-ufrag"),
        attribute(&answer, "ice-ufrag")
    );
    // No event: the call and its SIP session go on untouched.
    assert!(
        p.frame_within(Duration::from_millis(500)).await.is_none(),
        "a relink is no SIP event"
    );
    ok(&mut p, "hangup", json!({})).await;
    gw.shutdown().await;
}
