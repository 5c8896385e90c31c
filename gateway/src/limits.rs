//! The gateway's limits against abuse (docs/gateway.md §11): logins per agent and per address,
//! connections per agent, frames per connection, and which page origins may open a socket.
//! Each limit is a token bucket: `rate` a minute (or a second), as many at once.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::http::HeaderMap;
use tokio::time::Instant;

/// Buckets kept before idle (full) ones are forgotten: bounded memory whatever the traffic.
const MAX_BUCKETS: usize = 100_000;

/// The limits' settings; 0 turns one off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// `/api/login` attempts per agent per minute (default 10).
    pub login_per_agent: u32,
    /// `/api/login` attempts per client address per minute (default 300: a contact center's
    /// agents often share one address, and a shift starts at once).
    pub login_per_address: u32,
    /// WebSocket authentications per agent per minute (default 60; the SDK's reconnects back off
    /// to one every 30 s).
    pub connects_per_agent: u32,
    /// Frames a connection may send per second (default 20, bursts of twice that; the SDK sends
    /// a ping every 5 s and a command when the agent clicks).
    pub frames_per_second: u32,
    /// Page origins allowed to open a socket; empty: the gateway's own origin only (the page
    /// was served by it); `*`: any.
    pub allowed_origins: Vec<String>,
    /// Proxies whose `X-Forwarded-For` names the real client (HAProxy's `option forwardfor`).
    pub trusted_proxies: Vec<IpAddr>,
}

impl Limits {
    /// The defaults of a deployment.
    pub fn production() -> Self {
        Self {
            login_per_agent: 10,
            login_per_address: 300,
            connects_per_agent: 60,
            frames_per_second: 20,
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
        }
    }

    /// Test mode (`--faults`): suites log the same agents in again and again from one address,
    /// from pages of other origins; frames stay limited.
    pub fn test_mode() -> Self {
        Self {
            login_per_agent: 0,
            login_per_address: 0,
            connects_per_agent: 0,
            allowed_origins: vec!["*".to_owned()],
            ..Self::production()
        }
    }
}

/// The buckets of one gateway's limits (None: that limit is off).
#[derive(Debug)]
pub(crate) struct Guards {
    pub(crate) login_per_agent: Option<Buckets>,
    pub(crate) login_per_address: Option<Buckets>,
    pub(crate) connects_per_agent: Option<Buckets>,
}

impl Guards {
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            login_per_agent: Buckets::per_minute(limits.login_per_agent),
            login_per_address: Buckets::per_minute(limits.login_per_address),
            connects_per_agent: Buckets::per_minute(limits.connects_per_agent),
        }
    }
}

/// Takes a token from `buckets` (if the limit is on).
pub(crate) fn check(buckets: &Option<Buckets>, key: &str) -> Result<(), Duration> {
    match buckets {
        Some(b) => b.take(key, Instant::now()),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by key: `capacity` at once, refilled at `per_second`.
#[derive(Debug)]
pub(crate) struct Buckets {
    capacity: f64,
    per_second: f64,
    map: Mutex<HashMap<String, Bucket>>,
}

impl Buckets {
    /// `per_minute` a minute, as many at once; None when 0 (no limit).
    pub(crate) fn per_minute(per_minute: u32) -> Option<Self> {
        (per_minute > 0).then(|| Self {
            capacity: f64::from(per_minute),
            per_second: f64::from(per_minute) / 60.0,
            map: Mutex::new(HashMap::new()),
        })
    }

    /// Takes a token for `key` at `now`; Err: how long until one is free.
    pub(crate) fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= MAX_BUCKETS {
            let (capacity, per_second) = (self.capacity, self.per_second);
            map.retain(|_, b| refill(*b, now, capacity, per_second) < capacity);
        }
        let bucket = map.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.capacity,
            at: now,
        });
        let tokens = refill(*bucket, now, self.capacity, self.per_second);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / self.per_second))
        }
    }
}

fn refill(b: Bucket, now: Instant, capacity: f64, per_second: f64) -> f64 {
    let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
    (b.tokens + elapsed * per_second).min(capacity)
}

