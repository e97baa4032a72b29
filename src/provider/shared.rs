//! Shared provider state. Cards live in separate Yew apps (one per element),
//! so Yew contexts cannot reach them: they hold an `Rc` of this instead and
//! subscribe to changes. Consumers only read it and send [`Command`]s; the
//! mutators are the provider module's own (its driver's).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::QueryCache;
use crate::auth::{AuthEvent, AuthMachine, FallbackMode};
use crate::card::{
    row_menu, Activities, IconImage, IconImages, Listeners, Listening, MenuContext, MenuEntry,
    RowActivity,
};
use crate::coder::BuildAction;
use crate::config::ConfigState;

type CommandSink = Rc<dyn Fn(Command)>;

/// What a consumer (card, settings row, fallback UI) asks its provider to
/// do. The provider's driver carries it out and notifies every consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// An auth event from the UI: a typed token, unlink, dismiss, retry.
    Auth(AuthEvent),
    /// Open the OAuth popup.
    SignInWithOAuth,
    /// Sign-in form `n` is about to sign in (a token or OAuth): what
    /// goes wrong with the attempt is reported in that form only.
    Attempt(u32),
    /// Start watching a Coder query (a card mounted or changed filter).
    Watch(String),
    /// Stop watching a Coder query.
    Unwatch(String),
    /// Fetch these queries now (the card's Refresh action).
    Refresh(Vec<String>),
    /// Run an action on the workspace with this id (confirmed, if it
    /// needed confirmation).
    Act(String, BuildAction),
    /// Forget the failure shown on the workspace's row.
    DismissActionError(String),
    /// A row's menu opened: learn whether the user may act on it, if that
    /// is not known yet.
    CheckPermission(String),
    /// Open or close the fallback sign-in dialog.
    SetFallbackOpen(bool),
    /// A card that can show the sign-in form mounted, so a restrained
    /// provider hides its fallback button while it is there.
    CardMounted,
    /// That card unmounted.
    CardUnmounted,
}

/// State of one mounted `<coder-provider>`.
pub struct ProviderShared {
    id: u32,
    config: RefCell<ConfigState>,
    revision: Cell<u64>,
    closed: Cell<bool>,
    listeners: Listeners,
    auth: RefCell<AuthMachine>,
    cache: RefCell<QueryCache>,
    fallback_mode: Cell<FallbackMode>,
    fallback_open: Cell<bool>,
    form_consumers: Cell<usize>,
    attempted_by: Cell<Option<u32>>,
    proxy_base: RefCell<Option<String>>,
    /// Replaced, not mutated, on every change: a card compares the `Rc`
    /// it rendered with the current one.
    icons: RefCell<Rc<IconImages>>,
    /// Replaced, not mutated, on every change, like `icons`.
    activities: RefCell<Rc<Activities>>,
    /// Whether the user may start and stop each workspace, by id.
    may_update: RefCell<Vec<(String, bool)>>,
    /// The deployment's wildcard app host: `None` until asked.
    wildcard: RefCell<Option<Option<String>>>,
    commands: RefCell<Option<CommandSink>>,
}

// The mutators' only caller, the driver, is browser-only.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
impl ProviderShared {
    /// New state for the provider with registry id `id`.
    pub(super) fn new(id: u32, config: ConfigState) -> Rc<Self> {
        Rc::new(Self {
            id,
            config: RefCell::new(config),
            revision: Cell::new(0),
            closed: Cell::new(false),
            listeners: Listeners::default(),
            auth: RefCell::new(AuthMachine::new()),
            cache: RefCell::new(QueryCache::default()),
            fallback_mode: Cell::new(FallbackMode::default()),
            fallback_open: Cell::new(false),
            form_consumers: Cell::new(0),
            attempted_by: Cell::new(None),
            proxy_base: RefCell::new(None),
            icons: RefCell::new(Rc::default()),
            activities: RefCell::new(Rc::default()),
            may_update: RefCell::new(Vec::new()),
            wildcard: RefCell::new(None),
            commands: RefCell::new(None),
        })
    }

    /// Registry id, unique per mounted provider.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Bumped on every change, so consumers can tell two snapshots apart
    /// without comparing their contents.
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// True once the provider element disconnected: consumers must look for
    /// another provider.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Marks the provider gone and tells every consumer, so each can find
    /// its new nearest provider (or show that it has none).
    pub(super) fn close(&self) {
        self.closed.set(true);
        self.notify();
    }

    /// The current config state.
    pub fn config(&self) -> ConfigState {
        self.config.borrow().clone()
    }

