//! Bad input to every dialect decoder is a typed error, never a panic: frames from the network
//! (the gateway's faces read clients' frames, the SDK reads servers'), tokens, bindings, topic
//! patterns and event ids. Each decoder gets mutations of its valid frames and random JSON-ish
//! text from a seeded generator, so a failure replays.

use agentdesk_core::dialects::{actioncable, amqp, globemeet, kazoo, phoenix, table};
use agentdesk_core::rng::Rng;

/// Valid frames of every dialect, the seeds of the mutations.
const VALID: &[&str] = &[
    r#"["3","3","queue:q-sales","phx_join",{}]"#,
    r#"[null,"5","phoenix","heartbeat",{}]"#,
    r#"["3","7","call:c1","mute",{"type":"audio","muted":true}]"#,
    r#"{"command":"subscribe","identifier":"{\"channel\":\"RoomChannel\",\"pubsub_token\":\"tok\",\"account_id\":1,\"user_id\":2}"}"#,
    r#"{"command":"message","identifier":"{\"channel\":\"RoomChannel\"}","data":"{\"action\":\"update_presence\"}"}"#,
    r#"{"type":"disconnect","reason":"unauthorized","reconnect":false}"#,
    r#"{"action":"subscribe","auth_token":"T","request_id":"r1","data":{"account_id":"A","binding":"qubicle.queue.A.*"}}"#,
    r#"{"action":"event","subscribed_key":"k","subscription_key":"k","name":"offer","routing_key":"qubicle.recipient.A.1.offer","data":{}}"#,
    r#"{"type":"subscribe","id":"s1","topics":["queue.support.*","session.*"]}"#,
    r#"{"type":"event","id":"e1-7","topic":"queue.q.depth-changed","event":"queue.depth-changed","ts":1,"data":{"depth":1}}"#,
];

const ALPHABET: &[u8] = br#"{}[]",:.*#\-_0123456789abcdefqAZ nul truefalse   "#;

fn pick(rng: &mut Rng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// A mutation of `text`: bytes replaced, removed, duplicated or cut, kept as valid UTF-8.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=pick(rng, 4) {
        if bytes.is_empty() {
            break;
        }
        let i = pick(rng, bytes.len());
        match pick(rng, 4) {
            0 => bytes[i] = ALPHABET[pick(rng, ALPHABET.len())],
            1 => {
                bytes.remove(i);
            }
            2 => {
                let b = bytes[i];
                bytes.insert(i, b);
            }
            _ => bytes.truncate(i),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn random(rng: &mut Rng) -> String {
    let len = pick(rng, 60);
    (0..len)
        .map(|_| ALPHABET[pick(rng, ALPHABET.len())] as char)
        .collect()
}

fn every_decoder(text: &str) {
    let _ = phoenix::Message::decode(text);
    let _ = actioncable::ClientFrame::decode(text);
    let _ = actioncable::ServerFrame::decode(text);
    let _ = actioncable::Identifier::parse(text);
    if let Ok(r) = kazoo::Request::decode(text) {
        let _ = r.target();
    }
    let _ = kazoo::ServerFrame::decode(text);
    let _ = kazoo::Binding::expand(text, "A");
    let _ = globemeet::ClientFrame::decode(text);
    let _ = globemeet::ServerFrame::decode(text);
    let _ = globemeet::EventId::parse(text);
    if let Ok(p) = globemeet::Pattern::parse(text) {
        let _ = p.matches(text);
    }
    let _ = amqp::matches(text, text);
    let _ = amqp::matches(text, "a.b.c");
    let _ = table::fits(text, text);
    let _ = table::fits("qubicle.queue.{account}.{queue}.join", text);
    if let Some(topic) = phoenix::Topic::parse(text) {
        if let Ok(serde_json::Value::Object(payload)) = serde_json::from_str(text) {
            let _ = phoenix::client_push(&topic, "mute", &payload);
        }
    }
    #[cfg(feature = "jwt")]
    {
        let _ = agentdesk_core::dialects::jwt::verify(text, b"secret", 0);
        let _ = agentdesk_core::dialects::jwt::peek(text);
    }
}

#[test]
fn every_decoder_survives_mutated_and_random_frames() {
    let mut rng = Rng::new(0x5eed_d1a1);
    for _ in 0..4_000 {
        let base = VALID[pick(&mut rng, VALID.len())];
        every_decoder(&mutate(&mut rng, base));
        every_decoder(&random(&mut rng));
    }
    for text in VALID {
        every_decoder(text);
    }
}

#[test]
fn deep_nesting_and_huge_numbers_are_errors_not_panics() {
    let deep = "[".repeat(10_000);
    every_decoder(&deep);
    every_decoder(r#"[null,"99999999999999999999999999","t","e",{}]"#);
    every_decoder(r#"{"type":"event","id":"e-1","topic":"a","event":"b","ts":1e400,"data":{}}"#);
    let long = "a.".repeat(5_000);
    every_decoder(&long);
    assert!(
        !amqp::matches(&("#.".repeat(3_000) + "x"), &long),
        "ends with an empty word, not x"
    );
    assert!(
        amqp::matches(&"#.".repeat(3_000), &long),
        "both end with an empty word"
    );
}
