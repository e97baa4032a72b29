//! The JSON bodies the card sends to Coder, written by hand (serde_json
//! stays out of the wasm): every value is escaped as a JSON string, so an
//! id from a hostile answer cannot add fields.

use crate::coder::Transition;

/// `value` as a JSON string literal, appended to `out`.
pub fn json_string_into(value: &str, out: &mut String) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from_digit((c as u32) >> 4, 16).unwrap_or('0'));
                out.push(char::from_digit((c as u32) & 15, 16).unwrap_or('0'));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `POST /api/v2/workspaces/{id}/builds`: `{"transition":…}`, with the
/// template version to build when one is given.
pub fn build_body(transition: Transition, version: Option<&str>) -> String {
    let mut body = String::from("{\"transition\":");
    json_string_into(transition.as_str(), &mut body);
    if let Some(version) = version {
        body.push_str(",\"template_version_id\":");
        json_string_into(version, &mut body);
    }
    body.push('}');
    body
}

/// `POST /api/v2/authcheck`: may the user `update` each workspace? One
/// check per `(workspace id, owner id)`, keyed by the workspace id.
pub fn authcheck_body<'a>(workspaces: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut body = String::from("{\"checks\":{");
    for (i, (id, owner)) in workspaces.into_iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        json_string_into(id, &mut body);
        body.push_str(":{\"object\":{\"resource_type\":\"workspace\",\"resource_id\":");
        json_string_into(id, &mut body);
        body.push_str(",\"owner_id\":");
        json_string_into(owner, &mut body);
        body.push_str("},\"action\":\"update\"}");
    }
    body.push_str("}}");
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parse(body: &str) -> Value {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn build_bodies_name_the_transition_and_version() {
        assert_eq!(
            parse(&build_body(Transition::Stop, None)),
            json!({"transition": "stop"})
        );
        assert_eq!(
            parse(&build_body(Transition::Start, Some("v-2"))),
            json!({"transition": "start", "template_version_id": "v-2"})
        );
    }

    #[test]
    fn hostile_ids_stay_inside_their_strings() {
        let id = "x\",\"transition\":\"delete\\\n\u{1}é";
        let body = parse(&build_body(Transition::Start, Some(id)));
        assert_eq!(body["transition"], "start");
        assert_eq!(body["template_version_id"], id);
        let check = parse(&authcheck_body([(id, "o\"")]));
        assert_eq!(check["checks"][id]["object"]["resource_id"], id);
        assert_eq!(check["checks"][id]["object"]["owner_id"], "o\"");
    }

    #[test]
    fn authcheck_asks_update_for_each_workspace() {
        let body = parse(&authcheck_body([("w1", "u1"), ("w2", "u2")]));
        assert_eq!(
            body,
            json!({"checks": {
                "w1": {"object": {"resource_type": "workspace", "resource_id": "w1", "owner_id": "u1"}, "action": "update"},
                "w2": {"object": {"resource_type": "workspace", "resource_id": "w2", "owner_id": "u2"}, "action": "update"}
            }})
        );
        assert_eq!(parse(&authcheck_body([])), json!({"checks": {}}));
    }
}
