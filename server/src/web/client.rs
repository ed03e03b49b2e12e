//! Who sent a request: the one reader of the client's address, and the check that a change was
//! posted from this site. Every limit, lock-out and audit line takes the address from here.
//!
//! Behind a reverse proxy the TCP peer is the proxy. `BIANMIN_TRUSTED_PROXIES` lists the
//! proxies' addresses or ranges; only a request whose peer is one of them has its
//! `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host` believed. From anyone else
//! those headers are removed before any handler sees them, so nothing downstream can be fooled.

use crate::proxies::{canonical, TrustedProxies};
use app::i18n::Msg;
use axum::{
    extract::{ConnectInfo, FromRequestParts, Request, State},
    http::{request::Parts, Extensions, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    convert::Infallible,
    fmt,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
};

const FORWARDED: [&str; 4] = [
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "forwarded",
];

/// The outermost layer: resolves the client's address once, and removes forwarded headers that
/// did not come from a trusted proxy.
pub async fn resolve_client(
    State(proxies): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = match peer {
        Some(peer) if proxies.trusts(peer) => Some(proxies.client(peer, request.headers())),
        Some(peer) => {
            for name in FORWARDED {
                request.headers_mut().remove(name);
            }
            Some(canonical(peer))
        }
        // No peer: a test calling the router directly. Its headers are its own.
        None => None,
    };
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

/// The client's address, as resolved by [`resolve_client`] (`None` without a TCP peer, as in
/// tests that call the router directly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    pub fn of(extensions: &Extensions) -> ClientAddr {
        extensions.get::<ClientAddr>().copied().unwrap_or_else(|| {
            ClientAddr(
                extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| canonical(c.0.ip())),
            )
        })
    }

    /// The address a limit counts by; all address-less requests share one.
    pub fn ip(self) -> IpAddr {
        self.0.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    /// What a per-address limit counts by: an IPv4 address, or an IPv6 address's /64 (one
    /// household or phone is given a whole /64, so counting single IPv6 addresses counts nothing).
    pub fn limit_key(self) -> String {
        match self.ip() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => ipnet::Ipv6Net::new(v6, 64)
                .map(|net| net.trunc().to_string())
                .unwrap_or_else(|_| v6.to_string()),
        }
    }
}

/// As written in audit lines: the address, or `unknown`.
impl fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ip) => write!(f, "{ip}"),
            None => f.write_str("unknown"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(&parts.extensions))
    }
}

/// A request that comes from this site's own pages (not a form posted from another site).
pub struct SameOrigin;

impl<S: Send + Sync> FromRequestParts<S> for SameOrigin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if super::same_origin(&parts.headers) {
            return Ok(SameOrigin);
        }
        let locale = super::visitor_prefs(&parts.headers).locale;
        Err((StatusCode::FORBIDDEN, locale.t(Msg::CrossSiteRefused)).into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        let a = ClientAddr(Some(ip("2001:db8:1:2:aaaa::1")));
        let b = ClientAddr(Some(ip("2001:db8:1:2:bbbb::9")));
        let other = ClientAddr(Some(ip("2001:db8:1:3::1")));
        assert_eq!(a.limit_key(), b.limit_key());
        assert_ne!(a.limit_key(), other.limit_key());
        assert_eq!(
            ClientAddr(Some(ip("198.51.100.7"))).limit_key(),
            "198.51.100.7"
        );
    }
}
