//! Helpers shared by the integration tests: a gateway on a free loopback port, a raw HTTP/1.1
//! POST for the login endpoint, and a WebSocket client that speaks protocol v1 as JSON values.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

pub mod engine;
pub mod redis;
pub mod sim;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use agentdesk_gateway::{Config, Directory, RunningGateway};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async_with_config, MaybeTlsStream, WebSocketStream};

/// How long a test waits for any one frame before it fails rather than hangs.
pub const FRAME_WAIT: Duration = Duration::from_secs(5);

/// Defaults on a free loopback port, with the built-in directory.
pub fn config() -> Config {
    let mut config = Config::new().unwrap();
    config.listen = "127.0.0.1:0".parse().unwrap();
    config
}

/// Like [`config`], with the browser suite's two-tenant directory.
pub fn config_with_test_directory() -> Config {
    let mut config = config();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/test-directory.toml");
    config.directory = Directory::load(&path).unwrap();
    config
}

/// Like [`config`], in test mode: the fault-injection endpoints on, and the limits of test
/// mode (as `--faults` gives them).
pub fn config_with_faults() -> Config {
    let mut config = config();
    config.faults = true;
    config.limits = agentdesk_gateway::Limits::test_mode();
    config
}

pub async fn start() -> RunningGateway {
    agentdesk_gateway::start(config()).await.unwrap()
}

pub async fn start_with(config: Config) -> RunningGateway {
    agentdesk_gateway::start(config).await.unwrap()
}

/// `POST path` with a JSON body; returns the status and the JSON answer (Null if not JSON).
pub async fn post(gw: &RunningGateway, path: &str, body: Value) -> (u16, Value) {
    post_at(gw.local_addr(), path, body).await
}

/// [`post`] by address, for a task that does not borrow the gateway.
pub async fn post_at(addr: SocketAddr, path: &str, body: Value) -> (u16, Value) {
    let (status, _, body) = http_at(
        addr,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        &body.to_string(),
    )
    .await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// `POST path` to a fault-injection endpoint, which must succeed; returns its answer.
pub async fn control(gw: &RunningGateway, path: &str, body: Value) -> Value {
    let (status, answer) = post(gw, path, body).await;
    assert_eq!(status, 200, "{path}: {answer}");
    assert_eq!(answer["code"], 0, "{path}: {answer}");
    answer
}

/// How a socket ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// With a close frame carrying this code.
    Close(u16),
    /// Without a close frame (what a browser reports as 1006).
    Abnormal,
}

/// A plain HTTP/1.1 request; returns the status and the body.
pub async fn http(
    gw: &RunningGateway,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    http_at(gw.local_addr(), method, path, headers, body).await
}

