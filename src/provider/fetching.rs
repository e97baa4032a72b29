//! The fetching side of a provider's driver: runs the cache's queries when
//! they are due, holds answers fetched with a token still being checked,
//! and schedules the next poll the cache asks for.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::cache::Share;
use super::{Driver, NextFetch, ProviderShared};
use crate::card::IconImage;
use crate::client::http::{fetch_icon, fetch_workspaces, Raw, Session};
use crate::client::policy::with_online_state;
use crate::client::{Answer, RequestError};
use crate::config::image_data_url;
use crate::host::apis::HostApis;
use crate::host::browser;

/// A workspaces answer fetched with a token still on trial, held until
/// its check passes (then used) or fails (then dropped).
pub(super) struct EarlyAnswer {
    key: String,
    id: u32,
    token: String,
    result: Result<Answer, RequestError>,
}

impl Driver {
    /// Fetches every watched query now.
    pub(super) fn fetch_all(self: &Rc<Self>) {
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
    pub(super) fn fetch(self: &Rc<Self>, key: String) {
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
        let keep_body = self.shared.cache().wants_body();
        let body_known = self.shared.cache().body(&key).is_some();
        self.state.borrow_mut().polls.retain(|(k, _)| *k != key);
        let session = session(&self.apis.borrow(), &self.shared, token.clone());
        let weak = self.weak();
        spawn_local(async move {
            let result = match session.await {
                Ok(s) => {
                    let answer = fetch_workspaces(&s, &key, known, keep_body, body_known).await;
                    with_online_state(answer, browser::offline())
                }
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

    /// Uses the answers fetched with a token whose check has now passed,
    /// drops those whose token is no longer on trial, keeps the rest.
    pub(super) fn settle_early_answers(self: &Rc<Self>) {
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

    fn fetched(self: &Rc<Self>, key: String, id: u32, result: Result<Answer, RequestError>) {
        // The request the cache follows for `key` (not one a sign-out, a
        // hidden page or a newer token abandoned).
        let current = self.shared.cache().in_flight(&key) == Some(id);
        let failure = result.as_ref().err().cloned();
        if let (Ok(Answer::List(workspaces, ..)), Some(access_url)) = (&result, self.access_url()) {
            let missing = self.shared.icons().missing(workspaces, &access_url);
            for path in missing {
                self.fetch_icon(path);
            }
            self.learn_about(workspaces);
        }
        let unauthorized = matches!(result, Err(RequestError::Unauthorized));
        let answered = result.is_ok();
        let authed = self.shared.auth().status().is_authenticated();
        let (changed, next) =
            self.shared
                .cache_mut()
                .finish(&key, id, result, authed, browser::now_ms());
        if let NextFetch::After(ms) = next {
            if !browser::page_hidden() {
                let weak = self.weak();
                let k = key.clone();
                let timer = Timeout::new(ms, move || {
                    if let Some(d) = weak.upgrade() {
                        d.fetch(k);
                    }
                });
                let mut state = self.state.borrow_mut();
                state.polls.retain(|(k, _)| *k != key);
                state.polls.push((key.clone(), timer));
            }
        }
        if answered {
            let recovering = self.shared.cache().recovering(&key);
            for other in recovering {
                self.fetch(other);
            }
        }
        if unauthorized {
            self.dispatch(crate::auth::AuthEvent::Unauthorized);
        } else if changed {
            self.shared.notify();
            self.refollow();
        }
        // The page's code waiting for `key` takes only the answer the cache
        // took; an abandoned one's waiters wait for the newer request in
        // flight or, with none, ask on their own.
        if current {
            // The body the cache holds now (an unchanged answer brings none
            // of its own), or why there is none (then they ask on their own).
            let for_page = match failure {
                Some(error) => Some(Err(error)),
                None => self.shared.cache().body(&key).map(Ok),
            };
            self.answer_page_waiters(Some(&key), for_page);
        } else if self.shared.cache().in_flight(&key).is_none() {
            self.answer_page_waiters(Some(&key), None);
        }
    }

    /// Answers the page's requests waiting for `key`'s answer (for every
    /// key with `None`): on a sign-out, with why; when the cards stop
    /// polling, with `None`, so they ask on their own. Their futures resume
    /// on a later microtask.
    pub(super) fn answer_page_waiters(&self, key: Option<&str>, answer: BodyAnswer) {
        loop {
            let waiter = {
                let mut state = self.state.borrow_mut();
                let at = state
                    .body_waiters
                    .iter()
                    .position(|(k, _)| key.is_none_or(|key| k == key));
                at.map(|at| state.body_waiters.swap_remove(at).1)
            };
            match waiter {
                Some(waiter) => waiter.answer(answer.clone()),
                None => break,
            }
        }
    }

    /// The page's own code watches queries (`useCoderQuery`): the cards'
    /// answers keep their bodies, for the page's workspaces requests to
    /// share.
    pub fn page_watches_queries(&self) {
        self.shared.cache_mut().keep_bodies();
    }

    /// The page's own `GET /api/v2/workspaces` for the query `key` (see
    /// [`crate::client::ApiRequest::workspaces_query`]), shared with the
    /// cards: `None` when no card watches `key` (send it apart), else an
    /// answer that is ready or comes with the card's request.
    pub(super) fn share_workspaces(self: &Rc<Self>, key: &str, fresh_only: bool) -> Option<Shared> {
        let share = self
            .shared
            .cache_mut()
            .share(key, fresh_only, browser::now_ms());
        match share {
            Share::Own => None,
            Share::Fresh(body) => Some(Shared::Ready(body)),
            Share::Wait => {
                let (wait, waiter) = body_wait();
                self.state
                    .borrow_mut()
                    .body_waiters
                    .push((key.to_owned(), waiter));
                // Joins the request in flight, if any.
                self.fetch(key.to_owned());
                Some(Shared::Waiting(Box::pin(wait)))
            }
        }
    }
}

/// What a card's request hands the page's code waiting for the same
/// query: Coder's body, the request's failure, or `None` when the body was
/// not kept (a request already in flight when the page first asked).
pub(super) type BodyAnswer = Option<Result<Rc<str>, RequestError>>;

/// See [`Driver::share_workspaces`].
pub(super) enum Shared {
    /// A card's answer from a moment ago.
    Ready(Rc<str>),
    /// Resolves with the answer to the card's request.
    Waiting(std::pin::Pin<Box<dyn Future<Output = BodyAnswer>>>),
}

/// The waiting side of [`Shared::Waiting`], kept by the driver. Answered
/// or dropped (the provider went away: `None`), it wakes its future.
pub(super) struct BodyWaiter {
    slot: Rc<RefCell<BodyAnswer>>,
    wake: Option<js_sys::Function>,
}

impl BodyWaiter {
    fn answer(self, answer: BodyAnswer) {
        *self.slot.borrow_mut() = answer;
    }
}

impl Drop for BodyWaiter {
    fn drop(&mut self) {
        if let Some(wake) = self.wake.take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

/// A future of a [`BodyAnswer`] and the waiter that settles it (a promise:
/// no other channel is in the wasm).
fn body_wait() -> (impl Future<Output = BodyAnswer>, BodyWaiter) {
    let slot = Rc::new(RefCell::new(None));
    let mut wake = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| wake = Some(resolve));
    let waiter = BodyWaiter {
        slot: slot.clone(),
        wake,
    };
    let wait = async move {
        let _ = JsFuture::from(promise).await;
        slot.borrow_mut().take()
    };
    (wait, waiter)
}

impl Driver {
    /// Fetches the template icon at `path` through the proxy, with the same
    /// credentials as every Coder request (an `<img>` would carry none),
    /// and keeps it as a `data:` URL. A failure leaves the initial letter:
    /// an icon is decoration, not worth an error in the card.
    fn fetch_icon(self: &Rc<Self>, path: String) {
        let Some(token) = self.shared.auth().usable_token().map(str::to_owned) else {
            return;
        };
        self.shared.set_icon(&path, IconImage::Loading);
        let session = session(&self.apis.borrow(), &self.shared, token);
        let weak = self.weak();
        spawn_local(async move {
            let result = match session.await {
                Ok(s) => fetch_icon(&s, &path).await.and_then(Raw::into_image),
                Err(e) => Err(e),
            };
            let Some(d) = weak.upgrade() else { return };
            let image = result
                .ok()
                .and_then(|(content_type, bytes)| image_data_url(&content_type, &bytes))
                .map_or(IconImage::Failed, |url| IconImage::Ready(url.into()));
            d.shared.set_icon(&path, image);
            d.shared.notify();
        });
    }
}

/// Where and as whom to call Coder: the proxy URL from the discovery API,
/// the token, and the Backstage bearer from the identity API; `Offline`
/// when the browser has no network (nothing is sent then; a request that
/// reaches nothing is read with [`with_online_state`]).
///
/// Both host calls are made now, when this is called, not when the future
/// is first polled: a spawned future is polled only after whatever else is
/// queued (on a page's first mount, the whole first render), and the
/// identity API may itself have to make a request (a token refresh).
pub(super) fn session(
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
        if browser::offline() {
            return Err(RequestError::Offline);
        }
        Ok(Session {
            api_base,
            token,
            bearer,
        })
    }
}
