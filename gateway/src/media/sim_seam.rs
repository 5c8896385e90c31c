//! The str0m media behind the simulator's seam (`sim::MediaLegs`): `sipLink` opens the agent's
//! leg, the SIP session's end closes it, and a leg that ends by itself (ICE or DTLS lost, the
//! browser gone) is reported so the simulator emits `sipDisconnected` (docs/flows.md §8).

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::agents::AgentLegs;
use super::echo::EchoLegs;
use super::leg::EndReason;
use super::MediaError;
use super::{Faults, MediaConfig, MediaServer};
use crate::sim::media_legs::{
    MediaLegError, MediaLegs, MediaOpen, MediaRelink, RelinkError, SoftphoneLeg,
};

/// Legs that ended without being closed, waiting for the simulator. Bounded: a burst beyond it
/// means the simulator is stuck, and losing one report is better than growing without limit.
const ENDED_QUEUE: usize = 256;

/// Real softphone media for the simulator.
#[derive(Debug)]
pub struct StrMedia {
    legs: Arc<AgentLegs>,
    /// The preflight's echo legs (`echoTest`), on the same server.
    echoes: EchoLegs,
    ended_tx: mpsc::Sender<(SoftphoneLeg, String)>,
    ended_rx: Mutex<Option<mpsc::Receiver<(SoftphoneLeg, String)>>>,
}

impl StrMedia {
    /// Media legs on loopback with these limits.
    pub fn new(config: MediaConfig) -> Self {
        let (ended_tx, ended_rx) = mpsc::channel(ENDED_QUEUE);
        Self {
            legs: Arc::new(AgentLegs::new(MediaServer::new(config))),
            echoes: EchoLegs::default(),
            ended_tx,
            ended_rx: Mutex::new(Some(ended_rx)),
        }
    }
}

fn reason_text(reason: &EndReason) -> String {
    let text = format!("{reason:?}");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "mediaLost".to_owned(),
    }
}

impl MediaLegs for StrMedia {
    fn open<'a>(&'a self, leg: &'a SoftphoneLeg, offer: &'a str) -> MediaOpen<'a> {
        Box::pin(async move {
            let (answer, mut watch) = self
                .legs
                .link(&leg.tenant_id, &leg.agent_no, offer)
                .map_err(|e| MediaLegError(format!("the softphone's offer was refused: {e}")))?;
            let (tx, leg) = (self.ended_tx.clone(), leg.clone());
            tokio::spawn(async move {
                let reason = watch.ended().await;
                if reason != EndReason::Closed {
                    let _ = tx.try_send((leg, reason_text(&reason)));
                }
            });
            Ok(Some(answer))
        })
    }

    fn open_echo<'a>(
        &'a self,
        leg: &'a SoftphoneLeg,
        offer: &'a str,
        duration: std::time::Duration,
    ) -> MediaOpen<'a> {
        Box::pin(async move {
            self.echoes
                .open(
                    self.legs.server(),
                    &leg.tenant_id,
                    &leg.agent_no,
                    offer,
                    duration,
                )
                .map(Some)
                .map_err(|e| MediaLegError(format!("the echo test was refused: {e}")))
        })
    }

    fn relink<'a>(&'a self, leg: &'a SoftphoneLeg, offer: &'a str) -> MediaRelink<'a> {
        let started = self.legs.relink(&leg.tenant_id, &leg.agent_no, offer);
        Box::pin(async move {
            let answer = started.map_err(relink_error)?;
            answer.await.map_err(relink_error)
        })
    }

    fn close(&self, leg: &SoftphoneLeg) {
        self.legs.unlink(&leg.tenant_id, &leg.agent_no);
    }

    fn add_candidate(&self, leg: &SoftphoneLeg, candidate: &str) -> Result<(), MediaLegError> {
        self.legs
            .add_candidate(&leg.tenant_id, &leg.agent_no, candidate)
            .map_err(|e| MediaLegError(e.to_string()))
    }

    fn take_ended(&self) -> Option<mpsc::Receiver<(SoftphoneLeg, String)>> {
        self.ended_rx
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    fn set_faults(
        &self,
        tenant: Option<&str>,
        agent_no: Option<&str>,
        sending: Option<bool>,
        drop_percent: Option<u8>,
        blackhole: Option<bool>,
    ) -> Result<Value, String> {
        let faults = Faults {
            sending,
            drop_percent,
            blackhole,
        };
        if tenant.is_some() || agent_no.is_some() {
            self.echoes.set_faults(tenant, agent_no, faults);
        }
        let reached = self.legs.set_faults(tenant, agent_no, faults);
        let legs: Vec<Value> = reached
            .iter()
            .map(|l| {
                json!({
                    "tenantId": l.tenant,
                    "agentNo": l.agent_no,
                    "leg": l.leg.id.to_string(),
                    "state": format!("{:?}", l.leg.state),
                    // The gateway's own counts: what it heard from the browser and sent it.
                    "packetsReceived": l.leg.stats.packets_received,
                    "packetsSent": l.leg.stats.packets_sent,
                })
            })
            .collect();
        Ok(json!({ "legs": legs }))
    }
}

/// The reply's `errorCode` for a re-offer the leg could not answer.
fn relink_error(e: MediaError) -> RelinkError {
    let code = match e {
        MediaError::RelinkInFlight => "IN_PROGRESS",
        MediaError::NoLeg(_) | MediaError::LegEnded => "INVALID_STATE",
        MediaError::OfferTooLarge { .. }
        | MediaError::BadOffer(_)
        | MediaError::Refused(_)
        | MediaError::NoAudio
        | MediaError::Candidate(_) => "BAD_REQUEST",
        MediaError::TooManyLegs { .. } | MediaError::Bind(_) | MediaError::NoRuntime => {
            "MEDIA_FAILED"
        }
    };
    RelinkError {
        code,
        message: format!("`sipRelink`: {e}"),
    }
}
