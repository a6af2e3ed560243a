//! The server's configuration, read from the environment once at start-up.
//!
//! A missing or malformed variable stops start-up with a message that names
//! it (never its value: two of them are secrets).

use base64::Engine as _;
use thiserror::Error;

/// Where the embedded default keeps its database (relative to the working
/// directory; the directory is created when missing).
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/checkout-guard.db";
pub const DEFAULT_PORT: u16 = 8080;
/// Shopify's endpoints for a shop. Tests point it at a local stand-in
/// (`http://127.0.0.1:PORT/{shop}`); nothing else should set it.
pub const DEFAULT_SHOP_ORIGIN: &str = "https://{shop}";

#[derive(Clone)]
pub struct Config {
    /// The app's client id: the `aud` of session tokens.
    pub api_key: String,
    /// The client secret: signs session tokens and webhooks.
    pub api_secret: String,
    /// Where Shopify opens the app home (`application_url`).
    pub app_url: String,
    pub database_url: String,
    /// 32 bytes: the AEAD key of access and refresh tokens at rest.
    pub token_key: [u8; 32],
    pub port: u16,
    /// The address to listen on (`HOST`, default every interface).
    pub host: std::net::IpAddr,
    /// `https://{shop}` in production: the origin of a shop's token endpoint
    /// and Admin API, `{shop}` replaced by its `*.myshopify.com` domain.
    pub shop_origin: String,
}

impl std::fmt::Debug for Config {
    // Secrets are never printed, not even in a debug dump.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &self.api_key)
            .field("app_url", &self.app_url)
            .field("database_url", &redact_database_url(&self.database_url))
            .field("port", &self.port)
            .field("host", &self.host)
            .field("shop_origin", &self.shop_origin)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is not set (see README.md, \"App server\")")]
    Missing(&'static str),
    #[error("{name} is malformed: {expected}")]
    Malformed { name: &'static str, expected: &'static str },
}

impl Config {
    /// Reads the configuration through `var` (the process environment in
    /// `main`, a map in tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let required = |name: &'static str| match var(name) {
            Some(value) if !value.trim().is_empty() => Ok(value.trim().to_string()),
            _ => Err(ConfigError::Missing(name)),
        };
        let api_key = required("SHOPIFY_API_KEY")?;
        let api_secret = required("SHOPIFY_API_SECRET")?;
        let app_url = required("SHOPIFY_APP_URL")?.trim_end_matches('/').to_string();
        if !is_app_url(&app_url) {
            return Err(ConfigError::Malformed {
                name: "SHOPIFY_APP_URL",
                expected: "an https:// URL (http:// only for localhost or 127.0.0.1)",
            });
        }
        let token_key = parse_key(&required("TOKEN_ENCRYPTION_KEY")?)?;
        let database_url = match var("DATABASE_URL") {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => DEFAULT_DATABASE_URL.to_string(),
        };
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Malformed {
                name: "DATABASE_URL",
                expected: "sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE",
            });
        }
        let port = match var("PORT") {
            Some(port) if !port.trim().is_empty() => port
                .trim()
                .parse::<u16>()
                .map_err(|_| ConfigError::Malformed { name: "PORT", expected: "a TCP port number, 0 to 65535" })?,
            _ => DEFAULT_PORT,
        };
        let host = match var("HOST") {
            Some(host) if !host.trim().is_empty() => host.trim().parse().map_err(|_| ConfigError::Malformed {
                name: "HOST",
                expected: "an IP address such as 0.0.0.0 or 127.0.0.1",
            })?,
            _ => std::net::IpAddr::from([0, 0, 0, 0]),
        };
        let shop_origin = match var("SHOPIFY_SHOP_ORIGIN") {
            Some(origin) if origin.contains("{shop}") => origin.trim_end_matches('/').to_string(),
            Some(origin) if !origin.trim().is_empty() => {
                return Err(ConfigError::Malformed { name: "SHOPIFY_SHOP_ORIGIN", expected: "a URL containing {shop}" })
            }
            _ => DEFAULT_SHOP_ORIGIN.to_string(),
        };
        Ok(Config { api_key, api_secret, app_url, database_url, token_key, port, host, shop_origin })
    }

    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(|name| std::env::var(name).ok())
    }
}

