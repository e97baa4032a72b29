//! A row's actions menu and what the row says about an action: which
//! entries the workspace's state, the user's permission and the
//! deployment allow, and the row's progress and error text. Pure; the
//! provider runs the actions, the row component renders this.

use crate::client::RequestError;
use crate::coder::{
    build_actions, AgentStatus, BuildAction, BuildRun, BuildStatus, RunFailure, Workspace,
};
use crate::config::{workspace_url, AgentPlace};

/// What the provider knows about acting on one workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowActivity {
    /// The action running on it, if any.
    pub run: Option<BuildRun>,
    /// The last action's failure, until the next action or a dismissal.
    pub error: Option<ActionError>,
}

/// Every workspace's activity, by workspace id (a few at a time: a list
/// beats a hash map's code).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Activities(Vec<(String, RowActivity)>);

impl Activities {
    /// Workspace `id`'s activity.
    pub fn get(&self, id: &str) -> Option<&RowActivity> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, a)| a)
    }

    /// Every activity, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &RowActivity)> {
        self.0.iter().map(|(i, a)| (i, a))
    }

    /// Changes workspace `id`'s activity; one left empty is dropped.
    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut RowActivity)) {
        let index = match self.0.iter().position(|(i, _)| i == id) {
            Some(index) => index,
            None => {
                self.0.push((id.to_owned(), RowActivity::default()));
                self.0.len() - 1
            }
        };
        change(&mut self.0[index].1);
        if self.0[index].1 == RowActivity::default() {
            self.0.remove(index);
        }
    }
}

/// Why an action failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionProblem {
    /// Coder (or the way to it) refused or failed a request.
    Request(RequestError),
    /// A build of the run ended badly.
    Run(RunFailure),
    /// The active template version requires parameters the workspace has
    /// no value for (their names).
    MissingParameters(Vec<String>),
}

/// An action's failure, shown on its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError {
    /// The action that failed.
    pub action: BuildAction,
    /// What went wrong.
    pub problem: ActionProblem,
}

impl ActionError {
    /// One line: what failed and what to do.
    pub fn message(&self) -> String {
        let verb = match self.action {
            BuildAction::Start => "start",
            BuildAction::Stop => "stop",
            BuildAction::Restart => "restart",
            BuildAction::Update => "update",
        };
        let mut out = String::from("Could not ");
        out.push_str(verb);
        out.push_str(" the workspace: ");
        match &self.problem {
            ActionProblem::Request(RequestError::Forbidden(_)) => {
                out.push_str(
                    "you do not have permission (403). Ask its owner or your Coder administrator.",
                );
            }
            ActionProblem::Request(RequestError::Http { status: 409, .. }) => out.push_str(
                "a build is already running for it (409). Wait until it finishes, then try again.",
            ),
            ActionProblem::Request(RequestError::Http { status: 406, .. }) => out.push_str(
                "its template version is still being imported (406). Try again in a minute.",
            ),
            // Backstage's proxy answers a method its endpoint does not
            // allow with an empty 404 (Coder's own 404s say what).
            ActionProblem::Request(RequestError::Http {
                status: 404,
                message: None,
            }) => out.push_str(
                "the Backstage proxy refused it (404). Allow POST for '/coder' in app-config.yaml: \
                 allowedMethods: ['GET', 'POST'].",
            ),
            ActionProblem::Request(RequestError::Http { status, message }) => {
                out.push_str("Coder refused the build (");
                out.push_str(&status.to_string());
                out.push(')');
                if let Some(m) = message {
                    out.push_str(": ");
                    out.push_str(m);
                }
                out.push_str(". Open it in Coder to see why.");
            }
            ActionProblem::Request(RequestError::InvalidResponse(detail)) => {
                out.push_str("Coder's answer was not what it should be (expected ");
                out.push_str(detail);
                out.push_str("). Refresh the card to see its state.");
            }
            ActionProblem::Request(other) => {
                out.push_str(&other.to_string());
            }
            ActionProblem::Run(failure) => out.push_str(failure.message()),
            ActionProblem::MissingParameters(names) => {
                out.push_str("the template's active version needs values for ");
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                }
                out.push_str(". Update it in Coder, where you can set them.");
            }
        }
        out
    }

    /// Whether the row links to the workspace in Coder beside the message
    /// (where the user can do what the card cannot).
    pub fn links_to_coder(&self) -> bool {
        !matches!(
            self.problem,
            ActionProblem::Request(RequestError::Http {
                status: 409 | 406,
                ..
            })
        )
    }
}

