//! One authenticated connection (docs/protocol.md §3–§7, §9), after its `auth` reply.
//!
//! One task owns the socket and waits, in this order of priority, on: the hub stopping it
//! (overflow, replaced by a resume, the session ended), a fault from the control endpoints, the
//! server shutting down, the key's expiry and its warning, the next frame from the client, the
//! next frame to write (the resume's replay first, then the queue), and the heartbeat deadline.
//! Everything written goes through the connection's bounded queue except what must get out when
//! the queue is full or the session is over: the `overflow` notice, the terminal frames, closes;
//! and the `pong`, which this task writes itself behind what is queued (see [`Link::pong`]).
//!
//! The ping is the one frame every idle connection sends (each client every 5 s: ~4,000 a second
//! at 20,000 agents), so its path touches nothing shared: no hub lock (the ack is stored in the
//! connection's own cell, the pong's `lastEventId` is what this connection wrote) and no queue
//! (a frame pushed into one's own queue wakes one's own task while it runs, and the runtime then
//! wakes a second worker to share the "new" work: a thread switch per ping for nothing), and no
//! serde (the engine's ping is read and the pong written by [`crate::ping`]).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use agentdesk_core::protocol::v1::{ClientFrame, ServerFrame};
use agentdesk_core::protocol::{Notice, ProtocolError, Reply};
use serde_json::{json, Map, Value};
use tokio::time::{sleep_until, Instant};
use tracing::debug;

use crate::auth;
use crate::close_code;
use crate::commands::{error_reply, ok_reply, Command, RequestError};
use crate::deadlines::{Deadlines, Due};
use crate::hub::{replaced_reply, AgentKey, Attachment};
use crate::links::{Fault, FaultInbox};
use crate::port::{EndReason, SessionId};
use crate::queue::{ConnEnd, Full, Stop};
use crate::socket::{Message, Socket};
use crate::wire::{close, send, send_close, send_text, WireError};
use crate::{later, unix_ms, AppState};

/// Frames over the rate in a row before the connection is closed with 4429: a client that
/// ignores `RATE_LIMITED` replies is flooding, not bursting.
const MAX_STRIKES: u32 = 100;

/// What the `malformed` fault sends: JSON cut off in the middle, as a broken proxy would.
const MALFORMED_FRAME: &str = r#"{"type":"event","eventId":"#;

