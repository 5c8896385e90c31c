//! The legs of the simulator's agents, keyed by tenant and agent number: link, re-link, unlink,
//! and the `/control/media` knob narrowed to one agent, one tenant, or every leg.

#![allow(clippy::expect_used)]

use std::time::Duration;

use agentdesk_gateway::media::{
    AgentLegs, EndReason, Faults, LegState, LegWatch, LoopbackPeer, MediaConfig, MediaServer,
    PeerOffer,
};

const STOP: Faults = Faults {
    sending: Some(false),
    drop_percent: None,
    blackhole: None,
};

async fn link(legs: &AgentLegs, tenant: &str, agent: &str) -> (LoopbackPeer, LegWatch) {
    let offer = PeerOffer::new().expect("offer");
    let (answer, watch) = legs.link(tenant, agent, offer.sdp()).expect("link");
    let peer = offer.connect(&answer).expect("answer applies");
    assert!(
        peer.wait_connected(Duration::from_secs(5)).await,
        "connects"
    );
    (peer, watch)
}

/// Packets the peer receives in half a second.
async fn hears(peer: &LoopbackPeer) -> u64 {
    let before = peer.stats().packets_received;
    tokio::time::sleep(Duration::from_millis(500)).await;
    peer.stats().packets_received - before
}

#[tokio::test]
async fn knob_narrowed_to_a_tenant_or_an_agent_leaves_the_others_talking() {
    let legs = AgentLegs::new(MediaServer::new(MediaConfig::default()));
    let (a1, _) = link(&legs, "acme", "1001").await;
    let (a2, _) = link(&legs, "acme", "1002").await;
    let (b1, _) = link(&legs, "globex", "1001").await;

    let reached = legs.set_faults(Some("acme"), None, STOP);
    assert_eq!(reached.len(), 2);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(hears(&a1).await, 0);
    assert_eq!(hears(&a2).await, 0);
    assert!(hears(&b1).await > 15);

    legs.set_faults(Some("acme"), Some("1002"), Faults::CLEAR);
    assert!(hears(&a2).await > 15);
    assert_eq!(hears(&a1).await, 0);

    // The agent number alone reaches that number in every tenant.
    let reached = legs.set_faults(None, Some("1001"), Faults::CLEAR);
    assert_eq!(reached.len(), 2);
    assert!(hears(&a1).await > 15);

    // Neither key: every leg.
    let reached = legs.set_faults(None, None, STOP);
    assert_eq!(reached.len(), 3);
    assert!(reached.iter().all(|l| l.leg.faults.sending == Some(false)));
    legs.set_faults(None, None, Faults::CLEAR);
}

#[tokio::test]
async fn relinking_ends_the_agents_previous_leg() {
    let legs = AgentLegs::new(MediaServer::new(MediaConfig {
        max_legs: 1,
        ..MediaConfig::default()
    }));
    let (_old_peer, mut old) = link(&legs, "acme", "1001").await;
    // At the limit of one leg, the re-link still has room: the old leg goes first.
    let (new_peer, _) = link(&legs, "acme", "1001").await;
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(1), old.ended())
            .await
            .ok(),
        Some(EndReason::Closed)
    );
    assert_eq!(legs.list().len(), 1);
    assert!(hears(&new_peer).await > 15);
}

#[tokio::test]
async fn unlinking_ends_the_leg_and_forgets_it() {
    let server = MediaServer::new(MediaConfig::default());
    let legs = AgentLegs::new(server.clone());
    let (_peer, mut watch) = link(&legs, "acme", "1001").await;
    assert_eq!(watch.state(), LegState::Connected);
    assert!(legs.stats("acme", "1001").is_some());

    assert!(legs.unlink("acme", "1001"));
    assert!(!legs.unlink("acme", "1001"), "nothing left to unlink");
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(1), watch.ended())
            .await
            .ok(),
        Some(EndReason::Closed)
    );
    assert!(legs.stats("acme", "1001").is_none());
    assert!(legs.list().is_empty());
    assert_eq!(server.leg_count(), 0);
}

#[tokio::test]
async fn watch_reports_a_leg_that_ends_by_itself() {
    let legs = AgentLegs::new(MediaServer::new(MediaConfig {
        idle_timeout: Duration::from_millis(600),
        ..MediaConfig::default()
    }));
    let (peer, mut watch) = link(&legs, "acme", "1001").await;
    peer.vanish().await;
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(3), watch.ended())
            .await
            .ok(),
        Some(EndReason::MediaLost(Duration::from_millis(600)))
    );
    // Still listed, ended, until the simulator unlinks it.
    let listed = legs.list();
    assert_eq!(listed.len(), 1);
    assert!(matches!(listed[0].leg.state, LegState::Ended(_)));
}

#[tokio::test]
async fn a_bad_offer_leaves_no_leg_behind() {
    let legs = AgentLegs::new(MediaServer::new(MediaConfig::default()));
    assert!(legs.link("acme", "1001", "not sdp").is_err());
    assert!(legs.list().is_empty());
}
