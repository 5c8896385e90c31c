//! The check of the first frame, `auth` (docs/protocol.md §2): the key, then whether it speaks
//! for the tenant and agent the frame names, then whether the directory knows that agent.

use crate::close_code;
use crate::directory::Directory;
use crate::keys::{Claims, KeyError, SessionKeys};

/// Why an `auth` was refused. Each has an `errorCode` and the close code that follows the reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AuthError {
    /// The key itself: forged, malformed, expired or revoked.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The frame's tenant or agent is not the key's (another tenant's key, for example).
    #[error("the session key was issued for another tenant or agent")]
    TenantMismatch,
    /// The key verifies but the agent is no longer in the directory.
    #[error("agent {agent_no} does not exist in tenant {tenant_id}")]
    AgentUnknown {
        /// Tenant named.
        tenant_id: String,
        /// Agent named.
        agent_no: String,
    },
}

impl AuthError {
    /// The stable `errorCode` of docs/protocol.md §2.
    pub(crate) fn error_code(&self) -> &'static str {
        match self {
            Self::Key(e) => e.error_code(),
            Self::TenantMismatch => "TENANT_MISMATCH",
            Self::AgentUnknown { .. } => "AGENT_UNKNOWN",
        }
    }

    /// The close code after the reply (docs/protocol.md §2 table, §7).
    pub(crate) fn close_code(&self) -> u16 {
        match self {
            Self::Key(KeyError::Invalid(_) | KeyError::Revoked) => close_code::KEY_INVALID,
            Self::Key(KeyError::Expired { .. }) => close_code::KEY_EXPIRED,
            Self::TenantMismatch | Self::AgentUnknown { .. } => close_code::TENANT_MISMATCH,
        }
    }
}

/// Checks an `auth` frame's claims to speak for `tenant_id` / `agent_no` at `now_ms`.
pub(crate) fn check(
    keys: &SessionKeys,
    directory: &Directory,
    tenant_id: &str,
    agent_no: &str,
    session_key: &str,
    now_ms: u64,
) -> Result<Claims, AuthError> {
    let claims = keys.verify(session_key, now_ms)?;
    if claims.tid != tenant_id || claims.sub != agent_no {
        return Err(AuthError::TenantMismatch);
    }
    if directory.agent(tenant_id, agent_no).is_none() {
        return Err(AuthError::AgentUnknown {
            tenant_id: tenant_id.to_owned(),
            agent_no: agent_no.to_owned(),
        });
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::directory::Role;
    use std::time::Duration;

    const NOW: u64 = 1_716_200_000_000;

    fn setup() -> (SessionKeys, Directory) {
        (
            SessionKeys::new(b"k".to_vec(), Duration::from_secs(60)),
            Directory::builtin().unwrap(),
        )
    }

    #[test]
    fn matching_key_for_a_known_agent_passes() {
        let (keys, dir) = setup();
        let key = keys.issue("t1", "0001", Role::Agent, NOW).key;
        assert_eq!(
            check(&keys, &dir, "t1", "0001", &key, NOW).unwrap().sub,
            "0001"
        );
    }

    #[test]
    fn each_refusal_has_its_error_code_and_close_code() {
        let (keys, dir) = setup();
        let key = keys.issue("t1", "0001", Role::Agent, NOW).key;
        let cases = [
            (
                check(&keys, &dir, "t1", "0001", "v1.x.y", NOW),
                "KEY_INVALID",
                4502,
            ),
            (
                check(&keys, &dir, "t1", "0001", &key, NOW + 60_000),
                "KEY_EXPIRED",
                4503,
            ),
            (
                check(&keys, &dir, "t2", "0001", &key, NOW),
                "TENANT_MISMATCH",
                4504,
            ),
            (
                check(&keys, &dir, "t1", "0002", &key, NOW),
                "TENANT_MISMATCH",
                4504,
            ),
        ];
        for (result, code, close) in cases {
            let err = result.unwrap_err();
            assert_eq!((err.error_code(), err.close_code()), (code, close), "{err}");
        }
        let ghost = keys.issue("t1", "7777", Role::Agent, NOW).key;
        let err = check(&keys, &dir, "t1", "7777", &ghost, NOW).unwrap_err();
        assert_eq!(
            (err.error_code(), err.close_code()),
            ("AGENT_UNKNOWN", 4504)
        );
        let revoked = keys.issue("t1", "0001", Role::Agent, NOW);
        keys.revoke(&revoked.claims.jti);
        let err = check(&keys, &dir, "t1", "0001", &revoked.key, NOW).unwrap_err();
        assert_eq!((err.error_code(), err.close_code()), ("KEY_REVOKED", 4502));
    }
}
