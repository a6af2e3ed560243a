//! Shopify's endpoints the server calls: the token endpoint (token exchange,
//! refresh) and Admin GraphQL, with cost-based throttling.
//!
//! The API version is pinned here, once. Errors carry a status or a code,
//! never a token or a response body.

use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;
use thiserror::Error;

use crate::shop::Shop;

/// The Admin API version every call uses (and `shopify.app.toml`'s
/// `[webhooks] api_version`).
pub const ADMIN_API_VERSION: &str = "2026-04";
/// Attempts per GraphQL call when Shopify throttles (the first included).
const MAX_ATTEMPTS: u32 = 4;
/// Never wait longer than this between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ShopifyError {
    /// The token endpoint refused (400: invalid session or refresh token; 401).
    #[error("Shopify refused the token request (HTTP {0})")]
    TokenRefused(u16),
    /// The Admin API refused the access token (401/403).
    #[error("Shopify refused the access token (HTTP {0})")]
    Unauthorized(u16),
    #[error("Shopify kept throttling the request after {0} attempts")]
    Throttled(u32),
    #[error("Shopify answered HTTP {0}")]
    Status(u16),
    #[error("Shopify could not be reached")]
    Unreachable,
    #[error("Shopify's answer could not be read")]
    Decode,
    /// GraphQL `errors`: their codes (or "UNKNOWN"), not their messages.
    #[error("Admin GraphQL errors: {0}")]
    GraphQl(String),
}

/// An offline access token as the token endpoint returns it.
#[derive(Clone, Deserialize, PartialEq, Eq)]
pub struct OfflineToken {
    pub access_token: String,
    #[serde(default)]
    pub scope: String,
    /// Seconds; absent for a non-expiring token.
    pub expires_in: Option<i64>,
    pub refresh_token: Option<String>,
    pub refresh_token_expires_in: Option<i64>,
}

impl std::fmt::Debug for OfflineToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfflineToken")
            .field("scope", &self.scope)
            .field("expires_in", &self.expires_in)
            .field("refresh_token_expires_in", &self.refresh_token_expires_in)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct ShopifyClient {
    http: reqwest::Client,
    origin: String,
    api_key: String,
    api_secret: String,
}

impl ShopifyClient {
    /// `origin` is `https://{shop}` (or a test stand-in's template).
    pub fn new(origin: &str, api_key: &str, api_secret: &str) -> ShopifyClient {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("checkout-guard-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        ShopifyClient {
            http,
            origin: origin.to_string(),
            api_key: api_key.to_string(),
            api_secret: api_secret.to_string(),
        }
    }

    fn url(&self, shop: &Shop, path: &str) -> String {
        format!("{}{path}", self.origin.replace("{shop}", shop.as_str()))
    }

    /// Token exchange: a session token for an expiring offline access token.
    pub async fn exchange(&self, shop: &Shop, session_token: &str) -> Result<OfflineToken, ShopifyError> {
        self.token_request(
            shop,
            json!({
                "client_id": self.api_key,
                "client_secret": self.api_secret,
                "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token": session_token,
                "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
                "requested_token_type": "urn:shopify:params:oauth:token-type:offline-access-token",
                // Expiring offline tokens (required of public apps).
                "expiring": "1",
            }),
        )
        .await
    }

    /// A new access token (and refresh token) for a refresh token.
    pub async fn refresh(&self, shop: &Shop, refresh_token: &str) -> Result<OfflineToken, ShopifyError> {
        self.token_request(
            shop,
            json!({
                "client_id": self.api_key,
                "client_secret": self.api_secret,
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            }),
        )
        .await
    }

    async fn token_request(&self, shop: &Shop, body: Value) -> Result<OfflineToken, ShopifyError> {
        let response = self
            .http
            .post(self.url(shop, "/admin/oauth/access_token"))
            .header("Accept", "application/json")
            .json(&body)
            .send()
            .await
            .map_err(|_| ShopifyError::Unreachable)?;
        let status = response.status().as_u16();
        match status {
            200 => response.json::<OfflineToken>().await.map_err(|_| ShopifyError::Decode),
            400 | 401 | 403 => Err(ShopifyError::TokenRefused(status)),
            _ => Err(ShopifyError::Status(status)),
        }
    }

