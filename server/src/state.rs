//! What every handler can reach: the store and the services on it, and the deployment's keys.

use crate::{
    accounts::Staff, booking::service::BookingDesk, crypto::DataCipher,
    directory::service::Directory, policy::PolicyRegistry, proxies::TrustedProxies, store::Store,
};
use app::api::directory::MapSettings;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub policies: Arc<PolicyRegistry>,
    pub desk: BookingDesk,
    pub directory: Directory,
    /// The map on the finding pages (none in tests unless set).
    pub map: Option<MapSettings>,
    /// Staff sign-in, sessions and the audit trail.
    pub staff: Staff,
    /// The deployment's keys: personal data and the visitor's booking pass.
    pub cipher: DataCipher,
    /// The reverse proxies whose forwarded headers are believed (none by default).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// `Strict-Transport-Security` max-age on answers over HTTPS; 0 sends none.
    pub hsts_seconds: u32,
}

impl AppState {
    /// The state for a store; `cipher` seals and hashes personal data with the deployment's key.
    pub fn new(leptos_options: LeptosOptions, store: Store, cipher: DataCipher) -> AppState {
        let policies =
            PolicyRegistry::new().expect("the shipped policy files pass their check (tested)");
        let desk = BookingDesk::new(store.clone(), cipher.clone());
        AppState {
            leptos_options,
            directory: Directory::new(store.clone(), desk.clone()),
            map: None,
            desk,
            store: store.clone(),
            policies: Arc::new(policies),
            staff: Staff::new(store.clone(), cipher.clone()),
            cipher,
            trusted_proxies: Arc::new(TrustedProxies::default()),
            hsts_seconds: crate::config::DEFAULT_HSTS_SECONDS,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}
