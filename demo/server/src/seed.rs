//! The workspaces the fake Coder serves: the built-in seed (a dozen
//! workspaces across three owners, some of whose builds progress from
//! pending to running after start) or a `--workspaces` file.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::clock::rfc3339;

/// Username of the signed-in demo user (what `owner:me` means).
pub const DEMO_USERNAME: &str = "demo";

/// The demo entity's repository; several of `demo`'s workspaces carry it.
pub const DEMO_REPO: &str = "https://github.com/coder/backstage-plugins";

const ORG_ID: &str = "0c0de000-0000-4000-8000-000000000001";

/// One build parameter, as `/api/v2/workspacebuilds/{id}/parameters` serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// Parameter name, e.g. `custom_repo`.
    pub name: String,
    /// Parameter value.
    pub value: String,
}

/// A workspace as served, plus what the list response leaves out.
#[derive(Clone, Debug)]
pub struct WorkspaceRecord {
    /// The workspace object in Coder API shape (for a progressing seed
    /// workspace, its initial state).
    pub value: Value,
    /// The latest build's parameters.
    pub parameters: Vec<Param>,
    progression: Option<Progression>,
}

#[derive(Clone, Debug)]
struct Progression {
    spec: Spec,
    /// `(seconds after start, phase)`, ascending; the first entry is at 0.
    steps: &'static [(u64, Phase)],
}

impl WorkspaceRecord {
    /// The workspace as it looks `elapsed` after the progression started.
    /// Borrowed when the workspace never changes: a 5,000-workspace list
    /// would otherwise deep-copy every object on every request.
    pub fn render(&self, elapsed: Duration, started: SystemTime) -> Cow<'_, Value> {
        match &self.progression {
            None => Cow::Borrowed(&self.value),
            Some(p) => {
                let phase = p
                    .steps
                    .iter()
                    .rev()
                    .find(|(at, _)| elapsed >= Duration::from_secs(*at))
                    .map_or(p.steps[0].1, |(_, phase)| *phase);
                Cow::Owned(workspace_json(&p.spec, phase, &rfc3339(started)))
            }
        }
    }

    /// The latest build's id, if the object has one.
    pub fn build_id(&self) -> Option<&str> {
        self.value
            .pointer("/latest_build/id")
            .and_then(Value::as_str)
    }

    /// Whether this workspace's state changes over time.
    pub fn progresses(&self) -> bool {
        self.progression.is_some()
    }
}

/// The demo user in Coder's `/api/v2/users/me` shape.
pub fn demo_user() -> Value {
    json!({
        "id": user_id(DEMO_USERNAME),
        "username": DEMO_USERNAME,
        "email": "demo@coder.example",
        "name": "Demo User",
        "avatar_url": "",
        "created_at": "2024-11-04T09:00:00.000Z",
        "updated_at": "2025-06-01T09:00:00.000Z",
        "last_seen_at": "2025-06-01T09:00:00.000Z",
        "status": "active",
        "login_type": "password",
        "theme_preference": "",
        "organization_ids": [ORG_ID],
        "roles": [{ "name": "owner", "display_name": "Owner" }],
    })
}

fn user_id(username: &str) -> String {
    let n = match username {
        DEMO_USERNAME => 1,
        "alice" => 2,
        _ => 3,
    };
    format!("5e500000-0000-4000-8000-{n:012x}")
}

/// The lifecycle point a seeded build is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Pending,
    Starting,
    /// Build done, agent still connecting.
    RunningConnecting,
    Running,
    /// Running, but the agent timed out connecting.
    RunningUnhealthy,
    Stopped,
    Failed,
    Canceled,
    Deleting,
}

#[derive(Clone, Debug)]
struct Spec {
    n: u32,
    owner: &'static str,
    name: &'static str,
    template: &'static str,
    params: &'static [(&'static str, &'static str)],
    outdated: bool,
    autostart: Option<&'static str>,
    ttl_ms: Option<u64>,
}

