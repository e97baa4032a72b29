//! The resources of a build, their agents and the agents' apps, in Coder's
//! API shape: how a running workspace's resources look at each point of a
//! build (agents connecting, connected, timed out, shutting down), which of
//! them outlive a stop, the workspace health they add up to, and the
//! defaults a `--workspaces` file's agents and apps get.

use serde_json::{json, Map, Value};

/// What an agent offers besides its apps when the template doesn't say
/// (Coder's `DisplayApp` values; its own default is all of them).
pub const DISPLAY_APPS: [&str; 5] = [
    "vscode",
    "vscode_insiders",
    "web_terminal",
    "ssh_helper",
    "port_forwarding_helper",
];

/// An agent's connection status and lifecycle state at some point of a build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgentState {
    /// `connecting`, `connected`, `disconnected` or `timeout`.
    pub status: &'static str,
    /// `created`, `starting`, `ready`, `start_timeout`, `shutting_down`, ….
    pub lifecycle: &'static str,
}

/// The container exists, the agent hasn't dialed in yet.
pub const CREATED: AgentState = AgentState {
    status: "connecting",
    lifecycle: "created",
};
/// The build is done, the agent is still starting up.
pub const STARTING: AgentState = AgentState {
    status: "connecting",
    lifecycle: "starting",
};
/// Connected and its startup scripts are done.
pub const READY: AgentState = AgentState {
    status: "connected",
    lifecycle: "ready",
};
/// The agent never connected in time.
pub const TIMED_OUT: AgentState = AgentState {
    status: "timeout",
    lifecycle: "start_timeout",
};
/// The workspace is being torn down.
pub const SHUTTING_DOWN: AgentState = AgentState {
    status: "disconnected",
    lifecycle: "shutting_down",
};

/// Whether a resource object has at least one agent.
pub fn has_agents(resource: &Value) -> bool {
    resource["agents"].as_array().is_some_and(|a| !a.is_empty())
}

/// Whether a list of resources has at least one agent.
pub fn any_agents(resources: &Value) -> bool {
    resources
        .as_array()
        .is_some_and(|r| r.iter().any(has_agents))
}

/// The resources of a build that brought `running` up, with every agent in
/// `state`: the build's job and transition, its timestamps, the agents'
/// status, lifecycle and health, and, until the agents are ready, apps with
/// a health check still `initializing`. Resources without agents are kept
/// only when `with_volumes` (a start brings its volumes along, but the seed
/// shows a starting container alone, as its first resource to appear).
pub fn at_state(
    running: &Value,
    state: AgentState,
    job_id: &str,
    transition: &str,
    created: &str,
    with_volumes: bool,
) -> Value {
    let list = running.as_array().map(Vec::as_slice).unwrap_or_default();
    let connected = state == READY;
    let connected_at = if connected {
        json!(created)
    } else {
        Value::Null
    };
    let resources: Vec<Value> = list
        .iter()
        .filter(|r| with_volumes || has_agents(r))
        .map(|resource| {
            let mut resource = resource.clone();
            if let Some(r) = resource.as_object_mut() {
                r.insert("job_id".into(), json!(job_id));
                r.insert("workspace_transition".into(), json!(transition));
                r.insert("created_at".into(), json!(created));
            }
            if let Some(agents) = resource.get_mut("agents").and_then(Value::as_array_mut) {
                for agent in agents.iter_mut().filter_map(Value::as_object_mut) {
                    agent.insert("status".into(), json!(state.status));
                    agent.insert("lifecycle_state".into(), json!(state.lifecycle));
                    agent.insert("created_at".into(), json!(created));
                    agent.insert("updated_at".into(), json!(created));
                    agent.insert("first_connected_at".into(), connected_at.clone());
                    agent.insert("last_connected_at".into(), connected_at.clone());
                    agent.insert(
                        "health".into(),
                        if connected {
                            json!({ "healthy": true })
                        } else {
                            json!({ "healthy": false, "reason": format!("agent is {}", state.status) })
                        },
                    );
                    if state.lifecycle != "ready" {
                        if let Some(apps) = agent.get_mut("apps").and_then(Value::as_array_mut) {
                            for app in apps.iter_mut().filter_map(Value::as_object_mut) {
                                // Coder only knows an app's health once the
                                // agent runs its checks.
                                if matches!(app.get("health").and_then(Value::as_str), Some("healthy" | "unhealthy")) {
                                    app.insert("health".into(), json!("initializing"));
                                }
                            }
                        }
                    }
                }
            }
            resource
        })
        .collect();
    Value::Array(resources)
}

/// What a stop leaves of `running`: the resources without agents (a home
/// volume outlives its container), restamped with the stop build's job.
pub fn stopped(running: &Value, job_id: &str, created: &str) -> Value {
    let list = running.as_array().map(Vec::as_slice).unwrap_or_default();
    Value::Array(
        list.iter()
            .filter(|r| r.is_object() && !has_agents(r))
            .map(|r| {
                let mut r = r.clone();
                r["job_id"] = json!(job_id);
                r["workspace_transition"] = json!("stop");
                r["created_at"] = json!(created);
                r
            })
            .collect(),
    )
}

