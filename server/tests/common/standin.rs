//! A stand-in for Shopify's token endpoint and Admin GraphQL (tests and the
//! app home's browser fixture). It checks every request it receives:
//! client credentials, grant type and parameters, that the session token is
//! the shop's own, that each Admin call carries that shop's current access
//! token and the pinned API version. Any deviation is recorded in
//! `violations`, which every test asserts empty.
#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use checkout_guard_server::session_token;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const API_KEY: &str = "test-client-id";
pub const SECRET: &str = "test-client-secret-0123456789";
pub const KEY_B64: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
pub const KEY: [u8; 32] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
    31,
];
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[derive(Default)]
pub struct StandInState {
    pub violations: Vec<String>,
    pub exchanges: Vec<String>,
    pub refreshes: Vec<String>,
    pub graphql: Vec<(String, String)>,
    /// Valid access token → shop; current refresh token → shop.
    pub access: HashMap<String, String>,
    pub refresh: HashMap<String, String>,
    pub validations: HashMap<String, Vec<Value>>,
    pub expires_in: i64,
    pub throttle_next: u32,
    pub issued: u32,
    pub fail_graphql_with: Option<u16>,
    /// Delays the token endpoint's answer (ms): a refresh in flight.
    pub token_delay_ms: u64,
    /// Token requests that reached the endpoint (counted before the delay).
    pub token_requests_received: u32,
}

#[derive(Clone)]
pub struct StandIn {
    pub origin: String,
    pub state: Arc<Mutex<StandInState>>,
}

impl StandIn {
    pub async fn start() -> StandIn {
        let state = Arc::new(Mutex::new(StandInState { expires_in: 3600, ..Default::default() }));
        let app = Router::new()
            .route("/{shop}/admin/oauth/access_token", post(token_endpoint))
            .route("/{shop}/admin/api/{version}/graphql.json", post(graphql_endpoint))
            .fallback(|| async { StatusCode::NOT_FOUND })
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        StandIn { origin: format!("http://{addr}/{{shop}}"), state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut StandInState) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }
}

fn issue(state: &mut StandInState, shop: &str) -> Value {
    state.issued += 1;
    let access = format!("shpat_{}_{}", state.issued, shop.len());
    let refresh = format!("shprt_{}_{}", state.issued, shop.len());
    state.access.retain(|_, s| s != shop);
    state.refresh.retain(|_, s| s != shop);
    state.access.insert(access.clone(), shop.to_string());
    state.refresh.insert(refresh.clone(), shop.to_string());
    json!({"access_token": access, "scope": "write_validations", "expires_in": state.expires_in,
           "refresh_token": refresh, "refresh_token_expires_in": 7_776_000})
}

async fn token_endpoint(
    State(state): State<Arc<Mutex<StandInState>>>,
    Path(shop): Path<String>,
    body: Bytes,
) -> Response {
    let delay = {
        let mut state = state.lock().unwrap();
        state.token_requests_received += 1;
        state.token_delay_ms
    };
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let mut state = state.lock().unwrap();
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        state.violations.push("token request body is not JSON".into());
        return StatusCode::BAD_REQUEST.into_response();
    };
    if body["client_id"] != API_KEY || body["client_secret"] != SECRET {
        state.violations.push(format!("token request for {shop} with wrong client credentials"));
        return StatusCode::BAD_REQUEST.into_response();
    }
    match body["grant_type"].as_str() {
        Some("urn:ietf:params:oauth:grant-type:token-exchange") => {
            let expected = [
                ("subject_token_type", "urn:ietf:params:oauth:token-type:id_token"),
                ("requested_token_type", "urn:shopify:params:oauth:token-type:offline-access-token"),
                ("expiring", "1"),
            ];
            for (key, value) in expected {
                if body[key] != value {
                    state.violations.push(format!("token exchange: {key} is {}", body[key]));
                }
            }
            let subject = body["subject_token"].as_str().unwrap_or("");
            match session_token::verify(subject, API_KEY, SECRET, now()) {
                Ok(token) if token.shop.as_str() == shop => {}
                Ok(_) => {
                    state.violations.push(format!("token exchange at {shop} with another shop's session token"));
                    return StatusCode::BAD_REQUEST.into_response();
                }
                Err(_) => return StatusCode::BAD_REQUEST.into_response(),
            }
            state.exchanges.push(shop.clone());
            Json(issue(&mut state, &shop)).into_response()
        }
        Some("refresh_token") => {
            let token = body["refresh_token"].as_str().unwrap_or("");
            if state.refresh.get(token) != Some(&shop) {
                return (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_grant"}))).into_response();
            }
            state.refreshes.push(shop.clone());
            Json(issue(&mut state, &shop)).into_response()
        }
        other => {
            state.violations.push(format!("token request with grant_type {other:?}"));
            StatusCode::BAD_REQUEST.into_response()
        }
    }
}

