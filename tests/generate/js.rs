//! js/catalog.js: the tables the JS layer checks payloads, arguments and `setup()` with, hands
//! the tracked fields to the engine with, and builds the SDK's own events with.

use agentdesk_core::event_names;
use agentdesk_core::events::rules::Rule;
use agentdesk_core::events::schema::{FieldSpec, Kind, Role};
use agentdesk_core::protocol::v1::MAX_FRAME_BYTES;
use agentdesk_core::session::Made;

use super::checks::{Checks, PRELUDE};
use super::tracked;
use super::{capital, commands, events, fields, js_doc, objects, quote, setup, ts_name, Arg};

/// The JS name of an enum's value list: `AgentState` → `AGENT_STATE`.
pub fn enum_const(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn kind(k: &Kind) -> String {
    match k {
        Kind::String => "\"s\"".into(),
        Kind::Integer => "\"i\"".into(),
        Kind::Unsigned => "\"u\"".into(),
        Kind::Number => "\"n\"".into(),
        Kind::Boolean => "\"b\"".into(),
        Kind::Any => "\"*\"".into(),
        Kind::AnyObject => "\"O\"".into(),
        Kind::Nullable(inner) => format!("[\"?\", {}]", kind(inner)),
        Kind::Enum(name, _) => format!("[\"e\", {}]", enum_const(name)),
        Kind::IntEnum(_, values) => format!("[\"ie\", {values:?}]"),
        Kind::Record(inner) => format!("[\"r\", {}]", kind(inner)),
        Kind::Array(inner) => format!("[\"a\", {}]", kind(inner)),
        Kind::Object(name, _, _) => format!("O_{name}"),
    }
}

fn rule(r: &Rule) -> String {
    let t = quote(&r.template());
    match r {
        Rule::NonEmpty => format!("[\"ne\", {t}]"),
        Rule::IntIn(values, _) => format!("[\"ii\", {values:?}, {t}]"),
        Rule::StrIn(values, _) => format!(
            "[\"si\", [{}], {t}]",
            values
                .iter()
                .map(|v| quote(v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::Range(min, max, _) => format!("[\"rg\", {min}, {max}, {t}]"),
        Rule::Chars(chars, min, max, _) => format!("[\"ch\", {}, {min}, {max}, {t}]", quote(chars)),
        Rule::MaxItems(max, _) => format!("[\"mx\", {max}, {t}]"),
    }
}

fn field(f: &FieldSpec) -> String {
    let mut parts = vec![quote(f.wire), kind(&f.kind)];
    let rules = if f.rules.is_empty() {
        "0".to_owned()
    } else {
        format!(
            "[{}]",
            f.rules.iter().map(rule).collect::<Vec<_>>().join(", ")
        )
    };
    let tail = [
        (f.optional || f.default_int.is_some()).then(|| "1".to_owned()),
        (!f.rules.is_empty()).then(|| rules.clone()),
        f.default_int.map(|d| d.to_string()),
    ];
    let last = tail.iter().rposition(Option::is_some);
    if let Some(last) = last {
        parts.push(if f.optional { "1".into() } else { "0".into() });
        if last >= 1 {
            parts.push(rules);
        }
        if last >= 2 {
            parts.push(
                f.default_int
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undefined".into()),
            );
        }
    }
    format!("[{}]", parts.join(", "))
}

/// The TRACK caller of event `index`, or None when the engine reads nothing of it.
fn track(index: usize, k: &Kind) -> Option<String> {
    let fs = fields(k);
    let by_role = |role: Role| fs.iter().find(|f| f.role == Some(role));
    if fs.iter().all(|f| f.role.is_none()) {
        return None;
    }
    let path = |f: &FieldSpec, on: &str| format!("{on}.{}", f.wire);
    if let Some(status) = by_role(Role::status) {
        let mut args: Vec<tracked::Arg> = Vec::new();
        for role in [Role::tenant, Role::agent] {
            let f = by_role(role);
            args.push(tracked::arg(
                "",
                f.map(|f| path(f, "p")).as_deref(),
                &f.map_or(Kind::String, |f| f.kind.clone()),
            ));
        }
        for f in fields(&status.kind) {
            args.push(tracked::arg("", Some(&path(f, "v")), &f.kind));
        }
        let js: Vec<String> = args.iter().map(|a| a.js.clone()).collect();
        return Some(format!(
            "  // {index}\n  (s, now, id, t, p) => {{\n    const v = p.{};\n    return s.agentStatus(now, id, {}, {});\n  }},\n",
            status.wire,
            js.join(", "),
            tracked::text(&args)
        ));
    }
    let args: Vec<tracked::Arg> = tracked::EVENT_ROLES
        .iter()
        .map(|role| {
            let f = by_role(*role);
            let kind = if *role == Role::target_type {
                Kind::Nullable(Box::new(Kind::Integer))
            } else {
                Kind::Nullable(Box::new(Kind::String))
            };
            let kind = match f {
                Some(f) if matches!(f.kind, Kind::String) => Kind::String,
                _ => kind,
            };
            tracked::arg("", f.map(|f| path(f, "p")).as_deref(), &kind)
        })
        .collect();
    let js: Vec<String> = args.iter().map(|a| a.js.clone()).collect();
    Some(format!(
        "  (s, now, id, t, p) => s.event(now, id, t, {}, {}),\n",
        js.join(", "),
        tracked::text(&args)
    ))
}

/// The flattened argument list of an object: nested declared objects contribute their fields.
pub fn flat(k: &Kind, prefix: &str, out: &mut Vec<(String, FieldSpec)>) {
    for f in fields(k) {
        match &f.kind {
            Kind::Object(..) => flat(&f.kind, &format!("{prefix}{}.", f.wire), out),
            _ => out.push((format!("{prefix}{}", f.wire), f.clone())),
        }
    }
}

/// A builder of one declared object from its fields' values, in declaration order.
fn builder(name: &str, k: &Kind) -> String {
    let fs = fields(k);
    let mut params = Vec::new();
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for f in fs {
        let (expr, count) = match &f.kind {
            Kind::Object(inner, _, _) => {
                let mut sub = Vec::new();
                flat(&f.kind, "", &mut sub);
                let names: Vec<String> = (0..sub.len())
                    .map(|i| format!("a{}", params.len() + i))
                    .collect();
                (format!("build{inner}({})", names.join(", ")), sub.len())
            }
            Kind::Enum(e, _) => (format!("{}[a{}]", enum_const(e), params.len()), 1),
            Kind::Nullable(_) if !f.optional => (format!("a{} ?? null", params.len()), 1),
            _ => (format!("a{}", params.len()), 1),
        };
        let first = params.len();
        for i in 0..count {
            params.push(format!("a{}", first + i));
        }
        if f.optional {
            optional.push(format!(
                "  if (a{first} !== undefined) o.{} = a{first};\n",
                f.wire
            ));
        } else {
            required.push(format!("{}: {expr}", f.wire));
        }
    }
    let mut out = format!("export function build{name}({}) {{\n", params.join(", "));
    out.push_str(&format!("  const o = {{ {} }};\n", required.join(", ")));
    for o in optional {
        out.push_str(&o);
    }
    out.push_str("  return o;\n}\n");
    out
}

pub fn render() -> String {
    let events = events();
    let commands = commands();
    let setup = setup();
    let mut out = String::new();
    out.push_str(&super::header("//"));
    out.push_str(
        "//\n\
         // Shapes: \"s\" string, \"i\" integer, \"u\" integer from 0, \"n\" number, \"b\" boolean, \"*\" any\n\
         // JSON, \"O\" any object; [\"?\", k] k or null; [\"e\", list] one of these strings; [\"ie\", list] one of\n\
         // these integers; [\"r\", k] an object of k; [\"a\", k] an array of k; a declared object is\n\
         // [\"o\", name, strict, fields], each field [key, kind, optional, rules, default]. Rules, each with\n\
         // its message template ({path}, {value}): [\"ne\", t] not empty; [\"ii\", list, t] / [\"si\", list, t]\n\
         // one of; [\"rg\", min, max, t] in range; [\"ch\", chars, min, max, t] characters; [\"mx\", n, t] at most\n\
         // n items.\n\n",
    );
    out.push_str(&format!(
        "/** The largest frame either side accepts, in bytes (docs/protocol.md §1). */\nexport const MAX_FRAME_BYTES = {MAX_FRAME_BYTES};\n\n"
    ));

    // Enums (of payloads and arguments), and the declared objects of arguments, innermost first;
    // the payloads' objects are checked by generated functions (see `checks`), and their shape
    // table goes to js/shapes.js (`render_shapes`), which the package does not ship.
    let mut all = Vec::new();
    let mut with_events = Vec::new();
    for e in &events {
        objects(&e.kind, &mut with_events);
    }
    for c in &commands {
        if let Arg::Object(k) = &c.arg {
            objects(k, &mut all);
        }
    }
    objects(&setup, &mut all);
    let mut enums: Vec<(&str, &[&str])> = Vec::new();
    for (_, k) in with_events.iter().chain(&all) {
        for f in fields(k) {
            if let Kind::Enum(name, values) = &f.kind {
                if !enums.iter().any(|(n, _)| n == name) {
                    enums.push((name, values));
                }
            }
        }
    }
    for (name, values) in &enums {
        let c = enum_const(name);
        out.push_str(&format!(
            "/** `{name}`, numbered as the engine numbers it. */\n"
        ));
        out.push_str(&format!(
            "export const {c} = [{}];\n",
            values
                .iter()
                .map(|v| quote(v))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str(&format!(
            "const {c}_INDEX = {{ __proto__: null, {} }};\n\n",
            values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{v}: {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (name, k) in &all {
        let Kind::Object(_, strict, fs) = k else {
            continue;
        };
        let body: Vec<String> = fs.iter().map(|f| format!("  {},\n", field(f))).collect();
        out.push_str(&format!(
            "const O_{name} = [\"o\", {}, {}, [\n{}]];\n",
            quote(ts_name(name)),
            u8::from(*strict),
            body.concat()
        ));
    }
    out.push('\n');

    out.push_str("/** The catalog events by the index the engine knows them by: [eventType, constant]. */\nexport const EVENTS = [\n");
    for e in &events {
        out.push_str(&format!("  [{}, {}],\n", quote(e.wire), quote(e.constant)));
    }
    out.push_str("];\n\n");

    // The payload checks, by event index.
    let mut checks = Checks::default();
    let names: Vec<String> = events
        .iter()
        .map(|e| match &e.kind {
            Kind::AnyObject => "anyObject".to_owned(),
            k => checks.func(k),
        })
        .collect();
    out.push_str(
        "// The payload checks (tests/generate/checks.rs): each returns null when the payload fits its\n\
         // declaration, else the first problem, {path, expected, got} or {path, missing}.\n\n",
    );
    out.push_str(PRELUDE);
    out.push_str("const anyObject = (v) => (isObj(v) ? null : wrong(\"an object\", v));\n\n");
    out.push_str(&checks.out);
    out.push_str("\n/** The check of each catalog event's payload, by event index. */\nexport const CHECK = [\n");
    for n in names {
        out.push_str(&format!("  {n},\n"));
    }
    out.push_str("];\n\n");

    out.push_str("/** Every `EventType` constant: the catalog's, one per command response, the SDK's own. */\nexport const EVENT_TYPE = Object.freeze({\n");
    for (constant, value) in event_names::all() {
        out.push_str(&format!("  {constant}: {},\n", quote(&value)));
    }
    out.push_str("});\n\n");

    out.push_str(
        "/**\n * The commands of the face: [name, CallAction index or -1 for a session command, argument shape\n * (null: none; \"s\": a string)].\n */\nexport const COMMANDS = [\n",
    );
    for c in &commands {
        let arg = match &c.arg {
            Arg::Nothing => "null".to_owned(),
            Arg::Key => "\"s\"".to_owned(),
            Arg::Object(k) => kind(k),
        };
        let call = c.call.map_or(-1, |i| i as i64);
        out.push_str(&format!("  [{}, {call}, {arg}],\n", quote(&c.name)));
    }
    out.push_str("];\n\n");
    out.push_str(&format!(
        "/** The argument of `setup()`. */\nexport const SETUP = {};\n\n",
        kind(&setup)
    ));
    out.push_str(&super::setup::render().0);
    out.push('\n');

    out.push_str(
        "/**\n * How each event reaches the engine, by event index: when it arrived, its id, its type and the\n * fields the engine tracks (`Shell.event(now, id, type, targetType, then a length code for each of\n * tenant, agent, initiator, target, mainUniqueId and result, then their text)`: a code is 0 for\n * an absent string, else its length + 1, and the strings travel together in the last argument,\n * one crossing for all; `agentStatus` through `Shell.agentStatus` the same way; the types whose\n * fields the engine does not read through `Shell.plain(now, id, type)`). Each returns the\n * engine's verdict: 1 deliver the payload now, 0 nothing (the engine already acted through its\n * hooks).\n */\n",
    );
    out.push_str("const len = (v) => (v == null ? 0 : v.length + 1);\nconst str = (v) => (v == null ? \"\" : v);\n");
    out.push_str(
        "const UNTRACKED = (s, now, id, t) => s.plain(now, id, t);\nexport const TRACK = [\n",
    );
    for e in &events {
        match track(e.index, &e.kind) {
            Some(f) if f.starts_with("  //") => {
                out.push_str(&f.replacen(&format!("  // {}\n", e.index), "", 1))
            }
            Some(f) => out.push_str(&f),
            None => out.push_str("  UNTRACKED,\n"),
        }
    }
    out.push_str("];\n\n");

    // Builders of the events the SDK makes itself, for src/api/generated.rs.
    let mut made_objects = Vec::new();
    for t in Made::TYPES {
        let e = &events[t.index()];
        for f in fields(&e.kind) {
            if let Kind::Object(..) = f.kind {
                objects(&f.kind, &mut made_objects);
            }
        }
    }
    out.push_str("// The events the SDK makes itself, built from the engine's values in declaration order\n// (src/api/generated.rs calls these), then emitted through the client's dispatcher.\n\n");
    for (name, k) in &made_objects {
        out.push_str(&js_doc(
            &[&format!(
                "A `{}` object from its fields' values.",
                ts_name(name)
            )],
            "",
        ));
        out.push_str(&builder(name, k));
        out.push('\n');
    }
    for t in Made::TYPES {
        let e = &events[t.index()];
        let mut flat_fields = Vec::new();
        flat(&e.kind, "", &mut flat_fields);
        let params: Vec<String> = (0..flat_fields.len()).map(|i| format!("a{i}")).collect();
        out.push_str(&format!("/** Emits `{}`. */\n", e.wire));
        out.push_str(&format!(
            "export function made{}(client, {}) {{\n",
            capital(e.wire),
            params.join(", ")
        ));
        out.push_str(&format!(
            "  const o = build{}({});\n  client.emit({}, {{ eventType: {}, ...o }});\n}}\n\n",
            e.payload,
            params.join(", "),
            quote(e.wire),
            quote(e.wire)
        ));
        if !made_objects.iter().any(|(n, _)| *n == e.payload) {
            out.push_str(&builder(e.payload, &e.kind));
            out.push('\n');
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// js/shapes.js: the catalog payloads' shape table, for what reads it outside the package (the
/// validating baseline of bench/, tests/js): the package checks payloads with `CHECK`.
pub fn render_shapes() -> String {
    let events = events();
    let mut out = String::new();
    out.push_str(&super::header("//"));
    out.push_str("//\n// The payload shapes of the catalog (js/catalog.js explains the notation), for readers outside the\n// package: the package itself checks payloads with catalog.js's generated CHECK functions.\n\n");
    let mut all = Vec::new();
    for e in &events {
        objects(&e.kind, &mut all);
    }
    let mut enums: Vec<String> = Vec::new();
    for (_, k) in &all {
        for f in fields(k) {
            for e in enum_names(&f.kind) {
                if !enums.contains(&e) {
                    enums.push(e);
                }
            }
        }
    }
    enums.sort();
    out.push_str(&format!(
        "import {{ {} }} from \"./catalog.js\";\n\n",
        enums.join(", ")
    ));
    for (name, k) in &all {
        let Kind::Object(_, strict, fs) = k else {
            continue;
        };
        let body: Vec<String> = fs.iter().map(|f| format!("  {},\n", field(f))).collect();
        out.push_str(&format!(
            "const O_{name} = [\"o\", {}, {}, [\n{}]];\n",
            quote(ts_name(name)),
            u8::from(*strict),
            body.concat()
        ));
    }
    out.push_str("\n/** Each catalog event's payload shape, by event index: [eventType, shape]. */\nexport const PAYLOADS = [\n");
    for e in &events {
        out.push_str(&format!("  [{}, {}],\n", quote(e.wire), kind(&e.kind)));
    }
    out.push_str("];\n");
    out
}

/// The enum constants a kind refers to.
fn enum_names(k: &Kind) -> Vec<String> {
    match k {
        Kind::Enum(name, _) => vec![enum_const(name)],
        Kind::Nullable(inner) | Kind::Record(inner) | Kind::Array(inner) => enum_names(inner),
        _ => Vec::new(),
    }
}
