//! The Coder REST API (v2) shapes the card reads, read tolerantly from a
//! JSON [`Value`]: missing fields take defaults, unknown fields are
//! ignored, and a value of the wrong type (a `null` where a string
//! belongs, a string where a list belongs) becomes "absent" instead of
//! failing the whole response. One odd workspace must never hide the
//! others.

use crate::de::json::{self, JsonError, Value};

/// The object keys any of these types reads: an answer is read keeping
/// only these (at any depth), so the dozens of other fields of a workspace
/// are skipped without a copy.
fn is_read_key(key: &str) -> bool {
    matches!(
        key,
        "workspaces"
            | "count"
            | "id"
            | "name"
            | "username"
            | "email"
            | "avatar_url"
            | "owner_name"
            | "owner_id"
            | "template_id"
            | "outdated"
            | "template_name"
            | "template_display_name"
            | "template_icon"
            | "latest_build"
            | "favorite"
            | "transition"
            | "template_version_id"
            | "status"
            | "resources"
            | "agents"
            | "display_apps"
            | "expanded_directory"
            | "apps"
            | "slug"
            | "display_name"
            | "url"
            | "external"
            | "subdomain"
            | "subdomain_name"
            | "health"
            | "hidden"
            | "sharing_level"
    )
}

/// Reads an answer's text keeping [`is_read_key`]'s members: `Err` for
/// text that is not JSON, `Ok(None)` for JSON that `from` refuses.
fn read_json<T>(text: &str, from: fn(Value) -> Option<T>) -> Result<Option<T>, JsonError> {
    json::from_str_keeping(text, is_read_key).map(from)
}

/// Whether `id` looks like a Coder id (a UUID: hex digits and hyphens,
/// at most 64): only such ids from an answer go into a request path.
pub fn is_coder_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|c| c.is_ascii_hexdigit() || c == b'-')
}

/// `GET /api/v2/users/me`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct User {
    /// User UUID.
    pub id: Option<String>,
    /// Login name.
    pub username: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
}

impl User {
    /// `users/me`'s text; `Ok(None)` for JSON that is not an object.
    pub fn from_json(text: &str) -> Result<Option<User>, JsonError> {
        read_json(text, |v| {
            matches!(v, Value::Map(_)).then(|| User::from_value(v))
        })
    }

    fn from_value(mut v: Value) -> User {
        User {
            id: v.take("id").into_text(),
            username: v.take("username").into_text(),
            name: v.take("name").into_nonempty(),
            email: v.take("email").into_nonempty(),
            avatar_url: v.take("avatar_url").into_nonempty(),
        }
    }

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspacesResponse {
    /// The workspaces (`null` reads as none); entries that are not objects
    /// are dropped.
    pub workspaces: Vec<Workspace>,
    /// Total number of matches reported by Coder.
    pub count: u64,
}

impl WorkspacesResponse {
    /// `GET /workspaces`'s text; `Ok(None)` for JSON without a list (or
    /// `null`) under `workspaces`.
    pub fn from_json(text: &str) -> Result<Option<WorkspacesResponse>, JsonError> {
        // Each workspace becomes its struct as soon as it is read: 5,000
        // of them held as values first would peak megabytes higher.
        let mut workspaces = Vec::new();
        let top = json::from_str_streaming(text, is_read_key, "workspaces", &mut |item| {
            if matches!(item, Value::Map(_)) {
                workspaces.push(Workspace::from_value(item));
            }
        })?;
        Ok(match top.field("workspaces") {
            Some(Value::List(_) | Value::Null) => Some(WorkspacesResponse {
                workspaces,
                count: top.get("count").count(),
            }),
            _ => None,
        })
    }
}

/// One workspace, reduced to the fields the card shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    /// Workspace UUID; the key for de-duplicating merged results.
    pub id: String,
    /// Workspace name.
    pub name: String,
    /// Owner's username.
    pub owner_name: String,
    /// Owner's user UUID (for the permission check).
    pub owner_id: String,
    /// Template UUID (an update asks for its active version).
    pub template_id: String,
    /// The latest build is not on the template's active version.
    pub outdated: bool,
    /// Template name.
    pub template_name: String,
    /// Template display name; `None` when empty.
    pub template_display_name: Option<String>,
    /// Template icon (a path on the deployment or a URL); `None` when empty.
    pub template_icon: Option<String>,
    /// The latest build.
    pub latest_build: WorkspaceBuild,
    /// A favorite of the requesting user (Coder sets it only for them).
    pub favorite: bool,
}

