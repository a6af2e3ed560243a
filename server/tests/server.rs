//! The server end to end: the real binary on 127.0.0.1, SQLite by default,
//! PostgreSQL when `TEST_DATABASE_URL` is set (server/test/postgres.sh runs
//! this whole file again against a real PostgreSQL server).

mod common;

use checkout_guard_server::shop::Shop;
use checkout_guard_server::storage::Session;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

async fn overview(server: &Server, shop: &str) -> Value {
    let response = server.api("GET", "/api/validations", &session_token(shop)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn start_up_names_a_missing_or_malformed_variable() {
    let standin = StandIn::start().await;
    let db = database_url("startup");
    let output = server_command(&db, &standin).env_remove("SHOPIFY_API_SECRET").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SHOPIFY_API_SECRET is not set"), "{stderr}");
    let output = server_command(&db, &standin).env("TOKEN_ENCRYPTION_KEY", "dG9vIHNob3J0").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TOKEN_ENCRYPTION_KEY is malformed") && !stderr.contains("dG9vIHNob3J0"), "{stderr}");
    let output =
        server_command(&db, &standin).env("DATABASE_URL", "postgres://u:pw@127.0.0.1:1/none").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DATABASE_URL") && !stderr.contains(":pw@"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_signatures_bodies_and_shops_are_checked() {
    let server = Server::start("signatures").await;
    let shop = shop("sig");
    let good = delivery("customers/redact", &shop, now_ms(), SECRET);
    assert_eq!(server.webhook(&good).await, 200);
    assert_eq!(server.webhook(&Delivery { hmac: None, ..good.clone() }).await, 401);
    assert_eq!(server.webhook(&Delivery { hmac: Some("bm90IGEgbWFj".into()), ..good.clone() }).await, 401);
    assert_eq!(server.webhook(&delivery("customers/redact", &shop, now_ms(), "another-apps-secret")).await, 401);
    // A body changed after signing.
    let mut tampered = good.clone();
    tampered.body = br#"{"shop_domain":"other.myshopify.com"}"#.to_vec();
    assert_eq!(server.webhook(&tampered).await, 401);
    // Signed, but not JSON.
    let mut malformed = good.clone();
    malformed.body = b"{not json".to_vec();
    malformed.hmac = Some(checkout_guard_server::signature::webhook_header(SECRET, &malformed.body));
    assert_eq!(server.webhook(&malformed).await, 400);
    // Shops that are not *.myshopify.com, injection-shaped.
    for bad in ["evil.com", "x'; DROP TABLE sessions; --", "../../etc/passwd", "a.myshopify.com.evil.com", ""] {
        assert_eq!(server.webhook(&Delivery { shop: bad.into(), ..good.clone() }).await, 400, "{bad}");
    }
    // Oversized: 413 before anything is read.
    let mut huge = good.clone();
    huge.body = format!("{{\"pad\": \"{}\"}}", "x".repeat(300 * 1024)).into_bytes();
    huge.hmac = Some(checkout_guard_server::signature::webhook_header(SECRET, &huge.body));
    assert_eq!(server.webhook(&huge).await, 413);
    // Every compliance topic is acknowledged.
    for topic in ["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled", "app/scopes_update"] {
        assert_eq!(server.webhook(&delivery(topic, &shop, now_ms(), SECRET)).await, 200, "{topic}");
    }
    let logs = server.finish();
    assert!(logs.contains("topic=\"customers/redact\"") || logs.contains("topic=customers/redact"), "{logs}");
}

#[tokio::test(flavor = "multi_thread")]
async fn session_tokens_are_verified() {
    let server = Server::start("tokens").await;
    let shop = shop("tok");
    let t = now();
    let claims = session_token_claims(&shop, t);
    let sign = |c: &Value, secret: &str| checkout_guard_server::session_token::sign(c, secret);
    let mut cases: Vec<(&str, String)> = vec![
        ("no token", String::new()),
        ("garbage", "not.a.jwt".into()),
        ("other secret", sign(&claims, "forged-secret")),
    ];
    let edit = |key: &str, value: Value| {
        let mut c = claims.clone();
        c[key] = value;
        sign(&c, SECRET)
    };
    cases.push(("expired", edit("exp", json!(t - 120))));
    cases.push(("not yet valid", edit("nbf", json!(t + 120))));
    cases.push(("wrong audience", edit("aud", json!("another-app"))));
    cases.push(("wrong shop", edit("dest", json!("https://someone-else.myshopify.com"))));
    cases.push(("not myshopify", edit("dest", json!("https://evil.com"))));
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    cases.push(("alg none", format!("{}.{}.", engine.encode(r#"{"alg":"none"}"#), engine.encode(claims.to_string()))));
    for (name, token) in &cases {
        let response = server.api("GET", "/api/validations", token).await;
        assert_eq!(response.status(), 401, "{name}");
        assert_eq!(
            response.headers().get("x-shopify-retry-invalid-session-request").map(|v| v.to_str().unwrap()),
            Some("1"),
            "{name}"
        );
    }
    // Nothing reached Shopify for any of them.
    assert!(server.standin.with(|s| s.exchanges.is_empty() && s.graphql.is_empty()));
    server.finish();
}

fn session_token_claims(shop: &str, t: i64) -> Value {
    checkout_guard_server::session_token::claims_for(shop, API_KEY, t)
}

#[tokio::test(flavor = "multi_thread")]
async fn token_exchange_then_refresh_then_exchange_again() {
    let server = Server::start("exchange").await;
    let shop = shop("ex");
    let first = overview(&server, &shop).await;
    assert_eq!(first["shop"], shop.as_str());
    assert_eq!(first["validations"][0]["function"], "limits");
    assert_eq!(first["validations"][0]["installed"], false);
    assert_eq!(server.standin.with(|s| s.exchanges.len()), 1);
    // The stored token is used while it is fresh.
    overview(&server, &shop).await;
    assert_eq!(server.standin.with(|s| (s.exchanges.len(), s.refreshes.len())), (1, 0));
    // A token about to expire is refreshed before use.
    let storage = storage(&server.db).await;
    let parsed = Shop::parse(&shop).unwrap();
    let mut session = storage.session(&parsed).await.unwrap().unwrap();
    assert!(session.access_token.starts_with("shpat_") && session.refresh_token.is_some());
    session.access_expires_at = Some(now() + 30);
    storage.save_session(&session).await.unwrap();
    overview(&server, &shop).await;
    assert_eq!(server.standin.with(|s| (s.exchanges.len(), s.refreshes.len())), (1, 1));
    let refreshed = storage.session(&parsed).await.unwrap().unwrap();
    assert_ne!(refreshed.access_token, session.access_token);
    assert!(refreshed.access_expires_at.unwrap() > now() + 3000);
    // A refused refresh token: exchange the next session token again.
    let mut stale = refreshed.clone();
    stale.access_expires_at = Some(now() - 10);
    stale.refresh_token = Some("shprt_revoked".into());
    storage.save_session(&stale).await.unwrap();
    overview(&server, &shop).await;
    assert_eq!(server.standin.with(|s| s.exchanges.len()), 2);
    // Tokens are stored encrypted: the raw rows never hold them.
    assert_eq!(raw_tokens_in_rows(&server.db, &shop).await, 0);
    storage.close().await;
    server.finish();
}

/// How many session rows of `shop` hold a token in the clear.
async fn raw_tokens_in_rows(db: &str, shop: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&sqlite_rw(db)).await.unwrap();
    let row: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sessions WHERE shop = $1 AND (access_token LIKE 'shpat_%' OR refresh_token LIKE 'shprt_%')",
    )
    .bind(shop)
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    row.0
}

fn sqlite_rw(db: &str) -> String {
    if db.starts_with("sqlite") && !db.contains('?') {
        format!("{db}?mode=rwc")
    } else {
        db.to_string()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_shops_token_never_reads_another_shops_session() {
    let server = Server::start("isolation").await;
    let (a, b) = (shop("iso-a"), shop("iso-b"));
    overview(&server, &a).await;
    overview(&server, &b).await;
    // Each shop got its own exchange; each Admin call used that shop's token
    // (the stand-in records a violation otherwise, checked by `finish`).
    assert_eq!(server.standin.with(|s| s.exchanges.clone()), vec![a.clone(), b.clone()]);
    let storage = storage(&server.db).await;
    let (sa, sb) = (Shop::parse(&a).unwrap(), Shop::parse(&b).unwrap());
    let ta = storage.session(&sa).await.unwrap().unwrap();
    let tb = storage.session(&sb).await.unwrap().unwrap();
    assert_ne!(ta.access_token, tb.access_token);
    // A ciphertext copied into another shop's row does not decrypt.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&sqlite_rw(&server.db)).await.unwrap();
    sqlx::query(
        "UPDATE sessions SET access_token = (SELECT access_token FROM sessions WHERE shop = $1) WHERE shop = $2",
    )
    .bind(&a)
    .bind(&b)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert!(storage.session(&sb).await.is_err());
    storage.close().await;
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn set_up_creates_a_starter_validation_in_monitor_mode() {
    let server = Server::start("setup").await;
    let shop = shop("setup");
    let token = session_token(&shop);
    let response = server.api("POST", "/api/validations/address/setup", &token).await;
    assert_eq!(response.status(), 200);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["created"], true);
    // What Shopify received: our function's handle, both metafields, safe.
    let input = server.standin.with(|s| s.validations[&shop][0]["input"].clone());
    assert_eq!(input["functionHandle"], "checkout-guard-address");
    assert_eq!(input["blockOnFailure"], false);
    assert_eq!(input["metafields"][0]["namespace"], "$app:checkout-guard");
    assert_eq!(input["metafields"][0]["key"], "config");
    assert_eq!(input["metafields"][1]["key"], "variables");
    let config: Value = serde_json::from_str(input["metafields"][0]["value"].as_str().unwrap()).unwrap();
    assert!(config["rules"].as_array().unwrap().iter().all(|r| r["monitor"] == true));
    let home = overview(&server, &shop).await;
    let address = &home["validations"][1];
    assert_eq!(
        (address["installed"].clone(), address["rules"].clone(), address["monitor"].clone()),
        (json!(true), json!(1), json!(1))
    );
    // Again: nothing new is created.
    let again: Value = server.api("POST", "/api/validations/address/setup", &token).await.json().await.unwrap();
    assert_eq!(again["created"], false);
    assert_eq!(server.standin.with(|s| s.validations[&shop].len()), 1);
    // Unknown function: 404; enable a disabled one.
    assert_eq!(server.api("POST", "/api/validations/shipping/setup", &token).await.status(), 404);
    server.standin.with(|s| s.validations.get_mut(&shop).unwrap()[0]["enabled"] = json!(false));
    assert_eq!(server.api("POST", "/api/validations/address/enable", &token).await.status(), 200);
    assert_eq!(server.standin.with(|s| s.validations[&shop][0]["enabled"].clone()), json!(true));
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn throttled_calls_back_off_and_succeed() {
    let server = Server::start("throttle").await;
    let shop = shop("thr");
    server.standin.with(|s| s.throttle_next = 2);
    overview(&server, &shop).await;
    assert_eq!(server.standin.with(|s| s.graphql.len()), 3);
    // Shopify down: 502, never a stack trace or a token.
    server.standin.with(|s| s.fail_graphql_with = Some(500));
    let response = server.api("GET", "/api/validations", &session_token(&shop)).await;
    assert_eq!(response.status(), 502);
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn uninstall_deletes_sessions_and_shop_redact_purges_the_shop() {
    let server = Server::start("lifecycle").await;
    let shop = shop("life");
    overview(&server, &shop).await;
    let storage = storage(&server.db).await;
    let parsed = Shop::parse(&shop).unwrap();
    assert_eq!(storage.rows_of(&parsed).await.unwrap(), (1, 1));
    // A late retry of an uninstall triggered before this session: kept.
    assert_eq!(server.webhook(&delivery("app/uninstalled", &shop, now_ms() - 60_000, SECRET)).await, 200);
    assert_eq!(storage.rows_of(&parsed).await.unwrap(), (1, 1));
    let uninstall = delivery("app/uninstalled", &shop, now_ms() + 1000, SECRET);
    assert_eq!(server.webhook(&uninstall).await, 200);
    assert_eq!(storage.rows_of(&parsed).await.unwrap(), (1, 0));
    assert_eq!(server.webhook(&uninstall).await, 200, "a duplicate");
    for topic in ["customers/data_request", "customers/redact"] {
        assert_eq!(server.webhook(&delivery(topic, &shop, now_ms(), SECRET)).await, 200);
    }
    let redact = delivery("shop/redact", &shop, now_ms() + 2000, SECRET);
    assert_eq!(server.webhook(&redact).await, 200);
    assert_eq!(storage.rows_of(&parsed).await.unwrap(), (0, 0));
    assert_eq!(server.webhook(&redact).await, 200, "a duplicate");
    storage.close().await;
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_schema_has_no_column_for_customer_data() {
    let server = Server::start("schema").await;
    let storage = storage(&server.db).await;
    let columns = storage.columns().await.unwrap();
    let expected = [
        "schema_migrations.applied_ms",
        "schema_migrations.version",
        "sessions.access_expires_at",
        "sessions.access_token",
        "sessions.id",
        "sessions.refresh_expires_at",
        "sessions.refresh_token",
        "sessions.scopes",
        "sessions.shop",
        "sessions.updated_ms",
        "shops.installed_ms",
        "shops.scopes",
        "shops.scopes_changed_ms",
        "shops.shop",
    ];
    assert_eq!(columns, expected);
    for column in &columns {
        for word in ["email", "phone", "address", "name", "customer", "order", "cart", "payload", "ip"] {
            assert!(!column.split('.').nth(1).unwrap().contains(word), "{column}");
        }
    }
    storage.close().await;
    server.finish();
}

/// Xorshift: a repeatable shuffle without a dependency.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

/// 1,000 deliveries: 20 shops, every topic, duplicates, shuffled order.
/// Returns them with the rows each shop must end with.
async fn plan_deliveries(
    server: &Server,
    tag: &str,
    count: usize,
) -> (Vec<Delivery>, Vec<(Shop, (i64, i64), Option<String>)>) {
    let storage = storage(&server.db).await;
    let base = now_ms() + 5_000;
    let mut deliveries = Vec::new();
    let mut expected = Vec::new();
    for n in 0..20 {
        let shop = shop(&format!("{tag}{n}"));
        let parsed = Shop::parse(&shop).unwrap();
        storage
            .save_session(&Session {
                shop: parsed.clone(),
                access_token: format!("shpat_seed_{n}"),
                access_expires_at: Some(now() + 3600),
                refresh_token: Some(format!("shprt_seed_{n}")),
                refresh_expires_at: Some(now() + 86_400),
                scopes: "write_validations".into(),
            })
            .await
            .unwrap();
        let mut scopes_final = None;
        let rows = match n % 4 {
            0 => {
                deliveries.push(delivery("app/uninstalled", &shop, base, SECRET));
                (1, 0)
            }
            1 => {
                deliveries.push(delivery("app/uninstalled", &shop, base, SECRET));
                deliveries.push(delivery("shop/redact", &shop, base + 10, SECRET));
                (0, 0)
            }
            2 => {
                // Three scope changes; the newest must win whatever the order.
                for (k, scopes) in
                    ["write_validations,read_products", "write_validations", "write_validations,read_orders"]
                        .iter()
                        .enumerate()
                {
                    let mut d = delivery("app/scopes_update", &shop, base + k as i64 * 100, SECRET);
                    let current: Vec<&str> = scopes.split(',').collect();
                    d.body = json!({"id": 1, "current": current, "previous": []}).to_string().into_bytes();
                    d.hmac = Some(checkout_guard_server::signature::webhook_header(SECRET, &d.body));
                    deliveries.push(d);
                }
                scopes_final = Some("write_validations,read_orders".to_string());
                (1, 1)
            }
            _ => (1, 1),
        };
        deliveries.push(delivery("customers/data_request", &shop, base, SECRET));
        deliveries.push(delivery("customers/redact", &shop, base, SECRET));
        expected.push((parsed, rows, scopes_final));
    }
    // Duplicates up to `count`, then shuffled.
    let unique = deliveries.len();
    let mut i = 0;
    while deliveries.len() < count {
        deliveries.push(deliveries[i % unique].clone());
        i += 7;
    }
    shuffle(&mut deliveries, 0x9E37_79B9_7F4A_7C15);
    storage.close().await;
    (deliveries, expected)
}

async fn assert_rows(db: &str, expected: &[(Shop, (i64, i64), Option<String>)]) {
    let storage = storage(db).await;
    for (shop, rows, scopes) in expected {
        assert_eq!(storage.rows_of(shop).await.unwrap(), *rows, "{shop}");
        if let Some(scopes) = scopes {
            assert_eq!(storage.shop_scopes(shop).await.unwrap().as_deref(), Some(scopes.as_str()), "{shop}");
        }
    }
    storage.close().await;
}

async fn deliver_all(server: &Server, deliveries: &[Delivery]) -> Vec<u16> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, d) in deliveries.iter().cloned().enumerate() {
        let http = server.http.clone();
        let url = server.url("/webhooks");
        tasks.spawn(async move {
            let response = http
                .post(url)
                .header("X-Shopify-Topic", &d.topic)
                .header("X-Shopify-Shop-Domain", &d.shop)
                .header("X-Shopify-Triggered-At", &d.triggered_at)
                .header("X-Shopify-Webhook-Id", &d.id)
                .header("X-Shopify-Hmac-Sha256", d.hmac.clone().unwrap_or_default())
                .body(d.body.clone())
                .send()
                .await;
            (i, response.map(|r| r.status().as_u16()).unwrap_or(599))
        });
    }
    let mut statuses = vec![0; deliveries.len()];
    while let Some(done) = tasks.join_next().await {
        let (i, status) = done.unwrap();
        statuses[i] = status;
    }
    statuses
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_parallel_deliveries_converge() {
    let server = Server::start("parallel").await;
    let (deliveries, expected) = plan_deliveries(&server, "par", 1000).await;
    let statuses = deliver_all(&server, &deliveries).await;
    assert!(
        statuses.iter().all(|s| *s == 200),
        "not all 200: {:?}",
        statuses.iter().filter(|s| **s != 200).collect::<Vec<_>>()
    );
    assert_rows(&server.db, &expected).await;
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_in_the_middle_loses_nothing() {
    let mut server = Server::start("restart").await;
    let shop_kept = shop("kept");
    overview(&server, &shop_kept).await;
    let (deliveries, expected) = plan_deliveries(&server, "rst", 400).await;
    // Crash the server while deliveries are in flight.
    let killer = {
        let pid = server.child.id();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            let _ = std::process::Command::new("kill").arg("-9").arg(pid.to_string()).status();
        })
    };
    let statuses = deliver_all(&server, &deliveries).await;
    killer.await.unwrap();
    let logs = server.kill();
    assert_private(&logs);
    // Shopify retries whatever was not answered 200, on the new instance.
    let standin = server.standin.clone();
    let db = server.db.clone();
    drop(server);
    let server = Server::start_on(db, standin).await;
    let retries: Vec<Delivery> =
        deliveries.iter().zip(&statuses).filter(|(_, s)| **s != 200).map(|(d, _)| d.clone()).collect();
    let again = deliver_all(&server, &retries).await;
    assert!(again.iter().all(|s| *s == 200));
    assert_rows(&server.db, &expected).await;
    // The session stored before the crash is still there: no new exchange.
    overview(&server, &shop_kept).await;
    assert_eq!(server.standin.with(|s| s.exchanges.len()), 1);
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_database_unavailable_answers_503_and_keeps_no_partial_state() {
    let server = Server::start("unavailable").await;
    let shop = shop("down");
    overview(&server, &shop).await;
    let parsed = Shop::parse(&shop).unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&sqlite_rw(&server.db)).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    // Another client holds the tables: the server's writes cannot proceed.
    if is_postgres() {
        sqlx::query("BEGIN").execute(&mut *conn).await.unwrap();
        sqlx::query("LOCK TABLE sessions, shops IN ACCESS EXCLUSIVE MODE").execute(&mut *conn).await.unwrap();
    } else {
        sqlx::query("BEGIN EXCLUSIVE").execute(&mut *conn).await.unwrap();
    }
    let redact = delivery("shop/redact", &shop, now_ms() + 1000, SECRET);
    assert_eq!(server.webhook(&redact).await, 503);
    // Readers still get through (WAL; PostgreSQL MVCC): the instance stays in rotation.
    assert_eq!(server.http.get(server.url("/healthz")).send().await.unwrap().status(), 200);
    sqlx::query("ROLLBACK").execute(&mut *conn).await.unwrap();
    drop(conn);
    pool.close().await;
    let storage = storage(&server.db).await;
    assert_eq!(storage.rows_of(&parsed).await.unwrap(), (1, 1), "nothing half-deleted");
    // Shopify's retry succeeds.
    assert_eq!(server.webhook(&redact).await, 200);
    assert_eq!(storage.rows_of(&parsed).await.unwrap(), (0, 0));
    storage.close().await;
    server.finish();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_home_sets_no_cookie_and_frames_only_in_the_admin() {
    let server = Server::start("home").await;
    let shop = shop("home");
    let page = server.http.get(server.url(&format!("/?shop={shop}&host=abc&embedded=1"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.starts_with(&format!("frame-ancestors https://{shop} https://admin.shopify.com;")), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("<meta name=\"shopify-api-key\" content=\"{API_KEY}\">")));
    assert!(html.contains("https://cdn.shopify.com/shopifycloud/app-bridge.js"));
    // A shop that is not one does not reach the header.
    let evil = server.http.get(server.url("/?shop=evil.com%20https://attacker.example")).send().await.unwrap();
    let csp = evil.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.starts_with("frame-ancestors https://admin.shopify.com;"), "{csp}");
    for path in
        ["/", "/assets/home.js", "/assets/home.css", "/assets/locales/en.json", "/assets/locales/fr.json", "/healthz"]
    {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
    }
    for path in
        ["/assets/..%2Fsrc%2Fmain.rs", "/assets/locales/de.json", "/assets/locales/..%2F..%2FCargo.toml", "/nope"]
    {
        assert_eq!(server.http.get(server.url(path)).send().await.unwrap().status(), 404, "{path}");
    }
    server.finish();
}
