//! One GlobeMeet connection as the server keeps it, sans-IO: its topic patterns, its token's
//! expiry (warned [`EXPIRY_NOTICE_S`] before, closed at it unless refreshed) and the answers to
//! its frames. Who a token names is the face's to verify; the identity must stay the same across
//! refreshes.

use std::collections::BTreeSet;

use super::frame::{close, ClientFrame, ServerFrame, EXPIRY_NOTICE_S};
use super::topic::Pattern;

/// Patterns one connection may hold.
pub const MAX_PATTERNS: usize = 100;

/// Who a verified token names, and until when it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The tenant.
    pub tenant: String,
    /// The subject (user).
    pub subject: String,
    /// Expiry, Unix seconds.
    pub expires_at: u64,
}

/// What the connection needs done after a frame or a timer.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send these frames.
    Send(Vec<ServerFrame>),
    /// Close with this code (4000–4399 reconnect, 4400+ stop) and reason.
    Close(u16, &'static str),
}

/// One connection's subscriber.
#[derive(Debug, Clone)]
pub struct Subscriber {
    grant: Grant,
    patterns: BTreeSet<Pattern>,
    warned: bool,
}

fn error(id: Option<String>, code: &str, message: String) -> Step {
    Step::Send(vec![ServerFrame::Error {
        id,
        code: code.to_owned(),
        message,
    }])
}

impl Subscriber {
    /// A connection authenticated by `grant`.
    pub fn new(grant: Grant) -> Self {
        Self {
            grant,
            patterns: BTreeSet::new(),
            warned: false,
        }
    }

    /// The grant in force.
    pub fn grant(&self) -> &Grant {
        &self.grant
    }

