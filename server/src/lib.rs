//! Bianmin's server: configuration, storage, the web app and the JSON API.

pub mod accounts;
pub mod backend;
pub mod booking;
pub mod clock;
pub mod commands;
pub mod config;
pub mod crypto;
pub mod directory;
pub mod http;
pub mod integrators;
pub mod keys;
pub mod limits;
pub mod policy;
pub mod proxies;
pub mod rest;
pub mod seed;
pub mod sms;
pub mod staff;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod verification;
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

/// The cipher that opens this store's personal data with the configured keys. With keys
/// generated into the data directory, it first finishes a `server keys rotate` that stopped after
/// the database changed (or forgets one that stopped before).
pub async fn open_cipher(config: &Config, store: &Store) -> anyhow::Result<crypto::DataCipher> {
    let next = if config.data_key_in_file {
        keys::Keys::next_in(&config.data_dir)?.map(|next| keys::Keys {
            secret: config.keys.secret.clone(),
            data: next.data,
        })
    } else {
        None
    };
    if let Some(cipher) = store.data_cipher(&config.keys).await? {
        if next.is_some() {
            keys::Keys::discard_next(&config.data_dir)?;
            tracing::warn!(
                "a key rotation stopped before it changed the database; the keys stay as they were"
            );
        }
        return Ok(cipher);
    }
    if let Some(next) = next {
        if let Some(cipher) = store.data_cipher(&next).await? {
            keys::Keys::adopt_next(&config.data_dir)?;
            tracing::warn!("finished a key rotation that stopped after it changed the database");
            return Ok(cipher);
        }
    }
    anyhow::bail!(
        "the data key does not open this database: BIANMIN_DATA_KEY (or data_key in {}) is not \
         the key its personal data was sealed with",
        config.data_dir.join("secrets.toml").display()
    )
}

/// Runs the server until SIGTERM or Ctrl-C, then finishes the requests in flight and closes the store.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    if let Some(start) = config.training_clock {
        clock::start_training_clock(start);
        tracing::warn!(%start, "training server: the clock starts at the configured time, not the real one");
    }
    let store = prepare_store(&config).await?;
    let cipher = open_cipher(&config, &store).await?;
    let options = http::leptos_options(config.listen)?;
    let mut state = state::AppState::new(options, store.clone(), cipher.clone());
    state.map = config.map.clone();
    state.trusted_proxies = std::sync::Arc::new(config.trusted_proxies.clone());
    state.hsts_seconds = config.hsts_seconds;
    state.staff.second_factor = config.second_factor;
    let app = http::router(state);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    tracing::info!(address = %config.listen, database = store.backend_name(), "serving");
    if config.sms == sms::SmsSettings::File {
        tracing::warn!(
            file = %config.data_dir.join("outbox.log").display(),
            "text messages are written to a file, not sent: set BIANMIN_SMS_SENDER for a live service"
        );
    }
    let sender = std::sync::Arc::new(sms::Sender::new(&config.sms, &config.data_dir));
    tokio::spawn(sms::worker::run(store.clone(), cipher, sender));
    tokio::spawn(forget_personal_data_daily(
        store.clone(),
        config.retention_days,
    ));
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

/// Deletes personal data past its use, at start and then once a day.
async fn forget_personal_data_daily(store: Store, retention_days: u32) {
    let mut every_day = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
    loop {
        every_day.tick().await;
        // The real time, not a training clock: a training server pointed at a copy of live data
        // must not delete that copy's bookings early.
        let now = clock::real_now().unix_seconds();
        let before = now - i64::from(retention_days) * 86_400;
        // Cancellation limits look back 180 days by default; keep the hashes that long.
        let keep_strikes_after = now - 366 * 86_400;
        if let Err(error) = store.forget_expired_limits(now).await {
            tracing::error!(%error, "deleting expired limits and codes failed");
        }
        // Staff sessions that have ended (idle or past their lifetime) are deleted too.
        let sessions = app::domain::staff::session::SessionPolicy::default();
        if let Err(error) = store
            .delete_stale_sessions(now - sessions.idle_seconds, now - sessions.lifetime_seconds)
            .await
        {
            tracing::error!(%error, "deleting ended staff sessions failed");
        }
        match store.forget_personal_data(before, keep_strikes_after).await {
            Ok((bookings, messages)) if bookings + messages > 0 => {
                tracing::info!(bookings, messages, "personal data past its use deleted")
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "deleting personal data past its use failed"),
        }
    }
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
