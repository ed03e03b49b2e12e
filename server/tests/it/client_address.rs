//! Knowing the client behind a proxy: forwarded headers are believed only from the proxies
//! `BIANMIN_TRUSTED_PROXIES` names; from anyone else they are removed before any handler runs.

use crate::support;
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Request},
    Router,
};
use server::proxies::TrustedProxies;
use std::net::SocketAddr;
use tower::ServiceExt;

/// `GET /staff/sign-in` from the TCP peer `peer`, with `headers`: its sign-in cookie.
async fn sign_in_cookie(router: &Router, peer: &str, headers: &[(&str, &str)]) -> String {
    let mut request = Request::get("/staff/sign-in");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = router.clone().oneshot(request).await.unwrap();
    response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn forwarded_headers_count_only_from_a_trusted_proxy(db: support::TestDb) {
    let store = db.open().await;
    let router = support::router_with(&store, |state| {
        state.trusted_proxies =
            std::sync::Arc::new(TrustedProxies::parse("10.0.0.0/8, ::1").unwrap());
    });
    let https = [("x-forwarded-proto", "https")];
    // The proxy says the browser came over TLS: the cookie is marked Secure.
    let from_proxy = sign_in_cookie(&router, "10.1.2.3:4000", &https).await;
    assert!(from_proxy.contains("; Secure"), "{from_proxy}");
    // Anyone else saying so is not believed.
    let from_stranger = sign_in_cookie(&router, "203.0.113.9:4000", &https).await;
    assert!(!from_stranger.is_empty());
    assert!(!from_stranger.contains("Secure"), "{from_stranger}");

    // Without a trusted proxy configured nobody is believed, not even a private address.
    let open = support::router_on(&store);
    let from_lan = sign_in_cookie(&open, "10.1.2.3:4000", &https).await;
    assert!(!from_lan.contains("Secure"), "{from_lan}");
    db.drop(store).await;
}

crate::on_every_backend!(forwarded_headers_count_only_from_a_trusted_proxy);
