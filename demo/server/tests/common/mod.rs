//! Helpers shared by the integration tests: build the app with a manual
//! clock and drive it with `oneshot`, no sockets.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use coder_demo_server::{router, AppState, Clock, Config};
use serde_json::Value;
use tower::ServiceExt;

pub mod oauth;

pub const TOKEN: &str = "demo-session-token";
pub const BP: &str = "https://github.com/coder/backstage-plugins";

/// The whole app with seed data and a manual clock.
pub fn app() -> (Router, AppState) {
    app_with(Config::default())
}

pub fn app_with(config: Config) -> (Router, AppState) {
    let state = AppState::from_config(&config, Clock::manual()).expect("state");
    (router(state.clone()), state)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn get(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    send(app, Method::GET, uri, headers, "").await
}

/// GET on the Coder API with the right session token.
pub async fn coder_get(app: &Router, uri: &str) -> Reply {
    get(app, uri, &[("Coder-Session-Token", TOKEN)]).await
}

/// POST of a JSON body to the Coder API with the right session token.
pub async fn coder_post(app: &Router, uri: &str, body: &str) -> Reply {
    send(
        app,
        Method::POST,
        uri,
        &[
            ("Coder-Session-Token", TOKEN),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .await
}

/// The id of seed workspace `n` (1-13, in seed order: 1 demo/backstage-plugins
/// running, 2 demo/bp-review and 3 demo/wasm-elements progressing, 4
/// demo/bp-old-branch stopped, 9 alice/backstage-plugins, …).
pub fn ws(n: u32) -> String {
    format!("3c5a0000-0000-4000-8000-{n:012x}")
}

/// A seed id `<prefix>-0000-4000-8000-<n>` (templates `7e3f0000`, their
/// active versions `7e3f1000`, older versions `7e3f2000`; 1 devcontainers,
/// 2 docker, 3 nodejs, 4 python, 5 rust).
pub fn seed_id(prefix: &str, n: u32) -> String {
    format!("{prefix}-0000-4000-8000-{n:012x}")
}

/// The demo user's id.
pub const DEMO_ID: &str = "5e500000-0000-4000-8000-000000000001";

/// The workspace as `GET /api/v2/workspaces/{id}` answers it.
pub async fn workspace_by_id(app: &Router, id: &str) -> Value {
    let r = coder_get(app, &format!("/api/v2/workspaces/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// `POST /api/v2/workspaces/{id}/builds` with `body`.
pub async fn post_build(app: &Router, id: &str, body: &str) -> Reply {
    coder_post(app, &format!("/api/v2/workspaces/{id}/builds"), body).await
}

/// `(status, lifecycle)` of every agent of a workspace's latest build.
pub fn agents(w: &Value) -> Vec<(String, String)> {
    w["latest_build"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["agents"].as_array().unwrap().iter())
        .map(|a| {
            (
                a["status"].as_str().unwrap().to_string(),
                a["lifecycle_state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Names (`owner/name`) of the workspaces a query returns, sorted.
pub async fn search(app: &Router, q: &str) -> Vec<String> {
    let r = coder_get(app, &format!("/api/v2/workspaces?q={}&limit=0", enc(q))).await;
    assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
    let v = r.json();
    let list = v["workspaces"].as_array().unwrap();
    assert_eq!(v["count"].as_u64().unwrap() as usize, list.len());
    let mut names: Vec<String> = list
        .iter()
        .map(|w| {
            format!(
                "{}/{}",
                w["owner_name"].as_str().unwrap(),
                w["name"].as_str().unwrap()
            )
        })
        .collect();
    names.sort();
    names
}

/// A fresh scratch directory under the system temp dir.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("coder-demo-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
