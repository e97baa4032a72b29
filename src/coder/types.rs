//! The Coder REST API (v2) shapes the card reads, deserialized tolerantly:
//! missing fields take defaults, unknown fields are ignored, and a value of
//! the wrong type (a `null` where a string belongs, a string where a list
//! belongs) becomes "absent" instead of failing the whole response. One odd
//! workspace must never hide the others.

use crate::de::lenient;
use serde::de::{Deserialize, Deserializer};
use serde::Deserialize as DeriveDeserialize;

/// Whether `id` looks like a Coder id (a UUID: hex digits and hyphens,
/// at most 64): only such ids from an answer go into a request path.
pub fn is_coder_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|c| c.is_ascii_hexdigit() || c == b'-')
}

/// `GET /api/v2/users/me`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct User {
    /// User UUID.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
    /// Login name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub username: Option<String>,
    /// Display name.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub email: Option<String>,
    /// Avatar image URL.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub avatar_url: Option<String>,
}

impl User {
    /// Whether this is really a Coder user: `id` and `username` are strings.
    /// (A proxy error page parsed as JSON, or `{}`, is not.)
    pub fn is_valid(&self) -> bool {
        self.id.is_some() && self.username.is_some()
    }
}

/// `GET /api/v2/workspaces` → `{ workspaces: [...], count }`. Unlike the
/// fields inside a workspace, the list itself is required: an answer
/// without one is not Coder's (a proxy's error page, another API), and
/// showing it as "no workspaces" would mislead.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
pub struct WorkspacesResponse {
    /// The workspaces (`null` reads as none); entries that are not objects
    /// are dropped.
    #[serde(deserialize_with = "lenient::required_list_of_maps")]
    pub workspaces: Vec<Workspace>,
    /// Total number of matches reported by Coder.
    #[serde(default, deserialize_with = "lenient::count")]
    pub count: u64,
}

/// One workspace, reduced to the fields the card shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct Workspace {
    /// Workspace UUID; the key for de-duplicating merged results.
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
    /// Workspace name.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Owner's username.
    #[serde(deserialize_with = "lenient::string")]
    pub owner_name: String,
    /// Owner's user UUID (for the permission check).
    #[serde(deserialize_with = "lenient::string")]
    pub owner_id: String,
    /// Template UUID (an update asks for its active version).
    #[serde(deserialize_with = "lenient::string")]
    pub template_id: String,
    /// The latest build is not on the template's active version.
    #[serde(deserialize_with = "lenient::flag")]
    pub outdated: bool,
    /// Template name.
    #[serde(deserialize_with = "lenient::string")]
    pub template_name: String,
    /// Template display name; `None` when empty.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub template_display_name: Option<String>,
    /// Template icon (a path on the deployment or a URL); `None` when empty.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub template_icon: Option<String>,
    /// The latest build.
    #[serde(deserialize_with = "lenient::map_or_default")]
    pub latest_build: WorkspaceBuild,
    /// A favorite of the requesting user (Coder sets it only for them).
    #[serde(deserialize_with = "lenient::flag")]
    pub favorite: bool,
}

impl Workspace {
    /// One workspace object (`GET /workspaces/{id}`, a watch event), read
    /// as a one-element list: the list's reader is in the wasm already,
    /// and a second one for a lone workspace would cost kilobytes.
    pub fn from_json(text: &str) -> Option<Workspace> {
        // One value, so nothing in it can close the wrapping early.
        crate::de::json::validate(text).ok()?;
        let mut wrapped = String::with_capacity(text.len() + 17);
        wrapped.push_str("{\"workspaces\":[");
        wrapped.push_str(text);
        wrapped.push_str("]}");
        let mut list = crate::de::json::from_str::<WorkspacesResponse>(&wrapped)
            .ok()?
            .workspaces;
        (list.len() == 1).then(|| list.remove(0))
    }

    /// The template's display name, else its name.
    pub fn template_label(&self) -> &str {
        self.template_display_name
            .as_deref()
            .unwrap_or(&self.template_name)
    }

    /// Statuses of all agents of all resources of the latest build.
    pub fn agent_statuses(&self) -> impl Iterator<Item = &AgentStatus> {
        self.latest_build
            .resources
            .iter()
            .flat_map(|r| r.agents.iter().map(|a| &a.status))
    }
}

/// A workspace build.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct WorkspaceBuild {
    /// Build UUID (its parameters are read by it).
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
    /// `start`, `stop` or `delete`.
    #[serde(deserialize_with = "lenient::string")]
    pub transition: String,
    /// The template version it built (a restart starts the same one).
    #[serde(deserialize_with = "lenient::string")]
    pub template_version_id: String,
    /// Build status.
    pub status: BuildStatus,
    /// Resources of the build; non-object entries are dropped.
    #[serde(deserialize_with = "lenient::list_of_maps")]
    pub resources: Vec<WorkspaceResource>,
}

/// A resource (VM, container, ...) of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct WorkspaceResource {
    /// Agents running in the resource; `null` (no agents) is empty.
    #[serde(deserialize_with = "lenient::list_of_maps")]
    pub agents: Vec<WorkspaceAgent>,
}

