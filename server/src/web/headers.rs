//! Security and caching headers, and the request log span.

use app::{content_security_policy, CspNonce};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use rand::RngCore;

/// The policy for responses that are not pages (pages set their own, with a script nonce).
const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// A fresh script nonce: 128 random bits, as hex (valid base64 characters, as CSP asks).
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the header layer needs to know of the deployment.
#[derive(Clone, Debug, Default)]
pub struct HeaderPolicy {
    /// The map tiles' origin, which pages may load images from.
    pub tiles: Option<String>,
    /// `Strict-Transport-Security` max-age for answers over HTTPS; 0 sends none.
    pub hsts_seconds: u32,
}

/// Adds the headers every response carries, and a cache policy where the handler set none:
/// pages are personal to the visitor's cookies and always revalidated; JSON answers (bookings,
/// pre-check results) are never stored; other files are cached an hour. Over HTTPS (the
/// listener, or a trusted proxy's `X-Forwarded-Proto`), browsers are told to use nothing else.
/// HTML pages get a Content-Security-Policy with this response's script nonce, which the page's
/// inline scripts carry (the nonce travels to the page in the request's extensions).
pub async fn security_and_cache_headers(
    State(policy): State<HeaderPolicy>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let tls = crate::web::cookies::over_tls(request.headers());
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(policy) =
            HeaderValue::from_str(&content_security_policy(&nonce, policy.tiles.as_deref()))
        {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(self), camera=(), microphone=(), payment=()"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        let is_json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let cache = if is_json {
            "no-store"
        } else if is_html {
            "private, no-cache"
        } else {
            "public, max-age=3600"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    if tls && policy.hsts_seconds > 0 {
        if let Ok(v) = HeaderValue::from_str(&format!("max-age={}", policy.hsts_seconds)) {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, v);
        }
    }
    response
}

/// The log span of a request: method and path only. The query string is left out on purpose.
pub fn request_span(request: &Request<Body>) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

/// Marks an answer `Cache-Control: no-store` (staff pages and the staff API: nothing of them is
/// kept by a browser or a proxy).
pub async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