/// One connection's frame budget: `rate` a second, bursts of twice that.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameBudget {
    rate: f64,
    bucket: Bucket,
}

impl FrameBudget {
    /// A budget of `per_second` (None when 0: no limit).
    pub(crate) fn new(per_second: u32, now: Instant) -> Option<Self> {
        (per_second > 0).then(|| Self {
            rate: f64::from(per_second),
            bucket: Bucket {
                tokens: 2.0 * f64::from(per_second),
                at: now,
            },
        })
    }

    /// Spends one frame; false when the connection is over its budget.
    pub(crate) fn spend(&mut self, now: Instant) -> bool {
        let tokens = refill(self.bucket, now, 2.0 * self.rate, self.rate);
        let ok = tokens >= 1.0;
        self.bucket = Bucket {
            tokens: if ok { tokens - 1.0 } else { tokens },
            at: now,
        };
        ok
    }
}

/// The peer of a request's connection, whatever the listener (plain TCP or TLS): crate::serve
/// gives it to every request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub(crate) SocketAddr);

/// The client's address: the peer, or, when the peer is a trusted proxy, the last address its
/// `X-Forwarded-For` adds.
pub(crate) fn client_address(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer.ip()) {
        return peer.ip();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer.ip())
}

/// Whether a socket opened by a page of `origin` (the `Origin` header; None: not a browser)
/// may be upgraded: a page the gateway served itself (same host as the request's `Host`), or an
/// origin of the allow-list.
pub(crate) fn origin_allowed(origin: Option<&str>, host: Option<&str>, allowed: &[String]) -> bool {
    let Some(origin) = origin else {
        // Not a browser: Origin is a browser's promise, anything else can say what it likes.
        return true;
    };
    if allowed
        .iter()
        .any(|a| a == "*" || a.eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_one_per_refill() {
        let b = Buckets::per_minute(3).unwrap();
        let t = Instant::now();
        assert!(b.take("a", t).is_ok());
        assert!(b.take("a", t).is_ok());
        assert!(b.take("a", t).is_ok());
        let wait = b.take("a", t).unwrap_err();
        assert!(
            wait > Duration::from_secs(19) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(b.take("b", t).is_ok(), "another key has its own bucket");
        assert!(b.take("a", t + Duration::from_secs(20)).is_ok());
        assert!(Buckets::per_minute(0).is_none());
    }

    #[test]
    fn a_frame_budget_allows_bursts_of_twice_the_rate() {
        let t = Instant::now();
        let mut f = FrameBudget::new(5, t).unwrap();
        assert_eq!((0..12).filter(|_| f.spend(t)).count(), 10);
        assert!(f.spend(t + Duration::from_millis(200)));
        assert!(!f.spend(t + Duration::from_millis(200)));
    }

    #[test]
    fn origins_are_the_gateway_s_own_or_the_allow_list() {
        let own = Some("gw.example:8080");
        assert!(origin_allowed(None, own, &[]));
        assert!(origin_allowed(Some("http://gw.example:8080"), own, &[]));
        assert!(origin_allowed(Some("https://GW.example:8080"), own, &[]));
        assert!(!origin_allowed(Some("http://evil.example"), own, &[]));
        assert!(!origin_allowed(Some("http://gw.example:8081"), own, &[]));
        let list = vec!["https://console.example".to_owned()];
        assert!(origin_allowed(Some("https://console.example"), own, &list));
        assert!(origin_allowed(
            Some("http://any.example"),
            own,
            &["*".to_owned()]
        ));
    }

    #[test]
    fn a_trusted_proxy_s_forwarded_for_names_the_client() {
        let proxy: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "10.1.1.1, 192.0.2.7".parse().unwrap());
        let trusted = vec![proxy.ip()];
        assert_eq!(client_address(proxy, &h, &trusted).to_string(), "192.0.2.7");
        assert_eq!(client_address(proxy, &h, &[]).to_string(), "127.0.0.1");
    }
}
