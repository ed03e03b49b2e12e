//! Posted forms answered by pages: pages answer GET, so a middleware reads the form, acts on it
//! or hands it on in the request's extensions, and passes the request on as the page's GET.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, request::Parts, Method, Uri},
};

/// The `application/x-www-form-urlencoded` pairs of a body; `None` when it is over `limit` bytes.
pub async fn read_form(body: Body, limit: usize) -> Option<Vec<(String, String)>> {
    let bytes = to_bytes(body, limit).await.ok()?;
    Some(form_urlencoded::parse(&bytes).into_owned().collect())
}

/// The pairs of a URI's query string.
pub fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

/// The request as the page's GET, its body already read.
pub fn as_page_request(mut parts: Parts) -> Request<Body> {
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    Request::from_parts(parts, Body::empty())
}
