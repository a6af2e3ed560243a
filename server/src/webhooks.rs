//! Shopify's webhooks, one endpoint for every topic (`X-Shopify-Topic`).
//!
//! In order: the HMAC of the raw body (401 when missing or wrong, before
//! anything else is read), the shop header (400 unless `*.myshopify.com`),
//! the JSON body (400), then the topic's effect. A database failure answers
//! 503 so that Shopify retries; every effect is idempotent and ordered by
//! `X-Shopify-Triggered-At`, so retries, duplicates and late deliveries
//! converge to the same rows. The payload is never logged.

use crate::app::AppState;
use crate::shop::Shop;
use crate::signature;
use crate::storage::{now_ms, StorageError};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use std::time::Instant;

/// Webhook bodies above this are refused with 413 (Shopify's payloads for
/// our topics are a few kilobytes).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The topics `shopify.app.toml` subscribes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    AppUninstalled,
    ScopesUpdate,
    CustomersDataRequest,
    CustomersRedact,
    ShopRedact,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::AppUninstalled,
        Topic::ScopesUpdate,
        Topic::CustomersDataRequest,
        Topic::CustomersRedact,
        Topic::ShopRedact,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Topic::AppUninstalled => "app/uninstalled",
            Topic::ScopesUpdate => "app/scopes_update",
            Topic::CustomersDataRequest => "customers/data_request",
            Topic::CustomersRedact => "customers/redact",
            Topic::ShopRedact => "shop/redact",
        }
    }

    pub fn parse(text: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.name() == text)
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let started = Instant::now();
    let topic_name = header(&headers, "x-shopify-topic").unwrap_or("");
    let (status, shop) = handle(&state, &headers, &body).await;
    let topic = Topic::parse(topic_name).map(Topic::name).unwrap_or("unknown");
    let shop = shop.as_ref().map(Shop::as_str).unwrap_or("-");
    let elapsed_us = started.elapsed().as_micros() as u64;
    tracing::info!(shop, topic, status = status.as_u16(), elapsed_us, "webhook");
    status
}

async fn handle(state: &AppState, headers: &HeaderMap, body: &[u8]) -> (StatusCode, Option<Shop>) {
    if !signature::verify_webhook(&state.config.api_secret, body, header(headers, "x-shopify-hmac-sha256")) {
        return (StatusCode::UNAUTHORIZED, None);
    }
    let Some(shop) = header(headers, "x-shopify-shop-domain").and_then(Shop::parse) else {
        return (StatusCode::BAD_REQUEST, None);
    };
    let Ok(payload) = serde_json::from_slice::<Value>(body) else {
        return (StatusCode::BAD_REQUEST, Some(shop));
    };
    let Some(topic) = header(headers, "x-shopify-topic").and_then(Topic::parse) else {
        // Not a topic we subscribe to: acknowledged, nothing done.
        return (StatusCode::OK, Some(shop));
    };
    // The HMAC covers the body only: the shop header must be the one the
    // signed payload names, or a captured delivery could be re-aimed.
    if !payload_names(topic, &payload, &shop) {
        return (StatusCode::UNAUTHORIZED, Some(shop));
    }
    let now = now_ms();
    let triggered_ms = header(headers, "x-shopify-triggered-at").and_then(parse_rfc3339_ms).unwrap_or(now);
    if triggered_ms > now + MAX_CLOCK_AHEAD_MS {
        // A trigger time in the future would outrank every later event.
        return (StatusCode::BAD_REQUEST, Some(shop));
    }
    let status = match apply(state, topic, &shop, &payload, triggered_ms).await {
        Ok(()) => StatusCode::OK,
        Err(Effect::BadPayload) => StatusCode::BAD_REQUEST,
        Err(Effect::Storage(_)) => StatusCode::SERVICE_UNAVAILABLE,
    };
    (status, Some(shop))
}

/// How far ahead of our clock `X-Shopify-Triggered-At` may be.
pub const MAX_CLOCK_AHEAD_MS: i64 = 5 * 60 * 1000;

/// Whether the signed payload names `shop` where the topic's payload has a
/// shop: `shop_domain` (compliance topics), `myshopify_domain` (the Shop
/// resource of `app/uninstalled`). `app/scopes_update` names none.
pub fn payload_names(topic: Topic, payload: &Value, shop: &Shop) -> bool {
    let key = match topic {
        Topic::CustomersDataRequest | Topic::CustomersRedact | Topic::ShopRedact => "shop_domain",
        Topic::AppUninstalled => "myshopify_domain",
        Topic::ScopesUpdate => return true,
    };
    payload.get(key).and_then(Value::as_str).and_then(Shop::parse).as_ref() == Some(shop)
}

enum Effect {
    BadPayload,
    Storage(#[allow(dead_code)] StorageError),
}

impl From<StorageError> for Effect {
    fn from(error: StorageError) -> Effect {
        Effect::Storage(error)
    }
}

async fn apply(state: &AppState, topic: Topic, shop: &Shop, payload: &Value, triggered_ms: i64) -> Result<(), Effect> {
    match topic {
        Topic::AppUninstalled => {
            state.storage.delete_sessions(shop, triggered_ms).await?;
        }
        Topic::ScopesUpdate => {
            let current = payload.get("current").and_then(Value::as_array).ok_or(Effect::BadPayload)?;
            let scopes: Vec<&str> = current.iter().filter_map(Value::as_str).collect();
            state.storage.update_scopes(shop, &scopes.join(","), triggered_ms).await?;
        }
        // Nothing about customers is held: nothing to provide or erase.
        Topic::CustomersDataRequest | Topic::CustomersRedact => {}
        Topic::ShopRedact => {
            state.storage.purge_shop(shop, triggered_ms).await?;
        }
    }
    Ok(())
}

/// `2026-12-06T21:00:00.123Z` / `…+01:00` → milliseconds since the epoch.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() < 20
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &fraction[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            sign * (rest.get(1..3)?.parse::<i64>().ok()? * 60 + rest.get(4..6)?.parse::<i64>().ok()?)
        }
    };
    // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_times() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_ms("2026-12-06T21:00:00.123Z"), Some(1_796_590_800_123));
        assert_eq!(parse_rfc3339_ms("2026-12-06T22:00:00.1+01:00"), Some(1_796_590_800_100));
        assert_eq!(parse_rfc3339_ms("2000-02-29T00:00:00.123456789Z"), Some(951_782_400_123));
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-12-06T21:00:00",
            "2026-12-06T21:00:00.Z",
            "2026-12-06T21:00:00+0100",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn topics_round_trip() {
        for topic in Topic::ALL {
            assert_eq!(Topic::parse(topic.name()), Some(topic));
        }
        assert_eq!(Topic::parse("orders/create"), None);
    }
}
