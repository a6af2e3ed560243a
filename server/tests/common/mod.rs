//! The harness: the real server binary on 127.0.0.1, and a stand-in for
//! Shopify's token endpoint and Admin GraphQL that checks every request it
//! receives (credentials, grant, body, which shop's token) and records any
//! violation. Each test ends with [`Server::finish`]: no violation, and none
//! of the secrets or payload markers in the server's logs.
#![allow(dead_code)]

pub mod standin;
pub use standin::*;

use axum::http::StatusCode;
use checkout_guard_server::crypto::TokenCipher;
use checkout_guard_server::session_token;
use checkout_guard_server::signature;
use checkout_guard_server::storage::Storage;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Strings that must never reach a log line: customer data in webhook
/// payloads (below), and every token prefix.
pub const NEVER_LOGGED: &[&str] =
    &["shpat_", "shprt_", "eyJ", SECRET, "buyer@example.com", "+1-555-0100", "42 Wallaby Way", "Ada Lovelace"];

/// A shop unique to this test run (PostgreSQL runs share one database).
pub fn shop(name: &str) -> String {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{name}-{}-{n}-{}.myshopify.com", std::process::id(), now() % 100_000)
}

pub fn session_token(shop: &str) -> String {
    session_token::sign(&session_token::claims_for(shop, API_KEY, now()), SECRET)
}

/// The database of this run: `TEST_DATABASE_URL` (PostgreSQL, set by
/// server/test/postgres.sh) or a fresh SQLite file.
pub fn database_url(test: &str) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            let dir = std::env::temp_dir().join(format!("cg-server-{}-{test}-{}", std::process::id(), now()));
            format!("sqlite://{}/guard.db", dir.display())
        }
    }
}

pub fn is_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").map(|u| u.starts_with("postgres")).unwrap_or(false)
}

pub async fn storage(url: &str) -> Storage {
    Storage::open(url, TokenCipher::new(&KEY)).await.unwrap()
}

// ---- the server process -------------------------------------------------

pub struct Server {
    pub child: Child,
    pub base: String,
    pub db: String,
    pub logs: Arc<Mutex<String>>,
    pub standin: StandIn,
    pub http: reqwest::Client,
}

pub fn server_command(db: &str, standin: &StandIn) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_checkout-guard-server"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SHOPIFY_API_KEY", API_KEY)
        .env("SHOPIFY_API_SECRET", SECRET)
        .env("SHOPIFY_APP_URL", "http://127.0.0.1")
        .env("TOKEN_ENCRYPTION_KEY", KEY_B64)
        .env("DATABASE_URL", db)
        .env("HOST", "127.0.0.1")
        .env("PORT", "0")
        .env("SHOPIFY_SHOP_ORIGIN", &standin.origin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

impl Server {
    pub async fn start(test: &str) -> Server {
        let standin = StandIn::start().await;
        Server::start_on(database_url(test), standin).await
    }

    pub async fn start_on(db: String, standin: StandIn) -> Server {
        let mut child = server_command(&db, &standin).spawn().expect("the server binary starts");
        let stderr = child.stderr.take().unwrap();
        let logs = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = logs.clone();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent {
                    if let Some(address) = line.split("address=").nth(1) {
                        let _ = tx.send(address.split_whitespace().next().unwrap_or("").to_string());
                        sent = true;
                    }
                }
                let mut logs = sink.lock().unwrap();
                logs.push_str(&line);
                logs.push('\n');
            }
        });
        let address = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(address) => address,
            Err(_) => panic!("the server did not start: {}", logs.lock().unwrap()),
        };
        let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
        Server { child, base: format!("http://{address}"), db, logs, standin, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn api(&self, method: &str, path: &str, token: &str) -> reqwest::Response {
        let request = match method {
            "POST" => self.http.post(self.url(path)),
            _ => self.http.get(self.url(path)),
        };
        request.header("Authorization", format!("Bearer {token}")).send().await.unwrap()
    }

    pub async fn webhook(&self, delivery: &Delivery) -> StatusCode {
        let mut request = self
            .http
            .post(self.url("/webhooks"))
            .header("Content-Type", "application/json")
            .header("X-Shopify-Topic", &delivery.topic)
            .header("X-Shopify-Shop-Domain", &delivery.shop)
            .header("X-Shopify-API-Version", "2026-04")
            .header("X-Shopify-Webhook-Id", &delivery.id)
            .header("X-Shopify-Triggered-At", &delivery.triggered_at);
        if let Some(hmac) = &delivery.hmac {
            request = request.header("X-Shopify-Hmac-Sha256", hmac);
        }
        match request.body(delivery.body.clone()).send().await {
            Ok(response) => StatusCode::from_u16(response.status().as_u16()).unwrap(),
            Err(_) => StatusCode::from_u16(599).unwrap(),
        }
    }

    /// Kills the process (as a crash would) and returns its logs.
    pub fn kill(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.logs.lock().unwrap().clone()
    }

    /// Ends the test: the stand-in saw no violation; the logs hold no secret.
    pub fn finish(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::thread::sleep(Duration::from_millis(50));
        let logs = self.logs.lock().unwrap().clone();
        assert_private(&logs);
        let violations = self.standin.with(|s| s.violations.clone());
        assert!(violations.is_empty(), "the stand-in saw: {violations:#?}");
        logs
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn assert_private(logs: &str) {
    for secret in NEVER_LOGGED {
        assert!(!logs.contains(secret), "the logs contain {secret:?}:\n{logs}");
    }
}

// ---- webhook deliveries -------------------------------------------------

#[derive(Clone, Debug)]
pub struct Delivery {
    pub topic: String,
    pub shop: String,
    pub id: String,
    pub triggered_at: String,
    pub body: Vec<u8>,
    pub hmac: Option<String>,
}

/// An RFC 3339 time `offset_ms` from now.
pub fn rfc3339(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let (days, rem) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // civil_from_days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", rem / 3600, rem % 3600 / 60, rem % 60, ms.rem_euclid(1000))
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

/// A delivery as Shopify would send it, signed with `secret`, with customer
/// data in the payload where the topic has some (it must never be logged).
pub fn delivery(topic: &str, shop: &str, triggered_ms: i64, secret: &str) -> Delivery {
    let body = match topic {
        "app/scopes_update" => {
            json!({"id": 1, "previous": ["write_validations"], "current": ["write_validations"], "updated_at": rfc3339(triggered_ms)})
        }
        "customers/data_request" | "customers/redact" => json!({
            "shop_id": 954889, "shop_domain": shop,
            "customer": {"id": 191167, "email": "buyer@example.com", "phone": "+1-555-0100"},
            "orders_requested": [299938], "data_request": {"id": 9999},
            "address": "42 Wallaby Way", "name": "Ada Lovelace"}),
        "shop/redact" => json!({"shop_id": 954889, "shop_domain": shop}),
        _ => {
            json!({"id": 954889, "name": "Ada Lovelace", "email": "buyer@example.com", "domain": shop, "myshopify_domain": shop})
        }
    };
    let body = body.to_string().into_bytes();
    let hmac = Some(signature::webhook_header(secret, &body));
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let id = format!("wh-{}", N.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    Delivery { topic: topic.into(), shop: shop.into(), id, triggered_at: rfc3339(triggered_ms), body, hmac }
}

pub async fn wait_until(mut ready: impl FnMut() -> bool, timeout: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}
