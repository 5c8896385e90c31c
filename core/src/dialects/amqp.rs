//! AMQP topic matching, as RabbitMQ's topic exchange and Kazoo's `kazoo_bindings:matches/2` do it
//! (research/gateway-protocols.md §3.4): the Kazoo/Qubicle face delivers an event to a
//! subscription when its binding matches the event's routing key.
//!
//! Both strings are split on `.` into words; the empty string has no words, and every other
//! string has one more word than it has dots, so `a.` is `["a", ""]` and an empty word is a word
//! like any other. In the binding, `*` stands for exactly one word and `#` for zero or more.
//! Wildcards count only as whole words (`a*` is the literal word `a*`) and only in the binding.
//! These rules are judged by a real RabbitMQ: core/tests/amqp_judge.rs checks this matcher
//! against a table the broker answered (scripts/gen-amqp-table.sh).
//!
//! The match runs in O(binding words × key words) time and memory, whatever the number of `#`:
//! a naive backtracking matcher is exponential on bindings like `#.#.#.#.x`.

/// One word of a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word<'a> {
    /// `#`: zero or more words.
    Any,
    /// `*`: exactly one word.
    One,
    /// Itself.
    Literal(&'a str),
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    // RabbitMQ reads the empty key as no words, not as one empty word.
    let mut split = s.split('.');
    if s.is_empty() {
        split.next();
    }
    split
}

/// True when `binding` matches `routing_key` under AMQP topic semantics.
pub fn matches(binding: &str, routing_key: &str) -> bool {
    let pattern: Vec<Word<'_>> = words(binding)
        .map(|w| match w {
            "#" => Word::Any,
            "*" => Word::One,
            other => Word::Literal(other),
        })
        .collect();
    let key: Vec<&str> = words(routing_key).collect();
    // reach[j]: the pattern read so far can consume exactly the first j key words.
    let mut reach = vec![false; key.len() + 1];
    reach[0] = true;
    for word in &pattern {
        let mut next = vec![false; key.len() + 1];
        match word {
            Word::Any => {
                // Zero or more: every position at or after a reachable one.
                let mut seen = false;
                for j in 0..=key.len() {
                    seen |= reach[j];
                    next[j] = seen;
                }
            }
            Word::One => next[1..].copy_from_slice(&reach[..key.len()]),
            Word::Literal(lit) => {
                for j in 0..key.len() {
                    next[j + 1] = reach[j] && key[j] == *lit;
                }
            }
        }
        reach = next;
        if !reach.contains(&true) {
            return false;
        }
    }
    reach[key.len()]
}

/// True when `binding` contains a wildcard word, i.e. may match more than one routing key.
pub fn has_wildcard(binding: &str) -> bool {
    words(binding).any(|w| w == "#" || w == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_is_exactly_one_word() {
        assert!(matches("a.*", "a.b"));
        assert!(!matches("a.*", "a"));
        assert!(!matches("a.*", "a.b.c"));
        assert!(matches("*", "a"));
        assert!(!matches("*", ""));
    }

    #[test]
    fn hash_is_zero_or_more_words_anywhere() {
        assert!(matches("#", ""));
        assert!(matches("#", "a.b.c"));
        assert!(matches("a.#", "a"));
        assert!(matches("#.a", "a"));
        assert!(matches("a.#.b", "a.b"));
        assert!(matches("a.#.b", "a.x.y.b"));
        assert!(!matches("a.#.b", "a.x.y"));
        assert!(matches("#.*", "foo"));
        assert!(!matches("#.*", ""));
    }

    #[test]
    fn examples_of_the_research_notes_hold() {
        // research/gateway-protocols.md §3.4 and research/interop-judges.md.
        assert!(matches("#.6.*.1.4.*", "6.a.a.6.a.1.4.a"));
        assert!(matches("qubicle.recipient.A.*", "qubicle.recipient.A.r1"));
        assert!(!matches(
            "qubicle.recipient.A.*",
            "qubicle.recipient.A.r1.ready"
        ));
        assert!(!matches("qubicle.recipient.A.*", "qubicle.recipient.A"));
        for key in [
            "qubicle.recipient.A",
            "qubicle.recipient.A.r1",
            "qubicle.recipient.A.r1.ready",
        ] {
            assert!(matches("qubicle.recipient.A.#", key), "{key}");
        }
    }

    #[test]
    fn empty_words_are_words() {
        assert!(matches("a.*", "a."));
        assert!(matches("a..b", "a..b"));
        assert!(!matches("a.b", "a..b"));
        assert!(matches(".", "."));
        assert!(!matches("*", "."));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
    }

    #[test]
    fn wildcards_only_count_as_whole_words() {
        assert!(!matches("a*", "ab"));
        assert!(matches("a*", "a*"));
        assert!(!matches("a#", "a"));
    }

    #[test]
    fn many_hashes_on_a_long_key_do_not_blow_up() {
        let binding = ["#"; 40].join(".") + ".x";
        let key = ["w"; 120].join(".");
        assert!(!matches(&binding, &key));
        assert!(matches(&binding, &(key + ".x")));
    }

    #[test]
    fn has_wildcard_sees_only_wildcard_words() {
        assert!(has_wildcard("qubicle.queue.A.*"));
        assert!(has_wildcard("#"));
        assert!(!has_wildcard("qubicle.queue.A.q1.join"));
        assert!(!has_wildcard("a*.b#"));
    }
}
