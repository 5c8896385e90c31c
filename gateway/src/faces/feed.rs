//! One tenant as the dialect faces see it (docs/dialects.md §1, §7): the core's tap goes through
//! one [`Observer`] into happenings, and each happening through the four mapping tables of
//! `agentdesk_core::dialects` into frames, which fan out to the tenant's connections:
//!
//! - Voki, Voxsig and Qubicle frames on one broadcast channel each (a connection filters by what
//!   it joined, subscribed or bound); Voki's presence topics go through a Phoenix Presence
//!   tracker each, so a join gets `presence_state` and later changes `presence_diff`;
//! - GlobeMeet frames into the tenant's resumable [`History`]; a connection reads it from its own
//!   position (`globemeet.rs`), woken by the history's head.
//!
//! Everything is rendered whether or not a connection listens, so ids (Voxsig's integers,
//! GlobeMeet's event ids, Voki's presence refs) and the history do not depend on who is there.
//! One lock guards the tenant's state; a join or a resume reads under it, so nothing falls
//! between its snapshot and the live frames after it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use agentdesk_core::dialects::globemeet::{self, History};
use agentdesk_core::dialects::phoenix::frame::event as phx;
use agentdesk_core::dialects::phoenix::{self, Tracker};
use agentdesk_core::dialects::{actioncable, kazoo, Observer, Stamped};
use serde_json::{Map, Value};
use tokio::sync::{broadcast, watch};

use crate::directory::Accounts;
use crate::port::Tap;

/// This edge's clock, Unix ms.
fn wall_ms() -> i64 {
    i64::try_from(crate::unix_ms()).unwrap_or(i64::MAX)
}

/// Frames a connection may fall behind on a broadcast channel before it is dropped as lagging.
const BROADCAST_DEPTH: usize = 4096;

/// A Voki push to a topic's subscribers.
#[derive(Debug)]
pub(crate) struct VokiOut {
    /// The tenant's Voki frame counter: a presence join skips the diffs its state already holds.
    pub(crate) seq: u64,
    pub(crate) topic: String,
    pub(crate) event: String,
    pub(crate) payload: Map<String, Value>,
}

/// A Voxsig broadcast: its audience (`account:{id}` or `user:{id}`) and its `message`.
#[derive(Debug)]
pub(crate) struct VoxsigOut {
    pub(crate) address: String,
    pub(crate) message: Value,
}

/// A Qubicle event: its routing key, name and data.
#[derive(Debug)]
pub(crate) struct QubicleOut {
    pub(crate) routing_key: String,
    pub(crate) name: String,
    pub(crate) data: Value,
}

/// The next frame of a connection's tenant, or never before it has one (a Voxsig or Qubicle
/// connection learns its tenant from its first accepted token).
pub(crate) async fn listen<T: Clone>(
    feed: &mut Option<(Arc<TenantFeed>, broadcast::Receiver<T>)>,
) -> Result<T, broadcast::error::RecvError> {
    match feed {
        Some((_, rx)) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// What the lock guards.
pub(crate) struct State {
    /// The whole snapshot this edge asked for has come: taps before it are covered by it.
    synced: bool,
    pub(crate) observer: Observer,
    voki: phoenix::mapping::Ctx,
    presence: BTreeMap<String, Tracker>,
    voki_seq: u64,
    pub(crate) voxsig: actioncable::mapping::Ctx,
    qubicle: kazoo::mapping::Ctx,
    pub(crate) history: History,
    refs: String,
}

/// One tenant's faces.
pub(crate) struct TenantFeed {
    pub(crate) tenant: String,
    pub(crate) accounts: Accounts,
    /// The core's clock less this edge's, as the last tap showed it: the faces keep time on the
    /// core's clock (a simulator may run on a fixed epoch), so their stamps and ages agree with
    /// the happenings'.
    offset_ms: AtomicI64,
    state: Mutex<State>,
    voki: broadcast::Sender<Arc<VokiOut>>,
    voxsig: broadcast::Sender<Arc<VoxsigOut>>,
    qubicle: broadcast::Sender<Arc<QubicleOut>>,
    head: watch::Sender<u64>,
}

impl std::fmt::Debug for TenantFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TenantFeed")
            .field("tenant", &self.tenant)
            .finish_non_exhaustive()
    }
}

