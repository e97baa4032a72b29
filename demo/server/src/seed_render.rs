//! How a seed workspace looks in Coder's API shape: the lifecycle phase
//! its build is at, and the workspace JSON at that phase (latest build,
//! job, resources and their agents and apps, health), rendered from its
//! row of the seed table (see [`crate::seed`]).

use std::time::Duration;

use serde_json::{json, Value};

use crate::builds::Moment;
use crate::clock::rfc3339;
use crate::ids::{id, ORG_ID};
use crate::resources::{self, AppSpec, CREATED, READY, SHUTTING_DOWN, STARTING, TIMED_OUT};
use crate::users::user_id;

/// The lifecycle point a seeded build is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
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

/// One row of the seed table, with what it takes from its template.
#[derive(Clone, Debug)]
pub(crate) struct Spec {
    pub(crate) n: u32,
    pub(crate) owner: &'static str,
    pub(crate) name: &'static str,
    pub(crate) template: &'static str,
    pub(crate) params: &'static [(&'static str, &'static str)],
    pub(crate) autostart: Option<&'static str>,
    pub(crate) ttl_ms: Option<u64>,
    pub(crate) template_id: String,
    pub(crate) template_display_name: String,
    pub(crate) template_icon: String,
    pub(crate) active_version_id: String,
    pub(crate) version_id: String,
    pub(crate) version_name: String,
    pub(crate) apps: Vec<AppSpec>,
    pub(crate) display_apps: &'static [&'static str],
}

/// How a progressing seed workspace moves through its phases.
#[derive(Clone, Debug)]
pub(crate) struct Progression {
    pub(crate) spec: Spec,
    /// `(seconds after start, phase)`, ascending; the first entry is at 0.
    pub(crate) steps: &'static [(u64, Phase)],
}

impl Progression {
    /// The workspace at `now`: in the last phase whose step has come.
    pub(crate) fn render(&self, now: &Moment) -> Value {
        let phase = self
            .steps
            .iter()
            .rev()
            .find(|(at, _)| now.elapsed >= Duration::from_secs(*at))
            .map_or(self.steps[0].1, |(_, phase)| *phase);
        workspace_json(&self.spec, phase, &rfc3339(now.started))
    }
}

/// A deterministic timestamp for static seed data.
pub(crate) fn fixed_time(n: u32, hour: u32) -> String {
    format!(
        "2025-{:02}-{:02}T{hour:02}:{:02}:00.000Z",
        1 + n % 9,
        1 + (n * 2) % 27,
        (n * 7) % 60
    )
}

/// Seed workspace `s`'s resources when it runs: a container with agent
/// `main` and its apps, and a home volume.
pub(crate) fn running_resources(s: &Spec) -> Value {
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

/// Seed workspace `s` in Coder's API shape, its latest build at `phase`
/// and created at `build_created`.
pub(crate) fn workspace_json(s: &Spec, phase: Phase, build_created: &str) -> Value {
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
