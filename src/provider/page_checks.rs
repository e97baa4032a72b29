//! The browser side of [`SessionChecks`]: the page's one table (one per
//! wasm module, so every provider on the page shares it) and the
//! `users/me` requests it asks for.

use std::cell::RefCell;

use wasm_bindgen_futures::spawn_local;

use super::{Ask, CheckKey, SessionChecks};
use crate::client::http::{fetch_user, Session};
use crate::client::policy::with_online_state;
use crate::client::RequestError;
use crate::coder::User;
use crate::host::browser;

/// Hands a provider the answer of its session check.
pub(super) type Waiter = Box<dyn FnOnce(Result<User, RequestError>)>;

thread_local! {
    static PAGE_CHECKS: RefCell<SessionChecks<Waiter>> = RefCell::new(SessionChecks::default());
}

/// Checks `session`'s token with `users/me`, unless a provider on the page
/// is already asking (then that answer is this one's too) or, for a
/// `first` check, one got a pass a moment ago.
pub(super) fn check_on_page(session: Session, first: bool, answer: Waiter) {
    let key = CheckKey {
        api_base: session.api_base.clone(),
        token: session.token.clone(),
        bearer: session.bearer.clone(),
    };
    let now = js_sys::Date::now();
    let asked = PAGE_CHECKS.with(|c| c.borrow_mut().ask(key.clone(), now, first, answer));
    match asked {
        Ask::Known(user, answer) => answer(Ok(user)),
        Ask::Joined => {}
        Ask::Send(ticket) => spawn_local(async move {
            let result = with_online_state(fetch_user(&session).await, browser::offline());
            let waiters = PAGE_CHECKS.with(|c| {
                c.borrow_mut()
                    .settle(&key, ticket, result.as_ref().ok(), js_sys::Date::now())
            });
            for answer in waiters {
                answer(result.clone());
            }
        }),
    }
}

/// A provider signed out, or its token died: no first check on the page
/// takes an earlier pass any more.
pub(super) fn forget_passed_checks() {
    PAGE_CHECKS.with(|c| c.borrow_mut().forget_passed());
}

/// Forgets every check, passed or under way (those still under way answer
/// no one). For test pages that mount provider after provider with the
/// same token against a fake Coder whose answers change between tests.
pub fn forget_page_checks() {
    PAGE_CHECKS.with(|c| c.borrow_mut().forget_all());
}