/// The workspace `health` of a build's resources: healthy unless an agent
/// is (Coder lists the unhealthy agents' ids).
pub fn health(resources: &Value) -> Value {
    let failing: Vec<Value> = resources
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["agents"].as_array())
        .flatten()
        .filter(|a| {
            a["health"]["healthy"] == false
                || a["status"].as_str().is_some_and(|s| s != "connected")
        })
        .map(|a| a["id"].clone())
        .collect();
    json!({ "healthy": failing.is_empty(), "failing_agents": failing })
}

/// Coder's name for a subdomain app's host label:
/// `<slug>--<agent>--<workspace>--<owner>`.
pub fn subdomain_name(slug: &str, agent: &str, workspace: &str, owner: &str) -> String {
    format!("{slug}--{agent}--{workspace}--{owner}")
}

/// An app as the seed declares it.
#[derive(Clone, Debug)]
pub struct AppSpec {
    /// URL-safe name, unique per agent.
    pub slug: &'static str,
    /// Label.
    pub display_name: &'static str,
    /// What the agent proxies to, or where an external app points.
    pub url: &'static str,
    /// Icon path.
    pub icon: &'static str,
    /// Served on its own host under the wildcard domain.
    pub subdomain: bool,
    /// A link that leaves Coder (no proxying).
    pub external: bool,
    /// Kept out of Coder's dashboard.
    pub hidden: bool,
    /// Health once the agent is ready: `disabled` (no check), `healthy` or
    /// `unhealthy`.
    pub health: &'static str,
    /// `owner`, `authenticated` or `public`.
    pub sharing_level: &'static str,
}

impl AppSpec {
    /// Coder's `WorkspaceApp` JSON for this app on `agent` of `workspace`.
    pub fn to_json(&self, id: &str, agent: &str, workspace: &str, owner: &str) -> Value {
        let healthcheck = if self.health == "disabled" {
            json!({ "url": "", "interval": 0, "threshold": 0 })
        } else {
            // The app's own origin answers the check, as in Coder's
            // templates (`http://localhost:13337/healthz`).
            let origin = match self.url.split_once("://") {
                Some((scheme, rest)) => {
                    format!("{scheme}://{}", rest.split('/').next().unwrap_or(""))
                }
                None => self.url.to_string(),
            };
            json!({ "url": format!("{origin}/healthz"), "interval": 5, "threshold": 6 })
        };
        json!({
            "id": id,
            "url": self.url,
            "external": self.external,
            "slug": self.slug,
            "display_name": self.display_name,
            "command": Value::Null,
            "icon": self.icon,
            "subdomain": self.subdomain,
            "subdomain_name": if self.subdomain {
                json!(subdomain_name(self.slug, agent, workspace, owner))
            } else {
                json!("")
            },
            "sharing_level": self.sharing_level,
            "healthcheck": healthcheck,
            "health": self.health,
            "group": Value::Null,
            "hidden": self.hidden,
            "open_in": if self.subdomain { "slim-window" } else { "tab" },
            "statuses": [],
        })
    }
}

/// The lifecycle state an agent of a file is most likely in, by status.
fn lifecycle_for(status: Option<&str>) -> &'static str {
    match status {
        Some("connected") => "ready",
        Some("connecting") => "starting",
        Some("timeout") => "start_timeout",
        Some("disconnected") => "off",
        _ => "created",
    }
}

/// Fills what a `--workspaces` file's agents and apps leave out (an agent's
/// `name`, `lifecycle_state`, `display_apps` and `apps`; an app's id,
/// flags, health, sharing level and `subdomain_name`), never touching a
/// field that is there. `ids` makes up ids.
pub fn fill_agents(
    resources: &mut Value,
    workspace: &str,
    owner: &str,
    ids: &mut dyn FnMut() -> String,
) {
    let Some(list) = resources.as_array_mut() else {
        return;
    };
    for agents in list
        .iter_mut()
        .filter_map(|r| r.get_mut("agents"))
        .filter_map(Value::as_array_mut)
    {
        for agent in agents.iter_mut().filter_map(Value::as_object_mut) {
            let lifecycle = lifecycle_for(agent.get("status").and_then(Value::as_str));
            insert_missing(agent, "name", || json!("main"));
            insert_missing(agent, "lifecycle_state", || json!(lifecycle));
            insert_missing(agent, "display_apps", || json!(DISPLAY_APPS));
            insert_missing(agent, "apps", || json!([]));
            let agent_name = agent
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("main")
                .to_string();
            let Some(apps) = agent.get_mut("apps").and_then(Value::as_array_mut) else {
                continue;
            };
            for app in apps.iter_mut().filter_map(Value::as_object_mut) {
                insert_missing(app, "id", || json!(ids()));
                let slug = app
                    .get("slug")
                    .and_then(Value::as_str)
                    .unwrap_or("app")
                    .to_string();
                insert_missing(app, "slug", || json!(slug));
                insert_missing(app, "display_name", || json!(slug));
                insert_missing(app, "url", || json!(""));
                insert_missing(app, "icon", || json!(""));
                insert_missing(app, "external", || json!(false));
                insert_missing(app, "subdomain", || json!(false));
                insert_missing(app, "hidden", || json!(false));
                insert_missing(app, "health", || json!("disabled"));
                insert_missing(app, "sharing_level", || json!("owner"));
                let subdomain = app.get("subdomain") == Some(&Value::Bool(true));
                insert_missing(app, "subdomain_name", || {
                    if subdomain {
                        json!(subdomain_name(&slug, &agent_name, workspace, owner))
                    } else {
                        json!("")
                    }
                });
            }
        }
    }
}