    /// Replaces the config and tells every subscriber.
    pub(super) fn set_config(&self, config: ConfigState) {
        *self.config.borrow_mut() = config;
        self.notify();
    }

    /// The auth state (read it, don't hold the borrow across calls).
    pub fn auth(&self) -> std::cell::Ref<'_, AuthMachine> {
        self.auth.borrow()
    }

    /// The auth state, for the driver.
    pub(super) fn auth_mut(&self) -> std::cell::RefMut<'_, AuthMachine> {
        self.auth.borrow_mut()
    }

    /// The query cache (read it, don't hold the borrow across calls).
    pub fn cache(&self) -> std::cell::Ref<'_, QueryCache> {
        self.cache.borrow()
    }

    /// The query cache, for the driver.
    pub(super) fn cache_mut(&self) -> std::cell::RefMut<'_, QueryCache> {
        self.cache.borrow_mut()
    }

    /// `fallback-auth-ui-mode`.
    pub fn fallback_mode(&self) -> FallbackMode {
        self.fallback_mode.get()
    }

    /// Sets `fallback-auth-ui-mode`.
    pub(super) fn set_fallback_mode(&self, mode: FallbackMode) {
        self.fallback_mode.set(mode);
    }

    /// Whether the fallback dialog is open.
    pub fn fallback_open(&self) -> bool {
        self.fallback_open.get()
    }

    /// Opens or closes the fallback dialog.
    pub(super) fn set_fallback_open(&self, open: bool) {
        self.fallback_open.set(open);
    }

    /// Mounted consumers that can show the sign-in form (cards).
    pub fn form_consumers(&self) -> usize {
        self.form_consumers.get()
    }

    /// Counts a mounted card in (`+1`) or out (`-1`).
    pub(super) fn count_form_consumer(&self, delta: isize) {
        let n = self.form_consumers.get().saturating_add_signed(delta);
        self.form_consumers.set(n);
    }

    /// The sign-in form that made the latest attempt, if any.
    pub fn attempted_by(&self) -> Option<u32> {
        self.attempted_by.get()
    }

    /// Records the form making a sign-in attempt.
    pub(super) fn set_attempted_by(&self, form: u32) {
        self.attempted_by.set(Some(form));
    }

    /// `<proxy base>/coder`, once the discovery API answered (for icons).
    pub fn proxy_base(&self) -> Option<String> {
        self.proxy_base.borrow().clone()
    }

    /// Records the Coder proxy base URL.
    pub(super) fn set_proxy_base(&self, base: Option<String>) {
        *self.proxy_base.borrow_mut() = base;
    }

    /// The template icons fetched through the proxy so far.
    pub fn icons(&self) -> Rc<IconImages> {
        self.icons.borrow().clone()
    }

    /// Records the state of the icon at `path`.
    pub(super) fn set_icon(&self, path: &str, image: IconImage) {
        let mut icons = self.icons.borrow_mut();
        let mut next = IconImages::clone(&icons);
        next.set(path, image);
        *icons = Rc::new(next);
    }

    /// Forgets every icon (a new deployment or proxy).
    pub(super) fn clear_icons(&self) {
        *self.icons.borrow_mut() = Rc::default();
    }

    /// What is known about acting on each workspace.
    pub fn activities(&self) -> Rc<Activities> {
        self.activities.borrow().clone()
    }

    /// Changes the activity of workspace `id` (an empty one is dropped).
    pub(super) fn set_activity(&self, id: &str, change: impl FnOnce(&mut RowActivity)) {
        let mut activities = self.activities.borrow_mut();
        let mut next = Activities::clone(&activities);
        next.update(id, change);
        *activities = Rc::new(next);
    }

    /// Whether the user may start and stop workspace `id` (`None`: not
    /// known yet).
    pub fn may_update(&self, id: &str) -> Option<bool> {
        self.may_update
            .borrow()
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, ok)| *ok)
    }

    /// Records permission answers.
    pub(super) fn set_may_update(&self, answers: impl IntoIterator<Item = (String, bool)>) {
        self.may_update.borrow_mut().extend(answers);
    }

    /// The deployment's wildcard app host (`None` until asked, then
    /// `Some(None)` when it has none).
    pub fn wildcard(&self) -> Option<Option<String>> {
        self.wildcard.borrow().clone()
    }

    /// Records the deployment's answer: its wildcard app host, if any.
    pub(super) fn set_wildcard(&self, wildcard: Option<String>) {
        *self.wildcard.borrow_mut() = Some(wildcard);
    }

    /// Forgets what was learnt as the signed-in user: permissions, the
    /// wildcard host, every row's activity (sign-out, a new deployment).
    pub(super) fn forget_user(&self) {
        self.may_update.borrow_mut().clear();
        *self.wildcard.borrow_mut() = None;
        *self.activities.borrow_mut() = Rc::default();
    }

    /// The menu of workspace `id`'s row, as its state, the user and the
    /// deployment allow now; `None` when no answer holds it.
    pub fn row_menu(&self, id: &str, access_url: &str) -> Option<Vec<MenuEntry>> {
        let cache = self.cache();
        let workspace = cache.workspace(id)?;
        let auth = self.auth();
        let wildcard = self.wildcard.borrow();
        let activities = self.activities.borrow();
        let ctx = MenuContext {
            access_url,
            me: auth.username(),
            may_update: self.may_update(id),
            wildcard: wildcard.as_ref().and_then(|w| w.as_deref()),
            busy: activities.get(id).is_some_and(|a| a.run.is_some()),
        };
        Some(row_menu(workspace, &ctx))
    }

    /// Installs the driver's command handler (`None` on teardown).
    pub(super) fn set_command_sink(&self, sink: Option<Rc<dyn Fn(Command)>>) {
        *self.commands.borrow_mut() = sink;
    }

    /// Sends a command to the driver; ignored when none is installed (a
    /// provider being torn down), so a click can never fail.
    pub fn send(&self, command: Command) {
        let sink = self.commands.borrow().clone();
        if let Some(sink) = sink {
            sink(command);
        }
    }

    /// Calls `listener` after every change until the returned guard drops.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Subscription {
        self.listeners.add(listener)
    }

    /// Number of live subscriptions (cards and settings rows linked to it).
    pub fn subscriber_count(&self) -> usize {
        self.listeners.count()
    }

    /// Bumps the revision and calls every subscriber (a subscriber may
    /// unsubscribe, or subscribe, while it runs).
    pub(super) fn notify(&self) {
        self.revision.set(self.revision.get() + 1);
        self.listeners.call_all();
    }
}

