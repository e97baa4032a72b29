//! The pages behind app links: path apps (`/@owner/ws.agent/apps/slug/`),
//! the terminal (`/@owner/ws.agent/terminal`) and subdomain apps on hosts
//! under `--wildcard-host`; who may open what, and escaping.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use coder_demo_server::Config;
use common::*;

fn page(r: &Reply) -> &str {
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    &r.body
}

#[tokio::test]
async fn path_apps_and_the_terminal_name_what_was_opened() {
    let (app, _) = app();
    let r = get(&app, "/@demo/backstage-plugins.main/apps/jupyter/", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = page(&r);
    assert!(body.contains("<h1>Jupyter</h1>"), "{body}");
    assert!(body.contains("<dd id=\"app\">jupyter</dd>"));
    assert!(body.contains("<dd id=\"workspace\">demo/backstage-plugins</dd>"));
    assert!(body.contains("<dd id=\"agent\">main</dd>"));
    assert!(body.contains("<dd id=\"served-as\">path</dd>"));
    // Deeper paths, a query, and no agent name (there is only one) too.
    for uri in [
        "/@demo/backstage-plugins.main/apps/jupyter/tree/notebooks?x=1",
        "/@demo/backstage-plugins/apps/jupyter/",
        "/@DEMO/backstage-plugins.main/apps/storybook/",
    ] {
        assert_eq!(get(&app, uri, &[]).await.status, StatusCode::OK, "{uri}");
    }
    let r = get(&app, "/@demo/coder-docs.main/terminal", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(page(&r).contains("<h1>Terminal</h1>"));
    assert!(r.body.contains("<dd id=\"workspace\">demo/coder-docs</dd>"));
    // The workspace page itself is unchanged.
    let r = get(&app, "/@demo/backstage-plugins", &[]).await;
    assert!(r.body.contains("Workspace demo/backstage-plugins"));
}

#[tokio::test]
async fn what_cannot_be_opened_is_application_not_found() {
    let (app, state) = app();
    for uri in [
        "/@demo/backstage-plugins.main/apps/nope/",
        "/@demo/backstage-plugins.other/apps/jupyter/",
        "/@demo/nope.main/apps/jupyter/",
        // Stopped: its agent is gone.
        "/@demo/bp-old-branch.main/apps/jupyter/",
        "/@demo/bp-old-branch.main/terminal",
        // Another owner's own apps and terminal.
        "/@alice/backstage-plugins.main/apps/code-server/",
        "/@alice/backstage-plugins.main/terminal",
        "/@bob/ml-notebook.main/apps/jupyter/",
    ] {
        let r = get(&app, uri, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(page(&r).contains("Application Not Found"), "{uri}");
    }
    // Shared apps of others open.
    let r = get(&app, "/@alice/backstage-plugins.main/apps/jupyter/", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "shared with authenticated users");
    // Once bp-old-branch runs again, its apps are there.
    post_build(&app, &ws(4), r#"{"transition":"start"}"#).await;
    state.clock().advance(Duration::from_millis(1500));
    let r = get(&app, "/@demo/bp-old-branch.main/apps/jupyter/", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn subdomain_apps_answer_on_their_host_under_the_wildcard() {
    let (app, _) = app_with(Config {
        wildcard_host: Some("*.localhost:7007".into()),
        ..Config::default()
    });
    let host = "code-server--main--backstage-plugins--demo.localhost:7007";
    for path in [
        "/",
        "/?folder=/home/coder",
        "/static/x.js",
        "/api/v2/users/me",
    ] {
        let r = get(&app, path, &[("Host", host)]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let body = page(&r);
        assert!(body.contains("<h1>code-server</h1>"), "{path}: {body}");
        assert!(body.contains("<dd id=\"served-as\">subdomain</dd>"));
        assert!(body.contains("<dd id=\"url\">http://localhost:13337/?folder=/home/coder</dd>"));
    }
    // Case and port don't matter; other apps and owners follow the rules.
    let r = get(
        &app,
        "/",
        &[(
            "Host",
            "Code-Server--main--backstage-plugins--demo.LOCALHOST",
        )],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for host in [
        "code-server--main--backstage-plugins--alice.localhost:7007",
        "nope--main--backstage-plugins--demo.localhost:7007",
        "code-server--main--bp-old-branch--demo.localhost:7007",
    ] {
        let r = get(&app, "/", &[("Host", host)]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{host}");
        assert!(page(&r).contains("Application Not Found"));
    }
    let r = get(
        &app,
        "/",
        &[("Host", "preview--main--frontend--bob.localhost:7007")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "public");
    // The server's own host is the site as before.
    let r = get(
        &app,
        "/api/v2/users/me",
        &[("Host", "127.0.0.1:7007"), ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.json()["username"], "demo");
}

#[tokio::test]
async fn without_a_wildcard_no_host_is_a_subdomain_app() {
    let (app, _) = app();
    let r = get(
        &app,
        "/api/v2/users/me",
        &[
            (
                "Host",
                "code-server--main--backstage-plugins--demo.localhost:7007",
            ),
            ("Coder-Session-Token", TOKEN),
        ],
    )
    .await;
    assert_eq!(r.json()["username"], "demo");
}

#[tokio::test]
async fn names_from_a_file_are_escaped() {
    let dir = scratch_dir("app-escape");
    let path = dir.join("ws.json");
    std::fs::write(
        &path,
        r#"[{ "id": "w1", "name": "ws", "owner_name": "demo",
              "latest_build": { "status": "running", "resources": [{ "agents": [{
                "name": "main", "status": "connected",
                "apps": [{ "slug": "x", "display_name": "<script>alert(1)</script>", "url": "http://a/?<b>" }]
              }]}]}}]"#,
    )
    .unwrap();
    let (app, _) = app_with(Config {
        workspaces_file: Some(path),
        ..Config::default()
    });
    let r = get(&app, "/@demo/ws.main/apps/x/", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert") && r.body.contains("&lt;script&gt;alert(1)"));
    assert!(r.body.contains("http://a/?&lt;b&gt;"));
    let r = get(&app, "/@%3Cb%3E/ws.main/apps/%3Ci%3E/", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        !r.body.contains("<b>") && !r.body.contains("<i>") && r.body.contains("&lt;b&gt;/ws.main")
    );
}
