//! The answers of the Coder routes the workspace actions use, read off a
//! [`Value`] by the few fields each needs (one reader for all of them):
//! a new build's id, a template's active version, the parameters a
//! version requires, the primary region's wildcard app host, and the
//! permission check.

use crate::de::json::Value;

/// `POST /api/v2/workspaces/{id}/builds` → 201 `WorkspaceBuild`: its id.
pub fn new_build_id(answer: &Value) -> Option<String> {
    answer.get("id").nonempty().map(str::to_owned)
}

/// `GET /api/v2/templates/{id}`: the version new builds should use.
pub fn active_version_id(template: &Value) -> Option<String> {
    template
        .get("active_version_id")
        .nonempty()
        .map(str::to_owned)
}

/// The parameters `wanted` (`GET /templateversions/{v}/rich-parameters`)
/// requires that `have` (`GET /workspacebuilds/{b}/parameters`) has no
/// value for, by their display names (else names).
pub fn missing_parameters(wanted: &Value, have: &Value) -> Vec<String> {
    let has = |name: &str| {
        have.items()
            .iter()
            .any(|p| p.get("name").text() == Some(name))
    };
    wanted
        .items()
        .iter()
        .filter(|p| p.get("required").flag())
        .filter_map(|p| {
            let name = p.get("name").nonempty()?;
            (!has(name)).then(|| p.get("display_name").nonempty().unwrap_or(name).to_owned())
        })
        .collect()
}

/// `GET /api/v2/regions`: the primary region's wildcard app host
/// (`*.apps.example.com`), if it has one.
pub fn wildcard_hostname(regions: &Value) -> Option<String> {
    regions
        .get("regions")
        .at(0)
        .get("wildcard_hostname")
        .nonempty()
        .map(str::to_owned)
}

/// `POST /api/v2/authcheck` → `{ "<check>": true|false, … }`: whether
/// check `key` was allowed (anything but a JSON `true` is a refusal).
pub fn allowed(answer: &Value, key: &str) -> bool {
    answer.get(key).flag()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::json::from_str;

    fn v(text: &str) -> Value {
        from_str(text).unwrap()
    }

    #[test]
    fn a_build_answer_needs_its_id() {
        assert_eq!(
            new_build_id(&v(r#"{"id":"b1","status":"pending"}"#)).as_deref(),
            Some("b1")
        );
        for odd in [
            r#"{"unexpected":true}"#,
            r#"{"id":""}"#,
            r#"{"id":7}"#,
            "[]",
            "null",
        ] {
            assert_eq!(new_build_id(&v(odd)), None, "{odd}");
        }
    }

    #[test]
    fn a_template_names_its_active_version() {
        assert_eq!(
            active_version_id(&v(r#"{"active_version_id":"v2"}"#)).as_deref(),
            Some("v2")
        );
        assert_eq!(active_version_id(&v(r#"{"active_version_id":null}"#)), None);
    }

    #[test]
    fn required_parameters_without_a_value_are_missing() {
        let wanted = v(r#"[
            {"name":"region","display_name":"Region","required":true},
            {"name":"size","required":true},
            {"name":"dotfiles","required":false},
            {"name":"repo","required":true},
            "odd", {"required":true}
        ]"#);
        let have = v(r#"[{"name":"repo","value":"x"}]"#);
        assert_eq!(missing_parameters(&wanted, &have), ["Region", "size"]);
        assert!(missing_parameters(&v("[]"), &have).is_empty());
        assert!(missing_parameters(&v("{}"), &v("null")).is_empty());
    }

    #[test]
    fn the_primary_regions_wildcard_host() {
        let regions = v(
            r#"{"regions":[{"wildcard_hostname":"*.apps.example.com"},{"wildcard_hostname":"*.b"}]}"#,
        );
        assert_eq!(
            wildcard_hostname(&regions).as_deref(),
            Some("*.apps.example.com")
        );
        assert_eq!(
            wildcard_hostname(&v(r#"{"regions":[{"wildcard_hostname":""}]}"#)),
            None
        );
        assert_eq!(wildcard_hostname(&v(r#"{"regions":[]}"#)), None);
    }

    #[test]
    fn only_a_json_true_allows() {
        let answer = v(r#"{"a":true,"b":false,"c":"true","d":1}"#);
        assert!(allowed(&answer, "a"));
        for key in ["b", "c", "d", "e"] {
            assert!(!allowed(&answer, key), "{key}");
        }
    }
}
