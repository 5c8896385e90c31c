//! The generators of the files derived from agentdesk-core's declarations: the JS layer's tables
//! (js/catalog.js), the package's catalog typings (js/catalog.d.ts) and the Rust glue between
//! the shell and those tables (src/api/generated.rs). tests/generated.rs compares their output
//! with the committed files and rewrites them on request.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

pub mod checks;
pub mod js;
pub mod probes;
pub mod rust;
pub mod setup;
pub mod tracked;
pub mod ts;

use agentdesk_core::command::{LoginParams, LogoutParams, PauseParams};
use agentdesk_core::config::SetupParams;
use agentdesk_core::event_names;
use agentdesk_core::events::schema::{Field, FieldSpec, Kind};
use agentdesk_core::events::EventType;
use agentdesk_core::flows::CallAction;

/// One catalog event as the generators see it.
pub struct Event {
    pub index: usize,
    pub wire: &'static str,
    pub constant: &'static str,
    pub doc: &'static [&'static str],
    pub payload: &'static str,
    pub payload_doc: &'static [&'static str],
    pub kind: Kind,
}

/// What a command takes.
pub enum Arg {
    /// Nothing (`{}` or no argument).
    Nothing,
    /// A string (`updateSessionKey`).
    Key,
    /// An object of this declaration.
    Object(Kind),
}

/// One command of the face.
pub struct Command {
    pub name: String,
    /// Its `CallAction` index, for call and supervisor commands.
    pub call: Option<usize>,
    pub arg: Arg,
}

impl Command {
    /// True when every field of its argument may be left out (or it takes none).
    pub fn arg_optional(&self) -> bool {
        match &self.arg {
            Arg::Nothing => true,
            Arg::Key => false,
            Arg::Object(Kind::Object(_, _, fields)) => fields.iter().all(|f| f.optional),
            Arg::Object(_) => false,
        }
    }
}

pub fn events() -> Vec<Event> {
    EventType::ALL
        .into_iter()
        .map(|t| {
            let (payload, payload_doc, kind) = t.payload();
            Event {
                index: t.index(),
                wire: t.as_str(),
                constant: t.constant(),
                doc: t.doc(),
                payload,
                payload_doc,
                kind,
            }
        })
        .collect()
}

/// The face's commands: the session commands of `event_names::RESPONSES` (but `setup`), then the
/// call and supervisor commands in `CallAction`'s order.
pub fn commands() -> Vec<Command> {
    let mut out = Vec::new();
    for (_, resp) in event_names::RESPONSES {
        let name = resp
            .strip_suffix("Resp")
            .expect("a response event ends in Resp");
        let arg = match name {
            "setup" => continue,
            "login" => Arg::Object(LoginParams::kind()),
            "logout" => Arg::Object(LogoutParams::kind()),
            "pause" => Arg::Object(PauseParams::kind()),
            "unpause" => Arg::Nothing,
            "updateSessionKey" => Arg::Key,
            other => panic!("a session command the generator does not know: {other}"),
        };
        out.push(Command {
            name: name.to_owned(),
            call: None,
            arg,
        });
    }
    for (i, action) in CallAction::ALL.iter().enumerate() {
        let arg = match action.shape().kind() {
            Some(kind) => Arg::Object(kind),
            None => Arg::Nothing,
        };
        out.push(Command {
            name: action.name().to_owned(),
            call: Some(i),
            arg,
        });
    }
    out
}

pub fn setup() -> Kind {
    SetupParams::kind()
}

/// The name TypeScript knows a declared object by, where it differs from the Rust struct's.
pub fn ts_name(rust: &str) -> &str {
    match rust {
        "SetupParams" => "SetupConfig",
        other => other,
    }
}

/// Every declared object reachable from `kind`, innermost first, each once.
pub fn objects<'a>(kind: &'a Kind, out: &mut Vec<(&'static str, &'a Kind)>) {
    match kind {
        Kind::Object(name, _, fields) => {
            for f in fields {
                objects(&f.kind, out);
            }
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name, kind));
            }
        }
        Kind::Nullable(k) | Kind::Record(k) | Kind::Array(k) => objects(k, out),
        _ => {}
    }
}

/// The fields of a declared object.
pub fn fields(kind: &Kind) -> &[FieldSpec] {
    match kind {
        Kind::Object(_, _, fields) => fields,
        _ => &[],
    }
}

/// `s` as a JS / TS / Rust string literal (the three agree for what the declarations hold).
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// A doc comment's lines as one `/** … */` block at `indent`, or nothing.
pub fn js_doc(lines: &[&str], indent: &str) -> String {
    let text: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    match text.len() {
        0 => String::new(),
        1 => format!("{indent}/** {} */\n", text[0]),
        _ => {
            let mut out = format!("{indent}/**\n");
            for l in text {
                out.push_str(&format!("{indent} * {l}\n"));
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

/// camelCase → snake_case, for Rust names of wire fields.
pub fn snake(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The first letter upper-cased.
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

pub const HEADER_NOTE: &str =
    "GENERATED from agentdesk-core's declarations by tests/generated.rs: do not edit.\n\
Regenerate with `bash scripts/generate.sh`; `cargo test` fails while this file is stale.";

/// The generated-file note, each line after `prefix` (`//`, `//!`).
pub fn header(prefix: &str) -> String {
    HEADER_NOTE
        .lines()
        .map(|line| format!("{prefix} {line}\n"))
        .collect()
}
