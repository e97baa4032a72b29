//! `<coder-provider>` authentication end to end in a real browser, against a
//! fake Backstage host (fetch mock for the proxy + fake discovery, identity
//! and Coder OAuth APIs, see `common/fake_host.rs`): manual tokens, OAuth,
//! popup messages, the grace period, offline and proxy failures, the
//! fallback button, unlink, reload and sign-out from the settings row, and
//! how cards share and repeat their requests.

#![cfg(target_arch = "wasm32")]

#[path = "../common/mod.rs"]
mod common;

mod backend_popup;
mod backstage_token;
mod coder_api;
mod coder_query;
mod connectivity;
mod fallback;
mod freshness;
mod grace_period;
mod icons;
mod manual_token;
mod oauth;
mod page_session;
mod per_form;
mod polling;
mod requests;
mod settings_profile;
mod shared_requests;
mod sign_out;

use std::cell::RefCell;
use std::rc::Rc;

use coder_backstage_wasm::auth::storage_key;
use common::fake_host::{self, BACKSTAGE_TOKEN, GOOD_TOKEN};
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const ACCESS_URL: &str = "https://coder.example.com";

/// A provider with the fake host's APIs, mounted in a fresh [`Page`].
struct ProviderPage {
    page: Page,
    provider: Element,
}

impl ProviderPage {
    /// `<coder-provider {attrs}>{children}</coder-provider>`: attributes and
    /// properties are set before it connects, as a host framework would.
    fn mount(attrs: &[(&str, &str)], children: &str) -> Self {
        let page = Page::new("");
        let provider = mount_provider(page.root(), attrs, children);
        Self { page, provider }
    }

    /// A provider with one card, once the card shows its sign-in form.
    async fn card_at_sign_in() -> (Self, Element) {
        let page = Self::mount(&[], CARD);
        let card = page.card();
        wait_card_form(&card).await;
        (page, card)
    }

    /// A provider with one card, signed in there with the good token.
    async fn signed_in_card() -> (Self, Element) {
        let page = Self::mount(&[], CARD);
        let card = page.card();
        sign_in_from_card(&card).await;
        (page, card)
    }

    fn card(&self) -> Element {
        find(&self.provider, "coder-workspaces-card")
    }

    fn settings(&self) -> Element {
        find(&self.provider, "coder-provider-settings")
    }

    /// Fails the test if the page had an uncaught error or an unhandled
    /// rejection since this provider was mounted.
    fn assert_no_errors(&self) {
        self.page.assert_no_errors();
    }

    /// Takes the provider out of the document; errors are still checked
    /// when the page is dropped.
    fn detach(&self) {
        self.page.remove();
    }

    /// Checks the page for errors, then removes the provider and lets its
    /// teardown run (the order the original tests used).
    async fn close(self) {
        self.page.assert_no_errors();
        self.page.remove();
        settle().await;
    }
}

fn mount_provider(root: &Element, attrs: &[(&str, &str)], children: &str) -> Element {
    mount_provider_at(root, ACCESS_URL, attrs, children)
}

