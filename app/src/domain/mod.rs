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

/// A problem with one input field, named so the UI can show the message beside that field (and
/// the API can name the field in its answer).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: crate::i18n::Msg,
}
