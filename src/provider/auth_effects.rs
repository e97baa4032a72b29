//! The auth side of a provider's driver: feeds events to the auth machine
//! and carries out the effects it asks for (host calls, timers, token
//! storage), then tells every consumer.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::fetching::session;
use super::page_checks::{check_on_page, forget_passed_checks, Waiter};
use super::Driver;
use crate::auth::{
    storage_key, AuthEffect, AuthEvent, ValidationFailure, GRACE_PERIOD_MS, RECHECK_MS,
};
use crate::client::RequestError;
use crate::host::apis::{unsubscribe, OAuthAnswer};
use crate::host::browser;

/// The `sessionState$` observer and its subscription.
pub(super) type SessionWatch = (Closure<dyn FnMut(JsValue)>, JsValue);

impl Driver {
    /// Follows the OAuth API's `sessionState$` (replacing any earlier
    /// subscription).
    pub(super) fn watch_session(self: &Rc<Self>) {
        self.stop_watching_session();
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

    pub(super) fn stop_watching_session(&self) {
        if let Some((_, subscription)) = self.state.borrow_mut().session_watch.take() {
            unsubscribe(&subscription);
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

    /// Signs in from scratch: forgets timers, polls and cached answers, and
    /// starts the machine with the token stored for this deployment.
    pub(super) fn restart_auth(self: &Rc<Self>) {
        self.resolve_proxy_base();
        let access = self.access_url();
        let stored = access
            .as_deref()
            .and_then(|a| browser::stored(&storage_key(a)));
        let (oauth_available, oauth_session) = self.oauth_methods();
        {
            let mut state = self.state.borrow_mut();
            state.early.clear();
            state.access_url = access;
            state.grace = None;
            state.recheck = None;
            state.polls.clear();
            state.popup = None;
        }
        self.shared.cache_mut().clear();
        self.answer_page_waiters(None, Some(Err(RequestError::Unauthorized)));
        self.shared.clear_icons();
        self.forget_user();
        self.dispatch(AuthEvent::Started {
            stored_token: stored,
            oauth_available,
            oauth_session,
        });
    }

    /// Applies an auth event, runs its effects, and tells every consumer.
    pub(super) fn dispatch(self: &Rc<Self>, event: AuthEvent) {
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
            self.answer_page_waiters(None, Some(Err(RequestError::Unauthorized)));
            self.unfollow_all();
        }
        self.settle_early_answers();
        self.shared.notify();
    }

    /// Opens the OAuth popup (the user clicked "Sign in with Coder OAuth").
    pub(super) fn sign_in_with_oauth(self: &Rc<Self>) {
        let Some(api) = self.apis.borrow().auth.clone() else {
            return self.sign_in_with_backend_popup();
        };
        self.dispatch(AuthEvent::OAuthWindowOpened);
        let weak = self.weak();
        spawn_local(async move {
            let result = api.token(true).await;
            if let Some(d) = weak.upgrade() {
                d.dispatch(match result {
                    Ok(OAuthAnswer::Token(token)) => AuthEvent::OAuthToken(Some(token)),
                    // Backstage resolves without a token only when no
                    // window could finish the sign-in: as if cancelled.
                    Ok(OAuthAnswer::NoToken | OAuthAnswer::Cancelled) => AuthEvent::OAuthCancelled,
                    Err(e) => AuthEvent::OAuthFailed(e.to_string()),
                });
            }
        });
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
                    let token = match api.token(false).await {
                        Ok(OAuthAnswer::Token(token)) => Some(token),
                        _ => None,
                    };
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(AuthEvent::OAuthToken(token));
                    }
                });
            }
            AuthEffect::Validate {
                token,
                generation,
                first,
            } => {
                if self.shared.auth().token_on_trial() == Some(token.as_str()) {
                    // Cards watching already fetch with the new token now.
                    self.fetch_all();
                }
                let session = session(&self.apis.borrow(), &self.shared, token);
                let answer: Waiter = Box::new(move |result| {
                    if let Some(d) = weak.upgrade() {
                        d.dispatch(match result {
                            Ok(user) => AuthEvent::Validated { generation, user },
                            Err(e) => AuthEvent::ValidationFailed {
                                generation,
                                failure: ValidationFailure::from(e),
                            },
                        });
                    }
                });
                spawn_local(async move {
                    match session.await {
                        Ok(s) => check_on_page(s, first, answer),
                        Err(e) => answer(Err(e)),
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
                if let Some(key) = self.state.borrow().access_url.as_deref().map(storage_key) {
                    browser::store(&key, &token);
                }
            }
            AuthEffect::ForgetStoredToken => {
                if let Some(key) = self.state.borrow().access_url.as_deref().map(storage_key) {
                    browser::forget(&key);
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
                // Signed out, or the token died: no provider on the page
                // takes an earlier pass for its first check any more.
                forget_passed_checks();
                let mut state = self.state.borrow_mut();
                state.polls.clear();
                state.early.clear();
                drop(state);
                self.shared.cache_mut().clear();
                self.answer_page_waiters(None, Some(Err(RequestError::Unauthorized)));
                self.forget_user();
            }
            AuthEffect::ReportError(message) => {
                let report = self.state.borrow().report.clone();
                if let Some(report) = report {
                    report(&message);
                }
            }
        }
    }
}
