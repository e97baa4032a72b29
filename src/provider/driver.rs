//! Runs a provider: carries out the auth machine's effects, fetches the
//! cache's queries on schedule, and listens to the browser (online,
//! visibility, OAuth popup messages, the OAuth session). Browser-only glue:
//! every decision it follows is made in `auth`, `client::policy` and
//! `cache`.

use std::cell::RefCell;
use std::future::Future;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use super::{Command, NextFetch, ProviderShared};
use crate::auth::{
    storage_key, AuthEffect, AuthEvent, ValidationFailure, GRACE_PERIOD_MS, RECHECK_MS,
};
use crate::client::http::{fetch_user, fetch_workspaces, Session};
use crate::client::{Answer, RequestError};
use crate::config::parse_web_url;
use crate::config::ConfigState;
use crate::host::apis::{unsubscribe, HostApis};

/// The running side of one `<coder-provider>`; dropping it stops
/// everything it started.
pub struct Driver {
    shared: Rc<ProviderShared>,
    apis: RefCell<HostApis>,
    state: RefCell<State>,
}

/// The `sessionState$` observer and its subscription.
type SessionWatch = (Closure<dyn FnMut(JsValue)>, JsValue);

/// A workspaces answer fetched with a token still on trial, held until
/// its check passes (then used) or fails (then dropped).
struct EarlyAnswer {
    key: String,
    id: u32,
    token: String,
    result: Result<Answer, RequestError>,
}

#[derive(Default)]
struct State {
    early: Vec<EarlyAnswer>,
    grace: Option<Timeout>,
    recheck: Option<Timeout>,
    polls: Vec<(String, Timeout)>,
    listeners: Vec<EventListener>,
    session_watch: Option<SessionWatch>,
    access_url: Option<String>,
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn page_hidden() -> bool {
    window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

fn session_storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.session_storage().ok().flatten())
}

fn origin_of(url: &str) -> Option<String> {
    let parsed = parse_web_url(url).ok()?;
    let mut origin = parsed.scheme.to_owned();
    origin.push_str("://");
    origin.push_str(&parsed.authority);
    Some(origin)
}

impl Driver {
    /// Starts driving `shared` with the host's APIs.
    pub fn start(shared: Rc<ProviderShared>, apis: HostApis) -> Rc<Self> {
        let driver = Rc::new(Self {
            shared,
            apis: RefCell::new(apis),
            state: RefCell::new(State::default()),
        });
        let weak = Rc::downgrade(&driver);
        driver.shared.set_command_sink(Some(Rc::new(move |command| {
            if let Some(d) = weak.upgrade() {
                d.command(command);
            }
        })));
        driver.listen();
        driver.watch_session();
        driver.restart_auth();
        driver
    }

    fn weak(self: &Rc<Self>) -> Weak<Self> {
        Rc::downgrade(self)
    }

    /// New host APIs: resubscribe and sign in again from scratch.
    pub fn set_apis(self: &Rc<Self>, apis: HostApis) {
        *self.apis.borrow_mut() = apis;
        self.shared.set_proxy_base(None);
        self.watch_session();
        self.restart_auth();
    }

    /// The app config changed: a new deployment means a new sign-in.
    pub fn config_changed(self: &Rc<Self>) {
        let access = match self.shared.config() {
            ConfigState::Ready(c) => Some(c.access_url().to_owned()),
            _ => None,
        };
        if self.state.borrow().access_url != access {
            self.restart_auth();
        }
    }

