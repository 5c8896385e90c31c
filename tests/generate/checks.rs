//! The payload checks of js/catalog.js: one plain function per declared object of the catalog's
//! payloads, straight-line code reading each field by name.
//!
//! Generated as code rather than interpreted from the shape table because the hot path measured
//! it: a checker walking a table reads `v[keys[i]]` (a keyed load V8 cannot specialise) and calls
//! each field's check through one shared call site, ~250 ns for `agentStatus`; the same check as
//! straight-line code (`v.state`, `v.stateAction`, … each its own inline cache) ~40 ns
//! (docs/architecture.md). Both say the same: a problem `{path, expected, got}` or
//! `{path, missing}`, which tests/js/checks.test.mjs holds to the table checker and to serde.

use std::fmt::Write as _;

use agentdesk_core::events::schema::{FieldSpec, Kind};

use super::js::enum_const;
use super::quote;

/// The generated functions, and the checking function of each compound kind by its rendering.
#[derive(Default)]
pub struct Checks {
    pub out: String,
    named: Vec<(String, String)>,
}

/// The prelude the functions share (defined in catalog.js itself: check.js imports catalog.js).
pub const PRELUDE: &str = "\
export const I64 = 9223372036854775807;
export const U64 = 18446744073709551615;
const isObj = (v) => v !== null && typeof v === \"object\" && !Array.isArray(v);
const isI = (v) => Number.isInteger(v) && v >= -I64 && v <= I64;
const isU = (v) => Number.isInteger(v) && v >= 0 && v <= U64;
const miss = (key) => ({ path: [key], missing: true });
const bad = (key, expected, got) => ({ path: [key], expected, got });
const wrong = (expected, got) => ({ path: [], expected, got });
const inside = (key, p) => (p.path.unshift(key), p);
";

