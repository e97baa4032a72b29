//! The workspaces the fake Coder serves: the built-in seed (a dozen
//! workspaces across three owners, some of whose builds progress from
//! pending to running after start) or a `--workspaces` file (see
//! [`crate::workspace_file`]), and how a workspace looks at a given moment,
//! builds posted at run time included.
//!
//! The seed user `demo` has the agents' apps of every kind on her
//! workspaces: `code-server` (a subdomain app), `jupyter` (a path app),
//! `docs` (external, <https://coder.com/docs>), `metrics` (hidden) and
//! `storybook` (unhealthy); `coder-docs` has only `code-server` and `docs`.
//! Her `bp-old-branch` is stopped and outdated (devcontainers v1; v2 adds
//! nothing), `wasm-elements` outdated on rust v1 (v2 adds the required
//! `rust_toolchain`).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};

use crate::builds::{LiveBuild, Moment};
use crate::clock::rfc3339;
use crate::ids::{id, ORG_ID};
use crate::params::Param;
use crate::resources::{
    self, AppSpec, CREATED, DISPLAY_APPS, READY, SHUTTING_DOWN, STARTING, TIMED_OUT,
};
use crate::templates::seed_templates;

pub use crate::workspace_file::{load_workspaces_file, parse_workspaces, LoadError};

/// Username of the signed-in demo user (what `owner:me` means).
pub const DEMO_USERNAME: &str = "demo";

/// The demo entity's repository; several of `demo`'s workspaces carry it.
pub const DEMO_REPO: &str = "https://github.com/coder/backstage-plugins";

/// A workspace as served, plus what the list response leaves out.
#[derive(Clone, Debug)]
pub struct WorkspaceRecord {
    /// The workspace object in Coder API shape (for a progressing seed
    /// workspace, its initial state).
    pub value: Value,
    /// The latest build's parameters.
    pub parameters: Vec<Param>,
    progression: Option<Progression>,
    /// The resources when it runs, which a start brings up.
    pub(crate) running: Value,
    /// The build posted at run time, if any; it supersedes the rest.
    pub(crate) live: Option<LiveBuild>,
    /// `(build id, parameters)` of the builds before the latest.
    pub(crate) history: Vec<(String, Vec<Param>)>,
    /// Index of its template in the deployment's catalog.
    pub(crate) template: usize,
}

#[derive(Clone, Debug)]
struct Progression {
    spec: Spec,
    /// `(seconds after start, phase)`, ascending; the first entry is at 0.
    steps: &'static [(u64, Phase)],
}

impl WorkspaceRecord {
    /// A workspace from a `--workspaces` file, served as given (see
    /// [`crate::workspace_file`] for what it gets added).
    pub(crate) fn from_file(value: Value, parameters: Vec<Param>) -> Self {
        WorkspaceRecord {
            value,
            parameters,
            progression: None,
            running: Value::Null,
            live: None,
            history: Vec::new(),
            template: 0,
        }
    }

    /// The workspace as it looks at `now`. Borrowed when the workspace never
    /// changes: a 5,000-workspace list would otherwise deep-copy every
    /// object on every request.
    pub fn render(&self, now: &Moment) -> Cow<'_, Value> {
        if let Some(live) = &self.live {
            return Cow::Owned(live.workspace_json(now));
        }
        match &self.progression {
            None => Cow::Borrowed(&self.value),
            Some(p) => {
                let phase = p
                    .steps
                    .iter()
                    .rev()
                    .find(|(at, _)| now.elapsed >= Duration::from_secs(*at))
                    .map_or(p.steps[0].1, |(_, phase)| *phase);
                Cow::Owned(workspace_json(&p.spec, phase, &rfc3339(now.started)))
            }
        }
    }

    /// The workspace's id, if the object has one.
    pub fn id(&self) -> Option<&str> {
        self.value.get("id").and_then(Value::as_str)
    }

    /// The latest build's id, if the object has one.
    pub fn build_id(&self) -> Option<&str> {
        match &self.live {
            Some(live) => Some(&live.id),
            None => self
                .value
                .pointer("/latest_build/id")
                .and_then(Value::as_str),
        }
    }

    /// The parameters of one of this workspace's builds.
    pub fn build_parameters(&self, build_id: &str) -> Option<&[Param]> {
        if self.build_id() == Some(build_id) {
            return Some(&self.parameters);
        }
        self.history
            .iter()
            .find(|(id, _)| id == build_id)
            .map(|(_, p)| p.as_slice())
    }

    /// Whether this workspace's state changes over time.
    pub fn progresses(&self) -> bool {
        self.progression.is_some() || self.live.is_some()
    }

    /// Makes `build` the latest, with `parameters`.
    pub(crate) fn begin(&mut self, build: LiveBuild, parameters: Vec<Param>) {
        if let Some(old) = self.build_id() {
            let old = old.to_string();
            let before = std::mem::replace(&mut self.parameters, parameters);
            self.history.push((old, before));
        } else {
            self.parameters = parameters;
        }
        self.live = Some(build);
    }
}

