//! `GET /api/v2/templates/{id}`, `/api/v2/templateversions/{id}` and its
//! `/rich-parameters`: the seed templates, their versions, and Coder's 400
//! and 404.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn templates_name_their_active_version() {
    let (app, _) = app();
    for (n, name, display, active) in [
        (1, "devcontainers", "Dev Containers", "v2"),
        (2, "docker", "Docker Containers", "v1"),
        (3, "nodejs", "Node.js", "v2"),
        (4, "python", "Python", "v1"),
        (5, "rust", "Rust", "v2"),
    ] {
        let r = coder_get(
            &app,
            &format!("/api/v2/templates/{}", seed_id("7e3f0000", n)),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        let t = r.json();
        assert_eq!(t["name"], name);
        assert_eq!(t["display_name"], display);
        assert!(t["icon"].as_str().unwrap().starts_with("/icon/"));
        assert_eq!(t["organization_id"], "0c0de000-0000-4000-8000-000000000001");
        assert_eq!(t["active_version_id"], seed_id("7e3f1000", n));
        let v = coder_get(
            &app,
            &format!("/api/v2/templateversions/{}", seed_id("7e3f1000", n)),
        )
        .await
        .json();
        assert_eq!(v["name"], active, "{name}");
        assert_eq!(v["template_id"], seed_id("7e3f0000", n));
        assert_eq!(v["job"]["status"], "succeeded");
    }
    // Every workspace names its template's active version.
    let list = coder_get(&app, "/api/v2/workspaces").await.json();
    for w in list["workspaces"].as_array().unwrap() {
        let t = coder_get(
            &app,
            &format!("/api/v2/templates/{}", w["template_id"].as_str().unwrap()),
        )
        .await
        .json();
        assert_eq!(t["active_version_id"], w["template_active_version_id"]);
        assert_eq!(t["name"], w["template_name"]);
        let outdated = w["latest_build"]["template_version_id"] != t["active_version_id"];
        assert_eq!(w["outdated"], outdated, "{}", w["name"]);
    }
}

#[tokio::test]
async fn rich_parameters_have_coders_shape() {
    let (app, _) = app();
    let rust_v2 = coder_get(
        &app,
        &format!(
            "/api/v2/templateversions/{}/rich-parameters",
            seed_id("7e3f1000", 5)
        ),
    )
    .await;
    assert_eq!(rust_v2.status, StatusCode::OK);
    let params = rust_v2.json();
    let names: Vec<&str> = params
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["custom_repo", "repo_url", "region", "rust_toolchain"]
    );
    let toolchain = &params[3];
    for (field, value) in [
        ("display_name", json!("Rust toolchain")),
        ("type", json!("string")),
        ("required", json!(true)),
        ("default_value", json!("")),
        ("mutable", json!(true)),
        ("options", json!([])),
        ("ephemeral", json!(false)),
    ] {
        assert_eq!(toolchain[field], value, "{field}");
    }
    assert!(toolchain["description"].is_string());
    let region = &params[2];
    assert_eq!(region["mutable"], false);
    assert_eq!(region["default_value"], "eu-helsinki");
    assert_eq!(region["options"][1]["value"], "us-pittsburgh");

    // rust v1 lacks it; devcontainers v1 and v2 are the same.
    let v1 = coder_get(
        &app,
        &format!(
            "/api/v2/templateversions/{}/rich-parameters",
            seed_id("7e3f2000", 5)
        ),
    )
    .await
    .json();
    assert_eq!(v1.as_array().unwrap().len(), 3);
    let dev = |prefix| {
        let app = app.clone();
        async move {
            coder_get(
                &app,
                &format!(
                    "/api/v2/templateversions/{}/rich-parameters",
                    seed_id(prefix, 1)
                ),
            )
            .await
            .json()
        }
    };
    assert_eq!(dev("7e3f2000").await, dev("7e3f1000").await);
}

#[tokio::test]
async fn unknown_ids_are_404_and_non_uuids_400() {
    let (app, _) = app();
    for route in ["templates", "templateversions"] {
        let r = coder_get(
            &app,
            &format!("/api/v2/{route}/{}", seed_id("7e3f0000", 99)),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{route}");
        assert_eq!(
            r.json(),
            json!({ "message": "Resource not found or you do not have access to this resource" })
        );
        let r = coder_get(&app, &format!("/api/v2/{route}/rust")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{route}");
        assert_eq!(r.json()["message"], "Invalid UUID \"rust\".");
    }
    let r = coder_get(&app, "/api/v2/templateversions/x/rich-parameters").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = get(
        &app,
        &format!("/api/v2/templates/{}", seed_id("7e3f0000", 1)),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
