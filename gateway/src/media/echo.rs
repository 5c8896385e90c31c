//! The preflight's echo legs (`echoTest`, docs/protocol.md §10 "Preflight echo"): a leg whose
//! far end sends back what the browser sends, so the SDK can measure a real WebRTC path before
//! the agent goes live.
//!
//! Open to any authenticated session (a valid session key), logged in to the call center or
//! not, so it is bounded on every side: one echo leg per agent at a time (a second is refused
//! while the first runs), a duration capped at [`MAX_ECHO`], and the server's own leg limit
//! (`MediaConfig::max_legs`) counting echo legs with the softphones'.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::faults::Faults;
use super::leg::{LegId, LegState, MediaLeg};
use super::server::MediaServer;
use super::MediaError;

/// The longest echo test the gateway runs: 30 s. The SDK's preflight asks for a few seconds
/// (5 by default); a longer one is the page's mistake or abuse, and ends here.
pub const MAX_ECHO: Duration = Duration::from_secs(30);

/// Why an echo leg was not opened.
#[derive(Debug, thiserror::Error)]
pub enum EchoError {
    /// This agent's previous echo leg still runs.
    #[error("an echo test is already running for this agent; wait for it to end")]
    Busy,
    /// The offer was refused or no leg could be opened.
    #[error(transparent)]
    Media(#[from] MediaError),
}

/// The echo legs, one per agent (tenant, agent number). Cheap to clone: clones share the legs.
#[derive(Debug, Clone, Default)]
pub struct EchoLegs {
    legs: Arc<Mutex<HashMap<(String, String), MediaLeg>>>,
}

impl EchoLegs {
    fn legs(&self) -> MutexGuard<'_, HashMap<(String, String), MediaLeg>> {
        self.legs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Opens the agent's echo leg on `server` for `offer_sdp` and returns the answer SDP; the
    /// leg ends by itself after `duration` (at most [`MAX_ECHO`]) or when its media is lost.
    pub fn open(
        &self,
        server: &MediaServer,
        tenant: &str,
        agent_no: &str,
        offer_sdp: &str,
        duration: Duration,
    ) -> Result<String, EchoError> {
        let key = (tenant.to_owned(), agent_no.to_owned());
        let mut legs = self.legs();
        if legs
            .get(&key)
            .is_some_and(|leg| !matches!(leg.state(), LegState::Ended(_)))
        {
            return Err(EchoError::Busy);
        }
        let leg = server.open_echo_leg(offer_sdp)?;
        let answer = leg.answer_sdp().to_owned();
        let (id, mut watch) = (leg.id(), leg.watch());
        legs.insert(key.clone(), leg);
        drop(legs);
        let this = self.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(duration.min(MAX_ECHO)) => {}
                _ = watch.ended() => {}
            }
            this.close_if(&key, id);
        });
        Ok(answer)
    }

    /// Ends the agent's echo leg if it is still leg `id` (not a newer one).
    fn close_if(&self, key: &(String, String), id: LegId) {
        let mut legs = self.legs();
        if legs.get(key).is_some_and(|leg| leg.id() == id) {
            // Dropped outside the lock.
            let leg = legs.remove(key);
            drop(legs);
            drop(leg);
        }
    }

    /// The `/control/media` knob for echo legs: with a tenant or agent number, the legs that
    /// match (the all-legs form reaches them through the server).
    pub fn set_faults(&self, tenant: Option<&str>, agent_no: Option<&str>, faults: Faults) {
        for ((t, a), leg) in self.legs().iter() {
            if tenant.is_none_or(|want| want == t) && agent_no.is_none_or(|want| want == a) {
                leg.set_faults(faults);
            }
        }
    }

    /// How many echo legs are open.
    pub fn len(&self) -> usize {
        self.legs().len()
    }

    /// True when no echo leg is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
