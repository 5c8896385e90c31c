//! Fresh keys from the page (`setup({ sessionKeyProvider })`, issue 15.5): a reconnect never
//! reuses a key the page could renew. With a provider, each reconnect attempt first asks for a key
//! ([`Output::WantKey`]) and opens its socket once the answer is in — the key as a candidate
//! (`keys.rs`: adopted only once the gateway accepts it, so a bad one costs one attempt, never the
//! session) — or, if the provider fails or takes longer than the command timeout, with the key that
//! last worked. Asking on `sessionKeyExpiring` is the JS layer's: it hands the provider's key to
//! `updateSessionKey` like a page would.

use super::keys::{oversized, Candidate};
use super::state::{Attempt, Life};
use super::{Engine, Event, Output};
use crate::response::SdkErrorEvent;
use crate::text;
use crate::time::Time;

impl Engine {
    /// The page has a key provider (true) or not: reconnect attempts wait for its key. An
    /// attempt already waiting goes on waiting for the answer asked for, or its timeout.
    pub fn set_key_provider(&mut self, on: bool) {
        self.key_provider = on;
    }

    /// A reconnect attempt is due: ask the page, and wait for [`Self::handle_provided_key`]
    /// at most a command timeout ([`super::Timer::KeyProvider`]).
    pub(super) fn want_key(&mut self, now: Time) {
        if let Life::Reconnecting { attempt, .. } = &mut self.life {
            *attempt = Attempt::AwaitingKey {
                until: now + self.config.command_timeout_ms,
            };
            self.out.push_back(Output::WantKey);
        }
    }

    /// True while a reconnect attempt waits for the provider.
    fn awaiting_key(&self) -> bool {
        matches!(
            self.life,
            Life::Reconnecting {
                attempt: Attempt::AwaitingKey { .. },
                ..
            }
        )
    }

    /// The provider's answer: a key, or `None` when it failed (the failure's words in
    /// `failure`, reported as `sdkError` `KEY_PROVIDER_FAILED`). The waiting attempt opens its
    /// socket now. An answer no attempt waits for (late, after the timeout) is dropped.
    pub fn handle_provided_key(&mut self, now: Time, key: Option<String>, failure: &str) {
        if !self.awaiting_key() {
            return;
        }
        match key {
            Some(key) => match oversized("sessionKeyProvider", &key) {
                Some(refused) => self.emit(Event::Error(SdkErrorEvent::new(
                    "KEY_PROVIDER_FAILED",
                    refused.message,
                ))),
                None => {
                    let _ = self.set_candidate(Candidate {
                        key,
                        ticket: None,
                        deadline: None,
                    });
                }
            },
            None => self.emit(Event::Error(SdkErrorEvent::new(
                "KEY_PROVIDER_FAILED",
                text!(
                    "sessionKeyProvider failed (",
                    failure,
                    "); reconnecting with the key that last worked"
                ),
            ))),
        }
        self.attempt_with_key(now);
    }

    /// [`super::Timer::KeyProvider`]: the provider did not answer within the command timeout: go
    /// with the key that last worked.
    pub(super) fn key_wait_due(&mut self, now: Time) {
        if self.awaiting_key() {
            self.emit(Event::Error(SdkErrorEvent::new(
                "KEY_PROVIDER_FAILED",
                text!(
                    "sessionKeyProvider gave no key within ",
                    self.config.command_timeout_ms,
                    " ms; reconnecting with the key that last worked"
                ),
            )));
            self.attempt_with_key(now);
        }
    }

    /// AwaitingKey → the attempt's socket.
    fn attempt_with_key(&mut self, now: Time) {
        if self.awaiting_key() {
            let socket = self.open_socket(now);
            self.life.set_socket(socket);
        }
    }
}
