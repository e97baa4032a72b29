//! Acting on a workspace's build from the card: which actions its state
//! allows, and how each runs as Coder builds. Start and Stop are one build
//! each; Restart is a stop, then a start of the same template version once
//! the workspace stopped; Update starts the template's active version
//! (stopping a running workspace first), as Coder's own dashboard does.

use super::types::{AgentStatus, BuildStatus, Workspace};

/// An action on a workspace's build, in menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuildAction {
    /// Start a stopped (or failed, or canceled) workspace.
    Start,
    /// Stop it.
    Stop,
    /// Stop it and start it again on the same template version.
    Restart,
    /// Start it on the template's active version (stopping it first).
    Update,
}

impl BuildAction {
    /// The menu item.
    pub fn label(self) -> &'static str {
        match self {
            BuildAction::Start => "Start",
            BuildAction::Stop => "Stop",
            BuildAction::Restart => "Restart",
            BuildAction::Update => "Update",
        }
    }

    /// What the row says while the action runs.
    pub fn progress(self) -> &'static str {
        match self {
            BuildAction::Start => "Starting\u{2026}",
            BuildAction::Stop => "Stopping\u{2026}",
            BuildAction::Restart => "Restarting\u{2026}",
            BuildAction::Update => "Updating\u{2026}",
        }
    }

    /// The confirming button of an action that interrupts the work in the
    /// workspace (every one but Start), or `None` when it needs no
    /// confirmation.
    pub fn confirm_button(self) -> Option<&'static str> {
        match self {
            BuildAction::Start => None,
            BuildAction::Stop => Some("Stop workspace"),
            BuildAction::Restart => Some("Restart workspace"),
            BuildAction::Update => Some("Update workspace"),
        }
    }

    /// What the confirmation dialog explains.
    pub fn consequence(self) -> &'static str {
        match self {
            BuildAction::Start => "",
            BuildAction::Stop => {
                "Its apps and terminals close, and anything not saved to its disk is lost."
            }
            BuildAction::Restart => {
                "It stops and starts again: its apps and terminals close while it does."
            }
            BuildAction::Update => {
                "It is rebuilt on the template's active version, and stopped first if it runs: \
                 its apps and terminals close while it does."
            }
        }
    }
}

/// The actions a workspace's state allows, in menu order. A workspace with
/// a build in progress allows none: Coder would refuse a second build
/// (409) until it finishes.
pub fn build_actions(workspace: &Workspace) -> Vec<BuildAction> {
    let mut actions = match workspace.latest_build.status {
        BuildStatus::Running => vec![BuildAction::Stop, BuildAction::Restart],
        BuildStatus::Stopped | BuildStatus::Canceled => vec![BuildAction::Start],
        BuildStatus::Failed => vec![BuildAction::Start, BuildAction::Stop],
        _ => return Vec::new(),
    };
    if workspace.outdated {
        actions.push(BuildAction::Update);
    }
    actions
}

/// Whether the workspace is between two states: a build queued or running,
/// or an agent still connecting. Such a workspace is worth following live.
pub fn in_transition(workspace: &Workspace) -> bool {
    matches!(
        workspace.latest_build.status,
        BuildStatus::Pending
            | BuildStatus::Starting
            | BuildStatus::Stopping
            | BuildStatus::Canceling
            | BuildStatus::Deleting
    ) || (workspace.latest_build.status == BuildStatus::Running
        && workspace
            .agent_statuses()
            .any(|s| *s == AgentStatus::Connecting))
}

/// A build's transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// `start`.
    Start,
    /// `stop`.
    Stop,
}

impl Transition {
    /// Coder's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Start => "start",
            Transition::Stop => "stop",
        }
    }
}

/// What a running action needs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Ask Coder for a build (`version`: the template version to start).
    Build {
        /// Start or stop.
        transition: Transition,
        /// The template version to build; `None` keeps the current one.
        version: Option<String>,
    },
    /// Look up the template's active version (and whether it needs
    /// parameters the workspace has no value for), then call
    /// [`BuildRun::version_found`].
    LookUpVersion,
    /// Keep following the workspace.
    Wait,
    /// The workspace settled where the action meant it to.
    Done,
    /// The action cannot go on.
    Failed(RunFailure),
}

/// Why a running action stopped short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunFailure {
    /// The stop build failed or was canceled: nothing was started.
    StopFailed,
    /// The start build failed or was canceled.
    StartFailed,
}

