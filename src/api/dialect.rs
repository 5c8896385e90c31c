//! `DialectShell` (feature `dialects`, issue 14): one dialect client's session, socket and timer,
//! driven by the JS layer (js/dialect.js) with each frame's routing facts — never its payload
//! text, which stays in JS, parsed once (docs/dialects.md §9).

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::web::dialect::DialectClient;
use agentdesk_core::json::Json;
use agentdesk_core::session::dialect::{meaning, Entries, Frame, Kind, Meta, Settings};
use agentdesk_core::session::Ticket;

#[wasm_bindgen(module = "/js/dialect.js")]
extern "C" {
    /// Hands the JS layer the factory of dialect shells.
    #[wasm_bindgen(js_name = bindDialect)]
    fn bind_dialect(factory: &Closure<dyn Fn(JsValue) -> JsValue>);
}

thread_local! {
    static FACTORY: Closure<dyn Fn(JsValue) -> JsValue> =
        Closure::new(|core: JsValue| JsValue::from(DialectShell { inner: DialectClient::new(core) }));
}

/// Called by the module's start: dialect clients become possible.
pub(crate) fn bind() {
    FACTORY.with(bind_dialect);
}

fn ticket(n: f64) -> Ticket {
    Ticket(n as u64)
}

/// A number the JS layer passed, NaN (or out of range) standing for "the default".
fn ms(values: &[f64], i: usize, default: u64) -> u64 {
    match values.get(i) {
        Some(v) if v.is_finite() && *v >= 0.0 && *v <= 86_400_000.0 => *v as u64,
        _ => default,
    }
}

/// One dialect client.
#[wasm_bindgen]
pub struct DialectShell {
    inner: Rc<DialectClient>,
}

#[wasm_bindgen]
impl DialectShell {
    /// Installs a session of dialect `kind` (index in js/dialect.js `DIALECTS`) for `base_url`.
    /// `values`: heartbeatIntervalMs, heartbeatTimeoutMs, commandTimeoutMs, connectTimeoutMs,
    /// presenceIntervalMs, maxReconnectAttempts, reconnectBaseMs, reconnectMaxMs (NaN: default).
    /// `cable_token`: an ActionCable page gave a token supplier, for `/cable?token=…`.
    /// False while a session is active.
    pub fn setup(&self, kind: u32, base_url: String, values: &[f64], cable_token: bool) -> bool {
        let Some(kind) = Kind::ALL.get(kind as usize).copied() else {
            return false;
        };
        let d = Settings::default();
        let mut s = d;
        s.heartbeat.interval_ms = ms(values, 0, d.heartbeat.interval_ms).max(1);
        s.heartbeat.timeout_ms = ms(values, 1, d.heartbeat.timeout_ms).max(1);
        s.request_timeout_ms = ms(values, 2, d.request_timeout_ms);
        s.connect_timeout_ms = ms(values, 3, d.connect_timeout_ms);
        s.presence_interval_ms = ms(values, 4, d.presence_interval_ms).max(1);
        s.backoff.max_attempts = ms(values, 5, u64::from(d.backoff.max_attempts)).min(1000) as u32;
        s.backoff.base_ms = ms(values, 6, d.backoff.base_ms);
        s.backoff.cap_ms = ms(values, 7, d.backoff.cap_ms);
        s.cable_token = cable_token;
        self.inner.setup(kind, &base_url, s)
    }

    /// `connect()`.
    pub fn connect(&self, ticket: f64) {
        self.inner
            .input(None, |s, now| s.handle_connect(now, self::ticket(ticket)));
    }

    /// `close()`.
    pub fn close(&self, ticket: f64) {
        self.inner.input(None, |s, now| {
            s.handle_close(now, Some(self::ticket(ticket)))
        });
    }

    /// The token supplier's answer (undefined when it failed).
    pub fn token(&self, token: Option<String>) {
        self.inner.input(None, |s, now| s.handle_token(now, token));
    }

    /// `join(key, params)`: `params` JSON text (Phoenix join params), `account` Kazoo's.
    pub fn join(&self, ticket: f64, key: String, params: String, account: Option<String>) {
        self.inner.input(None, |s, now| {
            s.handle_join(
                now,
                self::ticket(ticket),
                &key,
                Json::trusted(params),
                account,
            )
        });
    }

    /// `leave(key)`.
    pub fn leave(&self, ticket: f64, key: String) {
        self.inner.input(None, |s, now| {
            s.handle_leave(now, self::ticket(ticket), &key)
        });
    }

    /// `push(topic, event, payload)` / `perform(identifier, data)`; `payload` JSON text.
    pub fn push(&self, ticket: f64, key: String, event: String, payload: String) {
        self.inner.input(None, |s, now| {
            s.handle_push(
                now,
                self::ticket(ticket),
                &key,
                &event,
                Json::trusted(payload),
            )
        });
    }

    /// A Phoenix frame's facts.
    #[allow(clippy::too_many_arguments)]
    pub fn phoenix(
        &self,
        at: f64,
        join_ref: Option<String>,
        reference: Option<String>,
        topic: String,
        event: String,
        status: Option<String>,
        reason: Option<String>,
    ) {
        self.inner.input(Some(at), |s, now| {
            s.handle_frame(
                now,
                Frame::Phoenix {
                    join_ref: join_ref.as_deref(),
                    reference: reference.as_deref(),
                    topic: &topic,
                    event: &event,
                    status: status.as_deref(),
                    reason: reason.as_deref(),
                },
            )
        });
    }

