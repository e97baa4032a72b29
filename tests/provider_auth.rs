//! `<coder-provider>` authentication end to end in a real browser, against a
//! fake Backstage host (fetch mock for the proxy + fake discovery, identity
//! and Coder OAuth APIs, see `common/fake_host.rs`): manual tokens, OAuth,
//! popup messages, the grace period, offline and proxy failures, the
//! fallback button, unlink, reload and sign-out from the settings row.

#![cfg(target_arch = "wasm32")]

mod common;
#[path = "common/fake_host.rs"]
mod fake_host;

use std::cell::RefCell;
use std::rc::Rc;

use coder_backstage_wasm::auth::storage_key;
use coder_backstage_wasm::define_elements;
use common::*;
use fake_host::{BACKSTAGE_TOKEN, GOOD_TOKEN};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const ACCESS_URL: &str = "https://coder.example.com";

/// A provider with the fake host's APIs, mounted in a fresh container.
struct Page {
    root: Element,
    provider: Element,
}

impl Page {
    /// `<coder-provider {attrs}>{children}</coder-provider>`: attributes and
    /// properties are set before it connects, as a host framework would.
    fn mount(attrs: &[(&str, &str)], children: &str) -> Self {
        let root = container("");
        root.set_attribute(LEFTOVER_MARK, "").unwrap();
        let provider = mount_provider(&root, attrs, children);
        Self { root, provider }
    }

    fn card(&self) -> Element {
        find(&self.provider, "coder-workspaces-card")
    }

    fn settings(&self) -> Element {
        find(&self.provider, "coder-provider-settings")
    }

    fn remove(self) {
        self.root.remove();
    }
}

fn mount_provider(root: &Element, attrs: &[(&str, &str)], children: &str) -> Element {
    let provider = document().create_element("coder-provider").unwrap();
    for (name, value) in attrs {
        provider.set_attribute(name, value).unwrap();
    }
    set_prop(
        &provider,
        "appConfig",
        &json(
            r#"{"deployment":{"accessUrl":"https://coder.example.com"},
                "workspaces":{"repoUrlParamKeys":["repo_url"]}}"#,
        ),
    );
    let apis = fake_host::make_apis();
    for name in ["coderAuthApi", "discoveryApi", "identityApi"] {
        let api = js_sys::Reflect::get(&apis, &name.into()).unwrap();
        set_prop(&provider, name, &api);
    }
    provider.set_inner_html(children);
    root.append_child(&provider).unwrap();
    provider
}

/// Every test starts here: elements defined, the fake host reset
/// (mock state, `navigator.onLine`, sessionStorage).
/// Also removes what a failed (panicked) earlier test left mounted, so its
/// timers and listeners can't touch this test.
fn fresh() {
    define_elements();
    let leftovers = document()
        .query_selector_all(&format!("[{LEFTOVER_MARK}]"))
        .unwrap();
    for i in 0..leftovers.length() {
        leftovers
            .item(i)
            .unwrap()
            .unchecked_into::<Element>()
            .remove();
    }
    fake_host::reset();
}

/// Marks the containers this file mounts.
const LEFTOVER_MARK: &str = "data-provider-auth-test";

const CARD: &str = "<coder-workspaces-card></coder-workspaces-card>";
const CARD_AND_SETTINGS: &str =
    "<coder-workspaces-card></coder-workspaces-card><coder-provider-settings></coder-provider-settings>";

