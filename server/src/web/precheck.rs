//! The pre-check without JavaScript: each screen is a posted form, and the page renders the next
//! screen from the answers posted. It stores nothing, so it may render its POST (the booking
//! forms, which change things, redirect instead: `booking.rs`). The form is read here and handed
//! to the page; pages answer GET only, so this runs before routing. The screens are never stored
//! by browsers or proxies.

use app::{components::form::SubmittedForm, components::precheck::PRECHECK_PATH};
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The largest form accepted; a household of 30 needs about 6 KiB.
const FORM_LIMIT_BYTES: usize = 64 * 1024;

pub async fn form_pages(request: Request<Body>, next: Next) -> Response {
    if request.uri().path() != PRECHECK_PATH {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let request = if parts.method == Method::POST {
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
