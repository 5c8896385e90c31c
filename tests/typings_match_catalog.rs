//! Keeps the hand-written TypeScript (src/api/typings.d.ts) in step with the Rust catalog.
//!
//! wasm-bindgen cannot type the event payloads, so they are declared by hand; this test is what
//! stops the two from drifting. It reads the .d.ts with a deliberately small parser (the file is
//! only `export interface` / `export type` declarations) and checks it against
//! `EventType::ALL` and the fixtures in tests/fixtures/events, which the engine's own tests prove
//! are exactly what the Rust structs serialize.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use agentdesk_core::events::{CatalogEvent, EventType};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// A minimal reader for the declarations in typings.d.ts
// ---------------------------------------------------------------------------------------------

/// One member of an interface body.
#[derive(Debug)]
struct Member {
    optional: bool,
    ty: String,
}

/// The parsed interface: named members plus the type of an index signature, if any.
#[derive(Debug, Default)]
struct Interface {
    members: BTreeMap<String, Member>,
    index: Option<String>,
}

/// Everything the file declares.
struct Decls {
    interfaces: BTreeMap<String, Interface>,
    aliases: BTreeMap<String, String>,
}

fn typings_source() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/typings.d.ts");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(t: EventType) -> Value {
    let path = format!(
        "{}/tests/fixtures/events/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        t.as_str()
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The TS interface name of an event: the Rust struct's name, `<PascalCaseEventName>Event`.
fn interface_name(t: EventType) -> String {
    let wire = t.as_str();
    let mut chars = wire.chars();
    let first = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or_default();
    format!("{first}{}Event", chars.as_str())
}

/// Drops `//` and `/* */` comments (outside string literals), so words in docs never count as
/// declarations.
fn strip_comments(src: &str) -> String {
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            out.push(c as char);
            in_string = c != b'"';
            i += 1;
        } else if c == b'"' {
            in_string = true;
            out.push('"');
            i += 1;
        } else if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if src[i..].starts_with("/*") {
            i = src[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |n| i + 2 + n + 2);
        } else {
            // Copy whole characters: the comments are stripped, but the .d.ts may hold UTF-8.
            let ch = src[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Splits `s` at `sep` where not nested in braces, brackets, parens, angle brackets or quotes.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_string, mut start) = (0i32, false, 0);
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '{' | '[' | '(' | '<' => depth += 1,
            '}' | ']' | ')' | '>' => depth -= 1,
            _ if c == sep && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The text between the `{` at `open` and its matching `}`.
fn braced_body(s: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &s[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces after byte {open}");
}

fn parse_interface(body: &str) -> Interface {
    let mut iface = Interface::default();
    for raw in split_top_level(body, ';') {
        let member = raw.trim();
        if member.is_empty() {
            continue;
        }
        let member = member.strip_prefix("readonly ").unwrap_or(member);
        if member.starts_with('[') {
            let ty = member.rsplit_once("]:").map(|(_, ty)| ty.trim().to_owned());
            iface.index = Some(ty.unwrap_or_else(|| panic!("bad index signature `{member}`")));
            continue;
        }
        let (name, ty) = member
            .split_once(':')
            .unwrap_or_else(|| panic!("bad member `{member}`"));
        let (name, optional) = match name.trim().strip_suffix('?') {
            Some(n) => (n.trim(), true),
            None => (name.trim(), false),
        };
        let previous = iface.members.insert(
            name.to_owned(),
            Member {
                optional,
                ty: ty.trim().to_owned(),
            },
        );
        assert!(previous.is_none(), "member `{name}` declared twice");
    }
    iface
}

/// Parses every top-level declaration; anything that is not `export interface` or `export type`
/// fails, because the file is appended verbatim to wasm-bindgen's output.
fn parse_decls(src: &str) -> Decls {
    let src = strip_comments(src);
    let mut decls = Decls {
        interfaces: BTreeMap::new(),
        aliases: BTreeMap::new(),
    };
    let mut rest = src.trim_start();
    let mut offset = src.len() - rest.len();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("export interface ") {
            let open = offset + rest.find('{').expect("interface without body");
            let name = after[..after.find('{').unwrap()].trim().to_owned();
            let body = braced_body(&src, open);
            let end = open + body.len() + 2;
            assert!(
                decls
                    .interfaces
                    .insert(name.clone(), parse_interface(body))
                    .is_none(),
                "interface `{name}` declared twice"
            );
            offset = end;
        } else if let Some(after) = rest.strip_prefix("export type ") {
            let (name, ty) = after.split_once('=').expect("type alias without `=`");
            let ty_end = split_top_level(ty, ';')[0];
            decls
                .aliases
                .insert(name.trim().to_owned(), ty_end.trim().to_owned());
            offset += "export type ".len() + name.len() + 1 + ty_end.len() + 1;
        } else {
            let line = rest.lines().next().unwrap_or_default();
            panic!("only `export interface` / `export type` may appear, found `{line}`");
        }
        rest = src[offset..].trim_start();
        offset = src.len() - rest.len();
    }
    decls
}

fn decls() -> Decls {
    parse_decls(&typings_source())
}

fn interface<'a>(decls: &'a Decls, name: &str) -> &'a Interface {
    decls
        .interfaces
        .get(name)
        .unwrap_or_else(|| panic!("no `export interface {name} {{`"))
}