impl TenantFeed {
    /// A tenant not synced yet. `epoch` names this edge's run: GlobeMeet's event ids and Voki's
    /// presence refs carry it, so ids of a past run are told apart (research §4.2 "epoch").
    pub(crate) fn new(tenant: &str, accounts: Accounts, epoch: &str) -> Self {
        let state = State {
            synced: false,
            observer: Observer::new(),
            voki: phoenix::mapping::Ctx::default(),
            presence: BTreeMap::new(),
            voki_seq: 0,
            voxsig: actioncable::mapping::Ctx::new(accounts.voxsig),
            qubicle: kazoo::mapping::Ctx::new(&accounts.qubicle),
            history: History::new(
                epoch,
                globemeet::history::DEFAULT_MAX_EVENTS,
                globemeet::history::DEFAULT_MAX_AGE_MS,
            ),
            refs: epoch.to_owned(),
        };
        Self {
            tenant: tenant.to_owned(),
            accounts,
            offset_ms: AtomicI64::new(0),
            state: Mutex::new(state),
            voki: broadcast::channel(BROADCAST_DEPTH).0,
            voxsig: broadcast::channel(BROADCAST_DEPTH).0,
            qubicle: broadcast::channel(BROADCAST_DEPTH).0,
            head: watch::channel(0).0,
        }
    }

