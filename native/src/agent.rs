//! One agent: the engine in a tokio task, fed like the browser shell feeds it (STYLE.md "the run
//! loop"): every socket event, frame, command and timeout becomes an input stamped with `now`,
//! then the outputs are drained and acted on (open, send, close, emit, resolve).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::response::SdkResponse;
use agentdesk_core::session::{Engine, Event, Output, Ticket};
use agentdesk_core::time::Time;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{sleep_until, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::ClientError;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Connecting = Pin<Box<dyn Future<Output = Result<Socket, String>> + Send>>;

/// A socket's read buffer: frames are at most 64 KiB and usually a few hundred bytes; a small
/// buffer keeps thousands of agents in one process cheap (tungstenite's default is 128 KiB).
const READ_BUFFER: usize = 4 * 1024;

/// Who the agent is and where it connects.
#[derive(Debug, Clone)]
pub struct AgentConfig {
    /// `ws://host:port` (the engine adds `/ws`).
    pub base_url: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Agent number.
    pub agent_no: String,
    /// A key from the login endpoint.
    pub session_key: String,
    /// Extra `setup()` options (merged over `{baseURL, webrtc: false}`).
    pub setup: Value,
}

impl AgentConfig {
    /// An agent of `tenant_id` with default options.
    pub fn new(base_url: &str, tenant_id: &str, agent_no: &str, session_key: String) -> Self {
        Self {
            base_url: base_url.to_owned(),
            tenant_id: tenant_id.to_owned(),
            agent_no: agent_no.to_owned(),
            session_key,
            setup: json!({}),
        }
    }
}

/// What the agent saw, in order.
#[derive(Debug, Clone)]
pub enum Seen {
    /// A catalog event from the gateway, delivered to listeners: its event id, type and payload
    /// text (as a listener gets it).
    Event {
        /// The id it came with (the engine's newest delivered id after it).
        id: u64,
        /// Its `eventType`.
        event_type: String,
        /// The payload as JSON text.
        raw: String,
        /// When the shell handed it over.
        at: Instant,
    },
    /// An event the SDK made itself (`ping`, `reconnectAttempt`, `resync`, `sdkError`,
    /// `sessionTerminate` after a lost session, …) as JSON.
    Local {
        /// Its `eventType`.
        event_type: String,
        /// The event.
        value: Value,
    },
    /// The socket closed (a reconnect follows unless the close was terminal).
    Closed {
        /// Close code (1006 without a close frame).
        code: u16,
    },
}

enum Request {
    Command {
        action: String,
        params: Value,
        done: oneshot::Sender<SdkResponse>,
    },
    Stop,
}

/// A running agent.
#[derive(Debug)]
pub struct Agent {
    requests: mpsc::UnboundedSender<Request>,
    task: JoinHandle<()>,
    session_key: String,
}

impl Agent {
    /// Starts the agent's engine (disconnected, logged out); what it sees goes to `events`
    /// tagged with `tag`. Nothing happens until its first command (`login`).
    pub fn start(
        config: AgentConfig,
        tag: usize,
        events: mpsc::UnboundedSender<(usize, Seen)>,
    ) -> Self {
        let (requests, inbox) = mpsc::unbounded_channel();
        let session_key = config.session_key.clone();
        let task = tokio::spawn(run(config, tag, events, inbox));
        Self {
            requests,
            task,
            session_key,
        }
    }

    /// The key it was started with.
    pub fn session_key(&self) -> &str {
        &self.session_key
    }

    /// Runs a command (as the JS face's method of that name) and waits for its response.
    pub async fn command(&self, action: &str, params: Value) -> Result<SdkResponse, ClientError> {
        self.command_nowait(action, params)?
            .await
            .map_err(|_| ClientError::Gone)
    }

    /// Sends a command without waiting; its response comes through the returned receiver.
    pub fn command_nowait(
        &self,
        action: &str,
        params: Value,
    ) -> Result<oneshot::Receiver<SdkResponse>, ClientError> {
        let (done, rx) = oneshot::channel();
        let request = Request::Command {
            action: action.to_owned(),
            params,
            done,
        };
        self.requests.send(request).map_err(|_| ClientError::Gone)?;
        Ok(rx)
    }

    /// Destroys the client (as `destroy()`: the socket closes with 1000) and waits for its task.
    pub async fn stop(self) {
        let _ = self.requests.send(Request::Stop);
        let _ = self.task.await;
    }
}

/// Wall-clock Unix ms (a shell may read the clock; the engine never does).
fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// The engine's shell loop.
async fn run(
    config: AgentConfig,
    tag: usize,
    events: mpsc::UnboundedSender<(usize, Seen)>,
    mut inbox: mpsc::UnboundedReceiver<Request>,
) {
    let mut setup = json!({"baseURL": config.base_url, "webrtc": false});
    if let (Value::Object(base), Value::Object(extra)) = (&mut setup, &config.setup) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    let engine_config = match Config::from_json(setup) {
        Ok(c) => c,
        Err(e) => {
            let value = json!({"eventType": "sdkError", "message": e.to_string()});
            let _ = events.send((
                tag,
                Seen::Local {
                    event_type: "sdkError".into(),
                    value,
                },
            ));
            return;
        }
    };
    let origin = Instant::now();
    let seed = (tag as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ unix_ms();
    let mut shell = Shell {
        engine: Engine::with_seed(engine_config, seed, unix_ms()),
        origin,
        socket: None,
        connecting: None,
        waiting: HashMap::new(),
        next_ticket: 0,
        tag,
        events,
    };
    loop {
        let deadline = shell.engine.poll_timeout();
        let origin = shell.origin;
        let timer = async {
            match deadline {
                Some(t) => sleep_until(origin + Duration::from_millis(t.as_millis())).await,
                None => std::future::pending().await,
            }
        };
        let reading = shell.socket.is_some();
        let dialing = shell.connecting.is_some();
        tokio::select! {
            request = inbox.recv() => match request {
                Some(Request::Command { action, params, done }) => shell.command(&action, params, done),
                Some(Request::Stop) | None => {
                    let now = shell.now();
                    shell.engine.handle_shutdown(now);
                    shell.drain().await;
                    return;
                }
            },
            opened = dial(&mut shell.connecting), if dialing => {
                shell.connecting = None;
                let now = shell.now();
                match opened {
                    Ok(socket) => {
                        shell.socket = Some(socket);
                        shell.engine.handle_socket_opened(now);
                    }
                    Err(reason) => shell.engine.handle_socket_closed(now, 1006, &reason),
                }
            }
            message = read(&mut shell.socket), if reading => {
                shell.on_message(message);
            }
            () = timer => {
                let now = shell.now();
                shell.engine.handle_timeout(now);
            }
        }
        shell.drain().await;
    }
}

struct Shell {
    engine: Engine,
    origin: Instant,
    socket: Option<Socket>,
    connecting: Option<Connecting>,
    waiting: HashMap<Ticket, oneshot::Sender<SdkResponse>>,
    next_ticket: u64,
    tag: usize,
    events: mpsc::UnboundedSender<(usize, Seen)>,
}

impl Shell {
    fn now(&self) -> Time {
        Time(u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX))
    }

    fn command(&mut self, action: &str, params: Value, done: oneshot::Sender<SdkResponse>) {
        match Command::parse(action, params) {
            Ok(command) => {
                self.next_ticket += 1;
                let ticket = Ticket(self.next_ticket);
                self.waiting.insert(ticket, done);
                let now = self.now();
                self.engine.handle_command(now, ticket, command);
            }
            Err(e) => {
                let response = SdkResponse::failed(
                    "",
                    agentdesk_core::response::ErrorCode::BadParams.as_str(),
                    e.to_string(),
                );
                let _ = done.send(response);
            }
        }
    }

    fn on_message(
        &mut self,
        message: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    ) {
        let now = self.now();
        match message {
            Some(Ok(Message::Text(text))) => {
                self.engine.handle_frame(now, text.as_str());
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
            Some(Ok(Message::Binary(_))) => self.engine.handle_frame(now, "\u{0}binary"),
            Some(Ok(Message::Close(frame))) => {
                let (code, reason) = frame.map_or((1005, String::new()), |f| {
                    (u16::from(f.code), f.reason.as_str().to_owned())
                });
                self.socket = None;
                let _ = self.events.send((self.tag, Seen::Closed { code }));
                self.engine.handle_socket_closed(now, code, &reason);
            }
            Some(Err(e)) => {
                self.socket = None;
                let _ = self.events.send((self.tag, Seen::Closed { code: 1006 }));
                self.engine.handle_socket_closed(now, 1006, &e.to_string());
            }
            None => {
                self.socket = None;
                let _ = self.events.send((self.tag, Seen::Closed { code: 1006 }));
                self.engine.handle_socket_closed(now, 1006, "socket ended");
            }
        }
    }

    /// Acts on every output, in order, until the engine has nothing more to say.
    async fn drain(&mut self) {
        while let Some(output) = self.engine.poll_output() {
            match output {
                Output::OpenSocket { url, protocol } => {
                    self.socket = None;
                    self.connecting = Some(Box::pin(connect(url, protocol)));
                }
                Output::Send(text) => {
                    let failed = match self.socket.as_mut() {
                        Some(socket) => socket.send(Message::text(text)).await.is_err(),
                        None => false,
                    };
                    if failed {
                        self.socket = None;
                        let now = self.now();
                        self.engine.handle_socket_closed(now, 1006, "write failed");
                    }
                }
                Output::CloseSocket { code, reason } => {
                    if let Some(mut socket) = self.socket.take() {
                        let frame = CloseFrame {
                            code: CloseCode::from(code),
                            reason: reason.into(),
                        };
                        let _ =
                            tokio::time::timeout(Duration::from_secs(1), socket.close(Some(frame)))
                                .await;
                    }
                    self.connecting = None;
                }
                Output::Emit(event) => self.emit(event),
                Output::Resolve { ticket, response } => {
                    if let Some(done) = self.waiting.remove(&ticket) {
                        let _ = done.send(response);
                    }
                }
                // No softphone here (`webrtc: false`).
                Output::Media(_) | Output::WantKey => {}
            }
        }
    }

    fn emit(&mut self, event: Event) {
        let seen = match event {
            Event::Relayed { event, raw } => Seen::Event {
                id: self.engine.last_event_id(),
                event_type: event.event_type().as_str().to_owned(),
                raw: raw.get().to_owned(),
                at: Instant::now(),
            },
            Event::Catalog(e) => Seen::Local {
                event_type: e.event_type().as_str().to_owned(),
                value: serde_json::to_value(&e).unwrap_or(Value::Null),
            },
            Event::Resync(e) => Seen::Local {
                event_type: e.event_type.to_owned(),
                value: serde_json::to_value(&e).unwrap_or(Value::Null),
            },
            Event::Error(e) => Seen::Local {
                event_type: e.event_type.to_owned(),
                value: serde_json::to_value(&e).unwrap_or(Value::Null),
            },
            // Responses come back through `command`; key and quality warnings are not used here.
            // `Gateway` belongs to the numbers path (the JS layer holds the payload); this
            // client feeds text frames, whose events come as `Relayed`.
            Event::Response(_)
            | Event::KeyExpiring(_)
            | Event::Warning(_)
            | Event::Device(_)
            | Event::IceRestart(_)
            | Event::Gateway(_) => return,
        };
        let _ = self.events.send((self.tag, seen));
    }
}

/// The socket being opened, once open (never without one).
async fn dial(connecting: &mut Option<Connecting>) -> Result<Socket, String> {
    match connecting {
        Some(c) => c.await,
        None => std::future::pending().await,
    }
}

/// The next message of the socket (never without one).
async fn read(
    socket: &mut Option<Socket>,
) -> Option<Result<Message, tokio_tungstenite::tungstenite::Error>> {
    match socket {
        Some(s) => s.next().await,
        None => std::future::pending().await,
    }
}

/// Opens the socket offering `protocol` (the engine's URL already ends in `/ws`).
async fn connect(url: String, protocol: &'static str) -> Result<Socket, String> {
    let mut request = url.into_client_request().map_err(|e| e.to_string())?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(protocol));
    let config = WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0);
    let (socket, _) = tokio_tungstenite::connect_async_with_config(request, Some(config), true)
        .await
        .map_err(|e| e.to_string())?;
    Ok(socket)
}