/// How a seed workspace's build behaves over time.
enum Life {
    /// Always in this phase.
    Fixed(Phase),
    /// Moves through these `(seconds after start, phase)` steps.
    Progress(&'static [(u64, Phase)]),
}

/// Steps for the three progressing seed workspaces.
const PROGRESS_A: &[(u64, Phase)] = &[
    (0, Phase::Pending),
    (6, Phase::Starting),
    (12, Phase::RunningConnecting),
    (18, Phase::Running),
];
const PROGRESS_B: &[(u64, Phase)] = &[
    (0, Phase::Pending),
    (3, Phase::Starting),
    (10, Phase::RunningConnecting),
    (20, Phase::Running),
];
const PROGRESS_C: &[(u64, Phase)] = &[
    (0, Phase::Starting),
    (8, Phase::RunningConnecting),
    (14, Phase::Running),
];

/// The built-in seed data.
pub fn seed_workspaces(started: SystemTime) -> Vec<WorkspaceRecord> {
    const BP: &str = DEMO_REPO;
    let eu = ("region", "eu-helsinki");
    let us = ("region", "us-pittsburgh");
    // Leaked once at start so the table can stay `&'static`; a dozen small
    // slices for the life of the process.
    let p = |v: Vec<(&'static str, &'static str)>| -> &'static [(&'static str, &'static str)] {
        Box::leak(v.into_boxed_slice())
    };
    let office_hours = Some("CRON_TZ=Europe/Helsinki 30 8 * * 1-5");
    use Life::{Fixed, Progress};
    #[rustfmt::skip]
    let rows: Vec<(Spec, Life)> = vec![
        (spec(1, "demo", "backstage-plugins", "devcontainers", p(vec![("custom_repo", BP), eu]), false, office_hours), Fixed(Phase::Running)),
        (spec(2, "demo", "bp-review", "nodejs", p(vec![("repo_url", BP), us]), false, None), Progress(PROGRESS_A)),
        (spec(3, "demo", "wasm-elements", "rust", p(vec![("custom_repo", BP), ("repo_url", BP), eu]), true, None), Progress(PROGRESS_B)),
        (spec(4, "demo", "bp-old-branch", "devcontainers", p(vec![("custom_repo", BP), us]), true, None), Fixed(Phase::Stopped)),
        (spec(5, "demo", "bp-flaky-tests", "python", p(vec![("repo_url", BP), eu]), false, None), Fixed(Phase::Failed)),
        (spec(6, "demo", "coder-docs", "nodejs", p(vec![("repo_url", "https://github.com/coder/coder"), eu]), false, office_hours), Fixed(Phase::Running)),
        (spec(7, "demo", "scratchpad", "python", p(vec![us]), false, None), Fixed(Phase::Canceled)),
        (spec(8, "demo", "vscode-coder", "docker", p(vec![("custom_repo", "https://github.com/coder/vscode-coder"), eu]), false, None), Fixed(Phase::Deleting)),
        (spec(9, "alice", "backstage-plugins", "devcontainers", p(vec![("custom_repo", BP), us]), false, None), Fixed(Phase::Running)),
        (spec(10, "alice", "api-server", "rust", p(vec![("repo_url", "https://github.com/alice/api-server"), us]), false, None), Fixed(Phase::Stopped)),
        (spec(11, "alice", "data-pipeline", "python", p(vec![("repo_url", "https://github.com/alice/data-pipeline"), eu]), false, None), Progress(PROGRESS_C)),
        (spec(12, "bob", "ml-notebook", "python", p(vec![("repo_url", "https://github.com/bob/notebooks"), us]), false, None), Fixed(Phase::RunningUnhealthy)),
        (spec(13, "bob", "frontend", "nodejs", p(vec![("custom_repo", "https://github.com/bob/frontend"), eu]), true, office_hours), Fixed(Phase::Running)),
    ];
    let started = rfc3339(started);
    rows.into_iter()
        .map(|(spec, life)| {
            let parameters = spec
                .params
                .iter()
                .map(|(name, value)| Param {
                    name: (*name).to_string(),
                    value: (*value).to_string(),
                })
                .collect();
            match life {
                Fixed(phase) => WorkspaceRecord {
                    value: workspace_json(&spec, phase, &fixed_time(spec.n, 10)),
                    parameters,
                    progression: None,
                },
                Progress(steps) => WorkspaceRecord {
                    value: workspace_json(&spec, steps[0].1, &started),
                    parameters,
                    progression: Some(Progression { spec, steps }),
                },
            }
        })
        .collect()
}

fn spec(
    n: u32,
    owner: &'static str,
    name: &'static str,
    template: &'static str,
    params: &'static [(&'static str, &'static str)],
    outdated: bool,
    autostart: Option<&'static str>,
) -> Spec {
    Spec {
        n,
        owner,
        name,
        template,
        params,
        outdated,
        autostart,
        ttl_ms: autostart.map(|_| 8 * 3600 * 1000),
    }
}