    /// Now, on the core's clock (Unix ms).
    pub(crate) fn now_ms(&self) -> i64 {
        wall_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The state, locked.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new Voki listener.
    pub(crate) fn voki(&self) -> broadcast::Receiver<Arc<VokiOut>> {
        self.voki.subscribe()
    }

    /// A new Voxsig listener.
    pub(crate) fn voxsig(&self) -> broadcast::Receiver<Arc<VoxsigOut>> {
        self.voxsig.subscribe()
    }

    /// A new Qubicle listener.
    pub(crate) fn qubicle(&self) -> broadcast::Receiver<Arc<QubicleOut>> {
        self.qubicle.subscribe()
    }

    /// The GlobeMeet history's head, which moves with every event.
    pub(crate) fn head(&self) -> watch::Receiver<u64> {
        self.head.subscribe()
    }

    /// One tap of the core. Before this edge's snapshot (`sync_for` = `edge`) a step's tap is
    /// skipped: the snapshot covers it.
    pub(crate) fn take(&self, tap: &Tap, edge: &str) {
        self.offset_ms
            .store(tap.at_ms.saturating_sub(wall_ms()), Ordering::Relaxed);
        let mut st = self.lock();
        match &tap.sync_for {
            Some(to) if to == edge => st.synced = true,
            Some(_) => return,
            None if !st.synced => return,
            None => {}
        }
        for feed in &tap.feed {
            let happened = st.observer.handle(tap.at_ms, feed);
            self.render(&mut st, &happened);
        }
    }

    /// Every frame `happened` becomes, out to the listeners.
    pub(crate) fn render(&self, st: &mut State, happened: &[Stamped]) {
        for h in happened {
            for r in phoenix::mapping::render(h, &mut st.voki) {
                self.voki_out(st, r.row.event, r.built.address, r.built.payload);
            }
            for r in actioncable::mapping::render(h, &mut st.voxsig) {
                let _ = self.voxsig.send(Arc::new(VoxsigOut {
                    address: r.built.address,
                    message: r.built.payload,
                }));
            }
            for r in kazoo::mapping::render(h, &mut st.qubicle) {
                let data = r.built.payload.get("data").cloned().unwrap_or(Value::Null);
                let name = r.row.event.to_owned();
                let _ = self.qubicle.send(Arc::new(QubicleOut {
                    routing_key: r.built.address,
                    name,
                    data,
                }));
            }
            for r in globemeet::mapping::render(h, &mut globemeet::mapping::Ctx) {
                let event = globemeet::mapping::event_name(r.row);
                let _ = st
                    .history
                    .push(h.at_ms, &r.built.address, &event, r.built.payload);
            }
        }
        self.head.send_if_modified(|seq| {
            let last = st.history.last_seq();
            std::mem::replace(seq, last) != last
        });
    }

    /// A Voki frame out; presence rows go through their topic's tracker first.
    fn voki_out(&self, st: &mut State, event: &str, topic: String, payload: Value) {
        let payload = if event == phx::PRESENCE_DIFF {
            let tracker = st
                .presence
                .entry(topic.clone())
                .or_insert_with(|| Tracker::new(&st.refs));
            let key = payload
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let diff = match payload.get("meta").and_then(Value::as_object) {
                Some(meta) => tracker.track(key, meta.clone()),
                None => tracker.untrack(key),
            };
            if diff.is_empty() {
                return;
            }
            diff.to_value()
        } else {
            payload
        };
        let Value::Object(payload) = payload else {
            return;
        };
        st.voki_seq += 1;
        let out = VokiOut {
            seq: st.voki_seq,
            topic,
            event: event.to_owned(),
            payload,
        };
        let _ = self.voki.send(Arc::new(out));
    }

    /// A Voki join of `topic`: the position after which its pushes are new to the joiner, and
    /// for a presence topic its `presence_state`.
    pub(crate) fn voki_join(&self, topic: &str) -> (u64, Option<Value>) {
        let st = self.lock();
        let state = topic.starts_with("presence:").then(|| {
            st.presence
                .get(topic)
                .map_or_else(|| Value::Object(Map::new()), |t| t.state().to_value())
        });
        (st.voki_seq, state)
    }

    /// Voxsig user `user` said `update_presence` now: a `presence.update` when that made them
    /// online.
    pub(crate) fn voxsig_seen(&self, user: u64) {
        let now_ms = self.now_ms();
        let mut st = self.lock();
        if st.voxsig.seen.update(user, now_ms) {
            self.voxsig_presence(&mut st, now_ms);
        }
    }

    fn voxsig_presence(&self, st: &mut State, now_ms: i64) {
        let roster = st.observer.roster();
        let built = actioncable::presence::presence_update(&mut st.voxsig, &roster, now_ms);
        let _ = self.voxsig.send(Arc::new(VoxsigOut {
            address: built.address,
            message: built.payload,
        }));
    }

    /// The faces' clock: Voxsig users silent for 30 s go offline; with `sync`, Qubicle's
    /// periodic `sync` of every logged-in recipient.
    pub(crate) fn tick(&self, sync: bool) {
        self.tick_at(self.now_ms(), sync);
    }

    fn tick_at(&self, now_ms: i64, sync: bool) {
        let mut st = self.lock();
        if !st.synced {
            return;
        }
        if !st.voxsig.seen.expire(now_ms).is_empty() {
            self.voxsig_presence(&mut st, now_ms);
        }
        if sync {
            let happened = st.observer.sync(now_ms);
            self.render(&mut st, &happened);
        }
    }

    /// True when agent `agent_no` is on call `call_id` now, or (`any`) anyone of the tenant is.
    pub(crate) fn on_call(&self, agent_no: Option<&str>, call_id: &str) -> bool {
        let st = self.lock();
        let on = st.observer.statuses().any(|(agent, _, call, _)| {
            call == Some(call_id) && agent_no.is_none_or(|a| a == agent.agent_no)
        });
        on
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use agentdesk_core::dialects::Feed;
    use agentdesk_core::events::CatalogEvent;
    use serde_json::json;

    fn status(agent: &str, state: &str, action: &str) -> Feed {
        let event = CatalogEvent::from_value(json!({"eventType": "agentStatus", "tenantId": "t1", "agentNo": agent,
            "status": {"state": state, "stateAction": action, "initialStatus": 1, "deviceStatus": 0}})).unwrap();
        Feed::Event {
            agent_no: agent.into(),
            event,
        }
    }

    fn queues() -> Feed {
        let status = serde_json::from_value(json!({"queueStatus": {"q1": {
            "queueParams": {"queueNo": "q1", "name": "Sales", "waiting": 0},
            "agentStatuses": [{"agentNo": "1001", "name": "Ada"}], "queueEntries": []}}}))
        .unwrap();
        Feed::Queues {
            whole: true,
            status,
        }
    }

    fn tap(sync_for: Option<&str>, feed: Vec<Feed>) -> Tap {
        Tap {
            tenant: "t1".into(),
            sync_for: sync_for.map(str::to_owned),
            at_ms: 1_000,
            feed,
        }
    }

    fn feed() -> TenantFeed {
        TenantFeed::new(
            "t1",
            Accounts {
                voxsig: 1,
                qubicle: "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4".into(),
            },
            "e1",
        )
    }

    #[test]
    fn taps_before_this_edges_snapshot_are_skipped_and_the_snapshot_starts_the_feed() {
        let f = feed();
        let mut voki = f.voki();
        f.take(
            &tap(None, vec![queues(), status("1001", "idle", "login")]),
            "edge-a",
        );
        f.take(
            &tap(
                Some("edge-b"),
                vec![queues(), status("1001", "idle", "login")],
            ),
            "edge-a",
        );
        assert!(
            voki.try_recv().is_err(),
            "nothing before this edge's snapshot"
        );
        f.take(
            &tap(
                Some("edge-a"),
                vec![queues(), status("1001", "idle", "login")],
            ),
            "edge-a",
        );
        let first = voki.try_recv().unwrap();
        assert_eq!(
            (first.topic.as_str(), first.event.as_str()),
            ("queue:q1", "queue_update")
        );
        let out = voki.try_recv().unwrap();
        assert_eq!(
            (out.topic.as_str(), out.event.as_str()),
            ("presence:q1", "presence_diff")
        );
        assert_eq!(out.payload["joins"]["1001"]["metas"][0]["name"], "Ada");
        let (seq, state) = f.voki_join("presence:q1");
        assert_eq!(seq, out.seq);
        assert_eq!(state.unwrap()["1001"]["metas"][0]["status"], "online");
        assert!(
            f.head().borrow().to_owned() > 0,
            "GlobeMeet's history moved"
        );
    }

    #[test]
    fn a_repeated_status_changes_no_presence_and_a_logout_leaves() {
        let f = feed();
        f.take(
            &tap(Some("e"), vec![queues(), status("1001", "idle", "login")]),
            "e",
        );
        let mut voki = f.voki();
        f.take(&tap(None, vec![status("1001", "idle", "login")]), "e");
        assert!(voki.try_recv().is_err());
        f.take(&tap(None, vec![status("1001", "offline", "logout")]), "e");
        let out = std::iter::from_fn(|| voki.try_recv().ok())
            .find(|o| o.event == "presence_diff")
            .unwrap();
        assert!(
            out.payload["leaves"]["1001"].is_object(),
            "{:?}",
            out.payload
        );
    }

    #[test]
    fn update_presence_puts_a_voxsig_user_online_until_thirty_seconds_of_silence() {
        let f = feed();
        f.take(&tap(Some("e"), vec![queues()]), "e");
        let mut voxsig = f.voxsig();
        f.voxsig_seen(1009);
        let m = voxsig.try_recv().unwrap();
        assert_eq!(m.message["data"]["users"]["1009"], "online");
        f.voxsig_seen(1009);
        assert!(voxsig.try_recv().is_err(), "still online: nothing new");
        f.tick_at(f.now_ms() + 30_001, false);
        let m = voxsig.try_recv().unwrap();
        assert!(m.message["data"]["users"].get("1009").is_none());
    }
}
