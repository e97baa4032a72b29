//! The acting side of a provider's driver: runs a row's action as the
//! builds its [`BuildRun`] asks for, learns which workspaces the user may
//! act on (one permission check for a list's rows) and where the
//! deployment serves subdomain apps. Every decision is made in
//! `coder::actions` and `card::row_actions`; this carries them out.

use std::rc::{Rc, Weak};

use wasm_bindgen_futures::spawn_local;

use super::fetching::session;
use super::Driver;
use crate::card::{ActionError, ActionProblem};
use crate::client::calls::{active_version, fetch_wildcard, may_update, post_build};
use crate::client::http::Session;
use crate::client::policy::with_online_state;
use crate::client::RequestError;
use crate::coder::{BuildAction, BuildRun, Step, Workspace};
use crate::host::browser;

/// Workspaces one permission check asks about at most: a card's first
/// rows; a menu opened further down asks for its own row.
const CHECKS_PER_REQUEST: usize = 100;

impl Driver {
    /// Starts `action` on workspace `id` (the user chose it, and confirmed
    /// it if it interrupts work). Ignored while another runs on it.
    pub(super) fn act(self: &Rc<Self>, id: String, action: BuildAction) {
        let Some(workspace) = self.shared.cache().workspace(&id).cloned() else {
            return;
        };
        if self
            .shared
            .activities()
            .get(&id)
            .is_some_and(|a| a.run.is_some())
        {
            return;
        }
        let (run, step) = BuildRun::begin(action, &workspace);
        self.shared.set_activity(&id, |a| {
            a.run = Some(run);
            a.error = None;
        });
        self.shared.notify();
        self.run_step(id, workspace, step);
        self.refollow();
    }

    /// Carries out what a run asks for next.
    fn run_step(self: &Rc<Self>, id: String, workspace: Workspace, step: Step) {
        match step {
            Step::Wait => {}
            Step::Done => {
                self.shared.set_activity(&id, |a| a.run = None);
                self.shared.notify();
                // Back to the lists' own polling, from fresh answers.
                self.fetch_all();
                self.refollow();
            }
            Step::Failed(failure) => self.action_failed(&id, ActionProblem::Run(failure)),
            Step::Build {
                transition,
                version,
            } => self.with_session(move |d, s| async move {
                let result = match s {
                    Ok(s) => post_build(&s, &id, transition, version.as_deref()).await,
                    Err(e) => Err(e),
                };
                let Some(d) = d.upgrade() else { return };
                match with_online_state(result, browser::offline()) {
                    Ok(build) => {
                        d.shared.set_activity(&id, |a| {
                            if let Some(run) = &mut a.run {
                                run.built(build);
                            }
                        });
                        d.refollow();
                    }
                    Err(e) => d.request_failed(&id, e),
                }
            }),
            Step::LookUpVersion => self.with_session(move |d, s| async move {
                let build_id = workspace.latest_build.id.clone();
                let result = match s {
                    Ok(s) => active_version(&s, &workspace.template_id, &build_id).await,
                    Err(e) => Err(e),
                };
                let Some(d) = d.upgrade() else { return };
                match with_online_state(result, browser::offline()) {
                    Ok((_, missing)) if !missing.is_empty() => {
                        d.action_failed(&id, ActionProblem::MissingParameters(missing));
                    }
                    Ok((version, _)) => {
                        // The freshest snapshot decides whether it stops first.
                        let current = d.shared.cache().workspace(&id).cloned();
                        let current = current.unwrap_or(workspace);
                        let mut step = Step::Wait;
                        d.shared.set_activity(&id, |a| {
                            if let Some(run) = &mut a.run {
                                step = run.version_found(version, &current);
                            }
                        });
                        d.run_step(id, current, step);
                    }
                    Err(e) => d.request_failed(&id, e),
                }
            }),
        }
    }

    /// A fresh snapshot of a workspace (from its watch stream or its own
    /// poll): shown in every card, and shown to the action running on it.
    pub(super) fn live_snapshot(self: &Rc<Self>, workspace: Workspace) {
        let changed = self.shared.cache_mut().patch(&workspace);
        let id = workspace.id.clone();
        let mut step = Step::Wait;
        self.shared.set_activity(&id, |a| {
            if let Some(run) = &mut a.run {
                step = run.observe(&workspace);
            }
        });
        if changed {
            self.shared.notify();
        }
        self.run_step(id, workspace, step);
        self.refollow();
    }

