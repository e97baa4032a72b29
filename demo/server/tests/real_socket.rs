//! The server on a real ephemeral loopback port, spoken to with a minimal
//! hand-written HTTP/1.1 client.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use coder_demo_server::args::DEFAULT_BACKSTAGE_TOKEN;
use coder_demo_server::fault_modes::BodyMode;
use coder_demo_server::{bind, router, serve, AppState, Clock, Config, Faults};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    state: AppState,
}

async fn start(config: Config) -> Running {
    let listener = bind(0).await.unwrap();
    let addr = listener.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    let state = AppState::from_config(&config, Clock::system()).unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, router(state.clone()), async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop,
        task,
        state,
    }
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

/// Sends a workspaces request for the card's query through the proxy and
/// returns the open stream.
async fn open_list(addr: SocketAddr) -> TcpStream {
    let bearer = format!("Bearer {DEFAULT_BACKSTAGE_TOKEN}");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = request(
        addr,
        "/api/proxy/coder/api/v2/workspaces?q=owner%3Ame&limit=0",
        &[
            ("Authorization", &bearer),
            ("Coder-Session-Token", "demo-session-token"),
        ],
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    stream
}

fn body_faults(body: BodyMode) -> Config {
    Config {
        faults: Faults {
            body,
            ..Faults::default()
        },
        ..Config::default()
    }
}

#[tokio::test]
async fn reset_closes_the_connection_before_the_announced_length() {
    let server = start(body_faults(BodyMode::Reset)).await;
    let mut stream = open_list(server.addr).await;
    let mut raw = Vec::new();
    // The server closes the socket: read_to_end ends (or the read fails
    // with a reset), well before the announced length has arrived.
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "the connection was closed by the server");
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let announced: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("a Content-Length");
    assert!(!body.is_empty(), "part of the body arrives");
    assert!(
        body.len() < announced,
        "{} of {announced} bytes",
        body.len()
    );
    server.stop.send(()).unwrap();
}

#[tokio::test]
async fn never_ending_body_stalls_but_never_blocks_shutdown_once_the_client_leaves() {
    let server = start(body_faults(BodyMode::NeverEnding)).await;
    let mut stream = open_list(server.addr).await;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    // The head and the first half arrive at once...
    let t = Instant::now();
    loop {
        match tokio::time::timeout(Duration::from_millis(1500), stream.read(&mut buf)).await {
            Ok(Ok(n)) => {
                assert!(n > 0, "closed early");
                raw.extend_from_slice(&buf[..n]);
            }
            Ok(Err(e)) => panic!("{e}"),
            // ...then nothing.
            Err(_) => break,
        }
        assert!(t.elapsed() < Duration::from_secs(5), "it keeps coming");
    }
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"workspaces\""), "part of the body came");
    assert!(!text.ends_with("0\r\n\r\n"), "the chunked body never ends");
    // A client that gives up (the card aborts after 20 s) frees the
    // connection, so a graceful shutdown completes.
    drop(stream);
    server.stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), server.task).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "stops cleanly");
}

/// Reads from `stream` until `raw` contains `needle`, for at most `wait`.
async fn read_until(stream: &mut TcpStream, raw: &mut Vec<u8>, needle: &str, wait: Duration) {
    let t = Instant::now();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(raw).contains(needle) {
        let left = wait.saturating_sub(t.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => raw.extend_from_slice(&buf[..n]),
            other => panic!(
                "no {needle:?} ({other:?}) in {:?}",
                String::from_utf8_lossy(raw)
            ),
        }
    }
}

#[tokio::test]
async fn a_watch_streams_events_as_they_happen_and_ends_at_shutdown() {
    let server = start(Config {
        sse_ping_ms: 300,
        build_step_ms: 100,
        ..Config::default()
    })
    .await;
    let addr = server.addr;
    let id = "3c5a0000-0000-4000-8000-000000000004"; // demo/bp-old-branch
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = request(
        addr,
        &format!("/api/v2/workspaces/{id}/watch"),
        &[("Coder-Session-Token", "demo-session-token")],
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let wait = Duration::from_secs(3);
    read_until(&mut stream, &mut raw, "event: ping\n\n", wait).await;
    read_until(&mut stream, &mut raw, "\"status\":\"stopped\"", wait).await;
    let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "{text}");
    for header in [
        "content-type: text/event-stream",
        "cache-control: no-cache",
        "x-accel-buffering: no",
        "transfer-encoding: chunked",
    ] {
        assert!(text.contains(header), "{header} in {text}");
    }
    // A build posted on another connection streams here, phase by phase.
    let (status, _, _) = post_json(
        addr,
        &format!("/api/v2/workspaces/{id}/builds"),
        r#"{"transition":"start"}"#,
    )
    .await;
    assert_eq!(status, 201);
    read_until(&mut stream, &mut raw, "\"status\":\"pending\"", wait).await;
    read_until(&mut stream, &mut raw, "\"status\":\"starting\"", wait).await;
    read_until(&mut stream, &mut raw, "\"lifecycle_state\":\"ready\"", wait).await;
    // And the pings go on.
    let pings = |raw: &[u8]| {
        String::from_utf8_lossy(raw)
            .matches("event: ping\n\n")
            .count()
    };
    let seen = pings(&raw);
    let t = Instant::now();
    let mut buf = [0u8; 4096];
    while pings(&raw) == seen {
        assert!(t.elapsed() < wait, "no new ping");
        let n = tokio::time::timeout(wait, stream.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        raw.extend_from_slice(&buf[..n]);
    }

    // An open stream would hold a graceful shutdown forever: closing the
    // streams (what the binary does on Ctrl-C) lets it finish.
    server.state.close_streams();
    server.stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), server.task).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "stops cleanly");
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw)).await;
    assert!(read.is_ok(), "the stream ended");
    assert!(
        String::from_utf8_lossy(&raw).ends_with("0\r\n\r\n"),
        "a clean end"
    );
}

/// POSTs a JSON body with the session token; returns the status, the head
/// and the body.
async fn post_json(addr: SocketAddr, path: &str, body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Coder-Session-Token: demo-session-token\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    (
        head[9..12].parse().unwrap(),
        head.to_string(),
        body.to_string(),
    )
}

#[tokio::test]
async fn a_watch_ends_when_its_client_goes_away() {
    let server = start(Config::default()).await;
    let addr = server.addr;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = request(
        addr,
        "/api/v2/workspaces/3c5a0000-0000-4000-8000-000000000001/watch",
        &[("Coder-Session-Token", "demo-session-token")],
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    read_until(&mut stream, &mut raw, "event: data", Duration::from_secs(3)).await;
    drop(stream);
    // No close_streams(): the stream must have ended with its client, or
    // the graceful shutdown would wait for it.
    server.stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), server.task).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "stops cleanly");
}
