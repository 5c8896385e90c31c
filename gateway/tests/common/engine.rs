//! A native client on the SDK's own engine (agentdesk-core): the engine's outputs acted on with a
//! real WebSocket (tokio-tungstenite) and tokio's clock, as the browser shell does with the
//! browser's. What a page sees through the SDK — Promises, events, their order — is what these
//! tests see, against the real gateway.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::response::SdkResponse;
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;
use agentdesk_gateway::RunningGateway;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async_with_config, MaybeTlsStream, WebSocketStream};

/// How long a command may take before the test fails rather than hangs.
const COMMAND_WAIT: Duration = Duration::from_secs(30);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct EngineClient {
    pub engine: Engine,
    start: Instant,
    socket: Option<Socket>,
    /// Event types in the order listeners got them.
    pub events: Vec<String>,
    /// The catalog events' payloads as listeners got them, in order.
    pub payloads: Vec<Value>,
    /// Every settled command, in order.
    pub settled: Vec<(Ticket, SdkResponse)>,
    next_ticket: u64,
}

impl EngineClient {
    /// An engine set up for `gw` (no softphone).
    pub fn new(gw: &RunningGateway) -> Self {
        let config = Config::from_json(json!({"baseURL": gw.http_url(), "webrtc": false})).unwrap();
        Self {
            engine: Engine::with_seed(config, 1, wall_ms()),
            start: Instant::now(),
            socket: None,
            events: Vec::new(),
            payloads: Vec::new(),
            settled: Vec::new(),
            next_ticket: 0,
        }
    }

    fn now(&self) -> Time {
        Time(u64::try_from(self.start.elapsed().as_millis()).unwrap())
    }

    /// Logs agent `agent_no` of t1 in (password "test") bound to `endpoint`; the login's response.
    pub async fn login(
        gw: &RunningGateway,
        agent_no: &str,
        endpoint: Value,
    ) -> (Self, SdkResponse) {
        let key = super::session_key(gw, "t1", agent_no, "test").await;
        let mut client = Self::new(gw);
        let params = json!({"tenantId":"t1","agentNo":agent_no,"sessionKey":key,"bindEndpoint":endpoint,"initialStatus":1});
        let response = client.command("login", params).await;
        (client, response)
    }

    /// `await sdk.action(params)`: gives the command and runs until its Promise settles.
    pub async fn command(&mut self, action: &str, params: Value) -> SdkResponse {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        let command = Command::parse(action, params).unwrap();
        let now = self.now();
        self.engine.handle_command(now, ticket, command);
        self.run_until(COMMAND_WAIT, |c| {
            c.settled.iter().any(|(t, _)| *t == ticket)
        })
        .await;
        self.settled
            .iter()
            .find(|(t, _)| *t == ticket)
            .map(|(_, r)| r.clone())
            .unwrap()
    }

    /// The payloads of the catalog events of one type, in order.
    pub fn payloads_of(&self, event_type: &str) -> Vec<&Value> {
        self.payloads
            .iter()
            .filter(|p| p["eventType"] == event_type)
            .collect()
    }

    /// Runs the engine until `done` holds; fails after `wait`.
    pub async fn run_until(&mut self, wait: Duration, done: impl Fn(&Self) -> bool) {
        let give_up = Instant::now() + wait;
        loop {
            self.act().await;
            if done(self) {
                return;
            }
            assert!(
                Instant::now() < give_up,
                "not done within {wait:?}; events {:?}",
                self.events
            );
            let deadline = self
                .engine
                .poll_timeout()
                .map(|t| self.start + Duration::from_millis(t.0));
            let timer = tokio::time::sleep_until(deadline.unwrap_or(give_up).min(give_up));
            let socket = &mut self.socket;
            let message = async {
                match socket.as_mut() {
                    Some(socket) => socket.next().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                message = message => {
                    let now = self.now();
                    match message {
                        Some(Ok(Message::Text(text))) => self.engine.handle_frame(now, text.as_str()),
                        Some(Ok(Message::Close(frame))) => {
                            self.socket = None;
                            let code = frame.as_ref().map_or(1005, |f| u16::from(f.code));
                            self.engine.handle_socket_closed(now, code, "");
                        }
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => {
                            self.socket = None;
                            self.engine.handle_socket_closed(now, 1006, "");
                        }
                    }
                }
                () = timer => {
                    let now = self.now();
                    self.engine.handle_timeout(now);
                }
            }
        }
    }

    /// Acts on every output, as the browser shell does.
    async fn act(&mut self) {
        while let Some(output) = self.engine.poll_output() {
            match output {
                Output::OpenSocket { url, protocol } => {
                    let mut request = url.into_client_request().unwrap();
                    request
                        .headers_mut()
                        .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(protocol));
                    let now = self.now();
                    match connect_async_with_config(request, None, true).await {
                        Ok((socket, _)) => {
                            self.socket = Some(socket);
                            self.engine.handle_socket_opened(now);
                        }
                        Err(_) => self
                            .engine
                            .handle_socket_closed(now, 1006, "connect failed"),
                    }
                }
                Output::Send(text) => {
                    if let Some(socket) = self.socket.as_mut() {
                        let _ = socket.send(Message::text(text)).await;
                    }
                }
                Output::CloseSocket { .. } => {
                    if let Some(mut socket) = self.socket.take() {
                        let _ = socket.close(None).await;
                    }
                }
                Output::Emit(event) => {
                    match &event {
                        Event::Relayed { raw, .. } => {
                            self.payloads.push(serde_json::from_str(raw.get()).unwrap())
                        }
                        Event::Catalog(e) => self.payloads.push(serde_json::to_value(e).unwrap()),
                        _ => {}
                    }
                    self.events.push(event_type(&event));
                }
                Output::Resolve { ticket, response } => self.settled.push((ticket, response)),
                Output::Media(_) | Output::WantKey => {}
            }
        }
    }
}

fn wall_ms() -> u64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    u64::try_from(since.as_millis()).unwrap()
}

fn event_type(event: &Event) -> String {
    event.event_type().to_owned()
}
