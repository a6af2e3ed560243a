//! Checkout Guard's app server: what makes the app installable from the App
//! Store. It verifies App Bridge session tokens, keeps each shop's expiring
//! offline token (token exchange, refresh), answers Shopify's webhooks
//! (uninstall, scopes, the three compliance topics) and serves the app home.
//!
//! It stores shops and sessions, nothing else: rules live in the
//! validations' metafields on Shopify, and no customer data is ever held.
//!
//! One module per concern; the protocol rules (`session_token`,
//! `signature`, `shop`, `crypto`, `shopify::backoff`, `auth::plan`,
//! `webhooks::parse_rfc3339_ms`) are plain functions tested without a server.

pub mod admin;
pub mod api;
pub mod app;
pub mod auth;
pub mod config;
pub mod crypto;
pub mod error;
pub mod home;
pub mod locks;
pub mod session_token;
pub mod shop;
pub mod shopify;
pub mod signature;
pub mod storage;
pub mod webhooks;

pub use app::{router, AppState};
pub use config::Config;
