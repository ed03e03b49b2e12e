//! API errors: JSON with a machine code and a message in the caller's language.

use app::{
    error::AppError,
    i18n::{Locale, Msg},
};
use axum::{
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One bad input field.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFieldError {
    /// The parameter or field name as sent.
    pub field: String,
    pub message: String,
}

/// An error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// `not_found`, `invalid_input`, `unauthorized`, `forbidden`, `conflict`, `full`, `refused`,
    /// `already_booked`, `too_many_requests` or `internal`.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ApiFieldError>,
    /// Nearby free times, when a booking's time is full or refused: this office first, then
    /// others in the region.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub alternatives: Vec<app::domain::booking::desk::Alternative>,
    /// Quote this to the operator for internal errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip)]
    pub(crate) status: StatusCode,
}

impl ApiError {
    /// An error with no field problems: `code` is the machine code, `message` the caller's text.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            fields: Vec::new(),
            alternatives: Vec::new(),
            reference: None,
            status,
        }
    }

    pub fn from_app(error: AppError, locale: Locale) -> ApiError {
        let (code, fields, reference) = match &error {
            AppError::NotFound => ("not_found", Vec::new(), None),
            AppError::Invalid { fields } => (
                "invalid_input",
                fields
                    .iter()
                    .map(|f| ApiFieldError {
                        field: f.field.clone(),
                        message: locale.t(f.message).to_string(),
                    })
                    .collect(),
                None,
            ),
            AppError::Internal { reference } => ("internal", Vec::new(), Some(reference.clone())),
        };
        ApiError {
            code,
            message: error.message(locale),
            fields,
            alternatives: Vec::new(),
            reference,
            status: error.status_code(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}

/// The caller's language: the `lang` parameter when valid, else the first understood
/// `Accept-Language` entry, else Chinese.
pub fn caller_locale(lang: Option<&str>, headers: &HeaderMap) -> Locale {
    lang.and_then(Locale::from_tag)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.split(',')
                        .find_map(|entry| Locale::from_tag(entry.split(';').next().unwrap_or("")))
                })
        })
        .unwrap_or_default()
}

/// Checks a query: `lang` (a supported language) and the named parameters, nothing else; every
/// stranger is named. Returns the caller's locale.
pub fn query_locale(
    query: &BTreeMap<String, String>,
    allowed: &[&str],
    headers: &HeaderMap,
) -> Result<Locale, ApiError> {
    let lang = query.get("lang").map(String::as_str);
    let locale = caller_locale(lang, headers);
    let mut bad = Vec::new();
    if lang.is_some_and(|t| Locale::from_tag(t).is_none()) {
        bad.push(("lang".to_string(), Msg::LangInvalid));
    }
    for name in query
        .keys()
        .filter(|k| k.as_str() != "lang" && !allowed.contains(&k.as_str()))
    {
        bad.push((name.clone(), Msg::InputInvalid));
    }
    if bad.is_empty() {
        Ok(locale)
    } else {
        Err(invalid(bad, locale))
    }
}

pub async fn not_found(headers: HeaderMap) -> ApiError {
    ApiError::from_app(AppError::NotFound, caller_locale(None, &headers))
}

/// Shortcut for a 422 naming fields.
pub fn invalid(fields: Vec<(String, Msg)>, locale: Locale) -> ApiError {
    let fields = fields
        .into_iter()
        .map(|(field, message)| app::error::FieldError { field, message })
        .collect();
    ApiError::from_app(AppError::Invalid { fields }, locale)
}
