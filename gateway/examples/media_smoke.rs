//! A browser smoke check of the media side, outside the gateway's public HTTP: a tiny server on
//! 127.0.0.1 whose page makes an `RTCPeerConnection` with the (fake) microphone, POSTs its
//! complete offer to `/offer`, applies the answer and exposes `getStats()`; `/faults` turns the
//! knobs of every leg and `/legs` shows the gateway's counts.
//!
//! ```text
//! cargo run -p agentdesk-gateway --example media_smoke      # prints the page's URL
//! node gateway/examples/media_smoke.mjs chromium|firefox     # drives a browser against it
//! ```
//!
//! `MEDIA_SMOKE_ECHO_DEPTH=0` turns the echo off: the customer sends only its silent frame.

#![allow(clippy::expect_used)]

use std::sync::{Arc, Mutex};

use agentdesk_gateway::media::{Faults, MediaConfig, MediaLeg, MediaServer};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Clone)]
struct App {
    media: MediaServer,
    legs: Arc<Mutex<Vec<MediaLeg>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultQuery {
    sending: Option<bool>,
    drop_percent: Option<u8>,
    blackhole: Option<bool>,
}

#[tokio::main]
async fn main() {
    // MEDIA_SMOKE_ECHO_DEPTH=0: silence only, to see the browser decode the silent frame.
    let echo_depth = std::env::var("MEDIA_SMOKE_ECHO_DEPTH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MediaConfig::default().echo_depth);
    let app = App {
        media: MediaServer::new(MediaConfig {
            echo_depth,
            ..MediaConfig::default()
        }),
        legs: Arc::default(),
    };
    let router = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/offer", post(offer))
        .route("/faults", post(faults))
        .route("/legs", get(legs))
        .route("/close", post(close))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    println!("http://{}/", listener.local_addr().expect("local address"));
    axum::serve(listener, router).await.expect("serve");
}

async fn offer(State(app): State<App>, sdp: String) -> Result<String, (StatusCode, String)> {
    let leg = app
        .media
        .open_leg(&sdp)
        .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
    let answer = leg.answer_sdp().to_owned();
    app.legs.lock().expect("legs").push(leg);
    Ok(answer)
}

async fn faults(State(app): State<App>, Query(q): Query<FaultQuery>) -> Json<Value> {
    app.media.set_faults_all(Faults {
        sending: q.sending,
        drop_percent: q.drop_percent,
        blackhole: q.blackhole,
    });
    legs(State(app)).await
}

async fn legs(State(app): State<App>) -> Json<Value> {
    let legs: Vec<Value> = app
        .media
        .legs()
        .into_iter()
        .map(|leg| {
            json!({
                "id": leg.id.to_string(),
                "state": format!("{:?}", leg.state),
                "packetsSent": leg.stats.packets_sent,
                "packetsDropped": leg.stats.packets_dropped,
                "packetsReceived": leg.stats.packets_received,
                "framesEchoed": leg.stats.frames_echoed,
                "framesSilence": leg.stats.frames_silence,
                "rttMs": leg.stats.rtt.map(|d| d.as_secs_f64() * 1000.0),
                "remotePacketsLost": leg.stats.remote_packets_lost,
            })
        })
        .collect();
    Json(json!(legs))
}

async fn close(State(app): State<App>) -> Json<Value> {
    let legs: Vec<MediaLeg> = std::mem::take(&mut *app.legs.lock().expect("legs"));
    for leg in legs {
        leg.close().await;
    }
    Json(json!({"legs": app.media.leg_count()}))
}

const PAGE: &str = r#"<!doctype html>
<meta charset="utf-8">
<title>media smoke</title>
<audio id="customer" autoplay></audio>
<script>
window.startLeg = async function () {
  const pc = new RTCPeerConnection();
  window.pc = pc;
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of mic.getTracks()) pc.addTrack(track, mic);
  pc.ontrack = (e) => { document.getElementById('customer').srcObject = e.streams[0] || new MediaStream([e.track]); };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((done) => {
    if (pc.iceGatheringState === 'complete') return done();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
    setTimeout(done, 2000);
  });
  const reply = await fetch('/offer', { method: 'POST', body: pc.localDescription.sdp });
  const text = await reply.text();
  if (!reply.ok) throw new Error('offer refused: ' + text);
  await pc.setRemoteDescription({ type: 'answer', sdp: text });
  return { offer: pc.localDescription.sdp, answer: text };
};
window.snapshot = async function () {
  const out = { ice: pc.iceConnectionState, conn: pc.connectionState };
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      out.inbound = { packetsReceived: r.packetsReceived, packetsLost: r.packetsLost, jitter: r.jitter,
        totalSamplesReceived: r.totalSamplesReceived, concealedSamples: r.concealedSamples,
        audioLevel: r.audioLevel, codecId: r.codecId };
    } else if (r.type === 'remote-inbound-rtp' && r.kind === 'audio') {
      out.remoteInbound = { roundTripTime: r.roundTripTime, packetsLost: r.packetsLost,
        fractionLost: r.fractionLost, jitter: r.jitter };
    } else if (r.type === 'outbound-rtp' && r.kind === 'audio') {
      out.outbound = { packetsSent: r.packetsSent };
    } else if (r.type === 'codec') {
      (out.codecs = out.codecs || {})[r.id] = r.mimeType;
    }
  });
  if (out.inbound && out.codecs) out.inbound.codec = out.codecs[out.inbound.codecId];
  delete out.codecs;
  return out;
};
</script>
"#;
