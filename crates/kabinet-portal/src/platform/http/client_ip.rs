//! The client's address, for per-client limits.
//!
//! Behind a reverse proxy or load balancer every connection comes from the proxy, so
//! one throttle would cover every citizen. With `trusted_proxies` configured, the
//! portal reads `X-Forwarded-For` from a trusted peer and walks it from the right,
//! skipping hops that are themselves trusted: the first address that is not trusted
//! is the client. Anything a client writes into the header itself is left of that
//! point and never read, so it cannot step out of its own limit. With no trusted
//! proxies (the default) the header is ignored.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// An address or a network in CIDR form (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for IpNet {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("not an IP address or network: {s}");
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr = IpAddr::from_str(addr).map_err(|_| bad())?.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The client's address: `peer` unless it is a trusted proxy, then the rightmost
/// untrusted hop of the `X-Forwarded-For` values (in header order). A malformed hop
/// stops the walk at the last good one.
pub fn client_ip(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(client) {
        return client;
    }
    let hops = forwarded_for
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in hops.iter().rev() {
        let Ok(ip) = IpAddr::from_str(hop) else {
            break;
        };
        client = ip.to_canonical();
        if !is_trusted(client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().expect(s)).collect()
    }

    #[test]
    fn networks_parse_and_match() {
        let cases: &[(&str, &str, bool)] = &[
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.7", "192.168.1.7", true),
            ("192.168.1.7", "192.168.1.8", false),
            ("0.0.0.0/0", "8.8.8.8", true),
            ("2001:db8::/32", "2001:db8:1::5", true),
            ("2001:db8::/32", "2001:db9::5", false),
            ("127.0.0.1", "::ffff:127.0.0.1", true),
            ("::1", "127.0.0.1", false),
        ];
        for (net, ip, expected) in cases {
            let n: IpNet = net.parse().expect(net);
            assert_eq!(n.contains(ip.parse().expect(ip)), *expected, "{net} ∋ {ip}");
        }
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0/8",
            "host.example",
            "10.0.0.0/x",
        ] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let proxies = nets(&["10.0.0.0/8", "127.0.0.1"]);
        let cases: &[(&str, &[&str], &[IpNet], &str)] = &[
            // No trusted proxies: the header is ignored.
            ("203.0.113.9", &["198.51.100.1"], &[], "203.0.113.9"),
            ("127.0.0.1", &["198.51.100.1"], &[], "127.0.0.1"),
            // An untrusted peer's header is ignored too.
            ("203.0.113.9", &["198.51.100.1"], &proxies, "203.0.113.9"),
            // Through one trusted proxy.
            ("10.0.0.2", &["198.51.100.1"], &proxies, "198.51.100.1"),
            // A forged left part is never reached.
            (
                "10.0.0.2",
                &["6.6.6.6, 198.51.100.1"],
                &proxies,
                "198.51.100.1",
            ),
            // Two trusted hops, the header split over two lines.
            (
                "127.0.0.1",
                &["198.51.100.1", "10.1.1.1"],
                &proxies,
                "198.51.100.1",
            ),
            // All hops trusted: the leftmost.
            ("127.0.0.1", &["10.9.9.9"], &proxies, "10.9.9.9"),
            // No header: the proxy itself.
            ("10.0.0.2", &[], &proxies, "10.0.0.2"),
            // Garbage stops the walk at the last good hop.
            (
                "10.0.0.2",
                &["198.51.100.1, not-an-ip"],
                &proxies,
                "10.0.0.2",
            ),
            ("10.0.0.2", &["unknown, 10.3.3.3"], &proxies, "10.3.3.3"),
            // IPv6 and mapped addresses.
            ("::ffff:10.0.0.2", &["2001:db8::7"], &proxies, "2001:db8::7"),
        ];
        for (peer, header, trusted, expected) in cases {
            let got = client_ip(peer.parse().expect(peer), header, trusted);
            assert_eq!(got.to_string(), *expected, "peer {peer}, header {header:?}");
        }
    }
}

/// The key per-client limits count under: an IPv4 address as is, an IPv6 one by
/// its /64 network (IPv4-mapped IPv6 addresses count as the IPv4 address).
pub fn limit_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let net = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", std::net::Ipv6Addr::from(net))
        }
    }
}

#[cfg(test)]
mod limit_key_tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let cases: &[(&str, &str)] = &[
            ("203.0.113.7", "203.0.113.7"),
            ("::ffff:203.0.113.7", "203.0.113.7"),
            ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
            ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
            ("::1", "::/64"),
        ];
        for (ip, key) in cases {
            assert_eq!(limit_key(ip.parse().expect("ip")), *key, "{ip}");
        }
    }
}
