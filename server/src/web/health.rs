//! Health checks for load balancers and orchestrators.

use crate::state::AppState;
use axum::{extract::State, http::StatusCode};

/// The process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers and its booking writer runs.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.store.writer_running() {
        tracing::error!("readiness check failed: the booking writer has stopped");
        return (StatusCode::SERVICE_UNAVAILABLE, "booking writer stopped");
    }
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(error = %error, "readiness check failed: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
