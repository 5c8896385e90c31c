//! The session key: which one authenticates the next connection, and when a new one from
//! `updateSessionKey` is adopted (docs/protocol.md §2, §3 `refreshKey`, §9).
//!
//! A key is adopted only once the gateway accepted it: by a `refreshKey` reply on an open link,
//! or by the `auth` of a reconnect that offered it. Until then it is a *candidate*, and the key
//! that last worked stays. A refused candidate is dropped, and the next attempt goes back to the
//! key that works, so a bad key from the page can neither end the session nor make every
//! reconnect fail (issue 10, defect 4).

use super::{Engine, Queued, Ticket};
use crate::command::Command;
use crate::json::ObjectWriter;
use crate::response::{ErrorCode, SdkResponse};
use crate::time::Time;

/// Largest session key the SDK sends, in bytes. Keys travel in the `auth` frame, which must stay
/// within the protocol's 64 KiB (docs/protocol.md §1); 8 KiB is the common limit of an HTTP
/// header, where such tokens also travel (nginx's `large_client_header_buffers` default), and
/// some 30 times the gateway's own keys.
pub const MAX_SESSION_KEY_BYTES: usize = 8 * 1024;

const ACTION: &str = "updateSessionKey";

/// A key from the page that the gateway has not judged yet.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) key: String,
    /// The `updateSessionKey` Promise waiting for the verdict, until its timeout.
    pub(super) ticket: Option<Ticket>,
    pub(super) deadline: Option<Time>,
}

/// The refusal of a key over [`MAX_SESSION_KEY_BYTES`], or `None`.
pub(super) fn oversized(action: &str, key: &str) -> Option<SdkResponse> {
    (key.len() > MAX_SESSION_KEY_BYTES).then(|| {
        let message = crate::text!(
            "the session key is ",
            key.len(),
            " bytes; at most ",
            MAX_SESSION_KEY_BYTES,
            " are accepted (it travels in the auth frame)"
        );
        SdkResponse::fail(action, ErrorCode::KeyTooLarge, message)
    })
}

/// `errorCode`s of a refused key: a candidate refused with one of these is dropped and the
/// session goes on with the key it had.
const KEY_REFUSALS: [&str; 4] = [
    "KEY_INVALID",
    "KEY_EXPIRED",
    "KEY_REVOKED",
    "TENANT_MISMATCH",
];

impl Engine {
    /// `updateSessionKey(key)` of a logged-in session.
    pub(super) fn update_session_key(&mut self, now: Time, ticket: Ticket, key: String) {
        if let Some(refused) = oversized(ACTION, &key) {
            return self.resolve(ticket, refused);
        }
        match (self.life.is_open(), self.life.can_send()) {
            (true, true) => self.send_command(now, ticket, Command::UpdateSessionKey(key)),
            (true, false) => {
                // Authenticated, the session not yet whole again: sent with the other waiting
                // commands.
                let deadline = now + self.config.command_timeout_ms;
                self.queued.push_back(Queued {
                    ticket,
                    command: Command::UpdateSessionKey(key),
                    deadline,
                });
            }
            _ => {
                // No link to ask: the next `auth` offers it; the old key may be expiring.
                let deadline = Some(now + self.config.command_timeout_ms);
                let earlier = self.set_candidate(Candidate {
                    key,
                    ticket: Some(ticket),
                    deadline,
                });
                if let Some(earlier) = earlier {
                    let message = "a newer key was given before the gateway could check this one";
                    self.resolve(earlier, SdkResponse::failed(ACTION, "SUPERSEDED", message));
                }
            }
        }
    }

    /// Replaces the candidate; returns the ticket of the one it replaced, still to settle.
    pub(super) fn set_candidate(&mut self, candidate: Candidate) -> Option<Ticket> {
        let session = self.life.session_mut()?;
        session.candidate.replace(candidate).and_then(|c| c.ticket)
    }

    /// The key for the next `auth`: the candidate if there is one, else the adopted key.
    pub(super) fn key_for_auth(&mut self) -> Option<String> {
        let session = self.life.session_mut()?;
        session.auth_offers_candidate = session.candidate.is_some();
        Some(
            session
                .candidate
                .as_ref()
                .map_or_else(|| session.session_key.clone(), |c| c.key.clone()),
        )
    }

