//! The `--workspaces` file format: valid files (with the `parameters`
//! extension and unknown fields), the fields actions need (carried or
//! defaulted, templates synthesized), and the errors that make the binary
//! exit 2.

mod common;

use axum::http::StatusCode;
use coder_demo_server::workspace_file::parse_workspaces;
use coder_demo_server::{AppState, Clock, Config};
use common::*;

const FILE: &str = r#"[
  {
    "id": "w1", "name": "alpha", "owner_name": "demo", "template_name": "docker",
    "template_icon": "/icon/docker.svg", "custom_field": {"kept": [1, 2]},
    "latest_build": {"id": "build-1", "status": "running", "resources": []},
    "parameters": [{"name": "custom_repo", "value": "https://github.com/coder/backstage-plugins"}]
  },
  { "id": "w2", "name": "beta", "owner_name": "someone" },
  { "id": "w3", "name": "gamma", "owner_name": "demo", "latest_build": {"status": "stopped"},
    "parameters": [{"name": "repo_url", "value": "https://github.com/x/y"}] }
]"#;

fn file_app(text: &str, name: &str) -> axum::Router {
    file_app_state(text, name).0
}

fn file_app_state(text: &str, name: &str) -> (axum::Router, AppState) {
    let dir = scratch_dir(name);
    let path = dir.join("workspaces.json");
    std::fs::write(&path, text).unwrap();
    app_with(Config {
        workspaces_file: Some(path),
        ..Config::default()
    })
}

#[tokio::test]
async fn a_valid_file_replaces_the_seed() {
    let app = file_app(FILE, "valid");
    let r = coder_get(&app, "/api/v2/workspaces?q=&limit=0").await;
    let v = r.json();
    assert_eq!(v["count"], 3);
    let alpha = &v["workspaces"][0];
    assert_eq!(
        alpha["custom_field"],
        serde_json::json!({"kept": [1, 2]}),
        "unknown fields are served"
    );
    assert!(
        alpha.get("parameters").is_none(),
        "parameters are left out of the list"
    );
    // Missing build ids are generated, and distinct.
    let b3 = v["workspaces"][1]["latest_build"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b2 = v["workspaces"][2]["latest_build"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(b2, b3);
    // In Coder's order: running first, then by owner and name.
    assert_eq!(v["workspaces"][1]["latest_build"]["status"], "stopped");
    let names: Vec<&str> = (0..3)
        .map(|i| v["workspaces"][i]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "gamma", "beta"]);

    assert_eq!(search(&app, "owner:me").await, ["demo/alpha", "demo/gamma"]);
    assert_eq!(
        search(
            &app,
            "param:\"custom_repo=https://github.com/coder/backstage-plugins\""
        )
        .await,
        ["demo/alpha"]
    );
    assert_eq!(search(&app, "status:stopped").await, ["demo/gamma"]);

    let r = coder_get(&app, "/api/v2/workspacebuilds/build-1/parameters").await;
    assert_eq!(r.json()[0]["name"], "custom_repo");
    let r = coder_get(&app, &format!("/api/v2/workspacebuilds/{b3}/parameters")).await;
    assert_eq!(r.json()[0]["value"], "https://github.com/x/y");
    let r = coder_get(&app, &format!("/api/v2/workspacebuilds/{b2}/parameters")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), serde_json::json!([]));
}

#[test]
fn invalid_json_names_the_file_and_position() {
    let e = parse_workspaces("[\n  {\"name\": \"a\",}\n]", "ws.json")
        .unwrap_err()
        .0;
    assert!(
        e.starts_with("ws.json: invalid JSON at line 2, column "),
        "{e}"
    );
    let e = parse_workspaces("", "ws.json").unwrap_err().0;
    assert!(e.contains("line 1, column 0"), "{e}");
}