/// The demo user in Coder's `/api/v2/users/me` shape: a member, not an
/// admin (Coder lists only site-wide roles, and `member` is implied), so
/// she may act on her own workspaces only.
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
        "roles": [],
    })
}

/// The user id of a username: fixed for the seed's three users, derived
/// from the name for anyone a `--workspaces` file names.
pub fn user_id(username: &str) -> String {
    let n: u64 = match username {
        DEMO_USERNAME => 1,
        "alice" => 2,
        "bob" => 3,
        _ => {
            // FNV-1a: stable across runs, unlike the std hasher.
            let hash = username.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            0x1_0000_0000 | (hash & 0xffff_ffff)
        }
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
    autostart: Option<&'static str>,
    ttl_ms: Option<u64>,
    template_id: String,
    template_display_name: String,
    template_icon: String,
    active_version_id: String,
    version_id: String,
    version_name: String,
    apps: Vec<AppSpec>,
    display_apps: &'static [&'static str],
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

/// code-server on its own subdomain.
const CODE_SERVER: AppSpec = AppSpec {
    slug: "code-server",
    display_name: "code-server",
    url: "http://localhost:13337/?folder=/home/coder",
    icon: "/icon/code.svg",
    subdomain: true,
    external: false,
    hidden: false,
    health: "healthy",
    sharing_level: "owner",
};
/// Jupyter under the workspace's path.
const JUPYTER: AppSpec = AppSpec {
    slug: "jupyter",
    display_name: "Jupyter",
    url: "http://localhost:8888/",
    icon: "/icon/jupyter.svg",
    subdomain: false,
    external: false,
    hidden: false,
    health: "healthy",
    sharing_level: "owner",
};
/// A link out of Coder.
const DOCS: AppSpec = AppSpec {
    slug: "docs",
    display_name: "Coder Docs",
    url: "https://coder.com/docs",
    icon: "/icon/book.svg",
    subdomain: false,
    external: true,
    hidden: false,
    health: "disabled",
    sharing_level: "owner",
};
/// Kept out of the dashboard.
const METRICS: AppSpec = AppSpec {
    slug: "metrics",
    display_name: "Metrics exporter",
    url: "http://localhost:9100/",
    icon: "",
    subdomain: false,
    external: false,
    hidden: true,
    health: "disabled",
    sharing_level: "owner",
};
/// Its health check fails.
const STORYBOOK: AppSpec = AppSpec {
    slug: "storybook",
    display_name: "Storybook",
    url: "http://localhost:6006/",
    icon: "/icon/storybook.svg",
    subdomain: false,
    external: false,
    hidden: false,
    health: "unhealthy",
    sharing_level: "owner",
};
/// A dev server bob shares with anyone.
const PREVIEW: AppSpec = AppSpec {
    slug: "preview",
    display_name: "Preview",
    url: "http://localhost:3000/",
    icon: "",
    subdomain: true,
    external: false,
    hidden: false,
    health: "disabled",
    sharing_level: "public",
};

/// The apps and display apps of seed workspace `n`.
fn apps_of(n: u32) -> (Vec<AppSpec>, &'static [&'static str]) {
    let shared = AppSpec {
        sharing_level: "authenticated",
        ..JUPYTER
    };
    match n {
        6 => (
            vec![CODE_SERVER, DOCS],
            &[
                "vscode",
                "web_terminal",
                "ssh_helper",
                "port_forwarding_helper",
            ],
        ),
        1..=8 => (
            vec![CODE_SERVER, JUPYTER, DOCS, METRICS, STORYBOOK],
            &DISPLAY_APPS,
        ),
        9 => (vec![CODE_SERVER, shared], &DISPLAY_APPS),
        10 => (vec![CODE_SERVER], &DISPLAY_APPS),
        11 | 12 => (vec![JUPYTER], &DISPLAY_APPS),
        _ => (vec![CODE_SERVER, PREVIEW], &DISPLAY_APPS),
    }
}

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
        (spec(10, "alice", "api-server", "rust", p(vec![("repo_url", "https://github.com/alice/api-server"), us, ("rust_toolchain", "stable")]), false, None), Fixed(Phase::Stopped)),
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
            let (value, progression) = match life {
                Fixed(phase) => (workspace_json(&spec, phase, &fixed_time(spec.n, 10)), None),
                Progress(steps) => (
                    workspace_json(&spec, steps[0].1, &started),
                    Some(Progression {
                        spec: spec.clone(),
                        steps,
                    }),
                ),
            };
            WorkspaceRecord {
                value,
                parameters,
                progression,
                running: running_resources(&spec),
                live: None,
                history: Vec::new(),
                template: 0,
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
    let templates = seed_templates();
    let t = templates
        .iter()
        .find(|t| t.name == template)
        .expect("every seed workspace names a seed template");
    // An outdated workspace runs the version before the active one.
    let version = match (outdated, t.versions.len()) {
        (true, count) if count > 1 => &t.versions[count - 2],
        _ => t
            .active()
            .expect("seed templates have their active version"),
    };
    let (apps, display_apps) = apps_of(n);
    Spec {
        n,
        owner,
        name,
        template,
        params,
        autostart,
        ttl_ms: autostart.map(|_| 8 * 3600 * 1000),
        template_id: t.id.clone(),
        template_display_name: t.display_name.clone(),
        template_icon: t.icon.clone(),
        active_version_id: t.active_version_id.clone(),
        version_id: version.id.clone(),
        version_name: version.name.clone(),
        apps,
        display_apps,
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

/// Seed workspace `s`'s resources when it runs: a container with agent
/// `main` and its apps, and a home volume.
fn running_resources(s: &Spec) -> Value {
    let agent_id = id("a9e00000", s.n);
    let resource_id = id("7e500000", s.n);
    let apps: Vec<Value> = s
        .apps
        .iter()
        .enumerate()
        .map(|(k, app)| {
            app.to_json(
                &id("a9900000", s.n * 16 + k as u32),
                "main",
                s.name,
                s.owner,
            )
        })
        .collect();
    let agents = json!([{
        "id": agent_id,
        "created_at": "",
        "updated_at": "",
        "first_connected_at": Value::Null,
        "last_connected_at": Value::Null,
        "status": "connected",
        "lifecycle_state": "ready",
        "name": "main",
        "resource_id": resource_id,
        "architecture": "amd64",
        "operating_system": "linux",
        "directory": "/home/coder",
        "expanded_directory": "/home/coder",
        "version": "v2.18.0",
        "apps": apps,
        "display_apps": s.display_apps,
        "connection_timeout_seconds": 120,
        "troubleshooting_url": "",
        "health": { "healthy": true },
    }]);
    let container = resources::resource(&resource_id, "docker_container", "workspace", agents);
    // The persistent home volume outlives the container, as in Coder's
    // Docker templates.
    let volume = resources::resource(
        &id("7e501000", s.n),
        "docker_volume",
        "home_volume",
        json!([]),
    );
    json!([container, volume])
}

fn workspace_json(s: &Spec, phase: Phase, build_created: &str) -> Value {
    let build_id = id("b0110000", s.n);
    let job_id = id("j0b00000", s.n);
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
    let running = running_resources(s);
    let at = |state, with_volumes| {
        resources::at_state(
            &running,
            state,
            &job_id,
            transition,
            build_created,
            with_volumes,
        )
    };
    let resources = match phase {
        Phase::Pending | Phase::Failed | Phase::Canceled => json!([]),
        Phase::Stopped => resources::stopped(&running, &job_id, build_created),
        Phase::Starting => at(CREATED, false),
        Phase::RunningConnecting => at(STARTING, true),
        Phase::Running => at(READY, true),
        Phase::RunningUnhealthy => at(TIMED_OUT, false),
        Phase::Deleting => at(SHUTTING_DOWN, false),
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
        "template_id": s.template_id,
        "template_name": s.template,
        "template_display_name": s.template_display_name,
        "template_icon": s.template_icon,
        "template_allow_user_cancel_workspace_jobs": true,
        "template_active_version_id": s.active_version_id,
        "template_require_active_version": false,
        "name": s.name,
        "outdated": s.version_id != s.active_version_id,
        "latest_build": {
            "id": build_id,
            "created_at": build_created,
            "updated_at": build_created,
            "workspace_id": id("3c5a0000", s.n),
            "workspace_name": s.name,
            "workspace_owner_id": user_id(s.owner),
            "workspace_owner_name": s.owner,
            "template_version_id": s.version_id,
            "template_version_name": s.version_name,
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
        "health": resources::health(&resources),
        "automatic_updates": "never",
        "allow_renames": false,
        "favorite": false,
        "dormant_at": Value::Null,
        "deleting_at": Value::Null,
    })
}
