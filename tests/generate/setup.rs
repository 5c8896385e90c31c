//! `setup()`'s object crossing into the wasm as numbers: js/catalog.js `setupValues` writes the
//! checked object's values in declaration order into a Float64Array, src/api/generated.rs
//! `setup_params` reads them back into `SetupParams`; both from the declaration of
//! `SetupParams`, so their orders cannot drift apart. NaN marks a value left out, 1 a nested
//! object that is present; booleans are 1 / 0.

use agentdesk_core::events::schema::{FieldSpec, Kind};

use super::{fields, setup};

/// One walk over the declaration, writing both sides.
struct Walk {
    slots: usize,
    js: String,
    rust_types: Vec<&'static str>,
}

fn conv(kind: &Kind) -> &'static str {
    match kind {
        Kind::Boolean => "|x| x != 0.0",
        Kind::Number => "",
        Kind::Unsigned | Kind::Integer => "|x| x as _",
        other => panic!("setup() holds no {other:?}"),
    }
}

fn inner(kind: &Kind) -> &Kind {
    match kind {
        Kind::Nullable(k) => k,
        k => k,
    }
}

impl Walk {
    fn slot(&mut self) -> usize {
        self.slots += 1;
        self.slots - 1
    }

    /// The Rust expression of object `k` whose fields default to those of `default` (a Rust
    /// expression of the same type), reading JS object `obj`.
    fn object(&mut self, k: &Kind, obj: &str, default: Option<&str>, indent: &str) -> String {
        let Kind::Object(name, _, fs) = k else {
            panic!("not an object")
        };
        self.rust_types.push(name);
        let mut members = Vec::new();
        for f in fs {
            let value = self.field(f, obj, default, indent);
            members.push(if value == f.rust {
                value
            } else {
                format!("{}: {value}", f.rust)
            });
        }
        match default {
            Some(_) => format!("{name} {{ {} }}", members.join(", ")),
            None => format!("{name} {{ {} }}", members.join(", ")),
        }
    }

    fn field(&mut self, f: &FieldSpec, obj: &str, default: Option<&str>, indent: &str) -> String {
        let value = format!("{obj}.{}", f.wire);
        let k = inner(&f.kind);
        if let Kind::String = k {
            assert!(
                default.is_none() && f.wire == "baseURL",
                "setup() holds one string, baseURL"
            );
            return "base_url".to_owned();
        }
        let i = self.slot();
        if let Kind::Object(name, _, _) = k {
            let var = format!("{}_{}", obj.replace('.', "_"), f.wire);
            self.js.push_str(&format!("{indent}const {var} = {value};\n{indent}if ({var} != null) {{\n{indent}  v[{i}] = 1;\n"));
            let nested_default = match default {
                Some(d) => format!("{d}.{}", f.rust),
                None => format!("{name}::default()"),
            };
            let expr = self.object(k, &var, Some(&nested_default), &format!("{indent}  "));
            self.js.push_str(&format!("{indent}}}\n"));
            return match (default, &f.kind) {
                (None, Kind::Nullable(_)) => format!("at({i}).map(|_| {expr})"),
                _ => format!("if at({i}).is_some() {{ {expr} }} else {{ {nested_default} }}"),
            };
        }
        let number = if let Kind::Boolean = k {
            format!("+{value}")
        } else {
            value.clone()
        };
        self.js.push_str(&format!(
            "{indent}if ({value} != null) v[{i}] = {number};\n"
        ));
        match (default, conv(k)) {
            (Some(d), "") => format!("at({i}).unwrap_or({d}.{})", f.rust),
            (Some(d), conv) => format!("at({i}).map_or({d}.{}, {conv})", f.rust),
            (None, "") => format!("at({i})"),
            (None, conv) => format!("at({i}).map({conv})"),
        }
    }
}

/// (the JS function, the Rust function, the Rust types they name).
pub fn render() -> (String, String, Vec<&'static str>) {
    let kind = setup();
    let mut walk = Walk {
        slots: 0,
        js: String::new(),
        rust_types: Vec::new(),
    };
    let expr = walk.object(&kind, "c", None, "  ");
    let js = format!(
        "/**\n * `setup()`'s checked object as the numbers `Shell.setup` takes after `baseURL`, in declaration\n * order: NaN where left out, 1 / 0 for booleans, 1 where a nested object is present.\n */\nexport function setupValues(c) {{\n  const v = new Float64Array({}).fill(NaN);\n{}  return v;\n}}\n",
        walk.slots, walk.js
    );
    let rust = format!(
        "/// The `SetupParams` of a checked `setup()` object, from js/catalog.js `setupValues`.\npub(crate) fn setup_params(base_url: String, v: &[f64]) -> SetupParams {{\n    let at = |i: usize| v.get(i).copied().filter(|x| !x.is_nan());\n    {expr}\n}}\n"
    );
    let _ = fields(&kind);
    (js, rust, walk.rust_types)
}