    /// True when the key of the running connection's `auth` was a candidate that may still be
    /// replaced by the page, so a close for an expired key is worth one more try.
    pub(super) fn has_candidate(&self) -> bool {
        self.life.session().is_some_and(|s| s.candidate.is_some())
    }

    /// The `auth` succeeded (its `data.expiresAt`: `expires_at`): a candidate it offered is now
    /// the key.
    pub(super) fn auth_accepted_key(&mut self, expires_at: Option<u64>) {
        let Some(session) = self.life.session_mut() else {
            return;
        };
        if !std::mem::take(&mut session.auth_offers_candidate) {
            return;
        }
        let Some(candidate) = session.candidate.take() else {
            return;
        };
        session.session_key = candidate.key;
        if let Some(ticket) = candidate.ticket {
            let data = match expires_at {
                Some(at) => ObjectWriter::new().uint("expiresAt", at),
                None => ObjectWriter::new().raw("expiresAt", "null"),
            };
            let mut response = SdkResponse::ok(ACTION, Some(data.finish_json()));
            response.message = "accepted by the gateway at the reconnect".to_owned();
            self.resolve(ticket, response);
        }
    }

    /// The `auth` was refused with `code`: true when that was about a candidate it offered,
    /// which is then dropped (its Promise told why), so the next attempt uses the old key.
    pub(super) fn auth_refused_candidate(&mut self, code: &str, message: &str) -> bool {
        let Some(session) = self.life.session_mut() else {
            return false;
        };
        if !std::mem::take(&mut session.auth_offers_candidate) || !KEY_REFUSALS.contains(&code) {
            return false;
        }
        if let Some(ticket) = session.candidate.take().and_then(|c| c.ticket) {
            self.resolve(ticket, SdkResponse::failed(ACTION, code, message));
        }
        true
    }

    /// A successful `refreshKey` reply: its key, kept in the request, is adopted.
    pub(super) fn refresh_accepted(&mut self, key: Option<&str>) {
        if let (Some(session), Some(key)) = (self.life.session_mut(), key) {
            session.session_key = key.to_owned();
        }
    }

    /// A `refreshKey` on the wire when the link went: the gateway may or may not have seen it, so
    /// its key becomes the candidate of the next `auth` (unless the page gave a newer one).
    pub(super) fn refresh_cut_off(&mut self, key: Option<&str>) {
        let (Some(session), Some(key)) = (self.life.session_mut(), key) else {
            return;
        };
        if session.candidate.is_none() {
            session.candidate = Some(Candidate {
                key: key.to_owned(),
                ticket: None,
                deadline: None,
            });
        }
    }

    /// The candidate's Promise at its timeout: the link is still down. The key stays the
    /// candidate of the next `auth`, since the old key may expire before the link is back.
    pub(super) fn candidate_timeouts(&mut self, now: Time) {
        let Some(candidate) = self.life.session_mut().and_then(|s| s.candidate.as_mut()) else {
            return;
        };
        if candidate.deadline.is_none_or(|d| d > now) {
            return;
        }
        candidate.deadline = None;
        if let Some(ticket) = candidate.ticket.take() {
            let message = crate::text!(
                "the connection is down: the gateway could not check the key within ",
                self.config.command_timeout_ms,
                " ms; it will be offered at the next reconnect"
            );
            self.resolve(
                ticket,
                SdkResponse::fail(ACTION, ErrorCode::Timeout, message),
            );
        }
    }

    /// The candidate's deadline, for `poll_timeout`.
    pub(super) fn candidate_deadline(&self) -> Option<Time> {
        self.life
            .session()
            .and_then(|s| s.candidate.as_ref())
            .and_then(|c| c.deadline)
    }

    /// The session is going away: a candidate's Promise is told.
    pub(super) fn drop_candidate(&mut self, message: &str) {
        if let Some(ticket) = self
            .life
            .session_mut()
            .and_then(|s| s.candidate.take())
            .and_then(|c| c.ticket)
        {
            self.resolve(
                ticket,
                SdkResponse::fail(ACTION, ErrorCode::Disconnected, message),
            );
        }
    }
}