/// Collapsed text of a node.
fn text_of(node: &web_sys::Node) -> String {
    node.text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

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

/// Polls `cond` every 20 ms for up to `ms`; panics with `context()` after.
async fn wait_for(
    what: &str,
    ms: i32,
    mut cond: impl FnMut() -> bool,
    context: impl Fn() -> String,
) {
    let mut waited = 0;
    while !cond() {
        if waited >= ms {
            panic!(
                "timed out after {ms} ms waiting for {what}; page: {}",
                context()
            );
        }
        sleep(20).await;
        waited += 20;
    }
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

fn assert_no_page_errors() {
    let errors = fake_host::errors();
    assert!(errors.is_empty(), "uncaught errors on the page: {errors:?}");
}

fn the_fallback_button(provider: &Element) -> Option<HtmlElement> {
    button(&shadow(provider), "Authenticate with Coder")
}

// ---------------------------------------------------------------- manual

#[wasm_bindgen_test]
async fn valid_manual_token_signs_in_and_every_request_carries_both_tokens() {
    fresh();
    let page = Page::mount(&[], CARD_AND_SETTINGS);
    let card = page.card();
    sign_in_from_card(&card).await;

    let text = shadow_text(&card);
    assert!(
        text.contains("alpha-ws") && text.contains("beta-ws"),
        "{text}"
    );
    let settings = page.settings();
    wait_for(
        "the settings row to say signed in",
        1000,
        || shadow_text(&settings).contains("Signed in as demo"),
        || shadow_text(&settings),
    )
    .await;
    assert!(button(&shadow(&settings), "Sign out").is_some());

    let calls = fake_host::calls();
    assert!(calls.iter().any(|c| c.is_user()), "{calls:?}");
    assert!(calls.iter().any(|c| c.is_workspaces()), "{calls:?}");
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let base = format!("{origin}/api/proxy/coder/api/v2/");
    for call in &calls {
        assert_eq!(call.method, "GET", "{call:?}");
        assert!(
            call.url.starts_with(&base),
            "not through the proxy: {call:?}"
        );
        assert_eq!(
            call.header("coder-session-token"),
            Some(GOOD_TOKEN),
            "{call:?}"
        );
        let bearer = format!("Bearer {BACKSTAGE_TOKEN}");
        assert_eq!(
            call.header("authorization"),
            Some(bearer.as_str()),
            "{call:?}"
        );
        assert!(
            !call.url.contains(GOOD_TOKEN),
            "token in a URL: {}",
            call.url
        );
    }
    let ws = calls.iter().find(|c| c.is_workspaces()).unwrap();
    assert!(
        ws.url.ends_with("/api/v2/workspaces?q=owner%3Ame&limit=0"),
        "{}",
        ws.url
    );
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn invalid_token_shows_the_invalid_banner_and_no_list() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), "not-the-right-token");
    wait_card_text(&card, "Invalid token", 2000).await;
    let root = shadow(&card);
    assert!(shows_form(&root), "{}", shadow_text(&card));
    assert!(!shows_list(&card));
    assert_eq!(
        token_input(&root)
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(stored_token(), None, "an invalid token is not kept");
    // The banner is dismissible.
    click(&root, "Dismiss");
    settle().await;
    assert!(!shadow_text(&card).contains("Invalid token"));
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn pasted_tokens_are_trimmed_and_multi_line_pastes_refused() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    let root = shadow(&card);

    // A paste of more than the token (two lines) is refused before any
    // request, with a message.
    let input = token_input(&root).unwrap();
    let pasted = format!("{GOOD_TOKEN}\r\n{GOOD_TOKEN}");
    let value = fake_host::paste_into(&input, &pasted);
    click(&root, "Use token");
    sleep(200).await;
    let alert_text = root
        .query_selector("form [role=alert]")
        .unwrap()
        .map(|a| text_of(&a))
        .unwrap_or_default();
    assert!(
        !alert_text.is_empty(),
        "no refusal message for a multi-line paste (field value {value:?}); card: {}",
        shadow_text(&card)
    );
    let calls = fake_host::calls();
    assert!(
        calls.is_empty(),
        "a multi-line paste was sent to Coder (field value {value:?}): {calls:?}"
    );

    // Surrounding whitespace is trimmed: the good token signs in and is
    // sent without it.
    submit_token(&root, &format!("  {GOOD_TOKEN}\t "));
    wait_card_list(&card).await;
    for call in fake_host::calls() {
        assert_eq!(call.header("coder-session-token"), Some(GOOD_TOKEN));
    }
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn a_401_mid_session_rechecks_the_token_and_returns_to_the_form() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    sign_in_from_card(&card).await;
    let users_before = fake_host::calls().iter().filter(|c| c.is_user()).count();

    fake_host::set_mode("401");
    card_menu(&card, "Refresh").await;
    wait_card_text(&card, "Invalid token", 2000).await;
    assert!(shows_form(&shadow(&card)), "{}", shadow_text(&card));
    assert!(!shows_list(&card));
    let users_after = fake_host::calls().iter().filter(|c| c.is_user()).count();
    assert!(users_after > users_before, "the token was not re-checked");
    assert_eq!(stored_token(), None, "a rejected token is forgotten");
    assert_no_page_errors();
    page.remove();
}

/// Signs in, then makes Coder answer `/workspaces` with 401 and
/// `/users/me` with 500, and refreshes: the 401 re-checks the token, the
/// re-check can't be completed, so the token enters its grace period.
/// Returns when the re-check has been answered (`Date.now()` then).
async fn enter_grace_period(card: &Element) -> f64 {
    sign_in_from_card(card).await;
    fake_host::set_str("meMode", "500");
    fake_host::set_str("wsMode", "401");
    card_menu(card, "Refresh").await;
    wait_for(
        "the re-check",
        2000,
        || fake_host::calls().iter().filter(|c| c.is_user()).count() >= 2,
        || shadow_text(card),
    )
    .await;
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn an_unverifiable_token_gets_a_grace_period_then_is_distrusted() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    let rechecked_at = enter_grace_period(&card).await;
    sleep(300).await;
    let text = shadow_text(&card);
    assert!(
        !text.contains("Unable to verify token authenticity"),
        "{text}"
    );
    assert!(!shows_form(&shadow(&card)), "{text}");
    // Still the signed-in card (search box, menu), not a sign-in view.
    assert!(
        button(&shadow(&card), "See additional workspace actions").is_some(),
        "{text}"
    );

    wait_card_text(&card, "Unable to verify token authenticity", 7500).await;
    let elapsed = js_sys::Date::now() - rechecked_at;
    assert!(
        (5500.0..7500.0).contains(&elapsed),
        "distrusted after {elapsed} ms, expected ~6000"
    );
    assert!(!shows_list(&card));
    let root = shadow(&card);
    assert!(button(&root, "Unlink Coder account").is_some());
    assert!(button(&root, "Retry").is_some());
    assert_no_page_errors();
    page.remove();
}

/// The workspaces 401 that starts the re-check must not replace the card's
/// rows while the token is in its grace period (it still counts as signed
/// in); upstream keeps the last data until the token is distrusted.
#[wasm_bindgen_test]
async fn the_list_stays_during_the_grace_period() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    enter_grace_period(&card).await;
    sleep(300).await;
    let text = shadow_text(&card);
    assert!(
        shows_list(&card),
        "the list is gone during the grace period: {text}"
    );
    assert!(!text.contains("Not signed in to Coder"), "{text}");
    page.remove();
}

