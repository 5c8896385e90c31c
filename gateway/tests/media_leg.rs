//! The customer's side of a media leg, against a str0m peer standing in for the browser over
//! real loopback UDP: ICE, DTLS-SRTP, the 20 ms Opus pace, the echo, the fault knobs, and the
//! end of the leg.

#![allow(clippy::expect_used)]

use std::net::UdpSocket;
use std::time::Duration;

use agentdesk_gateway::media::{
    EndReason, Faults, LegState, LoopbackPeer, MediaConfig, MediaLeg, MediaServer, PeerOffer,
    PeerStats,
};

const CONNECT: Duration = Duration::from_secs(5);

async fn connected_leg(server: &MediaServer) -> (MediaLeg, LoopbackPeer) {
    let offer = PeerOffer::new().expect("peer offer");
    let leg = server.open_leg(offer.sdp()).expect("leg opens");
    let peer = offer.connect(leg.answer_sdp()).expect("answer applies");
    assert!(peer.wait_connected(CONNECT).await, "peer connects");
    // The gateway's side sees DTLS complete a moment after the peer.
    for _ in 0..50 {
        if leg.state() == LegState::Connected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(leg.state(), LegState::Connected);
    (leg, peer)
}

/// What the peer counted during `window`.
async fn during(peer: &LoopbackPeer, window: Duration) -> PeerStats {
    let before = peer.stats();
    tokio::time::sleep(window).await;
    let after = peer.stats();
    PeerStats {
        connected: after.connected,
        packets_sent: after.packets_sent - before.packets_sent,
        packets_received: after.packets_received - before.packets_received,
        echoes_received: after.echoes_received - before.echoes_received,
        silence_received: after.silence_received - before.silence_received,
        in_step: after.in_step - before.in_step,
        out_of_step: after.out_of_step - before.out_of_step,
    }
}

fn is_free(addr: std::net::SocketAddr) -> bool {
    UdpSocket::bind(addr).is_ok()
}

#[tokio::test]
async fn answer_carries_the_loopback_host_candidate() {
    let server = MediaServer::new(MediaConfig::default());
    let offer = PeerOffer::new().expect("peer offer");
    let leg = server.open_leg(offer.sdp()).expect("leg opens");
    let answer = leg.answer_sdp();
    let port = leg.local_addr().port();
    assert!(leg.local_addr().ip().is_loopback());
    assert!(
        answer
            .lines()
            .any(|l| l.starts_with("a=candidate:")
                && l.contains(&format!("127.0.0.1 {port} typ host"))),
        "{answer}"
    );
    assert!(answer.contains("opus/48000/2"), "{answer}");
    leg.close().await;
}

#[tokio::test]
async fn customer_echoes_agent_audio_at_fifty_packets_a_second() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    peer.set_sending(true);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let got = during(&peer, Duration::from_secs(2)).await;
    // 20 ms packets: 100 in 2 s (RFC 7587 §7 ptime); the tolerance absorbs a loaded machine.
    assert!((85..=115).contains(&got.packets_received), "{got:?}");
    assert!(got.echoes_received >= 80, "mostly echo: {got:?}");
    assert!(
        got.in_step >= 80,
        "seq +1 and timestamp +960 each packet: {got:?}"
    );

    let stats = leg.stats();
    assert!(stats.packets_received >= 80, "{stats:?}");
    assert!(stats.frames_echoed >= 80, "{stats:?}");
    assert_eq!(stats.packets_dropped, 0);
    leg.close().await;
    peer.close().await;
}

#[tokio::test]
async fn customer_sends_silence_while_the_agent_is_quiet() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let got = during(&peer, Duration::from_secs(2)).await;
    assert!((85..=115).contains(&got.packets_received), "{got:?}");
    assert_eq!(got.silence_received, got.packets_received, "{got:?}");
    assert_eq!(got.echoes_received, 0);
    assert!(got.in_step >= 80, "{got:?}");
    assert_eq!(leg.stats().frames_echoed, 0);
    leg.close().await;
}

#[tokio::test]
async fn stopped_sending_reaches_the_peer_as_no_packets_within_a_second() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    peer.set_sending(true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(peer.stats().packets_received > 0);

    leg.set_faults(Faults {
        sending: Some(false),
        ..Faults::default()
    });
    // What was already on the wire lands within a few ms on loopback.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let silent = during(&peer, Duration::from_secs(1)).await;
    assert_eq!(silent.packets_received, 0, "{silent:?}");
    assert_eq!(leg.state(), LegState::Connected, "the leg stays up");
    assert!(
        leg.stats().packets_received > 0,
        "the agent's audio still arrives"
    );

    leg.set_faults(Faults {
        sending: Some(true),
        ..Faults::default()
    });
    let resumed = during(&peer, Duration::from_secs(1)).await;
    assert!(resumed.packets_received >= 35, "{resumed:?}");
    leg.close().await;
    peer.close().await;
}

