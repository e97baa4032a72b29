use super::*;
use serde_json::json;

#[test]
fn reads_the_fields_we_need_and_ignores_the_rest() {
    let e = entity(json!({
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {
            "name": "metadata",
            "uid": "x",
            "annotations": {
                "backstage.io/source-location": "url:https://www.github.com/zombocom/zombocom/tree/main/",
                "odd/number": 5,
                "odd/null": null
            }
        },
        "relations": [{ "type": "ownedBy" }],
        "spec": {
            "owner": "me",
            "coder": {
                "templateName": "cool-coder-template",
                "mode": "auto",
                "params": { "region": "brazil" },
                "unknown": 1
            }
        }
    }));
    assert_eq!(e.kind.as_deref(), Some("Component"));
    assert_eq!(e.metadata.name.as_deref(), Some("metadata"));
    assert_eq!(
        e.metadata.annotations.len(),
        1,
        "non-string annotations dropped"
    );
    assert_eq!(
        e.repo_url().as_deref(),
        Some("https://www.github.com/zombocom/zombocom")
    );
    let c = e.coder().unwrap();
    assert_eq!(c.template_name.as_deref(), Some("cool-coder-template"));
    assert_eq!(c.mode, Some(CreationMode::Auto));
    assert_eq!(c.params.get("region"), Some("brazil"));
}

#[test]
fn missing_or_null_coder_block_is_none() {
    assert_eq!(entity(json!({ "spec": {} })).coder(), None);
    assert_eq!(entity(json!({ "spec": { "coder": null } })).coder(), None);
    assert_eq!(entity(json!({})).coder(), None);
}

#[test]
fn empty_coder_block_is_present() {
    let e = entity(json!({ "spec": { "coder": {} } }));
    assert_eq!(e.coder(), Some(&EntityCoderConfig::default()));
}

#[test]
fn odd_backstage_fields_are_tolerated() {
    let e = entity(json!({
        "kind": 7,
        "metadata": "not a mapping",
        "spec": ["not", "a", "mapping"]
    }));
    assert_eq!(e, Entity::default());
    let e = entity(json!({ "metadata": { "name": null, "annotations": [1] }, "spec": null }));
    assert_eq!(e, Entity::default());
}

#[test]
fn coder_block_is_strict() {
    let cases = [
        (
            json!({ "mode": "oh no" }),
            "spec.coder.mode",
            "unknown mode \"oh no\"",
        ),
        (
            json!({ "templateName": 9999 }),
            "spec.coder.templateName",
            "expected a string",
        ),
        (
            json!({ "params": { "value2": 35 } }),
            "spec.coder.params.value2",
            "expected a string",
        ),
        (
            json!({ "params": { "v": null } }),
            "spec.coder.params.v",
            "found nothing (null)",
        ),
        (
            json!({ "params": "x" }),
            "spec.coder.params",
            "expected a mapping",
        ),
    ];
    for (coder, path, expected) in cases {
        let err = entity_value(json!({ "spec": { "coder": coder } })).unwrap_err();
        assert_eq!(err.path(), path);
        assert!(err.message().contains(expected), "{}", err.message());
    }
    for bad in [json!(42), json!("devcontainers"), json!([1])] {
        let err = entity_value(json!({ "spec": { "coder": bad } })).unwrap_err();
        assert_eq!(err.path(), "spec.coder");
        assert!(err
            .message()
            .contains("expected a mapping with templateName, mode and params"));
    }
}

#[test]
fn blank_template_name_counts_as_absent() {
    let e = entity(json!({ "spec": { "coder": { "templateName": "  " } } }));
    assert_eq!(e.coder().unwrap().template_name, None);
}

#[test]
fn entity_must_be_a_mapping() {
    let err = entity_value(json!("Component")).unwrap_err();
    assert_eq!(err.path(), "");
    assert!(
        err.message().contains("a Backstage entity"),
        "{}",
        err.message()
    );
}
