//! The browser's audio devices for the softphone (issue 15 item 4): the `devicechange` watch,
//! `enumerateDevices()`, opening a chosen microphone, swapping the leg's outgoing track, and the
//! output device of the far end's audio. What a change means (switch, event, refusal) is the
//! engine's call (core session/devices.rs); this file only carries it out.

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Event, HtmlAudioElement, MediaDevices, MediaStream, MediaStreamConstraints, MediaStreamTrack,
    RtcPeerConnection, RtcRtpSender,
};

use super::softphone::{await_promise, stop_tracks};
use agentdesk_core::media::devices::{AudioDevice, DeviceList};
use agentdesk_core::session::SinkFailure;

/// The page's `navigator.mediaDevices`, where the browser has it (secure contexts only).
pub(crate) fn media_devices() -> Option<MediaDevices> {
    web_sys::window()?.navigator().media_devices().ok()
}

/// The `devicechange` listener of one client. One owner: dropping it removes the listener
/// before the callback is released, so nothing reaches a client that is gone.
pub(crate) struct DeviceWatch {
    devices: MediaDevices,
    on_change: Closure<dyn FnMut(Event)>,
}

impl DeviceWatch {
    /// Calls `changed` on every `devicechange`; `None` where the page has no media devices.
    pub(crate) fn new(changed: impl Fn() + 'static) -> Option<Self> {
        let devices = media_devices()?;
        let on_change = Closure::<dyn FnMut(Event)>::new(move |_| changed());
        devices
            .add_event_listener_with_callback("devicechange", on_change.as_ref().unchecked_ref())
            .ok()?;
        Some(Self { devices, on_change })
    }
}

impl Drop for DeviceWatch {
    fn drop(&mut self) {
        let _ = self.devices.remove_event_listener_with_callback(
            "devicechange",
            self.on_change.as_ref().unchecked_ref(),
        );
    }
}

/// The audio inputs and outputs `enumerateDevices()` lists (cameras left out).
pub(crate) async fn list_devices() -> Result<DeviceList, String> {
    let devices = media_devices().ok_or("no navigator.mediaDevices")?;
    let listed = await_promise(devices.enumerate_devices()).await?;
    let mut list = DeviceList::default();
    for info in js_sys::Array::from(&listed).iter() {
        let text = |name: &str| {
            Reflect::get(&info, &name.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let device = AudioDevice {
            device_id: text("deviceId"),
            label: text("label"),
        };
        // Before any permission browsers list placeholders without an id: nothing to choose.
        if device.device_id.is_empty() {
            continue;
        }
        match text("kind").as_str() {
            "audioinput" => list.inputs.push(device),
            "audiooutput" => list.outputs.push(device),
            _ => {}
        }
    }
    Ok(list)
}

/// Opens a microphone: `Some(id)` exactly that device, `None` the browser's default input.
pub(crate) async fn open_input(device_id: Option<&str>) -> Result<MediaStream, String> {
    let devices = media_devices().ok_or("no navigator.mediaDevices")?;
    let constraints = MediaStreamConstraints::new();
    match device_id {
        Some(id) => {
            let exact = Object::new();
            let wanted = Object::new();
            Reflect::set(&exact, &"exact".into(), &id.into()).map_err(|e| super::describe(&e))?;
            Reflect::set(&wanted, &"deviceId".into(), &exact).map_err(|e| super::describe(&e))?;
            constraints.set_audio(&wanted);
        }
        None => constraints.set_audio(&JsValue::TRUE),
    }
    let stream = await_promise(devices.get_user_media_with_constraints(&constraints)).await?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| "getUserMedia returned no stream".to_owned())
}

/// The device a stream's first audio track comes from (`getSettings().deviceId`, its label).
pub(crate) fn device_of(stream: &MediaStream) -> AudioDevice {
    let track = first_audio_track(stream);
    let settings = track
        .as_ref()
        .and_then(|t| Reflect::get(t, &"getSettings".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| track.as_ref().and_then(|t| f.call0(t).ok()));
    let device_id = settings
        .and_then(|s| Reflect::get(&s, &"deviceId".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    AudioDevice {
        device_id,
        label: track.map(|t| t.label()).unwrap_or_default(),
    }
}

fn first_audio_track(stream: &MediaStream) -> Option<MediaStreamTrack> {
    stream.get_audio_tracks().get(0).dyn_into().ok()
}

/// Puts the first audio track of `stream` on the leg's audio sender in place of the old one
/// (`replaceTrack`: no renegotiation, the call goes on). The caller keeps `stream` and stops the
/// old one; on an error it stops `stream`.
pub(crate) async fn replace_input(
    pc: &RtcPeerConnection,
    stream: &MediaStream,
) -> Result<(), String> {
    let track = first_audio_track(stream).ok_or("the new microphone has no audio track")?;
    let sender = pc
        .get_senders()
        .iter()
        .filter_map(|s| s.dyn_into::<RtcRtpSender>().ok())
        .find(|s| s.track().is_none_or(|t| t.kind() == "audio"))
        .ok_or("the call has no audio sender")?;
    await_promise(Ok(sender.replace_track(Some(&track))))
        .await
        .map(|_| ())
}

/// Switches the leg's microphone: opens the new one, puts it on the sender. The new stream on
/// success (the caller holds it and stops the old), else why (nothing left open).
pub(crate) async fn switch_input(
    pc: &RtcPeerConnection,
    device_id: Option<&str>,
) -> Result<MediaStream, String> {
    let stream = open_input(device_id).await?;
    match replace_input(pc, &stream).await {
        Ok(()) => Ok(stream),
        Err(e) => {
            stop_tracks(&stream);
            Err(e)
        }
    }
}

/// Plays `audio` on output `device_id` (`setSinkId`; "" is the default output). Chrome and
/// Firefox (≥ 116) have it; a browser without it gets [`SinkFailure::Unsupported`].
pub(crate) async fn set_sink(audio: &HtmlAudioElement, device_id: &str) -> Result<(), SinkError> {
    let set = Reflect::get(audio, &"setSinkId".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(SinkError::Unsupported)?;
    let promise = set
        .call1(audio, &device_id.into())
        .map_err(|e| SinkError::Failed(super::describe(&e)))?;
    let promise: js_sys::Promise = promise
        .dyn_into()
        .map_err(|_| SinkError::Failed("setSinkId returned no Promise".to_owned()))?;
    await_promise(Ok(promise))
        .await
        .map(|_| ())
        .map_err(SinkError::Failed)
}

/// [`SinkFailure`] with its words owned, for crossing an await.
pub(crate) enum SinkError {
    Unsupported,
    Failed(String),
}

impl SinkError {
    pub(crate) fn as_failure(&self) -> SinkFailure<'_> {
        match self {
            Self::Unsupported => SinkFailure::Unsupported,
            Self::Failed(why) => SinkFailure::Failed(why),
        }
    }
}
