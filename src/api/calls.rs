//! The call and supervisor commands on both classes (docs/flows.md): each a one-line hand-off
//! of its name and argument to the client, which parses and guards it in the engine.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::{default_client, AgentClient, AgentSDK};

macro_rules! call_commands {
    ($( $rust:ident => $js:tt ),* $(,)?) => {
        #[wasm_bindgen]
        impl AgentClient {
            $(
                /// A call or supervisor command; see docs/flows.md for its argument and events.
                #[wasm_bindgen(js_name = $js)]
                pub fn $rust(&self, params: JsValue) -> Promise {
                    self.inner.command($js, params)
                }
            )*
        }

        #[wasm_bindgen]
        impl AgentSDK {
            $(
                /// A call or supervisor command on the default client; see docs/flows.md.
                #[wasm_bindgen(js_name = $js)]
                pub fn $rust(params: JsValue) -> Promise {
                    default_client().command($js, params)
                }
            )*
        }
    };
}

call_commands! {
    preview_ob_call => "previewObCall",
    hangup => "hangup",
    hold => "hold",
    unhold => "unhold",
    mute => "mute",
    unmute => "unmute",
    send_dtmf => "sendDtmf",
    sip_link => "sipLink",
    sip_unlink => "sipUnlink",
    start_atxfer => "startAtxfer",
    cancel_atxfer => "cancelAtxfer",
    resume_atxfer => "resumeAtxfer",
    complete_atxfer => "completeAtxfer",
    threeway_atxfer => "threewayAtxfer",
    blxfer => "blxfer",
    transfer_ivr => "transferIvr",
    spy => "spy",
    unspy => "unspy",
    whisper => "whisper",
    unwhisper => "unwhisper",
    threeway => "threeway",
    unthreeway => "unthreeway",
    barge => "barge",
    unbarge => "unbarge",
    disconnect => "disconnect",
    set_pause => "setPause",
    set_unpause => "setUnpause",
    set_offline => "setOffline",
    subscribe_queue_status => "subscribeQueueStatus",
    unsubscribe_queue_status => "unsubscribeQueueStatus",
}
