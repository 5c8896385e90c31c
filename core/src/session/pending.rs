//! Requests on the wire awaiting their reply, by request id, each with its deadline.

use std::collections::BTreeMap;

use super::Ticket;
use crate::time::Time;

/// What a request is, which decides what its failure does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PendingKind {
    /// The `auth` frame of a login.
    Auth,
    /// The `login` command after `auth` succeeded.
    LoginCommand,
    /// The SDK's own `login` after a resume found the session gone (docs/protocol.md §5).
    Relogin,
    /// Any other command.
    Command,
}

/// One request awaiting its reply.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub(super) action: &'static str,
    pub(super) ticket: Option<Ticket>,
    pub(super) deadline: Time,
    pub(super) kind: PendingKind,
    /// The command's wire params when its success changes what the SDK must remember (a queue
    /// subscription, resubscribed after a lost session; a new session key, adopted once the
    /// gateway accepted it).
    pub(super) remember: Option<Remember>,
}

/// What a request's success changes in what the SDK must remember.
#[derive(Debug, Clone)]
pub(super) enum Remember {
    /// A queue subscription's wire params, resubscribed after a lost session.
    Subscription(crate::json::Params),
    /// A new session key, adopted once the gateway accepted it.
    Key(String),
}

/// The table of requests; ids increase from 1 for the engine's whole life, so a late reply to
/// an earlier connection's request can never be taken for a new one.
#[derive(Debug, Clone, Default)]
pub(super) struct Requests {
    by_id: BTreeMap<u64, Pending>,
    last_id: u64,
}

impl Pending {
    /// The `sessionKey` of a `refreshKey` request, kept in `remember`.
    pub(super) fn remembered_key(&self) -> Option<&str> {
        match &self.remember {
            Some(Remember::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// The wire params of a `subscribeQueueStatus` request, kept in `remember`.
    pub(super) fn remembered_subscription(&self) -> Option<crate::json::Params> {
        match &self.remember {
            Some(Remember::Subscription(params)) => Some(params.clone()),
            _ => None,
        }
    }
}

impl Requests {
    pub(super) fn insert(&mut self, pending: Pending) -> u64 {
        self.last_id += 1;
        self.by_id.insert(self.last_id, pending);
        self.last_id
    }

    pub(super) fn remove(&mut self, id: u64) -> Option<Pending> {
        self.by_id.remove(&id)
    }

    pub(super) fn next_deadline(&self) -> Option<Time> {
        let mut at: Option<Time> = None;
        if self.by_id.is_empty() {
            return at;
        }
        for p in self.by_id.values() {
            if at.is_none_or(|t| p.deadline < t) {
                at = Some(p.deadline);
            }
        }
        at
    }

    /// Removes and returns the requests whose deadline is `now` or earlier, oldest id first.
    pub(super) fn take_expired(&mut self, now: Time) -> Vec<(u64, Pending)> {
        let expired: Vec<u64> = self
            .by_id
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(id, _)| *id)
            .collect();
        expired
            .into_iter()
            .filter_map(|id| self.by_id.remove(&id).map(|p| (id, p)))
            .collect()
    }

    /// Removes and returns every request, oldest first.
    pub(super) fn drain(&mut self) -> Vec<(u64, Pending)> {
        std::mem::take(&mut self.by_id).into_iter().collect()
    }
}