    fn listen(self: &Rc<Self>) {
        let Some(win) = window() else { return };
        let mut listeners = Vec::new();
        let weak = self.weak();
        listeners.push(EventListener::new(&win, "online", move |_| {
            if let Some(d) = weak.upgrade() {
                d.dispatch(AuthEvent::Online);
                d.fetch_all();
            }
        }));
        if let Some(doc) = win.document() {
            let weak = self.weak();
            listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                if let Some(d) = weak.upgrade() {
                    if page_hidden() {
                        // Polling pauses while nobody can see the page.
                        d.state.borrow_mut().polls.clear();
                        d.shared.cache_mut().abandon_all();
                    } else {
                        d.fetch_all();
                    }
                }
            }));
        }
        let weak = self.weak();
        listeners.push(EventListener::new(&win, "message", move |event| {
            if let (Some(d), Some(event)) =
                (weak.upgrade(), event.dyn_ref::<web_sys::MessageEvent>())
            {
                d.popup_message(event);
            }
        }));
        self.state.borrow_mut().listeners = listeners;
    }

    /// An OAuth popup result posted to this window: accepted only from the
    /// Backstage backend's origin and in Backstage's message shape.
    fn popup_message(self: &Rc<Self>, event: &web_sys::MessageEvent) {
        let Some(backend) = self.shared.proxy_base().and_then(|b| origin_of(&b)) else {
            return;
        };
        if event.origin() != backend {
            return;
        }
        let data = event.data();
        let get = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
        if get(&data, "type").and_then(|t| t.as_string()).as_deref()
            != Some("authorization_response")
        {
            return;
        }
        let token = get(&data, "response")
            .and_then(|r| get(&r, "providerInfo"))
            .and_then(|p| get(&p, "accessToken"))
            .and_then(|t| t.as_string());
        if let Some(token) = token {
            self.dispatch(AuthEvent::OAuthToken(Some(token)));
        }
    }

    fn watch_session(self: &Rc<Self>) {
        if let Some((_, subscription)) = self.state.borrow_mut().session_watch.take() {
            unsubscribe(&subscription);
        }
        let Some(api) = self.apis.borrow().auth.clone() else {
            return;
        };
        let weak = self.weak();
        let on_change = Closure::<dyn FnMut(JsValue)>::new(move |state: JsValue| {
            let Some(d) = weak.upgrade() else { return };
            match state.as_string().as_deref() {
                Some("SignedIn") => d.dispatch(AuthEvent::SessionSignedIn),
                Some("SignedOut") => d.dispatch(AuthEvent::SessionSignedOut),
                _ => {}
            }
        });
        if let Some(subscription) = api.watch_session(&on_change) {
            self.state.borrow_mut().session_watch = Some((on_change, subscription));
        }
    }

    /// Learns the proxy URL up front: OAuth popup messages are checked
    /// against its origin, and one may arrive before any Coder request.
    fn resolve_proxy_base(self: &Rc<Self>) {
        let Some(discovery) = self.apis.borrow().discovery.clone() else {
            return;
        };
        let shared = self.shared.clone();
        let base = discovery.coder_base();
        spawn_local(async move {
            if let Ok(base) = base.await {
                shared.set_proxy_base(Some(base));
            }
        });
    }

    fn restart_auth(self: &Rc<Self>) {
        self.resolve_proxy_base();
        let access = match self.shared.config() {
            ConfigState::Ready(c) => Some(c.access_url().to_owned()),
            _ => None,
        };
        let stored = access
            .as_deref()
            .and_then(|a| session_storage()?.get_item(&storage_key(a)).ok().flatten());
        let oauth_available = self.apis.borrow().auth.is_some();
        {
            let mut state = self.state.borrow_mut();
            state.early.clear();
            state.access_url = access;
            state.grace = None;
            state.recheck = None;
            state.polls.clear();
        }
        self.shared.cache_mut().clear();
        self.dispatch(AuthEvent::Started {
            stored_token: stored,
            oauth_available,
        });
    }

    /// Applies an auth event, runs its effects, and tells every consumer.
    fn dispatch(self: &Rc<Self>, event: AuthEvent) {
        let was_authed = self.shared.auth().status().is_authenticated();
        let effects = self.shared.auth_mut().handle(event);
        for effect in effects {
            self.run(effect);
        }
        let authed = self.shared.auth().status().is_authenticated();
        if authed && !was_authed {
            // Queries with an early request in flight or held are skipped
            // here (still in flight for the cache) and settled below.
            self.fetch_all();
        } else if !authed && was_authed {
            self.state.borrow_mut().polls.clear();
            self.shared.cache_mut().abandon_all();
        }
        self.settle_early_answers();
        self.shared.notify();
    }

    /// Uses the answers fetched with a token whose check has now passed,
    /// drops those whose token is no longer on trial, keeps the rest.
    fn settle_early_answers(self: &Rc<Self>) {
        let early = std::mem::take(&mut self.state.borrow_mut().early);
        for answer in early {
            let (usable, on_trial) = {
                let auth = self.shared.auth();
                (
                    auth.usable_token() == Some(answer.token.as_str()),
                    auth.token_on_trial() == Some(answer.token.as_str()),
                )
            };
            if usable {
                self.fetched(answer.key, answer.id, answer.result);
            } else if on_trial {
                self.state.borrow_mut().early.push(answer);
            } else {
                // Its token failed or was replaced: ask again with the
                // current one, if any.
                self.shared.cache_mut().abandon(&answer.key, answer.id);
                self.fetch(answer.key);
            }
        }
    }

    fn run(self: &Rc<Self>, effect: AuthEffect) {
        let weak = self.weak();
        match effect {
            AuthEffect::RequestOAuthSilently => {
                let Some(api) = self.apis.borrow().auth.clone() else {
                    return;
                };
                spawn_local(async move {
                    // A failed silent request just means "not signed in".
                    let token = api.token(false).await.ok().flatten();
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(AuthEvent::OAuthToken(token));
                    }
                });
            }
            AuthEffect::Validate { token, generation } => {
                if self.shared.auth().token_on_trial() == Some(token.as_str()) {
                    // Cards watching already fetch with the new token now.
                    self.fetch_all();
                }
                let apis = self.apis.borrow().clone();
                let session = session(&apis, &self.shared, token);
                spawn_local(async move {
                    let result = match session.await {
                        Ok(s) => fetch_user(&s).await,
                        Err(e) => Err(e),
                    };
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(match result {
                            Ok(user) => AuthEvent::Validated {
                                generation,
                                username: user.username.unwrap_or_default(),
                            },
                            Err(e) => AuthEvent::ValidationFailed {
                                generation,
                                failure: ValidationFailure::from(e),
                            },
                        });
                    }
                });
            }
            AuthEffect::StartGraceTimer { generation } => {
                self.state.borrow_mut().grace = Some(Timeout::new(GRACE_PERIOD_MS, move || {
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(AuthEvent::GraceExpired { generation });
                    }
                }));
            }
            AuthEffect::StartRecheckTimer { generation } => {
                self.state.borrow_mut().recheck = Some(Timeout::new(RECHECK_MS, move || {
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(AuthEvent::RecheckDue { generation });
                    }
                }));
            }
            AuthEffect::StoreManualToken(token) => {
                let key = self.state.borrow().access_url.as_deref().map(storage_key);
                if let (Some(storage), Some(key)) = (session_storage(), key) {
                    let _ = storage.set_item(&key, &token);
                }
            }
            AuthEffect::ForgetStoredToken => {
                let key = self.state.borrow().access_url.as_deref().map(storage_key);
                if let (Some(storage), Some(key)) = (session_storage(), key) {
                    let _ = storage.remove_item(&key);
                }
            }
            AuthEffect::SignOutOAuth => {
                let Some(api) = self.apis.borrow().auth.clone() else {
                    return;
                };
                spawn_local(async move {
                    let _ = api.sign_out_session().await;
                });
            }
            AuthEffect::ClearCache => {
                let mut state = self.state.borrow_mut();
                state.polls.clear();
                state.early.clear();
                drop(state);
                self.shared.cache_mut().clear();
            }
        }
    }

    fn command(self: &Rc<Self>, command: Command) {
        match command {
            Command::Auth(event) => self.dispatch(event),
            Command::SignInWithOAuth => {
                let Some(api) = self.apis.borrow().auth.clone() else {
                    return;
                };
                let weak = self.weak();
                spawn_local(async move {
                    let result = api.token(true).await;
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(match result {
                            Ok(token) => AuthEvent::OAuthToken(token),
                            Err(e) => AuthEvent::OAuthFailed(e.to_string()),
                        });
                    }
                });
            }
            Command::Watch(key) => {
                let needs_fetch = self.shared.cache_mut().watch(&key);
                if needs_fetch {
                    self.fetch(key);
                }
                self.shared.notify();
            }
            Command::Unwatch(key) => {
                if self.shared.cache_mut().unwatch(&key) {
                    self.state.borrow_mut().polls.retain(|(k, _)| *k != key);
                }
            }
            Command::Refresh(keys) => {
                for key in keys {
                    self.fetch(key);
                }
            }
            Command::SetFallbackOpen(open) => {
                self.shared.set_fallback_open(open);
                self.shared.notify();
            }
        }
    }

    fn fetch_all(self: &Rc<Self>) {
        let keys = self.shared.cache().watched();
        for key in keys {
            self.fetch(key);
        }
    }

    /// Fetches `key` now, unless a request for it is in flight or nobody is
    /// signed in.
    /// With a token still being checked the fetch is early: its answer is
    /// held until the check passes, so the list need not wait for the
    /// check's round trip (see [`settle_early_answers`](Self::settle_early_answers)).
    fn fetch(self: &Rc<Self>, key: String) {
        let (token, early) = {
            let auth = self.shared.auth();
            match (auth.usable_token(), auth.token_on_trial()) {
                (Some(token), _) => (token.to_owned(), false),
                (None, Some(token)) => (token.to_owned(), true),
                (None, None) => return,
            }
        };
        let Some(id) = self.shared.cache_mut().begin(&key) else {
            return;
        };
        let known = if early {
            None
        } else {
            self.shared.cache().fingerprint(&key)
        };
        self.state.borrow_mut().polls.retain(|(k, _)| *k != key);
        let apis = self.apis.borrow().clone();
        let session = session(&apis, &self.shared, token.clone());
        let weak = self.weak();
        spawn_local(async move {
            let result = match session.await {
                Ok(s) => fetch_workspaces(&s, &key, known).await,
                Err(e) => Err(e),
            };
            let Some(d) = weak.upgrade() else { return };
            if early {
                d.state.borrow_mut().early.push(EarlyAnswer {
                    key,
                    id,
                    token,
                    result,
                });
                d.settle_early_answers();
            } else {
                d.fetched(key, id, result);
            }
        });
    }

    fn fetched(self: &Rc<Self>, key: String, id: u32, result: Result<Answer, RequestError>) {
        let unauthorized = matches!(result, Err(RequestError::Unauthorized));
        let authed = self.shared.auth().status().is_authenticated();
        let (changed, next) = self.shared.cache_mut().finish(&key, id, result, authed);
        if let NextFetch::After(ms) = next {
            if !page_hidden() {
                let weak = self.weak();
                let k = key.clone();
                let timer = Timeout::new(ms, move || {
                    if let Some(d) = weak.upgrade() {
                        d.fetch(k);
                    }
                });
                let mut state = self.state.borrow_mut();
                state.polls.retain(|(k, _)| *k != key);
                state.polls.push((key, timer));
            }
        }
        if unauthorized {
            self.dispatch(AuthEvent::Unauthorized);
        } else if changed {
            self.shared.notify();
        }
    }
}