#[test]
fn non_arrays_and_bad_items_are_rejected() {
    let e = parse_workspaces("{\"workspaces\": []}", "ws.json")
        .unwrap_err()
        .0;
    assert_eq!(
        e,
        "ws.json: expected a JSON array of workspace objects, found an object"
    );
    let e = parse_workspaces("[1]", "ws.json").unwrap_err().0;
    assert!(e.contains("item 0") && e.contains("a number"), "{e}");
    let e = parse_workspaces("[{\"parameters\": {\"a\": \"b\"}}]", "ws.json")
        .unwrap_err()
        .0;
    assert!(e.contains("\"parameters\" must be an array"), "{e}");
    let e = parse_workspaces(
        "[{\"parameters\": [{\"name\": \"a\", \"value\": 1}]}]",
        "ws.json",
    )
    .unwrap_err()
    .0;
    assert!(e.contains("parameters"), "{e}");
    let e = parse_workspaces("[{\"latest_build\": 3}]", "ws.json")
        .unwrap_err()
        .0;
    assert!(e.contains("latest_build"), "{e}");
    assert_eq!(parse_workspaces("[]", "ws.json").unwrap().len(), 0);
}

#[test]
fn loading_through_the_config() {
    let dir = scratch_dir("load");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "[{]").unwrap();
    let config = Config {
        workspaces_file: Some(bad.clone()),
        ..Config::default()
    };
    let e = AppState::from_config(&config, Clock::manual())
        .err()
        .unwrap()
        .0;
    assert!(
        e.starts_with(&bad.display().to_string()) && e.contains("line 1, column 3"),
        "{e}"
    );

    let config = Config {
        workspaces_file: Some(dir.join("missing.json")),
        ..Config::default()
    };
    let e = AppState::from_config(&config, Clock::manual())
        .err()
        .unwrap()
        .0;
    assert!(
        e.contains("missing.json") && e.contains("cannot read"),
        "{e}"
    );
}

/// Workspaces with the fields of actions: one carrying them all, one with
/// none of them, one on a template the seed lacks.
const ACTIONS_FILE: &str = r#"[
  {
    "id": "11111111-0000-4000-8000-000000000001", "name": "full", "owner_name": "demo",
    "owner_id": "5e500000-0000-4000-8000-000000000001",
    "template_id": "7e3f0000-0000-4000-8000-000000000005", "template_name": "rust",
    "template_active_version_id": "7e3f1000-0000-4000-8000-000000000005",
    "outdated": true,
    "latest_build": {
      "id": "b-full", "transition": "start", "status": "running", "job": {"status": "succeeded"},
      "template_version_id": "7e3f2000-0000-4000-8000-000000000005", "template_version_name": "v1",
      "resources": [{ "name": "vm", "agents": [{
        "id": "ag-1", "name": "dev", "status": "connected", "lifecycle_state": "ready",
        "display_apps": ["web_terminal"], "expanded_directory": "/src",
        "apps": [{ "id": "app-1", "slug": "ide", "display_name": "IDE", "url": "http://localhost:1/",
                   "subdomain": true, "external": false, "hidden": false, "health": "healthy",
                   "sharing_level": "authenticated" }]
      }]}]
    },
    "parameters": [{"name": "custom_repo", "value": "r"}, {"name": "repo_url", "value": "u"}, {"name": "region", "value": "eu-helsinki"}]
  },
  { "id": "11111111-0000-4000-8000-000000000002", "name": "bare", "owner_name": "demo",
    "template_name": "docker", "latest_build": { "status": "stopped" } },
  { "id": "w3", "name": "mine", "owner_name": "carol", "template_id": "tpl-carol",
    "template_name": "carols", "template_display_name": "Carol's",
    "latest_build": { "status": "running", "resources": [{ "agents": [{ "status": "connected",
      "apps": [{ "slug": "web", "subdomain": true }] }] }] } }
]"#;

