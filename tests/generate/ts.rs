//! js/catalog.d.ts: the TypeScript of everything declared in agentdesk-core: every payload, every
//! command argument, `setup()`'s object, the `EventType` constants and the command methods.
//! js/face.d.ts, hand-written, adds the classes and the SDK's own events on top.

use agentdesk_core::event_names;
use agentdesk_core::events::schema::{FieldSpec, Kind};

use super::{commands, events, fields, js_doc, objects, quote, setup, ts_name, Arg};

fn ty(k: &Kind) -> String {
    match k {
        Kind::String => "string".into(),
        Kind::Integer | Kind::Unsigned | Kind::Number => "number".into(),
        Kind::Boolean => "boolean".into(),
        Kind::Any => "unknown".into(),
        Kind::AnyObject => "Record<string, unknown>".into(),
        Kind::Nullable(inner) => format!("{} | null", ty(inner)),
        Kind::Enum(name, _) => (*name).into(),
        Kind::IntEnum(_, values) => values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" | "),
        Kind::Record(inner) => format!("Record<string, {}>", ty(inner)),
        Kind::Array(inner) => {
            let t = ty(inner);
            if t.contains(' ') {
                format!("({t})[]")
            } else {
                format!("{t}[]")
            }
        }
        Kind::Object(name, _, _) => ts_name(name).into(),
    }
}

fn member(f: &FieldSpec) -> String {
    let key = if f
        .wire
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        f.wire.to_owned()
    } else {
        quote(f.wire)
    };
    let t = match (f.ts, &f.kind) {
        (Some(ts), _) => ts.to_owned(),
        (None, Kind::Nullable(inner)) if f.optional => ty(inner),
        (None, k) => ty(k),
    };
    let optional = if f.optional || f.default_int.is_some() {
        "?"
    } else {
        ""
    };
    format!("{}  {key}{optional}: {t};\n", js_doc(f.doc, "  "))
}

fn interface(name: &str, doc: &[&str], event_type: Option<&str>, k: &Kind) -> String {
    let mut out = js_doc(doc, "");
    if let Kind::AnyObject = k {
        out.push_str(&format!("export interface {name} {{\n"));
        if let Some(e) = event_type {
            out.push_str(&format!("  eventType: {};\n", quote(e)));
        }
        out.push_str("  [key: string]: unknown;\n}\n\n");
        return out;
    }
    out.push_str(&format!("export interface {name} {{\n"));
    if let Some(e) = event_type {
        out.push_str(&format!("  eventType: {};\n", quote(e)));
    }
    for f in fields(k) {
        out.push_str(&member(f));
    }
    out.push_str("}\n\n");
    out
}

pub fn render() -> String {
    let events = events();
    let commands = commands();
    let setup = setup();
    let mut out = String::new();
    out.push_str(&super::header("//"));
    out.push('\n');

    // Declared objects, innermost first, with the enums they use.
    let mut all = Vec::new();
    for e in &events {
        if let Kind::Object(_, _, fs) = &e.kind {
            for f in fs {
                objects(&f.kind, &mut all);
            }
        }
    }
    for c in &commands {
        if let Arg::Object(k) = &c.arg {
            objects(k, &mut all);
        }
    }
    objects(&setup, &mut all);
    let mut enums: Vec<(&str, &[&str])> = Vec::new();
    for (_, k) in &all {
        for f in fields(k) {
            if let Kind::Enum(name, values) = &f.kind {
                if !enums.iter().any(|(n, _)| n == name) {
                    enums.push((name, values));
                }
            }
        }
    }
    out.push_str("// ---- the objects payloads and arguments are made of -----------------------------------------\n\n");
    for (name, values) in enums {
        out.push_str(&format!(
            "export type {name} = {};\n\n",
            values
                .iter()
                .map(|v| quote(v))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    for (name, k) in &all {
        out.push_str(&interface(ts_name(name), &[], None, k));
    }

    out.push_str("// ---- the 40 catalog events (seed 003 §2, §3) --------------------------------------------------\n\n");
    for e in &events {
        let mut doc: Vec<&str> = e.payload_doc.to_vec();
        doc.push("");
        doc.extend(e.doc);
        out.push_str(&interface(e.payload, &doc, Some(e.wire), &e.kind));
    }
    out.push_str("/** The payload type of each eventType, for typing `on(type, listener)`. */\nexport interface CatalogEventMap {\n");
    for e in &events {
        out.push_str(&format!("  {}: {};\n", e.wire, e.payload));
    }
    out.push_str("}\n\n/** Any catalog event, discriminated by `eventType`. */\nexport type CatalogEvent = CatalogEventMap[keyof CatalogEventMap];\n\n");
    out.push_str("/** The catalog's EventType constants with their eventType strings (the seed's spelling). */\nexport interface EventTypeCatalog {\n");
    for e in &events {
        out.push_str(&format!("  readonly {}: {};\n", e.constant, quote(e.wire)));
    }
    out.push_str("}\n\n");

    out.push_str("// ---- commands ----------------------------------------------------------------------------------\n\n");
    out.push_str("/** The `<action>Resp` events, one per command. */\nexport interface ResponseEventMap {\n  setupResp: SdkResponse<\"setup\">;\n");
    for c in &commands {
        out.push_str(&format!(
            "  {}Resp: SdkResponse<{}>;\n",
            c.name,
            quote(&c.name)
        ));
    }
    out.push_str("}\n\n/** `EventType`: the catalog's constants, one per command response, and the SDK's own events. */\nexport interface EventTypeConstants extends EventTypeCatalog {\n");
    let catalog: Vec<&str> = events.iter().map(|e| e.constant).collect();
    for (constant, value) in event_names::all() {
        if !catalog.contains(&constant) {
            out.push_str(&format!("  readonly {constant}: {};\n", quote(&value)));
        }
    }
    out.push_str("}\n\n/** The commands, on `AgentSDK` (static) and on every `AgentClient`; see docs/flows.md. */\nexport interface Commands {\n");
    for c in &commands {
        let optional = if c.arg_optional() { "?" } else { "" };
        let param = match &c.arg {
            Arg::Nothing => "params?: {}".to_owned(),
            Arg::Key => "sessionKey: string".to_owned(),
            Arg::Object(k) => format!("params{optional}: {}", ty(k)),
        };
        out.push_str(&format!(
            "  {}({param}): Promise<SdkResponse<{}>>;\n",
            c.name,
            quote(&c.name)
        ));
    }
    out.push_str("}\n");
    out
}
