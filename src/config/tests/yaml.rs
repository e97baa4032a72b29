use super::*;

const MULTI: &str = include_str!("../../../tests/fixtures/catalog-info/multi-entity.yaml");
const API_FIRST: &str =
    include_str!("../../../tests/fixtures/catalog-info/api-before-component-no-coder.yaml");
const README: &str =
    include_str!("../../../tests/fixtures/catalog-info/single-upstream-readme.yaml");
const EXTRA: &str = include_str!("../../../tests/fixtures/catalog-info/extra-fields.yaml");
const BAD_MODE: &str = include_str!("../../../tests/fixtures/catalog-info/bad-mode.yaml");
const BAD_PARAM: &str = include_str!("../../../tests/fixtures/catalog-info/bad-param.yaml");
const APP_FULL: &str = include_str!("../../../tests/fixtures/app-config/backstage-app-config.yaml");
const APP_BARE: &str = include_str!("../../../tests/fixtures/app-config/bare.yaml");

fn loc(err: &ConfigError) -> (usize, usize) {
    let l = err.location().expect("YAML errors carry a location");
    (l.line, l.column)
}

#[test]
fn app_config_inside_backstage_app_config() {
    let app = CoderAppConfig::from_yaml_str(APP_FULL).unwrap();
    assert_eq!(app.access_url.as_str(), "https://coder.example.com");
    assert_eq!(
        app.workspaces.default_template_name.as_deref(),
        Some("devcontainers")
    );
    assert_eq!(
        app.workspaces.repo_url_param_keys.as_slice(),
        ["custom_repo", "repo_url"]
    );
    assert_eq!(app.workspaces.params.get("region"), Some("eu-helsinki"));
}

#[test]
fn bare_app_config_equals_the_json_one() {
    let app = CoderAppConfig::from_yaml_str(APP_BARE).unwrap();
    assert_eq!(app, readme_app());
}

#[test]
fn yaml_app_errors_have_path_line_and_column() {
    let text =
        "deployment:\n  accessUrl: https://c.example.com\nworkspaces:\n  defaultMode: fast\n";
    let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.path(), "workspaces.defaultMode");
    assert_eq!(loc(&err), (4, 16));
    assert_eq!(
        err.to_string(),
        "workspaces.defaultMode: unknown mode \"fast\"; use \"manual\" or \"auto\" (line 4, column 16)"
    );
    assert_eq!(
        err.in_input("app-config").to_string(),
        "in app-config: workspaces.defaultMode: unknown mode \"fast\"; use \"manual\" or \"auto\" (line 4, column 16)"
    );
}

#[test]
fn yaml_wrapped_paths_start_with_coder() {
    let text = "app:\n  title: x\ncoder:\n  deployment:\n    accessUrl: javascript:alert(1)\n";
    let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
    assert_eq!(err.path(), "coder.deployment.accessUrl");
    assert_eq!(loc(&err), (5, 16));
    assert!(err
        .message()
        .starts_with("\"javascript:alert(1)\" does not use http or https"));

    let err = CoderAppConfig::from_yaml_str("coder:\n  workspaces: {}\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Missing);
    assert_eq!(err.path(), "coder.deployment.accessUrl");
}

#[test]
fn yaml_param_numbers_are_refused_with_quote_hint() {
    let text = "deployment: { accessUrl: https://c.example.com }\nworkspaces:\n  params:\n    region: eu\n    cpu: 4\n";
    let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
    assert_eq!(err.path(), "workspaces.params.cpu");
    assert_eq!(loc(&err), (5, 10));
    assert_eq!(
        err.message(),
        "expected a string, found a number; put the value in quotes: \"4\""
    );
}

#[test]
fn yaml_http_only_access_url() {
    let err = CoderAppConfig::from_yaml_str("deployment:\n  accessUrl: /coder\n").unwrap_err();
    assert_eq!(err.path(), "deployment.accessUrl");
    assert!(err.message().contains("is a relative URL"));
    assert_eq!(loc(&err), (2, 14));
}

#[test]
fn yaml_that_is_not_a_mapping_is_refused() {
    for (text, found) in [
        ("- a\n- b\n", "a list"),
        ("just a string\n", "a string"),
        ("42\n", "a number"),
    ] {
        let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotAMapping, "{text}");
        assert!(err.message().ends_with(found), "{}", err.message());
        assert_eq!(loc(&err), (1, 1));
        let err = Entity::from_yaml_str(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotAMapping);
    }
    // A non-mapping document later in a catalog file is pinned to its line.
    let err = Entity::from_yaml_str("kind: Component\n---\n- x\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAMapping);
    assert_eq!(loc(&err).0, 3);
}

#[test]
fn empty_yaml_is_refused() {
    for text in ["", "   \n", "# only a comment\n", "---\n---\n"] {
        let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotAMapping, "{text:?}");
        assert!(err.message().contains("empty"));
        assert_eq!(
            Entity::from_yaml_str(text).unwrap_err().kind(),
            ErrorKind::NotAMapping
        );
    }
}

