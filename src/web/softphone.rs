//! The softphone's peer connection: microphone, offer, answer, remote audio, ICE state and
//! `getStats()` — and nothing else. The engine decides when each happens (`MediaAction`); this
//! file owns the browser handles and releases them all on drop.

use js_sys::{Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Event, HtmlAudioElement, MediaStream, RtcIceGatheringState, RtcOfferOptions, RtcPeerConnection,
    RtcSdpType, RtcSessionDescriptionInit,
};

use agentdesk_core::quality::StatsSnapshot;

/// How long to wait for ICE gathering before sending the offer with what was gathered
/// (docs/protocol.md §10: loopback host candidates come at once).
const GATHER_TIMEOUT_MS: u32 = 2_000;
/// Poll step while waiting for gathering to complete.
const GATHER_POLL_MS: u32 = 20;

/// One peer connection and what it holds.
pub(crate) struct Softphone {
    /// Tells this leg's late async results from a newer leg's.
    pub(crate) id: u64,
    pc: RtcPeerConnection,
    microphone: Option<MediaStream>,
    /// Plays the far end once the answer is applied; made with the leg so that an output device
    /// can be chosen before the audio starts.
    speaker: HtmlAudioElement,
    _on_ice: Closure<dyn FnMut(Event)>,
}

impl Softphone {
    /// A new peer connection; `on_ice_state` gets every ICE connection state change.
    pub(crate) fn new(id: u64, on_ice_state: impl Fn(String) + 'static) -> Result<Self, JsValue> {
        let pc = RtcPeerConnection::new()?;
        let watched = pc.clone();
        let on_ice = Closure::<dyn FnMut(Event)>::new(move |_| on_ice_state(ice_state(&watched)));
        pc.set_oniceconnectionstatechange(Some(on_ice.as_ref().unchecked_ref()));
        let speaker = HtmlAudioElement::new()?;
        speaker.set_autoplay(true);
        Ok(Self {
            id,
            pc,
            microphone: None,
            speaker,
            _on_ice: on_ice,
        })
    }

    /// A handle for async steps; valid until the softphone is dropped (the connection is then
    /// closed and further calls on it fail harmlessly).
    pub(crate) fn connection(&self) -> RtcPeerConnection {
        self.pc.clone()
    }

    /// Keeps the microphone so that dropping the softphone stops it; a microphone it held
    /// before (a switch of input) is stopped now.
    pub(crate) fn hold_microphone(&mut self, stream: MediaStream) {
        if let Some(old) = self.microphone.replace(stream) {
            stop_tracks(&old);
        }
    }

    /// The element that plays the far end (for `setSinkId`).
    pub(crate) fn speaker(&self) -> HtmlAudioElement {
        self.speaker.clone()
    }

    /// Plays what the far end sends, once the answer is applied (an ICE restart's answer keeps
    /// the same tracks, which already play).
    pub(crate) fn play_remote(&mut self) {
        if self.speaker.src_object().is_some() {
            return;
        }
        let receivers = self.pc.get_receivers();
        let Ok(stream) = MediaStream::new() else {
            return;
        };
        for receiver in receivers.iter() {
            if let Ok(track) = Reflect::get(&receiver, &"track".into()) {
                if let Ok(track) = track.dyn_into() {
                    stream.add_track(&track);
                }
            }
        }
        let audio = &self.speaker;
        audio.set_src_object(Some(&stream));
        // Autoplay may be refused until the page has had a user gesture; the call still works
        // (the agent clicked to answer), so a refusal is only logged by the browser.
        if let Ok(promise) = audio.play() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }
}

impl Drop for Softphone {
    fn drop(&mut self) {
        self.pc.set_oniceconnectionstatechange(None);
        self.pc.close();
        if let Some(stream) = self.microphone.take() {
            stop_tracks(&stream);
        }
        let _ = self.speaker.pause();
        self.speaker.set_src_object(None);
    }
}

/// Stops every track of a stream (the microphone light goes off).
pub(crate) fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        // `getTracks()` holds only tracks; no `instanceof` check, which a subclass or another
        // realm's track could fail.
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}

/// `Name: message` of a browser error (`NotAllowedError: Permission denied`), else its words.
fn error_text(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => agentdesk_core::text!(String::from(error.name()), ": ", super::describe(e)),
        None => super::describe(e),
    }
}

pub(crate) async fn await_promise(promise: Result<Promise, JsValue>) -> Result<JsValue, String> {
    JsFuture::from(promise.map_err(|e| error_text(&e))?)
        .await
        .map_err(|e| error_text(&e))
}

/// Opens the microphone (the page's choice, else the default). The stream is returned even if
/// the caller no longer needs it, so the caller can stop it.
pub(crate) async fn open_microphone(input: Option<&str>) -> Result<MediaStream, String> {
    super::devices::open_input(input).await
}

