//! Requests on the wire awaiting their reply, by request id, each with its deadline.

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
///
/// A `Vec` in id order, not a `BTreeMap`: ids only grow, so a push keeps the order, and the
/// table holds a handful of requests at most; a `BTreeMap` cost the wasm ~9 KB of tree code.
#[derive(Debug, Clone, Default)]
pub(super) struct Requests {
    by_id: Vec<(u64, Pending)>,
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
        self.by_id.push((self.last_id, pending));
        self.last_id
    }

    pub(super) fn remove(&mut self, id: u64) -> Option<Pending> {
        let at = self.by_id.iter().position(|(i, _)| *i == id)?;
        Some(self.by_id.remove(at).1)
    }

    pub(super) fn next_deadline(&self) -> Option<Time> {
        let mut at: Option<Time> = None;
        for (_, p) in &self.by_id {
            if at.is_none_or(|t| p.deadline < t) {
                at = Some(p.deadline);
            }
        }
        at
    }

    /// Removes and returns the requests whose deadline is `now` or earlier, oldest id first.
    pub(super) fn take_expired(&mut self, now: Time) -> Vec<(u64, Pending)> {
        let (expired, waiting) = std::mem::take(&mut self.by_id)
            .into_iter()
            .partition(|(_, p)| p.deadline <= now);
        self.by_id = waiting;
        expired
    }

    /// Removes and returns every request, oldest first.
    pub(super) fn drain(&mut self) -> Vec<(u64, Pending)> {
        std::mem::take(&mut self.by_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(deadline: u64) -> Pending {
        Pending {
            action: "ping",
            ticket: None,
            deadline: Time(deadline),
            kind: PendingKind::Command,
            remember: None,
        }
    }

    fn ids(list: &[(u64, Pending)]) -> Vec<u64> {
        list.iter().map(|(id, _)| *id).collect()
    }

    #[test]
    fn requests_keep_id_order_through_removes_expiry_and_drain() {
        let mut requests = Requests::default();
        let deadlines = [50, 10, 30, 20, 40];
        for d in deadlines {
            requests.insert(pending(d));
        }
        assert_eq!(requests.next_deadline(), Some(Time(10)));
        assert_eq!(requests.remove(2).map(|p| p.deadline), Some(Time(10)));
        assert!(requests.remove(2).is_none(), "a reply to a settled request finds nothing");
        assert_eq!(requests.next_deadline(), Some(Time(20)));
        // Oldest id first, not earliest deadline first; the rest stay in order.
        assert_eq!(ids(&requests.take_expired(Time(35))), [3, 4]);
        assert!(requests.take_expired(Time(35)).is_empty());
        assert_eq!(requests.insert(pending(5)), 6, "ids are never reused");
        assert_eq!(ids(&requests.drain()), [1, 5, 6]);
        assert_eq!(requests.next_deadline(), None);
    }
}
