use super::*;
use serde_json::json;

#[test]
fn readme_config_reads_every_field() {
    let app = readme_app();
    assert_eq!(app.access_url.as_str(), "https://dev.coder.com");
    let ws = &app.workspaces;
    assert_eq!(ws.default_template_name.as_deref(), Some("devcontainers"));
    assert_eq!(ws.default_mode, Some(CreationMode::Manual));
    assert_eq!(
        ws.repo_url_param_keys.as_slice(),
        ["custom_repo", "repo_url"]
    );
    let params: Vec<_> = ws.params.iter().collect();
    assert_eq!(params, [("repo", "custom"), ("region", "eu-helsinki")]);
}

#[test]
fn only_access_url_is_required() {
    let app = app_value(json!({
        "deployment": { "accessUrl": "https://coder.example.com" }
    }))
    .unwrap();
    assert_eq!(app.workspaces, WorkspacesConfig::default());
}

#[test]
fn null_optional_fields_count_as_absent() {
    let app = app_value(json!({
        "deployment": { "accessUrl": "https://c.example.com" },
        "workspaces": {
            "defaultTemplateName": null, "defaultMode": null,
            "repoUrlParamKeys": null, "params": null
        }
    }))
    .unwrap();
    assert_eq!(app.workspaces, WorkspacesConfig::default());
}

#[test]
fn unknown_keys_are_ignored() {
    let app = app_value(json!({
        "deployment": { "accessUrl": "https://c.example.com", "region": "x" },
        "workspaces": { "futureSetting": [1, 2] },
        "somethingElse": true
    }))
    .unwrap();
    assert_eq!(app.access_url.as_str(), "https://c.example.com");
}

#[test]
fn params_keep_insertion_order() {
    let app = app_from_json(
        r#"{ "deployment": { "accessUrl": "https://c.example.com" },
             "workspaces": { "params": { "zeta": "1", "alpha": "2", "mid": "3" } } }"#,
    )
    .unwrap();
    let keys: Vec<_> = app.workspaces.params.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
}

#[test]
fn missing_access_url_is_an_error() {
    for value in [
        json!({}),
        json!({ "deployment": null }),
        json!({ "deployment": {} }),
        json!({ "deployment": { "accessUrl": null } }),
    ] {
        let err = app_err(value);
        assert_eq!(err.kind(), ErrorKind::Missing);
        assert_eq!(err.path(), "deployment.accessUrl");
        assert!(err
            .to_string()
            .starts_with("deployment.accessUrl: is required; set it to"));
    }
}

#[test]
fn access_url_must_be_a_string() {
    let err = app_err(json!({ "deployment": { "accessUrl": 42 } }));
    assert_eq!(err.path(), "deployment.accessUrl");
    assert_eq!(
        err.message(),
        "expected a string, found a number; put the value in quotes: \"42\""
    );
}

#[test]
fn bad_access_urls_name_the_field_and_the_fix() {
    let cases = [
        ("javascript:alert(1)", "does not use http or https"),
        ("JavaScript://%0Aalert(1)", "does not use http or https"),
        ("ftp://coder.example.com", "does not use http or https"),
        ("data:text/html,<script>", "does not use http or https"),
        ("/coder", "is a relative URL"),
        ("./coder", "is a relative URL"),
        ("coder.example.com", "has no scheme"),
        ("localhost:3000", "has no scheme"),
        ("https://", "has no host name"),
        ("https://:8080", "has no host name"),
        ("https://user:pw@coder.example.com", "contains credentials"),
        (
            "https://evil.com\\@coder.example.com",
            "contains credentials",
        ),
        ("https://coder.example.com:99999", "has an invalid port"),
        ("https://coder.example.com:", "has an invalid port"),
        ("https://coder .example.com", "contains whitespace"),
        ("https://coder.example.com/\n", "contains whitespace"),
        (
            "https://coder.example.com/\u{7}",
            "contains whitespace or control",
        ),
        (
            "https://coder.example.com/?x=1",
            "contains a query (?) or fragment (#)",
        ),
        (
            "https://coder.example.com/#top",
            "contains a query (?) or fragment (#)",
        ),
        (
            "https://coder.example.com/\"onmouseover=",
            "contains characters that are not allowed",
        ),
        (
            "https://coder.example.com/<x>",
            "contains characters that are not allowed",
        ),
        (
            "https://coder.example.com/%zz",
            "contains characters that are not allowed",
        ),
        ("https://exa$mple.com", "has an invalid host name"),
        ("", "is empty"),
    ];
    for (url, expected) in cases {
        let err = app_err(json!({ "deployment": { "accessUrl": url } }));
        assert_eq!(err.kind(), ErrorKind::Invalid, "{url}");
        assert_eq!(err.path(), "deployment.accessUrl", "{url}");
        assert!(
            err.message().contains(expected),
            "{url}: {} does not mention {expected}",
            err.message()
        );
    }
}

