//! The demo server: one loopback origin playing both a Coder deployment and
//! the Backstage backend that the Coder custom elements talk to.
//!
//! * Coder: `/api/v2/users/me`, `/api/v2/workspaces` (search syntax),
//!   `/api/v2/workspaces/{id}` (and its `/builds` and `/watch`),
//!   `/api/v2/workspacebuilds/{id}/parameters`, `/api/v2/templates/{id}`,
//!   `/api/v2/templateversions/{id}` (and its `/rich-parameters`),
//!   `/api/v2/authcheck`, `/api/v2/regions`, `/icon/*`, `/cli-auth`,
//!   `/@owner/name` and its apps and terminal, subdomain apps under
//!   `--wildcard-host`, `/templates/{t}/workspace`, and the OAuth2
//!   provider (`/oauth2/authorize`, `/oauth2/tokens`).
//! * Backstage: `/api/proxy/coder/*`, `/api/auth/guest/refresh`, the Coder
//!   OAuth provider routes under `/api/auth/coder/`, static files.
//! * Test controls: `/__demo/faults`, `/__demo/reset`.

// The seed workspace is one large `json!` literal.
#![recursion_limit = "256"]

pub mod actions;
pub mod app_pages;
pub mod args;
pub mod auth;
pub mod builds;
pub mod clock;
pub mod coder_api;
pub mod coder_pages;
pub mod digest;
pub mod fault_controls;
pub mod fault_injection;
pub mod fault_modes;
pub mod faults;
pub mod ids;
pub mod oauth_provider;
pub mod oauth_store;
pub mod params;
pub mod proxy;
pub mod query;
pub mod random;
pub mod resources;
pub mod respond;
pub mod seed;
pub mod seed_render;
pub mod static_files;
pub mod templates;
pub mod users;
pub mod watch;
pub mod workspace_file;
pub mod workspace_record;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;

pub use args::{parse_args, Command, Config, OAuthClient};
pub use builds::Moment;
pub use clock::Clock;
pub use faults::Faults;
pub use templates::Catalog;
pub use workspace_file::LoadError;
pub use workspace_record::WorkspaceRecord;

use fault_modes::{BuildBody, BuildStatus};
use tokio::sync::watch as signal;

/// Shared server state. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    session_token: String,
    backstage_token: String,
    web_root: PathBuf,
    pkg_dir: PathBuf,
    /// The workspaces now; builds posted at run time change them.
    workspaces: RwLock<Vec<WorkspaceRecord>>,
    /// The workspaces at start, which `/__demo/reset` puts back.
    initial: Vec<WorkspaceRecord>,
    catalog: Catalog,
    /// Bumped on every change a watch stream should see at once.
    changes: signal::Sender<u64>,
    /// Set when the server shuts down, which ends the watch streams.
    closing: signal::Sender<bool>,
    build_step: Duration,
    sse_ping: Duration,
    wildcard_host: Option<String>,
    clock: Clock,
    faults: Mutex<Faults>,
    /// Faults for the workspaces requests with one exact search query.
    scoped_faults: Mutex<Vec<(String, Faults)>>,
    oauth: Mutex<auth::OAuthStore>,
    oauth_client: OAuthClient,
    provider: Mutex<oauth_store::ProviderStore>,
}

