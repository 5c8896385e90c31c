//! `preflight(options)`'s wasm side, on the client's [`Shell`]: the engine reads the checked
//! options and the run starts; the JS layer (js/face.js) hands it the socket's replies and pongs and the
//! page's cancel. Methods on the shell rather than a class of their own: no second class's glue.

use wasm_bindgen::prelude::*;

use super::Shell;
use crate::web::preflight::Run;
use agentdesk_core::preflight::{Preflight, PreflightOptions};

#[wasm_bindgen]
impl Shell {
    /// Starts a preflight of these options (the JS layer checked them and filled the
    /// defaults) reporting to `run`; false when the engine cannot read the base URL. A run still
    /// going is cancelled first (the JS layer allows one at a time).
    #[allow(clippy::too_many_arguments)]
    pub fn preflight(
        &self,
        run: JsValue,
        base_url: String,
        tenant_id: String,
        agent_no: String,
        session_key: String,
        pings: u32,
        echo_ms: u32,
        input: Option<String>,
    ) -> bool {
        let options = PreflightOptions {
            base_url,
            tenant_id,
            agent_no,
            session_key,
            pings,
            echo_ms: echo_ms.into(),
            input,
        };
        let Some(engine) = Preflight::new(options, env!("CARGO_PKG_VERSION")) else {
            return false;
        };
        let fresh = Run::new(run, engine);
        let old = self.preflight.replace(Some(fresh.clone()));
        drop(old);
        fresh.input(None, Preflight::start);
        true
    }

    /// A frame of the preflight's socket, arrived at `at`: a pong echoing `n` (`pong` true), or
    /// the reply to request `n`.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = preflightFrame)]
    pub fn preflight_frame(
        &self,
        at: f64,
        pong: bool,
        n: f64,
        code: f64,
        error_code: Option<String>,
        message: Option<String>,
        sdp: Option<String>,
    ) {
        let Some(run) = self.preflight.borrow().clone() else {
            return;
        };
        run.input(Some(at), |e, now| {
            if pong {
                e.handle_pong(now, n as u64);
            } else {
                let message = message.as_deref().unwrap_or_default();
                e.handle_reply(
                    now,
                    n as u64,
                    code as i64,
                    error_code.as_deref(),
                    message,
                    sdp.as_deref(),
                );
            }
        });
    }

    /// The page cancelled the preflight (its `AbortSignal`, or the client was destroyed).
    #[wasm_bindgen(js_name = preflightCancel)]
    pub fn preflight_cancel(&self) {
        let run = self.preflight.borrow_mut().take();
        if let Some(run) = run {
            run.input(None, Preflight::cancel);
        }
    }
}
