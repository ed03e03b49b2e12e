//! The reverse proxies whose forwarded headers are believed (`BIANMIN_TRUSTED_PROXIES`), and
//! how the client's address is read from behind them.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The proxies whose forwarded headers are believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads a comma- or space-separated list of addresses and CIDR ranges
    /// (`10.0.0.0/8, 192.168.1.5, ::1`).
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{item:?} is not an address or a range like 10.0.0.0/8"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request from `peer`: the peer itself unless it is a trusted proxy; then
    /// the right-most `X-Forwarded-For` entry that is not a trusted proxy (entries to its left
    /// were written by the client and prove nothing).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|hop| hop.trim().parse::<IpAddr>().map(canonical))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        hops.into_iter()
            .rev()
            .find(|hop| !self.trusts(*hop))
            .unwrap_or(canonical(peer))
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(list: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(list).unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_right_most_address_not_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5").unwrap();
        // The client wrote a made-up first entry; the proxies appended the real one.
        let headers = forwarded("1.1.1.1, 198.51.100.7, 10.0.0.2");
        assert_eq!(
            proxies.client(ip("192.168.1.5"), &headers),
            ip("198.51.100.7")
        );
        // A peer that is not a proxy is the client, whatever it says.
        assert_eq!(
            proxies.client(ip("203.0.113.1"), &headers),
            ip("203.0.113.1")
        );
        // A garbled header proves nothing: the proxy itself is counted.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded("198.51.100.7, not-an-ip")),
            ip("10.0.0.1")
        );
        // IPv4 written as IPv6 is IPv4.
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.1"), &forwarded("198.51.100.7")),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn proxy_lists_are_read_or_refused_by_item() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert_eq!(TrustedProxies::parse("10.0.0.0/8 ::1,").unwrap().0.len(), 2);
        let error = TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(error.contains("proxy.local"), "{error}");
    }
}
