//! Embedded-app auth: the App Bridge session token on every API request,
//! and the shop's offline access token behind it (token exchange on first
//! use, refreshed before it expires, exchanged again when the refresh token
//! is refused).

use crate::admin::AdminError;
use crate::app::AppState;
use crate::error::ApiError;
use crate::session_token::{self, SessionToken, TokenError};
use crate::shopify::{OfflineToken, ShopifyError};
use crate::storage::{now_seconds, Session, StorageError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// Refresh an access token this long before it expires.
pub const REFRESH_MARGIN_SECONDS: i64 = 300;

/// A request's verified session token, and the token itself (token
/// exchange needs it).
pub struct Authenticated {
    pub session: SessionToken,
    pub raw: String,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        let raw = header.strip_prefix("Bearer ").map(str::trim).ok_or(ApiError::Token(TokenError::Missing))?;
        let session = session_token::verify(raw, &state.config.api_key, &state.config.api_secret, now_seconds())
            .map_err(ApiError::Token)?;
        Ok(Authenticated { session, raw: raw.to_string() })
    }
}

fn session_of(auth: &Authenticated, token: OfflineToken, now: i64) -> Session {
    Session {
        shop: auth.session.shop.clone(),
        access_token: token.access_token,
        access_expires_at: token.expires_in.map(|s| now + s),
        refresh_token: token.refresh_token,
        refresh_expires_at: token.refresh_token_expires_in.map(|s| now + s),
        scopes: token.scope,
    }
}

/// What to do with the stored session, at `now`.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    Use,
    Refresh,
    Exchange,
}

pub fn plan(stored: Option<&Session>, now: i64) -> Plan {
    let Some(session) = stored else { return Plan::Exchange };
    match session.access_expires_at {
        Some(expires) if expires - REFRESH_MARGIN_SECONDS > now => Plan::Use,
        // A token Shopify issued without an expiry keeps working until it is
        // refused (then `with_access_token` exchanges again): exchanging on
        // every request would revoke it each time.
        None => Plan::Use,
        Some(_) => match (&session.refresh_token, session.refresh_expires_at) {
            (Some(_), Some(until)) if until > now => Plan::Refresh,
            (Some(_), None) => Plan::Refresh,
            _ => Plan::Exchange,
        },
    }
}

/// The shop's usable offline access token. One acquisition per shop at a
/// time in this instance: each new expiring token revokes the previous one.
pub async fn access_token(state: &AppState, auth: &Authenticated) -> Result<String, ApiError> {
    let shop = &auth.session.shop;
    let _guard = state.locks.lock(format!("token:{shop}")).await;
    let now = now_seconds();
    let stored = match state.storage.session_versioned(shop).await {
        Ok(stored) => stored,
        // A row that does not decrypt (key rotated, row damaged) is no
        // session: exchange the session token and overwrite it.
        Err(StorageError::Decrypt(_)) => {
            tracing::warn!(shop = %shop, "stored session does not decrypt; exchanging again");
            None
        }
        Err(error) => return Err(error.into()),
    };
    match (plan(stored.as_ref().map(|(s, _)| s), now), stored) {
        (Plan::Use, Some((session, _))) => return Ok(session.access_token),
        (Plan::Refresh, Some((session, version))) => {
            if let Some(refresh) = session.refresh_token.as_deref() {
                match state.shopify.refresh(shop, refresh).await {
                    Ok(token) => {
                        let fresh = session_of(auth, token, now);
                        if state.storage.replace_session(&fresh, version).await? {
                            tracing::info!(shop = %shop, "offline token refreshed");
                            return Ok(fresh.access_token);
                        }
                        // The row changed meanwhile: another instance
                        // refreshed (use its token), or an uninstall deleted
                        // it (this request is stale: App Bridge retries).
                        return match state.storage.session(shop).await? {
                            Some(current) => Ok(current.access_token),
                            None => Err(ApiError::Token(TokenError::Signature)),
                        };
                    }
                    Err(ShopifyError::TokenRefused(status)) => {
                        tracing::info!(shop = %shop, status, "refresh token refused; exchanging the session token");
                    }
                    // Shopify unreachable, but the token is still valid: use it.
                    Err(error) if session.access_expires_at.is_some_and(|at| at > now) => {
                        tracing::warn!(shop = %shop, error = %error, "refresh failed; using the current token");
                        return Ok(session.access_token);
                    }
                    Err(error) => return Err(error.into()),
                }
            }
        }
        _ => {}
    }
    let token = match state.shopify.exchange(shop, &auth.raw).await {
        Ok(token) => token,
        // Shopify refuses the session token: App Bridge should retry with a fresh one.
        Err(ShopifyError::TokenRefused(_)) => return Err(ApiError::Token(TokenError::Signature)),
        Err(error) => return Err(error.into()),
    };
    if token.expires_in.is_none() || token.refresh_token.is_none() {
        tracing::warn!(shop = %shop, "token exchange returned a non-expiring offline token");
    }
    let session = session_of(auth, token, now);
    state.storage.save_session(&session).await?;
    tracing::info!(shop = %shop, "offline token obtained by token exchange");
    Ok(session.access_token)
}

/// Runs Admin API calls with the shop's token; when Shopify refuses the
/// token (revoked by a newer one, an uninstall missed), forgets it,
/// exchanges the session token again and runs them once more.
pub async fn with_access_token<T, F, Fut>(state: &AppState, auth: &Authenticated, calls: F) -> Result<T, ApiError>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, AdminError>>,
{
    let token = access_token(state, auth).await?;
    match calls(token).await {
        Err(AdminError::Shopify(ShopifyError::Unauthorized(status))) => {
            tracing::warn!(shop = %auth.session.shop, status, "access token refused by the Admin API; exchanging again");
            state.storage.forget_session(&auth.session.shop).await?;
            let token = access_token(state, auth).await?;
            Ok(calls(token).await?)
        }
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop::Shop;

    fn session(access: Option<i64>, refresh: Option<&str>, refresh_until: Option<i64>) -> Session {
        Session {
            shop: Shop::parse("a.myshopify.com").unwrap(),
            access_token: "a".into(),
            access_expires_at: access,
            refresh_token: refresh.map(str::to_string),
            refresh_expires_at: refresh_until,
            scopes: "write_validations".into(),
        }
    }

    #[test]
    fn when_to_refresh_or_exchange() {
        let now = 1_000_000;
        assert_eq!(plan(None, now), Plan::Exchange);
        assert_eq!(plan(Some(&session(Some(now + 3600), Some("r"), Some(now + 9))), now), Plan::Use);
        // Within the margin: refresh before it expires.
        assert_eq!(plan(Some(&session(Some(now + 60), Some("r"), Some(now + 90_000))), now), Plan::Refresh);
        assert_eq!(plan(Some(&session(Some(now - 60), Some("r"), None)), now), Plan::Refresh);
        // Refresh token expired too, or none: a new exchange.
        assert_eq!(plan(Some(&session(Some(now - 60), Some("r"), Some(now - 1))), now), Plan::Exchange);
        assert_eq!(plan(Some(&session(Some(now - 60), None, None)), now), Plan::Exchange);
        assert_eq!(plan(Some(&session(None, None, None)), now), Plan::Use);
    }
}