#[wasm_bindgen_test]
async fn offline_sign_in_says_so_and_recovers_when_back_online() {
    fresh();
    fake_host::set_mode("network");
    fake_host::set_online(false);
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "offline", 2000).await;
    assert!(!shows_list(&card));

    fake_host::set_online(true);
    fake_host::set_mode("ok");
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("online").unwrap())
        .unwrap();
    wait_card_list(&card).await;
    assert_no_page_errors();
    page.remove();
}

async fn deployment_unavailable_case(mode: &str, detail: &[&str]) {
    fresh();
    fake_host::set_mode(mode);
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Backstage proxy did not answer", 2000).await;
    let text = shadow_text(&card);
    for needle in detail {
        assert!(text.contains(needle), "{mode}: no {needle:?} in {text}");
    }
    assert!(!shows_list(&card));
    // Not retried in a loop: one check, then the panel.
    let users = fake_host::calls().iter().filter(|c| c.is_user()).count();
    sleep(300).await;
    assert_eq!(
        fake_host::calls().iter().filter(|c| c.is_user()).count(),
        users
    );
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn gateway_timeout_shows_the_deployment_unavailable_panel() {
    deployment_unavailable_case("504", &["proxy", "504", "'/coder'"]).await;
}

#[wasm_bindgen_test]
async fn html_instead_of_json_shows_the_deployment_unavailable_panel() {
    deployment_unavailable_case("html", &["proxy", "app-config.yaml"]).await;
}

#[wasm_bindgen_test]
async fn a_hanging_request_shows_authenticating_and_unmounts_cleanly() {
    fresh();
    fake_host::set_mode("hang");
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Authenticating…", 1000).await;
    assert!(!shows_list(&card));
    page.remove();
    sleep(50).await;
    assert_no_page_errors();
}

// ---------------------------------------------------------------- OAuth

#[wasm_bindgen_test]
async fn an_existing_oauth_session_signs_in_silently_on_mount() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_list(&card).await;
    let token_calls = fake_host::token_calls();
    assert!(
        token_calls.iter().any(|c| c.optional && c.scope.is_empty()),
        "{token_calls:?}"
    );
    assert!(
        token_calls.iter().all(|c| !c.instant_popup),
        "{token_calls:?}"
    );
    assert_eq!(fake_host::count("popups"), 0);
    assert_eq!(stored_token(), None, "OAuth tokens are not stored by us");
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn the_oauth_button_signs_in_through_the_popup() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    click(&shadow(&card), "Sign in with Coder OAuth");
    wait_card_list(&card).await;
    let token_calls = fake_host::token_calls();
    assert!(
        token_calls.iter().any(|c| c.instant_popup),
        "{token_calls:?}"
    );
    assert_eq!(fake_host::count("popups"), 1);
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn a_cancelled_popup_leaves_the_form_without_an_error() {
    fresh();
    fake_host::set_str("popup", "cancel");
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    click(&shadow(&card), "Sign in with Coder OAuth");
    sleep(200).await;
    assert_eq!(fake_host::count("popups"), 1);
    let root = shadow(&card);
    assert!(shows_form(&root), "{}", shadow_text(&card));
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "{}",
        shadow_text(&card)
    );
    let text = shadow_text(&card);
    assert!(
        !text.contains("Invalid token") && !text.contains("failed"),
        "{text}"
    );
    assert!(fake_host::calls().is_empty());
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn popup_messages_from_another_origin_are_ignored() {
    fresh();
    fake_host::set_str("base", "https://backstage.example.com/api/proxy");
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    // One request first, so the provider surely knows its backend's origin.
    submit_token(&shadow(&card), "not-the-right-token");
    wait_card_text(&card, "Invalid token", 2000).await;
    let before = fake_host::calls().len();
    assert!(
        fake_host::calls()[0]
            .url
            .starts_with("https://backstage.example.com/api/proxy/coder/"),
        "{:?}",
        fake_host::calls()
    );

    fake_host::post_auth_message(GOOD_TOKEN);
    sleep(300).await;
    assert!(!shows_list(&card), "{}", shadow_text(&card));
    assert!(shows_form(&shadow(&card)));
    let calls = fake_host::calls();
    assert_eq!(
        calls.len(),
        before,
        "the message's token was used: {calls:?}"
    );
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn popup_messages_from_the_backend_origin_sign_in_after_a_request() {
    fresh();
    // The discovery base is on this page's origin (the default); one
    // request first, so the provider has resolved it.
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), "not-the-right-token");
    wait_card_text(&card, "Invalid token", 2000).await;
    fake_host::post_auth_message(GOOD_TOKEN);
    wait_card_list(&card).await;
    assert_eq!(fake_host::count("popups"), 0);
    assert_no_page_errors();
    page.remove();
}