fn unpoison<G>(r: Result<G, PoisonError<G>>) -> G {
    // Every critical section leaves its data consistent, so a panic elsewhere
    // must not take the whole server down with it.
    r.unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// State for `config`, with the seed data or the `--workspaces` file.
    pub fn from_config(config: &Config, clock: Clock) -> Result<Self, LoadError> {
        let workspaces = match &config.workspaces_file {
            Some(path) => workspace_file::load_workspaces_file(path)?,
            None => seed::seed_workspaces(clock.started_wall()),
        };
        Ok(Self::new(config, workspaces, clock))
    }

    /// State for `config` with the given workspaces, tied to the seed
    /// templates (and to templates made up for the ones they name that the
    /// seed lacks).
    pub fn new(config: &Config, workspaces: Vec<WorkspaceRecord>, clock: Clock) -> Self {
        let mut workspaces = workspaces;
        let mut catalog = Catalog::seed();
        workspace_file::link(&mut workspaces, &mut catalog);
        AppState(Arc::new(Inner {
            session_token: config.session_token.clone(),
            backstage_token: config.backstage_token.clone(),
            web_root: config.web_root.clone(),
            pkg_dir: config.pkg_dir.clone(),
            initial: workspaces.clone(),
            workspaces: RwLock::new(workspaces),
            catalog,
            changes: signal::channel(0).0,
            closing: signal::channel(false).0,
            build_step: Duration::from_millis(config.build_step_ms),
            sse_ping: Duration::from_millis(config.sse_ping_ms),
            wildcard_host: config.wildcard_host.clone(),
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

    /// The served workspaces, read-locked: render and serialize them, then
    /// let go (never hold the guard across an `.await`).
    pub fn workspaces(&self) -> RwLockReadGuard<'_, Vec<WorkspaceRecord>> {
        unpoison(self.0.workspaces.read())
    }

    /// The served workspaces, write-locked, for a build; call
    /// [`AppState::changed`] after letting go.
    pub(crate) fn workspaces_mut(&self) -> RwLockWriteGuard<'_, Vec<WorkspaceRecord>> {
        unpoison(self.0.workspaces.write())
    }

    /// The deployment's templates.
    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    /// The progression clock.
    pub fn clock(&self) -> &Clock {
        &self.0.clock
    }

    /// Now, as workspaces are rendered.
    pub fn moment(&self) -> Moment {
        let clock = &self.0.clock;
        Moment {
            elapsed: clock.elapsed(),
            started: clock.started_wall(),
            now: clock.monotonic(),
            step: self.0.build_step,
        }
    }

    /// Tells the watch streams that something changed.
    pub(crate) fn changed(&self) {
        self.0.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Wakes on every [`AppState::changed`].
    pub(crate) fn subscribe(&self) -> signal::Receiver<u64> {
        self.0.changes.subscribe()
    }

    /// Becomes `true` when the server shuts down.
    pub(crate) fn closing(&self) -> signal::Receiver<bool> {
        self.0.closing.subscribe()
    }

    /// Ends every watch stream (and refuses new ones): a graceful shutdown
    /// waits for open responses, and a stream never ends by itself.
    pub fn close_streams(&self) {
        self.0.closing.send_replace(true);
    }

    /// Puts the workspaces back as they were at start (builds posted since
    /// are gone) and restarts the seed's progression.
    pub fn reset(&self) {
        *self.workspaces_mut() = self.0.initial.clone();
        self.0.clock.reset();
        self.changed();
    }

    /// Interval of the watch streams' pings.
    pub fn sse_ping(&self) -> Duration {
        self.0.sse_ping
    }

    /// `--wildcard-host`, if given (e.g. `*.localhost:7007`).
    pub fn wildcard_host(&self) -> Option<&str> {
        self.0.wildcard_host.as_deref()
    }

    /// The build fault for the build POST now being answered, if any,
    /// counting it against `build_fault_count`.
    pub(crate) fn take_build_fault(&self) -> Option<(BuildStatus, BuildBody)> {
        let mut faults = unpoison(self.0.faults.lock());
        if faults.build_status == BuildStatus::None && faults.build_body == BuildBody::Normal {
            return None;
        }
        let taken = (faults.build_status, faults.build_body);
        if faults.build_fault_count > 0 {
            faults.build_fault_count -= 1;
            if faults.build_fault_count == 0 {
                faults.build_status = BuildStatus::None;
                faults.build_body = BuildBody::Normal;
            }
        }
        Some(taken)
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
    coder_api::routes()
        .merge(actions::routes())
        .merge(watch::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            fault_injection::inject,
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
        .merge(fault_controls::control_routes())
        .fallback(site_fallback)
        .with_state(state.clone())
        .merge(proxy)
        // Before any route: a host under the wildcard is a subdomain app,
        // whatever its path.
        .layer(middleware::from_fn_with_state(
            state,
            app_pages::subdomain_apps,
        ))
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
