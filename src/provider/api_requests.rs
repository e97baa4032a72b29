//! Requests the host page's own code makes through the provider's
//! `coderApi` (custom components: upstream's `useCoderApi`). They go the
//! way the card's requests go: the signed-in session (proxy base, Coder
//! token and Backstage bearer as headers), the 20 s timeout, the answer
//! classified by `client::policy`; a 401 from Coder signs every consumer
//! of the provider out, and a GET is retried on an outage as a card's
//! fetch is.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::fetching::Shared;
use super::Driver;
use crate::auth::AuthEvent;
use crate::client::http::api_request;
use crate::client::policy::{retry_delay_ms, with_online_state};
use crate::client::{ApiRequest, Method, RequestError};
use crate::host::browser;

impl Driver {
    /// Sends `request` as the signed-in user: Coder's JSON answer as text
    /// (`""` for none). Without a usable token nothing is sent
    /// (`Unauthorized`).
    ///
    /// A workspaces query a card of this provider watches is the card's
    /// request: answered by the card's answer while it is current, else
    /// with the card's next request, so the card and the page's code make
    /// one request between them (`fresh_only`: not an answer from before
    /// this call, for an explicit refetch).
    pub fn api_request(
        self: &Rc<Self>,
        request: ApiRequest,
        mut fresh_only: bool,
    ) -> impl std::future::Future<Output = Result<String, RequestError>> {
        let weak = self.weak();
        async move {
            let mut failures = 0;
            loop {
                let Some(driver) = weak.upgrade() else {
                    return Err(gone());
                };
                if driver.shared.auth().usable_token().is_none() {
                    return Err(RequestError::Unauthorized);
                }
                let shared = request
                    .workspaces_query()
                    .and_then(|key| driver.share_workspaces(key, fresh_only));
                fresh_only = false;
                drop(driver);
                let answer = match shared {
                    Some(Shared::Ready(body)) => return Ok(body.to_string()),
                    Some(Shared::Waiting(wait)) => wait.await,
                    None => None,
                };
                let cards = answer.is_some();
                let result = match answer {
                    Some(answer) => answer.map(|body| body.to_string()),
                    // Sent apart from the cards' requests.
                    None => {
                        let session = weak.upgrade().ok_or_else(gone)?.user_session();
                        let result = match session.await {
                            Ok(session) => api_request(&session, &request).await,
                            Err(error) => Err(error),
                        };
                        // It may have changed what the cards' answers say
                        // (even one that timed out may have been carried
                        // out); done, the cards show it now rather than at
                        // their next poll.
                        if let (false, Some(driver)) =
                            (request.method == Method::Get, weak.upgrade())
                        {
                            driver.shared.cache_mut().forget_bodies();
                            if result.is_ok() {
                                driver.fetch_all();
                            }
                        }
                        result
                    }
                };
                let error = match with_online_state(result, browser::offline()) {
                    Ok(text) => return Ok(text),
                    Err(error) => error,
                };
                if error == RequestError::Unauthorized {
                    // Coder refused the token: re-checked as when a card's
                    // request meets a 401 (the card's own already was),
                    // which signs out every consumer.
                    if let (false, Some(driver)) = (cards, weak.upgrade()) {
                        driver.dispatch(AuthEvent::Unauthorized);
                    }
                    return Err(error);
                }
                failures += 1;
                // Only a GET is repeated: a POST that timed out may have
                // been carried out.
                match (request.method, retry_delay_ms(&error, failures)) {
                    (Method::Get, Some(ms)) => sleep(ms).await,
                    _ => return Err(error),
                }
            }
        }
    }
}

/// What a request of a removed provider answers.
fn gone() -> RequestError {
    RequestError::HostApi(
        "the <coder-provider> of this coderApi is no longer on the page; \
         use the coderApi of the provider that is"
            .to_owned(),
    )
}

/// Resolves after `ms` milliseconds (a timer promise: no JS callback
/// outlives it).
async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve.unchecked_ref(),
                ms as i32,
            );
        }
    });
    let _ = JsFuture::from(promise).await;
}