#[test]
fn access_url_is_normalized() {
    let cases = [
        ("https://coder.example.com/", "https://coder.example.com"),
        ("https://coder.example.com///", "https://coder.example.com"),
        (
            "https://x.example.com/coder/",
            "https://x.example.com/coder",
        ),
        (
            "HTTPS://Coder.Example.COM/Coder",
            "https://coder.example.com/Coder",
        ),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://[::1]:7080/", "http://[::1]:7080"),
        ("https://10.0.0.5", "https://10.0.0.5"),
    ];
    for (input, expected) in cases {
        let app = CoderAppConfig::with_access_url(input).unwrap();
        assert_eq!(app.access_url.as_str(), expected, "{input}");
    }
}

#[test]
fn unknown_default_mode_is_an_error() {
    let err = app_err(json!({
        "deployment": { "accessUrl": "https://c.example.com" },
        "workspaces": { "defaultMode": "fast" }
    }));
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(
        err.to_string(),
        "workspaces.defaultMode: unknown mode \"fast\"; use \"manual\" or \"auto\""
    );
}

#[test]
fn mode_is_case_sensitive_like_coder() {
    let err = app_err(json!({
        "deployment": { "accessUrl": "https://c.example.com" },
        "workspaces": { "defaultMode": "Auto" }
    }));
    assert_eq!(err.path(), "workspaces.defaultMode");
}

#[test]
fn non_string_params_name_the_key() {
    let cases = [
        (json!(5), "found a number; put the value in quotes: \"5\""),
        (
            json!(1.5),
            "found a number; put the value in quotes: \"1.5\"",
        ),
        (
            json!(true),
            "found a boolean; put the value in quotes: \"true\"",
        ),
        (json!(null), "found nothing (null)"),
        (json!(["a"]), "found a list"),
        (json!({ "a": "b" }), "found a mapping"),
    ];
    for (value, expected) in cases {
        let err = app_err(json!({
            "deployment": { "accessUrl": "https://c.example.com" },
            "workspaces": { "params": { "repo": "ok", "region": value } }
        }));
        assert_eq!(err.path(), "workspaces.params.region");
        assert!(err.message().contains(expected), "{}", err.message());
        assert!(err
            .to_string()
            .starts_with("workspaces.params.region: expected a string"));
    }
}

#[test]
fn params_must_be_a_mapping() {
    for value in [json!("repo=x"), json!(["repo", "x"]), json!(3)] {
        let err = app_err(json!({
            "deployment": { "accessUrl": "https://c.example.com" },
            "workspaces": { "params": value }
        }));
        assert_eq!(err.path(), "workspaces.params");
        assert!(err
            .message()
            .starts_with("expected a mapping of parameter names"));
    }
}

#[test]
fn empty_param_name_is_refused() {
    let err = app_err(json!({
        "deployment": { "accessUrl": "https://c.example.com" },
        "workspaces": { "params": { "": "x" } }
    }));
    assert!(err.path().starts_with("workspaces.params"));
    assert!(err.message().contains("parameter name is empty"));
}

