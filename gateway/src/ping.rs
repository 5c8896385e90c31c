//! The ping and the pong (docs/protocol.md §6) without serde: the one frame pair every idle
//! connection exchanges, ~4,000 a second at 20,000 agents.
//!
//! `ClientFrame` is an internally tagged enum, and serde reads such an enum by first buffering
//! the whole object into a generic tree (a `String` per key, a node per value) before it looks at
//! `type`; a pong went through serde's serializer. Both are a measurable part of an idle ping's
//! CPU (docs/BENCHMARKS.md, "Idle CPU"). The engine writes its pings in one fixed shape
//! (`V1::encode`: `{"type":"ping","ts":T}` or `{"type":"ping","ts":T,"ack":A}`), so that exact
//! shape is read here byte by byte; any other spelling of a ping (spaces, other member order,
//! `"ack":null`, another client's encoder) returns `None` and takes the general decoder, which
//! gives the same answer. The pong is written in the members and order serde writes it, which a
//! test checks against `ServerFrame::to_json`.

use std::fmt::Write as _;

/// What a ping frame in the engine's own shape says: its `ts` and its `ack`; `None` for any
/// other frame (which then goes to `ClientFrame::parse`).
pub(crate) fn parse_ping(text: &str) -> Option<(u64, Option<u64>)> {
    let rest = text.strip_prefix(r#"{"type":"ping","ts":"#)?;
    let (ts, rest) = leading_u64(rest)?;
    if rest == "}" {
        return Some((ts, None));
    }
    let rest = rest.strip_prefix(r#","ack":"#)?;
    let (ack, rest) = leading_u64(rest)?;
    (rest == "}").then_some((ts, Some(ack)))
}

/// A JSON unsigned integer at the start of `text` that fits a `u64`, and what follows it. A
/// leading zero (invalid JSON), a fraction, an exponent or an overflow is `None`.
fn leading_u64(text: &str) -> Option<(u64, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = text.split_at(digits);
    if number.is_empty() || (number.len() > 1 && number.starts_with('0')) {
        return None;
    }
    if rest.starts_with(['.', 'e', 'E']) {
        return None;
    }
    let value = number.bytes().try_fold(0u64, |n, digit| {
        n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
    })?;
    Some((value, rest))
}

/// The pong, byte for byte what `ServerFrame::Pong { ts, server_ts, last_event_id }.to_json()`
/// writes.
pub(crate) fn pong_json(ts: u64, server_ts: u64, last_event_id: Option<u64>) -> String {
    // Members and digits: at most 64 bytes; one allocation.
    let mut out = String::with_capacity(96);
    // Writing to a String cannot fail.
    let _ = write!(out, r#"{{"type":"pong","ts":{ts},"serverTs":{server_ts}"#);
    if let Some(id) = last_event_id {
        let _ = write!(out, r#","lastEventId":{id}"#);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdesk_core::protocol::v1::{ClientFrame, ServerFrame, V1};
    use agentdesk_core::protocol::{Dialect as _, Outgoing};

    const NUMBERS: [u64; 7] = [0, 1, 9, 10, 1_765_000_000_000, u64::MAX - 1, u64::MAX];

    /// What the general decoder makes of `text`, as `parse_ping` answers.
    fn general(text: &str) -> Option<(u64, Option<u64>)> {
        match ClientFrame::parse(text) {
            Ok(ClientFrame::Ping { ts, ack }) => Some((ts, ack)),
            _ => None,
        }
    }

    #[test]
    fn the_engines_pings_are_read_as_the_general_decoder_reads_them() {
        for ts in NUMBERS {
            for ack in [None].into_iter().chain(NUMBERS.map(Some)) {
                let text = V1.encode(Outgoing::Ping { ts, ack });
                assert_eq!(parse_ping(&text), Some((ts, ack)), "{text}");
                assert_eq!(general(&text), Some((ts, ack)), "{text}");
            }
        }
    }

    #[test]
    fn any_other_spelling_is_left_to_the_general_decoder() {
        // Each is either another valid ping (the general decoder reads it) or not a ping at
        // all; the fast path reads none of them.
        let others = [
            r#"{"type":"ping","ts":5 }"#,
            r#"{ "type":"ping","ts":5}"#,
            r#"{"ts":5,"type":"ping"}"#,
            r#"{"type":"ping","ts":5,"ack":null}"#,
            r#"{"type":"ping","ack":3,"ts":5}"#,
            r#"{"type":"ping","ts":5}  "#,
            r#"{"type":"ping","ts":05}"#,
            r#"{"type":"ping","ts":5.0}"#,
            r#"{"type":"ping","ts":5e3}"#,
            r#"{"type":"ping","ts":-5}"#,
            r#"{"type":"ping","ts":18446744073709551616}"#,
            r#"{"type":"ping","ts":5,"ack":}"#,
            r#"{"type":"ping","ts":5,"ack":7,"x":1}"#,
            r#"{"type":"ping","ts":5}}"#,
            r#"{"type":"ping","ts":}"#,
            r#"{"type":"ping","ts":"5"}"#,
            r#"{"type":"pong","ts":5}"#,
            r#"{"type":"ping","ts":5"#,
            "",
        ];
        for text in others {
            assert_eq!(parse_ping(text), None, "{text}");
        }
        // The valid ones among them still are pings, through the general path.
        assert_eq!(general(others[0]), Some((5, None)));
        assert_eq!(general(others[2]), Some((5, None)));
        assert_eq!(general(others[3]), Some((5, None)));
        assert_eq!(general(others[4]), Some((5, Some(3))));
        assert_eq!(general(others[6]), None);
        assert_eq!(general(others[10]), None);
    }

    #[test]
    fn the_pong_is_what_serde_writes() {
        for ts in NUMBERS {
            for server_ts in NUMBERS {
                for last_event_id in [None].into_iter().chain(NUMBERS.map(Some)) {
                    let frame = ServerFrame::Pong {
                        ts,
                        server_ts,
                        last_event_id,
                    };
                    assert_eq!(pong_json(ts, server_ts, last_event_id), frame.to_json());
                }
            }
        }
    }
}
