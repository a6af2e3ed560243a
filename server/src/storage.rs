//! Storage: shops and their offline sessions, on SQLite (the embedded
//! default) or PostgreSQL, through one code path (`sqlx::Any`, portable SQL
//! with `$n` parameters). Tokens are sealed before they reach a row.
//!
//! Every write is one statement or one transaction, so a failure leaves no
//! partial state; webhooks' writes are idempotent and ordered by Shopify's
//! trigger time, so retries and out-of-order deliveries converge.

use crate::crypto::{DecryptError, TokenCipher};
use crate::shop::Shop;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::time::Duration;
use thiserror::Error;

/// The migrations, in order; applied at start, each once.
const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("../migrations/0001_shops_and_sessions.sql"))];

/// Every table the app creates (the schema test reads their columns back).
pub const TABLES: &[&str] = &["shops", "sessions", "schema_migrations"];

#[derive(Debug, Error)]
pub enum StorageError {
    /// The database cannot be reached or answered with an error: the caller
    /// answers 503 so that Shopify retries.
    #[error("the database is unavailable ({0})")]
    Unavailable(&'static str),
    #[error(transparent)]
    Decrypt(#[from] DecryptError),
    #[error("cannot create the SQLite directory {0}")]
    Directory(String),
}

impl From<sqlx::Error> for StorageError {
    // Only the error's kind: a database message can quote a value.
    fn from(error: sqlx::Error) -> StorageError {
        StorageError::Unavailable(match error {
            sqlx::Error::PoolTimedOut => "timed out waiting for a connection",
            sqlx::Error::PoolClosed => "pool closed",
            sqlx::Error::Io(_) => "I/O error",
            sqlx::Error::Tls(_) => "TLS error",
            sqlx::Error::Database(_) => "database error",
            sqlx::Error::Protocol(_) => "protocol error",
            sqlx::Error::Configuration(_) => "configuration error",
            _ => "driver error",
        })
    }
}

/// An offline session, its tokens in the clear (memory only).
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub shop: Shop,
    pub access_token: String,
    /// Seconds since the epoch; `None` for a non-expiring token.
    pub access_expires_at: Option<i64>,
    pub refresh_token: Option<String>,
    pub refresh_expires_at: Option<i64>,
    pub scopes: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("shop", &self.shop)
            .field("access_expires_at", &self.access_expires_at)
            .field("refresh_expires_at", &self.refresh_expires_at)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct Storage {
    pool: AnyPool,
    cipher: TokenCipher,
    postgres: bool,
}

fn session_id(shop: &Shop) -> String {
    format!("offline_{shop}")
}

impl Storage {
    /// Connects (creating the SQLite file and its directory when missing)
    /// and applies the migrations.
    pub async fn open(url: &str, cipher: TokenCipher) -> Result<Storage, StorageError> {
        sqlx::any::install_default_drivers();
        let postgres = url.starts_with("postgres");
        let url = if postgres { url.to_string() } else { prepare_sqlite(url)? };
        let pool = AnyPoolOptions::new()
            .max_connections(if postgres { 10 } else { 4 })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // WAL: readers never wait for the writer; writers
                        // wait for each other up to the busy timeout.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    } else {
                        // A statement waiting on a lock fails instead of
                        // hanging: the webhook answers 503 and Shopify retries.
                        conn.execute("SET statement_timeout = 5000").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let storage = Storage { pool, cipher, postgres };
        storage.migrate().await?;
        Ok(storage)
    }

    async fn migrate(&self) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        if self.postgres {
            // Several instances may start at once: one migrates at a time.
            tx.execute("SELECT pg_advisory_xact_lock(7316021)").await?;
        }
        tx.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)",
        )
        .await?;
        for (version, sql) in MIGRATIONS {
            let applied: Option<AnyRow> = sqlx::query("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(*version)
                .fetch_optional(&mut *tx)
                .await?;
            if applied.is_some() {
                continue;
            }
            for statement in sql.split(';').map(strip_comments).filter(|s| !s.is_empty()) {
                tx.execute(statement.as_str()).await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)")
                .bind(*version)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// Answers when the database does (the readiness probe).
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The session's access and refresh tokens, sealed for its shop's row.
    fn seal_tokens(&self, session: &Session) -> Result<(String, Option<String>), StorageError> {
        let shop = session.shop.as_str();
        let access = self.cipher.seal(&session.access_token, shop)?;
        let refresh = session.refresh_token.as_deref().map(|token| self.cipher.seal(token, shop)).transpose()?;
        Ok((access, refresh))
    }

    /// Stores a shop's offline session (and the shop), replacing the
    /// previous one, in one transaction.
    pub async fn save_session(&self, session: &Session) -> Result<(), StorageError> {
        let shop = session.shop.as_str();
        let (access, refresh) = self.seal_tokens(session)?;
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO shops (shop, scopes, scopes_changed_ms, installed_ms) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (shop) DO UPDATE SET scopes = excluded.scopes, \
             installed_ms = CASE WHEN EXISTS (SELECT 1 FROM sessions WHERE sessions.shop = excluded.shop) \
             THEN shops.installed_ms ELSE excluded.installed_ms END",
        )
        .bind(shop)
        .bind(&session.scopes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO sessions (id, shop, access_token, access_expires_at, refresh_token, refresh_expires_at, scopes, updated_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (id) DO UPDATE SET access_token = excluded.access_token, \
             access_expires_at = excluded.access_expires_at, refresh_token = excluded.refresh_token, \
             refresh_expires_at = excluded.refresh_expires_at, scopes = excluded.scopes, updated_ms = excluded.updated_ms",
        )
        .bind(session_id(&session.shop))
        .bind(shop)
        .bind(access)
        .bind(session.access_expires_at)
        .bind(refresh)
        .bind(session.refresh_expires_at)
        .bind(&session.scopes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The shop's offline session, decrypted. Only ever looked up by the
    /// shop of a verified session token.
    pub async fn session(&self, shop: &Shop) -> Result<Option<Session>, StorageError> {
        Ok(self.session_versioned(shop).await?.map(|(session, _)| session))
    }

    /// The session and its version (`updated_ms`), for [`Storage::replace_session`].
    pub async fn session_versioned(&self, shop: &Shop) -> Result<Option<(Session, i64)>, StorageError> {
        let row = sqlx::query(
            "SELECT access_token, access_expires_at, refresh_token, refresh_expires_at, scopes, updated_ms FROM sessions WHERE id = $1 AND shop = $2",
        )
        .bind(session_id(shop))
        .bind(shop.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let sealed_access: String = row.try_get("access_token")?;
        let sealed_refresh: Option<String> = row.try_get("refresh_token")?;
        let refresh_token = match sealed_refresh {
            Some(sealed) => Some(self.cipher.open(&sealed, shop.as_str())?),
            None => None,
        };
        let session = Session {
            shop: shop.clone(),
            access_token: self.cipher.open(&sealed_access, shop.as_str())?,
            access_expires_at: row.try_get("access_expires_at")?,
            refresh_token,
            refresh_expires_at: row.try_get("refresh_expires_at")?,
            scopes: row.try_get("scopes")?,
        };
        Ok(Some((session, row.try_get("updated_ms")?)))
    }

    /// Replaces a session only if it is still the version that was read (a
    /// refresh never writes back a session that an uninstall deleted or that
    /// another request replaced meanwhile). Returns whether it did.
    pub async fn replace_session(&self, session: &Session, version: i64) -> Result<bool, StorageError> {
        let shop = session.shop.as_str();
        let (access, refresh) = self.seal_tokens(session)?;
        let done = sqlx::query(
            "UPDATE sessions SET access_token = $3, access_expires_at = $4, refresh_token = $5, refresh_expires_at = $6, \
             scopes = $7, updated_ms = $8 WHERE id = $1 AND shop = $2 AND updated_ms = $9",
        )
        .bind(session_id(&session.shop))
        .bind(shop)
        .bind(access)
        .bind(session.access_expires_at)
        .bind(refresh)
        .bind(session.refresh_expires_at)
        .bind(&session.scopes)
        .bind(now_ms().max(version + 1))
        .bind(version)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Drops the shop's session (its token was refused or cannot be read):
    /// the next session token is exchanged for a new one.
    pub async fn forget_session(&self, shop: &Shop) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(session_id(shop)).execute(&self.pool).await?;
        Ok(())
    }

    /// `app/uninstalled`: deletes the shop's sessions stored before Shopify
    /// triggered the webhook (a late retry never deletes the session of a
    /// later reinstall). Returns how many went.
    pub async fn delete_sessions(&self, shop: &Shop, triggered_ms: i64) -> Result<u64, StorageError> {
        let done = sqlx::query("DELETE FROM sessions WHERE shop = $1 AND updated_ms <= $2")
            .bind(shop.as_str())
            .bind(triggered_ms)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// `app/scopes_update`: the granted scopes, unless a newer change was
    /// already applied.
    pub async fn update_scopes(&self, shop: &Shop, scopes: &str, triggered_ms: i64) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE shops SET scopes = $2, scopes_changed_ms = $3 WHERE shop = $1 AND scopes_changed_ms < $3",
        )
        .bind(shop.as_str())
        .bind(scopes)
        .bind(triggered_ms)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            sqlx::query("UPDATE sessions SET scopes = $2 WHERE shop = $1")
                .bind(shop.as_str())
                .bind(scopes)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// `shop/redact`: every row of the shop written before Shopify triggered
    /// it (a late retry never purges a later reinstall), in one transaction.
    pub async fn purge_shop(&self, shop: &Shop, triggered_ms: i64) -> Result<u64, StorageError> {
        let mut tx = self.pool.begin().await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE shop = $1 AND updated_ms <= $2")
            .bind(shop.as_str())
            .bind(triggered_ms)
            .execute(&mut *tx)
            .await?;
        let shops = sqlx::query("DELETE FROM shops WHERE shop = $1 AND installed_ms <= $2")
            .bind(shop.as_str())
            .bind(triggered_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(sessions.rows_affected() + shops.rows_affected())
    }

    /// The scopes the shop granted, when it is known.
    pub async fn shop_scopes(&self, shop: &Shop) -> Result<Option<String>, StorageError> {
        let row = sqlx::query("SELECT scopes FROM shops WHERE shop = $1")
            .bind(shop.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("scopes")?),
            None => None,
        })
    }

    /// Rows per table held for `shop` (tests and the purge's log line).
    pub async fn rows_of(&self, shop: &Shop) -> Result<(i64, i64), StorageError> {
        let count = |table: &'static str| {
            let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE shop = $1");
            let pool = self.pool.clone();
            let shop = shop.as_str().to_string();
            async move {
                let row = sqlx::query(&sql).bind(shop).fetch_one(&pool).await?;
                Ok::<i64, StorageError>(row.try_get("n")?)
            }
        };
        Ok((count("shops").await?, count("sessions").await?))
    }

    /// Every column of the app's tables, as `table.column` (schema test).
    pub async fn columns(&self) -> Result<Vec<String>, StorageError> {
        let mut out = Vec::new();
        for table in TABLES {
            let sql = if self.postgres {
                "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()"
            } else {
                "SELECT name FROM pragma_table_info($1)"
            };
            for row in sqlx::query(sql).bind(*table).fetch_all(&self.pool).await? {
                let name: String = row.try_get("name")?;
                out.push(format!("{table}.{name}"));
            }
        }
        out.sort();
        Ok(out)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn strip_comments(statement: &str) -> String {
    statement
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `sqlite://PATH` → creates PATH's directory and opens read-write-create.
fn prepare_sqlite(url: &str) -> Result<String, StorageError> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|_| StorageError::Directory(dir.display().to_string()))?;
        }
    }
    Ok(if rest.contains("mode=") {
        format!("sqlite://{rest}")
    } else if rest.contains('?') {
        format!("sqlite://{rest}&mode=rwc")
    } else {
        format!("sqlite://{rest}?mode=rwc")
    })
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

pub fn now_seconds() -> i64 {
    now_ms() / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls() {
        assert_eq!(prepare_sqlite("sqlite::memory:").unwrap(), "sqlite://:memory:?mode=rwc");
        let dir = std::env::temp_dir().join(format!("cg-storage-{}", std::process::id()));
        let url = format!("sqlite://{}/x/guard.db", dir.display());
        assert!(prepare_sqlite(&url).unwrap().ends_with("guard.db?mode=rwc"));
        assert!(dir.join("x").is_dir());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn migrations_split_into_statements() {
        let statements: Vec<String> =
            MIGRATIONS[0].1.split(';').map(strip_comments).filter(|s| !s.is_empty()).collect();
        assert_eq!(statements.len(), 3);
        assert!(statements.iter().all(|s| !s.contains("--")));
    }
}