/// `(display name, icon)` of each seed template.
fn template_info(name: &str) -> (&'static str, &'static str, u32) {
    match name {
        "devcontainers" => ("Dev Containers", "/icon/docker.svg", 1),
        "docker" => ("Docker Containers", "/icon/docker.svg", 2),
        "nodejs" => ("Node.js", "/icon/node.svg", 3),
        "python" => ("Python", "/icon/python.svg", 4),
        _ => ("Rust", "/icon/rust.svg", 5),
    }
}

/// A deterministic timestamp for static seed data.
fn fixed_time(n: u32, hour: u32) -> String {
    format!(
        "2025-{:02}-{:02}T{hour:02}:{:02}:00.000Z",
        1 + n % 9,
        1 + (n * 2) % 27,
        (n * 7) % 60
    )
}

fn id(prefix: &str, n: u32) -> String {
    format!("{prefix}-0000-4000-8000-{n:012x}")
}

fn workspace_json(s: &Spec, phase: Phase, build_created: &str) -> Value {
    let (display, icon, template_n) = template_info(s.template);
    let build_id = id("b0110000", s.n);
    let job_id = id("j0b00000", s.n);
    let agent_id = id("a9e00000", s.n);
    let resource_id = id("7e500000", s.n);
    let (status, transition, job_status) = match phase {
        Phase::Pending => ("pending", "start", "pending"),
        Phase::Starting => ("starting", "start", "running"),
        Phase::RunningConnecting | Phase::Running | Phase::RunningUnhealthy => {
            ("running", "start", "succeeded")
        }
        Phase::Stopped => ("stopped", "stop", "succeeded"),
        Phase::Failed => ("failed", "start", "failed"),
        Phase::Canceled => ("canceled", "start", "canceled"),
        Phase::Deleting => ("deleting", "delete", "running"),
    };
    // (agent status, lifecycle) while a container exists.
    let agent = match phase {
        Phase::Pending | Phase::Failed | Phase::Canceled | Phase::Stopped => None,
        Phase::Starting => Some(("connecting", "created")),
        Phase::RunningConnecting => Some(("connecting", "starting")),
        Phase::Running => Some(("connected", "ready")),
        Phase::RunningUnhealthy => Some(("timeout", "start_timeout")),
        Phase::Deleting => Some(("disconnected", "shutting_down")),
    };
    let connected = agent.is_some_and(|(st, _)| st == "connected");
    let mut resources = Vec::new();
    if let Some((agent_status, lifecycle)) = agent {
        let connected_at = if connected {
            json!(build_created)
        } else {
            Value::Null
        };
        resources.push(json!({
            "id": resource_id,
            "created_at": build_created,
            "job_id": job_id,
            "workspace_transition": transition,
            "type": "docker_container",
            "name": "workspace",
            "hide": false,
            "icon": "",
            "daily_cost": 0,
            "metadata": [],
            "agents": [{
                "id": agent_id,
                "created_at": build_created,
                "updated_at": build_created,
                "first_connected_at": connected_at,
                "last_connected_at": connected_at,
                "status": agent_status,
                "lifecycle_state": lifecycle,
                "name": "main",
                "resource_id": resource_id,
                "architecture": "amd64",
                "operating_system": "linux",
                "directory": "/home/coder",
                "version": "v2.18.0",
                "apps": [],
                "connection_timeout_seconds": 120,
                "troubleshooting_url": "",
                "health": if connected {
                    json!({ "healthy": true })
                } else {
                    json!({ "healthy": false, "reason": format!("agent is {agent_status}") })
                },
            }],
        }));
    }
    if matches!(
        phase,
        Phase::Stopped | Phase::Running | Phase::RunningConnecting
    ) {
        // The persistent home volume outlives the container, as in Coder's
        // Docker templates.
        resources.push(json!({
            "id": id("7e501000", s.n),
            "created_at": build_created,
            "job_id": job_id,
            "workspace_transition": transition,
            "type": "docker_volume",
            "name": "home_volume",
            "hide": false,
            "icon": "",
            "daily_cost": 0,
            "metadata": [],
            "agents": [],
        }));
    }
    let failing_agents: Vec<&str> = match agent {
        Some(_) if !connected => vec![agent_id.as_str()],
        _ => vec![],
    };
    let job_done = matches!(job_status, "succeeded" | "failed" | "canceled");
    json!({
        "id": id("3c5a0000", s.n),
        "created_at": fixed_time(s.n, 9),
        "updated_at": build_created,
        "owner_id": user_id(s.owner),
        "owner_name": s.owner,
        "owner_avatar_url": "",
        "organization_id": ORG_ID,
        "organization_name": "coder",
        "template_id": id("7e3f0000", template_n),
        "template_name": s.template,
        "template_display_name": display,
        "template_icon": icon,
        "template_allow_user_cancel_workspace_jobs": true,
        "template_active_version_id": id("7e3f1000", template_n),
        "template_require_active_version": false,
        "name": s.name,
        "outdated": s.outdated,
        "latest_build": {
            "id": build_id,
            "created_at": build_created,
            "updated_at": build_created,
            "workspace_id": id("3c5a0000", s.n),
            "workspace_name": s.name,
            "workspace_owner_id": user_id(s.owner),
            "workspace_owner_name": s.owner,
            "template_version_id": id("7e3f1000", template_n),
            "template_version_name": "v1",
            "build_number": s.n + 1,
            "transition": transition,
            "initiator_id": user_id(s.owner),
            "initiator_name": s.owner,
            "job": {
                "id": job_id,
                "created_at": build_created,
                "started_at": if job_status == "pending" { Value::Null } else { json!(build_created) },
                "completed_at": if job_done { json!(build_created) } else { Value::Null },
                "status": job_status,
                "error": if phase == Phase::Failed {
                    json!("terraform apply: docker_container.workspace: image pull failed: exit status 1")
                } else {
                    Value::Null
                },
                "file_id": id("f11e0000", s.n),
                "tags": { "scope": "organization" },
                "queue_position": 0,
                "queue_size": 0,
            },
            "reason": "initiator",
            "resources": resources,
            "deadline": Value::Null,
            "max_deadline": Value::Null,
            "status": status,
            "daily_cost": 0,
        },
        "last_used_at": fixed_time(s.n, 17),
        "ttl_ms": s.ttl_ms,
        "autostart_schedule": s.autostart,
        "health": { "healthy": failing_agents.is_empty(), "failing_agents": failing_agents },
        "automatic_updates": "never",
        "allow_renames": false,
        "favorite": false,
        "dormant_at": Value::Null,
        "deleting_at": Value::Null,
    })
}

