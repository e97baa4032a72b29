//! Helpers shared by the wasm-bindgen test files (each file is its own page).

#![allow(dead_code)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement};

/// The test page's document.
pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the body holding `markup` (test-authored, static).
pub fn container(markup: &str) -> Element {
    let div = document().create_element("div").unwrap();
    div.set_inner_html(markup);
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// The first element matching `selector` under `root`.
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// The element's open shadow root, as an element-like parent to query.
pub fn shadow(el: &Element) -> web_sys::ShadowRoot {
    el.dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .shadow_root()
        .expect("an open shadow root")
}

/// Text of the element's shadow tree.
pub fn shadow_text(el: &Element) -> String {
    let root = shadow(el);
    let mut text = String::new();
    let children = root.children();
    for i in 0..children.length() {
        let child = children.item(i).unwrap();
        if child.tag_name() != "STYLE" {
            text.push_str(&child.text_content().unwrap_or_default());
        }
    }
    text
}

/// Waits `ms` milliseconds (Yew renders asynchronously).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until Yew has flushed its scheduled renders.
pub async fn settle() {
    sleep(0).await;
    sleep(0).await;
}

/// Sets a JS property on an element (as a host framework would).
pub fn set_prop(el: &Element, name: &str, value: &JsValue) {
    js_sys::Reflect::set(el, &JsValue::from_str(name), value).unwrap();
}

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