/// Keeps a subscription alive; dropping it unsubscribes.
pub type Subscription = Listening;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigError;

    #[test]
    fn subscribers_are_notified_until_dropped() {
        let provider = ProviderShared::new(1, ConfigState::Missing);
        let calls = Rc::new(Cell::new(0));
        let seen = calls.clone();
        let sub = provider.subscribe(move || seen.set(seen.get() + 1));
        provider.notify();
        assert_eq!(calls.get(), 1);
        assert_eq!(provider.subscriber_count(), 1);
        drop(sub);
        provider.notify();
        assert_eq!(calls.get(), 1);
        assert_eq!(provider.subscriber_count(), 0);
        assert_eq!(provider.revision(), 2);
    }

    #[test]
    fn a_subscriber_may_unsubscribe_itself_while_notified() {
        let provider = ProviderShared::new(1, ConfigState::Missing);
        let slot: Rc<RefCell<Option<Subscription>>> = Rc::new(RefCell::new(None));
        let inner = slot.clone();
        *slot.borrow_mut() = Some(provider.subscribe(move || {
            inner.borrow_mut().take();
        }));
        provider.notify();
        assert_eq!(provider.subscriber_count(), 0);
    }

    #[test]
    fn commands_reach_the_sink_and_are_dropped_without_one() {
        let provider = ProviderShared::new(3, ConfigState::Missing);
        provider.send(Command::SignInWithOAuth);
        let got = Rc::new(RefCell::new(Vec::new()));
        let seen = got.clone();
        provider.set_command_sink(Some(Rc::new(move |c| seen.borrow_mut().push(c))));
        provider.send(Command::Watch("owner:me".into()));
        assert_eq!(*got.borrow(), vec![Command::Watch("owner:me".into())]);
        provider.count_form_consumer(1);
        provider.count_form_consumer(1);
        provider.count_form_consumer(-1);
        assert_eq!(provider.form_consumers(), 1);
    }

    #[test]
    fn set_config_replaces_and_notifies() {
        let provider = ProviderShared::new(7, ConfigState::Missing);
        provider.set_config(ConfigState::Invalid(ConfigError::missing_field(
            "deployment.accessUrl",
        )));
        assert!(matches!(provider.config(), ConfigState::Invalid(_)));
        assert_eq!(provider.revision(), 1);
        assert_eq!(provider.id(), 7);
    }
}