#[tokio::test]
async fn the_fields_of_actions_are_carried_or_defaulted() {
    let app = file_app(ACTIONS_FILE, "actions");
    let full = workspace_by_id(&app, "11111111-0000-4000-8000-000000000001").await;
    assert_eq!(full["outdated"], true);
    let agent = &full["latest_build"]["resources"][0]["agents"][0];
    assert_eq!(
        agent["display_apps"],
        serde_json::json!(["web_terminal"]),
        "kept as given"
    );
    assert_eq!(agent["apps"][0]["sharing_level"], "authenticated");
    assert_eq!(
        agent["apps"][0]["subdomain_name"], "ide--dev--full--demo",
        "filled in"
    );

    let bare = workspace_by_id(&app, "11111111-0000-4000-8000-000000000002").await;
    for (field, value) in [
        ("owner_id", DEMO_ID.to_string()),
        ("template_id", seed_id("7e3f0000", 2)),
        ("template_active_version_id", seed_id("7e3f1000", 2)),
    ] {
        assert_eq!(bare[field], value.as_str(), "{field}");
    }
    assert_eq!(bare["outdated"], false);
    let b = &bare["latest_build"];
    assert_eq!(b["transition"], "stop");
    assert_eq!(b["job"]["status"], "succeeded");
    assert_eq!(b["template_version_id"], seed_id("7e3f1000", 2));
    assert_eq!(b["template_version_name"], "v1");
    assert!(b.get("resources").is_none(), "absent stays absent");

    // A template the seed lacks is made up, with the id the file gave.
    let carol = workspace_by_id(&app, "w3").await;
    assert_eq!(carol["template_id"], "tpl-carol");
    let t = coder_get(&app, "/api/v2/templates/tpl-carol").await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(t.json()["name"], "carols");
    assert_eq!(t.json()["display_name"], "Carol's");
    assert_eq!(
        t.json()["active_version_id"],
        carol["template_active_version_id"]
    );
    assert_eq!(carol["owner_id"].as_str().unwrap().len(), 36);
    let agent = &carol["latest_build"]["resources"][0]["agents"][0];
    assert_eq!(agent["name"], "main");
    assert_eq!(agent["lifecycle_state"], "ready");
    assert_eq!(agent["apps"][0]["subdomain_name"], "web--main--mine--carol");
    let r = coder_get(
        &app,
        &format!(
            "/api/v2/templateversions/{}/rich-parameters",
            carol["template_active_version_id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(r.json(), serde_json::json!([]));
}

#[tokio::test]
async fn file_workspaces_can_be_acted_on() {
    let (app, state) = file_app_state(ACTIONS_FILE, "act");
    let step = std::time::Duration::from_millis(500);
    // Started, a bare workspace gets an agent of its own.
    let bare = "11111111-0000-4000-8000-000000000002";
    let r = post_build(&app, bare, r#"{"transition":"start"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    state.clock().advance(step * 3);
    let w = workspace_by_id(&app, bare).await;
    assert_eq!(w["latest_build"]["status"], "running");
    assert_eq!(agents(&w), [("connected".to_string(), "ready".to_string())]);

    // Stopped and started, the full one keeps its own agent and apps, and
    // its update needs rust v2's parameter.
    let full = "11111111-0000-4000-8000-000000000001";
    assert_eq!(
        post_build(&app, full, r#"{"transition":"stop"}"#)
            .await
            .status,
        StatusCode::CREATED
    );
    state.clock().advance(step * 2);
    let w = workspace_by_id(&app, full).await;
    assert!(agents(&w).is_empty());
    let active = seed_id("7e3f1000", 5);
    let r = post_build(
        &app,
        full,
        &format!(r#"{{"transition":"start","template_version_id":"{active}"}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["validations"][0]["field"], "rust_toolchain");
    let r = post_build(
        &app,
        full,
        &format!(r#"{{"transition":"start","template_version_id":"{active}","rich_parameter_values":[{{"name":"rust_toolchain","value":"stable"}}]}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    state.clock().advance(step * 3);
    let w = workspace_by_id(&app, full).await;
    assert_eq!(w["outdated"], false);
    let agent = &w["latest_build"]["resources"][0]["agents"][0];
    assert_eq!(agent["name"], "dev");
    assert_eq!(agent["apps"][0]["slug"], "ide");

    // carol's is hers: the demo user may read it, not act on it.
    let r = post_build(&app, "w3", r#"{"transition":"stop"}"#).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