/// A popup result that arrives before any Coder request (the normal case
/// for a user who has not signed in yet) is accepted: the provider learns
/// the backend's origin from the discovery API at start.
#[wasm_bindgen_test]
async fn popup_messages_from_the_backend_origin_sign_in_before_any_request() {
    fresh();
    // The discovery base is on this page's origin (the default).
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    fake_host::post_auth_message(GOOD_TOKEN);
    wait_card_list(&card).await;
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn session_signed_out_drops_an_oauth_sign_in() {
    fresh();
    fake_host::mock_set("session", &JsValue::TRUE);
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_list(&card).await;
    fake_host::emit_session("SignedOut");
    wait_card_form(&card).await;
    assert!(!shows_list(&card));
    assert_no_page_errors();
    page.remove();
}

// ---------------------------------------------------------------- fallback

#[wasm_bindgen_test]
async fn restrained_fallback_shows_only_without_a_card() {
    fresh();
    let page = Page::mount(&[("fallback-auth-ui-mode", "restrained")], "");
    let provider = page.provider.clone();
    wait_for(
        "the fallback button",
        2000,
        || the_fallback_button(&provider).is_some(),
        || text_of(&shadow(&provider)),
    )
    .await;
    page.remove();

    let page = Page::mount(&[("fallback-auth-ui-mode", "restrained")], CARD);
    wait_card_form(&page.card()).await;
    sleep(100).await;
    assert!(the_fallback_button(&page.provider).is_none());
    // The default mode is restrained.
    page.remove();
    let page = Page::mount(&[], CARD);
    wait_card_form(&page.card()).await;
    sleep(100).await;
    assert!(the_fallback_button(&page.provider).is_none());
    page.remove();
    assert_no_page_errors();
}

#[wasm_bindgen_test]
async fn assertive_fallback_shows_even_with_a_card_and_goes_once_signed_in() {
    fresh();
    let page = Page::mount(&[("fallback-auth-ui-mode", "assertive")], CARD);
    let provider = page.provider.clone();
    wait_for(
        "the fallback button",
        2000,
        || the_fallback_button(&provider).is_some(),
        || text_of(&shadow(&provider)),
    )
    .await;
    sign_in_from_card(&page.card()).await;
    wait_for(
        "the fallback button to go",
        1000,
        || the_fallback_button(&provider).is_none(),
        || text_of(&shadow(&provider)),
    )
    .await;
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn hidden_fallback_never_shows() {
    fresh();
    let page = Page::mount(&[("fallback-auth-ui-mode", "hidden")], "");
    sleep(300).await;
    assert!(the_fallback_button(&page.provider).is_none());
    page.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_fallback_mode_is_an_alert_naming_the_attribute() {
    fresh();
    let page = Page::mount(&[("fallback-auth-ui-mode", "loud")], "");
    settle().await;
    let provider = page.provider.clone();
    wait_for(
        "the alert",
        1000,
        || {
            shadow(&provider)
                .query_selector("[role=alert]")
                .unwrap()
                .is_some()
        },
        || text_of(&shadow(&provider)),
    )
    .await;
    let alert = shadow(&provider)
        .query_selector("[role=alert]")
        .unwrap()
        .unwrap();
    let text = text_of(&alert);
    assert!(text.contains("fallback-auth-ui-mode"), "{text}");
    assert!(text.contains("loud"), "{text}");
    page.remove();
}

#[wasm_bindgen_test]
async fn the_fallback_button_opens_a_dialog_survives_20_clicks_and_signs_in() {
    fresh();
    let page = Page::mount(&[], "");
    let provider = page.provider.clone();
    wait_for(
        "the fallback button",
        2000,
        || the_fallback_button(&provider).is_some(),
        || text_of(&shadow(&provider)),
    )
    .await;
    let trigger = the_fallback_button(&provider).unwrap();
    for i in 0..20 {
        trigger.click();
        if i % 5 == 0 {
            settle().await;
        }
    }
    settle().await;
    let root = shadow(&provider);
    let dialog = root
        .query_selector("[role=dialog]")
        .unwrap()
        .unwrap_or_else(|| panic!("no dialog: {}", text_of(&root)));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_no_page_errors();

    // Sign in from the dialog: the button goes, and the old button (as a
    // host page might still hold it) can be clicked without harm.
    submit_token(&root, GOOD_TOKEN);
    wait_for(
        "the fallback button to go",
        2000,
        || the_fallback_button(&provider).is_none(),
        || text_of(&shadow(&provider)),
    )
    .await;
    for _ in 0..20 {
        trigger.click();
    }
    settle().await;
    assert!(the_fallback_button(&provider).is_none());
    assert!(shadow(&provider)
        .query_selector("[role=dialog]")
        .unwrap()
        .is_none());
    assert_no_page_errors();
    page.remove();
}

// ---------------------------------------------------------------- unlink, reload, settings

#[wasm_bindgen_test]
async fn unlink_from_the_card_menu_signs_out_and_forgets_the_token() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    sign_in_from_card(&card).await;
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));

    card_menu(&card, "Unlink Coder account").await;
    wait_card_form(&card).await;
    assert!(!shows_list(&card));
    wait_for(
        "coderAuthApi.signOut",
        1000,
        || fake_host::count("signOuts") >= 1,
        || shadow_text(&card),
    )
    .await;
    assert_eq!(stored_token(), None);
    assert!(
        fake_host::storage("session")
            .iter()
            .all(|(_, v)| !v.contains(GOOD_TOKEN)),
        "token left in sessionStorage"
    );
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn a_manual_token_survives_a_reload_in_session_storage_only() {
    fresh();
    let page = Page::mount(&[], CARD);
    sign_in_from_card(&page.card()).await;
    assert_eq!(stored_token().as_deref(), Some(GOOD_TOKEN));
    page.remove();
    settle().await;

    // "Reload": a new provider with new API objects and no OAuth session.
    fake_host::mock_set("calls", &js_sys::Array::new());
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_list(&card).await;
    let calls = fake_host::calls();
    assert!(!calls.is_empty());
    for call in &calls {
        assert_eq!(call.header("coder-session-token"), Some(GOOD_TOKEN));
    }
    let local = fake_host::storage("local");
    assert!(
        local
            .iter()
            .all(|(k, v)| !v.contains(GOOD_TOKEN) && !k.contains(GOOD_TOKEN)),
        "token in localStorage: {local:?}"
    );
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen_test]
async fn signing_out_from_the_settings_row_signs_the_cards_out() {
    fresh();
    let page = Page::mount(&[], CARD_AND_SETTINGS);
    let card = page.card();
    sign_in_from_card(&card).await;
    let settings = page.settings();
    wait_for(
        "Sign out",
        1000,
        || button(&shadow(&settings), "Sign out").is_some(),
        || shadow_text(&settings),
    )
    .await;
    click(&shadow(&settings), "Sign out");
    wait_card_form(&card).await;
    assert!(!shows_list(&card));
    wait_for(
        "Sign in",
        1000,
        || button(&shadow(&settings), "Sign in").is_some(),
        || shadow_text(&settings),
    )
    .await;
    assert_eq!(stored_token(), None);
    assert_no_page_errors();
    page.remove();
}

// ---------------------------------------------------------------- sharing

/// Ten cards with the same query under one provider share one request; a
/// card with another filter gets its own; removing cards stops nothing the
/// others still need.
#[wasm_bindgen_test]
async fn cards_with_the_same_query_share_one_request() {
    fresh();
    let cards = "<coder-workspaces-card></coder-workspaces-card>".repeat(10);
    let page = Page::mount(&[], &cards);
    let first = page.card();
    sign_in_from_card(&first).await;
    sleep(300).await;
    let workspace_calls = || {
        fake_host::calls()
            .iter()
            .filter(|c| c.is_workspaces())
            .count()
    };
    assert_eq!(workspace_calls(), 1, "one request for ten cards");
    let all = page
        .provider
        .query_selector_all("coder-workspaces-card")
        .unwrap();
    for i in 0..all.length() {
        let card: Element = all.item(i).unwrap().unchecked_into();
        wait_card_list(&card).await;
    }

    // A card with another filter makes its own request.
    let other = document().create_element("coder-workspaces-card").unwrap();
    other.set_attribute("default-query", "owner:alice").unwrap();
    page.provider.append_child(&other).unwrap();
    sleep(300).await;
    assert_eq!(workspace_calls(), 2);

    // The card's Refresh asks again once, for everyone with that query.
    card_menu(&first, "Refresh").await;
    sleep(300).await;
    assert_eq!(workspace_calls(), 3);
    assert_no_page_errors();
    page.remove();
}

/// A `coderAuthApi` that is an object without `getAccessToken` (a wrong
/// API ref, a stub) counts as absent: the form offers the token only,
/// rather than an OAuth button that could only fail.
#[wasm_bindgen_test]
async fn an_auth_api_without_get_access_token_offers_no_oauth_button() {
    fresh();
    let page = Page::mount(&[], CARD);
    set_prop(&page.provider, "coderAuthApi", &js_sys::Object::new());
    let card = page.card();
    wait_card_form(&card).await;
    assert!(button(&shadow(&card), "Sign in with Coder OAuth").is_none());
    // The real API again: the button is back.
    let apis = fake_host::make_apis();
    let api = js_sys::Reflect::get(&apis, &"coderAuthApi".into()).unwrap();
    set_prop(&page.provider, "coderAuthApi", &api);
    wait_for(
        "the OAuth button",
        2000,
        || button(&shadow(&card), "Sign in with Coder OAuth").is_some(),
        || shadow_text(&card),
    )
    .await;
    assert_no_page_errors();
    page.remove();
}

/// The workspaces are fetched while a new token is being checked, not
/// after: the list does not wait for the check's round trip. Until the
/// check passes, the early answer is held, not shown; and it is the only
/// workspaces request.
#[wasm_bindgen_test]
async fn workspaces_are_fetched_while_the_token_is_checked_but_shown_only_after() {
    fresh();
    // users/me never answers: the check stays in flight.
    fake_host::set_str("meMode", "hang");
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    sleep(500).await;
    let calls = fake_host::calls();
    let me = calls.iter().position(|c| c.url.contains("/users/me"));
    let ws = calls.iter().position(|c| c.is_workspaces());
    assert!(
        me.is_some() && ws.is_some(),
        "both requests made: {calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.is_workspaces()).count(),
        1,
        "one workspaces request"
    );
    assert!(!shows_list(&card), "not shown before the check passes");
    assert!(
        shadow_text(&card).contains("Authenticating"),
        "{}",
        shadow_text(&card)
    );
    assert_no_page_errors();
    page.remove();
}

/// An early answer fetched with a token that fails its check is dropped:
/// the card shows the invalid-token form, never the rows.
#[wasm_bindgen_test]
async fn early_answers_for_a_rejected_token_are_dropped() {
    fresh();
    // The fake Coder rejects users/me for this token but would list
    // workspaces for anyone.
    fake_host::set_str("meMode", "401");
    fake_host::set_str("wsMode", "ok");
    let page = Page::mount(&[], CARD);
    let card = page.card();
    wait_card_form(&card).await;
    submit_token(&shadow(&card), GOOD_TOKEN);
    wait_card_text(&card, "Invalid token", 2000).await;
    sleep(300).await;
    assert!(
        fake_host::calls().iter().any(|c| c.is_workspaces()),
        "the early request was made"
    );
    assert!(!shows_list(&card), "and its answer never shown");
    assert_no_page_errors();
    page.remove();
}

/// Ten cards reading the same entity, with two repo-URL parameter keys in
/// the app config, make two requests (one per key) per poll interval, not
/// twenty.
#[wasm_bindgen_test]
async fn entity_cards_make_one_request_per_repo_key_per_interval() {
    fresh();
    // A starting build keeps the poll at 5 s, so an interval fits the test.
    fake_host::mock_set(
        "workspaces",
        &json(
            r#"[{"id":"ws-9","name":"booting","owner_name":"demo",
                "latest_build":{"status":"starting","resources":[{"agents":[{"status":"connecting"}]}]}}]"#,
        ),
    );
    let cards = "<coder-workspaces-card read-entity-data></coder-workspaces-card>".repeat(10);
    let page = Page::mount(&[], &cards);
    set_prop(
        &page.provider,
        "appConfig",
        &json(
            r#"{"deployment":{"accessUrl":"https://coder.example.com"},
                "workspaces":{"repoUrlParamKeys":["custom_repo","repo_url"]}}"#,
        ),
    );
    let all = page
        .provider
        .query_selector_all("coder-workspaces-card")
        .unwrap();
    for i in 0..all.length() {
        set_prop(&all.item(i).unwrap().unchecked_into(), "entity", &entity());
    }
    sign_in_from_card(&page.card()).await;
    sleep(300).await;
    let mut queries = workspace_queries();
    queries.sort();
    let repo = "https://github.com/coder/python-project";
    assert_eq!(
        queries,
        [
            format!("owner:me param:\"custom_repo={repo}\""),
            format!("owner:me param:\"repo_url={repo}\""),
        ],
        "one request per repo key for ten cards"
    );
    sleep(5300).await;
    assert_eq!(workspace_queries().len(), 4, "and two per poll interval");
    assert_no_page_errors();
    page.remove();
}