// ---------------------------------------------------------------------------------------------
// Checking a JSON value against a declared TypeScript type
// ---------------------------------------------------------------------------------------------

/// Ok when `value` is assignable to the TS type `ty`; otherwise why not, with the JSON path.
fn check(decls: &Decls, ty: &str, value: &Value, path: &str) -> Result<(), String> {
    let alternatives = split_top_level(ty, '|');
    let alternatives: Vec<&str> = alternatives
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    if alternatives.len() > 1 {
        return if alternatives
            .iter()
            .any(|alt| check(decls, alt, value, path).is_ok())
        {
            Ok(())
        } else {
            Err(format!("{path}: {value} is not `{ty}`"))
        };
    }
    let ty = alternatives.first().copied().unwrap_or_default();
    let ok = match ty {
        "unknown" => true,
        "string" => value.is_string(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ if ty.starts_with('"') => value.as_str() == Some(ty.trim_matches('"')),
        _ if ty.parse::<f64>().is_ok() => value.as_f64() == ty.parse::<f64>().ok(),
        _ => {
            if let Some(item) = ty.strip_suffix("[]") {
                let items = value
                    .as_array()
                    .ok_or(format!("{path}: {value} is not an array"))?;
                for (i, v) in items.iter().enumerate() {
                    check(decls, item, v, &format!("{path}[{i}]"))?;
                }
                return Ok(());
            }
            if let Some(inner) = ty
                .strip_prefix("Record<string,")
                .and_then(|r| r.strip_suffix('>'))
            {
                let map = value
                    .as_object()
                    .ok_or(format!("{path}: {value} is not an object"))?;
                for (k, v) in map {
                    check(decls, inner.trim(), v, &format!("{path}.{k}"))?;
                }
                return Ok(());
            }
            if let Some(alias) = decls.aliases.get(ty) {
                return check(decls, alias, value, path);
            }
            if let Some(iface) = decls.interfaces.get(ty) {
                return check_object(decls, ty, iface, value, path);
            }
            return Err(format!("{path}: the checker does not know the type `{ty}`"));
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{path}: {value} is not `{ty}`"))
    }
}

fn check_object(
    decls: &Decls,
    name: &str,
    iface: &Interface,
    value: &Value,
    path: &str,
) -> Result<(), String> {
    let map = value
        .as_object()
        .ok_or(format!("{path}: {value} is not a `{name}` object"))?;
    for (key, v) in map {
        let field_path = format!("{path}.{key}");
        match (iface.members.get(key), &iface.index) {
            (Some(member), _) => check(decls, &member.ty, v, &field_path)?,
            (None, Some(index_ty)) => check(decls, index_ty, v, &field_path)?,
            (None, None) => return Err(format!("{field_path}: not declared in `{name}`")),
        }
    }
    for (key, member) in &iface.members {
        if !member.optional && !map.contains_key(key) {
            return Err(format!(
                "{path}: `{name}` requires `{key}`, absent from the JSON"
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

#[test]
fn typings_hold_only_exported_interfaces_and_types() {
    // parse_decls panics on any other top-level statement; these two are named for clarity.
    let decls = decls();
    assert!(
        decls.interfaces.len() >= 40,
        "{} interfaces",
        decls.interfaces.len()
    );
    let code = strip_comments(&typings_source());
    assert!(!code.contains("declare "), "`declare` in typings.d.ts");
    assert!(
        !code.lines().any(|l| l.trim_start().starts_with("import ")),
        "import in typings"
    );
}

#[test]
fn catalog_event_map_has_every_event_type_and_no_other() {
    let decls = decls();
    let map = interface(&decls, "CatalogEventMap");
    for t in EventType::ALL {
        let member = map.members.get(t.as_str()).unwrap_or_else(|| {
            panic!("CatalogEventMap lacks `{}`", t.as_str());
        });
        assert_eq!(
            member.ty,
            interface_name(t),
            "CatalogEventMap.{}",
            t.as_str()
        );
    }
    assert_eq!(map.members.len(), 40);
    assert!(map.index.is_none());
}

#[test]
fn event_type_catalog_has_every_constant_with_its_literal_name() {
    let decls = decls();
    let catalog = interface(&decls, "EventTypeCatalog");
    for t in EventType::ALL {
        let member = catalog.members.get(t.constant()).unwrap_or_else(|| {
            panic!("EventTypeCatalog lacks `{}`", t.constant());
        });
        assert_eq!(
            member.ty,
            format!("\"{}\"", t.as_str()),
            "EventTypeCatalog.{}",
            t.constant()
        );
        assert!(!member.optional);
    }
    assert_eq!(catalog.members.len(), 40);
}

#[test]
fn every_event_interface_carries_its_literal_event_type() {
    let decls = decls();
    for t in EventType::ALL {
        let name = interface_name(t);
        let member = interface(&decls, &name)
            .members
            .get("eventType")
            .unwrap_or_else(|| panic!("{name} lacks eventType"));
        assert_eq!(member.ty, format!("\"{}\"", t.as_str()), "{name}.eventType");
    }
}

#[test]
fn every_fixture_key_is_declared_in_its_event_interface() {
    let decls = decls();
    for t in EventType::ALL {
        let name = interface_name(t);
        let iface = interface(&decls, &name);
        let json = fixture(t);
        let object = json
            .as_object()
            .unwrap_or_else(|| panic!("{} is not an object", t));
        for key in object.keys() {
            assert!(
                iface.members.contains_key(key) || iface.index.is_some(),
                "{key} (fixture {t}.json) is missing from `export interface {name}`"
            );
        }
    }
}

#[test]
fn fixture_values_match_the_declared_typescript_types() {
    let decls = decls();
    for t in EventType::ALL {
        let name = interface_name(t);
        if let Err(why) = check(&decls, &name, &fixture(t), t.as_str()) {
            panic!("{name} does not describe fixture {t}.json: {why}");
        }
    }
}

/// The fixtures show every field filled in; this asks Rust which fields may be absent or null and
/// checks that the TypeScript allows what Rust then writes (`field?:` for skipped Options,
/// `T | null` for Options that always serialize).
#[test]
fn optional_and_nullable_fields_agree_with_what_rust_writes() {
    let decls = decls();
    for t in EventType::ALL {
        let name = interface_name(t);
        let json = fixture(t);
        let keys: Vec<String> = json
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "eventType")
            .cloned()
            .collect();
        for key in keys {
            let mut absent = json.clone();
            absent.as_object_mut().unwrap().remove(&key);
            let mut null = json.clone();
            null[&key] = Value::Null;
            for (how, probe) in [("absent", absent), ("null", null)] {
                let Ok(event) = CatalogEvent::from_value(probe) else {
                    continue;
                };
                let written = serde_json::to_value(&event).unwrap();
                if let Err(why) = check(&decls, &name, &written, t.as_str()) {
                    panic!("Rust accepts {t}.{key} {how} and writes {written}, but TS says: {why}");
                }
            }
        }
    }
}

#[test]
fn the_checker_itself_rejects_a_wrong_type_and_an_undeclared_key() {
    let decls = parse_decls(
        "export type Bar = \"a\" | \"b\";\n\
         export interface PingEvent { eventType: \"ping\"; latencyTime: number; bar?: Bar; }",
    );
    let good = serde_json::json!({ "eventType": "ping", "latencyTime": 3, "bar": "a" });
    assert!(check(&decls, "PingEvent", &good, "ping").is_ok());
    let wrong = serde_json::json!({ "eventType": "ping", "latencyTime": "3" });
    assert!(check(&decls, "PingEvent", &wrong, "ping").is_err());
    let extra = serde_json::json!({ "eventType": "ping", "latencyTime": 3, "x": 1 });
    assert!(check(&decls, "PingEvent", &extra, "ping").is_err());
    let bad_alias = serde_json::json!({ "eventType": "ping", "latencyTime": 3, "bar": "c" });
    assert!(check(&decls, "PingEvent", &bad_alias, "ping").is_err());
}
