//! The softphone legs of one client — the agentdesk protocol's (`sipLink`) and a Voki call
//! channel's (`softphone()`, feature `dialects`) — as the engine's [`MediaAction`]s drive them: each action's
//! async steps (microphone, offer, answer, stats) run on the browser's task queue and report back
//! to the leg's owner, which feeds the engine — unless the leg has been closed or replaced since
//! (every leg has an id; late results of an old one are dropped).

use std::rc::Weak;

use super::describe;
use super::devices::{self, SinkError};
use super::softphone::{self, Softphone};
use agentdesk_core::media::devices::AudioDevice;
use agentdesk_core::media::MediaAction;
use agentdesk_core::quality::StatsSnapshot;

/// What an async step of a leg reports to its owner.
pub(crate) enum LegReport {
    /// The ICE connection state changed.
    Ice(String),
    /// The complete offer SDP, or why there is none.
    Offer(Result<String, String>),
    /// The answer could not be applied.
    AnswerFailed(String),
    /// A `getStats()` snapshot, or `None` when it failed this time.
    Stats(Option<StatsSnapshot>),
    /// The leg's microphone is open: the device it sends from.
    Microphone(String),
    /// The microphone was switched (`MediaAction::SwitchInput`), or why not.
    InputSwitched(Result<AudioDevice, String>),
    /// The far end's output device was set (`MediaAction::SetOutput`: the device), or why not.
    OutputSet(String, Result<(), SinkError>),
}

/// The client that owns the legs: where their results go.
pub(crate) trait LegOwner: 'static {
    /// The legs, if the owner can lend them now (not while its engine is borrowed).
    fn with_legs(&self, f: &mut dyn FnMut(&mut Legs));
    /// Leg `id`'s result, for the engine; the owner drops it if `id` is no longer current.
    fn report(&self, id: u64, report: LegReport);
}

/// The current leg of a client, and how many were opened (their ids).
#[derive(Default)]
pub(crate) struct Legs {
    current: Option<Softphone>,
    opened: u64,
}

impl Legs {
    /// True when `id` is the leg in place.
    pub(crate) fn is_current(&self, id: u64) -> bool {
        self.current.as_ref().is_some_and(|p| p.id == id)
    }

    /// Acts on `action`; an error means the leg could not even be created (report it to the
    /// engine as a media failure at once).
    pub(crate) fn act<O: LegOwner>(
        &mut self,
        owner: &Weak<O>,
        action: MediaAction,
    ) -> Result<(), String> {
        // One copy of the legs' async steps for every owner (the client, the preflight): the
        // owner is called through `dyn`, not monomorphized per owner type.
        let owner: Weak<dyn LegOwner> = owner.clone();
        self.act_on(&owner, action)
    }

    fn act_on(&mut self, owner: &Weak<dyn LegOwner>, action: MediaAction) -> Result<(), String> {
        match action {
            MediaAction::Open { input } => self.open(owner, input),
            MediaAction::ApplyAnswer(sdp) => {
                self.apply_answer(owner, sdp);
                Ok(())
            }
            MediaAction::PollStats => {
                self.poll_stats(owner);
                Ok(())
            }
            MediaAction::RestartIce => {
                self.restart_ice(owner);
                Ok(())
            }
            MediaAction::Close => {
                self.current = None;
                Ok(())
            }
            MediaAction::SwitchInput(device) => {
                self.switch_input(owner, device);
                Ok(())
            }
            MediaAction::SetOutput(device) => {
                self.set_output(owner, device);
                Ok(())
            }
        }
    }

    /// Hands `microphone` to leg `id` (which stops the one it held); false if that leg is gone
    /// (the caller then stops it).
    fn keep(owner: &dyn LegOwner, id: u64, microphone: &web_sys::MediaStream) -> bool {
        let mut kept = false;
        owner.with_legs(&mut |legs| {
            if let Some(phone) = legs.current.as_mut().filter(|p| p.id == id) {
                // `Clone::clone`, the handle: `MediaStream` has its own `clone()`, which would
                // capture the microphone a second time and leave the original running.
                phone.hold_microphone(Clone::clone(microphone));
                kept = true;
            }
        });
        kept
    }

