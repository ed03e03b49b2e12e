//! Pure domain rules and types: no leptos, sqlx or axum here. Runs in the browser and on the server.

pub mod prefs;
pub mod region;