/// The test that `x` fails a primitive kind, and the words of what was expected.
fn primitive(k: &Kind) -> Option<(String, String)> {
    Some(match k {
        Kind::String => ("typeof x !== \"string\"".into(), "a string".into()),
        Kind::Integer => ("!isI(x)".into(), "an integer".into()),
        Kind::Unsigned => ("!isU(x)".into(), "an integer from 0".into()),
        Kind::Number => ("typeof x !== \"number\"".into(), "a number".into()),
        Kind::Boolean => ("typeof x !== \"boolean\"".into(), "a boolean".into()),
        Kind::AnyObject => ("!isObj(x)".into(), "an object".into()),
        Kind::Enum(name, values) => (
            format!("!{}.includes(x)", enum_const(name)),
            format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| quote(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Kind::IntEnum(_, values) => (
            values
                .iter()
                .map(|v| format!("x !== {v}"))
                .collect::<Vec<_>>()
                .join(" && "),
            format!(
                "one of {}",
                values
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Kind::Nullable(inner) => {
            let (test, expected) = primitive(inner)?;
            (format!("x !== null && ({test})"), expected)
        }
        _ => return None,
    })
}

/// A property read: `v.key`, or `v["key"]` when the key is no identifier.
fn read(key: &str) -> String {
    let ident = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        format!("v.{key}")
    } else {
        format!("v[{}]", quote(key))
    }
}

impl Checks {
    /// The name of the function checking a value of the compound kind `k`, generated if new.
    pub fn func(&mut self, k: &Kind) -> String {
        let key = format!("{k:?}");
        if let Some((_, name)) = self.named.iter().find(|(k, _)| *k == key) {
            return name.clone();
        }
        let name = match k {
            Kind::Object(name, _, _) => format!("c{name}"),
            _ => format!("k{}", self.named.len()),
        };
        self.named.push((key, name.clone()));
        let body = match k {
            Kind::Object(_, strict, fields) => self.object(*strict, fields),
            Kind::Record(inner) => format!(
                "  if (!isObj(v)) return wrong(\"an object\", v);\n  for (const key in v) {{\n    const x = v[key];\n{}  }}\n  return null;\n",
                self.item(inner, "key")
            ),
            Kind::Array(inner) => format!(
                "  if (!Array.isArray(v)) return wrong(\"an array\", v);\n  for (let i = 0; i < v.length; i++) {{\n    const x = v[i];\n{}  }}\n  return null;\n",
                self.item(inner, "String(i)")
            ),
            Kind::Nullable(inner) => format!("  return v === null ? null : {}(v);\n", self.func(inner)),
            other => panic!("no function for the kind {other:?}"),
        };
        let mut f = String::new();
        let _ = write!(f, "function {name}(v) {{\n{body}}}\n");
        self.out.push_str(&f);
        name
    }

    /// The check of a record's value or an array's item `x`, at the key expression `at`.
    fn item(&mut self, k: &Kind, at: &str) -> String {
        match (k, primitive(k)) {
            (Kind::Any, _) => String::new(),
            (_, Some((test, expected))) => {
                format!(
                    "    if ({test}) return {{ path: [{at}], expected: {}, got: x }};\n",
                    quote(&expected)
                )
            }
            _ => format!(
                "    const p = {}(x);\n    if (p !== null) return inside({at}, p);\n",
                self.func(k)
            ),
        }
    }

    /// An object's fields in declaration order; unknown keys ignored (payloads) or refused.
    fn object(&mut self, strict: bool, fields: &[FieldSpec]) -> String {
        let mut body = String::from("  if (!isObj(v)) return wrong(\"an object\", v);\n");
        let compound = fields
            .iter()
            .any(|f| primitive(&f.kind).is_none() && f.kind != Kind::Any);
        body.push_str(if compound {
            "  let x, p;\n"
        } else {
            "  let x;\n"
        });
        for f in fields {
            // serde reads an absent `Option` as None, so a nullable field may be absent as well.
            let optional = f.optional || matches!(f.kind, Kind::Nullable(_));
            let key = quote(f.wire);
            let get = format!("(x = {}) === undefined", read(f.wire));
            // An optional nullable field: `!= null` says "absent or null" at once.
            if let (true, Kind::Nullable(inner)) = (optional, &f.kind) {
                let present = format!("(x = {}) != null", read(f.wire));
                match (&**inner, primitive(inner)) {
                    (Kind::Any, _) => {}
                    (_, Some((test, expected))) => {
                        body.push_str(&format!(
                            "  if ({present} && ({test})) return bad({key}, {}, x);\n",
                            quote(&expected)
                        ));
                    }
                    (k, None) => {
                        body.push_str(&format!(
                            "  if ({present} && (p = {}(x)) !== null) return inside({key}, p);\n",
                            self.func(k)
                        ));
                    }
                }
                continue;
            }
            let test = match (&f.kind, primitive(&f.kind)) {
                (Kind::Any, _) => None,
                (_, Some((test, expected))) => Some(format!(
                    "{test}) return bad({key}, {}, x);\n",
                    quote(&expected)
                )),
                (k, None) => Some(format!(
                    "(p = {}(x)) !== null) return inside({key}, p);\n",
                    self.func(k)
                )),
            };
            match (optional, test) {
                (false, None) => body.push_str(&format!("  if ({get}) return miss({key});\n")),
                (true, None) => {}
                (false, Some(test)) => {
                    body.push_str(&format!("  if ({get}) return miss({key});\n  if ({test}"))
                }
                (true, Some(test)) => body.push_str(&format!(
                    "  if ((x = {}) !== undefined && {test}",
                    read(f.wire)
                )),
            }
        }
        if strict {
            let keys: Vec<String> = fields.iter().map(|f| quote(f.wire)).collect();
            let expected: Vec<String> = fields.iter().map(|f| format!("`{}`", f.wire)).collect();
            let expected = if expected.is_empty() {
                "nothing".to_owned()
            } else {
                expected.join(", ")
            };
            body.push_str(&format!(
                "  for (const key in v) if (![{}].includes(key)) return {{ path: [key], unknown: {} }};\n",
                keys.join(", "),
                quote(&expected)
            ));
        }
        body.push_str("  return null;\n");
        body
    }
}
