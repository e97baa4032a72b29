//! `POST /api/v2/workspaces/{id}/builds` and `GET /api/v2/workspaces/{id}`:
//! builds that move through their phases, Coder's refusals (403, 409, 400),
//! updates that need a parameter and updates that clear `outdated`.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use coder_demo_server::Config;
use common::*;
use serde_json::{json, Value};

const STEP: Duration = Duration::from_millis(500);

fn status(w: &Value) -> (&str, &str, &str) {
    let b = &w["latest_build"];
    (
        b["transition"].as_str().unwrap(),
        b["status"].as_str().unwrap(),
        b["job"]["status"].as_str().unwrap(),
    )
}

fn pair(status: &str, lifecycle: &str) -> (String, String) {
    (status.to_string(), lifecycle.to_string())
}

#[tokio::test]
async fn get_workspace_by_id() {
    let (app, _) = app();
    let w = workspace_by_id(&app, &ws(1)).await;
    assert_eq!(w["name"], "backstage-plugins");
    assert_eq!(w["owner_id"], DEMO_ID);
    // The same object the list serves.
    let list = coder_get(
        &app,
        "/api/v2/workspaces?q=owner:me%20name:backstage-plugins",
    )
    .await
    .json();
    assert_eq!(list["workspaces"][0], w);

    let r = coder_get(&app, "/api/v2/workspaces/nope").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["message"], "Invalid UUID \"nope\".");
    assert_eq!(r.json()["detail"], "invalid UUID length: 4");
    let r = coder_get(&app, &format!("/api/v2/workspaces/{}", ws(99))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.json(),
        json!({ "message": "Resource not found or you do not have access to this resource" })
    );
    let r = get(&app, &format!("/api/v2/workspaces/{}", ws(1)), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn start_goes_pending_starting_running_with_agents_connecting_then_ready() {
    let (app, state) = app();
    let clock = state.clock();
    let id = ws(4); // demo/bp-old-branch, stopped
    assert_eq!(
        status(&workspace_by_id(&app, &id).await),
        ("stop", "stopped", "succeeded")
    );

    let r = post_build(&app, &id, r#"{"transition":"start"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let b = r.json();
    for (field, value) in [
        ("transition", json!("start")),
        ("status", json!("pending")),
        ("workspace_id", json!(id)),
        ("workspace_name", json!("bp-old-branch")),
        ("workspace_owner_name", json!("demo")),
        ("workspace_owner_id", json!(DEMO_ID)),
        ("initiator_id", json!(DEMO_ID)),
        // No version asked for: the previous build's.
        ("template_version_id", json!(seed_id("7e3f2000", 1))),
        ("template_version_name", json!("v1")),
        ("build_number", json!(6)),
        ("resources", json!([])),
    ] {
        assert_eq!(b[field], value, "{field}");
    }
    assert_eq!(b["job"]["status"], "pending");
    assert!(b["id"].as_str().unwrap().len() == 36 && b["id"] != b["job"]["id"]);

    let w = workspace_by_id(&app, &id).await;
    assert_eq!(status(&w), ("start", "pending", "pending"));
    assert_eq!(w["latest_build"]["id"], b["id"]);
    assert!(agents(&w).is_empty());
    assert_eq!(w["outdated"], true, "still on v1");

    clock.advance(STEP);
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(status(&w), ("start", "starting", "running"));
    assert_eq!(agents(&w), [pair("connecting", "created")]);
    assert_eq!(w["health"]["healthy"], false);

    clock.advance(STEP);
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(status(&w), ("start", "running", "succeeded"));
    assert_eq!(agents(&w), [pair("connecting", "starting")]);
    let apps = &w["latest_build"]["resources"][0]["agents"][0]["apps"];
    assert_eq!(apps[0]["health"], "initializing", "checks run once ready");

    clock.advance(STEP);
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(status(&w), ("start", "running", "succeeded"));
    assert_eq!(agents(&w), [pair("connected", "ready")]);
    assert_eq!(
        w["health"],
        json!({ "healthy": true, "failing_agents": [] })
    );
    let apps = &w["latest_build"]["resources"][0]["agents"][0]["apps"];
    let health: Vec<&str> = apps
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["health"].as_str().unwrap())
        .collect();
    assert_eq!(
        health,
        ["healthy", "healthy", "disabled", "disabled", "unhealthy"]
    );
    let names: Vec<&str> = w["latest_build"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["workspace", "home_volume"]);
    assert_eq!(w["latest_build"]["resources"][0]["job_id"], b["job"]["id"]);
    // The list and its search see it too.
    assert!(search(&app, "status:running")
        .await
        .contains(&"demo/bp-old-branch".to_string()));
}

#[tokio::test]
async fn stop_goes_pending_stopping_stopped_without_agents() {
    let (app, state) = app();
    let clock = state.clock();
    let id = ws(1); // demo/backstage-plugins, running
    let r = post_build(&app, &id, r#"{"transition":"stop"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["transition"], "stop");
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(status(&w), ("stop", "pending", "pending"));
    assert!(agents(&w).is_empty(), "the new build has no resources yet");
    clock.advance(STEP);
    assert_eq!(
        status(&workspace_by_id(&app, &id).await),
        ("stop", "stopping", "running")
    );
    clock.advance(STEP);
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(status(&w), ("stop", "stopped", "succeeded"));
    let resources = w["latest_build"]["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0]["name"], "home_volume");
    assert!(agents(&w).is_empty());
    assert_eq!(w["health"]["healthy"], true);
    assert_eq!(w["outdated"], false);

    // And back up.
    let r = post_build(&app, &id, r#"{"transition":"start"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED);
    clock.advance(STEP * 3);
    assert_eq!(
        agents(&workspace_by_id(&app, &id).await),
        [pair("connected", "ready")]
    );
}

#[tokio::test]
async fn another_owners_workspace_is_a_403() {
    let (app, _) = app();
    for (n, transition) in [(9, "stop"), (10, "start"), (13, "start")] {
        let before = workspace_by_id(&app, &ws(n)).await;
        let r = post_build(&app, &ws(n), &format!(r#"{{"transition":"{transition}"}}"#)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{n}");
        assert_eq!(
            r.json(),
            json!({
                "message": format!("You do not have permission to {transition} this workspace."),
                "detail": "You don't have permission to view this content. If you believe this is a mistake, please contact your administrator or try signing in with different credentials.",
            })
        );
        assert_eq!(workspace_by_id(&app, &ws(n)).await, before, "nothing built");
    }
}

#[tokio::test]
async fn a_build_while_one_is_active_is_a_409() {
    let (app, state) = app();
    let conflict = json!({
        "message": "A workspace build is already active.",
        "detail": "A workspace build is already active.",
    });
    let id = ws(4);
    assert_eq!(
        post_build(&app, &id, r#"{"transition":"start"}"#)
            .await
            .status,
        StatusCode::CREATED
    );
    for phase in ["pending", "starting"] {
        let r = post_build(&app, &id, r#"{"transition":"stop"}"#).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{phase}");
        assert_eq!(r.json(), conflict);
        state.clock().advance(STEP);
    }
    // Its job is done once it runs, even with agents still connecting.
    let r = post_build(&app, &id, r#"{"transition":"stop"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The seed's builds whose jobs run: bp-review (pending at first) and
    // vscode-coder (deleting).
    for n in [2, 8] {
        let r = post_build(&app, &ws(n), r#"{"transition":"stop"}"#).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{n}");
    }
}

#[tokio::test]
async fn an_update_to_a_version_with_a_new_required_parameter_needs_its_value() {
    let (app, state) = app();
    let clock = state.clock();
    clock.advance(Duration::from_secs(20)); // wasm-elements' seed build is done
    let id = ws(3); // demo/wasm-elements, rust v1, outdated
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(
        (w["outdated"].clone(), status(&w).1),
        (json!(true), "running")
    );
    let active = w["template_active_version_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(active, seed_id("7e3f1000", 5));

    let update = format!(r#"{{"transition":"start","template_version_id":"{active}"}}"#);
    let r = post_build(&app, &id, &update).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        json!({
            "message": "Unable to validate parameters",
            "validations": [{
                "field": "rust_toolchain",
                "detail": "Required parameter not provided; Parameter \"rust_toolchain\" is required but not provided",
            }],
        })
    );
    assert_eq!(workspace_by_id(&app, &id).await, w, "nothing built");
    // A plain restart stays on v1, which doesn't have it.
    let r = post_build(&app, &id, r#"{"transition":"start"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["template_version_name"], "v1");
    clock.advance(STEP * 3);

    let update = format!(
        r#"{{"transition":"start","template_version_id":"{active}","rich_parameter_values":[{{"name":"rust_toolchain","value":"nightly"}}]}}"#
    );
    let r = post_build(&app, &id, &update).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let build = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["template_version_name"], "v2");
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(w["outdated"], false);
    let params = coder_get(&app, &format!("/api/v2/workspacebuilds/{build}/parameters"))
        .await
        .json();
    assert_eq!(
        params,
        json!([
            { "name": "custom_repo", "value": BP },
            { "name": "repo_url", "value": BP },
            { "name": "region", "value": "eu-helsinki" },
            { "name": "rust_toolchain", "value": "nightly" },
        ])
    );
    // The next update needs nothing new: the last build has it.
    clock.advance(STEP * 3);
    let r = post_build(
        &app,
        &id,
        &format!(r#"{{"transition":"start","template_version_id":"{active}"}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn an_update_to_the_active_version_clears_outdated() {
    let (app, state) = app();
    let id = ws(4); // demo/bp-old-branch: devcontainers v1, stopped
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(w["outdated"], true);
    let active = w["template_active_version_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(w["latest_build"]["template_version_id"], json!(active));

    let old_build = w["latest_build"]["id"].as_str().unwrap().to_string();
    let update = format!(r#"{{"transition":"start","template_version_id":"{active}"}}"#);
    let r = post_build(&app, &id, &update).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["template_version_id"], json!(active));
    assert_eq!(r.json()["template_version_name"], "v2");
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(
        w["outdated"], false,
        "at once: the build is on the active version"
    );
    assert_eq!(w["latest_build"]["template_version_id"], json!(active));
    state.clock().advance(STEP * 3);
    let w = workspace_by_id(&app, &id).await;
    assert_eq!(
        (w["outdated"].clone(), status(&w).1),
        (json!(false), "running")
    );
    // Parameters carry over; the previous build still has its own.
    let new_build = w["latest_build"]["id"].as_str().unwrap();
    for build in [new_build, old_build.as_str()] {
        let r = coder_get(&app, &format!("/api/v2/workspacebuilds/{build}/parameters")).await;
        assert_eq!(
            r.json(),
            json!([{ "name": "custom_repo", "value": BP }, { "name": "region", "value": "us-pittsburgh" }]),
            "{build}"
        );
    }
}

#[tokio::test]
async fn bad_requests_are_coder_400s() {
    let (app, _) = app();
    let id = ws(4);
    for (body, message) in [
        ("", "Request body must be valid JSON."),
        ("{", "Request body must be valid JSON."),
        ("[]", "Request body must be valid JSON."),
        (
            r#"{"transition":"start","template_version_id":"v2"}"#,
            "Request body must be valid JSON.",
        ),
        ("{}", "Validation failed."),
        (r#"{"transition":"restart"}"#, "Validation failed."),
        (
            r#"{"transition":"delete"}"#,
            "Deleting workspaces is not supported by the demo server.",
        ),
    ] {
        let r = post_build(&app, &id, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(r.json()["message"], message, "{body}");
    }
    let r = post_build(&app, &id, r#"{"transition":"restart"}"#).await;
    assert_eq!(
        r.json()["validations"],
        json!([{ "field": "transition", "detail": "Validation failed for tag \"oneof\" with value: \"restart\"" }])
    );
    let unknown = seed_id("7e3f1000", 77);
    let r = post_build(
        &app,
        &id,
        &format!(r#"{{"transition":"start","template_version_id":"{unknown}"}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["message"], "template version does not exist");
    let rust = seed_id("7e3f1000", 5);
    let r = post_build(
        &app,
        &id,
        &format!(r#"{{"transition":"start","template_version_id":"{rust}"}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json()["message"],
        "template version doesn't match template"
    );
    // region is immutable.
    let r = post_build(
        &app,
        &id,
        r#"{"transition":"start","rich_parameter_values":[{"name":"region","value":"eu-helsinki"}]}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["validations"][0]["field"], "region");
    assert!(r.json()["validations"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("is not mutable"));
    // Nothing was built by any of them.
    assert_eq!(
        workspace_by_id(&app, &id).await["latest_build"]["status"],
        "stopped"
    );

    let r = post_build(&app, "nope", r#"{"transition":"start"}"#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = post_build(&app, &ws(99), r#"{"transition":"start"}"#).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send(
        &app,
        Method::POST,
        &format!("/api/v2/workspaces/{id}/builds"),
        &[],
        "{}",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn reset_undoes_posted_builds() {
    let (app, _) = app();
    let before = workspace_by_id(&app, &ws(4)).await;
    assert_eq!(
        post_build(&app, &ws(4), r#"{"transition":"start"}"#)
            .await
            .status,
        StatusCode::CREATED
    );
    assert_ne!(workspace_by_id(&app, &ws(4)).await, before);
    let r = send(&app, Method::POST, "/__demo/reset", &[], "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(workspace_by_id(&app, &ws(4)).await, before);
}

#[tokio::test]
async fn build_step_ms_sets_the_pace_and_zero_is_instant() {
    let (app, state) = app_with(Config {
        build_step_ms: 2000,
        ..Config::default()
    });
    post_build(&app, &ws(1), r#"{"transition":"stop"}"#).await;
    state.clock().advance(Duration::from_millis(1999));
    assert_eq!(status(&workspace_by_id(&app, &ws(1)).await).1, "pending");
    state.clock().advance(Duration::from_millis(1));
    assert_eq!(status(&workspace_by_id(&app, &ws(1)).await).1, "stopping");

    let (app, _) = app_with(Config {
        build_step_ms: 0,
        ..Config::default()
    });
    let r = post_build(&app, &ws(4), r#"{"transition":"start"}"#).await;
    assert_eq!(
        r.json()["status"],
        "pending",
        "the answer is the queued build"
    );
    let w = workspace_by_id(&app, &ws(4)).await;
    assert_eq!(status(&w).1, "running");
    assert_eq!(agents(&w), [pair("connected", "ready")]);
}
