//! The card's parts as elements (`<coder-workspaces-card-root>` and its
//! `<coder-workspaces-card-*>` parts) in a real browser, against the fake
//! Backstage host: parts composed in another order than the built-in
//! card's, a part without a root, parts moved between roots, the filter
//! from the search box part reaching the list part, Refresh and Unlink from
//! the actions part, the root's `cardState`, its methods and events, the
//! adopter's own rows and empty state.

#![cfg(target_arch = "wasm32")]

#[path = "../common/mod.rs"]
mod common;

mod composed;
mod moved;
mod rows;

use common::fake_host;
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// A provider (the fake host's APIs, signed in through the OAuth session
/// when `signed_in`) holding `children`, in a fresh page.
fn mount(children: &str, signed_in: bool) -> (Page, Element) {
    define_elements();
    fake_host::reset();
    if signed_in {
        fake_host::mock_set("session", &JsValue::TRUE);
    }
    let page = Page::new("");
    let provider = document().create_element("coder-provider").unwrap();
    set_prop(
        &provider,
        "appConfig",
        &json(r#"{"deployment":{"accessUrl":"https://coder.example.com"}}"#),
    );
    fake_host::hand_apis(&provider);
    provider.set_inner_html(children);
    page.root().append_child(&provider).unwrap();
    (page, provider)
}

/// Every part but the list item and icon, in another order than the
/// built-in card's: the list first, the header last, the actions inside
/// the header row's `actions` slot in reverse order.
const SCRAMBLED: &str = "<coder-workspaces-card-root>\
    <coder-workspaces-reminder-accordion></coder-workspaces-reminder-accordion>\
    <coder-workspaces-card-workspaces-list></coder-workspaces-card-workspaces-list>\
    <coder-workspaces-card-search-box></coder-workspaces-card-search-box>\
    <coder-workspaces-card-header-row slot=header>\
      <coder-workspaces-card-extra-actions-button slot=actions></coder-workspaces-card-extra-actions-button>\
      <coder-workspaces-card-create-workspaces-link slot=actions></coder-workspaces-card-create-workspaces-link>\
    </coder-workspaces-card-header-row>\
  </coder-workspaces-card-root>";

/// The first element matching `selector` under `root` (light DOM).
fn part(root: &Element, tag: &str) -> Element {
    find(root, tag)
}

/// The rows a list part shows itself.
fn rows(list: &Element) -> Vec<String> {
    let items = shadow(list).query_selector_all("li.ws-item").unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .map(|n| text_of(&n))
        .collect()
}

async fn wait_rows(list: &Element, count: usize) {
    wait_for(
        "the list's rows",
        3000,
        || rows(list).len() == count,
        || shadow_text(list),
    )
    .await;
}

/// The button or menu item whose text is `name` in `root`.
fn button(root: &ShadowRoot, name: &str) -> HtmlElement {
    let list = root.query_selector_all("button, [role=menuitem]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .find(|n| text_of(n) == name)
        .unwrap_or_else(|| panic!("no button {name:?} in: {}", text_of(root)))
        .unchecked_into()
}

/// The alert text a part shows, if any.
fn alert(el: &Element) -> Option<String> {
    shadow(el)
        .query_selector("[role=alert]")
        .unwrap()
        .map(|a| text_of(&a))
}

/// The root's `cardState` property.
fn card_state(root: &Element) -> JsValue {
    js_sys::Reflect::get(root, &"cardState".into()).unwrap()
}

fn field(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

/// Workspaces requests so far.
fn workspace_queries() -> Vec<String> {
    fake_host::calls()
        .into_iter()
        .filter(|c| c.is_workspaces())
        .map(|c| c.url)
        .collect()
}