    fn open(&mut self, owner: &Weak<dyn LegOwner>, input: Option<String>) -> Result<(), String> {
        self.opened += 1;
        let id = self.opened;
        let on_ice = {
            let owner = owner.clone();
            move |state: String| {
                if let Some(o) = owner.upgrade() {
                    o.report(id, LegReport::Ice(state));
                }
            }
        };
        let phone = Softphone::new(id, on_ice).map_err(|e| describe(&e))?;
        let pc = phone.connection();
        self.current = Some(phone);
        let owner = owner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let offer = match softphone::open_microphone(input.as_deref()).await {
                Ok(microphone) => {
                    let Some(o) = owner
                        .upgrade()
                        .filter(|o| Self::keep(&**o, id, &microphone))
                    else {
                        return softphone::stop_tracks(&microphone);
                    };
                    let device = devices::device_of(&microphone).device_id;
                    o.report(id, LegReport::Microphone(device));
                    drop(o);
                    softphone::create_offer(&pc, Some(&microphone)).await
                }
                Err(e) => Err(e),
            };
            if let Some(o) = owner.upgrade() {
                o.report(id, LegReport::Offer(offer));
            }
        });
        Ok(())
    }

    fn apply_answer(&self, owner: &Weak<dyn LegOwner>, sdp: String) {
        let Some(phone) = &self.current else { return };
        let (id, pc, owner) = (phone.id, phone.connection(), owner.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let applied = softphone::apply_answer(&pc, &sdp).await;
            let Some(o) = owner.upgrade() else { return };
            match applied {
                Ok(()) => {
                    o.with_legs(&mut |legs| {
                        if let Some(phone) = legs.current.as_mut().filter(|p| p.id == id) {
                            phone.play_remote();
                        }
                    });
                    // ICE already working: after a restart's answer an old path that still
                    // works may never change the state, so no change event would say so. Any
                    // other state is the one from before the answer (Firefox keeps `failed`
                    // until its new checks run) and says nothing of the new path.
                    let ice = softphone::ice_state(&pc);
                    if matches!(ice.as_str(), "connected" | "completed") {
                        o.report(id, LegReport::Ice(ice));
                    }
                }
                Err(e) => o.report(id, LegReport::AnswerFailed(e)),
            }
        });
    }

    /// ICE restart: the leg's re-offer with new ICE credentials, gathered.
    fn restart_ice(&self, owner: &Weak<dyn LegOwner>) {
        let Some(phone) = &self.current else { return };
        let (id, pc, owner) = (phone.id, phone.connection(), owner.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let offer = softphone::create_offer(&pc, None).await;
            if let Some(o) = owner.upgrade() {
                o.report(id, LegReport::Offer(offer));
            }
        });
    }

    /// Opens another microphone and puts it on the leg's sender (src/web/devices.rs).
    fn switch_input(&self, owner: &Weak<dyn LegOwner>, device: Option<String>) {
        let Some(phone) = &self.current else {
            return;
        };
        let (id, pc, owner) = (phone.id, phone.connection(), owner.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let switched = devices::switch_input(&pc, device.as_deref()).await;
            let o = owner.upgrade();
            let result = match switched {
                Ok(stream) => match &o {
                    Some(o) if Self::keep(&**o, id, &stream) => Ok(devices::device_of(&stream)),
                    _ => return softphone::stop_tracks(&stream),
                },
                Err(e) => Err(e),
            };
            if let Some(o) = o {
                o.report(id, LegReport::InputSwitched(result));
            }
        });
    }

    /// Plays the far end on another output device (`setSinkId`).
    fn set_output(&self, owner: &Weak<dyn LegOwner>, device: String) {
        let Some(phone) = &self.current else {
            return;
        };
        let (id, speaker, owner) = (phone.id, phone.speaker(), owner.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let set = devices::set_sink(&speaker, &device).await;
            if let Some(o) = owner.upgrade() {
                o.report(id, LegReport::OutputSet(device, set));
            }
        });
    }

    fn poll_stats(&self, owner: &Weak<dyn LegOwner>) {
        let Some(phone) = &self.current else { return };
        let (id, pc, owner) = (phone.id, phone.connection(), owner.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let snapshot = softphone::read_stats(&pc).await.ok();
            if let Some(o) = owner.upgrade() {
                o.report(id, LegReport::Stats(snapshot));
            }
        });
    }

    /// Adds a remote ICE candidate (its JSON text, `RTCIceCandidateInit`) to the current leg.
    /// A candidate the browser refuses is dropped: the answer's SDP carries the same ones.
    /// (The agentdesk protocol's answer is complete; only Voki trickles.)
    #[cfg(feature = "dialects")]
    pub(crate) fn add_candidate(&self, candidate: &str) {
        use js_sys::{Function, Promise, Reflect};
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_futures::JsFuture;

        let Some(phone) = &self.current else { return };
        let pc: JsValue = phone.connection().into();
        let Ok(init) = js_sys::JSON::parse(candidate) else {
            return;
        };
        let add = Reflect::get(&pc, &"addIceCandidate".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let Some(promise) = add.and_then(|f| f.call1(&pc, &init).ok()) else {
            return;
        };
        if let Ok(promise) = promise.dyn_into::<Promise>() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }
}
