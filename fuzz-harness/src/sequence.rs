//! `engine_sequence`: structured sequences of everything the shell can feed the engine — frames
//! in the shapes a gateway sends (events with ids in order, repeated, skipped or from the past;
//! undecodable events; replies to the requests on the wire, stamped or not; auth replies of every
//! resume outcome; pongs; notices), raw text, socket opens and closes with any code, time passing,
//! the browser going online, commands with arbitrary arguments, softphone reports, destroy.
//!
//! Checked on every step by the shell (a Promise settles once, payloads are JSON); at the end,
//! destroy settles every Promise and leaves no timer.

use agentdesk_core::events::EventType;
use agentdesk_core::quality::StatsSnapshot;
use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{json, Value};

use crate::json;
use crate::shell::Shell;

/// Steps one input may hold.
const MAX_STEPS: usize = 256;

/// Which event id a frame carries, relative to what the engine delivered.
#[derive(Debug, Arbitrary)]
enum Id {
    Next,
    Same,
    Ahead(u8),
    Behind(u8),
    Any(u64),
}

#[derive(Debug, Arbitrary)]
enum Step {
    Event {
        id: Id,
        kind: u8,
        me: bool,
    },
    Undecodable {
        id: Id,
        kind: u8,
    },
    Reply {
        ok: bool,
        stamp: Option<Id>,
        data: bool,
    },
    AuthReply {
        outcome: u8,
        last: Id,
        same_session: bool,
    },
    Pong {
        echo: bool,
        ts: u64,
    },
    Notice {
        kind: u8,
        expires_at: u64,
    },
    Text(String),
    Opened,
    Closed {
        code: u16,
    },
    Advance {
        ms: u16,
    },
    Sleep {
        minutes: u8,
    },
    Online,
    Command,
    Media {
        kind: u8,
    },
}

/// The target.
pub fn steps(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut shell = Shell::logged_in(u.arbitrary().unwrap_or(0));
    for _ in 0..MAX_STEPS {
        if u.is_empty() {
            break;
        }
        let Ok(step) = Step::arbitrary(&mut u) else {
            break;
        };
        if run(&mut shell, &mut u, step).is_err() {
            break;
        }
    }
    shell.finish();
}

fn run(shell: &mut Shell, u: &mut Unstructured<'_>, step: Step) -> Result<()> {
    match step {
        Step::Event { id, kind, me } => {
            let event_id = resolve(shell, &id);
            let payload = payload(EventType::ALL[usize::from(kind) % EventType::ALL.len()], me);
            shell.frame(&json!({"type":"event","eventId":event_id,"payload":payload}).to_string());
        }
        Step::Undecodable { id, kind } => {
            let event_id = resolve(shell, &id);
            let payload = match kind % 3 {
                0 => r#"{"eventType":"fromANewerGateway","x":1}"#,
                1 => r#"{"eventType":"agentStatus","status":7}"#,
                _ => oversized_payload(),
            };
            shell.frame(&format!(
                r#"{{"type":"event","eventId":{event_id},"payload":{payload}}}"#
            ));
        }
        Step::Reply { ok, stamp, data } => {
            let id = shell.last_request("cmd").unwrap_or(0);
            let mut reply = if ok {
                json!({"type":"reply","id":id,"code":0,"message":"ok","data":if data { json!({"role":"agent","sdp":"v=0"}) } else { json!({}) }})
            } else {
                json!({"type":"reply","id":id,"code":-1,"message":"no","errorCode":"INVALID_STATE"})
            };
            if let Some(stamp) = stamp {
                reply["lastEventId"] = json!(resolve(shell, &stamp));
            }
            shell.frame(&reply.to_string());
        }
        Step::AuthReply {
            outcome,
            last,
            same_session,
        } => {
            let id = shell.last_request("auth").unwrap_or(0);
            let session = if same_session { "s-1" } else { "s-2" };
            let last = resolve(shell, &last);
            let reply = match outcome % 5 {
                0 => {
                    json!({"type":"reply","id":id,"code":0,"message":"ok","data":{"sessionId":session,"lastEventId":last,"resumed":true}})
                }
                1 => {
                    json!({"type":"reply","id":id,"code":0,"message":"ok","data":{"sessionId":session,"lastEventId":last,"resumed":false,"resumeError":"GAP_TOO_OLD"}})
                }
                2 => {
                    json!({"type":"reply","id":id,"code":0,"message":"ok","data":{"sessionId":session,"lastEventId":0,"resumed":false,"resumeError":"SESSION_UNKNOWN"}})
                }
                3 => {
                    json!({"type":"reply","id":id,"code":-1,"message":"no","errorCode":"KEY_INVALID"})
                }
                _ => {
                    json!({"type":"reply","id":id,"code":-1,"message":"busy","errorCode":"INTERNAL"})
                }
            };
            shell.frame(&reply.to_string());
        }
        Step::Pong { echo, ts } => {
            let ts = if echo {
                shell
                    .sent
                    .iter()
                    .rev()
                    .find(|f| f["type"] == "ping")
                    .map_or(ts, |f| f["ts"].as_u64().unwrap_or(ts))
            } else {
                ts
            };
            shell.frame(&json!({"type":"pong","ts":ts,"serverTs":0}).to_string());
        }
        Step::Notice { kind, expires_at } => {
            let kind = ["keyExpiring", "overflow", "fromTheFuture"][usize::from(kind) % 3];
            shell.frame(
                &json!({"type":"notice","kind":kind,"message":"","expiresAt":expires_at})
                    .to_string(),
            );
        }
        Step::Text(text) => shell.frame(&text),
        Step::Opened => {
            shell.engine.handle_socket_opened(shell.now);
            shell.drain();
        }
        Step::Closed { code } => {
            shell.engine.handle_socket_closed(shell.now, code, "fuzz");
            shell.drain();
        }
        Step::Advance { ms } => shell.advance(u64::from(ms)),
        Step::Sleep { minutes } => shell.advance(u64::from(minutes) * 60_000),
        Step::Online => {
            shell.engine.handle_network_online(shell.now);
            shell.drain();
        }
        Step::Command => {
            let action = match u.int_in_range(0..=5u8)? {
                0 => "login",
                1 => "logout",
                2 => "pause",
                3 => "unpause",
                4 => "updateSessionKey",
                _ => u.choose(agentdesk_core::flows::CallAction::ALL)?.name(),
            };
            let argument = if action == "login" && u.ratio(3, 4)? {
                json!({"tenantId":"t1","agentNo":"0001","sessionKey":json::string(u)?,
                       "bindEndpoint":{"endpointType":u.int_in_range(1..=3)?,"endpoint":"3016"},"initialStatus":1})
            } else if action == "updateSessionKey" {
                Value::String(json::string(u)?)
            } else {
                json::value(u, 0)?
            };
            shell.command(action, argument);
        }
        Step::Media { kind } => {
            let (now, engine) = (shell.now, &mut shell.engine);
            match kind % 5 {
                0 => engine.handle_media_offer(now, "v=0"),
                1 => engine.handle_media_failed(now, "no microphone"),
                2 => engine.handle_media_state(
                    now,
                    ["connected", "disconnected", "failed", "closed"][usize::from(kind / 5) % 4],
                ),
                3 => engine.handle_stats(now, &snapshot(u)?),
                _ => engine.handle_stats_unavailable(now),
            }
            shell.drain();
        }
    }
    Ok(())
}

