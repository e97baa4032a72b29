//! What the seed offers an "act on a workspace" feature: demo's stopped,
//! running and outdated workspaces, the agents' apps of every kind with
//! Coder's fields, and other owners' apps and sharing levels.

mod common;

use common::*;
use serde_json::{json, Value};

async fn all(app: &axum::Router) -> Vec<Value> {
    coder_get(app, "/api/v2/workspaces?q=&limit=0").await.json()["workspaces"]
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(list: &'a [Value], owner: &str, name: &str) -> &'a Value {
    list.iter()
        .find(|w| w["owner_name"] == owner && w["name"] == name)
        .unwrap_or_else(|| panic!("{owner}/{name}"))
}

fn the_agent(w: &Value) -> &Value {
    &w["latest_build"]["resources"][0]["agents"][0]
}

#[tokio::test]
async fn demo_has_a_stopped_a_running_and_outdated_workspaces() {
    let (app, _) = app();
    let list = all(&app).await;
    let row = |name: &str| {
        let w = find(&list, "demo", name);
        (
            w["latest_build"]["status"].as_str().unwrap().to_string(),
            w["outdated"].as_bool().unwrap(),
            w["template_name"].as_str().unwrap().to_string(),
            w["latest_build"]["template_version_name"]
                .as_str()
                .unwrap()
                .to_string(),
        )
    };
    let s = |a: &str, b: bool, c: &str, d: &str| (a.to_string(), b, c.to_string(), d.to_string());
    assert_eq!(
        row("backstage-plugins"),
        s("running", false, "devcontainers", "v2")
    );
    assert_eq!(
        row("bp-old-branch"),
        s("stopped", true, "devcontainers", "v1")
    );
    assert_eq!(row("wasm-elements"), s("pending", true, "rust", "v1"));
    assert_eq!(row("coder-docs"), s("running", false, "nodejs", "v2"));
    for w in &list {
        assert!(w["owner_id"].is_string() && w["template_id"].is_string());
        let b = &w["latest_build"];
        assert!(["start", "stop", "delete"].contains(&b["transition"].as_str().unwrap()));
        assert!(b["template_version_id"].is_string() && b["template_version_name"].is_string());
        assert!(b["job"]["status"].is_string());
        if b["status"] == "stopped" {
            assert!(agents(w).is_empty(), "a stopped build has no agents");
        }
    }
}

#[tokio::test]
async fn demos_running_workspace_has_every_kind_of_app() {
    let (app, _) = app();
    let list = all(&app).await;
    let w = find(&list, "demo", "backstage-plugins");
    let agent = the_agent(w);
    assert_eq!(agent["name"], "main");
    assert_eq!(agent["status"], "connected");
    assert_eq!(agent["lifecycle_state"], "ready");
    assert_eq!(agent["expanded_directory"], "/home/coder");
    assert_eq!(
        agent["display_apps"],
        json!([
            "vscode",
            "vscode_insiders",
            "web_terminal",
            "ssh_helper",
            "port_forwarding_helper"
        ])
    );
    let apps = agent["apps"].as_array().unwrap();
    let summary: Vec<Value> = apps
        .iter()
        .map(|a| {
            json!([
                a["slug"],
                a["display_name"],
                a["subdomain"],
                a["external"],
                a["hidden"],
                a["health"],
                a["sharing_level"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        [
            json!([
                "code-server",
                "code-server",
                true,
                false,
                false,
                "healthy",
                "owner"
            ]),
            json!(["jupyter", "Jupyter", false, false, false, "healthy", "owner"]),
            json!([
                "docs",
                "Coder Docs",
                false,
                true,
                false,
                "disabled",
                "owner"
            ]),
            json!([
                "metrics",
                "Metrics exporter",
                false,
                false,
                true,
                "disabled",
                "owner"
            ]),
            json!([
                "storybook",
                "Storybook",
                false,
                false,
                false,
                "unhealthy",
                "owner"
            ]),
        ]
    );
    assert_eq!(
        apps[0]["subdomain_name"],
        "code-server--main--backstage-plugins--demo"
    );
    assert_eq!(apps[0]["url"], "http://localhost:13337/?folder=/home/coder");
    assert_eq!(apps[1]["subdomain_name"], "");
    assert_eq!(apps[2]["url"], "https://coder.com/docs");
    for a in apps {
        for field in ["id", "url", "icon", "subdomain_name"] {
            assert!(a[field].is_string(), "{field} of {}", a["slug"]);
        }
    }
    // coder-docs: fewer apps and no VS Code Insiders.
    let docs = the_agent(find(&list, "demo", "coder-docs"));
    let slugs: Vec<&str> = docs["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["code-server", "docs"]);
    assert_eq!(
        docs["display_apps"],
        json!([
            "vscode",
            "web_terminal",
            "ssh_helper",
            "port_forwarding_helper"
        ])
    );
}

#[tokio::test]
async fn other_owners_have_apps_shared_or_not() {
    let (app, _) = app();
    let list = all(&app).await;
    let sharing = |owner: &str, name: &str| -> Vec<(String, String)> {
        the_agent(find(&list, owner, name))["apps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["slug"].as_str().unwrap().into(),
                    a["sharing_level"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let s = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        sharing("alice", "backstage-plugins"),
        s(&[("code-server", "owner"), ("jupyter", "authenticated")])
    );
    assert_eq!(
        sharing("bob", "frontend"),
        s(&[("code-server", "owner"), ("preview", "public")])
    );
    assert_eq!(sharing("bob", "ml-notebook"), s(&[("jupyter", "owner")]));
    let alice = find(&list, "alice", "backstage-plugins");
    assert_eq!(
        the_agent(alice)["apps"][0]["subdomain_name"],
        "code-server--main--backstage-plugins--alice"
    );
}
