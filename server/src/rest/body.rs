//! Reading JSON bodies: JSON only, every field as the document states it, and a 422 that
//! names the field that is wrong.

use super::error::{invalid, ApiError};
use app::i18n::{Locale, Msg};
use axum::{
    body::Bytes,
    http::{header, HeaderMap, StatusCode},
};
use serde::{Deserialize, Deserializer};

/// The body as `T`, or 422 naming the first field that is wrong (`body` when it is not JSON).
pub fn parse_json<T: serde::de::DeserializeOwned>(
    body: &Bytes,
    locale: Locale,
) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        invalid(
            vec![(
                if path == "." { "body".into() } else { path },
                Msg::InputInvalid,
            )],
            locale,
        )
    })
}

/// The API takes JSON only: a form posted from another site is refused (415).
pub fn json_only(headers: &HeaderMap, locale: Locale) -> Result<(), ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if json {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        locale.t(Msg::JsonOnly).to_string(),
    ))
}

/// An optional field that, when sent, holds a value: left out is `None`, `null` is refused (the
/// document does not allow it). Use with `#[serde(default, deserialize_with = "present")]`.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// Counts and ages: whole JSON numbers, written `3` or `3.0` (JSON Schema's `integer` is both,
/// and a client in JavaScript may send either).
pub mod whole {
    use serde::{de::Error, Deserialize, Deserializer};
    use serde_json::Number;

    pub fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
        whole(&Number::deserialize(deserializer)?)
    }

    /// A whole number that may be left out, but not sent as `null`.
    pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i32>, D::Error> {
        whole(&Number::deserialize(deserializer)?).map(Some)
    }

    fn whole<E: Error>(number: &Number) -> Result<i32, E> {
        let value = match number.as_i64() {
            Some(n) => i32::try_from(n).ok(),
            None => number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= f64::from(i32::MAX))
                .map(|f| f as i32),
        };
        value.ok_or_else(|| E::custom("not a whole number"))
    }
}
