//! The demo server: one loopback origin playing both a Coder deployment and
//! the Backstage backend that the Coder custom elements talk to.
//!
//! * Coder: `/api/v2/users/me`, `/api/v2/workspaces` (search syntax),
//!   `/api/v2/workspacebuilds/{id}/parameters`, `/icon/*`, `/cli-auth`,
//!   `/@owner/name`, `/templates/{t}/workspace`, and the OAuth2 provider
//!   (`/oauth2/authorize`, `/oauth2/tokens`).
//! * Backstage: `/api/proxy/coder/*`, `/api/auth/guest/refresh`, the Coder
//!   OAuth provider routes under `/api/auth/coder/`, static files.
//! * Test controls: `/__demo/faults`, `/__demo/reset`.

// The seed workspace is one large `json!` literal.
#![recursion_limit = "256"]

pub mod args;
pub mod auth;
pub mod clock;
pub mod coder_api;
pub mod coder_pages;
pub mod digest;
pub mod faults;
pub mod oauth_provider;
pub mod oauth_store;
pub mod proxy;
pub mod query;
pub mod random;
pub mod respond;
pub mod seed;
pub mod static_files;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;

pub use args::{parse_args, Command, Config, OAuthClient};
pub use clock::Clock;
pub use faults::Faults;
pub use seed::{LoadError, WorkspaceRecord};

/// Shared server state. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    session_token: String,
    backstage_token: String,
    web_root: PathBuf,
    pkg_dir: PathBuf,
    workspaces: Vec<WorkspaceRecord>,
    clock: Clock,
    faults: Mutex<Faults>,
    /// Faults for the workspaces requests with one exact search query.
    scoped_faults: Mutex<Vec<(String, Faults)>>,
    oauth: Mutex<auth::OAuthStore>,
    oauth_client: OAuthClient,
    provider: Mutex<oauth_store::ProviderStore>,
}

fn unpoison<'a, T>(
    r: Result<MutexGuard<'a, T>, PoisonError<MutexGuard<'a, T>>>,
) -> MutexGuard<'a, T> {
    // Every critical section leaves its data consistent, so a panic elsewhere
    // must not take the whole server down with it.
    r.unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// State for `config`, with the seed data or the `--workspaces` file.
    pub fn from_config(config: &Config, clock: Clock) -> Result<Self, LoadError> {
        let workspaces = match &config.workspaces_file {
            Some(path) => seed::load_workspaces_file(path)?,
            None => seed::seed_workspaces(clock.started_wall()),
        };
        Ok(Self::new(config, workspaces, clock))
    }

    /// State for `config` with the given workspaces.
    pub fn new(config: &Config, workspaces: Vec<WorkspaceRecord>, clock: Clock) -> Self {
        AppState(Arc::new(Inner {
            session_token: config.session_token.clone(),
            backstage_token: config.backstage_token.clone(),
            web_root: config.web_root.clone(),
            pkg_dir: config.pkg_dir.clone(),
            workspaces,
            clock,
            faults: Mutex::new(config.faults.clone()),
            scoped_faults: Mutex::new(Vec::new()),
            oauth: Mutex::new(auth::OAuthStore::default()),
            oauth_client: config.oauth_client.clone(),
            provider: Mutex::new(oauth_store::ProviderStore::default()),
        }))
    }

    /// The Coder session token the fake Coder accepts.
    pub fn session_token(&self) -> &str {
        &self.0.session_token
    }

    /// The Backstage bearer token the proxy requires.
    pub fn backstage_token(&self) -> &str {
        &self.0.backstage_token
    }

    /// The served workspaces.
    pub fn workspaces(&self) -> &[WorkspaceRecord] {
        &self.0.workspaces
    }

    /// The progression clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// The current fault settings.
    pub fn faults(&self) -> Faults {
        unpoison(self.0.faults.lock()).clone()
    }

    /// Replaces the fault settings.
    pub fn set_faults(&self, faults: Faults) {
        *unpoison(self.0.faults.lock()) = faults;
    }

    /// The faults of workspaces requests whose search query is exactly
    /// `query`, if it has its own.
    pub fn scoped_faults(&self, query: &str) -> Option<Faults> {
        unpoison(self.0.scoped_faults.lock())
            .iter()
            .find(|(q, _)| q == query)
            .map(|(_, f)| f.clone())
    }

    /// Gives workspaces requests with search query `query` their own faults
    /// (replacing the global ones for them); faults that change nothing
    /// remove the scope. Fails when [`faults::MAX_SCOPES`] queries already
    /// have some.
    pub fn set_scoped_faults(&self, query: String, faults: Faults) -> Result<(), String> {
        let mut scoped = unpoison(self.0.scoped_faults.lock());
        scoped.retain(|(q, _)| *q != query);
        if !faults.is_active() {
            return Ok(());
        }
        if scoped.len() >= faults::MAX_SCOPES {
            return Err(format!(
                "at most {} queries can have faults of their own; clear one first",
                faults::MAX_SCOPES
            ));
        }
        scoped.push((query, faults));
        Ok(())
    }

    pub(crate) fn oauth(&self) -> MutexGuard<'_, auth::OAuthStore> {
        unpoison(self.0.oauth.lock())
    }

    /// The OAuth2 client registered with the fake Coder.
    pub fn oauth_client(&self) -> &OAuthClient {
        &self.0.oauth_client
    }

    pub(crate) fn provider(&self) -> MutexGuard<'_, oauth_store::ProviderStore> {
        unpoison(self.0.provider.lock())
    }

    fn web_root(&self) -> &Path {
        &self.0.web_root
    }

    fn pkg_dir(&self) -> &Path {
        &self.0.pkg_dir
    }
}

