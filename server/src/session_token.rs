//! App Bridge session tokens: a JWT signed HS256 with the app secret.
//!
//! Checked here, in order: three base64url parts; a header naming `HS256`
//! (anything else, `none` included, is refused before the signature is
//! computed); the signature, in constant time; then the claims: `aud` is the
//! app's client id, `exp`/`nbf` hold with [`LEEWAY_SECONDS`], `iss` and
//! `dest` name the same `*.myshopify.com` shop.

use crate::shop::Shop;
use crate::signature;
use base64::Engine as _;
use serde::Deserialize;
use thiserror::Error;

/// Clock skew tolerated between Shopify and this server.
pub const LEEWAY_SECONDS: i64 = 10;
/// Far above any real token (~1 kB); refuses to decode megabytes.
const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// What the server takes from a valid token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionToken {
    pub shop: Shop,
    /// The staff member's user id; used for nothing but the session id.
    pub user: Option<String>,
    pub expires_at: i64,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("no session token (Authorization: Bearer …)")]
    Missing,
    #[error("the session token is not a JWT")]
    Malformed,
    #[error("the session token's algorithm is not HS256")]
    Algorithm,
    #[error("the session token's signature does not verify")]
    Signature,
    #[error("the session token is for another app")]
    Audience,
    #[error("the session token has expired")]
    Expired,
    #[error("the session token is not valid yet")]
    NotYetValid,
    #[error("the session token does not name one myshopify.com shop")]
    Shop,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    dest: String,
    aud: Audience,
    sub: Option<String>,
    exp: i64,
    nbf: Option<i64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

fn b64(part: &str) -> Result<Vec<u8>, TokenError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Malformed)
}

/// Verifies `token` for the app `api_key` signed with `secret`, at `now`
/// (seconds since the epoch).
pub fn verify(token: &str, api_key: &str, secret: &str, now: i64) -> Result<SessionToken, TokenError> {
    if token.is_empty() {
        return Err(TokenError::Missing);
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::Malformed);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(sig), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let header: Header = serde_json::from_slice(&b64(header)?).map_err(|_| TokenError::Malformed)?;
    if header.alg != "HS256" {
        return Err(TokenError::Algorithm);
    }
    let signed = &token[..token.len() - sig.len() - 1];
    if !signature::verify(secret, signed.as_bytes(), &b64(sig)?) {
        return Err(TokenError::Signature);
    }
    let claims: Claims = serde_json::from_slice(&b64(payload)?).map_err(|_| TokenError::Malformed)?;
    let audience_ok = match &claims.aud {
        Audience::One(aud) => aud == api_key,
        Audience::Many(list) => list.iter().any(|aud| aud == api_key),
    };
    if !audience_ok {
        return Err(TokenError::Audience);
    }
    if claims.exp + LEEWAY_SECONDS < now {
        return Err(TokenError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf - LEEWAY_SECONDS > now) {
        return Err(TokenError::NotYetValid);
    }
    let dest = Shop::from_url(&claims.dest, "").ok_or(TokenError::Shop)?;
    let iss = Shop::from_url(&claims.iss, "/admin").ok_or(TokenError::Shop)?;
    if iss != dest {
        return Err(TokenError::Shop);
    }
    Ok(SessionToken { shop: dest, user: claims.sub, expires_at: claims.exp })
}

/// Signs claims as App Bridge would (the tests' and the benchmark's tokens).
pub fn sign(claims: &serde_json::Value, secret: &str) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = engine.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = engine.encode(claims.to_string());
    let signed = format!("{header}.{payload}");
    let sig = engine.encode(signature::sign(secret, signed.as_bytes()));
    format!("{signed}.{sig}")
}

/// The claims of a fresh App Bridge token for `shop` (tests, benchmark).
pub fn claims_for(shop: &str, api_key: &str, now: i64) -> serde_json::Value {
    serde_json::json!({
        "iss": format!("https://{shop}/admin"),
        "dest": format!("https://{shop}"),
        "aud": api_key,
        "sub": "42",
        "exp": now + 60,
        "nbf": now - 1,
        "iat": now - 1,
        "jti": format!("jti-{now}"),
        "sid": "session-id",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "api-key";
    const SECRET: &str = "app-secret";
    const NOW: i64 = 1_800_000_000;

    fn token(edit: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut claims = claims_for("shop-a.myshopify.com", KEY, NOW);
        edit(&mut claims);
        sign(&claims, SECRET)
    }

    #[test]
    fn a_valid_token() {
        let session = verify(&token(|_| {}), KEY, SECRET, NOW).unwrap();
        assert_eq!(session.shop.as_str(), "shop-a.myshopify.com");
        assert_eq!(session.user.as_deref(), Some("42"));
        // Leeway both ways.
        assert!(verify(&token(|c| c["exp"] = json!(NOW - 5)), KEY, SECRET, NOW).is_ok());
        assert!(verify(&token(|c| c["nbf"] = json!(NOW + 5)), KEY, SECRET, NOW).is_ok());
        assert!(verify(&token(|c| c["aud"] = json!(["other", KEY])), KEY, SECRET, NOW).is_ok());
    }

    #[test]
    fn forged_and_invalid_tokens() {
        let e = |t: &str| verify(t, KEY, SECRET, NOW).unwrap_err();
        assert_eq!(e(""), TokenError::Missing);
        assert_eq!(e("abc"), TokenError::Malformed);
        assert_eq!(e("a.b.c.d"), TokenError::Malformed);
        assert_eq!(e(&"a".repeat(10_000)), TokenError::Malformed);
        let other_secret = sign(&claims_for("shop-a.myshopify.com", KEY, NOW), "other-secret");
        assert_eq!(e(&other_secret), TokenError::Signature);
        assert_eq!(e(&token(|c| c["exp"] = json!(NOW - 60))), TokenError::Expired);
        assert_eq!(e(&token(|c| c["nbf"] = json!(NOW + 60))), TokenError::NotYetValid);
        assert_eq!(e(&token(|c| c["aud"] = json!("another-app"))), TokenError::Audience);
        assert_eq!(e(&token(|c| c["dest"] = json!("https://shop-b.myshopify.com"))), TokenError::Shop);
        assert_eq!(e(&token(|c| c["dest"] = json!("https://evil.com"))), TokenError::Shop);
        assert_eq!(e(&token(|c| c["iss"] = json!("https://shop-a.myshopify.com"))), TokenError::Shop);
        assert_eq!(e(&token(|c| c["dest"] = json!("https://x'--.myshopify.com"))), TokenError::Shop);
        // A payload changed after signing.
        let good = token(|_| {});
        let mut parts: Vec<&str> = good.split('.').collect();
        let forged_payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(claims_for("shop-b.myshopify.com", KEY, NOW).to_string());
        parts[1] = &forged_payload;
        assert_eq!(e(&parts.join(".")), TokenError::Signature);
    }

    #[test]
    fn alg_none_and_other_algorithms_are_refused() {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = engine.encode(claims_for("shop-a.myshopify.com", KEY, NOW).to_string());
        for alg in ["none", "None", "HS512", "RS256"] {
            let header = engine.encode(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#));
            assert_eq!(verify(&format!("{header}.{payload}."), KEY, SECRET, NOW), Err(TokenError::Algorithm), "{alg}");
        }
    }
}