/// The card's search box.
fn search_box(card: &Element) -> HtmlInputElement {
    shadow(card)
        .query_selector("input[type=search]")
        .unwrap()
        .expect("the search box")
        .unchecked_into()
}

/// Sets the card's search box to `text` as typing would (an `input` event).
fn type_into_search(card: &Element, text: &str) {
    let search = search_box(card);
    search.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let input = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    search.dispatch_event(&input).unwrap();
}

/// Ten characters typed into the card's search box 50 ms apart make
/// exactly one workspaces request, for the final text.
#[wasm_bindgen_test]
async fn ten_keystrokes_make_one_request() {
    fresh();
    let page = Page::mount(&[], CARD);
    let card = page.card();
    sign_in_from_card(&card).await;
    sleep(300).await;
    assert_eq!(workspace_queries(), ["owner:me"]);
    let mut text = search_box(&card).value();
    for c in " name:abcd".chars() {
        text.push(c);
        type_into_search(&card, &text);
        sleep(50).await;
    }
    sleep(800).await;
    let queries = workspace_queries();
    assert_eq!(
        queries.len(),
        2,
        "one request for ten keystrokes: {queries:?}"
    );
    assert_eq!(queries[1], "owner:me name:abcd");
    assert_eq!(text, "owner:me name:abcd");
    assert_no_page_errors();
    page.remove();
}

