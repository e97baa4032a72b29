//! Static files from the web root and the package dir.

mod common;

use axum::http::{Method, StatusCode};
use coder_demo_server::Config;
use common::*;

fn site(name: &str) -> axum::Router {
    let dir = scratch_dir(name);
    let web = dir.join("web");
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(pkg.join("snippets")).unwrap();
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(web.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(web.join("demo.css"), "body{}").unwrap();
    std::fs::write(web.join("demo.js"), "export {}").unwrap();
    std::fs::write(dir.join("secret.txt"), "top secret").unwrap();
    std::fs::write(pkg.join("index.js"), "export const ready = 1;").unwrap();
    std::fs::write(pkg.join("core.mjs"), "export {}").unwrap();
    std::fs::write(pkg.join("coder_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("package.json"), "{}").unwrap();
    std::fs::write(pkg.join("snippets/logo.svg"), "<svg/>").unwrap();
    app_with(Config {
        web_root: web,
        pkg_dir: pkg,
        ..Config::default()
    })
    .0
}

#[tokio::test]
async fn serves_files_with_content_types_and_no_cache() {
    let app = site("types");
    for (uri, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/demo.css", "text/css; charset=utf-8"),
        ("/demo.js", "text/javascript; charset=utf-8"),
        ("/pkg/index.js", "text/javascript; charset=utf-8"),
        ("/pkg/core.mjs", "text/javascript; charset=utf-8"),
        ("/pkg/coder_bg.wasm", "application/wasm"),
        ("/pkg/package.json", "application/json"),
        ("/pkg/snippets/logo.svg", "image/svg+xml"),
    ] {
        let r = get(&app, uri, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(r.header("content-type"), Some(ty), "{uri}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{uri}");
    }
    assert!(get(&app, "/", &[])
        .await
        .body
        .contains("<title>demo</title>"));
}

#[tokio::test]
async fn unchanged_files_are_not_sent_again() {
    let dir = scratch_dir("etag");
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::create_dir_all(dir.join("web")).unwrap();
    std::fs::write(pkg.join("a_bg.wasm"), b"\0asm\x01\0\0\0one").unwrap();
    let app = app_with(Config {
        web_root: dir.join("web"),
        pkg_dir: pkg.clone(),
        ..Config::default()
    })
    .0;
    let first = get(&app, "/pkg/a_bg.wasm", &[]).await;
    let tag = first.header("etag").expect("an ETag").to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");

    let again = get(&app, "/pkg/a_bg.wasm", &[("If-None-Match", &tag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.body, "");
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    assert_eq!(again.header("cache-control"), Some("no-cache"));
    // One of several tags, as a browser may send.
    let listed = format!("\"other\", {tag}");
    let again = get(&app, "/pkg/a_bg.wasm", &[("If-None-Match", &listed)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    // A rebuilt file is sent in full, with a new tag.
    std::fs::write(pkg.join("a_bg.wasm"), b"\0asm\x01\0\0\0two").unwrap();
    let rebuilt = get(&app, "/pkg/a_bg.wasm", &[("If-None-Match", &tag)]).await;
    assert_eq!(rebuilt.status, StatusCode::OK);
    assert_ne!(rebuilt.header("etag"), Some(tag.as_str()));
    assert!(rebuilt.body.ends_with("two"));
}

#[tokio::test]
async fn refuses_traversal() {
    let app = site("traversal");
    for uri in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/pkg/../../secret.txt",
        "/pkg/%2E%2E/%2e%2e/secret.txt",
        "/x/..%5c..%5csecret.txt",
    ] {
        let r = get(&app, uri, &[]).await;
        assert!(r.status.is_client_error(), "{uri}: {}", r.status);
        assert!(!r.body.contains("top secret"), "{uri}");
    }
}

#[tokio::test]
async fn missing_files_get_a_helpful_404() {
    let app = site("missing");
    let r = get(&app, "/pkg/nothing.js", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("./demo/run.sh"), "{}", r.body);
    let r = get(&app, "/pkg/", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/nope.html", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // A web root that doesn't exist says how to fix it.
    let (app, _) = app_with(Config {
        web_root: "/nonexistent/web".into(),
        ..Config::default()
    });
    let r = get(&app, "/", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.body.contains("--web-root") && r.body.contains("./demo/run.sh"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn only_get_and_head() {
    let app = site("methods");
    assert_eq!(
        send(&app, Method::HEAD, "/", &[], "").await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, Method::POST, "/", &[], "").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn unknown_backstage_routes_are_json_404s() {
    let app = site("api404");
    let r = get(&app, "/api/catalog/entities", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["name"], "NotFoundError");
}
