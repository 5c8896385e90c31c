//! JSON Web Tokens signed with HS256 (RFC 7519, RFC 7515 compact form), as the Voki (seed 004),
//! Qubicle (seed 000, Kazoo's `auth_token`) and GlobeMeet (seed 002) faces take them.
//!
//! Only HS256 is accepted: a token whose header names any other `alg` (`none` included) is
//! refused before its signature is looked at, which closes the classic algorithm-confusion hole.
//! Times are NumericDate seconds (RFC 7519 §2) and come in as arguments: nothing here reads a
//! clock. `exp` is required (every seed's tokens expire); `nbf`, when present, is honoured.
//!
//! Behind the `jwt` feature: the gateway mints and verifies; the wasm SDK only hands tokens over
//! and does not carry HMAC code.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The one algorithm accepted (RFC 7518 §3.2).
pub const ALGORITHM: &str = "HS256";

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts of JSON objects.
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The header names another algorithm, or a critical extension this code does not know.
    #[error("unsupported token header: {0}")]
    Unsupported(String),
    /// The signature does not verify with the secret: forged, or signed by someone else.
    #[error("token signature does not verify")]
    BadSignature,
    /// The token has no numeric `exp`.
    #[error("token has no numeric `exp` claim")]
    MissingExpiry,
    /// `exp` has passed.
    #[error("token expired at {exp} (now {now})")]
    Expired {
        /// The token's `exp`, seconds.
        exp: u64,
        /// The time it was checked at, seconds.
        now: u64,
    },
    /// `nbf` is still ahead.
    #[error("token not valid before {nbf} (now {now})")]
    NotYetValid {
        /// The token's `nbf`, seconds.
        nbf: u64,
        /// The time it was checked at, seconds.
        now: u64,
    },
}

impl JwtError {
    /// A stable code for logs and refusals.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) | Self::Unsupported(_) => "TOKEN_MALFORMED",
            Self::BadSignature => "TOKEN_INVALID",
            Self::MissingExpiry => "TOKEN_NO_EXPIRY",
            Self::Expired { .. } => "TOKEN_EXPIRED",
            Self::NotYetValid { .. } => "TOKEN_NOT_YET_VALID",
        }
    }
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length (RFC 2104 §2); `new_from_slice` cannot fail for it.
    match HmacSha256::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable_hmac(),
    }
}

#[cold]
fn unreachable_hmac() -> ! {
    // hmac's `InvalidLength` is only for fixed-key MACs; HMAC accepts every key length.
    unreachable!("HMAC-SHA256 accepts keys of every length")
}

/// Signs `claims` into a compact HS256 token.
pub fn mint(claims: &Map<String, Value>, secret: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());
    let signing_input = format!("{header}.{body}");
    let mut mac = mac(secret);
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// The three parts of a compact token, decoded but not checked.
struct Parts<'a> {
    header: Map<String, Value>,
    claims: Map<String, Value>,
    signing_input: &'a str,
    signature: Vec<u8>,
}

fn object(part: &str, what: &'static str) -> Result<Map<String, Value>, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Malformed(what))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::Malformed(what)),
    }
}

fn split(token: &str) -> Result<Parts<'_>, JwtError> {
    let mut it = token.split('.');
    let (Some(h), Some(c), Some(s), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(JwtError::Malformed("a token has three dot-separated parts"));
    };
    let header = object(h, "the header is not base64url JSON")?;
    let claims = object(c, "the claims are not base64url JSON")?;
    let signature = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| JwtError::Malformed("the signature is not base64url"))?;
    Ok(Parts {
        header,
        claims,
        signing_input: &token[..h.len() + 1 + c.len()],
        signature,
    })
}

fn seconds(claims: &Map<String, Value>, name: &str) -> Result<Option<u64>, JwtError> {
    match claims.get(name) {
        None => Ok(None),
        // NumericDate may be fractional (RFC 7519 §2); whole seconds are enough here.
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            .map(Some)
            .ok_or(JwtError::Malformed(
                "a time claim is not a non-negative number",
            )),
    }
}

/// Checks an HS256 token's header, signature and times at `now` (Unix seconds) and returns its
/// claims. The order matters: a forged token is `BadSignature` whatever its claims say.
pub fn verify(token: &str, secret: &[u8], now: u64) -> Result<Map<String, Value>, JwtError> {
    let parts = split(token)?;
    match parts.header.get("alg").and_then(Value::as_str) {
        Some(ALGORITHM) => {}
        Some(other) => return Err(JwtError::Unsupported(format!("alg {other}"))),
        None => return Err(JwtError::Malformed("the header has no `alg`")),
    }
    if parts.header.contains_key("crit") {
        return Err(JwtError::Unsupported("crit".to_owned()));
    }
    let mut mac = mac(secret);
    mac.update(parts.signing_input.as_bytes());
    // Constant-time comparison (hmac's `verify_slice`).
    mac.verify_slice(&parts.signature)
        .map_err(|_| JwtError::BadSignature)?;
    let exp = seconds(&parts.claims, "exp")?.ok_or(JwtError::MissingExpiry)?;
    if now >= exp {
        return Err(JwtError::Expired { exp, now });
    }
    if let Some(nbf) = seconds(&parts.claims, "nbf")? {
        if now < nbf {
            return Err(JwtError::NotYetValid { nbf, now });
        }
    }
    Ok(parts.claims)
}

