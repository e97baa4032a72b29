//! Runs a provider: owns its shared state from creation to teardown, takes
//! the host's inputs and the consumers' commands, and follows the browser's
//! window events. The auth side lives in `auth_effects.rs`, fetching in
//! `fetching.rs`; every decision they follow is made in `auth`,
//! `client::policy` and `cache`, and every browser call in `host`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;

use super::auth_effects::SessionWatch;
use super::backend_popup::PopupFlow;
use super::fetching::{BodyWaiter, EarlyAnswer};
use super::following::Stream;
use super::registry::{next_provider_id, register_provider};
use super::Follows;
use super::{Command, ProviderShared};
use crate::auth::{AuthEvent, FallbackMode};
use crate::config::{origin_of, ConfigState};
use crate::host::apis::HostApis;
use crate::host::browser::{watch_window, PopupMessage, WindowEvent, WindowEvents};

/// The running side of one `<coder-provider>`. Dropping it stops
/// everything it started and closes the provider, so its consumers look
/// for their new nearest one.
pub struct Driver {
    pub(super) shared: Rc<ProviderShared>,
    pub(super) apis: RefCell<HostApis>,
    pub(super) state: RefCell<State>,
}

/// Where a driver tells the host page of a failure.
pub(super) type Report = Rc<dyn Fn(&str)>;

/// What a driver has running: timers, listeners, held answers.
#[derive(Default)]
pub(super) struct State {
    pub(super) early: Vec<EarlyAnswer>,
    pub(super) grace: Option<Timeout>,
    pub(super) recheck: Option<Timeout>,
    pub(super) polls: Vec<(String, Timeout)>,
    pub(super) window_events: Option<WindowEvents>,
    pub(super) session_watch: Option<SessionWatch>,
    pub(super) access_url: Option<String>,
    /// A sign-in from scratch is scheduled for the next microtask.
    pub(super) restart_pending: bool,
    /// The open popup of upstream 0.4's sign-in.
    pub(super) popup: Option<PopupFlow>,
    /// The workspaces followed live, and how.
    pub(super) follows: Follows,
    /// Their watch streams.
    pub(super) streams: Vec<Stream>,
    /// Their single-workspace polls.
    pub(super) follow_polls: Vec<(String, Timeout)>,
    /// Tells the host page of a failure (see [`Driver::report_errors_to`]).
    pub(super) report: Option<Report>,
    /// The last stream's serial number.
    pub(super) next_stream: u32,
    /// Workspaces whose permission check was asked (or answered).
    pub(super) permission_asked: Vec<String>,
    /// The regions request is in flight.
    pub(super) wildcard_asked: bool,
    /// The page's own workspaces requests waiting for a card's, by query.
    pub(super) body_waiters: Vec<(String, BodyWaiter)>,
}

impl Driver {
    /// Creates a provider's state with its inputs, registers it so
    /// consumers can find it, and starts driving it with the host's APIs.
    pub fn start(config: ConfigState, fallback: FallbackMode, apis: HostApis) -> Rc<Self> {
        let shared = ProviderShared::new(next_provider_id(), config);
        shared.set_fallback_mode(fallback);
        register_provider(&shared);
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
        driver.schedule_restart();
        driver
    }

    /// Where failures the host page should hear of go (a failed OAuth
    /// sign-in), besides the card's own message: the element fires them as
    /// `coder-error` events, which the React wrapper posts to Backstage's
    /// error API.
    pub fn report_errors_to(&self, report: impl Fn(&str) + 'static) {
        self.state.borrow_mut().report = Some(Rc::new(report));
    }

    /// The state its consumers read.
    pub fn shared(&self) -> &Rc<ProviderShared> {
        &self.shared
    }

    pub(super) fn weak(self: &Rc<Self>) -> Weak<Self> {
        Rc::downgrade(self)
    }

    /// New host APIs: resubscribe and sign in again from scratch.
    pub fn set_apis(self: &Rc<Self>, apis: HostApis) {
        *self.apis.borrow_mut() = apis;
        self.shared.set_proxy_base(None);
        self.watch_session();
        self.schedule_restart();
    }