#[test]
fn yaml_syntax_errors_have_line_and_column() {
    let text = "deployment:\n  accessUrl: https://c.example.com\nworkspaces:\n  params: { a: b\n";
    let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(loc(&err).0, 5);
    assert!(
        err.message().starts_with("invalid YAML: "),
        "{}",
        err.message()
    );
    assert!(err.to_string().contains("(line 5, column"), "{err}");

    let text = "kind: Component\nmetadata:\n  name: x\n bad-indent: y\n";
    let err = Entity::from_yaml_str(text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(loc(&err).0, 4);

    let err = Entity::from_yaml_str("a: \"unterminated\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
}

#[test]
fn oversize_yaml_is_refused_before_parsing() {
    // Over the limit by one byte, and deliberately broken YAML: the size
    // check must come first.
    let mut text = String::from("{{{{");
    text.push_str(&"#".repeat(MAX_YAML_BYTES + 1 - text.len()));
    let err = CoderAppConfig::from_yaml_str(&text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    assert!(err
        .message()
        .contains("the YAML text is over the limit of 1 MiB"));
    assert_eq!(
        Entity::from_yaml_str(&text).unwrap_err().kind(),
        ErrorKind::TooLarge
    );

    // Exactly at the limit is still parsed.
    let mut ok = String::from("deployment: { accessUrl: https://c.example.com }\n");
    ok.push_str(&"#".repeat(MAX_YAML_BYTES - ok.len()));
    assert_eq!(ok.len(), MAX_YAML_BYTES);
    assert!(CoderAppConfig::from_yaml_str(&ok).is_ok());
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let bomb = "\
a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
";
    let start = std::time::Instant::now();
    let err = CoderAppConfig::from_yaml_str(bomb).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooComplex);
    assert!(err.message().contains("too many aliases"));
    let err = Entity::from_yaml_str(bomb).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooComplex);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn bomb_hidden_in_an_ignored_field_is_refused_too() {
    let text = "\
kind: Component
metadata:
  x: &a [1,1,1,1,1,1,1,1,1,1]
  y: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
  z: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
  w: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
  v: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
  u: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
  t: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
";
    assert_eq!(
        Entity::from_yaml_str(text).unwrap_err().kind(),
        ErrorKind::TooComplex
    );
}

#[test]
fn deep_nesting_is_refused() {
    let text = String::from("kind: Component\nspec: ") + &"[".repeat(10_000) + &"]".repeat(10_000);
    let err = Entity::from_yaml_str(&text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooComplex);
}

#[test]
fn a_few_aliases_are_fine() {
    let text = "\
defaults: &defaults { region: eu-helsinki, repo: custom }
deployment: { accessUrl: https://c.example.com }
workspaces:
  params: *defaults
";
    let app = CoderAppConfig::from_yaml_str(text).unwrap();
    assert_eq!(app.workspaces.params.get("region"), Some("eu-helsinki"));
}

#[test]
fn picks_the_document_with_spec_coder() {
    let e = Entity::from_yaml_str(MULTI).unwrap();
    assert_eq!(e.metadata.name.as_deref(), Some("payments-service"));
    assert_eq!(e.kind.as_deref(), Some("Component"));
    let c = e.coder().unwrap();
    assert_eq!(c.template_name.as_deref(), Some("go-devcontainer"));
    assert_eq!(c.mode, Some(CreationMode::Auto));
    let params: Vec<_> = c.params.iter().collect();
    assert_eq!(params, [("region", "eu-helsinki"), ("cpu", "4")]);
    assert_eq!(
        e.repo_url().as_deref(),
        Some("https://github.com/acme/payments-service")
    );
    // the non-string annotation is dropped, the others kept
    assert_eq!(e.metadata.annotations.len(), 4);
}

#[test]
fn falls_back_to_first_component_then_first_document() {
    let e = Entity::from_yaml_str(API_FIRST).unwrap();
    assert_eq!(e.metadata.name.as_deref(), Some("search-frontend"));
    assert_eq!(e.coder(), None);
    assert_eq!(
        e.repo_url().as_deref(),
        Some("https://gitlab.example.com/web/search/frontend")
    );

    let e = Entity::from_yaml_str(
        "kind: API\nmetadata: { name: one }\n---\nkind: System\nmetadata: { name: two }\n",
    )
    .unwrap();
    assert_eq!(e.metadata.name.as_deref(), Some("one"));
}

#[test]
fn coder_block_wins_over_an_earlier_component() {
    let text = "kind: Component\nmetadata: { name: first }\n---\nkind: Template\nmetadata: { name: second }\nspec:\n  coder: { templateName: t }\n";
    let e = Entity::from_yaml_str(text).unwrap();
    assert_eq!(e.metadata.name.as_deref(), Some("second"));
}

#[test]
fn null_coder_block_does_not_count_for_selection() {
    let text = "kind: API\nmetadata: { name: api }\nspec:\n  coder:\n---\nkind: Component\nmetadata: { name: comp }\n";
    let e = Entity::from_yaml_str(text).unwrap();
    assert_eq!(e.metadata.name.as_deref(), Some("comp"));
}

#[test]
fn upstream_readme_catalog_info() {
    let e = entity_from_catalog_info(README).unwrap();
    assert_eq!(e, Entity::from_yaml_str(README).unwrap());
    let c = compile(&readme_app(), Some(&e));
    assert!(c.reading_entity_data);
    assert_eq!(c.mode, CreationMode::Auto);
    assert_eq!(c.template_name.as_deref(), Some("devcontainers"));
    let params: Vec<_> = c.params.iter().collect();
    assert_eq!(params, [("repo", "custom"), ("region", "us-pittsburgh")]);
    assert_eq!(c.repo_url, None, "this entity has no source location");
}

#[test]
fn extra_unknown_fields_are_ignored() {
    let e = Entity::from_yaml_str(EXTRA).unwrap();
    assert_eq!(e.metadata.name.as_deref(), Some("legacy-monolith"));
    assert_eq!(
        e.repo_url().as_deref(),
        Some("https://github.com/acme/monolith")
    );
    let c = e.coder().unwrap();
    assert_eq!(c.template_name.as_deref(), Some("monolith-vm"));
    assert_eq!(c.mode, None);
    assert_eq!(c.params.get("java_version"), Some("8"));
}

#[test]
fn catalog_info_errors_have_path_and_location() {
    let err = Entity::from_yaml_str(BAD_MODE).unwrap_err();
    assert_eq!(err.path(), "spec.coder.mode");
    assert_eq!(loc(&err), (9, 11));
    assert_eq!(
        err.to_string(),
        "spec.coder.mode: unknown mode \"fast\"; use \"manual\" or \"auto\" (line 9, column 11)"
    );

    let err = Entity::from_yaml_str(BAD_PARAM).unwrap_err();
    assert_eq!(err.path(), "spec.coder.params.cpu");
    assert_eq!(loc(&err), (9, 12));
}

#[test]
fn errors_in_later_documents_point_at_their_lines() {
    let text = "kind: API\nmetadata: { name: a }\n---\nkind: Component\nspec:\n  coder:\n    params: [x]\n";
    let err = Entity::from_yaml_str(text).unwrap_err();
    assert_eq!(err.path(), "spec.coder.params");
    assert_eq!(loc(&err).0, 7);
}

#[test]
fn very_deep_flow_nesting_is_refused_before_parsing() {
    // serde_yaml's scanner is quadratic in this depth: 100,000 levels took
    // it ~50 s before its own limit applied.
    let deep =
        String::from("kind: Component\nspec: ") + &"[".repeat(100_000) + &"]".repeat(100_000);
    let start = std::time::Instant::now();
    let err = Entity::from_yaml_str(&deep).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooComplex);
    assert!(err.message().contains("more than 128 levels deep"), "{err}");
    let app = String::from("deployment: { accessUrl: https://c.example.com }\nx: ")
        + &"{a: ".repeat(50_000)
        + &"}".repeat(50_000);
    assert_eq!(
        CoderAppConfig::from_yaml_str(&app).unwrap_err().kind(),
        ErrorKind::TooComplex
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(2));

    // Balanced brackets in values, however many, are fine.
    let mut many = String::from("deployment: { accessUrl: https://c.example.com }\ntags:\n");
    for _ in 0..1000 {
        many.push_str("  - [a, {b: [c]}]\n");
    }
    assert!(CoderAppConfig::from_yaml_str(&many).is_ok());
}

#[test]
fn a_parameter_given_twice_is_an_error_naming_it() {
    let app = "\
deployment: { accessUrl: https://c.example.com }
workspaces:
  params:
    region: eu
    region: us
";
    let err = CoderAppConfig::from_yaml_str(app).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.path(), "workspaces.params");
    assert!(err.message().contains("`region` is given twice"), "{err}");

    let entity = "\
kind: Component
spec:
  coder:
    params: { cpu: '2', cpu: '4' }
";
    let err = Entity::from_yaml_str(entity).unwrap_err();
    assert_eq!(err.path(), "spec.coder.params");
    assert!(err.message().contains("`cpu` is given twice"), "{err}");
}

#[test]
fn an_app_config_with_several_documents_is_refused() {
    let text = "\
deployment: { accessUrl: https://a.example.com }
---
deployment: { accessUrl: https://b.example.com }
";
    let err = CoderAppConfig::from_yaml_str(text).unwrap_err();
    assert!(err.message().contains("holds 2 YAML documents"), "{err}");
    // Empty documents around the one mapping are fine.
    let text = "---\ndeployment: { accessUrl: https://a.example.com }\n---\n";
    assert!(CoderAppConfig::from_yaml_str(text).is_ok());
}