/// How the main loop ended.
enum End {
    /// Close with this code, and wait for the client's answer.
    Close(u16, &'static str),
    /// Send this close frame and leave at once (shutdown, or a connection replaced by a resume
    /// that is probably half-open).
    Leave(u16, &'static str),
    /// The queue overflowed: `overflow` notice, then close 4002 (docs/protocol.md §9).
    Overflow,
    /// The session ended: what is queued, then `frames`, then close `code`.
    Terminal {
        frames: Vec<Arc<ServerFrame>>,
        code: u16,
        reason: &'static str,
    },
    /// The client went away (closed, or the socket broke); nothing more to write.
    Gone,
    /// The `drop` fault: no close frame, the TCP connection just ends.
    Drop,
    /// The `silence` fault: keep the socket, say nothing.
    Silence,
}

/// An authenticated connection.
pub(crate) struct Link {
    socket: Socket,
    state: Arc<AppState>,
    key: AgentKey,
    session_id: SessionId,
    conn_id: u64,
    end: ConnEnd,
    faults: FaultInbox,
    /// The resume's replay not written yet; written before anything in the queue (§5).
    replay: VecDeque<Arc<ServerFrame>>,
    /// When the replay was taken: the `delay` fault counts from there.
    replay_at: Instant,
    /// A frame held back by the `delay` fault, and when it may go out.
    pending: Option<(Arc<ServerFrame>, Instant)>,
    /// The key's expiry, Unix ms; `refreshKey` moves it (§9).
    key_exp: u64,
    /// The `keyExpiring` notice for the current key went out.
    warned: bool,
    /// The connection's frame budget (None: no limit).
    budget: Option<crate::limits::FrameBudget>,
    /// Frames over the budget in a row.
    strikes: u32,
    /// The newest event id written to the socket (from the attachment's on): a pong written
    /// now may carry it as its `lastEventId` (docs/protocol.md §6).
    newest_written: u64,
    /// The newest `ack` passed on: the same ack again (an idle client's) is not.
    acked: u64,
}

impl From<Full> for End {
    fn from(_: Full) -> Self {
        Self::Overflow
    }
}

impl From<WireError> for End {
    fn from(_: WireError) -> Self {
        Self::Gone
    }
}

impl Link {
    pub(crate) fn new(
        socket: Socket,
        state: Arc<AppState>,
        key: AgentKey,
        attachment: Attachment,
        faults: FaultInbox,
        key_exp: u64,
    ) -> Self {
        let budget =
            crate::limits::FrameBudget::new(state.config.limits.frames_per_second, Instant::now());
        Self {
            socket,
            state,
            key,
            session_id: attachment.session_id,
            conn_id: attachment.conn_id,
            newest_written: attachment.last_event_id,
            acked: 0,
            end: attachment.end,
            faults,
            replay: attachment.replay.into(),
            replay_at: Instant::now(),
            pending: None,
            key_exp,
            warned: false,
            budget,
            strikes: 0,
        }
    }

    /// Serves the connection until it ends, then leaves the session to its grace period.
    pub(crate) async fn run(mut self) {
        let end = self.serve().await;
        // Detach before the last writes: a resume on another connection may take the session at
        // once, and the grace period starts now.
        self.state.edge.detach(&self.session_id, self.conn_id);
        self.finish(end).await;
    }

    async fn serve(&mut self) -> End {
        let mut expiry_handled = false;
        let idle_timeout = self.state.config.idle_timeout;
        let mut idle_at = later(Instant::now(), idle_timeout);
        let mut expiry_at = instant_at(self.key_exp);
        let mut warn_at = self.warn_at();
        // One timer for the four deadlines, set to the earliest (crate::deadlines). It moves only
        // when the earliest does; a later deadline (the heartbeat's, on every frame) is extended
        // lazily by tokio, without touching the timer wheel.
        let timer = sleep_until(idle_at);
        tokio::pin!(timer);
        loop {
            let deadlines = Deadlines {
                expiry: (!expiry_handled).then_some(expiry_at),
                warning: (!self.warned).then_some(warn_at),
                hold: self.pending.as_ref().map(|(_, due)| *due),
                idle: idle_at,
            };
            let next = deadlines.earliest();
            if timer.deadline() != next {
                timer.as_mut().reset(next);
            }
            let replay_next = self.pending.is_none() && !self.replay.is_empty();
            let queue_next = self.pending.is_none() && self.replay.is_empty();
            tokio::select! {
                // Stops first: an overflowing queue must not be written out before the close.
                biased;
                stop = std::future::poll_fn(|cx| self.end.poll_stop(cx)) => return match stop {
                    Ok(Stop::Overflow) => End::Overflow,
                    Ok(Stop::Replaced) => {
                        End::Leave(close_code::RESTARTING, "session resumed on another connection")
                    }
                    Ok(Stop::End { frames, code, reason }) => End::Terminal { frames, code, reason },
                    // The hub dropped this connection without a word: only a restart forgets
                    // sessions like that (docs/gateway.md, /control/restart).
                    Err(_) => End::Leave(close_code::RESTARTING, "server restarting"),
                },
                // The fault channel also brings the shutdown: it closes (crate::links).
                fault = self.faults.recv() => match fault {
                    Some(Fault::Drop) => return End::Drop,
                    Some(Fault::Silence) => return End::Silence,
                    Some(Fault::Restart) => return End::Leave(close_code::RESTARTING, "server restarting"),
                    Some(Fault::Malformed) => {
                        if send_text(&mut self.socket, MALFORMED_FRAME.to_owned()).await.is_err() {
                            return End::Gone;
                        }
                    }
                    None => return End::Leave(close_code::RESTARTING, "server restarting"),
                },
                () = &mut timer => match deadlines.due(Instant::now()) {
                    Some(Due::Expiry) => {
                        expiry_handled = true;
                        // The core ends the session and stops this connection with its
                        // sessionTerminate and 4503 (§7). If this connection no longer carries
                        // the session, its key still expired: close 4503 all the same.
                        let edge = Arc::clone(&self.state.edge);
                        if !edge.end(&self.session_id, self.conn_id, EndReason::KeyExpired).await {
                            return End::Close(close_code::KEY_EXPIRED, "session key expired");
                        }
                    }
                    Some(Due::Warning) => {
                        self.warned = true;
                        if self.end.push(key_expiring(self.key_exp)).is_err() {
                            return End::Overflow;
                        }
                    }
                    Some(Due::Hold) => {
                        if let Some((frame, _)) = self.pending.take() {
                            if self.write(&frame).await.is_err() {
                                return End::Gone;
                            }
                        }
                    }
                    Some(Due::Idle) => {
                        return End::Close(close_code::HEARTBEAT_TIMEOUT, "nothing received for too long");
                    }
                    // Woken early (the runtime's timer is millisecond-grained): the loop sets
                    // it again.
                    None => {}
                },
                message = self.socket.recv() => {
                    // Any frame at all, control frames included, shows the peer is alive (§6).
                    let now = Instant::now();
                    idle_at = later(now, idle_timeout);
                    let key_exp = self.key_exp;
                    let over_budget = match (&mut self.budget, &message) {
                        (Some(budget), Some(Ok(Message::Text(_) | Message::Binary(_)))) => {
                            !budget.spend(now)
                        }
                        _ => false,
                    };
                    if over_budget {
                        // Over the frame rate (docs/gateway.md §11): the frame is not acted on;
                        // a command hears why; a flood closes the connection (retryable).
                        self.strikes += 1;
                        if self.strikes > MAX_STRIKES {
                            return End::Close(close_code::RATE_LIMITED, "frame rate exceeded");
                        }
                        if let Some(Ok(Message::Text(text))) = &message {
                            if let Ok(ClientFrame::Cmd { id, .. }) = ClientFrame::parse(text.as_str()) {
                                let reply = error_reply(id, "RATE_LIMITED", "too many frames; slow down".to_owned());
                                if self.reply(reply).is_err() {
                                    return End::Overflow;
                                }
                            }
                        }
                        continue;
                    }
                    self.strikes = 0;
                    let handled = match message {
                        None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return End::Gone,
                        // A raw `Frame` is never read, only written: ignored like control frames.
                        Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => Ok(()),
                        Some(Ok(Message::Binary(_))) => {
                            let error = RequestError::BadRequest("binary frames are not part of protocol v1".into());
                            self.reply(error.reply(0)).map_err(End::from)
                        }
                        Some(Ok(Message::Text(text))) => self.handle_text(text.as_str()).await,
                    };
                    if let Err(end) = handled {
                        return end;
                    }
                    if self.key_exp != key_exp {
                        // `refreshKey` replaced the key.
                        expiry_at = instant_at(self.key_exp);
                        warn_at = self.warn_at();
                        expiry_handled = false;
                    }
                },
                () = std::future::ready(()), if replay_next => {
                    if let Some(frame) = self.replay.pop_front() {
                        if self.write_or_hold(frame, self.replay_at).await.is_err() {
                            return End::Gone;
                        }
                    }
                }
                out = std::future::poll_fn(|cx| self.end.poll_frame(cx)), if queue_next => {
                    if self.write_or_hold(out.frame, out.queued_at).await.is_err() {
                        return End::Gone;
                    }
                }
            }
        }
    }

    /// When the `keyExpiring` notice for the current key is due (docs/protocol.md §9).
    fn warn_at(&self) -> Instant {
        let warn_ms = u64::try_from(self.state.config.key_warn.as_millis()).unwrap_or(u64::MAX);
        instant_at(self.key_exp.saturating_sub(warn_ms))
    }

    /// Writes `frame` now, or holds it until the `delay` fault lets it go.
    async fn write_or_hold(
        &mut self,
        frame: Arc<ServerFrame>,
        queued_at: Instant,
    ) -> Result<(), WireError> {
        let due = later(queued_at, self.state.links.delay());
        if due <= Instant::now() {
            self.write(&frame).await
        } else {
            self.pending = Some((frame, due));
            Ok(())
        }
    }

    /// Writes one frame to the socket, noting the newest event id written.
    async fn write(&mut self, frame: &ServerFrame) -> Result<(), WireError> {
        send(&mut self.socket, frame).await?;
        if let ServerFrame::Event { event_id, .. } = frame {
            self.newest_written = self.newest_written.max(*event_id);
        }
        Ok(())
    }

    /// Handles one text frame. A frame that cannot be understood gets an error reply and the
    /// connection goes on (docs/protocol.md §1, §3). Err: how the connection ends (the queue is
    /// full, or the socket is gone).
    async fn handle_text(&mut self, text: &str) -> Result<(), End> {
        // The ping first, read without serde: most frames of an idle gateway (crate::ping).
        if let Some((ts, ack)) = crate::ping::parse_ping(text) {
            return self.ping(ts, ack).await;
        }
        let frame = match ClientFrame::parse(text) {
            Ok(frame) => frame,
            Err(ProtocolError::TooLarge { bytes, max }) => {
                // Not parsed at all: its id is unknown, so 0 (§3).
                return Ok(self.reply(RequestError::FrameTooLarge { bytes, max }.reply(0))?);
            }
            Err(e) => {
                let id = request_id(text);
                return Ok(self.reply(RequestError::BadRequest(e.to_string()).reply(id))?);
            }
        };
        match frame {
            ClientFrame::Auth { id, .. } => Ok(self.reply(
                RequestError::BadRequest("this connection is already authenticated".into())
                    .reply(id),
            )?),
            ClientFrame::Ping { ts, ack } => self.ping(ts, ack).await,
            ClientFrame::Cmd { id, action, params } => {
                Ok(self.handle_command(id, &action, &params)?)
            }
        }
    }

    /// A ping: its ack passed on, then the pong (docs/protocol.md §6).
    async fn ping(&mut self, ts: u64, ack: Option<u64>) -> Result<(), End> {
        if let Some(ack) = ack.filter(|ack| *ack > self.acked) {
            // Delivered events need not be kept for a resume any more (§5).
            self.acked = ack;
            self.state
                .edge
                .acknowledge(&self.session_id, self.conn_id, &self.end, ack);
        }
        self.pong(ts).await
    }

    /// Answers a ping (docs/protocol.md §6). The pong's `lastEventId` promises that every event
    /// up to it went out before the pong. Usually the pong is written here and now: first what
    /// is queued, then the pong stamped with the newest event this connection wrote, which
    /// keeps the promise without asking the hub. While a replay or a held frame (the `delay`
    /// fault) must go first, it joins the queue like any other frame, stamped by the hub with
    /// the session's newest id, which everything queued before it covers.
    async fn pong(&mut self, ts: u64) -> Result<(), End> {
        let direct =
            self.pending.is_none() && self.replay.is_empty() && self.state.links.delay().is_zero();
        if !direct {
            let last_event_id = self
                .state
                .edge
                .hub
                .newest_event_id(&self.session_id, self.conn_id);
            return Ok(self.end.push(ServerFrame::Pong {
                ts,
                server_ts: unix_ms(),
                last_event_id,
            })?);
        }
        while let Some(out) = self.end.try_frame() {
            self.write(&out.frame).await?;
        }
        // Written without serde (crate::ping); not an event, so `newest_written` stays.
        let pong = crate::ping::pong_json(ts, unix_ms(), Some(self.newest_written));
        Ok(send_text(&mut self.socket, pong).await?)
    }

    /// `refreshKey` is the connection's own; every other command goes to the core without
    /// waiting for it: its reply comes back through the session's queue (docs/flows.md).
    fn handle_command(
        &mut self,
        id: u64,
        action: &str,
        params: &Map<String, Value>,
    ) -> Result<(), Full> {
        if action == "refreshKey" {
            return match Command::parse(action, params) {
                Ok(Command::RefreshKey { session_key }) => self.refresh_key(id, &session_key),
                Ok(_) => Ok(()),
                Err(e) => self.reply(e.reply(id)),
            };
        }
        debug!(
            tenant_id = self.key.tenant_id,
            agent_no = self.key.agent_no,
            action,
            "command"
        );
        let handed = self.state.edge.command(
            &self.session_id,
            &self.key,
            self.conn_id,
            id,
            action,
            params,
        );
        match handed {
            Ok(true) => Ok(()),
            Ok(false) => self.end.push(replaced_reply(id)),
            Err(e) => self.reply(error_reply(id, "UNAVAILABLE", e.to_string())),
        }
    }

    /// `refreshKey` (docs/protocol.md §3, §9): a valid key of the same tenant and agent replaces
    /// the connection's key and its expiry; anything else is refused and the connection goes on
    /// with the key it had.
    fn refresh_key(&mut self, id: u64, session_key: &str) -> Result<(), Full> {
        let checked = auth::check(
            &self.state.keys,
            &self.state.config.directory,
            &self.key.tenant_id,
            &self.key.agent_no,
            session_key,
            unix_ms(),
        );
        match checked {
            Ok(claims) => {
                self.key_exp = claims.exp;
                self.warned = false;
                self.reply(ok_reply(id, json!({ "expiresAt": claims.exp })))
            }
            Err(e) => self.reply(error_reply(id, e.error_code(), e.to_string())),
        }
    }

    fn reply(&mut self, mut reply: Reply) -> Result<(), Full> {
        // The connection's own replies cause no event; stamped all the same, so every reply
        // carries the session's newest event id (docs/protocol.md §3).
        reply.last_event_id = self
            .state
            .edge
            .hub
            .newest_event_id(&self.session_id, self.conn_id);
        self.end.push(ServerFrame::Reply(reply))
    }

    /// Writes out, in order, what was due before the end: the held frame, the rest of the
    /// replay, the queue. Bounded by the queue's capacity and the history's.
    async fn flush(&mut self) -> Result<(), WireError> {
        if let Some((frame, _)) = self.pending.take() {
            self.write(&frame).await?;
        }
        while let Some(frame) = self.replay.pop_front() {
            self.write(&frame).await?;
        }
        while let Some(out) = self.end.try_frame() {
            self.write(&out.frame).await?;
        }
        Ok(())
    }

    async fn finish(mut self, end: End) {
        match end {
            End::Leave(code, reason) => {
                let _ = send_close(&mut self.socket, code, reason).await;
            }
            End::Close(code, reason) => close(&mut self.socket, code, reason).await,
            End::Overflow => {
                // The priority path: straight to the socket, past the full queue (§9).
                let notice = Notice {
                    kind: "overflow".to_owned(),
                    message: format!("send queue over {} frames", self.end.capacity()),
                    fields: Map::new(),
                };
                if send(&mut self.socket, &ServerFrame::Notice(notice))
                    .await
                    .is_ok()
                {
                    close(
                        &mut self.socket,
                        close_code::OVERFLOW,
                        "send queue overflowed",
                    )
                    .await;
                }
            }
            End::Terminal {
                frames,
                code,
                reason,
            } => {
                if self.flush().await.is_err() {
                    return;
                }
                for frame in frames {
                    if send(&mut self.socket, &frame).await.is_err() {
                        return;
                    }
                }
                close(&mut self.socket, code, reason).await;
            }
            End::Gone | End::Drop => {}
            End::Silence => stay_silent(&mut self.socket, &self.state, &mut self.faults).await,
        }
    }
}

/// The `silence` fault: a half-open link. The socket stays open but nothing is written, no ping
/// answered; what the client sends is read and ignored. It ends, without a word, when the client
/// goes away, `drop` or `restart` is asked, the gateway stops, or nothing has been heard for the
/// heartbeat timeout (§6). A silenced connection no longer carries its session, so a resume on a
/// new connection finds it.
pub(crate) async fn stay_silent(socket: &mut Socket, state: &AppState, faults: &mut FaultInbox) {
    let idle = sleep_until(later(Instant::now(), state.config.idle_timeout));
    tokio::pin!(idle);
    loop {
        tokio::select! {
            // A closed fault channel is the shutdown (crate::links).
            fault = faults.recv() => match fault {
                Some(Fault::Drop | Fault::Restart) | None => return,
                Some(Fault::Silence | Fault::Malformed) => {}
            },
            message = socket.recv() => match message {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => idle.as_mut().reset(later(Instant::now(), state.config.idle_timeout)),
            },
            () = &mut idle => return,
        }
    }
}

/// The `keyExpiring` notice (docs/protocol.md §9).
fn key_expiring(expires_at: u64) -> ServerFrame {
    let mut fields = Map::new();
    fields.insert("expiresAt".into(), json!(expires_at));
    ServerFrame::Notice(Notice {
        kind: "keyExpiring".to_owned(),
        message: "the session key expires soon; send refreshKey with a fresh key".to_owned(),
        fields,
    })
}

/// The monotonic instant at which the wall clock reads `unix_ms_at` (now, if it has passed).
fn instant_at(unix_ms_at: u64) -> Instant {
    later(
        Instant::now(),
        Duration::from_millis(unix_ms_at.saturating_sub(unix_ms())),
    )
}

/// The `id` of a frame that could not be parsed as a whole, or 0 when it has none (§3). The
/// frame is within the size limit here: `ClientFrame::parse` checked that first.
pub(crate) fn request_id(text: &str) -> u64 {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("id")?.as_u64())
        .unwrap_or(0)
}
