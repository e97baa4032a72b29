//! Upstream 0.4's account linking, for hosts that give no Coder OAuth API
//! but configure `coder.oauth.clientId` (with
//! `@coder/backstage-plugin-coder-backend` in their backend): a popup to
//! Coder's consent page whose callback posts the token back. Only a message
//! from the popup we opened, from the backend's origin, is taken; the token
//! is then kept like a pasted one. A popup closed without an answer (Deny
//! leaves the callback's error page open) or blocked is said in the form.

use std::rc::Rc;

use gloo_timers::callback::Interval;

use super::Driver;
use crate::auth::AuthEvent;
use crate::config::backend_oauth;
use crate::host::browser::{self, PopupMessage};

/// How often an open popup is checked for having been closed.
const CLOSED_CHECK_MS: u32 = 400;

/// An open 0.4 sign-in popup.
pub(super) struct PopupFlow {
    window: web_sys::Window,
    origin: String,
    _closed_check: Interval,
}

impl Driver {
    /// `coder.oauth.clientId` from the config API, when the host gave no
    /// Coder OAuth API (that API wins: it is upstream's current way).
    fn backend_client_id(&self) -> Option<String> {
        let apis = self.apis.borrow();
        if apis.auth.is_some() {
            return None;
        }
        apis.config
            .as_ref()?
            .string("coder.oauth.clientId")
            .filter(|id| !id.trim().is_empty())
    }

    /// Whether the form offers OAuth, and whether it has a Backstage
    /// session behind it (see `AuthEvent::Started`).
    pub(super) fn oauth_methods(&self) -> (bool, bool) {
        let session = self.apis.borrow().auth.is_some();
        (session || self.backend_client_id().is_some(), session)
    }

    /// Opens the 0.4 popup, or says why it can't.
    pub(super) fn sign_in_with_backend_popup(self: &Rc<Self>) {
        let (Some(client_id), Some(access)) = (self.backend_client_id(), self.access_url()) else {
            return;
        };
        let backend = self
            .apis
            .borrow()
            .config
            .as_ref()
            .and_then(|c| c.string("backend.baseUrl"));
        let flow = match backend_oauth(&access, &client_id, backend.as_deref()) {
            Ok(flow) => flow,
            Err(problem) => return self.dispatch(AuthEvent::OAuthFailed(problem.to_string())),
        };
        let Some(window) = browser::open_popup(&flow.authorize_url) else {
            self.state.borrow_mut().popup = None;
            return self.dispatch(AuthEvent::OAuthFailed(
                "The browser blocked the Coder sign-in window. Allow pop-ups for this site, \
                 or enter a token below."
                    .to_owned(),
            ));
        };
        let weak = self.weak();
        let watched = window.clone();
        let closed_check = Interval::new(CLOSED_CHECK_MS, move || {
            let Some(d) = weak.upgrade() else { return };
            if !browser::popup_closed(&watched) {
                return;
            }
            // Taking the flow also ends this check, which lives in it.
            let ended = d.state.borrow_mut().popup.take();
            if ended.is_some() {
                d.dispatch(AuthEvent::OAuthCancelled);
            }
        });
        let _ = window.focus();
        self.dispatch(AuthEvent::OAuthWindowOpened);
        self.state.borrow_mut().popup = Some(PopupFlow {
            window,
            origin: flow.backend_origin,
            _closed_check: closed_check,
        });
    }

    /// The 0.4 callback's message: taken only from the popup we opened and
    /// the backend's origin (its page posts to `'*'` when it can't read
    /// ours).
    pub(super) fn backend_popup_message(self: &Rc<Self>, message: PopupMessage) {
        let ours = self.state.borrow().popup.as_ref().is_some_and(|p| {
            p.origin == message.origin && message.source.as_ref() == Some(&p.window)
        });
        if !ours {
            return;
        }
        self.state.borrow_mut().popup = None;
        self.dispatch(AuthEvent::ManualToken(message.access_token));
    }
}
