//! src/api/generated.rs: the Rust side of js/catalog.js, so that both ends of each crossing come
//! from one declaration: the `Shell.event` / `Shell.agentStatus` exports the TRACK callers call,
//! and the imports of the builders of the events the SDK makes itself.

use agentdesk_core::events::schema::{FieldSpec, Kind, Role};
use agentdesk_core::session::Made;

use super::js::flat;
use super::tracked;
use super::{capital, events, fields, snake};

/// The type a value of `kind` crosses the boundary as: (JS → Rust export, Rust → JS import).
fn crossing(kind: &Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::String => ("String", "&str"),
        Kind::Integer | Kind::Unsigned | Kind::Number | Kind::IntEnum(..) => ("f64", "f64"),
        Kind::Boolean => ("bool", "bool"),
        Kind::Enum(..) => ("u32", "u32"),
        Kind::Nullable(inner) => match inner.as_ref() {
            Kind::String => ("Option<String>", "Option<&str>"),
            Kind::Boolean => ("Option<bool>", "Option<bool>"),
            _ => ("Option<f64>", "Option<f64>"),
        },
        other => panic!("no crossing for {other:?}"),
    }
}

/// The Rust expression passing field value `v` (a reference) to JS.
fn to_js(v: &str, kind: &Kind) -> String {
    match kind {
        Kind::String => v.to_owned(),
        Kind::Integer | Kind::Unsigned => format!("*{v} as f64"),
        Kind::Number | Kind::Boolean => format!("*{v}"),
        Kind::IntEnum(..) => format!("i64::from(*{v}) as f64"),
        Kind::Enum(..) => format!("*{v} as u32"),
        Kind::Nullable(inner) => match inner.as_ref() {
            Kind::String => format!("{v}.as_deref()"),
            Kind::Number | Kind::Boolean => format!("*{v}"),
            _ => format!("{v}.map(|n| n as f64)"),
        },
        other => panic!("no crossing for {other:?}"),
    }
}

/// `let Name { a, b, .. } = v;` written out exhaustively, so a field added to the declaration
/// without regenerating is a compile error; nested objects are destructured too.
fn destructure(k: &Kind, value: &str, prefix: &str, out: &mut String) {
    let Kind::Object(name, _, fs) = k else { return };
    let names: Vec<String> = fs
        .iter()
        .map(|f| {
            if prefix.is_empty() {
                f.rust.to_owned()
            } else {
                format!("{}: {prefix}{}", f.rust, f.rust)
            }
        })
        .collect();
    out.push_str(&format!(
        "            let {name} {{ {} }} = {value};\n",
        names.join(", ")
    ));
    for f in fs {
        if let Kind::Object(..) = f.kind {
            destructure(
                &f.kind,
                &format!("{prefix}{}", f.rust),
                &format!("{prefix}{}_", f.rust),
                out,
            );
        }
    }
}

/// The flattened (variable, kind) list of an object's values after [`destructure`].
fn values(k: &Kind, prefix: &str, out: &mut Vec<(String, Kind)>) {
    for f in fields(k) {
        match &f.kind {
            Kind::Object(..) => values(&f.kind, &format!("{prefix}{}_", f.rust), out),
            other => out.push((format!("{prefix}{}", f.rust), other.clone())),
        }
    }
}

