//! What only a JS value can hold (a function, a symbol, an object whose
//! properties throw), read by the tree reader: refused with a message in
//! the blocks that are ours, absent where Backstage's data is read
//! tolerantly. JSON cannot express these, so the serde reader has no say.

use super::*;
use crate::de::{Node, Tree};

/// A JSON-like tree with one more kind of leaf.
#[derive(Clone)]
enum Js {
    Null,
    Text(&'static str),
    Function,
    Map(Vec<(&'static str, Js)>),
    List(Vec<Js>),
}

impl Tree for Js {
    fn node(&self) -> Node<Self> {
        match self {
            Js::Null => Node::Null,
            Js::Text(t) => Node::Text((*t).to_owned()),
            Js::Function => Node::Unsupported("a function"),
            Js::Map(entries) => Node::Map(
                entries
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect(),
            ),
            Js::List(items) => Node::List(items.clone()),
        }
    }
}

fn app(deployment: Js, workspaces: Js) -> Result<CoderAppConfig, ConfigError> {
    CoderAppConfig::from_tree(Js::Map(vec![
        ("deployment", deployment),
        ("workspaces", workspaces),
    ]))
}

fn access(url: Js) -> Js {
    Js::Map(vec![("accessUrl", url)])
}

#[test]
fn a_function_in_the_app_config_is_refused_where_it_is() {
    let url = || access(Js::Text("https://c.example.com"));
    let cases = [
        (
            app(access(Js::Function), Js::Null),
            "deployment.accessUrl",
            "expected a string, found a function",
        ),
        (
            app(Js::Function, Js::Null),
            "deployment",
            "expected a mapping with accessUrl, e.g. { accessUrl: https://coder.example.com }, found a function",
        ),
        (
            app(url(), Js::Function),
            "workspaces",
            "expected a mapping with defaultTemplateName, defaultMode, repoUrlParamKeys and params, found a function",
        ),
        (
            app(url(), Js::Map(vec![("defaultMode", Js::Function)])),
            "workspaces.defaultMode",
            "expected a string, found a function",
        ),
        (
            app(url(), Js::Map(vec![("params", Js::Function)])),
            "workspaces.params",
            "expected a mapping of parameter names to string values, e.g. { region: eu-helsinki }",
        ),
        (
            app(url(), Js::Map(vec![("params", Js::Map(vec![("region", Js::Function)]))])),
            "workspaces.params.region",
            "expected a string, found a function",
        ),
        (
            app(url(), Js::Map(vec![("repoUrlParamKeys", Js::Function)])),
            "workspaces.repoUrlParamKeys",
            "expected a list of parameter names, e.g. [repo_url], found a function",
        ),
        (
            app(
                url(),
                Js::Map(vec![("repoUrlParamKeys", Js::List(vec![Js::Text("a"), Js::Function]))]),
            ),
            "workspaces.repoUrlParamKeys[1]",
            "expected a string, found a function",
        ),
    ];
    for (result, path, message) in cases {
        let err = result.expect_err(path);
        assert_eq!((err.path(), err.message()), (path, message));
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
    let err = CoderAppConfig::from_tree(Js::Function).unwrap_err();
    assert_eq!(err.path(), "");
    assert_eq!(
        err.message(),
        "expected a mapping with deployment and workspaces (the Coder app configuration), found a function"
    );
}

#[test]
fn a_function_in_an_entity_is_absent_outside_spec_coder_and_refused_inside() {
    let entity = |spec_coder: Js| {
        Entity::from_tree(Js::Map(vec![
            ("kind", Js::Function),
            (
                "metadata",
                Js::Map(vec![
                    ("name", Js::Function),
                    (
                        "annotations",
                        Js::Map(vec![
                            ("a", Js::Function),
                            (
                                "backstage.io/source-location",
                                Js::Text("url:https://g.example/r"),
                            ),
                        ]),
                    ),
                ]),
            ),
            ("spec", Js::Map(vec![("coder", spec_coder)])),
        ]))
    };
    let read = entity(Js::Null).unwrap();
    assert_eq!(read.kind, None);
    assert_eq!(read.metadata.name, None);
    assert_eq!(read.metadata.annotations.len(), 1);
    assert_eq!(read.coder(), None);

    let err = entity(Js::Function).unwrap_err();
    assert_eq!(err.path(), "spec.coder");
    assert!(
        err.message().ends_with(", found a function"),
        "{}",
        err.message()
    );
    let err = entity(Js::Map(vec![("templateName", Js::Function)])).unwrap_err();
    assert_eq!(
        (err.path(), err.message()),
        (
            "spec.coder.templateName",
            "expected a string, found a function"
        )
    );
    let err = Entity::from_tree(Js::List(vec![])).unwrap_err();
    assert_eq!(
        err.message(),
        "expected a Backstage entity (a mapping with kind, metadata and spec), found a list"
    );
}
