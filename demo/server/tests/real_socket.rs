//! The server on a real ephemeral loopback port, spoken to with a minimal
//! hand-written HTTP/1.1 client.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use coder_demo_server::args::DEFAULT_BACKSTAGE_TOKEN;
use coder_demo_server::{bind, router, serve, AppState, Clock, Config, Faults};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(config: Config) -> Running {
    let listener = bind(0).await.unwrap();
    let addr = listener.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    let state = AppState::from_config(&config, Clock::system()).unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, router(state), async {
        let _ = stopped.await;
    }));
    Running { addr, stop, task }
}

fn request(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> String {
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req
}

/// Sends a request; returns the status code, the raw head and the body
/// (chunked encoding removed).
async fn fetch(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(request(addr, path, headers).as_bytes())
        .await
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

#[tokio::test]
async fn serves_coder_and_backstage_routes_then_shuts_down_gracefully() {
    let server = start(Config::default()).await;
    let addr = server.addr;
    let (status, _, body) = fetch(
        addr,
        "/api/v2/users/me",
        &[("Coder-Session-Token", "demo-session-token")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("\"username\":\"demo\""));

    let (status, _, body) = fetch(addr, "/api/auth/guest/refresh", &[]).await;
    assert_eq!(status, 200);
    assert!(body.contains(DEFAULT_BACKSTAGE_TOKEN));

    let bearer = format!("Bearer {DEFAULT_BACKSTAGE_TOKEN}");
    let (status, _, body) = fetch(
        addr,
        "/api/proxy/coder/api/v2/workspaces?q=owner%3Ame%20status%3Afailed&limit=0",
        &[
            ("Authorization", &bearer),
            ("Coder-Session-Token", "demo-session-token"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("\"count\":1"), "{body}");

    let origin = format!("http%3A%2F%2F{}", addr.to_string().replace(':', "%3A"));
    let (status, head, _) = fetch(
        addr,
        &format!("/api/auth/coder/start?origin={origin}&env=development&flow=popup"),
        &[],
    )
    .await;
    assert_eq!(status, 302, "{head}");
    assert!(head
        .to_ascii_lowercase()
        .contains("location: /oauth2/authorize?"));

    server.stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), server.task).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "stops cleanly");
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "the port is closed"
    );
}

#[tokio::test]
async fn slow_ms_sends_headers_first_then_stalls_the_body() {
    let server = start(Config {
        faults: Faults {
            slow_ms: 600,
            ..Faults::default()
        },
        ..Config::default()
    })
    .await;
    let addr = server.addr;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let t = Instant::now();
    let req = request(
        addr,
        "/api/v2/users/me",
        &[("Coder-Session-Token", "demo-session-token")],
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_at = loop {
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed before the head");
        raw.extend_from_slice(&buf[..n]);
        if raw.windows(4).any(|w| w == b"\r\n\r\n") {
            break t.elapsed();
        }
    };
    assert!(
        head_at < Duration::from_millis(400),
        "head came after {head_at:?}"
    );
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 200"));
    stream.read_to_end(&mut raw).await.unwrap();
    let total = t.elapsed();
    assert!(
        total >= Duration::from_millis(600),
        "body came after {total:?}"
    );
    assert!(String::from_utf8_lossy(&raw).contains("\"username\":\"demo\""));
    server.stop.send(()).unwrap();
}