/// The Coder API routes behind the fault-injection layer.
fn faulty_coder_api(state: &AppState) -> Router<AppState> {
    coder_api::routes().layer(middleware::from_fn_with_state(
        state.clone(),
        faults::inject,
    ))
}

/// The fake Coder deployment alone: what the proxy forwards to.
pub fn coder_router(state: AppState) -> Router {
    Router::new()
        .merge(faulty_coder_api(&state))
        .merge(coder_pages::routes())
        .fallback(coder_fallback)
        .with_state(state)
}

async fn coder_fallback(State(state): State<AppState>, req: Request) -> Response {
    match coder_pages::workspace_page(&state, req.uri().path()) {
        Some(page) => page,
        None => coder_api::not_found(),
    }
}

/// The whole server: Coder, Backstage, static files and test controls, with
/// one log line per request.
pub fn router(state: AppState) -> Router {
    let coder = coder_router(state.clone());
    let proxy = proxy::router(state.backstage_token(), coder.clone());
    Router::new()
        .merge(faulty_coder_api(&state))
        .merge(coder_pages::routes())
        .merge(auth::routes())
        .merge(oauth_provider::routes())
        .merge(faults::control_routes())
        .fallback(site_fallback)
        .with_state(state)
        .merge(proxy)
        .layer(middleware::from_fn(log_request))
}

async fn site_fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    if let Some(page) = coder_pages::workspace_page(&state, path) {
        return page;
    }
    if path.starts_with("/api/v2/") || path == "/api/v2" {
        return coder_api::not_found();
    }
    if path.starts_with("/api/") || path.starts_with("/__demo/") {
        return respond::backstage_error(
            StatusCode::NOT_FOUND,
            "NotFoundError",
            "No such route on the demo server",
            req.method().as_str(),
            path,
        );
    }
    let if_none_match = req
        .headers()
        .get(axum::http::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    static_files::serve(
        req.method(),
        path,
        if_none_match,
        state.web_root(),
        state.pkg_dir(),
    )
    .await
}

/// Logs method, path (never the query string, which can carry OAuth codes
/// or states), status and duration. Headers are never logged.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    tracing::info!(
        "{} {} {} {}ms",
        method,
        path,
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// Binds 127.0.0.1:`port` (0 = a free port). Loopback only, always.
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes the
/// requests in flight.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
