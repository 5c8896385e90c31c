//! tests/fixtures/verdicts.json: what the native decoders (serde and the rules) say of payloads
//! and arguments mutated from good ones, so that tests/js/checks.test.mjs can check that the JS
//! layer's generated checks say the same. One fixture per catalog event is required here: a
//! catalog event without one fails the generation.

use agentdesk_core::command::Command;
use agentdesk_core::events::{CatalogEvent, EventType};
use serde_json::{json, Map, Value};

use super::commands;

fn fixture(t: EventType) -> Value {
    let path = format!(
        "{}/tests/fixtures/events/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        t.as_str()
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("every catalog event has a fixture: {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A value of another JSON kind than `v`.
fn wrong(v: &Value) -> Value {
    match v {
        Value::String(_) => json!(7),
        Value::Number(_) => json!("7"),
        Value::Bool(_) => json!("yes"),
        Value::Array(_) => json!({}),
        Value::Object(_) => json!([]),
        Value::Null => json!(false),
    }
}

/// `base` with the member at `path` removed, nulled, or of the wrong kind.
fn mutations(base: &Value, path: &[String], out: &mut Vec<(String, Value)>) {
    let Some(Value::Object(map)) = lookup(base, path) else {
        return;
    };
    for (key, v) in map.clone() {
        if path.is_empty() && key == "eventType" {
            continue;
        }
        let here: Vec<String> = path.iter().cloned().chain([key.clone()]).collect();
        let name = here.join(".");
        for (how, new) in [
            ("absent", None),
            ("null", Some(Value::Null)),
            ("wrong", Some(wrong(&v))),
        ] {
            let mut probe = base.clone();
            let parent = lookup_mut(&mut probe, path)
                .and_then(Value::as_object_mut)
                .expect("an object");
            match new {
                None => {
                    parent.remove(&key);
                }
                Some(n) => {
                    parent.insert(key.clone(), n);
                }
            }
            out.push((format!("{name} {how}"), probe));
        }
        if v.is_object() && path.is_empty() {
            mutations(base, &here, out);
        }
    }
}

fn lookup<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn lookup_mut<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, k| v.get_mut(k))
}

/// A good argument of every command that takes one.
fn good_argument(name: &str) -> Value {
    match name {
        "login" => json!({"tenantId": "t1", "agentNo": "0001", "sessionKey": "k",
                          "bindEndpoint": {"endpointType": 3, "endpoint": "3016"}, "initialStatus": 2, "pauseDescription": "x"}),
        "logout" => json!({"logoutMode": 1, "unbindEndpoint": 1}),
        "pause" => json!({"pauseType": 2, "pauseDescription": "lunch"}),
        "updateSessionKey" => json!("v1.new"),
        "previewObCall" => {
            json!({"customerNumber": "138", "agentAnswerTimeout": 30, "customerAnswerTimeout": 45,
                                  "chanVariables": [{"name": "a", "value": "b"}, {"name": "c", "value": "d", "type": 2}]})
        }
        "mute" | "unmute" => json!({"direction": "in"}),
        "sendDtmf" => json!({"digits": "12#*AD"}),
        "startAtxfer" => json!({"targetType": 1, "target": "0002"}),
        "blxfer" => {
            json!({"targetType": 3, "target": "{}", "blxferVariables": [{"name": "a", "value": "b"}]})
        }
        "transferIvr" => {
            json!({"ivrId": "ivr-1", "ivrNode": "n", "variables": {"x": [1, {"y": null}]}})
        }
        "spy" | "whisper" | "threeway" | "barge" | "disconnect" | "setPause" | "setUnpause"
        | "setOffline" => {
            json!({"agentNo": "0002", "pauseDescription": "p"})
        }
        "subscribeQueueStatus" => json!({"queues": ["q1", "q2"]}),
        _ => json!({}),
    }
}

/// Values that break a rule or a shape, whatever the kind checks say.
fn rule_probes(name: &str, good: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut with = |what: &str, key: &str, v: Value| {
        if let Some(map) = good.as_object() {
            if map.contains_key(key) {
                let mut probe = good.clone();
                probe[key] = v;
                out.push((format!("{key} {what}"), probe));
            }
        }
    };
    for key in [
        "tenantId",
        "agentNo",
        "sessionKey",
        "customerNumber",
        "target",
        "ivrId",
    ] {
        with("blank", key, json!("  "));
    }
    with("out of range", "initialStatus", json!(0));
    with("out of range high", "initialStatus", json!(7));
    with("out of range", "agentAnswerTimeout", json!(61));
    with("negative", "customerAnswerTimeout", json!(-5));
    with("bad characters", "digits", json!("12x"));
    with("too long", "digits", json!("1".repeat(33)));
    with("empty", "digits", json!(""));
    with("not allowed", "direction", json!("sideways"));
    with(
        "not allowed",
        "targetType",
        json!(if name == "blxfer" { 4 } else { 3 }),
    );
    with(
        "six of them",
        "blxferVariables",
        json!([{"name":"a","value":"b"},{"name":"a","value":"b"},{"name":"a","value":"b"},
        {"name":"a","value":"b"},{"name":"a","value":"b"},{"name":"a","value":"b"}]),
    );
    with(
        "bad endpoint type",
        "bindEndpoint",
        json!({"endpointType": 9, "endpoint": "1"}),
    );
    with(
        "unknown key inside",
        "bindEndpoint",
        json!({"endpointType": 1, "endpoint": "1", "x": 1}),
    );
    with(
        "variable without value",
        "chanVariables",
        json!([{"name": "a"}]),
    );
    if let Some(map) = good.as_object() {
        let mut probe = map.clone();
        probe.insert("unexpected".into(), json!(1));
        out.push(("unknown key".into(), Value::Object(probe)));
    }
    for (what, v) in [
        ("null", Value::Null),
        ("a number", json!(5)),
        ("a string", json!("x")),
        ("an array", json!([])),
        ("empty", json!({})),
    ] {
        out.push((format!("argument {what}"), v));
    }
    out
}

pub fn render() -> String {
    let mut events = Vec::new();
    for t in EventType::ALL {
        let base = fixture(t);
        assert!(
            CatalogEvent::from_value(base.clone()).is_ok(),
            "fixture {} decodes",
            t.as_str()
        );
        let mut probes = vec![("as is".to_owned(), base.clone())];
        mutations(&base, &[], &mut probes);
        for (what, probe) in probes {
            let accepted = CatalogEvent::from_value(probe.clone()).is_ok();
            events.push(
                json!({"event": t.as_str(), "what": what, "payload": probe, "accepted": accepted}),
            );
        }
    }
    let mut arguments = Vec::new();
    for c in commands() {
        let good = good_argument(&c.name);
        let mut probes = vec![("as is".to_owned(), good.clone())];
        if good.is_object() {
            mutations(&good, &[], &mut probes);
        }
        probes.extend(rule_probes(&c.name, &good));
        for (what, probe) in probes {
            let parsed = Command::parse(&c.name, probe.clone());
            let wire = match &parsed {
                Ok(Command::Call(call)) => call.wire_params().to_value(),
                _ => Value::Null,
            };
            let mut row = Map::new();
            row.insert("command".into(), json!(c.name));
            row.insert("what".into(), json!(what));
            row.insert("argument".into(), probe);
            row.insert("accepted".into(), json!(parsed.is_ok()));
            if !wire.is_null() {
                row.insert("wire".into(), wire);
            }
            arguments.push(Value::Object(row));
        }
    }
    // One probe a line: readable diffs, a third of the pretty-printed size.
    let lines = |rows: &[Value]| {
        rows.iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(",\n")
    };
    let note = "GENERATED by tests/generated.rs (bash scripts/generate.sh): what the native decoders say of mutated \
                payloads and arguments; tests/js/checks.test.mjs checks the JS layer says the same.";
    format!(
        "{{\"note\": {},\n\"events\": [\n{}\n],\n\"arguments\": [\n{}\n]}}\n",
        json!(note),
        lines(&events),
        lines(&arguments)
    )
}
