//! Command settlements held until the state they caused is known (issue 10, defect 5).
//!
//! Every reply carries `lastEventId`: the session's newest event id when the gateway sent it,
//! after the events the command caused (docs/protocol.md §3). The engine acts on a reply at once
//! (a login's session, a new key, a softphone answer), but settles its Promise, and emits its
//! `<action>Resp`, only once it has delivered the events through that id. So the page's next
//! command, after an `await`, is judged on the state the previous one caused, for every command
//! alike. A gap on the way is resumed as usual; the command's own timeout bounds the wait, and
//! then the reply settles as it came (the gateway acted: that is the outcome).

use super::{Engine, Ticket};
use crate::response::SdkResponse;
use crate::time::Time;

/// A settlement waiting for an event id.
#[derive(Debug, Clone)]
pub(super) struct Held {
    ticket: Ticket,
    response: SdkResponse,
    /// The reply's `lastEventId`.
    through: u64,
    /// The command's own deadline.
    deadline: Time,
}

impl Engine {
    /// Settles `ticket` with `response` once the events through `through` are delivered: at once
    /// when they are, or when the reply carried no `lastEventId` (a gateway older than the stamp).
    pub(super) fn settle_after(
        &mut self,
        ticket: Ticket,
        response: SdkResponse,
        through: Option<u64>,
        deadline: Time,
    ) {
        match through {
            Some(through) if through > self.last_event_id => {
                self.held.push(Held {
                    ticket,
                    response,
                    through,
                    deadline,
                });
            }
            _ => self.resolve(ticket, response),
        }
    }

    /// Settles what waited for the events delivered so far, in the order the replies came.
    pub(super) fn release_held(&mut self) {
        let last = self.last_event_id;
        self.release_where(|h| h.through <= last);
    }

    /// Settles everything held: the session ended, or its ids started again (a new session).
    pub(super) fn release_all_held(&mut self) {
        self.release_where(|_| true);
    }

    /// Settles what reached its command's deadline.
    pub(super) fn held_timeouts(&mut self, now: Time) {
        self.release_where(|h| h.deadline <= now);
    }

    /// The earliest deadline of what is held, for `poll_timeout`.
    pub(super) fn held_deadline(&self) -> Option<Time> {
        self.held.iter().map(|h| h.deadline).min()
    }

    fn release_where(&mut self, due: impl Fn(&Held) -> bool) {
        if self.held.is_empty() {
            return;
        }
        let (ready, waiting): (Vec<Held>, Vec<Held>) =
            std::mem::take(&mut self.held).into_iter().partition(due);
        self.held = waiting;
        for held in ready {
            self.resolve(held.ticket, held.response);
        }
    }
}