/// [`http`] by address, for a task that does not borrow the gateway.
pub async fn http_at(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(FRAME_WAIT, stream.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /api/login`; returns the status and the JSON answer.
pub async fn login_http(
    gw: &RunningGateway,
    tenant: &str,
    agent: &str,
    password: &str,
) -> (u16, Value) {
    let body = json!({"tenantId": tenant, "agentNo": agent, "password": password}).to_string();
    let (status, _, body) = http(
        gw,
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        &body,
    )
    .await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// A session key from the login endpoint.
pub async fn session_key(gw: &RunningGateway, tenant: &str, agent: &str, password: &str) -> String {
    let (status, body) = login_http(gw, tenant, agent, password).await;
    assert_eq!(status, 200, "{body}");
    body["sessionKey"].as_str().unwrap().to_owned()
}

pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Frames read while waiting for a reply, handed out before anything new: a command's reply
    /// may follow the events it caused (docs/protocol.md §3).
    early: std::collections::VecDeque<Value>,
}

impl Client {
    /// Opens the socket offering `agentdesk.v1`.
    pub async fn connect(gw: &RunningGateway) -> Client {
        let mut request = gw.ws_url().into_client_request().unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("agentdesk.v1"),
        );
        // No Nagle (as the gateway's side): tests in paused time must not wait for a delayed ACK
        // that only real time brings.
        let (ws, response) = connect_async_with_config(request, None, true)
            .await
            .unwrap();
        assert_eq!(
            response.headers().get("sec-websocket-protocol").unwrap(),
            "agentdesk.v1"
        );
        Client {
            ws,
            next_id: 1,
            early: Default::default(),
        }
    }

    /// Connects and authenticates; returns the client and the auth reply.
    pub async fn authenticated(
        gw: &RunningGateway,
        tenant: &str,
        agent: &str,
        key: &str,
    ) -> (Client, Value) {
        let mut client = Client::connect(gw).await;
        let reply = client.auth(tenant, agent, key).await;
        assert_eq!(reply["code"], 0, "{reply}");
        (client, reply)
    }

    /// Connects, authenticates and logs in idle; the sessionInit and agentStatus are consumed.
    pub async fn logged_in(
        gw: &RunningGateway,
        tenant: &str,
        agent: &str,
        password: &str,
    ) -> Client {
        let key = session_key(gw, tenant, agent, password).await;
        let (mut client, _) = Client::authenticated(gw, tenant, agent, &key).await;
        let reply = client.command("login", login_params()).await;
        assert_eq!(reply["code"], 0, "{reply}");
        assert_eq!(client.event().await["payload"]["eventType"], "sessionInit");
        assert_eq!(client.event().await["payload"]["eventType"], "agentStatus");
        client
    }

    /// Like [`Client::logged_in`], also returning the key and the session id (for a resume).
    pub async fn in_session(
        gw: &RunningGateway,
        tenant: &str,
        agent: &str,
        password: &str,
    ) -> (Client, String, String) {
        let key = session_key(gw, tenant, agent, password).await;
        let (mut client, auth) = Client::authenticated(gw, tenant, agent, &key).await;
        let session_id = auth["data"]["sessionId"].as_str().unwrap().to_owned();
        let reply = client.command("login", login_params()).await;
        assert_eq!(reply["code"], 0, "{reply}");
        assert_eq!(client.event().await["payload"]["eventType"], "sessionInit");
        assert_eq!(client.event().await["payload"]["eventType"], "agentStatus");
        (client, key, session_id)
    }

    pub async fn send_text(&mut self, text: String) {
        self.ws.send(Message::text(text)).await.unwrap();
    }

    pub async fn send_json(&mut self, value: Value) {
        self.send_text(value.to_string()).await;
    }

    /// Sends `auth` and returns its reply.
    pub async fn auth(&mut self, tenant: &str, agent: &str, key: &str) -> Value {
        self.auth_frame(tenant, agent, key, Value::Null).await
    }

    /// Sends `auth` with `resume: {sessionId, lastEventId}` and returns its reply.
    pub async fn auth_resume(
        &mut self,
        tenant: &str,
        agent: &str,
        key: &str,
        session_id: &str,
        last_event_id: u64,
    ) -> Value {
        let resume = json!({"sessionId": session_id, "lastEventId": last_event_id});
        self.auth_frame(tenant, agent, key, resume).await
    }

    /// Connects and sends `auth` with a resume; returns the client and the (successful) reply.
    pub async fn resumed(
        gw: &RunningGateway,
        tenant: &str,
        agent: &str,
        key: &str,
        session_id: &str,
        last_event_id: u64,
    ) -> (Client, Value) {
        let mut client = Client::connect(gw).await;
        let reply = client
            .auth_resume(tenant, agent, key, session_id, last_event_id)
            .await;
        assert_eq!(reply["code"], 0, "{reply}");
        (client, reply)
    }

    async fn auth_frame(&mut self, tenant: &str, agent: &str, key: &str, resume: Value) -> Value {
        let id = self.take_id();
        self.send_json(json!({
            "type": "auth", "id": id, "tenantId": tenant, "agentNo": agent, "sessionKey": key,
            "client": {"name": "gateway-tests", "version": "0"}, "resume": resume
        }))
        .await;
        self.reply(id).await
    }

    /// Sends a command without waiting; returns its request id.
    pub async fn send_command(&mut self, action: &str, params: Value) -> u64 {
        let id = self.take_id();
        self.send_json(json!({"type": "cmd", "id": id, "action": action, "params": params}))
            .await;
        id
    }

    /// Sends a command and returns its reply (which must be the next frame).
    pub async fn command(&mut self, action: &str, params: Value) -> Value {
        let id = self.take_id();
        self.send_json(json!({"type": "cmd", "id": id, "action": action, "params": params}))
            .await;
        self.reply(id).await
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The reply to `id`. Events (and notices, pongs) that come before it are kept for the next
    /// reads; each must be covered by the reply's `lastEventId`, which every reply but `auth`'s
    /// carries (docs/protocol.md §3). Another reply first is a failure.
    pub async fn reply(&mut self, id: u64) -> Value {
        let mut before = Vec::new();
        let frame = loop {
            let frame = self.read().await;
            if frame["type"] == "reply" {
                break frame;
            }
            before.push(frame);
        };
        assert_eq!(frame["id"], id, "expected the reply to {id}, got {frame}");
        if let Some(stamp) = frame.get("lastEventId").and_then(Value::as_u64) {
            for early in &before {
                if let Some(event_id) = early["eventId"].as_u64() {
                    assert!(
                        event_id <= stamp,
                        "{early} came before the reply {frame} that does not cover it"
                    );
                }
            }
        }
        self.early.extend(before);
        frame
    }

    /// The next frame, which must be an event.
    pub async fn event(&mut self) -> Value {
        let frame = self.frame().await;
        assert_eq!(frame["type"], "event", "expected an event, got {frame}");
        frame
    }

    /// The next text frame as JSON; panics on a close or after [`FRAME_WAIT`].
    pub async fn frame(&mut self) -> Value {
        match self.early.pop_front() {
            Some(frame) => frame,
            None => self.read().await,
        }
    }

    /// The next text frame from the socket itself.
    async fn read(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(FRAME_WAIT, self.ws.next())
                .await
                .expect("no frame in time")
                .expect("socket ended")
                .expect("socket error");
            match message {
                Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// The next text frame as it came, or None if nothing comes within `wait`; panics on a close.
    pub async fn text_within(&mut self, wait: Duration) -> Option<String> {
        if let Some(frame) = self.early.pop_front() {
            return Some(frame.to_string());
        }
        loop {
            let message = match tokio::time::timeout(wait, self.ws.next()).await {
                Err(_) => return None,
                Ok(message) => message.expect("socket ended").expect("socket error"),
            };
            match message {
                Message::Text(text) => return Some(text.as_str().to_owned()),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// The next text frame as JSON, or None if nothing comes within `wait`.
    pub async fn frame_within(&mut self, wait: Duration) -> Option<Value> {
        let text = self.text_within(wait).await?;
        Some(serde_json::from_str(&text).unwrap())
    }

    /// Reads until the socket ends, skipping text frames, and says how it ended.
    pub async fn ended(&mut self) -> Ended {
        loop {
            let message = tokio::time::timeout(FRAME_WAIT, self.ws.next())
                .await
                .expect("the socket did not end in time");
            match message {
                Some(Ok(Message::Close(Some(frame)))) => {
                    let code = u16::from(frame.code);
                    let _ = tokio::time::timeout(FRAME_WAIT, async {
                        while self.ws.next().await.is_some() {}
                    })
                    .await;
                    return Ended::Close(code);
                }
                Some(Ok(Message::Close(None))) => return Ended::Close(1005),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Ended::Abnormal,
            }
        }
    }

    /// Collects events until the one with `last_id`; other frames must not come between.
    pub async fn events_through(&mut self, last_id: u64) -> Vec<Value> {
        let mut events = Vec::new();
        loop {
            let event = self.event().await;
            let id = event["eventId"].as_u64().unwrap();
            events.push(event);
            if id >= last_id {
                return events;
            }
        }
    }

    /// Waits for the server's close and returns its code; panics if a text frame comes first.
    pub async fn close_code(&mut self) -> u16 {
        self.close_code_within(FRAME_WAIT).await
    }

    pub async fn close_code_within(&mut self, wait: Duration) -> u16 {
        assert!(
            self.early.is_empty(),
            "expected a close, got {:?}",
            self.early.front()
        );
        loop {
            let message = tokio::time::timeout(wait, self.ws.next())
                .await
                .expect("no close in time");
            let code = match message {
                Some(Ok(Message::Close(Some(frame)))) => u16::from(frame.code),
                Some(Ok(Message::Close(None))) => 1005,
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(other)) => panic!("expected a close, got {other:?}"),
                Some(Err(e)) => panic!("socket error before a close frame: {e}"),
                None => panic!("socket ended without a close frame"),
            };
            // Keep reading so the client answers the close and the handshake completes, as a
            // browser's would.
            let _ =
                tokio::time::timeout(wait, async { while self.ws.next().await.is_some() {} }).await;
            return code;
        }
    }
}

pub fn login_params() -> Value {
    json!({"bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 1})
}

/// The `eventId`s of these events.
pub fn ids(events: &[Value]) -> Vec<u64> {
    events
        .iter()
        .map(|e| e["eventId"].as_u64().unwrap())
        .collect()
}

/// Asserts the ids run `from`, `from + 1`, … without a gap or a duplicate.
pub fn assert_consecutive(ids: &[u64], from: u64) {
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(*id, from + i as u64, "event {i} of {}: {ids:?}", ids.len());
    }
}
