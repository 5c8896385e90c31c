//! What an agent does on a call without changing who is on it (docs/flows.md §3 step 4):
//! `hold` / `unhold`, `mute` / `unmute` (an `agentStatus` each), and the softphone's
//! `sipLink` / `sipUnlink` (docs/flows.md §8, docs/protocol.md §10).

use agentdesk_core::flows::CallAction;
use serde_json::json;

use super::commands::{Ctx, Refusal, SipMedia};
use super::state::{Activity, SimState};
use super::status::{self, action};

impl SimState {
    /// `hold`, `unhold`, `mute`, `unmute`: the same talking status with that stateAction.
    pub(crate) fn talk_action(&mut self, ctx: &Ctx, what: CallAction) -> Result<(), Refusal> {
        let Some(agent) = self.agents.get(&ctx.key) else {
            return Ok(());
        };
        let name = match what {
            CallAction::Hold => action::HOLD,
            CallAction::Unhold => action::UNHOLD,
            CallAction::Mute => action::MUTE,
            _ => action::UNMUTE,
        };
        if !matches!(
            agent.activity,
            Activity::Talking { .. } | Activity::Monitoring(_)
        ) {
            return Err(Refusal::state(what.name(), "it needs a call in progress"));
        }
        let next = status::with_action(&agent.status, name);
        self.ok(ctx, json!({}));
        self.set_status(&ctx.key, next);
        Ok(())
    }

    /// `sipLink`: the SIP session comes up (`sipSessionInit`); a ringing call is answered. The
    /// reply carries the media's answer SDP, `null` without media.
    pub(crate) fn sip_link(&mut self, ctx: &Ctx, media: SipMedia) -> Result<(), Refusal> {
        let answer = match media {
            SipMedia::NoOffer | SipMedia::Answer(None) => None,
            SipMedia::Answer(Some(sdp)) => Some(sdp),
            SipMedia::Failed(e) => return Err(Refusal::new("MEDIA_FAILED", e.0)),
        };
        let ringing = matches!(
            self.agents.get(&ctx.key).map(|a| &a.activity),
            Some(Activity::Ringing { .. })
        );
        self.ok(ctx, json!({ "sdp": answer }));
        self.sip_session_up(&ctx.key);
        if ringing {
            self.answer(&ctx.key);
        }
        Ok(())
    }

    /// `sipUnlink`: the SIP session ends (`sipSessionTerminate {reason:"unlink"}`); the call
    /// goes on. While it still rings (no session yet) it rejects the call, as `hangup` does.
    pub(crate) fn sip_unlink(&mut self, ctx: &Ctx) -> Result<(), Refusal> {
        let (ringing, sip) = match self.agents.get(&ctx.key) {
            Some(a) => (matches!(a.activity, Activity::Ringing { .. }), a.sip),
            None => return Ok(()),
        };
        self.ok(ctx, json!({}));
        if ringing && !sip {
            self.reject(&ctx.key);
        } else {
            self.end_sip_session(&ctx.key, "unlink");
        }
        Ok(())
    }
}