/// [`mount_provider`] for the deployment at `access_url`.
fn mount_provider_at(
    root: &Element,
    access_url: &str,
    attrs: &[(&str, &str)],
    children: &str,
) -> Element {
    let provider = document().create_element("coder-provider").unwrap();
    for (name, value) in attrs {
        provider.set_attribute(name, value).unwrap();
    }
    let config = js_sys::Object::new();
    let deployment = js_sys::Object::new();
    js_sys::Reflect::set(&deployment, &"accessUrl".into(), &access_url.into()).unwrap();
    js_sys::Reflect::set(&config, &"deployment".into(), &deployment).unwrap();
    let workspaces = json(r#"{"repoUrlParamKeys":["repo_url"]}"#);
    js_sys::Reflect::set(&config, &"workspaces".into(), &workspaces).unwrap();
    set_prop(&provider, "appConfig", &config);
    fake_host::hand_apis(&provider);
    provider.set_inner_html(children);
    root.append_child(&provider).unwrap();
    provider
}

/// Every test starts here: elements defined, the fake host reset
/// (mock state, `navigator.onLine`, sessionStorage).
fn fresh() {
    define_elements();
    fake_host::reset();
}

const CARD: &str = "<coder-workspaces-card></coder-workspaces-card>";
const CARD_AND_SETTINGS: &str =
    "<coder-workspaces-card></coder-workspaces-card><coder-provider-settings></coder-provider-settings>";

/// Buttons and menu items in `root` whose (text) name is exactly `name`.
fn buttons(root: &ShadowRoot, name: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all("button, [role=menuitem]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter(|n| text_of(n) == name)
        .map(|n| n.unchecked_into::<HtmlElement>())
        .collect()
}

fn button(root: &ShadowRoot, name: &str) -> Option<HtmlElement> {
    buttons(root, name).into_iter().next()
}

fn click(root: &ShadowRoot, name: &str) {
    button(root, name)
        .unwrap_or_else(|| panic!("no button {name:?} in: {}", text_of(root)))
        .click();
}

/// The input labelled "Auth token" under `root`.
fn token_input(root: &ShadowRoot) -> Option<HtmlInputElement> {
    let labels = root.query_selector_all("label").unwrap();
    (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|l| text_of(l) == "Auth token")
        .and_then(|l| l.get_attribute("for"))
        .and_then(|id| root.get_element_by_id(&id))
        .map(|el| el.unchecked_into::<HtmlInputElement>())
}

/// Whether the sign-in form shows in `root`.
fn shows_form(root: &ShadowRoot) -> bool {
    token_input(root).is_some() && button(root, "Use token").is_some()
}

/// Whether a card lists workspaces.
fn shows_list(card: &Element) -> bool {
    shadow(card)
        .query_selector("ol.ws-list li.ws-item")
        .unwrap()
        .is_some()
}

/// Types `token` into the form under `root` and submits it.
fn submit_token(root: &ShadowRoot, token: &str) {
    let input = token_input(root).unwrap_or_else(|| panic!("no token input: {}", text_of(root)));
    input.set_value(token);
    click(root, "Use token");
}

async fn wait_card_form(card: &Element) {
    wait_for(
        "the card's sign-in form",
        2000,
        || shows_form(&shadow(card)),
        || shadow_text(card),
    )
    .await;
}

async fn wait_card_list(card: &Element) {
    wait_for(
        "the card's workspace list",
        2000,
        || shows_list(card),
        || shadow_text(card),
    )
    .await;
}

async fn wait_card_text(card: &Element, needle: &str, ms: i32) {
    wait_for(
        needle,
        ms,
        || shadow_text(card).contains(needle),
        || shadow_text(card),
    )
    .await;
}

/// Signs in through the card's form with the good token.
async fn sign_in_from_card(card: &Element) {
    wait_card_form(card).await;
    submit_token(&shadow(card), GOOD_TOKEN);
    wait_card_list(card).await;
}

/// Opens the card's "See additional workspace actions" menu and picks `item`.
async fn card_menu(card: &Element, item: &str) {
    let root = shadow(card);
    click(&root, "See additional workspace actions");
    settle().await;
    click(&root, item);
    settle().await;
}

fn stored_token() -> Option<String> {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item(&storage_key(ACCESS_URL))
        .unwrap()
}

/// The number of workspaces requests so far.
fn workspace_calls() -> usize {
    fake_host::calls()
        .iter()
        .filter(|c| c.is_workspaces())
        .count()
}

/// Workspaces that keep the poll at its fast (5 s) interval: one starting
/// build.
fn starting_workspace() -> JsValue {
    json(
        r#"[{"id":"ws-9","name":"booting","owner_name":"demo",
            "latest_build":{"status":"starting","resources":[{"agents":[{"status":"connecting"}]}]}}]"#,
    )
}
