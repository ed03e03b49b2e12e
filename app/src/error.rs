//! One error type at the edges: what a page or server function can fail with, safe to show users.

use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};
use server_fn_error::*;

pub use crate::domain::FieldError;

/// Errors users may see. Internal details never leave the server: only a reference number does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid { fields: Vec<FieldError> },
    #[error("internal error, reference {reference}")]
    Internal { reference: String },
}

impl AppError {
    pub fn status_code(&self) -> http::StatusCode {
        match self {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => http::StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal { .. } => http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short message for users, in their language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::NotFound => locale.t(Msg::ResourceNotFound).to_string(),
            AppError::Invalid { .. } => locale.t(Msg::InputInvalid).to_string(),
            AppError::Internal { .. } => locale.t(Msg::InternalError).to_string(),
        }
    }

    /// Logs an internal failure with its context and a fresh reference number, and returns the
    /// error users see (the apology with that reference).
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, error: impl std::fmt::Display) -> AppError {
        let reference = new_reference();
        tracing::error!(%reference, context, error = %error, "internal error");
        AppError::Internal { reference }
    }
}

/// A reference number for an incident: 10 characters from an alphabet without look-alikes, so a
/// caller can read it to the hotline.
#[cfg(feature = "ssr")]
pub fn new_reference() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..10)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

mod server_fn_error {
    pub use leptos::server_fn::codec::JsonEncoding;
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Invalid { fields: Vec::new() }
            }
            other => {
                #[cfg(feature = "ssr")]
                {
                    AppError::internal("server function", other)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = other;
                    AppError::Internal {
                        reference: String::new(),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_http_status() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::Invalid { fields: vec![] }.status_code(), 422);
        assert_eq!(
            AppError::Internal {
                reference: "R".into()
            }
            .status_code(),
            500
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn references_are_readable_and_differ() {
        let a = new_reference();
        let b = new_reference();
        assert_eq!(a.len(), 10);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c)));
        assert!(!a.contains('O') && !a.contains('I'));
        assert_ne!(a, b);
    }
}
