//! Audio devices during a call (issue 15 item 4; docs/protocol.md §10 "Audio devices"): the
//! page's `setInputDevice` / `setOutputDevice`, the browser's device list as it changes, and the
//! microphone in use vanishing mid-call, which switches the leg to the default input without
//! renegotiating (the shell's `replaceTrack`). The shell carries out each switch and reports;
//! every decision and every Promise is settled here.

use super::{Engine, Output, Ticket};
use crate::json::ObjectWriter;
use crate::media::devices::{
    AudioDevice, DeviceEvent, DeviceEventBody, DeviceJob, DeviceList, InputReason, AUDIO_DEVICES,
    AUDIO_INPUT_CHANGED, AUDIO_OUTPUT_CHANGED, MAX_DEVICE_ID_BYTES,
};
use crate::media::{Leg, MediaAction};
use crate::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use crate::session::Event;
use crate::text;
use crate::time::Time;

/// The Promise-returning device methods, as the face names them.
const SET_INPUT: &str = "setInputDevice";
const SET_OUTPUT: &str = "setOutputDevice";

/// Why `setOutputDevice` could not be carried out by the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkFailure<'a> {
    /// The browser has no `HTMLMediaElement.setSinkId`.
    Unsupported,
    /// `setSinkId` refused (no such device, no permission).
    Failed(&'a str),
}

impl Engine {
    /// `setInputDevice(deviceId)`: during a call the leg's microphone is switched now; without a
    /// call the choice is kept for the next one.
    pub fn handle_set_input_device(&mut self, _now: Time, ticket: Ticket, device_id: &str) {
        if let Err(refusal) = self.check_device(SET_INPUT, device_id, true) {
            return self.settle_device(ticket, refusal);
        }
        if self.devices.switching.is_some() {
            let message = "setInputDevice(): a microphone switch is already under way";
            return self.settle_device(
                ticket,
                SdkResponse::fail(SET_INPUT, ErrorCode::InProgress, message),
            );
        }
        match &self.leg {
            None => {
                self.devices.input = Some(device_id.to_owned());
                self.settle_device(ticket, ok(SET_INPUT, device_id));
            }
            Some(Leg::Up(_)) if self.devices.in_use.as_deref() == Some(device_id) => {
                self.devices.input = Some(device_id.to_owned());
                self.settle_device(ticket, ok(SET_INPUT, device_id));
            }
            Some(Leg::Up(_)) => {
                self.devices.switching = Some(DeviceJob {
                    ticket: Some(ticket),
                    reason: InputReason::Requested,
                });
                let action = MediaAction::SwitchInput(Some(device_id.to_owned()));
                self.out.push_back(Output::Media(action));
            }
            Some(_) => {
                let message =
                    "setInputDevice(): the softphone is connecting; try again once the call is up";
                self.settle_device(
                    ticket,
                    SdkResponse::fail(SET_INPUT, ErrorCode::InvalidState, message),
                );
            }
        }
    }

    /// `setOutputDevice(deviceId)`: during a call the far end plays there now (or as soon as
    /// its audio starts); without a call the choice is kept for the next one.
    pub fn handle_set_output_device(&mut self, _now: Time, ticket: Ticket, device_id: &str) {
        if let Err(refusal) = self.check_device(SET_OUTPUT, device_id, false) {
            return self.settle_device(ticket, refusal);
        }
        if self.devices.sinking.is_some() {
            let message = "setOutputDevice(): an output change is already under way";
            return self.settle_device(
                ticket,
                SdkResponse::fail(SET_OUTPUT, ErrorCode::InProgress, message),
            );
        }
        if self.leg.is_none() {
            self.devices.output = Some(device_id.to_owned());
            return self.settle_device(ticket, ok(SET_OUTPUT, device_id));
        }
        self.devices.sinking = Some(DeviceJob {
            ticket: Some(ticket),
            reason: InputReason::Requested,
        });
        let action = MediaAction::SetOutput(device_id.to_owned());
        self.out.push_back(Output::Media(action));
    }

