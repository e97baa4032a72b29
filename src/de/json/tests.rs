//! The JSON reader against serde_json, and its refusals.

use super::*;
use crate::coder::WorkspacesResponse;
use crate::de::MAX_DEPTH;
use serde_json::Value as Theirs;

/// Our value as serde_json's, numbers as f64 (ours are all f64).
fn as_theirs(v: &Value) -> Theirs {
    match v {
        Value::Null => Theirs::Null,
        Value::Bool(b) => Theirs::Bool(*b),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Theirs::Null, Theirs::Number),
        Value::Text(t) => Theirs::String(t.clone()),
        Value::List(items) => Theirs::Array(items.iter().map(as_theirs).collect()),
        Value::Map(entries) => Theirs::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), as_theirs(v)))
                .collect(),
        ),
    }
}

/// serde_json's value, numbers as f64.
fn numbers_as_f64(v: Theirs) -> Theirs {
    match v {
        Theirs::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Theirs::Null, Theirs::Number),
        Theirs::Array(items) => Theirs::Array(items.into_iter().map(numbers_as_f64).collect()),
        Theirs::Object(map) => Theirs::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_f64(v)))
                .collect(),
        ),
        other => other,
    }
}

fn agrees_with_serde_json(text: &str) {
    let ours = from_str(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    let theirs: Theirs = serde_json::from_str(text).unwrap();
    assert_eq!(as_theirs(&ours), numbers_as_f64(theirs), "{text}");
    assert_eq!(validate(text), Ok(()), "{text}");
    assert!(from_str_keeping(text, |_| false).is_ok(), "{text}");
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "42",
        "-17",
        "7.0",
        "123456789012345",
        "12345678901234567890",
        "3.25",
        "-1.5e3",
        "2E-2",
        r#""""#,
        r#""plain text""#,
        r#""esc \" \\ \/ \b \f \n \r \t""#,
        r#""\u00e9\u4e2d\ud83d\ude00""#,
        r#""naïve ☃ 😀""#,
        r#""mixed \n then plain, then \t again""#,
        "[]",
        " [ ] ",
        "{}",
        "[1, [2, [3]], {}]",
        r#"{"a": 1, "b": [true, null], "c": {"d": "e"}}"#,
        r#"{"k\u0065y": "escaped key"}"#,
        r#"{"workspaces":[{"id":"1","name":"x","latest_build":{"status":"running"}}],"count":1}"#,
    ] {
        agrees_with_serde_json(text);
    }
}

#[test]
fn out_of_range_numbers_are_infinite_as_in_js() {
    assert_eq!(from_str("1e400"), Ok(Value::Number(f64::INFINITY)));
    assert_eq!(from_str("-1e400"), Ok(Value::Number(f64::NEG_INFINITY)));
}

