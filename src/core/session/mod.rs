//! The session engine: connect → authenticate → login → agent status → logout, with request ids,
//! reply correlation and a timeout per command.
//!
//! Methods come in the four kinds of quinn-proto: getters; `handle_*` for inputs (a command from
//! the page, a socket event, a frame, a timeout), each stamped with `now`; and `poll_output` /
//! `poll_timeout` for what the shell must do next. The engine performs no I/O.

pub mod close_code;
mod output;
mod pending;

use std::collections::VecDeque;

use serde_json::Value;

pub use output::{Event, Output, Ticket};
use pending::{Pending, PendingKind, Requests};

use crate::core::agent::{self, state_action, AgentStatus};
use crate::core::command::{Command, LoginParams};
use crate::core::config::Config;
use crate::core::events::payloads::{AgentStatusEvent, SessionTerminateEvent};
use crate::core::events::CatalogEvent;
use crate::core::protocol::v1::V1;
use crate::core::protocol::{ClientInfo, Dialect, Incoming, Outgoing, Reply};
use crate::core::response::{ErrorCode, SdkErrorEvent, SdkResponse};
use crate::core::time::Time;

/// The SDK's name and version, sent in `auth` for the gateway's logs.
const CLIENT_NAME: &str = "agentdesk";
const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// No socket.
    Closed,
    /// The shell is opening the socket; give up at `deadline`.
    Connecting { deadline: Time },
    /// `auth` sent, waiting for its reply.
    Authenticating,
    /// Authenticated: commands may be sent.
    Open,
}

/// A login between the page's call and the `login` command going on the wire.
#[derive(Debug, Clone)]
struct LoginFlow {
    ticket: Ticket,
    params: LoginParams,
    deadline: Time,
}

/// Who the session speaks for, kept for the events the SDK produces itself.
#[derive(Debug, Clone)]
struct Identity {
    tenant_id: String,
    agent_no: String,
}

/// One client's engine.
#[derive(Debug)]
pub struct Engine {
    config: Config,
    dialect: V1,
    link: Link,
    login: Option<LoginFlow>,
    identity: Option<Identity>,
    session_id: Option<String>,
    status: AgentStatus,
    /// Whether the gateway already told us the session ended (so the SDK does not say it twice).
    terminated: bool,
    requests: Requests,
    last_event_id: u64,
    out: VecDeque<Output>,
}

