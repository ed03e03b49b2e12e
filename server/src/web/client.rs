//! Who sent a request: the one reader of the client's address, and the check that a change was
//! posted from this site. Every limit, lock-out and audit line takes the address from here.

use app::i18n::Msg;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{request::Parts, Extensions, StatusCode},
    response::{IntoResponse, Response},
};
use std::{
    convert::Infallible,
    fmt,
    net::{IpAddr, Ipv4Addr, SocketAddr},
};

/// The client's address: the TCP peer (`None` when the server runs without one, as in tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    pub fn of(extensions: &Extensions) -> ClientAddr {
        ClientAddr(
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        )
    }

    /// The address a limit counts by; all address-less requests share one.
    pub fn ip(self) -> IpAddr {
        self.0.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
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
