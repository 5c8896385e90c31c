//! `preflight(options)`'s wasm side, on the client's [`Shell`]: the engine reads the checked
//! options and the run starts; the JS layer (js/face.js) hands it the socket's replies and pongs and the
//! page's cancel. Methods on the shell rather than a class of their own: no second class's glue.

use wasm_bindgen::prelude::*;

use super::Shell;
use crate::web::preflight::{Input, Run};
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
        fresh.input(None, Input::Start);
        true
    }

    /// An input of the JS layer's for the preflight, one entry for all (one export's glue):
    /// `kind` 0 the reply to request `n` with its `code` and then, when it is 0, `a` the SDP,
    /// else `a` its errorCode and `b` its message; 1 a pong echoing `n`; 2 the page cancelled
    /// (its `AbortSignal`, or the client was destroyed). A frame arrived at `at`.
    #[wasm_bindgen(js_name = preflightInput)]
    pub fn preflight_input(
        &self,
        at: f64,
        kind: u32,
        n: f64,
        code: f64,
        a: Option<String>,
        b: Option<String>,
    ) {
        if kind == 2 {
            let run = self.preflight.borrow_mut().take();
            if let Some(run) = run {
                run.input(None, Input::Cancel);
            }
            return;
        }
        let Some(run) = self.preflight.borrow().clone() else {
            return;
        };
        let input = if kind == 1 {
            Input::Pong(n as u64)
        } else {
            let (id, code) = (n as u64, code as i64);
            Input::Reply { id, code, a, b }
        };
        run.input(Some(at), input);
    }
}
