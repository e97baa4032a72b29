//! Finding things in the test page, and waiting for Yew to render.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement};

/// The test page's document.
pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the body holding `markup` (test-authored, static).
/// Prefer [`Page`](super::Page), which also removes it and checks for
/// uncaught errors.
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

/// Text of a node with runs of whitespace collapsed to one space: what a
/// button or label reads as.
pub fn text_of(node: &web_sys::Node) -> String {
    node.text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

/// Polls `cond` every 20 ms for up to `ms`; whether it came true in time.
pub async fn eventually(ms: i32, mut cond: impl FnMut() -> bool) -> bool {
    let mut waited = 0;
    while !cond() {
        if waited >= ms {
            return false;
        }
        sleep(20).await;
        waited += 20;
    }
    true
}

/// Polls `cond` every 20 ms for up to `ms`; panics after that, naming
/// `what` and showing `context()` (say, the element's text).
pub async fn wait_for(
    what: &str,
    ms: i32,
    cond: impl FnMut() -> bool,
    context: impl Fn() -> String,
) {
    if !eventually(ms, cond).await {
        panic!(
            "timed out after {ms} ms waiting for {what}; page: {}",
            context()
        );
    }
}
