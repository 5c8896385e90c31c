//! Voxsig's presence (seed 001 "Publishing Presence"): a console keeps its user online by sending
//! `update_presence` every 30 s; a user not heard from for longer goes offline. The core adds
//! what it knows: every logged-in agent is present with its availability (`online` or `busy`).
//! [`Seen`] keeps the first half, sans-IO (time is an argument); [`presence_update`] writes the
//! `presence.update` broadcast from both.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::super::happening::Presence;
use super::super::table::Built;
use super::mapping::Ctx;
use super::objects::availability;
use super::room::PRESENCE_INTERVAL_S;

/// Users that said `update_presence`, by Voxsig user id, with when they last did (Unix ms).
#[derive(Debug, Clone, Default)]
pub struct Seen {
    last: BTreeMap<u64, i64>,
}

fn window_ms() -> i64 {
    i64::try_from(PRESENCE_INTERVAL_S * 1000).unwrap_or(i64::MAX)
}

impl Seen {
    /// `user` said it is online at `now_ms`; true when it was not online before (presence
    /// changed and must be told).
    pub fn update(&mut self, user: u64, now_ms: i64) -> bool {
        let was = self.is_online(user, now_ms);
        self.last.insert(user, now_ms);
        !was
    }

    /// True while `user`'s last `update_presence` is at most 30 s old.
    pub fn is_online(&self, user: u64, now_ms: i64) -> bool {
        self.last
            .get(&user)
            .is_some_and(|t| now_ms - t <= window_ms())
    }

    /// Forgets the users silent for more than 30 s at `now_ms` and returns them.
    pub fn expire(&mut self, now_ms: i64) -> Vec<u64> {
        let gone: Vec<u64> = self
            .last
            .iter()
            .filter(|(_, t)| now_ms - **t > window_ms())
            .map(|(u, _)| *u)
            .collect();
        for user in &gone {
            self.last.remove(user);
        }
        gone
    }

    /// Adds the users online by their own word and absent from `users` (the core's roster
    /// wins: an agent on a call is `busy` whatever its console says).
    pub fn merge(&self, users: &mut Map<String, Value>, now_ms: i64) {
        for user in self.last.keys().filter(|u| self.is_online(**u, now_ms)) {
            users
                .entry(user.to_string())
                .or_insert_with(|| Value::String("online".into()));
        }
    }
}

/// The `users` of `presence.update`: every agent of `roster` not offline, by user id, with its
/// availability, then the users online by their own `update_presence`.
pub fn users(
    ctx: &mut Ctx,
    roster: &BTreeMap<String, Presence>,
    now_ms: i64,
) -> Map<String, Value> {
    let mut users: Map<String, Value> = roster
        .iter()
        .filter(|(_, p)| availability(**p) != "offline")
        .map(|(no, p)| {
            (
                ctx.book.user_id(no).to_string(),
                Value::String(availability(*p).into()),
            )
        })
        .collect();
    ctx.seen.merge(&mut users, now_ms);
    users
}

/// The `presence.update` broadcast to the account (seed 001), for `roster` at `now_ms`.
pub fn presence_update(ctx: &mut Ctx, roster: &BTreeMap<String, Presence>, now_ms: i64) -> Built {
    let users = users(ctx, roster, now_ms);
    let data = json!({ "account_id": ctx.account_id, "users": users, "contacts": {} });
    Built {
        address: format!("account:{}", ctx.account_id),
        payload: json!({ "event": "presence.update", "data": data }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_online_for_thirty_seconds_after_each_update_presence() {
        let mut s = Seen::default();
        assert!(s.update(1009, 0), "first word: presence changed");
        assert!(!s.update(1009, 10_000), "still online");
        assert!(s.is_online(1009, 40_000) && !s.is_online(1009, 40_001));
        assert!(s.expire(40_000).is_empty());
        assert_eq!(s.expire(40_001), [1009]);
        assert!(s.update(1009, 50_000), "back after going offline");
    }

    #[test]
    fn the_core_roster_wins_and_seen_users_fill_in() {
        let mut ctx = Ctx::new(7);
        let _ = ctx.seen.update(1009, 0);
        let _ = ctx.seen.update(1001, 0);
        let roster = BTreeMap::from([
            ("1001".to_owned(), Presence::Busy),
            ("1002".to_owned(), Presence::Offline),
        ]);
        let built = presence_update(&mut ctx, &roster, 1_000);
        assert_eq!(built.address, "account:7");
        assert_eq!(built.payload["event"], "presence.update");
        assert_eq!(
            built.payload["data"]["users"],
            json!({"1001": "busy", "1009": "online"})
        );
        assert_eq!(
            users(&mut ctx, &roster, 31_001),
            json!({"1001": "busy"})
                .as_object()
                .cloned()
                .unwrap_or_default()
        );
    }
}
