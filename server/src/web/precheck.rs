//! The pre-check's forms without JavaScript: a posted screen is read here and handed to the page
//! (which only renders), so the answers pass through memory and are neither stored nor logged.

use app::{components::precheck::PRECHECK_PATH, pages::precheck::SubmittedForm};
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The largest pre-check form accepted; a household of 30 needs about 6 KiB.
const FORM_LIMIT_BYTES: usize = 64 * 1024;

/// Turns a posted pre-check screen into a page request carrying its fields, and marks pre-check
/// pages as never to be stored by browsers or proxies (they show a household's circumstances).
/// Runs before routing, because the page route answers GET only.
pub async fn precheck_form(request: Request<Body>, next: Next) -> Response {
    if request.uri().path() != PRECHECK_PATH {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let body = if parts.method == Method::POST {
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