    /// True when a pattern covers `topic`.
    pub fn wants(&self, topic: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(topic))
    }

    /// The patterns held.
    pub fn patterns(&self) -> Vec<Pattern> {
        self.patterns.iter().cloned().collect()
    }

    fn listed(&self) -> Vec<String> {
        self.patterns
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect()
    }

    /// Answers one frame after authentication. `verify` reads a refreshed token.
    pub fn handle<E: std::fmt::Display>(
        &mut self,
        frame: ClientFrame,
        verify: impl Fn(&str) -> Result<Grant, E>,
    ) -> Step {
        match frame {
            ClientFrame::Auth { .. } => error(
                None,
                "ALREADY_AUTHENTICATED",
                "this connection is authenticated; use `refresh` for a new token".into(),
            ),
            ClientFrame::Subscribe { id, topics } => {
                let parsed: Result<Vec<Pattern>, _> =
                    topics.iter().map(|t| Pattern::parse(t)).collect();
                let parsed = match parsed {
                    Ok(p) => p,
                    Err(e) => return error(id, "BAD_TOPIC", e.to_string()),
                };
                let total: BTreeSet<&Pattern> = self.patterns.iter().chain(parsed.iter()).collect();
                if total.len() > MAX_PATTERNS {
                    return error(
                        id,
                        "TOO_MANY_TOPICS",
                        format!("at most {MAX_PATTERNS} topic patterns a connection"),
                    );
                }
                self.patterns.extend(parsed);
                Step::Send(vec![ServerFrame::Subscribed {
                    id,
                    topics: self.listed(),
                }])
            }
            ClientFrame::Unsubscribe { id, topics } => {
                self.patterns
                    .retain(|p| !topics.iter().any(|t| t == p.as_str()));
                Step::Send(vec![ServerFrame::Unsubscribed {
                    id,
                    topics: self.listed(),
                }])
            }
            ClientFrame::Refresh { token } => match verify(&token) {
                Ok(g) if g.tenant == self.grant.tenant && g.subject == self.grant.subject => {
                    self.grant = g;
                    self.warned = false;
                    Step::Send(vec![ServerFrame::Refreshed {
                        expires_at: self.grant.expires_at,
                    }])
                }
                Ok(_) => error(
                    None,
                    "TOKEN_MISMATCH",
                    "a refreshed token must name the same tenant and user".into(),
                ),
                Err(e) => error(None, "TOKEN_INVALID", e.to_string()),
            },
            ClientFrame::Ping { id } => Step::Send(vec![ServerFrame::Pong { id }]),
        }
    }

    /// The token's timers at `now_s`: `token_expiring` once, then a close at expiry.
    pub fn poll(&mut self, now_s: u64) -> Option<Step> {
        if now_s >= self.grant.expires_at {
            return Some(Step::Close(close::TOKEN_EXPIRED, "token expired"));
        }
        if !self.warned && now_s + EXPIRY_NOTICE_S >= self.grant.expires_at {
            self.warned = true;
            return Some(Step::Send(vec![ServerFrame::TokenExpiring {
                expires_at: self.grant.expires_at,
            }]));
        }
        None
    }

    /// When [`Subscriber::poll`] next has something to say, Unix seconds.
    pub fn next_deadline(&self) -> u64 {
        if self.warned {
            self.grant.expires_at
        } else {
            self.grant.expires_at.saturating_sub(EXPIRY_NOTICE_S)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(exp: u64) -> Grant {
        Grant {
            tenant: "t1".into(),
            subject: "9001".into(),
            expires_at: exp,
        }
    }

    fn verify(token: &str) -> Result<Grant, String> {
        match token {
            "fresh" => Ok(grant(2_000)),
            "other" => Ok(Grant {
                subject: "9002".into(),
                ..grant(2_000)
            }),
            _ => Err("signature does not verify".into()),
        }
    }

    fn sub(topics: &[&str]) -> ClientFrame {
        ClientFrame::Subscribe {
            id: Some("s1".into()),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn subscriptions_are_all_or_nothing_and_select_topics() {
        let mut s = Subscriber::new(grant(1_000));
        let Step::Send(out) = s.handle(sub(&["queue.support.*", "session.*"]), verify) else {
            panic!()
        };
        assert!(matches!(&out[0], ServerFrame::Subscribed { topics, .. } if topics.len() == 2));
        assert!(s.wants("session.direct.created") && !s.wants("agent.1.online"));
        let Step::Send(out) = s.handle(sub(&["agent.*", "bad..topic"]), verify) else {
            panic!()
        };
        assert!(matches!(&out[0], ServerFrame::Error { code, .. } if code == "BAD_TOPIC"));
        assert!(
            !s.wants("agent.1.online"),
            "nothing of a refused request is added"
        );
        let _ = s.handle(
            ClientFrame::Unsubscribe {
                id: None,
                topics: vec!["session.*".into()],
            },
            verify,
        );
        assert!(!s.wants("session.direct.created"));
    }

    #[test]
    fn the_token_warns_before_it_expires_and_a_refresh_of_the_same_user_extends_it() {
        let mut s = Subscriber::new(grant(1_000));
        assert_eq!(s.next_deadline(), 940);
        assert_eq!(s.poll(939), None);
        assert_eq!(
            s.poll(940),
            Some(Step::Send(vec![ServerFrame::TokenExpiring {
                expires_at: 1_000
            }]))
        );
        assert_eq!(s.poll(941), None, "warned once");
        assert!(
            matches!(s.handle(ClientFrame::Refresh { token: "other".into() }, verify), Step::Send(f) if matches!(&f[0], ServerFrame::Error { code, .. } if code == "TOKEN_MISMATCH"))
        );
        assert!(
            matches!(s.handle(ClientFrame::Refresh { token: "forged".into() }, verify), Step::Send(f) if matches!(&f[0], ServerFrame::Error { code, .. } if code == "TOKEN_INVALID"))
        );
        assert_eq!(
            s.handle(
                ClientFrame::Refresh {
                    token: "fresh".into()
                },
                verify
            ),
            Step::Send(vec![ServerFrame::Refreshed { expires_at: 2_000 }])
        );
        assert_eq!(s.poll(1_000), None);
        assert_eq!(
            s.poll(2_000),
            Some(Step::Close(close::TOKEN_EXPIRED, "token expired"))
        );
    }

    #[test]
    fn ping_pongs_and_a_second_auth_is_an_error() {
        let mut s = Subscriber::new(grant(1_000));
        assert_eq!(
            s.handle(
                ClientFrame::Ping {
                    id: Some("p".into())
                },
                verify
            ),
            Step::Send(vec![ServerFrame::Pong {
                id: Some("p".into())
            }])
        );
        assert!(
            matches!(s.handle(ClientFrame::Auth { token: "x".into(), last_event_id: None }, verify), Step::Send(f) if matches!(&f[0], ServerFrame::Error { .. }))
        );
    }
}