/// The ICE connection state as it stands (`connected`, `failed`, …).
pub(crate) fn ice_state(pc: &RtcPeerConnection) -> String {
    Reflect::get(pc, &"iceConnectionState".into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Adds the microphone, creates the offer and waits for gathering: the complete offer SDP.
/// Without a microphone: the ICE restart's re-offer of the leg that is up (new ICE
/// credentials, the same tracks, DTLS and SRTP).
pub(crate) async fn create_offer(
    pc: &RtcPeerConnection,
    microphone: Option<&MediaStream>,
) -> Result<String, String> {
    let offer = match microphone {
        Some(microphone) => {
            for track in microphone.get_audio_tracks().iter() {
                if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                    pc.add_track_0(&track, microphone);
                }
            }
            pc.create_offer()
        }
        None => {
            let restart = RtcOfferOptions::new();
            restart.set_ice_restart(true);
            pc.create_offer_with_rtc_offer_options(&restart)
        }
    };
    let offer = await_promise(Ok(offer)).await?;
    let offer: RtcSessionDescriptionInit = offer.unchecked_into();
    await_promise(Ok(pc.set_local_description(&offer))).await?;
    let mut waited = 0;
    // Gathered: complete, and with candidates. A restart's re-offer is made while the state still
    // says `complete` from the first gathering (Firefox turns it to `gathering` a few ms later):
    // sent then, it would carry no candidate of the new generation.
    let gathered = |pc: &RtcPeerConnection| {
        pc.ice_gathering_state() == RtcIceGatheringState::Complete
            && pc
                .local_description()
                // A byte window, not `str::contains`, whose two-way searcher costs ~1 KB gz.
                .is_some_and(|d| d.sdp().as_bytes().windows(12).any(|w| w == b"a=candidate:"))
    };
    while !gathered(pc) && waited < GATHER_TIMEOUT_MS {
        gloo_timers::future::TimeoutFuture::new(GATHER_POLL_MS).await;
        waited += GATHER_POLL_MS;
    }
    pc.local_description()
        .map(|d| d.sdp())
        .ok_or_else(|| "no local description after the offer".to_owned())
}

/// Applies the gateway's answer.
pub(crate) async fn apply_answer(pc: &RtcPeerConnection, sdp: &str) -> Result<(), String> {
    let answer = RtcSessionDescriptionInit::new(RtcSdpType::Answer);
    answer.set_sdp(sdp);
    await_promise(Ok(pc.set_remote_description(&answer)))
        .await
        .map(|_| ())
}

/// Reads `getStats()` into the plain snapshot the engine understands (audio only).
pub(crate) async fn read_stats(pc: &RtcPeerConnection) -> Result<StatsSnapshot, String> {
    let report = await_promise(Ok(pc.get_stats())).await?;
    let mut stats: Vec<JsValue> = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&report) {
        for entry in entries.flatten() {
            // A maplike report iterates [id, stats] pairs.
            stats.push(Reflect::get(&entry, &1.into()).unwrap_or(JsValue::UNDEFINED));
        }
    }
    let field = |s: &JsValue, name: &str| {
        Reflect::get(s, &name.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let number = |s: &JsValue, name: &str| {
        field(s, name)
            .and_then(|v| v.as_f64())
            .filter(|n| n.is_finite())
    };
    let text = |s: &JsValue, name: &str| field(s, name).and_then(|v| v.as_string());
    let of_type = |kind: &str| -> Vec<&JsValue> {
        stats
            .iter()
            .filter(|s| text(s, "type").as_deref() == Some(kind))
            .filter(|s| text(s, "kind").is_none_or(|k| k == "audio"))
            .collect()
    };
    let count = |v: Option<f64>| v.map(|n| n.max(0.0) as u64);
    let mut snapshot = StatsSnapshot {
        ice_state: text(&pc.clone().into(), "iceConnectionState").unwrap_or_default(),
        ..StatsSnapshot::default()
    };
    if let Some(out) = of_type("outbound-rtp").first() {
        snapshot.packets_sent = count(number(out, "packetsSent"));
        snapshot.bytes_sent = count(number(out, "bytesSent"));
        snapshot.timestamp = number(out, "timestamp").unwrap_or(snapshot.timestamp);
    }
    let mut codec_id = None;
    if let Some(inbound) = of_type("inbound-rtp").first() {
        snapshot.packets_received = count(number(inbound, "packetsReceived"));
        snapshot.bytes_received = count(number(inbound, "bytesReceived"));
        snapshot.packets_lost = number(inbound, "packetsLost").map(|n| n as i64);
        snapshot.jitter = number(inbound, "jitter");
        snapshot.timestamp = number(inbound, "timestamp").unwrap_or(snapshot.timestamp);
        codec_id = text(inbound, "codecId");
    }
    if let Some(remote) = of_type("remote-inbound-rtp").first() {
        snapshot.round_trip_time = number(remote, "roundTripTime").filter(|rtt| *rtt > 0.0);
        snapshot.fraction_lost = number(remote, "fractionLost");
        snapshot.remote_jitter = number(remote, "jitter");
    }
    let transport = of_type("transport").first().copied();
    if let Some(t) = transport {
        snapshot.dtls_state = text(t, "dtlsState").unwrap_or_default();
    }
    let selected = transport.and_then(|t| text(t, "selectedCandidatePairId"));
    let pair = of_type("candidate-pair")
        .into_iter()
        .find(|p| match &selected {
            Some(id) => text(p, "id").as_deref() == Some(id.as_str()),
            None => {
                field(p, "nominated").and_then(|v| v.as_bool()) == Some(true)
                    && text(p, "state").as_deref() == Some("succeeded")
            }
        });
    if let Some(pair) = pair {
        // Before its first STUN round trip a pair reports 0, which is no measurement.
        snapshot.current_round_trip_time =
            number(pair, "currentRoundTripTime").filter(|rtt| *rtt > 0.0);
        // The path the pair took (`local-candidate` / `remote-candidate` reports by id).
        let kind = |key: &str| {
            let id = text(pair, key)?;
            let candidate = stats
                .iter()
                .find(|s| text(s, "id").as_deref() == Some(&*id))?;
            text(candidate, "candidateType")
        };
        snapshot.local_candidate_type = kind("localCandidateId");
        snapshot.remote_candidate_type = kind("remoteCandidateId");
    }
    if let Some(id) = codec_id {
        let codec = stats
            .iter()
            .find(|s| text(s, "id").as_deref() == Some(id.as_str()));
        snapshot.codec_mime_type = codec.and_then(|c| text(c, "mimeType"));
    }
    Ok(snapshot)
}