/// The claims of a token without checking it: for a client that schedules a refresh before
/// `exp`. Never a basis for trusting anything.
pub fn peek(token: &str) -> Result<Map<String, Value>, JwtError> {
    split(token).map(|p| p.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SECRET: &[u8] = b"voki-test-secret";

    fn claims(exp: u64) -> Map<String, Value> {
        match json!({"sub": "1001", "tid": "t1", "iat": 1_000, "exp": exp}) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn minted_token_verifies_and_returns_its_claims() {
        let token = mint(&claims(2_000), SECRET);
        assert_eq!(token.split('.').count(), 3);
        assert_eq!(verify(&token, SECRET, 1_500).unwrap(), claims(2_000));
        assert_eq!(peek(&token).unwrap()["sub"], "1001");
    }

    #[test]
    fn expiry_is_exclusive_and_reported_with_both_times() {
        let token = mint(&claims(2_000), SECRET);
        assert!(verify(&token, SECRET, 1_999).is_ok());
        assert_eq!(
            verify(&token, SECRET, 2_000),
            Err(JwtError::Expired {
                exp: 2_000,
                now: 2_000
            })
        );
    }

    #[test]
    fn another_secret_or_a_changed_claim_is_a_bad_signature() {
        let token = mint(&claims(2_000), SECRET);
        assert_eq!(verify(&token, b"other", 1_500), Err(JwtError::BadSignature));
        let mut forged = claims(9_999);
        forged.insert("tid".into(), json!("t2"));
        let forged_body = URL_SAFE_NO_PAD.encode(Value::Object(forged).to_string());
        let parts: Vec<&str> = token.split('.').collect();
        let tampered = format!("{}.{}.{}", parts[0], forged_body, parts[2]);
        assert_eq!(
            verify(&tampered, SECRET, 1_500),
            Err(JwtError::BadSignature)
        );
    }

    #[test]
    fn alg_none_and_other_algorithms_are_refused_before_the_signature() {
        let body = URL_SAFE_NO_PAD.encode(Value::Object(claims(2_000)).to_string());
        for alg in ["none", "HS512", "RS256"] {
            let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
            let token = format!("{header}.{body}.");
            assert!(
                matches!(verify(&token, SECRET, 1_500), Err(JwtError::Unsupported(_))),
                "{alg}"
            );
        }
    }

    #[test]
    fn a_token_without_exp_is_refused_and_nbf_is_honoured() {
        let mut c = claims(2_000);
        c.remove("exp");
        assert_eq!(
            verify(&mint(&c, SECRET), SECRET, 1_500),
            Err(JwtError::MissingExpiry)
        );
        let mut c = claims(2_000);
        c.insert("nbf".into(), json!(1_600));
        assert_eq!(
            verify(&mint(&c, SECRET), SECRET, 1_500),
            Err(JwtError::NotYetValid {
                nbf: 1_600,
                now: 1_500
            })
        );
        assert!(verify(&mint(&c, SECRET), SECRET, 1_600).is_ok());
    }

    #[test]
    fn garbage_is_malformed_never_a_panic() {
        for bad in [
            "",
            ".",
            "..",
            "a.b.c",
            "a.b",
            "a.b.c.d",
            "e30.e30.%%%",
            "W10.e30.",
            "e30.W10.",
        ] {
            let err = verify(bad, SECRET, 0).unwrap_err();
            assert!(matches!(err, JwtError::Malformed(_)), "{bad}: {err}");
            assert_eq!(err.code(), "TOKEN_MALFORMED");
        }
    }

    #[test]
    fn a_token_minted_by_jose_verifies() {
        // npm jose 6.2.19: `new SignJWT({sub:"1001",tid:"t1"}).setProtectedHeader({alg:"HS256"})
        // .setIssuedAt(1900000000).setExpirationTime(2000000000)
        // .sign(new TextEncoder().encode("voki-test-secret"))` (no `typ`, jose's claim order).
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIiwidGlkIjoidDEiLCJpYXQiOjE5MDAwMDAwMDAsImV4cCI6MjAwMDAwMDAwMH0.lujz-eYM12a3Mdviu-3IkJYq3Vv3pKyNdqWp_3RUv7I";
        let claims = verify(token, SECRET, 1_950_000_000).unwrap();
        assert_eq!(
            (claims["sub"].as_str(), claims["tid"].as_str()),
            (Some("1001"), Some("t1"))
        );
        assert_eq!(
            verify(token, SECRET, 2_000_000_000),
            Err(JwtError::Expired {
                exp: 2_000_000_000,
                now: 2_000_000_000
            })
        );
    }
}