    /// One Admin GraphQL operation; returns `data`. Retries when throttled,
    /// waiting what the cost extension says the bucket needs to refill.
    pub async fn graphql(
        &self,
        shop: &Shop,
        access_token: &str,
        query: &str,
        variables: Value,
    ) -> Result<Value, ShopifyError> {
        let url = self.url(shop, &format!("/admin/api/{ADMIN_API_VERSION}/graphql.json"));
        let body = json!({ "query": query, "variables": variables });
        for attempt in 1..=MAX_ATTEMPTS {
            let response = self
                .http
                .post(&url)
                .header("X-Shopify-Access-Token", access_token)
                .header("Accept", "application/json")
                .json(&body)
                .send()
                .await
                .map_err(|_| ShopifyError::Unreachable)?;
            let status = response.status().as_u16();
            let retry_after =
                response.headers().get("Retry-After").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<f64>().ok());
            match status {
                200 => {}
                429 => {
                    if attempt < MAX_ATTEMPTS {
                        tokio::time::sleep(backoff(attempt, None, retry_after)).await;
                    }
                    continue;
                }
                401 | 403 => return Err(ShopifyError::Unauthorized(status)),
                _ => return Err(ShopifyError::Status(status)),
            }
            let answer: Value = response.json().await.map_err(|_| ShopifyError::Decode)?;
            match classify(&answer) {
                Answer::Data(data) => return Ok(data),
                Answer::Throttled => {
                    if attempt < MAX_ATTEMPTS {
                        tokio::time::sleep(backoff(attempt, Some(&answer), None)).await;
                    }
                }
                Answer::Errors(codes) => return Err(ShopifyError::GraphQl(codes)),
            }
        }
        Err(ShopifyError::Throttled(MAX_ATTEMPTS))
    }
}

enum Answer {
    Data(Value),
    Throttled,
    Errors(String),
}

fn classify(answer: &Value) -> Answer {
    let errors = answer.get("errors").and_then(Value::as_array).filter(|e| !e.is_empty());
    let Some(errors) = errors else {
        return match answer.get("data") {
            Some(data) if !data.is_null() => Answer::Data(data.clone()),
            _ => Answer::Errors("NO_DATA".to_string()),
        };
    };
    let codes: Vec<&str> =
        errors.iter().map(|e| e.pointer("/extensions/code").and_then(Value::as_str).unwrap_or("UNKNOWN")).collect();
    if codes.contains(&"THROTTLED") {
        Answer::Throttled
    } else {
        Answer::Errors(codes.join(", "))
    }
}

/// How long to wait before attempt `attempt + 1`: what the leaky bucket
/// needs to refill for the query's cost (`extensions.cost`), or
/// `Retry-After`, else exponential (0.5 s, 1 s, 2 s); capped.
pub fn backoff(attempt: u32, answer: Option<&Value>, retry_after: Option<f64>) -> Duration {
    let from_cost = answer.and_then(|answer| {
        let cost = answer.pointer("/extensions/cost")?;
        let requested = cost.get("requestedQueryCost")?.as_f64()?;
        let status = cost.get("throttleStatus")?;
        let available = status.get("currentlyAvailable")?.as_f64()?;
        let rate = status.get("restoreRate")?.as_f64().filter(|r| *r > 0.0)?;
        Some(((requested - available).max(0.0) / rate).max(0.1))
    });
    let seconds = from_cost
        .or(retry_after.filter(|s| s.is_finite() && *s >= 0.0))
        .unwrap_or(0.5 * f64::from(1u32 << (attempt - 1).min(4)));
    // Clamped before converting: `from_secs_f64` panics on huge values.
    Duration::from_secs_f64(if seconds.is_finite() { seconds.clamp(0.0, MAX_BACKOFF.as_secs_f64()) } else { 0.5 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_follows_the_bucket() {
        let answer = json!({"extensions": {"cost": {"requestedQueryCost": 52, "throttleStatus": {"currentlyAvailable": 2, "restoreRate": 50}}}});
        assert_eq!(backoff(1, Some(&answer), None), Duration::from_secs(1));
        let full = json!({"extensions": {"cost": {"requestedQueryCost": 5, "throttleStatus": {"currentlyAvailable": 900, "restoreRate": 50}}}});
        assert_eq!(backoff(1, Some(&full), None), Duration::from_millis(100));
        assert_eq!(backoff(1, None, Some(2.0)), Duration::from_secs(2));
        assert_eq!(backoff(1, None, None), Duration::from_millis(500));
        assert_eq!(backoff(3, None, None), Duration::from_secs(2));
        assert_eq!(backoff(9, None, Some(600.0)), MAX_BACKOFF);
    }

    #[test]
    fn answers_are_classified_by_code() {
        assert!(matches!(classify(&json!({"data": {"a": 1}})), Answer::Data(_)));
        assert!(matches!(
            classify(&json!({"errors": [{"message": "x", "extensions": {"code": "THROTTLED"}}]})),
            Answer::Throttled
        ));
        match classify(
            &json!({"errors": [{"message": "secret value here", "extensions": {"code": "ACCESS_DENIED"}}, {"message": "m"}]}),
        ) {
            Answer::Errors(codes) => assert_eq!(codes, "ACCESS_DENIED, UNKNOWN"),
            _ => panic!("not errors"),
        }
        assert!(matches!(classify(&json!({"data": null})), Answer::Errors(_)));
    }

    #[test]
    fn token_debug_hides_tokens() {
        let token = OfflineToken {
            access_token: "shpat_x".into(),
            scope: "write_validations".into(),
            expires_in: Some(3600),
            refresh_token: Some("shprt_y".into()),
            refresh_token_expires_in: Some(7_776_000),
        };
        let text = format!("{token:?}");
        assert!(!text.contains("shpat_x") && !text.contains("shprt_y"), "{text}");
    }
}
