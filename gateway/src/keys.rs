//! Session keys: issued by the login endpoint, checked by the socket's `auth` frame
//! (docs/protocol.md §2 and §8).
//!
//! A key is `v1.` + base64url(JSON claims) + `.` + base64url(HMAC-SHA256 over the first two
//! parts), all base64url without padding. The claims are `{tid, sub, role, iat, exp, jti}`; `iat`
//! and `exp` are Unix milliseconds, the unit of every other time on this protocol (`expiresAt`).
//! Verification is MAC first (in constant time, by the hmac crate), then expiry, then the revoked
//! set, so a forged key is always `KEY_INVALID` whatever its claims say.
//!
//! Nothing here reads a clock: `now_ms` is an argument, so tests can issue keys in the past.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::directory::Role;

type HmacSha256 = Hmac<Sha256>;

/// What a signed token is for. The prefix is inside the MAC, so a refresh credential is never
/// taken for a session key, nor the reverse, whatever its claims say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A session key: the socket's `auth` frame (`v1.`, docs/protocol.md §2).
    Session,
    /// A refresh credential: only `POST /api/refresh` takes it, in an HttpOnly cookie, and
    /// answers with a fresh session key (`r1.`, docs/protocol.md §8).
    Refresh,
}

impl Purpose {
    fn prefix(self) -> &'static str {
        match self {
            Self::Session => "v1",
            Self::Refresh => "r1",
        }
    }
}

/// How long a refresh credential lives: an agent's shift of 8 hours (issue 15: "keeps the console
/// open for eight hours") with room for overtime; after it the agent logs in with a password again.
pub const REFRESH_TTL: Duration = Duration::from_secs(12 * 3600);

/// Length of a random secret made at startup when `--key-secret` is not given.
const RANDOM_SECRET_BYTES: usize = 32;

/// What a key says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Tenant id.
    pub tid: String,
    /// Agent number (the subject).
    pub sub: String,
    /// The account's role.
    pub role: Role,
    /// Issued at, Unix ms.
    pub iat: u64,
    /// Expires at, Unix ms.
    pub exp: u64,
    /// Unique key id, what revocation names.
    pub jti: String,
}

/// A key as handed to the client, with its claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedKey {
    /// The opaque key string.
    pub key: String,
    /// The claims inside it.
    pub claims: Claims,
}

/// Why a key was refused. Each maps to an `errorCode` and close code (docs/protocol.md §2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Malformed, or the MAC does not verify.
    #[error("session key is invalid: {0}")]
    Invalid(&'static str),
    /// `exp` has passed.
    #[error("session key expired at {exp} (Unix ms)")]
    Expired {
        /// The key's expiry.
        exp: u64,
    },
    /// An operator revoked it.
    #[error("session key was revoked")]
    Revoked,
}

impl KeyError {
    /// The stable `errorCode` of docs/protocol.md §2.
    pub fn error_code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "KEY_INVALID",
            Self::Expired { .. } => "KEY_EXPIRED",
            Self::Revoked => "KEY_REVOKED",
        }
    }
}

