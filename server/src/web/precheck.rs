//! Pages that take posted forms: the pre-check (without JavaScript) and the booking pages. A
//! posted form is read here and handed to the page, which renders the next step; pages answer
//! GET only, so this runs before routing. The pages are never stored by browsers or proxies.

use app::{
    api::booking::ClientAddress,
    components::precheck::PRECHECK_PATH,
    i18n::{Locale, Msg},
    pages::{
        marriage::{BOOK_PATH, MANAGE_PATH},
        precheck::SubmittedForm,
    },
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::net::SocketAddr;

/// The largest form accepted; a household of 30 needs about 6 KiB.
const FORM_LIMIT_BYTES: usize = 64 * 1024;

/// Pages whose steps are posted forms.
const FORM_PAGES: [&str; 3] = [PRECHECK_PATH, BOOK_PATH, MANAGE_PATH];

pub async fn form_pages(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    if !FORM_PAGES.contains(&path) {
        return next.run(request).await;
    }
    let booking = path != PRECHECK_PATH;
    let (mut parts, body) = request.into_parts();
    if let Some(ConnectInfo(addr)) = parts.extensions.get::<ConnectInfo<SocketAddr>>().cloned() {
        parts
            .extensions
            .insert(ClientAddress(addr.ip().to_string()));
    }
    let request = if parts.method == Method::POST {
        // Bookings change things: a form posted from another site is refused.
        if booking && !super::prefs::same_origin(&parts.headers) {
            let locale = Locale::default();
            return (StatusCode::FORBIDDEN, locale.t(Msg::CrossSiteRefused)).into_response();
        }
        let Some(pairs) = super::posted::read_form(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        parts.extensions.insert(SubmittedForm(pairs));
        super::posted::as_page_request(parts)
    } else {
        Request::from_parts(parts, body)
    };
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
