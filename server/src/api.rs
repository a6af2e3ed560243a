//! The app home's API: thin handlers over `auth` and `admin`. Every route
//! needs a valid session token; the shop is always the token's.

use crate::admin::{self, ValidationStatus};
use crate::app::AppState;
use crate::auth::{self, Authenticated};
use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use checkout_guard::Family;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub shop: String,
    pub validations: Vec<ValidationStatus>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetUp {
    pub id: String,
    pub created: bool,
}

fn family(name: &str) -> Result<Family, ApiError> {
    Family::ALL.into_iter().find(|f| f.name() == name).ok_or(ApiError::NotFound)
}

/// `GET /api/validations`: each of our two validations, as the home shows it.
pub async fn overview(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Overview>, ApiError> {
    let shop = &auth.session.shop;
    let api_key = &state.config.api_key;
    let client = &state.shopify;
    let validations = auth::with_access_token(&state, &auth, |token| async move {
        admin::validations(client, shop, &token, api_key).await
    })
    .await?;
    Ok(Json(Overview { shop: shop.to_string(), validations }))
}

/// `POST /api/validations/{function}/setup`: creates the validation with its
/// starter config when the shop has none (idempotent: an existing one is
/// returned as it is; one set-up per shop at a time).
pub async fn set_up(
    State(state): State<AppState>,
    Path(function): Path<String>,
    auth: Authenticated,
) -> Result<Json<SetUp>, ApiError> {
    let family = family(&function)?;
    let shop = &auth.session.shop;
    let _guard = state.locks.lock(format!("setup:{shop}")).await;
    let api_key = &state.config.api_key;
    let client = &state.shopify;
    let done = auth::with_access_token(&state, &auth, |token| async move {
        let existing = admin::validations(client, shop, &token, api_key).await?;
        if let Some(id) = existing.iter().find(|v| v.function == family.name()).and_then(|v| v.id.clone()) {
            return Ok(SetUp { id, created: false });
        }
        let id = admin::create(client, shop, &token, family).await?;
        Ok(SetUp { id, created: true })
    })
    .await?;
    if done.created {
        tracing::info!(shop = %shop, function = family.name(), "validation created with the starter config");
    }
    Ok(Json(done))
}

/// `POST /api/validations/{function}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    Path(function): Path<String>,
    auth: Authenticated,
) -> Result<Json<SetUp>, ApiError> {
    let family = family(&function)?;
    let shop = &auth.session.shop;
    let api_key = &state.config.api_key;
    let client = &state.shopify;
    let id = auth::with_access_token(&state, &auth, |token| async move {
        let existing = admin::validations(client, shop, &token, api_key).await?;
        let Some(status) = existing.iter().find(|v| v.function == family.name() && v.installed) else {
            return Ok(None);
        };
        admin::enable(client, shop, &token, status).await?;
        Ok(status.id.clone())
    })
    .await?
    .ok_or(ApiError::NotFound)?;
    tracing::info!(shop = %shop, function = family.name(), "validation enabled");
    Ok(Json(SetUp { id, created: false }))
}