impl Engine {
    /// A disconnected, logged-out engine.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            dialect: V1,
            link: Link::Closed,
            login: None,
            identity: None,
            session_id: None,
            status: AgentStatus::offline(state_action::LOGOUT),
            terminated: false,
            requests: Requests::default(),
            last_event_id: 0,
            out: VecDeque::new(),
        }
    }

    // ---- getters -------------------------------------------------------------------------

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The agent's status as last reported by the gateway.
    pub fn status(&self) -> &AgentStatus {
        &self.status
    }

    /// True while a socket is open or opening.
    pub fn is_connected(&self) -> bool {
        self.link != Link::Closed
    }

    /// The gateway's session id, once authenticated.
    pub fn session_id(&self) -> Option<&str> {
        self.session_id.as_deref()
    }

    /// The highest event id delivered.
    pub fn last_event_id(&self) -> u64 {
        self.last_event_id
    }

    // ---- inputs --------------------------------------------------------------------------

    /// A command from the page. Its Promise settles through [`Output::Resolve`] for `ticket`,
    /// at once when the command cannot run locally.
    pub fn handle_command(&mut self, now: Time, ticket: Ticket, command: Command) {
        let action = command.action();
        if let Command::Login(params) = command {
            return self.start_login(now, ticket, params);
        }
        if !self.status.is_logged_in() || self.link != Link::Open {
            let message = format!("`{action}` needs a logged-in session; call login() first");
            return self.resolve(ticket, SdkResponse::fail(action, ErrorCode::NotLoggedIn, message));
        }
        if let Err(refused) = agent::apply(&self.status, &command.status_change()) {
            return self.resolve(ticket, SdkResponse::fail(action, ErrorCode::InvalidState, refused.to_string()));
        }
        let deadline = now + self.config.command_timeout_ms;
        let id = self.requests.insert(Pending { action, ticket: Some(ticket), deadline, kind: PendingKind::Command });
        self.send(Outgoing::Command { id, action: action.to_owned(), params: command.wire_params() });
    }

    /// The socket the engine asked for is open.
    pub fn handle_socket_opened(&mut self, _now: Time) {
        let Link::Connecting { .. } = self.link else { return };
        let Some(flow) = &self.login else {
            // Nobody is waiting for this socket any more.
            return self.close_link(close_code::NORMAL, "no session to authenticate");
        };
        let (tenant_id, agent_no, session_key) =
            (flow.params.tenant_id.clone(), flow.params.agent_no.clone(), flow.params.session_key.clone());
        let deadline = flow.deadline;
        let id = self.requests.insert(Pending { action: "login", ticket: None, deadline, kind: PendingKind::Auth });
        self.link = Link::Authenticating;
        self.send(Outgoing::Authenticate {
            id,
            tenant_id,
            agent_no,
            session_key,
            client: ClientInfo { name: CLIENT_NAME.to_owned(), version: CLIENT_VERSION.to_owned() },
            resume: None,
        });
    }

    /// The socket closed (or could not be opened) without the engine asking.
    pub fn handle_socket_closed(&mut self, _now: Time, code: u16, reason: &str) {
        if self.link == Link::Closed {
            return;
        }
        let never_opened = matches!(self.link, Link::Connecting { .. });
        self.link = Link::Closed;
        let why = if reason.is_empty() {
            format!("the connection closed (code {code})")
        } else {
            format!("the connection closed (code {code}: {reason})")
        };
        if let Some(flow) = self.login.take() {
            let response = if never_opened {
                let url = self.dialect.socket_url(&self.config.base_url);
                SdkResponse::fail("login", ErrorCode::ConnectFailed, format!("could not connect to {url}: {why}"))
            } else {
                SdkResponse::fail("login", ErrorCode::Disconnected, format!("{why} before login completed"))
            };
            self.resolve(flow.ticket, response);
        }
        self.fail_requests(ErrorCode::Disconnected, &format!("{why} before the reply came"));
        self.end_session(close_code::terminate_reason(code));
    }

    /// One text frame from the socket.
    pub fn handle_frame(&mut self, now: Time, text: &str) {
        match self.dialect.decode(text) {
            Ok(Incoming::Reply(reply)) => self.on_reply(now, reply),
            Ok(Incoming::Event { event_id, event }) => self.on_event(event_id, event),
            // Heartbeat and notices are handled by the resilience layer (docs/protocol.md §6, §9).
            Ok(Incoming::Pong { .. } | Incoming::Notice(_)) => {}
            Err(err) => self.emit(Event::Error(SdkErrorEvent::new(err.code(), err.to_string()))),
        }
    }

    /// The deadline from [`Self::poll_timeout`] has come (or passed).
    pub fn handle_timeout(&mut self, now: Time) {
        if let Link::Connecting { deadline } = self.link {
            if now >= deadline {
                let url = self.dialect.socket_url(&self.config.base_url);
                let ms = self.config.connect_timeout_ms;
                if let Some(flow) = self.login.take() {
                    let message = format!("could not connect to {url} within {ms} ms");
                    self.resolve(flow.ticket, SdkResponse::fail("login", ErrorCode::Timeout, message));
                }
                self.close_link(close_code::NORMAL, "connect timeout");
            }
        }
        for (_, pending) in self.requests.take_expired(now) {
            let message = format!("no reply to `{}` within {} ms", pending.action, self.config.command_timeout_ms);
            let ticket = match pending.kind {
                PendingKind::Auth => self.login.take().map(|f| f.ticket),
                PendingKind::Command | PendingKind::LoginCommand => pending.ticket,
            };
            if let Some(ticket) = ticket {
                self.resolve(ticket, SdkResponse::fail(pending.action, ErrorCode::Timeout, message));
            }
            if pending.kind != PendingKind::Command {
                // Half a login is worth nothing: start clean on the next attempt.
                self.close_link(close_code::NORMAL, "login timeout");
            }
        }
    }

    /// The client is being destroyed: settle everything and close.
    pub fn handle_shutdown(&mut self, _now: Time) {
        if let Some(flow) = self.login.take() {
            self.resolve(flow.ticket, SdkResponse::fail("login", ErrorCode::Disconnected, "the client was destroyed"));
        }
        self.fail_requests(ErrorCode::Disconnected, "the client was destroyed before the reply came");
        if self.link != Link::Closed {
            self.close_link(close_code::NORMAL, "client destroyed");
        }
        self.status = AgentStatus::offline(state_action::LOGOUT);
    }

    // ---- outputs -------------------------------------------------------------------------

    /// The next thing for the shell to do; drain until `None` after every input.
    #[must_use]
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// When the engine next needs [`Self::handle_timeout`], if ever.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Time> {
        let connect = match self.link {
            Link::Connecting { deadline } => Some(deadline),
            _ => None,
        };
        [connect, self.requests.next_deadline()].into_iter().flatten().min()
    }

    // ---- internals -----------------------------------------------------------------------

    fn start_login(&mut self, now: Time, ticket: Ticket, params: LoginParams) {
        if self.login.is_some() || self.requests.any_of_kind(PendingKind::LoginCommand) {
            let message = "a login is already in progress; wait for its result";
            return self.resolve(ticket, SdkResponse::fail("login", ErrorCode::InProgress, message));
        }
        let change = Command::Login(params.clone()).status_change();
        if let Err(refused) = agent::apply(&self.status, &change) {
            return self.resolve(ticket, SdkResponse::fail("login", ErrorCode::InvalidState, refused.to_string()));
        }
        if self.link != Link::Closed {
            self.close_link(close_code::NORMAL, "new login");
        }
        self.identity = Some(Identity { tenant_id: params.tenant_id.clone(), agent_no: params.agent_no.clone() });
        self.terminated = false;
        self.last_event_id = 0;
        let deadline = now + self.config.command_timeout_ms;
        self.login = Some(LoginFlow { ticket, params, deadline });
        self.link = Link::Connecting { deadline: now + self.config.connect_timeout_ms };
        let url = self.dialect.socket_url(&self.config.base_url);
        self.out.push_back(Output::OpenSocket { url, protocol: self.dialect.subprotocol() });
    }

    fn on_reply(&mut self, now: Time, reply: Reply) {
        let Some(pending) = self.requests.remove(reply.id) else {
            // A reply after its timeout: the command already resolved (docs/protocol.md §3).
            return;
        };
        match pending.kind {
            PendingKind::Auth => self.on_auth_reply(now, reply),
            PendingKind::Command | PendingKind::LoginCommand => {
                let response = response_from_reply(pending.action, reply);
                let failed_login = pending.kind == PendingKind::LoginCommand && !response.is_ok();
                if let Some(ticket) = pending.ticket {
                    self.resolve(ticket, response);
                }
                if failed_login {
                    self.close_link(close_code::NORMAL, "login refused");
                }
            }
        }
    }

    fn on_auth_reply(&mut self, _now: Time, reply: Reply) {
        let Some(flow) = self.login.take() else { return };
        if reply.code != 0 {
            let code = reply.error_code.clone().unwrap_or_else(|| "AUTH_FAILED".to_owned());
            self.resolve(flow.ticket, SdkResponse::failed("login", &code, reply.message));
            return self.close_link(close_code::NORMAL, "authentication refused");
        }
        self.session_id = reply
            .data
            .as_ref()
            .and_then(|d| d.get("sessionId"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        self.link = Link::Open;
        let command = Command::Login(flow.params);
        let id = self.requests.insert(Pending {
            action: "login",
            ticket: Some(flow.ticket),
            deadline: flow.deadline,
            kind: PendingKind::LoginCommand,
        });
        self.send(Outgoing::Command { id, action: "login".to_owned(), params: command.wire_params() });
    }

    fn on_event(&mut self, event_id: u64, event: CatalogEvent) {
        if event_id <= self.last_event_id {
            // Already delivered (a replay overlapping what we had): exactly once means drop it.
            return;
        }
        self.last_event_id = event_id;
        match &event {
            CatalogEvent::AgentStatus(e) if self.is_me(&e.tenant_id, &e.agent_no) => {
                self.status = e.status.clone();
            }
            CatalogEvent::SessionTerminate(e) if self.is_me(&e.tenant_id, &e.agent_no) => {
                self.terminated = true;
            }
            _ => {}
        }
        self.emit(Event::Catalog(event));
    }

    fn is_me(&self, tenant_id: &str, agent_no: &str) -> bool {
        self.identity.as_ref().is_some_and(|i| i.tenant_id == tenant_id && i.agent_no == agent_no)
    }

    /// The session is over: tell the page what the gateway did not already tell it.
    fn end_session(&mut self, reason: &str) {
        self.session_id = None;
        let Some(identity) = self.identity.clone() else { return };
        if self.status.is_logged_in() {
            let action = match reason {
                "kicked" => state_action::KICKED,
                "keyInvalid" | "keyExpired" => state_action::KEY_REVOKED,
                "logout" => state_action::LOGOUT,
                _ => state_action::CONNECTION_LOST,
            };
            self.status = AgentStatus::offline(action);
            if !self.terminated {
                self.terminated = true;
                self.emit(Event::Catalog(CatalogEvent::SessionTerminate(SessionTerminateEvent {
                    tenant_id: identity.tenant_id.clone(),
                    agent_no: identity.agent_no.clone(),
                    reason: reason.to_owned(),
                })));
            }
            self.emit(Event::Catalog(CatalogEvent::AgentStatus(AgentStatusEvent {
                tenant_id: identity.tenant_id,
                agent_no: identity.agent_no,
                status: self.status.clone(),
            })));
        }
    }

    /// Closes the socket on the engine's own initiative; no close event will be reported.
    fn close_link(&mut self, code: u16, reason: &str) {
        self.out.push_back(Output::CloseSocket { code, reason: reason.to_owned() });
        self.link = Link::Closed;
        self.fail_requests(ErrorCode::Disconnected, &format!("the SDK closed the connection ({reason})"));
        self.end_session("connectionLost");
    }

    fn fail_requests(&mut self, code: ErrorCode, message: &str) {
        for (_, pending) in self.requests.drain() {
            if let Some(ticket) = pending.ticket {
                self.resolve(ticket, SdkResponse::fail(pending.action, code, message));
            }
        }
    }

    fn send(&mut self, message: Outgoing) {
        let frame = self.dialect.encode(message);
        self.out.push_back(Output::Send(frame));
    }

    fn emit(&mut self, event: Event) {
        self.out.push_back(Output::Emit(event));
    }

    /// Settles a command: its `<action>Resp` event first, then its Promise.
    fn resolve(&mut self, ticket: Ticket, response: SdkResponse) {
        self.emit(Event::Response(response.clone()));
        self.out.push_back(Output::Resolve { ticket, response });
    }
}

fn response_from_reply(action: &str, reply: Reply) -> SdkResponse {
    if reply.code == 0 {
        let mut response = SdkResponse::ok(action, reply.data);
        if !reply.message.is_empty() {
            response.message = reply.message;
        }
        response
    } else {
        let code = reply.error_code.unwrap_or_else(|| "SERVER_ERROR".to_owned());
        let mut response = SdkResponse::failed(action, &code, reply.message);
        response.code = reply.code;
        response
    }
}