/// Why a `--workspaces` file was rejected; the binary exits 2 with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(pub String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Reads a `--workspaces` file.
pub fn load_workspaces_file(path: &Path) -> Result<Vec<WorkspaceRecord>, LoadError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| LoadError(format!("{}: cannot read the file: {e}", path.display())))?;
    parse_workspaces(&text, &path.display().to_string())
}

/// Parses the `--workspaces` format: a JSON array of workspace objects in
/// Coder API shape, each optionally carrying `parameters: [{name, value}]`.
/// `source` names the file in error messages.
pub fn parse_workspaces(text: &str, source: &str) -> Result<Vec<WorkspaceRecord>, LoadError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json appends " at line L column C" itself; lead with the
        // position instead so the message reads like a compiler's.
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let msg = full.strip_suffix(&suffix).unwrap_or(&full);
        LoadError(format!(
            "{source}: invalid JSON at line {}, column {}: {msg}",
            e.line(),
            e.column()
        ))
    })?;
    let Value::Array(items) = doc else {
        return Err(LoadError(format!(
            "{source}: expected a JSON array of workspace objects, found {}",
            kind(&doc)
        )));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| record_from_file(i, item, source))
        .collect()
}

fn record_from_file(i: usize, item: Value, source: &str) -> Result<WorkspaceRecord, LoadError> {
    let Value::Object(mut obj) = item else {
        return Err(LoadError(format!(
            "{source}: item {i} must be a workspace object, found {}",
            kind(&item)
        )));
    };
    let parameters = match obj.remove("parameters") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value::<Vec<Param>>(v).map_err(|e| {
            LoadError(format!(
                "{source}: item {i}: \"parameters\" must be an array of {{\"name\": string, \"value\": string}} objects ({e})"
            ))
        })?,
    };
    // Every workspace needs a build id so its parameters can be served.
    let generated = format!("b1d00000-0000-4000-8000-{:012x}", i + 1);
    match obj.get_mut("latest_build") {
        Some(Value::Object(build)) => {
            if !build.get("id").is_some_and(Value::is_string) {
                build.insert("id".into(), Value::String(generated));
            }
        }
        None | Some(Value::Null) => {
            let mut build = Map::new();
            build.insert("id".into(), Value::String(generated));
            obj.insert("latest_build".into(), Value::Object(build));
        }
        Some(other) => {
            return Err(LoadError(format!(
                "{source}: item {i}: \"latest_build\" must be an object, found {}",
                kind(other)
            )))
        }
    }
    Ok(WorkspaceRecord {
        value: Value::Object(obj),
        parameters,
        progression: None,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
