//! `GET /api/v2/regions`: the primary region, its path app URL (this
//! server, as reached) and `--wildcard-host` (empty without it).

mod common;

use axum::http::StatusCode;
use coder_demo_server::Config;
use common::*;
use serde_json::json;

#[tokio::test]
async fn without_a_wildcard_the_hostname_is_empty() {
    let (app, _) = app();
    let r = get(
        &app,
        "/api/v2/regions",
        &[("Coder-Session-Token", TOKEN), ("Host", "127.0.0.1:7391")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        json!({ "regions": [{
            "id": "de910000-0000-4000-8000-000000000001",
            "name": "primary",
            "display_name": "Default",
            "icon_url": "/emojis/1f3e1.png",
            "healthy": true,
            "path_app_url": "http://127.0.0.1:7391",
            "wildcard_hostname": "",
        }]})
    );
    assert_eq!(
        get(&app, "/api/v2/regions", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_wildcard_is_served_with_the_servers_port_when_it_names_none() {
    for (flag, want) in [
        ("*.localhost:7007", "*.localhost:7007"),
        ("*.localhost", "*.localhost:7391"),
        ("*.apps.example.test", "*.apps.example.test:7391"),
    ] {
        let (app, _) = app_with(Config {
            wildcard_host: Some(flag.into()),
            ..Config::default()
        });
        let r = get(
            &app,
            "/api/v2/regions",
            &[("Coder-Session-Token", TOKEN), ("Host", "127.0.0.1:7391")],
        )
        .await;
        let region = &r.json()["regions"][0];
        assert_eq!(region["wildcard_hostname"], want, "{flag}");
        assert_eq!(region["path_app_url"], "http://127.0.0.1:7391");
    }
}