    /// An ActionCable frame's facts.
    pub fn cable(
        &self,
        at: f64,
        kind: Option<String>,
        identifier: Option<String>,
        reason: Option<String>,
        reconnect: Option<bool>,
    ) {
        self.inner.input(Some(at), |s, now| {
            s.handle_frame(
                now,
                Frame::Cable {
                    kind: kind.as_deref(),
                    identifier: identifier.as_deref(),
                    reason: reason.as_deref(),
                    reconnect,
                },
            )
        });
    }

    /// A Kazoo frame's facts.
    pub fn kazoo(
        &self,
        at: f64,
        action: String,
        request_id: Option<String>,
        status: Option<String>,
        subscribed_key: Option<String>,
        error: Option<String>,
    ) {
        self.inner.input(Some(at), |s, now| {
            s.handle_frame(
                now,
                Frame::Kazoo {
                    action: &action,
                    request_id: request_id.as_deref(),
                    status: status.as_deref(),
                    subscribed_key: subscribed_key.as_deref(),
                    error: error.as_deref(),
                },
            )
        });
    }

    /// A GlobeMeet frame's facts.
    pub fn globemeet(
        &self,
        at: f64,
        kind: String,
        id: Option<String>,
        expires_at: Option<f64>,
        recovered: Option<bool>,
        code: Option<String>,
    ) {
        let expires_at = expires_at
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| v as u64);
        self.inner.input(Some(at), |s, now| {
            s.handle_frame(
                now,
                Frame::GlobeMeet {
                    kind: &kind,
                    id: id.as_deref(),
                    expires_at,
                    recovered,
                    code: code.as_deref(),
                },
            )
        });
    }

    /// Phoenix `presence_state` (`diff` false) or `presence_diff`: one entry per meta, its key,
    /// `phx_ref` and JSON text, and `sides` 0 for a join (or the state) and 1 for a leave.
    #[allow(clippy::too_many_arguments)]
    pub fn presence(
        &self,
        at: f64,
        topic: String,
        join_ref: Option<String>,
        diff: bool,
        keys: Vec<String>,
        refs: Vec<String>,
        metas: Vec<String>,
        sides: Vec<u8>,
    ) {
        let mut joins: Entries = Vec::new();
        let mut leaves: Entries = Vec::new();
        for (((key, phx_ref), json), side) in keys.into_iter().zip(refs).zip(metas).zip(sides) {
            let into = if side == 1 { &mut leaves } else { &mut joins };
            let meta = Meta {
                phx_ref,
                json: Json::trusted(json),
            };
            match into.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(meta),
                None => into.push((key, vec![meta])),
            }
        }
        let leaves = diff.then_some(leaves);
        self.inner.input(Some(at), |s, now| {
            s.handle_presence(now, &topic, join_ref.as_deref(), joins, leaves)
        });
    }

    /// `softphone(topic)`: the softphone leg on a joined Voki call channel.
    pub fn softphone(&self, ticket: f64, topic: String) {
        self.inner.input(None, |s, now| {
            s.handle_softphone(now, self::ticket(ticket), &topic)
        });
    }

    /// A Phoenix `signal` (`kind` its `type`, `sdp`) or `ice_candidate` (`candidate`, its JSON
    /// text) frame's media facts, after the frame itself went through [`Self::phoenix`].
    #[allow(clippy::too_many_arguments)]
    pub fn signal(
        &self,
        at: f64,
        topic: String,
        join_ref: Option<String>,
        kind: Option<String>,
        sdp: Option<String>,
        candidate: Option<String>,
    ) {
        self.inner.input(Some(at), |s, now| {
            s.handle_signal(
                now,
                &topic,
                join_ref.as_deref(),
                kind.as_deref(),
                sdp.as_deref(),
                candidate,
            )
        });
    }

    /// A Phoenix topic's presence list as JSON text (phoenix.js `Presence.list`'s shape).
    #[wasm_bindgen(js_name = presenceList)]
    pub fn presence_list(&self, topic: String) -> String {
        self.inner.presence_list(&topic)
    }

    /// The event names of `kind` (an index of `DIALECTS`) that may mean a catalog event: the JS
    /// layer asks [`Self::meaning`] about those only.
    #[wasm_bindgen(js_name = meaningEvents)]
    pub fn meaning_events(&self, kind: u32) -> Vec<String> {
        let Some(kind) = Kind::ALL.get(kind as usize).copied() else {
            return Vec::new();
        };
        let mut names: Vec<String> = Vec::new();
        for m in meaning::table(kind) {
            if !names.iter().any(|n| n == m.event) {
                names.push(m.event.to_owned());
            }
        }
        names
    }

    /// The catalog event the frame being delivered also means (docs/dialects.md, "SDK also
    /// emits"), as the object listeners get, or undefined. `address`: its topic or routing key;
    /// `payload`: the part of the parsed frame the mapping tables address.
    pub fn meaning(&self, address: Option<String>, event: String, payload: &JsValue) -> JsValue {
        self.inner
            .meaning(address.as_deref(), &event, payload)
            .unwrap_or(JsValue::UNDEFINED)
    }

    /// Ends the client.
    pub fn destroy(&self) {
        self.inner.destroy();
    }
}