#[tokio::test]
async fn a_blackhole_sends_nothing_at_all_and_clearing_it_resumes() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    leg.set_faults(Faults {
        blackhole: Some(true),
        ..Faults::default()
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let silent = during(&peer, Duration::from_secs(1)).await;
    assert_eq!(silent.packets_received, 0, "{silent:?}");
    assert_eq!(leg.faults().blackhole, Some(true));

    leg.set_faults(Faults::CLEAR);
    let resumed = during(&peer, Duration::from_secs(1)).await;
    assert!(resumed.packets_received >= 35, "{resumed:?}");
    leg.close().await;
    peer.close().await;
}

#[tokio::test]
async fn dropping_half_lets_about_half_arrive() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    leg.set_faults(Faults {
        drop_percent: Some(50),
        ..Faults::default()
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let before = leg.stats();
    let got = during(&peer, Duration::from_secs(2)).await;
    let after = leg.stats();
    let sent = after.packets_sent - before.packets_sent;
    let dropped = after.packets_dropped - before.packets_dropped;
    assert!((40..=60).contains(&got.packets_received), "{got:?}");
    assert!(
        sent.abs_diff(dropped) <= 2,
        "sent {sent}, dropped {dropped}"
    );
    // Every packet that arrives follows a gap of one: the peer sees the loss in the sequence.
    assert!(got.out_of_step >= 35, "{got:?}");

    leg.set_faults(Faults::CLEAR);
    assert_eq!(leg.faults(), Faults::CLEAR);
    let healed = during(&peer, Duration::from_secs(1)).await;
    assert!(healed.packets_received >= 40, "{healed:?}");
    leg.close().await;
}

#[tokio::test]
async fn all_legs_knob_reaches_every_leg_and_the_next_one() {
    let server = MediaServer::new(MediaConfig::default());
    let (first, first_peer) = connected_leg(&server).await;
    let (second, second_peer) = connected_leg(&server).await;

    server.set_faults_all(Faults {
        sending: Some(false),
        ..Faults::default()
    });
    assert!(server
        .legs()
        .iter()
        .all(|leg| leg.faults.sending == Some(false)));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        during(&first_peer, Duration::from_millis(500))
            .await
            .packets_received,
        0
    );
    assert_eq!(
        during(&second_peer, Duration::from_millis(500))
            .await
            .packets_received,
        0
    );

    let (third, third_peer) = connected_leg(&server).await;
    assert_eq!(third.faults().sending, Some(false));
    assert_eq!(
        during(&third_peer, Duration::from_millis(500))
            .await
            .packets_received,
        0
    );

    server.set_faults_all(Faults::CLEAR);
    assert!(
        during(&third_peer, Duration::from_millis(500))
            .await
            .packets_received
            > 10
    );
    assert!(server.set_faults(
        first.id(),
        Faults {
            drop_percent: Some(100),
            ..Faults::default()
        }
    ));
    assert_eq!(first.faults().drop_percent, Some(100));
    assert_eq!(server.leg_count(), 3);
    for leg in [first, second, third] {
        leg.close().await;
    }
    assert_eq!(server.leg_count(), 0);
}

#[tokio::test]
async fn closing_a_leg_ends_its_task_and_frees_its_socket() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    let addr = leg.local_addr();
    assert!(!is_free(addr), "the leg holds its socket");

    leg.close().await;
    assert!(is_free(addr), "socket freed when close returns");
    assert_eq!(server.leg_count(), 0);
    // str0m's DTLS close_notify tells the peer the leg is over.
    assert_eq!(
        peer.wait_ended(Duration::from_secs(2)).await,
        Some(EndReason::PeerClosed)
    );
}

#[tokio::test]
async fn dropping_a_leg_handle_frees_its_socket() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    let addr = leg.local_addr();
    drop(leg);
    let mut freed = false;
    for _ in 0..50 {
        if is_free(addr) {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(freed, "socket freed within a second of the drop");
    assert_eq!(server.leg_count(), 0);
    drop(peer);
}

#[tokio::test]
async fn peer_closing_ends_the_leg() {
    let server = MediaServer::new(MediaConfig::default());
    let (leg, peer) = connected_leg(&server).await;
    peer.close().await;
    let reason = tokio::time::timeout(Duration::from_secs(2), leg.ended()).await;
    assert_eq!(reason.ok(), Some(EndReason::PeerClosed));
    assert!(matches!(leg.state(), LegState::Ended(_)));
    assert_eq!(server.leg_count(), 0);
    assert!(is_free(leg.local_addr()));
}

#[tokio::test]
async fn leg_ends_when_the_peer_never_connects() {
    let server = MediaServer::new(MediaConfig {
        connect_timeout: Duration::from_millis(300),
        ..MediaConfig::default()
    });
    let offer = PeerOffer::new().expect("peer offer");
    let leg = server.open_leg(offer.sdp()).expect("leg opens");
    // The offer is never answered on the peer's side: no ICE, no DTLS.
    drop(offer);
    let reason = tokio::time::timeout(Duration::from_secs(2), leg.ended()).await;
    assert_eq!(
        reason.ok(),
        Some(EndReason::ConnectTimeout(Duration::from_millis(300)))
    );
    assert_eq!(server.leg_count(), 0);
}

#[tokio::test]
async fn leg_ends_when_the_browser_vanishes() {
    let server = MediaServer::new(MediaConfig {
        idle_timeout: Duration::from_millis(800),
        ..MediaConfig::default()
    });
    let (leg, peer) = connected_leg(&server).await;
    // The browser vanishes without a goodbye: no close_notify, just silence on the wire.
    peer.vanish().await;
    let reason = tokio::time::timeout(Duration::from_secs(3), leg.ended()).await;
    assert_eq!(
        reason.ok(),
        Some(EndReason::MediaLost(Duration::from_millis(800)))
    );
    assert_eq!(server.leg_count(), 0);
}