fn is_app_url(url: &str) -> bool {
    if let Some(rest) = url.strip_prefix("https://") {
        return !rest.is_empty();
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    host == "localhost" || host == "127.0.0.1"
}

fn parse_key(text: &str) -> Result<[u8; 32], ConfigError> {
    const EXPECTED: &str = "32 bytes in base64 (e.g. `openssl rand -base64 32`)";
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| ConfigError::Malformed { name: "TOKEN_ENCRYPTION_KEY", expected: EXPECTED })?;
    bytes.try_into().map_err(|_| ConfigError::Malformed { name: "TOKEN_ENCRYPTION_KEY", expected: EXPECTED })
}

/// The database URL without its credentials, for logs: scheme, host and
/// path only (no user, password or query parameters such as `password=`).
pub fn redact_database_url(url: &str) -> String {
    let without_query = url.split('?').next().unwrap_or(url);
    match (without_query.find("://"), without_query.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}***{}", &without_query[..scheme + 3], &without_query[at..])
        }
        _ => without_query.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("SHOPIFY_API_KEY", "key"),
            ("SHOPIFY_API_SECRET", "secret"),
            ("SHOPIFY_APP_URL", "https://guard.example.com/"),
            ("TOKEN_ENCRYPTION_KEY", KEY),
        ]
    }

    #[test]
    fn defaults_for_a_laptop() {
        let config = Config::from_vars(vars(&base())).unwrap();
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.port, 8080);
        assert_eq!(config.app_url, "https://guard.example.com");
        assert_eq!(config.token_key[31], 31);
        assert_eq!(config.shop_origin, "https://{shop}");
    }

    #[test]
    fn each_missing_variable_is_named() {
        for name in ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "TOKEN_ENCRYPTION_KEY"] {
            let pairs: Vec<_> = base().into_iter().filter(|(k, _)| *k != name).collect();
            let error = Config::from_vars(vars(&pairs)).unwrap_err();
            assert_eq!(error, ConfigError::Missing(name));
            assert!(error.to_string().starts_with(name), "{error}");
        }
    }

    #[test]
    fn malformed_values_are_named_without_their_value() {
        let cases = [
            ("TOKEN_ENCRYPTION_KEY", "c2hvcnQ="),
            ("TOKEN_ENCRYPTION_KEY", "not base64 at all!"),
            ("PORT", "80a"),
            ("PORT", "70000"),
            ("SHOPIFY_APP_URL", "http://guard.example.com"),
            ("SHOPIFY_APP_URL", "ftp://x"),
            ("DATABASE_URL", "mysql://u:hunter2@h/db"),
            ("HOST", "localhost:80"),
        ];
        for (name, value) in cases {
            let mut pairs = base();
            pairs.retain(|(k, _)| *k != name);
            pairs.push((name, value));
            let error = Config::from_vars(vars(&pairs)).unwrap_err();
            assert!(matches!(error, ConfigError::Malformed { name: n, .. } if n == name), "{name}: {error}");
            assert!(!error.to_string().contains(value), "{error}");
        }
    }

    #[test]
    fn local_http_and_postgres_are_accepted() {
        let mut pairs = base();
        pairs.retain(|(k, _)| *k != "SHOPIFY_APP_URL");
        pairs.push(("SHOPIFY_APP_URL", "http://127.0.0.1:9000"));
        pairs.push(("DATABASE_URL", "postgres://guard:pw@127.0.0.1:5433/guard"));
        pairs.push(("PORT", "0"));
        let config = Config::from_vars(vars(&pairs)).unwrap();
        assert_eq!(config.port, 0);
        assert!(!format!("{config:?}").contains("pw@"), "{config:?}");
        assert!(!format!("{config:?}").contains("secret"), "{config:?}");
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(redact_database_url("postgres://guard:s3cret@db:5432/x"), "postgres://***@db:5432/x");
        assert_eq!(
            redact_database_url("postgres://guard@db:5432/x?password=s3cret&sslmode=require"),
            "postgres://***@db:5432/x"
        );
        assert_eq!(redact_database_url("sqlite://data/a.db"), "sqlite://data/a.db");
    }
}
