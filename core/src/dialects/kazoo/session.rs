//! One Kazoo websocket as the server keeps it, sans-IO (research/gateway-protocols.md §3.2):
//! every request goes rate → authenticate → validate → authorize → command, and every outcome is
//! a `reply` — errors never close the socket. Authentication counts once per socket; the bindings
//! it holds decide which events it gets.

use serde_json::{json, Value};

use super::bindings::Binding;
use super::frame::{Action, Event, Request, RequestError, ServerFrame};

/// The rate limiter's bucket size and refill per second (§3.2: 100 tokens, 10/s).
pub const BUCKET: u64 = 100;
/// Tokens added per second.
pub const REFILL_PER_S: u64 = 10;
/// Bindings one socket may hold.
pub const MAX_BINDINGS: usize = 100;

/// A token bucket on the core's time: `BUCKET` requests at once, `REFILL_PER_S` a second after.
#[derive(Debug, Clone)]
struct Bucket {
    /// Tokens × 1000, so refills of a fraction of a second count.
    milli: u64,
    last_ms: i64,
}

impl Bucket {
    fn take(&mut self, now_ms: i64) -> bool {
        let elapsed = u64::try_from(now_ms.saturating_sub(self.last_ms)).unwrap_or(0);
        self.last_ms = self.last_ms.max(now_ms);
        self.milli = (self.milli + elapsed * REFILL_PER_S).min(BUCKET * 1000);
        if self.milli < 1000 {
            return false;
        }
        self.milli -= 1000;
        true
    }
}

/// One socket's subscriber.
#[derive(Debug, Clone)]
pub struct Subscriber {
    account: Option<String>,
    bindings: Vec<Binding>,
    bucket: Bucket,
}

fn keys(bindings: &[Binding]) -> Value {
    Value::Array(
        bindings
            .iter()
            .map(|b| Value::String(b.subscribed_key.clone()))
            .collect(),
    )
}

impl Subscriber {
    /// A new socket, opened at `now_ms`, not authenticated.
    pub fn new(now_ms: i64) -> Self {
        Self {
            account: None,
            bindings: Vec::new(),
            bucket: Bucket {
                milli: BUCKET * 1000,
                last_ms: now_ms,
            },
        }
    }

    /// The account this socket authenticated for.
    pub fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// The bindings held, as subscribed.
    pub fn bindings(&self) -> impl Iterator<Item = &str> {
        self.bindings.iter().map(|b| b.subscribed_key.as_str())
    }

    /// Answers one client frame. `verify` checks a token and gives its account (or the reason it
    /// failed); `fallback_id` is the request id when the frame has none (Kazoo makes up 16 hex
    /// characters).
    pub fn handle(
        &mut self,
        text: &str,
        now_ms: i64,
        fallback_id: &str,
        verify: impl Fn(&str) -> Result<String, String>,
    ) -> ServerFrame {
        let fail = |id: Option<String>, errors: Vec<String>| {
            ServerFrame::error(id.as_deref().unwrap_or(fallback_id), &errors)
        };
        if !self.bucket.take(now_ms) {
            let id = Request::decode(text).ok().and_then(|r| r.request_id);
            return fail(id, vec!["rate limiting threshold hit!".into()]);
        }
        let request = match Request::decode(text) {
            Ok(r) => r,
            Err(RequestError { request_id, errors }) => return fail(request_id, errors),
        };
        let id = request
            .request_id
            .clone()
            .unwrap_or_else(|| fallback_id.to_owned());
        if self.account.is_none() {
            let Some(token) = request.auth_token.as_deref() else {
                return ServerFrame::error(&id, &["authentication token required".into()]);
            };
            match verify(token) {
                Ok(account) => self.account = Some(account),
                Err(why) => {
                    return ServerFrame::error(
                        &id,
                        &[format!("failed to authenticate token {why}")],
                    )
                }
            }
        }
        if request.action == Action::Ping {
            return ServerFrame::success(&id, json!({ "response": "pong" }));
        }
        let (account_id, binding) = match request.target() {
            Ok(t) => t,
            Err(e) => return ServerFrame::error(&id, &e.errors),
        };
        let own = self.account.clone().unwrap_or_default();
        if account_id == "*" {
            return ServerFrame::error(&id, &["unauthorized wildcard account id".into()]);
        }
        if account_id != own {
            return ServerFrame::error(&id, &["unauthorized account id".into()]);
        }
        match request.action {
            Action::Subscribe => {
                let b = match Binding::expand(binding, &own) {
                    Ok(b) => b,
                    Err(e) => return ServerFrame::error(&id, &[e.to_string()]),
                };
                if !self
                    .bindings
                    .iter()
                    .any(|x| x.subscribed_key == b.subscribed_key)
                {
                    if self.bindings.len() >= MAX_BINDINGS {
                        return ServerFrame::error(
                            &id,
                            &[format!("exceeded max subscriptions of {MAX_BINDINGS}")],
                        );
                    }
                    self.bindings.push(b);
                }
                ServerFrame::success(&id, json!({ "subscribed": keys(&self.bindings) }))
            }
            _ => {
                let before = self.bindings.len();
                self.bindings.retain(|b| b.subscribed_key != binding);
                let unsubscribed: Vec<&str> = if before > self.bindings.len() {
                    vec![binding]
                } else {
                    vec![]
                };
                ServerFrame::success(
                    &id,
                    json!({ "unsubscribed": unsubscribed, "subscribed": keys(&self.bindings) }),
                )
            }
        }
    }

