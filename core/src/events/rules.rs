//! What a command's argument must satisfy beyond the JSON kind of each field: declared on the
//! argument structs with `rule(…)` (flows/params.rs, command.rs), checked natively by
//! [`check`] after serde has read the types, and in the browser by the JS layer from the
//! generated tables (js/catalog.js), with the same words: each rule's message template is
//! written out here once and copied into the tables.

/// One rule on an argument field.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A string with something other than whitespace.
    NonEmpty,
    /// One of these integers; the words list them for the message.
    IntIn(&'static [i64], &'static str),
    /// One of these strings; the words list them for the message.
    StrIn(&'static [&'static str], &'static str),
    /// An integer from `min` to `max` (inclusive), in the unit named (with its leading space).
    Range(i64, i64, &'static str),
    /// A string of `min` to `max` characters, each one of `chars`; the words name them.
    Chars(&'static str, usize, usize, &'static str),
    /// An array of at most this many items, of the kind named.
    MaxItems(usize, &'static str),
}

impl Rule {
    /// The refusal, with `{path}` and `{value}` still to fill in: the field's dotted path, and
    /// the value as JSON (for [`Rule::MaxItems`], the number of items).
    pub fn template(&self) -> String {
        use crate::text;
        match self {
            Self::NonEmpty => "`{path}` must not be empty".to_owned(),
            Self::IntIn(_, words) | Self::StrIn(_, words) => {
                text!("`{path}` must be ", words, ", got {value}")
            }
            Self::Range(min, max, unit) => {
                text!("`{path}` must be ", *min, "–", *max, unit, ", got {value}")
            }
            Self::Chars(_, min, max, words) => text!(
                "`{path}` must be ",
                *min,
                "–",
                *max,
                " of ",
                words,
                ", got {value}"
            ),
            Self::MaxItems(max, items) => {
                text!("`{path}` holds at most ", *max, " ", items, ", got {value}")
            }
        }
    }
}

#[cfg(feature = "json")]
pub use native::check;

#[cfg(feature = "json")]
mod native {
    use serde_json::Value;

    use super::Rule;
    use crate::events::schema::Kind;

    /// Checks `value`, already read by serde as the struct of `kind`, against the rules its
    /// declaration carries, field by field in declaration order, nested objects and arrays
    /// included. The first broken rule is the refusal.
    pub fn check(value: &Value, kind: &Kind) -> Result<(), String> {
        walk(value, kind, "")
    }

    fn walk(value: &Value, kind: &Kind, path: &str) -> Result<(), String> {
        match (kind, value) {
            (Kind::Object(_, _, fields), Value::Object(map)) => {
                for field in fields {
                    // serde reads null as an absent `Option`: nothing to check.
                    let Some(v) = map.get(field.wire).filter(|v| !v.is_null()) else {
                        continue;
                    };
                    let here = if path.is_empty() {
                        field.wire.to_owned()
                    } else {
                        crate::text!(path, ".", field.wire)
                    };
                    for rule in &field.rules {
                        if !holds(rule, v) {
                            return Err(render(rule, &here, v));
                        }
                    }
                    walk(v, &field.kind, &here)?;
                }
                Ok(())
            }
            (Kind::Nullable(inner), v) => walk(v, inner, path),
            (Kind::Array(inner), Value::Array(items)) => {
                for item in items {
                    walk(item, inner, path)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn holds(rule: &Rule, value: &Value) -> bool {
        match (rule, value) {
            (Rule::NonEmpty, Value::String(s)) => !s.trim().is_empty(),
            (Rule::IntIn(allowed, _), v) => v.as_i64().is_some_and(|n| allowed.contains(&n)),
            (Rule::StrIn(allowed, _), Value::String(s)) => allowed.contains(&s.as_str()),
            (Rule::Range(min, max, _), v) => v.as_i64().is_some_and(|n| (*min..=*max).contains(&n)),
            (Rule::Chars(chars, min, max, _), Value::String(s)) => {
                let n = s.chars().count();
                (*min..=*max).contains(&n) && s.chars().all(|c| chars.contains(c))
            }
            (Rule::MaxItems(max, _), Value::Array(items)) => items.len() <= *max,
            // A value of another kind was refused by serde already.
            _ => true,
        }
    }

    fn render(rule: &Rule, path: &str, value: &Value) -> String {
        let shown = match (rule, value) {
            (Rule::MaxItems(..), Value::Array(items)) => items.len().to_string(),
            _ => value.to_string(),
        };
        rule.template()
            .replace("{path}", path)
            .replace("{value}", &shown)
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::events::schema::{FieldSpec, Kind};
    use serde_json::json;

    fn kind() -> Kind {
        let inner = Kind::Object(
            "Inner",
            true,
            vec![FieldSpec::new("code", "code", &[], Kind::Integer)
                .rule(Rule::IntIn(&[1, 2], "1 or 2"))],
        );
        Kind::Object(
            "Outer",
            true,
            vec![
                FieldSpec::new("name", "name", &[], Kind::String).rule(Rule::NonEmpty),
                FieldSpec::new("digits", "digits", &[], Kind::String)
                    .rule(Rule::Chars("0123", 1, 3, "0-3")),
                FieldSpec::new("wait", "wait", &[], Kind::Integer)
                    .rule(Rule::Range(5, 60, " seconds")),
                FieldSpec::new("list", "list", &[], Kind::Array(Box::new(inner)))
                    .rule(Rule::MaxItems(2, "items")),
            ],
        )
    }

    #[test]
    fn each_rule_refuses_with_its_words_and_the_path() {
        let k = kind();
        assert_eq!(
            check(
                &json!({"name": "x", "digits": "12", "wait": 5, "list": [{"code": 1}]}),
                &k
            ),
            Ok(())
        );
        for (value, message) in [
            (json!({"name": "  "}), "`name` must not be empty"),
            (
                json!({"digits": "129"}),
                "`digits` must be 1–3 of 0-3, got \"129\"",
            ),
            (
                json!({"digits": ""}),
                "`digits` must be 1–3 of 0-3, got \"\"",
            ),
            (json!({"wait": 90}), "`wait` must be 5–60 seconds, got 90"),
            (
                json!({"list": [{}, {}, {}]}),
                "`list` holds at most 2 items, got 3",
            ),
            (
                json!({"list": [{"code": 1}, {"code": 3}]}),
                "`list.code` must be 1 or 2, got 3",
            ),
        ] {
            assert_eq!(check(&value, &k), Err(message.to_owned()), "{value}");
        }
    }
}
