//! Test data: configs and entities as a Backstage app hands them over.

use wasm_bindgen::JsValue;

/// A JS value from JSON text (test fixtures).
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// A valid app config object.
pub fn app_config() -> JsValue {
    json(
        r#"{"deployment":{"accessUrl":"https://dev.coder.com"},
            "workspaces":{"defaultTemplateName":"devcontainers","defaultMode":"manual",
            "repoUrlParamKeys":["custom_repo","repo_url"],"params":{"region":"eu-helsinki"}}}"#,
    )
}

/// A Backstage entity with a `spec.coder` block and a source location.
pub fn entity() -> JsValue {
    json(
        r#"{"metadata":{"name":"python-project","annotations":{
              "backstage.io/source-location":"url:https://github.com/coder/python-project/tree/main/"}},
            "spec":{"coder":{"templateName":"python","mode":"auto","params":{"region":"us-pittsburgh"}}}}"#,
    )
}