fn insert_missing(object: &mut Map<String, Value>, key: &str, value: impl FnOnce() -> Value) {
    if !object.contains_key(key) {
        object.insert(key.to_string(), value());
    }
}

/// A resource a start brings up, of Terraform type `kind`, with `agents`
/// (a JSON array); [`at_state`] and [`stopped`] stamp it with their build's
/// job, transition and time.
pub fn resource(id: &str, kind: &str, name: &str, agents: Value) -> Value {
    json!({
        "id": id,
        "created_at": "",
        "job_id": "",
        "workspace_transition": "start",
        "type": kind,
        "name": name,
        "hide": false,
        "icon": "",
        "daily_cost": 0,
        "metadata": [],
        "agents": agents,
    })
}

/// The resources a workspace from a file runs with when the file shows
/// none with agents: one container with an agent `main` and no apps.
pub fn default_running(agent_id: &str, resource_id: &str) -> Value {
    let agents = json!([{
        "id": agent_id,
        "name": "main",
        "resource_id": resource_id,
        "status": "connected",
        "lifecycle_state": "ready",
        "architecture": "amd64",
        "operating_system": "linux",
        "directory": "/home/coder",
        "expanded_directory": "/home/coder",
        "version": "v2.18.0",
        "display_apps": DISPLAY_APPS,
        "apps": [],
        "connection_timeout_seconds": 120,
        "troubleshooting_url": "",
        "health": { "healthy": true },
    }]);
    let container = resource(resource_id, "docker_container", "workspace", agents);
    json!([container])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running() -> Value {
        let app = AppSpec {
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
        let mut r = default_running("agent-1", "res-1");
        r[0]["agents"][0]["apps"] = json!([app.to_json("app-1", "main", "ws", "demo")]);
        r.as_array_mut()
            .unwrap()
            .push(json!({ "id": "vol", "agents": [] }));
        r
    }

    #[test]
    fn agents_follow_the_state_and_apps_wait_for_ready() {
        let r = at_state(&running(), CREATED, "job", "start", "t0", false);
        assert_eq!(r.as_array().unwrap().len(), 1, "the volume comes later");
        let agent = &r[0]["agents"][0];
        assert_eq!(agent["status"], "connecting");
        assert_eq!(agent["lifecycle_state"], "created");
        assert_eq!(agent["first_connected_at"], Value::Null);
        assert_eq!(agent["apps"][0]["health"], "initializing");
        assert_eq!(health(&r)["failing_agents"], json!(["agent-1"]));

        let r = at_state(&running(), READY, "job", "start", "t1", true);
        assert_eq!(r.as_array().unwrap().len(), 2);
        assert_eq!(r[0]["agents"][0]["apps"][0]["health"], "healthy");
        assert_eq!(r[0]["agents"][0]["last_connected_at"], "t1");
        assert_eq!(r[0]["job_id"], "job");
        assert_eq!(health(&r), json!({ "healthy": true, "failing_agents": [] }));
        assert_eq!(
            r[0]["agents"][0]["apps"][0]["subdomain_name"],
            "code-server--main--ws--demo"
        );
    }

    #[test]
    fn a_stop_keeps_only_resources_without_agents() {
        let r = stopped(&running(), "job2", "t2");
        assert_eq!(
            r,
            json!([{ "id": "vol", "agents": [], "job_id": "job2", "workspace_transition": "stop", "created_at": "t2" }])
        );
        assert!(!any_agents(&r) && any_agents(&running()));
    }

    #[test]
    fn file_agents_get_defaults_but_keep_their_fields() {
        let mut r = json!([{ "agents": [
            { "status": "connected", "apps": [{ "slug": "web", "subdomain": true }, { "slug": "x", "health": 3 }] },
            { "name": "second", "display_apps": [] },
        ]}, "junk"]);
        let mut n = 0;
        fill_agents(&mut r, "ws", "bob", &mut || {
            n += 1;
            format!("id-{n}")
        });
        let a = &r[0]["agents"][0];
        assert_eq!(a["lifecycle_state"], "ready");
        assert_eq!(a["display_apps"], json!(DISPLAY_APPS));
        assert_eq!(a["apps"][0]["subdomain_name"], "web--main--ws--bob");
        assert_eq!(a["apps"][1]["health"], 3, "present fields are left alone");
        assert_eq!(a["apps"][1]["subdomain_name"], "");
        assert_eq!(r[0]["agents"][1]["display_apps"], json!([]));
        assert_eq!(r[0]["agents"][1]["apps"], json!([]));
        assert_eq!(r[1], "junk");
    }
}
