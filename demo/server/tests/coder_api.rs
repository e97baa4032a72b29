//! The fake Coder: auth, the workspace list and its search syntax, build
//! parameters, the status progression, icons and pages.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use coder_demo_server::Config;
use common::*;

#[tokio::test]
async fn users_me_requires_the_session_token() {
    let (app, _) = app();
    let r = get(&app, "/api/v2/users/me", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.json()["message"].is_string() && r.json()["detail"].is_string());
    let r = get(
        &app,
        "/api/v2/users/me",
        &[("Coder-Session-Token", "wrong")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.json()["message"].is_string());

    let r = coder_get(&app, "/api/v2/users/me").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let user = r.json();
    assert_eq!(user["username"], "demo");
    for field in ["id", "email", "name", "avatar_url", "created_at", "status"] {
        assert!(user[field].is_string(), "{field}");
    }
    assert!(user["roles"].is_array());
}

#[tokio::test]
async fn custom_token_is_the_only_one_accepted() {
    let (app, _) = app_with(Config {
        session_token: "s3cret".into(),
        ..Config::default()
    });
    assert_eq!(
        coder_get(&app, "/api/v2/users/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = get(
        &app,
        "/api/v2/users/me",
        &[("Coder-Session-Token", "s3cret")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn workspaces_require_the_session_token() {
    let (app, _) = app();
    let r = get(&app, "/api/v2/workspaces?q=owner:me&limit=0", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.json()["message"].is_string());
}

#[tokio::test]
async fn workspace_objects_have_the_coder_api_shape() {
    let (app, _) = app();
    let r = coder_get(&app, "/api/v2/workspaces?q=&limit=0").await;
    let v = r.json();
    assert_eq!(v["count"], 13);
    for w in v["workspaces"].as_array().unwrap() {
        for field in [
            "id",
            "created_at",
            "updated_at",
            "owner_id",
            "owner_name",
            "organization_id",
            "template_id",
            "template_name",
            "template_display_name",
            "template_icon",
            "name",
            "last_used_at",
        ] {
            assert!(w[field].is_string(), "{field} in {w}");
        }
        assert!(w["template_icon"].as_str().unwrap().starts_with("/icon/"));
        assert!(w["outdated"].is_boolean());
        assert!(w["health"]["healthy"].is_boolean() && w["health"]["failing_agents"].is_array());
        assert!(w.get("ttl_ms").is_some() && w.get("autostart_schedule").is_some());
        assert!(
            w.get("parameters").is_none(),
            "the list leaves parameters out"
        );
        let b = &w["latest_build"];
        for field in ["id", "status", "transition"] {
            assert!(b[field].is_string(), "{field}");
        }
        assert!(b["build_number"].is_u64());
        assert!(b["job"]["status"].is_string());
        for res in b["resources"].as_array().unwrap() {
            assert!(res["id"].is_string() && res["name"].is_string() && res["type"].is_string());
            for agent in res["agents"].as_array().unwrap() {
                let status = agent["status"].as_str().unwrap();
                assert!(["connecting", "connected", "disconnected", "timeout"].contains(&status));
                assert!(agent["id"].is_string() && agent["name"].is_string());
                assert!(agent["lifecycle_state"].is_string());
            }
        }
    }
}

fn names(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn owner_filter() {
    let (app, _) = app();
    let mine = search(&app, "owner:me").await;
    assert_eq!(mine.len(), 8);
    assert!(mine.iter().all(|n| n.starts_with("demo/")));
    assert_eq!(search(&app, "owner:demo").await, mine);
    assert_eq!(
        search(&app, "owner:ALICE").await,
        names(&[
            "alice/api-server",
            "alice/backstage-plugins",
            "alice/data-pipeline"
        ])
    );
    assert!(search(&app, "owner:nobody").await.is_empty());
}

#[tokio::test]
async fn name_and_bare_word_filters_are_case_insensitive_substrings() {
    let (app, _) = app();
    assert_eq!(
        search(&app, "name:BP").await,
        names(&[
            "demo/bp-flaky-tests",
            "demo/bp-old-branch",
            "demo/bp-review"
        ])
    );
    assert_eq!(
        search(&app, "Backstage").await,
        names(&["alice/backstage-plugins", "demo/backstage-plugins"])
    );
    assert_eq!(
        search(&app, "\"old-br\"").await,
        names(&["demo/bp-old-branch"])
    );
}

#[tokio::test]
async fn template_filter() {
    let (app, _) = app();
    assert_eq!(
        search(&app, "template:python").await,
        names(&[
            "alice/data-pipeline",
            "bob/ml-notebook",
            "demo/bp-flaky-tests",
            "demo/scratchpad"
        ])
    );
    assert!(
        search(&app, "template:pyth").await.is_empty(),
        "template is an exact match"
    );
}

#[tokio::test]
async fn status_filter_covers_every_seeded_status() {
    let (app, _) = app();
    assert_eq!(
        search(&app, "status:running").await,
        names(&[
            "alice/backstage-plugins",
            "bob/frontend",
            "bob/ml-notebook",
            "demo/backstage-plugins",
            "demo/coder-docs"
        ])
    );
    assert_eq!(
        search(&app, "status:pending").await,
        names(&["demo/bp-review", "demo/wasm-elements"])
    );
    assert_eq!(
        search(&app, "status:starting").await,
        names(&["alice/data-pipeline"])
    );
    assert_eq!(
        search(&app, "status:stopped").await,
        names(&["alice/api-server", "demo/bp-old-branch"])
    );
    assert_eq!(
        search(&app, "status:failed").await,
        names(&["demo/bp-flaky-tests"])
    );
    assert_eq!(
        search(&app, "status:canceled").await,
        names(&["demo/scratchpad"])
    );
    assert_eq!(
        search(&app, "status:deleting").await,
        names(&["demo/vscode-coder"])
    );
    assert_eq!(search(&app, "status:STOPPING").await, Vec::<String>::new());
}

#[tokio::test]
async fn param_filter_with_quoted_values() {
    let (app, _) = app();
    let q = format!("param:\"custom_repo={BP}\"");
    assert_eq!(
        search(&app, &q).await,
        names(&[
            "alice/backstage-plugins",
            "demo/backstage-plugins",
            "demo/bp-old-branch",
            "demo/wasm-elements"
        ])
    );
    // What the card sends when reading entity data: the filter plus the param.
    assert_eq!(
        search(&app, &format!("owner:me {q}")).await,
        names(&[
            "demo/backstage-plugins",
            "demo/bp-old-branch",
            "demo/wasm-elements"
        ])
    );
    assert_eq!(
        search(&app, &format!("owner:me param:\"repo_url={BP}\"")).await,
        names(&[
            "demo/bp-flaky-tests",
            "demo/bp-review",
            "demo/wasm-elements"
        ])
    );
    assert_eq!(
        search(&app, "param:region").await.len(),
        13,
        "param:<key> = has the param"
    );
    assert!(
        search(&app, "param:\"custom_repo=https://github.com/nope\"")
            .await
            .is_empty()
    );
    // Values are exact: a prefix of the URL doesn't match.
    assert!(
        search(&app, "param:\"custom_repo=https://github.com/coder\"")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn terms_are_anded() {
    let (app, _) = app();
    assert_eq!(
        search(&app, "owner:me template:devcontainers status:running").await,
        names(&["demo/backstage-plugins"])
    );
    assert_eq!(
        search(&app, "  owner:me   plugins  ").await,
        names(&["demo/backstage-plugins"])
    );
    assert!(search(&app, "owner:alice status:failed").await.is_empty());
}

#[tokio::test]
async fn empty_or_missing_query_lists_everything() {
    let (app, _) = app();
    assert_eq!(search(&app, "").await.len(), 13);
    let r = coder_get(&app, "/api/v2/workspaces").await;
    assert_eq!(r.json()["count"], 13);
}

#[tokio::test]
async fn limit_and_offset() {
    let (app, _) = app();
    let v = coder_get(&app, "/api/v2/workspaces?q=&limit=2&offset=1")
        .await
        .json();
    assert_eq!(v["workspaces"].as_array().unwrap().len(), 2);
    assert_eq!(v["count"], 13, "count is the total, as in Coder");
    let r = coder_get(&app, "/api/v2/workspaces?limit=lots").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["validations"][0]["field"], "limit");
}

#[tokio::test]
async fn bad_queries_get_coder_validation_errors() {
    let (app, _) = app();
    for q in [
        "foo:bar",
        "owner:",
        "param:\"custom_repo=x",
        "status:sleeping",
        ":x",
        "owner:me name:",
        "param:=x",
    ] {
        let r = coder_get(&app, &format!("/api/v2/workspaces?q={}&limit=0", enc(q))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
        let v = r.json();
        assert_eq!(v["message"], "Invalid workspace search query.");
        assert_eq!(v["validations"][0]["field"], "q");
        assert!(!v["validations"][0]["detail"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn build_parameters_route() {
    let (app, _) = app();
    let v = coder_get(
        &app,
        "/api/v2/workspaces?q=owner:me%20name:backstage-plugins",
    )
    .await
    .json();
    let build = v["workspaces"][0]["latest_build"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = coder_get(&app, &format!("/api/v2/workspacebuilds/{build}/parameters")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        serde_json::json!([{ "name": "custom_repo", "value": BP }, { "name": "region", "value": "eu-helsinki" }])
    );
    let r = get(
        &app,
        &format!("/api/v2/workspacebuilds/{build}/parameters"),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = coder_get(&app, "/api/v2/workspacebuilds/nope/parameters").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["message"].is_string());
}

#[tokio::test]
async fn unknown_api_routes_are_coder_404s() {
    let (app, _) = app();
    let r = coder_get(&app, "/api/v2/no-such-route").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["message"].is_string());
}

#[tokio::test]
async fn the_templates_list_has_every_template_as_get_template_answers_it() {
    let (app, _) = app();
    let r = coder_get(&app, "/api/v2/templates").await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.json();
    let list = list.as_array().expect("a list, as Coder answers");
    assert!(list.len() > 1);
    let names: Vec<&str> = list.iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(names.contains(&"devcontainers"), "{names:?}");
    let first = &list[0];
    let one = coder_get(
        &app,
        &format!("/api/v2/templates/{}", first["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(&one.json(), first);
}

async fn workspace(app: &axum::Router, name: &str) -> serde_json::Value {
    let v = coder_get(app, &format!("/api/v2/workspaces?q=name:{name}"))
        .await
        .json();
    v["workspaces"][0].clone()
}

fn agent_statuses(w: &serde_json::Value) -> Vec<String> {
    w["latest_build"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["agents"].as_array().unwrap().iter())
        .map(|a| a["status"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn builds_progress_from_pending_to_running() {
    let (app, state) = app();
    let clock = state.clock();
    let w = workspace(&app, "bp-review").await;
    assert_eq!(w["latest_build"]["status"], "pending");
    assert_eq!(w["latest_build"]["job"]["status"], "pending");
    assert!(agent_statuses(&w).is_empty());

    clock.advance(Duration::from_secs(7));
    let w = workspace(&app, "bp-review").await;
    assert_eq!(w["latest_build"]["status"], "starting");
    assert_eq!(agent_statuses(&w), ["connecting"]);

    clock.advance(Duration::from_secs(6));
    let w = workspace(&app, "bp-review").await;
    assert_eq!(w["latest_build"]["status"], "running");
    assert_eq!(agent_statuses(&w), ["connecting"]);
    assert_eq!(w["health"]["healthy"], false);

    clock.advance(Duration::from_secs(7)); // t = 20 s: everything has settled
    for name in ["bp-review", "wasm-elements", "data-pipeline"] {
        let w = workspace(&app, name).await;
        assert_eq!(w["latest_build"]["status"], "running", "{name}");
        assert_eq!(agent_statuses(&w), ["connected"], "{name}");
        assert_eq!(w["health"]["healthy"], true);
    }
    assert_eq!(search(&app, "status:pending").await, Vec::<String>::new());

    // The reset route replays the progression.
    let r = send(&app, Method::POST, "/__demo/reset", &[], "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        workspace(&app, "bp-review").await["latest_build"]["status"],
        "pending"
    );
    assert_eq!(
        workspace(&app, "data-pipeline").await["latest_build"]["status"],
        "starting"
    );
}

#[tokio::test]
async fn template_icons() {
    let (app, _) = app();
    for icon in ["docker", "node", "python", "rust"] {
        let r = get(&app, &format!("/icon/{icon}.svg"), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type"), Some("image/svg+xml"));
        assert!(r.body.starts_with("<svg"));
    }
    assert_eq!(
        get(&app, "/icon/cobol.svg", &[]).await.status,
        StatusCode::NOT_FOUND
    );
    // Every icon a seed workspace names exists.
    let v = coder_get(&app, "/api/v2/workspaces").await.json();
    for w in v["workspaces"].as_array().unwrap() {
        let icon = w["template_icon"].as_str().unwrap();
        assert_eq!(get(&app, icon, &[]).await.status, StatusCode::OK, "{icon}");
    }
}

#[tokio::test]
async fn cli_auth_page_shows_the_token_escaped() {
    let (app, _) = app();
    let r = get(&app, "/cli-auth", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r
        .body
        .contains(&format!("<code id=\"session-token\">{TOKEN}</code>")));

    let (app, _) = app_with(Config {
        session_token: "<b>tok&".into(),
        ..Config::default()
    });
    let r = get(&app, "/cli-auth", &[]).await;
    assert!(r.body.contains("&lt;b&gt;tok&amp;") && !r.body.contains("<b>tok"));
}

#[tokio::test]
async fn workspace_page() {
    let (app, _) = app();
    let r = get(&app, "/@demo/backstage-plugins", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Workspace demo/backstage-plugins"));
    assert!(r.body.contains(">running<"));
    let r = get(&app, "/@demo/nope", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/@%3Cscript%3E/x%22", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("<script>") && r.body.contains("&lt;script&gt;/x&quot;"));
}

#[tokio::test]
async fn create_workspace_page_lists_mode_and_params_escaped() {
    let (app, _) = app();
    let uri = format!(
        "/templates/devcontainers/workspace?mode=auto&param.custom_repo={}&param.region=%3Cimg%20src%3Dx%3E&other=1",
        enc(BP)
    );
    let r = get(&app, &uri, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .body
        .contains("Create workspace from template devcontainers"));
    assert!(r.body.contains("<dd id=\"mode\">auto</dd>"));
    assert!(r
        .body
        .contains(&format!("<code>custom_repo</code> = <code>{BP}</code>")));
    assert!(r.body.contains("&lt;img src=x&gt;") && !r.body.contains("<img"));
    assert!(!r.body.contains("other"));
    let r = get(&app, "/templates/%3Cx%3E/workspace", &[]).await;
    assert!(r.body.contains("template &lt;x&gt;"));
}

/// Where the token check stands among the others: after the path is
/// decoded and the body read (a path that doesn't decode is axum's 400, a
/// body over the limit its 413, token or not), before anything is judged
/// (a bad id, query or body is a 401 without a token).
#[tokio::test]
async fn the_token_is_checked_after_reading_and_before_judging() {
    let (app, _) = app();
    let coder = [("Coder-Session-Token", TOKEN)];
    for (method, uri, body) in [
        (Method::GET, "/api/v2/workspaces?q=foo:bar", ""),
        (Method::GET, "/api/v2/workspaces/nope", ""),
        (Method::GET, "/api/v2/workspaces/nope/watch", ""),
        (Method::POST, "/api/v2/workspaces/nope/builds", "{}"),
        (
            Method::POST,
            &format!("/api/v2/workspaces/{}/builds", ws(1)),
            "[]",
        ),
        (Method::GET, "/api/v2/templates/nope", ""),
        (Method::GET, "/api/v2/templateversions/nope", ""),
        (
            Method::GET,
            "/api/v2/templateversions/nope/rich-parameters",
            "",
        ),
        (Method::POST, "/api/v2/authcheck", "not json"),
    ] {
        let r = send(&app, method.clone(), uri, &[], body).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
        let r = send(&app, method, uri, &coder, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
    }

    let huge = " ".repeat(3 << 20);
    for (method, uri, body) in [
        (Method::GET, "/api/v2/workspaces/%FF", ""),
        (Method::GET, "/api/v2/workspaces/%FF/watch", ""),
        (Method::GET, "/api/v2/templates/%FF", ""),
        (Method::POST, "/api/v2/workspaces/%FF/builds", "{}"),
        (
            Method::POST,
            &format!("/api/v2/workspaces/{}/builds", ws(1)),
            &huge,
        ),
        (Method::POST, "/api/v2/authcheck", &huge),
    ] {
        let without = send(&app, method.clone(), uri, &[], body).await;
        let with = send(&app, method, uri, &coder, body).await;
        assert!(
            matches!(
                without.status,
                StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE
            ),
            "{uri}: {}",
            without.status
        );
        assert_eq!(
            (without.status, without.body),
            (with.status, with.body),
            "{uri}"
        );
    }
}