/// Polling follows the page: fast (5 s) while a build is starting, paused
/// while the page is hidden, and a fetch as soon as it is visible again.
#[wasm_bindgen_test]
async fn polling_pauses_while_hidden_and_resumes_when_visible() {
    fresh();
    fake_host::mock_set(
        "workspaces",
        &json(
            r#"[{"id":"ws-9","name":"booting","owner_name":"demo",
                "latest_build":{"status":"starting","resources":[{"agents":[{"status":"connecting"}]}]}}]"#,
        ),
    );
    let page = Page::mount(&[], CARD);
    let card = page.card();
    sign_in_from_card(&card).await;
    let workspace_calls = || {
        fake_host::calls()
            .iter()
            .filter(|c| c.is_workspaces())
            .count()
    };
    assert_eq!(workspace_calls(), 1);
    wait_card_text(&card, "Pending", 2000).await;

    // Hidden: the 5 s poll does not happen.
    set_visibility("hidden");
    sleep(5600).await;
    assert_eq!(workspace_calls(), 1, "no polling while hidden");

    // Visible again: an immediate fetch.
    set_visibility("visible");
    sleep(300).await;
    assert_eq!(workspace_calls(), 2, "refreshed on becoming visible");
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen(inline_js = r#"
export function setVisibility(state) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = setVisibility)]
    fn set_visibility(state: &str);
}

