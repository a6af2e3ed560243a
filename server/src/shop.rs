//! Shop domains: the only identifier the server keys anything by.
//!
//! A shop is `<name>.myshopify.com`, lower case, the name of ASCII letters,
//! digits and hyphens. Anything else (another host, a path, SQL, a port, a
//! trailing dot) is refused before it reaches storage, a URL or a log line.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shop(String);

const SUFFIX: &str = ".myshopify.com";
/// DNS label limit for the name part.
const MAX_NAME: usize = 63;

impl Shop {
    /// Parses a shop domain as Shopify sends it (header, claim); case is
    /// folded, nothing else is forgiven.
    pub fn parse(text: &str) -> Option<Shop> {
        let lower = text.to_ascii_lowercase();
        let name = lower.strip_suffix(SUFFIX)?;
        let valid = !name.is_empty()
            && name.len() <= MAX_NAME
            && !name.starts_with('-')
            && !name.ends_with('-')
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        valid.then_some(Shop(lower))
    }

    /// From a URL Shopify puts in a session token: `https://<shop>` (`dest`)
    /// or `https://<shop>/admin` (`iss`).
    pub fn from_url(url: &str, path: &str) -> Option<Shop> {
        let host = url.strip_prefix("https://")?.strip_suffix(path)?;
        Shop::parse(host)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Shop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_domains() {
        assert_eq!(Shop::parse("Cool-Store.myshopify.com").unwrap().as_str(), "cool-store.myshopify.com");
        assert!(Shop::parse("a1.myshopify.com").is_some());
        for bad in [
            "",
            ".myshopify.com",
            "shop.example.com",
            "shop.myshopify.com.evil.com",
            "evil.com/shop.myshopify.com",
            "shop.myshopify.com/",
            "shop.myshopify.com:443",
            "sh op.myshopify.com",
            "x'; DROP TABLE sessions; --.myshopify.com",
            "../../etc/passwd.myshopify.com",
            "-shop.myshopify.com",
            "shop-.myshopify.com",
            "a.b.myshopify.com",
            "shöp.myshopify.com",
            &format!("{}.myshopify.com", "a".repeat(64)),
        ] {
            assert_eq!(Shop::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn from_token_urls() {
        let shop = Shop::parse("s.myshopify.com");
        assert_eq!(Shop::from_url("https://s.myshopify.com/admin", "/admin"), shop);
        assert_eq!(Shop::from_url("https://s.myshopify.com", ""), shop);
        assert_eq!(Shop::from_url("http://s.myshopify.com", ""), None);
        assert_eq!(Shop::from_url("https://s.myshopify.com/admin/x", "/admin"), None);
    }
}
