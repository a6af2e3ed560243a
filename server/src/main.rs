//! `checkout-guard-server`: configuration from the environment, storage
//! migrated, then HTTP until SIGINT/SIGTERM.

use checkout_guard_server::config::{redact_database_url, Config};
use checkout_guard_server::{router, AppState};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_target(false).with_ansi(false).with_writer(std::io::stderr).init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("checkout-guard-server: {error}");
            return ExitCode::from(2);
        }
    };
    let (host, port) = (config.host, config.port);
    let database = redact_database_url(&config.database_url);
    let state = match AppState::open(config).await {
        Ok(state) => state,
        Err(error) => {
            eprintln!("checkout-guard-server: DATABASE_URL ({database}): {error}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((host, port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("checkout-guard-server: cannot listen on PORT {port}: {error}");
            return ExitCode::from(2);
        }
    };
    let address = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    // Tests and scripts read this line to learn the port (PORT=0 picks one).
    tracing::info!(%address, database = %database, "listening");
    let storage = state.storage.clone();
    let served = axum::serve(listener, router(state)).with_graceful_shutdown(shutdown()).await;
    storage.close().await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("checkout-guard-server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => {
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