/// A `queueStatus` payload over the 64 KiB frame limit, made once.
fn oversized_payload() -> &'static str {
    static PAYLOAD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PAYLOAD.get_or_init(|| json!({"eventType":"queueStatus","pad":"q".repeat(70_000)}).to_string())
}

/// A `getStats()` snapshot with arbitrary counters, as a browser (or a broken one) reports.
fn snapshot(u: &mut Unstructured<'_>) -> Result<StatsSnapshot> {
    let value = json!({
        "timestamp": u.arbitrary::<f64>()?, "packetsSent": u.arbitrary::<u32>()?, "bytesSent": u.arbitrary::<u64>()?,
        "packetsReceived": u.arbitrary::<u32>()?, "packetsLost": u.arbitrary::<i32>()?, "jitter": u.arbitrary::<f64>()?,
        "roundTripTime": u.arbitrary::<f64>()?, "fractionLost": u.arbitrary::<f64>()?, "remoteJitter": u.arbitrary::<f64>()?,
        "currentRoundTripTime": u.arbitrary::<f64>()?, "iceState": "connected", "dtlsState": "connected",
    });
    Ok(serde_json::from_value(value).unwrap_or_default())
}

fn resolve(shell: &Shell, id: &Id) -> u64 {
    let last = shell.engine.last_event_id();
    match id {
        Id::Next => last.saturating_add(1),
        Id::Same => last,
        Id::Ahead(n) => last.saturating_add(u64::from(*n) + 2),
        Id::Behind(n) => last.saturating_sub(u64::from(*n)),
        Id::Any(n) => *n,
    }
}

/// A payload of `event_type` that decodes: the fixture of tests/fixtures/events, addressed to
/// this agent (`me`) or another.
fn payload(event_type: EventType, me: bool) -> Value {
    let mut payload = fixtures()[event_type as usize].clone();
    if let Some(object) = payload.as_object_mut() {
        if object.contains_key("agentNo") {
            object.insert("agentNo".into(), json!(if me { "0001" } else { "0002" }));
        }
    }
    payload
}

fn fixtures() -> &'static [Value] {
    static FIXTURES: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| {
        EventType::ALL
            .iter()
            .map(|t| {
                let path = format!(
                    "{}/../tests/fixtures/events/{}.json",
                    env!("CARGO_MANIFEST_DIR"),
                    t.as_str()
                );
                std::fs::read_to_string(path)
                    .ok()
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or(Value::Null)
            })
            .collect()
    })
}

/// The steps an input decodes to, for reading a finding (`AGENTDESK_FUZZ_TRACE=1` prints what
/// the engine did with them).
pub fn describe(data: &[u8]) -> Vec<String> {
    let mut u = Unstructured::new(data);
    let _: u64 = u.arbitrary().unwrap_or(0);
    let mut out = Vec::new();
    while !u.is_empty() && out.len() < MAX_STEPS {
        let Ok(step) = Step::arbitrary(&mut u) else {
            break;
        };
        out.push(format!("{step:?}"));
    }
    out
}