/// A poll that returns the same data touches no DOM node of the list; a
/// changed status touches only that workspace's row.
#[wasm_bindgen_test]
async fn identical_polls_cause_no_dom_mutation() {
    fresh();
    let two = r#"[
        {"id":"ws-a","name":"booting","owner_name":"demo",
         "latest_build":{"status":"starting","resources":[{"agents":[{"status":"connecting"}]}]}},
        {"id":"ws-b","name":"steady","owner_name":"demo",
         "latest_build":{"status":"running","resources":[{"agents":[{"status":"connected"}]}]}}]"#;
    fake_host::mock_set("workspaces", &json(two));
    let page = Page::mount(&[], CARD);
    let card = page.card();
    sign_in_from_card(&card).await;
    let workspace_calls = || {
        fake_host::calls()
            .iter()
            .filter(|c| c.is_workspaces())
            .count()
    };
    let list = shadow(&card)
        .query_selector("ol")
        .unwrap()
        .expect("the list");
    observe_mutations(&list);
    sleep(5600).await;
    assert!(workspace_calls() >= 2, "a poll happened");
    assert_eq!(
        take_mutations(),
        Vec::<String>::new(),
        "identical data: no DOM change"
    );

    // ws-a comes online: only its row changes.
    fake_host::mock_set(
        "workspaces",
        &json(
            &two.replacen("starting", "running", 1)
                .replacen("connecting", "connected", 1),
        ),
    );
    sleep(5600).await;
    let touched = take_mutations();
    assert!(!touched.is_empty(), "the changed row updates");
    assert!(
        touched.iter().all(|row| row == "booting"),
        "only the changed row: {touched:?}"
    );
    assert_no_page_errors();
    page.remove();
}