/// Where and as whom to call Coder: the proxy URL from the discovery API,
/// the token, and the Backstage bearer from the identity API.
///
/// Both host calls are made now, when this is called, not when the future
/// is first polled: a spawned future is polled only after whatever else is
/// queued (on a page's first mount, the whole first render), and the
/// identity API may itself have to make a request (a token refresh).
fn session(
    apis: &HostApis,
    shared: &Rc<ProviderShared>,
    token: String,
) -> impl Future<Output = Result<Session, RequestError>> {
    let api_base = apis.discovery.as_ref().map(|d| d.coder_base());
    let bearer = apis
        .identity
        .as_ref()
        .map(|identity| identity.backstage_token());
    let shared = shared.clone();
    async move {
        let api_base = api_base.ok_or_else(|| {
            RequestError::HostApi(
                "<coder-provider> has no discoveryApi: set its discoveryApi property to \
                 Backstage's discovery API (getBaseUrl('proxy'))."
                    .to_owned(),
            )
        })?;
        let api_base = api_base.await?;
        shared.set_proxy_base(Some(api_base.clone()));
        let bearer = match bearer {
            Some(token) => token.await?,
            None => None,
        };
        Ok(Session {
            api_base,
            token,
            bearer,
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.shared.set_command_sink(None);
        if let Some((_, subscription)) = self.state.get_mut().session_watch.take() {
            unsubscribe(&subscription);
        }
    }
}
