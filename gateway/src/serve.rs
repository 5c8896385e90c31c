//! HTTP/1.1 on the gateway's port, served by hyper's HTTP/1 server directly, with upgrades.
//!
//! axum's `serve` runs hyper-util's automatic HTTP/1-or-2 server, which reads the first bytes
//! of every connection to tell the versions apart and keeps them in a rewinding wrapper; an
//! upgraded connection then reaches its WebSocket as a boxed stream inside two such wrappers,
//! passed on every read and write. The gateway speaks HTTP/1.1 only (browsers open WebSockets
//! over it, and TLS offers only `http/1.1` by ALPN, crate::tls), so hyper's HTTP/1 server does
//! alone, and an upgraded plain connection comes back as the `TcpStream` itself
//! (crate::socket): a ping goes from the kernel to the frame parser through no layer at all.

use std::future::Future;
use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::serve::Listener;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;
use tower_http::add_extension::AddExtension;

use crate::limits::Peer;

/// Serves `router` on every connection `listener` accepts until `stopped`, then waits for the
/// HTTP connections to finish (an upgraded connection has left hyper by then and ends on its
/// own). Each request carries its connection's peer as `ConnectInfo<Peer>`.
pub(crate) async fn serve<L>(mut listener: L, router: Router, stopped: impl Future<Output = ()>)
where
    L: Listener<Addr = SocketAddr>,
    L::Io: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // Each connection's task holds a clone of `stop` and of `done`: dropping `stop_rx` asks
    // them all to finish their current request and close; `done` closes once the last is over.
    let (stop, stop_rx) = watch::channel(());
    let (done, done_rx) = watch::channel(());
    tokio::pin!(stopped);
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stopped => break,
        };
        let service =
            TowerToHyperService::new(AddExtension::new(router.clone(), ConnectInfo(Peer(peer))));
        let (stop, done_rx) = (stop.clone(), done_rx.clone());
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades();
            tokio::pin!(connection);
            let mut asked = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(%peer, "HTTP connection: {e}");
                        }
                        break;
                    }
                    () = stop.closed(), if !asked => {
                        asked = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(done_rx);
        });
    }
    drop(listener);
    drop(stop_rx);
    drop(done_rx);
    done.closed().await;
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::extract::Request;
    use axum::response::IntoResponse as _;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::sync::mpsc;

    use super::*;
    use crate::socket::{Message, SocketLimits};
    use crate::upgrade::Upgrade;

    /// A gateway-like server whose one route upgrades, reports whether the socket got the bare
    /// TCP stream and the peer, and echoes one text message.
    async fn server() -> (
        SocketAddr,
        mpsc::UnboundedReceiver<(bool, SocketAddr)>,
        watch::Sender<bool>,
    ) {
        let (seen, seen_rx) = mpsc::unbounded_channel();
        let router = Router::new().route(
            "/ws",
            get(
                move |ConnectInfo(Peer(peer)): ConnectInfo<Peer>, request: Request| {
                    let seen = seen.clone();
                    async move {
                        let upgrade = match Upgrade::of(request) {
                            Ok(upgrade) => upgrade,
                            Err(e) => return e.into_response(),
                        };
                        let limits = SocketLimits {
                            read_buffer: 64,
                            max_message: 1024,
                        };
                        upgrade.accept("echo", limits, move |mut socket| async move {
                            let _ = seen.send((socket.is_bare_tcp(), peer));
                            if let Some(Ok(Message::Text(text))) = socket.recv().await {
                                let _ = socket.write(Message::Text(text));
                                let _ = socket.flush().await;
                            }
                        })
                    }
                },
            ),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bound");
        let addr = listener.local_addr().expect("address");
        let (stop, mut stop_rx) = watch::channel(false);
        tokio::spawn(serve(
            crate::tls::PlainListener(listener),
            router,
            async move {
                let _ = stop_rx.wait_for(|s| *s).await;
            },
        ));
        (addr, seen_rx, stop)
    }

    #[tokio::test]
    async fn an_upgraded_plain_connection_is_the_bare_tcp_stream_and_keeps_bytes_sent_behind_the_request(
    ) {
        let (addr, mut seen, _stop) = server().await;
        let mut tcp = TcpStream::connect(addr).await.expect("connected");
        // The request and a masked "hi" text frame in one write: hyper reads both.
        let mut bytes = format!(
            "GET /ws HTTP/1.1\r\nHost: {addr}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
             Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Protocol: echo\r\n\r\n"
        )
        .into_bytes();
        bytes.extend_from_slice(&[0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2]);
        tcp.write_all(&bytes).await.expect("written");
        let mut got = Vec::new();
        let mut buf = [0u8; 512];
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !got.windows(4).any(|w| w == [0x81, 0x02, b'h', b'i']) {
            let n = tokio::time::timeout_at(deadline, tcp.read(&mut buf))
                .await
                .expect("the echo within 5 s")
                .expect("read");
            assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&got));
            got.extend_from_slice(&buf[..n]);
        }
        assert!(
            got.starts_with(b"HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&got)
        );
        let (bare, peer) = seen.recv().await.expect("the handler ran");
        assert!(bare, "the socket runs on the TcpStream itself");
        assert_eq!(peer, tcp.local_addr().expect("our address"));
    }

    #[tokio::test]
    async fn stopping_ends_the_accept_loop_and_idle_http_connections() {
        let (addr, _seen, stop) = server().await;
        let mut idle = TcpStream::connect(addr).await.expect("connected");
        idle.write_all(format!("GET /nowhere HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .await
            .expect("written");
        let mut buf = [0u8; 512];
        let n = idle.read(&mut buf).await.expect("the 404");
        assert!(buf[..n].starts_with(b"HTTP/1.1 404"));
        stop.send_replace(true);
        // The kept-alive connection is closed, and no new one is served.
        let closed = tokio::time::timeout(Duration::from_secs(5), idle.read(&mut buf)).await;
        assert!(matches!(closed, Ok(Ok(0))), "{closed:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            TcpStream::connect(addr).await.is_err(),
            "the listener is gone"
        );
    }
}