impl RunFailure {
    /// The row's message.
    pub fn message(self) -> &'static str {
        match self {
            RunFailure::StopFailed => "The stop build did not finish, so the workspace was not started again. Open it in Coder to see the build log.",
            RunFailure::StartFailed => "The start build failed. Open the workspace in Coder to see the build log.",
        }
    }
}

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// An update waits for the active version.
    LookingUp,
    /// A stop build was asked for (or is on its way).
    Stopping,
    /// A start build was asked for.
    Starting,
}

/// One action on one workspace, from the click until the workspace
/// settles. It only follows builds it asked for: the snapshots it is shown
/// may predate its build, and a build someone else started ends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildRun {
    action: BuildAction,
    phase: Phase,
    /// The template version to start (Restart: the running one; Update:
    /// the active one).
    version: Option<String>,
    /// The latest build's id when the run began or last asked for a build.
    before: String,
    /// The build this run asked for, once Coder answered.
    ours: Option<String>,
}

impl BuildRun {
    /// Begins `action` on `workspace`; the step says what to ask Coder.
    pub fn begin(action: BuildAction, workspace: &Workspace) -> (Self, Step) {
        let build = &workspace.latest_build;
        let mut run = Self {
            action,
            phase: Phase::Stopping,
            version: None,
            before: build.id.clone(),
            ours: None,
        };
        let step = match action {
            BuildAction::Start => run.ask(Phase::Starting, Transition::Start),
            BuildAction::Stop => run.ask(Phase::Stopping, Transition::Stop),
            BuildAction::Restart => {
                run.version = Some(build.template_version_id.clone()).filter(|v| !v.is_empty());
                run.ask(Phase::Stopping, Transition::Stop)
            }
            BuildAction::Update => {
                run.phase = Phase::LookingUp;
                Step::LookUpVersion
            }
        };
        (run, step)
    }

    /// The action.
    pub fn action(&self) -> BuildAction {
        self.action
    }

    /// Whether it waits for the template's active version.
    pub fn looking_up(&self) -> bool {
        self.phase == Phase::LookingUp
    }

    fn ask(&mut self, phase: Phase, transition: Transition) -> Step {
        self.phase = phase;
        if let Some(ours) = self.ours.take() {
            self.before = ours;
        }
        Step::Build {
            transition,
            version: match transition {
                Transition::Start => self.version.clone(),
                Transition::Stop => None,
            },
        }
    }

    /// An update learnt the active version: a workspace that runs (or is
    /// failed mid-start) is stopped first, any other is started on it.
    pub fn version_found(&mut self, version: String, workspace: &Workspace) -> Step {
        self.version = Some(version);
        match workspace.latest_build.status {
            BuildStatus::Running | BuildStatus::Failed
                if workspace.latest_build.transition != "stop" =>
            {
                self.ask(Phase::Stopping, Transition::Stop)
            }
            _ => self.ask(Phase::Starting, Transition::Start),
        }
    }

    /// Coder accepted the build it asked for (`build_id`: the answer's id).
    pub fn built(&mut self, build_id: String) {
        self.ours = Some(build_id);
    }

    /// A fresh snapshot of the workspace: what to do next.
    pub fn observe(&mut self, workspace: &Workspace) -> Step {
        let build = &workspace.latest_build;
        match &self.ours {
            // Not answered yet, or a snapshot from before its build.
            None => return Step::Wait,
            Some(ours) if *ours != build.id => {
                // Someone else's build came after ours: theirs decides.
                return if build.id == self.before {
                    Step::Wait
                } else {
                    Step::Done
                };
            }
            Some(_) => {}
        }
        match (self.phase, &build.status) {
            (Phase::Stopping, BuildStatus::Stopped) if self.action == BuildAction::Stop => {
                Step::Done
            }
            (Phase::Stopping, BuildStatus::Stopped) => self.ask(Phase::Starting, Transition::Start),
            (Phase::Stopping, BuildStatus::Failed | BuildStatus::Canceled) => {
                Step::Failed(RunFailure::StopFailed)
            }
            (Phase::Starting, BuildStatus::Failed | BuildStatus::Canceled) => {
                Step::Failed(RunFailure::StartFailed)
            }
            (Phase::Starting, _) if !in_transition(workspace) => Step::Done,
            _ => Step::Wait,
        }
    }
}
