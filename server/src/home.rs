//! The app home: one HTML page, our script and stylesheet, and the locales.
//! Shopify's App Bridge and Polaris web components are the only other
//! scripts; no cookie is ever set (session tokens travel in headers).

use crate::app::AppState;
use crate::shop::Shop;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Shopify's own scripts, the only third-party origin the page loads from.
pub const APP_BRIDGE_URL: &str = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
pub const POLARIS_URL: &str = "https://cdn.shopify.com/shopifycloud/polaris.js";

const PAGE: &str = include_str!("../assets/home.html");
const SCRIPT: &str = include_str!("../assets/home.js");
const STYLE: &str = include_str!("../assets/home.css");
const EN: &str = include_str!("../assets/locales/en.json");
const FR: &str = include_str!("../assets/locales/fr.json");

/// The locales the page ships (the first is the fallback).
pub const LOCALES: &[(&str, &str)] = &[("en", EN), ("fr", FR)];

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The page's Content-Security-Policy: framed only by the shop's admin,
/// scripts only from us and Shopify's CDN, requests only to us and Shopify.
pub fn content_security_policy(shop: Option<&Shop>) -> String {
    let ancestors = match shop {
        Some(shop) => format!("https://{shop} https://admin.shopify.com"),
        None => "https://admin.shopify.com".to_string(),
    };
    format!(
        "frame-ancestors {ancestors}; default-src 'self'; script-src 'self' https://cdn.shopify.com; \
         style-src 'self' 'unsafe-inline' https://cdn.shopify.com; img-src 'self' data: https://cdn.shopify.com; \
         connect-src 'self' https://*.shopify.com https://*.myshopify.com; font-src 'self' https://cdn.shopify.com; \
         object-src 'none'; base-uri 'self'"
    )
}

pub async fn page(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Response {
    let shop = query.get("shop").and_then(|s| Shop::parse(s));
    let body = PAGE
        .replace("{{API_KEY}}", &html_escape(&state.config.api_key))
        .replace("{{APP_BRIDGE_URL}}", APP_BRIDGE_URL)
        .replace("{{POLARIS_URL}}", POLARIS_URL);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(shop.as_ref())) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response.headers_mut().insert("X-Content-Type-Options", HeaderValue::from_static("nosniff"));
    response
}

pub async fn asset(Path(name): Path<String>) -> Response {
    let (kind, body) = match name.as_str() {
        "home.js" => ("text/javascript; charset=utf-8", SCRIPT),
        "home.css" => ("text/css; charset=utf-8", STYLE),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

pub async fn locale(Path(name): Path<String>) -> Response {
    let code = name.strip_suffix(".json").unwrap_or("");
    match LOCALES.iter().find(|(c, _)| *c == code) {
        Some((_, body)) => {
            ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], *body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_have_the_same_keys_and_parse() {
        let keys = |text: &str| {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(EN), keys(FR));
        assert!(keys(EN).len() >= 15);
    }

    #[test]
    fn the_page_loads_only_shopify_scripts_and_ours() {
        let scripts: Vec<&str> = PAGE.split("<script").skip(1).map(|s| s.split('>').next().unwrap_or("")).collect();
        assert_eq!(scripts.len(), 3, "{scripts:?}");
        for script in scripts {
            assert!(
                script.contains("{{APP_BRIDGE_URL}}")
                    || script.contains("{{POLARIS_URL}}")
                    || script.contains("/assets/home.js"),
                "{script}"
            );
        }
        assert!(!SCRIPT.contains("http://") && !SCRIPT.contains("https://"), "home.js must only call this server");
        assert!(!SCRIPT.contains("document.cookie") && !SCRIPT.contains("localStorage"));
    }

    #[test]
    fn csp_names_the_shop() {
        let shop = Shop::parse("a.myshopify.com").unwrap();
        assert!(content_security_policy(Some(&shop))
            .starts_with("frame-ancestors https://a.myshopify.com https://admin.shopify.com;"));
        assert!(html_escape("<\"'&>") == "&lt;&quot;&#39;&amp;&gt;");
    }
}
