//! Connections per client: one address (an IPv6 client by its /64) may hold at
//! most `max_per_client` open connections; the next is closed at once, before the
//! TLS handshake, so a client cannot tie up the server's sockets and handshakes by
//! opening connections it never uses. Trusted proxies carry many citizens on their
//! connections and are not counted.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum_server::accept::Accept;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::platform::http::client_ip::{IpNet, limit_key};

/// Open connections per client key.
type OpenCounts = Arc<Mutex<HashMap<String, usize>>>;

/// The acceptor that counts (put inside the TLS acceptor: it sees the TCP stream).
#[derive(Clone)]
pub struct ConnectionLimit {
    open: OpenCounts,
    max_per_client: usize,
    trusted: Arc<[IpNet]>,
}

impl ConnectionLimit {
    pub fn new(max_per_client: usize, trusted: &[IpNet]) -> Self {
        Self {
            open: Arc::default(),
            max_per_client,
            trusted: trusted.into(),
        }
    }

    /// Takes a place for `ip`, or `None` when its connections are all in use.
    fn take(&self, ip: IpAddr) -> Option<Place> {
        if self.trusted.iter().any(|n| n.contains(ip)) {
            return Some(Place(None));
        }
        let key = limit_key(ip);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(key.clone()).or_default();
        if *count >= self.max_per_client {
            return None;
        }
        *count += 1;
        Some(Place(Some((self.open.clone(), key))))
    }
}

/// One counted connection; dropping it (the connection closed) frees the place.
struct Place(Option<(OpenCounts, String)>);

impl Drop for Place {
    fn drop(&mut self) {
        if let Some((open, key)) = self.0.take() {
            let mut open = open.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(count) = open.get_mut(&key) {
                *count -= 1;
                if *count == 0 {
                    open.remove(&key);
                }
            }
        }
    }
}

/// A TCP stream that holds its client's place while it lives.
pub struct Counted {
    stream: TcpStream,
    _place: Place,
}

impl<S: Send + 'static> Accept<TcpStream, S> for ConnectionLimit {
    type Stream = Counted;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Counted, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let place = stream
            .peer_addr()
            .ok()
            .and_then(|peer| self.take(peer.ip()));
        std::future::ready(match place {
            Some(place) => Ok((
                Counted {
                    stream,
                    _place: place,
                },
                service,
            )),
            // Dropping the stream closes it; the server goes on accepting.
            None => Err(io::Error::other("too many connections from one client")),
        })
    }
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_client_and_freed() {
        let proxy: IpNet = "10.0.0.1".parse().unwrap_or_else(|e| panic!("{e}"));
        let limit = ConnectionLimit::new(2, &[proxy]);
        let a: IpAddr = [203, 0, 113, 5].into();
        let b: IpAddr = [203, 0, 113, 6].into();
        let first = limit.take(a);
        let second = limit.take(a);
        assert!(first.is_some() && second.is_some());
        assert!(
            limit.take(a).is_none(),
            "a third connection from one client"
        );
        assert!(limit.take(b).is_some(), "another client is not affected");
        drop(first);
        assert!(
            limit.take(a).is_some(),
            "a closed connection frees its place"
        );
        // One IPv6 /64 is one client.
        let v6 = |s: &str| s.parse::<IpAddr>().unwrap_or_else(|e| panic!("{e}"));
        let _x = limit.take(v6("2001:db8:1:2::1"));
        let _y = limit.take(v6("2001:db8:1:2::ffff"));
        assert!(limit.take(v6("2001:db8:1:2::3")).is_none());
        // A trusted proxy is never refused.
        let held: Vec<_> = (0..10).map(|_| limit.take(proxy_ip())).collect();
        assert!(held.iter().all(Option::is_some));
    }

    fn proxy_ip() -> IpAddr {
        [10, 0, 0, 1].into()
    }
}
