//! HMAC-SHA256 with the app secret: Shopify's signature on webhooks
//! (`X-Shopify-Hmac-Sha256`, base64 of the MAC of the raw body) and on
//! session tokens (HS256). Verification compares in constant time.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &str, message: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length: `new_from_slice` cannot fail here.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(message);
    mac
}

/// The MAC's raw bytes (to sign test tokens and deliveries).
pub fn sign(secret: &str, message: &[u8]) -> Vec<u8> {
    mac(secret, message).finalize().into_bytes().to_vec()
}

/// Whether `expected` is the MAC of `message`, in constant time.
pub fn verify(secret: &str, message: &[u8], expected: &[u8]) -> bool {
    mac(secret, message).verify_slice(expected).is_ok()
}

/// Whether the `X-Shopify-Hmac-Sha256` header value signs `body`.
pub fn verify_webhook(secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(header) = header else { return false };
    match base64::engine::general_purpose::STANDARD.decode(header.trim()) {
        Ok(expected) => verify(secret, body, &expected),
        Err(_) => false,
    }
}

/// The header value Shopify would send for `body` (tests, benchmarks).
pub fn webhook_header(secret: &str, body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sign(secret, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2.
        let mac = sign("Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn webhook_signatures() {
        let body = br#"{"shop_domain":"s.myshopify.com"}"#;
        let header = webhook_header("secret", body);
        assert!(verify_webhook("secret", body, Some(&header)));
        assert!(!verify_webhook("other-secret", body, Some(&header)));
        assert!(!verify_webhook("secret", b"{}", Some(&header)));
        assert!(!verify_webhook("secret", body, None));
        assert!(!verify_webhook("secret", body, Some("")));
        assert!(!verify_webhook("secret", body, Some("not base64!")));
        // A truncated MAC is not a shorter valid one.
        let short = base64::engine::general_purpose::STANDARD.encode(&sign("secret", body)[..16]);
        assert!(!verify_webhook("secret", body, Some(&short)));
    }
}
