//! The acting side of a provider's driver: runs a row's action as the
//! builds its [`BuildRun`] asks for, learns which workspaces the user may
//! act on (one permission check for a list's rows) and where the
//! deployment serves subdomain apps. Every decision is made in
//! `coder::actions` and `card::row_actions`; this carries them out.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;

use super::fetching::session;
use super::Driver;
use crate::card::{ActionError, ActionProblem};
use crate::client::calls::{self, Call, Reply};
use crate::client::http::Session;
use crate::client::policy::with_online_state;
use crate::client::RequestError;
use crate::coder::{is_coder_id, BuildAction, BuildRun, Step, Workspace};
use crate::host::browser;

/// Workspaces one permission check asks about at most: Coder answers 400
/// to more than 10 checks naming a resource id. A list's first rows are
/// asked about when it comes; a menu opened further down asks for its row.
const CHECKS_PER_REQUEST: usize = 10;

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
            // Its callers (a snapshot, a build answer) refollow afterwards.
            Step::Done => {
                self.shared.set_activity(&id, |a| a.run = None);
                self.shared.notify();
                // Back to the lists' own polling, from fresh answers.
                self.fetch_all();
            }
            Step::Failed(failure) => self.action_failed(&id, ActionProblem::Run(failure)),
            Step::Build {
                transition,
                version,
            } => self.request(Call::Build {
                workspace: id,
                transition,
                version,
            }),
            Step::LookUpVersion => self.request(Call::ActiveVersion {
                workspace: id,
                template: workspace.template_id,
                build: workspace.latest_build.id,
            }),
        }
    }

    /// Makes `call` for the signed-in user, then hands the answer to
    /// [`answered`](Self::answered).
    pub(super) fn request(self: &Rc<Self>, call: Call) {
        let session = self.user_session();
        let weak = self.weak();
        spawn_local(async move {
            let result = match session.await {
                Ok(s) => calls::call(&s, &call).await,
                Err(e) => Err(e),
            };
            if let Some(d) = weak.upgrade() {
                d.answered(call, with_online_state(result, browser::offline()));
            }
        });
    }

    /// The session of the signed-in user (`Unauthorized` without one),
    /// its host calls made now (see [`session`]).
    pub(super) fn user_session(
        &self,
    ) -> impl std::future::Future<Output = Result<Session, RequestError>> {
        let token = self.shared.auth().usable_token().map(str::to_owned);
        let session = token.map(|t| session(&self.apis.borrow(), &self.shared, t));
        async move {
            match session {
                Some(s) => s.await,
                None => Err(RequestError::Unauthorized),
            }
        }
    }

    /// What each call's answer does.
    fn answered(self: &Rc<Self>, call: Call, result: Result<Reply, RequestError>) {
        match (call, result) {
            (Call::Build { workspace, .. }, Ok(Reply::Build(build))) => {
                // The stream may have shown the new build before Coder's
                // answer came (it publishes the change as it makes the
                // build): the snapshot in hand is looked at again.
                let current = self.shared.cache().workspace(&workspace).cloned();
                let step = self.with_run(&workspace, |run| {
                    run.built(build);
                    current.as_ref().map_or(Step::Wait, |c| run.observe(c))
                });
                if let Some(current) = current {
                    self.run_step(workspace, current, step);
                }
                self.refollow();
            }
            (
                Call::ActiveVersion { workspace: id, .. },
                Ok(Reply::ActiveVersion(version, missing)),
            ) => {
                if !self.looking_up(&id) {
                    return;
                }
                if !missing.is_empty() {
                    return self.action_failed(&id, ActionProblem::MissingParameters(missing));
                }
                let Some(current) = self.shared.cache().workspace(&id).cloned() else {
                    return;
                };
                let step = self.with_run(&id, |run| run.version_found(version, &current));
                self.run_step(id, current, step);
            }
            (Call::Wildcard, result) => {
                self.state.borrow_mut().wildcard_asked = false;
                // Without an answer no subdomain app is linked; the next
                // list answer asks again.
                if let Ok(Reply::Wildcard(wildcard)) = result {
                    self.shared.set_wildcard(wildcard);
                    self.shared.notify();
                }
            }
            (Call::Permissions(_), Ok(Reply::Permissions(answers))) => {
                self.shared.set_may_update(answers);
                self.shared.notify();
            }
            (Call::Permissions(pairs), _) => {
                // Not known: asked again with the next list answer or menu.
                let mut state = self.state.borrow_mut();
                state
                    .permission_asked
                    .retain(|id| !pairs.iter().any(|(p, _)| p == id));
            }
            (Call::Workspace(id), result) => self.polled(id, result),
            (Call::Build { workspace, .. }, Err(e)) => self.request_failed(&workspace, e),
            (Call::ActiveVersion { workspace: id, .. }, Err(e)) => {
                if self.looking_up(&id) {
                    self.request_failed(&id, e);
                }
            }
            // A reply of another kind cannot come back.
            (_, Ok(_)) => {}
        }
    }

    /// Applies `f` to the action running on workspace `id`; what it
    /// returns is the run's next step (`Wait` when none runs).
    fn with_run(&self, id: &str, f: impl FnOnce(&mut BuildRun) -> Step) -> Step {
        let mut step = Step::Wait;
        self.shared.set_activity(id, |a| {
            if let Some(run) = &mut a.run {
                step = f(run);
            }
        });
        step
    }

    /// Whether workspace `id`'s update still waits for its template's
    /// active version (an answer for a run that ended is dropped).
    fn looking_up(&self, id: &str) -> bool {
        self.shared
            .activities()
            .get(id)
            .and_then(|a| a.run.as_ref())
            .is_some_and(BuildRun::looking_up)
    }

    /// A fresh snapshot of a workspace (from its watch stream or its own
    /// poll): shown in every card, and shown to the action running on it.
    pub(super) fn live_snapshot(self: &Rc<Self>, workspace: Workspace) {
        let changed = self.shared.cache_mut().patch(&workspace);
        let id = workspace.id.clone();
        let step = self.with_run(&id, |run| run.observe(&workspace));
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
        let pairs: Vec<(String, String)> = workspaces
            .iter()
            // Only Coder ids are asked about (others may not be acted on).
            .filter(|w| is_coder_id(&w.id) && is_coder_id(&w.owner_id))
            .filter(|w| self.claim_check(&w.id))
            .take(CHECKS_PER_REQUEST)
            .map(|w| (w.id.clone(), w.owner_id.clone()))
            .collect();
        self.check_permissions(pairs);
        if self.shared.wildcard().is_none() && !self.state.borrow().wildcard_asked {
            self.state.borrow_mut().wildcard_asked = true;
            self.request(Call::Wildcard);
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
        if self.claim_check(id) {
            self.check_permissions(vec![(id.to_owned(), owner)]);
        }
    }

    /// Whether workspace `id`'s permission is still to be asked about: not
    /// known and not asked yet. Marks it asked.
    fn claim_check(&self, id: &str) -> bool {
        let mut state = self.state.borrow_mut();
        if self.shared.may_update(id).is_some() || state.permission_asked.iter().any(|a| a == id) {
            return false;
        }
        state.permission_asked.push(id.to_owned());
        true
    }

    fn check_permissions(self: &Rc<Self>, pairs: Vec<(String, String)>) {
        if !pairs.is_empty() {
            self.request(Call::Permissions(pairs));
        }
    }
}