impl Workspace {
    /// One workspace object (`GET /workspaces/{id}`, a watch event);
    /// `None` for anything but a JSON object.
    pub fn from_json(text: &str) -> Option<Workspace> {
        read_json(text, |v| {
            matches!(v, Value::Map(_)).then(|| Workspace::from_value(v))
        })
        .ok()
        .flatten()
    }

    fn from_value(mut v: Value) -> Workspace {
        Workspace {
            id: v.take("id").into_string(),
            name: v.take("name").into_string(),
            owner_name: v.take("owner_name").into_string(),
            owner_id: v.take("owner_id").into_string(),
            template_id: v.take("template_id").into_string(),
            outdated: v.get("outdated").flag(),
            template_name: v.take("template_name").into_string(),
            template_display_name: v.take("template_display_name").into_nonempty(),
            template_icon: v.take("template_icon").into_nonempty(),
            latest_build: WorkspaceBuild::from_value(v.take("latest_build")),
            favorite: v.get("favorite").flag(),
        }
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceBuild {
    /// Build UUID (its parameters are read by it).
    pub id: String,
    /// `start`, `stop` or `delete`.
    pub transition: String,
    /// The template version it built (a restart starts the same one).
    pub template_version_id: String,
    /// Build status.
    pub status: BuildStatus,
    /// Resources of the build; non-object entries are dropped.
    pub resources: Vec<WorkspaceResource>,
}

impl WorkspaceBuild {
    fn from_value(mut v: Value) -> WorkspaceBuild {
        WorkspaceBuild {
            id: v.take("id").into_string(),
            transition: v.take("transition").into_string(),
            template_version_id: v.take("template_version_id").into_string(),
            status: BuildStatus::parse(v.get("status").text().unwrap_or_default()),
            resources: v.take("resources").into_maps(|mut r| WorkspaceResource {
                agents: r.take("agents").into_maps(WorkspaceAgent::from_value),
            }),
        }
    }
}

/// A resource (VM, container, ...) of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceResource {
    /// Agents running in the resource; `null` (no agents) is empty.
    pub agents: Vec<WorkspaceAgent>,
}

/// An agent inside a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceAgent {
    /// Agent UUID.
    pub id: String,
    /// Agent name.
    pub name: String,
    /// Connection status.
    pub status: AgentStatus,
    /// The built-in apps it offers (`vscode`, `web_terminal`, ...).
    pub display_apps: Vec<String>,
    /// The folder it opens in, home-relative paths expanded.
    pub expanded_directory: Option<String>,
    /// The template's apps on this agent; non-object entries are dropped.
    pub apps: Vec<WorkspaceApp>,
}

impl WorkspaceAgent {
    fn from_value(mut v: Value) -> WorkspaceAgent {
        WorkspaceAgent {
            id: v.take("id").into_string(),
            name: v.take("name").into_string(),
            status: AgentStatus::parse(v.get("status").text().unwrap_or_default()),
            display_apps: v.take("display_apps").into_strings(),
            expanded_directory: v.take("expanded_directory").into_nonempty(),
            apps: v.take("apps").into_maps(WorkspaceApp::from_value),
        }
    }
}

/// An app of an agent (`latest_build.resources[].agents[].apps[]`). Every
/// field is the deployment's text: the links are built and vetted in
/// [`crate::config`], never taken as they come.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceApp {
    /// URL-safe app name, a path segment of its URL.
    pub slug: String,
    /// What the menu calls it.
    pub display_name: Option<String>,
    /// An external app's own URL.
    pub url: Option<String>,
    /// Opens `url` rather than a page served through Coder.
    pub external: bool,
    /// Served on its own host under the deployment's wildcard domain.
    pub subdomain: bool,
    /// That host's first label (`<slug>--<agent>--<workspace>--<owner>`).
    pub subdomain_name: Option<String>,
    /// `disabled` (not checked), `initializing`, `healthy` or `unhealthy`.
    pub health: String,
    /// Kept out of the UI by its template.
    pub hidden: bool,
    /// Who may open it: `owner`, `authenticated`, `organization` or `public`.
    pub sharing_level: String,
}

impl WorkspaceApp {
    fn from_value(mut v: Value) -> WorkspaceApp {
        WorkspaceApp {
            slug: v.take("slug").into_string(),
            display_name: v.take("display_name").into_nonempty(),
            url: v.take("url").into_nonempty(),
            external: v.get("external").flag(),
            subdomain: v.get("subdomain").flag(),
            subdomain_name: v.take("subdomain_name").into_nonempty(),
            health: v.take("health").into_string(),
            hidden: v.get("hidden").flag(),
            sharing_level: v.take("sharing_level").into_string(),
        }
    }

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