    /// The browser's audio devices, at start and after every `devicechange`. A changed list is
    /// `audioDevices`; a call whose microphone is no longer listed switches to the default
    /// input, and a chosen output that vanished is forgotten (the browser falls back to the
    /// default output itself).
    pub fn handle_devices(&mut self, _now: Time, list: DeviceList) {
        if self.devices.list.as_ref() == Some(&list) {
            return;
        }
        if let Some(chosen) = &self.devices.output {
            if !list.outputs.is_empty() && list.output(chosen).is_none() {
                self.devices.output = None;
            }
        }
        if let Some(chosen) = &self.devices.input {
            if list.input(chosen).is_none() {
                self.devices.input = None;
            }
        }
        let lost = matches!(self.leg, Some(Leg::Up(_)))
            && self.devices.switching.is_none()
            && self
                .devices
                .in_use
                .as_deref()
                .is_some_and(|id| list.input(id).is_none());
        self.devices.list = Some(list.clone());
        self.emit_device(AUDIO_DEVICES, DeviceEventBody::List(list));
        if lost {
            self.devices.switching = Some(DeviceJob {
                ticket: None,
                reason: InputReason::DeviceLost,
            });
            self.out
                .push_back(Output::Media(MediaAction::SwitchInput(None)));
        }
    }

    /// The leg's microphone is open: this is the device it sends from.
    pub fn handle_microphone_opened(&mut self, _now: Time, device_id: &str) {
        if self.leg.is_some() {
            self.devices.in_use = Some(device_id.to_owned());
        }
    }

    /// The shell switched the leg's microphone (`Ok`, the device now in use) or could not (the
    /// old track stays on the sender).
    pub fn handle_input_switched(&mut self, _now: Time, result: Result<AudioDevice, &str>) {
        let Some(job) = self.devices.switching.take() else {
            return;
        };
        match result {
            Ok(device) => {
                self.devices.in_use = Some(device.device_id.clone());
                if job.reason == InputReason::Requested {
                    self.devices.input = Some(device.device_id.clone());
                }
                let id = device.device_id.clone();
                self.emit_device(
                    AUDIO_INPUT_CHANGED,
                    DeviceEventBody::Input {
                        device_id: device.device_id,
                        label: device.label,
                        reason: job.reason,
                    },
                );
                if let Some(ticket) = job.ticket {
                    self.settle_device(ticket, ok(SET_INPUT, &id));
                }
            }
            Err(reason) => {
                let message = text!("the microphone could not be switched: ", reason);
                match job.ticket {
                    Some(ticket) => self.settle_device(
                        ticket,
                        SdkResponse::fail(SET_INPUT, ErrorCode::MediaFailed, message),
                    ),
                    // Nobody asked: the page hears of it, and the call goes on as it is.
                    None => self.emit(Event::Error(SdkErrorEvent::new(
                        ErrorCode::MediaFailed.as_str(),
                        text!(
                            "the microphone in use disappeared and the default input could not \
                             be opened: ",
                            reason
                        ),
                    ))),
                }
            }
        }
    }

