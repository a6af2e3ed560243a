-- Checkout Guard stores shops and their offline sessions, nothing else: no
-- column can hold customer data (a test reads the schema back and checks).
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are
-- milliseconds (`*_ms`) or seconds (`*_at`) since the epoch.

CREATE TABLE IF NOT EXISTS shops (
    shop TEXT PRIMARY KEY,
    -- The scopes granted, as Shopify last reported them.
    scopes TEXT NOT NULL,
    -- When Shopify triggered the last scopes change we applied (webhooks may
    -- arrive out of order: an older one never overwrites a newer one).
    scopes_changed_ms BIGINT NOT NULL,
    installed_ms BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
    -- `offline_<shop>`: one offline session per shop.
    id TEXT PRIMARY KEY,
    shop TEXT NOT NULL,
    -- Encrypted (ChaCha20-Poly1305, the shop as associated data).
    access_token TEXT NOT NULL,
    access_expires_at BIGINT,
    refresh_token TEXT,
    refresh_expires_at BIGINT,
    scopes TEXT NOT NULL,
    updated_ms BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS sessions_by_shop ON sessions (shop);
