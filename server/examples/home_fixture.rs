//! The app home's browser fixture (server/test/home.test.mjs): the server's
//! real router and storage in this process on 127.0.0.1, Shopify's
//! endpoints played by the tests' checking stand-in, one shop with a limits
//! validation already installed. Prints one JSON line (`base`, `apiKey`,
//! `secret`, `shop`) when ready, then serves until stdin closes; on exit it
//! prints the stand-in's violations (none expected) and exits 1 if any.

#[path = "../tests/common/standin.rs"]
mod standin;

use checkout_guard_server::{router, AppState, Config};
use serde_json::json;
use std::io::Read;

const SHOP: &str = "home-demo.myshopify.com";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let standin = standin::StandIn::start().await;
    let config_text = include_str!("../../examples/order-limits.json");
    standin.with(|s| {
        s.validations.insert(
            SHOP.to_string(),
            vec![json!({
                "id": "gid://shopify/Validation/1", "title": "Checkout Guard: order limits",
                "enabled": true, "blockOnFailure": false,
                "shopifyFunction": {"id": "fn-limits", "handle": "checkout-guard-limits", "appKey": standin::API_KEY},
                "config": {"value": config_text}
            })],
        )
    });
    let db = std::env::temp_dir().join(format!("cg-home-fixture-{}", std::process::id()));
    let vars = [
        ("SHOPIFY_API_KEY", standin::API_KEY.to_string()),
        ("SHOPIFY_API_SECRET", standin::SECRET.to_string()),
        ("SHOPIFY_APP_URL", "http://127.0.0.1".to_string()),
        ("TOKEN_ENCRYPTION_KEY", standin::KEY_B64.to_string()),
        ("DATABASE_URL", format!("sqlite://{}/guard.db", db.display())),
        ("SHOPIFY_SHOP_ORIGIN", standin.origin.clone()),
    ];
    let config = match Config::from_vars(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let state = match AppState::open(config).await {
        Ok(state) => state,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let base = format!("http://{}", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(state)).await;
    });
    println!("{}", json!({"base": base, "apiKey": standin::API_KEY, "secret": standin::SECRET, "shop": SHOP}));
    // Serve until the test closes our stdin.
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
    })
    .await;
    let _ = std::fs::remove_dir_all(db);
    let violations = standin.with(|s| s.violations.clone());
    println!("{}", json!({"violations": violations}));
    if violations.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