/// Issues and verifies keys with one secret.
pub struct SessionKeys {
    secret: Vec<u8>,
    ttl: Duration,
    revoked: Mutex<HashSet<String>>,
    /// Per tenant + agent: every key issued at or before this Unix ms is revoked. One entry per
    /// agent, however many keys it had, so revoking by agent stays bounded.
    revoked_through: Mutex<HashMap<(String, String), u64>>,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("SessionKeys")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl SessionKeys {
    /// Keys signed with `secret`, valid for `ttl` after issue.
    pub fn new(secret: Vec<u8>, ttl: Duration) -> Self {
        Self {
            secret,
            ttl,
            revoked: Mutex::new(HashSet::new()),
            revoked_through: Mutex::new(HashMap::new()),
        }
    }

    /// Keys signed with a random secret: every key dies with the process.
    pub fn with_random_secret(ttl: Duration) -> Self {
        let mut secret = vec![0u8; RANDOM_SECRET_BYTES];
        rand::rng().fill_bytes(&mut secret);
        Self::new(secret, ttl)
    }

    /// How long a key lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Issues a key for `sub` of tenant `tid`, as if at `now_ms`.
    ///
    /// A key issued in the same millisecond as a revocation of the agent's keys is dated one
    /// millisecond later, so that it is not revoked with them.
    pub fn issue(&self, tid: &str, sub: &str, role: Role, now_ms: u64) -> IssuedKey {
        self.issue_for(Purpose::Session, self.ttl, tid, sub, role, now_ms)
    }

    /// Issues a refresh credential ([`Purpose::Refresh`], valid [`REFRESH_TTL`]). Revoking the
    /// agent's keys revokes it too: a kicked or forced-out agent cannot mint new keys with it.
    pub fn issue_refresh(&self, tid: &str, sub: &str, role: Role, now_ms: u64) -> IssuedKey {
        self.issue_for(Purpose::Refresh, REFRESH_TTL, tid, sub, role, now_ms)
    }

    fn issue_for(
        &self,
        purpose: Purpose,
        ttl: Duration,
        tid: &str,
        sub: &str,
        role: Role,
        now_ms: u64,
    ) -> IssuedKey {
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
        let now_ms = match self.revoked_through(tid, sub) {
            Some(through) => now_ms.max(through.saturating_add(1)),
            None => now_ms,
        };
        let mut jti = [0u8; 16];
        rand::rng().fill_bytes(&mut jti);
        let claims = Claims {
            tid: tid.to_owned(),
            sub: sub.to_owned(),
            role,
            iat: now_ms,
            exp: now_ms.saturating_add(ttl_ms),
            jti: URL_SAFE_NO_PAD.encode(jti),
        };
        // Serializing a struct of strings and integers cannot fail.
        let json = serde_json::to_vec(&claims).unwrap_or_default();
        IssuedKey {
            key: self.sign_as(purpose, &json),
            claims,
        }
    }

    /// Signs arbitrary claims. The login endpoint uses [`SessionKeys::issue`]; this exists so
    /// tests can make keys with any expiry.
    pub fn sign(&self, claims: &Claims) -> String {
        // Serializing a struct of strings and integers cannot fail.
        let json = serde_json::to_vec(claims).unwrap_or_default();
        self.sign_bytes(&json)
    }

    /// Signs any claims text, well-formed or not: the fuzz target reaches the claims parser
    /// past the signature check with it.
    pub(crate) fn sign_bytes(&self, json: &[u8]) -> String {
        self.sign_as(Purpose::Session, json)
    }

    fn sign_as(&self, purpose: Purpose, json: &[u8]) -> String {
        let body = format!("{}.{}", purpose.prefix(), URL_SAFE_NO_PAD.encode(json));
        let tag = self.mac(body.as_bytes()).finalize().into_bytes();
        format!("{body}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// Checks a key at `now_ms` and returns its claims.
    pub fn verify(&self, key: &str, now_ms: u64) -> Result<Claims, KeyError> {
        self.verify_as(Purpose::Session, key, now_ms)
    }

    /// Checks a refresh credential at `now_ms` and returns its claims.
    pub fn verify_refresh(&self, token: &str, now_ms: u64) -> Result<Claims, KeyError> {
        self.verify_as(Purpose::Refresh, token, now_ms)
    }

    fn verify_as(&self, purpose: Purpose, key: &str, now_ms: u64) -> Result<Claims, KeyError> {
        let (body, tag) = key
            .rsplit_once('.')
            .ok_or(KeyError::Invalid("not three parts"))?;
        let (prefix, claims_b64) = body
            .split_once('.')
            .ok_or(KeyError::Invalid("not three parts"))?;
        if prefix != purpose.prefix() {
            return Err(KeyError::Invalid(match purpose {
                Purpose::Session => "not a session key of a known version",
                Purpose::Refresh => "not a refresh credential",
            }));
        }
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| KeyError::Invalid("signature is not base64url"))?;
        self.mac(body.as_bytes())
            .verify_slice(&tag)
            .map_err(|_| KeyError::Invalid("signature does not verify"))?;
        let json = URL_SAFE_NO_PAD
            .decode(claims_b64)
            .map_err(|_| KeyError::Invalid("claims are not base64url"))?;
        let claims: Claims = serde_json::from_slice(&json)
            .map_err(|_| KeyError::Invalid("claims are not the expected JSON"))?;
        if now_ms >= claims.exp {
            return Err(KeyError::Expired { exp: claims.exp });
        }
        if self.is_revoked(&claims.jti)
            || self
                .revoked_through(&claims.tid, &claims.sub)
                .is_some_and(|through| claims.iat <= through)
        {
            return Err(KeyError::Revoked);
        }
        Ok(claims)
    }

    /// Revokes the key with this `jti`: every later `auth` with it is refused.
    pub fn revoke(&self, jti: &str) {
        self.revoked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(jti.to_owned());
    }

    /// Revokes every key of agent `sub` of tenant `tid` issued up to `now_ms`; keys issued later
    /// are valid.
    pub fn revoke_agent(&self, tid: &str, sub: &str, now_ms: u64) {
        let mut through = self
            .revoked_through
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = through
            .entry((tid.to_owned(), sub.to_owned()))
            .or_insert(now_ms);
        *entry = (*entry).max(now_ms);
    }

    /// Every agent-wide revocation: (tenant, agent, revoked through Unix ms).
    pub fn revoked_agents(&self) -> Vec<(String, String, u64)> {
        self.revoked_through
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .map(|((t, a), through)| (t.clone(), a.clone(), *through))
            .collect()
    }

    fn revoked_through(&self, tid: &str, sub: &str) -> Option<u64> {
        self.revoked_through
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(tid.to_owned(), sub.to_owned()))
            .copied()
    }

    fn is_revoked(&self, jti: &str) -> bool {
        self.revoked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(jti)
    }

    fn mac(&self, data: &[u8]) -> HmacSha256 {
        // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(data);
        mac
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const NOW: u64 = 1_716_200_000_000;

    fn keys() -> SessionKeys {
        SessionKeys::new(b"secret".to_vec(), Duration::from_secs(60))
    }

    #[test]
    fn issued_key_verifies_and_carries_its_claims() {
        let k = keys();
        let issued = k.issue("t1", "0001", Role::Agent, NOW);
        assert!(issued.key.starts_with("v1."));
        assert_eq!(issued.key.split('.').count(), 3);
        let claims = k.verify(&issued.key, NOW + 1).unwrap();
        assert_eq!(claims, issued.claims);
        assert_eq!(claims.exp, NOW + 60_000);
    }

    #[test]
    fn key_signed_with_another_secret_is_invalid() {
        let other = SessionKeys::new(b"other".to_vec(), Duration::from_secs(60));
        let forged = other.issue("t1", "0001", Role::Agent, NOW);
        assert_eq!(
            keys().verify(&forged.key, NOW).unwrap_err().error_code(),
            "KEY_INVALID"
        );
    }

    #[test]
    fn tampered_claims_break_the_signature() {
        let k = keys();
        let issued = k.issue("t1", "0001", Role::Agent, NOW);
        let mut claims = issued.claims.clone();
        claims.tid = "t2".into();
        let other_body = k.sign(&claims);
        let (_, good_tag) = issued.key.rsplit_once('.').unwrap();
        let (other_body, _) = other_body.rsplit_once('.').unwrap();
        let spliced = format!("{other_body}.{good_tag}");
        assert!(matches!(k.verify(&spliced, NOW), Err(KeyError::Invalid(_))));
    }

    #[test]
    fn expired_key_is_refused_after_its_exp() {
        let k = keys();
        let issued = k.issue("t1", "0001", Role::Agent, NOW);
        assert_eq!(
            k.verify(&issued.key, NOW + 60_000),
            Err(KeyError::Expired { exp: NOW + 60_000 })
        );
    }

    #[test]
    fn revoked_key_is_refused() {
        let k = keys();
        let issued = k.issue("t1", "0001", Role::Agent, NOW);
        k.revoke(&issued.claims.jti);
        assert_eq!(k.verify(&issued.key, NOW), Err(KeyError::Revoked));
    }

    #[test]
    fn revoking_an_agent_revokes_its_keys_so_far_and_no_one_elses() {
        let k = keys();
        let old = k.issue("t1", "0001", Role::Agent, NOW);
        let other = k.issue("t1", "0002", Role::Agent, NOW);
        k.revoke_agent("t1", "0001", NOW);
        assert_eq!(k.verify(&old.key, NOW), Err(KeyError::Revoked));
        assert!(k.verify(&other.key, NOW).is_ok());
        // A key issued in the same millisecond, after the revocation, is good.
        let fresh = k.issue("t1", "0001", Role::Agent, NOW);
        assert!(k.verify(&fresh.key, NOW + 1).is_ok());
    }

    #[test]
    fn garbage_is_invalid_not_a_panic() {
        let k = keys();
        for junk in [
            "",
            ".",
            "..",
            "v1",
            "v1..",
            "v2.e30.AAAA",
            "v1.!!!.???",
            "v1.e30.",
            "💥.💥.💥",
        ] {
            assert!(
                matches!(k.verify(junk, NOW), Err(KeyError::Invalid(_))),
                "{junk}"
            );
        }
    }

    #[test]
    fn a_refresh_credential_is_never_a_session_key_nor_the_reverse() {
        let k = keys();
        let refresh = k.issue_refresh("t1", "0001", Role::Agent, NOW);
        let session = k.issue("t1", "0001", Role::Agent, NOW);
        assert!(refresh.key.starts_with("r1."));
        assert_eq!(k.verify_refresh(&refresh.key, NOW).unwrap().sub, "0001");
        assert!(matches!(
            k.verify(&refresh.key, NOW),
            Err(KeyError::Invalid(_))
        ));
        assert!(matches!(
            k.verify_refresh(&session.key, NOW),
            Err(KeyError::Invalid(_))
        ));
        // Renaming the prefix does not help: it is inside the MAC.
        let renamed = refresh.key.replacen("r1.", "v1.", 1);
        assert!(matches!(k.verify(&renamed, NOW), Err(KeyError::Invalid(_))));
    }

    #[test]
    fn a_refresh_credential_lives_a_shift_and_dies_with_the_agents_keys() {
        let k = keys();
        let refresh = k.issue_refresh("t1", "0001", Role::Agent, NOW);
        let shift_ms = 8 * 3600 * 1000;
        assert!(k.verify_refresh(&refresh.key, NOW + shift_ms).is_ok());
        let ttl_ms = u64::try_from(REFRESH_TTL.as_millis()).unwrap();
        assert!(matches!(
            k.verify_refresh(&refresh.key, NOW + ttl_ms),
            Err(KeyError::Expired { .. })
        ));
        k.revoke_agent("t1", "0001", NOW + 1);
        assert_eq!(
            k.verify_refresh(&refresh.key, NOW + 2),
            Err(KeyError::Revoked)
        );
    }
}
