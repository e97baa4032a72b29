//! Coder's workspace search syntax, the subset the card uses:
//! `owner:me`, `owner:<name>`, `name:<substr>`, `template:<name>`,
//! `status:<status>`, `param:"<key>=<value>"` (or `param:<key>`), and bare
//! words (substring of the name). Terms are separated by spaces and ANDed;
//! double quotes group text containing spaces or colons.

use std::fmt;

use serde_json::Value;

use crate::params::Param;

/// The build statuses Coder derives from a build's job and transition.
pub const STATUSES: &[&str] = &[
    "pending",
    "starting",
    "running",
    "stopping",
    "stopped",
    "failed",
    "canceling",
    "canceled",
    "deleting",
    "deleted",
];

/// One parsed search term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// `owner:<name>`; `me` is resolved by [`Term::matches`].
    Owner(String),
    /// `name:<substr>`, case-insensitive.
    Name(String),
    /// `template:<name>`, case-insensitive exact match.
    Template(String),
    /// `status:<status>`, the latest build's status.
    Status(String),
    /// `param:"k=v"` (exact) or `param:k` (has the parameter).
    Param {
        /// Parameter name.
        name: String,
        /// Required value, if any.
        value: Option<String>,
    },
    /// A bare word: case-insensitive substring of the name.
    Text(String),
}

/// Why a query could not be parsed (shown as the validation detail).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

/// A raw term: the key (before the first unquoted colon) and the value,
/// quotes removed.
struct RawTerm {
    key: Option<String>,
    value: String,
}

fn tokenize(q: &str) -> Result<Vec<RawTerm>, QueryError> {
    let mut terms = Vec::new();
    let mut chars = q.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(terms);
        }
        let mut key: Option<String> = None;
        let mut current = String::new();
        let mut in_quotes = false;
        while let Some(c) = chars.peek().copied() {
            if !in_quotes && c.is_whitespace() {
                break;
            }
            chars.next();
            match c {
                '"' => in_quotes = !in_quotes,
                ':' if !in_quotes && key.is_none() => key = Some(std::mem::take(&mut current)),
                _ => current.push(c),
            }
        }
        if in_quotes {
            return Err(QueryError(
                "unterminated quote: a '\"' has no closing '\"'".into(),
            ));
        }
        terms.push(RawTerm {
            key,
            value: current,
        });
    }
}

/// Parses a search query. An empty or blank query is no terms (everything).
pub fn parse(q: &str) -> Result<Vec<Term>, QueryError> {
    tokenize(q)?
        .into_iter()
        .map(|RawTerm { key, value }| {
            let Some(key) = key else {
                return Ok(Term::Text(value));
            };
            let key = key.to_lowercase();
            if key.is_empty() {
                return Err(QueryError(format!(
                    "missing key before ':' in \"{}\"",
                    truncate(&format!(":{value}"))
                )));
            }
            if value.is_empty() {
                return Err(QueryError(format!(
                    "query element \"{}:\" has an empty value",
                    truncate(&key)
                )));
            }
            match key.as_str() {
                "owner" => Ok(Term::Owner(value)),
                "name" => Ok(Term::Name(value)),
                "template" => Ok(Term::Template(value)),
                "status" => {
                    let status = value.to_lowercase();
                    if STATUSES.contains(&status.as_str()) {
                        Ok(Term::Status(status))
                    } else {
                        Err(QueryError(format!(
                            "invalid status \"{}\"; valid statuses: {}",
                            truncate(&value),
                            STATUSES.join(", ")
                        )))
                    }
                }
                "param" => match value.split_once('=') {
                    Some(("", _)) => Err(QueryError(format!(
                        "param \"{}\" needs a parameter name before '='",
                        truncate(&value)
                    ))),
                    Some((name, v)) => Ok(Term::Param {
                        name: name.to_string(),
                        value: Some(v.to_string()),
                    }),
                    None => Ok(Term::Param {
                        name: value,
                        value: None,
                    }),
                },
                _ => Err(QueryError(format!(
                    "\"{}\" is not a valid query param; use owner, name, template, status or param",
                    truncate(&key)
                ))),
            }
        })
        .collect()
}

/// Keeps error messages short when the query is huge garbage.
fn truncate(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

impl Term {
    /// Whether a workspace (API shape, current state) with these build
    /// parameters matches; `me` is the signed-in username.
    pub fn matches(&self, workspace: &Value, params: &[Param], me: &str) -> bool {
        let contains =
            |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
        match self {
            Term::Owner(owner) => {
                let owner = if owner.eq_ignore_ascii_case("me") {
                    me
                } else {
                    owner
                };
                str_at(workspace, "/owner_name").eq_ignore_ascii_case(owner)
            }
            Term::Name(n) | Term::Text(n) => contains(str_at(workspace, "/name"), n),
            Term::Template(t) => str_at(workspace, "/template_name").eq_ignore_ascii_case(t),
            Term::Status(s) => str_at(workspace, "/latest_build/status") == s,
            Term::Param { name, value } => params
                .iter()
                .any(|p| p.name == *name && value.as_ref().is_none_or(|v| p.value == *v)),
        }
    }
}

/// Whether a workspace matches every term.
pub fn matches_all(terms: &[Term], workspace: &Value, params: &[Param], me: &str) -> bool {
    terms.iter().all(|t| t.matches(workspace, params, me))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_operator() {
        assert_eq!(
            parse(r#"owner:me name:bp template:nodejs status:Running param:"repo_url=https://x y" hello"#)
                .unwrap(),
            vec![
                Term::Owner("me".into()),
                Term::Name("bp".into()),
                Term::Template("nodejs".into()),
                Term::Status("running".into()),
                Term::Param {
                    name: "repo_url".into(),
                    value: Some("https://x y".into())
                },
                Term::Text("hello".into()),
            ]
        );
        assert_eq!(parse("   ").unwrap(), vec![]);
        assert_eq!(
            parse("param:region").unwrap(),
            vec![Term::Param {
                name: "region".into(),
                value: None
            }]
        );
    }

    #[test]
    fn rejects_bad_queries() {
        for q in [
            "foo:bar",
            "owner:",
            "param:\"a=b",
            ":x",
            "status:sleeping",
            "param:=v",
        ] {
            assert!(parse(q).is_err(), "{q} should fail");
        }
    }
}
