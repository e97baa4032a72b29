//! Flag parsing, including every error path the binary turns into exit 2.

use std::path::PathBuf;

use coder_demo_server::args::{
    DEFAULT_BACKSTAGE_TOKEN, DEFAULT_OAUTH_REDIRECT_URI, DEFAULT_SESSION_TOKEN, USAGE,
};
use coder_demo_server::auth::BUILTIN_CLIENT_ID;
use coder_demo_server::fault_modes::{BodyMode, BuildBody, BuildStatus, WatchMode};
use coder_demo_server::{parse_args, Command, Config, OAuthClient};

fn run(args: &[&str]) -> Config {
    match parse_args(args.iter().copied()) {
        Ok(Command::Run(c)) => *c,
        other => panic!("{args:?}: {other:?}"),
    }
}

fn err(args: &[&str]) -> String {
    match parse_args(args.iter().copied()) {
        Err(e) => e.to_string(),
        other => panic!("{args:?} should fail: {other:?}"),
    }
}

#[test]
fn defaults() {
    let c = run(&[]);
    assert_eq!(c.port, 7007);
    assert_eq!(c.session_token, DEFAULT_SESSION_TOKEN);
    assert_eq!(c.backstage_token, DEFAULT_BACKSTAGE_TOKEN);
    assert_eq!(c.web_root, PathBuf::from("demo/web"));
    assert_eq!(c.pkg_dir, PathBuf::from("pkg"));
    assert_eq!(c.workspaces_file, None);
    assert_eq!(c.faults, Default::default());
    assert_eq!(c.build_step_ms, 500);
    assert_eq!(c.sse_ping_ms, 15_000);
    assert_eq!(c.wildcard_host, None);
    assert_eq!(
        c.oauth_client,
        OAuthClient {
            id: "backstage".into(),
            secret: "demo-client-secret".into(),
            redirect_uris: vec![DEFAULT_OAUTH_REDIRECT_URI.into()],
            token_lifetime_s: 3600,
        }
    );
}

#[test]
fn oauth_client_flags() {
    let c = run(&[
        "--oauth-client-id",
        "bs-app",
        "--oauth-client-secret=s3cret",
        "--oauth-redirect-uri",
        "http://127.0.0.1:7007/api/auth/coder/handler/frame,https://localhost/cb?x=1",
        "--oauth-redirect-uri=http://[::1]:3000/cb",
        "--oauth-token-lifetime",
        "5",
    ]);
    assert_eq!(c.oauth_client.id, "bs-app");
    assert_eq!(c.oauth_client.secret, "s3cret");
    assert_eq!(
        c.oauth_client.redirect_uris,
        [
            "http://127.0.0.1:7007/api/auth/coder/handler/frame",
            "https://localhost/cb?x=1",
            "http://[::1]:3000/cb",
        ]
    );
    assert_eq!(c.oauth_client.token_lifetime_s, 5);
    // One flag replaces the default list rather than adding to it.
    let c = run(&["--oauth-redirect-uri", "http://127.0.0.1:3000/cb"]);
    assert_eq!(c.oauth_client.redirect_uris, ["http://127.0.0.1:3000/cb"]);
}

#[test]
fn every_flag() {
    let c = run(&[
        "--port",
        "0",
        "--token",
        "abc",
        "--backstage-token=bs",
        "--workspaces",
        "w.json",
        "--web-root",
        "web",
        "--pkg-dir=p",
        "--latency-ms",
        "10",
        "--fail-rate",
        "0.25",
        "--fail-status",
        "429",
        "--html-responses",
        "--slow-ms",
        "20000",
        "--retry-after",
        "3",
        "--body=truncated",
        "--huge-body-bytes",
        "2000",
    ]);
    assert_eq!(c.port, 0);
    assert_eq!(c.session_token, "abc");
    assert_eq!(c.backstage_token, "bs");
    assert_eq!(c.workspaces_file, Some(PathBuf::from("w.json")));
    assert_eq!(c.web_root, PathBuf::from("web"));
    assert_eq!(c.pkg_dir, PathBuf::from("p"));
    assert_eq!(c.faults.latency_ms, 10);
    assert_eq!(c.faults.fail_rate, 0.25);
    assert_eq!(c.faults.fail_status, 429);
    assert!(c.faults.html_responses);
    assert_eq!(c.faults.slow_ms, 20000);
    assert_eq!(c.faults.retry_after_s, 3);
    assert_eq!(c.faults.body, BodyMode::Truncated);
    assert_eq!(c.faults.huge_body_bytes, 2000);
    for &(name, mode) in BodyMode::ALL {
        assert_eq!(run(&["--body", name]).faults.body, mode);
        assert!(USAGE.contains(name), "usage names body mode {name}");
    }
}

#[test]
fn action_flags() {
    let c = run(&[
        "--build-step-ms",
        "0",
        "--sse-ping-ms=250",
        "--wildcard-host",
        "*.Localhost:7007",
        "--build-status",
        "409",
        "--build-body=unexpected",
        "--build-fault-count",
        "3",
        "--watch",
        "garbage",
    ]);
    assert_eq!(c.build_step_ms, 0);
    assert_eq!(c.sse_ping_ms, 250);
    assert_eq!(c.wildcard_host.as_deref(), Some("*.localhost:7007"));
    assert_eq!(c.faults.build_status, BuildStatus::Conflict);
    assert_eq!(c.faults.build_body, BuildBody::Unexpected);
    assert_eq!(c.faults.build_fault_count, 3);
    assert_eq!(c.faults.watch, WatchMode::Garbage);
    for (code, status) in [
        ("403", BuildStatus::Forbidden),
        ("406", BuildStatus::NotAcceptable),
        ("none", BuildStatus::None),
    ] {
        assert_eq!(run(&["--build-status", code]).faults.build_status, status);
    }
    for host in ["*.localhost", "*.apps.example.test", "*.a-b.c:1"] {
        assert_eq!(
            run(&["--wildcard-host", host]).wildcard_host.as_deref(),
            Some(host)
        );
    }
    for (name, mode) in WatchMode::ALL {
        assert_eq!(run(&["--watch", name]).faults.watch, *mode);
        assert!(USAGE.contains(name), "usage names watch mode {name}");
    }
    for (name, body) in BuildBody::ALL {
        assert_eq!(run(&["--build-body", name]).faults.build_body, *body);
        assert!(USAGE.contains(name), "usage names build body {name}");
    }
}

