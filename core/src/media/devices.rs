//! Audio devices as the engine sees them (issue 15 item 4): the lists the browser reports, the
//! page's choices, and the events the page hears. The shell enumerates devices, opens
//! microphones and sets sinks; the engine decides what a change means for the call.

use serde::Serialize;

use crate::session::Ticket;

/// `audioDevices`: the list of audio devices changed (a headset plugged or unplugged).
pub const AUDIO_DEVICES: &str = "audioDevices";
/// `audioInputChanged`: the call's microphone changed (asked for, or the one in use vanished).
pub const AUDIO_INPUT_CHANGED: &str = "audioInputChanged";
/// `audioOutputChanged`: the call's audio now plays on another output device.
pub const AUDIO_OUTPUT_CHANGED: &str = "audioOutputChanged";

/// Longest device id the SDK accepts from a page. Browsers' ids are 64 hex characters (Chrome)
/// or a 44-character base64 hash (Firefox); 256 leaves room without letting a page hand the
/// engine megabytes.
pub const MAX_DEVICE_ID_BYTES: usize = 256;

/// One audio device as `enumerateDevices()` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioDevice {
    /// The browser's id for it (stable per origin); `"default"` is the system default where the
    /// browser lists one (Chrome).
    pub device_id: String,
    /// Its name; empty until the page has had microphone permission.
    pub label: String,
}

/// The audio devices, inputs and outputs. Outputs are empty where the browser does not list
/// them (Firefox without `setSinkId` permission).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceList {
    /// Microphones.
    pub inputs: Vec<AudioDevice>,
    /// Speakers and headsets.
    pub outputs: Vec<AudioDevice>,
}

impl DeviceList {
    /// The input with this id.
    pub fn input(&self, id: &str) -> Option<&AudioDevice> {
        self.inputs.iter().find(|d| d.device_id == id)
    }

    /// The output with this id.
    pub fn output(&self, id: &str) -> Option<&AudioDevice> {
        self.outputs.iter().find(|d| d.device_id == id)
    }
}

/// Why the call's microphone changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InputReason {
    /// `setInputDevice()`.
    Requested,
    /// The microphone in use disappeared; the SDK switched to the default input.
    DeviceLost,
}

impl InputReason {
    /// `audioInputChanged.reason` as the page reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::DeviceLost => "deviceLost",
        }
    }
}

/// An audio-device event for listeners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceEvent {
    /// [`AUDIO_DEVICES`], [`AUDIO_INPUT_CHANGED`] or [`AUDIO_OUTPUT_CHANGED`].
    pub event_type: &'static str,
    /// What it says.
    #[serde(flatten)]
    pub body: DeviceEventBody,
}

/// The payload of a [`DeviceEvent`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum DeviceEventBody {
    /// `audioDevices`: the whole list.
    List(DeviceList),
    /// `audioInputChanged`.
    #[serde(rename_all = "camelCase")]
    Input {
        /// The microphone now in use.
        device_id: String,
        /// Its name.
        label: String,
        /// Why it changed.
        reason: InputReason,
    },
    /// `audioOutputChanged`.
    #[serde(rename_all = "camelCase")]
    Output {
        /// The output device the call now plays on.
        device_id: String,
    },
}

/// A microphone switch or a sink change the shell is carrying out, and who waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceJob {
    /// The `setInputDevice()`/`setOutputDevice()` Promise, if a page call started it.
    pub ticket: Option<Ticket>,
    /// Why (inputs only).
    pub reason: InputReason,
}

/// The engine's audio-device state, for the life of the client (choices outlive calls).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Devices {
    /// The list as last reported by the shell.
    pub list: Option<DeviceList>,
    /// The input the page chose (`setInputDevice`); `None` is the browser's default.
    pub input: Option<String>,
    /// The output the page chose (`setOutputDevice`); `None` is the browser's default.
    pub output: Option<String>,
    /// The device id of the microphone the leg is sending from, as the shell reported it.
    pub in_use: Option<String>,
    /// A microphone switch under way.
    pub switching: Option<DeviceJob>,
    /// A sink change under way.
    pub sinking: Option<DeviceJob>,
}
