//! Webhook throughput and latency: a benchmark, not a test.
//!
//!   cargo run --release -p checkout-guard-server --example webhook_bench [-- DELIVERIES CONCURRENCY]
//!   bash scripts/with-postgres.sh cargo run --release -p checkout-guard-server --example webhook_bench
//!
//! The server's real router and storage on 127.0.0.1 (SQLite in a temporary
//! file, or `DATABASE_URL`), signed deliveries over HTTP from the same
//! process (client and server share the machine's cores): 1,000 shops with a
//! session each, topics mixed as Shopify sends them (customers/* 40%,
//! app/uninstalled 30%, app/scopes_update 20%, shop/redact 10%).

use checkout_guard_server::signature::webhook_header;
use checkout_guard_server::storage::Session;
use checkout_guard_server::{router, AppState, Config};
use serde_json::json;
use std::time::{Duration, Instant};

const SECRET: &str = "bench-secret";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let deliveries = args.first().copied().unwrap_or(20_000);
    let concurrency = args.get(1).copied().unwrap_or(64);
    let dir = std::env::temp_dir().join(format!("cg-bench-{}", std::process::id()));
    let database = std::env::var("DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.display()));
    let vars = [
        ("SHOPIFY_API_KEY", "bench-key".to_string()),
        ("SHOPIFY_API_SECRET", SECRET.to_string()),
        ("SHOPIFY_APP_URL", "http://127.0.0.1".to_string()),
        ("TOKEN_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".to_string()),
        ("DATABASE_URL", database.clone()),
    ];
    let config = Config::from_vars(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()))?;
    let state = AppState::open(config).await?;
    let backend = if state.storage.is_postgres() { "PostgreSQL" } else { "SQLite" };
    let shops: Vec<String> = (0..1000).map(|n| format!("bench-{n}.myshopify.com")).collect();
    for shop in &shops {
        let shop = checkout_guard_server::shop::Shop::parse(shop).ok_or("shop")?;
        state
            .storage
            .save_session(&Session {
                shop,
                access_token: "shpat_bench".into(),
                access_expires_at: Some(4_000_000_000),
                refresh_token: Some("shprt_bench".into()),
                refresh_expires_at: Some(4_000_000_000),
                scopes: "write_validations".into(),
            })
            .await?;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(state)).await;
    });
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let topics = [
        "customers/data_request",
        "customers/redact",
        "customers/redact",
        "customers/data_request",
        "app/uninstalled",
        "app/uninstalled",
        "app/uninstalled",
        "app/scopes_update",
        "app/scopes_update",
        "shop/redact",
    ];
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let per_task = deliveries.div_ceil(concurrency);
    for worker in 0..concurrency {
        let (http, url, shops) = (http.clone(), url.clone(), shops.clone());
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(per_task);
            let mut failures = 0usize;
            for i in 0..per_task {
                let n = worker * per_task + i;
                let shop = &shops[n % shops.len()];
                let topic = topics[n % topics.len()];
                let body =
                    json!({"shop_domain": shop, "myshopify_domain": shop, "current": ["write_validations"], "id": n})
                        .to_string();
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .header("X-Shopify-Topic", topic)
                    .header("X-Shopify-Shop-Domain", shop)
                    .header("X-Shopify-Triggered-At", "2026-12-06T21:00:00.000Z")
                    .header("X-Shopify-Hmac-Sha256", webhook_header(SECRET, body.as_bytes()))
                    .body(body)
                    .send()
                    .await;
                latencies.push(sent.elapsed());
                if !matches!(response, Ok(ref r) if r.status() == 200) {
                    failures += 1;
                }
            }
            (latencies, failures)
        });
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(deliveries);
    let mut failures = 0;
    while let Some(done) = tasks.join_next().await {
        let (mut l, f) = done?;
        latencies.append(&mut l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{backend}: {} deliveries, concurrency {concurrency}: {:.0} webhooks/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, non-200: {failures}",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        pct(1.0).as_secs_f64() * 1e3,
    );
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