    /// Signs in from scratch on the next microtask, once however many
    /// inputs change before it. A host sets the element's properties one
    /// by one right after it connects (React's layout effect: config, then
    /// each API): restarting on each would ask the OAuth API for a token
    /// once per property, and Backstage's OAuth2 client then refreshes that
    /// many times at once, each refresh rotating away the token the one
    /// before handed out.
    fn schedule_restart(self: &Rc<Self>) {
        if std::mem::replace(&mut self.state.borrow_mut().restart_pending, true) {
            return;
        }
        let weak = self.weak();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(d) = weak.upgrade() {
                d.state.borrow_mut().restart_pending = false;
                d.restart_auth();
            }
        });
    }

    /// `fallback-auth-ui-mode` changed (consumers see it on their next
    /// render, which every input change brings).
    pub fn set_fallback_mode(&self, mode: FallbackMode) {
        self.shared.set_fallback_mode(mode);
    }

    /// The app config changed: every consumer re-renders, and a new
    /// deployment means a new sign-in.
    pub fn set_config(self: &Rc<Self>, config: ConfigState) {
        self.shared.set_config(config);
        let access = self.access_url();
        if self.state.borrow().access_url != access {
            self.schedule_restart();
        }
    }

    /// The deployment the config names, when it is valid.
    pub(super) fn access_url(&self) -> Option<String> {
        match self.shared.config() {
            ConfigState::Ready(c) => Some(c.access_url().to_owned()),
            _ => None,
        }
    }

    fn listen(self: &Rc<Self>) {
        let weak = self.weak();
        let events = watch_window(move |event| {
            if let Some(d) = weak.upgrade() {
                d.window_event(event);
            }
        });
        self.state.borrow_mut().window_events = Some(events);
    }

    fn window_event(self: &Rc<Self>, event: WindowEvent) {
        match event {
            WindowEvent::Online => {
                self.dispatch(AuthEvent::Online);
                self.fetch_all();
            }
            // Polling pauses while nobody can see the page.
            WindowEvent::Hidden(true) => {
                self.state.borrow_mut().polls.clear();
                self.shared.cache_mut().abandon_all();
                self.answer_page_waiters(None, None);
                self.unfollow_all();
            }
            WindowEvent::Hidden(false) => self.fetch_all(),
            WindowEvent::Popup(message) => self.popup_message(message),
        }
    }

    /// An OAuth popup result: accepted only from the Backstage backend's
    /// origin (the proxy's), which is known before any Coder request.
    fn popup_message(self: &Rc<Self>, message: PopupMessage) {
        if message.from_coder_backend {
            return self.backend_popup_message(message);
        }
        let backend = self.shared.proxy_base().and_then(|b| origin_of(&b));
        if backend.as_deref() == Some(message.origin.as_str()) {
            self.dispatch(AuthEvent::OAuthToken(Some(message.access_token)));
        }
    }

    fn command(self: &Rc<Self>, command: Command) {
        match command {
            Command::Auth(event) => self.dispatch(event),
            Command::SignInWithOAuth => self.sign_in_with_oauth(),
            // Not notified by itself: the attempt's own command follows.
            Command::Attempt(form) => self.shared.set_attempted_by(form),
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
                    self.fetch(key.clone());
                    self.shared.cache_mut().ask_refresh(&key);
                }
                self.shared.notify();
            }
            Command::Act(id, action) => self.act(id, action),
            Command::DismissActionError(id) => self.dismiss_action_error(&id),
            Command::CheckPermission(id) => self.check_permission(&id),
            Command::SetFallbackOpen(open) => {
                self.shared.set_fallback_open(open);
                self.shared.notify();
            }
            Command::CardMounted => {
                self.shared.count_form_consumer(1);
                self.shared.notify();
            }
            Command::CardUnmounted => {
                self.shared.count_form_consumer(-1);
                self.shared.notify();
            }
        }
    }
}

impl Driver {
    /// Forgets everything learnt as the signed-in user and stops following
    /// (a new sign-in, unlink, a new deployment).
    pub(super) fn forget_user(self: &Rc<Self>) {
        self.unfollow_all();
        self.shared.forget_user();
        let mut state = self.state.borrow_mut();
        state.permission_asked.clear();
        state.wildcard_asked = false;
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.shared.set_command_sink(None);
        self.stop_watching_session();
        self.shared.close();
    }
}
