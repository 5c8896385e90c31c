//! Shared tabs (issue 15.3; js/tabs.js): what the leader tab publishes so another tab can resume
//! its session, and the takeover. The engine's side is core session/tabs.rs.

use wasm_bindgen::prelude::*;

use super::Shell;
use agentdesk_core::session::Handover;

#[wasm_bindgen]
impl Shell {
    /// What another tab needs to resume this session: `[tenantId, agentNo, sessionKey,
    /// endpointType, endpoint, sessionId, lastEventId, flags, candidate?]` (flags: 1 supervisor,
    /// 2 held, 4 muted), or undefined when no agent is logged in.
    pub fn handover(&self) -> JsValue {
        let Some(h) = self.inner.handover() else {
            return JsValue::UNDEFINED;
        };
        let flags = u32::from(h.supervisor) | u32::from(h.held) << 1 | u32::from(h.muted) << 2;
        let p = h.params;
        let out = js_sys::Array::new();
        for v in [
            JsValue::from(p.tenant_id),
            p.agent_no.into(),
            p.session_key.into(),
            (p.bind_endpoint.endpoint_type as f64).into(),
            p.bind_endpoint.endpoint.into(),
            h.session_id.into(),
            (h.last_event_id as f64).into(),
            flags.into(),
            h.candidate.map_or(JsValue::UNDEFINED, JsValue::from),
        ] {
            out.push(&v);
        }
        out.into()
    }

    /// Readies a takeover of the session [`Self::handover`] described in another tab: the
    /// status of its agent follows as an `agentStatus` (js/catalog.js `TRACK`), which starts it
    /// (`Shell::handle_event`).
    #[allow(clippy::too_many_arguments)]
    pub fn adopt(
        &self,
        tenant_id: String,
        agent_no: String,
        session_key: String,
        endpoint_type: f64,
        endpoint: String,
        session_id: String,
        last_event_id: f64,
        flags: u32,
        candidate: Option<String>,
    ) {
        let params = super::login_params!(
            tenant_id,
            agent_no,
            session_key,
            endpoint_type,
            endpoint,
            None,
            None
        );
        *self.adopting.borrow_mut() = Some(Handover {
            params,
            candidate,
            session_id,
            last_event_id: last_event_id as u64,
            supervisor: flags & 1 != 0,
            held: flags & 2 != 0,
            muted: flags & 4 != 0,
        });
    }
}