async fn graphql_endpoint(
    State(state): State<Arc<Mutex<StandInState>>>,
    Path((shop, version)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut state = state.lock().unwrap();
    if version != checkout_guard_server::shopify::ADMIN_API_VERSION {
        state.violations.push(format!("Admin API version {version}"));
    }
    let token = headers.get("x-shopify-access-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    match state.access.get(token) {
        Some(owner) if *owner == shop => {}
        Some(_) => {
            state.violations.push(format!("{shop}'s Admin API called with another shop's token"));
            return StatusCode::UNAUTHORIZED.into_response();
        }
        None => return StatusCode::UNAUTHORIZED.into_response(),
    }
    if let Some(status) = state.fail_graphql_with {
        return StatusCode::from_u16(status).unwrap().into_response();
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        state.violations.push("GraphQL body is not JSON".into());
        return StatusCode::BAD_REQUEST.into_response();
    };
    let query = body["query"].as_str().unwrap_or("").to_string();
    let operation = query.split(['(', '{']).next().unwrap_or("").trim().to_string();
    state.graphql.push((shop.clone(), operation.clone()));
    if state.throttle_next > 0 {
        state.throttle_next -= 1;
        return Json(json!({"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
            "extensions": {"cost": {"requestedQueryCost": 12, "actualQueryCost": null,
            "throttleStatus": {"maximumAvailable": 2000, "currentlyAvailable": 7, "restoreRate": 100}}}}))
        .into_response();
    }
    let nodes = state.validations.entry(shop.clone()).or_default();
    let data = match operation.as_str() {
        "query CheckoutGuardValidations" => json!({"validations": {"nodes": nodes}}),
        "mutation CheckoutGuardCreate" => {
            let input = &body["variables"]["validation"];
            let handle = input["functionHandle"].as_str().unwrap_or("").to_string();
            let config = input["metafields"][0]["value"].as_str().unwrap_or("").to_string();
            let id = format!("gid://shopify/Validation/{}", nodes.len() + 1);
            nodes.push(json!({"id": id, "title": input["title"], "enabled": input["enable"],
                "blockOnFailure": input["blockOnFailure"],
                "shopifyFunction": {"id": format!("fn-{handle}"), "handle": handle, "appKey": API_KEY},
                "config": {"value": config}, "input": input}));
            json!({"validationCreate": {"validation": {"id": id}, "userErrors": []}})
        }
        "mutation CheckoutGuardEnable" => {
            let id = body["variables"]["id"].clone();
            let found = nodes.iter_mut().find(|n| n["id"] == id);
            match found {
                Some(node) => {
                    node["enabled"] = body["variables"]["validation"]["enable"].clone();
                    json!({"validationUpdate": {"validation": {"id": id, "enabled": true}, "userErrors": []}})
                }
                None => {
                    json!({"validationUpdate": {"validation": null, "userErrors": [{"field": ["id"], "message": "not found", "code": "NOT_FOUND"}]}})
                }
            }
        }
        other => {
            state.violations.push(format!("unexpected GraphQL operation {other:?}"));
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    Json(json!({"data": data, "extensions": {"cost": {"requestedQueryCost": 12, "throttleStatus": {"maximumAvailable": 2000, "currentlyAvailable": 1988, "restoreRate": 100}}}})).into_response()
}
