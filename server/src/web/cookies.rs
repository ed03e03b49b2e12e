//! Reading and writing cookies: the one home of the cookie helpers every area uses.
//!
//! Over HTTPS a site-wide cookie is sent as `__Host-<name>` (Secure, `Path=/`, no Domain) and a
//! cookie for some pages only as `__Secure-<name>`: browsers then refuse such a cookie set over
//! plain HTTP or by a neighbouring subdomain, so nobody can plant one (a session fixation, a
//! forged booking pass). Reading over HTTPS takes only the prefixed name.

use axum::http::{header, HeaderMap};
use std::borrow::Cow;

/// The device cookie of an enrolled kiosk.
pub const DEVICE_COOKIE: &str = "bianmin_kiosk";

/// Reads a cookie's value from the request headers: over HTTPS only under its prefixed name
/// (`__Host-` or `__Secure-`), over plain HTTP (development, tests) under its own.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let tls = over_tls(headers);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| {
            let n = n.trim();
            if tls {
                n.strip_prefix("__Host-")
                    .or_else(|| n.strip_prefix("__Secure-"))
                    == Some(name)
            } else {
                n == name
            }
        })
        .map(|(_, v)| v.trim())
}

/// The name a cookie is sent under: prefixed over HTTPS (`__Host-` when it is for the whole
/// site, `__Secure-` for some pages), its own otherwise.
pub fn wire_name<'a>(name: &'a str, path: &str, tls: bool) -> Cow<'a, str> {
    match (tls, path) {
        (false, _) => Cow::Borrowed(name),
        (true, "/") => Cow::Owned(format!("__Host-{name}")),
        (true, _) => Cow::Owned(format!("__Secure-{name}")),
    }
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
    let name = wire_name(name, path, tls);
    let mut cookie = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if tls {
        cookie.push_str("; Secure");
    }
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        headers
    }

    #[test]
    fn over_https_cookies_are_prefixed_and_only_prefixed_ones_are_read() {
        assert_eq!(
            strict_cookie("bianmin_staff", "t", None, true),
            "__Host-bianmin_staff=t; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
        assert_eq!(
            scoped_cookie("bianmin_pass", "p", "/marriage", Some(0), true),
            "__Secure-bianmin_pass=p; Path=/marriage; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
        );
        assert_eq!(
            strict_cookie("bianmin_staff", "t", None, false),
            "bianmin_staff=t; Path=/; HttpOnly; SameSite=Strict"
        );
        let tls = ("x-forwarded-proto", "https");
        // A cookie planted without the prefix (over plain HTTP, or by a subdomain) is not read.
        let planted = headers(&[tls, ("cookie", "bianmin_staff=planted")]);
        assert_eq!(cookie(&planted, "bianmin_staff"), None);
        let real = headers(&[
            tls,
            ("cookie", "bianmin_staff=planted; __Host-bianmin_staff=t"),
        ]);
        assert_eq!(cookie(&real, "bianmin_staff"), Some("t"));
        let scoped = headers(&[tls, ("cookie", "__Secure-bianmin_pass=p")]);
        assert_eq!(cookie(&scoped, "bianmin_pass"), Some("p"));
        let plain = headers(&[("cookie", "bianmin_staff=t; __Host-bianmin_other=x")]);
        assert_eq!(cookie(&plain, "bianmin_staff"), Some("t"));
        assert_eq!(cookie(&plain, "bianmin_other"), None);
    }
}