/// What kind of link a menu entry is (for its icon and its test id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// One of the template's apps.
    App,
    /// The web terminal.
    Terminal,
    /// VS Code Desktop (or Insiders) through Coder's extension.
    VsCode,
    /// The workspace's page in Coder.
    Coder,
}

/// One entry of a row's menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuEntry {
    /// A build action.
    Build(BuildAction),
    /// A link opened in a new tab (or, for VS Code, by the desktop app).
    Link {
        /// The item's text.
        label: String,
        /// The vetted URL.
        href: String,
        /// What it opens.
        kind: LinkKind,
    },
}

/// What a row's menu needs besides the workspace.
#[derive(Clone, Copy, Debug)]
pub struct MenuContext<'a> {
    /// The deployment's URL.
    pub access_url: &'a str,
    /// The signed-in username.
    pub me: Option<&'a str>,
    /// Whether the user may start and stop it (`None`: not known yet).
    pub may_update: Option<bool>,
    /// The deployment's wildcard app host, if it has one.
    pub wildcard: Option<&'a str>,
    /// An action is running on it (then no other is offered).
    pub busy: bool,
}

/// Apps whose health allows opening them: checked and healthy, or not
/// checked at all.
fn healthy(health: &str) -> bool {
    matches!(health, "healthy" | "disabled" | "")
}

/// The row's menu, in order: the build actions its state and the user's
/// permission allow, each connected agent's visible healthy apps (only
/// those shared with the user, on someone else's workspace), its terminal
/// and VS Code Desktop (the owner's only), and "Open in Coder".
pub fn row_menu(workspace: &Workspace, ctx: &MenuContext<'_>) -> Vec<MenuEntry> {
    let mut menu = Vec::new();
    if ctx.may_update == Some(true) && !ctx.busy {
        menu.extend(build_actions(workspace).into_iter().map(MenuEntry::Build));
    }
    let own = ctx.me == Some(workspace.owner_name.as_str());
    let running = workspace.latest_build.status == BuildStatus::Running;
    let agents: Vec<_> = workspace
        .latest_build
        .resources
        .iter()
        .flat_map(|r| &r.agents)
        .filter(|a| running && a.status == AgentStatus::Connected)
        .collect();
    let several = agents.len() > 1;
    for agent in agents {
        let place = AgentPlace {
            access_url: ctx.access_url,
            owner: &workspace.owner_name,
            workspace: &workspace.name,
            agent: &agent.name,
        };
        let named = |label: &str| {
            let mut text: String = label.chars().take(80).collect();
            if several {
                text.push_str(" (");
                text.extend(agent.name.chars().take(40));
                text.push(')');
            }
            text
        };
        for app in &agent.apps {
            let shared = own
                || matches!(
                    app.sharing_level.as_str(),
                    "authenticated" | "organization" | "public"
                );
            if app.hidden || !healthy(&app.health) || !shared {
                continue;
            }
            if let Some(href) = place.app_url(app, ctx.wildcard) {
                menu.push(MenuEntry::Link {
                    label: named(app.label()),
                    href,
                    kind: LinkKind::App,
                });
            }
        }
        if !own {
            continue;
        }
        let has = |name: &str| agent.display_apps.iter().any(|d| d == name);
        if has("web_terminal") {
            if let Some(href) = place.terminal_url() {
                menu.push(MenuEntry::Link {
                    label: named("Terminal"),
                    href,
                    kind: LinkKind::Terminal,
                });
            }
        }
        for (name, insiders, label) in [
            ("vscode", false, "VS Code Desktop"),
            ("vscode_insiders", true, "VS Code Insiders"),
        ] {
            if has(name) {
                if let Some(href) = place.vscode_url(insiders, agent.expanded_directory.as_deref())
                {
                    menu.push(MenuEntry::Link {
                        label: named(label),
                        href,
                        kind: LinkKind::VsCode,
                    });
                }
            }
        }
    }
    menu.push(MenuEntry::Link {
        label: "Open in Coder".to_owned(),
        href: workspace_url(ctx.access_url, &workspace.owner_name, &workspace.name),
        kind: LinkKind::Coder,
    });
    menu
}
