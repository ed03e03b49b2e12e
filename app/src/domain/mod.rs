//! Pure domain rules and types: no leptos, sqlx or axum here. Runs in the browser and on the server.

pub mod booking;
pub mod date;
pub mod directory;
pub mod eligibility;
pub mod money;
pub mod prefs;
pub mod qr;
pub mod region;
pub mod staff;
