//! Offers that cannot become a leg: each yields a clear `MediaError`, none panics, and none
//! leaves a socket or a task behind.

#![allow(clippy::expect_used)]

use std::time::Instant;

use agentdesk_gateway::media::{MediaConfig, MediaError, MediaServer, PeerOffer, MAX_OFFER_BYTES};
use str0m::media::{Direction, MediaKind};
use str0m::Rtc;

fn server() -> MediaServer {
    MediaServer::new(MediaConfig::default())
}

/// An offer made by str0m with the given m-lines, for shapes a browser would not send.
fn offer_with(add: impl FnOnce(&mut str0m::change::SdpApi<'_>)) -> String {
    let mut rtc = Rtc::builder()
        .set_crypto_provider(std::sync::Arc::new(str0m::crypto::from_feature_flags()))
        .build(Instant::now());
    let candidate =
        str0m::Candidate::host("127.0.0.1:9".parse().expect("addr"), "udp").expect("candidate");
    rtc.add_local_candidate(candidate);
    let mut change = rtc.sdp_api();
    add(&mut change);
    let (offer, _pending) = change.apply().expect("an offer");
    offer.to_sdp_string()
}

#[tokio::test]
async fn text_that_is_not_sdp_is_a_bad_offer() {
    let server = server();
    for junk in [
        "",
        "hello",
        "v=0\r\n",
        "{\"sdp\":\"v=0\"}",
        "\u{0}\u{ff}\r\n\r\n",
    ] {
        let err = server.open_leg(junk).expect_err("not an offer");
        assert!(matches!(err, MediaError::BadOffer(_)), "{junk:?}: {err}");
        assert!(
            err.to_string().starts_with("SDP offer does not parse"),
            "{err}"
        );
    }
    assert_eq!(server.leg_count(), 0);
}

#[tokio::test]
async fn offer_longer_than_the_limit_is_refused_unread() {
    let err = server()
        .open_leg(&"a".repeat(MAX_OFFER_BYTES + 1))
        .expect_err("too long");
    assert!(matches!(err, MediaError::OfferTooLarge { .. }), "{err}");
}

#[tokio::test]
async fn offer_without_audio_is_refused() {
    let video = offer_with(|change| {
        change.add_media(MediaKind::Video, Direction::SendRecv, None, None, None);
    });
    let err = server().open_leg(&video).expect_err("no audio");
    assert!(matches!(err, MediaError::NoAudio), "{err}");

    let data_only = offer_with(|change| {
        change.add_channel("chat".to_owned());
    });
    let err = server().open_leg(&data_only).expect_err("no audio");
    assert!(matches!(err, MediaError::NoAudio), "{err}");
}

#[tokio::test]
async fn send_only_offer_leaves_the_customer_mute_and_is_refused() {
    // The browser offering sendonly would have the gateway answer recvonly: no customer audio.
    let send_only = offer_with(|change| {
        change.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
    });
    let err = server().open_leg(&send_only).expect_err("mute");
    assert!(matches!(err, MediaError::NoAudio), "{err}");
}

#[tokio::test]
async fn offer_stripped_of_its_dtls_fingerprint_or_ice_credentials_is_refused() {
    let offer = PeerOffer::new().expect("offer");
    let server = server();
    for missing in ["a=fingerprint:", "a=ice-ufrag:", "a=ice-pwd:", "a=setup:"] {
        let stripped: String = offer
            .sdp()
            .split_inclusive("\r\n")
            .filter(|line| !line.starts_with(missing))
            .collect();
        match server.open_leg(&stripped) {
            Err(MediaError::BadOffer(_) | MediaError::Refused(_)) => {}
            // Without a=setup the answerer may pick its role itself (RFC 5763 §5); that leg is
            // fine, and closing it frees it.
            Ok(leg) if missing == "a=setup:" => leg.close().await,
            other => panic!("without {missing}: {other:?}"),
        }
    }
    assert_eq!(server.leg_count(), 0);
}

#[tokio::test]
async fn truncated_and_mangled_offers_never_panic() {
    let offer = PeerOffer::new().expect("offer");
    let sdp = offer.sdp().to_owned();
    let server = server();
    let mut opened = 0;
    let mut cuts: Vec<String> = (0..sdp.len())
        .step_by(29)
        .filter_map(|at| sdp.get(..at).map(str::to_owned))
        .collect();
    // Every line in turn replaced by garbage of the same kind.
    for (i, line) in sdp.split("\r\n").enumerate() {
        if let Some((key, _)) = line.split_once('=') {
            let mangled = sdp.replacen(line, &format!("{key}=\u{1F4A5} {i} x:y:z"), 1);
            cuts.push(mangled);
        }
    }
    for candidate in &cuts {
        if let Ok(leg) = server.open_leg(candidate) {
            opened += 1;
            leg.close().await;
        }
    }
    assert!(cuts.len() > 40);
    assert!(opened < cuts.len(), "most of them must be refused");
    assert_eq!(server.leg_count(), 0);
}

#[tokio::test]
async fn legs_beyond_the_limit_are_refused_until_one_closes() {
    let server = MediaServer::new(MediaConfig {
        max_legs: 2,
        ..MediaConfig::default()
    });
    let first = server
        .open_leg(PeerOffer::new().expect("offer").sdp())
        .expect("first");
    let _second = server
        .open_leg(PeerOffer::new().expect("offer").sdp())
        .expect("second");
    let third = PeerOffer::new().expect("offer");
    let err = server.open_leg(third.sdp()).expect_err("full");
    assert!(matches!(err, MediaError::TooManyLegs { max: 2 }), "{err}");
    first.close().await;
    server.open_leg(third.sdp()).expect("room again");
}
