//! `Engine::take_next_event`, the wasm SDK's one-step path for events whose fields the engine
//! does not read, is `handle_event` with no facts and nothing more: two engines driven alike
//! through logins, events in order, duplicates, gaps, replays, time passing and drops, one taking
//! every event it can in one step, the other always through `handle_event`, end every step in
//! the same state with the same outputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use agentdesk_core::events::{EventFacts, EventType};
use agentdesk_core::session::{Event, Output};
use common::Harness;
use serde_json::json;

/// A tiny deterministic generator (xorshift), so a failure names its seed and step.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The outputs so far, and the state, as text to compare.
fn seen(h: &mut Harness) -> String {
    let mut out = Vec::new();
    while let Some(o) = h.engine.poll_output() {
        out.push(format!("{o:?}"));
    }
    format!("{out:?}\n{:?}\n{:?}", h.engine.poll_timeout(), h.engine)
}

#[test]
fn the_one_step_path_is_handle_event_without_facts() {
    let types: Vec<EventType> = (0..EventType::COUNT as u32)
        .filter_map(EventType::from_index)
        .collect();
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut quick = Harness::new();
        let mut full = Harness::new();
        quick.login_idle();
        full.login_idle();
        quick.drain();
        full.drain();
        let (mut taken, mut declined) = (0, 0);
        for step in 0..400 {
            let last = full.engine.last_event_id();
            match rng.below(20) {
                // Mostly the next event; now and then a duplicate, a gap or an id from nowhere.
                0..=16 => {
                    let id = match rng.below(20) {
                        0 => last.saturating_sub(rng.below(3)),
                        1 => last + 2 + rng.below(3),
                        2 => rng.below(5),
                        _ => last + 1,
                    };
                    let t = types[rng.below(types.len() as u64) as usize];
                    let now = full.now;
                    if quick.engine.take_next_event(now, id) {
                        taken += 1;
                        assert!(
                            quick.engine.poll_output().is_none(),
                            "seed {seed} step {step}"
                        );
                        full.engine.handle_event(now, id, t, EventFacts::default());
                        let mut outs = Vec::new();
                        while let Some(o) = full.engine.poll_output() {
                            outs.push(format!("{o:?}"));
                        }
                        let delivered = format!("{:?}", Output::Emit(Event::Gateway(t)));
                        assert_eq!(
                            outs,
                            vec![delivered],
                            "seed {seed} step {step}: event {id} taken in one step"
                        );
                    } else {
                        declined += 1;
                        quick.engine.handle_event(now, id, t, EventFacts::default());
                        full.engine.handle_event(now, id, t, EventFacts::default());
                    }
                }
                17 => {
                    let ms = rng.below(12_000);
                    quick.advance(ms);
                    full.advance(ms);
                }
                18 => {
                    quick.closed(1006, "dropped");
                    full.closed(1006, "dropped");
                }
                _ => {
                    // Whatever is due next (a reconnect attempt, a ping), then the link back,
                    // resumed where it was: the same inputs to both, whether expected or not.
                    if let Some(at) = full.engine.poll_timeout() {
                        quick.advance_to(at);
                        full.advance_to(at);
                    }
                    quick.opened();
                    full.opened();
                    let last = full.engine.last_event_id();
                    for h in [&mut quick, &mut full] {
                        if let Some(id) = h.rec.sent.last().map(|f| f["id"].clone()) {
                            h.frame(json!({"type":"reply","id":id,"code":0,"message":"ok",
                                "data":{"sessionId":"s-1","expiresAt":0,"heartbeatMs":5000,"lastEventId":last,"resumed":true}}));
                        }
                    }
                }
            }
            assert_eq!(seen(&mut quick), seen(&mut full), "seed {seed} step {step}");
        }
        assert!(
            taken > 50 && declined > 10,
            "seed {seed}: {taken} taken, {declined} declined"
        );
    }
}