    /// The shell set the far end's output device, or could not.
    pub fn handle_output_set(
        &mut self,
        _now: Time,
        device_id: &str,
        result: Result<(), SinkFailure>,
    ) {
        let Some(job) = self.devices.sinking.take() else {
            return;
        };
        let refusal = match result {
            Ok(()) => {
                self.devices.output = Some(device_id.to_owned());
                self.emit_device(
                    AUDIO_OUTPUT_CHANGED,
                    DeviceEventBody::Output {
                        device_id: device_id.to_owned(),
                    },
                );
                if let Some(ticket) = job.ticket {
                    self.settle_device(ticket, ok(SET_OUTPUT, device_id));
                }
                return;
            }
            Err(SinkFailure::Unsupported) => SdkResponse::fail(
                SET_OUTPUT,
                ErrorCode::NotSupported,
                "setOutputDevice(): this browser cannot choose an audio output (no \
                 HTMLMediaElement.setSinkId); the system's default output plays the call",
            ),
            Err(SinkFailure::Failed(reason)) => SdkResponse::fail(
                SET_OUTPUT,
                ErrorCode::MediaFailed,
                text!("setOutputDevice(): ", reason),
            ),
        };
        match job.ticket {
            Some(ticket) => self.settle_device(ticket, refusal),
            // The kept choice could not be applied to this call: said once, then forgotten.
            None => {
                self.devices.output = None;
                let code = refusal.error_code.clone().unwrap_or_default();
                self.emit(Event::Error(SdkErrorEvent::new(&code, refusal.message)));
            }
        }
    }

    /// The leg is up: a kept output choice applies to it.
    pub(super) fn devices_leg_up(&mut self) {
        if let (Some(output), None) = (&self.devices.output, &self.devices.sinking) {
            let action = MediaAction::SetOutput(output.clone());
            self.devices.sinking = Some(DeviceJob {
                ticket: None,
                reason: InputReason::Requested,
            });
            self.out.push_back(Output::Media(action));
        }
    }

    /// The leg closed: a switch under way settles (the shell's late answer is dropped).
    pub(super) fn devices_leg_closed(&mut self) {
        self.devices.in_use = None;
        let message = "the call ended before the device was switched";
        if let Some(ticket) = self.devices.switching.take().and_then(|j| j.ticket) {
            let refusal = SdkResponse::fail(SET_INPUT, ErrorCode::Disconnected, message);
            self.settle_device(ticket, refusal);
        }
        if let Some(ticket) = self.devices.sinking.take().and_then(|j| j.ticket) {
            let refusal = SdkResponse::fail(SET_OUTPUT, ErrorCode::Disconnected, message);
            self.settle_device(ticket, refusal);
        }
    }

    /// The input the page chose for the next microphone, if any.
    pub(super) fn chosen_input(&self) -> Option<String> {
        self.devices.input.clone()
    }

    /// The device list as last reported, if any.
    pub fn audio_devices(&self) -> Option<&DeviceList> {
        self.devices.list.as_ref()
    }

    fn check_device(&self, action: &str, id: &str, input: bool) -> Result<(), SdkResponse> {
        if id.is_empty() || id.len() > MAX_DEVICE_ID_BYTES {
            let message = text!(
                action,
                "(): deviceId must be a non-empty string of at most ",
                MAX_DEVICE_ID_BYTES,
                " bytes (a MediaDeviceInfo.deviceId)"
            );
            return Err(SdkResponse::fail(action, ErrorCode::BadParams, message));
        }
        // An output list is empty where the browser does not list outputs: `setSinkId` judges.
        let known = match &self.devices.list {
            Some(list) if input => list.input(id).is_some(),
            Some(list) => list.outputs.is_empty() || list.output(id).is_some(),
            None => true,
        };
        if known {
            return Ok(());
        }
        let kind = if input { "audio input" } else { "audio output" };
        let message = text!(action, "(): no ", kind, " with this deviceId is connected");
        Err(SdkResponse::fail(
            action,
            ErrorCode::DeviceNotFound,
            message,
        ))
    }

    /// Settles a device method's Promise (no `<action>Resp` event: these are no commands).
    fn settle_device(&mut self, ticket: Ticket, response: SdkResponse) {
        self.out.push_back(Output::Resolve { ticket, response });
    }

    fn emit_device(&mut self, event_type: &'static str, body: DeviceEventBody) {
        self.emit(Event::Device(DeviceEvent { event_type, body }));
    }
}

fn ok(action: &str, device_id: &str) -> SdkResponse {
    let data = ObjectWriter::new().str("deviceId", device_id).finish_json();
    SdkResponse::ok(action, Some(data))
}