#[test]
fn help() {
    assert_eq!(parse_args(["--help"]), Ok(Command::Help));
    assert_eq!(parse_args(["--port", "1", "-h"]), Ok(Command::Help));
    for flag in [
        "--port",
        "--token",
        "--backstage-token",
        "--workspaces",
        "--fail-rate",
        "--slow-ms",
        "--retry-after",
        "--body",
        "--huge-body-bytes",
        "/__demo/faults?query=",
        "--oauth-client-id",
        "--oauth-client-secret",
        "--oauth-redirect-uri",
        "--oauth-token-lifetime",
        "/oauth2/tokens",
        "--build-step-ms",
        "--sse-ping-ms",
        "--wildcard-host",
        "--build-status",
        "--build-body",
        "--build-fault-count",
        "--watch",
        "build_status",
        "build_body",
        "build_fault_count",
        "watch;",
    ] {
        assert!(USAGE.contains(flag), "{flag}");
    }
}

#[test]
fn errors_name_the_flag() {
    for (args, needle) in [
        (&["--port"][..], "--port needs a value"),
        (&["--port", "70000"], "--port"),
        (&["--port", "-1"], "--port"),
        (&["--port", "x"], "--port"),
        (&["--fail-rate", "1.5"], "--fail-rate"),
        (&["--fail-rate", "NaN"], "--fail-rate"),
        (&["--fail-rate", "-0.1"], "--fail-rate"),
        (&["--fail-status", "200"], "--fail-status"),
        (&["--fail-status", "600"], "--fail-status"),
        (&["--latency-ms", "ten"], "--latency-ms"),
        (&["--slow-ms", "99999999"], "--slow-ms"),
        (&["--token", ""], "--token"),
        (&["--token", "has space"], "--token"),
        (&["--backstage-token="], "--backstage-token"),
        (&["--web-root="], "--web-root"),
        (&["--html-responses=yes"], "--html-responses takes no value"),
        (&["--retry-after", "86401"], "--retry-after"),
        (&["--retry-after", "-1"], "--retry-after"),
        (&["--huge-body-bytes", "0"], "--huge-body-bytes"),
        (&["--huge-body-bytes", "67108865"], "--huge-body-bytes"),
        (
            &["--body", "bogus"],
            "--body: unknown body mode \"bogus\"; use one of normal, huge",
        ),
        (&["--body"], "--body needs a value"),
        (
            &["--slow-ms", "5", "--body", "never_ending"],
            "slow_ms cannot be combined with body never_ending",
        ),
        (&["--oauth-client-id"], "--oauth-client-id needs a value"),
        (&["--oauth-client-id", "a b"], "--oauth-client-id"),
        (&["--oauth-client-id", BUILTIN_CLIENT_ID], "reserved"),
        (&["--oauth-client-secret="], "--oauth-client-secret"),
        (
            &["--oauth-redirect-uri", "/relative"],
            "--oauth-redirect-uri",
        ),
        (
            &["--oauth-redirect-uri", "ftp://host/cb"],
            "--oauth-redirect-uri",
        ),
        (
            &["--oauth-redirect-uri", "http:///cb"],
            "--oauth-redirect-uri",
        ),
        (
            &["--oauth-redirect-uri", "http://h/cb#frag"],
            "--oauth-redirect-uri",
        ),
        (
            &["--oauth-redirect-uri", "http://h/a b"],
            "--oauth-redirect-uri",
        ),
        (
            &["--oauth-redirect-uri", "http://h/cb,"],
            "--oauth-redirect-uri",
        ),
        (&["--oauth-token-lifetime", "0"], "--oauth-token-lifetime"),
        (
            &["--oauth-token-lifetime", "2592001"],
            "--oauth-token-lifetime",
        ),
        (&["--build-step-ms", "60001"], "--build-step-ms"),
        (&["--sse-ping-ms", "0"], "--sse-ping-ms"),
        (
            &["--wildcard-host", "localhost"],
            "--wildcard-host must be *.",
        ),
        (&["--wildcard-host", "*."], "--wildcard-host"),
        (&["--wildcard-host", "*.a/b"], "--wildcard-host"),
        (&["--wildcard-host", "*.a:port"], "--wildcard-host"),
        (&["--wildcard-host", "*.a:0"], "--wildcard-host"),
        (&["--wildcard-host", "*..a"], "--wildcard-host"),
        (
            &["--build-status", "500"],
            "--build-status: unknown build status \"500\"; use one of 403, 406, 409, none",
        ),
        (
            &["--build-body", "xml"],
            "--build-body: unknown build body \"xml\"; use one of normal, unexpected, html",
        ),
        (&["--build-fault-count", "-1"], "--build-fault-count"),
        (&["--build-fault-count", "1000001"], "--build-fault-count"),
        (
            &["--watch", "loud"],
            "--watch: unknown watch mode \"loud\"; use one of normal, drop, garbage, silent",
        ),
        (&["--bogus"], "unknown flag --bogus"),
        (&["stray"], "unexpected argument"),
    ] {
        let e = err(args);
        assert!(e.contains(needle), "{args:?}: {e}");
    }
}
