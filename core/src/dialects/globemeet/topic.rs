//! GlobeMeet topics and subscription patterns (seed 002).
//!
//! A topic is three words, `family.scope.event`: `queue.support.depth-changed`,
//! `session.support.connected`, `agent.1001.break`. The scope is a queue for the `queue`,
//! `session` and `recording` families (`direct` for calls that came through none), an agent for
//! `agent` and `qa`. A pattern subscribes by queue, agent, tenant or globally: `*` matches one
//! word, and a `*` at the end matches the rest, so the seed's `session.*` is the whole family,
//! `queue.support.*` one queue, `*.support.*` everything about the queue `support`, and `*`
//! everything the token may see.

/// The scope of calls that came through no queue (outbound).
pub const DIRECT: &str = "direct";

/// The longest pattern accepted, in bytes.
pub const MAX_PATTERN_BYTES: usize = 200;

/// Why a pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    /// Empty, an empty word, a character outside `[A-Za-z0-9_-]`, or a word mixing `*` with text.
    #[error("invalid topic pattern `{0}`: words of letters, digits, `-`, `_`, or a lone `*`, separated by `.`")]
    Invalid(String),
    /// Longer than [`MAX_PATTERN_BYTES`].
    #[error("topic pattern longer than {MAX_PATTERN_BYTES} bytes")]
    TooLong,
}

/// A topic word for an id: dots would split it, so they become `_`; anything else outside the
/// word alphabet becomes `-`.
pub fn word(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c == '.' {
                '_'
            } else if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A validated subscription pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern(String);

impl Pattern {
    /// Validates a pattern.
    pub fn parse(pattern: &str) -> Result<Self, TopicError> {
        if pattern.len() > MAX_PATTERN_BYTES {
            return Err(TopicError::TooLong);
        }
        let ok = !pattern.is_empty()
            && pattern.split('.').all(|w| {
                w == "*"
                    || (!w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            });
        if !ok {
            return Err(TopicError::Invalid(pattern.to_owned()));
        }
        Ok(Self(pattern.to_owned()))
    }

    /// The pattern's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the pattern covers `topic`.
    pub fn matches(&self, topic: &str) -> bool {
        let pattern: Vec<&str> = self.0.split('.').collect();
        let words: Vec<&str> = topic.split('.').collect();
        for (i, p) in pattern.iter().enumerate() {
            let last = i + 1 == pattern.len();
            match (*p, words.get(i)) {
                (_, None) => return false,
                ("*", Some(_)) if last => return true,
                ("*", Some(_)) => {}
                (lit, Some(w)) if lit == *w => {}
                _ => return false,
            }
        }
        pattern.len() == words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::parse(p).unwrap().matches(t)
    }

    #[test]
    fn the_seeds_subscriptions_match_what_they_name() {
        assert!(m(
            "queue.support.depth-changed",
            "queue.support.depth-changed"
        ));
        assert!(!m("queue.support.depth-changed", "queue.support.abandoned"));
        assert!(m("session.support.connected", "session.support.connected"));
        for family in ["session", "queue", "agent", "recording", "qa"] {
            assert!(
                m(&format!("{family}.*"), &format!("{family}.x.y")),
                "{family}.*"
            );
            assert!(!m(&format!("{family}.*"), "other.x.y"));
        }
    }

    #[test]
    fn scopes_and_global_patterns() {
        assert!(m("queue.support.*", "queue.support.abandoned"));
        assert!(!m("queue.support.*", "queue.sales.abandoned"));
        assert!(m("*.support.*", "session.support.ended"));
        assert!(!m("*.support.*", "agent.1001.online"));
        assert!(m("agent.1001.*", "agent.1001.break"));
        assert!(m("*", "agent.1001.break"));
        assert!(m("*.*.ended", "session.support.ended"));
        assert!(!m("*.*.ended", "session.support"));
        assert!(
            !m("queue.support", "queue.support.abandoned"),
            "no implicit prefix"
        );
    }

    #[test]
    fn bad_patterns_are_refused() {
        for p in [
            "",
            ".",
            "queue..x",
            "queue.sup*",
            "queue.#",
            "queue support",
            "q.*.é",
        ] {
            assert!(Pattern::parse(p).is_err(), "{p}");
        }
        assert_eq!(Pattern::parse(&"a".repeat(201)), Err(TopicError::TooLong));
    }

    #[test]
    fn ids_become_one_word() {
        assert_eq!(word("gw-1700000300.401"), "gw-1700000300_401");
        assert_eq!(word("q sales/eu"), "q-sales-eu");
    }
}
