//! How the API answers failures: a status, a stable code, nothing else (no
//! token, no upstream body).

use crate::admin::AdminError;
use crate::session_token::TokenError;
use crate::shopify::ShopifyError;
use crate::storage::StorageError;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Token(TokenError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Shopify(#[from] ShopifyError),
    #[error(transparent)]
    Admin(#[from] AdminError),
    #[error("not found")]
    NotFound,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Token(_) => (StatusCode::UNAUTHORIZED, "invalid_session_token"),
            ApiError::Storage(_) => (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable"),
            ApiError::Shopify(ShopifyError::Unauthorized(_)) => (StatusCode::BAD_GATEWAY, "shopify_unauthorized"),
            ApiError::Shopify(ShopifyError::Throttled(_)) => (StatusCode::SERVICE_UNAVAILABLE, "shopify_throttled"),
            ApiError::Shopify(_) => (StatusCode::BAD_GATEWAY, "shopify_error"),
            ApiError::Admin(AdminError::UserErrors(_)) => (StatusCode::UNPROCESSABLE_ENTITY, "shopify_refused"),
            ApiError::Admin(AdminError::Shopify(_)) => (StatusCode::BAD_GATEWAY, "shopify_error"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() || status == StatusCode::BAD_GATEWAY {
            tracing::warn!(status = status.as_u16(), code, error = %self, "api error");
        }
        let mut response = (status, Json(json!({"error": code, "detail": self.to_string()}))).into_response();
        if matches!(self, ApiError::Token(_)) {
            // App Bridge fetches a fresh session token and retries.
            response.headers_mut().insert("X-Shopify-Retry-Invalid-Session-Request", HeaderValue::from_static("1"));
        }
        response
    }
}
