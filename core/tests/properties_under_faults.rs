//! Property tests of the engine (issue 10): a logged-in engine against the fake gateway of
//! `common/fake_gateway.rs`, under random interleavings of events, frames lost, repeated and
//! reordered, links cut, a gateway down or restarted, history trimmed, time passing, the browser
//! going online and the page's commands. Whatever happens:
//!
//! 1. every event id is delivered exactly once and in order, or a `resync` says what was lost;
//!    once the link heals, the page has everything the gateway sent since;
//! 2. no command Promise stays pending past its timeout (`commandTimeoutMs` from the call);
//! 3. no timer survives logout or destroy;
//! 4. no reconnect loop without backoff: at most 3 connection attempts in any virtual second,
//!    beyond those an input asked for (a login, the browser's `online`).
//!
//! `PROPTEST_CASES` sets the number of cases (48 in the normal test run, a few seconds);
//! `bash scripts/properties.sh N` runs N.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::fake_gateway::{Seen, World, GOOD_KEY, TIMEOUT_MS};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::json;

/// Cases in the normal test run.
const DEFAULT_CASES: u32 = 48;

#[derive(Debug, Clone)]
enum Step {
    Deliver(usize),
    Duplicate,
    Reorder,
    Lose,
    Cut,
    Down(bool),
    Restart,
    Trim,
    Happen,
    Tick(u64),
    Online,
    Pause,
    Unpause,
    Hangup,
    NewKey(bool),
    Logout,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => (1usize..6).prop_map(Step::Deliver),
        2 => Just(Step::Duplicate),
        2 => Just(Step::Reorder),
        2 => Just(Step::Lose),
        2 => Just(Step::Cut),
        1 => any::<bool>().prop_map(Step::Down),
        1 => Just(Step::Restart),
        1 => Just(Step::Trim),
        6 => Just(Step::Happen),
        6 => prop_oneof![0u64..2_000, 2_000u64..40_000].prop_map(Step::Tick),
        1 => Just(Step::Online),
        3 => Just(Step::Pause),
        3 => Just(Step::Unpause),
        1 => Just(Step::Hangup),
        1 => any::<bool>().prop_map(Step::NewKey),
        1 => Just(Step::Logout),
    ]
}

fn run(world: &mut World, step: &Step, n: u64) {
    match step {
        Step::Deliver(k) => world.deliver(*k),
        Step::Duplicate => world.duplicate(),
        Step::Reorder => world.reorder(),
        Step::Lose => world.lose(),
        Step::Cut => world.cut(),
        Step::Down(down) => world.set_down(*down),
        Step::Restart => world.restart(),
        Step::Trim => world.trim(),
        Step::Happen => world.happen(n),
        Step::Tick(ms) => world.tick(*ms),
        Step::Online => world.online(),
        Step::Pause => {
            world.command("pause", json!({"pauseType": 2}));
        }
        Step::Unpause => {
            world.command("unpause", json!(null));
        }
        Step::Hangup => {
            world.command("hangup", json!(null));
        }
        Step::NewKey(good) => {
            world.command(
                "updateSessionKey",
                json!(if *good { GOOD_KEY } else { "k-forged" }),
            );
        }
        Step::Logout => {
            world.command("logout", json!(null));
        }
    }
}

/// Property 1: per gateway session, ids delivered consecutively, every hole covered by a
/// `resync`; a new session's first event is its id 1, after a `resync` said the old one was lost
/// (or the login that began it all).
fn check_delivery(seen: &[Seen]) -> Result<(), String> {
    let mut last: BTreeMap<u64, u64> = BTreeMap::new();
    let mut current = None;
    let mut resyncs: Vec<(u64, Option<u64>)> = Vec::new();
    for (i, s) in seen.iter().enumerate() {
        match s {
            Seen::Resync {
                lost_from, lost_to, ..
            } => resyncs.push((*lost_from, *lost_to)),
            Seen::Event { session, id } => {
                let expected = last.get(session).map_or(1, |l| l + 1);
                if current != Some(*session) {
                    if last.contains_key(session) {
                        return Err(format!(
                            "#{i}: session {session} came back after another: {seen:?}"
                        ));
                    }
                    current = Some(*session);
                }
                if *id < expected {
                    return Err(format!("#{i}: event {id} of session {session} delivered again or out of order (expected {expected})"));
                }
                if *id > expected {
                    // Consecutive resyncs may each cover part of the hole.
                    let mut next = expected;
                    while next < *id {
                        let Some((_, to)) = resyncs
                            .iter()
                            .find(|(from, to)| *from <= next && to.is_none_or(|t| t >= next))
                        else {
                            break;
                        };
                        next = to.map_or(*id, |t| t + 1);
                    }
                    if next < *id {
                        return Err(format!("#{i}: events {expected}..{id} of session {session} lost without a resync: {seen:?}"));
                    }
                }
                last.insert(*session, *id);
            }
        }
    }
    Ok(())
}

/// Property 4: connection attempts per virtual second.
fn check_backoff(world: &World) -> Result<(), String> {
    let automatic: Vec<u64> = world
        .opens
        .iter()
        .filter(|(_, input)| !input)
        .map(|(t, _)| t.0)
        .collect();
    for (i, t) in automatic.iter().enumerate() {
        let in_window = automatic[i..]
            .iter()
            .take_while(|u| **u < t + 1_000)
            .count();
        if in_window > 3 {
            return Err(format!(
                "{in_window} connection attempts within 1 s from t={t}: {automatic:?}"
            ));
        }
    }
    Ok(())
}

