//! Reading and writing cookies: the one home of the cookie helpers every area uses.

use axum::http::{header, HeaderMap};

/// The device cookie of an enrolled kiosk.
pub const DEVICE_COOKIE: &str = "bianmin_kiosk";

/// Reads a cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| n.trim() == name)
        .map(|(_, v)| v.trim())
}

/// Whether cookies must carry `Secure`: the request came over TLS (directly or, behind a proxy,
/// as its `X-Forwarded-Proto` says).
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A strict cookie: HttpOnly, SameSite=Strict, `Secure` over TLS; `max_age` none for a session
/// cookie, `Some(0)` to delete.
pub fn strict_cookie(name: &str, value: &str, max_age: Option<i64>, tls: bool) -> String {
    scoped_cookie(name, value, "/", max_age, tls)
}

/// A strict cookie sent only to the pages under `path`.
pub fn scoped_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<i64>,
    tls: bool,
) -> String {
    let mut cookie = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if tls {
        cookie.push_str("; Secure");
    }
    cookie
}
