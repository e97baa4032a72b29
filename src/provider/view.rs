//! What a consumer component receives about its provider.

use std::rc::Rc;

use std::cell::Ref;

use super::{Command, ProviderShared, Staleness, Subscription};
use crate::auth::{show_fallback, AuthMachine};
use crate::card::{Activities, IconImages, MenuEntry, QueryResult};
use crate::config::{CoderAppConfig, ConfigState};

/// A consumer's view of its provider: the shared state plus the revision it
/// was rendered at, so Yew re-renders exactly when the provider changed.
#[derive(Clone)]
pub struct ProviderView {
    shared: Option<Rc<ProviderShared>>,
    revision: u64,
}

impl PartialEq for ProviderView {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && match (&self.shared, &other.shared) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// Why a consumer cannot use its provider's config.
#[derive(Clone, Debug, PartialEq)]
pub enum ProviderProblem {
    /// No `<coder-provider>` ancestor.
    NoProvider,
    /// The provider has no app config.
    NoConfig,
    /// The provider's app config is invalid (the message says why).
    BadConfig(String),
}

impl ProviderView {
    /// No provider.
    pub fn none() -> Self {
        Self::of(None)
    }

    /// A view of `shared` as it is now.
    pub fn of(shared: Option<&Rc<ProviderShared>>) -> Self {
        Self {
            revision: shared.map_or(0, |p| p.revision()),
            shared: shared.cloned(),
        }
    }

    /// The auth state, when there is a provider (read it, don't hold it
    /// across a command: the driver may change it then).
    pub fn auth(&self) -> Option<Ref<'_, AuthMachine>> {
        self.shared.as_ref().map(|s| s.auth())
    }

    /// The provider's config state (`Missing` without a provider).
    pub fn config(&self) -> ConfigState {
        self.shared
            .as_ref()
            .map_or(ConfigState::Missing, |s| s.config())
    }

    /// Whether the floating fallback sign-in button shows, per
    /// `fallback-auth-ui-mode`, the auth state and the mounted cards.
    pub fn shows_fallback(&self) -> bool {
        self.shared.as_ref().is_some_and(|s| {
            show_fallback(s.fallback_mode(), s.auth().status(), s.form_consumers())
        })
    }

    /// The sign-in form that made the latest attempt (see
    /// [`Command::Attempt`]).
    pub fn attempted_by(&self) -> Option<u32> {
        self.shared.as_ref().and_then(|s| s.attempted_by())
    }

    /// Whether the fallback sign-in dialog is open.
    pub fn fallback_open(&self) -> bool {
        self.shared.as_ref().is_some_and(|s| s.fallback_open())
    }

    /// The provider's registry id (`None` without a provider): effects
    /// keyed on it re-run when a consumer moves to another provider.
    pub fn id(&self) -> Option<u32> {
        self.shared.as_ref().map(|s| s.id())
    }

    /// Sends a command to the provider (dropped without one).
    pub fn send(&self, command: Command) {
        if let Some(shared) = &self.shared {
            shared.send(command);
        }
    }

    /// Whether the provider has a checked, usable token.
    pub fn is_authenticated(&self) -> bool {
        self.shared
            .as_ref()
            .is_some_and(|s| s.auth().status().is_authenticated())
    }

    /// Whether cards fetch now: with a usable token, or one being checked
    /// (its answers wait for the check).
    pub fn is_fetching(&self) -> bool {
        self.shared.as_ref().is_some_and(|s| {
            let auth = s.auth();
            auth.status().is_authenticated() || auth.token_on_trial().is_some()
        })
    }

    /// The cached result of each query key, in order (`None` before its
    /// first answer). Unchanged answers keep their `Rc`, so comparing two
    /// of these is cheap.
    pub fn results(&self, keys: &[String]) -> Vec<Option<QueryResult>> {
        let Some(shared) = &self.shared else {
            return vec![None; keys.len()];
        };
        let cache = shared.cache();
        keys.iter().map(|k| cache.result(k).cloned()).collect()
    }

    /// Why the rows of `keys` are not current, if they are not.
    pub fn staleness(&self, keys: &[String]) -> Option<Staleness> {
        self.shared.as_ref().and_then(|s| s.cache().staleness(keys))
    }

    /// Whether a refresh a card asked for is waiting on one of `keys`.
    pub fn refreshing(&self, keys: &[String]) -> bool {
        self.shared
            .as_ref()
            .is_some_and(|s| s.cache().refreshing(keys))
    }

    /// When the latest answer for one of `keys` came (ms since the epoch).
    pub fn answered_at(&self, keys: &[String]) -> Option<f64> {
        self.shared
            .as_ref()
            .and_then(|s| s.cache().answered_at(keys))
    }

    /// The template icons fetched through the proxy so far.
    pub fn icons(&self) -> Rc<IconImages> {
        self.shared.as_ref().map_or_else(Rc::default, |s| s.icons())
    }

    /// What is known about acting on each workspace (replaced on every
    /// change, so equal `Rc`s mean nothing new).
    pub fn activities(&self) -> Rc<Activities> {
        self.shared
            .as_ref()
            .map_or_else(Rc::default, |s| s.activities())
    }

    /// The handle the rows' action menus use, for the deployment at
    /// `access_url`.
    pub fn row_actions(&self, access_url: &str) -> Option<RowActions> {
        self.shared.as_ref().map(|shared| RowActions {
            shared: shared.clone(),
            access_url: Rc::from(access_url),
        })
    }

    /// The provider's valid app config, or why there is none.
    pub fn app_config(&self) -> Result<Rc<CoderAppConfig>, ProviderProblem> {
        let shared = self.shared.as_ref().ok_or(ProviderProblem::NoProvider)?;
        match shared.config() {
            ConfigState::Ready(config) => Ok(config),
            ConfigState::Missing => Err(ProviderProblem::NoConfig),
            ConfigState::Invalid(err) => Err(ProviderProblem::BadConfig(err.to_string())),
        }
    }
}

/// What a row's action menu reads and sends: its provider, held by
/// identity (two handles are equal when they name the same provider and
/// deployment, so the rows do not re-render on every provider change; an
/// open menu subscribes for those itself).
#[derive(Clone)]
pub struct RowActions {
    shared: Rc<ProviderShared>,
    access_url: Rc<str>,
}

impl PartialEq for RowActions {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared) && self.access_url == other.access_url
    }
}

impl RowActions {
    /// Workspace `id`'s menu as it is now (`None`: no answer holds it).
    pub fn menu(&self, id: &str) -> Option<Vec<MenuEntry>> {
        self.shared.row_menu(id, &self.access_url)
    }

    /// Sends a command to the provider.
    pub fn send(&self, command: Command) {
        self.shared.send(command);
    }

    /// Calls `listener` after every provider change while the guard lives.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Subscription {
        self.shared.subscribe(listener)
    }
}

impl ProviderProblem {
    /// A message saying what is wrong and how to fix it.
    pub fn message(&self) -> String {
        match self {
            Self::NoProvider => "This element must be placed inside <coder-provider>. \
                 Wrap it (or an ancestor) in a <coder-provider> element."
                .to_owned(),
            Self::NoConfig => "The <coder-provider> around this element has no app config. \
                 Set its appConfig property (or its app-config attribute), or \
                 coder.deployment.accessUrl in the Backstage app-config."
                .to_owned(),
            Self::BadConfig(message) => {
                let mut text = "The <coder-provider> app config is invalid: ".to_owned();
                text.push_str(message);
                text
            }
        }
    }
}