pub fn render() -> String {
    let events = events();
    let mut out = String::new();
    out.push_str("//! The Rust side of js/catalog.js: what crosses between the shell and the JS layer's tables.\n//!\n");
    out.push_str(&super::header("//!"));
    out.push_str(
        "\n#![allow(clippy::too_many_arguments, clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]\n\n\
         use wasm_bindgen::prelude::*;\n\n\
         use super::{cut, number, put, put_opt, Shell};\n\
         use agentdesk_core::agent::{AgentState, AgentStatus, DeviceStatus, InitialStatus};\n\
         use agentdesk_core::config::SetupParams;\n\
         use agentdesk_core::events::payloads::{\n    AgentStatusEvent, PingEvent, ReconnectAttemptEvent, SessionTerminateEvent, SipDisconnectedEvent, WebrtcStatsEvent,\n    WebrtcStatsTotals,\n};\n\
         use agentdesk_core::events::{EventFacts, EventType};\n\
         use agentdesk_core::quality::{MosBuckets, PingThresholds, QualityConfig, StatsConfig, WarningThresholds};\n\
         use agentdesk_core::session::Made;\n\n",
    );

    // Imports of the builders.
    out.push_str("#[wasm_bindgen(module = \"/js/catalog.js\")]\nextern \"C\" {\n");
    let status_event = events
        .iter()
        .find(|e| fields(&e.kind).iter().any(|f| f.role == Some(Role::status)))
        .expect("an event tracks a status");
    let status_kind = fields(&status_event.kind)
        .iter()
        .find(|f| f.role == Some(Role::status))
        .map(|f| f.kind.clone())
        .expect("status");
    let Kind::Object(status_name, _, _) = status_kind else {
        panic!("the status is an object")
    };
    let mut status_flat = Vec::new();
    flat(&status_kind, "", &mut status_flat);
    let params = |flat: &[(String, FieldSpec)]| -> String {
        flat.iter()
            .enumerate()
            .map(|(i, (_, f))| format!(", a{i}: {}", crossing(&f.kind).1))
            .collect::<String>()
    };
    out.push_str(&format!(
        "    #[wasm_bindgen(js_name = build{status_name})]\n    fn build_{}({}) -> JsValue;\n",
        snake(status_name),
        params(&status_flat).trim_start_matches(", ")
    ));
    for t in Made::TYPES {
        let e = &events[t.index()];
        let mut flat_fields = Vec::new();
        flat(&e.kind, "", &mut flat_fields);
        out.push_str(&format!(
            "    #[wasm_bindgen(js_name = made{})]\n    fn made_{}(client: &JsValue{});\n",
            capital(e.wire),
            snake(e.wire),
            params(&flat_fields)
        ));
    }
    out.push_str("}\n\n");

    // The status object, for the `status` getter.
    out.push_str(&format!("/// The `{status_name}` object JavaScript sees.\npub(crate) fn status_object(status: &{status_name}) -> JsValue {{\n"));
    let mut body = String::new();
    destructure(&status_kind, "status", "", &mut body);
    out.push_str(&body.replace("            let", "    let"));
    let mut vals = Vec::new();
    values(&status_kind, "", &mut vals);
    let args: Vec<String> = vals.iter().map(|(v, k)| to_js(v, k)).collect();
    out.push_str(&format!(
        "    build_{}({})\n}}\n\n",
        snake(status_name),
        args.join(", ")
    ));

    // The SDK's own events.
    out.push_str("/// Emits an event the SDK made through the client's dispatcher.\npub(crate) fn emit_made(client: &JsValue, made: &Made) {\n    match made {\n");
    for t in Made::TYPES {
        let e = &events[t.index()];
        let variant = capital(e.wire);
        out.push_str(&format!("        Made::{variant}(event) => {{\n"));
        destructure(&e.kind, "event", "", &mut out);
        let mut vals = Vec::new();
        values(&e.kind, "", &mut vals);
        let args: Vec<String> = vals.iter().map(|(v, k)| to_js(v, k)).collect();
        out.push_str(&format!(
            "            made_{}(client, {});\n        }}\n",
            snake(e.wire),
            args.join(", ")
        ));
    }
    out.push_str("    }\n}\n\n");

    out.push_str(&super::setup::render().1);
    out.push('\n');

    // The exports the TRACK callers call (tests/generate/tracked.rs: both ends of each argument).
    out.push_str("#[wasm_bindgen]\nimpl Shell {\n");
    out.push_str("    /// A catalog event the JS layer parsed and checked: when it arrived, its id, its index in the\n    /// catalog and the fields the engine tracks, by role (strings: a length code each, their text\n    /// together in `text`). 1: deliver the payload now; 0: the engine acted through its hooks (or\n    /// dropped a duplicate).\n");
    let mut params = Vec::new();
    let mut body = String::from("        let mut rest = text.as_str();\n");
    for role in tracked::EVENT_ROLES {
        let name = format!("{role:?}");
        if role == Role::target_type {
            params.push(format!("{name}: f64"));
            body.push_str(&format!(
                "        let {name} = number({name}).map(|n| n as i64);\n"
            ));
        } else {
            params.push(format!("{name}: u32"));
            body.push_str(&format!("        let {name} = cut(&mut rest, {name});\n"));
        }
    }
    let roles: Vec<String> = tracked::EVENT_ROLES
        .iter()
        .map(|r| format!("{r:?}"))
        .collect();
    out.push_str(&format!(
        "    pub fn event(&self, now: f64, id: f64, event_type: u32, {}, text: String) -> u32 {{\n{body}        let facts = EventFacts {{ {}, status: None }};\n        self.handle_event(now, id, EventType::from_index(event_type), facts)\n    }}\n\n",
        params.join(", "),
        roles.join(", ")
    ));
    out.push_str(&format!(
        "    /// `{}`: the fields of its `{status_name}` object as well, in the same way.\n    #[wasm_bindgen(js_name = agentStatus)]\n",
        status_event.wire
    ));
    let status_fields = fields(&status_kind);
    let mut params = vec!["tenant: u32".to_owned(), "agent: u32".to_owned()];
    let mut body = String::from(
        "        let mut rest = text.as_str();\n        let tenant = cut(&mut rest, tenant);\n        let agent = cut(&mut rest, agent);\n        \
         // The status is built where the last one was, reusing its buffers; should that be in use\n        \
         // (a listener fed a frame to onmessage from inside a dispatch), in a new one.\n        \
         let mut kept = self.status.try_borrow_mut().ok();\n        let mut fresh = None;\n        \
         let status = match kept.as_deref_mut() {\n            Some(status) => status,\n            None => fresh.insert(AgentStatus::offline(\"\")),\n        };\n",
    );
    for (i, f) in status_fields.iter().enumerate() {
        let a = format!("a{i}");
        params.push(tracked::arg(&a, Some(""), &f.kind).param);
        body.push_str(&format!("        {}\n", tracked::rust_set("status", &a, f)));
    }
    out.push_str(&format!(
        "    pub fn agent_status(&self, now: f64, id: f64, {}, text: String) -> u32 {{\n{body}        let facts = EventFacts {{ tenant, agent, status: Some(status), ..EventFacts::default() }};\n        self.handle_event(now, id, EventType::from_index({}), facts)\n    }}\n}}\n",
        params.join(", "),
        status_event.index
    ));
    out
}