#[wasm_bindgen(inline_js = r#"
let seen = [];
let observer = null;
export function observeMutations(root) {
  observer?.disconnect();
  seen = [];
  observer = new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const li = node?.closest('li');
      const name = li?.querySelector('a[href*="/@"]')?.href.split('/').pop() ?? '(list)';
      seen.push(name);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
}
export function takeMutations() { const out = seen; seen = []; return out; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = observeMutations)]
    fn observe_mutations(root: &Element);
    #[wasm_bindgen(js_name = takeMutations)]
    fn take_mutations() -> Vec<String>;
}

/// The query string of the workspaces requests made so far, decoded.
fn workspace_queries() -> Vec<String> {
    fake_host::calls()
        .iter()
        .filter(|c| c.is_workspaces())
        .filter_map(|c| {
            let (_, query) = c.url.split_once("?q=")?;
            let raw = query.split('&').next()?.replace('+', " ");
            js_sys::decode_uri_component(&raw).ok().map(String::from)
        })
        .collect()
}

/// `query-filter` (the React wrapper's `queryFilter`): the host's filter
/// wins over typing, typing is still reported, and a new value from the
/// host fetches at once and shows in the search box.
#[wasm_bindgen_test]
async fn a_host_controlled_filter_drives_the_card() {
    fresh();
    let page = Page::mount(
        &[],
        r#"<coder-workspaces-card query-filter="owner:me docs"></coder-workspaces-card>"#,
    );
    let card = page.card();
    let reported = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let reported = reported.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            reported
                .borrow_mut()
                .push(e.detail().as_string().unwrap_or_default());
        })
    };
    card.add_event_listener_with_callback("coder-query-change", listener.as_ref().unchecked_ref())
        .unwrap();
    sign_in_from_card(&card).await;
    assert_eq!(workspace_queries(), ["owner:me docs"]);
    let search = || search_box(&card);
    assert_eq!(search().value(), "owner:me docs");

    // Typing is reported, but the host has not taken it: no new query.
    type_into_search(&card, "owner:me wip");
    sleep(600).await;
    assert_eq!(*reported.borrow(), ["owner:me wip"]);
    assert_eq!(workspace_queries(), ["owner:me docs"]);

    // The host changes its filter: fetched at once, shown in the box.
    card.set_attribute("query-filter", "owner:me api").unwrap();
    sleep(300).await;
    assert_eq!(workspace_queries(), ["owner:me docs", "owner:me api"]);
    assert_eq!(search().value(), "owner:me api");

    // Without query-filter, the card goes back to what was typed last.
    card.remove_attribute("query-filter").unwrap();
    sleep(300).await;
    assert_eq!(
        workspace_queries().last().map(String::as_str),
        Some("owner:me wip")
    );
    assert_no_page_errors();
    page.remove();
}