    /// The event frames this socket gets for an event of `account`: one per matching binding, as
    /// Kazoo sends; none for another account's event.
    pub fn deliver(
        &self,
        account: &str,
        routing_key: &str,
        name: &str,
        data: &Value,
    ) -> Vec<ServerFrame> {
        if self.account.as_deref() != Some(account) {
            return Vec::new();
        }
        let entity: Vec<&str> = routing_key.split('.').take(4).collect();
        let entity = entity.join(".");
        self.bindings
            .iter()
            .filter(|b| b.delivers(routing_key, &entity))
            .map(|b| {
                ServerFrame::Event(Event {
                    subscribed_key: b.subscribed_key.clone(),
                    subscription_key: b.subscription_key.clone(),
                    name: name.to_owned(),
                    routing_key: routing_key.to_owned(),
                    data: data.clone(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4";

    fn verify(token: &str) -> Result<String, String> {
        if token == "good" {
            Ok(A.to_owned())
        } else {
            Err("(invalid signature)".to_owned())
        }
    }

    fn answer(s: &mut Subscriber, text: &str) -> Value {
        serde_json::from_str(&s.handle(text, 0, "gen-id", verify).encode()).unwrap()
    }

    #[test]
    fn the_first_request_authenticates_the_socket_and_later_ones_need_no_token() {
        let mut s = Subscriber::new(0);
        let r = answer(&mut s, r#"{"action":"ping","request_id":"r0"}"#);
        assert_eq!(r["data"]["errors"][0], "authentication token required");
        let r = answer(
            &mut s,
            r#"{"action":"ping","request_id":"r1","auth_token":"bad"}"#,
        );
        assert_eq!(
            r["data"]["errors"][0],
            "failed to authenticate token (invalid signature)"
        );
        let r = answer(
            &mut s,
            &format!(
                r#"{{"action":"subscribe","request_id":"r2","auth_token":"good","data":{{"account_id":"{A}","binding":"qubicle.queue.{A}.*"}}}}"#
            ),
        );
        assert_eq!(
            (r["status"].as_str(), r["data"]["subscribed"][0].as_str()),
            (
                Some("success"),
                Some(format!("qubicle.queue.{A}.*").as_str())
            )
        );
        let r = answer(&mut s, r#"{"action":"ping"}"#);
        assert_eq!(
            (r["request_id"].as_str(), r["data"]["response"].as_str()),
            (Some("gen-id"), Some("pong"))
        );
    }

    #[test]
    fn authorization_and_validation_errors_are_replies() {
        let mut s = Subscriber::new(0);
        let _ = answer(&mut s, r#"{"action":"ping","auth_token":"good"}"#);
        let other = answer(
            &mut s,
            r#"{"action":"subscribe","data":{"account_id":"B","binding":"qubicle.queue.B.*"}}"#,
        );
        assert_eq!(other["data"]["errors"][0], "unauthorized account id");
        let wild = answer(
            &mut s,
            r#"{"action":"subscribe","data":{"account_id":"*","binding":"qubicle.#"}}"#,
        );
        assert_eq!(
            wild["data"]["errors"][0],
            "unauthorized wildcard account id"
        );
        let missing = answer(
            &mut s,
            &format!(r#"{{"action":"subscribe","data":{{"account_id":"{A}"}}}}"#),
        );
        assert_eq!(
            missing["data"]["errors"][0],
            "missing required keys : binding"
        );
        let unknown = answer(
            &mut s,
            &format!(
                r#"{{"action":"subscribe","data":{{"account_id":"{A}","binding":"call.CHANNEL_CREATE.*"}}}}"#
            ),
        );
        assert_eq!(
            unknown["data"]["errors"][0],
            "no available subscriptions to requested binding"
        );
        assert_eq!(answer(&mut s, "nope")["status"], "error");
    }

    #[test]
    fn unsubscribe_reports_both_lists_and_events_follow_the_bindings() {
        let mut s = Subscriber::new(0);
        for b in [
            format!("qubicle.recipient.{A}.*"),
            format!("qubicle.recipient.{A}.*.offer"),
        ] {
            let _ = answer(
                &mut s,
                &format!(
                    r#"{{"action":"subscribe","auth_token":"good","data":{{"account_id":"{A}","binding":"{b}"}}}}"#
                ),
            );
        }
        let offer = format!("qubicle.recipient.{A}.1001.offer");
        assert_eq!(
            s.deliver(A, &offer, "offer", &json!({})).len(),
            2,
            "one frame per matching binding"
        );
        assert!(s.deliver("other", &offer, "offer", &json!({})).is_empty());
        let r = answer(
            &mut s,
            &format!(
                r#"{{"action":"unsubscribe","data":{{"account_id":"{A}","binding":"qubicle.recipient.{A}.*"}}}}"#
            ),
        );
        assert_eq!(r["data"]["unsubscribed"].as_array().map(Vec::len), Some(1));
        assert_eq!(r["data"]["subscribed"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            s.deliver(
                A,
                &format!("qubicle.recipient.{A}.1001.ready"),
                "ready",
                &json!({})
            )
            .len(),
            0
        );
    }

    #[test]
    fn the_rate_limit_allows_a_burst_of_a_hundred_then_ten_a_second() {
        let mut s = Subscriber::new(0);
        let ping = r#"{"action":"ping","auth_token":"good"}"#;
        let ok = (0..120)
            .filter(|_| s.handle(ping, 0, "x", verify).encode().contains("pong"))
            .count();
        assert_eq!(ok, 100);
        let refused = s.handle(ping, 0, "x", verify).encode();
        assert!(refused.contains("rate limiting threshold hit"), "{refused}");
        let later = (0..20)
            .filter(|_| s.handle(ping, 1_000, "x", verify).encode().contains("pong"))
            .count();
        assert_eq!(later, 10);
    }
}
