//! `POST /api/v2/authcheck`: `read` on anything, every other action only on
//! what the demo user owns; Coder's 400s for bodies it can't use.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};

async fn check(app: &axum::Router, body: Value) -> Value {
    let r = coder_post(app, "/api/v2/authcheck", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn workspace(id: &str, owner: &str, action: &str) -> Value {
    json!({ "object": { "resource_type": "workspace", "resource_id": id, "owner_id": owner }, "action": action })
}

#[tokio::test]
async fn read_anything_act_on_your_own() {
    let (app, _) = app();
    let alice = "5e500000-0000-4000-8000-000000000002";
    let answer = check(
        &app,
        json!({ "checks": {
            "readMine": workspace(&ws(1), DEMO_ID, "read"),
            "updateMine": workspace(&ws(1), DEMO_ID, "update"),
            "startMine": workspace(&ws(4), DEMO_ID, "start"),
            "readAlices": workspace(&ws(9), alice, "read"),
            "updateAlices": workspace(&ws(9), alice, "update"),
            // With a resource_id, the workspace's real owner counts, as in
            // Coder (which fetches it), whatever owner_id says.
            "updateAlicesClaimingMine": workspace(&ws(9), DEMO_ID, "update"),
            "unknownWorkspace": workspace(&ws(99), DEMO_ID, "read"),
            "ownedByMe": { "object": { "resource_type": "workspace", "owner_id": "me" }, "action": "delete" },
            "ownedByNobody": { "object": { "resource_type": "workspace" }, "action": "update" },
            "readTemplates": { "object": { "resource_type": "template" }, "action": "read" },
            "updateTemplate": { "object": { "resource_type": "template", "resource_id": seed_id("7e3f0000", 1) }, "action": "update" },
        }}),
    )
    .await;
    assert_eq!(
        answer,
        json!({
            "readMine": true,
            "updateMine": true,
            "startMine": true,
            "readAlices": true,
            "updateAlices": false,
            "updateAlicesClaimingMine": false,
            "unknownWorkspace": false,
            "ownedByMe": true,
            "ownedByNobody": false,
            "readTemplates": true,
            "updateTemplate": false,
        })
    );
    assert_eq!(check(&app, json!({ "checks": {} })).await, json!({}));
    assert_eq!(check(&app, json!({})).await, json!({}));
    assert_eq!(check(&app, json!({ "checks": null })).await, json!({}));
}

#[tokio::test]
async fn malformed_bodies_are_coder_400s() {
    let (app, _) = app();
    for (body, message) in [
        ("", "Request body must be valid JSON."),
        ("not json", "Request body must be valid JSON."),
        ("[]", "Request body must be valid JSON."),
        (r#"{"checks": []}"#, "Request body must be valid JSON."),
        (
            r#"{"checks": {"a": {"action": 3}}}"#,
            "Request body must be valid JSON.",
        ),
        (
            r#"{"checks": {"k": {"object": {}, "action": "read"}}}"#,
            "Object's \"resource_type\" field must be defined for key \"k\".",
        ),
        (
            r#"{"checks": {"k": {"object": {"resource_type": "workspace", "resource_id": "w1"}, "action": "read"}}}"#,
            "Object \"w1\" id is not a valid uuid.",
        ),
        (
            &format!(
                r#"{{"checks": {{"k": {{"object": {{"resource_type": "license", "resource_id": "{}"}}, "action": "read"}}}}}}"#,
                ws(1)
            ),
            "Object type \"license\" does not support \"resource_id\" field.",
        ),
    ] {
        let r = coder_post(&app, "/api/v2/authcheck", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(r.json()["message"], message, "{body}");
    }
    let r = coder_post(
        &app,
        "/api/v2/authcheck",
        r#"{"checks": {"k": {"object": {"resource_type": "workspace", "resource_id": "w1"}, "action": "read"}}}"#,
    )
    .await;
    assert_eq!(r.json()["validations"][0]["field"], "resource_id");

    let many: serde_json::Map<String, Value> = (0..11)
        .map(|i| (format!("c{i}"), workspace(&ws(1), DEMO_ID, "read")))
        .collect();
    let r = coder_post(
        &app,
        "/api/v2/authcheck",
        &json!({ "checks": many }).to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json()["message"],
        "Endpoint only supports using \"resource_id\" field 10 times, found 11 usages. Remove 1 objects with this field set."
    );

    let r = send(&app, Method::POST, "/api/v2/authcheck", &[], "{}").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
