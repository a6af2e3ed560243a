//! Embedded-app auth: the App Bridge session token on every API request,
//! and the shop's offline access token behind it (token exchange on first
//! use, refreshed before it expires, exchanged again when the refresh token
//! is refused).

use crate::app::AppState;
use crate::error::ApiError;
use crate::session_token::{self, SessionToken, TokenError};
use crate::shopify::{OfflineToken, ShopifyError};
use crate::storage::{now_seconds, Session};
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
        // A non-expiring token (an install from before expiring tokens):
        // exchange it for an expiring one.
        None => Plan::Exchange,
        Some(_) => match (&session.refresh_token, session.refresh_expires_at) {
            (Some(_), Some(until)) if until > now => Plan::Refresh,
            (Some(_), None) => Plan::Refresh,
            _ => Plan::Exchange,
        },
    }
}

/// The shop's usable offline access token.
pub async fn access_token(state: &AppState, auth: &Authenticated) -> Result<String, ApiError> {
    let shop = &auth.session.shop;
    let now = now_seconds();
    let stored = state.storage.session(shop).await?;
    let plan = plan(stored.as_ref(), now);
    if plan == Plan::Use {
        if let Some(session) = stored {
            return Ok(session.access_token);
        }
    }
    if plan == Plan::Refresh {
        if let Some(refresh) = stored.as_ref().and_then(|s| s.refresh_token.as_deref()) {
            match state.shopify.refresh(shop, refresh).await {
                Ok(token) => {
                    let session = session_of(auth, token, now);
                    state.storage.save_session(&session).await?;
                    tracing::info!(shop = %shop, "offline token refreshed");
                    return Ok(session.access_token);
                }
                Err(ShopifyError::TokenRefused(status)) => {
                    tracing::info!(shop = %shop, status, "refresh token refused; exchanging the session token");
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
    let token = match state.shopify.exchange(shop, &auth.raw).await {
        Ok(token) => token,
        // Shopify refuses the session token: App Bridge should retry with a fresh one.
        Err(ShopifyError::TokenRefused(_)) => return Err(ApiError::Token(TokenError::Signature)),
        Err(error) => return Err(error.into()),
    };
    let session = session_of(auth, token, now);
    state.storage.save_session(&session).await?;
    tracing::info!(shop = %shop, "offline token obtained by token exchange");
    Ok(session.access_token)
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
        assert_eq!(plan(Some(&session(None, None, None)), now), Plan::Exchange);
    }
}
