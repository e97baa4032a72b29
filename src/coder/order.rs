//! The order Coder lists workspaces in, for lists the card merges from
//! several requests (a repo card asks once per parameter key): sorted by
//! the same rule, they come out in the order one request would have given,
//! and a workspace sits in the same place in every card.

use std::cmp::Ordering;

use super::{BuildStatus, Workspace};

/// Coder's order (its workspace list query): the requester's favorites
/// first, then workspaces that are running, then by owner and by name,
/// ignoring case. Coder's names and usernames are ASCII, so ASCII case
/// folding is exact (and needs no Unicode tables in the wasm).
pub fn coder_order(a: &Workspace, b: &Workspace) -> Ordering {
    let running = |w: &Workspace| w.latest_build.status == BuildStatus::Running;
    b.favorite
        .cmp(&a.favorite)
        .then_with(|| running(b).cmp(&running(a)))
        .then_with(|| ascii_caseless(&a.owner_name, &b.owner_name))
        .then_with(|| ascii_caseless(&a.name, &b.name))
}

fn ascii_caseless(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(name: &str, owner: &str, status: &str, favorite: bool) -> Workspace {
        Workspace::from_json(&format!(
            r#"{{"id":"{name}","name":"{name}","owner_name":"{owner}","favorite":{favorite},
                "latest_build":{{"status":"{status}"}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn favorites_then_running_then_owner_then_name_ignoring_case() {
        let mut list = [
            ws("b", "ann", "running", false),
            ws("A", "ann", "running", false),
            ws("z", "Bob", "running", false),
            ws("a", "ann", "stopped", false),
            ws("m", "cat", "failed", true),
            ws("c", "Ann", "starting", false),
        ];
        list.sort_by(coder_order);
        let names: Vec<&str> = list.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["m", "A", "b", "z", "a", "c"]);
    }

    #[test]
    fn an_odd_favorite_field_is_not_a_favorite() {
        let w = Workspace::from_json(r#"{"favorite":"yes"}"#).unwrap();
        assert!(!w.favorite);
        let w = Workspace::from_json(r#"{"favorite":true}"#).unwrap();
        assert!(w.favorite);
    }
}
