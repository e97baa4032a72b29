//! The built-in seed: the table of workspaces the fake Coder serves when
//! no `--workspaces` file replaces them (see [`crate::workspace_file`]), a
//! dozen across three owners, some of whose builds progress from pending
//! to running after start, with their templates, parameters, apps and
//! phases. How a row looks as JSON is [`crate::seed_render`]'s.
//!
//! The seed user `demo` has the agents' apps of every kind on her
//! workspaces: `code-server` (a subdomain app), `jupyter` (a path app),
//! `docs` (external, <https://coder.com/docs>), `metrics` (hidden) and
//! `storybook` (unhealthy); `coder-docs` has only `code-server` and `docs`.
//! Her `bp-old-branch` is stopped and outdated (devcontainers v1; v2 adds
//! nothing), `wasm-elements` outdated on rust v1 (v2 adds the required
//! `rust_toolchain`).

use std::time::SystemTime;

use crate::clock::rfc3339;
use crate::params::Param;
use crate::resources::{AppSpec, DISPLAY_APPS};
use crate::seed_render::{fixed_time, running_resources, workspace_json, Phase, Progression, Spec};
use crate::templates::seed_templates;
use crate::workspace_record::WorkspaceRecord;

/// The demo entity's repository; several of `demo`'s workspaces carry it.
pub const DEMO_REPO: &str = "https://github.com/coder/backstage-plugins";

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