#[test]
fn a_lone_surrogate_becomes_the_replacement_character() {
    let text = |json| from_str(json).unwrap().into_string();
    assert_eq!(text(r#""\ud800x""#), "\u{fffd}x");
    assert_eq!(
        text(r#""\ud800\u0041""#),
        "\u{fffd}A",
        "a high surrogate followed by a non-low escape"
    );
    assert_eq!(text(r#""\udc00""#), "\u{fffd}");
}

#[test]
fn refuses_what_is_not_json_and_says_where() {
    for (text, offset) in [
        ("", 0),
        ("   ", 3),
        ("<!doctype html>", 0),
        ("nul", 0),
        ("tru", 0),
        (r#"{"a":1"#, 6),
        (r#"{"a" 1}"#, 5),
        (r#"{a:1}"#, 1),
        (r#"{"a":1,}"#, 7),
        ("{", 1),
        ("[", 1),
        ("[1,]", 3),
        ("[1 2]", 3),
        (r#""unterminated"#, 13),
        (r#""escaped \n then unterminated"#, 29),
        ("\"tab\there\"", 4),
        (r#""\x""#, 2),
        (r#""\u12"#, 5),
        ("01", 2),
        ("-", 1),
        ("1.", 2),
        ("1e", 2),
        ("+1", 0),
        ("NaN", 0),
        ("1 2", 2),
        (r#"{"workspaces":[{"id":"1"}],"count":1"#, 36),
    ] {
        let error = validate(text).expect_err(text);
        assert_eq!(error.offset, offset, "{text:?}: {}", error.what);
        // Reading into values and skipping agree on where it broke.
        assert_eq!(from_str(text), Err(error.clone()), "{text:?}");
        assert_eq!(from_str_keeping(text, |_| false), Err(error), "{text:?}");
        assert!(serde_json::from_str::<Theirs>(text).is_err(), "{text}");
    }
}

#[test]
fn refuses_deep_nesting_without_overflowing_the_stack() {
    let deep = "[".repeat(100_000);
    let nested = |d| JsonError {
        offset: MAX_DEPTH + 1,
        what: d,
    };
    assert_eq!(
        validate(&deep).unwrap_err().what,
        "nesting deeper than 128 levels"
    );
    assert_eq!(
        from_str(&deep),
        Err(nested("nesting deeper than 128 levels"))
    );
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(validate(&ok).is_ok());
    assert!(from_str(&ok).is_ok());
    // Deep junk inside a field nobody reads is still refused.
    let hidden = format!(r#"{{"workspaces":[],"junk":{deep}"#);
    assert!(matches!(
        WorkspacesResponse::from_json(&hidden),
        Err(JsonError {
            what: "nesting deeper than 128 levels",
            ..
        })
    ));
}

#[test]
fn broken_json_is_told_apart_from_other_formats() {
    let cut = r#"{"workspaces":[{"id":"w1","na"#;
    assert!(starts_like_json(cut));
    assert!(starts_like_json("  \n[1,"));
    assert!(!starts_like_json("<!doctype html><p>Sign in</p>"));
    assert!(!starts_like_json(""));
    let Err(error) = WorkspacesResponse::from_json(cut) else {
        panic!("a cut-off answer must be a syntax error");
    };
    assert_eq!(
        broken_message(&error),
        "the JSON answer is cut off or broken at byte 29 (the text ends inside a string)"
    );
}

#[test]
fn a_wrong_shape_is_told_apart_from_broken_text() {
    // The shape is wrong before the text breaks: the break still wins,
    // since a cut connection is what the user needs to hear about.
    assert!(matches!(
        WorkspacesResponse::from_json(r#"{"workspaces": 5, "count": [1,"#),
        Err(JsonError { offset: 30, .. })
    ));
    assert_eq!(
        WorkspacesResponse::from_json(r#"{"workspaces": 5, "count": 1}"#),
        Ok(None)
    );
}

#[test]
fn a_bare_array_is_not_a_workspaces_answer() {
    for text in [
        "[]",
        r#"[{"id":"w1","name":"one"}]"#,
        r#"[[{"id":"w1"}], 1]"#,
        r#"{"data":[{"id":"w1"}],"count":1}"#,
        r#"{"workspaces":{"w1":{"id":"w1"}},"count":1}"#,
    ] {
        assert_eq!(WorkspacesResponse::from_json(text), Ok(None), "{text}");
    }
}

#[test]
fn reads_workspaces_skipping_what_no_field_reads() {
    let text = r#"{"workspaces":[{"id":"w1","name":"one","owner_name":"o",
        "unknown":{"deep":[1,{"x":"\u00e9"}],"n":-1.5e3},
        "latest_build":{"status":"running","resources":[{"agents":[{"status":"connected"}]}]}},
        7, null, {"id":"w\"2","name":"two","latest_build":null}],"count":3.0}"#;
    let ours = WorkspacesResponse::from_json(text).unwrap().unwrap();
    assert_eq!(ours.workspaces.len(), 2, "non-objects dropped");
    assert_eq!(ours.workspaces[0].name, "one");
    assert_eq!(ours.workspaces[0].owner_name, "o");
    assert_eq!(
        ours.workspaces[0].agent_statuses().collect::<Vec<_>>(),
        [&crate::coder::AgentStatus::Connected]
    );
    assert_eq!(ours.workspaces[1].id, "w\"2");
    assert_eq!(ours.workspaces[1].latest_build, Default::default());
    assert_eq!(ours.count, 3);
}
