//! The `--workspaces` file format: valid files (with the `parameters`
//! extension and unknown fields), and the errors that make the binary exit 2.

mod common;

use axum::http::StatusCode;
use coder_demo_server::seed::parse_workspaces;
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
    let dir = scratch_dir(name);
    let path = dir.join("workspaces.json");
    std::fs::write(&path, text).unwrap();
    app_with(Config {
        workspaces_file: Some(path),
        ..Config::default()
    })
    .0
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
