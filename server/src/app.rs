//! The router and its explicit state.

use crate::config::Config;
use crate::crypto::TokenCipher;
use crate::locks::ShopLocks;
use crate::shopify::ShopifyClient;
use crate::storage::{Storage, StorageError};
use crate::{api, home, webhooks};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub storage: Storage,
    pub shopify: ShopifyClient,
    pub locks: ShopLocks,
}

impl AppState {
    /// Opens storage (migrating it) and the Shopify client.
    pub async fn open(config: Config) -> Result<AppState, StorageError> {
        let storage = Storage::open(&config.database_url, TokenCipher::new(&config.token_key)).await?;
        let shopify = ShopifyClient::new(&config.shop_origin, &config.api_key, &config.api_secret);
        Ok(AppState { config: Arc::new(config), storage, shopify, locks: ShopLocks::default() })
    }
}

/// API request bodies are empty; anything larger than this is refused.
const MAX_API_BODY_BYTES: usize = 4 * 1024;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/validations", get(api::overview))
        .route("/api/validations/{function}/setup", post(api::set_up))
        .route("/api/validations/{function}/enable", post(api::enable))
        .layer(DefaultBodyLimit::max(MAX_API_BODY_BYTES));
    let webhooks = Router::new()
        .route("/webhooks", post(webhooks::receive))
        .layer(DefaultBodyLimit::max(webhooks::MAX_BODY_BYTES));
    Router::new()
        .route("/", get(home::page))
        .route("/assets/{name}", get(home::asset))
        .route("/assets/locales/{name}", get(home::locale))
        .route("/healthz", get(health))
        .merge(api)
        .merge(webhooks)
        .with_state(state)
}

/// Ready when the database answers (load balancers, `docker run` health).
async fn health(State(state): State<AppState>) -> StatusCode {
    match state.storage.ping().await {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}
