//! Workspace availability (the pill on each list item) and the polling rule.

use super::types::{AgentStatus, BuildStatus, Workspace};

/// What the card's status pill says about a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Availability {
    /// Running with every agent connected (or no agents).
    Online,
    /// Stopped, stopping, canceled, queued, or an agent is not connected.
    Offline,
    /// Starting, or an agent is still connecting.
    Pending,
    /// The latest build failed.
    Failed,
    /// Being deleted or deleted.
    Deleting,
}

impl Availability {
    /// The pill text, as upstream shows it (`…` is U+2026).
    pub fn label(self) -> &'static str {
        match self {
            Availability::Online => "Online",
            Availability::Offline => "Offline",
            Availability::Pending => "Pending\u{2026}",
            Availability::Failed => "Failed",
            Availability::Deleting => "Deleting\u{2026}",
        }
    }

    /// A lower-case token for CSS classes and test ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Online => "online",
            Availability::Offline => "offline",
            Availability::Pending => "pending",
            Availability::Failed => "failed",
            Availability::Deleting => "deleting",
        }
    }
}

/// The availability of a workspace, decided by its latest build first and
/// its agents second:
///
/// | build status | agents | result |
/// |---|---|---|
/// | `failed` | any | Failed |
/// | `deleting`, `deleted` | any | Deleting |
/// | `stopped`, `stopping`, `pending`, `canceling`, `canceled` | any | Offline |
/// | `starting` | any | Pending |
/// | `running` | any `connecting` | Pending |
/// | `running` | all `connected`, or none | Online |
/// | `running` | otherwise | Offline |
///
/// A status this version does not know (or a missing build) is Offline: we
/// cannot claim a workspace is usable without knowing its build state.
pub fn availability(workspace: &Workspace) -> Availability {
    match &workspace.latest_build.status {
        BuildStatus::Failed => return Availability::Failed,
        BuildStatus::Deleting | BuildStatus::Deleted => return Availability::Deleting,
        BuildStatus::Stopped
        | BuildStatus::Stopping
        | BuildStatus::Pending
        | BuildStatus::Canceling
        | BuildStatus::Canceled
        | BuildStatus::Unknown(_) => return Availability::Offline,
        BuildStatus::Starting => return Availability::Pending,
        BuildStatus::Running => {}
    }
    let mut all_connected = true;
    for status in workspace.agent_statuses() {
        match status {
            AgentStatus::Connecting => return Availability::Pending,
            AgentStatus::Connected => {}
            _ => all_connected = false,
        }
    }
    if all_connected {
        Availability::Online
    } else {
        Availability::Offline
    }
}

/// Whether the list should be polled fast (every 5 s instead of 60 s):
/// some build is `pending` or `starting`, or some agent is `connecting`.
pub fn needs_fast_poll(workspaces: &[Workspace]) -> bool {
    workspaces.iter().any(|w| {
        matches!(
            w.latest_build.status,
            BuildStatus::Pending | BuildStatus::Starting
        ) || w
            .agent_statuses()
            .any(|s| matches!(s, AgentStatus::Connecting))
    })
}