    fn request_failed(self: &Rc<Self>, id: &str, error: RequestError) {
        let unauthorized = error == RequestError::Unauthorized;
        self.action_failed(id, ActionProblem::Request(error));
        if unauthorized {
            self.dispatch(crate::auth::AuthEvent::Unauthorized);
        }
    }

    fn action_failed(self: &Rc<Self>, id: &str, problem: ActionProblem) {
        self.shared.set_activity(id, |a| {
            if let Some(run) = a.run.take() {
                a.error = Some(ActionError {
                    action: run.action(),
                    problem,
                });
            }
        });
        self.shared.notify();
        // Show where the workspace really is now.
        self.fetch_all();
        self.refollow();
    }

    /// Forgets the failure shown on a row.
    pub(super) fn dismiss_action_error(&self, id: &str) {
        self.shared.set_activity(id, |a| a.error = None);
        self.shared.notify();
    }

    /// Asks whether the user may act on the rows of a list answer not
    /// asked about yet (its first [`CHECKS_PER_REQUEST`]), and the first
    /// time, where the deployment serves subdomain apps.
    pub(super) fn learn_about(self: &Rc<Self>, workspaces: &[Workspace]) {
        let pairs: Vec<(String, String)> = {
            let mut state = self.state.borrow_mut();
            workspaces
                .iter()
                .filter(|w| self.shared.may_update(&w.id).is_none())
                .filter(|w| state.permission_asked.insert(w.id.clone()))
                .take(CHECKS_PER_REQUEST)
                .map(|w| (w.id.clone(), w.owner_id.clone()))
                .collect()
        };
        self.check_permissions(pairs);
        if self.shared.wildcard().is_none() && !self.state.borrow().wildcard_asked {
            self.state.borrow_mut().wildcard_asked = true;
            self.with_session(|d, s| async move {
                let result = match s {
                    Ok(s) => fetch_wildcard(&s).await,
                    Err(e) => Err(e),
                };
                let Some(d) = d.upgrade() else { return };
                d.state.borrow_mut().wildcard_asked = false;
                // Without an answer, no subdomain app is linked (the next
                // list answer asks again).
                if let Ok(wildcard) = result {
                    d.shared.set_wildcard(Some(wildcard));
                    d.shared.notify();
                }
            });
        }
    }

    /// A row's menu opened: ask about it if nobody has yet.
    pub(super) fn check_permission(self: &Rc<Self>, id: &str) {
        let Some(owner) = self
            .shared
            .cache()
            .workspace(id)
            .map(|w| w.owner_id.clone())
        else {
            return;
        };
        if self.shared.may_update(id).is_some()
            || !self
                .state
                .borrow_mut()
                .permission_asked
                .insert(id.to_owned())
        {
            return;
        }
        self.check_permissions(vec![(id.to_owned(), owner)]);
    }

    fn check_permissions(self: &Rc<Self>, pairs: Vec<(String, String)>) {
        if pairs.is_empty() {
            return;
        }
        self.with_session(move |d, s| async move {
            let result = match s {
                Ok(s) => may_update(&s, &pairs).await,
                Err(e) => Err(e),
            };
            let Some(d) = d.upgrade() else { return };
            match result {
                Ok(answers) => {
                    // Any workspace the answer left out may not be acted on.
                    let known: Vec<(String, bool)> = pairs
                        .into_iter()
                        .map(|(id, _)| {
                            let allowed = answers.iter().any(|(k, ok)| *k == id && *ok);
                            (id, allowed)
                        })
                        .collect();
                    d.shared.set_may_update(known);
                    d.shared.notify();
                }
                // Not known: asked again with the next list answer or menu.
                Err(_) => {
                    let mut state = d.state.borrow_mut();
                    for (id, _) in pairs {
                        state.permission_asked.remove(&id);
                    }
                }
            }
        });
    }

    /// Runs `task` with a session for the signed-in user, or why there is
    /// none, holding the driver only weakly.
    pub(super) fn with_session<F, Fut>(self: &Rc<Self>, task: F)
    where
        F: FnOnce(Weak<Self>, Result<Session, RequestError>) -> Fut + 'static,
        Fut: std::future::Future<Output = ()> + 'static,
    {
        let token = self.shared.auth().usable_token().map(str::to_owned);
        let session = token.map(|t| session(&self.apis.borrow(), &self.shared, t));
        let weak = self.weak();
        spawn_local(async move {
            let s = match session {
                Some(s) => s.await,
                None => Err(RequestError::Unauthorized),
            };
            task(weak, s).await;
        });
    }
}
