//! The `#[wasm_bindgen]` face: `AgentSDK` (the page's default client, static methods as in the
//! reference AgentSDK) and `AgentClient` (one more independent client). Each method is one line
//! into the shell; the TypeScript for both classes is hand-written in `api.d.ts` so that `on`
//! can be typed per event (wasm-bindgen cannot express the generic).

mod calls;
mod event_type;

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::web::client::Client;

#[wasm_bindgen(typescript_custom_section)]
const CATALOG_TYPES: &'static str = include_str!("typings.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const API_TYPES: &'static str = include_str!("api.d.ts");

/// Runs once when the module is instantiated. A panic in wasm ends the SDK for the page's life,
/// so no path should reach one; if one does, the hook at least puts the Rust message on the
/// console instead of a bare "unreachable".
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

thread_local! {
    /// The client behind the static `AgentSDK` methods.
    static DEFAULT: Rc<Client> = Client::new();
}

fn default_client() -> Rc<Client> {
    DEFAULT.with(Rc::clone)
}

/// An independent SDK client; several may live in one page.
#[wasm_bindgen(skip_typescript)]
pub struct AgentClient {
    inner: Rc<Client>,
}

#[wasm_bindgen]
impl AgentClient {
    /// `new AgentClient(config?)`: with a config, set up at once (a bad one throws
    /// `{code, message}`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<AgentClient, JsValue> {
        let inner = Client::new();
        if !config.is_undefined() {
            inner.configure(config)?;
        }
        Ok(Self { inner })
    }

    /// The event name constants.
    #[wasm_bindgen(getter = EventType)]
    pub fn event_type(&self) -> JsValue {
        event_type::constants()
    }

    /// The event name constants, also on the class.
    #[wasm_bindgen(getter = EventType)]
    pub fn event_type_static() -> JsValue {
        event_type::constants()
    }

    /// Validates and installs the configuration.
    pub fn setup(&self, config: JsValue) -> Promise {
        self.inner.setup(config)
    }

    /// Connects, authenticates and logs in.
    pub fn login(&self, params: JsValue) -> Promise {
        self.inner.command("login", params)
    }

    /// Logs out and ends the session.
    pub fn logout(&self, params: JsValue) -> Promise {
        self.inner.command("logout", params)
    }

    /// Pauses (busy).
    pub fn pause(&self, params: JsValue) -> Promise {
        self.inner.command("pause", params)
    }

    /// Back to ready.
    pub fn unpause(&self, params: JsValue) -> Promise {
        self.inner.command("unpause", params)
    }

    /// Hands over a fresh session key before the current one expires (`sessionKeyExpiring`).
    #[wasm_bindgen(js_name = updateSessionKey)]
    pub fn update_session_key(&self, session_key: JsValue) -> Promise {
        self.inner.command("updateSessionKey", session_key)
    }

    /// Adds a listener.
    pub fn on(&self, event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        self.inner.add_listener(event, listener, false)
    }

    /// Adds a listener removed after its first call.
    pub fn once(&self, event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        self.inner.add_listener(event, listener, true)
    }

    /// Removes a listener (or all of an event's when none is given).
    pub fn off(&self, event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        self.inner.remove_listener(event, listener)
    }

    /// The agent's status as last reported, or null before setup.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> JsValue {
        self.inner.status()
    }

    /// Closes the connection, settles every Promise and drops every listener.
    pub fn destroy(&self) {
        self.inner.destroy()
    }
}

/// The default client, used through static methods exactly like the reference AgentSDK.
#[wasm_bindgen(skip_typescript)]
pub struct AgentSDK;

#[wasm_bindgen]
impl AgentSDK {
    /// The event name constants (`const { EventType } = AgentSDK`).
    #[wasm_bindgen(getter = EventType)]
    pub fn event_type() -> JsValue {
        event_type::constants()
    }

    /// See [`AgentClient::setup`].
    pub fn setup(config: JsValue) -> Promise {
        default_client().setup(config)
    }

    /// See [`AgentClient::login`].
    pub fn login(params: JsValue) -> Promise {
        default_client().command("login", params)
    }

    /// See [`AgentClient::logout`].
    pub fn logout(params: JsValue) -> Promise {
        default_client().command("logout", params)
    }

    /// See [`AgentClient::pause`].
    pub fn pause(params: JsValue) -> Promise {
        default_client().command("pause", params)
    }

    /// See [`AgentClient::unpause`].
    pub fn unpause(params: JsValue) -> Promise {
        default_client().command("unpause", params)
    }

    /// See [`AgentClient::update_session_key`].
    #[wasm_bindgen(js_name = updateSessionKey)]
    pub fn update_session_key(session_key: JsValue) -> Promise {
        default_client().command("updateSessionKey", session_key)
    }

    /// See [`AgentClient::on`].
    pub fn on(event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        default_client().add_listener(event, listener, false)
    }

    /// See [`AgentClient::once`].
    pub fn once(event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        default_client().add_listener(event, listener, true)
    }

    /// See [`AgentClient::off`].
    pub fn off(event: JsValue, listener: JsValue) -> Result<(), JsValue> {
        default_client().remove_listener(event, listener)
    }

    /// See [`AgentClient::status`].
    #[wasm_bindgen(getter)]
    pub fn status() -> JsValue {
        default_client().status()
    }
}
