//! Access and refresh tokens at rest: ChaCha20-Poly1305 with a random nonce
//! per value, the shop domain as associated data (a ciphertext copied to
//! another shop's row does not decrypt).

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use thiserror::Error;

const NONCE_BYTES: usize = 12;

#[derive(Clone)]
pub struct TokenCipher {
    cipher: ChaCha20Poly1305,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("a stored token does not decrypt with TOKEN_ENCRYPTION_KEY for this shop")]
pub struct DecryptError;

impl TokenCipher {
    pub fn new(key: &[u8; 32]) -> TokenCipher {
        TokenCipher { cipher: ChaCha20Poly1305::new(Key::from_slice(key)) }
    }

    /// `base64(nonce ‖ ciphertext ‖ tag)`.
    pub fn seal(&self, plaintext: &str, shop: &str) -> Result<String, DecryptError> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: plaintext.as_bytes(), aad: shop.as_bytes() })
            .map_err(|_| DecryptError)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }

    pub fn open(&self, stored: &str, shop: &str) -> Result<String, DecryptError> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(stored).map_err(|_| DecryptError)?;
        if bytes.len() < NONCE_BYTES {
            return Err(DecryptError);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: shop.as_bytes() })
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_bound_to_the_shop() {
        let cipher = TokenCipher::new(&[7; 32]);
        let sealed = cipher.seal("shpat_secret", "a.myshopify.com").unwrap();
        assert!(!sealed.contains("shpat"));
        assert_eq!(cipher.open(&sealed, "a.myshopify.com").unwrap(), "shpat_secret");
        assert_eq!(cipher.open(&sealed, "b.myshopify.com"), Err(DecryptError));
        assert_eq!(TokenCipher::new(&[8; 32]).open(&sealed, "a.myshopify.com"), Err(DecryptError));
        assert_eq!(cipher.open("AAAA", "a.myshopify.com"), Err(DecryptError));
        assert_eq!(cipher.open("%%%", "a.myshopify.com"), Err(DecryptError));
        // A fresh nonce each time.
        assert_ne!(sealed, cipher.seal("shpat_secret", "a.myshopify.com").unwrap());
    }
}
