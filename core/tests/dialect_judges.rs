//! The dialect codecs against the official clients, without a network: tests/dialects/offline.mjs
//! runs npm `phoenix`, `@rails/actioncable` and `jose` on the fixtures this test writes (server
//! frames, Presence diffs, a token), and captures what those clients send, which this test
//! decodes. `AGENTDESK_BLESS=1` rewrites the fixtures written here; `node
//! tests/dialects/offline.mjs --bless` rewrites the captured ones.

use agentdesk_core::dialects::actioncable::{
    ClientFrame, DisconnectReason, Room, RoomAction, ServerFrame,
};
use agentdesk_core::dialects::phoenix::{client_push, Message, PushAction, Topic, Tracker};
use serde_json::{json, Map, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/dialects/fixtures/");

fn read(name: &str) -> Value {
    let path = format!("{DIR}{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Compares a fixture with what the code writes now, or rewrites it under AGENTDESK_BLESS.
fn written(name: &str, value: &Value) {
    let path = format!("{DIR}{name}");
    let text = serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
    if std::env::var_os("AGENTDESK_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(old == text, "{path} is out of date; run AGENTDESK_BLESS=1 cargo test -p agentdesk-core --test dialect_judges");
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn meta(status: &str, call: Option<&str>) -> Map<String, Value> {
    obj(json!({"name": "Ada", "status": status, "current_call_id": call}))
}

#[test]
fn presence_frames_for_phoenix_js_are_current() {
    // A queue's presence as the face would send it: state after the join, then diffs. After
    // each, the server's own state, which phoenix.js's Presence must arrive at too.
    let mut t = Tracker::new("e1");
    let mut steps = Vec::new();
    let _ = t.track("1001", meta("online", None));
    steps.push(json!({"event": "presence_state", "payload": t.state().to_value(), "expected": t.state().to_value()}));
    let mut diff = |t: &mut Tracker, d: agentdesk_core::dialects::phoenix::Diff| {
        steps.push(json!({"event": "presence_diff", "payload": d.to_value(), "expected": t.state().to_value()}));
    };
    let d = t.track("1002", meta("away", None));
    diff(&mut t, d);
    let d = t.track("1001", meta("busy", Some("gw-1700000300.401")));
    diff(&mut t, d);
    let d = t.untrack("1002");
    diff(&mut t, d);
    let d = t.track("1003", meta("online", None));
    diff(&mut t, d);
    let d = t.track("1001", meta("online", None));
    diff(&mut t, d);
    // A client that missed everything catches up from a fresh state.
    steps.push(json!({"event": "presence_state", "payload": t.state().to_value(), "expected": t.state().to_value()}));
    written("presence.json", &Value::Array(steps));
}

#[test]
fn phoenix_server_frames_for_phoenix_js_are_current() {
    let join = Message::decode(r#"["3","3","queue:q-sales","phx_join",{}]"#).unwrap();
    let frames = [
        Message::reply(&join, true, json!({})),
        Message::refuse(&join, "unauthorized"),
        Message::push(
            Some("3".into()),
            "queue:q-sales",
            "customer_joined",
            obj(
                json!({"call_id": "c1", "customer_name": "13800000001", "position": 1, "queue_size": 1}),
            ),
        ),
        Message {
            join_ref: None,
            msg_ref: None,
            topic: "queue:q-sales".into(),
            event: "queue_update".into(),
            payload: obj(json!({"queue_size": 0, "avg_wait_time": 12, "online_agents": 3})),
        },
        Message::closed(Some("3".into()), "queue:q-sales", None),
        Message::closed(Some("3".into()), "queue:q-sales", Some("channel_crash")),
        Message::reply(
            &Message::decode(r#"[null,"5","phoenix","heartbeat",{}]"#).unwrap(),
            true,
            json!({}),
        ),
    ];
    let list: Vec<Value> = frames
        .iter()
        .map(|m| {
            json!({"text": m.encode(), "expected": {"join_ref": m.join_ref, "ref": m.msg_ref, "topic": m.topic, "event": m.event, "payload": m.payload}})
        })
        .collect();
    written("phoenix-server-frames.json", &Value::Array(list));
}

/// The identifier string the official client sends for seed 001's subscription (captured).
fn captured_identifier() -> String {
    let frames = read("actioncable-client-frames.json");
    let first = frames["frames"][0].as_str().unwrap_or_default().to_owned();
    match ClientFrame::decode(&first) {
        Ok(ClientFrame::Subscribe(id)) => id.raw,
        other => panic!("the first captured frame is not a subscribe: {other:?}"),
    }
}

#[test]
fn actioncable_server_frames_for_the_official_client_are_current() {
    let id = captured_identifier();
    let frames = [
        ServerFrame::Welcome,
        ServerFrame::Ping(1_771_580_700),
        ServerFrame::Confirm(id.clone()),
        ServerFrame::Message {
            identifier: id.clone(),
            message: json!({"event": "presence.update", "data": {"account_id": 1, "users": {"2": "online"}, "contacts": {}}}),
        },
        ServerFrame::Reject(id.clone()),
        ServerFrame::Disconnect {
            reason: DisconnectReason::Unauthorized,
            reconnect: false,
        },
    ];
    let texts: Vec<Value> = frames.iter().map(|f| Value::String(f.encode())).collect();
    written(
        "actioncable-server-frames.json",
        &json!({"identifier": id, "frames": texts}),
    );
}

#[cfg(feature = "jwt")]
#[test]
fn tokens_for_jose_are_current() {
    use agentdesk_core::dialects::jwt;
    let secret = "globemeet-test-secret";
    let claims = obj(
        json!({"sub": "9001", "tid": "t1", "scope": ["queue.*", "session.*"], "iat": 1_771_580_700, "exp": 1_771_581_600}),
    );
    let token = jwt::mint(&claims, secret.as_bytes());
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], parts[1].replace('A', "B"), parts[2]);
    written(
        "jwt.json",
        &json!({"secret": secret, "token": token, "claims": claims, "at": 1_771_581_000, "tampered": tampered}),
    );
}

#[test]
fn phoenix_js_client_frames_decode_as_the_faces_read_them() {
    let fixture = read("phoenix-client-frames.json");
    assert_eq!(
        fixture["url"],
        "ws://127.0.0.1:4000/socket/websocket?token=jwt-token&vsn=2.0.0"
    );
    let frames: Vec<Message> = fixture["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Message::decode(f.as_str().unwrap()).unwrap())
        .collect();
    let summary: Vec<(Option<&str>, Option<&str>, &str, &str)> = frames
        .iter()
        .map(|m| {
            (
                m.join_ref.as_deref(),
                m.msg_ref.as_deref(),
                m.topic.as_str(),
                m.event.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some("3"), Some("3"), "queue:q-sales", "phx_join"),
            (Some("6"), Some("6"), "call:gw-1700000300.401", "phx_join"),
            (Some("6"), Some("7"), "call:gw-1700000300.401", "mute"),
            (Some("6"), Some("8"), "call:gw-1700000300.401", "signal"),
            (
                Some("6"),
                Some("9"),
                "call:gw-1700000300.401",
                "ice_candidate"
            ),
            (None, Some("10"), "phoenix", "heartbeat"),
            (Some("3"), Some("11"), "queue:q-sales", "phx_leave"),
        ]
    );
    assert!(frames[5].is_heartbeat());
    let call = Topic::parse(&frames[2].topic).unwrap();
    for m in &frames[2..5] {
        let action =
            client_push(&call, &m.event, &m.payload).unwrap_or_else(|e| panic!("{}: {e}", m.event));
        assert!(matches!(
            (m.event.as_str(), action),
            ("mute", PushAction::Core(_)) | ("signal" | "ice_candidate", PushAction::Media { .. })
        ));
    }
}

#[test]
fn actioncable_client_frames_decode_as_the_face_reads_them() {
    let fixture = read("actioncable-client-frames.json");
    assert_eq!(
        fixture["protocols"],
        json!(["actioncable-v1-json", "actioncable-unsupported"])
    );
    let frames: Vec<ClientFrame> = fixture["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| ClientFrame::decode(f.as_str().unwrap()).unwrap())
        .collect();
    let ClientFrame::Subscribe(id) = &frames[0] else {
        panic!("{:?}", frames[0])
    };
    assert_eq!(
        Room::from_identifier(id).unwrap(),
        Room {
            pubsub_token: "tok".into(),
            account_id: Some(1),
            user_id: Some(2)
        }
    );
    let ClientFrame::Message {
        identifier, action, ..
    } = &frames[1]
    else {
        panic!("{:?}", frames[1])
    };
    assert_eq!(
        (identifier.raw.as_str(), RoomAction::parse(action)),
        (id.raw.as_str(), Some(RoomAction::UpdatePresence))
    );
    assert!(matches!(&frames[2], ClientFrame::Unsubscribe(i) if i.raw == id.raw));
}
