//! How the fields the engine tracks cross from the JS layer into the wasm, both ends from one
//! description: numbers as numbers (an absent one as NaN), an enum as its index, and every
//! string of an event together in ONE string, each announced by a length code (0 absent, n + 1
//! the next n UTF-16 units): one crossing and one allocation per event however many strings it
//! tracks, instead of one of each per string (docs/architecture.md).

use agentdesk_core::events::schema::{FieldSpec, Kind, Role};

use super::js::enum_const;

/// One argument of a `Shell` export fed by a TRACK caller.
pub struct Arg {
    /// The JS expression the caller passes.
    pub js: String,
    /// The Rust parameter (`name: type`).
    pub param: String,
    /// For a string, the JS expression of its text (concatenated into the last argument).
    pub text: Option<String>,
}

/// The roles of `Shell.event`, in its argument order after (now, id, type).
pub const EVENT_ROLES: [Role; 7] = [
    Role::target_type,
    Role::tenant,
    Role::agent,
    Role::initiator,
    Role::target,
    Role::main_unique_id,
    Role::result,
];

/// The argument carrying field `path` (a JS expression; `None`: the event has no such field) of
/// `kind` as parameter `name`.
pub fn arg(name: &str, path: Option<&str>, kind: &Kind) -> Arg {
    let string = matches!(kind, Kind::String)
        || matches!(kind, Kind::Nullable(inner) if **inner == Kind::String);
    if string {
        return Arg {
            js: path.map_or("0".to_owned(), |p| format!("len({p})")),
            param: format!("{name}: u32"),
            text: path.map(|p| {
                if matches!(kind, Kind::String) {
                    p.to_owned()
                } else {
                    format!("str({p})")
                }
            }),
        };
    }
    let (js, ty) = match kind {
        Kind::Enum(e, _) => (path.map(|p| format!("{}_INDEX[{p}]", enum_const(e))), "u32"),
        Kind::Boolean => (path.map(str::to_owned), "bool"),
        Kind::Nullable(inner) if **inner == Kind::Boolean => {
            (path.map(str::to_owned), "Option<bool>")
        }
        Kind::Nullable(_) => (path.map(|p| format!("{p} ?? NaN")), "f64"),
        _ => (path.map(str::to_owned), "f64"),
    };
    Arg {
        js: js.unwrap_or_else(|| "NaN".to_owned()),
        param: format!("{name}: {ty}"),
        text: None,
    }
}

/// The Rust statement setting field `f` of `to` from parameter `a` (strings: `cut` from the
/// text, into the field's own buffer).
pub fn rust_set(to: &str, a: &str, f: &FieldSpec) -> String {
    let field = format!("{to}.{}", f.rust);
    match &f.kind {
        Kind::String => format!("put(&mut {field}, cut(&mut rest, {a}).unwrap_or_default());"),
        Kind::Nullable(inner) if **inner == Kind::String => {
            format!("put_opt(&mut {field}, cut(&mut rest, {a}));")
        }
        _ => format!("{field} = {};", rust_value(a, f)),
    }
}

/// The Rust expression turning parameter `a` into the value of `f` (not a string).
fn rust_value(a: &str, f: &FieldSpec) -> String {
    match &f.kind {
        Kind::Boolean | Kind::Number => a.to_owned(),
        Kind::Integer => format!("{a} as i64"),
        Kind::Unsigned => format!("{a} as u64"),
        Kind::Enum(name, _) => format!("{name}::from_index({a}).unwrap_or({})", fallback(name)),
        Kind::IntEnum(name, _) => {
            format!("{name}::try_from({a} as i64).unwrap_or({})", fallback(name))
        }
        Kind::Nullable(inner) => match inner.as_ref() {
            Kind::Boolean => a.to_owned(),
            Kind::Number => format!("number({a})"),
            Kind::Unsigned => format!("number({a}).map(|n| n as u64)"),
            _ => format!("number({a}).map(|n| n as i64)"),
        },
        other => panic!("no crossing for {other:?}"),
    }
}

/// What a code the JS layer already checked falls back to, should it not convert (it cannot).
fn fallback(name: &str) -> &'static str {
    match name {
        "AgentState" => "AgentState::Offline",
        "DeviceStatus" => "DeviceStatus::Invalid",
        "InitialStatus" => "InitialStatus::LoggedOut",
        other => panic!("no fallback for {other}"),
    }
}

/// The JS of the concatenated text of `args` (`""` when none is a string).
pub fn text(args: &[Arg]) -> String {
    let parts: Vec<&str> = args.iter().filter_map(|a| a.text.as_deref()).collect();
    if parts.is_empty() {
        "\"\"".to_owned()
    } else if parts.len() == 1 {
        // One string: `+ ""` would copy nothing but reads oddly; str() already gives a string.
        parts[0].to_owned()
    } else {
        parts.join(" + ")
    }
}
