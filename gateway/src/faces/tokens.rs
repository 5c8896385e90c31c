//! The dialect faces' tokens (docs/gateway.md §12): HS256 JWTs (`agentdesk_core::dialects::jwt`)
//! signed with the faces' secret (`--dialect-secret` or `AGENTDESK_DIALECT_SECRET`), as Voki's
//! access token, Voxsig's pubsub token, Qubicle's `auth_token` and GlobeMeet's bearer token.
//!
//! Claims: `sub` the agent number, `tid` the tenant, `exp` (required); optionally `account_id`,
//! which must then be one of the tenant's own dialect accounts (Voxsig's integer or Qubicle's
//! 32 hex, from the directory). Who the token names must exist in the directory: a token of
//! another tenant, or of an agent the directory does not know, is refused like a forged one.
//! Nothing here logs a token; refusals say why without it.

use agentdesk_core::dialects::jwt::{self, JwtError};
use serde_json::{json, Map, Value};

use crate::directory::{Directory, Role, Tenant};

/// What a verified token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) tenant: String,
    pub(crate) agent_no: String,
    pub(crate) role: Role,
    /// Unix seconds.
    pub(crate) expires_at: u64,
}

/// Why a token is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TokenError {
    /// Malformed, forged, expired, not yet valid (the JWT layer's verdict).
    #[error(transparent)]
    Jwt(#[from] JwtError),
    /// A claim this gateway needs is missing or not a string.
    #[error("token has no string `{0}` claim")]
    Claim(&'static str),
    /// The tenant or the agent it names is not in the directory (another gateway's tenant).
    #[error("token names no agent of this gateway")]
    Unknown,
    /// `account_id` names an account that is not the tenant's.
    #[error("token's account_id is not its tenant's")]
    Account,
}

impl TokenError {
    /// A stable code for logs and refusals.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::Jwt(e) => e.code(),
            Self::Claim(_) => "TOKEN_MALFORMED",
            Self::Unknown | Self::Account => "TOKEN_UNKNOWN",
        }
    }
}

/// Verifies and mints the faces' tokens.
pub(crate) struct Tokens {
    secret: Vec<u8>,
    directory: Directory,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").finish_non_exhaustive()
    }
}

fn text<'a>(claims: &'a Map<String, Value>, name: &'static str) -> Result<&'a str, TokenError> {
    claims
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or(TokenError::Claim(name))
}

/// True when `claimed` is one of `tenant`'s dialect accounts.
fn own_account(tenant: &Tenant, claimed: &Value) -> bool {
    match claimed {
        Value::Number(n) => n.as_i64() == Some(tenant.accounts.voxsig),
        Value::String(s) => {
            *s == tenant.accounts.qubicle || s.parse::<i64>().ok() == Some(tenant.accounts.voxsig)
        }
        _ => false,
    }
}

impl Tokens {
    /// Tokens of `secret` for the agents of `directory`.
    pub(crate) fn new(secret: Vec<u8>, directory: Directory) -> Self {
        Self { secret, directory }
    }

    /// The directory the tokens name agents of.
    pub(crate) fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Checks `token` at `now_s` (Unix seconds).
    pub(crate) fn verify(&self, token: &str, now_s: u64) -> Result<Identity, TokenError> {
        let claims = jwt::verify(token, &self.secret, now_s)?;
        let agent_no = text(&claims, "sub")?;
        let tenant_id = text(&claims, "tid")?;
        let tenant = self
            .directory
            .tenant(tenant_id)
            .ok_or(TokenError::Unknown)?;
        let agent = tenant.agent(agent_no).ok_or(TokenError::Unknown)?;
        if let Some(account) = claims.get("account_id") {
            if !own_account(tenant, account) {
                return Err(TokenError::Account);
            }
        }
        let expires_at = claims.get("exp").and_then(Value::as_u64).unwrap_or(now_s);
        Ok(Identity {
            tenant: tenant.id.clone(),
            agent_no: agent.agent_no.clone(),
            role: agent.role,
            expires_at,
        })
    }

    /// A token for agent `agent_no` of `tenant` valid `ttl_s` seconds from `now_s`.
    pub(crate) fn mint(&self, tenant: &str, agent_no: &str, now_s: u64, ttl_s: u64) -> String {
        let claims = json!({ "sub": agent_no, "tid": tenant, "iat": now_s, "exp": now_s + ttl_s });
        match claims {
            Value::Object(map) => jwt::mint(&map, &self.secret),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn tokens() -> Tokens {
        let text = include_str!("../../tests/fixtures/test-directory.toml");
        Tokens::new(b"faces-secret".to_vec(), Directory::parse(text).unwrap())
    }

    fn signed(claims: Value, secret: &[u8]) -> String {
        jwt::mint(claims.as_object().unwrap(), secret)
    }

    #[test]
    fn a_minted_token_names_its_agent_with_the_directorys_role() {
        let t = tokens();
        let id = t.verify(&t.mint("t1", "9001", 1_000, 900), 1_500).unwrap();
        assert_eq!(
            (
                id.tenant.as_str(),
                id.agent_no.as_str(),
                id.role,
                id.expires_at
            ),
            ("t1", "9001", Role::Supervisor, 1_900)
        );
    }

    #[test]
    fn expired_forged_and_other_tenant_tokens_are_refused() {
        let t = tokens();
        assert_eq!(
            t.verify(&t.mint("t1", "1001", 0, 60), 60)
                .unwrap_err()
                .code(),
            "TOKEN_EXPIRED"
        );
        let forged = signed(
            json!({"sub": "1001", "tid": "t1", "exp": 2_000}),
            b"not-the-secret",
        );
        assert_eq!(
            t.verify(&forged, 1_000).unwrap_err().code(),
            "TOKEN_INVALID"
        );
        let elsewhere = signed(
            json!({"sub": "2001", "tid": "t9", "exp": 2_000}),
            b"faces-secret",
        );
        assert_eq!(t.verify(&elsewhere, 1_000), Err(TokenError::Unknown));
        let stranger = signed(
            json!({"sub": "2001", "tid": "t1", "exp": 2_000}),
            b"faces-secret",
        );
        assert_eq!(t.verify(&stranger, 1_000), Err(TokenError::Unknown));
        let no_tenant = signed(json!({"sub": "1001", "exp": 2_000}), b"faces-secret");
        assert_eq!(t.verify(&no_tenant, 1_000), Err(TokenError::Claim("tid")));
    }

    #[test]
    fn an_account_claim_must_be_the_tenants_own() {
        let t = tokens();
        for ok in [json!(1), json!("4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4")] {
            let token = signed(
                json!({"sub": "1001", "tid": "t1", "exp": 2_000, "account_id": ok}),
                b"faces-secret",
            );
            assert!(t.verify(&token, 1_000).is_ok());
        }
        for bad in [
            json!(2),
            json!("00000000000000000000000000000002"),
            json!(null),
        ] {
            let token = signed(
                json!({"sub": "1001", "tid": "t1", "exp": 2_000, "account_id": bad}),
                b"faces-secret",
            );
            assert_eq!(t.verify(&token, 1_000), Err(TokenError::Account));
        }
    }
}
