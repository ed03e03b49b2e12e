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
    body::{to_bytes, Body},
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
    let body = if parts.method == Method::POST {
        // Bookings change things: a form posted from another site is refused.
        if booking && !super::prefs::same_origin(&parts.headers) {
            let locale = Locale::default();
            return (StatusCode::FORBIDDEN, locale.t(Msg::CrossSiteRefused)).into_response();
        }
        let Ok(bytes) = to_bytes(body, FORM_LIMIT_BYTES).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let pairs = form_urlencoded::parse(&bytes).into_owned().collect();
        parts.extensions.insert(SubmittedForm(pairs));
        parts.method = Method::GET;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        Body::empty()
    } else {
        body
    };
    let mut response = next.run(Request::from_parts(parts, body)).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
