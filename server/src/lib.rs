//! Bianmin's server: configuration, storage, the web app and the JSON API.

pub mod booking;
pub mod commands;
pub mod config;
pub mod crypto;
pub mod keys;
pub mod policy;
pub mod rest;
pub mod services;
pub mod store;
pub mod telemetry;
pub mod web;

use anyhow::Context;
use config::Config;
use store::Store;

/// Opens the store, applies migrations and loads sample data when it is the first start.
pub async fn prepare_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::open(&config.database_url)
        .await
        .context("cannot open the database")?;
    store
        .migrate()
        .await
        .context("cannot apply database migrations")?;
    if config.sample_data {
        let loaded = store
            .load_sample_data()
            .await
            .context("cannot load sample data")?;
        if loaded > 0 {
            tracing::info!(data_sets = loaded, "sample data loaded");
        }
    }
    Ok(store)
}

/// Runs the server until SIGTERM or Ctrl-C, then finishes the requests in flight and closes the store.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let store = prepare_store(&config).await?;
    let options = web::leptos_options(config.listen)?;
    let state = web::AppState::new(
        options,
        store.clone(),
        crypto::DataCipher::new(&config.keys.data),
    );
    let app = web::router(state);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    tracing::info!(address = %config.listen, database = store.backend_name(), "serving");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("server failed")?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