#[test]
fn repo_url_param_keys_are_checked() {
    let bad = [
        (
            json!("repo_url"),
            "workspaces.repoUrlParamKeys",
            "write the single name as a list: [repo_url]",
        ),
        (
            json!([1]),
            "workspaces.repoUrlParamKeys[0]",
            "expected a string",
        ),
        (
            json!(["ok", ""]),
            "workspaces.repoUrlParamKeys[1]",
            "parameter name is empty",
        ),
        (
            json!(["a\"b"]),
            "workspaces.repoUrlParamKeys[0]",
            "contains a quote",
        ),
        (json!(["a=b"]), "workspaces.repoUrlParamKeys[0]", "'='"),
        (
            json!(["a b"]),
            "workspaces.repoUrlParamKeys[0]",
            "whitespace",
        ),
        (
            json!(true),
            "workspaces.repoUrlParamKeys",
            "expected a list of parameter names, e.g. [repo_url], found a boolean",
        ),
        (
            json!(2.5),
            "workspaces.repoUrlParamKeys",
            "expected a list of parameter names, e.g. [repo_url], found a number",
        ),
        (
            json!({ "repo": "x" }),
            "workspaces.repoUrlParamKeys",
            "expected a list of parameter names, e.g. [repo_url], found a mapping",
        ),
    ];
    for (value, path, expected) in bad {
        let err = app_err(json!({
            "deployment": { "accessUrl": "https://c.example.com" },
            "workspaces": { "repoUrlParamKeys": value }
        }));
        assert_eq!(err.path(), path);
        assert!(err.message().contains(expected), "{}", err.message());
    }
}

#[test]
fn duplicate_repo_url_param_keys_collapse() {
    let app = app_value(json!({
        "deployment": { "accessUrl": "https://c.example.com" },
        "workspaces": { "repoUrlParamKeys": ["a", "b", "a"] }
    }))
    .unwrap();
    assert_eq!(app.workspaces.repo_url_param_keys.as_slice(), ["a", "b"]);
}

#[test]
fn blocks_of_the_wrong_type_are_errors() {
    let err = app_err(json!({ "deployment": "https://c.example.com" }));
    assert_eq!(err.path(), "deployment");
    assert!(
        err.message().contains("expected a mapping with accessUrl"),
        "{}",
        err.message()
    );

    let err = app_err(json!({
        "deployment": { "accessUrl": "https://c.example.com" }, "workspaces": []
    }));
    assert_eq!(err.path(), "workspaces");

    let err = app_err(json!("https://c.example.com"));
    assert_eq!(err.path(), "");
    assert!(err.message().contains("the Coder app configuration"));
}

#[test]
fn error_messages_escape_hostile_values() {
    let err = app_err(json!({
        "deployment": { "accessUrl": "https://c.example.com" },
        "workspaces": { "defaultMode": "a\"\nb" }
    }));
    assert_eq!(
        err.message(),
        "unknown mode \"a\\\"\\nb\"; use \"manual\" or \"auto\""
    );
}

#[test]
fn error_helpers_for_the_bridge() {
    let err = ConfigError::missing_field("deployment.accessUrl");
    assert_eq!(err.kind(), ErrorKind::Missing);
    assert_eq!(err.to_string(), "deployment.accessUrl: is required");

    let err = app_err(json!({ "deployment": { "accessUrl": "ftp://x" } })).in_input("appConfig");
    assert_eq!(err.input(), Some("appConfig"));
    assert!(err
        .to_string()
        .starts_with("in appConfig: deployment.accessUrl: \"ftp://x\" does not use http or https"));

    let err = ConfigError::yaml_unsupported("app-config", "appConfig");
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_eq!(
        err.to_string(),
        "the app-config attribute takes YAML text, which this build does not read; \
         set the appConfig property (a JavaScript object) instead"
    );
}

#[test]
fn an_error_read_under_a_block_names_its_place_in_the_whole_document() {
    let err = app_err(json!({ "workspaces": { "defaultMode": "later" } })).under("coder");
    assert_eq!(err.path(), "coder.workspaces.defaultMode");
    let err = app_err(json!({})).under("coder");
    assert_eq!(err.path(), "coder.deployment.accessUrl");
    let err = app_err(json!([])).under("coder");
    assert_eq!(err.path(), "coder", "the block itself");
}
