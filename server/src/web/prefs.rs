//! `POST /prefs`: remembers the language or text size in a cookie and goes back to the page.
//! This is how the switches work without JavaScript.

use app::{
    domain::prefs::{
        preference_cookie, safe_return_path, Prefs, TextSize, CONTRAST_COOKIE, LANG_COOKIE,
        TEXT_SIZE_COOKIE,
    },
    i18n::{Locale, Msg},
};
use axum::{
    extract::Form,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PrefsForm {
    lang: Option<String>,
    text_size: Option<String>,
    contrast: Option<String>,
    return_to: Option<String>,
    /// A pre-check screen's own field, carried by the switch (with the answers) when the screen
    /// was posted without JavaScript.
    step: Option<String>,
}

pub async fn set_preferences(headers: HeaderMap, Form(form): Form<PrefsForm>) -> Response {
    let current = visitor_prefs(&headers);
    if !same_origin(&headers) {
        return refuse(StatusCode::FORBIDDEN, current.locale, Msg::CrossSiteRefused);
    }

    // Refusals speak the language the visitor sees now: a refused change changes nothing.
    let locale = current.locale;
    let mut cookies = Vec::new();
    if let Some(tag) = form.lang.as_deref() {
        match Locale::from_tag(tag) {
            Some(chosen) => cookies.push(preference_cookie(LANG_COOKIE, chosen.tag())),
            None => return refuse(StatusCode::UNPROCESSABLE_ENTITY, locale, Msg::LangInvalid),
        }
    }
    if let Some(size) = form.text_size.as_deref() {
        match TextSize::parse(size) {
            Some(size) => cookies.push(preference_cookie(TEXT_SIZE_COOKIE, size.as_str())),
            None => {
                return refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    locale,
                    Msg::TextSizeInvalid,
                )
            }
        }
    }
    match form.contrast.as_deref() {
        None => {}
        Some(value @ ("high" | "standard")) => {
            cookies.push(preference_cookie(CONTRAST_COOKIE, value))
        }
        Some(_) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                locale,
                Msg::ContrastInvalid,
            )
        }
    }
    let target = match form.return_to.as_deref() {
        None | Some("") => "/",
        Some(path) => match safe_return_path(path) {
            Some(path) => path,
            None => {
                return refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    locale,
                    Msg::ReturnToInvalid,
                )
            }
        },
    };

    // A pre-check screen's answers came along: 307 posts them back to the pre-check, which shows
    // the same screen in the new language or size. Otherwise back to the page, as a GET.
    let status = if form.step.is_some() && target == app::components::precheck::PRECHECK_PATH {
        StatusCode::TEMPORARY_REDIRECT
    } else {
        StatusCode::SEE_OTHER
    };
    let mut response = status.into_response();
    let out = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(target) {
        out.insert(header::LOCATION, location);
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            out.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The visitor's preferences (language, text size, contrast) from the request's cookies.
pub fn visitor_prefs(headers: &HeaderMap) -> Prefs {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Prefs::from_cookie_header)
        .unwrap_or_default()
}

/// A form post from another site carries its own `Origin` (or `Sec-Fetch-Site: cross-site`).
pub fn same_origin(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    // Behind a trusted proxy the browser's host is the forwarded one (from anyone else that
    // header was removed by `client::resolve_client`).
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    origin != "null" && origin_host == host
}

fn refuse(status: StatusCode, locale: Locale, message: Msg) -> Response {
    let mut response = (status, locale.t(message)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