/// Property 2: nothing pending longer than its timeout.
fn check_pending(world: &World) -> Result<(), String> {
    for (ticket, called) in &world.pending {
        if world.now - *called > TIMEOUT_MS {
            return Err(format!(
                "{ticket:?} called at {called:?} still pending at {:?}",
                world.now
            ));
        }
    }
    Ok(())
}

/// Property 3 while running: without a session, no timer.
fn check_idle(world: &World) -> Result<(), String> {
    if !world.engine.is_connected()
        && world.pending.is_empty()
        && world.engine.poll_timeout().is_some()
    {
        return Err(format!(
            "a timer at {:?} with no session",
            world.engine.poll_timeout()
        ));
    }
    Ok(())
}

fn case(seed: u64, reply_first: bool, steps: &[Step]) -> Result<(), String> {
    let mut world = World::new(seed, reply_first);
    let login = world.login(GOOD_KEY);
    world.deliver(usize::MAX);
    if world.pending.contains_key(&login) {
        return Err("the login did not settle".into());
    }
    for (n, step) in steps.iter().enumerate() {
        run(&mut world, step, n as u64);
        check_pending(&world)?;
        check_idle(&world)?;
        if let Some(broken) = world.broken.first() {
            return Err(broken.clone());
        }
    }
    world.heal();
    check_pending(&world)?;
    check_idle(&world)?;
    check_delivery(&world.seen)?;
    check_backoff(&world)?;
    // Healed and still logged in: the page has every event up to the gateway's newest.
    if let Some((session, newest)) = world.gateway_newest() {
        if world.engine.is_connected() && !world.engine.is_reconnecting() {
            let last = world.seen.iter().rev().find_map(|s| match s {
                Seen::Event { session: s, id } if *s == session => Some(*id),
                _ => None,
            });
            if world.engine.last_event_id() != newest || last.is_some_and(|l| l != newest) {
                return Err(format!(
                    "healed at event {} of {newest} (page saw {last:?})",
                    world.engine.last_event_id()
                ));
            }
        }
    }
    world.shutdown();
    if !world.pending.is_empty() {
        return Err(format!("Promises left after destroy: {:?}", world.pending));
    }
    if world.engine.poll_timeout().is_some() {
        return Err("a timer survived destroy".into());
    }
    if let Some(broken) = world.broken.first() {
        return Err(broken.clone());
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

#[test]
fn the_engine_keeps_its_promises_under_any_interleaving_of_faults() {
    let config = RunnerConfig {
        cases: cases(),
        failure_persistence: None,
        ..RunnerConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let strategy = (
        any::<u64>(),
        any::<bool>(),
        prop::collection::vec(step(), 1..120),
    );
    let result = runner.run(&strategy, |(seed, reply_first, steps)| {
        case(seed, reply_first, &steps).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn a_logout_leaves_no_timer_and_no_promise() {
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(),
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let strategy = (
        any::<u64>(),
        any::<bool>(),
        prop::collection::vec(step(), 0..40),
    );
    let result = runner.run(&strategy, |(seed, reply_first, steps)| {
        let mut world = World::new(seed, reply_first);
        world.login(GOOD_KEY);
        world.deliver(usize::MAX);
        for (n, step) in steps.iter().enumerate() {
            run(&mut world, step, n as u64);
        }
        world.heal();
        if world.engine.is_connected() {
            world.command("logout", json!(null));
            world.heal();
        }
        prop_assert!(
            world.pending.is_empty(),
            "pending after logout: {:?}",
            world.pending
        );
        prop_assert!(!world.engine.is_connected());
        prop_assert_eq!(world.engine.poll_timeout(), None, "a timer survived logout");
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_checks_catch_what_they_are_meant_to_catch() {
    // A property that cannot fail proves nothing: each check refuses a record that breaks it.
    let ok = [
        Seen::Event { session: 1, id: 1 },
        Seen::Event { session: 1, id: 2 },
    ];
    assert!(check_delivery(&ok).is_ok());
    let duplicate = [
        Seen::Event { session: 1, id: 1 },
        Seen::Event { session: 1, id: 1 },
    ];
    assert!(check_delivery(&duplicate).is_err());
    let hole = [
        Seen::Event { session: 1, id: 1 },
        Seen::Event { session: 1, id: 3 },
    ];
    assert!(check_delivery(&hole).is_err());
    let resynced = [
        Seen::Event { session: 1, id: 1 },
        Seen::Resync {
            reason: "gapTooOld".into(),
            lost_from: 2,
            lost_to: Some(4),
        },
        Seen::Event { session: 1, id: 5 },
    ];
    assert!(check_delivery(&resynced).is_ok());
    let in_parts = [
        Seen::Event { session: 1, id: 1 },
        Seen::Resync {
            reason: "gapTooOld".into(),
            lost_from: 2,
            lost_to: Some(3),
        },
        Seen::Resync {
            reason: "gapTooOld".into(),
            lost_from: 4,
            lost_to: Some(4),
        },
        Seen::Event { session: 1, id: 5 },
    ];
    assert!(check_delivery(&in_parts).is_ok());
    let short = [
        Seen::Event { session: 1, id: 1 },
        Seen::Resync {
            reason: "gapTooOld".into(),
            lost_from: 2,
            lost_to: Some(3),
        },
        Seen::Event { session: 1, id: 6 },
    ];
    assert!(check_delivery(&short).is_err());
    let mut world = World::new(1, false);
    for t in [0, 100, 200, 300] {
        world.opens.push((agentdesk_core::time::Time(t), false));
    }
    assert!(check_backoff(&world).is_err());
}