/// An agent inside a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct WorkspaceAgent {
    /// Agent UUID.
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
    /// Agent name.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Connection status.
    pub status: AgentStatus,
    /// The built-in apps it offers (`vscode`, `web_terminal`, ...).
    #[serde(deserialize_with = "lenient::strings")]
    pub display_apps: Vec<String>,
    /// The folder it opens in, home-relative paths expanded.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub expanded_directory: Option<String>,
    /// The template's apps on this agent; non-object entries are dropped.
    #[serde(deserialize_with = "lenient::list_of_maps")]
    pub apps: Vec<WorkspaceApp>,
}

/// An app of an agent (`latest_build.resources[].agents[].apps[]`). Every
/// field is the deployment's text: the links are built and vetted in
/// [`crate::config`], never taken as they come.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct WorkspaceApp {
    /// URL-safe app name, a path segment of its URL.
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    /// What the menu calls it.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub display_name: Option<String>,
    /// An external app's own URL.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub url: Option<String>,
    /// Opens `url` rather than a page served through Coder.
    #[serde(deserialize_with = "lenient::flag")]
    pub external: bool,
    /// Served on its own host under the deployment's wildcard domain.
    #[serde(deserialize_with = "lenient::flag")]
    pub subdomain: bool,
    /// That host's first label (`<slug>--<agent>--<workspace>--<owner>`).
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub subdomain_name: Option<String>,
    /// `disabled` (not checked), `initializing`, `healthy` or `unhealthy`.
    #[serde(deserialize_with = "lenient::string")]
    pub health: String,
    /// Kept out of the UI by its template.
    #[serde(deserialize_with = "lenient::flag")]
    pub hidden: bool,
    /// Who may open it: `owner`, `authenticated`, `organization` or `public`.
    #[serde(deserialize_with = "lenient::string")]
    pub sharing_level: String,
}

impl WorkspaceApp {
    /// The menu's name for it: its display name, else its slug.
    pub fn label(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.slug)
    }
}

/// `latest_build.status` (Coder's `WorkspaceStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildStatus {
    /// Queued.
    Pending,
    /// Starting.
    Starting,
    /// Running.
    Running,
    /// Stopping.
    Stopping,
    /// Stopped.
    Stopped,
    /// The build failed.
    Failed,
    /// Being canceled.
    Canceling,
    /// Canceled.
    Canceled,
    /// Being deleted.
    Deleting,
    /// Deleted.
    Deleted,
    /// A status this version does not know (or a missing/non-string one,
    /// as `""`).
    Unknown(String),
}

impl Default for BuildStatus {
    fn default() -> Self {
        BuildStatus::Unknown(String::new())
    }
}

impl BuildStatus {
    /// Parses Coder's status string.
    pub fn parse(value: &str) -> Self {
        match value {
            "pending" => BuildStatus::Pending,
            "starting" => BuildStatus::Starting,
            "running" => BuildStatus::Running,
            "stopping" => BuildStatus::Stopping,
            "stopped" => BuildStatus::Stopped,
            "failed" => BuildStatus::Failed,
            "canceling" => BuildStatus::Canceling,
            "canceled" => BuildStatus::Canceled,
            "deleting" => BuildStatus::Deleting,
            "deleted" => BuildStatus::Deleted,
            other => BuildStatus::Unknown(other.to_owned()),
        }
    }

    /// Coder's status string.
    pub fn as_str(&self) -> &str {
        match self {
            BuildStatus::Pending => "pending",
            BuildStatus::Starting => "starting",
            BuildStatus::Running => "running",
            BuildStatus::Stopping => "stopping",
            BuildStatus::Stopped => "stopped",
            BuildStatus::Failed => "failed",
            BuildStatus::Canceling => "canceling",
            BuildStatus::Canceled => "canceled",
            BuildStatus::Deleting => "deleting",
            BuildStatus::Deleted => "deleted",
            BuildStatus::Unknown(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for BuildStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = lenient::opt_string(d)?.unwrap_or_default();
        Ok(BuildStatus::parse(&value))
    }
}

/// An agent's connection status (Coder's `WorkspaceAgentStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentStatus {
    /// Not connected yet.
    Connecting,
    /// Connected.
    Connected,
    /// Lost connection.
    Disconnected,
    /// Did not connect in time.
    Timeout,
    /// A status this version does not know (or a missing one, as `""`).
    Unknown(String),
}

impl Default for AgentStatus {
    fn default() -> Self {
        AgentStatus::Unknown(String::new())
    }
}

impl AgentStatus {
    /// Parses Coder's agent status string.
    pub fn parse(value: &str) -> Self {
        match value {
            "connecting" => AgentStatus::Connecting,
            "connected" => AgentStatus::Connected,
            "disconnected" => AgentStatus::Disconnected,
            "timeout" => AgentStatus::Timeout,
            other => AgentStatus::Unknown(other.to_owned()),
        }
    }

    /// Coder's status string.
    pub fn as_str(&self) -> &str {
        match self {
            AgentStatus::Connecting => "connecting",
            AgentStatus::Connected => "connected",
            AgentStatus::Disconnected => "disconnected",
            AgentStatus::Timeout => "timeout",
            AgentStatus::Unknown(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for AgentStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = lenient::opt_string(d)?.unwrap_or_default();
        Ok(AgentStatus::parse(&value))
    }
}
